import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogueEntry, Params } from './catalogue';
import {
  CORE_ERRORS,
  type CoreErrorCode,
  GepError,
  coreIssues,
  fail,
  issue,
  issueFromData,
  jsonDetailZh,
} from './errors';
import { UNITS } from './units';

const HAN = /\p{Script=Han}/u;

/** Parameters that stand for themselves (`<name>`), recording which names a message reads. */
function markers(read: Set<string>): Params {
  return new Proxy({} as Params, {
    get: (_, k) => {
      read.add(String(k));
      return `<${String(k)}>`;
    },
  });
}

/** The texts of one entry and the parameters each reads. */
function texts(code: CoreErrorCode) {
  const e = CORE_ERRORS[code] as CatalogueEntry;
  const zhRead = new Set<string>();
  const enRead = new Set<string>();
  const hintRead = new Set<string>();
  const hintZhRead = new Set<string>();
  return {
    zh: e.zh(markers(zhRead)),
    en: e.en(markers(enRead)),
    hint: e.hint(markers(hintRead)),
    hintZh: e.hintZh(markers(hintZhRead)),
    zhRead,
    enRead,
    hintRead,
    hintZhRead,
  };
}

const zhOf = (code: CoreErrorCode, params: Record<string, string>) =>
  (issueFromData(code, [], params) as { message: { zh: string } }).message.zh;

describe('the core catalogue', () => {
  const codes = Object.keys(CORE_ERRORS) as CoreErrorCode[];

  it('every entry has a Chinese message, an English one and a hint, each showing the parameters it reads', () => {
    expect(codes.length).toBeGreaterThan(60);
    for (const code of codes) {
      const t = texts(code);
      expect(typeof t.zh, code).toBe('string');
      expect(t.zh, code).toMatch(HAN);
      expect(typeof t.en, code).toBe('string');
      expect(t.en.length, code).toBeGreaterThan(10);
      expect(t.en, code).not.toMatch(HAN);
      expect(typeof t.hint, code).toBe('string');
      expect(t.hint.length, code).toBeGreaterThan(10);
      expect(t.hintZh, code).toMatch(HAN);
      expect(t.hintZh.length, code).toBeGreaterThan(5);
      for (const [text, read] of [
        [t.zh, t.zhRead],
        [t.en, t.enRead],
        [t.hint, t.hintRead],
        [t.hintZh, t.hintZhRead],
      ] as const)
        for (const name of read) expect(text, `${code} shows ${name}`).toContain(`<${name}>`);
    }
  });

  it('the Chinese message carries the details of the English one (docs/errors.md)', () => {
    for (const code of codes) {
      const t = texts(code);
      if (code === 'ECOSYSTEM_TYPE_MAPPED') {
        // the way a class was mapped has its own Chinese words
        expect([...t.zhRead].sort()).toEqual(['code', 'given', 'grade', 'viaZh']);
        expect([...t.enRead].sort()).toEqual(['code', 'given', 'grade', 'via']);
      } else if (code === 'INDICATORS_OVERLAP') {
        // the profile's rule has its own Chinese text
        expect([...t.zhRead].sort()).toEqual(['indicators', 'rule', 'textZh']);
        expect([...t.enRead].sort()).toEqual(['indicators', 'rule', 'text']);
      } else if (code === 'PROFILE_RULE_UNAPPLIED') {
        expect([...t.zhRead].sort()).toEqual(['rule', 'textZh']);
        expect([...t.enRead].sort()).toEqual(['rule', 'text']);
      } else expect([...t.zhRead].sort(), code).toEqual([...t.enRead].sort());
      // the hint in Chinese reads what the English one reads; the crosswalk's note has its own Chinese text
      const hintZhRead = [...t.hintZhRead].map((k) =>
        code === 'ECOSYSTEM_TYPE_AMBIGUOUS' && k === 'noteZh' ? 'note' : k,
      );
      expect(hintZhRead.sort(), code).toEqual([...t.hintRead].sort());
    }
  });

  it('the hints that depend on a suggestion', () => {
    expect(issue('INDICATOR_UNKNOWN', [], { code: 'R99', allowed: 'R1, R9', suggestion: 'R9' }).hint).toBe(
      'Did you mean R9?',
    );
    expect(issue('INDICATOR_UNKNOWN', [], { code: 'X', allowed: 'R1, R9', suggestion: '' }).hint).toBe(
      'Use a code of the profile or of a custom indicator.',
    );
    expect(
      issue('CLI_OPTION_UNKNOWN', [], { command: 'account', option: '--formt', suggestion: '--format' }).hint,
    ).toBe('Did you mean --format? (`gepkit account --help` lists every option.)');
    expect(issue('CLI_OPTION_UNKNOWN', [], { command: 'account', option: '--x', suggestion: '' }).hint).toBe(
      'Run `gepkit account --help` for its options.',
    );
  });

  it('the Chinese hints that depend on their parameters take the branch the English one takes', () => {
    const zh = (code: CoreErrorCode, params: Record<string, string>) =>
      (issueFromData(code, [], params) as { hintZh: string }).hintZh;
    expect(zh('INDICATOR_UNKNOWN', { code: 'R99', allowed: 'R1, R9', suggestion: 'R9' })).toBe(
      '是否应为 R9？',
    );
    expect(zh('INDICATOR_UNKNOWN', { code: 'X', allowed: 'R1, R9', suggestion: '' })).toBe(
      '使用核算方案中的指标代码或自定义指标的代码。',
    );
    expect(zh('CLI_OPTION_UNKNOWN', { command: 'account', option: '--formt', suggestion: '--format' })).toBe(
      '是否应为 --format？（`gepkit account --help` 列出全部选项。）',
    );
    expect(zh('CLI_OPTION_UNKNOWN', { command: 'account', option: '--x', suggestion: '' })).toBe(
      '运行 `gepkit account --help` 查看其选项。',
    );
    const units = 'm2, hm2, km2, mu';
    expect(zh('UNIT_UNKNOWN', { unit: 'KM2', allowed: units })).toBe(
      '写作 km2：单位区分大小写（“KM2”不是 km2）。可用单位：m2, hm2, km2, mu。',
    );
    expect(zh('UNIT_UNKNOWN', { unit: 'kmm2', allowed: units })).toBe(
      '“kmm2”是否应为 km2？可用单位：m2, hm2, km2, mu。',
    );
    expect(zh('UNIT_UNKNOWN', { unit: 'acre', allowed: units })).toBe(
      '将“acre”改为以下单位之一：m2, hm2, km2, mu。',
    );
    const types = 'forest.coniferous, desert.sand';
    expect(
      zh('ECOSYSTEM_TYPE_UNKNOWN', { type: 'forest.conifrous', allowed: types, classification: 'c' }),
    ).toBe('“forest.conifrous”是否应为 forest.coniferous？该分类的代码：forest.coniferous, desert.sand。');
    expect(zh('ECOSYSTEM_TYPE_UNKNOWN', { type: 'qqq', allowed: types, classification: 'c' })).toBe(
      '将“qqq”改为该分类中的代码：forest.coniferous, desert.sand。',
    );
    const mapping =
      '改为直接填写类型代码，或用 options.typeMapping 为该类别指定一次映射（命令行：--type-map "03=<code>"）。';
    const ambiguous = (note: string, noteZh: string) =>
      zh('ECOSYSTEM_TYPE_AMBIGUOUS', { given: '03', candidates: 'a, b', note, noteZh });
    expect(ambiguous('', '')).toBe(mapping);
    // Without a note the English hint starts with its advice, not a space.
    expect(
      issueFromData('ECOSYSTEM_TYPE_AMBIGUOUS', [], { given: '03', candidates: 'a, b', note: '', noteZh: '' })
        .hint,
    ).toBe(
      'Write the type code instead, or map the class once with options.typeMapping (CLI: --type-map "03=<code>").',
    );
    // The crosswalk's Chinese note, ended by its own full stop, runs straight into the advice.
    expect(ambiguous('Forest land.', '林地。')).toBe(`林地。${mapping}`);
    // A crosswalk without Chinese notes gives its English note (the reader passes it as noteZh), set off by a space.
    expect(ambiguous('Forest land.', 'Forest land.')).toBe(`Forest land. ${mapping}`);
    const missing = { key: 'k', scope: 's', tables: 't' };
    expect(zh('COEFFICIENT_MISSING', { ...missing, held: '' })).toBe(
      '在覆盖表（input.overrides.tables）中添加该值，并注明来源和证据等级。',
    );
    expect(zh('COEFFICIENT_MISSING', { ...missing, held: 'ecosystem forest; region 36' })).toBe(
      '这些表中该系数仅适用于：生态系统 forest；地区 36（地区记录适用于 region.code 以其代码开头的输入）；在覆盖表（input.overrides.tables）中为本地区或本类型添加一条记录，并注明来源和证据等级。',
    );
  });
});

describe('NUMBER_NOT_FINITE in Chinese', () => {
  it("names shortValue's words for a number that is not finite in Chinese, and keeps any other value as written", () => {
    const zh = (value: string) => zhOf('NUMBER_NOT_FINITE', { value });
    expect(zh('a number too large for a double')).toBe(
      '数值无效（超出双精度浮点数范围的数）：必须是有限的十进制数',
    );
    expect(zh('a negative number too large for a double')).toBe(
      '数值无效（超出双精度浮点数范围的负数）：必须是有限的十进制数',
    );
    expect(zh('not a number')).toBe('数值无效（非数值）：必须是有限的十进制数');
    expect(zh('"1,234"')).toBe('数值无效（"1,234"）：必须是有限的十进制数');
    // a text named like an inherited property of objects is a text
    expect(zh('constructor')).toBe('数值无效（constructor）：必须是有限的十进制数');
  });
});

