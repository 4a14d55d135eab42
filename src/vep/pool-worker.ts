import type { Issue } from '../core/errors';
import { toJsonLine } from '../io/jsonl';
import { type BatchOptions, type BatchTotals, type ParcelResult, Totals, VepBatch } from './batch';
import { CompactLineWriter } from './compact-bytes';
import type { ParcelKeys } from './duplicates';
import { csvRow } from './result-csv';
import type { Parcel } from './schema';
import type { ParcelValue } from './valuer';
import { WarningKeys } from './warning-keys';

/**
 * One worker of a parcel pool (ADR 0043). A chunk of lines goes through two steps: `read` reads and values each
 * line and gives the coordinator what its checks need (ids and certificates, and each valued parcel's
 * warnings as local numbers); `write` takes the coordinator's verdicts (which parcels its duplicate checks
 * refuse, the catalogue refs of new warnings) and gives the chunk's results, written as the batch's output
 * writes them. The coordinator checks every chunk's keys in line order, so what a pool writes is what one
 * batch writes. Pure: the thread around it is ./pool-worker-node.ts.
 */

/** What a worker is started with. */
export interface PoolSetup {
  /** The valuation context (JSON data, as `vep value --context` reads it). */
  context: unknown;
  batch: Pick<BatchOptions, 'format' | 'fastPath' | 'warnings'>;
  /**
   * How valued parcels are written: JSON lines (toJsonLine), compact JSON lines (toCompactLine) or CSV rows of
   * these indicators (resultCsvRow).
   */
  output: { format: 'jsonl' | 'compact' } | { format: 'csv'; indicators: string[] };
  /** The CSV header line and its number (read by the coordinator first). */
  header?: { text: string; line: number };
}

/** A chunk of lines: its number in the run, the number of its first line, and the lines joined by '\n'. */
export interface ChunkIn {
  chunk: number;
  first: number;
  text: string;
}

/** What happened to a non-blank line on reading: refused (0), parsed and refused by the valuation (1), valued (2). */
export type EntryKind = 0 | 1 | 2;

/** The read step's answer: per non-blank line, its number, kind and keys; valued parcels' warnings by number. */
export interface ChunkKeys {
  chunk: number;
  /** Per entry: its line number. */
  lines: Int32Array;
  /** Per entry: its kind (EntryKind). */
  kinds: Uint8Array;
  /**
   * The parsed parcels' keys (not for lines refused on reading), in entry order, as one text (encodeKeys):
   * one string crosses the thread faster than an object per parcel.
   */
  keys: string;
  /** Per entry, with refs: how many local numbers of its warnings `warnings` holds (0 unless valued). */
  counts: Int32Array;
  /** The valued parcels' warnings as local numbers, one parcel after another. */
  warnings: Int32Array;
  /** Keys (WarningKeys) of the local numbers first used in this chunk, in number order from `firstKey`. */
  newKeys: string[];
  firstKey: number;
}

/** The coordinator's verdicts on a chunk. */
export interface ChunkVerdicts {
  chunk: number;
  /** Entries refused by the duplicate checks, with the issue. */
  duplicates: [number, Issue][];
  /** Catalogue refs of local warning numbers, new since the last verdicts. */
  refs: [number, string][];
  /** Warnings whose catalogue entry starts here: [entry, position in the parcel's warnings]. */
  ask: [number, number][];
}

/**
 * The write step's answer: the chunk's output in line order: runs of valued lines as UTF-8 bytes (transferred,
 * not copied), and refused lines' results.
 */
export interface ChunkOut {
  chunk: number;
  parts: (Uint8Array | ParcelResult)[];
  /** How many results each byte run holds, in order (refused results are counted apart). */
  counts: number[];
  /** The warnings asked for, in the order of `ask`. */
  answers: Issue[];
}

interface Entry {
  line: number;
  kind: EntryKind;
  /** The line as read (read again when the chunk's sums are redone: PoolWorker.redo). */
  text: string;
  /** What a refusal names the line by (the record's id and package, when it gives them as text). */
  named?: { id?: unknown; package?: unknown };
  parcel?: Parcel;
  /** A line refused on reading: its result. */
  refused?: ParcelResult;
  /** Refused by the valuation: the issues. A valued parcel whose result waits for its refs: the value. */
  value?: ParcelValue | Issue[];
  /** A valued parcel written on reading: where its bytes are in the chunk's buffer. */
  bytes?: [number, number];
  /** Warnings of references the valuation read that were not kept yet (ValuerOptions.onReference). */
  reached?: (readonly Issue[])[];
  local?: number[];
}

