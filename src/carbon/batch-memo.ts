import type { Decimal } from '../core/decimal';
import type { Activity } from './activity';
import { nonNegative } from './activity-fast';
import { speedExceeds } from './methodologies/bounds';
import { parseInstant } from './time';

/** Quantity texts longer than this are read afresh, not kept (a memo of short repeated values). */
const TEXT_MAX = 24;
/** Entries a memo table keeps before it starts over: bounded memory however varied the stream. */
export const BATCH_MEMO_MAX = 4096;
const INSERT_EVERY = 8;

/**
 * The decimal work one batch has already done, kept for its later lines (docs/adr/0023-carbon-fast-paths.md).
 * One per `CarbonBatch`, owned by it and never shared: no module state. Every answer is the reference
 * computation's own value (a Decimal is immutable, so the instance computed once serves every later line exactly
 * as a fresh computation would); test/carbon/fast-paths.test.ts checks each method against its reference.
 *
 * - `nonNegative(text)`: the Decimal of a quantity text ("1", "2.5", "17"), read once per distinct text.
 * - `instant(ts)`: parseInstant, the last string parsed answered again (the fast validator and the batch's
 *   time check read one line's time).
 * - `speedExceeds(a, max, passengers)`: the speed bound's exact decision (bounds.ts), by the identity of the
 *   distance and duration Decimals (those `nonNegative` returned), their units and the bound.
 *
 * Each table holds at most BATCH_MEMO_MAX entries and is cleared when full. A value computed afresh is stored
 * on one miss in INSERT_EVERY only: repeated values still settle in within a few lines, while a stream of
 * distinct ones (metre-precision distances) does not keep storing fresh objects that would live on into the old
 * generation only to be dropped at the next clear.
 */
export class BatchMemo {
  private readonly decimals = new Map<string, Decimal>();
  /** The last string `instant` parsed as a valid instant (none at first), and its instant. */
  private lastTs: string | undefined = undefined;
  private lastMs = 0;
  private misses = 0;
  private readonly speeds = new Map<Decimal, Map<Decimal, SpeedAnswer>>();
  private speedsKept = 0;
  private speedMisses = 0;

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

  /** speedExceeds(a, max, passengers), answered again for a repeated distance and duration. */
  speedExceeds = (a: Activity, max: Decimal, passengers: Decimal | undefined): boolean | undefined => {
    const d = a.distance;
    const t = a.duration;
    // A pkm distance reads the passengers: computed each time.
    if (d === undefined || t === undefined || d.unit === 'pkm') return speedExceeds(a, max, passengers);
    const hit = this.speeds.get(d.value)?.get(t.value);
    if (hit !== undefined && hit.max === max && hit.distance === d.unit && hit.duration === t.unit)
      return hit.exceeds;
    const exceeds = speedExceeds(a, max, passengers);
    if ((++this.speedMisses & (INSERT_EVERY - 1)) === 0) {
      if (++this.speedsKept > BATCH_MEMO_MAX) {
        this.speeds.clear();
        this.speedsKept = 1;
      }
      let byT = this.speeds.get(d.value);
      if (byT === undefined) {
        byT = new Map();
        this.speeds.set(d.value, byT);
      }
      byT.set(t.value, { max, distance: d.unit, duration: t.unit, exceeds });
    }
    return exceeds;
  };
}

/** One answer of the speed bound: the bound's maximum and the units it was decided for. */
interface SpeedAnswer {
  max: Decimal;
  distance: string;
  duration: string;
  exceeds: boolean | undefined;
}
