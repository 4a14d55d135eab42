import * as z from 'zod/mini';
import { GepError, type Issue, type Path, fail, issue } from '../core/errors';
import { normalizeId } from '../core/ids';
import { type OptionsShape, callback, checkOptions, optionsSchema, wholeFrom } from '../core/options';
import { AreaSum } from './area-sum';
import type { ValuationBasis } from './context';
import { CsvParcels } from './csv';
import { vepIssue } from './errors';
import { duplicateKeyDetail, jsonLineProblem, topLevelKeyCount } from '../io/json';
import { valueProblemIssue } from '../core/value-problems';
import { longLineLimit } from '../io/jsonl';
import { type DuplicateIndex, DuplicateChecks, MEMORY_KEYS } from './duplicates';
import { guardedIndex } from './index-guard';
import { yuanOfFen } from './fen';
import { type Geometry, findOverlaps } from './geometry';
import { readParcel } from './parse-parcel';
import type { Parcel } from './schema';
import { ParcelValuer, type ParcelValue, type ValuerOptions, valuerShape } from './valuer';
import { WarningKeys } from './warning-keys';

/** A CSV row whose cells are all empty: commas and white space only. */
const EMPTY_ROW = /^[\s,]*$/;

export {
  type CertificateOwner,
  type CertificateSeen,
  type DuplicateIndex,
  type KeyStore,
  MEMORY_KEYS,
} from './duplicates';

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

export const batchShape: OptionsShape<BatchOptions> = {
  ...valuerShape,
  format: z.enum(['jsonl', 'csv']),
  checkDuplicates: z.boolean(),
  diskIndex: callback,
  memoryKeys: wholeFrom(0),
  warnings: z.enum(['inline', 'refs']),
};
const batchOptions = optionsSchema(batchShape);

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

/**
 * A valued parcel as the batch added it to its totals (VepBatch.take), before its ParcelResult is made
 * (`valuedResult`): its value, each area's value in fen (in the order of `valued.parcel.areas`), the basis hash,
 * and its warnings as the result gives them (`issues`, or catalogue `warnings` refs).
 */
export interface ValuedParcel {
  line: number;
  valued: ParcelValue;
  typeFen: bigint[];
  basis: string;
  issues: Issue[];
  warnings?: string[];
}