/** A chunk between its two steps. */
interface ChunkState {
  entries: Entry[];
  /** The chunk's counts and sums, with every parcel written on reading in them. */
  sums: Totals;
  /** The results written on reading, one after another. */
  bytes: Uint8Array;
}

export class PoolWorker {
  private readonly batch: VepBatch;
  private readonly output: PoolSetup['output'];
  private readonly refsMode: boolean;
  /** Local numbers of distinct warnings (their keys go to the coordinator once). */
  private readonly keys: WarningKeys<number>;
  private newKeys: string[] = [];
  /** Catalogue ref of each local number, as the coordinator gave it. */
  private readonly refOf: string[] = [];
  /** The worker's counts and sums: each chunk's, once written. */
  private readonly sums = new Totals();
  /** Reference warnings of the parcels the checks let through, each once. */
  private readonly referenceWarnings = new Map<string, Issue>();
  private readonly counted = new WeakSet<readonly Issue[]>();
  private reached: (readonly Issue[])[] | undefined;
  private readonly chunks = new Map<number, ChunkState>();
  private readonly bytes = new ByteRun();
  private readonly encoder = new TextEncoder();
  /** Compact lines written as bytes from each valued parcel, as one batch writes them (ADR 0066). */
  private readonly compact: CompactLineWriter | undefined;

  constructor(setup: PoolSetup) {
    this.output = setup.output;
    this.compact = setup.output.format === 'compact' ? new CompactLineWriter() : undefined;
    this.refsMode = setup.batch.warnings === 'refs';
    this.keys = new WarningKeys((k) => {
      this.newKeys.push(k);
      return this.keys.size;
    });
    this.batch = new VepBatch(setup.context, {
      ...setup.batch,
      warnings: 'inline',
      checkDuplicates: false,
      onReference: (ws) => {
        if (ws.length > 0 && !this.counted.has(ws)) this.reached?.push(ws);
      },
    });
    if (setup.header !== undefined) this.batch.read(setup.header.text, setup.header.line);
  }

  /**
   * Read and value a chunk's lines. A valued parcel whose warnings all have their refs (or any, with inline
   * warnings) is written at once and added to the chunk's sums, so that only its line and its place in the
   * bytes wait for the verdicts: a chunk's parcels do not outlive their reading (ADR 0043).
   */
  read({ chunk, first, text }: ChunkIn): ChunkKeys {
    const firstKey = this.keys.size;
    const newKeys: string[] = [];
    this.newKeys = newKeys;
    const sums = new Totals();
    this.batch.sums = sums;
    const entries: Entry[] = [];
    const keys: string[] = [];
    const lines: number[] = [];
    const kinds: number[] = [];
    const counts: number[] = [];
    const warnings: number[] = [];
    let line = first;
    let from = 0;
    for (;;) {
      const to = text.indexOf('\n', from);
      const item = to < 0 ? text.slice(from) : text.slice(from, to);
      const e = this.entry(item, line);
      if (e !== undefined) {
        entries.push(e);
        lines.push(line);
        kinds.push(e.kind);
        if (e.parcel !== undefined) {
          keys.push(encodeKeys(e.parcel));
          e.parcel = undefined;
        }
        counts.push(e.local?.length ?? 0);
        if (e.local !== undefined) for (const n of e.local) warnings.push(n);
      }
      if (to < 0) break;
      from = to + 1;
      line += 1;
    }
    this.chunks.set(chunk, { entries, sums, bytes: this.bytes.take() });
    // Typed arrays and one string: a message of a few objects, whatever the chunk's size.
    return {
      chunk,
      lines: Int32Array.from(lines),
      kinds: Uint8Array.from(kinds),
      keys: keys.join(''),
      counts: Int32Array.from(counts),
      warnings: Int32Array.from(warnings),
      newKeys,
      firstKey,
    };
  }

