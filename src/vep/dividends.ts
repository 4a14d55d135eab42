import { z } from 'zod';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, issue } from '../core/errors';
import { money, nonNegativeDecimal, quantity } from '../core/schema';
import { UNITS } from '../core/units';
import { vepIssue } from './errors';
import { fenOfYuan, scaled, yuanOfFen } from './fen';
import { vepZodIssues } from './issues';

/**
 * Allocation of a package's revenue to its depositors, exactly in fen, by the largest-remainder rule (Hamilton):
 *
 *   quota_i = T × w_i / W (T in fen, W = Σ w);  each gets ⌊quota_i⌋;  the R = T − Σ⌊quota_i⌋ fen left (R < n) go one
 *   each to the R largest remainders. Ties between equal remainders: the larger weight first, then the smaller id
 *   (compared by UTF-16 code units). The input order of depositors never matters.
 *
 * Weights are exact rationals brought to common integers, so remainders compare exactly; the parts always sum to T.
 */
export function allocateFen(
  total: bigint,
  weights: readonly { id: string; weight: bigint }[],
): Map<string, bigint> {
  if (total < 0n) throw new RangeError('total must be non-negative');
  // A negative weight would make floors and remainders negative and the fen left could then be negative or
  // exceed the number of depositors: the parts would no longer sum to the total.
  if (weights.some((w) => w.weight < 0n)) throw new RangeError('weights must be non-negative');
  const W = weights.reduce((s, w) => s + w.weight, 0n);
  if (W === 0n) throw new GepError(vepIssue('VEP_WEIGHTS_ZERO', ['depositors']));
  const rows = weights.map((w) => {
    const n = total * w.weight;
    return { id: w.id, weight: w.weight, base: n / W, rem: n % W };
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
        : a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0,
  );
  const out = new Map<string, bigint>();
  for (const r of order) {
    const extra = left > 0n ? 1n : 0n;
    left -= extra;
    out.set(r.id, r.base + extra);
  }
  return out;
}

const depositor = z
  .object({
    id: z.string().min(1).max(128),
    name: z.string().optional(),
    area: quantity('area', 'contributed area').optional(),
    value: money('contributed value').optional(),
    weight: nonNegativeDecimal('contract weight').optional(),
    note: z.string().optional(),
  })
  .strict();

export const packageSchema = z
  .object({
    $schema: z.string().optional(),
    package: z.string().min(1),
    revenue: money('revenue'),
    basis: z.enum(['area', 'value', 'contract']),
    depositors: z.array(depositor).min(1),
    note: z.string().optional(),
  })
  .strict();

export type PackageJson = z.input<typeof packageSchema>;

/** Exact rational weight of a depositor as (num, den) integers. */
function rational(d: Decimal, num = 1, den = 1): [bigint, bigint] {
  const s = scaled(d);
  return [s.int * BigInt(num), 10n ** BigInt(s.scale) * BigInt(den)];
}

/** Allocate a package's revenue (docs/vep.md, Packages and dividends). */
export function allocatePackage(json: unknown) {
  const r = packageSchema.safeParse(json, { reportInput: true });
  if (!r.success) throw new GepError(vepZodIssues(r.error.issues, ['package'], 'VEP_PACKAGE_INVALID'));
  const p = r.data;
  const issues: Issue[] = [];
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
    if (seen.has(d.id)) issues.push(issue('DUPLICATE_ID', [...at, 'id'], { id: d.id }));
    seen.add(d.id);
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
  if (issues.length > 0) throw new GepError(issues);
  // Common denominator: every weight becomes an integer of the same scale.
  const L = fractions.reduce((l, f) => lcm(l, f.w[1]), 1n);
  const ints = fractions.map((f) => ({ id: f.id, weight: (f.w[0] * L) / f.w[1] }));
  const W = ints.reduce((s, w) => s + w.weight, 0n);
  if (W === 0n) throw new GepError(vepIssue('VEP_WEIGHTS_ZERO', ['package', 'depositors']));
  const total = T as bigint;
  const fen = allocateFen(total, ints);
  // Every depositor has its weight (a missing one was refused above) and ids are unique, so `ints` follows
  // `p.depositors` one to one and the allocation has an entry for each id.
  const parts = ints.map((w, i) => {
    const d = p.depositors[i] as (typeof p.depositors)[number];
    return {
      id: d.id,
      ...(d.name !== undefined ? { name: d.name } : {}),
      share: `${w.weight}/${W}`,
      amount: yuanOfFen(fen.get(w.id) as bigint),
    };
  });
  return {
    package: p.package,
    basis: p.basis,
    revenue: { value: yuanOfFen(total), unit: 'yuan' as const, priceYear: p.revenue.priceYear },
    rule: 'largest remainder (Hamilton) in fen; ties: larger weight, then smaller id',
    parts,
    check: allocationCheck(total, parts),
  };
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

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
const lcm = (a: bigint, b: bigint) => (a / gcd(a, b)) * b;