/** The ParcelResult of a valued parcel (what VepBatch.process returns for it). */
export function valuedResult(p: ValuedParcel): ParcelResult {
  const v = p.valued;
  const cells: NonNullable<ParcelResult['cells']> = new Array(v.cells.length);
  for (let i = 0; i < v.cells.length; i++) {
    const c = v.cells[i] as ParcelValue['cells'][number];
    cells[i] = { indicator: c.code, type: c.type, value: yuanOfFen(c.fen) };
  }
  const byType: NonNullable<ParcelResult['byType']> = new Array(v.parcel.areas.length);
  for (let i = 0; i < v.parcel.areas.length; i++) {
    const a = v.parcel.areas[i] as ParcelValue['parcel']['areas'][number];
    byType[i] = {
      type: a.type,
      area: { value: a.value, unit: a.unit },
      value: yuanOfFen(p.typeFen[i] as bigint),
    };
  }
  return {
    line: p.line,
    ok: true,
    id: v.parcel.id,
    package: v.parcel.package,
    key: v.key,
    path: v.path,
    basis: p.basis,
    value: yuanOfFen(v.total),
    byType,
    cells,
    ...(p.warnings !== undefined ? { issues: p.issues, warnings: p.warnings } : { issues: p.issues }),
  };
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
   * the parcels that have one), at the later parcel's line (`['line', N, 'geometry']`), in the order of the
   * earlier parcel's line, then the later's.
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
  /** The duplicate checks (undefined: turned off). */
  private readonly checks: DuplicateChecks | undefined;
  private csv: CsvParcels | undefined;
  private readonly refs: WarningKeys<WarningEntry> | undefined;
  /**
   * What the batch counts and sums. A pool's worker points it at a chunk's own totals while it reads and writes
   * that chunk (./pool-worker.ts).
   */
  sums = new Totals();

  /** OPTIONS_INVALID for options it cannot read (`fromat`, `format: 'xml'`, `memoryKeys: -1`). */
  constructor(context: unknown, opts: BatchOptions = {}) {
    checkOptions(batchOptions, opts);
    const { fastPath, cacheSize, onReference } = opts;
    if (context instanceof ParcelValuer) {
      // A valuer given as the context values by its own options: the batch's would be ignored.
      const given = Object.keys(valuerShape).filter((k) => opts[k as keyof ValuerOptions] !== undefined);
      if (given.length > 0)
        fail('OPTIONS_INVALID', ['options', given[0] as string], {
          detail: `${given.join(', ')}: the ParcelValuer given as the context values by its own options; give them to it`,
        });
      this.valuer = context;
    } else this.valuer = new ParcelValuer(context, { fastPath, cacheSize, onReference });
    this.format = opts.format ?? 'jsonl';
    this.checks =
      opts.checkDuplicates === false
        ? undefined
        : new DuplicateChecks(opts.diskIndex, opts.memoryKeys ?? MEMORY_KEYS);
    this.refs =
      opts.warnings === 'refs'
        ? new WarningKeys((_k, issue, line) => ({
            ref: `W${(this.refs as WarningKeys<WarningEntry>).size + 1}`,
            count: 0,
            firstLine: line,
            issue,
          }))
        : undefined;
  }

  /**
   * Process one line (1-based number). Blank lines, and the CSV header, return undefined; a CSV header that
   * cannot describe parcels throws GepError (VEP_CSV_HEADER), and one longer than the splitter's limit
   * (LINE_TOO_LONG): no row could be read. Any other line that long is refused (LINE_TOO_LONG).
   */
  process(item: unknown, line: number): ParcelResult | undefined {
    const r = this.take(item, line);
    return r === undefined || 'ok' in r ? r : valuedResult(r);
  }

  /**
   * Read one line into a parcel (with the record it was read from): undefined for a blank line (in CSV, a row of
   * empty cells too) and the CSV header, a refusal for a line that is no parcel. The line is counted.
   */
  read(item: unknown, line: number): { parcel: Parcel; raw: unknown } | ParcelResult | undefined {
    const path: Path = ['line', line];
    let raw = item;
    if (typeof item === 'string') {
      if (item.trim() === '') return undefined;
      const limit = longLineLimit(item);
      if (limit !== undefined) {
        // A CSV header that cannot be read leaves no row readable, as one that cannot describe parcels.
        if (this.format === 'csv' && this.csv === undefined)
          throw new GepError(issue('LINE_TOO_LONG', path, { limit }));
        this.sums.stats.lines += 1;
        return this.refuse(line, [issue('LINE_TOO_LONG', path, { limit })]);
      }
      if (this.format === 'csv') {
        if (this.csv === undefined) {
          const keys = this.valuer.prepared.keys;
          this.csv = new CsvParcels(
            item,
            line,
            (key) => keys.get(key)?.climate,
            (type) => this.valuer.areaType(type),
          );
          return undefined;
        }
        // A row of empty cells (`,,,,`, as spreadsheets export the rows below a table) is a blank line.
        if (EMPTY_ROW.test(item)) return undefined;
        this.sums.stats.lines += 1;
        const row = this.csv.row(item, line);
        if (Array.isArray(row)) return this.refuse(line, row, { id: this.csv.idOf(item) });
        raw = row;
      } else {
        this.sums.stats.lines += 1;
        try {
          raw = JSON.parse(item);
        } catch (e) {
          return this.refuse(line, [vepIssue('VEP_LINE_NOT_JSON', path, { detail: (e as Error).message })]);
        }
        // A key given twice: JSON.parse keeps the last, another reader the first (another id, another area). A
        // number no double holds: JSON.parse reads 1e309 as Infinity and 1e-400 as a silent 0.
        // The id of such a line is the one JSON.parse kept only where the line writes "id" once: it names the
        // first problem, and a second id may come after it.
        const problem = jsonLineProblem(item, raw);
        if (problem?.code === 'INPUT_DUPLICATE_KEY')
          return this.refuse(
            line,
            [
              vepIssue('VEP_LINE_NOT_JSON', [...path, ...problem.path], {
                detail: duplicateKeyDetail(problem),
              }),
            ],
            topLevelKeyCount(item, 'id') === 1 ? raw : undefined,
          );
        if (problem !== undefined)
          return this.refuse(
            line,
            [valueProblemIssue(problem, path)],
            topLevelKeyCount(item, 'id') === 1 ? raw : undefined,
          );
      }
    } else this.sums.stats.lines += 1;
    // A record given as a value (not text) may nest without bound: its depth is checked (readParcel).
    const parcel = readParcel(raw, path, raw === item);
    if (Array.isArray(parcel)) return this.refuse(line, parcel, raw);
    return { parcel, raw };
  }

  /**
   * Release the disk index, if the batch opened one (its files are removed); the summary stays available. Call
   * it when the batch is done (valueParcels and valueParcelsAsync do).
   */
  close(): void {
    this.checks?.close();
  }

  /**
   * Process one line as `process` does, without building a valued parcel's result: its value, added to the
   * totals, is returned as it is (`valuedResult` makes its ParcelResult; CompactLineWriter writes its compact line
   * from it). A refused line is its ParcelResult; blank lines and the CSV header undefined.
   */
  take(item: unknown, line: number): ParcelResult | ValuedParcel | undefined {
    const read = this.read(item, line);
    if (read === undefined || 'ok' in read) return read;
    const { parcel, raw } = read;
    const path: Path = ['line', line];
    const fresh = this.checks?.check(parcel, path);
    if (fresh !== undefined && !(fresh instanceof Map)) return this.refuse(line, [fresh], raw);
    const v = this.value(parcel, line);
    if (Array.isArray(v)) return this.refuse(line, v, raw);
    this.checks?.claim(parcel.id, line, fresh);
    return this.add(line, v);
  }

  /**
   * A parcel read from line `line` valued (ParcelValuer.value), a CSV row's warnings said at their columns as its
   * refusals are (CsvParcels.named): a right that ended at `right_until`, not `rights[0].until`.
   */
  value(parcel: Parcel, line: number): ParcelValue | Issue[] {
    const v = this.valuer.value(parcel, ['line', line]);
    return this.csv === undefined || Array.isArray(v) ? v : { ...v, warnings: this.csv.named(v.warnings) };
  }

  /**
   * The result of a valued parcel, added to the totals. With `refs`, the parcel's warnings are given as these
   * catalogue refs (a worker of a pool, whose catalogue the coordinator keeps); otherwise as the batch's option
   * `warnings` says.
   */
  accept(line: number, v: ParcelValue, refs?: string[]): ParcelResult {
    return valuedResult(this.add(line, v, refs));
  }

  /**
   * A valued parcel added to the totals, as `accept` adds it, without its ParcelResult (CompactLineWriter writes
   * its compact line from it); its warnings as `accept` gives them.
   */
  add(line: number, v: ParcelValue, refs?: string[]): ValuedParcel {
    const s = this.sums.stats;
    s.valued += 1;
    if (v.parcel.geometry !== null)
      this.sums.outlines.push({ line, id: v.parcel.id, geometry: v.parcel.geometry });
    s.warnings += v.warnings.length;
    if (v.path === 'fast') s.fast += 1;
    else s.decimal += 1;
    s.fen += v.total;
    let pkg = this.sums.byPackage.get(v.parcel.package);
    if (pkg === undefined) {
      pkg = { parcels: 0, fen: 0n };
      this.sums.byPackage.set(v.parcel.package, pkg);
    }
    pkg.parcels += 1;
    pkg.fen += v.total;
    for (const c of v.cells)
      this.sums.byIndicator.set(c.code, (this.sums.byIndicator.get(c.code) ?? 0n) + c.fen);
    const typeFen: bigint[] = new Array(v.parcel.areas.length);
    for (let i = 0; i < v.parcel.areas.length; i++) {
      const a = v.parcel.areas[i] as ParcelValue['parcel']['areas'][number];
      // The type's value: its cells summed, by a scan of the parcel's few cells (types × indicators, a few
      // dozen). Cells without a type (a parcel's lakes and reservoirs) count as '(none)', no area's type.
      let fen = 0n;
      for (const c of v.cells) if ((c.type ?? '(none)') === a.type) fen += c.fen;
      typeFen[i] = fen;
      let g = this.sums.byType.get(a.type);
      if (g === undefined) {
        g = { parcels: 0, fen: 0n, area: new AreaSum() };
        this.sums.byType.set(a.type, g);
      }
      g.parcels += 1;
      g.fen += fen;
      g.area?.add(a.value, a.unit);
    }
    const basis = this.valuer.basis.hash;
    if (refs !== undefined) return { line, valued: v, typeFen, basis, issues: [], warnings: refs };
    if (this.refs === undefined) return { line, valued: v, typeFen, basis, issues: v.warnings };
    return { line, valued: v, typeFen, basis, issues: [], warnings: this.refer(line, v) };
  }

  /** The refs of a parcel's warnings (WarningKeys: one entry per distinct warning). */
  private refer(line: number, v: ParcelValue): string[] {
    const refs = this.refs as WarningKeys<WarningEntry>;
    const out: string[] = new Array(v.warnings.length);
    for (let i = 0; i < v.warnings.length; i++) {
      const e = refs.entryOf(v.warnings[i] as Issue, line);
      e.count += 1;
      out[i] = e.ref;
    }
    return out;
  }

  /**
   * A refused line's result, counted, with the id the line gave as text, if any: `raw.id` of the record read, or
   * of what a refusal before the record could read of it (a CSV row's id cell, CsvParcels.idOf); and its package,
   * when the record gives one as text, read by the id rule as a valued parcel's is (" P1" and "Ｐ1" are P1, as in
   * summary.byPackage: a bank counts refusals by package). A CSV row's issues are said at its columns
   * (CsvParcels.named).
   */
  refuse(line: number, issues: Issue[], raw?: unknown): ParcelResult {
    this.sums.stats.refused += 1;
    const { id, package: written } = (raw ?? {}) as { id?: unknown; package?: unknown };
    const pkg = typeof written === 'string' ? normalizeId(written) : '';
    const said = this.csv === undefined ? issues : this.csv.named(issues);
    return {
      line,
      ok: false,
      ...(typeof id === 'string' ? { id } : {}),
      ...(pkg !== '' ? { package: pkg } : {}),
      issues: said,
    };
  }

  /** Add another batch's totals (a worker's) to this one's; reference warnings join (each once). */
  addTotals(t: BatchTotals): void {
    this.sums.merge(t);
    for (const [k, w] of t.referenceWarnings) this.valuer.referenceWarnings.set(k, w);
  }

  /** The catalogue of distinct warnings (with `warnings: 'refs'`): a pool's coordinator enters its entries. */
  catalogue(): WarningKeys<WarningEntry> | undefined {
    return this.refs;
  }

  /**
   * Totals so far, sorted by key so that the order of the parcels never shows. A CSV batch that has read no
   * header line (an empty file, or blank lines only) has nothing to sum: it throws GepError (VEP_CSV_HEADER).
   */
  summary(): BatchSummary {
    if (this.format === 'csv' && this.csv === undefined)
      throw new GepError(vepIssue('VEP_CSV_HEADER', ['line', 1], { detail: 'no header line' }));
    const s = this.sums.stats;
    const cmp = (a: string | null, b: string | null) =>
      (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
    return {
      lines: s.lines,
      valued: s.valued,
      refused: s.refused,
      warnings: s.warnings,
      paths: { fast: s.fast, decimal: s.decimal },
      value: yuanOfFen(s.fen),
      byPackage: [...this.sums.byPackage]
        .sort(([a], [b]) => cmp(a, b))
        .map(([p, g]) => ({ package: p, parcels: g.parcels, value: yuanOfFen(g.fen) })),
      byType: [...this.sums.byType]
        .sort(([a], [b]) => cmp(a, b))
        .map(([t, g]) => ({
          type: t,
          parcels: g.parcels,
          area: areaOf(g.area as AreaSum),
          value: yuanOfFen(g.fen),
        })),
      byIndicator: this.valuer.basis.indicators
        .filter((e) => this.sums.byIndicator.has(e.code))
        .map((e) => ({ indicator: e.code, value: yuanOfFen(this.sums.byIndicator.get(e.code) as bigint) })),
      basis: this.valuer.basis,
      contextWarnings: this.valuer.prepared.warnings,
      overlaps: this.overlaps(),
      referenceWarnings: [...this.valuer.referenceWarnings].sort(([a], [b]) => cmp(a, b)).map(([, w]) => w),
      ...(this.refs === undefined ? {} : { warningCatalogue: [...this.refs.values()] }),
    };
  }

  /**
   * VEP_PARCEL_OVERLAP for each pair of outlines that overlap, at the later parcel's line and outline (where the
   * overlap shows, as a duplicate id is refused at its second line), naming both parcels by id and line.
   */
  private overlaps(): Issue[] {
    const outlines = this.sums.outlines;
    return findOverlaps(outlines).map((o) => {
      const lineA = (outlines[o.indexA] as (typeof outlines)[number]).line;
      const lineB = (outlines[o.indexB] as (typeof outlines)[number]).line;
      return vepIssue('VEP_PARCEL_OVERLAP', ['line', lineB, 'geometry'], {
        a: o.a,
        b: o.b,
        area: `${o.area.toFixed(1)} m²`,
        lineA,
        lineB,
      });
    });
  }
}

