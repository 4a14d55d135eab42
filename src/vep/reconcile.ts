import { Decimal, readDecimal, shortValue } from '../core/decimal';
import { GepError, type Path } from '../core/errors';
import { parseAccountResult } from './change';
import { vepIssue } from './errors';
import { fenOfYuan, roundFen, yuanOfFen } from './fen';

/**
 * Reconciliation of parcel valuations with the county account they tile (docs/vep.md, Reconciliation). Per
 * indicator × ecosystem type, in fen:
 *
 *   P = Σ over parcels of the parcel's cell (each already rounded to the fen)
 *   C = [Σ county lines of the cell]   (the county's exact value, rounded once to the fen)
 *   D = C − P,   bound B = ½ fen × (parcel cells + 1)
 *
 * When the parcels tile the county exactly (same areas, keys and coefficients), D is rounding only and |D| ≤ B.
 * The totals add the rows; the `rounding` line is Σ D over the rows within their bounds, `unexplained` over the
 * rows beyond it, `oneSided` over cells only one side has (county indicators that are not parcel-level). Sums of fen are exact: nothing is hidden in a rounded total.
 */
export interface ReconcileRow {
  indicator: string;
  type: string | null;
  parcels: string;
  /** Parcel cells summed (how many parcels had this cell). */
  parcelCells: number;
  county: string;
  difference: string;
  bound: string;
  status: 'rounding' | 'unexplained' | 'parcels-only' | 'county-only';
}

export interface ReconcileResult {
  priceYear: number;
  prices: 'current' | 'comparable';
  rows: ReconcileRow[];
  total: { parcels: string; county: string; difference: string };
  /** Σ difference of the rows within their rounding bound; its own line, never spread over the rows. */
  rounding: string;
  /** Σ difference of the rows with both sides beyond their bound. */
  unexplained: string;
  /** Σ difference of the rows only one side has (e.g. county indicators that are not parcel-level). */
  oneSided: string;
  parcels: number;
}

/** What reconciliation reads of a parcel result (a line of `gepkit vep value`, full or compact). */
export interface ParcelCells {
  ok: boolean;
  cells?: readonly { indicator: string; type: string | null; value: string }[];
  /** A compact line's cells by type (toCompactLine). */
  types?: Readonly<Record<string, { cells: Readonly<Record<string, string>> }>>;
  untyped?: Readonly<Record<string, string>>;
}

interface Acc {
  p: bigint;
  n: number;
  c: Decimal | null;
}

const cellKey = (indicator: string, type: string | null) => JSON.stringify([indicator, type]);

const isRecord = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x);

/** An amount in 元 as `vep value` writes it: at most 15 integer digits and two decimals. */
const PLAIN_FEN = /^-?\d{1,15}(\.\d{1,2})?$/;

/**
 * The fen of a cell's value in 元, undefined when it is not a decimal of whole fen. Reference: readDecimal, then
 * fenOfYuan. The common form (PLAIN_FEN) is read from its digits instead, the same integer: its digits without
 * the point are the amount in units of 10^-(decimals) 元, so × 100 (no decimals) or × 10 (one) or × 1 (two)
 * gives fen; such a string is within NUMBER_LIMITS, so the reference accepts it too (a property test holds the
 * two to each other).
 */
export function fenOfValue(v: unknown): bigint | undefined {
  if (typeof v === 'string' && PLAIN_FEN.test(v)) {
    const dot = v.indexOf('.');
    if (dot < 0) return BigInt(v) * 100n;
    const digits = BigInt(v.slice(0, dot) + v.slice(dot + 1));
    return v.length - dot - 1 === 2 ? digits : digits * 10n;
  }
  const d = readDecimal(v);
  return d.ok ? fenOfYuan(d.value) : undefined;
}

