/**
 * Per-period records of one user (a local day or month and what it holds), kept ascending by period for the
 * periods a late line may still reach: a time-ordered stream reads and writes the newest, so lookups search from
 * the end, and a new period drops those before the window's first.
 */
export interface Period {
  period: number;
}

/** The record of `period` in `list` (ascending by period), or undefined. */
export function findPeriod<T extends Period>(list: readonly T[] | undefined, period: number): T | undefined {
  if (list === undefined) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i] as T;
    if (r.period <= period) return r.period === period ? r : undefined;
  }
  return undefined;
}

/**
 * Put `r` (a period not yet in `list`) in its place, then drop the records of periods before `first` (the first
 * period the window still reaches; `r`'s own period is never before it). Whether a record was dropped: the user's
 * state then no longer holds the periods before `first` (its `since`, see tooLate in ../time.ts).
 */
export function placePeriod<T extends Period>(list: T[], r: T, first: number): boolean {
  let i = list.length;
  while (i > 0 && (list[i - 1] as T).period > r.period) i--;
  list.splice(i, 0, r);
  let drop = 0;
  while (drop < list.length && (list[drop] as T).period < first) drop++;
  if (drop > 0) list.splice(0, drop);
  return drop > 0;
}
