import * as z from 'zod/mini';
import { Decimal } from '../core/decimal';
import { type Path, fail, issue } from '../core/errors';
import type { Price } from '../core/money';
import { type Quantity, convertValue } from '../core/units';
import { collect } from './collect';
import type { Line, MethodContext, MethodSpec, Valuation } from './spec';

/**
 * R2 soil retention (土壤保持): RUSLE, valued by replacement cost (替代成本法).
 *   Q_sr = A × R × K × LS × (1 − C × P)            (t/a; A in hm², R×K×LS×(…) in t/(hm²·a))
 *   variant "c-only": (1 − C), i.e. P = 1
 *   V_sd  = λ × (Q_sr / ρ) × c                      reduced siltation: λ deposition ratio, ρ bulk density (t/m³),
 *                                                    c dredging or reservoir cost (元/m³)
 *   V_dpd = Σ_k Q_sr × C_k × P_k                     reduced non-point pollution: C_k nutrient content, P_k price
 *           per t of nutrient (treatment cost, or fertiliser price ÷ the fertiliser's nutrient content)
 * Retention totals computed elsewhere (GIS) may replace the RUSLE term (source "totals").
 */
const NUTRIENTS = { n: 'nitrogen', p: 'phosphorus', k: 'potassium', om: 'organic_matter' } as const;
type Nutrient = keyof typeof NUTRIENTS;

const switches = z.strictObject({
  groups: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), [
    'forest',
    'shrub',
    'grassland',
    'cropland',
  ]),
  source: z._default(z.enum(['factors', 'totals']), 'factors'),
  practice: z._default(z.enum(['cp', 'c-only']), 'cp'),
  siltationCost: z._default(z.enum(['dredging', 'reservoir']), 'dredging'),
  nutrients: z._default(z.array(z.enum(['n', 'p', 'k', 'om'])), ['n', 'p']),
  nutrientPricing: z._default(z.enum(['treatment-cost', 'fertiliser']), 'treatment-cost'),
});
type Switches = z.output<typeof switches>;
type Ctx = MethodContext<Switches>;

export const soilRetention: MethodSpec<Switches> = {
  id: 'soil-retention/rusle',
  version: 1,
  title: { zh: '土壤保持（RUSLE，替代成本法）', en: 'Soil retention (RUSLE, replacement cost)' },
  category: 'regulating',
  physicalUnit: 't',
  subItems: [
    { code: 'siltation', name: { zh: '减少泥沙淤积', en: 'Reduced siltation' } },
    { code: 'non-point-pollution', name: { zh: '减少面源污染', en: 'Reduced non-point pollution' } },
  ],
  coefficientKeys: [
    'soil.sediment_deposition_ratio',
    'soil.bulk_density',
    'price.dredging',
    'price.reservoir_storage',
    'soil.<nutrient>_content',
    'price.nutrient.<n|p|k|om>',
    'price.fertiliser.<n|p|k|om>',
    'fertiliser.<n|p|k|om>_content',
  ],
  inputs: ['soilFactors[]', 'soilRetention[]'],
  switches,
  hasInput: (input, s) =>
    s.source === 'factors' ? input.soilFactors.length > 0 : input.soilRetention.length > 0,
  missingInput: (s) => (s.source === 'factors' ? 'soilFactors[]' : 'soilRetention[]'),
  compute(ctx) {
    const other = ctx.switches.source === 'factors' ? 'soilRetention' : 'soilFactors';
    if (ctx.input[other].length > 0) {
      ctx.warn(
        issue('INPUT_IGNORED', [other], { field: other, reason: `source is "${ctx.switches.source}"` }),
      );
    }
    const rows = ctx.switches.source === 'factors' ? factorRows(ctx) : totalRows(ctx);
    return collect(rows);
  },
};

