import * as z from 'zod';
import { GRADES, gradeAtLeast } from '../coefficients/schema';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, issue } from '../core/errors';
import { normalizeId } from '../core/ids';
import { money } from '../core/schema';
import { convertValue } from '../core/units';
import { parse, ranged, rate, rateWarnings } from './appraisal';
import { vepIssue } from './errors';
import { fenOfYuan, yuanOfFen } from './fen';
import { type Ratio, decimalOfRatio, floorFenOf, mul, ratio, ratioOf, roundFenOf, sub } from './ratio';
import { MAX_VALIDITY_MONTHS, isoDate } from './schema';
import { validUntil } from './context';

/**
 * The appraisal chain a bank lends on (docs/vep.md, Appraisal chain; ADR 0053). Symbols, money in 元:
 *
 *   F   annual flow (the parcel's or package's annual VEP, or its net income), at one price year
 *   r   capitalisation rate, 0 < r < 1; g growth (+) or decline (−) of the flow per year, −1 < g < 1 (default 0)
 *   n   whole years from the valuation date to the end of the rights (a final part-year is not capitalised:
 *       VEP_TERM_PART_YEAR)
 *   V = Σ_{t=1..n} F × (1 + g)^(t−1) / (1 + r)^t          income capitalisation over the rights' term
 *   H = V × (1 − h)                                         realisable value after the haircut h, 0 ≤ h < 1
 *   C = H × LTV                                             ceiling of all debt secured on it, 0 < LTV ≤ 1
 *   S = Σ L_k                                               existing liens in force (claims ranking ahead)
 *   M = C − S, rounded down to the fen                      maximum loan (可贷额度 = 评估值 × 抵押率 − 已担保债权余额);
 *                                                           0.00 with VEP_LOAN_NIL when C − S < 0.01 (a requested
 *                                                           loan is then refused)
 *   loan end ≤ min(valuation validUntil, rights' end)
 *
 * The liens are paid in full from the realisable value before anything is left for a new loan, so they are
 * deducted after the haircut and the LTV, not before: the LTV caps the total secured debt, the liens ahead and the
 * new loan together. Each lien also shows what it would recover of ⌊H⌋ by priority, 1 first, liens of one priority
 * sharing pro rata to their amounts (waterfall; 民法典 第四百一十四条).
 *
 * V, H, C, S and C − S are exact ratios (V in closed form: capitalise), shown rounded half-even to the fen with
 * 40 significant digits alongside; M is rounded down from the exact C − S, so a ceiling never exceeds its base.
 */

/**
 * Above this growth rate (or at or above the capitalisation rate) a VEP_GROWTH_HIGH warning is given: a flow growing
 * more than 10 % a year for the rights' whole term is not a plausible long-run rate, and 0.5 is 50 %, not 0.5 %
 * (gepkit's level, not a standard's).
 */
export const GROWTH_WARNING_LEVEL = '0.1';

const lien = z
  .object({
    holder: z.string().min(1),
    ref: z.string().min(1).optional(),
    amount: money('lien amount'),
    priority: z.number().int().min(1).meta({ description: '1 ranks first.' }),
    until: isoDate.optional().meta({ description: 'Last day in force; absent = until released.' }),
  })
  .strict();

export const loanSchema = z
  .object({
    id: z.string().min(1).meta({ description: 'Parcel or package appraised.' }),
    valuationDate: isoDate,
    validUntil: isoDate.meta({ description: 'Last day the valuation is valid (the basis validUntil).' }),
    annualFlow: money('annual flow'),
    rate: rate.check(z.meta({ description: 'Capitalisation rate r, 0 < r < 1.' })),
    growth: z.optional(ranged('growth rate', '-1', '1', '()')),
    rights: z.object({ until: isoDate, certificate: z.string().min(1).optional() }).strict(),
    liens: z.array(lien).default([]),
    haircut: ranged('haircut', '0', '1', '[)'),
    ltv: ranged('loan-to-value ratio', '0', '1', '(]'),
    loan: z
      .object({ start: isoDate, months: z.number().int().min(1).max(600) })
      .strict()
      .optional(),
    minGrade: z
      .enum(GRADES)
      .optional()
      .meta({ description: 'The bank’s lowest accepted evidence grade; `evidence` is then required.' }),
    evidence: z
      .array(z.object({ id: z.string().min(1), grade: z.enum(GRADES) }).strict())
      .default([])
      .meta({ description: 'Coefficients the valuation used, with their grades.' }),
  })
  .strict();

