import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import type { Issue } from '../core/errors';
import { parcelSchema } from './schema';
import { parseParcel, quickParcelForTest, readParcel } from './parse-parcel';

/** Plain digit strings at and past NUMBER_LIMITS (40 significant digits, exponent 20 down to -30, 100 characters). */
const AT_LIMITS = [
  '12.3456789012345678901234567890123456789012', // 42 significant digits: too precise
  '12345678901234567890.12345678901234567891', // 40 significant digits, exponent 19: accepted
  '0.0000000000000000000000000000001', // 1e-31: out of range
  '0.000000000000000000000000000001', // 1e-30: accepted
  '2000000000000000000000', // 2e21: out of range
  '200000000000000000000', // 2e20: accepted
  '0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001', // 103 characters: too long
  '1.00000000000000000000000000000000000000000000000', // 49 characters, 1 significant digit: accepted
];

describe('parcel parsing', () => {
  it('property: whatever the quick check accepts, the zod schema accepts with the same areas', () => {
    const value = fc.oneof(
      fc.constantFrom('1', '0', '12.50', '-3', '1e3', ' 2', '', 'NaN', '0.000001'),
      fc.constantFrom(...AT_LIMITS),
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

  it('a plain digit string outside NUMBER_LIMITS is refused as the schema refuses it, never taken fast', () => {
    const cases: [string, string | undefined][] = [
      ['12.3456789012345678901234567890123456789012', 'NUMBER_TOO_PRECISE'],
      ['0.0000000000000000000000000000001', 'NUMBER_OUT_OF_RANGE'],
      ['2000000000000000000000', 'NUMBER_OUT_OF_RANGE'],
      ['0'.repeat(100) + '1', 'NUMBER_TOO_LONG'],
      ['12345678901234567890.12345678901234567891', undefined],
      ['1234567890123456789012345678901234567890', 'NUMBER_OUT_OF_RANGE'], // exponent 39
      ['0.000000000000000000000000000001', undefined],
      ['200000000000000000000', undefined],
    ];
    for (const [value, code] of cases) {
      const raw = { id: 'P1', key: 'hills', areas: { shrub: { value, unit: 'hm2' } } };
      const got = parseParcel(raw, ['line', 1]);
      if (code === undefined) {
        expect(Array.isArray(got), value).toBe(false);
        expect(quickParcelForTest(raw), value).toBeDefined();
      } else {
        expect(quickParcelForTest(raw), value).toBeUndefined();
        expect(Array.isArray(got), value).toBe(true);
        expect((got as { params?: { gepkit?: string }; code: string }[]).map((i) => i.code)).toContain(code);
      }
    }
  });

  it('a record nested deeper than 100 levels is INPUT_TOO_DEEP at level 101, not a stack overflow; lines are not checked', () => {
    // {x: {x: … 100,000 levels}} under "note": the path is the line, "note", then "x" 99 times (100 steps from the
    // record, whose own level is the first).
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { x: deep };
    const raw = { id: 'P1', key: 'hills', areas: { shrub: { value: '1', unit: 'hm2' } }, note: deep };
    const got = parseParcel(raw, ['line', 3]) as Issue[];
    expect(got.map((i) => i.code)).toEqual(['INPUT_TOO_DEEP']);
    expect(got[0]?.path).toEqual(['line', 3, 'note', ...Array.from({ length: 99 }, () => 'x')]);
    expect(got[0]?.params).toEqual({ file: 'the parcel', limit: 100 });
    // 100 levels (the record and 99 below it) pass the check: the schema refuses the note that is no string.
    let hundred: Record<string, unknown> = {};
    for (let i = 0; i < 98; i++) hundred = { x: hundred };
    const ok = parseParcel({ ...raw, note: hundred }, ['line', 3]) as Issue[];
    expect(ok.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_INVALID', ['line', 3, 'note']]]);
    // Without the check (a record JSON.parse made of a line) the schema refuses it the same way, at "note".
    const unchecked = readParcel(raw, ['line', 3], false) as Issue[];
    expect(unchecked.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_INVALID', ['line', 3, 'note']]]);
    // The quick path's records are never walked: a plain parcel is read as before.
    expect(parseParcel({ id: 'P2', areas: { shrub: { value: '1', unit: 'hm2' } } }, [])).toMatchObject({
      id: 'P2',
    });
  });
});
