import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalMonths, localDay, localMonth, offsetMs } from './time';

describe('LocalMonths: localMonth memoised by local day', () => {
  it('gives localMonth for every instant, in any order and at any offset (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('+08:00', '-05:00', '+00:00', '+14:00'),
        // instants from 2000 to 2050, some on the same day, some across a month's end
        fc.array(fc.integer({ min: 946_684_800_000, max: 2_524_608_000_000 }), { maxLength: 40 }),
        (offset, instants) => {
          const off = offsetMs(offset);
          const months = new LocalMonths(off);
          for (const ms of instants) expect(months.of(localDay(ms, off), ms)).toBe(localMonth(ms, off));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves to the next month at local midnight, not UTC midnight', () => {
    // 2024-05-31T16:00Z is 2024-06-01 00:00 in Beijing: June there (2024 × 12 + 5 = 24293), May in UTC
    const off = offsetMs('+08:00');
    const months = new LocalMonths(off);
    const may31 = Date.parse('2024-05-31T15:59:59Z');
    const june1 = Date.parse('2024-05-31T16:00:00Z');
    expect(months.of(localDay(may31, off), may31)).toBe(24292);
    expect(months.of(localDay(june1, off), june1)).toBe(24293);
    expect(months.of(localDay(may31, off), may31)).toBe(24292);
  });
});