/** Whole years from `from` to `until` (inclusive of the last day) and the days left over. */
export function wholeYears(from: string, until: string): { years: number; daysLeft: number } {
  let years = 0;
  while (validUntil(from, 12 * (years + 1)) <= until) years += 1;
  // The last day of the whole years (the day before `from` when there is none: validUntil of 0 months).
  const end = validUntil(from, 12 * years);
  return { years, daysLeft: days(end, until) };
}
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/**
 * The income capitalisation over n years with growth g: the terms (each shown to 40 digits) and V as an exact
 * ratio. With A = 1 + g = a/D and B = 1 + r = b/D (integers a, b over one denominator D),
 *   V = F Σ_{t=1..n} A^(t−1)/B^t = F × D × N / bⁿ,   N = Σ_{t=1..n} a^(t−1) b^(n−t) = (bⁿ − aⁿ)/(b − a), or n·a^(n−1)
 * when a = b (g = r: every term is F/(1 + r), V = n F/(1 + r)). (bⁿ − aⁿ) = (b − a) Σ a^(t−1) b^(n−t) for integers,
 * so the division is exact. V is then rounded once, to the fen, and the maximum loan floored from the exact C − S:
 * a sum of 40-digit terms can fall a hair below a whole fen (20 000 as 19 999.99…97, floored to 19 999.99).
 */
function capitalise(f: Decimal, r: Decimal, g: Decimal, n: number) {
  let flow = f;
  let discount = new Decimal(1);
  const terms = [];
  for (let t = 1; t <= n; t++) {
    if (t > 1) flow = flow.times(g.plus(1));
    discount = discount.times(r.plus(1));
    const pv = flow.div(discount);
    terms.push({ t, flow: flow.toFixed(), discount: discount.toFixed(), presentValue: pv.toFixed() });
  }
  const A = ratioOf(g.plus(1));
  const B = ratioOf(r.plus(1));
  const [a, b, D] = [A.n * B.d, B.n * A.d, A.d * B.d];
  const N =
    n === 0 ? 0n : a === b ? BigInt(n) * a ** BigInt(n - 1) : (b ** BigInt(n) - a ** BigInt(n)) / (b - a);
  const value = mul(ratioOf(f), ratio(D * N, b ** BigInt(n)));
  return { value, terms };
}

/**
 * Shares of `total` fen in proportion to `weights` (each > 0 in sum), by largest remainder: each gets the floor of
 * its quota, and the fen left (fewer than the shares) go one each to the largest remainders; equal remainders: the
 * larger weight first, then the one given first (the sort is stable; a non-zero bigint difference converts to a
 * non-zero number of its sign).
 */
function proRataFen(total: bigint, weights: readonly bigint[]): bigint[] {
  const W = weights.reduce((a, b) => a + b, 0n);
  const rows = weights.map((w, i) => ({ i, w, base: (total * w) / W, rem: (total * w) % W }));
  let left = total - rows.reduce((a, r) => a + r.base, 0n);
  const out = rows.map((r) => r.base);
  const order = [...rows].sort((a, b) => Number(b.rem - a.rem) || Number(b.w - a.w));
  for (const r of order) {
    if (left === 0n) break;
    out[r.i] = (out[r.i] as bigint) + 1n;
    left -= 1n;
  }
  return out;
}

/**
 * Liens in force on the valuation date, by priority (1 first), each recovering what those ranking before it leave of
 * the realisable value H, to the whole fen (⌊H⌋): a priority whose liens together exceed what is left shares it in
 * proportion to their amounts (民法典 第四百一十四条: claims of one rank, such as unregistered mortgages, are paid
 * 按照债权比例), by largest remainder in fen (proRataFen). `secured` is S, the sum of the amounts in force (what ranks
 * ahead of a new loan, covered or not). Lien amounts are whole fen, of the appraisal's price year.
 */
