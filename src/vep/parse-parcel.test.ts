import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { parcelSchema } from './schema';
import { quickParcelForTest } from './parse-parcel';

describe('parcel parsing', () => {
  it('property: whatever the quick check accepts, the zod schema accepts with the same areas', () => {
    const value = fc.oneof(
      fc.constantFrom('1', '0', '12.50', '-3', '1e3', ' 2', '', 'NaN', '0.000001'),
      fc.integer().map(String),
      fc.double({ noNaN: false }),
    );
    const unit = fc.constantFrom('hm2', 'mu', '亩', 'm2', 'km2', 'mm', 't', 'acre', '');
    const area = fc.oneof(
      fc.record({ value, unit }),
      fc.record({ value, unit, extra: fc.string() }),
      fc.string(),
    );
    const raw = fc.record(
      {
        id: fc.oneof(
          { weight: 5, arbitrary: fc.string({ minLength: 1, maxLength: 3 }) },
          fc.string({ maxLength: 3 }),
          fc.integer(),
        ),
        key: fc.constantFrom('hills', 'hills', 'bad key!', ''),
        package: fc.constantFrom('P1', 'P1', ''),
        areas: fc.dictionary(fc.constantFrom('shrub', 'forest.broadleaf', 'shrub', ''), area, { maxKeys: 3 }),
        rights: fc.array(
          fc.record({
            kind: fc.constantFrom('forest', 'forest', 'castle'),
            certificate: fc.constantFrom('c1', ''),
          }),
          {
            maxLength: 1,
          },
        ),
        encumbrances: fc.array(fc.record({ kind: fc.constantFrom('mortgage', 'mortgage', 'curse') }), {
          maxLength: 1,
        }),
        colour: fc.string(),
      },
      { requiredKeys: ['id', 'areas'] },
    );
    let accepted = 0;
    fc.assert(
      fc.property(raw, (r) => {
        const q = quickParcelForTest(r);
        if (q === undefined) return;
        accepted += 1;
        const z = parcelSchema.safeParse(r);
        expect(z.success).toBe(true);
        if (!z.success) return;
        // Same types, units and numbers (the quick path keeps the digits as written: "12.50" = 12.5).
        const fromZod = Object.entries(z.data.areas)
          .map(([type, a]) => `${type}|${a.unit}|${a.value.toFixed()}`)
          .sort();
        const fromQuick = q.areas.map((a) => `${a.type}|${a.unit}|${new Decimal(a.value).toFixed()}`).sort();
        expect(fromQuick).toEqual(fromZod);
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(0); // the property was not vacuous
  }, 60_000);
});
