import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { GepError, type Issue } from '../core/errors';
import type { MethodContext } from '../indicators/spec';
import { CUSTOM_ERRORS, type CustomErrorCode } from './errors';
import { type CustomSwitches, customMethod } from '../indicators/custom';
import { compileFormula, evaluate } from './sandbox';
import { type CustomIndicatorJson, parseCustomIndicator } from './schema';

/** One bad declaration or formula per CUSTOM_ code, checked for code, path and both languages; none left out. */
const triggered = new Set<string>();
const AT = ['customIndicators', 3];

function expectIssue(issues: readonly Issue[], code: CustomErrorCode, path: (string | number)[]) {
  const found = issues.find((i) => (i.code as string) === code);
  expect(found, `${code} among ${issues.map((i) => i.code).join(', ')}`).toBeDefined();
  expect(found?.path).toEqual(path);
  expect(found?.severity).toBe(CUSTOM_ERRORS[code].severity);
  expect(found?.message.zh.length).toBeGreaterThan(0);
  expect(found?.message.en.length).toBeGreaterThan(0);
  expect(found?.hint.length).toBeGreaterThan(0);
  triggered.add(code);
}
function issuesOf(fn: () => unknown): readonly Issue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof GepError) return e.issues;
    throw e;
  }
  throw new Error('expected a GepError');
}
const decl = (o: Partial<CustomIndicatorJson> = {}): CustomIndicatorJson => ({
  code: 'X7',
  name: { zh: '自定义', en: 'Custom' },
  category: 'regulating',
  unit: 'm3',
  inputs: { a: '2' },
  physical: 'a',
  value: 'physical * 3',
  priceYear: 2020,
  ...o,
});
const parse = (o: Partial<CustomIndicatorJson>) => issuesOf(() => parseCustomIndicator(decl(o), AT));
const formula = (expr: string) => issuesOf(() => compileFormula(expr, ['a'], [...AT, 'physical']));
const run = (expr: string, a: string) =>
  issuesOf(() => evaluate(compileFormula(expr, ['a'], [...AT, 'physical']), { a: new Decimal(a) }));

describe('every CUSTOM_ error code has a bad input that triggers it', () => {
  it('declarations', () => {
    expectIssue(parse({ category: 'spiritual' as never }), 'CUSTOM_INDICATOR_INVALID', [...AT, 'category']);
    expectIssue(parse({ inputs: { pow: '1' } }), 'CUSTOM_INPUT_NAME_INVALID', [...AT, 'inputs', 'pow']);
  });
  it('CUSTOM_INDICATOR_INVALID gives the schema problem in Chinese in its Chinese message', () => {
    const [option] = parse({ category: 'spiritual' as never });
    expect(option?.path).toEqual([...AT, 'category']);
    expect(option?.message.zh).toBe(
      '自定义指标声明格式错误：无效选项：应为 "material"|"regulating"|"cultural" 之一',
    );
    const [missing] = issuesOf(() => parseCustomIndicator({ ...decl(), code: undefined } as never, AT));
    expect(missing).toMatchObject({ code: 'CUSTOM_INDICATOR_INVALID', path: [...AT, 'code'] });
    expect(missing?.message.zh).toBe('自定义指标声明格式错误：缺少该字段（应为字符串）');
  });
  it('formulas at compile time', () => {
    const at = [...AT, 'physical'];
    expectIssue(formula('a *'), 'CUSTOM_FORMULA_SYNTAX', at);
    expectIssue(formula('a'.repeat(1001)), 'CUSTOM_FORMULA_TOO_LONG', at);
    expectIssue(formula(`${'('.repeat(101)}a${')'.repeat(101)}`), 'CUSTOM_FORMULA_TOO_DEEP', at);
    expectIssue(formula('a = 1'), 'CUSTOM_FORMULA_NODE_REFUSED', at);
    expectIssue(formula('import({}, {override: true})'), 'CUSTOM_FORMULA_FUNCTION_REFUSED', at);
    expectIssue(formula('pow(a)'), 'CUSTOM_FORMULA_ARITY', at);
    expectIssue(formula('globalThis'), 'CUSTOM_FORMULA_SYMBOL_UNKNOWN', at);
    expectIssue(formula('a > 0'), 'CUSTOM_FORMULA_TYPE_MISMATCH', at);
  });
  it('formulas at evaluation time', () => {
    expectIssue(run('round(a, 0.5)', '1'), 'CUSTOM_FORMULA_EVALUATION_FAILED', [...AT, 'physical']);
    expectIssue(run('1 / a', '0'), 'CUSTOM_RESULT_NOT_FINITE', [...AT, 'physical']);
    expectIssue(run('10^10^10', '1'), 'CUSTOM_FORMULA_BUDGET_EXCEEDED', [...AT, 'physical']);
  });
  it('a negative result (warning)', () => {
    const warnings: Issue[] = [];
    const ctx = { warn: (i: Issue) => warnings.push(i) } as unknown as MethodContext<CustomSwitches>;
    customMethod(parseCustomIndicator(decl({ physical: '0 - a' }), AT), AT).compute(ctx);
    expectIssue(warnings, 'CUSTOM_RESULT_NEGATIVE', [...AT, 'physical']);
  });
});

describe('the CUSTOM_ catalogue', () => {
  it('every code is triggered above', () => {
    expect(Object.keys(CUSTOM_ERRORS).filter((c) => !triggered.has(c))).toEqual([]);
  });
});
