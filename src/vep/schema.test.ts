import { describe, expect, it } from 'vitest';
import {
  ENCUMBRANCE_KINDS,
  RIGHT_KINDS,
  contextSchema,
  isoDate,
  keyContextSchema,
  parcelSchema,
} from './schema';

/** The messages of a refused value (empty when it is accepted). */
const refusals = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, v: unknown) => {
  const r = schema.safeParse(v);
  if (r.success) return [];
  return (r.error as { issues: { message: string; path: PropertyKey[] }[] }).issues.map(
    (i) => `${i.path.join('.')}: ${i.message}`,
  );
};
const accepts = (schema: Parameters<typeof refusals>[0], v: unknown) => refusals(schema, v).length === 0;

const context = (over: Record<string, unknown> = {}) => ({
  region: { name: '东山县' },
  year: 2024,
  valuationDate: '2024-06-30',
  validityMonths: 12,
  ...over,
});
const parcel = (over: Record<string, unknown> = {}) => ({
  id: 'P1',
  areas: { forest: { value: '2.5', unit: 'hm2' } },
  ...over,
});

describe('isoDate', () => {
  it('takes a calendar date of the years 1900–2200, leap days included', () => {
    for (const d of ['2024-02-29', '1900-01-01', '2200-12-31', '2023-12-31'])
      expect(accepts(isoDate, d), d).toBe(true);
  });

  it('refuses a date that does not exist, another form, and years outside 1900–2200, with one message', () => {
    for (const d of [
      '2023-02-29',
      '2023-02-30',
      '2024-13-01',
      '2024-00-10',
      '2024-2-01',
      ' 2024-01-01',
      '2024-01-01x',
      '2024-01-01T00:00:00Z',
      '1899-12-31',
      '2201-01-01',
      '',
    ])
      expect(refusals(isoDate, d), d).toEqual([': not a calendar date YYYY-MM-DD of the years 1900–2200']);
  });
});

describe('contextSchema', () => {
  it('fills the defaults of a minimal context: no exclusions, keys or tables', () => {
    const c = contextSchema.parse(context());
    expect(c).toEqual({
      region: { name: '东山县' },
      year: 2024,
      valuationDate: '2024-06-30',
      validityMonths: 12,
      exclude: [],
      keys: {},
      tables: [],
    });
  });

  it('takes every optional field in range', () => {
    const c = contextSchema.parse(
      context({
        $schema: 'x',
        region: { name: '东山县', code: '361028' },
        baseYear: 2020,
        profile: 'jx-db36-1402-2021',
        exclude: ['R9'],
        areaTolerance: 1,
        minGrade: 'secondary',
        validityMonths: 120,
        keys: { 'hills_1.a:b-c': { note: 'n' }, ['k'.repeat(64)]: {} },
        note: 'n',
      }),
    );
    expect(c.areaTolerance).toBe(1);
    expect(Object.keys(c.keys)).toEqual(['hills_1.a:b-c', 'k'.repeat(64)]);
  });

  it('refuses unknown fields, an empty region name, and bounds outside their ranges', () => {
    expect(refusals(contextSchema, context({ extra: 1 }))).toEqual([': Unrecognized key: "extra"']);
    expect(refusals(contextSchema, context({ region: { name: 'a', x: 1 } }))).toEqual([
      'region: Unrecognized key: "x"',
    ]);
    expect(refusals(contextSchema, context({ region: { name: '' } }))).toHaveLength(1);
    expect(refusals(contextSchema, context({ region: { name: 'a', code: 'x' } }))).toHaveLength(1);
    for (const areaTolerance of [0, -0.1, 1.01])
      expect(refusals(contextSchema, context({ areaTolerance })), String(areaTolerance)).toHaveLength(1);
    for (const validityMonths of [0, 121, 1.5])
      expect(refusals(contextSchema, context({ validityMonths })), String(validityMonths)).toHaveLength(1);
    expect(accepts(contextSchema, context({ validityMonths: 1 }))).toBe(true);
    expect(refusals(contextSchema, context({ minGrade: 'good' }))).toHaveLength(1);
    expect(refusals(contextSchema, context({ profile: '' }))).toHaveLength(1);
    expect(refusals(contextSchema, context({ exclude: [''] }))).toHaveLength(1);
    expect(refusals(contextSchema, context({ valuationDate: '2024-02-30' }))).toEqual([
      'valuationDate: not a calendar date YYYY-MM-DD of the years 1900–2200',
    ]);
  });

  it('refuses a key name outside letters, digits and _ . : -, or longer than 64, saying what a name may hold', () => {
    for (const name of ['', 'a b', 'a/b', '东山', 'k'.repeat(65)]) {
      const r = contextSchema.safeParse(context({ keys: { [name]: {} } }));
      expect(r.success, name).toBe(false);
      // zod reports a bad record key as such, with the key schema's own issue inside it
      const [i] = (r.error?.issues ?? []) as unknown as {
        code: string;
        path: unknown[];
        issues: { message: string }[];
      }[];
      expect(i?.code).toBe('invalid_key');
      expect(i?.path).toEqual(['keys', name]);
      expect(i?.issues.map((n) => n.message)).toEqual(['letters, digits, _ . : - (1–64)']);
    }
  });
});

