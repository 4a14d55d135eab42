import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { type Decimal, decimalRefusal } from './decimal';
import type { Issue } from './errors';
import {
  anyQuantity,
  decimal,
  fraction,
  money,
  nonNegativeDecimal,
  parsePriceUnit,
  positiveQuantity,
  price,
  quantity,
  share,
  unitOf,
  ISO_DATE,
  NOT_A_CALENDAR_DATE,
  isCalendarDate,
  ownKeys,
} from './schema';
import { unitList } from './units';
import { PARSE_OPTIONS, fromZodIssues } from './zod-issues';

/** The value a schema reads, or throws with its issues. */
function read<T>(schema: z.ZodMiniType<T>, v: unknown): T {
  const r = schema.safeParse(v, PARSE_OPTIONS);
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data;
}

/** What a schema refuses, as gepkit issues under the path `x`. */
function refused(schema: z.ZodMiniType, v: unknown): Issue[] {
  const r = schema.safeParse(v, PARSE_OPTIONS);
  if (r.success) throw new Error(`accepted ${JSON.stringify(v)}`);
  return fromZodIssues(r.error.issues, ['x']);
}

/** The zod issues themselves (message, params, input), as a caller of safeParse sees them. */
function zodIssues(schema: z.ZodMiniType, v: unknown) {
  const r = schema.safeParse(v, PARSE_OPTIONS);
  if (r.success) throw new Error(`accepted ${JSON.stringify(v)}`);
  return r.error.issues as (z.core.$ZodIssue & { params?: Record<string, unknown>; input?: unknown })[];
}

const fixed = (d: Decimal) => d.toFixed();
const AREA_UNITS = 'm2, hm2, km2, mu, wan_mu, qian_hm2, wan_hm2, wan_km2';

describe('decimalRefusal', () => {
  it('is undefined for a value readDecimal accepts', () => {
    expect(decimalRefusal('12.5')).toBeUndefined();
    expect(decimalRefusal(-3)).toBeUndefined();
  });

  it('names a value that is not a finite number', () => {
    expect(decimalRefusal('abc')).toEqual({ gepkit: 'NUMBER_NOT_FINITE', value: 'abc' });
    expect(decimalRefusal(Infinity)).toEqual({
      gepkit: 'NUMBER_NOT_FINITE',
      value: 'a number too large for a double',
    });
  });

  it('names a number out of range with the bounds 1e21 and 1e-30', () => {
    expect(decimalRefusal('1e21')).toEqual({
      gepkit: 'NUMBER_OUT_OF_RANGE',
      value: '1e21',
      max: '1e21',
      min: '1e-30',
    });
    expect(decimalRefusal('1e-31')).toEqual({
      gepkit: 'NUMBER_OUT_OF_RANGE',
      value: '1e-31',
      max: '1e21',
      min: '1e-30',
    });
  });

  it('counts the significant digits of a text too precise: no sign, leading zeros, point or padding', () => {
    // 10 digits before the point and 40 after: 50 digits, among them zeros inside the number
    const plain = `1234567890.${'1234567890'.repeat(4)}`;
    expect(decimalRefusal(plain)).toEqual({
      gepkit: 'NUMBER_TOO_PRECISE',
      value: `${plain.slice(0, 37)}…`,
      digits: '50',
      max: 40,
    });
    // '+000.000' then 45 digits, between spaces: the sign, the zeros before and after the point and the spaces
    // are no significant digits, so 45
    const padded = ` +000.000${'123456789'.repeat(5)} `;
    expect(decimalRefusal(padded)).toMatchObject({ gepkit: 'NUMBER_TOO_PRECISE', digits: '45', max: 40 });
    // '-0.00' then 41 digits: 41
    const negative = `-0.00${'9'.repeat(41)}`;
    expect(decimalRefusal(negative)).toEqual({
      gepkit: 'NUMBER_TOO_PRECISE',
      value: `${negative.slice(0, 37)}…`,
      digits: '41',
      max: 40,
    });
  });

  it('names a text too long with its length and the limit of 100 characters', () => {
    const long = '1'.padStart(101, '0');
    expect(decimalRefusal(long)).toEqual({
      gepkit: 'NUMBER_TOO_LONG',
      value: `${'0'.repeat(37)}…`,
      length: 101,
      max: 100,
    });
  });
});

