import fc from 'fast-check';
import type { Issue } from '../core/errors';
import { describe, expect, it } from 'vitest';
import { busRide, cappedBusRules, mayAt, ruleSetWith } from '../../test/carbon/helpers';
import { tamper } from '../../test/carbon/store-helpers';
import { reductionBoundHolds } from './cap-check';
import { MICRO } from './ledger/micrograms';
import type { RuleSet } from './rules/rules';
import { type InPartition, MemoryLedgerStore, type StoredState, type UserRecord } from './store';
import { StoredBatch } from './stored-batch';
import { localDay, localMonth, offsetMs } from './time';
import { verifyStore } from './verify-store';

const T = mayAt;
const bus = busRide;
const OFF = offsetMs('+08:00');
const DAY = (d: number) => localDay(Date.parse(T(d, 12)), OFF);
const MAY = localMonth(Date.parse(T(5)), OFF);

/** The capped bus rules with a monthly cap of 100 points (never reached here). */
const capped = (o: Parameters<typeof cappedBusRules>[0] = {}) => cappedBusRules({ monthly: '100', ...o });

/** 05-03, two on 05-05 (their caps filled), then late lines (05-03, 05-04), 05-12, and one past the window. */
const ON_TIME = [bus('a1', T(3)), bus('a2', T(5)), bus('a3', T(5, 9))];
const LATE = [bus('a4', T(3, 9)), bus('a5', T(4)), bus('a6', T(12)), bus('a7', T(5, 7))];

/** A ledger written by one stored run per list of lines. */
async function ledger(rules: RuleSet, runs: readonly (readonly string[])[], partitions = 1) {
  const store = new MemoryLedgerStore({ partitions });
  let first = 1;
  for (const lines of runs) {
    await (await StoredBatch.open(store, { rules })).processChunk(lines, first);
    first += lines.length;
  }
  return store;
}

/** The stored record of u1 changed by `f`. */
const u1 = (f: (u: InPartition<UserRecord>) => void) => (s: StoredState) => {
  const u = s.users.find((x) => x.user === 'u1') as InPartition<UserRecord>;
  f(u);
  return { users: [u] };
};

const codes = (v: { issues: readonly { code: string }[] }) => v.issues.map((i) => i.code);
const details = (v: { issues: readonly Issue[] }) => v.issues.map((i) => i.params?.detail ?? '');