describe('schema details in Chinese (INPUT_INVALID and the fallbacks of tables, profiles, scenarios, results)', () => {
  const zh = (detail: string) => zhOf('INPUT_INVALID', { detail }).replace(/^输入格式错误：/, '');

  it("the checks of a compared result and of compare's options, whole sentences only", () => {
    expect(
      zh(
        'the GEP total at current prices 7048189595.96 differs from the sum of its indicator lines 7048189595.95 by 0.01 yuan, more than rounding explains (0)',
      ),
    ).toBe(
      '当年价 GEP 总值 7048189595.96 与其各指标行之和 7048189595.95 相差 0.01 元，超出舍入所能解释的范围（0）',
    );
    expect(
      zh(
        'the GEP total 7048189595.96 differs from the sum of its indicator lines 7048189595.95 by 0.01 yuan, more than rounding explains (0)',
      ),
    ).toBe('GEP 总值 7048189595.96 与其各指标行之和 7048189595.95 相差 0.01 元，超出舍入所能解释的范围（0）');
    expect(
      zh("current prices of 2021 in an account of 2019: an account's current prices are those of its year"),
    ).toBe('2019 年的核算却为 2021 年的当年价：核算的当年价是其核算年份的价格');
    expect(
      zh(
        "baseYear 2015 differs from options.baseYear 2020: give the comparison's base year once (options.baseYear)",
      ),
    ).toBe('baseYear 2015 与 options.baseYear 2020 不同：比较的基准年只需给出一次（options.baseYear）');
    expect(
      zh(
        'compare accounts its inputs in exact rounding, so that what printing removes is not counted as change: give no rounding',
      ),
    ).toBe('比较按精确舍入核算其输入，以免打印舍去的部分被计为变化：请勿给出舍入方式');
    expect(
      zh(
        'account.profile: both sides are account results, which account options cannot change (give the inputs to account them so)',
      ),
    ).toBe('account.profile：两侧均为核算结果，核算选项无法改变它们（如需按这些选项核算，请给出输入）');
    // a sentence inside another text, or with more after it, is left as it is
    for (const text of [
      "see current prices of 2021 in an account of 2019: an account's current prices are those of its year",
      "current prices of 2021 in an account of 2019: an account's current prices are those of its year!",
      "baseYear 2015 differs from options.baseYear 2020: give the comparison's base year once (options.baseYear) now",
      "so baseYear 2015 differs from options.baseYear 2020: give the comparison's base year once (options.baseYear)",
      "baseYear x differs from options.baseYear 2020: give the comparison's base year once (options.baseYear)",
      "current prices of x in an account of 2019: an account's current prices are those of its year",
    ])
      expect(zh(text)).toBe(text);
  });

  it('a missing field and a wrong type, with their types in Chinese, one or several', () => {
    expect(zh('missing (expected object)')).toBe('缺少该字段（应为对象）');
    expect(zh('missing (expected string or number)')).toBe('缺少该字段（应为字符串或数值）');
    expect(zh('missing (expected array or boolean or null)')).toBe('缺少该字段（应为数组或布尔值或空值）');
    expect(zh('expected integer, received undefined')).toBe('应为整数，实际为空值');
    expect(zh('expected int, received date')).toBe('应为整数，实际为日期');
    expect(zh('expected string or number, received boolean')).toBe('应为字符串或数值，实际为布尔值');
    // a type without a Chinese name is kept
    expect(zh('expected number, received bigint')).toBe('应为数值，实际为bigint');
    // only the whole detail in that form
    expect(zh('missing (expected object) here')).toBe('missing (expected object) here');
    expect(zh('it is missing (expected object)')).toBe('it is missing (expected object)');
    expect(zh('expected number, received string!')).toBe('expected number, received string!');
    expect(zh('an expected number, received string')).toBe('an expected number, received string');
    expect(zh('missing (expected a number)')).toBe('missing (expected a number)');
    expect(zh('expected a number, received string')).toBe('expected a number, received string');
    expect(zh('expected number, received a string')).toBe('expected number, received a string');
  });

  it('bounds of values, inclusive and exclusive, and lengths in characters and items', () => {
    expect(zh('Too big: expected number to be <=2200')).toBe('过大：数值应不大于 2200');
    expect(zh('Too big: expected number to be <5')).toBe('过大：数值应小于 5');
    expect(zh('Too small: expected number to be >=0')).toBe('过小：数值应不小于 0');
    expect(zh('Too small: expected number to be >0.5')).toBe('过小：数值应大于 0.5');
    expect(zh('Too small: expected date to be >=0')).toBe('过小：日期应不小于 0');
    expect(zh('Too big: expected string to have <=64 characters')).toBe('过长：字符串应至多 64 个字符');
    expect(zh('Too big: expected string to have <8 characters')).toBe('过长：字符串应少于 8 个字符');
    expect(zh('Too small: expected array to have >=1 items')).toBe('过短：数组应至少 1 项');
    expect(zh('Too small: expected array to have >2 items')).toBe('过短：数组应多于 2 项');
    // zod's "exactly" and other wordings are kept as they are
    expect(zh('Too small: expected array to have exactly 2 items')).toBe(
      'Too small: expected array to have exactly 2 items',
    );
    expect(zh('Too small: expected array to have >=2 elements')).toBe(
      'Too small: expected array to have >=2 elements',
    );
    expect(zh('Too small: expected array to have >=two items')).toBe(
      'Too small: expected array to have >=two items',
    );
    expect(zh('Too small: expected number to be =0')).toBe('Too small: expected number to be =0');
    expect(zh('Much Too small: expected number to be >=0')).toBe('Much Too small: expected number to be >=0');
    expect(zh('Too tiny: expected number to be >=0')).toBe('Too tiny: expected number to be >=0');
    expect(zh('Too small: expected array to have >=1 items or so')).toBe(
      'Too small: expected array to have >=1 items or so',
    );
    expect(zh('So Too small: expected array to have >=1 items')).toBe(
      'So Too small: expected array to have >=1 items',
    );
    expect(zh('Too small: expected an array to have >=1 items')).toBe(
      'Too small: expected an array to have >=1 items',
    );
    expect(zh('Too small: expected a number to be >=0')).toBe('Too small: expected a number to be >=0');
  });

  it('an option, a literal, a pattern, unknown keys, a union no form of which fits', () => {
    expect(zh('Invalid option: expected one of "area"|"volume"')).toBe('无效选项：应为 "area"|"volume" 之一');
    // the text refused, quoted at the end, follows the translation (core/catalogue.ts RECEIVED)
    expect(zh('Invalid option: expected one of "area"|"volume"; received "mass"')).toBe(
      '无效选项：应为 "area"|"volume" 之一；实际为 "mass"',
    );
    expect(zh('expected "profile"; received "profle"')).toBe('应为 "profile"；实际为 "profle"');
    expect(zh('expected "profile"')).toBe('应为 "profile"');
    expect(zh('expected "say \\"hi\\""')).toBe('应为 "say \\"hi\\""');
    expect(zh('expected -12.5e+3')).toBe('应为 -12.5e+3');
    expect(zh('expected 1')).toBe('应为 1');
    expect(zh('expected true')).toBe('应为 true');
    expect(zh('expected false')).toBe('应为 false');
    expect(zh('expected null')).toBe('应为 null');
    expect(zh('Invalid string: must match pattern /^\\d+$/')).toBe('格式不符：应匹配 /^\\d+$/');
    expect(zh('Unrecognized key: "bsis"')).toBe('未知字段："bsis"');
    expect(zh('Unrecognized keys: "a", "b"')).toBe('未知字段："a", "b"');
    expect(zh('matches none of the accepted forms')).toBe('不符合任何一种允许的形式');
    expect(zh('Invalid number: must be a multiple of 16')).toBe('无效数值：应为 16 的倍数');
    expect(zh('Invalid number: must be a multiple of 0.01')).toBe('无效数值：应为 0.01 的倍数');
    // words around them are kept as they are
    for (const kept of [
      'expected a number such as "-1234.56"',
      'expected "a" "b"',
      'expected "a',
      'expected 1 or 2',
      'expected truth',
      'see: expected "profile"',
      'expected x1',
      'Invalid option: expected one of ',
      'An Invalid option: expected one of "a"',
      'Invalid string: must match pattern ',
      'An Invalid string: must match pattern /a/',
      'Unrecognized keys? "a"',
      'Unrecognized keys: ',
      'Two Unrecognized keys: "a", "b"',
      'Invalid number: must be a multiple of ',
      'An Invalid number: must be a multiple of 16',
      'Invalid number: must be a multiple of 16\nsee the table',
      'a ring must be round',
      // a detail of more lines than the form's one is kept whole, its second line not dropped
      'Too small: expected number to be >=0\nsee the table',
      'Invalid option: expected one of "a"|"b"\nsee the table',
      'Invalid string: must match pattern /a/\nsee the table',
      'Unrecognized key: "a"\nsee the table',
    ])
      expect(zh(kept), kept).toBe(kept);
  });

  it('the table, profile, scenario and result-file codes translate their details alike', () => {
    const d = { detail: 'expected string, received number' };
    expect(zhOf('TABLE_INVALID', d)).toBe('系数表格式错误：应为字符串，实际为数值');
    expect(zhOf('PROFILE_INVALID', d)).toBe('核算方案格式错误：应为字符串，实际为数值');
    expect(zhOf('SCENARIO_INVALID', d)).toBe('情景文件格式错误：应为字符串，实际为数值');
    expect(zhOf('COMPARE_RESULT_INVALID', d)).toBe('核算结果文件无法比较：应为字符串，实际为数值');
    expect(zhOf('REPORT_RESULT_INVALID', { ...d, file: 'a.json' })).toBe(
      '核算结果文件 a.json 无法生成报告：应为字符串，实际为数值',
    );
  });
});

describe('SWITCH_INVALID in Chinese', () => {
  const zh = (detail: string) => zhOf('SWITCH_INVALID', { detail });
  const head = 'R1 (water-conservation/water-balance@1): ';
  it('translates each problem of the switch schema after the indicator and its method, with or without a path', () => {
    expect(zh(`${head}Unrecognized key: "colour"`)).toBe(`方法开关无效：${head}未知字段："colour"`);
    expect(zh(`${head}negativeTerms Invalid option: expected one of "refuse"|"zero"`)).toBe(
      `方法开关无效：${head}negativeTerms 无效选项：应为 "refuse"|"zero" 之一`,
    );
    // zod's "Invalid input: " is dropped, as fromZodIssues drops it; the problems are joined by a Chinese semicolon.
    expect(
      zh(
        `${head}Invalid input: expected number, received string; a.b Invalid input: expected array, received null`,
      ),
    ).toBe(`方法开关无效：${head}应为数值，实际为字符串；a.b 应为数组，实际为空值`);
  });
  it('keeps a part in no known form, and a detail without the head, as they are', () => {
    expect(zh(`${head}broken; lakeRegion names no pair; x Unrecognized key: "y"`)).toBe(
      `方法开关无效：${head}broken；lakeRegion names no pair；x 未知字段："y"`,
    );
    // the head is at the start only
    expect(zh(`see ${head}Unrecognized key: "y"`)).toBe(`方法开关无效：see ${head}Unrecognized key: "y"`);
  });
});

