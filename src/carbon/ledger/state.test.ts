import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { ruleSetWith } from '../../../test/carbon/helpers';
import { type Draft, Ledger } from './ledger';
import { registryPolicy } from './registry';
import type { EntryBody } from './entry';
import {
  LedgerState,
  applyEntry,
  balancesOf,
  holdingRecords,
  lotsText,
  lotsToTake,
  pendingRecord,
  recordRefKey,
  restoreState,
} from './state';
import { foldBalances } from './verify';

/** 2024-05-dd at 08:00 Beijing time (00:00Z). */
const T = (d: number) => `2024-05-${String(d).padStart(2, '0')}T08:00:00+08:00`;
const Z = (d: number) => `2024-05-${String(d).padStart(2, '0')}T00:00:00.000Z`;

describe('lots: kept by expiry, taken earliest first', () => {
  it('a debit across several lots takes the earliest expiries first, whatever order they were credited in', () => {
    const l = new Ledger();
    const issue = (ref: string, amount: number, expires: number) =>
      l.append({ type: 'issue', ts: T(1), amount, unit: 'g_CO2', to: 'user:a', ref, expiresAt: T(expires) });
    // credited out of order: the 30th, the 10th, the 20th, then the 10th again (one lot of 100 + 30 = 130)
    issue('x1', 70, 30);
    issue('x2', 100, 10);
    issue('x3', 50, 20);
    issue('x4', 30, 10);
    // 180 g to b on the 5th: the lot of the 10th (130) whole, then 50 of the 20th's 50; the 30th's 70 stay with a
    l.append({
      type: 'transfer',
      ts: T(5),
      amount: 180,
      unit: 'g_CO2',
      from: 'user:a',
      to: 'user:b',
      ref: 't1',
    });
    const expiries = l.expireDue(T(31)).map((e) => [e.from, e.ref, e.amount]);
    expect(expiries).toEqual([
      ['user:b', `lot:${Z(10)}`, '130'],
      ['user:b', `lot:${Z(20)}`, '50'],
      ['user:a', `lot:${Z(30)}`, '70'],
    ]);
  });

  it('a debit larger than one lot and smaller than two leaves the rest of the second', () => {
    const l = new Ledger();
    for (const [ref, amount, d] of [
      ['y1', 40, 10],
      ['y2', 60, 20],
    ] as const)
      l.append({ type: 'issue', ts: T(1), amount, unit: 'g_CO2', to: 'user:a', ref, expiresAt: T(d) });
    // 40 + 60 = 100 held; 55 moved to c: 40 of the 10th, then 15 of the 20th
    l.append({
      type: 'transfer',
      ts: T(2),
      amount: 55,
      unit: 'g_CO2',
      from: 'user:a',
      to: 'user:c',
      ref: 't2',
    });
    expect(l.expireDue(T(31)).map((e) => [e.from, e.amount])).toEqual([
      ['user:c', '40'], // the 10th
      ['user:a', '45'], // the 20th: 60 − 15
      ['user:c', '15'], // the 20th
    ]);
  });
});

describe('claim windows: open at availableFrom, closed at claimBy', () => {
  const pending = () => {
    const l = new Ledger();
    l.append({
      type: 'issue',
      ts: T(1),
      amount: 5,
      unit: 'point',
      to: 'user:a',
      ref: 'p1',
      availableFrom: T(2),
      claimBy: T(4),
    });
    return l;
  };
  const claim = (l: Ledger, ts: string) =>
    l.append({ type: 'claim', ts, amount: 5, unit: 'point', to: 'user:a', ref: 'p1' });

  it('a claim at the exact instant the window opens is accepted', () => {
    const l = pending();
    expect(claim(l, T(2)).type).toBe('claim');
  });

  it('a claim a millisecond before the window or at the instant it closes is refused', () => {
    const e = errorOf(() => claim(pending(), '2024-05-01T23:59:59.999Z'));
    expect(e.issues[0]).toMatchObject({
      code: 'LEDGER_CLAIM_WINDOW',
      params: { ref: 'p1', from: Z(2), to: Z(4), ts: '2024-05-01T23:59:59.999Z' },
    });
    expect(errorOf(() => claim(pending(), T(4))).code).toBe('LEDGER_CLAIM_WINDOW');
    // a millisecond before it closes is still inside
    expect(claim(pending(), '2024-05-03T23:59:59.999Z').type).toBe('claim');
  });
});

/** The refusal of `f`: its code and parameters. */
const refusal = (f: () => unknown) => {
  const i = errorOf(f).issues[0];
  return { code: i?.code, params: i?.params };
};
const RETIRED = { beneficiary: 'org:test', purpose: 'test' };
const gramsTo = (l: Ledger, to: string, ref: string, amount: number, expires?: number) =>
  l.append({
    type: 'issue',
    ts: T(1),
    amount,
    unit: 'g_CO2',
    to,
    ref,
    ...(expires === undefined ? {} : { expiresAt: T(expires) }),
  });
/** A fresh transfer ref per draft: a record's ref is unique per kind. */
let moves = 0;
const move = (l: Ledger, ts: string, amount: number, from = 'user:a', to = 'user:b'): Draft => ({
  type: 'transfer',
  ts,
  amount,
  unit: 'g_CO2',
  from,
  to,
  ref: `m${++moves}`,
});

