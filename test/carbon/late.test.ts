import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CarbonBatch, type LineResult } from '../../src/carbon/batch';
import { verifyLedger } from '../../src/carbon/ledger/verify';
import { openSqliteStore } from '../../src/carbon/store-sqlite-node';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { verifyStore } from '../../src/carbon/verify-store';
import { busRide, cappedBusRules, mayAt, ruleSetWith } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const T = mayAt;
const bus = busRide;
const capped = () => cappedBusRules();

const run = (b: CarbonBatch, lines: readonly string[], first = 1): LineResult[] =>
  lines.map((l, i) => b.process(l, first + i) as LineResult);

/** Lines of the capped example: 05-03, then two on 05-05 (its caps filled), then the late ones. */
const ON_TIME = [bus('a1', T(3)), bus('a2', T(5)), bus('a3', T(5, 9))];
const LATE = [bus('a4', T(3, 9)), bus('a5', T(4)), bus('a6', T(12)), bus('a7', T(5, 7))];

/** Each result as [ok, whole grams credited, points, first issue code]. */
const brief = (r: LineResult) => [
  r.ok,
  r.reduction?.grams ?? null,
  r.points?.points ?? null,
  r.issues[0]?.code ?? null,
];

describe('a late line counts in its own day, and is booked at the ledger clock', () => {
  it('caps and day totals of the line’s own day; refused past the window with nothing booked', () => {
    const b = new CarbonBatch({ rules: capped() });
    const results = run(b, [...ON_TIME, ...LATE]);
    expect(results.map(brief)).toEqual([
      // 05-03: 150 g (of 200), 2 points (of 3)
      [true, '150', '2', null],
      // 05-05: 150 g, 2 points; then 150 g more → 200 − 150 = 50 g counted, 3 − 2 = 1 point
      [true, '150', '2', null],
      [true, '50', '1', 'CARBON_REDUCTION_CAPPED'],
      // late, 05-03 (its own day, not 05-05, whose caps are full): 200 − 150 = 50 g, 3 − 2 = 1 point
      [true, '50', '1', 'CARBON_REDUCTION_CAPPED'],
      // late, 05-04: a day of its own, nothing used yet: 150 g, 2 points
      [true, '150', '2', null],
      // 05-12 08:00: on time
      [true, '150', '2', null],
      // 05-05 07:00 is 169 h before the latest (05-12 08:00), more than 168 h: refused, nothing written
      [false, null, null, 'CARBON_TOO_LATE'],
    ]);
    expect(results[6]?.issues[0]?.params).toEqual({
      ts: '2024-05-04T23:00:00.000Z',
      latest: '2024-05-12T00:00:00.000Z',
      window: '168',
      since: '',
    });
    expect(results[6]?.entries).toEqual([]);
    // the on-time lines keep their own time and no activityTs; the late ones are booked at the ledger's last entry
    // time (05-05 09:00 +08:00 = 05-05T01:00Z) and name their own
    const times = results.map((r) => r.entries.map((e) => [e.ts, e.meta?.activityTs ?? null]));
    expect(times[2]).toEqual([
      ['2024-05-05T01:00:00.000Z', null],
      ['2024-05-05T01:00:00.000Z', null],
    ]);
    expect(times[3]).toEqual([
      ['2024-05-05T01:00:00.000Z', '2024-05-03T01:00:00.000Z'],
      ['2024-05-05T01:00:00.000Z', '2024-05-03T01:00:00.000Z'],
    ]);
    expect(times[4]).toEqual([
      ['2024-05-05T01:00:00.000Z', '2024-05-04T00:00:00.000Z'],
      ['2024-05-05T01:00:00.000Z', '2024-05-04T00:00:00.000Z'],
    ]);
    // grams 150 + 150 + 50 + 50 + 150 + 150 = 700; points 2 + 2 + 1 + 1 + 2 + 2 = 10
    expect(b.summary()).toMatchObject({ accepted: 6, refused: 1, grams: '700', points: '10' });
    // the ledger with late entries verifies and replays to the batch's balances
    const entries = results.flatMap((r) => r.entries);
    const v = verifyLedger(entries, { anchor: b.ledger.anchor() });
    expect(v.issues).toEqual([]);
    expect(v.balances).toEqual(b.ledger.balances());
  });

  it('two users interleaved out of order: each measured against their own latest', () => {
    const b = new CarbonBatch({ rules: capped() });
    const results = run(b, [
      bus('p1', T(20), 'u1'),
      bus('q1', T(6), 'u2'), // u2's first line: 14 days behind u1, on time for u2
      bus('p2', T(19), 'u1'), // late for u1 by 1 day
      bus('q2', T(10), 'u2'),
      bus('q3', T(4), 'u2'), // 6 days before u2's latest (05-10): accepted
      bus('p3', T(13, 7), 'u1'), // 7 days 1 h before u1's latest (05-20 08:00): refused
      bus('q4', T(3, 7), 'u2'), // 7 days 1 h before u2's latest (05-10 08:00): refused
      bus('p4', T(13, 9), 'u1'), // 6 days 23 h before: accepted
    ]);
    expect(results.map((r) => [r.user, r.ok, r.issues[0]?.code ?? null])).toEqual([
      ['u1', true, null],
      ['u2', true, null],
      ['u1', true, null],
      ['u2', true, null],
      ['u2', true, null],
      ['u1', false, 'CARBON_TOO_LATE'],
      ['u2', false, 'CARBON_TOO_LATE'],
      ['u1', true, null],
    ]);
    // every accepted line is the first of its user's day: 150 g and 2 points each
    expect(results.filter((r) => r.ok).map((r) => [r.reduction?.grams, r.points?.points])).toEqual(
      Array.from({ length: 6 }, () => ['150', '2']),
    );
    // the ledger clock stays at u1's 05-20 08:00 (05-20T00:00Z): every later line is booked there
    const booked = results.flatMap((r) => r.entries.map((e) => e.ts));
    expect(new Set(booked.slice(2))).toEqual(new Set(['2024-05-20T00:00:00.000Z']));
    expect(verifyLedger(results.flatMap((r) => r.entries)).ok).toBe(true);
  });

  it('points already expired at the booking time are expired with the line', () => {
    const rules = ruleSetWith({
      rules: [
        {
          id: 'bus',
          scenario: 'bus',
          basis: 'event',
          points: '2',
          expiresAfterDays: 1,
          source: { document: 'test' },
          grade: 'assumed',
        },
      ],
    });
    const b = new CarbonBatch({ rules });
    const all = run(b, [bus('a1', T(10)), bus('a2', T(5))]);
    const late = all[1];
    // 05-05's points expire at 00:00 of 05-05 + 1 + 1 = 05-07 (+08:00) = 05-06T16:00Z, before the booking time
    // (05-10T00:00Z): issue g CO₂, issue points, expire points, all at the booking time
    expect(late?.entries.map((e) => [e.type, e.unit, e.amount, e.ts, e.ref])).toEqual([
      ['issue', 'g_CO2', '150', '2024-05-10T00:00:00.000Z', 'a2'],
      ['issue', 'point', '2', '2024-05-10T00:00:00.000Z', 'a2'],
      ['expire', 'point', '2', '2024-05-10T00:00:00.000Z', 'lot:2024-05-06T16:00:00.000Z'],
    ]);
    expect(b.ledger.balances()['user:u1']?.point).toMatchObject({ available: '2', expired: '2' });
    expect(verifyLedger(all.flatMap((r) => r.entries)).ok).toBe(true);
  });

  it('a window of 0 h keeps each user in time order; a rule set may widen it', () => {
    const strict = ruleSetWith({ lateWindowHours: 0 });
    const b = new CarbonBatch({ rules: strict });
    const r = run(b, [bus('a1', T(5)), bus('a2', T(5)), bus('a3', T(4, 23))]);
    expect(r.map((x) => x.issues[0]?.code ?? null)).toEqual([null, null, 'CARBON_TOO_LATE']);
    const wide = new CarbonBatch({ rules: ruleSetWith({ lateWindowHours: 24 * 30 }) });
    expect(run(wide, [bus('a1', T(30)), bus('a2', T(1))]).map((x) => x.ok)).toEqual([true, true]);
  });

  it('a rule set may not state a window past 366 days or below 0', () => {
    expect(() => ruleSetWith({ lateWindowHours: 8785 })).toThrow();
    expect(() => ruleSetWith({ lateWindowHours: -1 })).toThrow();
    expect(ruleSetWith({ lateWindowHours: 8784 }).lateWindowHours).toBe(8784);
  });
});