describe('decimal', () => {
  it('reads decimal strings and JSON numbers as Decimals', () => {
    expect(fixed(read(decimal, '1234.5'))).toBe('1234.5');
    expect(fixed(read(decimal, ' -0.25 '))).toBe('-0.25');
    expect(fixed(read(decimal, 12.5))).toBe('12.5');
  });

  it('refuses a value readDecimal refuses with its gepkit code, parameters and message', () => {
    expect(refused(decimal, '1e21')).toMatchObject([
      {
        code: 'NUMBER_OUT_OF_RANGE',
        path: ['x'],
        params: { value: '1e21', max: '1e21', min: '1e-30' },
      },
    ]);
    const [i] = refused(decimal, '12,5');
    expect(i).toMatchObject({ code: 'NUMBER_NOT_FINITE', path: ['x'], params: { value: '12,5' } });
    expect(i?.message).toEqual({
      en: 'Not a finite decimal number: 12,5',
      zh: '数值无效（12,5）：必须是有限的十进制数',
    });
    // full-width digits, as a Chinese input method types them, are not read; the hint says so
    const [wide] = refused(decimal, '１２０．５');
    expect(wide).toMatchObject({ code: 'NUMBER_NOT_FINITE', params: { value: '１２０．５' } });
    expect(wide?.hint).toContain('full-width');
    // the zod issue itself: a custom issue with its message, the code in its params and the value as its input
    expect(zodIssues(decimal, '12,5')).toEqual([
      {
        code: 'custom',
        message: 'not an acceptable decimal: 12,5',
        params: { gepkit: 'NUMBER_NOT_FINITE', value: '12,5' },
        input: '12,5',
        path: [],
      },
    ]);
  });
});

describe('nonNegativeDecimal, share and fraction', () => {
  it('nonNegativeDecimal takes 0 and refuses a negative value with what it is', () => {
    const area = nonNegativeDecimal('Area');
    expect(fixed(read(area, '0'))).toBe('0');
    expect(fixed(read(area, '3.5'))).toBe('3.5');
    const [i] = refused(area, '-1.50');
    expect(i).toMatchObject({ code: 'NEGATIVE_VALUE', path: ['x'], params: { what: 'Area', value: '-1.5' } });
    expect(i?.message).toEqual({ en: 'Area cannot be negative (-1.5)', zh: 'Area不能为负数（-1.5）' });
    expect(zodIssues(area, '-1.50')).toMatchObject([{ code: 'custom', message: 'Area cannot be negative' }]);
  });

  it('each takes -0 as the 0 it is (decimal.js prints it "0"), as text and as a number', () => {
    for (const v of ['-0', '-0.00', -0] as const) {
      expect(fixed(read(nonNegativeDecimal('Area'), v))).toBe('0');
      expect(fixed(read(share, v))).toBe('0');
      expect(fixed(read(fraction('RUSLE C'), v))).toBe('0');
    }
  });

  it('share takes 0 to 1 and refuses what lies outside', () => {
    expect(fixed(read(share, '0'))).toBe('0');
    expect(fixed(read(share, '1'))).toBe('1');
    expect(fixed(read(share, '0.35'))).toBe('0.35');
    for (const [v, shown] of [
      ['-0.01', '-0.01'],
      ['1.0001', '1.0001'],
      [35, '35'],
    ] as const) {
      const [i] = refused(share, v);
      expect(i).toMatchObject({ code: 'SHARE_OUT_OF_RANGE', path: ['x'], params: { value: shown } });
    }
    expect(refused(share, '35')[0]?.message).toEqual({
      en: 'A share must lie between 0 and 1 (got 35)',
      zh: '比例必须在 0 到 1 之间（35）',
    });
    expect(zodIssues(share, '35')).toMatchObject([{ code: 'custom', message: 'share outside [0, 1]' }]);
  });

  it('fraction takes 0 to 1 and refuses what lies outside with VALUE_OUT_OF_RANGE', () => {
    const c = fraction('RUSLE C');
    expect(fixed(read(c, '0'))).toBe('0');
    expect(fixed(read(c, '1'))).toBe('1');
    const [i] = refused(c, '1.2');
    expect(i).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      path: ['x'],
      params: { what: 'RUSLE C', min: '0', max: '1', value: '1.2' },
    });
    expect(i?.message).toEqual({
      en: 'RUSLE C must lie between 0 and 1 (got 1.2)',
      zh: 'RUSLE C必须在 0 到 1 之间（1.2）',
    });
    expect(refused(c, '-0.5')[0]?.params).toEqual({ what: 'RUSLE C', min: '0', max: '1', value: '-0.5' });
    expect(zodIssues(c, '-0.5')).toMatchObject([{ code: 'custom', message: 'RUSLE C outside [0, 1]' }]);
  });
});

