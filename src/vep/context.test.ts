import { describe, expect, it } from 'vitest';
import { exampleContext } from '../../test/vep/helpers';
import { bundledTable } from '../coefficients/bundled';
import { contentHash } from '../core/canonical';
import { GepError, type Issue } from '../core/errors';
import {
  KEY_FIELDS,
  type Prepared,
  engineInput,
  engineOptions,
  isPrepared,
  parcelRecords,
  prepareContext,
  repoint,
  validUntil,
} from './context';
import type { Parcel } from './schema';

type Json = Record<string, unknown>;
const ctx = exampleContext() as Json & { keys: Record<string, Json>; tables: unknown[] };
/** The example context prepared, inside each test (so that a mutant under test is active when it runs). */
const base = (): Prepared => prepareContext(ctx);

function errorOf(f: () => unknown): GepError {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('no GepError thrown');
}

/** A parcel record as parseParcel makes it, with only what the functions under test read. */
function parcel(over: Partial<Parcel> = {}): Parcel {
  return {
    id: 'P1',
    package: null,
    key: 'hills',
    context: null,
    areas: [],
    geometry: null,
    waterBodies: null,
    rights: [],
    encumbrances: [],
    ...over,
  };
}

const engineIssue = (path: Issue['path']): Issue => ({
  code: 'NEGATIVE_VALUE',
  severity: 'error',
  path,
  message: { zh: '不能为负数', en: 'cannot be negative' },
  hint: 'Correct the sign.',
  params: { what: 'x', value: '-1' },
});

/** The indicators of the default profile (jx-db36-1402-2021) whose methods cannot apply to parcels. */
const NOT_PARCEL = [
  ['M1', 'material-products/market-value@1'],
  ['M2', 'material-products/market-value@1'],
  ['M3', 'material-products/market-value@1'],
  ['M4', 'material-products/market-value@1'],
  ['M5', 'water-supply/market-value@1'],
  ['M6', 'ecological-energy/market-value@1'],
  ['R4', 'water-purification/treatment-cost@1'],
  ['R5', 'air-purification/treatment-cost@1'],
  ['C1', 'recreation/travel-cost@1'],
  ['C2', 'landscape/hedonic@1'],
] as const;

