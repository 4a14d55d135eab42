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
  // a source's citation: a document titled "Infinity" is a title
  'document',
  'clause',
  'url',
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
  // Each value pending is kept with its key and the frame of its container: a path is built only for an offender.
  const stack: Frame[] = [{ v: value, key: undefined, up: undefined }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { v, key } = top;
    const bad =
      (typeof v === 'number' && !Number.isFinite(v)) ||
      (v instanceof Decimal && !v.isFinite()) ||
      (typeof v === 'string' && !TEXT_KEYS.has(key as string) && NOT_FINITE_TEXT.test(v));
    if (bad) {
      const path = pathOf(top, at);
      fail('RESULT_NOT_FINITE', path, { value: String(v), at: path.join('.') || '(root)' });
    }
    if (v === null || typeof v !== 'object' || v instanceof Decimal) continue;
    if (Array.isArray(v)) v.forEach((x: unknown, i) => stack.push({ v: x, key: i, up: top }));
    else
      for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], key: k, up: top });
  }
}

/** A value waiting to be checked: its key in its container, and the container's own frame (none at the root). */
interface Frame {
  v: unknown;
  key: string | number | undefined;
  up: Frame | undefined;
}

/** The path of a frame's value: `at`, then the keys from the root down to it. */
function pathOf(frame: Frame, at: Path): Path {
  const keys: (string | number)[] = [];
  for (let f = frame; f.up !== undefined; f = f.up) keys.push(f.key as string | number);
  return [...at, ...keys.reverse()];
}
