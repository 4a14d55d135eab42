/**
 * Duplicate keys in JSON text. `JSON.parse` keeps the last of two equal keys silently; an input where
 * `"area"` appears twice in one object is ambiguous and must be refused. The scan is one linear pass over text
 * that JSON.parse has already accepted (so it need not validate the grammar), tracking the path for the message.
 *
 * @example
 * ```ts
 * findDuplicateKey('{"a": {"b": 1, "b": 2}}'); // { path: ['a', 'b'], key: 'b' }
 * ```
 */

type Frame =
  { kind: 'object'; keys: Set<string>; key: string | undefined } | { kind: 'array'; index: number };

export interface DuplicateKey {
  /** Path of the second occurrence: the enclosing keys and array indices, then the key. */
  path: (string | number)[];
  key: string;
}

export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const p = jsonTextProblem(text, Number.POSITIVE_INFINITY, true, false);
  return p?.code === 'INPUT_DUPLICATE_KEY' ? { path: p.path, key: p.key } : undefined;
}

/**
 * Deepest nesting of objects and arrays an input file or request body may have: no gepkit input comes near it
 * (an account input nests about 6 levels, a parcel's geometry 8), and the readers that walk an input by recursion
 * are safe far below the engine's stack limit (thousands of levels). docs/limits.md.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * The path of the first object or array nested deeper than `limit` levels in JSON text that JSON.parse has
 * accepted (its enclosing keys and indices, `limit` of them), or undefined.
 *
 * @example
 * ```ts
 * jsonTooDeep('{"a": [[1]]}', 2); // ['a', 0]
 * ```
 */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): (string | number)[] | undefined {
  const p = jsonTextProblem(text, limit, false, false);
  return p?.code === 'INPUT_TOO_DEEP' ? p.path : undefined;
}

/**
 * The path of the first object or array nested deeper than `limit` levels in a value built in JavaScript (an input
 * given to the library instead of JSON text), as jsonTooDeep finds it in the value's JSON text: its enclosing keys
 * and indices, `limit` of them, the first in the order JSON.stringify writes them. Plain objects and arrays are
 * walked (what JSON.parse makes); any other object (a Decimal, a Map, a class instance) is a leaf. The walk is a
 * loop, not recursion: a value nested 100,000 levels deep, or one that holds itself, is reported, not a stack
 * overflow.
 *
 * @example
 * ```ts
 * valueTooDeep({ a: [[1]] }, 2); // ['a', 0]
 * ```
 */
export function valueTooDeep(value: unknown, limit = MAX_JSON_DEPTH): (string | number)[] | undefined {
  interface Node {
    value: unknown;
    key: string | number;
    parent: Node | undefined;
    depth: number;
  }
  const pathTo = (n: Node): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let at: Node | undefined = n; at?.parent !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  // Depth-first; a container's children are pushed last to first, so that they are taken in their order.
  const stack: Node[] = [{ value, key: '', parent: undefined, depth: 1 }];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    const v = n.value;
    const children = Array.isArray(v) ? v : plainObject(v) ? Object.keys(v) : undefined;
    if (children === undefined) continue;
    if (n.depth > limit) return pathTo(n);
    if (Array.isArray(v))
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], key: i, parent: n, depth: n.depth + 1 });
    else
      for (let i = children.length - 1; i >= 0; i--) {
        const k = children[i] as string;
        stack.push({ value: (v as Record<string, unknown>)[k], key: k, parent: n, depth: n.depth + 1 });
      }
  }
  return undefined;
}

/** An object whose prototype is Object.prototype or null: what JSON.parse and object literals make. */
function plainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** What a reader refuses in JSON text that JSON.parse accepted: the first of these in the text. */
export type JsonTextProblem =
  | { code: 'INPUT_TOO_DEEP'; path: (string | number)[] }
  | { code: 'INPUT_DUPLICATE_KEY'; path: (string | number)[]; key: string }
  | { code: 'NUMBER_OUT_OF_RANGE'; path: (string | number)[]; text: string }
  | { code: 'NUMBER_DIGITS_LOST'; path: (string | number)[]; text: string; read: string }
  | { code: 'TEXT_LONE_SURROGATE'; path: (string | number)[] }
  | { code: 'TEXT_NUL_CHARACTER'; path: (string | number)[] };