describe('verify with the rule set: caps and stored counters from the chain', () => {
  it('a resumed ledger with late lines and caps that bite verifies; without the rule set caps are not checked', async () => {
    const rules = capped();
    const store = await ledger(rules, [ON_TIME, LATE]);
    const v = await verifyStore(store, { rules });
    expect(v.issues).toEqual([]);
    // 05-03 and 05-04 are before the first day the window reaches from 05-12 08:00 (05-05 08:00): compared are the
    // days 05-05 and 05-12 of the point and the reduction counters, and May of each: 6 periods
    expect(v.caps).toEqual({
      checked: true,
      ruleSet: 'test-rules@1.0.0',
      accounts: 1,
      periods: 6,
      violations: 0,
    });
    const bare = await verifyStore(store);
    expect(bare.ok).toBe(true);
    expect(bare.caps).toMatchObject({ checked: false });
  });

  it('several users on four partitions verify', async () => {
    const rules = capped();
    const lines = ['u1', 'u2', 'u3', 'u4', 'u5'].flatMap((u) =>
      [3, 5, 5, 4].map((d, i) => bus(`${u}-${i}`, T(d, 8 + i), u)),
    );
    const store = await ledger(rules, [lines.slice(0, 9), lines.slice(9)], 4);
    const v = await verifyStore(store, { rules });
    expect(v.issues).toEqual([]);
    expect(v.caps).toMatchObject({ checked: true, accounts: 5, violations: 0 });
  });

  it('a stored point counter that disagrees with the entries', async () => {
    const rules = capped();
    for (const [change, expected] of [
      // 05-05: 2 + 1 points issued in 2 paying entries
      [{ points: '2', events: 2 }, 'holds 2 points, the entries issue 3'],
      [{ points: '3', events: 1 }, 'counts 1 events, the entries pay 2'],
      [{ points: '4', events: 2 }, 'holds 4 points, above the cap of 3'],
      [{ points: 'x', events: 2 }, 'on 2024-05-05 is not a counter'],
    ] as const) {
      const store = await ledger(rules, [ON_TIME, LATE]);
      await tamper(
        store,
        u1((u) => {
          const c = u.points?.daily.find(([, x]) => x.period === DAY(5));
          if (c === undefined) throw new Error('no counter of 05-05');
          c[1] = { period: DAY(5), ...change };
        }),
      );
      const v = await verifyStore(store, { rules });
      expect(codes(v)).toContain('LEDGER_USER_STATE_INVALID');
      expect(details(v).join(' | ')).toContain(expected);
      expect(v.caps).toMatchObject({ checked: true });
    }
  });

  it('a stored counter missing for a period its window reaches, and a latest time before the entries', async () => {
    const rules = capped();
    const store = await ledger(rules, [ON_TIME, LATE]);
    await tamper(
      store,
      u1((u) => {
        if (u.points === undefined) throw new Error('no points record');
        u.points.daily = u.points.daily.filter(([, c]) => c.period !== DAY(12));
      }),
    );
    const v = await verifyStore(store, { rules });
    expect(details(v)).toEqual([
      'no stored daily counter of group bus on 2024-05-12, which its window still reaches; the entries issue 2 points there',
    ]);
    const late = await ledger(rules, [ON_TIME, LATE]);
    await tamper(
      late,
      u1((u) => {
        for (const r of [u.points, u.caps]) if (r !== undefined) r.latest = '2024-05-05T00:00:00.000Z';
      }),
    );
    expect(details(await verifyStore(late, { rules }))[0]).toBe(
      "the stored latest activity time 2024-05-05T00:00:00.000Z is before its latest entry's, 2024-05-12T00:00:00.000Z",
    );
  });

  it('a stored reduction counter: the bound G·10⁶ ≤ C + n·999999 at its boundary, and above the cap', async () => {
    const rules = capped();
    // 05-05: 150 g, then 50 g (the cap of 200 g): G = 200 g in n = 2 entries; the bound holds down to
    // C = 200·10⁶ − 2·999999 = 198,000,002 µg and fails at 198,000,001
    const at = async (micrograms: string) => {
      const store = await ledger(rules, [ON_TIME, LATE]);
      await tamper(
        store,
        u1((u) => {
          const c = u.caps?.days.find(([d]) => d === DAY(5));
          if (c === undefined) throw new Error('no reduction counter of 05-05');
          expect(c[1]).toBe('200000000');
          c[1] = micrograms;
        }),
      );
      return verifyStore(store, { rules });
    };
    expect((await at('198000002')).issues).toEqual([]);
    const below = await at('198000001');
    expect(codes(below)).toEqual(['LEDGER_USER_STATE_INVALID']);
    expect(details(below)[0]).toContain('the entries issue 200 g in 2 entries');
    expect(details(await at('200000001'))).toEqual([
      'the stored daily reduction counter of 2024-05-05 holds 200000001 µg, above the cap of 200000000 µg',
    ]);
    expect(details(await at('-1'))[0]).toContain('is not a number of µg');
  });

  it('a stored remainder outside 0 < r < 10⁶ µg', async () => {
    const rules = capped();
    for (const bad of ['1000000', '-5', '0001']) {
      const store = await ledger(rules, [ON_TIME]);
      await tamper(store, () => ({ remainders: [{ account: 'user:u1', micrograms: bad, partition: 0 }] }));
      const v = await verifyStore(store, { rules });
      expect(details(v)).toEqual([`the carried remainder ${bad} µg is not an integer from 1 to 999999`]);
    }
    const store = await ledger(rules, [ON_TIME]);
    await tamper(store, () => ({ remainders: [{ account: 'user:u1', micrograms: '999999', partition: 0 }] }));
    expect((await verifyStore(store, { rules })).issues).toEqual([]);
  });

  it('entries an account has but no user record', async () => {
    const rules = capped();
    const store = await ledger(rules, [ON_TIME]);
    const v = await verifyStore(store, { rules, account: (u) => `acct:${u}` });
    // the entries' account has no record; the record's account (acct:u1) has counters no entry accounts for
    expect(v.issues.map((i) => [i.code, i.params?.account])[0]).toEqual([
      'LEDGER_USER_STATE_INVALID',
      'user:u1',
    ]);
    expect(details(v)[0]).toBe('its entries credit activities; no user record is stored');
    expect(details(v)[1]).toBe(
      'the stored daily counter of group bus on 2024-05-03 holds 2 points, the entries issue 0',
    );
  });
});

