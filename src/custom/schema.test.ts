import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import {
  type CustomIndicatorJson,
  formulaValue,
  parseCustomIndicator,
  parseCustomIndicators,
} from './schema';

const AT = ['customIndicators', 0];

function camellia(): CustomIndicatorJson {
  return {
    code: 'X1',
    name: { zh: '油茶籽', en: 'Camellia oil seed' },
    category: 'material',
    unit: 't',
    inputs: { area: { value: '300', unit: 'mu', as: 'hm2' }, yield: '1.2', price: '9000' },
    physical: 'area * yield',
    value: 'physical * price',
    priceYear: 2020,
  };
}

function errorOf(fn: () => unknown): GepError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('expected a GepError');
}

describe('custom indicator declaration', () => {
  it('parses numbers and quantities; a quantity is converted to `as` exactly', () => {
    const d = parseCustomIndicator(camellia(), AT);
    expect(d.unit).toBe('t');
    // 300 亩 × 2000/3 m²/亩 = 200 000 m² = 20 hm²
    expect(formulaValue(d.inputs.area!).toFixed()).toBe('20');
    expect(formulaValue(d.inputs.yield!).toFixed()).toBe('1.2');
    // Without `as`, the formula reads the value in its own unit.
    const j = camellia();
    j.inputs.area = { value: '300', unit: '亩' };
    expect(formulaValue(parseCustomIndicator(j).inputs.area!).toFixed()).toBe('300');
  });

  it('a refused formula is reported at its field, with every other problem', () => {
    const j = { ...camellia(), physical: 'area.constructor', value: 'evaluate("1")' };
    const e = errorOf(() => parseCustomIndicator(j, AT));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['CUSTOM_FORMULA_NODE_REFUSED', [...AT, 'physical']],
      ['CUSTOM_FORMULA_FUNCTION_REFUSED', [...AT, 'value']],
    ]);
    expect(e.issues[1]?.message.en).toBe('Formulas may not call the function "evaluate"');
  });

  it('the value formula may read `physical`, the physical formula may not', () => {
    const j = { ...camellia(), physical: 'physical * 2' };
    const e = errorOf(() => parseCustomIndicator(j, AT));
    expect(e.code).toBe('CUSTOM_FORMULA_SYMBOL_UNKNOWN');
    expect(e.path).toEqual([...AT, 'physical']);
    expect(e.issues[0]?.params).toMatchObject({ name: 'physical', allowed: 'area, yield, price' });
  });

  it.each([
    ['sqrt', 'it is the name of a function'],
    ['physical', 'it names the physical result in the value formula'],
    ['constructor', 'it is a JavaScript object property'],
    ['and', 'it is a keyword or constant of the formula language'],
    ['true', 'it is a keyword or constant of the formula language'],
    ['x-1', 'an ASCII letter (A–Z, a–z) followed by ASCII letters, digits or _ is required'],
    ['_x', 'an ASCII letter (A–Z, a–z) followed by ASCII letters, digits or _ is required'],
    ['面积', 'an ASCII letter (A–Z, a–z) followed by ASCII letters, digits or _ is required'],
  ])('input name %s is refused: %s', (name, reason) => {
    const j = camellia();
    j.inputs = { ...j.inputs, [name]: '1' };
    const e = errorOf(() => parseCustomIndicator(j, AT));
    expect(e.code).toBe('CUSTOM_INPUT_NAME_INVALID');
    expect(e.path).toEqual([...AT, 'inputs', name]);
    expect(e.issues[0]?.params).toEqual({ name, reason });
  });

  it('shape errors are CUSTOM_INDICATOR_INVALID; a code is X and at least one capital letter or digit', () => {
    const e = errorOf(() => parseCustomIndicator({ ...camellia(), code: 'M1', category: 'other' }, AT));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['CUSTOM_INDICATOR_INVALID', [...AT, 'code']],
      ['CUSTOM_INDICATOR_INVALID', [...AT, 'category']],
    ]);
    expect(errorOf(() => parseCustomIndicator({ ...camellia(), code: 'X' }, AT)).issues[0]?.params).toEqual({
      detail: 'code "X" must be X followed by capital letters or digits (X1, XTEA)',
    });
    expect(parseCustomIndicator({ ...camellia(), code: 'X0' }, AT).code).toBe('X0');
    const { physical: _, ...noPhysical } = camellia();
    expect(errorOf(() => parseCustomIndicator(noPhysical, AT)).path).toEqual([...AT, 'physical']);
  });

  it('numbers, units and the price year keep their core codes', () => {
    const bad = (inputs: unknown) =>
      errorOf(() => parseCustomIndicator({ ...camellia(), inputs }, AT)).issues[0];
    expect(bad({ a: 'abc' })).toMatchObject({ code: 'NUMBER_NOT_FINITE', path: [...AT, 'inputs', 'a'] });
    expect(bad({ a: { value: '1', unit: 'parsec' } })).toMatchObject({
      code: 'UNIT_UNKNOWN',
      path: [...AT, 'inputs', 'a', 'unit'],
    });
    expect(bad({ a: { value: '1', unit: 'km2', as: 't' } })).toMatchObject({
      code: 'UNIT_MISMATCH',
      path: [...AT, 'inputs', 'a', 'as'],
      message: {
        en: 'Unit mismatch: expected a unit of area like km², got t (mass)',
        zh: '单位不符：需要面积单位（如 km²），实际为t（质量）',
      },
    });
    // A price unit: not "did you mean yuan" (UNIT_UNKNOWN) but what to write instead.
    expect(bad({ p: { value: '100', unit: 'yuan/t' } })).toMatchObject({
      code: 'CUSTOM_INDICATOR_INVALID',
      path: [...AT, 'inputs', 'p', 'unit'],
      message: {
        en: "Invalid custom indicator declaration: the input unit yuan/t is a price, which has a price year an input cannot carry: write the price as a decimal in yuan per t at the indicator's priceYear",
        zh: '自定义指标声明格式错误：输入单位 yuan/t 是价格，价格有其价格年份而输入无法携带：请将价格写为指标 priceYear 价格水平下每 t 的元数（小数）',
      },
    });
    expect(bad({ p: { value: '1', unit: '万元/t' } })?.message.zh).toContain('（由 wan_yuan 换算）');
    expect(bad({ a: { value: 'x', unit: 'km2' } })).toMatchObject({
      code: 'NUMBER_NOT_FINITE',
      path: [...AT, 'inputs', 'a', 'value'],
    });
    const { priceYear: _, ...noYear } = camellia();
    expect(errorOf(() => parseCustomIndicator(noYear, AT)).code).toBe('PRICE_YEAR_MISSING');
  });

  it('an input may carry its source and grade: a quantity, or a decimal without a unit', () => {
    const j = camellia();
    j.inputs = {
      area: { value: '300', unit: 'mu', as: 'hm2', source: 'County land survey 2020', grade: 'verified' },
      yield: { value: '1.2', source: 'County forestry bureau survey 2020, table 3', grade: 'published' },
      price: '9000',
    };
    const d = parseCustomIndicator(j, AT);
    expect(d.inputs.area).toMatchObject({ unit: 'mu', as: 'hm2', grade: 'verified' });
    // 300 亩 = 20 hm² as before; a graded decimal is read as its value.
    expect(formulaValue(d.inputs.area!).toFixed()).toBe('20');
    expect(formulaValue(d.inputs.yield!).toFixed()).toBe('1.2');
    expect(d.inputs.yield).toEqual({
      value: d.inputs.yield!.value,
      source: 'County forestry bureau survey 2020, table 3',
      grade: 'published',
    });
    // Without them an input is what it was: no source, no grade.
    expect(Object.keys(d.inputs.price!)).toEqual(['value']);
    expect(Object.keys(parseCustomIndicator(camellia()).inputs.area!)).toEqual(['value', 'unit', 'as']);
  });

  it.each([
    [
      { value: '1.2', source: 'survey' },
      ['grade'],
      'an input with a source needs its evidence grade too (verified, published, derived, secondary, assumed)',
      '注明来源的输入还须给出证据等级 grade（verified、published、derived、secondary、assumed）',
    ],
    [
      { value: '300', unit: 'mu', grade: 'verified' },
      ['source'],
      'an input with an evidence grade needs its source too: the document its value comes from',
      '给出证据等级的输入还须注明来源 source：数值所出自的文献',
    ],
    [
      { value: '1.2', source: '  ', grade: 'verified' },
      ['source'],
      'the source is empty: name the document the value comes from',
      '来源为空：请写明数值所出自的文献',
    ],
    [
      { value: '1.2', as: 'hm2', source: 'survey', grade: 'verified' },
      ['as'],
      '"as" converts the value from its "unit": give the unit too',
      'as 表示由 unit 换算数值：请同时给出 unit',
    ],
    [
      { value: '1.2' },
      [],
      'an input written as an object needs a "unit" (a quantity) or a "source" and a "grade" (a decimal with its evidence); a bare decimal is written as it is ("1.2")',
      '以对象写出的输入须有 unit（数量），或有 source 和 grade（注明来源与证据等级的小数）；不带单位的小数直接写为 "1.2"',
    ],
  ])('a malformed input object is CUSTOM_INDICATOR_INVALID at its field: %j', (input, at, en, zh) => {
    const e = errorOf(() => parseCustomIndicator({ ...camellia(), inputs: { a: input } }, AT));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({
      code: 'CUSTOM_INDICATOR_INVALID',
      path: [...AT, 'inputs', 'a', ...at],
      message: { en: `Invalid custom indicator declaration: ${en}`, zh: `自定义指标声明格式错误：${zh}` },
    });
  });

  it('a grade is one of the five, the source text; a number and a unit keep their codes beside them', () => {
    const bad = (a: unknown) =>
      errorOf(() => parseCustomIndicator({ ...camellia(), inputs: { a } }, AT)).issues.map((i) => [
        i.code,
        i.path,
      ]);
    expect(bad({ value: '1', source: 'survey', grade: 'good' })).toEqual([
      ['CUSTOM_INDICATOR_INVALID', [...AT, 'inputs', 'a', 'grade']],
    ]);
    expect(bad({ value: 'x', unit: 'parsec', source: 'survey', grade: 'verified' })).toEqual([
      ['NUMBER_NOT_FINITE', [...AT, 'inputs', 'a', 'value']],
      ['UNIT_UNKNOWN', [...AT, 'inputs', 'a', 'unit']],
    ]);
    expect(bad({ value: '1', source: 5, grade: 'verified' })).toEqual([
      ['CUSTOM_INDICATOR_INVALID', [...AT, 'inputs', 'a']],
    ]);
  });

  it('codes are unique in a list', () => {
    const e = errorOf(() => parseCustomIndicators([camellia(), camellia()], ['customIndicators']));
    expect(e.code).toBe('DUPLICATE_ID');
    expect(e.path).toEqual(['customIndicators', 1, 'code']);
  });
});
