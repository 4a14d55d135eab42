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

  it('records from when it holds every period once it drops one (`since`); restored under a wider window, an earlier line is refused', () => {
    const c = caps(24);
    book(c, '2024-05-10T08:00:00', 10n);
    expect(c.userState('u')?.since).toBeUndefined();
    // 05-12 08:00: 24 h reach back to 05-11, so 05-10 is dropped; since = 05-11 00:00 +08:00
    book(c, '2024-05-12T08:00:00', 10n);
    const r = c.userState('u');
    expect(r?.since).toBe('2024-05-10T16:00:00.000Z');
    const wide = caps(168);
    wide.restoreUser('u', JSON.parse(JSON.stringify(r)));
    expect(wide.userState('u')?.since).toBe('2024-05-10T16:00:00.000Z');
    // 05-10 09:00 is within 168 h of 05-12 08:00, but 05-10 is no longer counted: refused, not counted from zero
    const e = errorOf(() => wide.quote('u', bj('2024-05-10T09:00:00'), G, ['x'], []));
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_TOO_LATE',
      path: ['x'],
      params: { latest: '2024-05-12T00:00:00.000Z', window: '168', since: '2024-05-10T16:00:00.000Z' },
    });
    // 05-11 00:00 is held: 200 g left that day, May 500 − 20 = 480
    expect(book(wide, '2024-05-11T00:00:00', 250n)).toBe(200n);
    // a wider window drops less: since stays
    book(wide, '2024-05-13T08:00:00', 10n);
    expect(wide.userState('u')?.since).toBe('2024-05-10T16:00:00.000Z');
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
    // the restored latest time alone refuses a line more than the window (168 h) before it
    const fresh = caps();
    fresh.restoreUser('u', JSON.parse(JSON.stringify(r)));
    expect(errorOf(() => fresh.quote('u', bj('2024-05-05T07:59:00'), G, [], [])).code).toBe(
      'CARBON_TOO_LATE',
    );
    // without a latest time, nothing is refused until the next booking
    const c = caps();
    c.restoreUser('u', { days: [], months: [] });
    expect(book(c, '2024-05-01T08:00:00', 1n)).toBe(1n);
    // and that booking becomes the latest time (08:00 +08:00 = 00:00Z)
    expect(c.userState('u')?.latest).toBe('2024-05-01T00:00:00.000Z');
  });
});

describe('ReductionCaps: one cap or the other, and the edges of a cap', () => {
  const only = (which: 'daily' | 'monthly', grams: number) =>
    new ReductionCaps(
      { [which]: new Decimal(grams), source: { document: 'test' }, grade: 'assumed' },
      '+08:00',
    );

  it('a daily cap alone limits the day and nothing else; a monthly cap alone limits the month', () => {
    const d = only('daily', 100);
    // 3 × 90 g on three days: each day has 100 g of room, no monthly cap
    for (const day of ['10', '11', '12']) expect(book(d, `2024-05-${day}T08:00:00`, 90n)).toBe(90n);
    // 05-12 again: 100 − 90 = 10 left that day
    expect(book(d, '2024-05-12T09:00:00', 90n)).toBe(10n);
    const m = only('monthly', 100);
    // 90 g on 05-10, then 90 g on 05-11: May has 100 − 90 = 10 left, whatever the day
    expect(book(m, '2024-05-10T08:00:00', 90n)).toBe(90n);
    const w: Issue[] = [];
    expect(book(m, '2024-05-11T08:00:00', 90n, w)).toBe(10n);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({
      code: 'CARBON_REDUCTION_CAPPED',
      params: { period: 'monthly', cap: '100', exact: '90', credited: '10' },
    });
    // June is a new month: the whole 90 g
    expect(book(m, '2024-06-01T08:00:00', 90n)).toBe(90n);
  });

  it('a line that fills the room exactly is counted whole, without a warning', () => {
    const d = only('daily', 100);
    book(d, '2024-05-10T08:00:00', 60n);
    const w: Issue[] = [];
    // 100 − 60 = 40 g of room, 40 g asked: all of it, nothing capped
    expect(book(d, '2024-05-10T09:00:00', 40n, w)).toBe(40n);
    expect(w).toEqual([]);
  });

  it('counts nothing, never a negative amount, where a restored day is already past its cap', () => {
    const d = only('daily', 100);
    // a record from a run under a higher cap: 150 g on day 19853 (2024-05-10)
    d.restoreUser('u', {
      latest: '2024-05-10T00:00:00.000Z',
      days: [[19853, (150n * G).toString()]],
      months: [],
    });
    const w: Issue[] = [];
    expect(book(d, '2024-05-10T09:00:00', 5n, w)).toBe(0n);
    expect(w[0]?.params).toMatchObject({ period: 'daily', credited: '0' });
  });

  it('knows nothing of a user who booked nothing; a record without months restores its days', () => {
    const d = only('daily', 100);
    expect(d.userState('nobody')).toBeUndefined();
    d.restoreUser('u', {
      latest: '2024-05-10T00:00:00.000Z',
      days: [[19853, (30n * G).toString()]],
    } as unknown as Parameters<ReductionCaps['restoreUser']>[1]);
    // 100 − 30 = 70 g left on 2024-05-10
    expect(book(d, '2024-05-10T09:00:00', 90n)).toBe(70n);
    expect(d.userState('u')?.months).toEqual([[24292, (70n * G).toString()]]);
  });
});

