import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import * as z from 'zod';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, type Path, issue } from '../core/errors';
import { normalizeId } from '../core/ids';
import { anArray, checkArgument, failArgument } from '../core/options';
import { money, nonNegativeDecimal, quantity } from '../core/schema';
import { UNITS } from '../core/units';
import { vepIssue } from './errors';
import { fenOfYuan, scaled, yuanOfFen } from './fen';
import { vepZodIssues } from './issues';
import { gcd, lcm } from './ratio';

/**
 * Allocation of a package's revenue to its depositors, exactly in fen, by the largest-remainder rule (Hamilton):
 *
 *   quota_i = T × w_i / W (T in fen, W = Σ w);  each gets ⌊quota_i⌋;  the R = T − Σ⌊quota_i⌋ fen left (R < n) go one
 *   each to the R largest remainders. Ties between equal remainders: the larger weight first, then the smaller
 *   tie key sha256(period ‖ U+0000 ‖ id) in hex — a draw that no id wins every period (a fixed rule such as
 *   "smaller id first" would favour the same depositor every time) yet is reproducible by anyone from the
 *   period and the ids. The input order of depositors never matters.
 *
 * Weights are exact rationals brought to common integers, so remainders compare exactly; the parts always sum to T.
 * An id given twice is DUPLICATE_ID (its two parts would be one entry of the map, and the other's fen lost).
 */
export function allocateFen(
  total: bigint,
  weights: readonly { id: string; weight: bigint }[],
  period = '',
): Map<string, bigint> {
  // Arguments of another kind (a total in 元 as a number, weights that are no list, a weight as a number) are
  // ARGUMENT_INVALID at their place, before the arithmetic of bigints meets them.
  if (typeof total !== 'bigint') failArgument(['total'], 'bigint', total);
  checkArgument(anArray, weights, ['weights']);
  if (typeof period !== 'string') failArgument(['period'], 'string', period);
  weights.forEach((w, i) => {
    if (typeof w !== 'object' || w === null || Array.isArray(w)) failArgument(['weights', i], 'object', w);
    if (typeof w.id !== 'string') failArgument(['weights', i, 'id'], 'string', w.id);
    if (typeof w.weight !== 'bigint') failArgument(['weights', i, 'weight'], 'bigint', w.weight);
  });
  if (total < 0n) throw new RangeError('total must be non-negative');
  // A negative weight would make floors and remainders negative and the fen left could then be negative or
  // exceed the number of depositors: the parts would no longer sum to the total.
  if (weights.some((w) => w.weight < 0n)) throw new RangeError('weights must be non-negative');
  // One id given twice would get one part where its two were counted: the fen of the other would be lost.
  const seen = new Set<string>();
  weights.forEach((w, i) => {
    if (seen.has(w.id)) throw new GepError(duplicate(['depositors', i, 'id'], w.id, 'depositor'));
    seen.add(w.id);
  });
  const W = weights.reduce((s, w) => s + w.weight, 0n);
  if (W === 0n) throw new GepError(vepIssue('VEP_WEIGHTS_ZERO', ['depositors']));
  const rows = weights.map((w) => {
    const n = total * w.weight;
    return { id: w.id, weight: w.weight, base: n / W, rem: n % W, tie: tieKey(period, w.id) };
  });
  let left = total - rows.reduce((s, r) => s + r.base, 0n);
  const order = [...rows].sort((a, b) =>
    a.rem !== b.rem
      ? a.rem > b.rem
        ? -1
        : 1
      : a.weight !== b.weight
        ? a.weight > b.weight
          ? -1
          : 1
        : // distinct ids have distinct tie keys (sha256), so this last step never finds two equal
          a.tie < b.tie
          ? -1
          : 1,
  );
  const out = new Map<string, bigint>();
  for (const r of order) {
    const extra = left > 0n ? 1n : 0n;
    left -= extra;
    out.set(r.id, r.base + extra);
  }
  return out;
}

