import * as z from 'zod/mini';
import { issue } from '../core/errors';
import type { Line, MethodSpec, Valuation } from './spec';

/**
 * C1 recreation and tourism (休闲旅游).
 * Travel cost: V = Σ_j N_j × TC_j, TC_j = travel spending + time cost [+ consumer surplus] per visit.
 * Revenue basis: V = Σ tourism revenue × ecological share (the part of the revenue owed to the ecosystem).
 */
const COMPONENTS = ['spending', 'time-cost', 'consumer-surplus'] as const;
const travelSwitches = z.strictObject({
  components: z._default(z.array(z.enum(COMPONENTS)).check(z.minLength(1)), [
    'spending',
    'time-cost',
    'consumer-surplus',
  ]),
});

export const recreationTravelCost: MethodSpec<z.output<typeof travelSwitches>> = {
  id: 'recreation/travel-cost',
  version: 1,
  title: { zh: '休闲旅游（旅行费用法）', en: 'Recreation and tourism (travel cost)' },
  category: 'cultural',
  physicalUnit: 'person_time',
  subItems: [],
  coefficientKeys: [],
  inputs: ['tourism.segments[]'],
  switches: travelSwitches,
  hasInput: (input) => (input.tourism?.segments.length ?? 0) > 0,
  compute(ctx) {
    if ((ctx.input.tourism?.revenue.length ?? 0) > 0) {
      ctx.warn(
        issue('INPUT_IGNORED', ['tourism', 'revenue'], {
          field: 'tourism.revenue',
          reason: 'the travel-cost method values visits, not revenue',
        }),
      );
    }
    const include = new Set(ctx.switches.components);
    return (ctx.input.tourism?.segments ?? []).map((seg, i): Line => {
      const path = ['tourism', 'segments', i];
      const parts: [
        (typeof COMPONENTS)[number],
        'spendingPerVisit' | 'timeCostPerVisit' | 'consumerSurplusPerVisit',
      ][] = [
        ['spending', 'spendingPerVisit'],
        ['time-cost', 'timeCostPerVisit'],
        ['consumer-surplus', 'consumerSurplusPerVisit'],
      ];
      const valuations: Valuation[] = [];
      for (const [component, field] of parts) {
        const price = seg[field];
        if (price === undefined) continue;
        if (!include.has(component)) {
          ctx.warn(
            issue('INPUT_IGNORED', [...path, field], {
              field,
              reason: `component ${component} is not in the method's components`,
            }),
          );
          continue;
        }
        valuations.push({
          kind: 'unit-price',
          label: component,
          price,
          origin: { kind: 'input', path: [...path, field] },
        });
      }
      return {
        subItem: seg.name,
        ecosystem: null,
        zone: seg.zone ?? null,
        physical: seg.visits,
        valuations,
        path,
      };
    });
  },
};

const revenueSwitches = z.strictObject({});

export const recreationRevenueShare: MethodSpec<z.output<typeof revenueSwitches>> = {
  id: 'recreation/revenue-share',
  version: 1,
  title: {
    zh: '休闲旅游（旅游收入 × 生态贡献率）',
    en: 'Recreation and tourism (revenue × ecological share)',
  },
  category: 'cultural',
  physicalUnit: null,
  subItems: [],
  coefficientKeys: [],
  inputs: ['tourism.revenue[]'],
  switches: revenueSwitches,
  hasInput: (input) => (input.tourism?.revenue.length ?? 0) > 0,
  compute(ctx) {
    if ((ctx.input.tourism?.segments.length ?? 0) > 0) {
      ctx.warn(
        issue('INPUT_IGNORED', ['tourism', 'segments'], {
          field: 'tourism.segments',
          reason: 'the revenue-share method values revenue, not visits',
        }),
      );
    }
    return (ctx.input.tourism?.revenue ?? []).map((rec, i): Line => {
      const path = ['tourism', 'revenue', i];
      return {
        subItem: null,
        ecosystem: null,
        zone: rec.zone ?? null,
        physical: null,
        valuations: [
          {
            kind: 'amount',
            label: 'tourism revenue',
            money: rec.amount,
            origin: { kind: 'input', path: [...path, 'amount'] },
            factor: {
              value: rec.ecologicalShare,
              label: 'ecological share',
              origin: { kind: 'input', path: [...path, 'ecologicalShare'] },
            },
          },
        ],
        path,
      };
    });
  },
};