describe('ReductionCaps: one warning, naming the cap that binds and the amount counted', () => {
  // The review's case: daily cap 200.5 g, monthly 400.25 g.
  const fractional = () =>
    new ReductionCaps(
      {
        daily: new Decimal('200.5'),
        monthly: new Decimal('400.25'),
        source: { document: 'test' },
        grade: 'assumed',
      },
      '+08:00',
    );
  const quote = (c: ReductionCaps, local: string, micrograms: bigint, w: Issue[]) => {
    const q = c.quote('u', bj(local), micrograms, [], w);
    q.commit();
    return q.counted;
  };

  it('the monthly cap binds below the daily room: one monthly warning, 49.75 g counted', () => {
    const c = fractional();
    // 05-30: 200.5 g (the daily cap exactly); May used 200.5 g
    expect(quote(c, '2024-05-30T10:00:00', 200_500_000n, [])).toBe(200_500_000n);
    // 05-31 08:00: 150 g, fresh day → daily room 200.5 g; counted 150 g; May used 350.5 g
    expect(quote(c, '2024-05-31T08:00:00', 150n * G, [])).toBe(150n * G);
    // 05-31 09:00: 150 g; daily room 200.5 − 150 = 50.5 g, monthly room 400.25 − 350.5 = 49.75 g:
    // the monthly cap binds, 49.75 g counted, and the one warning says so (not "50.5 g counted")
    const w: Issue[] = [];
    expect(quote(c, '2024-05-31T09:00:00', 150n * G, w)).toBe(49_750_000n);
    expect(w.map((i) => i.params)).toEqual([
      { period: 'monthly', cap: '400.25', exact: '150', credited: '49.75' },
    ]);
    expect(w[0]?.message.en).toBe(
      'Reduction limited by the per-user monthly cap of 400.25 g CO₂: 150 g computed, 49.75 g counted',
    );
  });

  it('the daily cap binds below the monthly room: one daily warning; equal rooms name the daily cap', () => {
    const c = fractional();
    // 05-01: 150 g counted; daily room 200.5 − 150 = 50.5 g < monthly room 400.25 − 150 = 250.25 g
    quote(c, '2024-05-01T08:00:00', 150n * G, []);
    const w: Issue[] = [];
    expect(quote(c, '2024-05-01T09:00:00', 100n * G, w)).toBe(50_500_000n);
    expect(w.map((i) => i.params)).toEqual([
      { period: 'daily', cap: '200.5', exact: '100', credited: '50.5' },
    ]);
    // 05-02: 200.5 g (day full); 05-03: 199.75 g (May 200.5 + 199.75 = 400.25 g: full)
    const both = fractional();
    quote(both, '2024-05-02T08:00:00', 200_500_000n, []);
    quote(both, '2024-05-03T08:00:00', 199_750_000n, []);
    // 05-03: daily room 200.5 − 199.75 = 0.75 g, monthly room 400.25 − 400.25 = 0 g: the monthly binds
    const w2: Issue[] = [];
    expect(quote(both, '2024-05-03T09:00:00', G, w2)).toBe(0n);
    expect(w2.map((i) => i.params?.period)).toEqual(['monthly']);
    // 05-02 is full (200.5 of 200.5) and May too: both rooms 0, the daily cap is named
    const w3: Issue[] = [];
    expect(quote(both, '2024-05-02T09:00:00', G, w3)).toBe(0n);
    expect(w3.map((i) => [i.params?.period, i.params?.credited])).toEqual([['daily', '0']]);
  });
});