/** The tie key of a depositor in a period: sha256 of the period, U+0000 and the id, in hex. */
export function tieKey(period: string, id: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${period}\u0000${id}`)));
}

/** How a depositor id is read, in the JSON Schema. */
const ID_RULE =
  'Read by the id rule: surrounding white space trimmed and NFKC (full-width letters and digits as plain), case kept.';

const depositor = z
  .object({
    id: z
      .string()
      .min(1)
      .max(128)
      .meta({ description: `${ID_RULE} Two depositors whose ids read alike are refused.` }),
    name: z.string().optional(),
    area: z.optional(quantity('area', 'contributed area')),
    value: z.optional(money('contributed value')),
    weight: z.optional(nonNegativeDecimal('contract weight')),
    note: z.string().optional(),
  })
  .strict();

export const packageSchema = z
  .object({
    $schema: z.string().optional(),
    package: z.string().min(1),
    period: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The period allocated (e.g. "2024" or "2024-Q2"): seeds the tie-break.' }),
    revenue: money('revenue'),
    basis: z.enum(['area', 'value', 'contract']),
    fees: z
      .array(z.object({ id: z.string().min(1), amount: money('fee') }).strict())
      .default([])
      .meta({ description: 'Fees paid first, in the order given (management, custody…).' }),
    tranches: z
      .array(
        z
          .object({
            depositor: z
              .string()
              .min(1)
              .meta({ description: `The depositor's id. ${ID_RULE}` }),
            fixed: money('fixed return'),
          })
          .strict(),
      )
      .default([])
      .meta({
        description: 'Fixed returns of deposit contracts, paid after the fees and before the pro-rata split.',
      }),
    depositors: z.array(depositor).min(1),
    note: z.string().optional(),
  })
  .strict();

export type PackageJson = z.input<typeof packageSchema>;
type PackageOutput = z.output<typeof packageSchema>;

/** Exact rational weight of a depositor as (num, den) integers. */
function rational(d: Decimal, num = 1, den = 1): [bigint, bigint] {
  const s = scaled(d);
  return [s.int * BigInt(num), 10n ** BigInt(s.scale) * BigInt(den)];
}

/** Allocate a package's revenue (docs/vep.md, Packages and dividends). */
export function allocatePackage(json: unknown) {
  const r = packageSchema.safeParse(json, { reportInput: true });
  if (!r.success) throw new GepError(vepZodIssues(r.error.issues, ['package'], 'VEP_PACKAGE_INVALID'));
  const issues: Issue[] = [];
  // Depositor ids, and the depositors tranches name, are read by the id rule (trimmed, NFKC), as parcel ids are:
  // "A ", "Ａ" and "A" are one depositor (two depositors that become one are refused below, DUPLICATE_ID).
  const warnings: Issue[] = [];
  const readId = (raw: string, at: Path) => {
    const id = normalizeId(raw);
    if (id === '')
      issues.push(
        vepIssue('VEP_PACKAGE_INVALID', at, { detail: 'the id is empty once white space is removed' }),
      );
    else if (id !== raw) warnings.push(vepIssue('VEP_DEPOSITOR_ID_NORMALISED', at, { id }));
    return id;
  };
  const p = {
    ...r.data,
    depositors: r.data.depositors.map((d, i) => ({
      ...d,
      id: readId(d.id, ['package', 'depositors', i, 'id']),
    })),
    tranches: r.data.tranches.map((t, i) => ({
      ...t,
      depositor: readId(t.depositor, ['package', 'tranches', i, 'depositor']),
    })),
  };
  const T = fenOfYuan(p.revenue.amount.times(UNITS[p.revenue.unit].num));
  if (T === undefined)
    issues.push(
      vepIssue('VEP_AMOUNT_NOT_FEN', ['package', 'revenue', 'value'], {
        what: 'The revenue',
        value: p.revenue.amount.times(UNITS[p.revenue.unit].num).toFixed(),
      }),
    );
  const seen = new Set<string>();
  const field = p.basis === 'area' ? 'area' : p.basis === 'value' ? 'value' : 'weight';
  const fractions: { id: string; w: [bigint, bigint] }[] = [];
  let valueYear: number | undefined;
  p.depositors.forEach((d, i) => {
    const at = ['package', 'depositors', i];
    if (seen.has(d.id)) issues.push(duplicate([...at, 'id'], d.id, 'depositor'));
    seen.add(d.id);
    // A weight, area or value the basis does not read: the depositor's share is not what it says.
    for (const other of ['area', 'value', 'weight'] as const)
      if (other !== field && d[other] !== undefined)
        warnings.push(
          issue('INPUT_IGNORED', [...at, other], {
            field: `depositor ${other} of ${d.id}`,
            reason: `not used on the ${p.basis} basis`,
          }),
        );
    if (d[field] === undefined) {
      issues.push(
        vepIssue('VEP_PACKAGE_INVALID', [...at, field], {
          detail: `basis "${p.basis}" needs "${field}" on every depositor`,
        }),
      );
      return;
    }
    if (p.basis === 'area' && d.area) {
      fractions.push({ id: d.id, w: rational(d.area.value, UNITS[d.area.unit].num, UNITS[d.area.unit].den) });
    } else if (p.basis === 'value' && d.value) {
      valueYear ??= d.value.priceYear;
      if (d.value.priceYear !== valueYear)
        issues.push(
          vepIssue('VEP_PRICE_YEAR_MISMATCH', [...at, 'value', 'priceYear'], {
            what: `the value of ${d.id}`,
            a: d.value.priceYear,
            b: valueYear,
          }),
        );
      fractions.push({ id: d.id, w: rational(d.value.amount, UNITS[d.value.unit].num) });
    } else if (d.weight) fractions.push({ id: d.id, w: rational(d.weight) });
  });
  const senior = seniorDues(p, issues);
  // The refusals first, then the ids read by the rule, which may explain a duplicate.
  if (issues.length > 0) throw new GepError([...issues, ...warnings]);
  // Common denominator: every weight becomes an integer of the same scale.
  const L = fractions.reduce((l, f) => lcm(l, f.w[1]), 1n);
  const ints = fractions.map((f) => ({ id: f.id, weight: (f.w[0] * L) / f.w[1] }));
  const W = ints.reduce((s, w) => s + w.weight, 0n);
  // The shares are printed over one denominator, the least that holds them all: weights 25 and 50 give 1/3 and 2/3.
  const g = ints.reduce((x, w) => gcd(x, w.weight), 0n);
  const total = T as bigint;
  const period = p.period ?? '';
  const paid = payDues(total, senior, period);
  // The weights share only the residual: all zero, they are refused only when there is a residual to share (a
  // package of fixed returns only may leave none).
  if (W === 0n && paid.residual > 0n)
    throw new GepError(vepIssue('VEP_WEIGHTS_ZERO', ['package', 'depositors']));
  const fen = W === 0n ? new Map(ints.map((w) => [w.id, 0n])) : allocateFen(paid.residual, ints, period);
  // Every depositor has its weight (a missing one was refused above) and ids are unique, so `ints` follows
  // `p.depositors` one to one and the allocation has an entry for each id.
  const parts = ints.map((w, i) => {
    const d = p.depositors[i] as (typeof p.depositors)[number];
    const fixed = paid.fixed.get(d.id) ?? 0n;
    const pro = fen.get(w.id) as bigint;
    return {
      id: d.id,
      ...(d.name !== undefined ? { name: d.name } : {}),
      share: W === 0n ? '0' : `${w.weight / g}/${W / g}`,
      fixed: yuanOfFen(fixed),
      proRata: yuanOfFen(pro),
      amount: yuanOfFen(fixed + pro),
    };
  });
  return {
    package: p.package,
    period: p.period ?? null,
    basis: p.basis,
    revenue: { value: yuanOfFen(total), unit: 'yuan' as const, priceYear: p.revenue.priceYear },
    rule:
      'fees in order, then fixed returns (pro rata to what is due if short), then the rest by largest remainder ' +
      '(Hamilton) in fen; ties: larger weight, then smaller sha256(period ‖ U+0000 ‖ id)',
    fees: paid.fees,
    tranches: paid.tranches,
    residual: yuanOfFen(paid.residual),
    parts,
    check: allocationCheck(total, [...paid.fees.map((f) => ({ id: f.id, amount: f.paid })), ...parts]),
    warnings: [...warnings, ...paid.warnings],
  };
}