/**
 * A batch's counts and sums as plain data, in the summary's units (fen, hm² as a fraction): Totals.data, with a
 * pool worker's reference warnings (PoolWorker.totals).
 */
export interface BatchTotals {
  stats: {
    lines: number;
    valued: number;
    refused: number;
    warnings: number;
    fast: number;
    decimal: number;
    fen: bigint;
  };
  byPackage: [string | null, number, bigint][];
  byType: [string, number, bigint, readonly [bigint, bigint]][];
  byIndicator: [string, bigint][];
  outlines: { line: number; id: string; geometry: Geometry }[];
  referenceWarnings: [string, Issue][];
}

/** A batch's counts and sums (VepBatch.sums): money in fen, areas as exact AreaSums, outlines by line. */
export class Totals {
  readonly stats = { lines: 0, valued: 0, refused: 0, warnings: 0, fast: 0, decimal: 0, fen: 0n };
  readonly byPackage = new Map<string | null, Group>();
  readonly byType = new Map<string, Group>();
  readonly byIndicator = new Map<string, bigint>();
  /** Outlines of the valued parcels that have one (for overlaps at the end of the batch). */
  readonly outlines: { line: number; id: string; geometry: Geometry }[] = [];

  /** The totals as plain data (fen as bigints, areas as AreaSum.parts). */
  data(): Omit<BatchTotals, 'referenceWarnings'> {
    return {
      stats: { ...this.stats },
      byPackage: [...this.byPackage].map(([p, g]) => [p, g.parcels, g.fen]),
      byType: [...this.byType].map(([t, g]) => [t, g.parcels, g.fen, (g.area as AreaSum).parts()]),
      byIndicator: [...this.byIndicator],
      outlines: this.outlines,
    };
  }

