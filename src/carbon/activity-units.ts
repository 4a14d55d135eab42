import type { Decimal } from '../core/decimal';
import { convertValue, dimensionOf, parseUnit } from '../core/units';

/**
 * Units of activity quantities that carbon-inclusion factors are quoted per. They are local to this module
 * (the core catalogue has no km, ride or MWh): each has a dimension and an exact rational factor to the
 * dimension's base unit. `pkm` (passenger-kilometre) is its own dimension, passenger distance: it converts to
 * a distance in km only where a methodology defines the passengers (one traveller on a personal trip; the
 * riders of a carpool), otherwise UNIT_MISMATCH (methodologies/spec.ts, distanceIn).
 */
export const ACTIVITY_UNITS = {
  km: { dim: 'distance', num: 1, den: 1 },
  pkm: { dim: 'passenger-distance', num: 1, den: 1 },
  m: { dim: 'distance', num: 1, den: 1000 },
  ride: { dim: 'ride', num: 1, den: 1 },
  trip: { dim: 'ride', num: 1, den: 1 },
  kWh: { dim: 'energy', num: 1, den: 1 },
  MWh: { dim: 'energy', num: 1000, den: 1 },
} as const;

export type ActivityUnit = keyof typeof ACTIVITY_UNITS;
export type ActivityDim = (typeof ACTIVITY_UNITS)[ActivityUnit]['dim'];

export function isActivityUnit(s: string): s is ActivityUnit {
  return Object.prototype.hasOwnProperty.call(ACTIVITY_UNITS, s);
}

/** A parsed factor unit `<CO₂ mass unit>/<activity unit>`, e.g. `kg_CO2/kWh`, `g_CO2/pkm`, `t_CO2/MWh`. */
export interface FactorUnit {
  readonly mass: 'g_CO2' | 'kg_CO2' | 't_CO2';
  readonly per: ActivityUnit;
  readonly dim: ActivityDim;
}

export function parseFactorUnit(s: string): FactorUnit | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const mass = parseUnit(s.slice(0, slash));
  const per = s.slice(slash + 1).trim();
  if (mass === undefined || dimensionOf(mass) !== 'mass_CO2' || !isActivityUnit(per)) return undefined;
  if (mass !== 'g_CO2' && mass !== 'kg_CO2' && mass !== 't_CO2') return undefined;
  return { mass, per, dim: ACTIVITY_UNITS[per].dim };
}

/** A factor value in g CO₂ per base unit of its dimension (km, ride, kWh), exact: × mass ratio ÷ per ratio. */
export function gramsPerBase(value: Decimal, u: FactorUnit): Decimal {
  const p = ACTIVITY_UNITS[u.per];
  return convertValue(value, u.mass, 'g_CO2').times(p.den).div(p.num);
}

export const ACTIVITY_UNIT_LIST = Object.keys(ACTIVITY_UNITS).join(', ');
