import { describe, expect, it } from 'vitest';
import { PriceLevels } from '../account/valuation';
import type { PriceIndexTable, ResolvedCoefficient } from '../coefficients/registry';
import { contentHash } from '../core/canonical';
import { GepError, type Issue } from '../core/errors';
import type { MethodContext } from './spec';
import { type CustomSwitches, checkCustomWork, customMethod } from './custom';
import { type CustomIndicatorJson, parseCustomIndicator } from '../custom/schema';

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

/**
 * The context a custom method reads: `warn`, and `declared` for its graded inputs (it uses no table's coefficients
 * or climate data).
 */
function context(): {
  ctx: MethodContext<CustomSwitches>;
  warnings: Issue[];
  declared: ResolvedCoefficient[];
} {
  const warnings: Issue[] = [];
  const declared: ResolvedCoefficient[] = [];
  const ctx = {
    warn: (i: Issue) => warnings.push(i),
    declared: (c: ResolvedCoefficient) => declared.push(c),
  } as unknown as MethodContext<CustomSwitches>;
  return { ctx, warnings, declared };
}

function lineOf(json: CustomIndicatorJson) {
  const { ctx, warnings } = context();
  const m = customMethod(parseCustomIndicator(json, AT), AT);
  const [line, ...rest] = m.compute(ctx);
  expect(rest).toEqual([]);
  return { m, line: line!, warnings };
}

