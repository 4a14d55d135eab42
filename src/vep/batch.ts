import { GepError, type Issue, type Path } from '../core/errors';
import { AreaSum } from './area-sum';
import type { ValuationBasis } from './context';
import { CsvParcels } from './csv';
import { vepIssue } from './errors';
import { guardedIndex } from './index-guard';
import { yuanOfFen } from './fen';
import { type Geometry, findOverlaps } from './geometry';
import { parseParcel } from './parse-parcel';
import type { Parcel } from './schema';
import { ParcelValuer, type ParcelValue, type ValuerOptions } from './valuer';

export interface BatchOptions extends ValuerOptions {
  /** How string lines are read: JSON Lines (default) or CSV (the first non-blank line is the header). */
  format?: 'jsonl' | 'csv';
  /**
   * Refuse a parcel id valued earlier in the batch, and a certificate of a parcel valued earlier under another
   * package or holder (default true). The ids and certificates of valued parcels are the only state that grows
   * with the batch: kept in memory, or moved to `diskIndex`; turn the checks off when ids are unique by
   * construction (a database key).
   */
  checkDuplicates?: boolean;
  /**
   * An index on disk for the duplicate checks (`openDiskIndex`, gepkit/vep/node). The ids and certificates are
   * kept in memory until the batch has seen `memoryKeys` of them, then moved to the index, where the rest of the
   * batch keeps them: memory stops growing with the parcels. Without it they stay in memory. The checks give the
   * same results either way (the index keeps what the memory maps keep).
   */
  diskIndex?: () => DuplicateIndex;
  /** Ids and certificates kept in memory before the move to `diskIndex` (default 100,000; 0: on disk from the start). */
  memoryKeys?: number;
  /**
   * How a valued parcel carries its warnings: in full on its own line (`inline`, default), or as references
   * (`refs`) to one entry per distinct warning in the summary (`summary.warningCatalogue`, with counts): a
   * batch whose parcels share a few warnings then writes each once.
   */
  warnings?: 'inline' | 'refs';
}

/** One key set of the duplicate checks (a Map is one). */
export interface KeyStore<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
}

/** Where a certificate was first valued: its package and holder ("package P, holder H") and the parcel id. */
export interface CertificateSeen {
  owner: string;
  id: string;
}

/** What the duplicate checks remember of valued parcels: id → the line it was valued on; certificate → where. */
export interface DuplicateIndex {
  ids: KeyStore<number>;
  certificates: KeyStore<CertificateSeen>;
  /** Release the index (its files); the batch calls it once, from `close()`. */
  close(): void;
}

/** Ids and certificates a batch keeps in memory before it moves them to its disk index. */
export const MEMORY_KEYS = 100_000;

/** Where the duplicate checks keep their keys (`gepkit vep value --index`, the service's `index` parameter). */
export type IndexMode = 'auto' | 'memory' | 'disk';

/**
 * The batch options of an index mode: `auto` keeps the keys in memory up to MEMORY_KEYS, then in the index
 * `open` gives; `memory` never moves them; `disk` keeps them in that index from the first parcel. A failure of
 * the index (opening it, or a read or write) is thrown as VEP_INDEX_FAILED (./index-guard.ts).
 */
export function indexOptions(
  mode: IndexMode,
  open: () => DuplicateIndex,
): Pick<BatchOptions, 'diskIndex' | 'memoryKeys'> {
  if (mode === 'memory') return {};
  return { diskIndex: guardedIndex(open), memoryKeys: mode === 'disk' ? 0 : MEMORY_KEYS };
}

/** Most distinct owner strings kept (shared between parcels); beyond, each parcel builds its own. */
const OWNERS_KEPT = 10_000;

/** One distinct warning of a batch (`warnings: 'refs'`): where it was first seen, and how often. */
export interface WarningEntry {
  ref: string;
  count: number;
  firstLine: number;
  /** The warning as first seen (its path names that line). */
  issue: Issue;
}

/** What one line produced. Money is in 元 with two decimals (exact fen). */
export interface ParcelResult {
  line: number;
  ok: boolean;
  id?: string;
  package?: string | null;
  key?: string;
  path?: 'fast' | 'decimal';
  /** Hash of the valuation basis (summary.basis) the values rest on. */
  basis?: string;
  value?: string;
  byType?: { type: string; area: { value: string; unit: string }; value: string }[];
  cells?: { indicator: string; type: string | null; value: string }[];
  issues: Issue[];
  /** With `warnings: 'refs'`: the refs (summary.warningCatalogue) of this parcel's warnings, in place of issues. */
  warnings?: string[];
}

