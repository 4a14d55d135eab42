import shrubDefaults from '../../../coefficients/carbon/ar-tool14-shrub.json';
import { CoefficientSet, type CoefficientTable, loadCoefficientTable } from '../../coefficients/registry';
import { Decimal, sum } from '../../core/decimal';
import { type Path, fail } from '../../core/errors';
import { type Quantity, carbonToCO2, dimensionOf, parseUnit } from '../../core/units';
import { checked, member } from './check';

/**
 * Shrubs, CDM AR-TOOL14: C_SHRUB = (44/12) × CF_s × (1 + R_s) × Σ_i A_i × b_i, b_i = BDR_SF × b_FOREST × CC_i;
 * a stratum with crown cover below the minimum (5 %) counts zero, with its reason. Defaults come from the
 * bundled coefficient table ar-tool14-shrub-defaults (secondary); a caller's CoefficientSet may overlay it, with
 * dimensionless records (COEFFICIENT_UNIT_MISMATCH otherwise), CF_s and the minimum crown cover in [0, 1]. A stratum's
 * A_i, b_FOREST and CC_i are required, never negative, CC_i a fraction in [0, 1] (30 % is 0.30, not 30):
 * CARBON_FORESTRY_PARAMETER_INVALID at `[...path, i, member]`.
 */
let table: CoefficientTable | undefined;
export function shrubDefaultsTable(): CoefficientTable {
  table ??= loadCoefficientTable(shrubDefaults, ['coefficients/carbon/ar-tool14-shrub.json']);
  return table;
}

export interface ShrubStratum {
  readonly id: string;
  /** A_i, area, hm². */
  readonly areaHm2: Decimal;
  /** b_FOREST, forest above-ground biomass per hectare in the region, t d.m./hm². */
  readonly forestBiomass: Decimal;
  /** CC_i, shrub crown cover as a fraction. */
  readonly crownCover: Decimal;
}

export interface ShrubResult {
  readonly stock: Quantity<'t_CO2'>;
  readonly strata: readonly { id: string; b: Decimal; counted: boolean; reason?: string }[];
  readonly parameters: Record<string, { value: string; table: string; grade: string }>;
}

export function shrubCarbonStock(
  strata: readonly ShrubStratum[],
  coefficients: CoefficientSet = new CoefficientSet([shrubDefaultsTable()]),
  path: Path = [],
): ShrubResult {
  const get = (k: string, kind: 'fraction' | 'non-negative') => {
    const key = `forestry.shrub.${k}`;
    const c = coefficients.require(key, null, null, path);
    const u = parseUnit(c.unit);
    if (u === undefined || dimensionOf(u) !== 'ratio')
      fail('COEFFICIENT_UNIT_MISMATCH', path, { key, actual: c.unit, expected: '1' });
    checked(c.value, key, kind, path);
    return c;
  };
  const cf = get('carbon_fraction', 'fraction');
  const rs = get('root_shoot', 'non-negative');
  const bdr = get('bdr_sf', 'non-negative');
  const minCc = get('min_crown_cover', 'fraction');
  const rows = strata.map((s, i) => {
    const at = [...path, i];
    const area = member(s, 'areaHm2', 'non-negative', at);
    const forest = member(s, 'forestBiomass', 'non-negative', at);
    const cc = member(s, 'crownCover', 'fraction', at);
    if (cc.lessThan(minCc.value))
      return {
        area,
        row: {
          id: s.id,
          b: new Decimal(0),
          counted: false,
          reason: `crown cover ${cc.toFixed()} < ${minCc.value.toFixed()}: counts zero (AR-TOOL14)`,
        },
      };
    return { area, row: { id: s.id, b: bdr.value.times(forest).times(cc), counted: true } };
  });
  const sumAb = sum(rows.map((r) => r.area.times(r.row.b)));
  const tC = cf.value.times(rs.value.plus(1)).times(sumAb);
  const param = (c: typeof cf) => ({ value: c.value.toFixed(), table: c.table, grade: c.grade });
  return {
    stock: carbonToCO2({ value: tC, unit: 't_C' }),
    strata: rows.map((r) => r.row),
    parameters: {
      carbon_fraction: param(cf),
      root_shoot: param(rs),
      bdr_sf: param(bdr),
      min_crown_cover: param(minCc),
    },
  };
}