describe('prepareContext', () => {
  it('an exclude code the profile lacks is INDICATOR_UNKNOWN at context.exclude[i]', () => {
    const e = errorOf(() => prepareContext({ ...ctx, exclude: ['R9', 'R99'] }));
    expect(e.issues.map((i) => [i.code, i.path, i.params?.suggestion])).toEqual([
      ['INDICATOR_UNKNOWN', ['context', 'exclude', 1], 'R9'],
    ]);
  });

  it('names and hashes what the valuation rests on', () => {
    const p = base();
    const { hash, ...body } = p.basis;
    expect(hash).toBe(contentHash(body));
    expect(body).toMatchObject({
      kind: 'vep-valuation-basis',
      region: { name: '示例县 Example county (illustrative)', code: '361099' },
      year: 2023,
      // no baseYear: prices of the accounting year
      priceYear: 2023,
      valuationDate: '2024-03-31',
      // 2024-03-31 + 12 months = 2025-03-31, less one day
      validUntil: '2025-03-30',
      profile: {
        id: 'jx-db36-1402-2021-parcel',
        version: '0.3.1',
        hash: p.profile.hash,
        derivedFrom: { ref: 'jx-db36-1402-2021@0.3.1' },
      },
      classification: { ref: 'jx-ecosystem-types@1.0.0' },
      priceIndex: { ref: 'cn-cpi-1978@1.0.0' },
      rounding: 'fen (0.01 yuan), half to even, per indicator and ecosystem type of each parcel',
      minGrade: null,
    });
    expect(body.indicators).toEqual([
      { code: 'R1', method: 'water-conservation/water-balance@1' },
      { code: 'R2', method: 'soil-retention/rusle@1' },
      { code: 'R3', method: 'flood-regulation/storage@1' },
      { code: 'R6', method: 'carbon-sequestration/nep@1' },
      { code: 'R7', method: 'oxygen-release/molar@1' },
      { code: 'R8', method: 'climate-regulation/energy@1' },
      { code: 'R9', method: 'negative-ions/forestry@1' },
    ]);
    expect(body.excluded).toEqual(
      NOT_PARCEL.map(([code, m]) => ({ code, reason: `not parcel-level (${m})` })),
    );
    // the profile's bundled tables, each by ref with its content hash
    expect(body.tables.map((t) => t.ref)).toEqual([
      'runoff-coefficients-redline@1.0.0',
      'rcees-2013-reference@1.4.0',
      'cn-environmental-tax-2018@1.2.0',
      'flood-lake-pairs@1.1.0',
      'cn-carbon-market@1.1.0',
      'photosynthesis-stoichiometry@1.1.0',
      'county-platform-constants@1.1.0',
      'lyt-1721-2008@1.3.0',
    ]);
    expect(body.tables.map((t) => t.hash)).toEqual(p.profile.tables.map((id) => bundledTable(id).hash));
    expect(body.userTables).toEqual([{ ref: 'example-local@1.0.0', hash: contentHash(ctx.tables[0]) }]);
    expect(p.classificationRef).toBe('jx-ecosystem-types@1.0.0');
    expect(p.classification.has('forest.broadleaf')).toBe(true);
    expect(p.classification.has('forest')).toBe(false);
  });

  it('takes the price year from baseYear, a region without code as null, and minGrade as given', () => {
    const region = { name: 'Somewhere' };
    const p = prepareContext({ ...ctx, baseYear: 2020, region, minGrade: 'secondary' });
    expect(p.basis).toMatchObject({ year: 2023, priceYear: 2020, region: { name: 'Somewhere', code: null } });
    expect(p.basis.minGrade).toBe('secondary');
    expect(p.basis.hash).not.toBe(base().basis.hash);
  });

  it('keeps each key by name in sorted order, with the engine fields only, and hashes it', () => {
    const { hills, valley } = ctx.keys as { hills: Json; valley: Json };
    const { airIons: _a, ...noIons } = valley;
    const p = prepareContext({ ...ctx, keys: { valley: noIons, hills } });
    expect([...p.keys.keys()]).toEqual(['hills', 'valley']);
    const h = p.keys.get('hills');
    // the note is not an engine field
    expect(h).toEqual({
      climate: hills.climate,
      soilFactors: hills.soilFactors,
      productivity: hills.productivity,
      airIons: hills.airIons,
    });
    expect(Object.keys(p.keys.get('valley') ?? {})).toEqual(['climate', 'soilFactors', 'productivity']);
    expect(p.basis.keys).toEqual([
      { key: 'hills', hash: contentHash(h) },
      { key: 'valley', hash: contentHash(p.keys.get('valley')) },
    ]);
    expect(KEY_FIELDS).toEqual(['climate', 'soilFactors', 'productivity', 'airIons']);
  });

  it('warns of each indicator left out as not parcel-level, not of those the context excludes', () => {
    const warnings = base().warnings;
    expect(warnings.map((w) => [w.code, w.path, w.params])).toEqual(
      NOT_PARCEL.map(([indicator, method]) => [
        'VEP_METHOD_NOT_PARCEL',
        ['context', 'profile'],
        { indicator, method },
      ]),
    );
    expect(warnings[4]?.message).toEqual({
      en: 'Indicator M5: method water-supply/market-value@1 cannot apply to parcels; it is left out of the parcel valuation',
      zh: '指标 M5 的方法 water-supply/market-value@1 不能用于地块估值，已从地块估值中排除',
    });
    const p = prepareContext({ ...ctx, exclude: ['R9', 'R2'] });
    // the indicators the context excludes, in the profile's order
    expect(p.basis.excluded.filter((l) => !l.reason.startsWith('not parcel-level'))).toEqual([
      { code: 'R2', reason: 'excluded by the valuation context' },
      { code: 'R9', reason: 'excluded by the valuation context' },
    ]);
    expect(p.basis.indicators.map((i) => i.code)).toEqual(['R1', 'R3', 'R6', 'R7', 'R8']);
    expect(p.warnings).toHaveLength(NOT_PARCEL.length);
  });

  it('refuses a context nested past 100 levels before reading it, at the deep place', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 120; i++) deep = [deep];
    const { valuationDate: _d, ...noDate } = ctx;
    const e = errorOf(() => prepareContext({ ...noDate, tables: [deep] }));
    expect(e.issues).toHaveLength(1);
    // the root is level 1, tables level 2, its first element level 3: the array at level 101 is at 'tables' and
    // 99 indices
    expect(e.issues[0]).toMatchObject({
      code: 'INPUT_TOO_DEEP',
      path: ['context', 'tables', ...Array<number>(99).fill(0)],
      params: { file: 'the valuation context', limit: 100 },
      message: {
        en: 'the valuation context nests objects and arrays more than 100 levels deep',
        zh: '估值上下文 中的对象与数组嵌套超过 100 层',
      },
    });
  });

  it('refuses a valuation date before the data year begins; warns one more than 5 years after it ends', () => {
    // the example: year 2023, valued 2024-03-31
    expect(ctx.year).toBe(2023);
    expect(prepareContext({ ...ctx, valuationDate: '2023-01-01' }).warnings).toHaveLength(NOT_PARCEL.length);
    const e = errorOf(() => prepareContext({ ...ctx, valuationDate: '2022-12-31' }));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'VEP_CONTEXT_INVALID',
        ['context', 'valuationDate'],
        { detail: 'the valuation date 2022-12-31 is before the data year 2023 begins (2023-01-01)' },
      ],
    ]);
    expect(e.issues[0]?.message.zh).toBe(
      '估值上下文（context）格式错误：估值基准日 2022-12-31 早于数据年份 2023 年的开始（2023-01-01）',
    );
    // the reviewer's typo: 2014 for 2024
    expect(errorOf(() => prepareContext({ ...ctx, valuationDate: '2014-03-31' })).issues[0]?.code).toBe(
      'VEP_CONTEXT_INVALID',
    );
    // 2028-12-31 is 5 years after 2023 ends: not warned; a day later is
    const old = (valuationDate: string) =>
      prepareContext({ ...ctx, valuationDate })
        .warnings.filter((w) => w.code === 'VEP_DATA_OLD')
        .map((w) => [w.path, w.params, w.message.en]);
    expect(old('2028-12-31')).toEqual([]);
    expect(old('2029-01-01')).toEqual([
      [
        ['context', 'valuationDate'],
        { date: '2029-01-01', year: 2023, years: 5, latest: '2028-12-31' },
        "The valuation date 2029-01-01 is more than 5 years after the data year 2023 ends (after 2028-12-31): the valuation rests on 2023's data",
      ],
    ]);
    // first among the context's warnings, in the basis as given
    const p = prepareContext({ ...ctx, valuationDate: '2034-03-31' });
    expect(p.warnings[0]?.code).toBe('VEP_DATA_OLD');
    expect(p.basis.valuationDate).toBe('2034-03-31');
  });

  it('refuses a context out of shape at its place, with what was given', () => {
    const e = errorOf(() => prepareContext({ ...ctx, region: { name: 5 } }));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['VEP_CONTEXT_INVALID', ['context', 'region', 'name'], { detail: 'expected string, received number' }],
    ]);
    expect(e.issues[0]?.message.en).toBe('Invalid valuation context: expected string, received number');
  });
  it('refuses a year or base year the price index lacks, once, at the context, before any parcel', () => {
    const at = (c: unknown) =>
      errorOf(() => prepareContext(c)).issues.map((i) => [i.code, i.path, i.params?.year]);
    // the bundled CPI ends with 2025: every parcel's prices would be moved to a level it does not give
    expect(at({ ...ctx, year: 2027, valuationDate: '2027-06-01' })).toEqual([
      ['PRICE_INDEX_YEAR_MISSING', ['context', 'year'], 2027],
    ]);
    expect(at({ ...ctx, baseYear: 2030 })).toEqual([
      ['PRICE_INDEX_YEAR_MISSING', ['context', 'baseYear'], 2030],
    ]);
    // years the index gives are prepared
    expect(
      prepareContext({ ...ctx, year: 2025, valuationDate: '2025-06-01', baseYear: 2015 }).basis.priceYear,
    ).toBe(2015);
  });

  it('refuses a context whose table cannot be loaded, once, at context.tables[i], before any parcel', () => {
    const table = ctx.tables[0] as Json & { records: Json[] };
    const withTables = (...tables: unknown[]) => ({ ...ctx, tables });
    const codes = (c: unknown) => errorOf(() => prepareContext(c)).issues.map((i) => [i.code, i.path]);
    // a unit no catalogue has: the table's own error, at its place in the context
    const badUnit = {
      ...table,
      records: [{ ...table.records[0], unit: 't_per_m3x' }, ...table.records.slice(1)],
    };
    const e = errorOf(() => prepareContext(withTables(badUnit)));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['TABLE_INVALID', ['context', 'tables', 0, 'records', 0, 'unit']],
    ]);
    expect(e.issues[0]?.message.en).toBe(
      'Invalid coefficient table: a unit of the catalogue (docs/units.md) or a price unit money/unit such as yuan/m3; received "t_per_m3x"',
    );
    // the second table is tables[1]; a valid first one does not hide it
    expect(codes(withTables(table, badUnit))).toEqual([
      ['TABLE_INVALID', ['context', 'tables', 1, 'records', 0, 'unit']],
    ]);
    // a record given twice (key and scope), a bundled table's id, an overlay of a table the profile lacks
    expect(codes(withTables({ ...table, records: [...table.records, table.records[1]] }))).toEqual([
      ['TABLE_DUPLICATE_RECORD', ['context', 'tables', 0, 'records', table.records.length]],
    ]);
    expect(codes(withTables({ ...table, id: 'lyt-1721-2008' }))).toEqual([
      ['TABLE_ID_RESERVED', ['context', 'tables', 0, 'id']],
    ]);
    expect(codes(withTables(table, { ...table, id: 'local-overlay', overlays: 'no-such-table' }))).toEqual([
      ['OVERLAY_TARGET_UNKNOWN', ['context', 'tables', 1, 'overlays']],
    ]);
  });
});