/**
 * The cells of a parcel result as (cell key, fen) pairs, undefined for a refused parcel (`ok: false`): from the
 * full line's `cells` array, or the compact line's `types` (each type's `cells` by indicator) and `untyped`. A line
 * that is not a parcel result, or a value that is not a decimal of whole fen (read by readDecimal, then fenOfYuan:
 * "1.5" is 150 fen, "440000" 44 000 000), is VEP_PARCEL_RESULT_INVALID at its place.
 */
function readCells(r: unknown, path: Path): [string, bigint][] | undefined {
  const bad = (at: Path, detail: string): never => {
    throw new GepError(vepIssue('VEP_PARCEL_RESULT_INVALID', [...path, ...at], { detail }));
  };
  if (!isRecord(r))
    return bad(
      [],
      `expected an object, got ${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r}`,
    );
  if (typeof r.ok !== 'boolean') return bad(['ok'], '"ok" must be true or false');
  if (!r.ok) return undefined;
  const out: [string, bigint][] = [];
  const cell = (indicator: string, type: string | null, value: unknown, at: Path) => {
    const fen = fenOfValue(value);
    if (fen === undefined)
      return bad(
        at,
        `value ${shortValue(JSON.stringify(value) ?? 'undefined')} is not an amount in 元 of whole fen`,
      );
    out.push([cellKey(indicator, type), fen]);
  };
  if (!Array.isArray(r.cells)) {
    if (!isRecord(r.types))
      return bad(['cells'], 'a valued parcel needs its "cells" array (or, in a compact line, its "types")');
    for (const [type, t] of Object.entries(r.types)) {
      if (!isRecord(t) || !isRecord(t.cells))
        return bad(
          ['types', type],
          'a type of a compact line is an object with "cells" { indicator: value }',
        );
      for (const [indicator, v] of Object.entries(t.cells))
        cell(indicator, type, v, ['types', type, 'cells', indicator]);
    }
    if (r.untyped !== undefined && !isRecord(r.untyped))
      return bad(['untyped'], '"untyped" is an object { indicator: value }');
    for (const [indicator, v] of Object.entries(r.untyped ?? {}))
      cell(indicator, null, v, ['untyped', indicator]);
    return out;
  }
  for (const [i, c] of (r.cells as unknown[]).entries()) {
    if (!isRecord(c)) return bad(['cells', i], 'a cell is an object { indicator, type, value }');
    if (typeof c.indicator !== 'string')
      return bad(['cells', i, 'indicator'], '"indicator" must be a string');
    if (c.type !== null && typeof c.type !== 'string')
      return bad(['cells', i, 'type'], '"type" must be a string or null');
    cell(c.indicator, c.type, c.value, ['cells', i, 'value']);
  }
  return out;
}

/**
 * The parcel side of a reconciliation, added up one parcel result at a time: per indicator × ecosystem type the
 * fen and the number of cells, and the number of parcels. Memory grows with the number of distinct cells (the
 * profile's indicators × the ecosystem types met), never with the number of parcels, so a results file of any
 * length is reconciled as it streams (`gepkit vep reconcile`).
 */
export class ParcelSums {
  private readonly cells = new Map<string, { p: bigint; n: number }>();
  private count = 0;

  /**
   * Add one parcel result (ParcelCells: a line of `gepkit vep value`, located at `path` for its refusal); refused parcels
   * (`ok: false`) are skipped. Throws GepError (VEP_PARCEL_RESULT_INVALID) for anything else than an object with
   * a boolean `ok` and, when valued, a `cells` array of { indicator, type (string or null), value (元, a decimal
   * of whole fen) } or a compact line's `types` ({ type: { cells: { indicator: value } } }, and `untyped`);
   * nothing of such a line is added.
   */
  add(r: unknown, path: Path = []): void {
    const cells = readCells(r, path);
    if (cells === undefined) return;
    this.count += 1;
    for (const [k, fen] of cells) {
      let e = this.cells.get(k);
      if (e === undefined) this.cells.set(k, (e = { p: 0n, n: 0 }));
      e.p += fen;
      e.n += 1;
    }
  }