describe('resume with late lines (SQLite store)', () => {
  it('a late line after reopening counts in its own day’s caps, and past the window is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-late-'));
    dirs.push(dir);
    const rules = capped();
    const lines = [...ON_TIME, ...LATE];
    const whole = run(new CarbonBatch({ rules }), lines);
    const store1 = openSqliteStore(dir);
    const first = await (await StoredBatch.open(store1, { rules })).processChunk(ON_TIME, 1);
    await store1.close();
    // a new process: the caps of 05-03 and 05-05 and u1's latest come from the store
    const store2 = openSqliteStore(dir);
    const second = await (await StoredBatch.open(store2, { rules })).processChunk(LATE, 4);
    expect([...first, ...second]).toEqual(whole);
    expect(second.map(brief)).toEqual([
      [true, '50', '1', 'CARBON_REDUCTION_CAPPED'],
      [true, '150', '2', null],
      [true, '150', '2', null],
      [false, null, null, 'CARBON_TOO_LATE'],
    ]);
    const v = await verifyStore(store2);
    expect(v.issues).toEqual([]);
    await store2.close();
    // a third run: u1's latest (05-12) is stored, so 05-04 is too late, 05-06 is not
    const store3 = openSqliteStore(dir);
    const third = await (
      await StoredBatch.open(store3, { rules })
    ).processChunk([bus('a8', T(4)), bus('a9', T(6))], 8);
    expect(third.map((r) => r.issues[0]?.code ?? null)).toEqual(['CARBON_TOO_LATE', null]);
    await store3.close();
  }, 60_000);
});

