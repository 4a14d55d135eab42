import { bundledClassification, bundledTable } from '../coefficients/bundled';
import { typeInfo } from '../coefficients/classification';
import {
  type CoefficientTable,
  CoefficientSet,
  applyOverlay,
  loadCoefficientTable,
} from '../coefficients/registry';
import { GepError, type Issue } from '../core/errors';
import { dimensionOf, parseUnit } from '../core/units';
import { DEFAULT_PROFILE, bundledProfile } from '../profiles/bundled';
import type { Profile } from '../profiles/schema';
import type { LayerName, RasterConfig } from './config';
import { rasterFail, rasterIssue } from './errors';
import { type ModelName, type OutputName, QUANTITIES, type QuantityName } from './models';
import type { ScanPartial, TileParams } from './tile';

/** A coefficient a run used, for the report (key, type, value and where it came from). */
export interface UsedCoefficient {
  key: string;
  type: string;
  value: string;
  unit: string;
  table: string;
  hash: string;
  grade: string;
}

/** What the land-cover scan found, merged over tiles: pixel counts per code and per zone value. */
export interface ScanSummary {
  landcover: Map<number, number>;
  zones: Map<number, number>;
  pixels: number;
}

export function mergeScans(scans: readonly ScanPartial[]): ScanSummary {
  const landcover = new Map<number, number>();
  const zones = new Map<number, number>();
  let pixels = 0;
  const problems: Issue[] = [];
  for (const s of [...scans].sort((a, b) => a.tile - b.tile)) {
    pixels += s.pixels;
    for (const [k, v] of Object.entries(s.landcover))
      landcover.set(Number(k), (landcover.get(Number(k)) ?? 0) + v);
    for (const [k, v] of Object.entries(s.zones)) zones.set(Number(k), (zones.get(Number(k)) ?? 0) + v);
    for (const b of s.invalid)
      problems.push(
        rasterIssue('RASTER_CLASS_INVALID', ['layers', b.layer], {
          layer: b.layer,
          value: b.value,
          pixels: b.pixels,
        }),
      );
  }
  if (problems.length > 0) throw new GepError(problems);
  return { landcover, zones, pixels };
}

/** The profile, its classification and the coefficient set of a run (the profile's tables + the config's). */
export function runContext(config: RasterConfig) {
  const profile = bundledProfile(config.profile ?? DEFAULT_PROFILE);
  const classification = bundledClassification(profile.classification);
  let tables: CoefficientTable[] = profile.tables.map((id) => bundledTable(id));
  const extra: CoefficientTable[] = [];
  config.tables.forEach((json, i) => {
    const t = loadCoefficientTable(json, ['tables', i]);
    const k = t.overlays === undefined ? -1 : tables.findIndex((b) => b.id === t.overlays);
    if (k < 0) extra.push(t);
    else tables = tables.map((b, j) => (j === k ? applyOverlay(b, t).table : b));
  });
  return { profile, classification, set: new CoefficientSet([...extra, ...tables]) };
}

/** The groups a model applies to: the config's, else the profile's switches of the matching indicator. */
export function modelGroups(config: RasterConfig, profile: Profile, model: ModelName): string[] {
  const own = config.models[model]?.groups;
  if (own) return own;
  const prefix = {
    water: 'water-conservation/',
    soil: 'soil-retention/',
    productivity: 'carbon-sequestration/',
  }[model];
  const entry = profile.indicators.find((e) => e.method.startsWith(prefix));
  const g = (entry?.switches as { groups?: unknown } | undefined)?.groups;
  if (model !== 'productivity' && Array.isArray(g)) return g as string[];
  return ['forest', 'shrub', 'grassland']; // carbon-sequestration/npp-stoichiometry@1's default groups
}

const LENGTH_TO_MM: Record<string, number> = { mm: 1, m: 1000 };
const NPP_TO_T_PER_HM2: Record<string, number> = { t_DM_per_hm2_a: 1, g_DM_per_m2_a: 0.01 };

