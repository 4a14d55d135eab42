/**
 * Residential electricity saving (Shenzhen 2022 methodology, reconstructed; secondary). All in g CO₂.
 *
 *   PE_d = E_d × EF_grid            E_d: the household's use on day d, kWh; EF_grid: g CO₂/kWh
 *   BE_d = N × b_pc × EF_grid       N: household size; b_pc: per-capita daily use, kWh (user-supplied)
 *   ER_d = BE_d − PE_d              if PE_d < BE_d ("baseline")
 *   ER_d = max(0, MA7_d − PE_d)     otherwise ("own-7-day"), MA7_d: mean emissions of the 7 previous days
 *
 * EF_grid is `grid.average` for the household's region and the activity's date: the provincial factor, else its
 * regional grid's, else the national average (MEE & NBS, data years 2021–2023). docs/methods/carbon-electricity-residential.md.
 */
import type { Issue } from '../../core/errors';
import { type Activity, KWH } from '../activity';
import type { ResolvedFactor } from '../factors/registry';
import { residentialSaving } from '../methods/electricity';
import {
  type CarbonMethodology,
  type MethodContext,
  type ReductionResult,
  missing,
  need,
  useFactor,
} from './spec';

function firstFactor(keys: readonly string[], a: Activity, ctx: MethodContext): ResolvedFactor {
  for (const k of keys) {
    const f = ctx.chain.find(k, a.region ?? null, ctx.when);
    if (f !== undefined) return f;
  }
  return ctx.chain.require(keys.join(' | '), a.region ?? null, ctx.path, ctx.when);
}

function compute(a: Activity, ctx: MethodContext): ReductionResult {
  const { path } = ctx;
  if (a.use === undefined) missing(a, 'use', path);
  if (a.householdSize === undefined) missing(a, 'householdSize', path);
  if (a.perCapitaBaseline === undefined) missing(a, 'perCapitaBaseline', path);
  const f = firstFactor(
    a.factorKey !== undefined ? [a.factorKey] : electricityResidential.factorKeys,
    a,
    ctx,
  );
  const ef = need(f, ['energy'], 'emission', path);
  const warnings: Issue[] = [];
  const factors = [useFactor(f, ctx, warnings)];
  const r = residentialSaving({
    useKwh: KWH(a.use),
    householdSize: a.householdSize,
    perCapitaKwh: a.perCapitaBaseline.value,
    efGrid: ef,
    ...(a.previousDays !== undefined ? { previousDaysKwh: a.previousDays.map(KWH) } : {}),
  });
  if (r.rule === 'own-7-day-missing')
    // with the values computed on (a plausibility cap may have lowered either: 600 and 1,000 kWh capped to 500 each)
    missing(
      a,
      'previousDays',
      path,
      `(the 7 previous days, needed when the use is at or above the baseline N × b_pc: ${KWH(a.use).toFixed()} kWh ≥ ${a.householdSize.times(a.perCapitaBaseline.value).toFixed()} kWh, as computed)`,
    );
  const out: ReductionResult = {
    methodology: electricityResidential.ref,
    rule: r.rule,
    factors,
    be: r.be,
    pe: r.pe,
    exact: r.rule === 'baseline' ? r.be.minus(r.pe) : r.ma7.minus(r.pe),
  };
  if (warnings.length > 0) out.warnings = warnings;
  return out;
}

export const electricityResidential: CarbonMethodology = {
  id: 'electricity/residential-saving',
  version: '2',
  ref: 'electricity/residential-saving@2',
  title: { zh: '居民节约用电', en: 'Residential electricity saving' },
  jurisdiction:
    "Shenzhen 2022 methodology (reconstructed); the grid factor of the household's province, grid or the nation",
  scenarios: ['residential_electricity'],
  inputs: ['use', 'householdSize', 'perCapitaBaseline', 'previousDays', 'factorKey', 'region'],
  formulas: [
    'PE_d = E_d × EF_grid',
    'BE_d = N × b_pc × EF_grid',
    'ER_d = BE_d − PE_d if PE_d < BE_d',
    "ER_d = max(0, MA7_d − PE_d) otherwise, MA7_d = mean of the 7 previous days' emissions",
    "EF_grid = grid.average of the province, else its regional grid, else national (latest data year ≤ the activity's)",
  ],
  source: {
    document:
      'Shenzhen residential electricity-saving carbon-inclusion methodology (2022), reconstructed in gepkit methods digest (carbon-inclusion.md)',
  },
  grade: 'secondary',
  factorSets: ['cn-grid-co2-2021@1.0.0', 'cn-grid-co2-2022@1.0.0', 'cn-grid-co2-2023@1.0.0'],
  factorKeys: ['grid.average'],
  bounds: [],
  methodsPage: 'docs/methods/carbon-electricity-residential.md',
  compute,
};
