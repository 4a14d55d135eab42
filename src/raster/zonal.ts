import type { AccountOptions, RecordRead } from '../account/account';
import { typeInfo } from '../coefficients/classification';
import { Decimal } from '../core/decimal';
import type { RasterConfig } from './config';
import { type MergedSums, TOTAL_UNITS, totalOf } from './merge';
import { type ModelName, QUANTITIES, type QuantityName, QUANTITY_UNITS } from './models';
import { modelPlan, runContext } from './params';

/** The model whose sums hold a quantity. */
const modelOf = (q: QuantityName): ModelName =>
  (Object.keys(QUANTITIES) as ModelName[]).find((m) =>
    (QUANTITIES[m] as readonly string[]).includes(q),
  ) as ModelName;

/** One row of a zonal table: a zone (null = the whole region) and a land-cover code or an ecosystem type. */
export interface ZonalRow {
  zone: string | null;
  code?: number;
  type: string;
  pixels: number;
  /** Area in m² (pixels × pixel area). */
  area: string;
  /** Per model, the row's pixels it left out under `"nodata": "exclude"` (NoData in a layer it needs); absent where none. */
  excluded?: Partial<Record<ModelName, number>>;
  /**
   * Per quantity: the total (m³, t, t d.m., t CO₂, t O₂) over the pixels its model counted, and the mean rate per
   * such pixel (mm or t/(hm²·a)); absent where the model counted none of the row's pixels.
   */
  quantities: Partial<
    Record<QuantityName, { total: string; totalUnit: string; mean: string; meanUnit: string }>
  >;
}

interface Group {
  zone: string | null;
  code?: number;
  type: string;
  pixels: number;
  /** Pixels whose water balance was negative (./tile.ts; zeroed under negativeTerms "zero"). */
  negative: number;
  /** Per model, the pixels it left out (NoData in a layer it needs). */
  excluded: Partial<Record<ModelName, number>>;
  sums: Partial<Record<QuantityName, Decimal>>;
}

/** The zonal tables by land-cover class and by ecosystem type, per zone, from the merged sums. */
export function zonalTables(
  merged: MergedSums,
  meta: { codes: number[]; types: string[]; zones: (string | null)[]; pixelArea: Decimal },
): { byClass: ZonalRow[]; byType: ZonalRow[]; typeGroups: Group[] } {
  const byCode: Group[] = merged.groups.map((g) => ({
    zone: meta.zones[g.zone] ?? null,
    code: meta.codes[g.cls] as number,
    type: meta.types[g.cls] as string,
    pixels: g.pixels,
    negative: g.negative,
    excluded: g.excluded,
    sums: g.sums,
  }));
  const typeGroups: Group[] = [];
  for (const g of byCode) {
    let t = typeGroups.find((x) => x.zone === g.zone && x.type === g.type);
    if (t === undefined) {
      t = { zone: g.zone, type: g.type, pixels: 0, negative: 0, excluded: {}, sums: {} };
      typeGroups.push(t);
    }
    t.pixels += g.pixels;
    t.negative += g.negative;
    for (const [m, x] of Object.entries(g.excluded) as [ModelName, number][])
      t.excluded[m] = (t.excluded[m] ?? 0) + x;
    for (const [q, v] of Object.entries(g.sums) as [QuantityName, Decimal][])
      t.sums[q] = (t.sums[q] ?? new Decimal(0)).plus(v);
  }
  const row = (g: Group): ZonalRow => {
    const quantities: ZonalRow['quantities'] = {};
    for (const [q, v] of Object.entries(g.sums) as [QuantityName, Decimal][]) {
      const counted = g.pixels - (g.excluded[modelOf(q)] ?? 0);
      if (counted === 0) continue;
      quantities[q] = {
        total: totalOf(q, v, meta.pixelArea).toFixed(),
        totalUnit: TOTAL_UNITS[q],
        mean: v.div(counted).toFixed(),
        meanUnit: QUANTITY_UNITS[q],
      };
    }
    return {
      zone: g.zone,
      ...(g.code !== undefined ? { code: g.code } : {}),
      type: g.type,
      pixels: g.pixels,
      area: meta.pixelArea.times(g.pixels).toFixed(),
      ...(Object.keys(g.excluded).length > 0 ? { excluded: { ...g.excluded } } : {}),
      quantities,
    };
  };
  return { byClass: byCode.map(row), byType: typeGroups.map(row), typeGroups };
}

/**
 * The tabular inputs of account() from the zonal sums, per zone and ecosystem type:
 *   ecosystems      area = pixels × pixel area (m²)
 *   climate         mean precipitation and evapotranspiration (mm) of the water-balance pixels: R1 is linear
 *                   in P and ET with one α per type, so A × (P̄ − P̄α − ĒT) = Σ_pixels a × (P − Pα − ET).
 *                   Every mean here is the sum over the pixels the model counted divided by all the row's pixels
 *                   (A = all of them × a): a pixel the model left out for NoData (`"nodata": "exclude"`) is in
 *                   the area, yet adds nothing to the model's quantity, which is therefore Σ over the pixels it
 *                   counted — never that sum extrapolated to the left-out pixels.
 *                   Under negativeTerms "zero" the pixels were clamped (Σ max(0, W) ≠ A × the mean W), so a
 *                   row with clamped pixels gets the effective ET' = P̄ − P̄α − W̄ (W̄ the mean clamped W),
 *                   and account() reproduces Σ_pixels a × max(0, W) exactly
 *   soilRetention   Σ retention × pixel area (t): RUSLE is not linear in its factors, so the per-pixel total is
 *                   passed (R2 switch source "totals") rather than mean factors
 *   productivity    mean NPP (t d.m./(hm²·a)); R6/R7 by NPP stoichiometry (linear)
 * plus the options that select those methods and the models' groups, passed explicitly in options.switches
 * (./params.ts modelPlan: the same groups the rasters used). `config.account.input` supplies the
 * sections the rasters do not (material products, emissions, …); its arrays are kept and the raster records
 * appended.
 */