describe('unitOf', () => {
  it('reads a unit of the dimensions given by id, symbol or Chinese name', () => {
    expect(read(unitOf(['area']), 'km2')).toBe('km2');
    expect(read(unitOf(['area']), '公顷')).toBe('hm2');
    expect(read(unitOf(['area', 'length']), 'mm')).toBe('mm');
    expect(read(unitOf('any'), '万元')).toBe('wan_yuan');
  });

  it('refuses an unknown unit with the units it allows', () => {
    const [i] = refused(unitOf(['area']), 'acre');
    expect(i).toMatchObject({
      code: 'UNIT_UNKNOWN',
      path: ['x'],
      params: { unit: 'acre', allowed: AREA_UNITS },
    });
    expect(i?.message).toEqual({ en: 'Unknown unit "acre"', zh: '未知单位“acre”' });
    expect(i?.hint).toBe(`Instead of "acre", use one of: ${AREA_UNITS}.`);
    expect(refused(unitOf(['area', 'length']), 'acre')[0]?.params).toEqual({
      unit: 'acre',
      allowed: `${AREA_UNITS}, mm, m`,
    });
    expect(refused(unitOf('any'), 'acre')[0]?.params).toEqual({ unit: 'acre', allowed: unitList() });
    expect(unitList()).toMatch(/^m2, hm2, km2, .*yuan, wan_yuan, yi_yuan/);
    expect(zodIssues(unitOf(['area']), 'acre')[0]).toMatchObject({
      code: 'custom',
      message: 'unknown unit acre',
      input: 'acre',
    });
  });

  it('refuses a unit of another dimension with the dimensions expected', () => {
    const [i] = refused(unitOf(['area']), 't');
    expect(i).toMatchObject({
      code: 'UNIT_MISMATCH',
      path: ['x'],
      params: { expected: 'area', actual: 't (mass)' },
    });
    expect(i?.message).toEqual({
      en: 'Unit mismatch: expected area, got t (mass)',
      zh: '单位不符：需要面积（area），实际为t（质量）',
    });
    expect(refused(unitOf(['area', 'length']), '吨')[0]?.params).toEqual({
      expected: 'area or length',
      actual: '吨 (mass)',
    });
    expect(zodIssues(unitOf(['area', 'length']), 't')).toMatchObject([
      { code: 'custom', message: 'unit t is not area/length', input: 't' },
    ]);
    // an NPP given without its dry matter: the dimension of productivity named in Chinese as well
    expect(
      refused(quantity('mass_DM_per_area', 'NPP'), { value: '5', unit: 't_per_hm2_a' })[0]?.message,
    ).toEqual({
      en: 'Unit mismatch: expected mass_DM_per_area, got t_per_hm2_a (mass_per_area)',
      zh: '单位不符：需要单位面积干物质质量（mass_DM_per_area），实际为t_per_hm2_a（单位面积质量）',
    });
  });
});

