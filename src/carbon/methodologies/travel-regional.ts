/**
 * Low-carbon travel, regional standard form (DB11/T 3043—2024, Beijing–Tianjin–Hebei, in force 2024-10-01).
 *
 *   BE_y = Σ_i EF_i × BD_i         EF_i: baseline mode's emission factor (g CO₂/km or /pkm); BD_i: distance
 *   PE_y = Σ_i Σ_k EF_k × PD_i,k   EF_k: low-carbon mode's factor; PD_i,k: distance by that mode
 *   ER_y = BE_y − PE_y
 *
 * Each leg is one person's: its km are its pkm. The standard's factors are not bundled (not readable here):
 * supply travel.<mode>.emission. Grade secondary. docs/methods/carbon-travel-regional.md.
 */
import { Decimal } from '../../core/decimal';
import type { Issue } from '../../core/errors';
import type { Activity } from '../activity';
import type { FactorUse } from '../factors/registry';
import { regionalTravel } from '../methods/travel';
import {
  type CarbonMethodology,
  type MethodContext,
  type ReductionResult,
  distanceIn,
  missing,
  need,
  useFactor,
} from './spec';

const ONE = new Decimal(1);

function compute(a: Activity, ctx: MethodContext): ReductionResult {
  const region = a.region ?? null;
  if (a.baseline === undefined) missing(a, 'baseline', ctx.path);
  if (a.project === undefined) missing(a, 'project', ctx.path);
  const factors: FactorUse[] = [];
  const warnings: Issue[] = [];
  const leg = (side: 'baseline' | 'project') =>
    (a[side] ?? []).map((l, i) => {
      const path = [...ctx.path, side, i];
      const f = ctx.chain.require(`travel.${l.mode}.emission`, region, [...path, 'mode'], ctx.when);
      factors.push(useFactor(f, ctx, warnings));
      const ef = need(f, ['distance', 'passenger-distance'], 'emission', path);
      const dim = f.parsedUnit.dim === 'passenger-distance' ? 'passenger-distance' : 'distance';
      const d = distanceIn({ ...a, distance: l.distance, steps: undefined } as Activity, dim, ONE, path);
      return { ef, distanceKm: d };
    });
  const { be, pe } = regionalTravel(leg('baseline'), leg('project'));
  const r: ReductionResult = {
    methodology: travelRegional.ref,
    rule: 'regional',
    factors,
    be,
    pe,
    exact: be.minus(pe),
  };
  if (warnings.length > 0) r.warnings = warnings;
  return r;
}

export const travelRegional: CarbonMethodology = {
  id: 'travel/regional',
  version: '1',
  ref: 'travel/regional@1',
  title: { zh: '低碳出行（京津冀区域标准）', en: 'Low-carbon travel, regional standard form' },
  jurisdiction: 'Beijing–Tianjin–Hebei (DB11/T 3043—2024, in force 2024-10-01)',
  // DB11/T 3043—2024's own date, as digested (carbon-inclusion.md)
  inForceFrom: '2024-10-01',
  scenarios: ['travel_regional'],
  inputs: ['baseline', 'project', 'region'],
  formulas: [
    'BE_y = Σ_i EF_i × BD_i',
    'PE_y = Σ_i Σ_k EF_k × PD_i,k,y',
    'ER_y = BE_y − PE_y',
    'each leg one person: km = pkm',
  ],
  source: {
    document:
      'DB11/T 3043—2024 (Beijing–Tianjin–Hebei regional standard), as digested in gepkit methods digest (carbon-inclusion.md)',
  },
  grade: 'secondary',
  factorSets: [],
  factorKeys: ["travel.<mode>.emission (user-supplied: the standard's values are not bundled)"],
  bounds: [],
  passengers: () => ONE,
  methodsPage: 'docs/methods/carbon-travel-regional.md',
  compute,
};