interface Group {
  parcels: number;
  fen: bigint;
  area?: AreaSum;
}

export interface BatchSummary {
  lines: number;
  valued: number;
  refused: number;
  warnings: number;
  paths: { fast: number; decimal: number };
  value: string;
  byPackage: { package: string | null; parcels: number; value: string }[];
  /**
   * Per type: parcels, the exact area sum in hm² (`value`; when it is not a finite decimal, as with 亩, `value`
   * is rounded half to even to 10 places and `fraction` is the exact sum, "1439/60"), and value.
   */
  byType: {
    type: string;
    parcels: number;
    area: { value: string; unit: 'hm2'; fraction?: string };
    value: string;
  }[];
  byIndicator: { indicator: string; value: string }[];
  basis: ValuationBasis;
  referenceWarnings: Issue[];
  /**
   * VEP_PARCEL_OVERLAP for each pair of valued parcels whose outlines overlap (the batch keeps the outlines of
   * the parcels that have one).
   */
  overlaps: Issue[];
  /** Warnings of the valuation context (VEP_METHOD_NOT_PARCEL), once per batch. */
  contextWarnings: Issue[];
  /** With `warnings: 'refs'`: each distinct warning once, with its count (ordered by ref). */
  warningCatalogue?: WarningEntry[];
}

/**
 * The batch engine: feed it lines (JSON or CSV text, or parsed records) one at a time; each call returns that
 * line's result, and a bad line is reported with its line number while the others go on. Memory holds the
 * reference values per (key, type), the running totals and, unless turned off or moved to a disk index
 * (`diskIndex`), the parcel ids and certificates seen.
 */
export class VepBatch {
  readonly valuer: ParcelValuer;
  private readonly format: 'jsonl' | 'csv';
  /** Parcel id → the line it was valued on (undefined: no duplicate checks). */
  private seen: KeyStore<number> | undefined;
  /** Certificate → the package and holder it first appeared under (with the parcel id). */
  private certificates: KeyStore<CertificateSeen> | undefined;
  /** Keys set in the memory maps; undefined once they have moved to the disk index (or with no index). */
  private keysInMemory: number | undefined;
  private readonly memoryKeys: number;
  private readonly diskIndex: (() => DuplicateIndex) | undefined;
  private index: DuplicateIndex | undefined;
  private readonly owners = new Map<string, string>();
  private csv: CsvParcels | undefined;
  private readonly refs: Map<string, WarningEntry> | undefined;
  /** Per params object of the warnings seen: its text in the ref key and the entry it last led to (entryOf). */
  private readonly paramMemo = new WeakMap<
    object,
    { text: string; code: string; rest: string; entry: WarningEntry | undefined }
  >();
  private readonly noParams: NonNullable<Issue['params']> = {};
  /** Outlines of the valued parcels that have one (for overlaps at the end of the batch). */
  private readonly outlines: { id: string; geometry: Geometry }[] = [];
  private readonly stats = { lines: 0, valued: 0, refused: 0, warnings: 0, fast: 0, decimal: 0, fen: 0n };
  private readonly byPackage = new Map<string | null, Group>();
  private readonly byType = new Map<string, Group>();
  private readonly byIndicator = new Map<string, bigint>();

  constructor(context: unknown, opts: BatchOptions = {}) {
    this.valuer = context instanceof ParcelValuer ? context : new ParcelValuer(context, opts);
    this.format = opts.format ?? 'jsonl';
    const check = opts.checkDuplicates !== false;
    this.seen = check ? new Map() : undefined;
    this.certificates = check ? new Map() : undefined;
    this.diskIndex = check ? opts.diskIndex : undefined;
    this.memoryKeys = opts.memoryKeys ?? MEMORY_KEYS;
    this.keysInMemory = this.diskIndex === undefined ? undefined : 0;
    this.refs = opts.warnings === 'refs' ? new Map() : undefined;
  }