describe('keyContextSchema', () => {
  it('holds the area-driven records of an account input and a note, nothing else', () => {
    expect(accepts(keyContextSchema, { note: 'n' })).toBe(true);
    expect(refusals(keyContextSchema, { areas: {} })).toEqual([': Unrecognized key: "areas"']);
  });
});

describe('parcelSchema', () => {
  it('fills no rights and no encumbrances by default', () => {
    expect(parcelSchema.parse(parcel())).toEqual({
      id: 'P1',
      areas: { forest: { value: expect.anything(), unit: 'hm2' } },
      // the account input's own default of waterBodies: no lakes, reservoirs or wetlands
      waterBodies: { lakes: [], reservoirs: [], wetlands: [] },
      rights: [],
      encumbrances: [],
    });
  });

  it('refuses a parcel without an area, with what it needs', () => {
    expect(refusals(parcelSchema, parcel({ areas: {} }))).toEqual([
      'areas: at least one ecosystem type with its area',
    ]);
    expect(refusals(parcelSchema, parcel({ areas: { '': { value: '1', unit: 'hm2' } } }))).toHaveLength(1);
  });

  it('bounds the id, package and key, and refuses unknown fields', () => {
    // the id's and package's length is judged as read by the id rule (parseParcel), not here
    expect(accepts(parcelSchema, parcel({ id: 'i'.repeat(129), package: 'p'.repeat(129), key: 'k1' }))).toBe(
      true,
    );
    for (const over of [{ id: '' }, { package: '' }, { key: 'a b' }, { extra: 1 }])
      expect(refusals(parcelSchema, parcel(over)), JSON.stringify(over)).toHaveLength(1);
  });

  it('takes rights and encumbrances of the listed kinds, with their dates; refuses others', () => {
    const p = parcelSchema.parse(
      parcel({
        rights: [{ kind: 'forest', certificate: 'LQ-1', holder: '甲', until: '2050-12-31' }],
        encumbrances: [
          { kind: 'pledge', ref: 'Z-1', holder: '银行', from: '2024-01-01', until: '2026-12-31' },
        ],
      }),
    );
    expect(p.rights).toEqual([{ kind: 'forest', certificate: 'LQ-1', holder: '甲', until: '2050-12-31' }]);
    expect(p.encumbrances[0]?.kind).toBe('pledge');
    for (const over of [
      { rights: [{ kind: 'lien' }] },
      { rights: [{ kind: 'forest', certificate: '' }] },
      { rights: [{ kind: 'forest', holder: '' }] },
      { rights: [{ kind: 'forest', until: '2050-02-30' }] },
      { rights: [{ kind: 'forest', x: 1 }] },
      { encumbrances: [{ kind: 'lien' }] },
      { encumbrances: [{ kind: 'pledge', ref: '' }] },
      { encumbrances: [{ kind: 'pledge', holder: '' }] },
      { encumbrances: [{ kind: 'pledge', from: '2024-1-1' }] },
      { encumbrances: [{ kind: 'pledge', until: '2201-01-01' }] },
      { encumbrances: [{ kind: 'pledge', x: 1 }] },
    ])
      expect(refusals(parcelSchema, parcel(over)), JSON.stringify(over)).toHaveLength(1);
  });

  it('lists the kinds of rights and of encumbrances as docs/vep.md does', () => {
    expect(RIGHT_KINDS).toEqual([
      'forest',
      'land-contract',
      'land-management',
      'homestead',
      'water',
      'house',
      'ecological-rights',
      'other',
    ]);
    expect(ENCUMBRANCE_KINDS).toEqual(['mortgage', 'pledge', 'lease', 'seizure', 'easement', 'other']);
    for (const kind of RIGHT_KINDS)
      expect(accepts(parcelSchema, parcel({ rights: [{ kind }] })), kind).toBe(true);
    for (const kind of ENCUMBRANCE_KINDS)
      expect(accepts(parcelSchema, parcel({ encumbrances: [{ kind }] })), kind).toBe(true);
  });
});
