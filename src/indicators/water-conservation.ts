import * as z from 'zod/mini';
import { GepError, type Issue, issue } from '../core/errors';
import { convertValue, depthOverArea } from '../core/units';
import type { AccountInput } from '../input/input';
import type { Line, MethodContext, MethodSpec, Valuation } from './spec';

/**
 * R1 water conservation (水源涵养) by the water balance (水量平衡法), valued by the shadow project (影子工程法):
 *   Q_wr = Σ_i A_i × (P_i − R_i − ET_i),  R_i = P_i × α_i,  V_wr = Q_wr × C_we [+ Q_wr × C_om]
 * A_i area, P_i precipitation, ET_i evapotranspiration (mm), α_i mean runoff coefficient of type i, C_we reservoir
 * construction cost per m³ of storage, C_om its annual operation cost per m³ (some specifications add it).
 * With A in km² and depths in mm, A × depth × 10³ is m³; here every term is converted to m and m² first.
 * Totals computed elsewhere (GIS, a published account) may replace the balance (source "totals"): one line per
 * record of `waterConservation`, Q_wr as given, valued the same way.
 */
const switches = z.strictObject({
  groups: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), [
    'forest',
    'shrub',
    'grassland',
    'wetland',
  ]),
  negativeTerms: z._default(z.enum(['refuse', 'zero', 'keep']), 'zero'),
  operationCost: z._default(z.boolean(), false),
  source: z._default(z.enum(['balance', 'totals']), 'balance'),
});
type Switches = z.output<typeof switches>;

export const waterConservation: MethodSpec<Switches> = {
  id: 'water-conservation/water-balance',
  version: 1,
  title: {
    zh: '水源涵养（水量平衡法，影子工程法定价）',
    en: 'Water conservation (water balance, shadow project)',
  },
  category: 'regulating',
  physicalUnit: 'm3',
  subItems: [],
  coefficientKeys: ['runoff.coefficient', 'price.reservoir_storage', 'price.reservoir_operation'],
  inputs: ['ecosystems[]', 'climate[].precipitation', 'climate[].evapotranspiration', 'waterConservation[]'],
  switches,
  hasInput: (input, s) =>
    s.groups.length > 0 &&
    (s.source === 'balance' ? input.ecosystems.length > 0 : input.waterConservation.length > 0),
  missingInput: (s) => (s.source === 'balance' ? 'ecosystems[]' : 'waterConservation[]'),
  compute(ctx) {
    if (ctx.switches.source === 'totals') return totalLines(ctx);
    if (ctx.input.waterConservation.length > 0)
      ctx.warn(
        issue('INPUT_IGNORED', ['waterConservation'], {
          field: `waterConservation (${ctx.input.waterConservation.length} totals)`,
          reason: 'source is "balance"; set R1’s switch source to "totals" to use them',
        }),
      );
    const lines: Line[] = [];
    const problems: Issue[] = [];
    for (const [i, eco] of ctx.input.ecosystems.entries()) {
      if (!ctx.switches.groups.includes(ctx.groupOf(eco.type))) continue;
      const path = ['ecosystems', i];
      try {
        lines.push(ecosystemLine(ctx, eco, i));
      } catch (e) {
        // Collect every missing coefficient or climate value before failing, so one run lists them all.
        if (e instanceof GepError)
          problems.push(...e.issues.map((x) => ({ ...x, path: x.path.length ? x.path : path })));
        else throw e;
      }
    }
    if (problems.length > 0) throw new GepError(problems);
    return lines;
  },
};

/** One line per total of a type in the groups; a total of another type is left out with a warning naming it. */
function totalLines(ctx: MethodContext<Switches>): Line[] {
  return ctx.input.waterConservation.flatMap((t, i): Line[] => {
    const path = ['waterConservation', i];
    if (!ctx.switches.groups.includes(ctx.groupOf(t.ecosystem))) {
      ctx.warn(
        issue('INPUT_IGNORED', path, {
          field: `waterConservation ${t.amount.value.toFixed()} ${t.amount.unit} of ${t.ecosystem}`,
          reason: `${t.ecosystem} is not in R1’s groups ${ctx.switches.groups.join(', ')}`,
        }),
      );
      return [];
    }
    const q = { value: convertValue(t.amount.value, t.amount.unit, 'm3'), unit: 'm3' as const };
    return [
      {
        subItem: null,
        ecosystem: t.ecosystem,
        zone: t.zone ?? null,
        physical: q,
        valuations: valuations(ctx, t.ecosystem, path),
        terms: { Q: `${q.value.toFixed()} m³ (total given)` },
        path,
      },
    ];
  });
}

function valuations(ctx: MethodContext<Switches>, type: string, path: (string | number)[]): Valuation[] {
  const out: Valuation[] = [
    {
      kind: 'unit-price',
      label: 'reservoir construction cost',
      ...ctx.tablePrice('price.reservoir_storage', type, path),
    },
  ];
  if (ctx.switches.operationCost)
    out.push({
      kind: 'unit-price',
      label: 'reservoir operation cost',
      ...ctx.tablePrice('price.reservoir_operation', type, path),
    });
  return out;
}

function ecosystemLine(
  ctx: MethodContext<Switches>,
  eco: AccountInput['ecosystems'][number],
  i: number,
): Line {
  const path = ['ecosystems', i];
  const zone = eco.zone ?? null;
  const alpha = ctx.scalar('runoff.coefficient', eco.type, 'one', path);
  const p = ctx.climate('precipitation', zone, eco.type, path);
  const et = ctx.climate('evapotranspiration', zone, eco.type, path);
  const runoff = p.value.value.times(alpha); // R = P × α (mm)
  let net = p.value.value.minus(runoff).minus(et.value.value); // P − R − ET (mm)
  if (net.isNegative()) {
    const what = `P − R − ET for ${eco.type}${zone ? ` in ${zone}` : ''}`;
    const rule = ctx.switches.negativeTerms;
    if (rule === 'refuse')
      throw new GepError(issue('NEGATIVE_TERM_REFUSED', path, { what, value: `${net.toFixed()} mm` }));
    ctx.warn(
      issue('NEGATIVE_TERM', path, {
        what,
        value: `${net.toFixed()} mm`,
        rule:
          rule === 'zero'
            ? 'counted as zero (negativeTerms = zero)'
            : 'kept as negative (negativeTerms = keep)',
      }),
    );
    if (rule === 'zero') net = net.times(0);
  }
  const q = depthOverArea({ value: net, unit: 'mm' }, eco.area);
  return {
    subItem: null,
    ecosystem: eco.type,
    zone,
    physical: q,
    valuations: valuations(ctx, eco.type, path),
    terms: {
      A: `${eco.area.value.toFixed()} ${eco.area.unit}`,
      P: `${p.value.value.toFixed()} mm`,
      alpha: alpha.toFixed(),
      R: `${runoff.toFixed()} mm`,
      ET: `${et.value.value.toFixed()} mm`,
      'P-R-ET': `${net.toFixed()} mm`,
    },
    path,
  };
}
