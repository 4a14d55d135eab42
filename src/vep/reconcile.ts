import * as z from 'zod/mini';
import { Decimal, readDecimal, shortValue } from '../core/decimal';
import { GepError, type Issue, type Path } from '../core/errors';
import { anArray, checkArgument, checkOptions, optionsSchema } from '../core/options';
import { classificationsDiffer, parseAccountResult } from './change';
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
 * rows beyond it, `countyOnly` over cells the county has and no parcel (county indicators that are not
 * parcel-level), `parcelsOnly` over cells parcels have and the county not (−P each: value the county account
 * lacks). So total.difference = rounding + unexplained + countyOnly + parcelsOnly, exactly: sums of fen, nothing
 * hidden in a rounded total.
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
  /** Σ difference of the rows the county has and no parcel (e.g. county indicators that are not parcel-level). */
  countyOnly: string;
  /**
   * Σ difference of the rows parcels have and the county account not: −(the parcels' value the county lacks).
   * Each such row with a value is a VEP_RECONCILE_PARCELS_ONLY (unexplainedIssues).
   */
  parcelsOnly: string;
  parcels: number;
}

/** ReconcileOptions as checked: a classification ref, a whole year (OPTIONS_INVALID otherwise). */
const reconcileOptions = optionsSchema<ReconcileOptions>({ classification: z.string(), year: z.int() });

/** What a reconciliation knows of the parcels besides their cells. */
export interface ReconcileOptions {
  /**
   * The classification the parcels were valued under (`basis.classification.ref` of `vep value`'s summary); a
   * ParcelSums given a summary (checkSummary) knows it already. When known, an account of another is refused.
   */
  classification?: string;
  /**
   * The year of the county account the parcels were valued from (`basis.year` of `vep value`'s summary); a ParcelSums
   * given a summary knows it already. When known, an account of another year is refused (VEP_YEAR_MISMATCH).
   */
  year?: number;
}

/**
 * What reconciliation reads of a parcel result (a line of `gepkit vep value`, full or compact): its cells, and the
 * figures made of them, which must be their sums (`value`, each `byType` entry's value, a compact type's value).
 */
