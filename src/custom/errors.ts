/**
 * Error codes of custom indicators (declared in data, formulas evaluated in a sandbox): this module's own catalogue, in the form core/catalogue.ts describes; src/errors.ts
 * composes it with the others for the CLI and docs/errors.md.
 */
import { type CatalogueEntry, type IssueBuilders, entry, issuesOf } from '../core/catalogue';
import { invalidDetailZh } from '../core/errors';

export const CUSTOM_ERRORS = {
  CUSTOM_INDICATOR_INVALID: entry<'detail'>(
    'error',
    (p) => `自定义指标声明格式错误：${invalidDetailZh(String(p.detail))}`,
    (p) => `Invalid custom indicator declaration: ${p.detail}`,
    () =>
      'Check the declaration against docs/custom-indicators.md (code, name, category, unit, inputs, formulas).',
  ),
  CUSTOM_INPUT_NAME_INVALID: entry<'name' | 'reason'>(
    'error',
    (p) => `自定义指标的输入名“${p.name}”不可用：${p.reason}`,
    (p) => `Custom indicator input name "${p.name}" cannot be used: ${p.reason}`,
    () =>
      'Name inputs with a letter followed by letters, digits or "_", avoiding function names, keywords and "physical".',
  ),
  CUSTOM_FORMULA_SYNTAX: entry<'detail'>(
    'error',
    (p) => `公式语法错误：${p.detail}`,
    (p) => `Formula syntax error: ${p.detail}`,
    () => 'Write one arithmetic expression over the declared inputs, e.g. "area * rate / 100".',
  ),
  CUSTOM_FORMULA_TOO_LONG: entry<'length' | 'max'>(
    'error',
    (p) => `公式过长（${p.length} 个字符，上限 ${p.max}）`,
    (p) => `Formula too long (${p.length} characters; the limit is ${p.max})`,
    () => 'Split the computation: compute intermediate values outside and declare them as inputs.',
  ),
  CUSTOM_FORMULA_TOO_DEEP: entry<'at' | 'max'>(
    'error',
    (p) => `公式嵌套过深（超过 ${p.max} 层，第 ${p.at} 个字符处）`,
    (p) => `Formula nested too deeply (more than ${p.max} levels, at character ${p.at})`,
    () =>
      'Remove redundant parentheses and signs, or compute intermediate values outside and declare them as inputs.',
  ),
  CUSTOM_FORMULA_NODE_REFUSED: entry<'at' | 'what' | 'whatZh'>(
    'error',
    (p) => `公式中不允许使用${p.whatZh}：${p.at}`,
    (p) => `Formulas may not contain ${p.what}: ${p.at}`,
    () =>
      'Allowed: numbers, declared inputs, + - * / ^, comparisons, and/or/not, ( ), c ? a : b, and the functions min, max, abs, sqrt, exp, log, pow, floor, ceil, round.',
  ),
  CUSTOM_FORMULA_FUNCTION_REFUSED: entry<'allowed' | 'name'>(
    'error',
    (p) => `公式中不允许调用函数“${p.name}”`,
    (p) => `Formulas may not call the function "${p.name}"`,
    (p) => `Allowed functions: ${p.allowed}.`,
  ),
  CUSTOM_FORMULA_ARITY: entry<'actual' | 'at' | 'expected' | 'name'>(
    'error',
    (p) => `函数 ${p.name} 的参数个数应为 ${p.expected}，实际为 ${p.actual}：${p.at}`,
    (p) => `Function ${p.name} takes ${p.expected} argument(s), got ${p.actual}: ${p.at}`,
    () => 'See the function list in docs/custom-indicators.md.',
  ),
  CUSTOM_FORMULA_SYMBOL_UNKNOWN: entry<'allowed' | 'name'>(
    'error',
    (p) => `公式引用了未声明的名称“${p.name}”`,
    (p) => `The formula refers to "${p.name}", which is not a declared input`,
    (p) => `Declare it under "inputs", or use one of: ${p.allowed}.`,
  ),
  CUSTOM_FORMULA_TYPE_MISMATCH: entry<'at' | 'expected'>(
    'error',
    (p) => `公式类型错误：${p.at} 处需要${p.expected === 'number' ? '数值' : '条件（比较结果）'}`,
    (p) =>
      `Formula type error: ${p.at} must be a ${p.expected === 'number' ? 'number' : 'condition (a comparison)'}`,
    () =>
      'Comparisons and and/or/not give conditions, usable only in "c ? a : b" or with and/or/not; the formula itself gives a number.',
  ),
  CUSTOM_FORMULA_EVALUATION_FAILED: entry<'at' | 'detail'>(
    'error',
    (p) => `公式计算失败（${p.at}）：${p.detail}`,
    (p) => `Formula evaluation failed at ${p.at}: ${p.detail}`,
    () => 'Check the arguments of the function named (round(x, n) needs an integer n).',
  ),
  CUSTOM_RESULT_NOT_FINITE: entry<'at' | 'value'>(
    'error',
    (p) => `公式结果不是有限数（${p.value}）：${p.at}`,
    (p) => `The formula gives a non-finite number (${p.value}) at ${p.at}`,
    () =>
      'Look for division by zero, sqrt or log of a negative number, or an overflow; gepkit never replaces it by 0.',
  ),
  CUSTOM_FORMULA_BUDGET_EXCEEDED: entry<'at' | 'limit' | 'value'>(
    'error',
    (p) => `公式的中间结果超出允许范围（${p.value}，${p.at}）：${p.limit}`,
    (p) => `A formula step leaves the allowed range (${p.value} at ${p.at}): ${p.limit}`,
    () =>
      'Check the exponents and units of the formula (10^10^10 has 10 000 000 000 digits); the limits are in docs/limits.md.',
  ),
  CUSTOM_RESULT_NEGATIVE: entry<'code' | 'value' | 'what'>(
    'warning',
    (p) => `自定义指标 ${p.code} 的${p.what}为负（${p.value}）`,
    (p) => `Custom indicator ${p.code}: the ${p.what} is negative (${p.value})`,
    () => 'Check the inputs and the formula; the negative value is kept as computed.',
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type CustomErrorCode = keyof typeof CUSTOM_ERRORS;

/** Build and throw issues of this catalogue. */
// Declared with their type so that TypeScript treats a call of `customFail` as never returning.
const builders: IssueBuilders<typeof CUSTOM_ERRORS> = issuesOf(CUSTOM_ERRORS);
export const customIssue: IssueBuilders<typeof CUSTOM_ERRORS>['issue'] = builders.issue;
export const customFail: IssueBuilders<typeof CUSTOM_ERRORS>['fail'] = builders.fail;
export const customIssueFromData: IssueBuilders<typeof CUSTOM_ERRORS>['issueFromData'] =
  builders.issueFromData;
/** This catalogue's builders as one object (for `fromZodIssues` on schemas that embed custom indicators). */
export const customIssues = builders;
