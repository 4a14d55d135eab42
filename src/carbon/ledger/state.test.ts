import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { Ledger } from './ledger';

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