  /** Parcels added (valued ones). */
  get parcels(): number {
    return this.count;
  }

  /** Distinct cells (indicator × type) held: the size of this object's state. */
  get size(): number {
    return this.cells.size;
  }

  /** A fresh accumulator per cell (the county is added to copies, so the sums can be reconciled again). */
  entries(): Map<string, Acc> {
    return new Map([...this.cells].map(([k, e]) => [k, { p: e.p, n: e.n, c: null }]));
  }
}

/**
 * Reconcile parcel results (valued at `priceYear`) with a county account result (JSON of `gepkit account`).
 * The county's value column is the one at `priceYear`: current prices when it is the account year, comparable
 * when it is its base year; otherwise VEP_PRICE_YEAR_MISMATCH. `parcels` is the results themselves or their
 * sums (ParcelSums, for a stream).
 */
export function reconcile(
  parcels: Iterable<ParcelCells> | ParcelSums,
  accountJson: unknown,
  priceYear: number,
): ReconcileResult {
  const a = parseAccountResult(accountJson, ['account']);
  const prices =
    a.prices.currentYear === priceYear
      ? 'current'
      : a.prices.baseYear === priceYear
        ? 'comparable'
        : undefined;
  if (prices === undefined)
    throw new GepError(
      vepIssue('VEP_PRICE_YEAR_MISMATCH', ['account', 'prices'], {
        what: 'the parcels',
        a: priceYear,
        b: a.prices.currentYear,
      }),
    );
  let sums: ParcelSums;
  if (parcels instanceof ParcelSums) sums = parcels;
  else {
    sums = new ParcelSums();
    let i = 0;
    for (const r of parcels) sums.add(r, ['parcels', i++]);
  }
  const m = sums.entries();
  for (const ind of a.indicators)
    for (const l of ind.lines) {
      const k = cellKey(ind.code, l.ecosystem);
      let e = m.get(k);
      if (e === undefined) m.set(k, (e = { p: 0n, n: 0, c: null }));
      e.c = (e.c ?? new Decimal(0)).plus(l.value[prices]);
    }
  return summarise(m, priceYear, prices, sums.parcels);
}

function summarise(
  m: Map<string, Acc>,
  priceYear: number,
  prices: 'current' | 'comparable',
  n: number,
): ReconcileResult {
  const rows: ReconcileRow[] = [];
  let tp = 0n;
  let tc = 0n;
  let rounding = 0n;
  let unexplained = 0n;
  let oneSided = 0n;
  const keys = [...m.keys()].sort();
  for (const k of keys) {
    const [indicator, type] = JSON.parse(k) as [string, string | null];
    const e = m.get(k) as Acc;
    const c = e.c === null ? 0n : roundFen(e.c);
    const d = c - e.p;
    // ½ fen × (cells + 1), in fen: cells + 1 halves, rounded down to whole fen (differences are whole fen)
    const bound = BigInt(Math.floor((e.n + 1) / 2));
    const abs = d < 0n ? -d : d;
    const status: ReconcileRow['status'] =
      e.c === null ? 'parcels-only' : e.n === 0 ? 'county-only' : abs <= bound ? 'rounding' : 'unexplained';
    if (status === 'rounding') rounding += d;
    else if (status === 'unexplained') unexplained += d;
    else oneSided += d;
    tp += e.p;
    tc += c;
    rows.push({
      indicator,
      type,
      parcels: yuanOfFen(e.p),
      parcelCells: e.n,
      county: yuanOfFen(c),
      difference: yuanOfFen(d),
      bound: yuanOfFen(bound),
      status,
    });
  }
  return {
    priceYear,
    prices,
    rows,
    total: { parcels: yuanOfFen(tp), county: yuanOfFen(tc), difference: yuanOfFen(tc - tp) },
    rounding: yuanOfFen(rounding),
    unexplained: yuanOfFen(unexplained),
    oneSided: yuanOfFen(oneSided),
    parcels: n,
  };
}
