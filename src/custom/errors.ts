/**
 * Error codes of custom indicators (declared in data, formulas evaluated in a sandbox): this module's own catalogue, in the form core/catalogue.ts describes; src/errors.ts
 * composes it with the others for the CLI and docs/errors.md.
 */
import {
  type CatalogueEntry,
  type DetailPattern,
  type IssueBuilders,
  detailZhOf,
  entry,
  issuesOf,
} from '../core/catalogue';
import { invalidDetailZh } from '../core/errors';

/** Why a name cannot name an input (sandbox.ts symbolNameProblem), in Chinese; carbon's methodologies name theirs alike. */
const NAME_REASON_ZH: Readonly<Record<string, string>> = {
  'an ASCII letter (A–Z, a–z) followed by ASCII letters, digits or _ is required':
    '须以 ASCII 字母（A–Z、a–z）开头，后接 ASCII 字母、数字或 _',
  'it is the name of a function': '这是函数名',
  'it names the physical result in the value formula': '它在价值公式中表示实物量结果',
  'it is a JavaScript object property': '这是 JavaScript 对象的属性名',
  'it is a keyword or constant of the formula language': '这是公式语言的关键字或常量',
};

export const nameReasonZh = detailZhOf(NAME_REASON_ZH, [], (reason) => reason);

/**
 * The end of a parser's detail (parse.ts Parser.syntax): the token found, as written between quotes or the end
 * of the formula, then the 1-based character where parsing stopped.
 */
const GOT = String.raw`, got (?:the end of the formula|"(?<got>.*)") \(char (?<char>\d+)\)$`;
const charZh = (n: string | undefined) => `（第 ${n} 个字符）`;
/** A parser's detail: what it expected (a regular expression's source, matched whole), in Chinese. */
const parsed = (what: string, zh: (m: RegExpExecArray) => string): DetailPattern => [
  new RegExp(`^${what}${GOT}`, 's'),
  (m) => {
    const { got, char } = m.groups as { got?: string; char: string };
    return `${zh(m)}，${got === undefined ? '实际已到公式末尾' : `实际为“${got}”`}${charZh(char)}`;
  },
];