describe('parcelRecords', () => {
  it("gives the key's records, or none without a key or for a key not held", () => {
    const p = base();
    expect(parcelRecords(p, parcel())).toBe(p.keys.get('hills'));
    expect(parcelRecords(p, parcel({ key: 'valley' }))).toBe(p.keys.get('valley'));
    expect(parcelRecords(p, parcel({ key: null }))).toEqual({});
    expect(parcelRecords(p, parcel({ key: 'nowhere' }))).toEqual({});
  });

  it("replaces the key's fields by the inline context's, field by field, engine fields only", () => {
    const climate = [{ precipitation: { value: '1', unit: 'mm' } }];
    const p = base();
    const hills = p.keys.get('hills') as Json;
    const r = parcelRecords(p, parcel({ context: { climate, note: 'x', airIons: undefined } }));
    expect(r).toEqual({ ...hills, climate });
    expect(r.soilFactors).toBe(hills.soilFactors);
    expect('note' in r).toBe(false);
    expect(parcelRecords(p, parcel({ key: null, context: { climate } }))).toEqual({ climate });
  });

  it("adds the parcel's water bodies", () => {
    const waterBodies = { lakes: [{ name: 'L' }] };
    const p = base();
    expect(parcelRecords(p, parcel({ waterBodies }))).toEqual({ ...p.keys.get('hills'), waterBodies });
    expect(parcelRecords(p, parcel({ key: null, waterBodies }))).toEqual({ waterBodies });
  });
});