/** The factor that brings a layer's values to the unit the formulas use; refuses a missing or wrong unit. */
export function unitFactor(config: RasterConfig, name: LayerName): number {
  const l = config.layers[name];
  if (l === undefined) return 1;
  const written = l.unit;
  const u = written === undefined ? undefined : parseUnit(written);
  const bad = (expected: string): never =>
    rasterFail('RASTER_UNIT_INVALID', ['layers', name, 'unit'], {
      layer: name,
      unit: written ?? '(none)',
      expected,
    });
  switch (name) {
    case 'precipitation':
    case 'evapotranspiration':
      return u !== undefined && u in LENGTH_TO_MM ? (LENGTH_TO_MM[u] as number) : bad('a depth in mm or m');
    case 'dem':
      return u === 'm' ? 1 : bad('metres (m), like the grid');
    case 'erosivity':
      return u === 'MJ_mm_per_hm2_h_a' ? 1 : bad('MJ_mm_per_hm2_h_a (MJ·mm/(hm²·h·a))');
    case 'erodibility':
      return u === 't_hm2_h_per_hm2_MJ_mm' ? 1 : bad('t_hm2_h_per_hm2_MJ_mm (t·hm²·h/(hm²·MJ·mm))');
    case 'npp':
      if (u !== undefined && u in NPP_TO_T_PER_HM2) return NPP_TO_T_PER_HM2[u] as number;
      return bad(
        u !== undefined && dimensionOf(u) === 'mass_C_per_area'
          ? 'dry matter (t_DM_per_hm2_a or g_DM_per_m2_a); carbon → dry matter is × 162/72, convert explicitly'
          : 't_DM_per_hm2_a or g_DM_per_m2_a',
      );
    default:
      return written === undefined || u === 'one' ? 1 : bad('no unit (a dimensionless factor)');
  }
}

/** The layers each model needs (besides land cover). */
export function requiredLayers(config: RasterConfig, model: ModelName): LayerName[] {
  if (model === 'water') return ['precipitation', 'evapotranspiration'];
  if (model === 'productivity') return ['npp'];
  const s = config.models.soil;
  return [
    'erosivity',
    'erodibility',
    s?.ls === 'dem' ? 'dem' : 'ls',
    ...(s?.cover === undefined ? (['cover'] as const) : []),
  ];
}

/**
 * Build the tile parameters: classes from the crosswalk, zones from the config, and per class the coefficients
 * of each model from the tables. Every land-cover code present in the rasters must be mapped, and every
 * modelled class present must have its coefficients: all problems are reported together, with pixel counts,
 * before any computation.
 */