describe('lots of one expiry are one lot', () => {
  it('two issues expiring at the same instant expire together, at that exact instant', () => {
    const l = new Ledger();
    gramsTo(l, 'user:a', 'x1', 100, 10);
    gramsTo(l, 'user:a', 'x2', 20, 20);
    gramsTo(l, 'user:a', 'x3', 30, 10);
    // the 10th holds 100 + 30 = 130 in one lot, the 20th 20
    expect(holdingRecords(l.state, 'user:a')[0]?.lots).toEqual([
      { expiresAt: Z(10), amount: '130' },
      { expiresAt: Z(20), amount: '20' },
    ]);
    // nothing is due a millisecond before; at the instant the whole 130 expires in one entry
    expect(l.expireDue('2024-05-09T23:59:59.999Z')).toEqual([]);
    expect(l.expireDue(T(10)).map((e) => [e.type, e.from, e.amount, e.ref])).toEqual([
      ['expire', 'user:a', '130', `lot:${Z(10)}`],
    ]);
    expect(l.balances()['user:a']?.g_CO2).toEqual({
      available: '20',
      pending: '0',
      expired: '130',
      redeemed: '0',
      retired: '0',
    });
  });
});

describe('debits: what is usable at the instant, and why a debit is refused', () => {
  const held = () => {
    const l = new Ledger();
    gramsTo(l, 'user:a', 'x1', 100, 10);
    gramsTo(l, 'user:a', 'x2', 30, 10);
    gramsTo(l, 'user:a', 'x3', 20, 20);
    return l;
  };

  it('at the instant a lot expires it is no longer usable: expired when it would have served, else insufficient', () => {
    const l = held();
    // at 00:00Z on the 10th the 130 of the 10th have expired: 20 usable, 130 expired-held
    const p = (amount: number) => ({
      account: 'user:a',
      unit: 'g_CO2',
      available: '20',
      amount: String(amount),
    });
    expect(refusal(() => l.append(move(l, T(10), 21)))).toEqual({ code: 'LEDGER_EXPIRED', params: p(21) });
    // 150 = 20 + 130: the expired amount would have covered it
    expect(refusal(() => l.append(move(l, T(10), 150)))).toEqual({ code: 'LEDGER_EXPIRED', params: p(150) });
    expect(refusal(() => l.append(move(l, T(10), 151)))).toEqual({
      code: 'LEDGER_INSUFFICIENT',
      params: p(151),
    });
    // the refusals changed nothing, and a millisecond earlier all 150 are usable
    expect(l.balances()['user:a']?.g_CO2?.available).toBe('150');
    l.append(move(l, '2024-05-09T23:59:59.999Z', 150));
    expect(holdingRecords(l.state, 'user:a')[0]).toMatchObject({ available: '0', lots: [] });
    expect(holdingRecords(l.state, 'user:b')[0]).toMatchObject({
      available: '150',
      lots: [
        { expiresAt: Z(10), amount: '130' },
        { expiresAt: Z(20), amount: '20' },
      ],
    });
  });

  it('a debit served by the first lot touches no other; emptied lots are dropped', () => {
    const l = new Ledger();
    gramsTo(l, 'user:a', 'y1', 40, 10);
    gramsTo(l, 'user:a', 'y2', 60, 20);
    l.append(move(l, T(2), 40));
    expect(holdingRecords(l.state, 'user:a')[0]?.lots).toEqual([{ expiresAt: Z(20), amount: '60' }]);
    expect(holdingRecords(l.state, 'user:b')[0]?.lots).toEqual([{ expiresAt: Z(10), amount: '40' }]);
    // 25 more: 25 of the 20th's 60
    l.append(move(l, T(2), 25));
    expect(holdingRecords(l.state, 'user:a')[0]?.lots).toEqual([{ expiresAt: Z(20), amount: '35' }]);
    expect(holdingRecords(l.state, 'user:b')[0]?.lots).toEqual([
      { expiresAt: Z(10), amount: '40' },
      { expiresAt: Z(20), amount: '25' },
    ]);
  });

  it('retired amounts: retired when they would have served, else insufficient; expiry is named first', () => {
    const l = new Ledger();
    gramsTo(l, 'user:a', 'x1', 100);
    gramsTo(l, 'user:a', 'x2', 5, 3);
    // at the 3rd the 5 g have expired (held until an expire entry): the 60 retired come from the 100
    l.append({
      type: 'retire',
      ts: T(3),
      amount: 60,
      unit: 'g_CO2',
      from: 'user:a',
      ref: 'r',
      meta: RETIRED,
    });
    const p = (amount: number) => ({
      account: 'user:a',
      unit: 'g_CO2',
      available: '40',
      amount: String(amount),
    });
    // 40 usable, 5 expired, 60 retired: 45 ≤ 40 + 5 is expired; 46 is not: more than the account holds (grams
    // have no identity, so 46 g are not "the retired grams")
    expect(refusal(() => l.append(move(l, T(3), 45)))).toEqual({ code: 'LEDGER_EXPIRED', params: p(45) });
    expect(refusal(() => l.append(move(l, T(3), 46)))).toEqual({
      code: 'LEDGER_INSUFFICIENT',
      params: p(46),
    });
    expect(l.expireDue(T(3)).map((e) => e.amount)).toEqual(['5']);
    expect(l.balances()['user:a']?.g_CO2).toMatchObject({ available: '40', expired: '5', retired: '60' });
    // nothing expired left: 41, 100 = 40 + 60 and 101 are all more than the 40 held
    expect(refusal(() => l.append(move(l, T(3), 41)))).toEqual({
      code: 'LEDGER_INSUFFICIENT',
      params: p(41),
    });
    expect(refusal(() => l.append(move(l, T(3), 100)))).toEqual({
      code: 'LEDGER_INSUFFICIENT',
      params: p(100),
    });
    expect(refusal(() => l.append(move(l, T(3), 101)))).toEqual({
      code: 'LEDGER_INSUFFICIENT',
      params: p(101),
    });
  });

  it('an account never credited is refused as insufficient, and gets no record', () => {
    const l = new Ledger();
    gramsTo(l, 'user:a', 'x1', 10);
    expect(refusal(() => l.append(move(l, T(2), 1, 'user:z', 'user:a')))).toEqual({
      code: 'LEDGER_INSUFFICIENT',
      params: { account: 'user:z', unit: 'g_CO2', available: '0', amount: '1' },
    });
    expect(Object.keys(l.balances())).toEqual(['user:a']);
    expect(holdingRecords(l.state, 'user:z')).toEqual([]);
  });

  it('certifying takes a million grams a tonne from the grams held', () => {
    const l = new Ledger();
    gramsTo(l, 'org:e', 'x1', 2_500_000);
    l.append({
      type: 'certify',
      ts: T(2),
      amount: 2,
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:f',
      ref: 'c1',
      meta: { verifier: 'v', vintage: '2024', methodology: 'm@1', factorSets: `sha256:${'0'.repeat(64)}` },
    });
    // 2 500 000 − 2 × 1 000 000 = 500 000 g stay; the 2 t never expire
    expect(l.balances()['org:e']?.g_CO2?.available).toBe('500000');
    expect(holdingRecords(l.state, 'org:f')).toEqual([
      {
        account: 'org:f',
        unit: 't_CO2',
        available: '2',
        pending: '0',
        expired: '0',
        redeemed: '0',
        retired: '0',
        lots: [{ expiresAt: null, amount: '2' }],
      },
    ]);
  });
});