export interface ParcelCells {
  ok: boolean;
  package?: string | null;
  /** The parcel's value in 元: Σ of its cells. */
  value?: string;
  /** Per ecosystem type with an area: its value in 元, Σ of the cells of that type. */
  byType?: readonly { type: string; value: string }[];
  cells?: readonly { indicator: string; type: string | null; value: string }[];
  /** A compact line's cells by type (toCompactLine), with the type's value where it has an area. */
  types?: Readonly<
    Record<string, { cells: Readonly<Record<string, string>>; value?: string; area?: unknown }>
  >;
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

/** What one valued parcel result gives the sums: its cells, their total, its package and the types it has an area of. */
interface LineRead {
  cells: [string, bigint][];
  /** Σ of the cells, in fen. */
  total: bigint;
  package: string | null;
  /** The types the line gives an area of (the full line's `byType`, a compact line's types with an `area`). */
  types: string[];
}

/** A figure as a detail shows it: as written, in short. */
const shown = (v: unknown) => shortValue(JSON.stringify(v) ?? 'undefined');

/** The fen of a figure (fenOfValue), or `bad` at its place when it is not an amount in 元 of whole fen. */
function fenOr(v: unknown, at: Path, bad: (at: Path, detail: string) => never): bigint {
  const fen = fenOfValue(v);
  return fen === undefined ? bad(at, `value ${shown(v)} is not an amount in 元 of whole fen`) : fen;
}

/**
 * A valued parcel result, read: its cells as (cell key, fen) pairs, undefined for a refused parcel (`ok: false`),
 * from the full line's `cells` array, or the compact line's `types` (each type's `cells` by indicator) and
 * `untyped`. A line that is not a parcel result, or a value that is not a decimal of whole fen (read by
 * readDecimal, then fenOfYuan: "1.5" is 150 fen, "440000" 44 000 000), is VEP_PARCEL_RESULT_INVALID at its place.
 * So are the figures made of the cells when they are not their sums, to the fen: the line's `value` (Σ of all its
 * cells), each `byType` entry's value (Σ of the cells of its type), a compact type's `value` (Σ of its `cells`);
 * every such figure of the line is named, in one error. A figure the line does not give is not checked.
 */
function readLine(r: unknown, path: Path): LineRead | undefined {
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
  if (r.package !== undefined && r.package !== null && typeof r.package !== 'string')
    return bad(['package'], '"package" must be a string or null');
  const out: [string, bigint][] = [];
  const fenAt = (value: unknown, at: Path): bigint => fenOr(value, at, bad);
  let total = 0n;
  /** Σ of the cells per type (cells without a type are in `total` only). */
  const byType = new Map<string, bigint>();
  const cell = (indicator: string, type: string | null, value: unknown, at: Path) => {
    const fen = fenAt(value, at);
    out.push([cellKey(indicator, type), fen]);
    total += fen;
    if (type !== null) byType.set(type, (byType.get(type) ?? 0n) + fen);
  };
  // The types' figures given beside the cells: [place, the figure as written, its fen, its type].
  const figures: [Path, unknown, bigint, string][] = [];
  const types: string[] = [];
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
      if (t.area !== undefined) types.push(type);
      if (t.value !== undefined)
        figures.push([['types', type, 'value'], t.value, fenAt(t.value, ['types', type, 'value']), type]);
    }
    if (r.untyped !== undefined && !isRecord(r.untyped))
      return bad(['untyped'], '"untyped" is an object { indicator: value }');
    for (const [indicator, v] of Object.entries(r.untyped ?? {}))
      cell(indicator, null, v, ['untyped', indicator]);
  } else {
    for (const [i, c] of (r.cells as unknown[]).entries()) {
      if (!isRecord(c)) return bad(['cells', i], 'a cell is an object { indicator, type, value }');
      if (typeof c.indicator !== 'string')
        return bad(['cells', i, 'indicator'], '"indicator" must be a string');
      if (c.type !== null && typeof c.type !== 'string')
        return bad(['cells', i, 'type'], '"type" must be a string or null');
      cell(c.indicator, c.type, c.value, ['cells', i, 'value']);
    }
    if (r.byType !== undefined) {
      if (!Array.isArray(r.byType)) return bad(['byType'], '"byType" is an array of { type, area, value }');
      for (const [i, t] of (r.byType as unknown[]).entries()) {
        if (!isRecord(t) || typeof t.type !== 'string')
          return bad(['byType', i], 'an entry of "byType" is an object { type, area, value }');
        types.push(t.type);
        figures.push([['byType', i, 'value'], t.value, fenAt(t.value, ['byType', i, 'value']), t.type]);
      }
    }
  }
  const wrong: Issue[] = [];
  if (r.value !== undefined) {
    const fen = fenAt(r.value, ['value']);
    if (fen !== total)
      wrong.push(
        vepIssue('VEP_PARCEL_RESULT_INVALID', [...path, 'value'], {
          detail: `value ${shown(r.value)} is not the sum of the parcel's cells ${yuanOfFen(total)}`,
        }),
      );
  }
  for (const [at, written, fen, type] of figures) {
    const sum = byType.get(type) ?? 0n;
    if (fen !== sum)
      wrong.push(
        vepIssue('VEP_PARCEL_RESULT_INVALID', [...path, ...at], {
          detail: `value ${shown(written)} of type ${JSON.stringify(type)} is not the sum of its cells ${yuanOfFen(sum)}`,
        }),
      );
  }
  if (wrong.length > 0) throw new GepError(wrong);
  return { cells: out, total, package: (r.package as string | null | undefined) ?? null, types };
}

/** The groups of a batch summary, read against the lines (BatchSummary's byPackage, byType, byIndicator). */
const GROUPS = [
  ['byPackage', 'package', '{ package, parcels, value }'],
  ['byType', 'type', '{ type, parcels, area, value }'],
  ['byIndicator', 'indicator', '{ indicator, value }'],
] as const;

/**
 * The parcel side of a reconciliation, added up one parcel result at a time: per indicator × ecosystem type the
 * fen and the number of cells, and the number of parcels. Memory grows with the number of distinct cells (the
 * profile's indicators × the ecosystem types met) and packages, never with the number of parcels, so a results
 * file of any length is reconciled as it streams (`gepkit vep reconcile`).
 */