describe('SWITCH_INVALID of flood regulation in Chinese', () => {
  const zh = (detail: string) => zhOf('SWITCH_INVALID', { detail });
  it('a marsh type unknown or counted twice, a lake region missing; any other detail kept', () => {
    expect(zh('R3: marshTypes names an unknown type wetland.nowhere')).toBe(
      '方法开关无效：R3：marshTypes 中的 wetland.nowhere 不是分类中的类型',
    );
    expect(zh('R3: shrub would be counted as vegetation and as marsh')).toBe(
      '方法开关无效：R3：shrub 会同时计为植被和沼泽',
    );
    expect(
      zh(
        'R3: lakes are given, so the switch lakeRegion must name the regional (a, b) pair (flood.lake.<region>.a/.b)',
      ),
    ).toBe(
      '方法开关无效：R3：给出了湖泊，开关 lakeRegion 必须指定地区的 (a, b) 参数对（flood.lake.<region>.a/.b）',
    );
    // the words must be the whole rest: a longer text, or text before the type, is kept
    expect(
      zh(
        'R3: lakes are given, so the switch lakeRegion must name the regional (a, b) pair (flood.lake.<region>.a/.b).',
      ),
    ).toBe(
      '方法开关无效：R3: lakes are given, so the switch lakeRegion must name the regional (a, b) pair (flood.lake.<region>.a/.b).',
    );
    expect(zh('R3: see marshTypes names an unknown type x')).toBe(
      '方法开关无效：R3: see marshTypes names an unknown type x',
    );
    expect(zh('R3: shrub would be counted as vegetation and as marsh, twice')).toBe(
      '方法开关无效：R3: shrub would be counted as vegetation and as marsh, twice',
    );
    expect(zh('R3: marshTypes and more: Unrecognized key: "y"')).toBe(
      '方法开关无效：R3: marshTypes and more: Unrecognized key: "y"',
    );
  });
});