/**
 * One pass over JSON text that JSON.parse has accepted (so it need not validate the grammar): the first object or
 * array nested deeper than `limit` (jsonTooDeep), the first key given twice in one object (findDuplicateKey,
 * when `keys`), (when `numbers`) the first number written beyond what a double holds, which JSON.parse reads as
 * ±Infinity (1e309) or as 0 (1e-400), or an integer past 2⁵³ that JSON.parse reads as another integer
 * (12345678901234567890 as 12345678901234567000: NUMBER_DIGITS_LOST, with what it reads) or (when `fractions`, by
 * default with `numbers`) any numeral with more digits than a double keeps that it reads as another value
 * (120.00000000000000000001 as 120), and the first key or
 * string holding an unpaired surrogate (when `strings`, by default with `numbers`: `"\ud800"` is not Unicode text,
 * and a store writing UTF-8 changes it) or the character U+0000 (`"\u0000"`: PostgreSQL text cannot hold it, and
 * C-string readers cut the text there), whichever comes first, with its path (and the number as written).
 */
export function jsonTextProblem(
  text: string,
  limit = MAX_JSON_DEPTH,
  keys = true,
  numbers = true,
  strings = numbers,
  fractions = numbers,
): JsonTextProblem | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (numbers && (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39))) {
      const end = numberEnd(text, i);
      const written = text.slice(i, end);
      if (!doubleHolds(written))
        return { code: 'NUMBER_OUT_OF_RANGE', path: [...pathOf(stack), ...lastStep(stack)], text: written };
      const read = integerRead(written) ?? (fractions ? fractionRead(written) : undefined);
      if (read !== undefined)
        return {
          code: 'NUMBER_DIGITS_LOST',
          path: [...pathOf(stack), ...lastStep(stack)],
          text: written,
          read,
        };
      i = end - 1;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      const isKey = expectKey && top?.kind === 'object';
      const raw = text.slice(i + 1, end);
      const escaped = raw.includes('\\');
      const value = escaped && (strings || isKey) ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
      if (strings && escaped && LONE_SURROGATE.test(value))
        return {
          code: 'TEXT_LONE_SURROGATE',
          path: isKey ? [...pathOf(stack), value] : [...pathOf(stack), ...lastStep(stack)],
        };
      if (strings && escaped && value.includes('\u0000'))
        return {
          code: 'TEXT_NUL_CHARACTER',
          path: isKey ? [...pathOf(stack), value] : [...pathOf(stack), ...lastStep(stack)],
        };
      if (isKey && top?.kind === 'object') {
        const key = value;
        if (keys) {
          if (top.keys.has(key)) return { code: 'INPUT_DUPLICATE_KEY', path: [...pathOf(stack), key], key };
          top.keys.add(key);
        }
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= limit)
        return { code: 'INPUT_TOO_DEEP', path: [...pathOf(stack), ...lastStep(stack)] };
      stack.push(
        c === 0x7b
          ? { kind: 'object', keys: keys ? new Set() : NO_KEYS, key: undefined }
          : { kind: 'array', index: 0 },
      );
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') expectKey = true;
      else if (top?.kind === 'array') top.index++;
    }
  }
  return undefined;
}

/**
 * How many times the outermost object of JSON text that JSON.parse accepted writes `key` (escaped forms such as
 * `"\u0069d"` count as what they read); 0 when the text is not an object. JSON.parse keeps the last of a key
 * written twice, so the value it gives is the line's own only when the count is 1.
 *
 * @example
 * ```ts
 * topLevelKeyCount('{"id": "A", "rights": [{"id": "B"}], "id": "C"}', 'id'); // 2
 * ```
 */
export function topLevelKeyCount(text: string, key: string): number {
  let depth = 0;
  let top: 'object' | 'other' | undefined;
  let expectKey = false;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const raw = text.slice(i + 1, end);
        if ((raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw) === key) n++;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      top ??= c === 0x7b ? 'object' : 'other';
      expectKey = depth === 1 && top === 'object';
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */) {
      expectKey = depth === 1 && top === 'object';
    }
  }
  return n;
}

/** The keys of an object frame when keys are not checked (jsonTooDeep): never added to, one Set for all. */
const NO_KEYS: Set<string> = new Set();

/** The end (exclusive) of the number written from `start`: its sign, digits, point and exponent. */
function numberEnd(text: string, start: number): number {
  let i = start + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x65 || c === 0x45))
      break;
  }
  return i;
}

/**
 * Whether a JSON number as written is read as itself, give or take rounding: not ±Infinity, and not 0 unless written
 * as zero. Only a number with an exponent or with more than 308 digits can fail.
 */
function doubleHolds(written: string): boolean {
  if (written.length <= 308 && !/[eE]/.test(written)) return true;
  const n = Number(written);
  if (!Number.isFinite(n)) return false;
  return n !== 0 || !/[1-9]/.test(written.split(/[eE]/)[0] as string);
}