export class ParcelSums {
  private readonly cells = new Map<string, { p: bigint; n: number }>();
  private count = 0;
  /** Σ of all cells, in fen. */
  private total = 0n;
  /** Package → valued parcels and Σ of their cells (for the summary's byPackage). */
  private readonly packages = new Map<string | null, { parcels: number; fen: bigint }>();
  /** Type → valued parcels with an area of it (for the summary's byType). */
  private readonly typeParcels = new Map<string, number>();
  /** The classification of the summary's basis, once checkSummary has read it. */
  private basisClassification: string | undefined;
  /** The year of the summary's basis (the county account the parcels were valued from), once read. */
  private basisYear: number | undefined;

  /**
   * Add one parcel result (ParcelCells: a line of `gepkit vep value`, located at `path` for its refusal); refused parcels
   * (`ok: false`) are skipped. Throws GepError (VEP_PARCEL_RESULT_INVALID) for anything else than an object with
   * a boolean `ok` and, when valued, a `cells` array of { indicator, type (string or null), value (元, a decimal
   * of whole fen) } or a compact line's `types` ({ type: { cells: { indicator: value } } }, and `untyped`), and
   * for a line whose `value`, `byType` values or compact types' values are not the sums of its cells; nothing of
   * such a line is added.
   */
  add(r: unknown, path: Path = []): void {
    const line = readLine(r, path);
    if (line === undefined) return;
    this.count += 1;
    this.total += line.total;
    for (const [k, fen] of line.cells) {
      let e = this.cells.get(k);
      if (e === undefined) this.cells.set(k, (e = { p: 0n, n: 0 }));
      e.p += fen;
      e.n += 1;
    }
    let g = this.packages.get(line.package);
    if (g === undefined) this.packages.set(line.package, (g = { parcels: 0, fen: 0n }));
    g.parcels += 1;
    g.fen += line.total;
    for (const t of line.types) this.typeParcels.set(t, (this.typeParcels.get(t) ?? 0) + 1);
  }

  /** Parcels added (valued ones). */
  get parcels(): number {
    return this.count;
  }

  /**
   * The classification the parcels were valued under, as the summary checked (checkSummary) gives it
   * (`basis.classification.ref`); undefined before, or when it gives none.
   */
  get classification(): string | undefined {
    return this.basisClassification;
  }

  /** The year of the account the parcels were valued from, as the summary checked gives it (`basis.year`). */
  get year(): number | undefined {
    return this.basisYear;
  }

  /** Distinct cells (indicator × type) held: the size of this object's state. */
  get size(): number {
    return this.cells.size;
  }

  /** A fresh accumulator per cell (the county is added to copies, so the sums can be reconciled again). */
  entries(): Map<string, Acc> {
    return new Map([...this.cells].map(([k, e]) => [k, { p: e.p, n: e.n, c: null }]));
  }