  /**
   * Process one line (1-based number). Blank lines, and the CSV header, return undefined; a CSV header that
   * cannot describe parcels throws GepError (VEP_CSV_HEADER): no row could be read.
   */
  process(item: unknown, line: number): ParcelResult | undefined {
    const path: Path = ['line', line];
    let raw = item;
    if (typeof item === 'string') {
      if (item.trim() === '') return undefined;
      if (this.format === 'csv') {
        if (this.csv === undefined) {
          const keys = this.valuer.prepared.keys;
          this.csv = new CsvParcels(item, line, (key) => keys.get(key)?.climate);
          return undefined;
        }
        this.stats.lines += 1;
        const row = this.csv.row(item, line);
        if (Array.isArray(row)) return this.refuse(line, row);
        raw = row;
      } else {
        this.stats.lines += 1;
        try {
          raw = JSON.parse(item);
        } catch (e) {
          return this.refuse(line, [vepIssue('VEP_LINE_NOT_JSON', path, { detail: (e as Error).message })]);
        }
      }
    } else this.stats.lines += 1;
    const parcel = parseParcel(raw, path);
    if (Array.isArray(parcel)) return this.refuse(line, parcel, raw);
    const first = this.seen?.get(parcel.id);
    if (first !== undefined)
      return this.refuse(
        line,
        [vepIssue('VEP_PARCEL_DUPLICATE', [...path, 'id'], { id: parcel.id, first })],
        raw,
      );
    const fresh = this.certificate(parcel, path);
    if (fresh !== undefined && !(fresh instanceof Map)) return this.refuse(line, [fresh], raw);
    const v = this.valuer.value(parcel, path);
    if (Array.isArray(v)) return this.refuse(line, v, raw);
    this.claim(parcel, line, fresh);
    return this.accept(line, v);
  }

  /**
   * VEP_CERTIFICATE_DUPLICATE when a certificate of the parcel appeared earlier under another package or
   * holder (one certificate may back several parcels of one package and holder): on a valued parcel, or on an
   * earlier right of this parcel. Otherwise the parcel's certificates not seen on a valued parcel, with their
   * owners (undefined: none); nothing is remembered here (claim does it once the parcel is valued).
   */
  private certificate(parcel: Parcel, path: Path): Issue | Map<string, string> | undefined {
    if (this.certificates === undefined) return undefined;
    let own: Map<string, string> | undefined;
    for (const [i, r] of parcel.rights.entries()) {
      if (r.certificate === undefined) continue;
      const owner = this.owner(parcel.package, r.holder);
      const valued = this.certificates.get(r.certificate);
      const earlier = own?.get(r.certificate);
      const first = valued ?? (earlier === undefined ? undefined : { owner: earlier, id: parcel.id });
      if (first === undefined) (own ??= new Map()).set(r.certificate, owner);
      else if (first.owner !== owner)
        return vepIssue('VEP_CERTIFICATE_DUPLICATE', [...path, 'rights', i, 'certificate'], {
          certificate: r.certificate,
          first: `${first.id}: ${first.owner}`,
          id: parcel.id,
        });
    }
    return own;
  }

  /**
   * Remember a valued parcel's id (with its line) and its certificates not seen before (`fresh`, with their
   * package and holder, and the parcel id): a refused parcel claims neither, so a corrected copy after it is
   * valued, and a later duplicate names the valued line.
   */
  private claim(parcel: Parcel, line: number, fresh: Map<string, string> | undefined): void {
    if (this.seen !== undefined) this.remember(this.seen, detached(parcel.id), line);
    if (fresh === undefined) return;
    const id = detached(parcel.id);
    for (const [certificate, owner] of fresh)
      this.remember(this.certificates as KeyStore<CertificateSeen>, detached(certificate), { owner, id });
  }

  /** "package P, holder H", one string per distinct pair (a batch has few packages and holders, many parcels). */
  private owner(pkg: string | null, holder: string | undefined): string {
    const s = `package ${pkg ?? '(none)'}, holder ${holder ?? '(none)'}`;
    const known = this.owners.get(s);
    if (known !== undefined) return known;
    if (this.owners.size < OWNERS_KEPT) this.owners.set(s, s);
    return s;
  }

  /** Set a key of a duplicate check; past `memoryKeys` keys in memory, all of them move to the disk index. */
  private remember<V>(store: KeyStore<V>, key: string, value: V): void {
    store.set(key, value);
    if (this.keysInMemory === undefined || ++this.keysInMemory <= this.memoryKeys) return;
    const index = (this.diskIndex as () => DuplicateIndex)();
    this.index = index;
    for (const [k, v] of this.seen as Map<string, number>) index.ids.set(k, v);
    for (const [k, v] of this.certificates as Map<string, CertificateSeen>) index.certificates.set(k, v);
    this.seen = index.ids;
    this.certificates = index.certificates;
    this.keysInMemory = undefined;
  }

