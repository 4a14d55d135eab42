import shrubDefaults from '../../../coefficients/carbon/ar-tool14-shrub.json';
import { CoefficientSet, type CoefficientTable, loadCoefficientTable } from '../../coefficients/registry';
import { Decimal, sum } from '../../core/decimal';
import { type Quantity, carbonToCO2 } from '../../core/units';

/**
 * Shrubs, CDM AR-TOOL14: C_SHRUB = (44/12) × CF_s × (1 + R_s) × Σ_i A_i × b_i, b_i = BDR_SF × b_FOREST × CC_i;
 * a stratum with crown cover below the minimum (5 %) counts zero, with its reason. Defaults come from the
 * bundled coefficient table ar-tool14-shrub-defaults (secondary); a caller's CoefficientSet may overlay it.
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
): ShrubResult {
  const get = (k: string) => coefficients.require(`forestry.shrub.${k}`, null, null);
  const cf = get('carbon_fraction');
  const rs = get('root_shoot');
  const bdr = get('bdr_sf');
  const minCc = get('min_crown_cover');
  const rows = strata.map((s) => {
    if (s.crownCover.lessThan(minCc.value))
      return {
        id: s.id,
        b: new Decimal(0),
        counted: false,
        reason: `crown cover ${s.crownCover.toFixed()} < ${minCc.value.toFixed()}: counts zero (AR-TOOL14)`,
      };
    return { id: s.id, b: bdr.value.times(s.forestBiomass).times(s.crownCover), counted: true };
  });
  const sumAb = sum(strata.map((s, i) => s.areaHm2.times((rows[i] as { b: Decimal }).b)));
  const tC = cf.value.times(rs.value.plus(1)).times(sumAb);
  const param = (c: typeof cf) => ({ value: c.value.toFixed(), table: c.table, grade: c.grade });
  return {
    stock: carbonToCO2({ value: tC, unit: 't_C' }),
    strata: rows,
    parameters: {
      carbon_fraction: param(cf),
      root_shoot: param(rs),
      bdr_sf: param(bdr),
      min_crown_cover: param(minCc),
    },
  };
}