function waterfall(liens: z.output<typeof lien>[], date: string, realisable: Ratio, year: number) {
  // One holder's lien under one reference, entered twice, would be deducted twice. Holders and references are
  // compared by the id rule (core/ids.ts: trimmed, NFKC), as certificates, comparables and depositors are: "农商行 "
  // is 农商行, and a full-width space in a reference is a space.
  const refs = new Set<string>();
  liens.forEach((l, i) => {
    if (l.ref === undefined) return;
    const key = JSON.stringify([normalizeId(l.holder), normalizeId(l.ref)]);
    if (refs.has(key))
      throw new GepError({
        ...issue('DUPLICATE_ID', ['loan', 'liens', i, 'ref'], { id: `${l.holder} ${l.ref}` }),
        hint: 'A lien is given once (the same holder and reference twice would be deducted twice): remove the repeated one, or give each lien its own reference.',
        hintZh:
          '每项在先担保只列一次（同一担保权人、同一编号列两次就会扣减两次）：删去重复的一条，或给每项在先担保各自的编号。',
      });
    refs.add(key);
  });
  const read = liens.map((l, i) => {
    const at = ['loan', 'liens', i, 'amount'];
    if (l.amount.priceYear !== year)
      throw new GepError(
        vepIssue('VEP_PRICE_YEAR_MISMATCH', [...at, 'priceYear'], {
          what: `lien ${i + 1}`,
          a: l.amount.priceYear,
          b: year,
        }),
      );
    const amount = convertValue(l.amount.amount, l.amount.unit, 'yuan');
    const fen = fenOfYuan(amount);
    if (fen === undefined)
      throw new GepError(
        vepIssue('VEP_AMOUNT_NOT_FEN', [...at, 'value'], { what: `lien ${i + 1}`, value: amount.toFixed() }),
      );
    // a lien without an end stays in force
    return { l, i, amount, fen, released: (l.until ?? date) < date };
  });
  const covered = new Map<number, bigint>();
  let left = floorFenOf(realisable);
  for (const priority of [...new Set(read.map((r) => r.l.priority))].sort((a, b) => a - b)) {
    const rank = read.filter((r) => r.l.priority === priority && !r.released);
    const due = rank.reduce((a, r) => a + r.fen, 0n);
    const paid =
      due <= left
        ? rank.map((r) => r.fen)
        : proRataFen(
            left,
            rank.map((r) => r.fen),
          );
    rank.forEach((r, k) => covered.set(r.i, paid[k] as bigint));
    left -= paid.reduce((a, b) => a + b, 0n);
  }
  // Array sort is stable: liens of one priority keep the order given.
  const rows = [...read]
    .sort((a, b) => a.l.priority - b.l.priority)
    .map((r) => ({
      holder: r.l.holder,
      ref: r.l.ref ?? null,
      priority: r.l.priority,
      amount: r.amount.toFixed(),
      status: r.released ? ('released' as const) : ('ranks-ahead' as const),
      covered: yuanOfFen(covered.get(r.i) ?? 0n),
    }));
  const secured = read.filter((r) => !r.released).reduce((a, r) => a + r.fen, 0n);
  return { rows, secured: ratio(secured, 100) };
}

/** The latest end of a loan: the valuation's validity or the rights' end, whichever comes first (the rights if both). */
function loanBound(o: z.output<typeof loanSchema>) {
  return o.validUntil < o.rights.until
    ? { latestEnd: o.validUntil, boundBy: 'valuation validity' as const }
    : { latestEnd: o.rights.until, boundBy: 'rights' as const };
}

/**
 * Refusals that need the parsed input: expired rights, grades below the bank's (or none given to check them), a
 * validity before the valuation date or longer than a valuation's, the loan's term.
 */
function refusals(o: z.output<typeof loanSchema>): Issue[] {
  const out: Issue[] = [];
  if (o.rights.until < o.valuationDate)
    out.push({
      ...vepIssue('VEP_RIGHT_EXPIRED', ['loan', 'rights', 'until'], {
        id: o.id,
        until: o.rights.until,
        when: `valuation date ${o.valuationDate}`,
      }),
      severity: 'error', // a refusal in appraisal (a warning in valuation)
    });
  if (o.minGrade !== undefined && o.evidence.length === 0)
    // the bank asked for a grade and nothing is given to check it against
    out.push(vepIssue('VEP_EVIDENCE_MISSING', ['loan', 'evidence'], { threshold: o.minGrade }));
  if (o.minGrade !== undefined) {
    const below = o.evidence.filter((e) => !gradeAtLeast(e.grade, o.minGrade as (typeof GRADES)[number]));
    if (below.length > 0)
      out.push(
        vepIssue('VEP_GRADE_BELOW', ['loan', 'evidence'], {
          threshold: o.minGrade,
          items: below.map((e) => `${e.id} (${e.grade})`).join(', '),
        }),
      );
  }
  if (o.validUntil < o.valuationDate)
    out.push(
      vepIssue('VEP_LOAN_TERM_EXCEEDED', ['loan', 'validUntil'], {
        detail: `the valuation is valid until ${o.validUntil}, before its own date ${o.valuationDate}`,
      }),
    );
  const longest = validUntil(o.valuationDate, MAX_VALIDITY_MONTHS);
  if (o.validUntil > longest)
    out.push(
      vepIssue('VEP_VALIDITY_TOO_LONG', ['loan', 'validUntil'], {
        validUntil: o.validUntil,
        valuationDate: o.valuationDate,
        months: MAX_VALIDITY_MONTHS,
        latest: longest,
      }),
    );
  if (o.loan !== undefined) {
    const latest = loanBound(o).latestEnd;
    const end = validUntil(o.loan.start, o.loan.months);
    if (o.loan.start < o.valuationDate || end > latest)
      out.push(
        vepIssue('VEP_LOAN_TERM_EXCEEDED', ['loan', 'loan'], {
          detail:
            `the loan runs ${o.loan.start} to ${end}; it must start on or after the valuation date ` +
            `${o.valuationDate} and end by ${latest} (valuation valid until ${o.validUntil}, rights until ${o.rights.until})`,
        }),
      );
  }
  return out;
}