  /**
   * Release the disk index, if the batch opened one (its files are removed); the summary stays available. Call
   * it when the batch is done (valueParcels and valueParcelsAsync do).
   */
  close(): void {
    const index = this.index;
    this.index = undefined;
    index?.close();
  }

  private accept(line: number, v: ParcelValue): ParcelResult {
    const s = this.stats;
    s.valued += 1;
    if (v.parcel.geometry !== null) this.outlines.push({ id: v.parcel.id, geometry: v.parcel.geometry });
    s.warnings += v.warnings.length;
    if (v.path === 'fast') s.fast += 1;
    else s.decimal += 1;
    s.fen += v.total;
    let pkg = this.byPackage.get(v.parcel.package);
    if (pkg === undefined) {
      pkg = { parcels: 0, fen: 0n };
      this.byPackage.set(v.parcel.package, pkg);
    }
    pkg.parcels += 1;
    pkg.fen += v.total;
    const cells: NonNullable<ParcelResult['cells']> = new Array(v.cells.length);
    for (let i = 0; i < v.cells.length; i++) {
      const c = v.cells[i] as ParcelValue['cells'][number];
      cells[i] = { indicator: c.code, type: c.type, value: yuanOfFen(c.fen) };
      this.byIndicator.set(c.code, (this.byIndicator.get(c.code) ?? 0n) + c.fen);
    }
    const byType: NonNullable<ParcelResult['byType']> = new Array(v.parcel.areas.length);
    for (let i = 0; i < v.parcel.areas.length; i++) {
      const a = v.parcel.areas[i] as ParcelValue['parcel']['areas'][number];
      // The type's value: its cells summed, by a scan of the parcel's few cells (types × indicators, a few
      // dozen) instead of a Map per parcel. Cells without a type count as '(none)', as the Map keyed them.
      let fen = 0n;
      for (const c of v.cells) if ((c.type ?? '(none)') === a.type) fen += c.fen;
      byType[i] = { type: a.type, area: { value: a.value, unit: a.unit }, value: yuanOfFen(fen) };
      let g = this.byType.get(a.type);
      if (g === undefined) {
        g = { parcels: 0, fen: 0n, area: new AreaSum() };
        this.byType.set(a.type, g);
      }
      g.parcels += 1;
      g.fen += fen;
      g.area?.add(a.value, a.unit);
    }
    return {
      line,
      ok: true,
      id: v.parcel.id,
      package: v.parcel.package,
      key: v.key,
      path: v.path,
      basis: this.valuer.basis.hash,
      value: yuanOfFen(v.total),
      byType,
      cells,
      ...(this.refs === undefined ? { issues: v.warnings } : { issues: [], warnings: this.refer(line, v) }),
    };
  }

  /**
   * The refs of a parcel's warnings. Two warnings are the same entry when code, path after the line and the
   * parameters other than the parcel id agree (so "encumbered" warnings of many parcels share one entry).
   */
  private refer(line: number, v: ParcelValue): string[] {
    const out: string[] = new Array(v.warnings.length);
    for (let i = 0; i < v.warnings.length; i++) {
      const e = this.entryOf(line, v.warnings[i] as Issue);
      e.count += 1;
      out[i] = e.ref;
    }
    return out;
  }

  /**
   * The catalogue entry of a warning, keyed by JSON.stringify([code, path after the line, params without the
   * id]). The fast path hands every parcel of a (key, types) copies of the same warnings that share their
   * `params` object (ParcelValuer.fastWarnings copies the issue, not its params), and issues are never mutated;
   * so the params' text is kept per params object, with the entry it last led to and that entry's code and path
   * text: when those agree the key is the same string and so is the entry, and the key is not built again.
   */
  private entryOf(line: number, w: Issue): WarningEntry {
    const refs = this.refs as Map<string, WarningEntry>;
    const rest = w.path.length === 2 ? '[]' : JSON.stringify(w.path.slice(2));
    const params = w.params ?? this.noParams;
    let memo = this.paramMemo.get(params);
    if (memo === undefined) {
      const { id: _id, ...others } = params;
      memo = { text: JSON.stringify(others), code: '', rest: '', entry: undefined };
      this.paramMemo.set(params, memo);
    } else if (memo.entry !== undefined && memo.code === w.code && memo.rest === rest) return memo.entry;
    const k = `[${JSON.stringify(w.code)},${rest},${memo.text}]`;
    let e = refs.get(k);
    if (e === undefined) refs.set(k, (e = { ref: `W${refs.size + 1}`, count: 0, firstLine: line, issue: w }));
    memo.code = w.code;
    memo.rest = rest;
    memo.entry = e;
    return e;
  }