export function accountInput(
  config: RasterConfig,
  typeGroups: readonly Group[],
  pixelArea: Decimal,
  readElsewhere: readonly RecordRead[] = [],
): { input: Record<string, unknown>; options: AccountOptions } {
  const { profile, classification, set } = runContext(config);
  const plan = modelPlan(config, profile);
  const region = config.region.code ?? null;
  const zeroed = plan.water?.negativeTerms === 'zero';
  /** The mean ET for account(): ĒT, or under "zero" for a row with clamped pixels the effective ET'. */
  const etOf = (g: Group): Decimal => {
    const p = (g.sums.precipitation as Decimal).div(g.pixels);
    const et = (g.sums.evapotranspiration as Decimal).div(g.pixels);
    if (!zeroed || g.negative === 0) return et;
    const alpha = set.find(
      'runoff.coefficient',
      g.type,
      region,
      typeInfo(classification, g.type)?.group ?? null,
    )?.value;
    if (alpha === undefined) return et; // not reached: buildParams refused the missing coefficient
    return p.minus(p.times(alpha)).minus((g.sums.waterConservation as Decimal).div(g.pixels));
  };
  const zoneOf = (z: string | null) => (z === null ? {} : { zone: z });
  const ecosystems = typeGroups.map((g) => ({
    type: g.type,
    ...zoneOf(g.zone),
    area: { value: pixelArea.times(g.pixels).toFixed(), unit: 'm2' },
  }));
  const climate = typeGroups
    .filter((g) => g.sums.precipitation !== undefined)
    .map((g) => ({
      ...zoneOf(g.zone),
      ecosystem: g.type,
      precipitation: { value: (g.sums.precipitation as Decimal).div(g.pixels).toFixed(), unit: 'mm' },
      evapotranspiration: { value: etOf(g).toFixed(), unit: 'mm' },
    }));
  const soilRetention = typeGroups
    .filter((g) => g.sums.soilRetention !== undefined)
    .map((g) => ({
      ...zoneOf(g.zone),
      ecosystem: g.type,
      amount: {
        value: totalOf('soilRetention', g.sums.soilRetention as Decimal, pixelArea).toFixed(),
        unit: 't',
      },
    }));
  const productivity = typeGroups
    .filter((g) => g.sums.npp !== undefined)
    .map((g) => ({
      ...zoneOf(g.zone),
      ecosystem: g.type,
      npp: { value: (g.sums.npp as Decimal).div(g.pixels).toFixed(), unit: 't_DM_per_hm2_a' },
    }));
  const base = (config.account?.input ?? {}) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(base[k]) ? (base[k] as unknown[]) : []);
  const input: Record<string, unknown> = {
    ...base,
    region: config.region,
    year: config.year,
    zones: [...list('zones'), ...config.zones.map((z) => ({ id: z.id, name: z.name }))],
    ecosystems: [...list('ecosystems'), ...ecosystems],
    climate: [...list('climate'), ...climate],
    soilRetention: [...list('soilRetention'), ...soilRetention],
    productivity: [...list('productivity'), ...productivity],
  };
  const given = (config.account?.options ?? {}) as AccountOptions;
  const switches: Record<string, Record<string, unknown>> = { ...(given.switches ?? {}) };
  const methods: Record<string, string> = { ...(given.methods ?? {}) };
  if (plan.water)
    switches[plan.water.indicator] = { ...switches[plan.water.indicator], groups: plan.water.groups };
  if (plan.soil)
    switches[plan.soil.indicator] = {
      ...switches[plan.soil.indicator],
      groups: plan.soil.groups,
      source: 'totals',
    };
  if (plan.productivity) {
    const { co2, o2 } = plan.productivity;
    methods[co2.indicator] = 'carbon-sequestration/npp-stoichiometry@1';
    const price = (
      profile.indicators.find((e) => e.code === co2.indicator)?.switches as { priceKey?: string }
    ).priceKey;
    switches[co2.indicator] = {
      ...(price ? { priceKey: price } : {}),
      ...switches[co2.indicator],
      groups: co2.groups,
    };
    methods[o2.indicator] = 'oxygen-release/npp@1';
    switches[o2.indicator] = { ...switches[o2.indicator], groups: o2.groups };
  }
  return {
    input,
    options: {
      ...given,
      ...(config.profile !== undefined ? { profile: config.profile } : {}),
      tables: [...(given.tables ?? []), ...config.tables],
      switches,
      methods,
      ...(readElsewhere.length > 0 ? { readElsewhere } : {}),
    },
  };
}
