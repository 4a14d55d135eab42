import { describe, expect, it } from 'vitest';
import { findPeriod, placePeriod } from './periods';

type R = { period: number; v: string };
const rec = (period: number): R => ({ period, v: `r${period}` });
const periods = (list: readonly R[]) => list.map((r) => r.period);

describe('findPeriod', () => {
  it('the record of the period, searched from the end; the first and the last are found', () => {
    const list = [rec(1), rec(3), rec(4)];
    expect(findPeriod(list, 1)).toBe(list[0]);
    expect(findPeriod(list, 3)).toBe(list[1]);
    expect(findPeriod(list, 4)).toBe(list[2]);
  });

  it('undefined for a period between, before or after the records, for an empty list and for no list', () => {
    const list = [rec(1), rec(3), rec(4)];
    // 2: the search stops at 1 (the first period ≤ 2), which is not 2
    expect(findPeriod(list, 2)).toBeUndefined();
    expect(findPeriod(list, 0)).toBeUndefined();
    expect(findPeriod(list, 5)).toBeUndefined();
    expect(findPeriod([], 1)).toBeUndefined();
    expect(findPeriod(undefined, 1)).toBeUndefined();
  });
});

describe('placePeriod', () => {
  it('puts a record at the end, in the middle or at the start, keeping the list ascending', () => {
    const list = [rec(2), rec(5)];
    placePeriod(list, rec(7), 0);
    expect(periods(list)).toEqual([2, 5, 7]);
    placePeriod(list, rec(3), 0);
    expect(periods(list)).toEqual([2, 3, 5, 7]);
    placePeriod(list, rec(1), 0);
    expect(periods(list)).toEqual([1, 2, 3, 5, 7]);
    const empty: R[] = [];
    placePeriod(empty, rec(4), 4);
    expect(periods(empty)).toEqual([4]);
  });

  it('drops the records before the first period the window reaches, keeping that period itself', () => {
    const list = [rec(1), rec(2), rec(4)];
    // first 2: period 1 dropped, 2 kept; 6 placed at the end
    placePeriod(list, rec(6), 2);
    expect(periods(list)).toEqual([2, 4, 6]);
    // first 5: 2 and 4 dropped; the record placed at 5 is the first kept
    placePeriod(list, rec(5), 5);
    expect(periods(list)).toEqual([5, 6]);
    expect(list[0]?.v).toBe('r5');
    // first 5 again: nothing before it
    placePeriod(list, rec(8), 5);
    expect(periods(list)).toEqual([5, 6, 8]);
  });
});

describe('placePeriod says whether it dropped a record', () => {
  it('false when every period reaches the window’s first, true when one before it went', () => {
    const list = [rec(2), rec(5)];
    // first = 2: 2 is not before it, nothing goes
    expect(placePeriod(list, rec(7), 2)).toBe(false);
    expect(periods(list)).toEqual([2, 5, 7]);
    // first = 5: 2 goes
    expect(placePeriod(list, rec(8), 5)).toBe(true);
    expect(periods(list)).toEqual([5, 7, 8]);
    // first = 8: 5 and 7 go, 8 and the new 9 stay
    expect(placePeriod(list, rec(9), 8)).toBe(true);
    expect(periods(list)).toEqual([8, 9]);
    expect(placePeriod([], rec(4), 4)).toBe(false);
  });
});
