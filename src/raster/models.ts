import type { Decimal } from '../core/decimal';

/**
 * The per-pixel formulas, each in float64 (the fast path) and in decimal (the reference the tests hold the
 * fast path to). Rates are per pixel area; ./merge.ts multiplies their sums by the pixel area.
 *
 *   water balance (R1)   W = P − P × α(lc) − ET                    mm   (α: runoff.coefficient of the type)
 *   RUSLE (R2)           A_p = R × K × LS                          t/(hm²·a)  potential erosion
 *                        A_r = A_p × C × P                         t/(hm²·a)  actual erosion
 *                        Q_sr = A_p × (1 − C × P)                  t/(hm²·a)  retention
 *   NPP (R6, R7)         CO₂ = NPP × f_CO2(lc),  O₂ = NPP × f_O2(lc)   t/(hm²·a), NPP in t d.m./(hm²·a)
 *                        (f from photosynthesis.co2_per_dm and .o2_per_dm: 1.63 and 1.19 in the bundled table)
 */
export function waterBalance(p: number, alpha: number, et: number): number {
  return p - p * alpha - et;
}
export function waterBalanceDecimal(p: Decimal, alpha: Decimal, et: Decimal): Decimal {
  return p.minus(p.times(alpha)).minus(et);
}

/**
 * The rule for a negative water balance (R1 switch negativeTerms), applied per pixel by the raster path:
 * "zero" counts the pixel as 0 (warned with a count), "refuse" stops the run, "keep" sums it signed.
 */
export type NegativeRule = 'refuse' | 'zero' | 'keep';

export interface Rusle<T> {
  potential: T;
  actual: T;
  retention: T;
}
export function rusle(r: number, k: number, ls: number, c: number, p: number): Rusle<number> {
  const potential = r * k * ls;
  const cp = c * p;
  return { potential, actual: potential * cp, retention: potential * (1 - cp) };
}
export function rusleDecimal(r: Decimal, k: Decimal, ls: Decimal, c: Decimal, p: Decimal): Rusle<Decimal> {
  const potential = r.times(k).times(ls);
  const cp = c.times(p);
  return { potential, actual: potential.times(cp), retention: potential.times(cp.neg().plus(1)) };
}

export function nppProducts(npp: number, co2PerDm: number, o2PerDm: number): { co2: number; o2: number } {
  return { co2: npp * co2PerDm, o2: npp * o2PerDm };
}
export function nppProductsDecimal(
  npp: Decimal,
  co2PerDm: Decimal,
  o2PerDm: Decimal,
): { co2: Decimal; o2: Decimal } {
  return { co2: npp.times(co2PerDm), o2: npp.times(o2PerDm) };
}

/** The quantities summed per (zone, land-cover class), in the order of the sum slots. */
export const QUANTITIES = {
  water: ['precipitation', 'evapotranspiration', 'runoff', 'waterConservation'],
  soil: ['soilPotential', 'soilActual', 'soilRetention'],
  productivity: ['npp', 'co2', 'o2'],
} as const;
export type ModelName = keyof typeof QUANTITIES;
export type QuantityName = (typeof QUANTITIES)[ModelName][number];

/** The unit of each summed rate (per pixel, before multiplying by the pixel area). */
export const QUANTITY_UNITS: Record<QuantityName, string> = {
  precipitation: 'mm',
  evapotranspiration: 'mm',
  runoff: 'mm',
  waterConservation: 'mm',
  soilPotential: 't_per_hm2_a',
  soilActual: 't_per_hm2_a',
  soilRetention: 't_per_hm2_a',
  npp: 't_DM_per_hm2_a',
  co2: 't_CO2_per_hm2_a',
  o2: 't_O2_per_hm2_a',
};

/** Per-pixel layers that can be written as GeoTIFF (float32, NaN = NoData). */
export const OUTPUTS = [
  ...QUANTITIES.water,
  ...QUANTITIES.soil,
  ...QUANTITIES.productivity,
  'ls',
  'slope',
  'flowAccumulation',
] as const;
export type OutputName = (typeof OUTPUTS)[number];
