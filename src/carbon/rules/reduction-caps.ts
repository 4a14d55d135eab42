import { Decimal } from '../../core/decimal';
import type { Issue, Path } from '../../core/errors';
import { carbonIssue } from '../errors';
import { localDay, localMonth, offsetMs } from '../time';
import type { RuleSet } from './rules';

interface Used {
  day: number;
  dayUsed: Decimal;
  month: number;
  monthUsed: Decimal;
}

const ZERO = new Decimal(0);

/**
 * Per-user daily and monthly caps on the exact reduction counted (g CO₂), from a rule set's `reductionCaps`, in
 * the rule set's local days and months. `quote` is read only; `commit` books what the quote counted. What a cap
 * withholds is not carried over (to a later day or to the remainder).
 */
export class ReductionCaps {
  private readonly used = new Map<string, Used>();
  private readonly off: number;

  constructor(
    private readonly caps: NonNullable<RuleSet['reductionCaps']>,
    utcOffset: string,
  ) {
    this.off = offsetMs(utcOffset);
  }

  quote(
    user: string,
    ms: number,
    exact: Decimal,
    path: Path,
    warnings: Issue[],
  ): { counted: Decimal; commit(): void } {
    const day = localDay(ms, this.off);
    const month = localMonth(ms, this.off);
    const u = this.used.get(user);
    const dayUsed = u !== undefined && u.day === day ? u.dayUsed : ZERO;
    const monthUsed = u !== undefined && u.month === month ? u.monthUsed : ZERO;
    let counted = exact;
    const limit = (period: 'daily' | 'monthly', cap: Decimal | undefined, used: Decimal): void => {
      if (cap === undefined) return;
      const room = Decimal.max(cap.minus(used), ZERO);
      if (counted.gt(room)) {
        warnings.push(
          carbonIssue('CARBON_REDUCTION_CAPPED', path, {
            period,
            cap: cap.toFixed(),
            exact: exact.toFixed(),
            credited: room.toFixed(),
          }),
        );
        counted = room;
      }
    };
    limit('daily', this.caps.daily, dayUsed);
    limit('monthly', this.caps.monthly, monthUsed);
    return {
      counted,
      commit: () =>
        this.used.set(user, {
          day,
          dayUsed: dayUsed.plus(counted),
          month,
          monthUsed: monthUsed.plus(counted),
        }),
    };
  }
}
