import type { Decimal } from '../core/decimal';
import { type ReadMemo, nonNegative } from './activity-fast';
import { parseInstant } from './time';

/** Quantity texts longer than this are read afresh, not kept (a memo of short repeated values). */
const TEXT_MAX = 24;
/** Entries a memo table keeps before it starts over: bounded memory however varied the stream. */
export const BATCH_MEMO_MAX = 4096;
const INSERT_EVERY = 8;

/**
 * The decimal work one batch has already done, kept for its later lines (docs/adr/0027-carbon-fast-paths-per-batch.md).
 * One per `CarbonBatch`, owned by it and never shared: no module state. Every answer is the reference
 * computation's own value (a Decimal is immutable, so the instance computed once serves every later line exactly
 * as a fresh computation would); test/carbon/fast-paths.test.ts checks each method against its reference.
 *
 * - `nonNegative(text)`: the Decimal of a quantity text ("1", "2.5", "17"), read once per distinct text.
 * - `instant(ts)`: parseInstant, the last string parsed answered again (the fast validator and the batch's
 *   time check read one line's time).
 *
 * The table of texts holds at most BATCH_MEMO_MAX entries and is cleared when full. A text read afresh is stored
 * on one miss in INSERT_EVERY only: repeated texts still settle in within a few lines, while a stream of distinct
 * ones (metre-precision distances) does not keep storing fresh Decimals that would live on into the old generation
 * only to be dropped at the next clear.
 */
export class BatchMemo implements ReadMemo {
  private readonly decimals = new Map<string, Decimal>();
  /** The last string `instant` parsed as a valid instant (none at first), and its instant. */
  private lastTs: string | undefined = undefined;
  private lastMs = 0;
  private misses = 0;

  /** nonNegative(v) (activity-fast.ts), read once per distinct short string. */
  nonNegative(v: unknown): Decimal | undefined {
    if (typeof v !== 'string' || v.length > TEXT_MAX) return nonNegative(v);
    const hit = this.decimals.get(v);
    if (hit !== undefined) return hit;
    const d = nonNegative(v);
    if (d !== undefined && (++this.misses & (INSERT_EVERY - 1)) === 0) {
      if (this.decimals.size >= BATCH_MEMO_MAX) this.decimals.clear();
      this.decimals.set(v, d);
    }
    return d;
  }

  /** parseInstant(ts), the last string parsed answered from the memo. */
  instant(ts: string): number | undefined {
    if (ts === this.lastTs) return this.lastMs;
    const ms = parseInstant(ts);
    if (ms !== undefined) {
      this.lastTs = ts;
      this.lastMs = ms;
    }
    return ms;
  }
}