  private entry(item: string, line: number): Entry | undefined {
    const read = this.batch.read(item, line);
    if (read === undefined) return undefined;
    if ('ok' in read) return { line, kind: 0, text: item, refused: read };
    const reached: (readonly Issue[])[] = [];
    this.reached = reached;
    const v = this.batch.value(read.parcel, line);
    this.reached = undefined;
    const raw = (read.raw ?? {}) as { id?: unknown; package?: unknown };
    const e: Entry = {
      line,
      kind: Array.isArray(v) ? 1 : 2,
      text: item,
      named: { id: raw.id, package: raw.package },
      parcel: read.parcel,
      ...(reached.length > 0 ? { reached } : {}),
    };
    if (Array.isArray(v)) e.value = v;
    else {
      if (this.refsMode) e.local = v.warnings.map((w) => this.keys.entryOf(w, line));
      const refs = this.refsOf(e.local);
      if (refs === null) e.value = v;
      else if (this.compact !== undefined) {
        const p = this.batch.add(line, v, refs);
        const compact = this.compact;
        e.bytes = this.bytes.write((buf, at) => compact.writeInto(p, buf, at));
      } else e.bytes = this.bytes.add(this.serialise(this.batch.accept(line, v, refs)));
    }
    return e;
  }

  /** The catalogue refs of local numbers (undefined with inline warnings; null while one is not known yet). */
  private refsOf(local: number[] | undefined): string[] | undefined | null {
    if (local === undefined) return undefined;
    const refs: string[] = new Array(local.length);
    for (let i = 0; i < local.length; i++) {
      const ref = this.refOf[local[i] as number];
      if (ref === undefined) return null;
      refs[i] = ref;
    }
    return refs;
  }

  /** Write a chunk's results after the coordinator's verdicts. */
  write(v: ChunkVerdicts): ChunkOut {
    const state = this.chunks.get(v.chunk) as ChunkState;
    this.chunks.delete(v.chunk);
    for (const [n, ref] of v.refs) this.refOf[n] = ref;
    const duplicates = new Map(v.duplicates);
    const { entries } = state;
    // A parcel written on reading that the checks refuse leaves the chunk's sums: they are done again without it.
    const sums = v.duplicates.some(([i]) => entries[i]?.bytes !== undefined)
      ? this.redo(entries, duplicates)
      : state.sums;
    this.batch.sums = sums;
    const parts: ChunkOut['parts'] = [];
    const counts: number[] = [];
    let run: [number, number] | undefined;
    let written = 0;
    const flush = () => {
      if (run === undefined) return;
      parts.push(state.bytes.subarray(run[0], run[1]));
      counts.push(written);
      run = undefined;
      written = 0;
    };
    for (const [i, e] of entries.entries()) {
      const dup = duplicates.get(i);
      if (e.kind !== 0 && dup === undefined) this.count(e.reached);
      if (e.bytes !== undefined && dup === undefined) {
        run = run === undefined ? [...e.bytes] : [run[0], e.bytes[1]];
        written += 1;
        continue;
      }
      flush();
      if (e.kind === 0) parts.push(e.refused as ParcelResult);
      else if (dup !== undefined) parts.push(this.batch.refuse(e.line, [dup], e.named));
      else if (e.kind === 1) parts.push(this.batch.refuse(e.line, e.value as Issue[], e.named));
      else {
        // The verdicts gave the refs of every warning of a parcel the checks let through.
        const refs = this.refsOf(e.local);
        if (refs === null) throw new Error(`line ${e.line}: a warning without its catalogue ref`);
        parts.push(
          this.compact !== undefined
            ? this.compact.bytes(this.batch.add(e.line, e.value as ParcelValue, refs))
            : this.encoder.encode(this.serialise(this.batch.accept(e.line, e.value as ParcelValue, refs))),
        );
        counts.push(1);
      }
    }
    flush();
    this.sums.merge(sums.data());
    const answers = v.ask.map(([i, j]) => this.warningsOf(entries[i] as Entry)[j] as Issue);
    return { chunk: v.chunk, parts, counts, answers };
  }

  /** The chunk's sums done again from its lines, without the parcels the checks refused (`duplicates`). */
  private redo(entries: Entry[], duplicates: Map<number, Issue>): Totals {
    const sums = new Totals();
    this.batch.sums = sums;
    for (const [i, e] of entries.entries()) {
      const read = this.batch.read(e.text, e.line);
      if (e.bytes === undefined || duplicates.has(i) || read === undefined || 'ok' in read) continue;
      this.batch.accept(e.line, this.batch.value(read.parcel, e.line) as ParcelValue, []);
    }
    return sums;
  }

  /**
   * The warnings of a parcel whose catalogue entry starts here. Such a parcel was never written on reading: the
   * coordinator makes an entry when no parcel it let through had that warning, so no ref of it had reached this
   * worker when it read the parcel, and the parcel waited with its value.
   */
  private warningsOf(e: Entry): Issue[] {
    if (e.value === undefined || Array.isArray(e.value))
      throw new Error(`line ${e.line}: a warning asked for a parcel without its value`);
    return e.value.warnings;
  }