describe('INPUT_NOT_JSON in Chinese', () => {
  const zh = (detail: string) => zhOf('INPUT_NOT_JSON', { detail });
  const T = '文件不是有效的 JSON：';
  it("JSON.parse's messages after the file, their position kept, with the line and column where Node gives them", () => {
    // the forms of Node 20 (V8 11.3)
    expect(zh('in.json: Unexpected end of JSON input')).toBe(`${T}in.json：JSON 文本意外结束`);
    expect(zh(`in.json: Unexpected token 'x', "x{"a":1,"b"... is not valid JSON`)).toBe(
      `${T}in.json：意外的字符 'x'，"x{"a":1,"b"... 不是有效的 JSON`,
    );
    expect(zh(`request body: Unexpected token '}', "{"a":tru}" is not valid JSON`)).toBe(
      `${T}request body：意外的字符 '}'，"{"a":tru}" 不是有效的 JSON`,
    );
    for (const [en, zhAt] of [
      ["Expected property name or '}'", "应为属性名或 '}'"],
      ["Expected ',' or '}' after property value", "应为属性值之后的 ',' 或 '}'"],
      ["Expected ',' or ']' after array element", "应为数组元素之后的 ',' 或 ']'"],
      ["Expected ':' after property name", "应为属性名之后的 ':'"],
      ['Expected double-quoted property name', '应为双引号括起的属性名'],
      ['Unexpected non-whitespace character after JSON', 'JSON 之后还有多余的字符'],
      ['Unterminated string', '字符串没有结束引号'],
      ['Bad control character in string literal', '字符串中有控制字符'],
      ['Bad escaped character', '字符串中有无效的转义'],
      ['Bad Unicode escape', '字符串中有无效的 Unicode 转义'],
      ['Unexpected number', '意外的数字'],
      ['Unexpected string', '意外的字符串'],
      ['No number after minus sign', '负号之后没有数字'],
      ['Exponent part is missing a number', '指数部分缺少数字'],
      ['Unterminated fractional number', '小数点之后没有数字'],
      // Node before 20
      ['Unexpected token }', "意外的字符 '}'"],
    ] as const) {
      expect(zh(`in.json: ${en} in JSON at position 1207`)).toBe(`${T}in.json：位置 1207：${zhAt}`);
      // Node 22 adds the line and column
      expect(zh(`in.json: ${en} in JSON at position 1207 (line 34 column 56)`)).toBe(
        `${T}in.json：位置 1207（第 34 行第 56 列）：${zhAt}`,
      );
    }
    // half of an emoji's surrogate pair, as V8 names it
    expect(zh(`in.json: Unexpected token '\ud83d', "😀" is not valid JSON`)).toBe(
      `${T}in.json：意外的字符 '\ud83d'，"😀" 不是有效的 JSON`,
    );
  });
  it('the messages of this Node\'s own JSON.parse, the one without "in JSON" included', () => {
    const messageOf = (text: string) => {
      try {
        JSON.parse(text);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${text} parsed`);
    };
    // '1 2': V8 says "Unexpected non-whitespace character after JSON at position 2" (no "in JSON").
    expect(zh(`in.json: ${messageOf('1 2')}`)).toMatch(
      /^文件不是有效的 JSON：in\.json：位置 2(（第 1 行第 3 列）)?：JSON 之后还有多余的字符$/,
    );
    expect(zh(`in.json: ${messageOf('"abc')}`)).toMatch(
      /^文件不是有效的 JSON：in\.json：位置 4(（第 1 行第 5 列）)?：字符串没有结束引号$/,
    );
    expect(jsonDetailZh(messageOf('[1,]'))).toBe(`意外的字符 ']'，"[1,]" 不是有效的 JSON`);
  });
  it('jsonDetailZh (a refused JSON line): a key given twice, JSON.parse messages, anything else kept', () => {
    expect(
      jsonDetailZh('the key "a" appears twice in one object (JSON readers disagree on which one wins)'),
    ).toBe('键“a”在同一对象中出现两次（各 JSON 读取器对取哪一个不一致）');
    const twice = 'the key "user id" appears twice in one object (JSON readers disagree on which one wins)';
    expect(jsonDetailZh(twice)).toBe('键“user id”在同一对象中出现两次（各 JSON 读取器对取哪一个不一致）');
    // the whole detail only: with anything before or after it, it is kept as it is
    expect(jsonDetailZh(`x${twice}`)).toBe(`x${twice}`);
    expect(jsonDetailZh(`${twice}.`)).toBe(`${twice}.`);
    expect(jsonDetailZh('Unexpected end of JSON input')).toBe('JSON 文本意外结束');
    expect(jsonDetailZh('Unterminated string in JSON at position 4')).toBe('位置 4：字符串没有结束引号');
    expect(jsonDetailZh('line too long')).toBe('line too long');
  });
  it('a file name holding ": " is kept whole; an empty file name too', () => {
    expect(zh('C: data: Unexpected end of JSON input')).toBe(`${T}C: data：JSON 文本意外结束`);
    expect(zh(`in.json: Oops: Unexpected token 'a', "a" is not valid JSON`)).toBe(
      `${T}in.json: Oops：意外的字符 'a'，"a" 不是有效的 JSON`,
    );
    expect(zh('a: b: Unterminated string in JSON at position 4')).toBe(
      `${T}a: b：位置 4：字符串没有结束引号`,
    );
    expect(zh(': Unexpected end of JSON input')).toBe(`${T}：JSON 文本意外结束`);
  });
  it('keeps a detail in no known form as it is', () => {
    for (const kept of [
      'Unexpected end of JSON input',
      'in.json: Unexpected end of JSON input, again',
      // a message is looked for after ": " only, not after any character
      'in.json: xUnexpected end of JSON input',
      'inUnexpected end of JSON input',
      'in.json: Expected a miracle in JSON at position 3',
      'in.json: Something odd in JSON at position 3',
      'in.json: Unexpected number in JSON at position 3, again',
      'in.json: Unexpected number in JSON at position x',
      `in.json: Unexpected token 'ab', "ab" is not valid JSON`,
      `in.json: Unexpected token 'a', "a" is not valid JSON, again`,
      'in.json',
      'constructor',
    ])
      expect(zh(kept), kept).toBe(`${T}${kept}`);
  });
});

describe('CLI_USAGE in Chinese', () => {
  const zh = (detail: string) => zhOf('CLI_USAGE', { detail });
  it("an option's value in each form the command line checks", () => {
    expect(zh('--chunk must be a positive integer, got 0')).toBe(
      '命令用法错误：--chunk 须为正整数，实际为 0',
    );
    expect(zh('--price-year must be an integer, got 20x')).toBe(
      '命令用法错误：--price-year 须为整数，实际为 20x',
    );
    expect(zh('--draws must be a whole number, got -1')).toBe(
      '命令用法错误：--draws 须为非负整数，实际为 -1',
    );
    expect(zh('--port must be an integer of at least 0, got x')).toBe(
      '命令用法错误：--port 须为不小于 0 的整数，实际为 x',
    );
    expect(zh('--workers must be a whole number from 0 to 64, got 65')).toBe(
      '命令用法错误：--workers 须为 0 到 64 的整数，实际为 65',
    );
    expect(zh('--seed must be an integer from 0 to 4,294,967,295, got 0x10')).toBe(
      '命令用法错误：--seed 须为 0 到 4,294,967,295 的整数（十进制数字），实际为 0x10',
    );
    expect(zh('--uncertainty N (the number of draws) is needed with --seed, --tornado')).toBe(
      '命令用法错误：--seed, --tornado 需要同时给出 --uncertainty N（抽样次数）',
    );
    expect(zh('--tornado-percent must be a number of percent written in digits (10, 2.5), got 0x10')).toBe(
      '命令用法错误：--tornado-percent 须为以数字书写的百分数（如 10、2.5），实际为 0x10',
    );
    expect(zh('--tornado-percent must be between 0 and 100, got 101')).toBe(
      '命令用法错误：--tornado-percent 须在 0 与 100 之间，实际为 101',
    );
    expect(zh('--base-year must be a year, got 2O20')).toBe(
      '命令用法错误：--base-year 须为年份，实际为 2O20',
    );
    expect(zh('--now must be an ISO 8601 time with offset, got 2024-05-01')).toBe(
      '命令用法错误：--now 须为带时区偏移的 ISO 8601 时间，实际为 2024-05-01',
    );
    expect(zh('--min-grade must be one of verified, cited, assumed, got none')).toBe(
      '命令用法错误：--min-grade 须为以下之一：verified, cited, assumed，实际为 none',
    );
    // a list of two, of three and of four values
    expect(zh('--lang must be zh or en, got fr')).toBe('命令用法错误：--lang 须为 zh 或 en，实际为 fr');
    expect(zh('--index must be auto, memory or disk, got ram')).toBe(
      '命令用法错误：--index 须为 auto、memory 或 disk，实际为 ram',
    );
    expect(zh('--format must be json, csv, md or xlsx, got pdf')).toBe(
      '命令用法错误：--format 须为 json、csv、md 或 xlsx，实际为 pdf',
    );
    expect(zh('--reductions must be required or when-available, got maybe')).toBe(
      '命令用法错误：--reductions 须为 required 或 when-available，实际为 maybe',
    );
    expect(zh('--warnings is given twice (--warnings refs, then --warnings inline): give it once')).toBe(
      '命令用法错误：--warnings 给出了两次（--warnings refs，然后 --warnings inline）：只能给一次',
    );
  });

  it('a subcommand, command or argument that does not belong, and the fixed sentences', () => {
    expect(zh('vep takes value, change, reconcile or allocate, got price')).toBe(
      '命令用法错误：vep 的子命令须为 value、change、reconcile 或 allocate，实际为 price',
    );
    expect(zh('coefficients takes list or show, got edit')).toBe(
      '命令用法错误：coefficients 的子命令须为 list 或 show，实际为 edit',
    );
    expect(zh('unknown command acount')).toBe('命令用法错误：未知命令 acount');
    expect(zh('unexpected argument b.json')).toBe('命令用法错误：多余的参数 b.json');
    expect(zh('vep value needs --context <context.json>')).toBe(
      '命令用法错误：vep value 需要 --context <context.json>',
    );
    expect(zh('missing the activities file (JSON Lines)')).toBe('命令用法错误：缺少活动文件（JSON Lines）');
    expect(zh('--audit FILE goes with --ledger')).toBe('命令用法错误：--audit FILE 须与 --ledger 同用');
    expect(zh('serve key takes <id> <role>')).toBe('命令用法错误：serve key 需要 <id> <role>');
    expect(
      zh("a run on a queue keeps its ids in its partitions' jobs or in its --ledger: --id-store is not read"),
    ).toBe('命令用法错误：队列上的运行把已入账的 id 保存在各分区的任务或 --ledger 中：不读取 --id-store');
    expect(zh('compare always accounts inputs exactly: leave --exact out')).toBe(
      '命令用法错误：compare 总是精确核算输入：请去掉 --exact',
    );
    // a detail in no known form, and a list with no "or", are kept as they are
    expect(zh('--x must be a colour, got red')).toBe('命令用法错误：--x must be a colour, got red');
    expect(zh('serve key takes <id>')).toBe('命令用法错误：serve key takes <id>');
  });

  it('what a command line misses, by name; a thing not named is kept', () => {
    expect(zh('missing an input file (- for standard input)')).toBe(
      '命令用法错误：缺少输入文件（- 表示标准输入）',
    );
    expect(zh('missing list or show')).toBe('命令用法错误：缺少 list 或 show');
    expect(zh('missing a second profile id')).toBe('命令用法错误：缺少第二个核算方案 id');
    expect(zh('missing a schema name (input, result) or list')).toBe(
      '命令用法错误：缺少模式名称（input, result）或 list',
    );
    expect(zh('vep change: missing two account results (a.json b.json)')).toBe(
      '命令用法错误：vep change：缺少两个核算结果（a.json b.json）',
    );
    expect(zh('vep allocate: unexpected argument x.json')).toBe(
      '命令用法错误：vep allocate：多余的参数 x.json',
    );
    // a thing not named, and a name of Object.prototype, are kept after a space
    expect(zh('missing a miracle')).toBe('命令用法错误：缺少 a miracle');
    expect(zh('missing constructor')).toBe('命令用法错误：缺少 constructor');
    // the schema sentence whole only, not inside a longer one
    expect(zh('missing not a schema name (a) or list')).toBe(
      '命令用法错误：缺少 not a schema name (a) or list',
    );
    expect(zh('missing a schema name (a) or list, or b')).toBe(
      '命令用法错误：缺少 a schema name (a) or list, or b',
    );
  });

  it('the sentences with a value inside', () => {
    const cases: [string, string][] = [
      [
        '--type-map takes CLASS=CODE (e.g. 0301=forest.mixed), got 0301',
        '--type-map 须为 CLASS=CODE 的形式（如 0301=forest.mixed），实际为 0301',
      ],
      [
        '--table applies to --format csv or md (one table), not json',
        '--table 只适用于 --format csv 或 md（单个表），不适用于 json',
      ],
      [
        'unexpected argument b.jsonl (--ledger names the ledger)',
        '多余的参数 b.jsonl（账本由 --ledger 指定）',
      ],
      ['gepkit validate takes no arguments; left over: a b', 'gepkit validate 不接受参数；多余：a b'],
      ['gepkit account takes at most 1; left over: b.json', 'gepkit account 最多接受 1 个参数；多余：b.json'],
      ['compare takes two files, got 3', 'compare 需要两个文件，实际为 3 个'],
      [
        'a run writes under one rule set: give --rules once, not 2 times (carbon verify takes one per version the ledger was written under)',
        '一次运行只按一套积分规则记账：--rules 只能给一次，实际给了 2 次（carbon verify 可按账本写入时用过的每个版本各给一次）',
      ],
      [
        '--activities re-executes the runs under one rule set, not 2: a ledger written under several rule-set versions is verified with --rules once per version, without --activities',
        '--activities 只按一套积分规则重新执行各次运行，而不是 2 套：按多个规则集版本写入的账本，请按每个版本各给一次 --rules 核验，不加 --activities',
      ],
      ['serve takes no argument but key, got start', 'serve 只接受参数 key，实际为 start'],
      [
        'the role must be one of reader, operator, got admin',
        '角色须为以下之一：reader, operator，实际为 admin',
      ],
      ['gepkit report needs --out report.docx', 'gepkit report 需要 --out report.docx'],
      [
        'r.json is a result: --uncertainty draws from an input (or run gepkit account --uncertainty first)',
        'r.json 是核算结果：--uncertainty 须从输入抽样（或先运行 gepkit account --uncertainty）',
      ],
      [
        "c.json is a result of gepkit compare (a comparison of two accounts), not an account input or result: give each year's input or account result (gepkit report after.json --compare before.json)",
        'c.json 是 gepkit compare 的结果（两期核算的比较），不是核算输入或核算结果：请给出各年的输入或核算结果（gepkit report after.json --compare before.json）',
      ],
      [
        '--format docx writes a docx report, but --out r.html is named .html',
        '--format docx 生成 docx 报告，但 --out r.html 的扩展名为 .html',
      ],
      [
        '--out r.pdf: name the report .html or .docx, or give --format html or docx',
        '--out r.pdf：报告文件名须以 .html 或 .docx 结尾，或给出 --format html 或 docx',
      ],
      [
        'a run on a queue appends to a ledger every worker reaches: give --ledger postgres://… (an embedded ledger, ./l, is written by one process)',
        '队列上的运行追加到每个 worker 都能访问的账本：请给出 --ledger postgres://…（嵌入式账本 ./l 只由一个进程写入）',
      ],
      [
        '--spool names a run on a queue, or its spool: give --queue',
        '--spool 指定队列上的运行或其暂存目录：请给出 --queue',
      ],
      [
        '--id-store ids is not empty: give a new or empty directory (it holds the ids of one run)',
        '--id-store ids 不是空目录：请给出新的或空的目录（它保存一次运行的 id）',
      ],
      ["Option '-o, --out <value>' argument missing", '选项 -o, --out <value> 缺少取值'],
      ["Option '--exact' does not take an argument", '选项 --exact 不接受取值'],
      [
        "Option '--out' argument is ambiguous.\nDid you forget to specify the option argument for '--out'?\nTo specify an option argument starting with a dash use '--out=-XYZ'.",
        '选项 --out 的取值有歧义：是否忘了给出取值？以“-”开头的取值请写成 --out=-XYZ',
      ],
    ];
    for (const [detail, expected] of cases) expect(zh(detail), detail).toBe(`命令用法错误：${expected}`);
  });
});

describe('INPUT_IGNORED in Chinese', () => {
  const zh = (field: string, reason: string) => zhOf('INPUT_IGNORED', { field, reason });
  it('says why each method leaves an input unused, in the forms the methods write', () => {
    const cases: [string, string, string][] = [
      ['SO2', 'not in the pollutant list of the method', 'SO2（不在该方法的污染物清单中）'],
      [
        'emissions.air SO2 100 t',
        'rule "area" values absorption per area × area, not emissions',
        'emissions.air SO2 100 t（规则 "area" 按单位面积吸收量 × 面积计值，不使用排放量）',
      ],
      ['P', 'practice "c-only" takes P = 1', 'P（措施 "c-only" 取 P = 1）'],
      ['grossOutput', 'products are given and valued instead', 'grossOutput（已给出产品并按产品计值）'],
      [
        'tourism.revenue',
        'the travel-cost method values visits, not revenue',
        'tourism.revenue（旅行费用法按游客人次计值，不使用收入）',
      ],
      [
        'tourism.segments',
        'the revenue-share method values revenue, not visits',
        'tourism.segments（收入分成法按收入计值，不使用游客人次）',
      ],
      [
        'exchangeCount 2 of 东湖',
        'the known floodStorage replaces e^a × A^b × T',
        '东湖 的 exchangeCount 2（已知的 floodStorage 取代 e^a × A^b × T）',
      ],
      [
        'climateRegulation (3 totals)',
        'source is "model"; set R8’s switch source to "totals" to use them',
        'climateRegulation（3 个总量）（数据来源为 "model"；如需使用，请将 R8 的开关 source 设为 "totals"）',
      ],
      ['ndvi', 'source is "rusle"', 'ndvi（数据来源为 "rusle"）'],
      [
        'waterSupply',
        'no indicator of the profile ndrc-nbs-2022 reads it',
        'waterSupply（核算方案 ndrc-nbs-2022 中没有读取该项的指标）',
      ],
      [
        'valueAdded, depreciation',
        'not used on the gross basis',
        'valueAdded, depreciation（总产值（gross）口径下不使用）',
      ],
      [
        'grossOutput',
        'not used on the value-added basis',
        'grossOutput（增加值（value-added）口径下不使用）',
      ],
      ['grossOutput', 'not used on the odd basis', 'grossOutput（odd 口径下不使用）'],
      ['grossOutput', 'not used on the constructor basis', 'grossOutput（constructor 口径下不使用）'],
      [
        'emissions.air SO2',
        'no ecosystem of the groups forest, grassland in its scope: purification counted as 0',
        'emissions.air SO2（其范围内没有 forest, grassland 组的生态系统：净化量计为 0）',
      ],
      [
        'waterConservation 5 m3 of desert',
        'desert is not in R1’s groups forest, wetland',
        'desert 的 waterConservation 5 m3（desert 不在 R1 的组 forest, wetland 中）',
      ],
      [
        'climateRegulation 7 kWh of urban',
        'urban is neither a water type nor in a vegetation group of R8',
        'urban 的 climateRegulation 7 kWh（urban 既不是水体类型，也不在 R8 的植被组中）',
      ],
      ['waterBodies.lakes', 'component lake is off', 'waterBodies.lakes（组分 lake 已关闭）'],
      [
        'visits',
        "component visits is not in the method's components",
        'visits（组分 visits 不在该方法的组分中）',
      ],
      // a reason and a field in no known form are kept
      ['x', 'because', 'x（because）'],
      ['a of', 'source is', 'a of（source is）'],
    ];
    for (const [field, reason, expected] of cases)
      expect(zh(field, reason), reason).toBe(`输入项未被使用：${expected}`);
  });
});

describe('INPUT_INVALID in Chinese: the refinements of the input schemas', () => {
  it('a ring not closed, a decimal string', () => {
    const zh = (detail: string) => zhOf('INPUT_INVALID', { detail });
    expect(zh('a ring must be closed')).toBe('输入格式错误：多边形的环必须闭合（首尾坐标相同）');
    expect(zh('expected a decimal string such as "-1234.56"')).toBe(
      '输入格式错误：应为十进制数字字符串，如 "-1234.56"',
    );
    expect(zh('a ring must be closed.')).toBe('输入格式错误：a ring must be closed.');
    // a GeoJSON position of the wrong length, an altitude of the wrong type
    expect(
      zh('a position is [longitude, latitude] or [longitude, latitude, altitude]: 1 element given'),
    ).toBe('输入格式错误：坐标点应为 [经度, 纬度] 或 [经度, 纬度, 高程]：给出了 1 个元素');
    expect(
      zh('a position is [longitude, latitude] or [longitude, latitude, altitude]: 5 elements given'),
    ).toBe('输入格式错误：坐标点应为 [经度, 纬度] 或 [经度, 纬度, 高程]：给出了 5 个元素');
    expect(zh("an altitude (a position's third element) is a number, not boolean")).toBe(
      '输入格式错误：高程（坐标点的第三个元素）应为数值，实际为布尔值',
    );
    expect(
      zh('a position is [longitude, latitude] or [longitude, latitude, altitude]: 12 elements given'),
    ).toBe('输入格式错误：坐标点应为 [经度, 纬度] 或 [经度, 纬度, 高程]：给出了 12 个元素');
    // only the whole detail is translated: one with text before or after it stays as written
    for (const d of [
      'near a position is [longitude, latitude] or [longitude, latitude, altitude]: 1 element given',
      'a position is [longitude, latitude] or [longitude, latitude, altitude]: 1 element given twice',
      "so an altitude (a position's third element) is a number, not boolean",
      "an altitude (a position's third element) is a number, not boolean here",
    ])
      expect(zh(d)).toBe(`输入格式错误：${d}`);
    // a crosswalk's entry, a classification's group
    expect(zh('an entry has either a type or (type null) its candidates')).toBe(
      '输入格式错误：每个条目要么给出 type，要么（type 为 null 时）给出候选类型',
    );
    expect(zh('unknown group shrubs')).toBe('输入格式错误：未知的类型组 shrubs');
    expect(zh('an unknown group shrubs')).toBe('输入格式错误：an unknown group shrubs');
    // the decimal string's sentence whole only
    expect(zh('see: expected a decimal string such as "1"')).toBe(
      '输入格式错误：see: expected a decimal string such as "1"',
    );
    expect(zh('expected a decimal string such as "1" or "2"x')).toBe(
      '输入格式错误：expected a decimal string such as "1" or "2"x',
    );
  });
});

describe('INPUT_ENCODING, INPUT_DUPLICATE_KEY and INPUT_TOO_DEEP in Chinese', () => {
  it('name an input that is not a file in Chinese, and keep a file name as it is', () => {
    expect(zhOf('INPUT_TOO_DEEP', { file: 'the valuation context', limit: '100' })).toBe(
      '估值上下文 中的对象与数组嵌套超过 100 层',
    );
    expect(zhOf('INPUT_TOO_DEEP', { file: 'the account options', limit: '100' })).toBe(
      '核算选项 中的对象与数组嵌套超过 100 层',
    );
    expect(zhOf('INPUT_DUPLICATE_KEY', { file: 'request body', key: 'year' })).toBe(
      '请求体 中同一对象内键“year”出现两次',
    );
    expect(zhOf('INPUT_DUPLICATE_KEY', { file: 'standard input', key: 'year' })).toBe(
      '标准输入 中同一对象内键“year”出现两次',
    );
    expect(zhOf('INPUT_ENCODING', { file: 'standard input', detail: 'x' })).toBe(
      '标准输入 的编码无法识别：x',
    );
    expect(zhOf('INPUT_ENCODING', { file: 'constructor', detail: 'x' })).toBe(
      '文件 constructor 的编码无法识别：x',
    );
    expect(zhOf('INPUT_TOO_DEEP', { file: 'in.json', limit: '100' })).toBe(
      'in.json 中的对象与数组嵌套超过 100 层',
    );
    // a file named like an inherited property of objects is a file name
    expect(zhOf('INPUT_TOO_DEEP', { file: 'constructor', limit: '100' })).toBe(
      'constructor 中的对象与数组嵌套超过 100 层',
    );
  });

  it("say why a text's encoding is refused, in each form src/io/encoding.ts writes", () => {
    const zh = (detail: string) => zhOf('INPUT_ENCODING', { file: 'a.csv', detail });
    const cases: [string, string][] = [
      [
        'neither UTF-8 nor clean GB18030/GBK (undecodable bytes at character 7)',
        '既不是 UTF-8，也不是无误的 GB18030/GBK（字符位置 7 处有无法解码的字节）',
      ],
      [
        'neither UTF-8 nor clean GB18030/GBK (a control character at character 6)',
        '既不是 UTF-8，也不是无误的 GB18030/GBK（字符位置 6 处有控制字符）',
      ],
      [
        'neither UTF-8 nor clean GB18030/GBK (a control character at line 3, byte 12)',
        '既不是 UTF-8，也不是无误的 GB18030/GBK（第 3 行、字节位置 12 处有控制字符）',
      ],
      [
        'neither UTF-8 nor GBK/GB18030 (undecodable bytes at line 1201); save the file as UTF-8',
        '既不是 UTF-8，也不是 GBK/GB18030（第 1201 行有无法解码的字节）；请将文件另存为 UTF-8',
      ],
      [
        'neither UTF-8 nor clean GB18030/GBK (a control character at line 1); save the file as UTF-8',
        '既不是 UTF-8，也不是无误的 GB18030/GBK（第 1 行有控制字符）；请将文件另存为 UTF-8',
      ],
      [
        'not valid UTF-8 at line 2402 (byte 131075; the start of the file was UTF-8); save the file in one encoding',
        '第 2402 行（字节位置 131075）起不是有效的 UTF-8（文件开头是 UTF-8）；请以同一种编码保存整个文件',
      ],
      [
        'not valid UTF-8 at line 2 (byte 27; line 1 is UTF-8); save the file in one encoding',
        '第 2 行（字节位置 27）不是有效的 UTF-8（第 1 行是 UTF-8）；请以同一种编码保存整个文件',
      ],
      [
        'line 6002 (byte 72007) looks like GBK that is valid UTF-8 by chance, and the start of the file was read as UTF-8; save the file as UTF-8 with a byte-order mark',
        '第 6002 行（字节位置 72007）像是恰好也是有效 UTF-8 的 GBK，而文件开头已按 UTF-8 读取；请将文件另存为带字节顺序标记（BOM）的 UTF-8',
      ],
      [
        'line 3 (byte 7) reads as UTF-8 only, and the start of the file was read as GBK that is valid UTF-8 by chance (line 1); save the file as UTF-8 with a byte-order mark',
        '第 3 行（字节位置 7）只能是 UTF-8，而文件开头已按恰好也是有效 UTF-8 的 GBK 读取（第 1 行）；请将文件另存为带字节顺序标记（BOM）的 UTF-8',
      ],
      [
        'not valid UTF-16LE at line 1 (the file starts with its byte-order mark)',
        '第 1 行起不是有效的 UTF-16LE（文件以该编码的字节顺序标记开头）',
      ],
      ['not valid UTF-16BE', '不是有效的 UTF-16BE'],
      // other wordings, and a known one with more after it, are kept
      ['not valid UTF-8 at all', 'not valid UTF-8 at all'],
      [
        'neither UTF-8 nor clean GB18030/GBK (undecodable bytes at character 7), again',
        'neither UTF-8 nor clean GB18030/GBK (undecodable bytes at character 7), again',
      ],
    ];
    for (const [detail, expected] of cases)
      expect(zh(detail), detail).toBe(`文件 a.csv 的编码无法识别：${expected}`);
    expect(zhOf('INPUT_ENCODING', { file: 'request body', detail: 'not valid UTF-8' })).toBe(
      '请求体 的编码无法识别：不是有效的 UTF-8',
    );
  });
});

describe('NEGATIVE_TERM and NEGATIVE_TERM_REFUSED in Chinese', () => {
  it('name the term, its type and zone, and what the rule did with it', () => {
    const zh = (what: string, rule: string) => zhOf('NEGATIVE_TERM', { what, value: '-12.5 mm', rule });
    expect(zh('P − R − ET for grassland in Z1', 'counted as zero (negativeTerms = zero)')).toBe(
      'Z1 grassland 的 P − R − ET 为负（-12.5 mm）：按 0 计（negativeTerms = zero）',
    );
    expect(zh('P − E − C for shrub', 'kept as negative (negativeTerms = keep)')).toBe(
      'shrub 的 P − E − C 为负（-12.5 mm）：保留负值（negativeTerms = keep）',
    );
    expect(zh('Q − Q₀ for forest.broadleaf', 'valued as zero (belowThreshold = zero)')).toBe(
      'forest.broadleaf 的 Q − Q₀ 为负（-12.5 mm）：按 0 计值（belowThreshold = zero）',
    );
    expect(zh('net growth of stratum forest.mixed', 'kept: harvest exceeds growth, a net emission')).toBe(
      '林层 forest.mixed 的净生长量为负（-12.5 mm）：保留：采伐量超过生长量，为净排放',
    );
    expect(zhOf('NEGATIVE_TERM_REFUSED', { what: 'X₂ − X₁ for forest', value: '-1 t/(hm²·a)' })).toBe(
      'forest 的 X₂ − X₁ 为负（-1 t/(hm²·a)），当前规则不允许负值',
    );
    // a term and a rule in no known form are kept
    expect(zh('the balance', 'ignored')).toBe('the balance为负（-12.5 mm）：ignored');
  });
});

describe('ECOSYSTEM_TYPE_UNKNOWN: the nearest code in the hint', () => {
  it('names the code a typo is nearest, and lists the codes either way', () => {
    const hint = (type: string) =>
      issue('ECOSYSTEM_TYPE_UNKNOWN', [], {
        type,
        classification: 'gepkit-eco@1.0.0',
        allowed: 'forest.broadleaf, forest.coniferous, shrub',
      }).hint;
    // forest.conifrous is one edit (a missing e) from forest.coniferous
    expect(hint('forest.conifrous')).toBe(
      'Did you mean forest.coniferous for "forest.conifrous"? The codes of the classification: forest.broadleaf, forest.coniferous, shrub.',
    );
    expect(hint('desert')).toBe(
      'Use a code of the classification for "desert": forest.broadleaf, forest.coniferous, shrub.',
    );
  });
});

describe('UNIT_UNKNOWN: the nearest unit in the hint', () => {
  it('names a unit written in the wrong case, or one slip away, and lists the units either way', () => {
    const hint = (unit: string) => issue('UNIT_UNKNOWN', [], { unit, allowed: 'm2, hm2, km2, mu' }).hint;
    // KM2 is km2 in upper case (closest ignores case: distance 0)
    expect(hint('KM2')).toBe(
      'Write km2: units are read in their own case ("KM2" is not km2). Units: m2, hm2, km2, mu.',
    );
    expect(hint(' Hm2')).toBe(
      'Write hm2: units are read in their own case (" Hm2" is not hm2). Units: m2, hm2, km2, mu.',
    );
    // kmm2 is one edit (an extra m) from km2
    expect(hint('kmm2')).toBe('Did you mean km2 for "kmm2"? Units: m2, hm2, km2, mu.');
    expect(hint('acre')).toBe('Instead of "acre", use one of: m2, hm2, km2, mu.');
  });
});

describe('AREA_SUM_MISMATCH and STORM_PRECIPITATION_IMPLAUSIBLE', () => {
  it('the scope of an area balance in Chinese: the region, a zone', () => {
    const zh = (scope: string) =>
      zhOf('AREA_SUM_MISMATCH', {
        scope,
        sum: '12 km²',
        total: '20 km²',
        relative: '0.4',
        tolerance: '0.005',
      });
    expect(zh('region')).toBe('全域各生态系统面积之和 12 km² 与总面积 20 km² 相差 0.4（容差 0.005）');
    expect(zh('zone Z01')).toBe('分区 Z01各生态系统面积之和 12 km² 与总面积 20 km² 相差 0.4（容差 0.005）');
    // "zone" only as the scope's first word
    expect(zh('the zone zone')).toBe(
      'the zone zone各生态系统面积之和 12 km² 与总面积 20 km² 相差 0.4（容差 0.005）',
    );
    expect(
      issue('AREA_SUM_MISMATCH', [], { scope: 'region', sum: '1', total: '2', relative: '1', tolerance: '0' })
        .hint,
    ).toBe(
      "Check the land-cover table against the administrative area. The tolerance is the profile's checks.areaTolerance (the library's options.areaTolerance overrides it; the command line has no option for it).",
    );
  });
  it('a storm above the annual precipitation, in both languages, and what to check', () => {
    const i = issue('STORM_PRECIPITATION_IMPLAUSIBLE', [], { storm: '2000 mm', annual: '1800 mm' });
    expect(i.severity).toBe('warning');
    expect(i.message).toEqual({
      zh: '暴雨降雨量 2000 mm 超过同一分区和类型适用的年降水量 1800 mm：按给出的值计算',
      en: 'Storm precipitation 2000 mm exceeds the annual precipitation 1800 mm that applies to the same zone and type: used as given',
    });
    expect(i.hint).toBe(
      "A storm's rainfall is part of the year's: check the unit and the record (one storm event or a design storm, not a sum of storms, and the annual total of the same place).",
    );
  });
});

describe('COMPARE_INCOMPARABLE and COMPARE_RESULT_INVALID in Chinese', () => {
  it('two base years, a result whose total is not its lines, a unit not in the catalogue', () => {
    expect(
      zhOf('COMPARE_INCOMPARABLE', { detail: 'comparable prices of base year 2015, the other year at 2020' }),
    ).toBe('两期核算不可比：一期为 2015 年基期的可比价，另一期为 2020 年基期');
    // the base year the caller asked for (compare's baseYear, --base-year), years of any length
    expect(
      zhOf('COMPARE_INCOMPARABLE', {
        detail: "comparable prices of base year 2015, the comparison's base year is 2020",
      }),
    ).toBe('两期核算不可比：该期为 2015 年基期的可比价，而比较的基期为 2020 年');
    expect(
      zhOf('COMPARE_INCOMPARABLE', {
        detail: "comparable prices of base year 15, the comparison's base year is 20",
      }),
    ).toBe('两期核算不可比：该期为 15 年基期的可比价，而比较的基期为 20 年');
    // two classifications (compare's and vep change's detail), the whole sentence only
    expect(
      zhOf('COMPARE_INCOMPARABLE', { detail: 'classifications differ (jx-types@1.0.0, mee-types@2.0.0)' }),
    ).toBe('两期核算不可比：分类体系不同（jx-types@1.0.0、mee-types@2.0.0）');
    for (const kept of [
      'classifications differ',
      'the classifications differ (a, b)',
      'classifications differ (a, b) too',
    ])
      expect(zhOf('COMPARE_INCOMPARABLE', { detail: kept })).toBe(`两期核算不可比：${kept}`);
    for (const kept of [
      "in: comparable prices of base year 2015, the comparison's base year is 2020",
      "comparable prices of base year 2015, the comparison's base year is 2020 too",
      "comparable prices of base year x, the comparison's base year is 2020",
      "comparable prices of base year 2015, the comparison's base year is y",
    ])
      expect(zhOf('COMPARE_INCOMPARABLE', { detail: kept })).toBe(`两期核算不可比：${kept}`);
    // the sentence whole only
    for (const kept of [
      'comparable prices of base year 2015',
      'in: comparable prices of base year 2015, the other year at 2020',
      'comparable prices of base year 2015, the other year at 2020 too',
    ])
      expect(zhOf('COMPARE_INCOMPARABLE', { detail: kept })).toBe(`两期核算不可比：${kept}`);
    const gap =
      'the GEP total 100.00 differs from the sum of its indicator lines 99.00 by 1.00 yuan, more than rounding explains (0.05)';
    expect(zhOf('COMPARE_RESULT_INVALID', { detail: gap })).toBe(
      '核算结果文件无法比较：GEP 总值 100.00 与其各指标行之和 99.00 相差 1.00 元，超出舍入所能解释的范围（0.05）',
    );
    expect(zhOf('COMPARE_RESULT_INVALID', { detail: `${gap}!` })).toBe(`核算结果文件无法比较：${gap}!`);
    expect(zhOf('COMPARE_RESULT_INVALID', { detail: `see ${gap}` })).toBe(`核算结果文件无法比较：see ${gap}`);
    expect(zhOf('COMPARE_RESULT_INVALID', { detail: 'a unit of the catalogue' })).toBe(
      '核算结果文件无法比较：应为单位目录中的单位',
    );
    // the sums a report prints (src/report/reportable.ts, totalsProblems)
    const sums = (d: string) => zhOf('REPORT_RESULT_INVALID', { file: 'r.json', detail: d });
    const tail = 'by 1.00 yuan, more than rounding explains (0.05)';
    expect(sums(`the material total 1.00 differs from the sum of its indicators 2.00 ${tail}`)).toBe(
      '核算结果文件 r.json 无法生成报告：物质产品总值 1.00 与其各指标之和 2.00 相差 1.00 元，超出舍入所能解释的范围（0.05）',
    );
    expect(sums(`the regulating total 1.00 differs from the sum of its indicators 2.00 ${tail}`)).toContain(
      '调节服务总值 1.00 与其各指标之和',
    );
    expect(sums(`the cultural total 1.00 differs from the sum of its indicators 2.00 ${tail}`)).toContain(
      '文化服务总值 1.00 与其各指标之和',
    );
    expect(sums(`the GEP total 3.00 differs from the sum of its categories 2.00 ${tail}`)).toContain(
      'GEP 总值 3.00 与其各类别之和 2.00',
    );
    expect(sums(`indicator R1's value 3.00 differs from the sum of its lines 2.00 ${tail}`)).toBe(
      '核算结果文件 r.json 无法生成报告：指标 R1 的价值 3.00 与其各行之和 2.00 相差 1.00 元，超出舍入所能解释的范围（0.05）',
    );
    // zones, ecosystem types and shares
    expect(sums(`zone Z01's value 3.00 differs from the sum of its lines 2.00 ${tail}`)).toBe(
      '核算结果文件 r.json 无法生成报告：分区 Z01 的价值 3.00 与其各行之和 2.00 相差 1.00 元，超出舍入所能解释的范围（0.05）',
    );
    expect(sums(`zone (not zoned)'s value 3.00 differs from the sum of its lines 2.00 ${tail}`)).toContain(
      '分区 （未分区） 的价值 3.00',
    );
    expect(
      sums(`ecosystem type forest.mixed's value 3.00 differs from the sum of its lines 2.00 ${tail}`),
    ).toContain('生态系统类型 forest.mixed 的价值 3.00 与其各行之和 2.00');
    expect(sums(`GEP at comparable prices 3.00 differs from the sum of its zones 2.00 ${tail}`)).toContain(
      '可比价 GEP 3.00 与各分区之和 2.00 相差 1.00 元',
    );
    expect(
      sums(
        `GEP at current prices 3.00 differs from the sum of its ecosystem types and lines attributed to no type 2.00 ${tail}`,
      ),
    ).toContain('当年价 GEP 3.00 与各生态系统类型及未归属类型的各行之和 2.00');
    expect(
      sums(
        "indicator M1's share of GEP 0.5 differs from its value / GEP 0.00523254936577 by 0.494767, more than rounding explains (0.00000100000)",
      ),
    ).toBe(
      '核算结果文件 r.json 无法生成报告：指标 M1 占 GEP 的份额 0.5 与其价值 / GEP 0.00523254936577 相差 0.494767，超出舍入所能解释的范围（0.00000100000）',
    );
    expect(
      sums(
        "indicator M1's share of GEP is null, but GEP is 7.00 yuan (a share is null when GEP is zero, and only then)",
      ),
    ).toContain('指标 M1 占 GEP 的份额为 null，而 GEP 为 7.00 元（份额仅在 GEP 为零时为 null）');
  });
});

describe('GRADE_BELOW_THRESHOLD in Chinese', () => {
  it('names the grades in Chinese, their codes in brackets', () => {
    expect(
      zhOf('GRADE_BELOW_THRESHOLD', {
        threshold: 'secondary',
        item: 'soil.bulk_density @ t@1.0.0',
        grade: 'assumed',
      }),
    ).toBe('证据等级低于转引（secondary）：soil.bulk_density @ t@1.0.0 为假定（assumed）');
  });

  it("names a custom indicator's input without source and grade in Chinese; an item that only contains the words stays", () => {
    const item = (text: string) =>
      zhOf('GRADE_BELOW_THRESHOLD', { threshold: 'secondary', item: text, grade: 'assumed' });
    expect(item("X1.price (a custom indicator's input without source or grade)")).toBe(
      '证据等级低于转引（secondary）：X1.price（自定义指标的输入，未注明来源和证据等级） 为假定（assumed）',
    );
    for (const text of [
      "key X1.price (a custom indicator's input without source or grade)",
      "X1.price (a custom indicator's input without source or grade) @ t@1.0.0",
    ])
      expect(item(text)).toBe(`证据等级低于转引（secondary）：${text} 为假定（assumed）`);
  });
});

describe('UNIT_MISMATCH, COEFFICIENT_UNIT_MISMATCH and SPATIAL_INPUT_MISSING in Chinese', () => {
  it('name the units, their dimensions and what a formula needs', () => {
    const unit = (expected: string, actual: string) => zhOf('UNIT_MISMATCH', { expected, actual });
    expect(unit('m³ (volume)', 'kg (mass)')).toBe('单位不符：需要m³（体积），实际为kg（质量）');
    expect(unit('m³ (volume)', 'kg (weight)')).toBe('单位不符：需要m³（体积），实际为kg (weight)');
    // a symbol of a mass and its substance holds a space
    expect(unit('t CO₂ (mass_CO2)', 't C (mass_C)')).toBe(
      '单位不符：需要t CO₂（二氧化碳质量），实际为t C（碳质量）',
    );
    expect(unit('t d.m./(hm²·a) (mass_DM_per_area)', 'mm (length)')).toBe(
      '单位不符：需要t d.m./(hm²·a)（单位面积干物质质量），实际为mm（长度）',
    );
    expect(unit('kg O₂ (mass_O2)', 'g C/(m²·a) (mass_C_per_area)')).toBe(
      '单位不符：需要kg O₂（氧气质量），实际为g C/(m²·a)（单位面积碳质量）',
    );
    expect(unit('money per t or m³', 'x')).toBe('单位不符：需要每 t 或每 m³ 的货币价格，实际为x');
    expect(unit('money per mass_CO2 or mass_C', 'yuan/t')).toBe(
      '单位不符：需要每二氧化碳质量或每碳质量的货币价格，实际为yuan/t',
    );
    expect(unit('money per volume or mass', 'yuan/kWh')).toBe(
      '单位不符：需要每体积或每质量的货币价格，实际为yuan/kWh',
    );
    expect(unit('t CO₂ lines from the carbon indicator', 't C')).toBe(
      '单位不符：需要碳指标的 t CO₂ 行，实际为t C',
    );
    expect(unit('km or m (the methodology defines no passengers to convert pkm)', 'pkm')).toBe(
      '单位不符：需要km 或 m（该方法学未定义乘客数，无法换算 pkm），实际为pkm',
    );
    expect(unit('pkm (the methodology defines no passengers to convert km)', 'km')).toBe(
      '单位不符：需要pkm（该方法学未定义乘客数，无法换算 km），实际为km',
    );
    expect(
      unit(
        'a vehicle factor per km for travel.carpool.car.emission',
        'g_CO2/pkm (user-test@1.0.0): per passenger-km, which needs an occupancy the methodology does not define',
      ),
    ).toBe(
      '单位不符：需要travel.carpool.car.emission 的每车公里排放因子，实际为g_CO2/pkm（user-test@1.0.0）：按乘客公里计，需要该方法学未定义的载客率',
    );
    expect(unit('a unit of area like km²', 't (mass)')).toBe(
      '单位不符：需要面积单位（如 km²），实际为t（质量）',
    );
    expect(unit('a unit of mass_CO2 like t CO₂', 'km² (area)')).toBe(
      '单位不符：需要二氧化碳质量单位（如 t CO₂），实际为km²（面积）',
    );
    expect(unit('a unit of areas like km²', 't (mass)')).toBe(
      '单位不符：需要a unit of areas like km²，实际为t（质量）',
    );
    expect(unit('see a unit of area like km²', 't (mass)')).toBe(
      '单位不符：需要see a unit of area like km²，实际为t（质量）',
    );
    expect(unit('something else', 'a thing')).toBe('单位不符：需要something else，实际为a thing');
    // each form whole only: with more before or after it, a unit is kept as written
    for (const kept of [
      'a kg (mass)',
      'kg (mass)s',
      'a t C (mass_C)',
      't kg (mass)',
      'see g/pkm (s@1): per passenger-km, which needs an occupancy the methodology does not define',
      'g/pkm (s@1): per passenger-km, which needs an occupancy the methodology does not define.',
    ])
      expect(unit('x', kept)).toBe(`单位不符：需要x，实际为${kept}`);
    const coefficient = (expected: string) =>
      zhOf('COEFFICIENT_UNIT_MISMATCH', { key: 'price.carbon', actual: 'yuan/kWh', expected });
    expect(coefficient('money per t C or per t CO₂')).toBe(
      '系数“price.carbon”的单位为 yuan/kWh，公式需要 每 t C 或每 t CO₂ 的货币价格',
    );
    expect(coefficient('money per t or per m³ of water')).toBe(
      '系数“price.carbon”的单位为 yuan/kWh，公式需要 每 t 或每 m³ 水的货币价格',
    );
    expect(coefficient('a price (money/unit with a price year)')).toBe(
      '系数“price.carbon”的单位为 yuan/kWh，公式需要 价格（货币/单位，带价格年份）',
    );
    expect(coefficient('yuan/pollution_equivalent')).toBe(
      '系数“price.carbon”的单位为 yuan/kWh，公式需要 yuan/pollution_equivalent',
    );
    const spatial = (field: string) =>
      zhOf('SPATIAL_INPUT_MISSING', { field, zone: 'Z1', type: 'forest', section: 's' });
    expect(spatial('negative ion concentration')).toBe('缺少负离子浓度（分区 Z1，生态系统 forest）');
    expect(spatial('productivity (NPP/NEP)')).toBe('缺少生产力数据（NPP/NEP）（分区 Z1，生态系统 forest）');
    expect(spatial('RUSLE factors')).toBe('缺少 RUSLE 因子（分区 Z1，生态系统 forest）');
    expect(spatial('nep or npp')).toBe('缺少 nep 或 npp（分区 Z1，生态系统 forest）');
    expect(spatial('npp')).toBe('缺少 npp（分区 Z1，生态系统 forest）');
    expect(spatial('constructor')).toBe('缺少 constructor（分区 Z1，生态系统 forest）');
  });
});

describe('FILE_UNREADABLE in Chinese', () => {
  it('names a missing file, a folder and a refused permission; any other cause is kept', () => {
    const zh = (detail: string) => zhOf('FILE_UNREADABLE', { file: 'in.json', detail });
    expect(zh('no such file')).toBe('无法读取文件 in.json：文件不存在');
    expect(zh("ENOENT: no such file or directory, open 'in.json'")).toBe('无法读取文件 in.json：文件不存在');
    expect(zh("open 'in.json' failed: ENOENT")).toBe('无法读取文件 in.json：文件不存在');
    expect(zh('a folder, not a file')).toBe('无法读取文件 in.json：这是文件夹，不是文件');
    expect(zh('EISDIR: illegal operation on a directory, read')).toBe(
      '无法读取文件 in.json：这是文件夹，不是文件',
    );
    expect(zh("EACCES: permission denied, open 'in.json'")).toBe('无法读取文件 in.json：没有读取权限');
    expect(zh("EPERM: operation not permitted, open 'in.json'")).toBe('无法读取文件 in.json：没有读取权限');
    expect(zh('Permission Denied')).toBe('无法读取文件 in.json：没有读取权限');
    // "no such file" only at the start; anything else as it is
    expect(zh('there is no such file')).toBe('无法读取文件 in.json：there is no such file');
    expect(zh('EMFILE: too many open files')).toBe('无法读取文件 in.json：EMFILE: too many open files');
    expect(zh('no ledger in this directory')).toBe('无法读取文件 in.json：该目录中没有账本');
    expect(zh('no ledger in this directory.')).toBe('无法读取文件 in.json：no ledger in this directory.');
  });
});

describe('OUTPUT_UNWRITABLE in Chinese', () => {
  it("says in Chinese what gepkit finds wrong with an output's place; a system message is kept", () => {
    const zh = (detail: string) => zhOf('OUTPUT_UNWRITABLE', { file: 'out/r.json', detail });
    expect(zh('out is not a folder')).toBe('无法写出 out/r.json：out 不是文件夹');
    expect(zh('/tmp/a b/c is not a folder')).toBe('无法写出 out/r.json：/tmp/a b/c 不是文件夹');
    expect(zh('it is a folder')).toBe('无法写出 out/r.json：这是文件夹');
    expect(zh('it is a file, not a folder')).toBe('无法写出 out/r.json：这是文件，不是文件夹');
    expect(zh('it is a file, not a folder (--id-store)')).toBe(
      '无法写出 out/r.json：这是文件，不是文件夹（--id-store）',
    );
    for (const kept of [
      "ENOENT: no such file or directory, stat '/x'",
      'out is not a folder.',
      'it is a folder!',
      'constructor',
    ])
      expect(zh(kept)).toBe(`无法写出 out/r.json：${kept}`);
  });
});

describe('NEGATIVE_VALUE, VALUE_NOT_POSITIVE and VALUE_OUT_OF_RANGE in Chinese', () => {
  it('name the quantity the schemas and methods refuse, and a bound that is not a number', () => {
    const negative = (what: string) => zhOf('NEGATIVE_VALUE', { what, value: '-2' });
    expect(negative('rainfall erosivity R')).toBe('降雨侵蚀力 R不能为负数（-2）');
    expect(negative('area')).toBe('面积不能为负数（-2）');
    expect(negative('net output')).toBe('净产值不能为负数（-2）');
    expect(negative('上网电价')).toBe('上网电价不能为负数（-2）');
    expect(negative('price water.price')).toBe('water.price 的价格不能为负数（-2）');
    // a name in no known form (a coefficient key), or a known one with more around it, is kept
    for (const kept of ['soil.bulk_density', 'Rainfall erosivity R', 'area ', 'price a b', 'constructor'])
      expect(negative(kept)).toBe(`${kept}不能为负数（-2）`);
    expect(zhOf('VALUE_NOT_POSITIVE', { what: 'sand bulk density × cover depth', value: '0' })).toBe(
      '沙土容重 × 覆沙厚度必须大于 0（0）',
    );
    expect(zhOf('VALUE_NOT_POSITIVE', { what: 'lake area', value: '0' })).toBe('湖泊面积必须大于 0（0）');
    const range = (what: string, max: string) =>
      zhOf('VALUE_OUT_OF_RANGE', { what, min: '0', max, value: '7' });
    expect(range('cover-management factor C', '1')).toBe('植被覆盖与管理因子 C必须在 0 到 1 之间（7）');
    expect(range('flood-control storage', 'total storage 500 m³')).toBe(
      '防洪库容必须在 0 到 总库容 500 m³ 之间（7）',
    );
    expect(
      range(
        'lyt.shannon_class of forest.broadleaf (a whole class number)',
        'the highest class of the lyt.shannon_value table',
      ),
    ).toBe(
      'forest.broadleaf 的 lyt.shannon_class（应为整数等级）必须在 0 到 lyt.shannon_value 表中的最高等级 之间（7）',
    );
    expect(range('x of y (a whole class number).', 'the highest class of the t table!')).toBe(
      'x of y (a whole class number).必须在 0 到 the highest class of the t table! 之间（7）',
    );
  });
});

/**
 * Every name of a quantity the sources give a schema builder that refuses it (nonNegativeDecimal, fraction,
 * quantity, positiveQuantity, anyQuantity, price, money) or a method's refusal (`nonNegative(…, 'x')`, `what: 'x'`
 * in the indicators), as written.
 */
function refusedNames(): string[] {
  const root = new URL('..', import.meta.url).pathname;
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  const res = [
    /\b(?:nonNegativeDecimal|fraction|anyQuantity|money)\('([^']+)'\)/g,
    /\b(?:quantity|positiveQuantity)\('\w+', '([^']+)'\)/g,
    /\bprice\((?:\[[^\]]*\]|'\w+'), '([^']+)'\)/g,
    /\bnonNegative\([^;]*?,\s*'([^']+)',?\s*\)/g,
    /'(?:NEGATIVE_VALUE|VALUE_NOT_POSITIVE|VALUE_OUT_OF_RANGE)', [^;]*?what: '([^']+)'/gs,
  ];
  const names = new Set<string>();
  for (const f of files) {
    const text = readFileSync(join(root, f), 'utf8');
    for (const re of res) for (const m of text.matchAll(re)) names.add(m[1] as string);
  }
  return [...names];
}

