import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INSTANT_FORM,
  LocalMonths,
  instantProblem,
  localDay,
  localMonth,
  offsetMs,
  parseInstant,
} from './time';

describe('instantProblem: why a time is refused', () => {
  it('names the missing offset, the date, the time of day or the offset that does not exist', () => {
    expect(instantProblem('2024-05-01T08:00:00+08:00')).toBeUndefined();
    expect(instantProblem('2024-05-01T08:00:00.000Z')).toBeUndefined();
    expect(instantProblem('2024-05-01T08:00')).toBe(
      `${INSTANT_FORM}: 2024-05-01T08:00 has no offset (Z or ±hh:mm)`,
    );
    // 2024 is a leap year (29 days in February), 2023 and 1900 are not, 2000 is
    expect(instantProblem('2024-02-30T00:00Z')).toBe('no such date: 2024-02-30 (2024-02 has 29 days)');
    expect(instantProblem('1900-02-29T00:00Z')).toBe('no such date: 1900-02-29 (1900-02 has 28 days)');
    expect(instantProblem('2000-02-29T00:00Z')).toBeUndefined();
    expect(instantProblem('2024-00-10T00:00Z')).toBe('no such date: 2024-00-10 (months 01–12)');
    expect(instantProblem('2024-06-00T00:00Z')).toBe('no such date: 2024-06-00 (2024-06 has 30 days)');
    expect(instantProblem('2024-06-01T23:59:60Z')).toBe(
      'no such time of day: 23:59:60 (hours 00–23, minutes and seconds 00–59)',
    );
    expect(instantProblem('2024-06-01T08:00-24:00')).toBe(
      'no such UTC offset: -24:00 (hours 00–23, minutes 00–59)',
    );
    expect(instantProblem('yesterday')).toBe(INSTANT_FORM);
  });
  it('property: a time is refused with a reason exactly when parseInstant refuses it', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const time = fc
      .tuple(
        fc.integer({ min: 1899, max: 2101 }),
        two(14),
        two(33),
        two(25),
        two(61),
        fc.option(two(61)),
        fc.constantFrom('Z', '+08:00', '-05:30', '+24:00', '+08:61', ''),
      )
      .map(([y, mo, d, h, mi, s, off]) => `${y}-${mo}-${d}T${h}:${mi}${s === null ? '' : `:${s}`}${off}`);
    fc.assert(
      fc.property(time, (s) => (instantProblem(s) === undefined) === (parseInstant(s) !== undefined)),
      { numRuns: 3000 },
    );
  });
});

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