  private refuse(line: number, issues: Issue[], raw?: unknown): ParcelResult {
    this.stats.refused += 1;
    const id = (raw as { id?: unknown } | undefined)?.id;
    return { line, ok: false, ...(typeof id === 'string' ? { id } : {}), issues };
  }

  /**
   * Totals so far, sorted by key so that the order of the parcels never shows. A CSV batch that has read no
   * header line (an empty file, or blank lines only) has nothing to sum: it throws GepError (VEP_CSV_HEADER).
   */
  summary(): BatchSummary {
    if (this.format === 'csv' && this.csv === undefined)
      throw new GepError(vepIssue('VEP_CSV_HEADER', ['line', 1], { detail: 'no header line' }));
    const s = this.stats;
    const cmp = (a: string | null, b: string | null) =>
      (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
    return {
      lines: s.lines,
      valued: s.valued,
      refused: s.refused,
      warnings: s.warnings,
      paths: { fast: s.fast, decimal: s.decimal },
      value: yuanOfFen(s.fen),
      byPackage: [...this.byPackage]
        .sort(([a], [b]) => cmp(a, b))
        .map(([p, g]) => ({ package: p, parcels: g.parcels, value: yuanOfFen(g.fen) })),
      byType: [...this.byType]
        .sort(([a], [b]) => cmp(a, b))
        .map(([t, g]) => ({
          type: t,
          parcels: g.parcels,
          area: areaOf(g.area as AreaSum),
          value: yuanOfFen(g.fen),
        })),
      byIndicator: this.valuer.basis.indicators
        .filter((e) => this.byIndicator.has(e.code))
        .map((e) => ({ indicator: e.code, value: yuanOfFen(this.byIndicator.get(e.code) as bigint) })),
      basis: this.valuer.basis,
      contextWarnings: this.valuer.prepared.warnings,
      overlaps: findOverlaps(this.outlines).map((o) =>
        vepIssue('VEP_PARCEL_OVERLAP', ['parcels'], {
          a: o.a,
          b: o.b,
          area: `${o.area.toFixed(1)} m²`,
        }),
      ),
      referenceWarnings: [...this.valuer.referenceWarnings].sort(([a], [b]) => cmp(a, b)).map(([, w]) => w),
      ...(this.refs === undefined ? {} : { warningCatalogue: [...this.refs.values()] }),
    };
  }
}

/** A type's area sum as the summary gives it (AreaSum.exact, in hm²). */
function areaOf(sum: AreaSum): BatchSummary['byType'][number]['area'] {
  const { value, fraction } = sum.exact();
  return fraction === undefined ? { value, unit: 'hm2' } : { value, unit: 'hm2', fraction };
}

/**
 * A copy of a string kept for the whole batch (an id, a certificate) that does not hold on to the line it was
 * cut from: engines may keep a substring as a view of its parent (V8 does from 13 characters on), so a key
 * sliced from a CSV line would keep the whole line alive. Concatenating and cutting back gives the same
 * characters in a string of their own size.
 */
const detached = (s: string): string => (s.length < 13 ? s : `${s} `.slice(0, -1));

/** Value an iterable of lines or records; yields one result per non-blank line and returns the summary. */
export function* valueParcels(
  items: Iterable<unknown>,
  context: unknown,
  opts: BatchOptions = {},
): Generator<ParcelResult, BatchSummary> {
  const b = new VepBatch(context, opts);
  try {
    let n = 0;
    for (const item of items) {
      const r = b.process(item, ++n);
      if (r !== undefined) yield r;
    }
    return b.summary();
  } finally {
    b.close();
  }
}

/** The same over an async iterable (a file or network stream of lines). */
export async function* valueParcelsAsync(
  items: AsyncIterable<unknown> | Iterable<unknown>,
  context: unknown,
  opts: BatchOptions = {},
): AsyncGenerator<ParcelResult, BatchSummary> {
  const b = new VepBatch(context, opts);
  try {
    let n = 0;
    for await (const item of items) {
      const r = b.process(item, ++n);
      if (r !== undefined) yield r;
    }
    return b.summary();
  } finally {
    b.close();
  }
}
