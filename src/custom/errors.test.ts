import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { GepError, type Issue } from '../core/errors';
import type { MethodContext } from '../indicators/spec';
import { CUSTOM_ERRORS, type CustomErrorCode } from './errors';
import { type CustomSwitches, checkCustomWork, customMethod } from '../indicators/custom';
import { compileFormula, evaluate } from './sandbox';
import { type CustomIndicatorJson, parseCustomIndicator, parseCustomIndicators } from './schema';

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
      '自定义指标声明格式错误：无效选项：应为 "material"|"regulating"|"cultural" 之一；实际为 "spiritual"',
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
  it('the work of all the formulas', () => {
    expectIssue(
      issuesOf(() => checkCustomWork(10_001, 10_000)),
      'CUSTOM_WORK_EXCEEDED',
      ['customIndicators'],
    );
    const long = { ...decl(), physical: 'a + '.repeat(250).slice(0, 999) + 'a' };
    expectIssue(
      issuesOf(() =>
        parseCustomIndicators(
          Array.from({ length: 100 }, () => long),
          AT,
        ),
      ),
      'CUSTOM_WORK_EXCEEDED',
      AT,
    );
  });
  it('a negative result (warning)', () => {
    const warnings: Issue[] = [];
    const ctx = { warn: (i: Issue) => warnings.push(i) } as unknown as MethodContext<CustomSwitches>;
    customMethod(parseCustomIndicator(decl({ physical: '0 - a' }), AT), AT).compute(ctx);
    expectIssue(warnings, 'CUSTOM_RESULT_NEGATIVE', [...AT, 'physical']);
    // physical = −2, value = −2 × 3 = −6: both named in Chinese in the Chinese message
    expect(warnings.map((w) => w.message.zh)).toEqual([
      '自定义指标 X7 的实物量为负（-2）',
      '自定义指标 X7 的价值量为负（-6）',
    ]);
    expect(warnings.map((w) => w.message.en)).toEqual([
      'Custom indicator X7: the physical quantity is negative (-2)',
      'Custom indicator X7: the value is negative (-6)',
    ]);
  });
  it('an input in another unit than the result’s, read as written (warning)', () => {
    const warnings: Issue[] = [];
    const ctx = { warn: (i: Issue) => warnings.push(i) } as unknown as MethodContext<CustomSwitches>;
    // 1 万m³ read as 1 beside a result in m³
    const d = decl({ inputs: { a: { value: '1', unit: 'wan_m3' } } });
    customMethod(parseCustomIndicator(d, AT), AT).compute(ctx);
    expectIssue(warnings, 'CUSTOM_INPUT_UNIT_AS_WRITTEN', [...AT, 'inputs', 'a']);
  });
});

describe('the CUSTOM_ catalogue', () => {
  it('every code is triggered above', () => {
    expect(Object.keys(CUSTOM_ERRORS).filter((c) => !triggered.has(c))).toEqual([]);
  });
});

/** The Chinese message of the first issue `issues` holds. */
const zh = (issues: readonly Issue[]) => issues[0]?.message.zh;