describe('engineInput and engineOptions', () => {
  const areas = [
    { type: 'forest.broadleaf', value: '2.5', unit: 'hm2' },
    { type: 'shrub', value: '30', unit: 'mu' },
  ];

  it('makes an account input of one unit: the region, the year, one row per type and the records', () => {
    const records = { climate: [] };
    expect(engineInput(base(), records, areas)).toEqual({
      region: { name: '示例县 Example county (illustrative)', code: '361099', level: 'unit' },
      year: 2023,
      ecosystems: [
        { type: 'forest.broadleaf', area: { value: '2.5', unit: 'hm2' } },
        { type: 'shrub', area: { value: '30', unit: 'mu' } },
      ],
      climate: [],
    });
    const noCode = prepareContext({ ...ctx, region: { name: 'N' } });
    const region = engineInput(noCode, {}, areas).region as Json;
    expect(region).toEqual({ name: 'N', level: 'unit' });
    expect('code' in region).toBe(false);
  });

  it('values with the parcel profile at the price year, every digit, the minimum grade when given', () => {
    const p = base();
    expect(engineOptions(p)).toEqual({
      profile: p.profile,
      baseYear: 2023,
      tables: ctx.tables,
      rounding: 'exact',
    });
    expect('minGrade' in engineOptions(p)).toBe(false);
    const q = prepareContext({ ...ctx, baseYear: 2019, minGrade: 'assumed' });
    expect(engineOptions(q)).toMatchObject({ baseYear: 2019, minGrade: 'assumed' });
  });
});