/**
 * The issues besides LEDGER_RULES_CHANGED. The ledgers below are written under a rule set edited without a new
 * version, which the recorded content hash reports; the other issues are what the chain proves on its own, as
 * for a ledger that recorded no rule set.
 */
const fromChain = (v: { issues: readonly Issue[] }) =>
  v.issues.filter((i) => i.code !== 'LEDGER_RULES_CHANGED');

describe('verify with the rule set: entries that break it', () => {
  it('more points than the daily cap, written under a rule set edited without a new version', async () => {
    const written = capped({ points: '5' });
    const store = await ledger(written, [ON_TIME]);
    // 05-05: 2 + 2 = 4 points under a cap of 5; the rule set given caps at 3
    const given = capped();
    const v = await verifyStore(store, { rules: given });
    expect(v.issues[0]?.code).toBe('LEDGER_RULES_CHANGED');
    expect(v.issues[0]?.params).toEqual({
      ruleSet: 'test-rules@1.0.0',
      recorded: written.hash,
      given: given.hash,
    });
    expect(v.issues[1]?.code).toBe('LEDGER_CAP_EXCEEDED');
    expect(v.issues[1]?.params).toMatchObject({
      account: 'user:u1',
      period: '2024-05-05',
      cap: 'daily 3 points of rule bus (group bus)',
      issued: '4 points issued',
    });
    expect(v.issues[1]?.message.zh).toContain('每日 3 分');
    // the stored counter (4) is above the cap too
    expect(codes(v)).toEqual(['LEDGER_RULES_CHANGED', 'LEDGER_CAP_EXCEEDED', 'LEDGER_USER_STATE_INVALID']);
  });

  it('more paying entries than the events cap', async () => {
    const store = await ledger(capped({ points: '10' }), [ON_TIME]);
    const v = await verifyStore(store, { rules: capped({ points: '10', events: 1 }) });
    expect(fromChain(v).map((i) => [i.code, i.params?.issued])).toEqual([
      ['LEDGER_CAP_EXCEEDED', '2 paying entries'],
    ]);
  });

  it('more grams than the reduction cap allows with the carried remainders', async () => {
    const store = await ledger(capped({ grams: '1000' }), [ON_TIME]);
    // 05-05: 150 + 150 = 300 g in 2 entries > 200 g + 2 × 0.999999 g
    const v = await verifyStore(store, { rules: capped() });
    expect(fromChain(v)[0]?.params).toMatchObject({
      period: '2024-05-05',
      cap: 'daily reduction 200 g (at most 201.999998 g over 2 entries with the carried remainders)',
      issued: '300 g issued',
    });
    expect(codes(v)).toEqual(['LEDGER_RULES_CHANGED', 'LEDGER_CAP_EXCEEDED', 'LEDGER_USER_STATE_INVALID']);
  });

  it('an entry more than the late window before its account’s earlier ones', async () => {
    const store = await ledger(capped({ window: 720 }), [[bus('a1', T(20)), bus('a2', T(5))]]);
    const v = await verifyStore(store, { rules: capped() });
    expect(fromChain(v).map((i) => [i.code, i.params])).toEqual([
      [
        'LEDGER_LATE_ENTRY',
        {
          account: 'user:u1',
          ts: '2024-05-05T00:00:00.000Z',
          latest: '2024-05-20T00:00:00.000Z',
          window: '168',
        },
      ],
    ]);
  });

  it('a rule set of another version: refused, and nothing checked against it', async () => {
    const store = await ledger(capped(), [ON_TIME]);
    const v = await verifyStore(store, { rules: capped({ version: '2.0.0' }) });
    expect(v.issues.map((i) => [i.code, i.params])).toEqual([
      ['LEDGER_RULES_MISMATCH', { given: 'test-rules@1.0.0', expected: 'test-rules@2.0.0' }],
    ]);
    expect(v.ok).toBe(false);
    expect(v.caps).toMatchObject({ checked: false });
  });

  it('a rule set of the same version without the entries’ rule: refused', async () => {
    const store = await ledger(capped(), [ON_TIME]);
    const other = ruleSetWith({});
    const v = await verifyStore(store, { rules: other });
    expect(codes(v)[0]).toBe('LEDGER_RULES_CHANGED');
    expect(fromChain(v).map((i) => [i.code, i.params])).toEqual([
      [
        'LEDGER_RULES_MISMATCH',
        { given: 'test-rules@1.0.0 (rule bus)', expected: 'test-rules@1.0.0 (which has no rule bus)' },
      ],
    ]);
    expect(v.caps).toMatchObject({ checked: false });
  });

  it('at most 10 issues of a code are listed; all are counted', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => bus(`a${i}`, T(5), `u${i}`)).flatMap((l, i) => [
      l,
      bus(`b${i}`, T(5, 9), `u${i}`),
    ]);
    const store = await ledger(capped({ points: '10' }), [lines]);
    const v = await verifyStore(store, { rules: capped({ points: '10', events: 1 }) });
    expect(fromChain(v).map((i) => i.code)).toEqual(Array.from({ length: 10 }, () => 'LEDGER_CAP_EXCEEDED'));
    expect(v.caps).toMatchObject({ checked: true, violations: 12 });
  });
});