describe('the details the module writes itself are in Chinese in the Chinese message', () => {
  it.each([
    ['(<', '应为数值，实际为“<”（第 2 个字符）'],
    ['a *', '应为数值，实际已到公式末尾（第 4 个字符）'],
    ['a +\n1', '应为数值，实际为“\\n”（第 4 个字符）'],
    ['a, 1', '应为运算符或公式末尾，实际为“,”（第 2 个字符）'],
    ['(a', '应为“)”，实际已到公式末尾（第 3 个字符）'],
    ['a[1', '应为“]”，实际已到公式末尾（第 4 个字符）'],
    ['{a 1}', '应为“:”，实际为“1”（第 4 个字符）'],
    ['[a', '应为“,”或“]”，实际已到公式末尾（第 3 个字符）'],
    ['{a: 1 2}', '应为“,”或“}”，实际为“2”（第 7 个字符）'],
    ['a ? 1', '应为“:”及条件不成立时的值，实际已到公式末尾（第 6 个字符）'],
    ['a ? : 1', '缺少条件成立时的值，实际为“:”（第 5 个字符）'],
    ['{[', '应为键名，实际为“[”（第 2 个字符）'],
    ['a.', '点号后应为属性名，实际已到公式末尾（第 3 个字符）'],
    ['a?.+', '“?.”后应为属性名，实际为“+”（第 4 个字符）'],
    ['2e+', '指数后应为数字，实际已到公式末尾（第 4 个字符）'],
    ['2e+a', '指数后应为数字，实际为“a”（第 4 个字符）'],
    ['1e5.5', '指数必须是整数（第 4 个字符）'],
    ['0x1F', '公式语言不支持十六进制、二进制和八进制数（第 1 个字符）'],
    ['a # note', '意外的字符“#”（第 3 个字符）'],
    ['"abc', '字符串缺少结尾的 "（第 1 个字符）'],
    ["'abc", "字符串缺少结尾的 '（第 1 个字符）"],
    ['   ', '公式为空'],
  ])('CUSTOM_FORMULA_SYNTAX of %j', (expr, detail) => {
    expect(zh(formula(expr))).toBe(`公式语法错误：${detail}`);
  });
  it('a string token found is shown as written, quotes and all', () => {
    expect(zh(formula('a "b, got c" (char 9)'))).toBe(
      '公式语法错误：应为运算符或公式末尾，实际为“"b, got c"”（第 3 个字符）',
    );
  });
  it('CUSTOM_FORMULA_EVALUATION_FAILED', () => {
    expect(zh(run('round(a, 2.5)', '1'))).toBe(
      '公式计算失败（round(a, 2.5)）：round 的小数位数必须是 0 至 1000000000 之间的整数，实际为 2.5',
    );
    expect(zh(run('floor(a, -1)', '1'))).toBe(
      '公式计算失败（floor(a, -1)）：floor 的小数位数必须是 0 至 1000000000 之间的整数，实际为 -1',
    );
    expect(zh(issuesOf(() => evaluate(compileFormula('a', ['a'], AT), {})))).toBe(
      '公式计算失败（a）：缺少输入 a 的值',
    );
  });
  it('CUSTOM_FORMULA_BUDGET_EXCEEDED: the formula steps’ range and the result’s', () => {
    expect(zh(run('10^10^10', '1'))).toBe(
      '公式的中间结果超出允许范围（1e+10000000000，10 ^ 10 ^ 10）：绝对值须小于 1e101，非零时不小于 1e-100',
    );
    expect(zh(run('a * 1e25', '1'))).toBe(
      '公式的中间结果超出允许范围（1e+25，a * 1e25）：绝对值须小于 1e21，非零时不小于 1e-30',
    );
  });
  it.each([
    ['pow', '这是函数名'],
    ['physical', '它在价值公式中表示实物量结果'],
    ['constructor', '这是 JavaScript 对象的属性名'],
    ['true', '这是公式语言的关键字或常量'],
    ['_x', '须以 ASCII 字母（A–Z、a–z）开头，后接 ASCII 字母、数字或 _'],
    // 面 is a letter, but not an ASCII one: the rule says which
    ['面积', '须以 ASCII 字母（A–Z、a–z）开头，后接 ASCII 字母、数字或 _'],
  ])('CUSTOM_INPUT_NAME_INVALID for %s', (name, reason) => {
    const found = parse({ inputs: { [name]: '1' }, physical: '1' }).find((i) => i.path.at(-1) === name);
    expect(found?.message.zh).toBe(`自定义指标的输入名“${name}”不可用：${reason}`);
  });
  it('a detail gepkit does not write whole (text before or after, a library message) is kept as written', () => {
    const e = CUSTOM_ERRORS;
    expect(e.CUSTOM_FORMULA_SYNTAX.zh({ detail: 'note: a value is expected, got "<" (char 2)' })).toBe(
      '公式语法错误：note: a value is expected, got "<" (char 2)',
    );
    expect(e.CUSTOM_FORMULA_SYNTAX.zh({ detail: 'a value is expected, got "<" (char 2).' })).toBe(
      '公式语法错误：a value is expected, got "<" (char 2).',
    );
    expect(e.CUSTOM_FORMULA_SYNTAX.zh({ detail: 'the formula is empty!' })).toBe(
      '公式语法错误：the formula is empty!',
    );
    expect(e.CUSTOM_FORMULA_SYNTAX.zh({ detail: 'something else expected, got "x" (char 1)' })).toBe(
      '公式语法错误：something else expected, got "x" (char 1)',
    );
    expect(e.CUSTOM_FORMULA_EVALUATION_FAILED.zh({ at: 'a', detail: 'no value for input a, twice' })).toBe(
      '公式计算失败（a）：no value for input a, twice',
    );
    expect(
      e.CUSTOM_FORMULA_EVALUATION_FAILED.zh({ at: 'f(a)', detail: '[DecimalError] Invalid argument: x' }),
    ).toBe('公式计算失败（f(a)）：[DecimalError] Invalid argument: x');
    expect(
      e.CUSTOM_FORMULA_BUDGET_EXCEEDED.zh({ at: 'a', value: '1e999', limit: 'magnitude below 1e21 only' }),
    ).toBe('公式的中间结果超出允许范围（1e999，a）：magnitude below 1e21 only');
    expect(e.CUSTOM_INPUT_NAME_INVALID.zh({ name: 'x', reason: 'it is the name of a function, sqrt' })).toBe(
      '自定义指标的输入名“x”不可用：it is the name of a function, sqrt',
    );
  });
  it('CUSTOM_FORMULA_NODE_REFUSED keeps the formula’s text as written after its Chinese', () => {
    expect(zh(formula('a to cm'))).toBe('公式中不允许使用运算符 to：a to cm');
  });
});
