import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import type { Issue } from '../core/errors';
import { parcelSchema } from './schema';
import { parseParcel, quickParcelForTest, readParcel } from './parse-parcel';
import { squareRing as square } from '../../test/vep/helpers';

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

/** A parcel the quick check takes: one area, nothing else. */
const area = (value: string, unit: unknown = 'hm2') => ({ id: 'P1', areas: { shrub: { value, unit } } });
const quick = (raw: unknown) => quickParcelForTest(raw);
/** The quick check's parcel with every optional field absent. */
const plain = {
  id: 'P1',
  package: null,
  key: null,
  context: null,
  areas: [{ type: 'shrub', value: '1', unit: 'hm2' }],
  geometry: null,
  waterBodies: null,
  rights: [],
  encumbrances: [],
};

describe('the quick check', () => {
  it('takes a plain parcel as it is written, optional fields null or empty', () => {
    expect(quick(area('1'))).toStrictEqual(plain);
    expect(parseParcel(area('1'), ['line', 1])).toStrictEqual(plain);
    // The quick path keeps the digits as written (the schema would read "12.50" as "12.5").
    expect(parseParcel(area('12.50'), [])).toMatchObject({
      areas: [{ type: 'shrub', value: '12.50', unit: 'hm2' }],
    });
    const full = {
      id: 'P1',
      package: 'PK',
      key: 'hills',
      note: 'n',
      areas: {
        wetland: { value: '0.5', unit: 'mu' },
        forest: { value: '12.50', unit: '亩' },
        grass: { value: '3', unit: 'km2' },
      },
      rights: [{ kind: 'forest', certificate: 'C-1', holder: 'H' }, { kind: 'water' }],
      encumbrances: [{ kind: 'mortgage', ref: 'R-1', holder: 'Bank' }, { kind: 'lease' }],
    };
    // Areas sorted by type (forest < grass < wetland), the digits kept as written ("12.50"), the unit as parsed.
    expect(quick(full)).toStrictEqual({
      id: 'P1',
      package: 'PK',
      key: 'hills',
      context: null,
      areas: [
        { type: 'forest', value: '12.50', unit: 'mu' },
        { type: 'grass', value: '3', unit: 'km2' },
        { type: 'wetland', value: '0.5', unit: 'mu' },
      ],
      geometry: null,
      waterBodies: null,
      rights: [{ kind: 'forest', certificate: 'C-1', holder: 'H' }, { kind: 'water' }],
      encumbrances: [{ kind: 'mortgage', ref: 'R-1', holder: 'Bank' }, { kind: 'lease' }],
    });
  });

  it('declines what is not a plain object: null, arrays, functions, strings, numbers', () => {
    const a = { shrub: { value: '1', unit: 'hm2' } };
    expect(quick(null)).toBeUndefined();
    expect(quick('P1')).toBeUndefined();
    expect(quick(7)).toBeUndefined();
    expect(quick(Object.assign([], { id: 'P1', areas: a }))).toBeUndefined();
    expect(quick(Object.assign(() => 0, { id: 'P1', areas: a }))).toBeUndefined();
    expect(quick({ id: 'P1', areas: Object.assign([], a) })).toBeUndefined();
    expect(
      quick({ id: 'P1', areas: { shrub: Object.assign([], { value: '1', unit: 'hm2' }) } }),
    ).toBeUndefined();
    expect(quick({ id: 'P1', areas: { shrub: '1 hm2' } })).toBeUndefined();
    expect(quick({ id: 'P1', areas: 'shrub' })).toBeUndefined();
    expect(quick({ ...area('1'), rights: [Object.assign([], { kind: 'forest' })] })).toBeUndefined();
    expect(quick({ ...area('1'), rights: ['forest'] })).toBeUndefined();
    expect(quick({ ...area('1'), rights: [null] })).toBeUndefined();
    expect(quick({ ...area('1'), encumbrances: [Object.assign([], { kind: 'lease' })] })).toBeUndefined();
    expect(quick({ ...area('1'), encumbrances: [null] })).toBeUndefined();
    // null is refused by the schema, with the parcel's path.
    expect((parseParcel(null, ['line', 2]) as Issue[]).map((i) => [i.code, i.path])).toEqual([
      ['VEP_PARCEL_INVALID', ['line', 2]],
    ]);
  });

  it('declines keys it does not know, and ids, packages, keys and notes out of shape', () => {
    expect(quick({ ...area('1'), colour: 'red' })).toBeUndefined();
    expect(quick({ ...area('1'), context: {} })).toBeUndefined();
    expect(quick({ ...area('1'), geometry: null })).toBeUndefined();
    expect(quick({ ...area('1'), id: '' })).toBeUndefined();
    expect(quick({ ...area('1'), id: 7 })).toBeUndefined();
    // the length of an id or package is judged as read, after the quick check (parseParcel, below)
    expect(quick({ ...area('1'), id: 'x'.repeat(129) })).toMatchObject({ id: 'x'.repeat(129) });
    expect(quick({ ...area('1'), id: 'x' })).toMatchObject({ id: 'x' }); // 1: the least
    expect(quick({ ...area('1'), package: 'p' })).toMatchObject({ package: 'p' });
    expect(quick({ ...area('1'), package: 'p'.repeat(129) })).toMatchObject({ package: 'p'.repeat(129) });
    expect(quick({ ...area('1'), package: '' })).toBeUndefined();
    expect(quick({ ...area('1'), package: 5 })).toBeUndefined();
    expect(quick({ ...area('1'), package: ['p'] })).toBeUndefined(); // a list of length 1 is no text
    expect(quick({ ...area('1'), key: 'Az09_.:-' })).toMatchObject({ key: 'Az09_.:-' });
    expect(quick({ ...area('1'), key: 'k'.repeat(64) })).toMatchObject({ key: 'k'.repeat(64) });
    expect(quick({ ...area('1'), key: 'k' })).toMatchObject({ key: 'k' });
    for (const key of ['k'.repeat(65), '', 'bad key', ' k', 'k!', '!k', 5])
      expect(quick({ ...area('1'), key }), String(key)).toBeUndefined();
    expect(quick({ ...area('1'), note: 'n' })).toStrictEqual(plain);
    expect(quick({ ...area('1'), note: 5 })).toBeUndefined();
  });

  it('declines areas out of shape: no area, an empty type, a missing or extra field, a value or unit not plain', () => {
    expect(quick({ id: 'P1', areas: {} })).toBeUndefined();
    expect(quick({ id: 'P1', areas: { '': { value: '1', unit: 'hm2' } } })).toBeUndefined();
    expect(quick({ id: 'P1', areas: { shrub: { value: '1' } } })).toBeUndefined();
    expect(quick({ id: 'P1', areas: { shrub: { value: '1', unit: 'hm2', note: 'x' } } })).toBeUndefined();
    expect(quick({ id: 'P1', areas: { shrub: { value: '1', note: 'x' } } })).toBeUndefined(); // two fields, no unit
    expect(quick(area(1 as unknown as string))).toBeUndefined();
    for (const v of ['1.5', '12', '0.25', '100.125'])
      expect(quick(area(v))?.areas, v).toEqual([{ type: 'shrub', value: v, unit: 'hm2' }]);
    for (const v of ['1.', '.5', '1e3', '-1', '+1', ' 1', '1 ', 'a1', '1a', '1.5.5', '1.a', '', '١'])
      expect(quick(area(v)), v).toBeUndefined();
    for (const u of ['t', 'm', 'bogus', '', 5, null]) expect(quick(area('1', u)), String(u)).toBeUndefined();
    // A unit refused once is refused again (the unit cache keeps the refusal).
    expect(quick(area('1', 't'))).toBeUndefined();
    expect(quick(area('1', 'mu'))?.areas).toEqual([{ type: 'shrub', value: '1', unit: 'mu' }]);
    expect(quick(area('1', 'mu'))?.areas).toEqual([{ type: 'shrub', value: '1', unit: 'mu' }]);
  });

  it('holds plain digit strings to NUMBER_LIMITS (40 digits, exponent 20 down to -30)', () => {
    const takes = (v: string) => quick(area(v)) !== undefined;
    // Exponent of the leading digit: 21 digits before the point → 20, taken; 22 → 21, declined.
    expect(takes('1' + '0'.repeat(20))).toBe(true);
    expect(takes('1' + '0'.repeat(21))).toBe(false);
    // Leading zeros do not count toward the exponent: 2 zeros + 21 digits → exponent 20.
    expect(takes('00' + '1' + '0'.repeat(20))).toBe(true);
    expect(takes('00' + '1' + '0'.repeat(21))).toBe(false);
    expect(takes('99999999999999999999.5')).toBe(true); // exponent 19
    // 40 digits with a point (19 + 21) taken; 41 digits declined, with or without a point, whatever the exponent.
    expect(takes('1234567890123456789.012345678901234567890')).toBe(true);
    expect(takes('1234567890123456789.0123456789012345678901')).toBe(false);
    expect(takes('0'.repeat(20) + '1'.repeat(21))).toBe(false); // 41 digits, exponent 20
    expect(takes('0'.repeat(19) + '1'.repeat(21))).toBe(true); // 40 digits, exponent 20
    // Zero, however written.
    for (const z of ['0', '000', '0.0', '00.000']) expect(takes(z), z).toBe(true);
    // A zero of 36 digits is zero, not a leading digit at exponent -36.
    expect(takes('0.' + '0'.repeat(35))).toBe(true);
    // Fractions: 0.1 → exponent -1; 29 zeros then 1 → -30, taken; 30 zeros then 1 → -31, declined.
    expect(takes('0.1')).toBe(true);
    expect(takes('0.' + '0'.repeat(29) + '1')).toBe(true);
    expect(takes('0.' + '0'.repeat(30) + '1')).toBe(false);
    expect(takes('00.' + '0'.repeat(29) + '1')).toBe(true);
    expect(takes('00.' + '0'.repeat(30) + '1')).toBe(false);
    expect(takes('0.' + '0'.repeat(29) + '10')).toBe(true); // a trailing zero after the leading digit
    // The integer part decides when it has a leading digit, whatever the fraction.
    expect(takes('1.' + '0'.repeat(35) + '1')).toBe(true);
    // What the quick check declines the schema still reads: 41 digits, 21 significant, exponent 20.
    expect(parseParcel(area('0'.repeat(20) + '1'.repeat(21)), [])).toMatchObject({
      areas: [{ type: 'shrub', value: '1'.repeat(21), unit: 'hm2' }],
    });
  });

  it('takes rights and encumbrances of a known kind with their text fields, and declines the rest', () => {
    const r = (rights: unknown) => quick({ ...area('1'), rights });
    const e = (encumbrances: unknown) => quick({ ...area('1'), encumbrances });
    expect(r([])).toStrictEqual(plain);
    expect(r([{ kind: 'forest', certificate: 'c' }])?.rights).toEqual([{ kind: 'forest', certificate: 'c' }]);
    expect(r([{ kind: 'other', holder: 'h' }])?.rights).toEqual([{ kind: 'other', holder: 'h' }]);
    for (const bad of [
      { kind: 'forest' },
      'forest',
      [{ kind: 'castle' }],
      [{ kind: 5 }],
      [{}],
      [{ kind: 'forest', until: '2030-01-01' }],
      [{ kind: 'forest', ref: 'x' }],
      [{ kind: 'forest', '': 'x' }],
      [{ kind: 'forest', certificate: '' }],
      [{ kind: 'forest', holder: '' }],
      [{ kind: 'forest', holder: 5 }],
      [{ kind: 'forest', certificate: 5 }],
      [{ kind: 'forest', certificate: ['c'] }],
      [{ kind: 'forest' }, { kind: 'castle' }],
    ])
      expect(r(bad), JSON.stringify(bad)).toBeUndefined();
    expect(e([])).toStrictEqual(plain);
    expect(e([{ kind: 'pledge', ref: 'r' }])?.encumbrances).toEqual([{ kind: 'pledge', ref: 'r' }]);
    expect(e([{ kind: 'easement', holder: 'h' }])?.encumbrances).toEqual([{ kind: 'easement', holder: 'h' }]);
    // An until written as undefined is no date: taken.
    expect(e([{ kind: 'seizure', until: undefined }])?.encumbrances).toEqual([{ kind: 'seizure' }]);
    for (const bad of [
      { kind: 'lease' },
      'lease',
      [{ kind: 'curse' }],
      [{ kind: 5 }],
      [{}],
      [{ kind: 'lease', until: '2030-01-01' }],
      [{ kind: 'lease', from: '2020-01-01' }],
      [{ kind: 'lease', certificate: 'c' }],
      [{ kind: 'lease', '': 'x' }],
      [{ kind: 'lease', ref: '' }],
      [{ kind: 'lease', holder: '' }],
      [{ kind: 'lease', ref: 5 }],
      [{ kind: 'lease' }, { kind: 'curse' }],
    ])
      expect(e(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('the schema path and the id rule', () => {
  it('reads what the quick check declines: numbers, context, outline, water bodies, dated rights', () => {
    const context = { note: 'inline' };
    const geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [120, 30],
          [120.01, 30],
          [120.01, 30.01],
          [120, 30],
        ],
      ],
    };
    const waterBodies = { lakes: [] };
    const raw = {
      id: 'P1',
      package: 'PK',
      key: 'hills',
      context,
      areas: { wetland: { value: 2.5, unit: 'hm2' }, forest: { value: '12.50', unit: 'mu' } },
      geometry,
      waterBodies,
      rights: [{ kind: 'forest', until: '2030-12-31' }],
      encumbrances: [{ kind: 'lease', from: '2020-01-01', until: '2030-12-31' }],
    };
    expect(quick(raw)).toBeUndefined();
    const got = parseParcel(raw, ['line', 1]);
    // Areas sorted by type, values as decimal text (2.5 → "2.5", "12.50" → "12.5"); context and water bodies as given.
    expect(got).toStrictEqual({
      id: 'P1',
      package: 'PK',
      key: 'hills',
      context: { note: 'inline' },
      areas: [
        { type: 'forest', value: '12.5', unit: 'mu' },
        { type: 'wetland', value: '2.5', unit: 'hm2' },
      ],
      geometry,
      waterBodies: { lakes: [] },
      rights: [{ kind: 'forest', until: '2030-12-31' }],
      encumbrances: [{ kind: 'lease', from: '2020-01-01', until: '2030-12-31' }],
    });
    expect((got as { context: unknown }).context).toBe(context);
    expect((got as { waterBodies: unknown }).waterBodies).toBe(waterBodies);
    // Absent fields: null, or empty lists.
    expect(parseParcel({ id: 'P1', areas: { shrub: { value: 1, unit: 'hm2' } } }, [])).toStrictEqual(plain);
    // Without the depth check the schema path reads the same.
    expect(readParcel(raw, ['line', 1], false)).toStrictEqual(got);
  });

  it('refuses through the schema with the input in view: a wrong type is named, not read as missing', () => {
    const got = parseParcel({ id: 5, areas: { shrub: { value: Number.NaN, unit: 'hm2' } } }, [
      'line',
      6,
    ]) as Issue[];
    expect(got.map((i) => [i.code, i.path, i.params])).toEqual([
      ['VEP_PARCEL_INVALID', ['line', 6, 'id'], { detail: 'expected string, received number' }],
      ['NUMBER_NOT_FINITE', ['line', 6, 'areas', 'shrub', 'value'], { value: 'not a number' }],
    ]);
  });

  it('refuses through the schema with the parcel path', () => {
    const got = parseParcel({ id: 'P1', areas: { shrub: { value: '-1', unit: 'hm2' } } }, [
      'line',
      4,
    ]) as Issue[];
    expect(got.map((i) => i.path)).toEqual([['line', 4, 'areas', 'shrub', 'value']]);
  });

  it('trims and normalises the id on both paths, keeping the id as written; an id of white space is refused', () => {
    // Quick path: " P1 " → "P1"; full-width "ＰＫ１" → "PK1" (NFKC).
    expect(parseParcel({ ...area('1'), id: ' P1 ' }, [])).toStrictEqual({
      ...plain,
      id: 'P1',
      idWritten: ' P1 ',
    });
    expect(parseParcel({ ...area('1'), id: 'ＰＫ１' }, [])).toStrictEqual({
      ...plain,
      id: 'PK1',
      idWritten: 'ＰＫ１',
    });
    // Schema path (a number value).
    expect(parseParcel({ id: ' P1', areas: { shrub: { value: 1, unit: 'hm2' } } }, [])).toStrictEqual({
      ...plain,
      id: 'P1',
      idWritten: ' P1',
    });
    // Unchanged: no idWritten at all.
    expect(Object.keys(parseParcel(area('1'), []) as object)).not.toContain('idWritten');
    for (const raw of [
      { ...area('1'), id: '   ' },
      { id: '\t', areas: { shrub: { value: 1, unit: 'hm2' } } },
    ]) {
      const got = parseParcel(raw, ['line', 5]) as Issue[];
      expect(got.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_INVALID', ['line', 5, 'id']]]);
      expect(got[0]?.params).toMatchObject({ detail: 'the id is empty once white space is removed' });
    }
  });

  it('bounds the id and the package at 128 characters as read by the id rule, in code points, on both paths', () => {
    // both paths: the quick one (a string value) and the schema's (a number value)
    const paths = (fields: object) => [
      { ...area('1'), ...fields },
      { id: 'P1', areas: { shrub: { value: 1, unit: 'hm2' } }, ...fields },
    ];
    const refusal = (field: 'id' | 'package', n: number) => [
      [
        'VEP_PARCEL_INVALID',
        ['line', 2, field],
        `the ${field} is ${n} characters as read by the id rule (white space trimmed, NFKC), more than 128`,
      ],
    ];
    const got = (raw: object) =>
      (parseParcel(raw, ['line', 2]) as Issue[]).map((i) => [i.code, i.path, i.params?.detail]);
    // 128 letters with a space either side: 128 as read (trimmed), accepted; 129 letters refused
    for (const raw of paths({ id: ` ${'W'.repeat(128)} ` }))
      expect((parseParcel(raw, []) as { id: string }).id).toBe('W'.repeat(128));
    for (const raw of paths({ id: 'W'.repeat(129) })) expect(got(raw)).toEqual(refusal('id', 129));
    // ㍿ (1 character) is read as 株式会社 (4): 32 of them are 128, 33 are 132
    for (const raw of paths({ id: '㍿'.repeat(32) }))
      expect((parseParcel(raw, []) as { id: string }).id).toBe('株式会社'.repeat(32));
    for (const raw of paths({ id: '㍿'.repeat(33) })) expect(got(raw)).toEqual(refusal('id', 132));
    // 𠀀 is one character of two UTF-16 units: 128 of them are 128 characters
    for (const raw of paths({ id: '𠀀'.repeat(128) }))
      expect((parseParcel(raw, []) as { id: string }).id).toBe('𠀀'.repeat(128));
    for (const raw of paths({ id: '𠀀'.repeat(129) })) expect(got(raw)).toEqual(refusal('id', 129));
    // the package alike
    for (const raw of paths({ package: ` ${'p'.repeat(128)}` }))
      expect((parseParcel(raw, []) as { package: string }).package).toBe('p'.repeat(128));
    for (const raw of paths({ package: 'p'.repeat(129) })) expect(got(raw)).toEqual(refusal('package', 129));
  });

  it('refuses an id a spreadsheet wrote in scientific notation (VEP_ID_SCIENTIFIC), on both paths', () => {
    // 1.23E+11 and 1.23457e+11 are what Excel shows of 123456789012: the digits after the sixth are lost.
    for (const id of ['1.23E+11', '1.23457e+11', ' 1.23E+11 ', '１.２３Ｅ＋１１', '5E+3']) {
      for (const raw of [
        { ...area('1'), id },
        { id, areas: { shrub: { value: 1, unit: 'hm2' } } },
      ]) {
        const got = parseParcel(raw, ['line', 4]) as Issue[];
        expect(got.map((i) => [i.code, i.path, i.params])).toEqual([
          ['VEP_ID_SCIENTIFIC', ['line', 4, 'id'], { id: id.trim().normalize('NFKC') }],
        ]);
      }
    }
    // Not the display of a number: kept as ids.
    for (const id of ['123456789012', '1E3-07', 'E+11', '2.5E-3', '12.3E+4', 'A1.2E+3', '1.2E+'])
      expect((parseParcel({ ...area('1'), id }, []) as { id: string }).id).toBe(id);
  });

  it('reads the package, certificates and holders by the id rule on both paths, listing what it changed', () => {
    const rights = [
      { kind: 'forest', certificate: 'ＬＱ－１ ', holder: 'H' },
      { kind: 'forest', certificate: 'LQ-2', holder: 'H' },
      { kind: 'water', certificate: '\u3000', holder: ' 村集体 A' },
    ] as const;
    const raw = { ...area('1'), package: ' ＰＫ-A', rights };
    const text = JSON.stringify(raw);
    const read = {
      ...plain,
      package: 'PK-A',
      rights: [
        { kind: 'forest', certificate: 'LQ-1', holder: 'H' },
        { kind: 'forest', certificate: 'LQ-2', holder: 'H' },
        { kind: 'water', holder: '村集体 A' }, // a certificate of white space only is none
      ],
      normalised: [
        { path: ['package'], field: 'package', read: 'PK-A' },
        { path: ['rights', 0, 'certificate'], field: 'certificate', read: 'LQ-1' },
        { path: ['rights', 2, 'certificate'], field: 'certificate', read: '' },
        { path: ['rights', 2, 'holder'], field: 'holder', read: '村集体 A' },
      ],
    };
    // Quick path (no dates), then the schema path (a number value): the same reading.
    expect(quick(raw)).toBeDefined();
    const got = parseParcel(raw, []) as typeof read;
    expect(got).toStrictEqual(read);
    expect(parseParcel({ ...raw, areas: { shrub: { value: 1, unit: 'hm2' } } }, [])).toStrictEqual(read);
    // The record read is left as it was; a right the rule did not change is the one read.
    expect(JSON.stringify(raw)).toBe(text);
    expect(got.rights[1]).toBe(rights[1]);
    // A package of white space only is none; unchanged fields leave no list at all.
    expect(parseParcel({ ...area('1'), package: ' \t' }, [])).toStrictEqual({
      ...plain,
      normalised: [{ path: ['package'], field: 'package', read: '' }],
    });
    const same = { ...area('1'), package: 'PK-A', rights: [rights[1]] };
    expect(Object.keys(parseParcel(same, []) as object)).not.toContain('normalised');
    expect((parseParcel(same, []) as typeof read).rights[0]).toBe(rights[1]);
    // With the id changed too: both kept apart (idWritten, normalised).
    expect(parseParcel({ ...area('1'), id: 'P1 ', package: 'Ｐ' }, [])).toStrictEqual({
      ...plain,
      idWritten: 'P1 ',
      package: 'P',
      normalised: [{ path: ['package'], field: 'package', read: 'P' }],
    });
  });
});

describe('a parcel outline is checked where the parcel is read', () => {
  type Pt = [number, number];
  const withOutline = (coordinates: unknown, more: Record<string, unknown> = {}) => ({
    id: 'G1',
    areas: { shrub: { value: '1', unit: 'hm2' } },
    geometry: { type: 'Polygon', coordinates },
    ...more,
  });
  const codes = (r: ReturnType<typeof readParcel>) => (Array.isArray(r) ? r.map((i) => [i.code, i.path]) : r);

  it('a valid outline is kept; a bowtie is VEP_GEOMETRY_INVALID; an outline in Xinjiang written lat, lon is VEP_GEOMETRY_EXTENT', () => {
    const ok = readParcel(withOutline([square(120, 30, 0.01)]), ['line', 2], true);
    expect(Array.isArray(ok)).toBe(false);
    expect((ok as { geometry: unknown }).geometry).toEqual({
      type: 'Polygon',
      coordinates: [square(120, 30, 0.01)],
    });
    const bowtie: Pt[] = [
      [120, 30],
      [120.01, 30.01],
      [120.01, 30],
      [120, 30.01],
      [120, 30],
    ];
    expect(codes(readParcel(withOutline([bowtie]), ['line', 2], true))).toEqual([
      ['VEP_GEOMETRY_INVALID', ['line', 2, 'geometry', 'coordinates', 0]],
    ]);
    // lon 80, lat 40 written [40, 80]: every number in the degree range, every position outside China
    const swapped = square(80, 40, 0.01).map(([x, y]) => [y, x] as Pt);
    const [extent] = readParcel(withOutline([swapped]), ['line', 2], true) as Issue[];
    expect(extent?.code).toBe('VEP_GEOMETRY_EXTENT');
    expect(extent?.path).toEqual(['line', 2, 'geometry']);
  });

  it('coordinates in projected metres: one VEP_GEOMETRY_EXTENT for the outline where zod gave one issue per number, other problems kept in order', () => {
    // Gauss–Krüger (zone 39): 5 positions × 2 numbers beyond ±180 / ±90; the id is missing too (before the outline)
    // and the area is negative (after it)
    const gk = square(39_500_000, 3_300_000, 1000);
    const r = readParcel(
      {
        areas: { shrub: { value: '-1', unit: 'hm2' } },
        geometry: { type: 'Polygon', coordinates: [gk] },
        rights: 'none',
      },
      ['line', 7],
      true,
    ) as Issue[];
    // in the schema's order: the id, the area, the outline (once, where its first number was), the rights
    expect(r.map((i) => [i.code, i.path])).toEqual([
      ['VEP_PARCEL_INVALID', ['line', 7, 'id']],
      ['NEGATIVE_VALUE', ['line', 7, 'areas', 'shrub', 'value']],
      ['VEP_GEOMETRY_EXTENT', ['line', 7, 'geometry']],
      ['VEP_PARCEL_INVALID', ['line', 7, 'rights']],
    ]);
    // a parcel whose only problems lie elsewhere keeps zod's issues as they are
    const noId = readParcel(
      withOutline([square(120, 30, 0.01)], { id: undefined }),
      ['line', 8],
      true,
    ) as Issue[];
    expect(noId.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_INVALID', ['line', 8, 'id']]]);
    // a number too big outside the outline (an area of 10^40) is not an outline's: no VEP_GEOMETRY_EXTENT
    const big = readParcel(
      { id: 'B', areas: { shrub: { value: 1e40, unit: 'hm2' } } },
      ['line', 9],
      true,
    ) as Issue[];
    expect(big.map((i) => i.code)).not.toContain('VEP_GEOMETRY_EXTENT');
  });

  it('any other problem of the outline is given once, at the first place zod found it; different problems each once', () => {
    const ring = square(120, 30, 0.01).map(([x, y], k) => (k < 3 ? [x, y, 0, 0] : [x, y, 'high']));
    const r = readParcel(withOutline([ring, ring]), ['line', 3], true) as Issue[];
    expect(r.map((i) => [i.code, i.path, i.params?.detail])).toEqual([
      [
        'VEP_PARCEL_INVALID',
        ['line', 3, 'geometry', 'coordinates', 0, 0],
        'a position is [longitude, latitude] or [longitude, latitude, altitude]: 4 elements given',
      ],
      [
        'VEP_PARCEL_INVALID',
        ['line', 3, 'geometry', 'coordinates', 0, 3, 2],
        "an altitude (a position's third element) is a number, not string",
      ],
    ]);
  });
});