/**
 * Appraise a parcel or package for a loan: income capitalisation over the rights' remaining term → haircut →
 * loan-to-value ceiling → less the liens in force → maximum loan, with the latest end of the loan.
 *
 * @example
 * loanAppraisal({ id: 'PKG-A', valuationDate: '2024-01-01', validUntil: '2024-12-31',
 *   annualFlow: { value: '1000', unit: 'yuan', priceYear: 2024 }, rate: '0.1',
 *   rights: { until: '2026-12-31' }, haircut: '0.2', ltv: '0.5' }).maxLoan; // '994.74'
 */
export function loanAppraisal(json: unknown) {
  const o = parse(loanSchema, json, ['loan']);
  const issues = refusals(o);
  if (issues.length > 0) throw new GepError(issues);
  const warnings: Issue[] = rateWarnings(o.rate, ['loan', 'rate']);
  const g = o.growth ?? new Decimal(0);
  if (g.gte(o.rate) || g.gt(GROWTH_WARNING_LEVEL))
    warnings.push(
      vepIssue('VEP_GROWTH_HIGH', ['loan', 'growth'], {
        growth: g.toFixed(),
        rate: o.rate.toFixed(),
        level: GROWTH_WARNING_LEVEL,
        against: g.gte(o.rate) ? 'rate' : 'level',
      }),
    );
  const year = o.annualFlow.priceYear;
  const f = convertValue(o.annualFlow.amount, o.annualFlow.unit, 'yuan');
  const term = wholeYears(o.valuationDate, o.rights.until);
  if (term.daysLeft > 0)
    warnings.push(
      vepIssue('VEP_TERM_PART_YEAR', ['loan', 'rights', 'until'], {
        id: o.id,
        years: term.years,
        days: term.daysLeft,
      }),
    );
  const cap = capitalise(f, o.rate, g, term.years);
  const fen = (q: Ratio) => yuanOfFen(roundFenOf(q));
  const realisable = mul(cap.value, ratioOf(new Decimal(1).minus(o.haircut)));
  const ceiling = mul(realisable, ratioOf(o.ltv));
  const liens = waterfall(o.liens, o.valuationDate, realisable, year);
  const loan = sub(ceiling, liens.secured);
  const floored = floorFenOf(loan);
  const maxLoan = floored < 1n ? 0n : floored; // C − S below 0.01 (or below 0): nothing to lend
  if (maxLoan === 0n) {
    const nil = vepIssue('VEP_LOAN_NIL', o.loan === undefined ? ['loan'] : ['loan', 'loan'], {
      id: o.id,
      ceiling: fen(ceiling),
      claims: fen(liens.secured),
    });
    // A requested loan cannot be granted on nothing: refused, the warnings that explain it after the refusal.
    if (o.loan !== undefined) throw new GepError([{ ...nil, severity: 'error' }, ...warnings]);
    warnings.push(nil);
  }
  return {
    method: 'loan-appraisal',
    id: o.id,
    priceYear: year,
    term: {
      from: o.valuationDate,
      rightsUntil: o.rights.until,
      years: term.years,
      daysNotCapitalised: term.daysLeft,
    },
    capitalisation: {
      annualFlow: f.toFixed(),
      rate: o.rate.toFixed(),
      growth: g.toFixed(),
      value: fen(cap.value),
      exact: decimalOfRatio(cap.value).toFixed(),
      terms: cap.terms,
    },
    haircut: { ratio: o.haircut.toFixed(), value: fen(realisable) },
    ltv: o.ltv.toFixed(),
    ceiling: fen(ceiling),
    liens: liens.rows,
    securedClaims: fen(liens.secured),
    maxLoan: yuanOfFen(maxLoan),
    maxLoanExact: decimalOfRatio(loan).toFixed(),
    rounding: 'down to the fen',
    loanTerm: {
      ...loanBound(o),
      requested:
        o.loan === undefined ? null : { start: o.loan.start, end: validUntil(o.loan.start, o.loan.months) },
    },
    warnings,
  };
}