  /** The worker's totals, its reference warnings those of the parcels the checks let through. */
  totals(): BatchTotals {
    return { ...this.sums.data(), referenceWarnings: [...this.referenceWarnings] };
  }

  private serialise(r: ParcelResult): string {
    const o = this.output;
    if (o.format === 'csv') return csvRow(r, o.indicators);
    // compact lines are written as bytes by CompactLineWriter (this.compact), never as text here
    return toJsonLine(r);
  }

  /** Keep the reference warnings a parcel read (once per list: references share theirs between parcels). */
  private count(reached: (readonly Issue[])[] | undefined): void {
    if (reached === undefined) return;
    for (const ws of reached) {
      if (this.counted.has(ws)) continue;
      this.counted.add(ws);
      for (const w of ws) this.referenceWarnings.set(`${w.code}|${w.message.en}`, { ...w, path: [] });
    }
  }
}

/** Lines encoded to UTF-8 one after another into one buffer, taken as a run (and handed over). */
export class ByteRun {
  private readonly encoder = new TextEncoder();
  private buf: Uint8Array;
  private n = 0;

  /** `size`: bytes of the first buffer and the least of each next one (64 KiB). */
  constructor(private readonly size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  /** Add a line; gives where its bytes are in the run. */
  add(s: string): [number, number] {
    const start = this.n;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.room(3 * s.length);
    this.n += this.encoder.encodeInto(s, this.buf.subarray(this.n)).written;
    return [start, this.n];
  }

  /**
   * Add a line that `writeInto` writes into the buffer from a place: it returns where the line ends, or −1 when
   * the line might not fit (CompactLineWriter.writeInto); the buffer then grows and the line is written again.
   * Gives where its bytes are in the run.
   */
  write(writeInto: (buf: Uint8Array, at: number) => number): [number, number] {
    const start = this.n;
    for (;;) {
      const end = writeInto(this.buf, start);
      if (end >= 0) {
        this.n = end;
        return [start, end];
      }
      this.grow(2 * this.buf.length);
    }
  }

  /** At least `more` bytes free after the run's bytes (the buffer at least doubles when it grows). */
  private room(more: number): void {
    const need = this.n + more;
    if (need > this.buf.length) this.grow(Math.max(need, 2 * this.buf.length));
  }

  /** A buffer of `size` bytes holding the run's bytes. */
  private grow(size: number): void {
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.n));
    this.buf = grown;
  }

  /** The bytes added since the last take; the next run starts in a new buffer of about their size. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.n);
    this.buf = new Uint8Array(Math.max(this.size, this.n + (this.n >> 3)));
    this.n = 0;
    return out;
  }
}

/**
 * What the coordinator's checks read of a parcel (ParcelKeys) as text: the id, the package, the number of rights
 * with a certificate listed, then per right its certificate and holder; each string length-prefixed
 * (`<length>:<text>`), a missing one as `-`. Exact for any text (no separator can occur in it).
 */
export function encodeKeys(parcel: ParcelKeys): string {
  const rights = parcel.rights.some((r) => r.certificate !== undefined) ? parcel.rights : [];
  let s = `${str(parcel.id)}${str(parcel.package ?? undefined)}${rights.length}:`;
  for (const r of rights) s += `${str(r.certificate)}${str(r.holder)}`;
  return s;
}

const str = (v: string | undefined) => (v === undefined ? '-' : `${v.length}:${v}`);

/** Read the keys encodeKeys wrote from `at`; gives the keys and where the next ones start. */
export function decodeKeys(text: string, at: number): [ParcelKeys, number] {
  let i = at;
  const next = (): string | undefined => {
    if (text[i] === '-') {
      i += 1;
      return undefined;
    }
    const colon = text.indexOf(':', i);
    const n = Number(text.slice(i, colon));
    i = colon + 1 + n;
    return text.slice(colon + 1, i);
  };
  const id = next() as string;
  const pkg = next();
  const colon = text.indexOf(':', i);
  const count = Number(text.slice(i, colon));
  i = colon + 1;
  const rights: { certificate?: string; holder?: string }[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const certificate = next();
    const holder = next();
    rights[r] = { certificate, holder };
  }
  return [{ id, package: pkg ?? null, rights }, i];
}
