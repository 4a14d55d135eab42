import { type Decimal, sum } from '../../core/decimal';

/**
 * Residential electricity saving (Shenzhen 2022 methodology, reconstructed; secondary). All in g CO₂.
 *   PE_d = E_d × EF_grid;  BE_d = N × b_pc × EF_grid
 *   if PE_d < BE_d: ER_d = BE_d − PE_d   (rule "baseline")
 *   else:           ER_d = max(0, MA7_d − PE_d), MA7_d = mean of the 7 previous days' emissions ("own-7-day")
 * The max(0, …) is applied by the caller (netReduction), which records a negative value as zero.
 */
export interface ElectricityInput {
  /** E_d, the household's use on day d, kWh. */
  readonly useKwh: Decimal;
  /** N, household size (persons). */
  readonly householdSize: Decimal;
  /** b_pc, city per-capita daily use, kWh/person/day (user-supplied: no value is published in the digest). */
  readonly perCapitaKwh: Decimal;
  /** EF_grid, g CO₂/kWh. */
  readonly efGrid: Decimal;
  /** The household's own use on each of the 7 previous days, kWh (needed only when PE_d ≥ BE_d). */
  readonly previousDaysKwh?: readonly Decimal[];
}

export type ElectricityResult =
  | { rule: 'baseline'; be: Decimal; pe: Decimal }
  | { rule: 'own-7-day'; be: Decimal; pe: Decimal; ma7: Decimal }
  | { rule: 'own-7-day-missing'; be: Decimal; pe: Decimal };

export function residentialSaving(i: ElectricityInput): ElectricityResult {
  const pe = i.useKwh.times(i.efGrid);
  const be = i.householdSize.times(i.perCapitaKwh).times(i.efGrid);
  if (pe.lessThan(be)) return { rule: 'baseline', be, pe };
  if (i.previousDaysKwh === undefined || i.previousDaysKwh.length !== 7)
    return { rule: 'own-7-day-missing', be, pe };
  const ma7 = sum(i.previousDaysKwh.map((e) => e.times(i.efGrid))).div(7);
  return { rule: 'own-7-day', be, pe, ma7 };
}