describe('issues: one credit per activity and unit', () => {
  it('the same ref may credit points and grams once each', () => {
    const l = new Ledger();
    l.append({ type: 'issue', ts: T(1), amount: 3, unit: 'point', to: 'u', ref: 'act-1' });
    l.append({ type: 'issue', ts: T(1), amount: 300, unit: 'g_CO2', to: 'u', ref: 'act-1' });
    expect([
      l.credited('act-1', 'point'),
      l.credited('act-1', 'g_CO2'),
      l.credited('act-1', 't_CO2'),
    ]).toEqual([true, true, false]);
    expect(
      refusal(() => l.append({ type: 'issue', ts: T(1), amount: 1, unit: 'g_CO2', to: 'v', ref: 'act-1' })),
    ).toEqual({ code: 'LEDGER_DOUBLE_CREDIT', params: { ref: 'act-1', unit: 'g_CO2' } });
    expect(Object.keys(l.balances())).toEqual(['u']);
  });

  it('an issue claiming serial numbers is refused, as every entry of grams or points is', () => {
    const l = new Ledger();
    const draft = { type: 'issue', ts: T(1), amount: 5n, unit: 'g_CO2', to: 'user:a', ref: 'a1' } as const;
    expect(refusal(() => l.append({ ...draft, meta: { serials: '1-5' } }))).toEqual({
      code: 'LEDGER_SERIAL_MISMATCH',
      params: { expected: '(none)', given: '1-5' },
    });
    expect(refusal(() => l.append({ ...draft, unit: 'point', meta: { serials: '1-5' } })).code).toBe(
      'LEDGER_SERIAL_MISMATCH',
    );
    // nothing of the refused issue was applied: the same activity is credited once, without serials
    expect(l.append(draft).amount).toBe('5');
  });

  it('entries may share an instant but not go back in time', () => {
    const l = new Ledger();
    expect(l.lastTime()).toBeUndefined();
    gramsTo(l, 'u', 'a', 1);
    gramsTo(l, 'u', 'b', 1);
    expect(l.lastTime()).toEqual({ ms: Date.parse(Z(1)), iso: Z(1) });
    expect(
      refusal(() =>
        l.append({
          type: 'issue',
          ts: '2024-04-30T23:59:59.999Z',
          amount: 1,
          unit: 'g_CO2',
          to: 'u',
          ref: 'c',
        }),
      ),
    ).toEqual({ code: 'LEDGER_TIMESTAMP_ORDER', params: { ts: '2024-04-30T23:59:59.999Z', previous: Z(1) } });
  });

  it('balances list accounts and units in sorted order', () => {
    const l = new Ledger();
    l.append({ type: 'issue', ts: T(1), amount: 1, unit: 'point', to: 'z', ref: '1' });
    l.append({ type: 'issue', ts: T(1), amount: 2, unit: 'g_CO2', to: 'z', ref: '1' });
    l.append({ type: 'issue', ts: T(1), amount: 3, unit: 'point', to: 'a', ref: '2' });
    const b = l.balances();
    expect(Object.keys(b)).toEqual(['a', 'z']);
    expect(Object.keys(b.z ?? {})).toEqual(['g_CO2', 'point']);
  });
});

