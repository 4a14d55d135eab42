import type { Issue } from '../core/errors';
import { toJsonLine } from '../io/jsonl';
import { type BatchOptions, type BatchTotals, type ParcelResult, VepBatch } from './batch';
import type { ParcelKeys } from './duplicates';
import { resultCsvRow } from './result-csv';
import type { Parcel } from './schema';
import type { ParcelValue } from './valuer';
import { WarningKeys } from './warning-keys';

/**
 * One worker of a parcel pool (ADR 0042). A chunk of lines goes through two steps: `read` reads and values each
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
  /** How valued parcels are written: JSON lines (toJsonLine) or CSV rows of these indicators (resultCsvRow). */
  output: { format: 'jsonl' } | { format: 'csv'; indicators: string[] };
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
  lines: number[];
  kinds: EntryKind[];
  /**
   * The parsed parcels' keys (not for lines refused on reading), in entry order, as one text (encodeKeys):
   * one string crosses the thread faster than an object per parcel.
   */
  keys: string;
  /** Per entry, with refs: the local numbers of a valued parcel's warnings (null otherwise). */
  warnings: (number[] | null)[];
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
  /** What a refusal names the line by (the record's id, when it has a string one). */
  named?: { id?: unknown };
  parcel?: Parcel;
  refused?: ParcelResult;
  value?: ParcelValue | Issue[];
  /** Warnings of the references the valuation read (ValuerOptions.onReference). */
  reached?: (readonly Issue[])[];
  local?: number[];
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
  /** Reference warnings of the parcels the checks let through, each once. */
  private readonly referenceWarnings = new Map<string, Issue>();
  private readonly counted = new WeakSet<readonly Issue[]>();
  private reached: (readonly Issue[])[] | undefined;
  private readonly chunks = new Map<number, Entry[]>();
  private readonly bytes = new ByteRun();

  constructor(setup: PoolSetup) {
    this.output = setup.output;
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
        if (ws.length > 0) this.reached?.push(ws);
      },
    });
    if (setup.header !== undefined) this.batch.read(setup.header.text, setup.header.line);
  }

  /** Read and value a chunk's lines; keep them for `write`. */
  read({ chunk, first, text }: ChunkIn): ChunkKeys {
    const out: ChunkKeys = {
      chunk,
      lines: [],
      kinds: [],
      keys: '',
      warnings: [],
      newKeys: [],
      firstKey: this.keys.size,
    };
    this.newKeys = out.newKeys;
    const entries: Entry[] = [];
    const keys: string[] = [];
    let line = first;
    let from = 0;
    for (;;) {
      const to = text.indexOf('\n', from);
      const item = to < 0 ? text.slice(from) : text.slice(from, to);
      const e = this.entry(item, line);
      if (e !== undefined) {
        entries.push(e);
        out.lines.push(line);
        out.kinds.push(e.kind);
        if (e.parcel !== undefined) {
          keys.push(encodeKeys(e.parcel));
          e.parcel = undefined; // kept no longer than needed: a chunk's entries wait for the verdicts
        }
        out.warnings.push(e.local ?? null);
      }
      if (to < 0) break;
      from = to + 1;
      line += 1;
    }
    this.chunks.set(chunk, entries);
    out.keys = keys.join('');
    return out;
  }

  private entry(item: string, line: number): Entry | undefined {
    const read = this.batch.read(item, line);
    if (read === undefined) return undefined;
    if ('ok' in read) return { line, kind: 0, refused: read };
    const reached: (readonly Issue[])[] = [];
    this.reached = reached;
    const v = this.batch.valuer.value(read.parcel, ['line', line]);
    this.reached = undefined;
    const e: Entry = {
      line,
      kind: Array.isArray(v) ? 1 : 2,
      named: { id: (read.raw as { id?: unknown } | null)?.id },
      parcel: read.parcel,
      value: v,
      reached,
    };
    if (this.refsMode && !Array.isArray(v)) e.local = v.warnings.map((w) => this.keys.entryOf(w, line));
    return e;
  }

  /** Write a chunk's results after the coordinator's verdicts. */
  write(v: ChunkVerdicts): ChunkOut {
    const entries = this.chunks.get(v.chunk) as Entry[];
    this.chunks.delete(v.chunk);
    for (const [n, ref] of v.refs) this.refOf[n] = ref;
    const duplicates = new Map(v.duplicates);
    const parts: ChunkOut['parts'] = [];
    const counts: number[] = [];
    let written = 0;
    for (const [i, e] of entries.entries()) {
      const dup = duplicates.get(i);
      let r: ParcelResult | undefined;
      if (e.kind === 0) r = e.refused as ParcelResult;
      else if (dup !== undefined) r = this.batch.refuse(e.line, [dup], e.named);
      else {
        this.count(e.reached as (readonly Issue[])[]);
        if (e.kind === 1) r = this.batch.refuse(e.line, e.value as Issue[], e.named);
        else {
          const refs = e.local?.map((n) => this.refOf[n] as string);
          this.bytes.add(this.serialise(this.batch.accept(e.line, e.value as ParcelValue, refs)));
          written += 1;
        }
      }
      if (r !== undefined) {
        if (written > 0) {
          parts.push(this.bytes.take());
          counts.push(written);
          written = 0;
        }
        parts.push(r);
      }
    }
    if (written > 0) {
      parts.push(this.bytes.take());
      counts.push(written);
    }
    const answers = v.ask.map(([i, j]) => ((entries[i] as Entry).value as ParcelValue).warnings[j] as Issue);
    return { chunk: v.chunk, parts, counts, answers };
  }

  /** The worker's totals, its reference warnings those of the parcels the checks let through. */
  totals(): BatchTotals {
    return { ...this.batch.totals(), referenceWarnings: [...this.referenceWarnings] };
  }

  private serialise(r: ParcelResult): string {
    return this.output.format === 'jsonl' ? toJsonLine(r) : resultCsvRow(r, this.output.indicators);
  }

  /** Keep the reference warnings a parcel read (once per list: references share theirs between parcels). */
  private count(reached: (readonly Issue[])[]): void {
    for (const ws of reached) {
      if (this.counted.has(ws)) continue;
      this.counted.add(ws);
      for (const w of ws) this.referenceWarnings.set(`${w.code}|${w.message.en}`, { ...w, path: [] });
    }
  }
}

/** Lines encoded to UTF-8 one after another into one buffer, taken as a run (and handed over). */
class ByteRun {
  private readonly encoder = new TextEncoder();
  private buf = new Uint8Array(1 << 16);
  private n = 0;

  add(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const need = this.n + 3 * s.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, 2 * this.buf.length));
      grown.set(this.buf.subarray(0, this.n));
      this.buf = grown;
    }
    this.n += this.encoder.encodeInto(s, this.buf.subarray(this.n)).written;
  }

  /** The bytes added since the last take; the next run starts in a new buffer of about their size. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.n);
    this.buf = new Uint8Array(Math.max(1 << 16, this.n + (this.n >> 3)));
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