/**
 * An unpaired surrogate: in a `u` regular expression a surrogate pair reads as one code point, so only a lone
 * high or low surrogate matches.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * What JSON.parse reads a number written as `written` as (`String` of the double, which gepkit reads), when that
 * is an integer past 2⁵³ (Number.MAX_SAFE_INTEGER) and the written value is another number; else undefined. Below
 * 2⁵³ every integer is held exactly, and a written decimal is read as the shortest decimal of its double (its
 * value within the double's precision, as docs/input-format.md says); past it an integer loses digits
 * (12345678901234567890 is read as 12345678901234567000): a ledger amount, a count or a serial must not.
 */
function integerRead(written: string): string | undefined {
  const n = Number(written);
  if (!Number.isInteger(n) || Math.abs(n) <= Number.MAX_SAFE_INTEGER) return undefined;
  const read = String(n);
  return exactInteger(written) === exactInteger(read) ? undefined : read;
}

/**
 * What JSON.parse reads of a numeral with more significant digits than a double keeps, where that is another value
 * (120.00000000000000000001 as 120, 0.1000000000000000055511151231257827 as 0.1); undefined where it reads the value
 * written. A numeral of 16 characters or fewer has at most 15 significant digits beside its point or sign, which a
 * double keeps (an integer of 16 digits is integerRead's).
 */
function fractionRead(written: string): string | undefined {
  if (written.length <= 16) return undefined;
  const read = String(Number(written));
  return decimalKey(written) === decimalKey(read) ? undefined : read;
}

/** A decimal numeral's value as a canonical text (sign, significant digits, exponent): equal values, equal texts. */
function decimalKey(numeral: string): string | undefined {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(numeral);
  if (m === null) return undefined;
  const [, sign, whole = '', frac = '', exp = '0'] = m;
  const digits = `${whole}${frac}`.replace(/^0+/, '');
  const trimmed = digits.replace(/0+$/, '');
  if (trimmed === '') return '0';
  return `${sign}${trimmed}e${Number(exp) - frac.length + (digits.length - trimmed.length)}`;
}

/** The value of a decimal numeral (`-1.5e3`, `1e+21`) as a bigint, or undefined when it is not an integer. */
function exactInteger(numeral: string): bigint | undefined {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(numeral);
  if (m === null) return undefined;
  const [, sign, whole = '', frac = '', exp = '0'] = m;
  const digits = `${whole}${frac}`;
  const shift = Number(exp) - frac.length;
  if (shift < 0) {
    const kept = digits.slice(0, digits.length + shift);
    if (/[1-9]/.test(digits.slice(digits.length + shift))) return undefined;
    return BigInt(`${sign}${kept === '' ? '0' : kept}`);
  }
  return BigInt(`${sign}${digits}${'0'.repeat(shift)}`);
}

/** The innermost frame's own step (pathOf leaves it out: it names the enclosing containers of a key). */
function lastStep(stack: readonly Frame[]): (string | number)[] {
  const f = stack[stack.length - 1];
  if (f === undefined) return [];
  if (f.kind === 'array') return [f.index];
  return f.key === undefined ? [] : [f.key];
}

/** Index of the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let slashes = 0;
    for (let j = q - 1; text.charCodeAt(j) === 0x5c; j--) slashes++;
    if (slashes % 2 === 0) return q;
    i = q + 1;
  }
}

function pathOf(stack: readonly Frame[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (let k = 0; k < stack.length - 1; k++) {
    const f = stack[k] as Frame;
    if (f.kind === 'array') path.push(f.index);
    else if (f.key !== undefined) path.push(f.key);
  }
  return path;
}

/**
 * findDuplicateKey of `text` given `parsed`, what JSON.parse made of it, run only when a duplicate is possible.
 * Proof that the shortcut never misses one: let T be the keys written in the text and P the own keys of the
 * parsed objects (JSON.parse keeps one of two equal keys, so P < T exactly when a key is duplicated). Each key
 * written is followed by JSON white space and its colon, so the colons preceded (past white space) by a quote,
 * M, number at least T (a colon inside a string may add to M, never subtract). M ≤ P gives T ≤ P: no duplicate.
 * Otherwise the scan decides. On JSON Lines the count and the walk cost under a third of the scan
 * (docs/performance.md).
 */
export function findDuplicateKeyIn(text: string, parsed: unknown): DuplicateKey | undefined {
  const marks = keyMarks(text);
  return marks > 1 && marks > parsedShape(parsed).keys ? findDuplicateKey(text) : undefined;
}