  /**
   * Check a batch summary (the `summary` of `vep value`'s summary line, located at `path`) against the parcel
   * results added: each total it gives must be what the lines give, to the fen — `value` (Σ of every cell),
   * `valued` (the valued lines), and per entry of `byPackage` (parcels, value), `byType` (parcels with an area of
   * the type, Σ of its cells) and `byIndicator` (Σ of its cells), with every package, type and indicator of the
   * lines listed once. Throws GepError (VEP_PARCEL_RESULT_INVALID) naming every total that differs, or the first
   * one that is not a figure. A total the summary does not give is not checked; `lines`, `refused`, the areas and
   * the rest are not read, but for the basis's classification (`basis.classification.ref`, when a string), kept as
   * `classification` for reconcile to compare with the account's.
   */
  checkSummary(summary: unknown, path: Path): void {
    const bad = (at: Path, detail: string): never => {
      throw new GepError(vepIssue('VEP_PARCEL_RESULT_INVALID', [...path, ...at], { detail }));
    };
    if (!isRecord(summary))
      return bad(
        [],
        `expected an object, got ${summary === null ? 'null' : Array.isArray(summary) ? 'an array' : typeof summary}`,
      );
    const wrong: Issue[] = [];
    const differs = (at: Path, given: unknown, lines: string, group?: string) =>
      wrong.push(
        vepIssue('VEP_PARCEL_RESULT_INVALID', [...path, ...at], {
          detail: `${group === undefined ? '' : `${group}: `}the summary gives ${shortValue(String(given))}, the lines ${lines}`,
        }),
      );
    const fenAt = (v: unknown, at: Path): bigint => fenOr(v, at, bad);
    const countAt = (v: unknown, at: Path): number =>
      typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
        ? v
        : bad(at, `${shown(v)} is not a number of parcels`);
    if (summary.value !== undefined && fenAt(summary.value, ['value']) !== this.total)
      differs(['value'], summary.value, `add up to ${yuanOfFen(this.total)}`);
    if (summary.valued !== undefined && countAt(summary.valued, ['valued']) !== this.count)
      differs(['valued'], summary.valued, `have ${this.count} valued parcels`);
    // What the lines give per group: key → [parcels (byIndicator: none), fen].
    const byIndicator = new Map<string, [undefined, bigint]>();
    const byType = new Map<string, [number, bigint]>();
    for (const [t, n] of this.typeParcels) byType.set(t, [n, 0n]);
    for (const [k, e] of this.cells) {
      const [indicator, type] = JSON.parse(k) as [string, string | null];
      const i = byIndicator.get(indicator);
      byIndicator.set(indicator, [undefined, (i?.[1] ?? 0n) + e.p]);
      if (type !== null) {
        const t = byType.get(type);
        byType.set(type, [t?.[0] ?? 0, (t?.[1] ?? 0n) + e.p]);
      }
    }
    const lines: Record<(typeof GROUPS)[number][0], Map<string | null, [number | undefined, bigint]>> = {
      byPackage: new Map([...this.packages].map(([p, g]) => [p, [g.parcels, g.fen]])),
      byType,
      byIndicator,
    };
    for (const [field, kind, shape] of GROUPS) {
      const list = summary[field];
      if (list === undefined) continue;
      if (!Array.isArray(list)) return bad([field], `"${field}" is an array of ${shape}`);
      const given = lines[field];
      const seen = new Set<string | null>();
      for (const [i, e] of (list as unknown[]).entries()) {
        const key = isRecord(e) ? e[kind] : undefined;
        if (typeof key !== 'string' && !(kind === 'package' && key === null))
          return bad([field, i], `an entry of "${field}" is an object ${shape}`);
        const name = `${kind} ${JSON.stringify(key)}`;
        if (seen.has(key)) {
          wrong.push(
            vepIssue('VEP_PARCEL_RESULT_INVALID', [...path, field, i], {
              detail: `${name} appears twice in the summary`,
            }),
          );
          continue;
        }
        seen.add(key);
        const [parcels, fen] = given.get(key) ?? [kind === 'indicator' ? undefined : 0, 0n];
        const entry = e as Record<string, unknown>;
        if (parcels !== undefined && entry.parcels !== undefined)
          if (countAt(entry.parcels, [field, i, 'parcels']) !== parcels)
            differs([field, i, 'parcels'], entry.parcels, `have ${parcels} valued parcels`, name);
        if (entry.value !== undefined && fenAt(entry.value, [field, i, 'value']) !== fen)
          differs([field, i, 'value'], entry.value, `add up to ${yuanOfFen(fen)}`, name);
      }
      for (const [key, [, fen]] of given)
        if (!seen.has(key))
          wrong.push(
            vepIssue('VEP_PARCEL_RESULT_INVALID', [...path, field], {
              detail: `${kind} ${JSON.stringify(key)} of the lines (${yuanOfFen(fen)}) is not in the summary`,
            }),
          );
    }
    if (wrong.length > 0) throw new GepError(wrong);
    const basis = summary.basis;
    const classification =
      isRecord(basis) && isRecord(basis.classification) ? basis.classification.ref : undefined;
    if (typeof classification === 'string') this.basisClassification = classification;
    if (isRecord(basis) && typeof basis.year === 'number') this.basisYear = basis.year;
  }
}

/** The hint of a county account of another classification than the parcels' (VEP_CHANGE_INCOMPARABLE). */
const INCOMPARABLE =
  "Reconcile the parcels with the county account of the classification they were valued under (their summary's basis.classification, the parcel profile's), or value them with a profile of the account's classification.";
const INCOMPARABLE_ZH =
  '请将地块与其估值所用分类体系（汇总中的 basis.classification，即地块核算方案的分类体系）下的全县核算对账，或用与该核算相同分类体系的核算方案对地块估值。';

