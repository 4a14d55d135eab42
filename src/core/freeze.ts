/**
 * Freeze a value and everything it holds (objects, arrays, Decimals; not functions), so that data gepkit shares between calls — the
 * bundled coefficient tables, price indices, classifications and profiles — cannot be changed by a caller that
 * edits what a lookup returned: a table edited in place would change every later account while the result cites
 * the table's content hash. Returns the value.
 *
 * @example
 * const t = deepFreeze({ records: [{ value: 1 }] });
 * Object.isFrozen(t.records[0]); // true
 */
export function deepFreeze<T>(value: T): T {
  // Functions are left alone: a Decimal holds its constructor (`x.constructor = Decimal`), whose settings gepkit
  // changes. A primitive (null too) counts as frozen; so does what was frozen already, which also ends a cycle.
  if (typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}
