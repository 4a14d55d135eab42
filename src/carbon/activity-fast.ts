import { type Decimal, tryDecimal } from '../core/decimal';
import { ADMIN_CODE } from '../core/schema';
import type { Activity } from './activity';
import { parseInstant } from './time';

/**
 * A hand-written fast path for `activitySchema.safeParse` on the common activity shapes (travel lines with a
 * distance, rides, steps, duration or count). It either returns exactly what the zod schema would return as
 * `data`, or `undefined` to mean "not sure": the caller then runs the zod schema, which also writes every
 * refusal, so error behaviour is zod's alone. Anything unusual (another member, a member set to undefined, a
 * non-plain object, an invalid value) falls back. The batch uses it only on values it got from JSON.parse,
 * which are plain data (no getters, symbols or undefined members), so own enumerable keys are all there is. test/carbon/activity-fast.test.ts checks the equivalence.
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

/**
 * Decimals already read from short quantity strings ("1", "2.5", "17"): a Decimal is immutable, so the one
 * read from a string serves every later line with the same string, exactly as a fresh read would. A
 * direct-mapped table of DECIMALS_MAX slots (a string's slot is a hash of its characters; on one miss in
 * INSERT_EVERY a new string takes its slot over): fixed memory, and no growing map.
 */
export const DECIMALS_MAX = 1024;
const DECIMAL_TEXT_MAX = 16;
const slotText: (string | undefined)[] = new Array<string | undefined>(DECIMALS_MAX).fill(undefined);
const slotDecimal: (Decimal | undefined)[] = new Array<Decimal | undefined>(DECIMALS_MAX).fill(undefined);
/** The integer value of a slot's Decimal when it is an integer below 10¹⁶, else undefined. */
const slotInteger: (bigint | undefined)[] = new Array<bigint | undefined>(DECIMALS_MAX).fill(undefined);

const INSERT_EVERY = 8;
let misses = 0;

function slotOf(v: string): number {
  let h = 0;
  for (let i = 0; i < v.length; i++) h = (Math.imul(h, 31) + v.charCodeAt(i)) | 0;
  return (h ^ (h >>> 10)) & (DECIMALS_MAX - 1);
}

/** nonNegativeDecimal: a string or number that tryDecimal reads and that is not negative (−0 included). */
export function nonNegative(v: unknown): Decimal | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const slot = typeof v === 'string' && v.length <= DECIMAL_TEXT_MAX ? slotOf(v) : -1;
  if (slot >= 0 && slotText[slot] === v) return recent(slotDecimal[slot] as Decimal, slotInteger[slot], slot);
  const d = tryDecimal(v);
  if (d === undefined || d.isNegative()) return undefined;
  // A slot is taken over on one miss in INSERT_EVERY only: repeated strings still settle in within a few lines,
  // while a stream of distinct ones does not keep storing fresh Decimals into the long-lived table (each store
  // would keep a short-lived object alive into the old generation).
  if (slot < 0 || (++misses & (INSERT_EVERY - 1)) !== 0) return d;
  slotText[slot] = v as string;
  slotDecimal[slot] = d;
  // An integer below 10¹⁶ (exponent e < 16) is kept as a bigint too (toFixed writes every digit: exact);
  // "1e999999" is an integer of a million digits and is left to the Decimal path.
  const int = d.isInteger() && d.e < 16 ? BigInt(d.toFixed()) : undefined;
  slotInteger[slot] = int;
  return recent(d, int, slot);
}

/** The last RECENT Decimals returned from the table with their integer values (an activity's quantities). */
const RECENT = 8;
const recentDecimal: (Decimal | undefined)[] = new Array<Decimal | undefined>(RECENT).fill(undefined);
const recentInteger: (bigint | undefined)[] = new Array<bigint | undefined>(RECENT).fill(undefined);
const recentSlot: number[] = new Array<number>(RECENT).fill(-1);
let recentNext = 0;
function recent(d: Decimal, int: bigint | undefined, slot: number): Decimal {
  recentDecimal[recentNext] = d;
  recentInteger[recentNext] = int;
  recentSlot[recentNext] = slot;
  recentNext = (recentNext + 1) % RECENT;
  return d;
}

/**
 * The value of `d` as a bigint when `d` is an integer this module read and still holds (a "17" minutes or
 * "1" ride); undefined otherwise (any other Decimal, integer or not: the caller keeps its Decimal path).
 */
export function memoInteger(d: Decimal): bigint | undefined {
  // By identity among the last Decimals returned (the activity being processed read its quantities last).
  for (let i = 0; i < RECENT; i++) if (recentDecimal[i] === d) return recentInteger[i];
  return undefined;
}

function qty(v: unknown, units: readonly string[]): { value: Decimal; unit: string } | undefined {
  // A strict { value, unit } object: exactly these two own members.
  if (!isPlain(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 2 || !('value' in v) || !('unit' in v)) return undefined;
  const unit = v.unit;
  if (typeof unit !== 'string' || !units.includes(unit)) return undefined;
  const value = nonNegative(v.value);
  return value === undefined ? undefined : { value, unit };
}

/** The parsed activity when `v` is a common, valid activity; undefined means "ask the zod schema". */
export function fastActivity(v: unknown): Activity | undefined {
  if (!isPlain(v)) return undefined;
  const out: Record<string, unknown> = {};
  let required = 0;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (TEXT.has(k)) {
      if (typeof x !== 'string' || x.length === 0) return undefined;
      if (k === 'id' || k === 'user' || k === 'scenario') required++;
      out[k] = x;
    } else if (k === 'ts') {
      // parseInstant memoises its last input, so the batch's own time check reads this one for free.
      if (typeof x !== 'string' || parseInstant(x) === undefined) return undefined;
      required++;
      out[k] = x;
    } else if (k === 'region') {
      if (typeof x !== 'string' || !ADMIN_CODE.test(x)) return undefined;
      out[k] = x;
    } else if (QTY.has(k)) {
      const q = qty(x, QTY.get(k) as readonly string[]);
      if (q === undefined) return undefined;
      out[k] = q;
    } else if (COUNT.has(k) || POSITIVE.has(k)) {
      const d = nonNegative(x);
      if (d === undefined || !d.isInteger() || (POSITIVE.has(k) && d.isZero())) return undefined;
      out[k] = d;
    } else return undefined;
  }
  // id, user, ts and scenario are required.
  return required === 4 ? (out as Activity) : undefined;
}

/**
 * The table slot (0 ≤ slot < DECIMALS_MAX) of `d` when `d` is among the last Decimals the table returned,
 * else −1: callers may key their own fixed tables of results derived from `d` by it (checking `d` itself).
 */
export function memoSlot(d: Decimal): number {
  for (let i = 0; i < RECENT; i++) if (recentDecimal[i] === d) return recentSlot[i] as number;
  return -1;
}