/** The details of CUSTOM_FORMULA_SYNTAX as the tokenizer and parser (parse.ts) and the sandbox write them. */
const SYNTAX_ZH: readonly DetailPattern[] = [
  parsed('a value is expected', () => '应为数值'),
  parsed('an operator or the end of the formula is expected', () => '应为运算符或公式末尾'),
  parsed('":" and the value when the condition is false are expected', () => '应为“:”及条件不成立时的值'),
  parsed('the value when the condition is true is missing', () => '缺少条件成立时的值'),
  parsed('a key is expected', () => '应为键名'),
  parsed('a property name is expected after a dot', () => '点号后应为属性名'),
  parsed(String.raw`a property name is expected after \?\.`, () => '“?.”后应为属性名'),
  parsed('"([)\\]}:])" expected', (m) => `应为“${m[1]}”`),
  parsed('"," or "([\\]}])" expected', (m) => `应为“,”或“${m[1]}”`),
  // The tokenizer's (tokenize, numberEnd, stringEnd): the character where it stopped, no token found.
  [/^unexpected character "(.)" \(char (\d+)\)$/s, (m) => `意外的字符“${m[1]}”${charZh(m[2])}`],
  [
    /^hexadecimal, binary and octal numbers are not part of the formula language \(char (\d+)\)$/,
    (m) => `公式语言不支持十六进制、二进制和八进制数${charZh(m[1])}`,
  ],
  [
    /^a digit is expected after the exponent, got "(?:(the end)|(.))" \(char (\d+)\)$/s,
    (m) => `指数后应为数字，${m[1] === undefined ? `实际为“${m[2]}”` : '实际已到公式末尾'}${charZh(m[3])}`,
  ],
  [/^an exponent must be a whole number \(char (\d+)\)$/, (m) => `指数必须是整数${charZh(m[1])}`],
  [/^the string has no closing (["']) \(char (\d+)\)$/, (m) => `字符串缺少结尾的 ${m[1]}${charZh(m[2])}`],
];

/** A syntax error's detail in Chinese, or as written when it is not one gepkit writes. */
const syntaxZh = detailZhOf({ 'the formula is empty': '公式为空' }, SYNTAX_ZH, (d) => d);

/** Why an evaluation failed (sandbox.ts evaluate, arithmetic.ts places) in Chinese; a library's message as written. */
const evaluationZh = detailZhOf(
  {},
  [
    [/^no value for input ([\p{L}\p{N}_$]+)$/u, (m) => `缺少输入 ${m[1]} 的值`],
    [
      /^the number of decimal places of (round|floor|ceil) must be a whole number from 0 to (\d+), got (\S+)$/,
      (m) => `${m[1]} 的小数位数必须是 0 至 ${m[2]} 之间的整数，实际为 ${m[3]}`,
    ],
  ],
  (d) => d,
);

/** The range a formula's numbers must stay in (sandbox.ts withinBudget), in Chinese, as NUMBER_OUT_OF_RANGE words it. */
const limitZh = detailZhOf(
  {},
  [
    [
      /^magnitude below (1e\d+) and, unless zero, at least (1e-?\d+)$/,
      (m) => `绝对值须小于 ${m[1]}，非零时不小于 ${m[2]}`,
    ],
  ],
  (d) => d,
);

/** CUSTOM_INDICATOR_INVALID's details for the forms of an input object (schema.ts), in Chinese. */
const INPUT_FORM_ZH: Readonly<Record<string, string>> = {
  '"as" converts the value from its "unit": give the unit too': 'as 表示由 unit 换算数值：请同时给出 unit',
  'an input written as an object needs a "unit" (a quantity) or a "source" and a "grade" (a decimal with its evidence); a bare decimal is written as it is ("1.2")':
    '以对象写出的输入须有 unit（数量），或有 source 和 grade（注明来源与证据等级的小数）；不带单位的小数直接写为 "1.2"',
  'an input with a source needs its evidence grade too (verified, published, derived, secondary, assumed)':
    '注明来源的输入还须给出证据等级 grade（verified、published、derived、secondary、assumed）',
  'an input with an evidence grade needs its source too: the document its value comes from':
    '给出证据等级的输入还须注明来源 source：数值所出自的文献',
  'the source is empty: name the document the value comes from': '来源为空：请写明数值所出自的文献',
};

/** CUSTOM_INDICATOR_INVALID's detail in Chinese: a code that is not X… (schema.ts), else a schema problem's. */
const declarationZh = detailZhOf(
  INPUT_FORM_ZH,
  [
    [
      /^code "(.*)" must be X followed by capital letters or digits \(X1, XTEA\)$/s,
      (m) => `代码“${m[1]}”须为 X 后接大写字母或数字（如 X1、XTEA）`,
    ],
    [
      /^the input unit (\S+) is a price, which has a price year an input cannot carry: write the price as a decimal in yuan per (\S+) at the indicator's priceYear(?: \(converted from (\S+)\))?$/s,
      (m) =>
        `输入单位 ${m[1]} 是价格，价格有其价格年份而输入无法携带：请将价格写为指标 priceYear 价格水平下每 ${m[2]} 的元数（小数）${m[3] === undefined ? '' : `（由 ${m[3]} 换算）`}`,
    ],
  ],
  invalidDetailZh,
);

/** CUSTOM_RESULT_NEGATIVE's `what` (indicators/custom.ts) in Chinese, in the words of the reports. */
const WHAT_ZH: Readonly<Record<string, string>> = { 'physical quantity': '实物量', value: '价值量' };

export const CUSTOM_ERRORS = {
  CUSTOM_INDICATOR_INVALID: entry<'detail'>(
    'error',
    (p) => `自定义指标声明格式错误：${declarationZh(String(p.detail))}`,
    (p) => `Invalid custom indicator declaration: ${p.detail}`,
    () =>
      'Check the declaration against docs/custom-indicators.md (code, name, category, unit, inputs, formulas).',
    () => '请对照 docs/custom-indicators.md 检查声明（code、name、category、unit、inputs、formulas）。',
  ),
  CUSTOM_INPUT_NAME_INVALID: entry<'name' | 'reason'>(
    'error',
    (p) => `自定义指标的输入名“${p.name}”不可用：${nameReasonZh(String(p.reason))}`,
    (p) => `Custom indicator input name "${p.name}" cannot be used: ${p.reason}`,
    () =>
      'Name inputs with an ASCII letter (A–Z, a–z) followed by ASCII letters, digits or "_" (area, not 面积), avoiding function names, keywords and "physical".',
    () =>
      '输入名须以 ASCII 字母（A–Z、a–z）开头，后接 ASCII 字母、数字或“_”（如 area，而非“面积”），并避开函数名、关键字和“physical”。',
  ),
  CUSTOM_FORMULA_SYNTAX: entry<'detail'>(
    'error',
    (p) => `公式语法错误：${syntaxZh(String(p.detail))}`,
    (p) => `Formula syntax error: ${p.detail}`,
    () => 'Write one arithmetic expression over the declared inputs, e.g. "area * rate / 100".',
    () => '请用已声明的输入写出单个算术表达式，如“area * rate / 100”。',
  ),
  CUSTOM_FORMULA_TOO_LONG: entry<'length' | 'max'>(
    'error',
    (p) => `公式过长（${p.length} 个字符，上限 ${p.max}）`,
    (p) => `Formula too long (${p.length} characters; the limit is ${p.max})`,
    () => 'Split the computation: compute intermediate values outside and declare them as inputs.',
    () => '请拆分计算：在外部算出中间值，并将其声明为输入。',
  ),
  CUSTOM_FORMULA_TOO_DEEP: entry<'at' | 'max'>(
    'error',
    (p) => `公式嵌套过深（超过 ${p.max} 层，第 ${p.at} 个字符处）`,
    (p) => `Formula nested too deeply (more than ${p.max} levels, at character ${p.at})`,
    () =>
      'Remove redundant parentheses and signs, or compute intermediate values outside and declare them as inputs.',
    () => '请删除多余的括号和正负号，或在外部算出中间值并将其声明为输入。',
  ),
  CUSTOM_FORMULA_NODE_REFUSED: entry<'at' | 'what' | 'whatZh'>(
    'error',
    (p) => `公式中不允许使用${p.whatZh}：${p.at}`,
    (p) => `Formulas may not contain ${p.what}: ${p.at}`,
    () =>
      'Allowed: numbers, declared inputs, + - * / ^, comparisons, and/or/not, ( ), c ? a : b, and the functions min, max, abs, sqrt, exp, log, pow, floor, ceil, round.',
    () =>
      '允许使用：数字、已声明的输入、+ - * / ^、比较运算、and/or/not、( )、c ? a : b，以及函数 min、max、abs、sqrt、exp、log、pow、floor、ceil、round。',
  ),
  CUSTOM_FORMULA_FUNCTION_REFUSED: entry<'allowed' | 'name'>(
    'error',
    (p) => `公式中不允许调用函数“${p.name}”`,
    (p) => `Formulas may not call the function "${p.name}"`,
    (p) => `Allowed functions: ${p.allowed}.`,
    (p) => `允许的函数：${p.allowed}。`,
  ),
  CUSTOM_FORMULA_ARITY: entry<'actual' | 'at' | 'expected' | 'name'>(
    'error',
    (p) => `函数 ${p.name} 的参数个数应为 ${p.expected}，实际为 ${p.actual}：${p.at}`,
    (p) => `Function ${p.name} takes ${p.expected} argument(s), got ${p.actual}: ${p.at}`,
    () => 'See the function list in docs/custom-indicators.md.',
    () => '请查看 docs/custom-indicators.md 中的函数列表。',
  ),
  CUSTOM_FORMULA_SYMBOL_UNKNOWN: entry<'allowed' | 'name'>(
    'error',
    (p) => `公式引用了未声明的名称“${p.name}”`,
    (p) => `The formula refers to "${p.name}", which is not a declared input`,
    (p) => `Declare it under "inputs", or use one of: ${p.allowed}.`,
    (p) => `请在“inputs”中声明它，或使用以下名称之一：${p.allowed}。`,
  ),
  CUSTOM_FORMULA_TYPE_MISMATCH: entry<'at' | 'expected'>(
    'error',
    (p) => `公式类型错误：${p.at} 处需要${p.expected === 'number' ? '数值' : '条件（比较结果）'}`,
    (p) =>
      `Formula type error: ${p.at} must be a ${p.expected === 'number' ? 'number' : 'condition (a comparison)'}`,
    () =>
      'Comparisons and and/or/not give conditions, usable only in "c ? a : b" or with and/or/not; the formula itself gives a number.',
    () =>
      '比较运算和 and/or/not 得出的是条件，只能用于“c ? a : b”或与 and/or/not 连用；公式本身得出的是数值。',
  ),
  CUSTOM_FORMULA_EVALUATION_FAILED: entry<'at' | 'detail'>(
    'error',
    (p) => `公式计算失败（${p.at}）：${evaluationZh(String(p.detail))}`,
    (p) => `Formula evaluation failed at ${p.at}: ${p.detail}`,
    () => 'Check the arguments of the function named (round(x, n) needs an integer n).',
    () => '请检查所指函数的参数（round(x, n) 的 n 须为整数）。',
  ),
  CUSTOM_RESULT_NOT_FINITE: entry<'at' | 'value'>(
    'error',
    (p) => `公式结果不是有限数（${p.value}）：${p.at}`,
    (p) => `The formula gives a non-finite number (${p.value}) at ${p.at}`,
    () =>
      'Look for division by zero, sqrt or log of a negative number, or an overflow; gepkit never replaces it by 0.',
    () => '请检查是否有除以零、对负数求 sqrt 或 log，或数值溢出；gepkit 绝不会用 0 替代该结果。',
  ),
  CUSTOM_FORMULA_BUDGET_EXCEEDED: entry<'at' | 'limit' | 'value'>(
    'error',
    (p) => `公式的中间结果超出允许范围（${p.value}，${p.at}）：${limitZh(String(p.limit))}`,
    (p) => `A formula step leaves the allowed range (${p.value} at ${p.at}): ${p.limit}`,
    () =>
      'Check the exponents and units of the formula (10^10^10 is 10^(10^10), 10 000 000 001 digits); the limits are in docs/limits.md.',
    () =>
      '请检查公式中的指数和单位（10^10^10 即 10^(10^10)，有 10 000 000 001 位数字）；docs/limits.md 列出了各项上限。',
  ),
  CUSTOM_WORK_EXCEEDED: entry<'amount' | 'limit' | 'unit'>(
    'error',
    (p) =>
      p.unit === 'characters'
        ? `自定义指标的公式共 ${p.amount} 个字符，超过上限 ${p.limit} 个；未解析任何公式`
        : `自定义指标的公式计算需 ${p.amount} 步，超过上限 ${p.limit} 步；未进行计算`,
    (p) =>
      p.unit === 'characters'
        ? `The custom indicators' formulas hold ${p.amount} characters together, more than the limit of ${p.limit}; none was parsed`
        : `The custom indicators' formulas need ${p.amount} evaluation steps, more than the limit of ${p.limit}; nothing was computed`,
    () =>
      "Simplify the formulas (a power, exp or log counts 50 steps, every other number, name or operation 1), or compute intermediate values outside and declare them as inputs; the limits are in docs/limits.md, and the operator sets the service's steps with `gepkit serve --custom-work-limit`.",
    () =>
      '请简化公式（幂、exp 或 log 各计 50 步，其余每个数、名称或运算计 1 步），或在外部算出中间值并声明为输入；上限见 docs/limits.md，服务的步数上限由运维人员以 `gepkit serve --custom-work-limit` 设置。',
  ),
  CUSTOM_INPUT_UNIT_AS_WRITTEN: entry<'code' | 'expected' | 'input' | 'unit' | 'value'>(
    'warning',
    (p) =>
      `自定义指标 ${p.code} 的输入 ${p.input} 以 ${p.unit} 给出且未写 as：公式按所写数值 ${p.value} 读取，而结果以 ${p.expected} 计`,
    (p) =>
      `Custom indicator ${p.code}: input ${p.input} is given in ${p.unit} without "as": the formulas read it as written (${p.value}), while the result is in ${p.expected}`,
    () =>
      'Give "as" with the unit the formula expects (e.g. "as": "t_CO2" to read 2 万t CO₂ as 20000), or "as" equal to the input\'s own unit if the formula converts it itself; the figures are computed as the formula says.',
    () =>
      '请用 as 给出公式所需的单位（如 "as": "t_CO2"，将 2 万t CO₂ 读作 20000）；若公式自行换算，则令 as 等于该输入本身的单位；数值均按公式所写计算。',
  ),
  CUSTOM_RESULT_NEGATIVE: entry<'code' | 'value' | 'what'>(
    'warning',
    (p) => `自定义指标 ${p.code} 的${WHAT_ZH[String(p.what)] ?? p.what}为负（${p.value}）`,
    (p) => `Custom indicator ${p.code}: the ${p.what} is negative (${p.value})`,
    () => 'Check the inputs and the formula; the negative value is kept as computed.',
    () => '请检查输入和公式；负值按计算结果保留。',
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
