import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { fastActivity, nonNegative } from './activity-fast';
import { BATCH_MEMO_MAX, BatchMemo } from './batch-memo';
import { parseInstant } from './time';

/** A Decimal's whole state (sign, exponent, digits): equal states are equal values written alike. */
const state = (d: Decimal | undefined) => (d === undefined ? undefined : [d.s, d.e, [...d.d]]);

/** Quantity texts: short repeated ones (the memo's case), invalid ones, long ones and numbers. */
const text = fc.oneof(
  fc.constantFrom('0', '-0', '1', '01', '2.5', '2.50', '-1', '1e3', ' 3 ', '.5', '1.', 'x', '', 'NaN'),
  fc.integer({ min: 0, max: 60 }).map((n) => (n / 10).toFixed(1)),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map((n) => `${n}.${n % 997n}`),
  fc.double(),
  fc.integer(),
);

describe('BatchMemo (per-batch decimal memos)', () => {
  it('nonNegative gives what a fresh read gives, first time, repeated and across clears', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 60 }), (values) => {
        const memo = new BatchMemo();
        for (const v of [...values, ...values, ...values])
          expect(state(memo.nonNegative(v))).toEqual(state(nonNegative(v)));
      }),
      { numRuns: 300 },
    );
    // More distinct texts than the table holds: it starts over and still answers as a fresh read.
    const memo = new BatchMemo();
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 3 * BATCH_MEMO_MAX; i++) {
        const v = `${i % (2 * BATCH_MEMO_MAX)}.${round}`;
        expect(memo.nonNegative(v)?.toFixed()).toBe(nonNegative(v)?.toFixed());
      }
    const kept = (memo as unknown as { decimals: Map<string, Decimal> }).decimals.size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(BATCH_MEMO_MAX);
  }, 60_000);

  it('instant gives parseInstant, repeated or not', () => {
    const ts = fc.constantFrom(
      '2024-05-01T08:00:00+08:00',
      '2024-05-01T00:00:00.000Z',
      '2024-02-30T08:00:00Z',
      '2024-05-01T08:00:00',
      '2024-05-01T24:00:00Z',
      'x',
      '',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(ts, fc.string({ maxLength: 26 })), { maxLength: 20 }), (list) => {
        const memo = new BatchMemo();
        for (const s of [...list, ...list.reverse()]) expect(memo.instant(s)).toBe(parseInstant(s));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('fastActivity with the memo parses exactly what it parses without', () => {
    const qty = (units: string[]) =>
      fc.record({ value: fc.oneof(text, fc.constant('12.5')), unit: fc.constantFrom(...units) });
    const line = fc.record(
      {
        id: fc.constantFrom('a1', 'a2', ' a3 '),
        user: fc.constantFrom('u1', 'ｕ２'),
        ts: fc.constantFrom(
          '2024-05-01T08:00:00+08:00',
          '2024-05-01T00:00:00.050Z',
          '2024-02-30T08:00:00Z',
          '',
        ),
        scenario: fc.constantFrom('bus', 'metro', 'shared_bike'),
        region: fc.constantFrom('420102', '440305', '4'),
        distance: qty(['km', 'm', 'pkm', 'x']),
        duration: qty(['min', 'h']),
        rides: text,
        steps: text,
      },
      { requiredKeys: ['id', 'user', 'ts', 'scenario'] },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const memo = new BatchMemo();
        for (const raw of [...lines, ...lines]) {
          const v = JSON.parse(JSON.stringify(raw)) as unknown;
          const withMemo = fastActivity(v, memo);
          const without = fastActivity(v);
          expect(withMemo).toEqual(without);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
