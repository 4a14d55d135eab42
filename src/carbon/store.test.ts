import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../core/canonical';
import { type Entry, bodyOf } from './ledger/entry';
import { entryRow } from './store';

describe('entryRow', () => {
  it('stores as body the canonical JSON of the entry without prev and hash (no copy of the entry made)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 8 });
    const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.nat(),
          type: fc.constantFrom('issue', 'claim', 'expire', 'redeem', 'certify'),
          ts: text,
          amount: text,
          unit: fc.constantFrom('g_CO2', 'point', 't_CO2'),
          ref: text,
          from: optional(text),
          to: optional(text),
          availableFrom: optional(text),
          claimBy: optional(text),
          expiresAt: optional(text),
          partition: optional(fc.nat(64)),
          meta: optional(fc.dictionary(text, text, { maxKeys: 3 })),
          prev: text,
          hash: text,
        }),
        (r) => {
          // Absent members are absent, never undefined, in a stored entry.
          const e = Object.fromEntries(
            Object.entries(r).filter(([, v]) => v !== undefined),
          ) as unknown as Entry;
          expect(entryRow(e).body).toBe(canonicalJson(bodyOf(e)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