export function buildParams(
  config: RasterConfig,
  scan: ScanSummary,
  cellSize: number | null,
): { params: TileParams; types: string[]; codes: number[]; used: UsedCoefficient[] } {
  const { profile, classification, set } = runContext(config);
  const problems: Issue[] = [];
  const codes = Object.keys(config.landcover.crosswalk)
    .map(Number)
    .sort((a, b) => a - b);
  const types = codes.map((c) => config.landcover.crosswalk[String(c)] as string);
  types.forEach((t, i) => {
    if (typeInfo(classification, t) === undefined)
      problems.push(
        rasterIssue('RASTER_CONFIG_INVALID', ['landcover', 'crosswalk', String(codes[i])], {
          detail: `ecosystem type "${t}" is not in the classification ${classification.ref} (${classification.types.map((x) => x.code).join(', ')})`,
        }),
      );
  });
  for (const [code, pixels] of [...scan.landcover].sort((a, b) => a[0] - b[0]))
    if (!codes.includes(code))
      problems.push(rasterIssue('RASTER_CLASS_UNMAPPED', ['layers', 'landcover'], { code, pixels }));
  const zoneValues = config.zones.map((z) => z.value);
  if (config.layers.zones !== undefined) {
    for (const [value, pixels] of [...scan.zones].sort((a, b) => a[0] - b[0]))
      if (!zoneValues.includes(value))
        problems.push(rasterIssue('RASTER_ZONE_UNDECLARED', ['layers', 'zones'], { value, pixels }));
  } else if (config.zones.length > 0) {
    problems.push(
      rasterIssue('RASTER_CONFIG_INVALID', ['zones'], {
        detail: '"zones" are declared but there is no zones layer',
      }),
    );
  }
  const models = (['water', 'soil', 'productivity'] as const).filter((m) => config.models[m] !== undefined);
  if (models.length === 0)
    problems.push(
      rasterIssue('RASTER_CONFIG_INVALID', ['models'], {
        detail: 'no model chosen (water, soil, productivity)',
      }),
    );
  for (const m of models)
    for (const l of requiredLayers(config, m))
      if (config.layers[l] === undefined)
        problems.push(rasterIssue('RASTER_LAYER_MISSING', ['layers'], { model: m, layer: l }));
  if (problems.length > 0) throw new GepError(problems);

  const region = config.region.code ?? null;
  const used: UsedCoefficient[] = [];
  const groupOf = (t: string) => typeInfo(classification, t)?.group ?? null;
  const inGroups = (m: ModelName) => {
    const g = modelGroups(config, profile, m);
    return types.map((t) => g.includes(groupOf(t) ?? '') || g.includes(t));
  };
  /** Per class, the coefficient `key` (NaN where the model does not apply); missing ones become problems. */
  const perClass = (key: string, applies: boolean[]): number[] =>
    types.map((t, i) => {
      if (!applies[i]) return Number.NaN;
      const found = set.find(key, t, region, groupOf(t));
      const pixels = scan.landcover.get(codes[i] as number) ?? 0;
      if (found === undefined) {
        if (pixels > 0)
          problems.push(
            rasterIssue('RASTER_COEFFICIENT_MISSING', ['landcover', 'crosswalk', String(codes[i])], {
              key,
              type: t,
              code: codes[i] as number,
              pixels,
              tables: set.tables.map((x) => x.ref).join(', '),
            }),
          );
        return Number.NaN;
      }
      if (!used.some((u) => u.key === key && u.type === t))
        used.push({
          key,
          type: t,
          value: found.value.toFixed(),
          unit: found.unit,
          table: found.table,
          hash: found.hash,
          grade: found.grade,
        });
      return found.value.toNumber();
    });

  const params: TileParams = {
    classOf: [],
    classCount: codes.length,
    zoneOf: config.layers.zones === undefined ? null : [],
    zoneCount: config.layers.zones === undefined ? 1 : config.zones.length,
    models,
    quantities: models.flatMap((m) => [...QUANTITIES[m]]) as QuantityName[],
    outputs: (config.outputs?.layers ?? []) as OutputName[],
  };
  const maxCode = codes[codes.length - 1] ?? 0;
  params.classOf = Array.from({ length: maxCode + 1 }, () => -1);
  codes.forEach((c, i) => (params.classOf[c] = i));
  if (params.zoneOf !== null) {
    params.zoneOf = Array.from({ length: Math.max(0, ...zoneValues) + 1 }, () => -1);
    config.zones.forEach((z, i) => ((params.zoneOf as number[])[z.value] = i));
  }
  if (config.models.water) {
    const alpha = perClass('runoff.coefficient', inGroups('water'));
    params.water = {
      alpha,
      pToMm: unitFactor(config, 'precipitation'),
      etToMm: unitFactor(config, 'evapotranspiration'),
    };
  }
  const s = config.models.soil;
  if (s) {
    const applies = inGroups('soil');
    unitFactor(config, 'erosivity');
    unitFactor(config, 'erodibility');
    unitFactor(config, s.ls === 'dem' ? 'dem' : 'ls');
    if (s.ls === 'dem' && cellSize === null)
      rasterFail('RASTER_PIXEL_NOT_SQUARE', ['layers', 'dem'], { size: 'not square' });
    params.soil = {
      modelled: applies.map((x) => (x ? 1 : 0)),
      c: s.cover !== undefined ? perClass(s.cover, applies) : (unitFactor(config, 'cover'), null),
      p:
        s.practice !== undefined
          ? perClass(s.practice, applies)
          : config.layers.practice !== undefined
            ? (unitFactor(config, 'practice'), null)
            : types.map(() => 1),
      ls:
        s.ls === 'dem'
          ? { from: 'dem', variant: s.lsVariant, lMax: s.lMax, cellSize: cellSize as number }
          : { from: 'layer' },
    };
  }
  if (config.models.productivity) {
    const applies = inGroups('productivity');
    params.productivity = {
      co2: perClass('photosynthesis.co2_per_dm', applies),
      o2: perClass('photosynthesis.o2_per_dm', applies),
      nppToTDmPerHm2: unitFactor(config, 'npp'),
    };
  }
  if (problems.length > 0) throw new GepError(problems);
  return { params, types, codes, used };
}