interface Due {
  id: string;
  fen: bigint;
}

/** Fees and fixed returns in fen (whole fen, the revenue's price year, tranches of known depositors). */
function seniorDues(p: PackageOutput, issues: Issue[]): { fees: Due[]; tranches: Due[] } {
  const ids = new Set(p.depositors.map((d) => d.id));
  const toFen = (m: z.output<ReturnType<typeof money>>, at: (string | number)[], what: string) => {
    const yuan = m.amount.times(UNITS[m.unit].num);
    const f = fenOfYuan(yuan);
    if (f === undefined)
      issues.push(vepIssue('VEP_AMOUNT_NOT_FEN', [...at, 'value'], { what, value: yuan.toFixed() }));
    if (m.priceYear !== p.revenue.priceYear)
      issues.push(
        vepIssue('VEP_PRICE_YEAR_MISMATCH', [...at, 'priceYear'], {
          what,
          a: m.priceYear,
          b: p.revenue.priceYear,
        }),
      );
    return f ?? 0n;
  };
  const fees = p.fees.map((f, i) => ({
    id: f.id,
    fen: toFen(f.amount, ['package', 'fees', i, 'amount'], `fee ${f.id}`),
  }));
  const tranches = p.tranches.map((t, i) => {
    const at = ['package', 'tranches', i];
    if (!ids.has(t.depositor))
      issues.push(
        vepIssue('VEP_PACKAGE_INVALID', [...at, 'depositor'], { detail: `no depositor "${t.depositor}"` }),
      );
    return { id: t.depositor, fen: toFen(t.fixed, [...at, 'fixed'], `the fixed return of ${t.depositor}`) };
  });
  const dup = tranches.find((t, i) => tranches.findIndex((u) => u.id === t.id) !== i);
  if (dup !== undefined) issues.push(duplicate(['package', 'tranches'], dup.id, 'tranche'));
  // A fee given twice would be paid twice.
  fees.forEach((f, i) => {
    if (fees.findIndex((g) => g.id === f.id) !== i)
      issues.push(duplicate(['package', 'fees', i, 'id'], f.id, 'fee'));
  });
  return { fees, tranches };
}