describe('a new rule-set version with another late window (SQLite store)', () => {
  /**
   * Bus rides (150 g, 2 points) capped at 300.5 g and 2 paying rides a user a day, under version `version` with a
   * late window of `window` h.
   */
  const versioned = (version: string, window: number) =>
    cappedBusRules({ version, window, grams: '300.5', points: '100', events: 2 });
  const open = (dir: string) => openSqliteStore(dir);

  it('a wider window does not reach the days the narrower one dropped: refused as too late, and the ledger verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-late-'));
    dirs.push(dir);
    const narrow = versioned('1.0.0', 24);
    const wide = versioned('1.1.0', 168);
    // Run 1 (24 h): two rides on 05-01 fill its caps (300 g of 300.5 g, 2 paying rides); the ride on 05-05 09:00
    // drops 05-01, which is before 05-04, the first day 24 h reach back.
    const s1 = open(dir);
    const first = await (
      await StoredBatch.open(s1, { rules: narrow })
    ).processChunk([bus('a1', T(1)), bus('a2', T(1, 9)), bus('a3', T(5, 9))], 1);
    expect(first.map(brief)).toEqual([
      [true, '150', '2', null],
      [true, '150', '2', null],
      [true, '150', '2', null],
    ]);
    await s1.close();
    // Run 2 (168 h): 05-01 12:00 is within 168 h of 05-05 09:00, but 05-01's counters are no longer stored: it is
    // refused, not counted from zero (150 g and 2 points past the caps). 05-04, a day still held, is accepted.
    const s2 = open(dir);
    const second = await (
      await StoredBatch.open(s2, { rules: wide })
    ).processChunk([bus('a4', T(1, 12)), bus('a5', T(4, 10))], 4);
    expect(second.map(brief)).toEqual([
      [false, null, null, 'CARBON_TOO_LATE'],
      [true, '150', '2', null],
    ]);
    expect(second[0]?.entries).toEqual([]);
    expect(second[0]?.issues[0]?.params).toEqual({
      ts: '2024-05-01T04:00:00.000Z',
      latest: '2024-05-05T01:00:00.000Z',
      window: '168',
      // 05-04 00:00 +08:00: the start of the first day run 1's window reached when it dropped 05-01
      since: '2024-05-03T16:00:00.000Z',
    });
    const users = (await s2.load()).users;
    expect(users.map((u) => [u.user, u.caps?.since, u.points?.since])).toEqual([
      ['u1', '2024-05-03T16:00:00.000Z', '2024-05-03T16:00:00.000Z'],
    ]);
    const v = await verifyStore(s2, { rules: [narrow, wide] });
    expect(v.issues).toEqual([]);
    expect(v.ok).toBe(true);
    await s2.close();
  }, 60_000);

  it('a narrower window works as before; widened again, the window reaches no day the narrow run dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-late-'));
    dirs.push(dir);
    const wide = versioned('1.0.0', 168);
    const narrow = versioned('1.1.0', 24);
    const wideAgain = versioned('1.2.0', 168);
    const s1 = open(dir);
    await (await StoredBatch.open(s1, { rules: wide })).processChunk([bus('a1', T(1)), bus('a2', T(3))], 1);
    await s1.close();
    // Run 2 (24 h): 05-05 09:00, then 05-04 10:00 (within 24 h) is counted in its own day, 05-03 is more than 24 h
    // late (the window's own refusal: no `since`); 05-05 09:00 drops 05-01 and 05-03 (before 05-04).
    const s2 = open(dir);
    const second = await (
      await StoredBatch.open(s2, { rules: narrow })
    ).processChunk([bus('a3', T(5, 9)), bus('a4', T(4, 10)), bus('a5', T(3, 9))], 3);
    expect(second.map(brief)).toEqual([
      [true, '150', '2', null],
      [true, '150', '2', null],
      [false, null, null, 'CARBON_TOO_LATE'],
    ]);
    expect(second[2]?.issues[0]?.params).toMatchObject({ window: '24', since: '' });
    await s2.close();
    // Run 3 (168 h again): 05-03 is within 168 h, but run 2 dropped it: refused; 05-04 is held and counted.
    const s3 = open(dir);
    const third = await (
      await StoredBatch.open(s3, { rules: wideAgain })
    ).processChunk([bus('a6', T(3, 10)), bus('a7', T(4, 11))], 6);
    expect(third.map(brief)).toEqual([
      [false, null, null, 'CARBON_TOO_LATE'],
      [true, '150', '2', null],
    ]);
    expect(third[0]?.issues[0]?.params).toMatchObject({
      window: '168',
      since: '2024-05-03T16:00:00.000Z',
    });
    const v = await verifyStore(s3, { rules: [wide, narrow, wideAgain] });
    expect(v.issues).toEqual([]);
    await s3.close();
  }, 60_000);
});

