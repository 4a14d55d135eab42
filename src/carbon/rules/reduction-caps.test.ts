import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import type { Issue } from '../../core/errors';
import { errorOf } from '../../../test/carbon/helpers';
import { ReductionCaps } from './reduction-caps';

const caps = (window?: number) =>
  new ReductionCaps(
    { daily: new Decimal(200), monthly: new Decimal(500), source: { document: 'test' }, grade: 'assumed' },
    '+08:00',
    window,
  );
const bj = (local: string) => Date.parse(`${local}+08:00`);
const G = 1_000_000n; // µg per g
/** Quote and book `grams` for user u at `local`; the µg counted. */
const book = (c: ReductionCaps, local: string, grams: bigint, warnings: Issue[] = []): bigint => {
  const q = c.quote('u', bj(local), grams * G, [], warnings);
  q.commit();
  return q.counted / G;
};

describe('ReductionCaps: late lines count in their own day and month', () => {
  it('a late line reads its own day’s total, not the latest day’s', () => {
    const c = caps();
    // 05-10: 150 of 200; 05-12: 200 of 200 (full)
    expect(book(c, '2024-05-10T08:00:00', 150n)).toBe(150n);
    expect(book(c, '2024-05-12T08:00:00', 250n)).toBe(200n);
    // late 05-10: 200 − 150 = 50 left that day; May: 500 − 350 = 150 left
    const w: Issue[] = [];
    expect(book(c, '2024-05-10T09:00:00', 100n, w)).toBe(50n);
    expect(w.map((i) => i.params?.period)).toEqual(['daily']);
    // late 05-11: a fresh day (200), May has 500 − 400 = 100 left
    expect(book(c, '2024-05-11T09:00:00', 180n)).toBe(100n);
    expect(c.userState('u')).toEqual({
      latest: '2024-05-12T00:00:00.000Z',
      // days 19853 (05-10), 19854, 19855 in µg; May = 2024 × 12 + 4
      days: [
        [19853, (200n * G).toString()],
        [19854, (100n * G).toString()],
        [19855, (200n * G).toString()],
      ],
      months: [[24292, (500n * G).toString()]],
    });
  });

  it('more than the window before the user’s latest is refused; days left by the window are dropped', () => {
    const c = caps(48);
    book(c, '2024-05-10T08:00:00', 10n);
    book(c, '2024-05-12T08:00:00', 10n);
    // 48 h before 05-12 08:00 is 05-10 08:00: that instant is accepted, one ms earlier is not
    expect(book(c, '2024-05-10T08:00:00', 10n)).toBe(10n);
    const e = errorOf(() => c.quote('u', bj('2024-05-10T08:00:00') - 1, G, ['x'], []));
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_TOO_LATE',
      path: ['x'],
      params: { latest: '2024-05-12T00:00:00.000Z', window: '48' },
    });
    // 05-13: the window now starts 05-11 08:00, so 05-10 is dropped when 05-13 is booked
    book(c, '2024-05-13T08:00:00', 10n);
    expect(c.userState('u')?.days.map(([d]) => d)).toEqual([19855, 19856]);
  });

  it('restored from its record (in any order) it continues as one that never stopped', () => {
    const a = caps();
    book(a, '2024-05-12T08:00:00', 120n);
    book(a, '2024-05-10T08:00:00', 120n);
    const r = a.userState('u');
    const b = caps();
    b.restoreUser('u', JSON.parse(JSON.stringify({ ...r, days: [...(r?.days ?? [])].reverse() })));
    // 05-10: 200 − 120 = 80 left; 05-12 likewise; May 500 − 240 − 80 = 180 left for 05-12
    expect(book(b, '2024-05-10T09:00:00', 100n)).toBe(80n);
    expect(book(b, '2024-05-12T09:00:00', 100n)).toBe(80n);
    expect(errorOf(() => b.quote('u', bj('2024-05-05T07:59:00'), G, [], [])).code).toBe('CARBON_TOO_LATE');
    // without a latest time, nothing is refused until the next booking
    const c = caps();
    c.restoreUser('u', { days: [], months: [] });
    expect(book(c, '2024-05-01T08:00:00', 1n)).toBe(1n);
  });
});