const WHAT_ZH = { depositor: '存入人', fee: '费用', tranche: '固定收益' } as const;

/** DUPLICATE_ID of a package's depositor, tranche or fee, with a hint in a package's terms. */
function duplicate(path: Path, id: string, what: 'depositor' | 'fee' | 'tranche'): Issue {
  return {
    ...issue('DUPLICATE_ID', path, { id }),
    hint: `Each ${what} of a package is given once (a ${what} given twice would be paid twice): merge the two or rename one.`,
    hintZh: `一个资产包中每个${WHAT_ZH[what]}只列一次（列了两次就会支付两次）：合并这两条，或为其中一条改名。`,
  };
}

/**
 * The senior part of the waterfall: each fee in order takes min(due, what is left); the fixed returns then take
 * theirs in full, or, when what is left is short of their sum, share it by largest remainder in proportion to
 * what each is due. What remains is split pro rata. Fees or fixed returns paid short are warned
 * (VEP_DUES_PAID_SHORT), once for the fees and once for the fixed returns.
 */
function payDues(total: bigint, senior: { fees: Due[]; tranches: Due[] }, period: string) {
  let left = total;
  const warnings: Issue[] = [];
  const short = (what: 'fees' | 'fixed returns', at: string, due: bigint, paid: bigint) => {
    if (paid < due)
      warnings.push(
        vepIssue('VEP_DUES_PAID_SHORT', ['package', at], {
          what,
          due: yuanOfFen(due),
          paid: yuanOfFen(paid),
        }),
      );
  };
  const fees = senior.fees.map((f) => {
    const paid = f.fen < left ? f.fen : left;
    left -= paid;
    return { id: f.id, due: yuanOfFen(f.fen), paid: yuanOfFen(paid) };
  });
  const feesDue = senior.fees.reduce((s, f) => s + f.fen, 0n);
  short('fees', 'fees', feesDue, total - left);
  const dueAll = senior.tranches.reduce((s, t) => s + t.fen, 0n);
  const fixed =
    dueAll <= left
      ? new Map(senior.tranches.map((t) => [t.id, t.fen]))
      : allocateFen(
          left,
          senior.tranches.map((t) => ({ id: t.id, weight: t.fen })),
          period,
        );
  const fixedPaid = dueAll <= left ? dueAll : left;
  short('fixed returns', 'tranches', dueAll, fixedPaid);
  left -= fixedPaid;
  const tranches = senior.tranches.map((t) => ({
    depositor: t.id,
    due: yuanOfFen(t.fen),
    paid: yuanOfFen(fixed.get(t.id) ?? 0n),
  }));
  return { fees, tranches, fixed, residual: left, warnings };
}

/**
 * The check of an allocation, recomputed from the parts as returned (their amounts read back to fen): Σ parts
 * and whether it equals the revenue. An allocation whose parts do not sum to the revenue is never returned:
 * VEP_PACKAGE_INVALID is raised instead (it would be a defect of the allocation, not of the package).
 */
export function allocationCheck(
  total: bigint,
  parts: readonly { id: string; amount: string }[],
): { sum: string; equalsRevenue: boolean } {
  let sum = 0n;
  for (const part of parts) {
    const f = fenOfYuan(new Decimal(part.amount));
    if (f === undefined)
      throw new GepError(
        vepIssue('VEP_PACKAGE_INVALID', ['package', 'parts'], {
          detail: `the part of "${part.id}" (${part.amount} yuan) is not a whole number of fen`,
        }),
      );
    sum += f;
  }
  const equalsRevenue = sum === total;
  if (!equalsRevenue)
    throw new GepError(
      vepIssue('VEP_PACKAGE_INVALID', ['package', 'parts'], {
        detail: `the parts sum to ${yuanOfFen(sum)} yuan, not the revenue ${yuanOfFen(total)} yuan (a gepkit defect; please report it)`,
      }),
    );
  return { sum: yuanOfFen(sum), equalsRevenue };
}