describe('repoint', () => {
  const types = ['forest.broadleaf', 'shrub'];
  const at = (path: Issue['path'], p: Parcel = parcel()) =>
    repoint(engineIssue(path), p, types, ['line', 7]).path;

  it("points an ecosystem row at the parcel's area of its type", () => {
    expect(at(['ecosystems', 1, 'area', 'value'])).toEqual(['line', 7, 'areas', 'shrub', 'area', 'value']);
    // a row past the types keeps its index
    expect(at(['ecosystems', 5])).toEqual(['line', 7, 'areas', 5]);
    expect(at(['ecosystems'])).toEqual(['line', 7, 'ecosystems']);
  });

  it("points the overrides' tables at the context's tables", () => {
    expect(at(['overrides', 'tables', 0, 'records', 3])).toEqual(['context', 'tables', 0, 'records', 3]);
    expect(at(['overrides', 'profile'])).toEqual(['line', 7, 'overrides', 'profile']);
    expect(at(['options', 'tables', 0])).toEqual(['line', 7, 'options', 'tables', 0]);
  });

  it("points a key field at the key's record, or at the inline context's when the parcel gives that field", () => {
    expect(at(['soilFactors', 2, 'C'])).toEqual(['context', 'keys', 'hills', 'soilFactors', 2, 'C']);
    expect(at(['airIons'])).toEqual(['context', 'keys', 'hills', 'airIons']);
    expect(at(['climate', 0], parcel({ key: null }))).toEqual(['context', 'keys', '?', 'climate', 0]);
    const inline = parcel({ context: { climate: [] } });
    expect(at(['climate', 0, 'precipitation'], inline)).toEqual([
      'line',
      7,
      'context',
      'climate',
      0,
      'precipitation',
    ]);
    expect(at(['climate'], inline)).toEqual(['line', 7, 'context', 'climate']);
    // a field the inline context does not give is still the key's
    expect(at(['productivity', 1], inline)).toEqual(['context', 'keys', 'hills', 'productivity', 1]);
  });

  it("places anything else under the parcel's prefix, keeping the rest of the issue", () => {
    expect(at(['waterBodies', 'lakes', 0])).toEqual(['line', 7, 'waterBodies', 'lakes', 0]);
    expect(at(['region', 'name'])).toEqual(['line', 7, 'region', 'name']);
    expect(at([])).toEqual(['line', 7]);
    const i = engineIssue(['soilFactors', 0]);
    expect(repoint(i, parcel(), types, ['line', 7])).toEqual({
      ...i,
      path: ['context', 'keys', 'hills', 'soilFactors', 0],
    });
  });
});

describe('validUntil', () => {
  it('is the same day months later, less one day', () => {
    expect(validUntil('2024-03-31', 12)).toBe('2025-03-30');
    // December + 1 month wraps to January of the next year
    expect(validUntil('2024-12-15', 1)).toBe('2025-01-14');
    expect(validUntil('2020-06-01', 120)).toBe('2030-05-31');
  });

  it('ends on the last day of a month that has no such day (ADR 0058)', () => {
    // 2024-01-31 + 1 month: February 2024 has no 31st, so its last day, 2024-02-29, ends the term
    expect(validUntil('2024-01-31', 1)).toBe('2024-02-29');
    // 2023: February's last day is the 28th
    expect(validUntil('2023-01-31', 1)).toBe('2023-02-28');
    expect(validUntil('2024-01-30', 1)).toBe('2024-02-29');
    // 2024-01-29 + 1 month: 2024-02-29 exists, so the day before it
    expect(validUntil('2024-01-29', 1)).toBe('2024-02-28');
    expect(validUntil('2024-02-29', 12)).toBe('2025-02-28');
    expect(validUntil('2024-05-31', 1)).toBe('2024-06-30');
    // A day the month has, however late: 2024-05-30 + 1 month → 2024-06-30, less one day
    expect(validUntil('2024-05-30', 1)).toBe('2024-06-29');
  });

  it('terms laid end to end tile the calendar: the next starts the day after this one ends', () => {
    const next = (d: string) => new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10);
    // Monthly terms from 2024-01-31: Jan 31 – Feb 29, Mar 1 – Mar 31, Apr 1 – Apr 30
    let start = '2024-01-31';
    const ends: string[] = [];
    for (let k = 0; k < 3; k++) {
      const end = validUntil(start, 1);
      ends.push(end);
      start = next(end);
    }
    expect(ends).toEqual(['2024-02-29', '2024-03-31', '2024-04-30']);
  });

  it('reads the years 0 to 99 as themselves', () => {
    expect(validUntil('0050-06-01', 12)).toBe('0051-05-31');
  });
});

describe('isPrepared', () => {
  it('is true of what prepareContext returned only: not of a copy, the JSON, or a value that is no object', () => {
    const p = base();
    expect(isPrepared(p)).toBe(true);
    expect(isPrepared({ ...p })).toBe(false);
    expect(isPrepared(ctx)).toBe(false);
    for (const x of [null, undefined, 'x', 1]) expect(isPrepared(x)).toBe(false);
  });
});