/**
 * Reconcile parcel results (valued at `priceYear`) with a county account result (JSON of `gepkit account`).
 * The county's value column is the one at `priceYear`: current prices when it is the account year, comparable
 * when it is its base year; otherwise VEP_PRICE_YEAR_MISMATCH. `parcels` is the results themselves or their
 * sums (ParcelSums, for a stream). Refused before any sum: an account of no indicator (VEP_RESULT_INVALID at
 * `account.indicators`: nothing to reconcile with, every parcel cell would be one-sided), and an account of another
 * classification than the parcels' (`opts.classification`, else the ParcelSums' summary's), VEP_CHANGE_INCOMPARABLE
 * at `account.classification` as for change accounting (classificationsDiffer), with a hint of reconciliation; the
 * parcels' classification is not checked when neither gives it.
 */
export function reconcile(
  parcels: Iterable<ParcelCells> | ParcelSums,
  accountJson: unknown,
  priceYear: number,
  opts: ReconcileOptions = {},
): ReconcileResult {
  checkOptions(reconcileOptions, opts);
  const a = parseAccountResult(accountJson, ['account']);
  if (a.indicators.length === 0)
    throw new GepError(
      vepIssue('VEP_RESULT_INVALID', ['account', 'indicators'], {
        detail: 'Too small: expected array to have >=1 items',
      }),
    );
  const classification =
    opts.classification ?? (parcels instanceof ParcelSums ? parcels.classification : undefined);
  const differ =
    classification === undefined
      ? undefined
      : classificationsDiffer(classification, a.classification.ref, ['account', 'classification']);
  if (differ !== undefined) throw new GepError({ ...differ, hint: INCOMPARABLE, hintZh: INCOMPARABLE_ZH });
  // Parcels valued from another year's account carry that year's unit values: no sum of them is this county's.
  const year = opts.year ?? (parcels instanceof ParcelSums ? parcels.year : undefined);
  if (year !== undefined && year !== a.year)
    throw new GepError(
      vepIssue('VEP_YEAR_MISMATCH', ['account', 'year'], { parcels: year, account: a.year }),
    );
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
  let countyOnly = 0n;
  let parcelsOnly = 0n;
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
    else if (status === 'county-only') countyOnly += d;
    else parcelsOnly += d;
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
    countyOnly: yuanOfFen(countyOnly),
    parcelsOnly: yuanOfFen(parcelsOnly),
    parcels: n,
  };
}

/** What unexplainedIssues reads of a reconciliation (reconcile's value): its rows. */
const reconcileOutline = z.looseObject({ rows: anArray });

/**
 * The rows of a reconciliation the county account does not explain, in row order, at `["rows", i]` (warnings):
 * VEP_RECONCILE_UNEXPLAINED for each row whose difference is beyond its rounding bound (`status: 'unexplained'`),
 * VEP_RECONCILE_PARCELS_ONLY for each row of parcel value the county account has no line for (`parcels-only`, its
 * parcels' value not 0.00). None when every difference is rounding or county-only (county indicators that are not
 * parcel-level). `gepkit vep reconcile` prints them on stderr and exits with code 1 when there is any. A
 * reconciliation of another kind is ARGUMENT_INVALID at `result`.
 *
 * @example
 * ```ts
 * const r = reconcile(results, countyAccount, 2023);
 * for (const w of unexplainedIssues(r)) console.error(w.message.en);
 * ```
 */
export function unexplainedIssues(r: ReconcileResult): Issue[] {
  checkArgument(reconcileOutline, r, ['result']);
  const out: Issue[] = [];
  for (const [i, row] of r.rows.entries())
    if (row.status === 'parcels-only' && row.parcels !== '0.00')
      out.push(
        vepIssue('VEP_RECONCILE_PARCELS_ONLY', ['rows', i], {
          indicator: row.indicator,
          type: row.type ?? '(none)',
          parcels: row.parcels,
          cells: row.parcelCells,
        }),
      );
    else if (row.status === 'unexplained')
      out.push(
        vepIssue('VEP_RECONCILE_UNEXPLAINED', ['rows', i], {
          indicator: row.indicator,
          type: row.type ?? '(none)',
          parcels: row.parcels,
          county: row.county,
          difference: row.difference,
          bound: row.bound,
        }),
      );
  return out;
}
