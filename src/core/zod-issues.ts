import { en } from 'zod/locales';
import * as z from 'zod/mini';
import type { IssueBuilders } from './catalogue';
import { shortValue } from './decimal';
import { type CoreErrorCode, type Issue, type Path, coreIssues, issue, issueFromData } from './errors';

/** The issue for a zod problem no more specific code covers: a core code, or a module's own builder. */
export type ZodFallback = CoreErrorCode | ((path: Path, detail: string) => Issue);

/** A module's catalogue, as far as fromZodIssues needs it: codes a schema of that module attaches. */
export type CodeSource = Pick<IssueBuilders<Record<string, never>>, 'owns' | 'issueFromData'>;

const english = en().localeError;

/**
 * The options every gepkit schema is parsed with: issues keep their input (fromZodIssues reads it), and zod's
 * English messages are used unless the application configured its own (zod/mini loads no locale of its own).
 */
export const PARSE_OPTIONS: z.core.ParseContext<z.core.$ZodIssue> = {
  reportInput: true,
  error: (iss) => {
    const c = z.config();
    return c.customError !== undefined || c.localeError !== undefined ? undefined : english(iss);
  },
};

/**
 * Map zod's issues to gepkit issues. Our schemas attach a `gepkit` code in refinement params where a more
 * specific code than INPUT_INVALID applies (price year missing, negative value, non-finite number...): a core code,
 * or one of the catalogues in `sources` (a schema that embeds another module's schema passes that module's).
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: Path = [],
  fallback: ZodFallback = 'INPUT_INVALID',
  sources: readonly CodeSource[] = [],
): Issue[] {
  return issues.map((zi) => {
    const path = [...prefix, ...zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const params = (zi as { params?: { gepkit?: string; [k: string]: unknown } }).params;
    if (params?.gepkit !== undefined) {
      const { gepkit, ...rest } = params;
      const source = [coreIssues as CodeSource, ...sources].find((s) => s.owns(gepkit));
      if (source === undefined)
        throw new TypeError(`fromZodIssues: no catalogue given owns the code ${gepkit}`);
      return source.issueFromData(gepkit as never, path, stringify(rest));
    }
    // JSON cannot hold NaN or Infinity, but API callers can pass them: say so rather than "invalid type".
    if (typeof zi.input === 'number' && !Number.isFinite(zi.input)) {
      return issue('NUMBER_NOT_FINITE', path, { value: shortValue(zi.input) });
    }
    // A required price year left out is common enough to deserve its own code.
    if (zi.code === 'invalid_type' && path[path.length - 1] === 'priceYear' && zi.input === undefined) {
      return issue('PRICE_YEAR_MISSING', path);
    }
    // A field left out reads as missing, not as "received undefined" (a JavaScript word the input never has);
    // zod's messages often start with "Invalid input:", which our own message already says.
    const said =
      zi.code === 'invalid_type' && zi.input === undefined
        ? `missing (expected ${zi.expected})`
        : zi.code === 'invalid_union' && zi.message === 'Invalid input'
          ? unionDetail(zi)
          : zi.code === 'invalid_key'
            ? // zod says only "Invalid key in record": what the key schema refused is inside, the key in the path
              zi.issues.map((k) => k.message.replace(/^Invalid input:\s*/, '')).join('; ')
            : zi.message.replace(/^Invalid input:\s*/, '');
    const detail =
      receivedText(zi) && !said.includes('received') && !quotes(said, zi.input as string)
        ? `${said}; received ${JSON.stringify(shortValue(zi.input))}`
        : said;
    return typeof fallback === 'function'
      ? fallback(path, detail)
      : issueFromData(fallback, path, { detail });
  });
}

/**
 * Whether a problem's detail quotes the text it refused (`; received "forestx"`): a word outside a list, a text that
 * fails a pattern or a refinement (a date that is no calendar date). In a batch of thousands of lines the text shows
 * which cell to correct; the detail of a wrong type or a missing field says all there is without it, and so does
 * one that already says what it received or quotes the text (a refinement's own message: quotes).
 */
function receivedText(zi: z.core.$ZodIssue): boolean {
  return (
    typeof zi.input === 'string' &&
    (zi.code === 'invalid_value' || zi.code === 'invalid_format' || zi.code === 'custom')
  );
}

/**
 * Whether a detail writes `text` as a word of its own (not inside a longer word or number): "the code 99 is none"
 * quotes 99, "a function" does not quote f. An empty text counts as quoted (an empty quote would add nothing).
 */
function quotes(detail: string, text: string): boolean {
  if (text === '') return true;
  const word = /[\p{L}\p{N}_]/u;
  for (let at = detail.indexOf(text); at >= 0; at = detail.indexOf(text, at + 1)) {
    const before = detail[at - 1];
    const after = detail[at + text.length];
    if ((before === undefined || !word.test(before)) && (after === undefined || !word.test(after)))
      return true;
  }
  return false;
}

/**
 * What a union none of whose options took the value refuses, where zod says only "Invalid input": the types its
 * options expect when each refused the value for its type alone (a decimal given true: "expected string or number,
 * received boolean"; left out: "missing (expected string or number)"), or else that no form fits.
 */
function unionDetail(zi: z.core.$ZodIssueInvalidUnion): string {
  // An option that refused the value for its type has that one issue, at its root: zod checks nothing further.
  const types = zi.errors.map(([first]) =>
    first?.code === 'invalid_type' && first.path.length === 0 ? first.expected : undefined,
  );
  if (types.includes(undefined)) return 'matches none of the accepted forms';
  const expected = [...new Set(types)].join(' or ');
  return zi.input === undefined
    ? `missing (expected ${expected})`
    : `expected ${expected}, received ${parsedType(zi.input)}`;
}

/**
 * The type zod's messages name for a value (`string`, `nan`, `null`, `array`, a class name such as `Date`), as
 * zod's own `util.parsedType` gives it. Written here: reaching it through the `z.core` namespace brings all of zod's
 * core, its locales and its JSON-Schema generator into a browser bundle.
 */
export function parsedType(data: unknown): string {
  const t = typeof data;
  if (t === 'number') return Number.isNaN(data) ? 'nan' : 'number';
  if (t !== 'object') return t;
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'array';
  const obj = data as { constructor?: { name: string } };
  return Object.getPrototypeOf(obj) !== Object.prototype && 'constructor' in obj && obj.constructor
    ? obj.constructor.name
    : 'object';
}

function stringify(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = String(v);
  return out;
}
