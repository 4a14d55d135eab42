import * as z from 'zod';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, issue } from '../core/errors';
import { normalizeId } from '../core/ids';
import { money, ownKeys, price, quantity } from '../core/schema';
import { UNITS, convertValue } from '../core/units';
import { parse, ranged } from './appraisal';
import { vepIssue } from './errors';
import { yuanOfFen } from './fen';
import { type Ratio, add, compare, decimalOfRatio, div, mul, ratio, ratioOf, roundFenOf, sub } from './ratio';

/**
 * Market comparison and replacement cost, the two conventional appraisals beside income capitalisation
 * (docs/vep.md, Appraisal chain; the methods of land and forest-asset appraisal, e.g. GB/T 18508—2014 市场比较法
 * and 成本法 — the factor names follow them, the factor values are the appraiser's).
 *
 * Market comparison, per comparable i with unit price Pᵢ (元 per area) and correction factors k_{i,j} (transaction
 * condition, date, regional, individual, term: each the subject's index over the comparable's, e.g. 100/102):
 *   Pᵢ' = Pᵢ × Π_j k_{i,j},   P = Σ wᵢ Pᵢ' / Σ wᵢ (weights default 1),   V = P × A (subject area)
 * At least three comparables (the usual rule of the appraisal standards), each once (DUPLICATE_ID; ids compared by
 * the id rule) and at a positive price. A factor outside [0.8, 1.2], or the
 * factors of one comparable together outside [0.7, 1.3], is warned (VEP_COMPARISON_ADJUSTMENT_LARGE): a
 * comparable that needs that much correction is hardly comparable, and a factor typed as an index (102 for 1.02)
 * lands there. The bands are gepkit's (ADJUSTMENT_BANDS), after the limits of ±20 % per adjustment and ±30 % in all
 * commonly quoted from the real-estate appraisal code GB/T 50291 (房地产估价规范), whose text was not read.
 * The corrected unit prices are averaged only when they agree: `spread` is the highest over the lowest, and above
 * SPREAD_LIMIT the comparables are warned (VEP_COMPARISON_SPREAD): they do not describe one market for the subject.
 *
 * Replacement cost: V = C × (1 − a/L) × K, with C the cost of re-creating the asset at the valuation date, a its
 * age and L its economic life in years (0 ≤ a ≤ L; straight-line depreciation), K a condition factor (default 1).
 */

const factor = ranged('correction factor', '0', '1000', '()');

/**
 * The bands of correction factors beyond which a comparable is warned: one factor, and the product of one
 * comparable's factors. gepkit's assumption (grade: assumed), after the ±20 % / ±30 % limits commonly quoted from
 * GB/T 50291 房地产估价规范; the standard's text was not read.
 */
export const ADJUSTMENT_BANDS = { single: ['0.8', '1.2'], combined: ['0.7', '1.3'] } as const;

/**
 * The largest ratio of the highest corrected unit price to the lowest beyond which the comparables are warned.
 * gepkit's assumption (grade: assumed): appraisal reports average corrected prices only when they are close, and
 * no standard's figure for "close" was confirmed; 1.2 is the single-factor band above.
 */
export const SPREAD_LIMIT = '1.2';

/** Warnings for factors of one comparable outside ADJUSTMENT_BANDS. */
function adjustmentWarnings(id: string, factors: Record<string, Decimal>, at: (string | number)[]): Issue[] {
  const out: Issue[] = [];
  const outside = (d: Decimal, [lo, hi]: readonly [string, string]) => d.lt(lo) || d.gt(hi);
  const band = ([lo, hi]: readonly [string, string]) => `[${lo}, ${hi}]`;
  const entries = Object.entries(factors);
  for (const [name, k] of entries)
    if (outside(k, ADJUSTMENT_BANDS.single))
      out.push(
        vepIssue('VEP_COMPARISON_ADJUSTMENT_LARGE', [...at, 'factors', name], {
          id,
          factor: name,
          value: k.toFixed(),
          band: band(ADJUSTMENT_BANDS.single),
        }),
      );
  if (entries.length > 1) {
    const all = entries.reduce((p, [, k]) => p.times(k), new Decimal(1));
    if (outside(all, ADJUSTMENT_BANDS.combined))
      out.push(
        vepIssue('VEP_COMPARISON_ADJUSTMENT_LARGE', [...at, 'factors'], {
          id,
          factor: entries.map(([name]) => name).join(' × '),
          value: all.toFixed(),
          band: band(ADJUSTMENT_BANDS.combined),
        }),
      );
  }
  return out;
}

export const marketSchema = z
  .object({
    subject: z.object({ area: quantity('area', 'subject area') }).strict(),
    comparables: z
      .array(
        z
          .object({
            id: z.string().min(1),
            price: price(['area'], 'comparable unit price'),
            factors: ownKeys(z.record(z.string().min(1), factor).default({})),
            weight: z.optional(ranged('weight', '0', '1000000', '(]')),
          })
          .strict(),
      )
      .min(3, 'at least three comparables'),
  })
  .strict();

/** The exact size of one unit in its dimension's base unit (m² for areas, 元 for money), as a ratio. */
const unitRatio = (u: keyof typeof UNITS): Ratio => ratio(UNITS[u].num, UNITS[u].den);
const M2_PER_HM2 = unitRatio('hm2'); // m² in a hm², from the unit catalogue

/**
 * Market comparison: weighted mean of the corrected unit prices × the subject's area. Computed in exact ratios
 * (prices per m², areas in m², 1 亩 = 2000/3 m²): the value is rounded once, half to even, to the fen, and the unit
 * price, area and `exact` are shown to 40 significant digits (exact where their decimal form ends there).
 */
