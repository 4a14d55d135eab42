import type { Issue, Path } from '../../core/errors';
import { carbonFail, carbonIssue } from '../errors';
import { microgramsText, toMicrograms } from '../ledger/micrograms';
import {
  DEFAULT_LATE_WINDOW_HOURS,
  HOUR_MS,
  dayStart,
  localDay,
  localMonth,
  offsetMs,
  tooLate,
} from '../time';
import { type Period, findPeriod, placePeriod } from './periods';
import type { RuleSet } from './rules';

interface Used extends Period {
  used: bigint;
}
interface UserUsed {
  /** The latest activity time booked (ms): the late window is measured back from it. */
  latest: number;
  /**
   * The first instant whose day and month the counters hold in full: the start of the first day the window reached
   * when a record was last dropped (−∞ while none was). A line before it is refused (CARBON_TOO_LATE), also under a
   * wider window than the one that dropped the record: its period would be counted from zero.
   */
  since: number;
  days: Used[];
  months: Used[];
}
/**
 * A user's cap counters as plain data: the µg counted per local day and month (integer strings) for the periods
 * the late window still reaches, ascending, the user's latest activity time, and `since` (ISO), the first instant
 * whose periods the counters hold in full once older ones were dropped (absent: none was dropped).
 */
export interface CapsRecord {
  latest?: string;
  since?: string;
  days: [number, string][];
  months: [number, string][];
}

/**
 * Per-user daily and monthly caps on the reduction counted, from a rule set's `reductionCaps`, in the rule set's
 * local days and months; amounts in micrograms of CO₂ (caps rounded down to the microgram). A line counts in its
 * own local day and month, whatever order the lines come in: the totals of every day and month the late window
 * reaches are kept per user (older ones are dropped, so memory stays bounded per user), and a line more than the
 * window before the user's latest booked one, or before the first instant whose periods are still held in full
 * (`since`: a narrower window of an earlier run dropped older ones), is refused (CARBON_TOO_LATE). `quote` is read only; `commit` books
 * what the quote counted. What a cap withholds is not carried over (to a later day or to the remainder).
 */
export class ReductionCaps {
  private readonly used = new Map<string, UserUsed>();
  private readonly off: number;
  private readonly daily: bigint | undefined;
  private readonly monthly: bigint | undefined;
  private readonly window: number;

  constructor(
    caps: Partial<NonNullable<RuleSet['reductionCaps']>>,
    utcOffset: string,
    lateWindowHours: number = DEFAULT_LATE_WINDOW_HOURS,
  ) {
    this.off = offsetMs(utcOffset);
    this.daily = caps.daily !== undefined ? toMicrograms(caps.daily) : undefined;
    this.monthly = caps.monthly !== undefined ? toMicrograms(caps.monthly) : undefined;
    this.window = lateWindowHours * HOUR_MS;
  }

  /** The part of `exact` (µg) the user's caps leave on the local day and month of `ms`, warned when less. */
  quote(
    user: string,
    ms: number,
    exact: bigint,
    path: Path,
    warnings: Issue[],
  ): { counted: bigint; commit(): void } {
    const u = this.used.get(user);
    const late = u !== undefined ? tooLate(ms, u.latest, this.window, u.since) : undefined;
    if (late !== undefined) carbonFail('CARBON_TOO_LATE', path, late);
    const day = localDay(ms, this.off);
    const month = localMonth(ms, this.off);
    const dayUsed = findPeriod(u?.days, day)?.used ?? 0n;
    const monthUsed = findPeriod(u?.months, month)?.used ?? 0n;
    // Each cap leaves its room; the line counts the least of them, and one warning names the cap that binds (the
    // daily one when both leave the same) with the amount actually counted.
    let counted = exact;
    let binding: { period: 'daily' | 'monthly'; cap: bigint } | undefined;
    const limit = (period: 'daily' | 'monthly', cap: bigint | undefined, used: bigint): void => {
      if (cap === undefined) return;
      const room = cap > used ? cap - used : 0n;
      if (counted > room) {
        counted = room;
        binding = { period, cap };
      }
    };
    limit('daily', this.daily, dayUsed);
    limit('monthly', this.monthly, monthUsed);
    if (binding !== undefined)
      warnings.push(
        carbonIssue('CARBON_REDUCTION_CAPPED', path, {
          period: binding.period,
          cap: microgramsText(binding.cap),
          exact: microgramsText(exact),
          credited: microgramsText(counted),
        }),
      );
    return {
      counted,
      commit: () => {
        let s = this.used.get(user);
        if (s === undefined) {
          s = { latest: ms, since: Number.NEGATIVE_INFINITY, days: [], months: [] };
          this.used.set(user, s);
        } else if (ms > s.latest) s.latest = ms;
        const horizon = s.latest - this.window;
        const first = localDay(horizon, this.off);
        let dropped = false;
        const dc = findPeriod(s.days, day);
        if (dc !== undefined) dc.used += counted;
        else dropped = placePeriod(s.days, { period: day, used: counted }, first);
        const mc = findPeriod(s.months, month);
        if (mc !== undefined) mc.used += counted;
        else if (placePeriod(s.months, { period: month, used: counted }, localMonth(horizon, this.off)))
          dropped = true;
        // The periods before the first day's start are no longer all held (a month before it neither).
        if (dropped) s.since = Math.max(s.since, dayStart(first, this.off));
      },
    };
  }

  /** The user's counters as plain data, or undefined when the user has booked nothing. */
  userState(user: string): CapsRecord | undefined {
    const u = this.used.get(user);
    if (u === undefined) return undefined;
    const list = (l: readonly Used[]): [number, string][] => l.map((p) => [p.period, p.used.toString()]);
    const r: CapsRecord = {
      latest: new Date(u.latest).toISOString(),
      days: list(u.days),
      months: list(u.months),
    };
    if (u.since > Number.NEGATIVE_INFINITY) r.since = new Date(u.since).toISOString();
    return r;
  }

  /** Restore a user's counters from userState's record (a ledger reopened from its store). */
  restoreUser(user: string, r: CapsRecord): void {
    const list = (l: readonly [number, string][] | undefined): Used[] =>
      (l ?? []).map(([period, used]) => ({ period, used: BigInt(used) })).sort((a, b) => a.period - b.period);
    this.used.set(user, {
      latest: r.latest !== undefined ? Date.parse(r.latest) : Number.NEGATIVE_INFINITY,
      // A record written before `since` existed, or of a user whose periods were never dropped: none.
      since: r.since !== undefined ? Date.parse(r.since) : Number.NEGATIVE_INFINITY,
      days: list(r.days),
      months: list(r.months),
    });
  }
}
