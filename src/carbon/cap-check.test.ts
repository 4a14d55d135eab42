import fc from 'fast-check';
import type { Issue } from '../core/errors';
import { describe, expect, it } from 'vitest';
import { busRide, cappedBusRules, mayAt, ruleSetWith } from '../../test/carbon/helpers';
import { tamper } from '../../test/carbon/store-helpers';
import { CapCheck, reductionBoundHolds } from './cap-check';
import type { Entry } from './ledger/entry';
import { MICRO } from './ledger/micrograms';
import type { RuleSet } from './rules/rules';
import {
  type InPartition,
  MemoryLedgerStore,
  type RemainderRecord,
  type StoredState,
  type UserRecord,
} from './store';
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

describe('verify with two versions of another late window: the stored `since`', () => {
  // 1.0.0 lets lines be 24 h late, 1.1.0 168 h. Run 1 (1.0.0) drops 05-01 when 05-05 09:00 comes (05-04 is the first
  // day 24 h reach back): since = 05-04 00:00 +08:00. Run 2 (1.1.0) books 05-06. The chain, checked under the wider
  // window, still reaches 05-01: the store need not hold it, being before its since.
  const narrow = capped({ version: '1.0.0', window: 24 });
  const wide = capped({ version: '1.1.0', window: 168 });
  const SINCE = '2024-05-03T16:00:00.000Z';
  async function written() {
    const store = new MemoryLedgerStore();
    await (
      await StoredBatch.open(store, { rules: narrow })
    ).processChunk([bus('a1', T(1)), bus('a2', T(5, 9))], 1);
    await (await StoredBatch.open(store, { rules: wide })).processChunk([bus('a3', T(6))], 3);
    return store;
  }

  it('periods before it are not asked of the store; a record without it (no period dropped) is', async () => {
    const store = await written();
    const u = (await store.load()).users[0];
    expect([u?.caps?.since, u?.points?.since]).toEqual([SINCE, SINCE]);
    expect((await verifyStore(store, { rules: [narrow, wide] })).issues).toEqual([]);
    await tamper(
      store,
      u1((x) => {
        delete x.caps?.since;
        delete x.points?.since;
      }),
    );
    const v = await verifyStore(store, { rules: [narrow, wide] });
    expect(details(v)).toEqual([
      'no stored daily counter of group bus on 2024-05-01, which its window still reaches; the entries issue 2 points there',
      'no stored daily reduction counter of 2024-05-01, which its window still reaches; the entries issue 150 g there',
    ]);
  });

  it('a stored since that is no time, or later than the narrowest window allows, excuses nothing and is reported', async () => {
    // The narrowest window (24 h) reaches back from 05-06 08:00 to 05-05 08:00: the day 05-05 begins at 05-04T16:00Z.
    for (const [since, expected] of [
      ['x', 'the stored since "x" is not a time'],
      [
        '2024-05-04T16:00:00.001Z',
        'the stored since 2024-05-04T16:00:00.001Z is after 2024-05-04T16:00:00.000Z, the start of the first day the narrowest late window of the rule sets reaches back from its latest activity time',
      ],
    ]) {
      const store = await written();
      await tamper(
        store,
        u1((x) => {
          if (x.caps === undefined || x.points === undefined) throw new Error('no records');
          x.caps.since = since as string;
          x.points.since = since as string;
        }),
      );
      const v = await verifyStore(store, { rules: [narrow, wide] });
      expect(codes(v)).toEqual([
        'LEDGER_USER_STATE_INVALID',
        'LEDGER_USER_STATE_INVALID',
        'LEDGER_USER_STATE_INVALID',
      ]);
      expect(details(v)[0]).toBe(expected);
      expect(details(v).slice(1)).toEqual([
        'no stored daily counter of group bus on 2024-05-01, which its window still reaches; the entries issue 2 points there',
        'no stored daily reduction counter of 2024-05-01, which its window still reaches; the entries issue 150 g there',
      ]);
    }
    // At the bound it is accepted.
    const store = await written();
    await tamper(
      store,
      u1((x) => {
        if (x.caps === undefined || x.points === undefined) throw new Error('no records');
        x.caps.since = '2024-05-04T16:00:00.000Z';
        x.points.since = '2024-05-04T16:00:00.000Z';
      }),
    );
    expect((await verifyStore(store, { rules: [narrow, wide] })).issues).toEqual([]);
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

/*
 * CapCheck on entries written by hand: the entry fields it reads (type, unit, amount, to, ts and meta), under rule
 * sets of known caps. The rule set of these tests (test-rules@1.0.0) keeps local days and months in +08:00 and a late
 * window of 168 h; T(d, h) is 2024-05-dd hh:00 local, (d, h − 8) in UTC.
 */
describe('CapCheck on entries written by hand', () => {
  const REF = 'test-rules@1.0.0';
  const JUNE = (d: number, h = 8) =>
    `2024-06-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`;
  const iso = (ts: string) => new Date(Date.parse(ts)).toISOString();
  let n = 0;
  /** An issue entry of the ledger (only the members CapCheck reads matter), with its own activity unless given. */
  const entry = (
    unit: string,
    amount: string,
    ts: string,
    meta: Record<string, string>,
    o: Record<string, unknown> = {},
  ): Entry => {
    n += 1;
    return {
      seq: n,
      type: 'issue',
      ts,
      amount,
      unit,
      to: 'user:u1',
      ref: `a${n}`,
      meta: { activity: `a${n}`, ...meta },
      prev: '',
      hash: '',
      ...o,
    } as Entry;
  };
  /** Points of rule `rule` under the rule set of these tests. */
  const pts = (ts: string, amount: string, rule = 'bus', meta: Record<string, string> = {}) =>
    entry('point', amount, ts, { rule, ruleSet: REF, ...meta });
  /** g CO₂ of a methodology. */
  const co2 = (ts: string, amount: string, meta: Record<string, string> = {}) =>
    entry('g_CO2', amount, ts, { methodology: 'bus@1', ...meta });

  const run = (
    rules: RuleSet,
    entries: readonly Entry[],
    users: readonly InPartition<UserRecord>[] = [],
    remainders: readonly InPartition<RemainderRecord>[] = [],
  ) => {
    const c = new CapCheck(rules);
    for (const e of entries) c.push(e);
    return c.finish(users, remainders);
  };
  /** Each issue as code, path and parameters. */
  const shown = (r: { issues: readonly Issue[] }) =>
    r.issues.map((i) => ({ code: i.code, path: i.path, ...i.params }));
  const invalid = (detail: string, account = 'user:u1') => ({
    code: 'LEDGER_USER_STATE_INVALID',
    path: [],
    account,
    detail,
  });
  const NO_RECORD = invalid('its entries credit activities; no user record is stored');
  const exceeded = (period: string, cap: string, capZh: string, issued: string, issuedZh: string) => ({
    code: 'LEDGER_CAP_EXCEEDED',
    path: [],
    account: 'user:u1',
    period,
    cap,
    capZh,
    issued,
    issuedZh,
  });
  const checked = (accounts: number, periods: number, violations: number) => ({
    checked: true,
    ruleSet: REF,
    accounts,
    periods,
    violations,
  });
  type Counter = { period: number; points: string; events: number };
  /** u1's stored record: point counters and reduction counters (each part only when given). */
  const record = (
    points?: { latest?: string; daily?: [string, Counter][]; monthly?: [string, Counter][] },
    caps?: { latest?: string; days?: [number, string][]; months?: [number, string][] },
  ): InPartition<UserRecord> => ({
    user: 'u1',
    partition: 0,
    ...(points !== undefined ? { points: { accruals: [], daily: [], monthly: [], ...points } } : {}),
    ...(caps !== undefined ? { caps: { days: [], months: [], ...caps } } : {}),
  });
  const rule = (id: string, o: Record<string, unknown> = {}) => ({
    id,
    scenario: id.replace(/[^a-z]/g, ''),
    basis: 'event',
    points: '2',
    source: { document: 'test' },
    grade: 'assumed',
    ...o,
  });
  const reductionCaps = (caps: Record<string, string>) => ({
    reductionCaps: { ...caps, source: { document: 'test' }, grade: 'assumed' },
  });

  it('only activity issues of points (with a rule) and g CO₂ (with a methodology) count', () => {
    const ignored = [
      entry('point', '9', T(5), { rule: 'bus', ruleSet: REF }, { type: 'claim' }), // not an issue
      entry('point', '9', T(5), {}, { meta: undefined }), // no meta
      entry('point', '9', T(5), {}, { meta: { rule: 'bus', ruleSet: REF } }), // no activity
      entry('point', '9', T(5), {}), // points without a rule (a registry record's issue)
      entry('g_CO2', '900', T(5), { rule: 'bus', ruleSet: REF }), // g CO₂ without a methodology
      entry('t_CO2', '900', T(5), { methodology: 'bus@1' }), // not g CO₂
      pts(T(5), '9', 'bus', { activityTs: '2024-05-05' }), // an activity time that is no instant
      pts(T(5), '1.5'), // amounts that are no integers
      co2(T(5), '2e3'),
    ];
    expect(run(cappedBusRules(), ignored)).toStrictEqual({ issues: [], caps: checked(0, 0, 0) });
  });

  it('an entry crediting no account is counted under the empty account', () => {
    const r = run(
      cappedBusRules(),
      [pts(T(5), '2', 'bus')].map((e) => ({ ...e, to: undefined }) as Entry),
    );
    expect(shown(r)).toEqual([invalid('its entries credit activities; no user record is stored', '')]);
    expect(r.caps).toEqual(checked(1, 0, 1));
  });

  it('points of another rule set, or of none: refused once, and nothing after is checked', () => {
    // 300 points under another rule set: not counted as anything (300 g would break the daily 200 g cap)
    const other = run(cappedBusRules(), [
      pts(T(5), '300', 'bus', { ruleSet: 'other@2.0.0' }),
      co2(T(5), '900'),
    ]);
    expect(shown(other)).toEqual([
      { code: 'LEDGER_RULES_MISMATCH', path: [], given: 'other@2.0.0', expected: REF },
    ]);
    expect(other.caps).toEqual({
      checked: false,
      reason: `the entries were written under other@2.0.0, not under the rule set given (${REF}): caps, counters and remainders were not checked`,
      reasonZh: `条目按规则集 other@2.0.0 写入，不是给定的规则集 ${REF}：上限、计数和余量均未核对`,
    });
    // an entry naming no rule set; the stored record (its latest time no instant) is not compared either
    const none = run(
      cappedBusRules(),
      [entry('point', '2', T(5), { rule: 'bus' }), pts(T(5), '9')],
      [record({ latest: 'never' })],
    );
    expect(shown(none)).toEqual([
      { code: 'LEDGER_RULES_MISMATCH', path: [], given: '(none)', expected: REF },
    ]);
    expect(none.caps).toEqual({
      checked: false,
      reason: `the entries were written under (none), not under the rule set given (${REF}): caps, counters and remainders were not checked`,
      reasonZh: `条目按规则集 无 写入，不是给定的规则集 ${REF}：上限、计数和余量均未核对`,
    });
    // a rule the rule set does not have, under its own reference
    const unknown = run(cappedBusRules(), [pts(T(5), '2', 'tram')]);
    expect(unknown.caps).toEqual({
      checked: false,
      reason: `the entries were written under ${REF} (rule tram), not under the rule set given (${REF}): caps, counters and remainders were not checked`,
      reasonZh: `条目按规则集 ${REF}（规则 tram）写入，不是给定的规则集 ${REF}：上限、计数和余量均未核对`,
    });
  });

  it('a daily points cap, an events cap and a monthly points cap: each period reported once', () => {
    // 05-05: 2 + 2 = 4 > 3 at the second entry; the third (6) is not reported again
    const daily = run(cappedBusRules(), [pts(T(5), '2'), pts(T(5, 9), '2'), pts(T(5, 10), '2')]);
    expect(shown(daily)).toEqual([
      exceeded(
        '2024-05-05',
        'daily 3 points of rule bus (group bus)',
        '每日 3 分（规则 bus，组 bus）',
        '4 points issued',
        '已发 4 分',
      ),
      NO_RECORD,
    ]);
    expect(daily.caps).toEqual(checked(1, 0, 2));
    // 1 paying entry a day: the second of 05-05 breaks it
    const events = run(cappedBusRules({ points: '10', events: 1 }), [
      pts(T(5), '2'),
      pts(T(5, 9), '2'),
      pts(T(5, 10), '2'),
    ]);
    expect(shown(events)[0]).toEqual(
      exceeded(
        '2024-05-05',
        'daily 1 events of rule bus (group bus)',
        '每日 1 次（规则 bus，组 bus）',
        '2 paying entries',
        '2 条计分条目',
      ),
    );
    expect(events.caps).toEqual(checked(1, 0, 2));
    // May: 2 + 2 = 4 > 3 on 05-02, within each day's cap of 3
    const monthly = run(cappedBusRules({ monthly: '3' }), [pts(T(1), '2'), pts(T(2), '2'), pts(T(3), '2')]);
    expect(shown(monthly)[0]).toEqual(
      exceeded(
        '2024-05',
        'monthly 3 points of rule bus (group bus)',
        '每月 3 分（规则 bus，组 bus）',
        '4 points issued',
        '已发 4 分',
      ),
    );
    expect(monthly.caps).toEqual(checked(1, 0, 2));
  });

  it('a rule without caps, and one with a monthly cap only', () => {
    const rules = ruleSetWith({ rules: [rule('walk'), rule('bus', { caps: { monthly: { points: '3' } } })] });
    const r = run(rules, [
      pts(T(5), '2', 'walk'),
      pts(T(5), '2', 'walk'),
      pts(T(5, 9), '2', 'bus'),
      pts(T(5, 10), '2', 'bus'),
    ]);
    // walk: no cap; bus: no daily cap, May 2 + 2 = 4 > 3
    expect(shown(r)).toEqual([
      exceeded(
        '2024-05',
        'monthly 3 points of rule bus (group bus)',
        '每月 3 分（规则 bus，组 bus）',
        '4 points issued',
        '已发 4 分',
      ),
      NO_RECORD,
    ]);
  });

  it('daily and monthly reduction caps, with the carried remainders: each period reported once', () => {
    // 05-05: 150 + 150 = 300 g in 2 entries > 200 g + 2 × 0.999999 g = 201.999998 g; the third not reported again
    const daily = run(cappedBusRules(), [co2(T(5), '150'), co2(T(5, 9), '150'), co2(T(5, 10), '150')]);
    expect(shown(daily)).toEqual([
      exceeded(
        '2024-05-05',
        'daily reduction 200 g (at most 201.999998 g over 2 entries with the carried remainders)',
        '每日减排 200 g（2 条条目连同结转余量至多 201.999998 g）',
        '300 g issued',
        '已发 300 g',
      ),
      NO_RECORD,
    ]);
    // a monthly cap only: May 200 × 3 = 600 g in 3 entries > 500 g + 3 × 0.999999 g = 502.999997 g
    const rules = ruleSetWith({ rules: [rule('bus')], ...reductionCaps({ monthly: '500' }) });
    const monthly = run(rules, [co2(T(1), '200'), co2(T(2), '200'), co2(T(3), '200'), co2(T(4), '200')]);
    expect(shown(monthly)).toEqual([
      exceeded(
        '2024-05',
        'monthly reduction 500 g (at most 502.999997 g over 3 entries with the carried remainders)',
        '每月减排 500 g（3 条条目连同结转余量至多 502.999997 g）',
        '600 g issued',
        '已发 600 g',
      ),
      NO_RECORD,
    ]);
  });

  it('late entries: reported once per activity, and their dropped periods are not checked', () => {
    const late = (ts: string) => ({
      code: 'LEDGER_LATE_ENTRY',
      path: [],
      account: 'user:u1',
      ts: iso(ts),
      latest: '2024-05-20T00:00:00.000Z',
      window: '168',
    });
    const r = run(cappedBusRules(), [
      pts(T(20), '2'),
      pts(T(14), '2'), // within the window of 05-20 08:00 (from 05-13 08:00)
      pts(T(8), '1'), // before 05-13 08:00: late
      pts(T(13), '4'), // exactly the window before the latest: not late; 05-13 is the first day held: 4 > 3
      // one activity's points and g CO₂ on 05-03: late, reported once; the day is no longer held, so its 5 points
      // and 300 g are not checked against the caps
      pts(T(3), '5', 'bus', { activity: 'x' }),
      co2(T(3), '300', { activity: 'x' }),
    ]);
    expect(shown(r)).toEqual([
      late(T(8)),
      exceeded(
        '2024-05-13',
        'daily 3 points of rule bus (group bus)',
        '每日 3 分（规则 bus，组 bus）',
        '4 points issued',
        '已发 4 分',
      ),
      late(T(3)),
      NO_RECORD,
    ]);
  });

  it('the months held follow the window: a month before the first one the window reaches is not checked', () => {
    const rules = ruleSetWith({
      rules: [rule('bus', { caps: { monthly: { points: '3' } } })],
      ...reductionCaps({ monthly: '250' }),
    });
    // 06-02 08:00 reaches back to 05-26 08:00: May is held, and 05-31 brings May to 2 + 2 = 4 > 3
    const held = run(rules, [pts(T(30), '2'), pts(JUNE(2), '2'), pts(T(31), '2')]);
    expect(shown(held)[0]).toEqual(
      exceeded(
        '2024-05',
        'monthly 3 points of rule bus (group bus)',
        '每月 3 分（规则 bus，组 bus）',
        '4 points issued',
        '已发 4 分',
      ),
    );
    // 06-20 reaches back to 06-13: May is no longer held; a line of 05-30 is late, and its points and grams are not
    // checked against May's caps
    const dropped = run(rules, [
      pts(JUNE(20), '2'),
      pts(T(30), '200', 'bus', { activity: 'y' }),
      co2(T(30), '300', { activity: 'y' }),
    ]);
    expect(shown(dropped).map((i) => i.code)).toEqual(['LEDGER_LATE_ENTRY', 'LEDGER_USER_STATE_INVALID']);
  });

  it('a stored record with point counters only, or reduction counters only', () => {
    const rules = cappedBusRules();
    const points = run(
      rules,
      [pts(T(5), '2')],
      [
        record({
          latest: iso(T(5)),
          daily: [['bus', { period: DAY(5), points: '2', events: 1 }]],
          monthly: [['bus', { period: MAY, points: '2', events: 1 }]],
        }),
      ],
    );
    expect(points).toStrictEqual({ issues: [], caps: checked(1, 2, 0) });
    const grams = run(
      rules,
      [co2(T(5), '150')],
      [record(undefined, { latest: iso(T(5)), days: [[DAY(5), '150000000']], months: [[MAY, '150000000']] })],
    );
    expect(grams).toStrictEqual({ issues: [], caps: checked(1, 2, 0) });
    // neither: no latest time, and every period is missing
    const bare = run(rules, [pts(T(5), '2')], [record()]);
    expect(shown(bare)).toEqual([
      invalid(
        "the stored latest activity time (none) is before its latest entry's, 2024-05-05T00:00:00.000Z",
      ),
      invalid(
        'no stored daily counter of group bus on 2024-05-05, which its window still reaches; the entries issue 2 points there',
      ),
      invalid(
        'no stored monthly counter of group bus on 2024-05, which its window still reaches; the entries issue 2 points there',
      ),
    ]);
    expect(bare.caps).toEqual(checked(1, 2, 3));
    // a record without entries: its latest time is not compared with any
    expect(run(rules, [], [record({ latest: 'not a time' })])).toStrictEqual({
      issues: [],
      caps: checked(0, 0, 0),
    });
  });

  it('stored point counters that are not counters', () => {
    const at = (d: number) => `the stored daily counter of group bus on 2024-05-0${d}`;
    const counters: [string, Counter][] = [
      ['bus', { period: DAY(1), points: '0', events: 0 }], // a counter of nothing: compared with nothing, agrees
      ['bus', { period: DAY(2), points: '-2', events: 1 }],
      ['bus', { period: DAY(3), points: '2', events: -1 }],
      ['bus', { period: DAY(4), points: '2', events: 1.5 }],
      ['bus', { period: DAY(5), points: 2 as unknown as string, events: 1 }],
      ['bus', { period: DAY(6), points: '12x', events: 1 }],
      ['bus', { period: DAY(7), points: 'x12', events: 1 }],
    ];
    const r = run(cappedBusRules(), [], [record({ daily: counters })]);
    expect(shown(r)).toEqual(
      counters.slice(1).map(([, c], i) => invalid(`${at(i + 2)} is not a counter (${JSON.stringify(c)})`)),
    );
    expect(r.caps).toEqual(checked(0, 1, 6));
  });

  it('a stored reduction counter that is no number of µg, where the entries issue grams', () => {
    const rules = cappedBusRules();
    const r = run(
      rules,
      [co2(T(6), '100')],
      [
        record(
          { latest: iso(T(6)) },
          {
            latest: iso(T(6)),
            days: [
              [DAY(5), '0'],
              [DAY(6), 'x'],
            ],
            months: [[MAY, '100000000']],
          },
        ),
      ],
    );
    expect(shown(r)).toEqual([
      invalid('the stored daily reduction counter of 2024-05-06 is not a number of µg ("x")'),
    ]);
    // compared: May only (05-05 has no entries, 05-06 is no counter)
    expect(r.caps).toEqual(checked(1, 1, 1));
  });

  it('the cap of a stored counter is the largest points cap of its group, none when one of its rules has none', () => {
    const rules = ruleSetWith({
      rules: [
        rule('bus', { capGroup: 'transit', caps: { daily: { points: '3' } } }),
        rule('metro', { capGroup: 'transit', caps: { daily: { points: '5' } } }),
        rule('tram', { capGroup: 'transit', caps: { daily: { points: '4' } } }),
        rule('walk'),
        rule('run', { caps: { monthly: { points: '9' } } }),
        rule('xa', { capGroup: 'x' }),
        rule('xb', { capGroup: 'x', caps: { daily: { points: '3' } } }),
      ],
    });
    const c = (group: string, d: number, points: string): [string, Counter] => [
      group,
      { period: DAY(d), points, events: 0 },
    ];
    const r = run(
      rules,
      [],
      [
        record({
          daily: [
            c('transit', 1, '6'),
            c('transit', 2, '5'),
            c('walk', 3, '50'),
            c('run', 4, '50'),
            c('x', 5, '4'),
          ],
        }),
      ],
    );
    // without entries every counter is compared with 0 points issued
    expect(details(r)).toEqual([
      'the stored daily counter of group transit on 2024-05-01 holds 6 points, above the cap of 5',
      'the stored daily counter of group transit on 2024-05-01 holds 6 points, the entries issue 0',
      'the stored daily counter of group transit on 2024-05-02 holds 5 points, the entries issue 0',
      'the stored daily counter of group walk on 2024-05-03 holds 50 points, the entries issue 0',
      'the stored daily counter of group run on 2024-05-04 holds 50 points, the entries issue 0',
      'the stored daily counter of group x on 2024-05-05 holds 4 points, the entries issue 0',
    ]);
  });

  it('missing counters: every period from the first one the stored latest time reaches, and no other', () => {
    const rules = cappedBusRules();
    // entries on 05-05 08:00 and 05-12 08:00; the stored latest 05-12 08:00 reaches back to 05-05 08:00 exactly
    const edge = run(
      rules,
      [pts(T(5), '2'), co2(T(5), '150'), pts(T(12), '2'), co2(T(12), '100')],
      [record({ latest: iso(T(12)) }, { latest: iso(T(12)) })],
    );
    expect(details(edge)).toEqual([
      'no stored daily counter of group bus on 2024-05-05, which its window still reaches; the entries issue 2 points there',
      'no stored daily counter of group bus on 2024-05-12, which its window still reaches; the entries issue 2 points there',
      'no stored monthly counter of group bus on 2024-05, which its window still reaches; the entries issue 4 points there',
      'no stored daily reduction counter of 2024-05-05, which its window still reaches; the entries issue 150 g there',
      'no stored daily reduction counter of 2024-05-12, which its window still reaches; the entries issue 100 g there',
      'no stored monthly reduction counter of 2024-05, which its window still reaches; the entries issue 250 g there',
    ]);
    expect(edge.caps).toEqual(checked(1, 6, 6));
    // a stored latest time of 05-28 reaches back to 05-21: 05-03 is before it, May is not
    const after = run(
      rules,
      [pts(T(3), '2'), co2(T(3), '150')],
      [record({ latest: iso(T(28)) }, { latest: iso(T(28)) })],
    );
    expect(details(after)).toEqual([
      'no stored monthly counter of group bus on 2024-05, which its window still reaches; the entries issue 2 points there',
      'no stored monthly reduction counter of 2024-05, which its window still reaches; the entries issue 150 g there',
    ]);
    expect(after.caps).toEqual(checked(1, 2, 2));
    // a period whose entries issue 0 points needs no counter
    expect(run(rules, [pts(T(5), '0')], [record({ latest: iso(T(5)) })])).toStrictEqual({
      issues: [],
      caps: checked(1, 0, 0),
    });
  });

  it('the periods the window has dropped from the chain are not asked of the store', () => {
    // 05-20 drops 05-03 (before 05-13 08:00) from the chain; the stored latest time 05-03 reaches back to 04-26,
    // but only the periods the chain still holds can be missing
    const r = run(
      cappedBusRules(),
      [co2(T(3), '100'), co2(T(20), '100')],
      [record(undefined, { latest: iso(T(3)) })],
    );
    expect(details(r)).toEqual([
      "the stored latest activity time 2024-05-03T00:00:00.000Z is before its latest entry's, 2024-05-20T00:00:00.000Z",
      'no stored daily reduction counter of 2024-05-20, which its window still reaches; the entries issue 100 g there',
      'no stored monthly reduction counter of 2024-05, which its window still reaches; the entries issue 200 g there',
    ]);
  });

  it('a stored monthly reduction counter above its cap', () => {
    const rules = ruleSetWith({ rules: [rule('bus')], ...reductionCaps({ monthly: '500' }) });
    const r = run(rules, [], [record(undefined, { months: [[MAY, '500000001']] })]);
    expect(shown(r)).toEqual([
      invalid(
        'the stored monthly reduction counter of 2024-05 holds 500000001 µg, above the cap of 500000000 µg',
      ),
    ]);
  });

  it('without reduction caps in the rule set, grams and reduction counters are not checked', () => {
    const rules = ruleSetWith({ rules: [rule('bus', { caps: { daily: { points: '3' } } })] });
    const r = run(
      rules,
      [co2(T(5), '900')],
      [record({ latest: iso(T(5)) }, { latest: iso(T(5)), days: [[DAY(5), 'x']] })],
    );
    expect(r).toStrictEqual({ issues: [], caps: checked(1, 0, 0) });
  });

  describe('several versions of a rule set', () => {
    /** A version of the test rules: its bus rule uncapped, its late window and reduction caps as given. */
    const version = (v: string, o: Record<string, unknown> = {}) =>
      ruleSetWith({ version: v, rules: [rule('bus')], ...o });
    const runAll = (
      versions: readonly RuleSet[],
      entries: readonly Entry[],
      users: readonly InPartition<UserRecord>[] = [],
    ) => {
      const c = new CapCheck(versions);
      for (const e of entries) c.push(e);
      return c.finish(users, []);
    };

    it('the largest reduction cap of the versions, whichever comes first; their refs joined', () => {
      const small = version('1.0.0', reductionCaps({ daily: '200' }));
      const large = version('2.0.0', reductionCaps({ daily: '300' }));
      // 06-05: 250 g in 1 entry: within 300 g + 0.999999 g, though above 200 g + 0.999999 g; then 100 g more:
      // 350 g in 2 entries > 300 g + 2 × 0.999999 g = 301.999998 g, reported against the 300 g cap
      const entries = () => [co2(JUNE(5), '250'), co2(JUNE(5, 9), '100')];
      const over = exceeded(
        '2024-06-05',
        'daily reduction 300 g (at most 301.999998 g over 2 entries with the carried remainders)',
        '每日减排 300 g（2 条条目连同结转余量至多 301.999998 g）',
        '350 g issued',
        '已发 350 g',
      );
      for (const versions of [
        [small, large],
        [large, small],
      ]) {
        const r = runAll(versions, entries());
        expect(shown(r)).toEqual([over, NO_RECORD]);
        expect(r.caps).toMatchObject({ ruleSet: versions.map((x) => x.ref).join(', ') });
      }
      expect(runAll([small, large], []).caps).toMatchObject({
        ruleSet: 'test-rules@1.0.0, test-rules@2.0.0',
      });
    });

    it('the largest late window of the versions', () => {
      const short = version('1.0.0', { lateWindowHours: 24 });
      const long = version('2.0.0', { lateWindowHours: 48 });
      // latest 06-10 08:00; 06-09 07:00 is 25 h before (within 48 h, though not 24 h); 06-08 07:00 is 49 h before
      const r = runAll([short, long], [co2(JUNE(10), '1'), co2(JUNE(9, 7), '1'), co2(JUNE(8, 7), '1')]);
      expect(shown(r)).toEqual([
        {
          code: 'LEDGER_LATE_ENTRY',
          path: [],
          account: 'user:u1',
          ts: iso(JUNE(8, 7)),
          latest: iso(JUNE(10)),
          window: '48',
        },
        NO_RECORD,
      ]);
    });

    it('a version without reduction caps: no reduction cap is checked, the stored reduction counters still are', () => {
      const capped200 = version('1.0.0', reductionCaps({ daily: '200', monthly: '300' }));
      const none = version('2.0.0');
      // 900 g on 06-05: above either cap of 1.0.0, but 2.0.0 states none, so neither cap is checked. The stored
      // daily counter of 900,000,000 µg = 900 g allows 900 g in 1 entry and is above no cap; the monthly one
      // is missing, and June is still reached from the stored latest time (06-05)
      for (const versions of [
        [capped200, none],
        [none, capped200],
      ]) {
        const r = runAll(
          versions,
          [co2(JUNE(5), '900')],
          [record({ latest: iso(JUNE(5)) }, { days: [[localDay(Date.parse(JUNE(5)), OFF), '900000000']] })],
        );
        expect(shown(r)).toEqual([
          invalid(
            'no stored monthly reduction counter of 2024-06, which its window still reaches; the entries issue 900 g there',
          ),
        ]);
        // compared: the daily counter and the missing monthly one
        expect(r.caps).toMatchObject({ checked: true, periods: 2, violations: 1 });
      }
    });

    it('versions counting days in different time zones: nothing is checked', () => {
      const beijing = version('1.0.0', reductionCaps({ daily: '200' }));
      const utc = version('2.0.0', { utcOffset: '+00:00', ...reductionCaps({ daily: '200' }) });
      // 900 g above the cap, and no user record: neither is reported
      const r = runAll([beijing, utc], [co2(JUNE(5), '900')]);
      expect(r).toStrictEqual({
        issues: [],
        caps: {
          checked: false,
          reason:
            'the rule sets given count local days in different time zones (test-rules@1.0.0 +08:00, test-rules@2.0.0 +00:00): caps, counters and remainders were not checked',
          reasonZh:
            '给定的规则集按不同时区计本地日（test-rules@1.0.0 +08:00, test-rules@2.0.0 +00:00）：上限、计数和余量均未核对',
        },
      });
    });
  });
});
