import { describe, expect, it } from 'vitest';
import { GRADES, gradeAtLeast, priceIndexSchema, recordSchema } from './schema';

/** A record of a coefficient table, with `more` replacing or adding members. */
const record = (more: Record<string, unknown> = {}) => ({
  key: 'price.water',
  value: '1.5',
  unit: 'yuan/m3',
  priceYear: 2020,
  source: { document: 'GB/T 38582-2020' },
  grade: 'published',
  ...more,
});

/** The zod issues refusing a record (none when it is accepted), with what the tests read of them. */
function issuesOf(r: unknown) {
  const p = recordSchema.safeParse(r);
  return p.success
    ? []
    : p.error.issues.map((i) => ({
        code: i.code,
        path: i.path,
        message: i.message,
        params: (i as { params?: unknown }).params,
      }));
}

describe('gradeAtLeast', () => {
  it('holds for a grade as good as the minimum or better, best first: verified, published, derived, secondary, assumed', () => {
    expect(GRADES).toEqual(['verified', 'published', 'derived', 'secondary', 'assumed']);
    for (const [i, g] of GRADES.entries())
      for (const [j, min] of GRADES.entries()) expect([g, min, gradeAtLeast(g, min)]).toEqual([g, min, i <= j]);
  });

  it('is true at equality and false a step below', () => {
    expect(gradeAtLeast('derived', 'derived')).toBe(true);
    expect(gradeAtLeast('secondary', 'derived')).toBe(false);
    expect(gradeAtLeast('published', 'derived')).toBe(true);
    expect(gradeAtLeast('assumed', 'verified')).toBe(false);
    expect(gradeAtLeast('verified', 'assumed')).toBe(true);
  });
});

describe('recordSchema: units', () => {
  it('takes a catalogue unit and a price unit', () => {
    expect(issuesOf(record({ unit: 'mm', priceYear: undefined }))).toEqual([]);
    expect(issuesOf(record({ unit: 'one', priceYear: undefined }))).toEqual([]);
    expect(issuesOf(record({ unit: 'yuan/m3' }))).toEqual([]);
    expect(issuesOf(record({ unit: 'wan_yuan/hm2' }))).toEqual([]);
  });

  it('refuses any other text at unit, saying what a unit is', () => {
    expect(issuesOf(record({ unit: 'furlong', priceYear: undefined }))).toEqual([
      {
        code: 'custom',
        path: ['unit'],
        message: 'a unit of the catalogue (docs/units.md) or a price unit money/unit such as yuan/m3',
        params: undefined,
      },
    ]);
    expect(issuesOf(record({ unit: 'yuan/furlong' })).map((i) => i.path)).toEqual([['unit']]);
  });
});

describe('recordSchema: prices', () => {
  it('refuses a negative price at value as NEGATIVE_VALUE, naming the price and its value', () => {
    expect(issuesOf(record({ value: '-1.50' }))).toEqual([
      {
        code: 'custom',
        path: ['value'],
        message: 'a price cannot be negative',
        params: { gepkit: 'NEGATIVE_VALUE', what: 'price price.water', value: '-1.5' },
      },
    ]);
  });

  it('refuses a price without its price year at priceYear as PRICE_YEAR_MISSING', () => {
    expect(issuesOf(record({ priceYear: undefined }))).toEqual([
      {
        code: 'custom',
        path: ['priceYear'],
        message: 'a price needs its price year',
        params: { gepkit: 'PRICE_YEAR_MISSING' },
      },
    ]);
  });

  it('gives both refusals for a negative price without a year, value first', () => {
    expect(issuesOf(record({ value: -2, priceYear: undefined })).map((i) => [i.path, i.params])).toEqual([
      [['value'], { gepkit: 'NEGATIVE_VALUE', what: 'price price.water', value: '-2' }],
      [['priceYear'], { gepkit: 'PRICE_YEAR_MISSING' }],
    ]);
  });

  it('takes a price of 0, and a negative coefficient or one without a year when it is no price', () => {
    expect(issuesOf(record({ value: '0' }))).toEqual([]);
    // -0 is 0: no negative price (it was refused as "price … cannot be negative (0)")
    expect(issuesOf(record({ value: '-0' }))).toEqual([]);
    expect(issuesOf(record({ value: -0 }))).toEqual([]);
    expect(issuesOf(record({ value: '-0.00' }))).toEqual([]);
    expect(issuesOf(record({ key: 'ratio.k', unit: 'one', value: '-0.3', priceYear: undefined }))).toEqual([]);
    expect(issuesOf(record({ key: 'depth', unit: 'mm', value: '-12', priceYear: 2020 }))).toEqual([]);
  });

  it('reads an accepted record with its defaults', () => {
    const r = recordSchema.parse(record());
    expect([r.key, r.value.toFixed(), r.unit, r.priceYear, r.applies, r.grade]).toEqual([
      'price.water',
      '1.5',
      'yuan/m3',
      2020,
      {},
      'published',
    ]);
  });
});

describe('priceIndexSchema: index values', () => {
  /** A construction-cost index of the reviewer's case (2010 = 100, 2015 = 112, 2020 = 130), `more` merged in. */
  const index = (base: unknown, v2015: unknown) => ({
    kind: 'price-index',
    id: 'construction-cost',
    version: '1.0.0',
    title: { zh: '建安工程造价指数', en: 'Construction cost index' },
    region: '36',
    vintage: '2021',
    base: { year: 2010, value: base },
    values: [
      { year: 2015, value: v2015, grade: 'published', source: { document: 'county yearbook' } },
      { year: 2020, value: '130', grade: 'published', source: { document: 'county yearbook' } },
    ],
  });
  const refusals = (x: unknown) => {
    const p = priceIndexSchema.safeParse(x);
    return p.success ? [] : p.error.issues.map((i) => [i.path, (i as { params?: unknown }).params]);
  };

  it('takes positive values, however small', () => {
    expect(refusals(index('100', '0.0001'))).toEqual([]);
  });

  it('refuses 0 and negative values as VALUE_NOT_POSITIVE (I(to) / I(from) divides by them), base and values', () => {
    // P_to = P × I(to) / I(from): a base of 0 gave "Infinity.00", a 2015 of 0 made every comparable value 0
    expect(refusals(index('0', '-5'))).toEqual([
      [['base', 'value'], { gepkit: 'VALUE_NOT_POSITIVE', what: 'price index value', value: '0' }],
      [['values', 0, 'value'], { gepkit: 'VALUE_NOT_POSITIVE', what: 'price index value', value: '-5' }],
    ]);
    const [message] = priceIndexSchema.safeParse(index('100', '-0')).error?.issues ?? [];
    expect(message?.message).toBe('a price index value must be > 0');
  });
});