describe('quantity, positiveQuantity and anyQuantity', () => {
  it('quantity reads a value in a unit of its dimension, 0 included; a negative one is refused at value', () => {
    const q = read(quantity('area', 'Area'), { value: '12.5', unit: 'km2' });
    expect([fixed(q.value), q.unit]).toEqual(['12.5', 'km2']);
    expect(fixed(read(quantity('area', 'Area'), { value: 0, unit: 'mu' }).value)).toBe('0');
    expect(refused(quantity('area', 'Area'), { value: '-2', unit: 'hm2' })).toMatchObject([
      { code: 'NEGATIVE_VALUE', path: ['x', 'value'], params: { what: 'Area', value: '-2' } },
    ]);
    expect(refused(quantity('area', 'Area'), { value: '2', unit: 'm3' })).toMatchObject([
      { code: 'UNIT_MISMATCH', path: ['x', 'unit'], params: { expected: 'area', actual: 'm3 (volume)' } },
    ]);
  });

  it('positiveQuantity refuses 0, -0 and negative values as not positive', () => {
    const lake = positiveQuantity('area', 'Lake area');
    const q = read(lake, { value: '0.001', unit: 'hm2' });
    expect([fixed(q.value), q.unit]).toEqual(['0.001', 'hm2']);
    for (const [v, shown] of [
      ['0', '0'],
      ['-0', '0'],
      ['-3', '-3'],
    ]) {
      const [i] = refused(lake, { value: v, unit: 'km2' });
      expect(i).toMatchObject({
        code: 'VALUE_NOT_POSITIVE',
        path: ['x', 'value'],
        params: { what: 'Lake area', value: shown },
      });
    }
    expect(refused(lake, { value: '0', unit: 'km2' })[0]?.message).toEqual({
      en: 'Lake area must be greater than 0 (got 0)',
      zh: 'Lake area必须大于 0（0）',
    });
    expect(zodIssues(lake, { value: '0', unit: 'km2' })).toMatchObject([
      { code: 'custom', message: 'Lake area must be > 0', path: ['value'] },
    ]);
    expect(refused(lake, { value: '1', unit: 't' })[0]).toMatchObject({
      code: 'UNIT_MISMATCH',
      path: ['x', 'unit'],
    });
  });

  it('anyQuantity reads a value in any unit; a negative one is refused', () => {
    const any = anyQuantity('Amount');
    const q = read(any, { value: '7', unit: '万人次' });
    expect([fixed(q.value), q.unit]).toEqual(['7', 'wan_person_time']);
    expect(read(any, { value: '0', unit: 'kWh' }).unit).toBe('kWh');
    expect(refused(any, { value: '-7', unit: 'kWh' })).toMatchObject([
      { code: 'NEGATIVE_VALUE', path: ['x', 'value'], params: { what: 'Amount', value: '-7' } },
    ]);
    expect(refused(any, { value: '7', unit: 'parsec' })[0]).toMatchObject({
      code: 'UNIT_UNKNOWN',
      path: ['x', 'unit'],
      params: { unit: 'parsec', allowed: unitList() },
    });
  });
});

describe('parsePriceUnit', () => {
  it('reads a money unit over a unit that is not money', () => {
    expect(parsePriceUnit('yuan/m3')).toEqual({ money: 'yuan', per: 'm3' });
    expect(parsePriceUnit('元/m³')).toEqual({ money: 'yuan', per: 'm3' });
    expect(parsePriceUnit('万元/t')).toEqual({ money: 'wan_yuan', per: 't' });
    // split at the first slash: the unit after it may hold one
    expect(parsePriceUnit('yuan/t/(hm²·a)')).toEqual({ money: 'yuan', per: 't_per_hm2_a' });
  });

  it('is undefined without a slash, with an unknown part, or with money on the wrong side', () => {
    expect(parsePriceUnit('yuan')).toBeUndefined();
    expect(parsePriceUnit('yuan m3')).toBeUndefined();
    expect(parsePriceUnit('dollar/m3')).toBeUndefined();
    expect(parsePriceUnit('yuan/acre')).toBeUndefined();
    expect(parsePriceUnit('m3/yuan')).toBeUndefined();
    expect(parsePriceUnit('t/m3')).toBeUndefined();
    expect(parsePriceUnit('yuan/wan_yuan')).toBeUndefined();
  });
});

