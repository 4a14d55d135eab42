import * as z from 'zod/mini';
import type { AccountInput } from '../../input/input';
import { Decimal } from '../../core/decimal';
import { GepError, type Issue, type Path, fail, issue } from '../../core/errors';
import type { Price } from '../../core/money';
import { type Quantity, convertValue } from '../../core/units';
import type { Line, MethodContext, Named, PriceOrigin } from '../spec';

/**
 * Shared parts of the forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020, forest ecosystem
 * services). Every method works on the ecosystem rows of the chosen groups (forest by default), with A in hm².
 * Lineage-specific per-type data (erosion moduli, soil carbon rate, Shannon–Wiener class, …) come from
 * coefficient tables keyed by ecosystem type (`lyt.*` keys), so users supply them as a table.
 */

export type Eco = AccountInput['ecosystems'][number];
export const ZERO = new Decimal(0);

/** Ecosystem groups a method covers; the lineage is about forests. */
export const groupsSwitch = z
  ._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), ['forest'])
  .check(z.meta({ description: 'Ecosystem groups whose rows are accounted (the lineage covers forests).' }));

/** What to do with a negative term (P − E − C, X₂ − X₁): refuse, count as zero, or keep, with a warning. */
export const negativeSwitch = (dflt: 'refuse' | 'zero' | 'keep') =>
  z._default(z.enum(['refuse', 'zero', 'keep']), dflt);
export type NegativeRule = 'refuse' | 'zero' | 'keep';

/** Area of a row in hm² (the lineage's A). */
export function hectares(eco: Eco): Decimal {
  return convertValue(eco.area.value, eco.area.unit, 'hm2');
}

/**
 * One task per ecosystem row of the chosen groups; each may return several lines (one per sub-item). Every
 * failing row is collected so that one run lists every missing coefficient or input.
 */
export function rowLines<S extends { groups: string[] }>(
  ctx: MethodContext<S>,
  make: (eco: Eco, path: Path) => Line[],
): Line[] {
  const lines: Line[] = [];
  const problems: Issue[] = [];
  ctx.input.ecosystems.forEach((eco, i) => {
    if (!ctx.switches.groups.includes(ctx.groupOf(eco.type))) return;
    const path: Path = ['ecosystems', i];
    try {
      lines.push(...make(eco, path));
    } catch (e) {
      if (e instanceof GepError)
        problems.push(...e.issues.map((x) => ({ ...x, path: x.path.length ? x.path : path })));
      else throw e;
    }
  });
  if (problems.length > 0) throw new GepError(problems);
  return lines;
}

/** Applies the negative-term rule, warning when the term is negative and not refused. */
export function signRule<S>(
  ctx: MethodContext<S>,
  rule: NegativeRule,
  what: string,
  value: Decimal,
  unit: string,
  path: Path,
): Decimal {
  if (!value.isNegative()) return value;
  const shown = `${value.toFixed()} ${unit}`;
  if (rule === 'refuse') fail('NEGATIVE_TERM_REFUSED', path, { what, value: shown });
  ctx.warn(
    issue('NEGATIVE_TERM', path, {
      what,
      value: shown,
      rule:
        rule === 'zero'
          ? 'counted as zero (negativeTerms = zero)'
          : 'kept as negative (negativeTerms = keep)',
    }),
  );
  return rule === 'zero' ? ZERO : value;
}

/** How the surface runoff C (mm) is obtained: a depth per type, or P × the type's runoff coefficient. */
export const runoffSwitch = z._default(z.enum(['depth', 'coefficient']), 'depth').check(
  z.meta({
    description:
      'C from lyt.runoff_depth (mm, per type), or C = P × runoff.coefficient (the R1 runoff coefficients).',
  }),
);

/** The switches of the two items that value the regulated water volume (调节水量, 净化水质). */
export const waterBalanceSwitches = z.strictObject({
  groups: groupsSwitch,
  runoff: runoffSwitch,
  negativeTerms: negativeSwitch('zero'),
});

/**
 * The water balance of the lineage's water items: P − E − C (mm), with A in hm².
 *   G = 10 × A × (P − E − C)  m³/a   (10 = 10⁻³ m/mm × 10⁴ m²/hm²)
 * The physical quantity is computed as depth × area through the unit catalogue, which is that factor exactly.
 */