describe('claims and expiries: refusals name what was expected', () => {
  const pending = (expiresAt?: string) => {
    const l = new Ledger();
    l.append({
      type: 'issue',
      ts: T(1),
      amount: 5,
      unit: 'point',
      to: 'user:a',
      ref: 'p1',
      availableFrom: T(2),
      claimBy: T(4),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
    return l;
  };
  const expire = (ts: string, amount: number, ref = 'p1', from = 'user:a'): Draft => ({
    type: 'expire',
    ts,
    amount,
    unit: 'point',
    from,
    ref,
  });

  it('a claim of nothing pending, or of another amount or account', () => {
    const l = pending();
    const claim = (amount: number, to: string, ref = 'p1') =>
      refusal(() => l.append({ type: 'claim', ts: T(2), amount, unit: 'point', to, ref }));
    expect(claim(5, 'user:a', 'p9')).toEqual({
      code: 'LEDGER_REF_UNKNOWN',
      params: { ref: 'p9', detail: 'no pending issue to claim' },
    });
    const wrong = {
      code: 'LEDGER_REF_UNKNOWN',
      params: { ref: 'p1', detail: 'claim must be 5 point to user:a' },
    };
    expect(claim(4, 'user:a')).toEqual(wrong);
    expect(claim(5, 'user:b')).toEqual(wrong);
    expect(l.balances()['user:a']?.point).toMatchObject({ pending: '5', available: '0' });
  });

  it('a claimed issue becomes a lot with the issue’s expiry, and its window closes without an expiry', () => {
    const l = pending(T(20));
    l.append({ type: 'claim', ts: T(3), amount: 5, unit: 'point', to: 'user:a', ref: 'p1' });
    expect(pendingRecord(l.state, 'point|p1')).toBeUndefined();
    expect(l.balances()['user:a']?.point).toMatchObject({ pending: '0', available: '5' });
    // the claim deadline passes with nothing to expire; the lot expires on the 20th
    expect(l.expireDue(T(4))).toEqual([]);
    expect(l.expireDue(T(20)).map((e) => [e.amount, e.ref])).toEqual([['5', `lot:${Z(20)}`]]);
    expect(l.balances()['user:a']?.point).toMatchObject({ available: '0', expired: '5' });
  });

  it('an unclaimed issue expires at the instant its window closes, not before, and only in full', () => {
    const l = pending();
    expect(refusal(() => l.append(expire(T(3), 5)))).toEqual({
      code: 'LEDGER_NOT_DUE',
      params: { ref: 'p1', due: Z(4), ts: Z(3) },
    });
    const whole = {
      code: 'LEDGER_REF_UNKNOWN',
      params: { ref: 'p1', detail: 'expiry must be 5 point of user:a' },
    };
    expect(refusal(() => l.append(expire(T(4), 4)))).toEqual(whole);
    expect(refusal(() => l.append(expire(T(4), 5, 'p1', 'user:b')))).toEqual(whole);
    expect(l.expireDue('2024-05-03T23:59:59.999Z')).toEqual([]);
    expect(l.expireDue(T(4)).map((e) => [e.type, e.from, e.unit, e.amount, e.ref])).toEqual([
      ['expire', 'user:a', 'point', '5', 'p1'],
    ]);
    expect(l.balances()['user:a']?.point).toMatchObject({ pending: '0', expired: '5', available: '0' });
  });

  it('a lot expiry names the lot it expires', () => {
    const l = new Ledger();
    l.append({
      type: 'issue',
      ts: T(1),
      amount: 100,
      unit: 'point',
      to: 'user:a',
      ref: 'x',
      expiresAt: T(10),
    });
    const ref = (d: number) => `lot:${Z(d)}`;
    expect(refusal(() => l.append(expire(T(10), 100, 'x')))).toEqual({
      code: 'LEDGER_REF_UNKNOWN',
      params: { ref: 'x', detail: 'neither a pending issue nor lot:<expiresAt>' },
    });
    expect(refusal(() => l.append(expire(T(11), 100, ref(11))))).toEqual({
      code: 'LEDGER_REF_UNKNOWN',
      params: { ref: ref(11), detail: 'no lot of user:a expiring then' },
    });
    expect(refusal(() => l.append(expire(T(10), 100, ref(10), 'user:b')))).toMatchObject({
      params: { detail: 'no lot of user:b expiring then' },
    });
    expect(refusal(() => l.append(expire(T(10), 99, ref(10))))).toEqual({
      code: 'LEDGER_REF_UNKNOWN',
      params: { ref: ref(10), detail: 'the lot holds 100' },
    });
    expect(refusal(() => l.append(expire(T(9), 100, ref(10))))).toEqual({
      code: 'LEDGER_NOT_DUE',
      params: { ref: ref(10), due: Z(10), ts: Z(9) },
    });
    l.append(expire(T(10), 100, ref(10)));
    expect(l.balances()['user:a']?.point).toMatchObject({ available: '0', expired: '100' });
    expect(holdingRecords(l.state, 'user:a')[0]?.lots).toEqual([]);
    // the lot is gone: nothing left for expireDue
    expect(l.expireDue(T(11))).toEqual([]);
  });

  it('expiries due at one instant come in account order, lots before pending issues, whatever the credit order', () => {
    const l = new Ledger();
    l.append({
      type: 'issue',
      ts: T(1),
      amount: 7,
      unit: 'point',
      to: 'user:c',
      ref: 'p',
      availableFrom: T(2),
      claimBy: T(10),
    });
    l.append({ type: 'issue', ts: T(1), amount: 2, unit: 'point', to: 'user:b', ref: 'b', expiresAt: T(10) });
    l.append({ type: 'issue', ts: T(1), amount: 1, unit: 'point', to: 'user:a', ref: 'a', expiresAt: T(10) });
    l.append({ type: 'issue', ts: T(1), amount: 3, unit: 'point', to: 'user:a', ref: 'a5', expiresAt: T(5) });
    expect(l.expireDue(T(12)).map((e) => [e.from, e.amount])).toEqual([
      ['user:a', '3'], // the 5th
      ['user:a', '1'], // the 10th: lots by account, then the pending issue
      ['user:b', '2'],
      ['user:c', '7'],
    ]);
  });
});

describe('store records: a state written as records and restored goes on as the one that never stopped', () => {
  const history = (l: Ledger) => {
    gramsTo(l, 'user:a', 'x1', 100, 10);
    gramsTo(l, 'user:a', 'x2', 50);
    l.append({
      type: 'issue',
      ts: T(1),
      amount: 5,
      unit: 'point',
      to: 'user:a',
      ref: 'p1',
      availableFrom: T(2),
      claimBy: T(4),
      expiresAt: T(8),
    });
    l.append(move(l, T(1), 30));
  };

  it('the records hold the amounts, lots (never-expiring as null) and claim windows', () => {
    const l = new Ledger();
    history(l);
    // a's 30 g move to b from the earliest lot: 100 − 30 = 70 of the 10th, 50 that never expire
    expect(holdingRecords(l.state, 'user:a')).toEqual([
      {
        account: 'user:a',
        unit: 'g_CO2',
        available: '120',
        pending: '0',
        expired: '0',
        redeemed: '0',
        retired: '0',
        lots: [
          { expiresAt: Z(10), amount: '70' },
          { expiresAt: null, amount: '50' },
        ],
      },
      {
        account: 'user:a',
        unit: 'point',
        available: '0',
        pending: '5',
        expired: '0',
        redeemed: '0',
        retired: '0',
        lots: [],
      },
    ]);
    expect(pendingRecord(l.state, 'point|p1')).toEqual({
      key: 'point|p1',
      to: 'user:a',
      unit: 'point',
      amount: '5',
      availableFrom: Z(2),
      claimBy: Z(4),
      expiresAt: Z(8),
    });
    expect(pendingRecord(l.state, 'g_CO2|p1')).toBeUndefined();
  });

  it('restored, the deadlines, lots and pending issues work as before', () => {
    const whole = new Ledger();
    history(whole);
    const back = new Ledger();
    const accounts = ['user:a', 'user:b'];
    restoreState(
      back.state,
      accounts.flatMap((a) => holdingRecords(whole.state, a)),
      [pendingRecord(whole.state, 'point|p1')!],
    );
    expect(back.balances()).toEqual(whole.balances());
    const rest = (l: Ledger) => {
      const out = [
        ...l.expireDue(T(4)).map((e) => [e.from, e.amount, e.ref]),
        ...l.expireDue(T(10)).map((e) => [e.from, e.amount, e.ref]),
      ];
      l.append(move(l, T(11), 50));
      return out;
    };
    // the pending 5 points expire at the window's close, then the 10th's lots of a (70) and b (30)
    const got = rest(back);
    expect(got).toEqual([
      ['user:a', '5', 'p1'],
      ['user:a', '70', `lot:${Z(10)}`],
      ['user:b', '30', `lot:${Z(10)}`],
    ]);
    expect(rest(whole)).toEqual(got);
    // after the expiries a holds the 50 that never expire, and moves them all on the 11th
    expect(back.balances()).toEqual(whole.balances());
    expect(back.balances()['user:a']?.g_CO2).toMatchObject({ available: '0', expired: '70' });
  });
});

describe('registry records in the state', () => {
  it('a record the registry refuses changes no balance', () => {
    const l = new Ledger();
    gramsTo(l, 'user:a', 'x1', 100);
    const before = l.anchor();
    expect(
      refusal(() =>
        l.append({ type: 'retire', ts: T(2), amount: 10, unit: 'g_CO2', from: 'user:a', ref: 'r', meta: {} }),
      ),
    ).toEqual({
      code: 'LEDGER_RECORD_INCOMPLETE',
      params: { type: 'retire', detail: 'meta.beneficiary is required' },
    });
    expect(l.anchor()).toEqual(before);
    expect(l.balances()['user:a']?.g_CO2).toMatchObject({ available: '100', retired: '0' });
  });

  it('emissions book no balance; an offset retires what it covers from the offsetting account', () => {
    const policy = registryPolicy(
      ruleSetWith({ offsets: { maxShare: '0.5', source: { document: 'test' }, grade: 'assumed' } }),
    );
    const l = new Ledger({ policy });
    gramsTo(l, 'platform', 'x1', 100);
    l.append({
      type: 'emissions',
      ts: T(2),
      amount: 1000,
      unit: 'g_CO2',
      from: 'org:steel',
      ref: 'report-2024',
      meta: { period: '2024', verifier: 'v' },
    });
    expect(Object.keys(l.balances())).toEqual(['platform']);
    // 1000 g × 0.5 = 500 g may be offset; 60 g from the platform's 100
    l.append({
      type: 'offset',
      ts: T(3),
      amount: 60,
      unit: 'g_CO2',
      from: 'platform',
      to: 'org:steel',
      ref: 'off',
      meta: { period: '2024' },
    });
    expect(l.balances()).toEqual({
      platform: { g_CO2: { available: '40', pending: '0', expired: '0', redeemed: '0', retired: '60' } },
    });
    // 41 > 40 held, with 60 retired: more than is held (retired grams are not named: grams have no identity)
    expect(
      refusal(() =>
        l.append({
          type: 'offset',
          ts: T(3),
          amount: 41,
          unit: 'g_CO2',
          from: 'platform',
          to: 'org:steel',
          ref: 'off2',
          meta: { period: '2024' },
        }),
      ).code,
    ).toBe('LEDGER_INSUFFICIENT');
  });

  it('a fold refusing an entry names no place: the entries were given without one', () => {
    const l = new Ledger();
    const es = [gramsTo(l, 'u', 'a', 10)];
    const e = errorOf(() => foldBalances([...es, { ...es[0]!, seq: 1 }]));
    expect(e.issues[0]).toMatchObject({ code: 'LEDGER_DOUBLE_CREDIT', path: [] });
  });
});

describe('a partition’s state numbers its tonnes in its own range', () => {
  const CERT = {
    verifier: 'v',
    vintage: '2024',
    methodology: 'm@1',
    factorSets: `sha256:${'0'.repeat(64)}`,
  };
  const TONNES = 10n ** 12n; // serial numbers a partition holds
  const certify = (amount: bigint, ref: string): Draft => ({
    type: 'certify',
    ts: T(2),
    amount,
    unit: 't_CO2',
    from: 'org:a',
    to: 'org:a',
    ref,
    meta: CERT,
  });

  it('partition 1 of 2 numbers from 10¹² + 1 to 2 × 10¹², and no further', () => {
    const l = new Ledger({ partitions: 2, partition: 1 });
    l.append({
      type: 'issue',
      ts: T(1),
      amount: (TONNES + 1n) * 1_000_000n,
      unit: 'g_CO2',
      to: 'org:a',
      ref: 'x',
    });
    // 10¹² + 1 t would end at 2 × 10¹² + 1, one beyond the partition
    expect(refusal(() => l.append(certify(TONNES + 1n, 'c0')))).toEqual({
      code: 'LEDGER_ENTRY_INVALID',
      params: { detail: "serial 2000000000001 is beyond the partition's last serial number 2000000000000" },
    });
    expect(l.append(certify(TONNES, 'c1')).meta?.serials).toBe('1000000000001-2000000000000');
  });

  it('partition 0 of 2 ends at 10¹²; a ledger of one partition has no end', () => {
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const one = new Ledger();
    for (const l of [p0, one])
      l.append({
        type: 'issue',
        ts: T(1),
        amount: (TONNES + 1n) * 1_000_000n,
        unit: 'g_CO2',
        to: 'org:a',
        ref: 'x',
      });
    expect(refusal(() => p0.append(certify(TONNES + 1n, 'c'))).code).toBe('LEDGER_ENTRY_INVALID');
    expect(one.append(certify(TONNES + 1n, 'c')).meta?.serials).toBe('1-1000000000001');
  });
});

describe('record refs: unique per kind', () => {
  it('a retried transfer or aggregation is refused at its ref; other kinds and activities do not clash', () => {
    // the ref store given to the ledger, to read back what it books
    const credited = new Map<string, number>();
    const l = new Ledger({ credited });
    l.append({ type: 'issue', ts: T(1), amount: 100, unit: 'g_CO2', to: 'a', ref: 'i1' });
    // an activity whose id reads like a record key: it sets unit bits on 'transfer:t1', never the record bit
    l.append({ type: 'issue', ts: T(1), amount: 100, unit: 'g_CO2', to: 'b', ref: 'transfer:t1' });
    const move = (type: 'transfer' | 'aggregate', from: string, ref: string) => () =>
      l.append({ type, ts: T(2), amount: 10, unit: 'g_CO2', from, to: 'pool', ref });
    move('transfer', 'a', 't1')();
    // the same transfer ref again, even from another account: refused at the ref, naming kind and ref
    const again = errorOf(move('transfer', 'b', 't1'));
    expect(again.issues[0]).toMatchObject({
      code: 'LEDGER_RECORD_DUPLICATE',
      path: ['ref'],
      params: { type: 'transfer', ref: 't1' },
    });
    // an aggregation's ref is unique per account it pools from: b may use 'g1' after a, a may not again
    move('aggregate', 'a', 'g1')();
    move('aggregate', 'b', 'g1')();
    expect(errorOf(move('aggregate', 'a', 'g1')).issues[0]).toMatchObject({
      code: 'LEDGER_RECORD_DUPLICATE',
      params: { type: 'aggregate', ref: 'g1' },
    });
    // a transfer may share an aggregation's from and ref: another kind
    move('transfer', 'a', 'g1')();
    // a: 100 − 10 (t1) − 10 (g1) − 10 (transfer g1) = 70; b: 100 − 10 (g1); the refusals moved nothing
    expect(l.balances().a?.g_CO2).toMatchObject({ available: '70' });
    expect(l.balances().b?.g_CO2).toMatchObject({ available: '90' });
    // the ref store: activities by their ref (unit bit of g_CO2: 2), records by kind (the record bit, 8), no other key
    expect([...credited.entries()].sort()).toEqual([
      ['aggregate:["a","g1"]', 8],
      ['aggregate:["b","g1"]', 8],
      ['i1', 2],
      ['transfer:g1', 8],
      ['transfer:t1', 2 | 8],
    ]);
  });

  it('a lot that never expires books no deadline', () => {
    const l = new Ledger();
    expect(l.state.deadlineTimes).toEqual([]);
    l.append({ type: 'issue', ts: T(1), amount: 5, unit: 'g_CO2', to: 'a', ref: 'i1' });
    expect(l.state.deadlineTimes).toEqual([]);
    expect(l.state.deadlines.size).toBe(0);
    // one expiring on the 10th books that instant
    l.append({ type: 'issue', ts: T(1), amount: 5, unit: 'point', to: 'a', ref: 'i1', expiresAt: T(10) });
    expect(l.state.deadlineTimes).toEqual([Date.parse(Z(10))]);
  });
});

describe('the legs of a record crossing partitions (docs/adr/0056-two-leg-booking.md)', () => {
  const EXPIRY = '2025-01-01T00:00:00.000Z';
  const AT = Date.parse(Z(3));
  /**
   * Partition 1's state: user:u1 holds 100 g expiring 2025-01-01, 50 g that never expire and 30 g expiring on the
   * 10th (credited in that order). The credited refs are one store shared with partition 0's state.
   */
  const payer = () => {
    const credited = new Map<string, number>();
    const s = new LedgerState(credited, undefined, 1);
    const credit = (ref: string, amount: string, expiresAt?: string) =>
      applyEntry(s, {
        seq: s.seq,
        type: 'issue',
        ts: Z(1),
        amount,
        unit: 'g_CO2',
        to: 'user:u1',
        ref,
        ...(expiresAt !== undefined ? { expiresAt } : {}),
      });
    credit('a', '100', EXPIRY);
    credit('b', '50');
    credit('c', '30', Z(10));
    return { s, credited };
  };
  /** A leg of a transfer of 120 g from user:u1 (partition 1) to user:u2 (partition 0) on the 3rd. */
  const leg = (
    side: 'debit' | 'credit',
    lots: string | undefined,
    change: Partial<EntryBody> = {},
  ): EntryBody =>
    ({
      seq: side === 'debit' ? 3 : 0,
      type: 'transfer',
      ts: Z(3),
      amount: '120',
      unit: 'g_CO2',
      from: 'user:u1',
      to: 'user:u2',
      ref: 't-1',
      leg: side,
      pair: side === 'debit' ? '0:0' : '1:3',
      partition: side === 'debit' ? 1 : 0,
      ...(lots !== undefined ? { lots } : {}),
      ...change,
    }) as EntryBody;
  // 120 g: the 30 g of the 10th, then 90 of the 100 g of 2025-01-01
  const LOTS = `30@${Z(10)},90@${EXPIRY}`;
  const refused = (f: () => unknown) => errorOf(f).issues.map((i) => [i.code, i.path, i.params]);

  it('lotsText: amount@expiry (never for none), joined by commas, in the order given', () => {
    expect(lotsText([])).toBe('');
    expect(
      lotsText([
        { expiresAt: Date.parse(EXPIRY), amount: 5n },
        { expiresAt: Number.POSITIVE_INFINITY, amount: 12345678901234567890n },
      ]),
    ).toBe(`5@${EXPIRY},12345678901234567890@never`);
  });

  it('lotsToTake: the usable lots a debit would take, earliest expiry first, changing nothing', () => {
    const { s } = payer();
    const before = balancesOf(s);
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 120n, AT)).toBe(LOTS);
    // one lot, in part; the first two whole
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 10n, AT)).toBe(`10@${Z(10)}`);
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 130n, AT)).toBe(`30@${Z(10)},100@${EXPIRY}`);
    // 30 + 100 + 50 = 180 usable: all of it, one more is too much
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 180n, AT)).toBe(`30@${Z(10)},100@${EXPIRY},50@never`);
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 181n, AT)).toBeUndefined();
    // at the instant the lot of the 10th expires it is no longer usable: 150 left
    const at10 = Date.parse(Z(10));
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 150n, at10)).toBe(`100@${EXPIRY},50@never`);
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 150n, at10 - 1)).toBe(`30@${Z(10)},100@${EXPIRY},20@never`);
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 151n, at10)).toBeUndefined();
    expect(lotsToTake(s, 'user:nobody', 'g_CO2', 1n, AT)).toBeUndefined();
    expect(lotsToTake(s, 'user:u1', 'point', 1n, AT)).toBeUndefined();
    expect(balancesOf(s)).toEqual(before);
    // still in the state: the lots of user:u1 only (none created for the accounts asked about)
    expect(Object.keys(balancesOf(s))).toEqual(['user:u1']);
  });

  it('a debit leg debits its payer only, stating exactly the lots it takes, and holds the ref', () => {
    const { s, credited } = payer();
    applyEntry(s, leg('debit', LOTS), ['line', 4]);
    // 180 − 120 = 60 g: 10 g of 2025-01-01 and 50 g never expiring; user:u2 gets nothing in this partition
    expect(balancesOf(s)).toEqual({
      'user:u1': { g_CO2: { available: '60', pending: '0', expired: '0', redeemed: '0', retired: '0' } },
    });
    expect(lotsToTake(s, 'user:u1', 'g_CO2', 60n, AT)).toBe(`10@${EXPIRY},50@never`);
    expect(credited.get('transfer:t-1')).toBe(8);
  });

  it('a debit leg stating other lots, or none, is refused at lots; one asking too much as the debit refuses it', () => {
    const { s, credited } = payer();
    const before = balancesOf(s);
    for (const lots of ['120@never', `90@${EXPIRY},30@${Z(10)}`, undefined])
      expect(refused(() => applyEntry(s, leg('debit', lots), ['line', 4]))).toEqual([
        [
          'LEDGER_ENTRY_INVALID',
          ['line', 4, 'lots'],
          { detail: `the debit leg takes the lots ${LOTS}, it states ${String(lots)}` },
        ],
      ]);
    expect(refused(() => applyEntry(s, leg('debit', '181@never', { amount: '181' }), ['line', 4]))).toEqual([
      [
        'LEDGER_INSUFFICIENT',
        ['line', 4],
        { account: 'user:u1', unit: 'g_CO2', available: '180', amount: '181' },
      ],
    ]);
    expect(balancesOf(s)).toEqual(before);
    expect(credited.has('transfer:t-1')).toBe(false);
  });

  it('a credit leg credits its payee exactly its lots, and is not refused for the ref its debit leg holds', () => {
    const { s, credited } = payer();
    applyEntry(s, leg('debit', LOTS));
    const s0 = new LedgerState(credited, undefined, 0);
    applyEntry(s0, leg('credit', LOTS), ['line', 4]);
    // user:u1 is not debited in partition 0 (it holds nothing there); user:u2 holds the two lots with their expiries
    expect(balancesOf(s0)).toEqual({
      'user:u2': { g_CO2: { available: '120', pending: '0', expired: '0', redeemed: '0', retired: '0' } },
    });
    expect(lotsToTake(s0, 'user:u2', 'g_CO2', 120n, AT)).toBe(LOTS);
    expect(credited.get('transfer:t-1')).toBe(8);
    // the ref is held (by the debit leg) for the ledger: a plain transfer of it in partition 0 is a retry
    expect(
      refused(() =>
        applyEntry(s0, {
          ...leg('credit', undefined),
          seq: 1,
          from: 'user:u2',
          to: 'user:u3',
          leg: undefined,
          pair: undefined,
          amount: '1',
        }),
      ),
    ).toEqual([['LEDGER_RECORD_DUPLICATE', ['ref'], { type: 'transfer', ref: 't-1' }]]);
    // an aggregate's credit leg too (its ref key is per source account)
    const agg = { type: 'aggregate', ref: 'g-1', amount: '5', to: 'org:e', lots: '5@never' } as const;
    credited.set(recordRefKey({ type: 'aggregate', from: 'user:u1', ref: 'g-1' }), 8);
    applyEntry(s0, { ...leg('credit', undefined), ...agg, seq: 1 });
    expect(balancesOf(s0)['org:e']?.g_CO2?.available).toBe('5');
  });

  it('a credit leg’s lots: each usable at the record’s time, in ascending expiry, adding up to the amount', () => {
    const s0 = new LedgerState(new Map(), undefined, 0);
    const NOT_USABLE = "a credit leg's lots are usable lots in ascending expiry, got";
    for (const lots of [
      undefined,
      '',
      'never',
      '120',
      '@never',
      '0@never',
      '012@never',
      '1x@never',
      '-120@never',
      '120@',
      '120@Never',
      '120@garbage',
      // not the ISO text of its instant
      '120@2025-01-01T00:00:00Z',
      '120@2025-01-01T08:00:00.000+08:00',
      // expiring at the record's instant (not usable then), or before it
      `120@${Z(3)}`,
      `120@${Z(2)}`,
      // not ascending: out of order, or one expiry twice
      `90@${EXPIRY},30@${Z(10)}`,
      '60@never,60@never',
      `60@${EXPIRY},60@${EXPIRY}`,
      // a good lot, then a bad one
      `30@${Z(10)},90@${EXPIRY},`,
      `30@${Z(10)},90`,
    ])
      expect(refused(() => applyEntry(s0, leg('credit', lots), ['line', 4]))).toEqual([
        ['LEDGER_ENTRY_INVALID', ['line', 4, 'lots'], { detail: `${NOT_USABLE} ${String(lots)}` }],
      ]);
    for (const [lots, sum] of [
      ['119@never', 119],
      ['121@never', 121],
      [`30@${Z(10)},89@${EXPIRY}`, 119],
      [`30@${Z(10)},90@${EXPIRY},1@never`, 121],
    ] as const)
      expect(refused(() => applyEntry(s0, leg('credit', lots), ['line', 4]))).toEqual([
        [
          'LEDGER_ENTRY_INVALID',
          ['line', 4, 'lots'],
          { detail: `a credit leg's lots add up to ${sum}, its amount is 120` },
        ],
      ]);
    expect(balancesOf(s0)).toEqual({});
    // a millisecond after the record's time is usable; three lots of 10 + 20 + 90 = 120
    const lots = `10@2024-05-03T00:00:00.001Z,20@${Z(10)},90@never`;
    applyEntry(s0, leg('credit', lots));
    expect(lotsToTake(s0, 'user:u2', 'g_CO2', 120n, AT)).toBe(lots);
  });

  it('a record’s ref key: an aggregate’s names its source account, none as empty', () => {
    expect(recordRefKey({ type: 'aggregate', ref: 'g', from: 'user:a' })).toBe('aggregate:["user:a","g"]');
    expect(recordRefKey({ type: 'aggregate', ref: 'g' })).toBe('aggregate:["","g"]');
    expect(recordRefKey({ type: 'transfer', ref: 'g', from: 'user:a' })).toBe('transfer:g');
  });
});