describe('property: order within the window does not change the totals', () => {
  /** Per user: [whole grams, points] summed over the results. */
  const totals = (rs: readonly LineResult[]): Record<string, [bigint, bigint]> => {
    const out: Record<string, [bigint, bigint]> = {};
    for (const r of rs) {
      if (!r.ok || r.user === undefined) continue;
      const t = (out[r.user] ??= [0n, 0n]);
      t[0] += BigInt(r.reduction?.grams ?? '0');
      t[1] += BigInt(r.points?.points ?? '0');
    }
    return out;
  };
  // No caps: metro reductions (Shenzhen, 46.7 g/km: fractions of a gram carried), bus points per event, garbage
  // sorting 2 → 1 point on the day's running count.
  const rules = ruleSetWith({
    rules: [
      {
        id: 'bus',
        scenario: 'bus',
        basis: 'event',
        points: '1',
        source: { document: 't' },
        grade: 'assumed',
      },
      {
        id: 'sort',
        scenario: 'garbage_sorting',
        basis: 'count',
        per: '2',
        points: '1',
        source: { document: 't' },
        grade: 'assumed',
      },
    ],
  });
  const line = fc.record({
    user: fc.constantFrom('u1', 'u2', 'u3'),
    // minutes after 2024-05-01T00:00Z, within 6 days: any order stays inside the 7-day window
    at: fc.integer({ min: 0, max: 6 * 24 * 60 }),
    kind: fc.constantFrom('bus', 'metro', 'sort'),
    km: fc.integer({ min: 1, max: 300 }),
  });

  it('any permutation gives the sorted batch’s per-user grams and points', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { minLength: 25, maxLength: 25 }),
        (specs, keys) => {
          const lines = specs.map((s, i) => {
            const ts = new Date(Date.parse('2024-05-01T00:00:00Z') + s.at * 60_000).toISOString();
            const a: Record<string, unknown> = { id: `x${i}`, user: s.user, ts };
            if (s.kind === 'bus') Object.assign(a, { scenario: 'bus', region: '4201', rides: '1' });
            else if (s.kind === 'metro')
              Object.assign(a, {
                scenario: 'metro',
                region: '440305',
                distance: { value: (s.km / 10).toFixed(1), unit: 'km' },
              });
            else Object.assign(a, { scenario: 'garbage_sorting', count: '1' });
            return { at: s.at, i, text: JSON.stringify(a) };
          });
          const sorted = [...lines].sort((x, y) => x.at - y.at || x.i - y.i).map((l) => l.text);
          const shuffled = lines
            .map((l, i) => ({ l, k: keys[i] as number }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.l.text);
          const a = new CarbonBatch({ rules });
          const b = new CarbonBatch({ rules });
          const ra = run(a, sorted);
          const rb = run(b, shuffled);
          expect(rb.every((r) => r.ok)).toBe(true);
          expect(totals(rb)).toEqual(totals(ra));
          expect(b.summary()).toMatchObject({
            grams: a.summary().grams,
            points: a.summary().points,
            exactGrams: a.summary().exactGrams,
            remainderGrams: a.summary().remainderGrams,
          });
          expect(verifyLedger(rb.flatMap((r) => r.entries)).ok).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