  /** Add other totals: counts and sums add, outlines merge in line order. */
  merge(t: Omit<BatchTotals, 'referenceWarnings'>): void {
    const s = this.stats;
    s.lines += t.stats.lines;
    s.valued += t.stats.valued;
    s.refused += t.stats.refused;
    s.warnings += t.stats.warnings;
    s.fast += t.stats.fast;
    s.decimal += t.stats.decimal;
    s.fen += t.stats.fen;
    for (const [p, parcels, fen] of t.byPackage) {
      const g = this.byPackage.get(p) ?? { parcels: 0, fen: 0n };
      g.parcels += parcels;
      g.fen += fen;
      this.byPackage.set(p, g);
    }
    for (const [type, parcels, fen, area] of t.byType) {
      const g = this.byType.get(type) ?? { parcels: 0, fen: 0n, area: new AreaSum() };
      g.parcels += parcels;
      g.fen += fen;
      g.area?.addSum(area);
      this.byType.set(type, g);
    }
    for (const [code, fen] of t.byIndicator)
      this.byIndicator.set(code, (this.byIndicator.get(code) ?? 0n) + fen);
    if (t.outlines.length === 0) return;
    const last = this.outlines.at(-1)?.line ?? 0;
    this.outlines.push(...t.outlines);
    if ((t.outlines[0]?.line ?? 0) < last) this.outlines.sort((a, b) => a.line - b.line);
  }
}

/** A type's area sum as the summary gives it (AreaSum.exact, in hm²). */
function areaOf(sum: AreaSum): BatchSummary['byType'][number]['area'] {
  const { value, fraction } = sum.exact();
  return fraction === undefined ? { value, unit: 'hm2' } : { value, unit: 'hm2', fraction };
}

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
