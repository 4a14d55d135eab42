import type { CoefficientRecord } from '../coefficients/schema';
import type { Decimal } from '../core/decimal';
import type { CoefficientSet, CoefficientTable, OverrideRecord } from '../coefficients/registry';

/** A record of one of the user's tables (own or overlay), and the table of the set it sits in. */
export interface UserRecord {
  /** The user's table: its position among the user's tables (the input's, then the options'), and its ref. */
  table: number;
  ref: string;
  record: CoefficientRecord;
  /** The record's position among its table's records. */
  index: number;
  /** The table searched that holds it: the user's own table, or the bundled table it was overlaid on. */
  holder: CoefficientTable;
}

/** A coefficient as read: the table searched, its key and the scope of the record found. */
export interface RecordFound {
  table: string;
  key: string;
  ecosystem: string | null;
  /** Absent where the reader does not know it (a price's origin): the first record of the key and type answers. */
  region?: string | null;
}

/** The coefficient tables of an account: searched in order, with the records the user's tables replace. */
export interface TablesRead {
  set: CoefficientSet;
  tables: CoefficientTable[];
  overrides: OverrideRecord[];
  userRecords: readonly UserRecord[];
  /** Each user table's effective period (its days `from` and `to`, null: open), by its position. */
  periods: readonly TablePeriod[];
}

export interface TablePeriod {
  table: number;
  ref: string;
  from: string;
  to: string | null;
}

/** How many distinct coefficient sets and switch sets a cache keeps (the oldest goes first). */
const MAX_ENTRIES = 64;
/**
 * How many custom-formula values a cache keeps (the oldest goes first): an uncertainty run's probes of an input with up
 * to 2048 custom indicators evaluate each formula once; a key holds the formula (at most 1000 characters) and its inputs.
 */
const MAX_FORMULAS = 4096;

/**
 * Work an account does once per profile and coefficient set, kept between accounts by a caller that accounts many
 * inputs (a service, a batch, a loop over scenarios): the user's coefficient tables validated, hashed and overlaid
 * on the profile's, the coefficient set with every lookup it has answered, and each indicator's switches parsed.
 * Pass one as `options.cache`; an account without one does the same work from scratch, with the same result.
 *
 * Entries are keyed by content (the profile's tables and the JSON text of the user's tables; the method and the
 * JSON text of the switches), never by object identity, so an input edited between two accounts is read afresh.
 * Only successes are kept: a table or switch refused is refused again, with its own path. At most 64 coefficient
 * sets and 64 switch sets are kept. The cache holds no input data beyond those tables and switches.
 *
 * @example
 * ```ts
 * const cache = new AccountCache();
 * for (const input of townships) results.push(account(input, { cache }));
 * ```
 */
export class AccountCache {
  private readonly sets = new Map<string, TablesRead>();
  private readonly switches = new Map<string, Record<string, unknown>>();
  private readonly formulas = new Map<string, Decimal>();

  /**
   * A custom formula's value for a key (its text and the values of the inputs it reads), evaluated by `evaluate` the
   * first time: the same text and values give the same number. Refusals are not kept. At most MAX_FORMULAS values.
   */
  formulaValue(key: string, evaluate: () => Decimal): Decimal {
    let r = this.formulas.get(key);
    if (r === undefined) remember(this.formulas, key, (r = evaluate()), MAX_FORMULAS);
    return r;
  }

  /** The tables read for a key (see coefficientSetKey), built by `make` the first time. */
  tables(key: string | undefined, make: () => TablesRead): TablesRead {
    if (key === undefined) return make();
    let r = this.sets.get(key);
    if (r === undefined) remember(this.sets, key, (r = make()));
    // A result lists the overrides: each gets its own array.
    return { ...r, overrides: [...r.overrides] };
  }

  /** An indicator's parsed switches for a key (method ref and switches' JSON), parsed by `parse` the first time. */
  parsedSwitches(key: string | undefined, parse: () => Record<string, unknown>): Record<string, unknown> {
    if (key === undefined) return parse();
    let r = this.switches.get(key);
    if (r === undefined) remember(this.switches, key, (r = parse()));
    // The methods read the switches and the result lists them: each account gets its own object.
    return { ...r };
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max = MAX_ENTRIES): void {
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * The JSON text of a value made of plain objects, arrays, strings, finite numbers, booleans and null only, or
 * undefined for anything else (a Decimal, a Date, undefined, NaN, -0, an array with holes): two such values with the same text are read
 * the same way, which is what makes the text a safe cache key.
 */
export function plainJsonKey(value: unknown): string | undefined {
  return isPlainJson(value, 0) ? JSON.stringify(value) : undefined;
}

function isPlainJson(v: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  // -0 prints as 0: a key must not make them one.
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) {
    // A hole prints as null but reads as undefined.
    for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlainJson(v[i], depth + 1)) return false;
    return true;
  }
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (!isPlainJson((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}
