import { type Decimal, sum } from '../../core/decimal';
import { type Path } from '../../core/errors';
import { carbonFail } from '../errors';
import { type Quantity, carbonToCO2 } from '../../core/units';
import { member, tonnesCO2 } from './check';

/**
 * Stock difference: ΔC = (C_t2 − C_t1) / (t2 − t1), t CO₂ per year between two inventories. Both stocks must be in
 * t CO₂ (a stock in t C is UNIT_MISMATCH at `[...path, 'c1' | 'c2', 'unit']`: convert it with carbonToCO2 first).
 */
export function stockDifference(
  c1: Quantity<'t_CO2'>,
  c2: Quantity<'t_CO2'>,
  t1: number,
  t2: number,
  path: Path = [],
): Quantity<'t_CO2'> {
  const v1 = tonnesCO2(c1, [...path, 'c1']);
  const v2 = tonnesCO2(c2, [...path, 'c2']);
  if (!(t2 > t1))
    carbonFail('CARBON_PERIOD_INVALID', path, { detail: `t2 (${t2}) must be after t1 (${t1})` });
  return { value: v2.minus(v1).div(t2 - t1), unit: 't_CO2' };
}

/**
 * Stand sink from inventories: ΔC = (44/12) × D × BEF × (1 + R) × CF × (V × GR − V × CR), t CO₂ per year.
 * GR gross growth rate, CR harvest/consumption rate of the standing volume V (m³). Negative when harvest
 * exceeds growth: a stand's net change, kept with its sign. Each parameter is required and never negative; GR, CR
 * and CF are fractions in [0, 1] (CARBON_FORESTRY_PARAMETER_INVALID at `[...path, member]`).
 */
export function standSink(
  p: {
    volumeM3: Decimal;
    growthRate: Decimal;
    harvestRate: Decimal;
    density: Decimal;
    bef: Decimal;
    rootShoot: Decimal;
    carbonFraction: Decimal;
  },
  path: Path = [],
): Quantity<'t_CO2'> {
  const v = member(p, 'volumeM3', 'non-negative', path);
  const netVolume = v
    .times(member(p, 'growthRate', 'fraction', path))
    .minus(v.times(member(p, 'harvestRate', 'fraction', path)));
  const tC = member(p, 'density', 'non-negative', path)
    .times(member(p, 'bef', 'non-negative', path))
    .times(member(p, 'rootShoot', 'non-negative', path).plus(1))
    .times(member(p, 'carbonFraction', 'fraction', path))
    .times(netVolume);
  return carbonToCO2({ value: tC, unit: 't_C' });
}

/**
 * Net removals: ΔC_NET = ΔC_ACTUAL − ΔC_BSL − LK, with ΔC_ACTUAL = ΔC_P − GHG_E and ΔC_P the sum over strata
 * of the pool changes (trees, shrubs, and optionally dead wood, litter, soil), all t CO₂: a term in t C (or any other
 * unit) is UNIT_MISMATCH at its path (`poolChanges[i]`, `projectEmissions`, `baseline`, `leakage`), a missing one
 * CARBON_FORESTRY_PARAMETER_INVALID; signs are kept.
 */
export function netRemovals(
  p: {
    poolChanges: readonly Quantity<'t_CO2'>[];
    projectEmissions: Quantity<'t_CO2'>;
    baseline: Quantity<'t_CO2'>;
    leakage: Quantity<'t_CO2'>;
  },
  path: Path = [],
): { actual: Quantity<'t_CO2'>; net: Quantity<'t_CO2'> } {
  const dcp = sum(p.poolChanges.map((c, i) => tonnesCO2(c, [...path, 'poolChanges', i])));
  const actual = dcp.minus(tonnesCO2(p.projectEmissions, [...path, 'projectEmissions']));
  const baseline = tonnesCO2(p.baseline, [...path, 'baseline']);
  const leakage = tonnesCO2(p.leakage, [...path, 'leakage']);
  return {
    actual: { value: actual, unit: 't_CO2' },
    net: { value: actual.minus(baseline).minus(leakage), unit: 't_CO2' },
  };
}
