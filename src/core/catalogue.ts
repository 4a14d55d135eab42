/**
 * Error catalogues. A module declares its codes as `CODE: entry<'a' | 'b'>(severity, zh, en, hint, hintZh)`, where the type
 * argument names the parameters the messages read, and builds its issues with `issuesOf(CATALOGUE)`. A message that
 * reads a parameter not named, or a call that leaves a named one out, does not compile.
 *
 * @example
 * ```ts
 * const MY_ERRORS = {
 *   MY_THING_MISSING: entry<'id'>('error', (p) => `缺少 ${p.id}`, (p) => `Missing ${p.id}`, () => 'Add it.', () => '添加它。'),
 * } as const;
 * const { issue, fail } = issuesOf(MY_ERRORS);
 * issue('MY_THING_MISSING', ['things', 0], { id: 'a' }).message.en; // 'Missing a'
 * ```
 */
import { GepError, type Issue, type ParamValue, type Path, type Severity } from './issue';

/** The parameters of one entry, by name. */
export type Params<K extends string = string> = { readonly [P in K]: ParamValue };

export interface CatalogueEntry<K extends string = string> {
  readonly severity: Severity;
  zh(p: Params<K>): string;
  en(p: Params<K>): string;
  hint(p: Params<K>): string;
  hintZh(p: Params<K>): string;
}

export const entry = <K extends string = never>(
  severity: Severity,
  zh: (p: Params<K>) => string,
  en: (p: Params<K>) => string,
  hint: (p: Params<K>) => string,
  hintZh: (p: Params<K>) => string,
): CatalogueEntry<NoInfer<K>> => ({ severity, zh, en, hint, hintZh });

/** The parameter names of a catalogue entry. */
export type ParamsOf<E> = E extends { zh(p: infer P): string } ? keyof P & string : never;

/** The params argument of an entry: optional where the entry reads none. */
export type ParamsArg<E> = [ParamsOf<E>] extends [never]
  ? [params?: Params<never>]
  : [params: Params<ParamsOf<E>>];

// `any` is the one way to accept entries of every parameter set; the builders below are typed per code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCatalogue = Record<string, CatalogueEntry<any>>;

export interface IssueBuilders<C extends AnyCatalogue> {
  /** One issue of this catalogue. */
  issue<K extends keyof C & string>(code: K, path?: Path, ...params: ParamsArg<C[K]>): Issue;
  /** Throw a GepError for one issue of this catalogue. */
  fail<K extends keyof C & string>(code: K, path?: Path, ...params: ParamsArg<C[K]>): never;
  /**
   * One issue whose code and parameters travel as data (a zod refinement's `params`): not checked by the compiler:
   * the schema that attaches the code is responsible for its parameters.
   */
  issueFromData(code: keyof C & string, path: Path, params: Readonly<Record<string, ParamValue>>): Issue;
  /** Whether a code is of this catalogue. */
  owns(code: string): code is keyof C & string;
}

/** The typed `issue` and `fail` of one catalogue. */
export function issuesOf<C extends AnyCatalogue>(catalogue: C): IssueBuilders<C> {
  const issue = (
    code: keyof C & string,
    path: Path = [],
    params: Readonly<Record<string, ParamValue>> = {},
  ): Issue => {
    const e = catalogue[code] as CatalogueEntry;
    return {
      code,
      severity: e.severity,
      path: [...path],
      message: { zh: e.zh(params), en: e.en(params) },
      hint: e.hint(params),
      hintZh: e.hintZh(params),
      ...(Object.keys(params).length > 0 ? { params } : {}),
    };
  };
  const fail = (
    code: keyof C & string,
    path: Path = [],
    params: Readonly<Record<string, ParamValue>> = {},
  ): never => {
    throw new GepError(issue(code, path, params));
  };
  const owns = (code: string): code is keyof C & string => Object.hasOwn(catalogue, code);
  return { issue, fail, issueFromData: issue, owns } as IssueBuilders<C>;
}

/**
 * The value of `key` among `table`'s own keys, or undefined: a key such as `constructor` or `toString` is not
 * looked up on the object's prototype.
 *
 * @example
 * ownValue({ input: '输入' }, 'input'); // '输入'
 * ownValue({ input: '输入' }, 'constructor'); // undefined
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A detail's Chinese from a regular expression's match. */
export type DetailPattern = readonly [RegExp, (m: RegExpExecArray) => string];

/**
 * The Chinese of the details a module writes itself: a detail that is one of `fixed`'s own keys gets its value,
 * else the first of `patterns` that matches translates it, else `rest` does (core/errors.ts invalidDetailZh for
 * zod's forms, which keeps what it does not know as it is). A detail that quotes the refused text (RECEIVED) is
 * translated without it, and the text follows.
 *
 * @example
 * const zh = detailZhOf({ 'no header line': '没有表头行' }, [[/^got (\d+)$/, (m) => `实际为 ${m[1]}`]], (d) => d);
 * zh('got 3'); // '实际为 3'
 */
export function detailZhOf(
  fixed: Readonly<Record<string, string>>,
  patterns: readonly DetailPattern[],
  rest: (detail: string) => string,
): (detail: string) => string {
  const zh = (detail: string): string => {
    const r = RECEIVED.exec(detail);
    if (r !== null) return `${zh(r[1] as string)}；实际为 ${r[2]}`;
    const known = ownValue(fixed, detail);
    if (known !== undefined) return known;
    for (const [re, zh] of patterns) {
      const m = re.exec(detail);
      if (m !== null) return zh(m);
    }
    return rest(detail);
  };
  return zh;
}

/**
 * The end of a detail that quotes the text a schema refused (core/zod-issues.ts: `…; received "forestx"`), the text
 * as JSON: the Chinese of the detail is that of the rest with `；实际为 "forestx"`.
 */
export const RECEIVED = /^(.*); received ("(?:[^"\\]|\\.)*")$/s;