/**
 * What a JSON Lines reader refuses in a line that JSON.parse read as `parsed`: a key given twice
 * (INPUT_DUPLICATE_KEY, as findDuplicateKeyIn finds it), a number no double holds (NUMBER_OUT_OF_RANGE:
 * 1e309, 1e-400, a zero point followed by 400 zeros and a 1), an integer past 2⁵³ read as another
 * (NUMBER_DIGITS_LOST), a lone surrogate in a string (TEXT_LONE_SURROGATE) or the character U+0000 in a string
 * (TEXT_NUL_CHARACTER), the first of them in the line, with
 * its path in the record. A fraction written with more digits than a double keeps (120.00000000000000000001) is not
 * looked for in a line: the parsed record cannot show it, and a scan of every line's numbers would cost the batches
 * what they spend on a line's valuation; it is read as the double, a change below 1e-16 of the value. The scan (jsonTextProblem) runs only when one is possible: a duplicate as
 * findDuplicateKeyIn decides; such a number when the parsed record holds a number that is ±0, ±Infinity or an
 * integer past 2⁵³; a lone surrogate when the text writes a surrogate escape (`\ud800`); U+0000 when it writes
 * `\u0000`. Proof: JSON.parse reads a
 * number no double holds as ±Infinity (too large) or ±0 (too small), an integer written past 2⁵³ as a double past
 * it, and keeps it in the record unless a later equal key replaced it, and then the duplicate makes the scan run;
 * text decoded from UTF-8 holds no lone surrogate, so one in a string comes from an escape; JSON.parse refuses a
 * control character written as itself in a string, so U+0000 in one comes from the escape `\u0000` (JSON writes
 * no other for it). An ordinary line (numbers neither zero, infinite nor past 2⁵³, no key twice, no surrogate or
 * NUL escape) pays the key count, a search for
 * `\u` and one walk of the record.
 *
 * @example
 * ```ts
 * const line = '{"area": {"value": 1e-400}}';
 * jsonLineProblem(line, JSON.parse(line)); // { code: 'NUMBER_OUT_OF_RANGE', path: ['area', 'value'], text: '1e-400' }
 * ```
 */
export function jsonLineProblem(text: string, parsed: unknown): JsonLineProblem | undefined {
  const marks = keyMarks(text);
  const shape = parsedShape(parsed);
  // No depth limit: a line's depth is bounded by the line limit, and JSON.parse has read it.
  return (marks > 1 && marks > shape.keys) || shape.extreme || scannedEscape(text)
    ? (jsonTextProblem(text, Number.POSITIVE_INFINITY, true, true, true, false) as
        JsonLineProblem | undefined)
    : undefined;
}

/**
 * Whether JSON text writes a surrogate (`\ud800`) or U+0000 (`\u0000`) as an escape: the only ways a lone surrogate
 * or a NUL gets into parsed text. An ordinary line pays one search for `\u`.
 */
const scannedEscape = (text: string): boolean =>
  text.includes('\\u') && /\\u(?:[dD][89a-fA-F]|0000)/.test(text);

/** What jsonLineProblem finds: a problem of jsonTextProblem other than the depth. */
export type JsonLineProblem = Exclude<JsonTextProblem, { code: 'INPUT_TOO_DEEP' }>;

/** The colons of `text` preceded, past JSON white space, by a quote: at least the number of keys written. */
function keyMarks(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    let c = text.charCodeAt(j);
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) c = text.charCodeAt(--j);
    if (c === 0x22 /* " */) n++;
  }
  return n;
}

/**
 * In a parsed JSON value: the own keys of every object, and whether a number in it is ±0 or ±Infinity (what
 * JSON.parse makes of a number no double holds). An explicit stack: no recursion limit on depth.
 */
function parsedShape(value: unknown): { keys: number; extreme: boolean } {
  let keys = 0;
  let extreme = extremeNumber(value);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v)
        if (typeof x === 'number') extreme ||= extremeNumber(x);
        else if (x !== null && typeof x === 'object') stack.push(x);
      continue;
    }
    // Own keys only (Object.keys): an enumerable member added to Object.prototype must not count.
    const own = Object.keys(v);
    keys += own.length;
    for (const k of own) {
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === 'number') extreme ||= extremeNumber(x);
      else if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return { keys, extreme };
}

/**
 * ±0 or ±Infinity (or NaN, which JSON.parse never makes), or an integer past 2⁵³ (which may have lost digits:
 * integerRead).
 */
const extremeNumber = (x: unknown): boolean =>
  x === 0 || (typeof x === 'number' && (!Number.isFinite(x) || Math.abs(x) > Number.MAX_SAFE_INTEGER));

/** The detail of a refused JSON line with a duplicate key (CARBON_LINE_NOT_JSON, VEP_LINE_NOT_JSON). */
export const duplicateKeyDetail = (d: DuplicateKey): string =>
  `the key "${d.key}" appears twice in one object (JSON readers disagree on which one wins)`;