describe('the names of refused quantities, as the sources write them', () => {
  it('are found (the scan itself works)', () => {
    const names = refusedNames();
    expect(names.length).toBeGreaterThan(60);
    for (const n of [
      'rainfall erosivity R',
      'lake area',
      'value added',
      'sand bulk density × cover depth',
      'tariff',
    ])
      expect(names).toContain(n);
  });

  it('each reads in Chinese in NEGATIVE_VALUE, but an abbreviation or a coefficient key', () => {
    const kept = new Set(['NPP', 'NEP', 'GEP', 'RUSLE C', 'soil.bulk_density']);
    for (const name of refusedNames()) {
      const zh = zhOf('NEGATIVE_VALUE', { what: name, value: '-1' });
      const shown = zh.slice(0, -'不能为负数（-1）'.length);
      if (kept.has(name)) expect(shown, name).toBe(name);
      else expect(HAN.test(shown) && !/[A-Za-z]{2,} [a-z]{2,}/.test(shown), `${name} → ${shown}`).toBe(true);
    }
  });
});

describe('INDICATOR_INPUT_MISSING, DUPLICATE_ID and COMPARE_INDICATOR_ONE_SIDE in Chinese', () => {
  it('a missing input with its alternatives, a medium and pollutant', () => {
    const missing = (field: string) => zhOf('INDICATOR_INPUT_MISSING', { indicator: 'M3', field });
    expect(missing('grossOutput or products')).toBe('指标 M3 缺少输入：grossOutput 或 products');
    expect(missing('netOutput, or depreciation with value added')).toBe(
      '指标 M3 缺少输入：netOutput，或 depreciation 与增加值',
    );
    expect(missing('valueAdded, or grossOutput with intermediateConsumption')).toBe(
      '指标 M3 缺少输入：valueAdded，或 grossOutput 与 intermediateConsumption',
    );
    expect(missing('emissions.water for tp')).toBe('指标 M3 缺少输入：tp 的 emissions.water');
    expect(missing('waterBodies.lakes[0].exchangeCount or .floodStorage')).toBe(
      '指标 M3 缺少输入：waterBodies.lakes[0].exchangeCount 或 .floodStorage',
    );
    for (const kept of ['npp', 'a / b / c', 'a or b or c', 'emissions.water for tp and tn'])
      expect(missing(kept)).toBe(`指标 M3 缺少输入：${kept}`);
  });

  it('a repeated record as validation names it, its region and all types in Chinese; an id of the input kept', () => {
    const dup = (id: string) => zhOf('DUPLICATE_ID', { id });
    expect(dup('water conservation shrub: a region-wide total and zone totals overlap')).toBe(
      '重复的标识“水源涵养总量 shrub：全域总量与分区总量重叠”',
    );
    expect(dup('soil retention (region) × forest')).toBe('重复的标识“土壤保持总量 全域 × forest”');
    expect(dup('climate regulation Z1 × wetland')).toBe('重复的标识“气候调节总量 Z1 × wetland”');
    expect(dup('soil factors Z2 × forest')).toBe('重复的标识“土壤因子 Z2 × forest”');
    expect(dup('precipitation for (region) × (all types)')).toBe(
      '重复的标识“全域 × 所有类型 的 precipitation”',
    );
    expect(dup('acDays for Z1 × forest')).toBe('重复的标识“Z1 × forest 的 acDays”');
    expect(dup('cod emission (region)')).toBe('重复的标识“全域 的 cod 排放量”');
    expect(dup('tp emission Z1')).toBe('重复的标识“Z1 的 tp 排放量”');
    expect(dup('C1 (a profile indicator has this code)')).toBe(
      '重复的标识“C1（核算方案中已有此代码的指标）”',
    );
    expect(dup('productivity (region) × (all types)')).toBe('重复的标识“productivity 全域 × 所有类型”');
    expect(dup('(region) × forest')).toBe('重复的标识“全域 × forest”');
    for (const kept of ['Z1', 'Z1 × forest', 'my zone', 'water conservation shrub: overlap'])
      expect(dup(kept)).toBe(`重复的标识“${kept}”`);
  });

  it("why an indicator is in one account only; a caller's own reason kept", () => {
    const side = (reason: string) =>
      zhOf('COMPARE_INDICATOR_ONE_SIDE', { indicator: 'C1', accounted: '2021', missing: '2020', reason });
    expect(side('absent from that account')).toBe(
      '指标 C1 仅在 2021 年核算，2020 年未核算（该期核算中没有此指标）：其全部价值计入变化',
    );
    expect(side('excluded by the caller')).toContain('（被调用方排除）');
    expect(side('excluded by the profile')).toContain('（被核算方案排除）');
    expect(side('optional, and the input has no data for it')).toContain('（可选指标，输入中没有其数据）');
    expect(side('constructor')).toContain('（constructor）');
  });

  it('a table field in the forms the table schemas write; a unit of one or several dimensions', () => {
    const table = (detail: string) => zhOf('TABLE_INVALID', { detail });
    expect(table('a semantic version such as 1.0.0')).toBe('系数表格式错误：应为语义化版本号，如 1.0.0');
    expect(table('a date as YYYY-MM-DD')).toBe('系数表格式错误：应为 YYYY-MM-DD 形式的日期');
    expect(table('not a calendar date YYYY-MM-DD of the years 1900–2200')).toBe(
      '系数表格式错误：不是 1900–2200 年间的日历日期 YYYY-MM-DD',
    );
    expect(table('a unit of the catalogue (docs/units.md) or a price unit money/unit such as yuan/m3')).toBe(
      '系数表格式错误：应为单位目录（docs/units.md）中的单位，或“货币/单位”形式的价格单位，如 yuan/m3',
    );
    expect(table('lower-case dotted key such as price.reservoir_storage')).toBe(
      '系数表格式错误：应为小写、以点分隔的键，如 price.reservoir_storage',
    );
    expect(table('a date as YYYY-MM-DD.')).toBe('系数表格式错误：a date as YYYY-MM-DD.');
    const unit = (expected: string) => zhOf('UNIT_MISMATCH', { expected, actual: 't (mass)' });
    expect(unit('area')).toBe('单位不符：需要面积（area），实际为t（质量）');
    expect(unit('area or length')).toBe('单位不符：需要面积（area）或长度（length），实际为t（质量）');
    expect(unit('area or lengths')).toBe('单位不符：需要area or lengths，实际为t（质量）');
    expect(unit('mass_DM_per_area')).toBe(
      '单位不符：需要单位面积干物质质量（mass_DM_per_area），实际为t（质量）',
    );
    expect(unit('rusle_R')).toBe('单位不符：需要降雨侵蚀力（rusle_R），实际为t（质量）');
    // every dimension of the unit catalogue has its Chinese name
    for (const dim of new Set(Object.values(UNITS).map((u) => u.dim)))
      expect(unit(dim), dim).toMatch(
        new RegExp(`^单位不符：需要\\p{Script=Han}+（${dim}），实际为t（质量）$`, 'u'),
      );
    expect(unit('t')).toBe('单位不符：需要t，实际为t（质量）');
  });
});