describe('customMethod', () => {
  it('one line: physical in the declared unit, value as 元 at the price year, every term traced', () => {
    // area = 300 亩 = 20 hm²; physical = 20 × 1.2 t/hm² = 24 t; value = 24 t × 9000 元/t = 216 000 元 (2020)
    const { m, line, warnings } = lineOf({ ...camellia(), zone: 'north', ecosystem: 'forest' });
    expect(m).toMatchObject({
      id: 'custom/x1',
      version: 1,
      title: { zh: '油茶籽', en: 'Camellia oil seed' },
      category: 'material',
      physicalUnit: 't',
      inputs: ['customIndicators[0]'],
    });
    expect(m.hasInput({} as never, {})).toBe(true);
    expect(m.switches.parse({})).toEqual({});
    expect(line.physical?.value.toFixed()).toBe('24');
    expect(line.physical?.unit).toBe('t');
    expect(line.zone).toBe('north');
    expect(line.ecosystem).toBe('forest');
    expect(line.path).toEqual(AT);
    expect(line.valuations).toHaveLength(1);
    const v = line.valuations[0]!;
    expect(v.kind).toBe('amount');
    expect(v.label).toBe('value formula');
    // a custom indicator has no sub-items and reads no coefficient
    expect([m.subItems, m.coefficientKeys]).toEqual([[], []]);
    if (v.kind !== 'amount') throw new Error('unreachable');
    expect(v.money.amount.toFixed()).toBe('216000');
    expect(v.money.unit).toBe('yuan');
    expect(v.money.priceYear).toBe(2020);
    expect(v.origin).toEqual({ kind: 'input', path: [...AT, 'value'] });
    expect(line.terms).toEqual({
      area: '20 hm² (300 亩)',
      yield: '1.2',
      price: '9000',
      'formula.physical': 'area * yield',
      'formula.value': 'physical * price',
    });
    expect(warnings).toEqual([]);
  });

  it('the engine prices the line like a built-in one', () => {
    // Same price year as the accounting year: no index value is read, 216 000 元 current and comparable.
    const { line } = lineOf(camellia());
    const levels = new PriceLevels({} as PriceIndexTable, 2020, 2020, 'deflate-to-accounting-year');
    const priced = levels.priceLine(line);
    expect(priced.current.toFixed()).toBe('216000');
    expect(priced.comparable.toFixed()).toBe('216000');
  });

  it('exact decimals end to end: 0.1 + 0.2 = 0.3', () => {
    // physical = 0.1 + 0.2 = 0.3 m³ exactly; value = 0.3 × 10 = 3 元
    const { line } = lineOf({
      ...camellia(),
      unit: 'm3',
      inputs: { a: '0.1', b: '0.2', p: '10' },
      physical: 'a + b',
      value: 'physical * p',
    });
    expect(line.physical?.value.toFixed()).toBe('0.3');
    expect(line.valuations[0]?.kind === 'amount' && line.valuations[0].money.amount.toFixed()).toBe('3');
  });

  it('min/max and a quantity in a unit of its own (no `as`)', () => {
    // v = 2.5 万m³ read as 2.5; physical = max(2.5 − 3, 0) + min(2.5, 2) = 0 + 2 = 2 万m³
    // value = 2 × 10 000 × 0.5 = 10 000 元
    const { line, warnings } = lineOf({
      ...camellia(),
      unit: 'wan_m3',
      inputs: { v: { value: '2.5', unit: 'wan_m3' }, cap: '3', price: '0.5' },
      physical: 'max(v - cap, 0) + min(v, 2)',
      value: 'physical * 10000 * price',
    });
    expect(line.physical).toMatchObject({ unit: 'wan_m3' });
    expect(line.physical?.value.toFixed()).toBe('2');
    expect(line.terms?.v).toBe('2.5 万m³');
    expect(warnings).toEqual([]); // an input in the result's own unit is read as meant
    expect(line.valuations[0]?.kind === 'amount' && line.valuations[0].money.amount.toFixed()).toBe('10000');
  });

  it('an input of the result’s dimension or of money in another unit, read as written, is warned', () => {
    // The reviewer's case: sink = 2 万t CO₂ without "as" is read as 2, so physical = 2 t CO₂ and value = 2 × 50 =
    // 100 元, where 2 万t CO₂ = 20 000 t CO₂ would give 1 000 000 元; the price 0.005 万元/t is read as 0.005.
    // The figures stay as the formulas say; both inputs are warned, with what the formulas read.
    const sink = {
      ...camellia(),
      unit: 't_CO2',
      inputs: {
        sink: { value: '2', unit: 'wan_t_CO2' },
        price: { value: '0.005', unit: 'wan_yuan' },
        share: '50',
      },
      physical: 'sink',
      value: 'physical * share',
    } as CustomIndicatorJson;
    const { line, warnings } = lineOf(sink);
    expect(line.physical?.value.toFixed()).toBe('2');
    expect(warnings.map((w) => [w.code, w.severity, w.path, w.params])).toEqual([
      [
        'CUSTOM_INPUT_UNIT_AS_WRITTEN',
        'warning',
        [...AT, 'inputs', 'sink'],
        { code: 'X1', input: 'sink', unit: '万t CO₂', value: '2', expected: 't CO₂' },
      ],
      [
        'CUSTOM_INPUT_UNIT_AS_WRITTEN',
        'warning',
        [...AT, 'inputs', 'price'],
        { code: 'X1', input: 'price', unit: '万元', value: '0.005', expected: '元' },
      ],
    ]);
    expect(warnings[0]?.message).toEqual({
      zh: '自定义指标 X1 的输入 sink 以 万t CO₂ 给出且未写 as：公式按所写数值 2 读取，而结果以 t CO₂ 计',
      en: 'Custom indicator X1: input sink is given in 万t CO₂ without "as": the formulas read it as written (2), while the result is in t CO₂',
    });
    // With "as" (converted: 2 万t CO₂ → 20 000 t CO₂, value 20 000 × 50 = 1 000 000 元), or "as" its own unit, or
    // an input of another dimension (an area in 亩 beside a result in t), nothing is warned.
    const converted = lineOf({
      ...sink,
      inputs: {
        sink: { value: '2', unit: 'wan_t_CO2', as: 't_CO2' },
        price: { value: '0.005', unit: 'wan_yuan', as: 'wan_yuan' },
        share: '50',
      },
    } as CustomIndicatorJson);
    expect(converted.line.physical?.value.toFixed()).toBe('20000');
    expect(
      converted.line.valuations[0]?.kind === 'amount' && converted.line.valuations[0].money.amount.toFixed(),
    ).toBe('1000000');
    expect(converted.warnings).toEqual([]);
    const area = lineOf({
      ...camellia(),
      inputs: { area: { value: '300', unit: 'mu' }, yield: '1.2', price: '9000' },
    });
    expect(area.warnings).toEqual([]);
  });

  it('a negative result is kept and warned about (CUSTOM_RESULT_NEGATIVE)', () => {
    // physical = 1 − 3 = −2 t; value = −2 × 5 = −10 元
    const { line, warnings } = lineOf({
      ...camellia(),
      inputs: { a: '1', b: '3' },
      physical: 'a - b',
      value: 'physical * 5',
    });
    expect(line.physical?.value.toFixed()).toBe('-2');
    expect(warnings.map((w) => [w.code, w.severity, w.path, w.params])).toEqual([
      [
        'CUSTOM_RESULT_NEGATIVE',
        'warning',
        [...AT, 'physical'],
        { code: 'X1', what: 'physical quantity', value: '-2' },
      ],
      ['CUSTOM_RESULT_NEGATIVE', 'warning', [...AT, 'value'], { code: 'X1', what: 'value', value: '-10' }],
    ]);
  });

  it('compiles the formulas itself: a declaration that skipped the schema is refused at its field', () => {
    const decl = parseCustomIndicator(camellia(), AT);
    const bad = { ...decl, value: 'import({}, {override: true})' };
    try {
      customMethod(bad, AT);
      throw new Error('expected a GepError');
    } catch (e) {
      expect(e).toBeInstanceOf(GepError);
      expect((e as GepError).code).toBe('CUSTOM_FORMULA_FUNCTION_REFUSED');
      expect((e as GepError).path).toEqual([...AT, 'value']);
    }
  });

  it('declares its graded inputs as coefficient records, as written; the line is the same as without grades', () => {
    // area = 300 亩 = 20 hm² (verified); yield 1.2 (published); price 9000 (no grade: not declared).
    // physical = 20 × 1.2 = 24 t; value = 24 × 9000 = 216 000 元, as without the grades.
    const j = camellia();
    j.inputs = {
      area: { value: '300', unit: 'mu', as: 'hm2', source: 'County land survey 2020', grade: 'verified' },
      yield: { value: '1.2', source: 'Forestry bureau survey 2020, table 3', grade: 'published' },
      price: '9000',
    };
    const decl = parseCustomIndicator(j, AT);
    const { ctx, declared } = context();
    const m = customMethod(decl, AT);
    const [line] = m.compute(ctx);
    const hash = contentHash(decl);
    expect(declared.map((c) => ({ ...c, value: c.value.toFixed() }))).toEqual([
      {
        key: 'X1.area',
        ecosystem: null,
        region: null,
        value: '300',
        unit: 'mu',
        table: 'customIndicators',
        hash,
        grade: 'verified',
        gradeDeclaredBy: 'user',
        source: { document: 'County land survey 2020' },
      },
      {
        key: 'X1.yield',
        ecosystem: null,
        region: null,
        value: '1.2',
        unit: '',
        table: 'customIndicators',
        hash,
        grade: 'published',
        gradeDeclaredBy: 'user',
        source: { document: 'Forestry bureau survey 2020, table 3' },
      },
    ]);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(line).toEqual(lineOf(camellia()).line);
    // The same objects at every compute (the account's log knows a record by its object).
    const again = context();
    m.compute(again.ctx);
    expect(again.declared[0]).toBe(declared[0]);
    // Without grades nothing is declared.
    const plain = context();
    customMethod(parseCustomIndicator(camellia(), AT), AT).compute(plain.ctx);
    expect(plain.declared).toEqual([]);
  });

  it('a division by zero in compute is an error at the formula, never a zero', () => {
    const { ctx } = context();
    const m = customMethod(
      parseCustomIndicator({ ...camellia(), inputs: { a: '1', b: '0' }, physical: 'a / b', value: '0' }, AT),
      AT,
    );
    try {
      m.compute(ctx);
      throw new Error('expected a GepError');
    } catch (e) {
      expect((e as GepError).code).toBe('CUSTOM_RESULT_NOT_FINITE');
      expect((e as GepError).path).toEqual([...AT, 'physical']);
    }
  });
});

describe('checkCustomWork: the steps of all the formulas against the limit', () => {
  it('a work of exactly the limit passes; one step more is CUSTOM_WORK_EXCEEDED at customIndicators', () => {
    checkCustomWork(100, 100);
    try {
      checkCustomWork(101, 100);
      expect.unreachable();
    } catch (e) {
      expect((e as GepError).issues.map((i) => [i.code, i.path, i.params])).toEqual([
        ['CUSTOM_WORK_EXCEEDED', ['customIndicators'], { amount: 101, unit: 'steps', limit: 100 }],
      ]);
    }
  });
});
