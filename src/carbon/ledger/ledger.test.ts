import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { Ledger } from './ledger';

/** 2024-05-dd at 08:00 Beijing time (00:00Z). */
const T = (d: number) => `2024-05-${String(d).padStart(2, '0')}T08:00:00+08:00`;

describe('Ledger.expireDue: the instant it is given', () => {
  const bad = ['garbage', '2024-05-10', '2024-02-30T08:00:00+08:00', new Date(Number.NaN)] as const;

  it('refuses a time that is not an instant, on a ledger with nothing due (LEDGER_ENTRY_INVALID at ts)', () => {
    const l = new Ledger();
    for (const ts of bad) {
      const e = errorOf(() => l.expireDue(ts));
      expect(e.issues.map((i) => [i.code, i.path])).toEqual([['LEDGER_ENTRY_INVALID', ['ts']]]);
      expect(e.issues[0]?.message.en).toContain('ts is not an ISO 8601 time with its offset');
    }
    // nothing appended by the refusals
    expect(l.anchor().count).toBe(0);
  });

  it('refuses it on a ledger with lots to expire too, and changes nothing', () => {
    const l = new Ledger();
    l.append({ type: 'issue', ts: T(1), amount: 5, unit: 'point', to: 'u', ref: 'a', expiresAt: T(3) });
    for (const ts of bad) expect(errorOf(() => l.expireDue(ts)).issues[0]?.code).toBe('LEDGER_ENTRY_INVALID');
    expect(l.anchor().count).toBe(1);
    // a real instant still expires the lot: 5 points issued on the 1st, expiring on the 3rd, due on the 4th
    expect(l.expireDue(T(4)).map((e) => [e.type, e.from, e.amount])).toEqual([['expire', 'u', '5']]);
  });

  it('a valid instant on a ledger with nothing due returns no entries', () => {
    const l = new Ledger();
    expect(l.expireDue(T(4))).toEqual([]);
    expect(l.expireDue(new Date('2024-05-04T00:00:00Z'))).toEqual([]);
  });
});
