import { bundledClassification } from '../coefficients/bundled';
import { type Classification, typeInfo } from '../coefficients/classification';
import type { CoefficientSet } from '../coefficients/registry';
import type { RecordRead } from '../account/account';
import { coefficientSet, resolveProfile } from '../account/resolve';
import { GepError, type Issue, type Path, issue } from '../core/errors';
import { dimensionOf, parseUnit } from '../core/units';
import { METHODS } from '../indicators';
import type { Profile } from '../profiles/schema';
import type { LayerName, RasterConfig } from './config';
import { rasterFail, rasterIssue } from './errors';
import { type ModelName, type NegativeRule, type OutputName, QUANTITIES, type QuantityName } from './models';
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
  /** Set when the value is an assumption of the run rather than a table value (then table is "(assumption)"). */
  assumption?: string;
}

/** The key under which an assumed practice factor P = 1 is listed among the coefficients used. */
export const PRACTICE_ASSUMED_KEY = 'rusle.p';

/** What the land-cover scan found, merged over tiles: pixel counts per code and per zone value. */
export interface ScanSummary {
  landcover: Map<number, number>;
  zones: Map<number, number>;
  pixels: number;
  /** Pixels with a land cover whose zone is NoData. */
  zoneless: number;
}

export function mergeScans(scans: readonly ScanPartial[]): ScanSummary {
  const landcover = new Map<number, number>();
  const zones = new Map<number, number>();
  let pixels = 0;
  let zoneless = 0;
  const problems: Issue[] = [];
  for (const s of [...scans].sort((a, b) => a.tile - b.tile)) {
    pixels += s.pixels;
    zoneless += s.zoneless;
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
  return { landcover, zones, pixels, zoneless };
}

/**
 * The profile and the user's coefficient tables of a run: those account() gets (./zonal.ts accountInput), which the
 * per-pixel models read too, so that one result never holds two runoff coefficients, nor a profile whose rules the
 * pixels did not follow. The profile is `profile`, else `account.options.profile` (both given and different:
 * RASTER_CONFIG_INVALID); the tables, in account()'s order, `account.input.overrides.tables`,
 * `account.options.tables`, then `tables`.
 */
function runSources(config: RasterConfig): {
  profile: string | Profile | undefined;
  tables: unknown[];
  paths: Path[];
} {
  const given = (config.account?.options ?? {}) as { profile?: unknown; tables?: unknown };
  const overrides = (config.account?.input as { overrides?: { tables?: unknown } } | undefined)?.overrides;
  if (config.profile !== undefined && given.profile !== undefined && given.profile !== config.profile)
    rasterFail('RASTER_CONFIG_INVALID', ['account', 'options', 'profile'], {
      detail: `account.options.profile differs from profile (${config.profile}): give the profile once, as "profile"`,
    });
  const listed = (xs: unknown, at: Path) =>
    Array.isArray(xs) ? xs.map((t, i) => ({ t, path: [...at, i] })) : [];
  const all = [
    ...listed(overrides?.tables, ['account', 'input', 'overrides', 'tables']),
    ...listed(given.tables, ['account', 'options', 'tables']),
    ...listed(config.tables, ['tables']),
  ];
  return {
    profile: config.profile ?? (given.profile as string | Profile | undefined),
    tables: all.map((x) => x.t),
    paths: all.map((x) => x.path),
  };
}

/** The profile, its classification and the coefficient set of a run, as account() builds them (runSources). */
export function runContext(config: RasterConfig) {
  const sources = runSources(config);
  const profile = resolveProfile({ profile: sources.profile });
  const classification = bundledClassification(profile.classification);
  const { set } = coefficientSet(profile, sources.tables, sources.paths);
  return { profile, classification, set };
}

/**
 * What each model applies to, taken from the profile's indicator entries exactly as account() will read them,
 * so that the rasters and the account agree: for R1 and R2 the profile's switches merged with
 * `account.options.switches` (parsed by the method, as account() does); for R6/R7, whose methods the raster
 * path replaces by the NPP methods (which would otherwise start from their own default groups), the groups of
 * the profile's entries. `models.<m>.groups` overrides. accountInput passes these groups explicitly in
 * options.switches. A profile without the indicator, or one whose entry names no groups, is refused
 * (RASTER_PROFILE_GROUPS_MISSING): nothing is guessed.
 */
export interface ModelPlan {
  water?: { indicator: string; groups: string[]; negativeTerms: NegativeRule };
  /** `practice`: the indicator's switch, "c-only" taking P = 1 on every pixel as the account's rows do. */
  soil?: { indicator: string; groups: string[]; practice: 'cp' | 'c-only' };
  productivity?: {
    co2: { indicator: string; groups: string[] };
    o2: { indicator: string; groups: string[] };
  };
}

const groupsOf = (x: unknown): string[] | undefined =>
  Array.isArray(x) && x.every((g) => typeof g === 'string') ? (x as string[]) : undefined;

/** What planning a run reads: the profile's entries, the account options' switches, and the refusal. */
function planTools(config: RasterConfig, profile: Profile) {
  const given = (config.account?.options ?? {}) as {
    methods?: Record<string, string>;
    switches?: Record<string, Record<string, unknown>>;
  };
  const refuse = (model: ModelName, indicator: string, detail: string): never =>
    rasterFail('RASTER_PROFILE_GROUPS_MISSING', ['models', model], {
      model,
      indicator,
      profile: profile.id,
      detail,
    });
  /** models.<m>.groups, checked against account.options.switches.<code>.groups (they must not differ). */
  const ownGroups = (model: ModelName, code: string): string[] | undefined => {
    const own = config.models[model]?.groups;
    const opt = groupsOf(given.switches?.[code]?.groups);
    if (own && opt && [...own].sort().join('\u0000') !== [...opt].sort().join('\u0000'))
      rasterFail('RASTER_CONFIG_INVALID', ['models', model, 'groups'], {
        detail: `models.${model}.groups (${own.join(', ')}) differ from account.options.switches.${code}.groups (${opt.join(', ')})`,
      });
    return own ?? opt;
  };
  /** The switches account() will use for an indicator whose method the raster path keeps (R1, R2). */
  const effective = (model: ModelName, entry: Profile['indicators'][number]): Record<string, unknown> => {
    const replaced = given.methods?.[entry.code];
    const ref = replaced ?? entry.method;
    const method = METHODS.get(ref);
    if (method === undefined)
      return rasterFail('RASTER_CONFIG_INVALID', ['account', 'options', 'methods', entry.code], {
        detail: `unknown method ${ref} for ${entry.code}`,
      });
    const own = replaced !== undefined && replaced !== entry.method ? {} : entry.switches;
    const groups = ownGroups(model, entry.code);
    const r = method.switches.safeParse({
      ...own,
      ...(given.switches?.[entry.code] ?? {}),
      ...(groups ? { groups } : {}),
    });
    if (!r.success)
      return rasterFail('RASTER_CONFIG_INVALID', ['account', 'options', 'switches', entry.code], {
        detail: `${entry.code} (${ref}): ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`.trim()).join('; ')}`,
      });
    return r.data as Record<string, unknown>;
  };
  const entryOf = (prefix: string) => profile.indicators.find((e) => e.method.startsWith(prefix));
  return { refuse, ownGroups, effective, entryOf };
}

/** R6 and R7's groups for the productivity model: the profile's entries (R7 may take its carbon indicator's). */
function productivityPlan(t: ReturnType<typeof planTools>): NonNullable<ModelPlan['productivity']> {
  const { refuse, ownGroups, entryOf } = t;
  const c = entryOf('carbon-sequestration/');
  const o = entryOf('oxygen-release/');
  if (c === undefined)
    return refuse('productivity', 'R6 carbon sequestration', 'has no carbon-sequestration indicator (R6)');
  if (o === undefined)
    return refuse('productivity', 'R7 oxygen release', 'has no oxygen-release indicator (R7)');
  const co2 = ownGroups('productivity', c.code) ?? groupsOf((c.switches as { groups?: unknown }).groups);
  if (co2 === undefined)
    return refuse('productivity', c.code, `lists ${c.code} (${c.method}) without groups`);
  // R7 by the molar method derives O₂ from its carbon indicator's lines: it covers that indicator's groups.
  let o2 = ownGroups('productivity', o.code) ?? groupsOf((o.switches as { groups?: unknown }).groups);
  if (o2 === undefined) {
    const parsed = METHODS.get(o.method)?.switches.safeParse(o.switches);
    const from = parsed?.success ? (parsed.data as { carbonIndicator?: unknown }).carbonIndicator : undefined;
    if (from === c.code) o2 = co2;
  }
  if (o2 === undefined) return refuse('productivity', o.code, `lists ${o.code} (${o.method}) without groups`);
  return { co2: { indicator: c.code, groups: co2 }, o2: { indicator: o.code, groups: o2 } };
}

export function modelPlan(config: RasterConfig, profile: Profile): ModelPlan {
  const t = planTools(config, profile);
  const { refuse, effective, entryOf } = t;
  const plan: ModelPlan = {};
  if (config.models.water) {
    const e = entryOf('water-conservation/');
    if (e === undefined)
      return refuse('water', 'R1 water conservation', 'has no water-conservation indicator (R1)');
    const sw = effective('water', e);
    const groups = groupsOf(sw.groups);
    const rule = sw.negativeTerms;
    if (groups === undefined || !(rule === 'refuse' || rule === 'zero' || rule === 'keep'))
      return refuse('water', e.code, `lists ${e.code} (${e.method}) without groups or negativeTerms`);
    plan.water = { indicator: e.code, groups, negativeTerms: rule };
  }
  if (config.models.soil) {
    const e = entryOf('soil-retention/');
    if (e === undefined) return refuse('soil', 'R2 soil retention', 'has no soil-retention indicator (R2)');
    const sw = effective('soil', e);
    const groups = groupsOf(sw.groups);
    if (groups === undefined) return refuse('soil', e.code, `lists ${e.code} (${e.method}) without groups`);
    plan.soil = { indicator: e.code, groups, practice: sw.practice === 'c-only' ? 'c-only' : 'cp' };
  }
  if (config.models.productivity) plan.productivity = productivityPlan(t);
  return plan;
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

/** The classes of a run (crosswalk codes in order, their ecosystem types) and what the land-cover scan found. */
interface Classes {
  codes: number[];
  /** The crosswalk's keys as written ("0101"), for the paths of issues. */
  keys: string[];
  types: string[];
  scan: ScanSummary;
}

/**
 * Problems of the configuration against the scan, all found before any computation: types outside the
 * classification, unmapped land-cover codes, undeclared zone values, zones without a layer, no model, layers a
 * model needs and the config lacks.
 */
function configProblems(
  config: RasterConfig,
  classification: Classification,
  { keys, codes, types, scan }: Classes,
  models: readonly ModelName[],
): Issue[] {
  const problems: Issue[] = [];
  types.forEach((t, i) => {
    if (typeInfo(classification, t) === undefined)
      problems.push(
        rasterIssue('RASTER_CONFIG_INVALID', ['landcover', 'crosswalk', keys[i] as string], {
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
  return problems;
}

/**
 * Per-class coefficient reading for one run: each value read is recorded once in `used`; a coefficient missing
 * for a class with pixels is a problem (RASTER_COEFFICIENT_MISSING), gathered in `problems`.
 */
function classCoefficients(
  { keys, codes, types, scan }: Classes,
  ctx: { classification: Classification; set: CoefficientSet; region: string | null },
) {
  const used: UsedCoefficient[] = [];
  /** The records read, by table, key and scope: the account is told of them (options.readElsewhere). */
  const read: RecordRead[] = [];
  const warnings: Issue[] = [];
  const problems: Issue[] = [];
  const { set, region } = ctx;
  const groupOf = (t: string) => typeInfo(ctx.classification, t)?.group ?? null;
  const pixelsOf = (i: number) => scan.landcover.get(codes[i] as number) ?? 0;
  const record = (u: UsedCoefficient) => {
    if (!used.some((x) => x.key === u.key && x.type === u.type)) used.push(u);
  };
  return {
    used,
    read,
    warnings,
    problems,
    /** By ecosystem group, as account() selects (ctx.groupOf): a type applies when its group is listed. */
    inGroups: (g: readonly string[]) => types.map((t) => g.includes(groupOf(t) ?? '')),
    /** Per class, the coefficient `key` (NaN where the model does not apply); missing ones become problems. */
    perClass: (key: string, applies: boolean[]): number[] =>
      types.map((t, i) => {
        if (!applies[i]) return Number.NaN;
        const found = set.find(key, t, region, groupOf(t));
        if (found === undefined) {
          const pixels = pixelsOf(i);
          if (pixels > 0)
            problems.push(
              rasterIssue('RASTER_COEFFICIENT_MISSING', ['landcover', 'crosswalk', keys[i] as string], {
                key,
                type: t,
                code: codes[i] as number,
                pixels,
                tables: set.tables.map((x) => x.ref).join(', '),
              }),
            );
          return Number.NaN;
        }
        const { unit, table, hash, grade } = found;
        record({ key, type: t, value: found.value.toFixed(), unit, table, hash, grade });
        const scope = { table, key, ecosystem: found.ecosystem, region: found.region };
        if (!read.some((r) => Object.entries(scope).every(([k, v]) => r[k as keyof RecordRead] === v)))
          read.push(scope);
        return found.value.toNumber();
      }),
    /**
     * No practice layer and no practice key: P = 1 on the modelled classes. Not a silent default: recorded among
     * the coefficients used (table "(assumption)") and warned with the pixel count (RASTER_PRACTICE_ASSUMED).
     */
    practiceAssumed: (applies: boolean[]): number[] => {
      let pixels = 0;
      types.forEach((t, i) => {
        const n = applies[i] ? pixelsOf(i) : 0;
        pixels += n;
        if (n > 0)
          record({
            key: PRACTICE_ASSUMED_KEY,
            type: t,
            value: '1',
            unit: 'one',
            table: '(assumption)',
            hash: '',
            grade: 'assumed',
            assumption: 'no practice layer nor models.soil.practice: support-practice factor P = 1',
          });
      });
      if (pixels > 0)
        warnings.push(rasterIssue('RASTER_PRACTICE_ASSUMED', ['models', 'soil', 'practice'], { pixels }));
      return types.map(() => 1);
    },
  };
}

/**
 * Declared zones without a pixel (RASTER_ZONE_EMPTY): a value the zone raster does not hold where there is land
 * cover (a mistyped value, or the raster's NoData value) would otherwise be reported as a zone of GEP 0.
 */
function emptyZones(config: RasterConfig, scan: ScanSummary): Issue[] {
  if (config.layers.zones === undefined) return [];
  return config.zones.flatMap((z, i) =>
    scan.zones.has(z.value)
      ? []
      : [rasterIssue('RASTER_ZONE_EMPTY', ['zones', i, 'value'], { id: z.id, value: z.value })],
  );
}

/** The class and zone lookups of the tile parameters (raster value → class or zone index, −1 for none). */
function lookups(config: RasterConfig, codes: number[], models: ModelName[]): TileParams {
  const zoned = config.layers.zones !== undefined;
  const params: TileParams = {
    classOf: Array.from({ length: (codes[codes.length - 1] ?? 0) + 1 }, () => -1),
    classCount: codes.length,
    zoneOf: zoned
      ? Array.from({ length: Math.max(0, ...config.zones.map((z) => z.value)) + 1 }, () => -1)
      : null,
    zoneCount: zoned ? config.zones.length : 1,
    models,
    quantities: models.flatMap((m) => [...QUANTITIES[m]]) as QuantityName[],
    outputs: (config.outputs?.layers ?? []) as OutputName[],
  };
  codes.forEach((c, i) => (params.classOf[c] = i));
  if (params.zoneOf !== null) config.zones.forEach((z, i) => ((params.zoneOf as number[])[z.value] = i));
  return params;
}

/** The soil model's parameters: modelled classes, C and P per class or from layers, LS from a layer or the DEM. */
function soilParams(
  config: RasterConfig,
  plan: ModelPlan,
  coefficients: ReturnType<typeof classCoefficients>,
  cellSize: number | null,
): NonNullable<TileParams['soil']> {
  const s = config.models.soil as NonNullable<RasterConfig['models']['soil']>;
  const { perClass, practiceAssumed } = coefficients;
  const soil = plan.soil as NonNullable<ModelPlan['soil']>;
  const applies = coefficients.inGroups(soil.groups);
  // The switch practice "c-only" takes P = 1, as the account's rows under it do: a practice key is not read (said
  // so), a practice layer not read either (RASTER_LAYER_UNUSED, run-node.ts), and nothing is assumed.
  const cOnly = soil.practice === 'c-only';
  if (cOnly && s.practice !== undefined)
    coefficients.warnings.push(
      issue('INPUT_IGNORED', ['models', 'soil', 'practice'], {
        field: 'models.soil.practice',
        reason: 'practice "c-only" takes P = 1',
      }),
    );
  unitFactor(config, 'erosivity');
  unitFactor(config, 'erodibility');
  unitFactor(config, s.ls === 'dem' ? 'dem' : 'ls');
  if (s.ls === 'dem' && cellSize === null)
    rasterFail('RASTER_PIXEL_NOT_SQUARE', ['layers', 'dem'], { size: 'not square' });
  return {
    modelled: applies.map((x) => (x ? 1 : 0)),
    c: s.cover !== undefined ? perClass(s.cover, applies) : (unitFactor(config, 'cover'), null),
    p: cOnly
      ? applies.map(() => 1)
      : s.practice !== undefined
        ? perClass(s.practice, applies)
        : config.layers.practice !== undefined
          ? (unitFactor(config, 'practice'), null)
          : practiceAssumed(applies),
    ls:
      s.ls === 'dem'
        ? { from: 'dem', variant: s.lsVariant, lMax: s.lMax, cellSize: cellSize as number }
        : { from: 'layer' },
  };
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
): {
  params: TileParams;
  types: string[];
  codes: number[];
  used: UsedCoefficient[];
  read: RecordRead[];
  warnings: Issue[];
  plan: ModelPlan;
} {
  const { profile, classification, set } = runContext(config);
  // Keys read as integers once ("0101" is code 101; the schema refused two keys of one code).
  const entries = Object.entries(config.landcover.crosswalk)
    .map(([key, type]) => ({ key, code: Number(key), type }))
    .sort((a, b) => a.code - b.code);
  const codes = entries.map((e) => e.code);
  const classes: Classes = {
    codes,
    keys: entries.map((e) => e.key),
    types: entries.map((e) => e.type),
    scan,
  };
  const models = (['water', 'soil', 'productivity'] as const).filter((m) => config.models[m] !== undefined);
  const problems = configProblems(config, classification, classes, models);
  if (problems.length > 0) throw new GepError(problems);

  const plan = modelPlan(config, profile);
  const coefficients = classCoefficients(classes, {
    classification,
    set,
    region: config.region.code ?? null,
  });
  const { perClass, inGroups } = coefficients;
  const params = lookups(config, codes, models);
  if (config.models.water) {
    const w = plan.water as NonNullable<ModelPlan['water']>;
    const alpha = perClass('runoff.coefficient', inGroups(w.groups));
    params.water = {
      alpha,
      pToMm: unitFactor(config, 'precipitation'),
      etToMm: unitFactor(config, 'evapotranspiration'),
      negative: w.negativeTerms,
    };
  }
  if (config.models.soil) params.soil = soilParams(config, plan, coefficients, cellSize);
  if (config.models.productivity) {
    const pp = plan.productivity as NonNullable<ModelPlan['productivity']>;
    params.productivity = {
      co2: perClass('photosynthesis.co2_per_dm', inGroups(pp.co2.groups)),
      o2: perClass('photosynthesis.o2_per_dm', inGroups(pp.o2.groups)),
      nppToTDmPerHm2: unitFactor(config, 'npp'),
    };
  }
  if (coefficients.problems.length > 0) throw new GepError(coefficients.problems);
  const { used, read } = coefficients;
  const warnings = [...coefficients.warnings, ...emptyZones(config, scan)];
  return { params, types: classes.types, codes, used, read, warnings, plan };
}
