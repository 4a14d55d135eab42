import { type Decimal, sum } from '../../core/decimal';
import { type Path } from '../../core/errors';
import { carbonFail } from '../errors';
import { type Quantity, carbonToCO2 } from '../../core/units';

/** Stock difference: ΔC = (C_t2 − C_t1) / (t2 − t1), t CO₂ per year between two inventories. */
export function stockDifference(
  c1: Quantity<'t_CO2'>,
  c2: Quantity<'t_CO2'>,
  t1: number,
  t2: number,
  path: Path = [],
): Quantity<'t_CO2'> {
  if (!(t2 > t1))
    carbonFail('CARBON_PERIOD_INVALID', path, { detail: `t2 (${t2}) must be after t1 (${t1})` });
  return { value: c2.value.minus(c1.value).div(t2 - t1), unit: 't_CO2' };
}

/**
 * Stand sink from inventories: ΔC = (44/12) × D × BEF × (1 + R) × CF × (V × GR − V × CR), t CO₂ per year.
 * GR gross growth rate, CR harvest/consumption rate of the standing volume V (m³). Negative when harvest
 * exceeds growth: a stand's net change, kept with its sign.
 */
export function standSink(p: {
  volumeM3: Decimal;
  growthRate: Decimal;
  harvestRate: Decimal;
  density: Decimal;
  bef: Decimal;
  rootShoot: Decimal;
  carbonFraction: Decimal;
}): Quantity<'t_CO2'> {
  const netVolume = p.volumeM3.times(p.growthRate).minus(p.volumeM3.times(p.harvestRate));
  const tC = p.density.times(p.bef).times(p.rootShoot.plus(1)).times(p.carbonFraction).times(netVolume);
  return carbonToCO2({ value: tC, unit: 't_C' });
}

/**
 * Net removals: ΔC_NET = ΔC_ACTUAL − ΔC_BSL − LK, with ΔC_ACTUAL = ΔC_P − GHG_E and ΔC_P the sum over strata
 * of the pool changes (trees, shrubs, and optionally dead wood, litter, soil), all t CO₂.
 */
export function netRemovals(p: {
  poolChanges: readonly Quantity<'t_CO2'>[];
  projectEmissions: Quantity<'t_CO2'>;
  baseline: Quantity<'t_CO2'>;
  leakage: Quantity<'t_CO2'>;
}): { actual: Quantity<'t_CO2'>; net: Quantity<'t_CO2'> } {
  const dcp = sum(p.poolChanges.map((c) => c.value));
  const actual = dcp.minus(p.projectEmissions.value);
  return {
    actual: { value: actual, unit: 't_CO2' },
    net: { value: actual.minus(p.baseline.value).minus(p.leakage.value), unit: 't_CO2' },
  };
}
