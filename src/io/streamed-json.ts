/**
 * An object's JSON text with one member's entries streamed: the text `JSON.stringify(value, null, indent)` gives
 * when `value[key]` is the object of `entries` (in their order), written piece by piece, so that a member of millions
 * of entries (a summary's balances) is never one object nor one string in memory. Pure.
 *
 * `value` is a plain JSON object whose `key` member holds the member's place (its own value is not read); the
 * other members are written by JSON.stringify, members whose value is undefined left out as it leaves them out.
 * The entries' keys are written in the order given: an object holding them would put integer-like keys first.
 *
 * @example
 * ```ts
 * const pieces = streamedJson({ a: 1, m: {}, z: 2 }, 'm', [['x', { n: 1 }]], 0);
 * // joined: '{"a":1,"m":{"x":{"n":1}},"z":2}'
 * ```
 */
export async function* streamedJson(
  value: object,
  key: string,
  entries: AsyncIterable<readonly [string, unknown]> | Iterable<readonly [string, unknown]>,
  indent: number,
): AsyncGenerator<string> {
  const gap = ' '.repeat(indent);
  const colon = indent > 0 ? ': ' : ':';
  // A value's text at a depth: JSON.stringify's own, its line breaks (never inside a string) indented.
  const at = (v: unknown, depth: number) =>
    (JSON.stringify(v, null, indent) as string).replaceAll('\n', `\n${gap.repeat(depth)}`);
  const open = (depth: number) => (indent > 0 ? `\n${gap.repeat(depth)}` : '');
  let first = true;
  let text = '{';
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (k !== key && (v === undefined || typeof v === 'function' || typeof v === 'symbol')) continue;
    text += `${first ? '' : ','}${open(1)}${JSON.stringify(k)}${colon}`;
    first = false;
    if (k !== key) {
      text += at(v, 1);
      continue;
    }
    let none = true;
    for await (const [name, entry] of entries) {
      text += `${none ? '{' : ','}${open(2)}${JSON.stringify(name)}${colon}${at(entry, 2)}`;
      none = false;
      if (text.length >= 1 << 16) {
        yield text;
        text = '';
      }
    }
    text += none ? '{}' : `${open(1)}}`;
  }
  yield `${text}${first ? '' : open(0)}}`;
}