/** One line per ecosystem row of the chosen groups, from the most specific RUSLE factor record. */
function factorRows(ctx: Ctx): (() => Line)[] {
  // A record's P ignored under c-only is said once, however many rows (zones) read the record.
  const ignoredP = new Set<number>();
  return ctx.input.ecosystems.flatMap((eco, i) => {
    if (!ctx.switches.groups.includes(ctx.groupOf(eco.type))) return [];
    return [
      () => {
        const path: Path = ['ecosystems', i];
        const zone = eco.zone ?? null;
        const found = ctx.specific(ctx.input.soilFactors, zone, eco.type);
        if (found === undefined) {
          fail('SPATIAL_INPUT_MISSING', path, {
            field: 'RUSLE factors',
            zone: zone ?? '(region)',
            type: eco.type,
            section: 'soilFactors',
          });
        }
        const f = found.record;
        const cOnly = ctx.switches.practice === 'c-only';
        if (cOnly && f.P !== undefined && !ignoredP.has(found.index)) {
          ignoredP.add(found.index);
          ctx.warn(
            issue('INPUT_IGNORED', ['soilFactors', found.index, 'P'], {
              field: 'P',
              reason: 'practice "c-only" takes P = 1',
            }),
          );
        }
        const p = cOnly ? new Decimal(1) : (f.P ?? new Decimal(1));
        const potential = f.R.value.times(f.K.value).times(f.LS); // t/(hm²·a), erosion without cover
        const rate = potential.times(new Decimal(1).minus(f.C.times(p))); // t/(hm²·a) retained
        const hm2 = convertValue(eco.area.value, eco.area.unit, 'hm2');
        const q: Quantity<'t'> = { value: rate.times(hm2), unit: 't' };
        return line(ctx, eco.type, zone, q, path, {
          A: `${hm2.toFixed()} hm²`,
          R: f.R.value.toFixed(),
          K: f.K.value.toFixed(),
          LS: f.LS.toFixed(),
          C: f.C.toFixed(),
          P: p.toFixed(),
          'R×K×LS': `${potential.toFixed()} t/(hm²·a)`,
          retained: `${rate.toFixed()} t/(hm²·a)`,
          source: `soilFactors[${found.index}]`,
        });
      },
    ];
  });
}

/** One line per retention total (computed elsewhere) of a type in the chosen groups; others named, left out. */
function totalRows(ctx: Ctx): (() => Line)[] {
  return ctx.input.soilRetention.flatMap((r, i) => {
    if (!ctx.switches.groups.includes(ctx.groupOf(r.ecosystem))) {
      ctx.warn(
        issue('INPUT_IGNORED', ['soilRetention', i], {
          field: `soilRetention ${r.amount.value.toFixed()} ${r.amount.unit} of ${r.ecosystem}`,
          reason: `${r.ecosystem} is not in R2’s groups ${ctx.switches.groups.join(', ')}`,
        }),
      );
      return [];
    }
    return [
      () => {
        const q: Quantity<'t'> = { value: convertValue(r.amount.value, r.amount.unit, 't'), unit: 't' };
        return line(ctx, r.ecosystem, r.zone ?? null, q, ['soilRetention', i], {
          source: `soilRetention[${i}]`,
        });
      },
    ];
  });
}

function line(
  ctx: Ctx,
  type: string,
  zone: string | null,
  q: Quantity<'t'>,
  path: Path,
  terms: Record<string, string>,
): Line {
  const lambda = ctx.scalar('soil.sediment_deposition_ratio', type, 'one', path);
  const rho = ctx.scalar('soil.bulk_density', type, 't_per_m3', path);
  const sediment: Quantity<'m3'> = { value: lambda.times(q.value).div(rho), unit: 'm3' }; // λ × Q / ρ
  const costKey = ctx.switches.siltationCost === 'dredging' ? 'price.dredging' : 'price.reservoir_storage';
  const valuations: Valuation[] = [
    {
      kind: 'unit-price',
      label: `siltation (${ctx.switches.siltationCost} cost)`,
      subItem: 'siltation',
      quantity: sediment,
      ...ctx.tablePrice(costKey, type, path),
    },
  ];
  for (const k of ctx.switches.nutrients) {
    const content = ctx.scalar(`soil.${NUTRIENTS[k]}_content`, type, 'one', path);
    const nutrient: Quantity<'t'> = { value: q.value.times(content), unit: 't' };
    valuations.push({
      kind: 'unit-price',
      label: `${k.toUpperCase()} (${ctx.switches.nutrientPricing})`,
      subItem: 'non-point-pollution',
      quantity: nutrient,
      ...nutrientPrice(ctx, k, type, path),
    });
  }
  return {
    subItem: null,
    ecosystem: type,
    zone,
    physical: q,
    valuations,
    terms: {
      ...terms,
      lambda: lambda.toFixed(),
      rho: `${rho.toFixed()} t/m³`,
      sediment: `${sediment.value.toFixed()} m³`,
    },
    path,
  };
}

/** Price per t of nutrient: a treatment cost, or a fertiliser price divided by its nutrient content. */
function nutrientPrice(
  ctx: Ctx,
  k: Nutrient,
  type: string,
  path: Path,
): { price: Price; origin: Valuation['origin'] } {
  if (ctx.switches.nutrientPricing === 'treatment-cost')
    return ctx.tablePrice(`price.nutrient.${k}`, type, path);
  const fert = ctx.tablePrice(`price.fertiliser.${k}`, type, path);
  const share = ctx.scalar(`fertiliser.${k}_content`, type, 'one', path);
  if (share.isZero()) fail('VALUE_NOT_POSITIVE', path, { what: `fertiliser.${k}_content`, value: '0' });
  // e.g. urea 46 % N: price per t of N = price per t of urea / 0.46
  return { price: { ...fert.price, value: fert.price.value.div(share) }, origin: fert.origin };
}