export function waterBalance<S extends { runoff: 'depth' | 'coefficient'; negativeTerms: NegativeRule }>(
  ctx: MethodContext<S>,
  eco: Eco,
  path: Path,
): { volume: Quantity<'m3'>; terms: Record<string, string> } {
  const zone = eco.zone ?? null;
  const p = ctx.climate('precipitation', zone, eco.type, path).value.value; // mm
  const e = ctx.climate('evapotranspiration', zone, eco.type, path).value.value; // mm
  let c: Decimal;
  const terms: Record<string, string> = {};
  if (ctx.switches.runoff === 'depth') {
    c = ctx.scalar('lyt.runoff_depth', eco.type, 'mm', path);
  } else {
    const alpha = ctx.scalar('runoff.coefficient', eco.type, 'one', path);
    c = p.times(alpha);
    terms.alpha = alpha.toFixed();
  }
  const raw = p.minus(e).minus(c); // P − E − C: evapotranspiration and runoff, each subtracted once
  const net = signRule(
    ctx,
    ctx.switches.negativeTerms,
    `P − E − C for ${eco.type}${zone ? ` in ${zone}` : ''}`,
    raw,
    'mm',
    path,
  );
  const a = hectares(eco);
  // 1 mm over 1 hm² = 10⁻³ m × 10⁴ m² = 10 m³
  const volume: Quantity<'m3'> = {
    value: convertValue(net, 'mm', 'm').times(convertValue(a, 'hm2', 'm2')),
    unit: 'm3',
  };
  return {
    volume,
    terms: {
      A: `${a.toFixed()} hm²`,
      P: `${p.toFixed()} mm`,
      E: `${e.toFixed()} mm`,
      C: `${c.toFixed()} mm`,
      ...terms,
      'P-E-C': `${raw.toFixed()} mm`,
      ...(raw.equals(net) ? {} : { 'P-E-C used': `${net.toFixed()} mm` }),
    },
  };
}

/** How X₂ − X₁ is supplied: the two erosion moduli, or their difference. */
export const erosionSwitch = z._default(z.enum(['moduli', 'difference']), 'moduli').check(
  z.meta({
    description:
      'moduli: X₂ = lyt.erosion_modulus.unforested, X₁ = lyt.erosion_modulus.forested; difference: lyt.erosion_difference = X₂ − X₁.',
  }),
);

/**
 * X₂ − X₁ (t/(hm²·a)): erosion modulus without forest minus erosion modulus with forest. Positive for a forest
 * that holds soil; a negative value is almost always swapped moduli, so the default rule refuses it.
 */
export function erosionDifference<
  S extends { erosion: 'moduli' | 'difference'; negativeTerms: NegativeRule },
>(ctx: MethodContext<S>, eco: Eco, path: Path): { rate: Decimal; terms: Record<string, string> } {
  let raw: Decimal;
  let terms: Record<string, string>;
  if (ctx.switches.erosion === 'moduli') {
    const x2 = ctx.scalar('lyt.erosion_modulus.unforested', eco.type, 't_per_hm2_a', path);
    const x1 = ctx.scalar('lyt.erosion_modulus.forested', eco.type, 't_per_hm2_a', path);
    raw = x2.minus(x1); // X₂ (without forest) − X₁ (with forest)
    terms = { X2: `${x2.toFixed()} t/(hm²·a)`, X1: `${x1.toFixed()} t/(hm²·a)` };
  } else {
    raw = ctx.scalar('lyt.erosion_difference', eco.type, 't_per_hm2_a', path);
    terms = {};
  }
  const rate = signRule(ctx, ctx.switches.negativeTerms, `X₂ − X₁ for ${eco.type}`, raw, 't/(hm²·a)', path);
  return {
    rate,
    terms: {
      ...terms,
      'X2-X1': `${raw.toFixed()} t/(hm²·a)`,
      ...(raw.equals(rate) ? {} : { 'X2-X1 used': `${rate.toFixed()} t/(hm²·a)` }),
    },
  };
}