export function marketComparison(json: unknown) {
  const m = parse(marketSchema, json, ['market']);
  const year = m.comparables[0]?.price.priceYear as number;
  // Each comparable once (ids compared by the id rule), at a positive price, of the first one's price year.
  const issues: Issue[] = [];
  const seen = new Set<string>();
  m.comparables.forEach((c, i) => {
    const at = ['market', 'comparables', i];
    const id = normalizeId(c.id);
    if (seen.has(id)) issues.push(issue('DUPLICATE_ID', [...at, 'id'], { id }));
    seen.add(id);
    if (!c.price.value.gt(0))
      issues.push(
        vepIssue('VEP_APPRAISAL_INVALID', [...at, 'price', 'value'], {
          detail: `comparable unit price ${c.price.value.toFixed()} must be positive`,
        }),
      );
    if (c.price.priceYear !== year)
      issues.push(
        vepIssue('VEP_PRICE_YEAR_MISMATCH', [...at, 'price', 'priceYear'], {
          what: `comparable ${c.id}`,
          a: c.price.priceYear,
          b: year,
        }),
      );
  });
  if (issues.length > 0) throw new GepError(issues);
  let num = ratio(0);
  let den = ratio(0);
  const warnings: Issue[] = [];
  const shown = (q: Ratio) => decimalOfRatio(q).toFixed();
  const corrected: Ratio[] = []; // 元 per m², in the comparables' order
  const rows = m.comparables.map((c, i) => {
    warnings.push(...adjustmentWarnings(c.id, c.factors, ['market', 'comparables', i]));
    // 元 per m² of this comparable, then corrected
    const perM2 = div(mul(ratioOf(c.price.value), unitRatio(c.price.money)), unitRatio(c.price.per));
    const k = Object.values(c.factors).reduce((p, f) => mul(p, ratioOf(f)), perM2);
    corrected.push(k);
    const w = c.weight ?? new Decimal(1);
    num = add(num, mul(k, ratioOf(w)));
    den = add(den, ratioOf(w));
    return {
      id: c.id,
      unitPrice: shown(mul(perM2, M2_PER_HM2)),
      corrected: shown(mul(k, M2_PER_HM2)),
      weight: w.toFixed(),
    };
  });
  const spread = spreadOf(m.comparables.map((c, i) => ({ id: c.id, corrected: corrected[i] as Ratio })));
  if (compare(spread.ratio, ratioOf(new Decimal(SPREAD_LIMIT))) > 0)
    warnings.push(
      vepIssue('VEP_COMPARISON_SPREAD', ['market', 'comparables'], {
        highest: spread.highest,
        lowest: spread.lowest,
        ratio: shown(spread.ratio),
        limit: SPREAD_LIMIT,
      }),
    );
  const unit = div(num, den); // 元 per m²
  const area = mul(ratioOf(m.subject.area.value), unitRatio(m.subject.area.unit)); // m²
  const value = mul(unit, area);
  return {
    method: 'market-comparison',
    comparables: rows,
    unitPrice: { value: shown(mul(unit, M2_PER_HM2)), unit: 'yuan/hm2' },
    spread: { highest: spread.highest, lowest: spread.lowest, ratio: shown(spread.ratio) },
    area: { value: shown(div(area, M2_PER_HM2)), unit: 'hm2' },
    value: yuanOfFen(roundFenOf(value)),
    exact: shown(value),
    priceYear: year,
    warnings,
  };
}

/** The comparables of the highest and the lowest corrected unit price (the first of equals) and their ratio. */
function spreadOf(rows: readonly { id: string; corrected: Ratio }[]): {
  highest: string;
  lowest: string;
  ratio: Ratio;
} {
  let hi = rows[0] as { id: string; corrected: Ratio };
  let lo = hi;
  for (const r of rows) {
    if (compare(r.corrected, hi.corrected) > 0) hi = r;
    if (compare(r.corrected, lo.corrected) < 0) lo = r;
  }
  return { highest: hi.id, lowest: lo.id, ratio: div(hi.corrected, lo.corrected) };
}

export const replacementSchema = z
  .object({
    cost: money('replacement cost'),
    age: z.number().min(0),
    life: z.number().positive(),
    condition: z.optional(ranged('condition factor', '0', '10', '(]')),
  })
  .strict()
  .refine((o) => o.age <= o.life, { message: 'age must not exceed the economic life', path: ['age'] });

/** Replacement cost less straight-line depreciation, times a condition factor. */
export function replacementCost(json: unknown) {
  const r = parse(replacementSchema, json, ['replacement']);
  const c = convertValue(r.cost.amount, r.cost.unit, 'yuan');
  // 1 − a/L and the product kept exact (2/3 has no finite decimal form): rounded once, to the fen.
  const remainingRatio = sub(ratio(1), div(ratioOf(new Decimal(r.age)), ratioOf(new Decimal(r.life))));
  const exact = mul(mul(ratioOf(c), remainingRatio), ratioOf(new Decimal(r.condition ?? 1)));
  const remaining = decimalOfRatio(remainingRatio);
  const value = decimalOfRatio(exact);
  const shown = yuanOfFen(roundFenOf(exact));
  // Above 1 the asset is worth more than it costs to replace: warned, not refused (a condition may justify it).
  const warnings =
    r.condition !== undefined && r.condition.greaterThan(1)
      ? [
          vepIssue('VEP_CONDITION_HIGH', ['replacement', 'condition'], {
            condition: r.condition.toFixed(),
            remaining: remaining.toFixed(),
            value: shown,
          }),
        ]
      : [];
  return {
    method: 'replacement-cost',
    cost: c.toFixed(),
    remainingShare: remaining.toFixed(),
    value: shown,
    exact: value.toFixed(),
    priceYear: r.cost.priceYear,
    warnings,
  };
}