describe('price and money', () => {
  it('price reads a value, its money and per units and its price year', () => {
    const p = read(price(['volume'], 'Water price'), { value: '2.6', unit: '元/m3', priceYear: 2020 });
    expect({ ...p, value: fixed(p.value) }).toEqual({
      value: '2.6',
      money: 'yuan',
      per: 'm3',
      priceYear: 2020,
    });
    const q = read(price('any', 'Price'), { value: '3', unit: 'wan_yuan/person_time', priceYear: 2021 });
    expect([q.money, q.per, q.priceYear]).toEqual(['wan_yuan', 'person_time', 2021]);
    expect(
      read(price(['volume', 'mass'], 'Price'), { value: '3', unit: 'yuan/t', priceYear: 2021 }).per,
    ).toBe('t');
  });

  it('price refuses what is no price unit, with the form it wants', () => {
    const [i] = refused(price(['volume'], 'Water price'), { value: '2.6', unit: 'yuan', priceYear: 2020 });
    expect(i).toMatchObject({
      code: 'UNIT_UNKNOWN',
      path: ['x', 'unit'],
      params: { unit: 'yuan', allowed: 'money/unit, e.g. yuan/m3, 元/t, wan_yuan/hm2' },
    });
    expect(i?.hint).toBe('Instead of "yuan", use one of: money/unit, e.g. yuan/m3, 元/t, wan_yuan/hm2.');
    expect(
      zodIssues(price('any', 'Price'), { value: '2.6', unit: 'm3/yuan', priceYear: 2020 })[0],
    ).toMatchObject({
      code: 'custom',
      message: 'not a price unit: m3/yuan',
      input: 'm3/yuan',
      path: ['unit'],
    });
  });

  it('price refuses a price per a unit of another dimension', () => {
    const [i] = refused(price(['volume'], 'Water price'), { value: '2.6', unit: 'yuan/t', priceYear: 2020 });
    expect(i).toMatchObject({
      code: 'UNIT_MISMATCH',
      path: ['x', 'unit'],
      params: { expected: 'money per volume', actual: 'yuan/t' },
    });
    expect(i?.message).toEqual({
      en: 'Unit mismatch: expected money per volume, got yuan/t',
      zh: '单位不符：需要每体积的货币价格，实际为yuan/t',
    });
    const two = { value: '1', unit: 'yuan/kWh', priceYear: 2020 };
    expect(refused(price(['volume', 'mass'], 'Price'), two)[0]?.params).toEqual({
      expected: 'money per volume or mass',
      actual: 'yuan/kWh',
    });
    expect(zodIssues(price(['volume', 'mass'], 'Price'), two)).toMatchObject([
      { code: 'custom', message: 'price unit yuan/kWh is not per volume/mass', input: 'yuan/kWh' },
    ]);
  });

  it('price refuses a negative value and a missing price year', () => {
    expect(
      refused(price(['volume'], 'Water price'), { value: '-1', unit: 'yuan/m3', priceYear: 2020 }),
    ).toMatchObject([{ code: 'NEGATIVE_VALUE', path: ['x', 'value'], params: { what: 'Water price' } }]);
    expect(refused(price(['volume'], 'Water price'), { value: '1', unit: 'yuan/m3' })).toMatchObject([
      { code: 'PRICE_YEAR_MISSING', path: ['x', 'priceYear'] },
    ]);
  });

  it('money reads an amount in a money unit with its price year', () => {
    const m = read(money('Budget'), { value: '8.5', unit: 'yi_yuan', priceYear: 2020 });
    expect({ ...m, amount: fixed(m.amount) }).toEqual({ amount: '8.5', unit: 'yi_yuan', priceYear: 2020 });
    expect(read(money('Budget'), { value: '1', unit: '万元', priceYear: 2019 }).unit).toBe('wan_yuan');
    expect(refused(money('Budget'), { value: '8.5', unit: 'm3', priceYear: 2020 })).toMatchObject([
      { code: 'UNIT_MISMATCH', path: ['x', 'unit'], params: { expected: 'money', actual: 'm3 (volume)' } },
    ]);
    expect(refused(money('Budget'), { value: '-8.5', unit: 'yuan', priceYear: 2020 })).toMatchObject([
      { code: 'NEGATIVE_VALUE', path: ['x', 'value'], params: { what: 'Budget', value: '-8.5' } },
    ]);
  });
});

