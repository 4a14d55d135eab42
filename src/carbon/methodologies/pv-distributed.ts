/**
 * Distributed PV (Shanghai, Wuhan methodologies as digested; secondary).
 *
 *   ER_y = EG_y × EF_grid,y     EG: generation, kWh; EF_grid: g CO₂/kWh
 *   PE_y = 0
 *
 * EF_grid: Shanghai's PV factor (`grid.pv`, region 31, projects ≤ 1 MW), else `grid.average` for the project's
 * region and date (province → regional grid → national, MEE & NBS 2021–2023), the latter a fallback of gepkit's
 * choosing (graded assumed, carried on the result's factor). docs/methods/carbon-pv-distributed.md.
 */
import type { Issue } from '../../core/errors';
import { carbonIssue } from '../errors';
import { type Activity, KW, KWH } from '../activity';
import type { ResolvedFactor } from '../factors/registry';
import { pvReduction } from '../methods/pv';
import {
  type CarbonMethodology,
  type MethodContext,
  type ReductionResult,
  missing,
  need,
  useFactor,
} from './spec';

function compute(a: Activity, ctx: MethodContext): ReductionResult {
  const { path, when } = ctx;
  if (a.generation === undefined) missing(a, 'generation', path);
  const region = a.region ?? null;
  const capacityKw = a.capacity !== undefined ? KW(a.capacity) : undefined;
  const keys = a.factorKey !== undefined ? [a.factorKey] : pvDistributed.factorKeys;
  let f: ResolvedFactor | undefined;
  for (const k of keys) {
    f = ctx.chain.find(k, region, when, capacityKw);
    if (f !== undefined) break;
  }
  f ??= ctx.chain.require(keys.join(' | '), region, path, when, capacityKw);
  const warnings: Issue[] = [];
  if (f.capacityMaxKw !== undefined && capacityKw === undefined)
    warnings.push(
      carbonIssue('CARBON_FACTOR_CONDITION_UNCHECKED', [...path, 'capacity'], {
        key: f.key,
        set: f.set,
        condition: `projects of at most ${f.capacityMaxKw.toFixed()} kW installed capacity`,
        field: 'capacity',
      }),
    );
  const key = f.key;
  const fb = pvDistributed.fallbacks?.find((x) => x.key === key);
  const u = useFactor(f, ctx, warnings);
  const fu = fb !== undefined ? { ...u, assumption: { grade: fb.grade, note: fb.note } } : u;
  const r: ReductionResult = {
    methodology: pvDistributed.ref,
    rule: 'grid-displacement',
    factors: [fu],
    exact: pvReduction(KWH(a.generation), need(f, ['energy'], 'emission', path)),
  };
  if (warnings.length > 0) r.warnings = warnings;
  return r;
}

export const pvDistributed: CarbonMethodology = {
  id: 'pv/distributed',
  version: '2',
  ref: 'pv/distributed@2',
  title: { zh: '分布式光伏', en: 'Distributed PV' },
  jurisdiction:
    "Shanghai (≤ 1 MW, factor 0.42 in region 31); elsewhere the grid factor of the project's province, grid or the nation (gepkit's fallback, graded assumed)",
  scenarios: ['distributed_pv'],
  inputs: ['generation', 'capacity', 'factorKey', 'region'],
  formulas: ['ER_y = EG_y × EF_grid,y', 'PE_y = 0'],
  source: {
    document:
      'Shanghai and Wuhan distributed-PV methodologies, as digested in gepkit methods digest (carbon-inclusion.md)',
  },
  grade: 'secondary',
  factorSets: [
    'shanghai-pv@1.1.0',
    'cn-grid-co2-2021@1.0.0',
    'cn-grid-co2-2022@1.0.0',
    'cn-grid-co2-2023@1.0.0',
  ],
  factorKeys: ['grid.pv', 'grid.average'],
  fallbacks: [
    {
      key: 'grid.average',
      grade: 'assumed',
      note: "gepkit's choice, not a methodology's: where no PV factor applies (outside Shanghai, region 31, or a project above Shanghai's 1 MW limit) the average grid factor of the project's province (else its regional grid, else the nation) for the latest data year not after the activity's (MEE & NBS) is used. A local methodology may prescribe another factor (Wuhan's for grid points < 6 MW is not bundled); pass factorKey or a user factor set to choose.",
    },
  ],
  bounds: [],
  methodsPage: 'docs/methods/carbon-pv-distributed.md',
  compute,
};
