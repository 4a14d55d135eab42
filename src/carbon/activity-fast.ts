import { type Decimal, tryDecimal } from '../core/decimal';
import { ADMIN_CODE } from '../core/schema';
import { type Activity, regionProblem } from './activity';
import { normalizeId } from '../core/ids';
import { parseInstant } from './time';

/**
 * A hand-written fast path for `activitySchema.safeParse` on the common activity shapes (travel lines with a
 * distance, rides, steps, duration or count). It either returns exactly what the zod schema would return as
 * `data`, or `undefined` to mean "not sure": the caller then runs the zod schema, which also writes every
 * refusal, so error behaviour is zod's alone. Anything unusual (another member, a member set to undefined, a
 * non-plain object, an invalid value) falls back. The batch uses it only on values it got from JSON.parse,
 * which are plain data (no getters, symbols or undefined members), so own enumerable keys are all there is. test/carbon/activity-fast.test.ts checks the equivalence.
 *
 * With the batch's `BatchMemo` (batch-memo.ts) a repeated quantity string ("1", "2.5", "17") is read once per
 * batch and the line's instant is kept for the batch's own time check; the result is identical without it.
 */

/** Members the fast path understands; any other member (electricity, PV, carpool, legs…) goes to zod. */
const TEXT = new Set(['id', 'user', 'scenario', 'behaviour', 'evidence', 'factorKey']);
const QTY = new Map<string, readonly string[]>([
  ['distance', ['km', 'm', 'pkm']],
  ['duration', ['min', 'h']],
  ['stepLength', ['m']],
]);
const COUNT = new Set(['steps', 'count']);
const POSITIVE = new Set(['rides']);

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** nonNegativeDecimal: a string or number that tryDecimal reads and that is not negative (−0 included). */
export function nonNegative(v: unknown): Decimal | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const d = tryDecimal(v);
  return d === undefined || d.isNegative() ? undefined : d;
}

/** What the validator may read through a memo: the batch's `BatchMemo` (batch-memo.ts) answers both alike. */
export interface ReadMemo {
  /** nonNegative(v), or its value kept from an earlier line. */
  nonNegative(v: unknown): Decimal | undefined;
  /** parseInstant(ts), or its value kept from an earlier read. */
  instant(ts: string): number | undefined;
}

function qty(
  v: unknown,
  units: readonly string[],
  memo: ReadMemo | undefined,
): { value: Decimal; unit: string } | undefined {
  // A strict { value, unit } object: exactly these two own members.
  if (!isPlain(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 2 || !('value' in v) || !('unit' in v)) return undefined;
  const unit = v.unit;
  if (typeof unit !== 'string' || !units.includes(unit)) return undefined;
  const value = memo !== undefined ? memo.nonNegative(v.value) : nonNegative(v.value);
  return value === undefined ? undefined : { value, unit };
}

/** The parsed activity when `v` is a common, valid activity; undefined means "ask the zod schema". */
export function fastActivity(v: unknown, memo?: ReadMemo): Activity | undefined {
  if (!isPlain(v)) return undefined;
  const out: Record<string, unknown> = {};
  let required = 0;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (TEXT.has(k)) {
      if (typeof x !== 'string' || x.length === 0) return undefined;
      if (k === 'id' || k === 'user' || k === 'scenario') required++;
      // id, user and behaviour by the id rule, as the schema reads them (an id empty after it: the schema refuses it)
      const t = k === 'id' || k === 'user' || k === 'behaviour' ? normalizeId(x) : x;
      if (t.length === 0) return undefined;
      out[k] = t;
    } else if (k === 'ts') {
      if (typeof x !== 'string' || (memo !== undefined ? memo.instant(x) : parseInstant(x)) === undefined)
        return undefined;
      required++;
      out[k] = x;
    } else if (k === 'region') {
      if (typeof x !== 'string' || !ADMIN_CODE.test(x) || regionProblem(x) !== undefined) return undefined;
      out[k] = x;
    } else if (QTY.has(k)) {
      const q = qty(x, QTY.get(k) as readonly string[], memo);
      if (q === undefined) return undefined;
      out[k] = q;
    } else if (COUNT.has(k) || POSITIVE.has(k)) {
      const d = memo !== undefined ? memo.nonNegative(x) : nonNegative(x);
      if (d === undefined || !d.isInteger() || (POSITIVE.has(k) && d.isZero())) return undefined;
      out[k] = d;
    } else return undefined;
  }
  // id, user, ts and scenario are required.
  return required === 4 ? (out as Activity) : undefined;
}
