/**
 * Node adapter: the journal of a carbon partition's job over a stored ledger, so that a job retried after its
 * worker died (SIGKILL, a lost machine) continues from what its first attempt stored instead of running the
 * partition's lines again, which the ledger would refuse as credited already.
 *
 * The job appends its partition's lines to the store a chunk at a time. Before each append it writes the chunk's
 * results to the partition's results file and records, in the journal, the chunk as pending: the spool lines and
 * result bytes consumed after it, the run's counters after it, and the partition's head before and after it (and
 * the refs it writes when it appends no entry). Once the append returns, the chunk is recorded as done. A retried job reads the journal:
 *
 * - no pending chunk: it continues after the last done one;
 * - a pending chunk that appended entries: the store's head of the partition says whether the append happened
 *   (the head after the chunk: stored; the head before: not stored); any other head means another writer
 *   appended to the partition, and the job stops with LEDGER_STORE_CONFLICT;
 * - a pending chunk without entries: the stored refs say it (all as the chunk wrote them: stored); a chunk that
 *   wrote neither entries nor refs changed nothing a rerun could see, and counts as stored.
 *
 * The results file is cut back to the bytes of the point the job continues from, so it holds each line's result
 * once, and the summary continues the counters recorded there: the job's result counts what all its attempts
 * stored, once.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import type { BatchCounters } from '../carbon/batch';
import { carbonFail } from '../carbon/errors';
import type { PartitionHead } from '../carbon/ledger/partition';
import type { LedgerStore, RefRecord } from '../carbon/store';
import type { ChunkStep } from '../carbon/stored-batch';
import { toJsonLine } from '../io/jsonl';

/** A point of the job: spool lines and result bytes consumed, and the run's counters and factor sets there. */
export interface JobMark {
  lines: number;
  bytes: number;
  /** BatchCounters with bigints as decimal strings. */
  counters: Record<keyof BatchCounters, string | number>;
  factorSets: string[];
}

interface Head {
  seq: number;
  head: string;
}

/** A chunk written to the results file and about to be appended to the store. */
interface Pending extends JobMark {
  before: Head;
  after: Head;
  /** The refs the chunk writes, as it writes them: kept for a chunk without entries only (judged by them). */
  refs: (readonly [string, RefRecord])[];
}

export interface Journal {
  /** The sha256 of the spool file the job reads. */
  spool: string;
  /** The last chunk known stored (absent before the first). */
  done?: JobMark;
  pending?: Pending;
}

const BIG: readonly (keyof BatchCounters)[] = ['grams', 'points', 'exactMicrograms', 'carriedIn'];

/** Counters as JSON (bigints as strings) and back. */
export function countersJson(c: BatchCounters): JobMark['counters'] {
  const out = { ...c } as Record<keyof BatchCounters, string | number | bigint>;
  for (const k of BIG) out[k] = String(c[k]);
  return out as JobMark['counters'];
}
export function countersOf(j: JobMark['counters']): BatchCounters {
  const out = { ...j } as Record<string, unknown>;
  for (const k of BIG) out[k] = BigInt(j[k]);
  return out as unknown as BatchCounters;
}

/** Write a file whole or not at all: a temporary file, synced, renamed over it. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function readJournal(path: string): Journal | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Journal) : undefined;
}

const sameHead = (a: Head, b: Head): boolean => a.seq === b.seq && a.head === b.head;
const sameRef = (a: RefRecord | undefined, b: RefRecord): boolean =>
  a !== undefined && a.units === b.units && a.evidence === b.evidence;

/** Where a job whose journal is `j` continues (undefined: from the start), judged from the store. */
export async function resumePoint(
  j: Journal | undefined,
  store: LedgerStore,
  partition: number,
): Promise<JobMark | undefined> {
  const p = j?.pending;
  if (p === undefined) return j?.done;
  let stored: boolean;
  if (!sameHead(p.before, p.after)) {
    const now = (await store.heads())[partition] as PartitionHead;
    if (sameHead(now, p.after)) stored = true;
    else if (sameHead(now, p.before)) stored = false;
    else
      carbonFail('LEDGER_STORE_CONFLICT', [], {
        detail: `partition ${partition} is at entry ${now.seq}, neither where this job's last chunk found it (${p.before.seq}) nor where it left it (${p.after.seq}): another writer appended to it`,
      });
  } else {
    const refs = await store.refs(p.refs.map(([r]) => r));
    stored = p.refs.every(([r, rec]) => sameRef(refs.get(r), rec));
  }
  return stored ? markOf(p) : j?.done;
}

/** The point after a pending chunk. */
function markOf(p: Pending): JobMark {
  const { before: _b, after: _a, refs: _r, ...mark } = p;
  return mark;
}

/**
 * The job's results file and journal, opened at the point the job continues from (the results file cut back to
 * it): `pending` writes a chunk's results and records the chunk as pending (a StoredBatch's `beforeAppend`),
 * `stored` records it as done.
 */
export class JobJournal {
  private readonly fd: number;
  private state: Journal;

  constructor(
    private readonly path: string,
    results: string,
    spool: string,
    private readonly partition: number,
    from: JobMark | undefined,
  ) {
    this.fd = openSync(results, existsSync(results) ? 'r+' : 'w');
    this.state = from !== undefined ? { spool, done: from } : { spool };
    // Results past the point the job continues from were written for a chunk that was not stored. A results file
    // that cannot be cut back is not left open.
    try {
      ftruncateSync(this.fd, from?.bytes ?? 0);
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  /** The point the job is at. */
  get at(): JobMark | undefined {
    return this.state.done;
  }

  pending = async (step: ChunkStep): Promise<void> => {
    const done = this.state.done;
    const from = done?.bytes ?? 0;
    ftruncateSync(this.fd, from);
    const text = step.results.map((r) => toJsonLine(r)).join('');
    const bytes = from + (text.length === 0 ? 0 : writeSync(this.fd, text, from));
    fsyncSync(this.fd);
    const head = (h: PartitionHead | undefined): Head => ({ seq: h?.seq ?? 0, head: h?.head ?? '' });
    const mine = (hs: readonly PartitionHead[]) => hs.find((h) => h.partition === this.partition);
    const before = head(mine(step.commit.expect));
    const after = head(mine(step.commit.heads));
    this.state.pending = {
      lines: (done?.lines ?? 0) + this.chunkLines,
      bytes,
      counters: countersJson(step.counters),
      factorSets: [...new Set([...(done?.factorSets ?? []), ...step.factorSets])].sort(),
      before,
      after,
      refs: sameHead(before, after) ? [...step.commit.refs] : [],
    };
    writeAtomic(this.path, JSON.stringify(this.state));
  };

  /** Spool lines in the chunk being appended (set by the job before it runs the chunk). */
  chunkLines = 0;

  stored(): void {
    const p = this.state.pending;
    if (p === undefined) return;
    this.state = { spool: this.state.spool, done: markOf(p) };
    writeAtomic(this.path, JSON.stringify(this.state));
  }

  close(): void {
    closeSync(this.fd);
  }
}
