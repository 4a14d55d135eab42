import { Decimal } from './decimal';
import { fail } from './errors';
import type { Path } from './issue';

/** Keys whose strings are text, never figures: a region named "NaN" is a name. */
const TEXT_KEYS = new Set([
  'name',
  'title',
  'zh',
  'en',
  'note',
  'source',
  'hint',
  'message',
  'detail',
  'id',
  'ref',
  'label',
  'description',
]);
const NOT_FINITE_TEXT = /^[+-]?(Infinity|NaN)$/;

/**
 * Check a result before it is written: every Decimal and number in it finite, and no figure printed as "Infinity"
 * or "NaN" (a Decimal's toFixed gives those words). Throws RESULT_NOT_FINITE with the path of the first offender.
 * The walk is iterative (a deep result cannot overflow the stack) and reads each value once.
 *
 * @example
 * ```ts
 * assertFinite({ gep: { current: '12.5' } }); // passes
 * assertFinite({ gep: { current: 'Infinity' } }); // throws RESULT_NOT_FINITE at gep.current
 * ```
 */
export function assertFinite(value: unknown, at: Path = []): void {
  const stack: { v: unknown; path: Path; key: string | number | undefined }[] = [
    { v: value, path: at, key: undefined },
  ];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { v, path, key } = top;
    const bad =
      (typeof v === 'number' && !Number.isFinite(v)) ||
      (v instanceof Decimal && !v.isFinite()) ||
      (typeof v === 'string' && !(typeof key === 'string' && TEXT_KEYS.has(key)) && NOT_FINITE_TEXT.test(v));
    if (bad) fail('RESULT_NOT_FINITE', path, { value: String(v), at: path.join('.') || '(root)' });
    if (v === null || typeof v !== 'object' || v instanceof Decimal) continue;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i], key: i }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k], key: k });
  }
}
