import type { Issue, Path } from '../../core/errors';
import { carbonIssue } from '../errors';
import { microgramsText, toMicrograms } from '../ledger/micrograms';
import { localDay, localMonth, offsetMs } from '../time';
import type { RuleSet } from './rules';

interface Used {
  day: number;
  dayUsed: bigint;
  month: number;
  monthUsed: bigint;
}
/** A user's cap counters as plain data (amounts in µg as integer strings), for a stored ledger. */
export interface CapsRecord {
  day: number;
  dayUsed: string;
  month: number;
  monthUsed: string;
}

/**
 * Per-user daily and monthly caps on the reduction counted, from a rule set's `reductionCaps`, in the rule set's
 * local days and months; amounts in micrograms of CO₂ (caps rounded down to the microgram). `quote` is read only;
 * `commit` books what the quote counted. What a cap withholds is not carried over (to a later day or to the
 * remainder).
 */
export class ReductionCaps {
  private readonly used = new Map<string, Used>();
  private readonly off: number;
  private readonly daily: bigint | undefined;
  private readonly monthly: bigint | undefined;

  constructor(caps: NonNullable<RuleSet['reductionCaps']>, utcOffset: string) {
    this.off = offsetMs(utcOffset);
    this.daily = caps.daily !== undefined ? toMicrograms(caps.daily) : undefined;
    this.monthly = caps.monthly !== undefined ? toMicrograms(caps.monthly) : undefined;
  }

  /** The part of `exact` (µg) the user's caps leave on the local day and month of `ms`, warned when less. */
  quote(
    user: string,
    ms: number,
    exact: bigint,
    path: Path,
    warnings: Issue[],
  ): { counted: bigint; commit(): void } {
    const day = localDay(ms, this.off);
    const month = localMonth(ms, this.off);
    const u = this.used.get(user);
    const dayUsed = u !== undefined && u.day === day ? u.dayUsed : 0n;
    const monthUsed = u !== undefined && u.month === month ? u.monthUsed : 0n;
    let counted = exact;
    const limit = (period: 'daily' | 'monthly', cap: bigint | undefined, used: bigint): void => {
      if (cap === undefined) return;
      const room = cap > used ? cap - used : 0n;
      if (counted > room) {
        warnings.push(
          carbonIssue('CARBON_REDUCTION_CAPPED', path, {
            period,
            cap: microgramsText(cap),
            exact: microgramsText(exact),
            credited: microgramsText(room),
          }),
        );
        counted = room;
      }
    };
    limit('daily', this.daily, dayUsed);
    limit('monthly', this.monthly, monthUsed);
    return {
      counted,
      commit: () =>
        this.used.set(user, { day, dayUsed: dayUsed + counted, month, monthUsed: monthUsed + counted }),
    };
  }

  /** The user's counters as plain data, or undefined when the user has booked nothing. */
  userState(user: string): CapsRecord | undefined {
    const u = this.used.get(user);
    return u === undefined
      ? undefined
      : { day: u.day, dayUsed: u.dayUsed.toString(), month: u.month, monthUsed: u.monthUsed.toString() };
  }

  /** Restore a user's counters from userState's record (a ledger reopened from its store). */
  restoreUser(user: string, r: CapsRecord): void {
    this.used.set(user, {
      day: r.day,
      dayUsed: BigInt(r.dayUsed),
      month: r.month,
      monthUsed: BigInt(r.monthUsed),
    });
  }
}