describe('the reduction bound', () => {
  it('is tight: 999,999 µg on one day issues nothing, 1 µg more on another issues 1 g there', () => {
    // r = 0 + 999999 → 0 g, r = 999999; then 999999 + 1 = 10⁶ → 1 g on the second day from C = 1 µg, n = 1
    expect(reductionBoundHolds(1n, 1, 1n)).toBe(true); // 10⁶ ≤ 1 + 999999
    expect(reductionBoundHolds(1n, 1, 0n)).toBe(false); // 10⁶ > 0 + 999999
    expect(reductionBoundHolds(0n, 0, 0n)).toBe(true);
  });

  it('holds for every day of any sequence of lines through one account’s remainder', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ day: fc.integer({ min: 0, max: 3 }), c: fc.bigInt({ min: 0n, max: 2_500_000n }) }),
          {
            maxLength: 40,
          },
        ),
        fc.bigInt({ min: 0n, max: MICRO - 1n }),
        (lines, carried) => {
          // the batch's credit: total = r + c, g = ⌊total / 10⁶⌋, r' = total mod 10⁶; an entry only when g > 0
          let r = carried;
          const per = new Map<number, { g: bigint; n: number; c: bigint }>();
          for (const { day, c } of lines) {
            const total = r + c;
            const g = total / MICRO;
            r = total % MICRO;
            const t = per.get(day) ?? { g: 0n, n: 0, c: 0n };
            t.c += c;
            if (g > 0n) {
              t.g += g;
              t.n += 1;
            }
            per.set(day, t);
          }
          for (const t of per.values()) expect(reductionBoundHolds(t.g, t.n, t.c)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('monthly counters', () => {
  it('a stored monthly point counter that disagrees', async () => {
    const rules = capped();
    const store = await ledger(rules, [ON_TIME, LATE]);
    await tamper(
      store,
      u1((u) => {
        const c = u.points?.monthly.find(([, x]) => x.period === MAY);
        if (c === undefined) throw new Error('no counter of May');
        c[1] = { ...c[1], points: '1' };
      }),
    );
    // May: 2 + 2 + 1 + 1 + 2 + 2 = 10 points
    expect(details(await verifyStore(store, { rules }))).toEqual([
      'the stored monthly counter of group bus on 2024-05 holds 1 points, the entries issue 10',
    ]);
  });
});