/** Net primary productivity B of a row, t d.m./(hm²·a), from the most specific productivity record. */
export function nppOf<S>(ctx: MethodContext<S>, eco: Eco, path: Path): { b: Decimal; source: string } {
  const zone = eco.zone ?? null;
  const found = ctx.specific(ctx.input.productivity, zone, eco.type, (p) => p.npp !== undefined);
  const npp = found?.record.npp;
  if (found === undefined || npp === undefined)
    fail('SPATIAL_INPUT_MISSING', path, {
      field: 'npp',
      zone: zone ?? '(region)',
      type: eco.type,
      section: 'productivity',
    });
  return {
    b: convertValue(npp.value, npp.unit, 't_DM_per_hm2_a', ['productivity', found.index, 'npp']),
    source: `productivity[${found.index}].npp`,
  };
}

/** Nutrients of the lineage: nitrogen, phosphorus, potassium, organic matter. */
export const NUTRIENTS = {
  n: { word: 'nitrogen', name: { zh: '氮', en: 'Nitrogen (N)' } },
  p: { word: 'phosphorus', name: { zh: '磷', en: 'Phosphorus (P)' } },
  k: { word: 'potassium', name: { zh: '钾', en: 'Potassium (K)' } },
  om: { word: 'organic_matter', name: { zh: '有机质', en: 'Organic matter (M)' } },
} as const satisfies Record<string, { word: string; name: Named }>;
export type Nutrient = keyof typeof NUTRIENTS;

/**
 * The fertiliser each nutrient is priced by (C/R: fertiliser price ÷ its nutrient content):
 *   N: C₁/R₁ (diammonium phosphate price ÷ its N content), P: C₁/R₂ (the same price ÷ its P content),
 *   K: C₂/R₃ (potassium chloride price ÷ its K content), organic matter: C₃ (organic matter price, per t).
 * N and P share C₁; K has its own price C₂ (using C₃ for K is a bug seen in public implementations).
 */
export const FERTILISER: Record<Nutrient, { price: string; content: string | null; symbols: string }> = {
  n: { price: 'lyt.fertiliser.dap.price', content: 'lyt.fertiliser.dap.n_content', symbols: 'C₁/R₁' },
  p: { price: 'lyt.fertiliser.dap.price', content: 'lyt.fertiliser.dap.p_content', symbols: 'C₁/R₂' },
  k: { price: 'lyt.fertiliser.kcl.price', content: 'lyt.fertiliser.kcl.k_content', symbols: 'C₂/R₃' },
  om: { price: 'lyt.fertiliser.organic_matter.price', content: null, symbols: 'C₃' },
};
export const FERTILISER_KEYS = [
  'lyt.fertiliser.dap.price',
  'lyt.fertiliser.dap.n_content',
  'lyt.fertiliser.dap.p_content',
  'lyt.fertiliser.kcl.price',
  'lyt.fertiliser.kcl.k_content',
  'lyt.fertiliser.organic_matter.price',
];

/** Price per t of a nutrient: C / R (one division), or C₃ as it is for organic matter. */
export function nutrientPrice<S>(
  ctx: MethodContext<S>,
  k: Nutrient,
  type: string,
  path: Path,
): { price: Price; origin: PriceOrigin; label: string } {
  const f = FERTILISER[k];
  const base = ctx.tablePrice(f.price, type, path);
  if (f.content === null) return { ...base, label: `${k.toUpperCase()} at ${f.symbols} (${f.price})` };
  const r = ctx.scalar(f.content, type, 'one', path);
  if (r.lessThanOrEqualTo(0)) fail('VALUE_NOT_POSITIVE', path, { what: f.content, value: r.toFixed() });
  return {
    price: { ...base.price, value: base.price.value.div(r) },
    origin: base.origin,
    label: `${k.toUpperCase()} at ${f.symbols} (${f.price} ÷ ${f.content} = ${base.price.value.toFixed()} ÷ ${r.toFixed()})`,
  };
}

/** A quantity in t (mass), of a computed value (qty() reads values as inputs, within NUMBER_LIMITS). */
export const tonnes = (v: Decimal): Quantity<'t'> => ({ value: v, unit: 't' });