describe('the core builders', () => {
  it('issue builds the code, severity, a copy of the path, both messages, the hint and the parameters', () => {
    const path = ['ecosystems', 3, 'zone'];
    const i = issue('ZONE_UNKNOWN', path, { zone: 'Z9' });
    expect(i).toEqual({
      code: 'ZONE_UNKNOWN',
      severity: 'error',
      path: ['ecosystems', 3, 'zone'],
      message: { zh: '引用了未定义的分区“Z9”', en: 'Reference to an undefined zone "Z9"' },
      hint: 'Declare the zone under "zones", or correct the id.',
      hintZh: '在 "zones" 下声明该分区，或更正标识。',
      params: { zone: 'Z9' },
    });
    expect(i.path).not.toBe(path);
    // a warning, and an entry without parameters (no params member at all)
    expect(issue('PRICE_YEAR_MISSING', ['price'])).toEqual({
      code: 'PRICE_YEAR_MISSING',
      severity: 'error',
      path: ['price'],
      message: {
        zh: '价格或金额缺少价格年份（priceYear）',
        en: 'A price or money amount has no price year (priceYear)',
      },
      hint: 'Add "priceYear": the year whose price level the figure is in; gepkit never assumes one.',
      hintZh: '添加 "priceYear"，即该数值所处价格水平的年份；gepkit 从不自行假定价格年份。',
    });
    expect(issue('PRICE_YEAR_MISSING')).not.toHaveProperty('params');
    expect(issue('PRICE_YEAR_MISSING').path).toEqual([]);
    expect(issue('INPUT_IGNORED', ['x'], { field: 'x', reason: 'not read' }).severity).toBe('warning');
    expect(coreIssues.owns('ZONE_UNKNOWN')).toBe(true);
    expect(coreIssues.owns('VEP_PARCEL_INVALID')).toBe(false);
    // an inherited property of every object is no code
    expect(coreIssues.owns('toString')).toBe(false);
  });

  it('fail throws a GepError whose message names the code, the English message and the place', () => {
    let err: unknown;
    try {
      fail('NEGATIVE_VALUE', ['zones', 0, 'area'], { what: 'area', value: '-3' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GepError);
    const e = err as GepError;
    expect(e.name).toBe('GepError');
    expect(e.message).toBe('[NEGATIVE_VALUE] area cannot be negative (-3) (at zones[0].area)');
    expect(e.code).toBe('NEGATIVE_VALUE');
    expect(e.path).toEqual(['zones', 0, 'area']);
    expect(e.zh).toBe('面积不能为负数（-3）');
    expect(e.hint).toBe('Correct the sign; a quantity that can be negative has its own field.');
    expect(e.issues).toEqual([issue('NEGATIVE_VALUE', ['zones', 0, 'area'], { what: 'area', value: '-3' })]);
    // without a path, no place
    expect(() => fail('PRICE_YEAR_MISSING')).toThrow(
      '[PRICE_YEAR_MISSING] A price or money amount has no price year (priceYear)',
    );
    expect(new GepError(issue('PRICE_YEAR_MISSING')).message).toBe(
      '[PRICE_YEAR_MISSING] A price or money amount has no price year (priceYear)',
    );
  });
});