describe('isCalendarDate', () => {
  it('is a day that exists, written YYYY-MM-DD, of the years 1900–2200', () => {
    for (const d of ['2024-01-01', '2024-02-29', '1900-01-01', '2200-12-31', '2023-12-31'])
      expect(isCalendarDate(d), d).toBe(true);
    // month 13, 30 February, 29 February of a common year, day 00; outside 1900–2200; not the pattern
    for (const d of [
      '2024-13-01',
      '2024-02-30',
      '2023-02-29',
      '2024-01-00',
      '1899-12-31',
      '2201-01-01',
      '2024-1-01',
      ' 2024-01-01',
      '2024-01-01T00:00:00Z',
      '20240101',
    ])
      expect(isCalendarDate(d), d).toBe(false);
    expect(ISO_DATE.test('2024-13-01')).toBe(true);
    expect(NOT_A_CALENDAR_DATE).toBe('not a calendar date YYYY-MM-DD of the years 1900–2200');
  });
});

describe('ownKeys: a record refusing an own key __proto__', () => {
  const parse = (schema: z.ZodMiniType, raw: string) => {
    const r = schema.safeParse(JSON.parse(raw), PARSE_OPTIONS);
    return r.success
      ? { ok: r.data }
      : {
          issues: r.error.issues.map((i) => [i.code, i.path, i.message, (i as { params?: unknown }).params]),
        };
  };
  const flat = ownKeys(z.record(z.string(), z.number()), { code: 'X_CODE' });
  const nested = ownKeys(z.record(z.string(), z.record(z.string(), z.number())), {}, true);

  it('passes a record without it, as the record reads it', () => {
    expect(parse(flat, '{"a":1,"b":2}')).toEqual({ ok: { a: 1, b: 2 } });
    expect(parse(nested, '{"R1":{"a":1}}')).toEqual({ ok: { R1: { a: 1 } } });
    // what is not an object goes to the record, which refuses it as its own
    expect(parse(flat, '7')).toMatchObject({ issues: [['invalid_type', [], expect.any(String), undefined]] });
  });

  it('refuses it at its path with the parameters given, at the top and, nested, in a value', () => {
    const message = 'the key __proto__ is not allowed (a JavaScript object property)';
    expect(parse(flat, '{"a":1,"__proto__":2}')).toEqual({
      issues: [['custom', ['__proto__'], message, { code: 'X_CODE' }]],
    });
    expect(parse(nested, '{"R1":{"a":1,"__proto__":2}}')).toEqual({
      issues: [['custom', ['R1', '__proto__'], message, {}]],
    });
    // not nested: a value's own __proto__ is the value schema's to judge (here: a number, refused as such)
    expect(parse(ownKeys(z.record(z.string(), z.unknown())), '{"R1":{"__proto__":2}}')).toEqual({
      ok: JSON.parse('{"R1":{"__proto__":2}}'),
    });
  });

  it('keeps the record optional or defaulted in its object', () => {
    const o = z.object({ r: ownKeys(z.optional(z.record(z.string(), z.number()))) });
    expect(o.safeParse({}).success).toBe(true);
  });
});
