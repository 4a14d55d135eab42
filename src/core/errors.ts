/**
 * The core catalogue: problems of input, units, money, coefficient tables, profiles and files, which every module
 * can meet. Each module above core owns its own catalogue in the same form (carbon/errors.ts, vep/errors.ts, …);
 * src/errors.ts composes them all for the CLI and docs/errors.md, and a test keeps that page in step and triggers
 * every code.
 */
import {
  type CatalogueEntry,
  type IssueBuilders,
  RECEIVED,
  detailZhOf,
  entry,
  issuesOf,
  ownValue,
} from './catalogue';
import { gradeNamedZh } from './grades';
import { closest } from './suggest';

export { GepError, IssueList, formatIssue, formatPath } from './issue';
export type { Issue, ParamValue, Path, Severity } from './issue';

/**
 * shortValue's words for a number that is not finite (src/core/decimal.ts) in Chinese; any other value (a text the
 * input gave) is kept as written.
 */
export const notFiniteZh = detailZhOf(
  {
    'a number too large for a double': '超出双精度浮点数范围的数',
    'a negative number too large for a double': '超出双精度浮点数范围的负数',
    'not a number': '非数值',
  },
  [],
  (value) => value,
);

/** Zod's names of types, in Chinese. */
const TYPE_ZH: Readonly<Record<string, string>> = {
  object: '对象',
  number: '数值',
  string: '字符串',
  array: '数组',
  boolean: '布尔值',
  integer: '整数',
  int: '整数',
  null: '空值',
  undefined: '空值',
  date: '日期',
  iterable: '可迭代对象',
};
const typeZh = (t: string) => ownValue(TYPE_ZH, t) ?? t;
/** Types joined by "or" (a union's options), in Chinese. */
const typesZh = (ts: string) => ts.split(' or ').map(typeZh).join('或');

/**
 * The Chinese of the detail of a schema problem (src/core/zod-issues.ts; INPUT_INVALID and the codes of tables,
 * profiles, scenarios and result files that fromZodIssues falls back to) in the forms it takes most: a missing field,
 * a wrong type, a bound, a multiple, an option, a pattern, an unknown key, a union none of whose forms fits; any other
 * detail is kept as it is.
 */
export function invalidDetailZh(detail: string): string {
  const r = RECEIVED.exec(detail);
  if (r !== null) return `${invalidDetailZh(r[1] as string)}；实际为 ${r[2]}`;
  let m = /^missing \(expected (\w+(?: or \w+)*)\)$/.exec(detail);
  if (m !== null) return `缺少该字段（应为${typesZh(m[1] as string)}）`;
  m = /^expected (\w+(?: or \w+)*), received (\w+)$/.exec(detail);
  if (m !== null) return `应为${typesZh(m[1] as string)}，实际为${typeZh(m[2] as string)}`;
  m = /^Too (big|small): expected (\w+) to be ([<>]=?)(.+)$/.exec(detail);
  if (m !== null) {
    const bound = { '<=': '不大于', '<': '小于', '>=': '不小于', '>': '大于' }[
      m[3] as '<=' | '<' | '>=' | '>'
    ];
    return `${m[1] === 'big' ? '过大' : '过小'}：${typeZh(m[2] as string)}应${bound} ${m[4]}`;
  }
  m = /^Too (big|small): expected (\w+) to have ([<>]=?)(\d+) (characters|items)$/.exec(detail);
  if (m !== null) {
    const bound = { '<=': '至多', '<': '少于', '>=': '至少', '>': '多于' }[m[3] as '<=' | '<' | '>=' | '>'];
    const unit = m[5] === 'characters' ? '个字符' : '项';
    return `${m[1] === 'big' ? '过长' : '过短'}：${typeZh(m[2] as string)}应${bound} ${m[4]} ${unit}`;
  }
  m = /^Invalid number: must be a multiple of (.+)$/.exec(detail);
  if (m !== null) return `无效数值：应为 ${m[1]} 的倍数`;
  m = /^Invalid option: expected one of (.+)$/.exec(detail);
  if (m !== null) return `无效选项：应为 ${m[1]} 之一`;
  m = /^expected ("(?:[^"\\]|\\.)*"|-?\d[\d.e+-]*|true|false|null)$/.exec(detail);
  if (m !== null) return `应为 ${m[1]}`;
  m = /^Invalid string: must match pattern (.+)$/.exec(detail);
  if (m !== null) return `格式不符：应匹配 ${m[1]}`;
  m = /^Unrecognized keys?: (.+)$/.exec(detail);
  if (m !== null) return `未知字段：${m[1]}`;
  if (detail === 'matches none of the accepted forms') return '不符合任何一种允许的形式';
  if (detail === 'a ring must be closed') return '多边形的环必须闭合（首尾坐标相同）';
  m =
    /^a position is \[longitude, latitude\] or \[longitude, latitude, altitude\]: (\d+) elements? given$/.exec(
      detail,
    );
  if (m !== null) return `坐标点应为 [经度, 纬度] 或 [经度, 纬度, 高程]：给出了 ${m[1]} 个元素`;
  m = /^an altitude \(a position's third element\) is a number, not (\w+)$/.exec(detail);
  if (m !== null) return `高程（坐标点的第三个元素）应为数值，实际为${typeZh(m[1] as string)}`;
  if (
    detail ===
    'an AccountCache made by this copy of gepkit (the ESM and the CommonJS build each have their own)'
  )
    return '应为本份 gepkit 创建的 AccountCache（ESM 与 CommonJS 两种构建各有自己的 AccountCache）';
  m = /^expected Float64Array of (\d+) \(one per (parameter|indicator)\), received one of (\d+)$/.exec(
    detail,
  );
  if (m !== null)
    return `应为长度 ${m[1]} 的 Float64Array（每个${m[2] === 'parameter' ? '参数' : '指标'}一个），实际长度为 ${m[3]}`;
  if (detail === 'a unit of the catalogue') return '应为单位目录中的单位';
  if (detail === 'a unit of the catalogue (docs/units.md) or a price unit money/unit such as yuan/m3')
    return '应为单位目录（docs/units.md）中的单位，或“货币/单位”形式的价格单位，如 yuan/m3';
  if (detail === 'a semantic version such as 1.0.0') return '应为语义化版本号，如 1.0.0';
  if (detail === 'a date as YYYY-MM-DD') return '应为 YYYY-MM-DD 形式的日期';
  if (detail === 'not a calendar date YYYY-MM-DD of the years 1900–2200')
    return '不是 1900–2200 年间的日历日期 YYYY-MM-DD';
  if (detail === 'lower-case dotted key such as price.reservoir_storage')
    return '应为小写、以点分隔的键，如 price.reservoir_storage';
  m =
    /^the GEP total( at current prices)? (\S+) differs from the sum of its indicator lines (\S+) by (\S+) yuan, more than rounding explains \((\S+)\)$/.exec(
      detail,
    );
  if (m !== null)
    return `${m[1] === undefined ? '' : '当年价 '}GEP 总值 ${m[2]} 与其各指标行之和 ${m[3]} 相差 ${m[4]} 元，超出舍入所能解释的范围（${m[5]}）`;
  m =
    /^current prices of (\d+) in an account of (\d+): an account's current prices are those of its year$/.exec(
      detail,
    );
  if (m !== null) return `${m[2]} 年的核算却为 ${m[1]} 年的当年价：核算的当年价是其核算年份的价格`;
  m =
    /^baseYear (\d+) differs from options\.baseYear (\d+): give the comparison's base year once \(options\.baseYear\)$/.exec(
      detail,
    );
  if (m !== null)
    return `baseYear ${m[1]} 与 options.baseYear ${m[2]} 不同：比较的基准年只需给出一次（options.baseYear）`;
  if (
    detail ===
    'compare accounts its inputs in exact rounding, so that what printing removes is not counted as change: give no rounding'
  )
    return '比较按精确舍入核算其输入，以免打印舍去的部分被计为变化：请勿给出舍入方式';
  m =
    /^(.+): both sides are account results, which account options cannot change \(give the inputs to account them so\)$/s.exec(
      detail,
    );
  if (m !== null) return `${m[1]}：两侧均为核算结果，核算选项无法改变它们（如需按这些选项核算，请给出输入）`;
  m =
    /^(?:the (GEP|material|regulating|cultural) total|indicator (\S+)'s value) (\S+) differs from the sum of its (lines|indicators|categories) (\S+) by (\S+) yuan, more than rounding explains \((\S+)\)$/.exec(
      detail,
    );
  if (m !== null) {
    const whole =
      m[2] !== undefined
        ? `指标 ${m[2]} 的价值`
        : m[1] === 'GEP'
          ? 'GEP 总值'
          : `${{ material: '物质产品', regulating: '调节服务', cultural: '文化服务' }[m[1] as 'material']}总值`;
    const parts = { lines: '各行', indicators: '各指标', categories: '各类别' }[m[4] as 'lines'];
    return `${whole} ${m[3]} 与其${parts}之和 ${m[5]} 相差 ${m[6]} 元，超出舍入所能解释的范围（${m[7]}）`;
  }
  // the zones, ecosystem types and shares a report prints (src/report/reportable.ts, totalsProblems)
  m =
    /^(zone|ecosystem type) (.+?)'s value (\S+) differs from the sum of its lines (\S+) by (\S+) yuan, more than rounding explains \((\S+)\)$/.exec(
      detail,
    );
  if (m !== null)
    return `${m[1] === 'zone' ? '分区' : '生态系统类型'} ${m[2] === '(not zoned)' ? '（未分区）' : m[2]} 的价值 ${m[3]} 与其各行之和 ${m[4]} 相差 ${m[5]} 元，超出舍入所能解释的范围（${m[6]}）`;
  m =
    /^GEP at (current|comparable) prices (\S+) differs from the sum of its (zones|ecosystem types and lines attributed to no type) (\S+) by (\S+) yuan, more than rounding explains \((\S+)\)$/.exec(
      detail,
    );
  if (m !== null)
    return `${m[1] === 'current' ? '当年价' : '可比价'} GEP ${m[2]} 与${m[3] === 'zones' ? '各分区' : '各生态系统类型及未归属类型的各行'}之和 ${m[4]} 相差 ${m[5]} 元，超出舍入所能解释的范围（${m[6]}）`;
  m =
    /^indicator (\S+)'s share of GEP (\S+) differs from its value \/ GEP (\S+) by (\S+), more than rounding explains \((\S+)\)$/.exec(
      detail,
    );
  if (m !== null)
    return `指标 ${m[1]} 占 GEP 的份额 ${m[2]} 与其价值 / GEP ${m[3]} 相差 ${m[4]}，超出舍入所能解释的范围（${m[5]}）`;
  m =
    /^indicator (\S+)'s share of GEP is (\S+), but GEP is (\S+) yuan \(a share is null when GEP is zero, and only then\)$/.exec(
      detail,
    );
  if (m !== null)
    return `指标 ${m[1]} 占 GEP 的份额为 ${m[2]}，而 GEP 为 ${m[3]} 元（份额仅在 GEP 为零时为 null）`;
  if (detail === 'an entry has either a type or (type null) its candidates')
    return '每个条目要么给出 type，要么（type 为 null 时）给出候选类型';
  m = /^unknown group (.+)/s.exec(detail);
  if (m !== null) return `未知的类型组 ${m[1]}`;
  m = /^expected a decimal string such as "(.+)"$/.exec(detail);
  if (m !== null) return `应为十进制数字字符串，如 "${m[1]}"`;
  return detail;
}

/**
 * The Chinese of a FILE_UNREADABLE detail for the common causes (a missing file, a folder, no permission), from the
 * reader's words or the system's message (`ENOENT: no such file or directory, open 'x'`); any other is kept.
 */
export function fileDetailZh(detail: string): string {
  if (detail === 'no ledger in this directory') return '该目录中没有账本';
  if (/^no such file|ENOENT/.test(detail)) return '文件不存在';
  if (/folder|EISDIR/.test(detail)) return '这是文件夹，不是文件';
  if (/EACCES|EPERM|permission denied/i.test(detail)) return '没有读取权限';
  return detail;
}

/** What JSON.parse expected (`Expected <what> in JSON at position N`), in the forms V8 names, in Chinese. */
const JSON_EXPECTED_ZH: Readonly<Record<string, string>> = {
  "property name or '}'": "属性名或 '}'",
  "',' or '}' after property value": "属性值之后的 ',' 或 '}'",
  "',' or ']' after array element": "数组元素之后的 ',' 或 ']'",
  "':' after property name": "属性名之后的 ':'",
  'double-quoted property name': '双引号括起的属性名',
};

/** The rest of V8's JSON.parse messages that end "in JSON at position N", in Chinese. */
const JSON_AT_ZH: Readonly<Record<string, string>> = {
  'Unexpected non-whitespace character after JSON': 'JSON 之后还有多余的字符',
  'Unterminated string': '字符串没有结束引号',
  'Bad control character in string literal': '字符串中有控制字符',
  'Bad escaped character': '字符串中有无效的转义',
  'Bad Unicode escape': '字符串中有无效的 Unicode 转义',
  'Unexpected number': '意外的数字',
  'Unexpected string': '意外的字符串',
  'No number after minus sign': '负号之后没有数字',
  'Exponent part is missing a number': '指数部分缺少数字',
  'Unterminated fractional number': '小数点之后没有数字',
};

/** The Chinese of what a message "<what> in JSON at position N" names, or undefined for a form not known. */
function jsonAtZh(what: string): string | undefined {
  if (what.startsWith('Expected ')) {
    const zh = ownValue(JSON_EXPECTED_ZH, what.slice('Expected '.length));
    return zh === undefined ? undefined : `应为${zh}`;
  }
  // Node before 20: `Unexpected token } in JSON at position 10`.
  if (what.startsWith('Unexpected token ')) return `意外的字符 '${what.slice('Unexpected token '.length)}'`;
  return ownValue(JSON_AT_ZH, what);
}

/** "a, b or c" (a list as the command line's details write it, " or " before its last item) in Chinese: "a、b 或 c". */
const orListZh = (list: string): string => {
  const at = list.lastIndexOf(' or ');
  return `${list.slice(0, at).split(', ').join('、')} 或 ${list.slice(at + ' or '.length)}`;
};

/**
 * What gepkit calls an input that is not a file, in Chinese (the `file` of INPUT_ENCODING, INPUT_DUPLICATE_KEY and
 * INPUT_TOO_DEEP); a file's own name is kept.
 */
const INPUT_NAMES_ZH: Readonly<Record<string, string>> = {
  'standard input': '标准输入',
  'request body': '请求体',
  'the account input': '核算输入',
  'the account options': '核算选项',
  'the account before': '前一期核算',
  'the account after': '后一期核算',
  'the comparison options': '比较选项',
  'the scenario': '情景',
  'the coefficient table': '系数表',
  'the profile': '核算方案',
  'the factor set': '排放因子集',
  'the rule set': '积分规则集',
  'the parcel': '地块记录',
  'the valuation context': '估值上下文',
};

const fileNameZh = (file: string): string =>
  Object.hasOwn(INPUT_NAMES_ZH, file) ? (INPUT_NAMES_ZH[file] as string) : file;
/** An input named as fileNameZh does, a file's own name after the word 文件. */
const inputOrFileZh = (file: string): string =>
  Object.hasOwn(INPUT_NAMES_ZH, file) ? (INPUT_NAMES_ZH[file] as string) : `文件 ${file}`;

/** A zone list or an ecosystem type as the comparison's warnings write them, "(none)" for a region-wide line, in Chinese. */
const noZoneZh = (s: string): string => s.replaceAll('(none)', '（无）');

/** The Chinese of why a text's encoding is refused (src/io/encoding.ts); a detail in no known form is kept. */
const encodingDetailZh = detailZhOf(
  {},
  [
    [
      /^neither UTF-8 nor clean GB18030\/GBK \((undecodable bytes|a control character) at character (\d+)\)$/,
      (m) =>
        `既不是 UTF-8，也不是无误的 GB18030/GBK（字符位置 ${m[2]} 处有${m[1] === 'a control character' ? '控制字符' : '无法解码的字节'}）`,
    ],
    [
      /^neither UTF-8 nor clean GB18030\/GBK \(a control character at line (\d+), byte (\d+)\)$/,
      (m) => `既不是 UTF-8，也不是无误的 GB18030/GBK（第 ${m[1]} 行、字节位置 ${m[2]} 处有控制字符）`,
    ],
    [
      /^neither UTF-8 nor GBK\/GB18030 \(undecodable bytes at line (\d+)\); save the file as UTF-8$/,
      (m) => `既不是 UTF-8，也不是 GBK/GB18030（第 ${m[1]} 行有无法解码的字节）；请将文件另存为 UTF-8`,
    ],
    [
      /^neither UTF-8 nor clean GB18030\/GBK \(a control character at line (\d+)\); save the file as UTF-8$/,
      (m) => `既不是 UTF-8，也不是无误的 GB18030/GBK（第 ${m[1]} 行有控制字符）；请将文件另存为 UTF-8`,
    ],
    [
      /^not valid (\S+) at line (\d+) \(byte (\d+); the start of the file was UTF-8\); save the file in one encoding$/,
      (m) =>
        `第 ${m[2]} 行（字节位置 ${m[3]}）起不是有效的 ${m[1]}（文件开头是 UTF-8）；请以同一种编码保存整个文件`,
    ],
    [
      /^not valid UTF-8 at line (\d+) \(byte (\d+); line (\d+) is UTF-8\); save the file in one encoding$/,
      (m) =>
        `第 ${m[1]} 行（字节位置 ${m[2]}）不是有效的 UTF-8（第 ${m[3]} 行是 UTF-8）；请以同一种编码保存整个文件`,
    ],
    [
      /^line (\d+) \(byte (\d+)\) looks like GBK that is valid UTF-8 by chance, and the start of the file was read as UTF-8; save the file as UTF-8 with a byte-order mark$/,
      (m) =>
        `第 ${m[1]} 行（字节位置 ${m[2]}）像是恰好也是有效 UTF-8 的 GBK，而文件开头已按 UTF-8 读取；请将文件另存为带字节顺序标记（BOM）的 UTF-8`,
    ],
    [
      /^line (\d+) \(byte (\d+)\) reads as UTF-8 only, and the start of the file was read as GBK that is valid UTF-8 by chance \(line (\d+)\); save the file as UTF-8 with a byte-order mark$/,
      (m) =>
        `第 ${m[1]} 行（字节位置 ${m[2]}）只能是 UTF-8，而文件开头已按恰好也是有效 UTF-8 的 GBK 读取（第 ${m[3]} 行）；请将文件另存为带字节顺序标记（BOM）的 UTF-8`,
    ],
    [
      /^not valid (\S+) at line (\d+) \(the file starts with its byte-order mark\)$/,
      (m) => `第 ${m[2]} 行起不是有效的 ${m[1]}（文件以该编码的字节顺序标记开头）`,
    ],
    [/^not valid (\S+)$/, (m) => `不是有效的 ${m[1]}`],
  ],
  (d) => d,
);

/**
 * What a method found negative, in Chinese: "<term> for <type>[ in <zone>]" or a forest stratum's net growth; any
 * other is kept.
 */
const negativeWhatZh = detailZhOf(
  {},
  [
    [/^net growth of stratum (\S+)$/s, (m) => `林层 ${m[1]} 的净生长量`],
    [/^(.+?) for (\S+) in (\S+)$/s, (m) => `${m[3]} ${m[2]} 的 ${m[1]} `],
    [/^(.+?) for (\S+)$/s, (m) => `${m[2]} 的 ${m[1]} `],
  ],
  (d) => d,
);

/** What a method did with a negative term (NEGATIVE_TERM's `rule`), in Chinese; any other is kept. */
const negativeRuleZh = detailZhOf(
  {
    'counted as zero (negativeTerms = zero)': '按 0 计（negativeTerms = zero）',
    'kept as negative (negativeTerms = keep)': '保留负值（negativeTerms = keep）',
    'valued as zero (belowThreshold = zero)': '按 0 计值（belowThreshold = zero）',
    'kept: harvest exceeds growth, a net emission': '保留：采伐量超过生长量，为净排放',
  },
  [],
  (d) => d,
);

const CATEGORIES_ZH: Readonly<Record<string, string>> = {
  material: '物质产品',
  regulating: '调节服务',
  cultural: '文化服务',
};

/** An indicator category (COMPARE_CATEGORY_DIFFERS) in Chinese beside its key (物质产品 material); another is kept. */
function categoryZh(c: string): string {
  return Object.hasOwn(CATEGORIES_ZH, c) ? `${CATEGORIES_ZH[c] as string} ${c}` : c;
}

/** Why two accounts cannot be compared (COMPARE_INCOMPARABLE's `detail`), in Chinese; any other detail is kept. */
function incomparableZh(detail: string): string {
  const classes = /^classifications differ \((.+), (.+)\)$/s.exec(detail);
  if (classes !== null) return `分类体系不同（${classes[1]}、${classes[2]}）`;
  const m = /^comparable prices of base year (\d+), the other year at (\d+)$/.exec(detail);
  if (m !== null) return `一期为 ${m[1]} 年基期的可比价，另一期为 ${m[2]} 年基期`;
  const asked = /^comparable prices of base year (\d+), the comparison's base year is (\d+)$/.exec(detail);
  return asked === null ? detail : `该期为 ${asked[1]} 年基期的可比价，而比较的基期为 ${asked[2]} 年`;
}

/** The dimensions of the unit catalogue (src/core/units.ts), named in Chinese. */
const DIMENSIONS_ZH: Readonly<Record<string, string>> = {
  area: '面积',
  count: '计数',
  density: '密度',
  energy: '能量',
  energy_per_volume: '单位体积能量',
  heat_flux: '热通量',
  ion_concentration: '离子浓度',
  ions: '离子数',
  length: '长度',
  mass: '质量',
  mass_C: '碳质量',
  mass_CO2: '二氧化碳质量',
  mass_O2: '氧气质量',
  mass_DM: '干物质质量',
  mass_per_area: '单位面积质量',
  mass_C_per_area: '单位面积碳质量',
  mass_DM_per_area: '单位面积干物质质量',
  money: '货币',
  pollution_equivalent: '污染当量',
  ratio: '比率',
  rusle_K: '土壤可蚀性',
  rusle_R: '降雨侵蚀力',
  specific_energy: '比能',
  time: '时间',
  visits: '人次',
  volume: '体积',
};

/**
 * A unit and its dimension as a conversion names them (src/core/units.ts, convertValue): "<symbol> (<dimension>)",
 * the symbol one word or a mass and its substance ("t CO₂", "t d.m./(hm²·a)").
 */
const UNIT_WITH_DIMENSION = /^(\S+(?: (?:C|CO₂|O₂|d\.m\.)\S*)?) \((\w+)\)$/;

/**
 * A unit as UNIT_MISMATCH's `actual` names it, in Chinese: "<symbol> (<dimension>)" from a unit conversion, or a
 * factor per passenger-km with its set; any other is kept.
 */
const unitActualZh = (unit: string): string => {
  const m = UNIT_WITH_DIMENSION.exec(unit);
  if (m !== null && Object.hasOwn(DIMENSIONS_ZH, m[2] as string))
    return `${m[1]}（${DIMENSIONS_ZH[m[2] as string]}）`;
  const p =
    /^(\S+) \((\S+)\): per passenger-km, which needs an occupancy the methodology does not define$/.exec(
      unit,
    );
  return p === null ? unit : `${p[1]}（${p[2]}）：按乘客公里计，需要该方法学未定义的载客率`;
};

/** What a formula or a conversion needs (UNIT_MISMATCH's and COEFFICIENT_UNIT_MISMATCH's `expected`), in Chinese. */
const unitExpectedZh = detailZhOf(
  {
    'money per t C or per t CO₂': '每 t C 或每 t CO₂ 的货币价格',
    'money per t or per m³ of water': '每 t 或每 m³ 水的货币价格',
    'a price (money/unit with a price year)': '价格（货币/单位，带价格年份）',
    't CO₂ lines from the carbon indicator': '碳指标的 t CO₂ 行',
    'km or m (the methodology defines no passengers to convert pkm)':
      'km 或 m（该方法学未定义乘客数，无法换算 pkm）',
    'pkm (the methodology defines no passengers to convert km)': 'pkm（该方法学未定义乘客数，无法换算 km）',
  },
  [
    [
      /^money per (.+)$/s,
      (m) =>
        `每${(m[1] as string)
          .split(' or ')
          .map((d) => (Object.hasOwn(DIMENSIONS_ZH, d) ? DIMENSIONS_ZH[d] : ` ${d} `))
          .join('或每')}的货币价格`,
    ],
    [/^a vehicle factor per km for (\S+)$/, (m) => `${m[1]} 的每车公里排放因子`],
    // A custom indicator's input converted with `as` (src/custom/schema.ts).
    [
      /^a unit of (\w+) like (.+)$/s,
      (m) => {
        const dim = ownValue(DIMENSIONS_ZH, m[1] as string);
        return dim === undefined ? m[0] : `${dim}单位（如 ${m[2]}）`;
      },
    ],
    [UNIT_WITH_DIMENSION, (m) => unitActualZh(m[0])],
    [
      /^\w+(?: or \w+)*$/,
      (m) => {
        const dims = m[0].split(' or ');
        return dims.every((d) => Object.hasOwn(DIMENSIONS_ZH, d))
          ? dims.map((d) => `${DIMENSIONS_ZH[d]}（${d}）`).join('或')
          : m[0];
      },
    ],
  ],
  (d) => d,
);

/**
 * The quantities the schemas and methods name when they refuse a value (the `what` of NEGATIVE_VALUE,
 * VALUE_NOT_POSITIVE and VALUE_OUT_OF_RANGE), in Chinese; a coefficient key or an input's own name is kept.
 */
const WHAT_ZH: Readonly<Record<string, string>> = {
  area: '面积',
  'lake area': '湖泊面积',
  'parcel area': '地块面积',
  'subject area': '标的面积',
  'benefiting area': '受益面积',
  'contributed area': '入股面积',
  'self-recovering area': '自然恢复面积',
  'air-conditioning days': '空调使用天数',
  'credited sink': '计入的碳汇量',
  emission: '排放量',
  evapotranspiration: '蒸散量',
  precipitation: '降水量',
  'storm precipitation': '暴雨降水量',
  'flood-control storage': '防洪库容',
  'known flood-regulation storage': '已知洪水调蓄量',
  'total storage': '总库容',
  generation: '发电量',
  'negative ion concentration': '负离子浓度',
  'noise barrier length': '隔音屏障长度',
  'protected coastline': '受保护岸线长度',
  'rainfall erosivity R': '降雨侵蚀力 R',
  'soil erodibility K': '土壤可蚀性 K',
  'slope length-steepness LS': '坡长坡度因子 LS',
  'cover-management factor C': '植被覆盖与管理因子 C',
  'support-practice factor P': '水土保持措施因子 P',
  'sand fixed': '固沙量',
  'sand bulk density × cover depth': '沙土容重 × 覆沙厚度',
  'soil retention': '土壤保持量',
  'stand height': '林分高度',
  'standing stock volume': '林木蓄积量',
  'water volume': '水量',
  'output quantity': '产出量',
  'water exchange count': '水体交换次数',
  'relative humidity': '相对湿度',
  'price index value': '价格指数值',
  'harvest rate': '采伐率',
  'gross growth rate': '总生长率',
  'contract weight': '合同权重',
  visits: '游客人次',
  price: '价格',
  'water price': '水价',
  'carbon price': '碳价',
  tariff: '电价',
  'comparable unit price': '可比单价',
  'consumer surplus per visit': '每人次消费者剩余',
  'spending per visit': '每人次花费',
  'time cost per visit': '每人次时间成本',
  'landscape premium': '景观溢价',
  cost: '成本',
  fee: '费用',
  revenue: '收入',
  'tourism revenue': '旅游收入',
  'gross output': '总产值',
  'intermediate consumption': '中间消耗',
  'value added': '增加值',
  'net output': '净产值',
  depreciation: '折旧',
  material: '物质产品价值',
  regulating: '调节服务价值',
  cultural: '文化服务价值',
  'annual flow': '年度价值流量',
  'appraised value': '评估价值',
  'contributed value': '入股价值',
  'fixed return': '固定收益',
  'lien amount': '在先担保金额',
  'realised value': '已实现价值',
  'replacement cost': '重置成本',
};

/** A quantity a refusal names (WHAT_ZH's, a table's price of a key, a class number of a type), in Chinese; else kept. */
const whatZh = detailZhOf(
  WHAT_ZH,
  [
    [/^price (\S+)$/, (m) => `${m[1]} 的价格`],
    [/^(\S+) of (\S+) \(a whole class number\)$/, (m) => `${m[2]} 的 ${m[1]}（应为整数等级）`],
  ],
  (d) => d,
);

/** A bound of VALUE_OUT_OF_RANGE in Chinese: a number, a class table's highest class, a total storage; else kept. */
const boundZh = detailZhOf(
  {},
  [
    [/^the highest class of the (\S+) table$/, (m) => `${m[1]} 表中的最高等级`],
    [/^total storage (.+)$/, (m) => `总库容 ${m[1]}`],
  ],
  (d) => d,
);

/** The input a method misses (INDICATOR_INPUT_MISSING's `field`) where it names alternatives, in Chinese; else kept. */
const missingFieldZh = detailZhOf(
  {
    'netOutput, or depreciation with value added': 'netOutput，或 depreciation 与增加值',
    'valueAdded, or grossOutput with intermediateConsumption':
      'valueAdded，或 grossOutput 与 intermediateConsumption',
  },
  [
    [/^(\S+) or (\S+)$/, (m) => `${m[1]} 或 ${m[2]}`],
    [/^(\S+) for (\S+)$/, (m) => `${m[2]} 的 ${m[1]}`],
  ],
  (d) => d,
);

/** Why an indicator is in one account only (COMPARE_INDICATOR_ONE_SIDE's `reason`), in Chinese; else kept. */
const oneSideReasonZh = detailZhOf(
  {
    'absent from that account': '该期核算中没有此指标',
    'excluded by the caller': '被调用方排除',
    'excluded by the profile': '被核算方案排除',
    'excluded by the scenario': '被情景排除',
    'optional, and the input has no data for it': '可选指标，输入中没有其数据',
  },
  [],
  (d) => d,
);

/** The sections of totals computed elsewhere (src/account/validate.ts), named in Chinese. */
const TOTALS_ZH: Readonly<Record<string, string>> = {
  'soil retention': '土壤保持',
  'water conservation': '水源涵养',
  'climate regulation': '气候调节',
};
/** A zone and a type as src/account/validate.ts names a record's scope: "(region)" and "(all types)" in Chinese. */
const scopeZh = (zone: string, type: string) =>
  `${zone === '(region)' ? '全域' : zone} × ${type === '(all types)' ? '所有类型' : type}`;

/**
 * A repeated record as src/account/validate.ts and compute.ts name it (DUPLICATE_ID's `id`), in Chinese; an id
 * the input gave (a zone's, a custom indicator's) matches none of these forms and is kept.
 */
/** `region-wide` or `zone Z01` of a duplicate record, in Chinese. */
const whereZh = (w: string) => (w === 'region-wide' ? '全域' : w.replace(/^zone /, '分区 '));

const duplicateIdZh = detailZhOf(
  {},
  [
    [
      /^([\w.]+): (.+), (region-wide|zone \S+), identical to (\S+)$/,
      (m) => `${m[1]}：${m[2]}，${whereZh(m[3] as string)}，与 ${m[4]} 完全相同`,
    ],
    [/^([\w.]+): (.+), (region-wide|zone \S+)$/, (m) => `${m[1]}：${m[2]}，${whereZh(m[3] as string)}`],
    [
      /^(soil retention|water conservation|climate regulation) (\S+): a region-wide total and zone totals overlap$/,
      (m) => `${TOTALS_ZH[m[1] as string]}总量 ${m[2]}：全域总量与分区总量重叠`,
    ],
    [
      /^(soil retention|water conservation|climate regulation) (\S+) × (\S+)$/,
      (m) => `${TOTALS_ZH[m[1] as string]}总量 ${scopeZh(m[2] as string, m[3] as string)}`,
    ],
    [/^soil factors (\S+) × (\S+)$/, (m) => `土壤因子 ${scopeZh(m[1] as string, m[2] as string)}`],
    [/^(\S+) for (\S+) × (.+)$/, (m) => `${scopeZh(m[2] as string, m[3] as string)} 的 ${m[1]}`],
    [/^(\S+) emission (\S+)$/, (m) => `${m[2] === '(region)' ? '全域' : m[2]} 的 ${m[1]} 排放量`],
    [/^(\S+) \(a profile indicator has this code\)$/, (m) => `${m[1]}（核算方案中已有此代码的指标）`],
    [/^(\S+) (\S+) × (\(all types\)|\S+)$/, (m) => `${m[1]} ${scopeZh(m[2] as string, m[3] as string)}`],
    [/^\(region\) × (\S+)$/, (m) => scopeZh('(region)', m[1] as string)],
  ],
  (d) => d,
);

/** Why an output cannot be written (OUTPUT_UNWRITABLE's `detail`) in gepkit's own words, in Chinese; a system message is kept. */
const unwritableZh = detailZhOf(
  {
    'it is a folder': '这是文件夹',
    'it is a file, not a folder': '这是文件，不是文件夹',
    'it is a file, not a folder (--id-store)': '这是文件，不是文件夹（--id-store）',
  },
  [[/^(.+) is not a folder$/s, (m) => `${m[1]} 不是文件夹`]],
  (d) => d,
);

/** What a method misses by zone and type (SPATIAL_INPUT_MISSING's `field`), in Chinese; an input's own name is kept. */
const SPATIAL_FIELDS_ZH: Readonly<Record<string, string>> = {
  'RUSLE factors': ' RUSLE 因子',
  'negative ion concentration': '负离子浓度',
  'productivity (NPP/NEP)': '生产力数据（NPP/NEP）',
  'nep or npp': ' nep 或 npp',
};

const spatialFieldZh = (field: string): string =>
  Object.hasOwn(SPATIAL_FIELDS_ZH, field) ? (SPATIAL_FIELDS_ZH[field] as string) : ` ${field}`;

/** The bases of material products (M1's switch `basis`), named in Chinese. */
const BASIS_ZH: Readonly<Record<string, string>> = {
  gross: '总产值',
  'value-added': '增加值',
  net: '净产值',
  'gross-share': '总产值份额',
};

/**
 * The Chinese of why an input is not used (INPUT_IGNORED's `reason`, as the methods write it); a reason in no known
 * form is kept.
 */
const ignoredReasonZh = detailZhOf(
  {
    'not in the pollutant list of the method': '不在该方法的污染物清单中',
    'rule "area" values absorption per area × area, not emissions':
      '规则 "area" 按单位面积吸收量 × 面积计值，不使用排放量',
    'practice "c-only" takes P = 1': '措施 "c-only" 取 P = 1',
    'products are given and valued instead': '已给出产品并按产品计值',
    'the travel-cost method values visits, not revenue': '旅行费用法按游客人次计值，不使用收入',
    'the revenue-share method values revenue, not visits': '收入分成法按收入计值，不使用游客人次',
    'the known floodStorage replaces e^a × A^b × T': '已知的 floodStorage 取代 e^a × A^b × T',
  },
  [
    [
      /^source is "(.+)"; set (R\d+)’s switch source to "totals" to use them$/s,
      (m) => `数据来源为 "${m[1]}"；如需使用，请将 ${m[2]} 的开关 source 设为 "totals"`,
    ],
    [/^source is "(.+)"$/s, (m) => `数据来源为 "${m[1]}"`],
    [/^no indicator of the profile (\S+) reads it$/s, (m) => `核算方案 ${m[1]} 中没有读取该项的指标`],
    [
      /^not used on the (\S+) basis$/s,
      (m) =>
        Object.hasOwn(BASIS_ZH, m[1] as string)
          ? `${BASIS_ZH[m[1] as string]}（${m[1]}）口径下不使用`
          : `${m[1]} 口径下不使用`,
    ],
    [
      /^no ecosystem of the groups (.+) in its scope: purification counted as 0$/s,
      (m) => `其范围内没有 ${m[1]} 组的生态系统：净化量计为 0`,
    ],
    [/^(.+) is not in (R\d+)’s groups (.+)$/s, (m) => `${m[1]} 不在 ${m[2]} 的组 ${m[3]} 中`],
    [
      /^(.+) is neither a water type nor in a vegetation group of R8$/s,
      (m) => `${m[1]} 既不是水体类型，也不在 R8 的植被组中`,
    ],
    [/^component (\S+) is off$/s, (m) => `组分 ${m[1]} 已关闭`],
    [/^component (\S+) is not in the method's components$/s, (m) => `组分 ${m[1]} 不在该方法的组分中`],
  ],
  (d) => d,
);

/** The Chinese of an ignored input as the methods name it: "<field> <amount> <unit> of <type>", "<field> (N totals)". */
const ignoredFieldZh = detailZhOf(
  {},
  [
    [/^(\S+) \((\d+) totals\)$/s, (m) => `${m[1]}（${m[2]} 个总量）`],
    [/^(\S+) (\S+(?: \S+)?) of (.+)$/s, (m) => `${m[3]} 的 ${m[1]} ${m[2]}`],
  ],
  (d) => d,
);

/** What a command line misses (`missing …`), in Chinese; a thing not named here is kept. */
const MISSING_ZH: Readonly<Record<string, string>> = {
  'an input file (- for standard input)': '输入文件（- 表示标准输入）',
  'list or show': ' list 或 show',
  'a table id': '表 id',
  'a profile id': '核算方案 id',
  'a second profile id': '第二个核算方案 id',
  'the parcels file': '地块文件',
  'two account results (a.json b.json)': '两个核算结果（a.json b.json）',
  'the parcel results (results.jsonl) and the county account (account.json)':
    '地块结果（results.jsonl）和县域核算结果（account.json）',
  'the package file': '资产包文件',
};

function missingZh(what: string): string {
  if (Object.hasOwn(MISSING_ZH, what)) return MISSING_ZH[what] as string;
  const schema = /^a schema name \((.*)\) or list$/s.exec(what);
  return schema === null ? ` ${what}` : `模式名称（${schema[1]}）或 list`;
}

/**
 * The Chinese of CLI_USAGE's details: an option's value in the forms the command line checks (`--x must be …,
 * got v`), a subcommand or argument that does not belong, and the fixed sentences; a detail in no known form is
 * kept as it is.
 */
const usageDetailZh = detailZhOf(
  {
    'vep value needs --context <context.json>': 'vep value 需要 --context <context.json>',
    'template needs --out FILE.xlsx': 'template 需要 --out FILE.xlsx',
    '--format xlsx needs --out FILE.xlsx': '--format xlsx 需要 --out FILE.xlsx',
    'missing the ledger file (JSON Lines) or --ledger': '缺少账本文件（JSON Lines）或 --ledger',
    'missing the activities file (JSON Lines)': '缺少活动文件（JSON Lines）',
    'gepkit raster takes one configuration file': 'gepkit raster 需要一个配置文件',
    'compare takes two files: <before> <after> (inputs or results)':
      'compare 需要两个文件：<之前> <之后>（输入或结果）',
    '--uncertainty writes JSON only (--format json)': '--uncertainty 只输出 JSON（--format json）',
    '--sobol is not shown in a report: compute Sobol indices with gepkit account --uncertainty N --sobol M':
      '报告不显示 Sobol 指数（--sobol）：请用 gepkit account --uncertainty N --sobol M 计算',
    '--audit FILE goes with --ledger': '--audit FILE 须与 --ledger 同用',
    '--sign-key signs the head of a stored ledger: give --ledger':
      '--sign-key 签署存储账本的链头：请给出 --ledger',
    '--activities re-executes the runs of a stored ledger: give --ledger':
      '--activities 重新执行存储账本中的运行：请给出 --ledger',
    '--id-store is for a ledger in files: a --ledger store keeps its ids itself':
      '--id-store 用于文件账本：--ledger 存储自行保存 id',
    '--partitions sets the partitions of a stored ledger when it is created: give --ledger, or --queue':
      '--partitions 在创建存储账本时设定其分区：请给出 --ledger 或 --queue',
    'compare always accounts inputs exactly: leave --exact out': 'compare 总是精确核算输入：请去掉 --exact',
    '--compare belongs to gepkit report (or use gepkit compare)':
      '--compare 属于 gepkit report（或使用 gepkit compare）',
    '--ledger postgres://… needs --audit FILE for the operator audit trail':
      '--ledger postgres://… 需要 --audit FILE 记录操作员审计轨迹',
    'serve key takes <id> <role>': 'serve key 需要 <id> <role>',
    "a run on a queue keeps its ids in its partitions' jobs or in its --ledger: --id-store is not read":
      '队列上的运行把已入账的 id 保存在各分区的任务或 --ledger 中：不读取 --id-store',
    'no summary line with basis.priceYear in the results, nor a summary.json beside them: give --price-year':
      '结果中没有带 basis.priceYear 的汇总行，旁边也没有 summary.json：请给出 --price-year',
    'gepkit worker takes --queue redis://host:port[/db] and no file':
      'gepkit worker 需要 --queue redis://host:port[/db]，不接受文件',
  },
  [
    [/^(--[\w-]+) must be a positive integer, got (.*)$/s, (m) => `${m[1]} 须为正整数，实际为 ${m[2]}`],
    [/^(--[\w-]+) must be an integer, got (.*)$/s, (m) => `${m[1]} 须为整数，实际为 ${m[2]}`],
    [/^(--[\w-]+) must be a whole number, got (.*)$/s, (m) => `${m[1]} 须为非负整数，实际为 ${m[2]}`],
    [
      /^(--[\w-]+) must be an integer of at least (\d+), got (.*)$/s,
      (m) => `${m[1]} 须为不小于 ${m[2]} 的整数，实际为 ${m[3]}`,
    ],
    [
      /^(--[\w-]+) must be an integer from ([\d,]+) to ([\d,]+), got (.*)$/s,
      (m) => `${m[1]} 须为 ${m[2]} 到 ${m[3]} 的整数（十进制数字），实际为 ${m[4]}`,
    ],
    [
      /^--uncertainty N \(the number of draws\) is needed with (.*)$/s,
      (m) => `${m[1]} 需要同时给出 --uncertainty N（抽样次数）`,
    ],
    [
      /^(--[\w-]+) must be a whole number from (\d+) to (\d+), got (.*)$/s,
      (m) => `${m[1]} 须为 ${m[2]} 到 ${m[3]} 的整数，实际为 ${m[4]}`,
    ],
    [
      /^(--[\w-]+) must be a number of percent written in digits \(10, 2\.5\), got (.*)$/s,
      (m) => `${m[1]} 须为以数字书写的百分数（如 10、2.5），实际为 ${m[2]}`,
    ],
    [
      /^(--[\w-]+) must be between (\S+) and (\S+), got (.*)$/s,
      (m) => `${m[1]} 须在 ${m[2]} 与 ${m[3]} 之间，实际为 ${m[4]}`,
    ],
    [/^(--[\w-]+) must be a year, got (.*)$/s, (m) => `${m[1]} 须为年份，实际为 ${m[2]}`],
    [
      /^(--[\w-]+) must be an ISO 8601 time with offset, got (.*)$/s,
      (m) => `${m[1]} 须为带时区偏移的 ISO 8601 时间，实际为 ${m[2]}`,
    ],
    [/^(--[\w-]+) must be one of (.*), got (.*)$/s, (m) => `${m[1]} 须为以下之一：${m[2]}，实际为 ${m[3]}`],
    [
      /^(--[\w-]+) must be ([\w-]+(?:, [\w-]+)* or [\w-]+), got (.*)$/s,
      (m) => `${m[1]} 须为 ${orListZh(m[2] as string)}，实际为 ${m[3]}`,
    ],
    [
      /^([a-z]+(?: [a-z]+)?) takes ([\w-]+(?:, [\w-]+)* or [\w-]+), got (.*)$/s,
      (m) => `${m[1]} 的子命令须为 ${orListZh(m[2] as string)}，实际为 ${m[3]}`,
    ],
    [
      /^(--[\w-]+) takes (\S+) \(e\.g\. (\S+)\), got (.*)$/s,
      (m) => `${m[1]} 须为 ${m[2]} 的形式（如 ${m[3]}），实际为 ${m[4]}`,
    ],
    [
      /^(--[\w-]+) applies to --format csv or md \(one table\), not (.*)$/s,
      (m) => `${m[1]} 只适用于 --format csv 或 md（单个表），不适用于 ${m[2]}`,
    ],
    [/^unknown command (.*)$/s, (m) => `未知命令 ${m[1]}`],
    [
      /^unexpected argument (.*) \(--ledger names the ledger\)$/s,
      (m) => `多余的参数 ${m[1]}（账本由 --ledger 指定）`,
    ],
    [/^unexpected argument (.*)$/s, (m) => `多余的参数 ${m[1]}`],
    [/^(vep \S+): unexpected argument (.*)$/s, (m) => `${m[1]}：多余的参数 ${m[2]}`],
    [/^(vep \S+): missing (.*)$/s, (m) => `${m[1]}：缺少${missingZh(m[2] as string)}`],
    [/^missing (.*)$/s, (m) => `缺少${missingZh(m[1] as string)}`],
    [
      /^gepkit (\S+) takes no arguments; left over: (.*)$/s,
      (m) => `gepkit ${m[1]} 不接受参数；多余：${m[2]}`,
    ],
    [
      /^gepkit (\S+) takes at most (\d+); left over: (.*)$/s,
      (m) => `gepkit ${m[1]} 最多接受 ${m[2]} 个参数；多余：${m[3]}`,
    ],
    [/^compare takes two files, got (\d+)$/s, (m) => `compare 需要两个文件，实际为 ${m[1]} 个`],
    [
      /^a run writes under one rule set: give --rules once, not (\d+) times \(carbon verify takes one per version the ledger was written under\)$/s,
      (m) =>
        `一次运行只按一套积分规则记账：--rules 只能给一次，实际给了 ${m[1]} 次（carbon verify 可按账本写入时用过的每个版本各给一次）`,
    ],
    [
      /^--activities re-executes the runs under one rule set, not (\d+): a ledger written under several rule-set versions is verified with --rules once per version, without --activities$/s,
      (m) =>
        `--activities 只按一套积分规则重新执行各次运行，而不是 ${m[1]} 套：按多个规则集版本写入的账本，请按每个版本各给一次 --rules 核验，不加 --activities`,
    ],
    [/^serve takes no argument but key, got (.*)$/s, (m) => `serve 只接受参数 key，实际为 ${m[1]}`],
    [/^the role must be one of (.*), got (.*)$/s, (m) => `角色须为以下之一：${m[1]}，实际为 ${m[2]}`],
    [/^gepkit report needs --out (\S+)$/s, (m) => `gepkit report 需要 --out ${m[1]}`],
    [
      /^(.*) is a result: --uncertainty draws from an input \(or run gepkit account --uncertainty first\)$/s,
      (m) => `${m[1]} 是核算结果：--uncertainty 须从输入抽样（或先运行 gepkit account --uncertainty）`,
    ],
    [
      /^(.*) is a result of gepkit compare \(a comparison of two accounts\), not an account input or result: give each year's input or account result \(gepkit report after\.json --compare before\.json\)$/s,
      (m) =>
        `${m[1]} 是 gepkit compare 的结果（两期核算的比较），不是核算输入或核算结果：请给出各年的输入或核算结果（gepkit report after.json --compare before.json）`,
    ],
    [
      /^--format (\S+) writes a \S+ report, but --out (.*) is named (\S+)$/s,
      (m) => `--format ${m[1]} 生成 ${m[1]} 报告，但 --out ${m[2]} 的扩展名为 ${m[3]}`,
    ],
    [
      /^--out (.*): name the report \.html or \.docx, or give --format html or docx$/s,
      (m) => `--out ${m[1]}：报告文件名须以 .html 或 .docx 结尾，或给出 --format html 或 docx`,
    ],
    [
      /^a run on a queue appends to a ledger every worker reaches: give --ledger postgres:\/\/… \(an embedded ledger, (.*), is written by one process\)$/s,
      (m) =>
        `队列上的运行追加到每个 worker 都能访问的账本：请给出 --ledger postgres://…（嵌入式账本 ${m[1]} 只由一个进程写入）`,
    ],
    [
      /^(--[\w-]+) names a run on a queue, or its spool: give --queue$/s,
      (m) => `${m[1]} 指定队列上的运行或其暂存目录：请给出 --queue`,
    ],
    [
      /^--id-store (.*) is not empty: give a new or empty directory \(it holds the ids of one run\)$/s,
      (m) => `--id-store ${m[1]} 不是空目录：请给出新的或空的目录（它保存一次运行的 id）`,
    ],
    // node:util parseArgs' own messages (an option's value missing or not allowed)
    [/^Option '(.+?)' argument missing$/s, (m) => `选项 ${m[1]} 缺少取值`],
    [/^Option '(.+?)' does not take an argument$/s, (m) => `选项 ${m[1]} 不接受取值`],
    [
      /^Option '(.+?)' argument is ambiguous\.\nDid you forget to specify the option argument for '.+?'\?\nTo specify an option argument starting with a dash use '(.+?)'\.$/s,
      (m) => `选项 ${m[1]} 的取值有歧义：是否忘了给出取值？以“-”开头的取值请写成 ${m[2]}`,
    ],
    [
      /^(--[\w-]+) is given twice \((.*), then (.*)\): give it once$/s,
      (m) => `${m[1]} 给出了两次（${m[2]}，然后 ${m[3]}）：只能给一次`,
    ],
  ],
  (d) => d,
);

/**
 * The Chinese of a JSON.parse message in the forms Node gives: the end of the text, an unexpected character with
 * the text around it, and the rest at their position, which is kept, with the line and column where Node gives them
 * (`… in JSON at position 11 (line 2 column 3)`); a message in no known form is kept as it is.
 */
const jsonMessageZh = detailZhOf(
  { 'Unexpected end of JSON input': 'JSON 文本意外结束' },
  [
    [
      // V8 names one UTF-16 unit (half of an emoji's pair).
      /^Unexpected token '(.)', (.*) is not valid JSON$/s,
      (m) => `意外的字符 '${m[1]}'，${m[2]} 不是有效的 JSON`,
    ],
    [
      // "… in JSON at position N", and "Unexpected non-whitespace character after JSON at position N".
      /^(.+?)(?: in JSON)? at position (\d+)(?: \(line (\d+) column (\d+)\))?$/s,
      (m) => {
        const zh = jsonAtZh(m[1] as string);
        if (zh === undefined) return m.input;
        const place = m[3] === undefined ? '' : `（第 ${m[3]} 行第 ${m[4]} 列）`;
        return `位置 ${m[2]}${place}：${zh}`;
      },
    ],
  ],
  (message) => message,
);

/**
 * The Chinese of the detail of a refused JSON line (CARBON_LINE_NOT_JSON, VEP_LINE_NOT_JSON, a workbook's JSON
 * section): a key given twice in one object (src/io/json.ts, duplicateKeyDetail), or JSON.parse's message in
 * jsonMessageZh's forms; any other is kept as it is.
 */
export function jsonDetailZh(detail: string): string {
  const m = /^the key "(.*)" appears twice in one object \(JSON readers disagree on which one wins\)$/s.exec(
    detail,
  );
  if (m !== null) return `键“${m[1]}”在同一对象中出现两次（各 JSON 读取器对取哪一个不一致）`;
  return jsonMessageZh(detail);
}

/**
 * The Chinese of an INPUT_NOT_JSON detail, `<file>: <JSON.parse's message>` (the CLI's readers, the service's request
 * bodies): the message in jsonMessageZh's forms after the file; a file name may hold ": " too, so the first split
 * whose message is in a known form is taken; a detail with none is kept as it is.
 */
export function notJsonDetailZh(detail: string): string {
  for (let at = detail.indexOf(': '); at >= 0; at = detail.indexOf(': ', at + 1)) {
    const message = detail.slice(at + 2);
    const zh = jsonMessageZh(message);
    if (zh !== message) return `${detail.slice(0, at)}：${zh}`;
  }
  return detail;
}

/** A problem of a schema in invalidDetailZh's forms (zod's "Invalid input: " dropped) in Chinese; undefined otherwise. */
function schemaProblemZh(problem: string): string | undefined {
  const en = problem.replace('Invalid input: ', '');
  const zh = invalidDetailZh(en);
  return zh === en ? undefined : zh;
}

const MARSH_UNKNOWN = 'marshTypes names an unknown type ';
const MARSH_TWICE = ' would be counted as vegetation and as marsh';
const LAKE_REGION =
  'lakes are given, so the switch lakeRegion must name the regional (a, b) pair (flood.lake.<region>.a/.b)';

/**
 * The Chinese of the SWITCH_INVALID details of flood regulation's own checks (src/indicators/flood-regulation.ts:
 * `<indicator>: ` and a marsh type unknown or counted twice, or a lake region missing); any other is kept.
 */
function floodSwitchZh(detail: string): string {
  const colon = detail.indexOf(': ');
  const code = detail.slice(0, colon);
  const rest = detail.slice(colon + 2);
  if (rest.startsWith(MARSH_UNKNOWN))
    return `${code}：marshTypes 中的 ${rest.slice(MARSH_UNKNOWN.length)} 不是分类中的类型`;
  if (rest.endsWith(MARSH_TWICE))
    return `${code}：${rest.slice(0, -MARSH_TWICE.length)} 会同时计为植被和沼泽`;
  if (rest === LAKE_REGION)
    return `${code}：给出了湖泊，开关 lakeRegion 必须指定地区的 (a, b) 参数对（flood.lake.<region>.a/.b）`;
  return detail;
}

/**
 * The Chinese of a SWITCH_INVALID detail as src/account/compute.ts writes it: `<indicator> (<method>): ` and the
 * switch schema's problems joined by "; ", each `<path> <message>` or the message alone, the messages in
 * invalidDetailZh's forms, a part in no such form kept as it is; a detail without that head goes to floodSwitchZh.
 */
export function switchDetailZh(detail: string): string {
  const head = /^\S+ \([^)]*\): /.exec(detail)?.[0];
  if (head === undefined) return floodSwitchZh(detail);
  const parts = detail
    .slice(head.length)
    .split('; ')
    .map((part) => {
      const whole = schemaProblemZh(part);
      if (whole !== undefined) return whole;
      // A path, then the message (a part without a space has none: it is the whole part again, refused above).
      const space = part.indexOf(' ');
      const zh = schemaProblemZh(part.slice(space + 1));
      return zh === undefined ? part : `${part.slice(0, space)} ${zh}`;
    });
  return head + parts.join('；');
}

/** What an output would replace (OUTPUT_SAME_FILE's `role`, as src/cli/shared.ts writes it), in Chinese. */
const SAME_FILE_ROLES_ZH: Readonly<Record<string, string>> = {
  'a file this command reads': '本命令读取的文件',
  'another output of this command': '本命令的另一个输出',
};
const sameFileRoleZh = (role: string): string =>
  Object.hasOwn(SAME_FILE_ROLES_ZH, role) ? (SAME_FILE_ROLES_ZH[role] as string) : role;

/**
 * The item of GRADE_BELOW_MINIMUM and GRADE_BELOW_THRESHOLD in Chinese: a custom indicator's input without source and
 * grade, counted as assumed (account/quality.ts ungradedItem), in Chinese words; a coefficient or index value as written.
 */
const gradeItemZh = (item: string): string => {
  const m = /^(\S+) \(a custom indicator's input without source or grade\)$/.exec(item);
  return m === null ? item : `${m[1]}（自定义指标的输入，未注明来源和证据等级）`;
};

export const CORE_ERRORS = {
  INPUT_INVALID: entry<'detail'>(
    'error',
    (p) => `输入格式错误：${invalidDetailZh(String(p.detail))}`,
    (p) => `Invalid input: ${p.detail}`,
    () => 'Check the field against the input format (docs/input-format.md, or `gepkit schema input`).',
    () => '对照输入格式检查该字段（docs/input-format.md，或 `gepkit schema input`）。',
  ),
  INPUT_NOT_JSON: entry<'detail'>(
    'error',
    (p) => `文件不是有效的 JSON：${notJsonDetailZh(String(p.detail))}`,
    (p) => `The file is not valid JSON: ${p.detail}`,
    () => 'Save the file as UTF-8 JSON; check commas and quotes near the position given.',
    () => '将文件保存为 UTF-8 编码的 JSON；检查所给位置附近的逗号和引号。',
  ),
  NUMBER_NOT_FINITE: entry<'value'>(
    'error',
    (p) => `数值无效（${notFiniteZh(String(p.value))}）：必须是有限的十进制数`,
    (p) => `Not a finite decimal number: ${p.value}`,
    () =>
      'Write numbers as decimal strings such as "1234.5", in half-width digits (full-width １２３４．５, as a Chinese input method types them, is not read); text that is not a number, empty strings and numbers beyond a double (1e309) are refused.',
    () =>
      '数值写成十进制字符串，如 "1234.5"，并使用半角数字（中文输入法打出的全角数字 １２３４．５ 无法读取）；非数字的文本、空字符串以及超出双精度浮点数范围的数（1e309）均会被拒绝。',
  ),
  NUMBER_OUT_OF_RANGE: entry<'max' | 'min' | 'value'>(
    'error',
    (p) => `数值超出允许范围（${p.value}）：绝对值须小于 ${p.max}，非零时不小于 ${p.min}`,
    (p) =>
      `Number out of range: ${p.value}; its magnitude must be below ${p.max} and, unless zero, at least ${p.min}`,
    () =>
      'Check the value and its unit (a unit with a larger prefix keeps figures small); the limits are in docs/limits.md.',
    () => '检查数值及其单位（换用前缀更大的单位可使数字变小）；各项限值见 docs/limits.md',
  ),
  NUMBER_DIGITS_LOST: entry<'read' | 'value'>(
    'error',
    (p) => `JSON 数值 ${p.value} 的有效数字超出双精度浮点数所能保留的范围，读取后变为 ${p.read}`,
    (p) => `The JSON number ${p.value} has more digits than a double keeps: it reads as ${p.read}`,
    (p) => `Write it as a string ("${p.value}"): a string keeps every digit.`,
    (p) => `改为字符串（"${p.value}"）：字符串形式保留全部数字。`,
  ),
  TEXT_LONE_SURROGATE: entry(
    'error',
    () => '字符串含有未配对的代理项转义（\\uD800–\\uDFFF），不是有效的 Unicode 文本',
    () => 'A string holds an unpaired surrogate escape (\\uD800–\\uDFFF): it is not Unicode text',
    () =>
      'Write the character itself, or both halves of its surrogate pair (\\ud83d\\ude00); a lone half is read differently by every store and reader.',
    () =>
      '直接写出该字符，或写出完整的代理对（\\ud83d\\ude00）；单独的半个代理项在不同的存储和读取程序中会被读成不同的内容。',
  ),
  TEXT_NUL_CHARACTER: entry(
    'error',
    () => '字符串含有 U+0000 空字符（\\u0000）：PostgreSQL 无法存储，部分读取程序会在此处截断文本',
    () =>
      'A string holds the character U+0000 (\\u0000): PostgreSQL cannot store it, and some readers cut the text there',
    () => 'Remove the \\u0000 escape from the string; an identifier or a note never needs the NUL character.',
    () => '从字符串中删去 \\u0000 转义；标识符和说明文字都不需要空字符。',
  ),
  NUMBER_TOO_PRECISE: entry<'digits' | 'max' | 'value'>(
    'error',
    (p) => `数值有效数字过多（${p.value}：${p.digits} 位，上限 ${p.max} 位）`,
    (p) => `Too many significant digits: ${p.value} has ${p.digits}, at most ${p.max} are kept`,
    () => 'Round the value to the precision of its source; gepkit would otherwise round it unseen.',
    () => '将该值舍入到其来源数据的精度；否则 gepkit 会在不提示的情况下对其舍入。',
  ),
  NUMBER_TOO_LONG: entry<'length' | 'max' | 'value'>(
    'error',
    (p) => `数值文本过长（${p.length} 个字符，上限 ${p.max}）：${p.value}`,
    (p) => `Number text too long: ${p.length} characters, at most ${p.max} (${p.value})`,
    () => 'Write the number plainly ("1234.5"); leading zeros and padding are not needed.',
    () => '直接写出数值（"1234.5"）；无需前导零或填充字符。',
  ),
  RESULT_NOT_FINITE: entry<'at' | 'value'>(
    'error',
    (p) => `结果中出现非有限数值（${p.value}，位置 ${p.at}），未写出`,
    (p) => `A result figure is not finite (${p.value} at ${p.at}); nothing was written`,
    () =>
      'Check the inputs and custom formulas that feed this figure; report it if the inputs are within docs/limits.md.',
    () => '检查参与计算该数值的输入和自定义公式；若输入均在 docs/limits.md 的限值之内，请报告此问题。',
  ),
  NEGATIVE_VALUE: entry<'value' | 'what'>(
    'error',
    (p) => `${whatZh(String(p.what))}不能为负数（${p.value}）`,
    (p) => `${p.what} cannot be negative (${p.value})`,
    () => 'Correct the sign; a quantity that can be negative has its own field.',
    () => '更正符号；可以为负的量另有专门的字段。',
  ),
  SHARE_OUT_OF_RANGE: entry<'value'>(
    'error',
    (p) => `比例必须在 0 到 1 之间（${p.value}）`,
    (p) => `A share must lie between 0 and 1 (got ${p.value})`,
    () => 'Give shares as fractions (0.35), not percentages (35).',
    () => '比例以小数给出（0.35），而非百分数（35）。',
  ),
  UNIT_UNKNOWN: entry<'allowed' | 'unit'>(
    'error',
    (p) => `未知单位“${p.unit}”`,
    (p) => `Unknown unit "${p.unit}"`,
    (p) => {
      // A unit in the wrong case (KM2) or one slip from a unit (kmm2) is named by the unit it is nearest.
      const unit = String(p.unit);
      const near = closest(unit, String(p.allowed).split(', '));
      if (near === undefined) return `Instead of "${unit}", use one of: ${p.allowed}.`;
      return near.toLowerCase() === unit.trim().toLowerCase()
        ? `Write ${near}: units are read in their own case ("${unit}" is not ${near}). Units: ${p.allowed}.`
        : `Did you mean ${near} for "${unit}"? Units: ${p.allowed}.`;
    },
    (p) => {
      const unit = String(p.unit);
      const near = closest(unit, String(p.allowed).split(', '));
      if (near === undefined) return `将“${unit}”改为以下单位之一：${p.allowed}。`;
      return near.toLowerCase() === unit.trim().toLowerCase()
        ? `写作 ${near}：单位区分大小写（“${unit}”不是 ${near}）。可用单位：${p.allowed}。`
        : `“${unit}”是否应为 ${near}？可用单位：${p.allowed}。`;
    },
  ),
  UNIT_MISMATCH: entry<'actual' | 'expected'>(
    'error',
    (p) => `单位不符：需要${unitExpectedZh(String(p.expected))}，实际为${unitActualZh(String(p.actual))}`,
    (p) => `Unit mismatch: expected ${p.expected}, got ${p.actual}`,
    () => 'Give the value in a unit of the expected dimension; gepkit converts within a dimension only.',
    () => '以所需量纲的单位给出该值；gepkit 只在同一量纲内换算单位。',
  ),
  PRICE_YEAR_MISSING: entry(
    'error',
    () => '价格或金额缺少价格年份（priceYear）',
    () => 'A price or money amount has no price year (priceYear)',
    () => 'Add "priceYear": the year whose price level the figure is in; gepkit never assumes one.',
    () => '添加 "priceYear"，即该数值所处价格水平的年份；gepkit 从不自行假定价格年份。',
  ),
  ECOSYSTEM_TYPE_UNKNOWN: entry<'allowed' | 'classification' | 'type'>(
    'error',
    (p) => `未知生态系统类型“${p.type}”（分类：${p.classification}）`,
    (p) => `Unknown ecosystem type "${p.type}" (classification ${p.classification})`,
    (p) => {
      // A typo of a code (forest.conifrous) is named by the code it is nearest.
      const near = closest(String(p.type), String(p.allowed).split(', '));
      return near === undefined
        ? `Use a code of the classification for "${p.type}": ${p.allowed}.`
        : `Did you mean ${near} for "${p.type}"? The codes of the classification: ${p.allowed}.`;
    },
    (p) => {
      const near = closest(String(p.type), String(p.allowed).split(', '));
      return near === undefined
        ? `将“${p.type}”改为该分类中的代码：${p.allowed}。`
        : `“${p.type}”是否应为 ${near}？该分类的代码：${p.allowed}。`;
    },
  ),
  ECOSYSTEM_TYPE_AMBIGUOUS: entry<'candidates' | 'given' | 'note' | 'noteZh'>(
    'error',
    (p) => `“${p.given}”对应多个生态系统类型（${p.candidates}），无法自动确定`,
    (p) => `"${p.given}" does not determine one ecosystem type (candidates: ${p.candidates})`,
    (p) =>
      `${p.note === '' ? '' : `${p.note} `}Write the type code instead, or map the class once with options.typeMapping (CLI: --type-map "${p.given}=<code>").`,
    (p) =>
      `${p.noteZh === '' || /[。！？]$/u.test(String(p.noteZh)) ? p.noteZh : `${p.noteZh} `}改为直接填写类型代码，或用 options.typeMapping 为该类别指定一次映射（命令行：--type-map "${p.given}=<code>"）。`,
  ),
  ECOSYSTEM_TYPE_MAPPED: entry<'code' | 'given' | 'grade' | 'via' | 'viaZh'>(
    'warning',
    (p) => `“${p.given}”按${p.viaZh}记为生态系统类型 ${p.code}（证据等级：${p.grade}）`,
    (p) => `"${p.given}" is read as ecosystem type ${p.code} by ${p.via} (evidence grade ${p.grade})`,
    () =>
      'Check the mapping; write the type code, or map the class with options.typeMapping, to choose otherwise.',
    () => '检查该映射；如需改选，直接填写类型代码，或用 options.typeMapping 映射该类别。',
  ),
  ZONE_UNKNOWN: entry<'zone'>(
    'error',
    (p) => `引用了未定义的分区“${p.zone}”`,
    (p) => `Reference to an undefined zone "${p.zone}"`,
    () => 'Declare the zone under "zones", or correct the id.',
    () => '在 "zones" 下声明该分区，或更正标识。',
  ),
  DUPLICATE_ID: entry<'id'>(
    'error',
    (p) => `重复的标识“${duplicateIdZh(String(p.id))}”`,
    (p) => `Duplicate id "${p.id}"`,
    () => 'Each zone, ecosystem row (zone × type) and record must be unique; merge or rename the duplicates.',
    () => '每个分区、生态系统行（分区 × 类型）和记录都必须唯一；合并重复项或为其改名。',
  ),
  RECORD_IS_TOTAL: entry<'name'>(
    'error',
    (p) => `记录名为“${p.name}”，是合计行：它会被当作又一条记录计入`,
    (p) => `A record named "${p.name}" is a totals row: it would be counted as one more record`,
    () =>
      'Delete the totals row: gepkit adds the records up itself. If it really is a record of that name, rename it.',
    () => '删除合计行：gepkit 自行汇总各条记录。若确是以此为名的记录，请改名。',
  ),
  AREA_SUM_MISMATCH: entry<'relative' | 'scope' | 'sum' | 'tolerance' | 'total'>(
    'warning',
    (p) =>
      `${String(p.scope) === 'region' ? '全域' : String(p.scope).replace(/^zone /, '分区 ')}各生态系统面积之和 ${p.sum} 与总面积 ${p.total} 相差 ${p.relative}（容差 ${p.tolerance}）`,
    (p) =>
      `${p.scope}: ecosystem areas sum to ${p.sum}, total area is ${p.total}; relative difference ${p.relative} exceeds the tolerance ${p.tolerance}`,
    () =>
      "Check the land-cover table against the administrative area. The tolerance is the profile's checks.areaTolerance (the library's options.areaTolerance overrides it; the command line has no option for it).",
    () =>
      '对照行政区面积检查土地覆盖表。容差取核算方案的 checks.areaTolerance（作为库调用时，options.areaTolerance 可覆盖它；命令行没有对应选项）。',
  ),
  STORM_PRECIPITATION_IMPLAUSIBLE: entry<'annual' | 'storm'>(
    'warning',
    (p) => `暴雨降雨量 ${p.storm} 超过同一分区和类型适用的年降水量 ${p.annual}：按给出的值计算`,
    (p) =>
      `Storm precipitation ${p.storm} exceeds the annual precipitation ${p.annual} that applies to the same zone and type: used as given`,
    () =>
      "A storm's rainfall is part of the year's: check the unit and the record (one storm event or a design storm, not a sum of storms, and the annual total of the same place).",
    () =>
      '一场暴雨的降雨量是全年降水的一部分：检查单位和记录（应为一场暴雨或设计暴雨，而非多场暴雨之和；年降水量应为同一地点的全年总量）。',
  ),
  CLIMATE_MISSING: entry<'field' | 'type' | 'zone'>(
    'error',
    (p) => `缺少气象水文数据：${p.field}（分区 ${p.zone}，生态系统 ${p.type}）`,
    (p) => `Missing climate/hydrology data: ${p.field} (zone ${p.zone}, ecosystem ${p.type})`,
    () => 'Add a "climate" record for that zone and/or type, or a region-wide one.',
    () => '为该分区和/或类型添加 "climate" 记录，或添加一条全域记录。',
  ),
  VALUE_OUT_OF_RANGE: entry<'max' | 'min' | 'value' | 'what'>(
    'error',
    (p) => `${whatZh(String(p.what))}必须在 ${p.min} 到 ${boundZh(String(p.max))} 之间（${p.value}）`,
    (p) => `${p.what} must lie between ${p.min} and ${p.max} (got ${p.value})`,
    () => 'Check the value and its unit; factors such as RUSLE C and P are fractions.',
    () => '检查数值及其单位；RUSLE 的 C、P 等因子为比例（小数）。',
  ),
  VALUE_NOT_POSITIVE: entry<'value' | 'what'>(
    'error',
    (p) => `${whatZh(String(p.what))}必须大于 0（${p.value}）`,
    (p) => `${p.what} must be greater than 0 (got ${p.value})`,
    () => 'Remove the record if the object does not exist; a zero or negative size has no meaning here.',
    () => '若该对象不存在，删除该记录；零或负的数值在此没有意义。',
  ),
  SPATIAL_INPUT_MISSING: entry<'field' | 'section' | 'type' | 'zone'>(
    'error',
    (p) => `缺少${spatialFieldZh(String(p.field))}（分区 ${p.zone}，生态系统 ${p.type}）`,
    (p) => `Missing ${p.field} (zone ${p.zone}, ecosystem ${p.type})`,
    (p) => `Add a ${p.section} record for that zone and/or type, or a region-wide one for the type.`,
    (p) => `为该分区和/或类型添加 ${p.section} 记录，或为该类型添加一条全域记录。`,
  ),
  TAX_EQUIVALENT_UNDEFINED: entry<'pollutant'>(
    'error',
    (p) => `《环境保护税法》未规定“${p.pollutant}”的污染当量值，不能按税额当量定价`,
    (p) =>
      `The Environmental Protection Tax Law defines no pollution equivalent for ${p.pollutant}: it cannot be priced by tax equivalent`,
    () =>
      'Price this pollutant by treatment cost (switch pricing: "treatment-cost"), or leave it out of the pollutant list.',
    () => '改按治理成本为该污染物定价（开关 pricing: "treatment-cost"），或将其移出污染物清单。',
  ),
  EMISSION_SCOPES_OVERLAP: entry<'pollutant'>(
    'error',
    (p) => `污染物 ${p.pollutant} 同时给出了全域排放量和分区排放量`,
    (p) => `Pollutant ${p.pollutant} has both a region-wide emission and zone emissions`,
    () =>
      'Give either one region-wide emission or one emission per zone, not both (capacity would be counted twice).',
    () => '只给出一个全域排放量，或每个分区各给一个排放量，不可同时给出（否则容量会被重复计算）。',
  ),
  INDICATOR_DEPENDENCY_MISSING: entry<'indicator' | 'needs'>(
    'error',
    (p) => `指标 ${p.indicator} 依赖指标 ${p.needs}，但后者未核算或排在其后`,
    (p) => `Indicator ${p.indicator} depends on ${p.needs}, which is not accounted or comes later`,
    (p) =>
      `Keep ${p.needs} in the account and before ${p.indicator} in the profile, or choose a method of ${p.indicator} that stands alone.`,
    (p) =>
      `在核算中保留 ${p.needs}，并在核算方案中将其排在 ${p.indicator} 之前；或为 ${p.indicator} 选用不依赖其他指标的方法。`,
  ),
  INDICATOR_UNKNOWN: entry<'allowed' | 'code' | 'suggestion'>(
    'error',
    (p) => `未知指标代码“${p.code}”（本次核算的指标：${p.allowed}）`,
    (p) => `Unknown indicator code "${p.code}" (the indicators of this account: ${p.allowed})`,
    (p) =>
      p.suggestion === ''
        ? 'Use a code of the profile or of a custom indicator.'
        : `Did you mean ${p.suggestion}?`,
    (p) =>
      p.suggestion === '' ? '使用核算方案中的指标代码或自定义指标的代码。' : `是否应为 ${p.suggestion}？`,
  ),
  INDICATOR_INPUT_MISSING: entry<'field' | 'indicator'>(
    'error',
    (p) => `指标 ${p.indicator} 缺少输入：${missingFieldZh(String(p.field))}`,
    (p) => `Indicator ${p.indicator} lacks an input: ${p.field}`,
    (p) =>
      `Provide ${p.field}, or exclude ${p.indicator} (options.exclude, or --exclude on the command line) if the region has none.`,
    (p) =>
      `提供 ${missingFieldZh(String(p.field))}；若该地区没有此项，可排除 ${p.indicator}（options.exclude，或命令行 --exclude）。`,
  ),
  INPUT_IGNORED: entry<'field' | 'reason'>(
    'warning',
    (p) => `输入项未被使用：${ignoredFieldZh(String(p.field))}（${ignoredReasonZh(String(p.reason))}）`,
    (p) => `Input not used: ${p.field} (${p.reason})`,
    () => 'Remove the field, or change the method switch if it should be used.',
    () => '删除该字段；如需使用它，则修改方法开关。',
  ),
  NEGATIVE_TERM: entry<'rule' | 'value' | 'what'>(
    'warning',
    (p) => `${negativeWhatZh(String(p.what))}为负（${p.value}）：${negativeRuleZh(String(p.rule))}`,
    (p) => `${p.what} is negative (${p.value}): ${p.rule}`,
    () =>
      "Check the inputs of the term; the method's switch (negativeTerms, belowThreshold) sets the rule, recorded in the result.",
    () => '检查该项的输入；处理规则由方法开关（negativeTerms、belowThreshold）设定，并记录在结果中。',
  ),
  NEGATIVE_TERM_REFUSED: entry<'value' | 'what'>(
    'error',
    (p) => `${negativeWhatZh(String(p.what))}为负（${p.value}），当前规则不允许负值`,
    (p) => `${p.what} is negative (${p.value}) and the rule in force refuses negative terms`,
    () => 'Check the inputs, or choose negativeTerms "keep" or "zero" knowingly (recorded in the result).',
    () => '检查输入，或在知情的前提下将 negativeTerms 设为 "keep" 或 "zero"（会记录在结果中）。',
  ),
  COEFFICIENT_MISSING: entry<'ecosystem' | 'held' | 'key' | 'tables'>(
    'error',
    (p) =>
      `缺少系数“${p.key}”（生态系统 ${p.ecosystem}，查找的系数表：${p.tables}）${
        p.held === ''
          ? ''
          : `；这些表中该系数仅适用于：${String(p.held)
              .replace(/ecosystem /g, '生态系统 ')
              .replace(/region /g, '地区 ')
              .replace(/; /g, '；')}`
      }`,
    (p) =>
      `Missing coefficient "${p.key}" (ecosystem ${p.ecosystem}; tables searched: ${p.tables})${p.held === '' ? '' : `; the tables hold it only for ${p.held}`}`,
    (p) =>
      p.held === ''
        ? 'Add the value in an overlay table (input.overrides.tables) with its source and evidence grade.'
        : `The tables hold it only for ${p.held} (a region record applies where its code starts the input’s region.code): add a record for this region or type in an overlay table (input.overrides.tables), with its source and evidence grade.`,
    (p) =>
      p.held === ''
        ? '在覆盖表（input.overrides.tables）中添加该值，并注明来源和证据等级。'
        : `这些表中该系数仅适用于：${String(p.held)
            .replace(/ecosystem /g, '生态系统 ')
            .replace(/region /g, '地区 ')
            .replace(
              /; /g,
              '；',
            )}（地区记录适用于 region.code 以其代码开头的输入）；在覆盖表（input.overrides.tables）中为本地区或本类型添加一条记录，并注明来源和证据等级。`,
  ),
  COEFFICIENT_UNIT_MISMATCH: entry<'actual' | 'expected' | 'key'>(
    'error',
    (p) => `系数“${p.key}”的单位为 ${p.actual}，公式需要 ${unitExpectedZh(String(p.expected))}`,
    (p) => `Coefficient "${p.key}" is in ${p.actual}; the formula needs ${p.expected}`,
    () => 'Correct the unit in the table, or give the value in the expected unit.',
    () => '更正表中的单位，或以所需单位给出该值。',
  ),
  TABLE_INVALID: entry<'detail'>(
    'error',
    (p) => `系数表格式错误：${invalidDetailZh(String(p.detail))}`,
    (p) => `Invalid coefficient table: ${p.detail}`,
    () => 'Check the table against docs/coefficient-tables.md.',
    () => '对照 docs/coefficient-tables.md 检查该系数表。',
  ),
  TABLE_UNKNOWN: entry<'table'>(
    'error',
    (p) => `未知系数表“${p.table}”`,
    (p) => `Unknown coefficient table "${p.table}"`,
    () => 'Run `gepkit coefficients list` for the bundled tables, or supply the table as an overlay.',
    () => '运行 `gepkit coefficients list` 查看内置系数表，或以覆盖表的形式提供该表。',
  ),
  TABLE_ID_RESERVED: entry<'id'>(
    'error',
    (p) => `系数表标识“${p.id}”为内置表所用，用户表不能使用`,
    (p) => `The table id "${p.id}" belongs to a bundled table; a user table cannot take it`,
    (p) =>
      `Give your table an id of its own; to change values of ${p.id}, write an overlay ("overlays": "${p.id}"), which the result lists under overrides.`,
    (p) =>
      `为用户表另取一个标识；如需修改 ${p.id} 中的数值，编写覆盖表（"overlays": "${p.id}"），结果会将其列在 overrides 下。`,
  ),
  TABLE_REF_DUPLICATE: entry<'earlier' | 'ref'>(
    'error',
    (p) => `系数表 ${p.ref} 出现两次且内容不同（前一次在 ${p.earlier}）：结果中同一标识会指向两份数值`,
    (p) =>
      `The coefficient table ${p.ref} is given twice with different contents (first at ${p.earlier}): one ref in the result would name two sets of values`,
    () => 'Give the second table its own id, or a new version if it replaces the first.',
    () => '为第二张表另取标识；若用于替代第一张，请给出新的版本号。',
  ),
  TABLE_DUPLICATE_RECORD: entry<'key' | 'scope'>(
    'error',
    (p) => `系数表中记录重复：${p.key}（${p.scope}）`,
    (p) => `Duplicate record in a coefficient table: ${p.key} (${p.scope})`,
    () => 'Keep one record per key, ecosystem type and region.',
    () => '每个键、生态系统类型和地区的组合只保留一条记录。',
  ),
  OVERLAY_TARGET_UNKNOWN: entry<'target'>(
    'error',
    (p) => `覆盖表的目标“${p.target}”不存在`,
    (p) => `The overlay's target table "${p.target}" does not exist`,
    () => 'An overlay names a bundled table in "overlays"; leave it out to add a new table.',
    () => '覆盖表在 "overlays" 中指定一张内置表；如要新增一张表，省略该字段。',
  ),
  COEFFICIENT_RECORDS_UNREAD: entry<'count' | 'records' | 'suggestions' | 'table'>(
    'warning',
    (p) =>
      `系数表 ${p.table} 中有 ${p.count} 条记录未被本次核算的任何指标读取，对结果没有影响：${p.records}` +
      (p.suggestions === '' ? '' : `；疑似拼写错误：${p.suggestions}`),
    (p) =>
      `${p.count} record(s) of the table ${p.table} were read by no indicator of this account and change nothing: ${p.records}` +
      (p.suggestions === '' ? '' : `; possible misspellings: ${p.suggestions}`),
    () =>
      'A record is read only when an indicator of this account asks for its key, its applies.ecosystem and applies.region match (a region code is a prefix of region.code; a type record of the same table beats a group record; keys read without a type match general records only), and no table searched before it answers (your own tables first, in order). Correct the key or scope, or remove records this profile does not need.',
    () =>
      '记录只有在以下条件都满足时才会被读取：本次核算有指标请求其键，其 applies.ecosystem 和 applies.region 匹配（地区代码须为 region.code 的前缀；同一表中类型记录优先于类型组记录；不按类型读取的键只匹配通用记录），且在它之前查找的表均未给出该值（先按顺序查找用户自己的表）。更正键或适用范围，或删除本核算方案不需要的记录。',
  ),
  PRICE_INDEX_UNUSED: entry<'index' | 'profileIndex'>(
    'warning',
    (p) => `价格指数 ${p.index} 未被任何平减规则引用，未使用；各价格仍按 ${p.profileIndex} 平减`,
    (p) =>
      `The price index ${p.index} is named by no deflator rule and is not used; prices move with ${p.profileIndex}`,
    (p) =>
      `Add a deflator rule that names it (options.deflators, a scenario's deflators, or on the command line --deflator PREFIX=${p.index}); --price-index alone applies it to every price.`,
    (p) =>
      `添加引用该指数的平减规则（options.deflators、情景的 deflators，或命令行 --deflator PREFIX=${p.index}）；若只给出 --price-index，则该指数用于所有价格。`,
  ),
  COEFFICIENT_TABLE_NOT_IN_FORCE: entry<'from' | 'table' | 'to' | 'year'>(
    'warning',
    (p) =>
      `系数表 ${p.table} 的有效期${p.to === '' ? `自 ${p.from} 起` : `为 ${p.from} 至 ${p.to}`}，不含核算年 ${p.year}；其数值仍被采用`,
    (p) =>
      `The coefficient table ${p.table} is in force from ${p.from}${p.to === '' ? '' : ` to ${p.to}`}, not in the accounting year ${p.year}; its values are applied all the same`,
    () =>
      'gepkit does not choose values by date: if the table is meant for this year, correct its "effective" period; if not, leave it out, or give the values in force in this year in a table of their own.',
    () =>
      'gepkit 不按日期选取数值：若该表适用于本年，更正其 "effective" 有效期；若不适用，去掉该表，或将本年有效的数值单独编成一张表给出。',
  ),
  DEFLATOR_RULE_UNUSED: entry<'index' | 'match' | 'suggestion'>(
    'warning',
    (p) =>
      `平减规则 ${p.match}=${p.index} 未匹配本次核算的任何价格，未起作用${p.suggestion === '' ? '' : `；是否应为 ${p.suggestion}？`}`,
    (p) =>
      `The deflator rule ${p.match}=${p.index} matched no price of this account and changed nothing${p.suggestion === '' ? '' : `; did you mean ${p.suggestion}?`}`,
    () =>
      'A rule applies to the prices whose coefficient key (price.reservoir_storage) or input path (input:materialProducts.0.products.0.price) starts with its match, and an earlier rule matching a price wins: check the prefix against the keys in result.coefficients.',
    () =>
      '规则作用于系数键（price.reservoir_storage）或输入路径（input:materialProducts.0.products.0.price）以其匹配前缀开头的价格，同一价格匹配多条规则时以靠前的规则为准：对照 result.coefficients 中的键检查该前缀。',
  ),
  PRICE_INDEX_YEAR_MISSING: entry<'index' | 'year'>(
    'error',
    (p) => `价格指数“${p.index}”缺少 ${p.year} 年数值`,
    (p) => `Price index "${p.index}" has no value for ${p.year}`,
    (p) =>
      `Choose a base year the index covers (its years are in its table; for a bundled index: gepkit coefficients show ${String(p.index).replace(/@.*$/s, '')}), add the year's value to the index, or price the input in a covered year.`,
    (p) =>
      `选择该指数覆盖的基期（其年份见指数所在的表；内置指数可运行 gepkit coefficients show ${String(p.index).replace(/@.*$/s, '')} 查看），在指数中补充该年的数值，或按指数覆盖年份的价格给出输入。`,
  ),
  GRADE_BELOW_MINIMUM: entry<'grade' | 'item' | 'source' | 'threshold'>(
    'error',
    (p) =>
      `证据等级低于要求（${p.threshold}）：${gradeItemZh(String(p.item))} 为 ${p.grade}（来源：${p.source === '' ? '无' : p.source}）`,
    (p) =>
      `Evidence grade below the minimum ${p.threshold}: ${p.item} is ${p.grade} (source: ${p.source === '' ? 'none' : p.source})`,
    () =>
      "Replace the value with one of a better grade (an overlay table citing the standard; a custom indicator's input with its source and grade), or lower --min-grade knowingly.",
    () =>
      '换用证据等级更高的数值（引用标准的覆盖表；自定义指标的输入则注明其来源和证据等级），或在知情的前提下降低 --min-grade。',
  ),
  GRADE_BELOW_THRESHOLD: entry<'grade' | 'item' | 'threshold'>(
    'warning',
    (p) =>
      `证据等级低于${gradeNamedZh(String(p.threshold))}：${gradeItemZh(String(p.item))} 为${gradeNamedZh(String(p.grade))}`,
    (p) => `Evidence grade below ${p.threshold}: ${p.item} is ${p.grade}`,
    () => 'Listed for review; strict mode (--min-grade) refuses such an account.',
    () => '列出以供复核；严格模式（--min-grade）下此类核算会被拒绝。',
  ),
  INDICATORS_OVERLAP: entry<'indicators' | 'rule' | 'text' | 'textZh'>(
    'warning',
    (p) => `${p.indicators} 均已计入 GEP，而核算方案的规则 ${p.rule} 认为二者重叠：${p.textZh}`,
    (p) =>
      `${p.indicators} are all counted in GEP, which the profile's rule ${p.rule} holds to overlap: ${p.text}`,
    () =>
      'Exclude the one your assessment does not count (--exclude C2, options.exclude), or keep both and say why in the report.',
    () => '排除评估中不计入的一项（--exclude C2、options.exclude），或保留两项并在报告中说明理由。',
  ),
  PROFILE_RULE_UNAPPLIED: entry<'rule' | 'text' | 'textZh'>(
    'warning',
    (p) => `核算方案的规则 ${p.rule} 未由 gepkit 执行，GEP 未按该规则处理：${p.textZh}`,
    (p) => `The profile's rule ${p.rule} is not carried out by gepkit; GEP does not apply it: ${p.text}`,
    () =>
      "Give inputs that already apply the rule (the rule's text says how), or account the adjustment outside gepkit and say so in the report.",
    () => '输入已按该规则处理的数据（规则说明中写明做法），或在 gepkit 之外处理该调整并在报告中说明。',
  ),
  PRICE_LEVELS_MIXED: entry<'years'>(
    'warning',
    (p) => `价格政策为“按原价”：当年价列混合了不同价格年份（${p.years}）`,
    (p) => `Price policy "as-published": the current-price column mixes price years (${p.years})`,
    () =>
      'Read the current-price values as nominal as published; the comparable column is on one price level.',
    () => '当年价各值应视为按原公布的名义值；可比价列处于同一价格水平。',
  ),
  OPTIONS_INVALID: entry<'detail'>(
    'error',
    (p) => `选项无效：${invalidDetailZh(String(p.detail))}`,
    (p) => `Invalid options: ${p.detail}`,
    () =>
      "Check the option against the function's options type (AccountOptions, BatchOptions, …: the type declarations and README): a misspelt key or a value of another type is refused, never ignored.",
    () =>
      '请对照该函数的选项类型（AccountOptions、BatchOptions 等：类型声明与 README）检查该选项：拼错的键或类型不符的值会被拒绝，而不会被忽略。',
  ),
  ARGUMENT_INVALID: entry<'detail'>(
    'error',
    (p) => `参数不是该函数接受的值：${invalidDetailZh(String(p.detail))}`,
    (p) => `Not the value this function takes: ${p.detail}`,
    () =>
      "Give the argument the function's type declares (the type declarations and README): null, a number, a text or an object of another shape where a result, a plan or a list goes is refused at the argument's path, never read as something else.",
    () =>
      '请按该函数的类型声明（类型声明与 README）给出参数：在应为结果、计划或列表之处给出 null、数值、文本或形状不符的对象会在该参数的路径处被拒绝，而不会被当作别的值读取。',
  ),
  SCENARIO_INVALID: entry<'detail'>(
    'error',
    (p) => `情景文件格式错误：${invalidDetailZh(String(p.detail))}`,
    (p) => `Invalid scenario: ${p.detail}`,
    () =>
      'A scenario has id, version, title and any of: tables (overlays), switches, methods, exclude (docs/profiles/README.md).',
    () =>
      '情景包含 id、version、title，以及以下任意几项：tables（覆盖表）、switches、methods、exclude（docs/profiles/README.md）。',
  ),
  PROFILE_INVALID: entry<'detail'>(
    'error',
    (p) => `核算方案格式错误：${invalidDetailZh(String(p.detail))}`,
    (p) => `Invalid profile: ${p.detail}`,
    () => 'Check the profile against src/profiles/schema.ts (docs/profiles).',
    () => '对照 src/profiles/schema.ts 检查核算方案（docs/profiles）。',
  ),
  PROFILE_UNKNOWN: entry<'allowed' | 'profile'>(
    'error',
    (p) => `未知核算方案“${p.profile}”`,
    (p) => `Unknown accounting profile "${p.profile}"`,
    (p) => `Bundled profiles: ${p.allowed}.`,
    (p) => `内置核算方案：${p.allowed}。`,
  ),
  METHOD_UNKNOWN: entry<'allowed' | 'method'>(
    'error',
    (p) => `未知核算方法“${p.method}”`,
    (p) => `Unknown method "${p.method}"`,
    (p) => `Known methods: ${p.allowed}.`,
    (p) => `已知的核算方法：${p.allowed}。`,
  ),
  METHOD_MISMATCH: entry<'expected' | 'indicator' | 'measures' | 'method'>(
    'error',
    (p) => `核算方法“${p.method}”核算的是 ${p.measures}，而指标 ${p.indicator} 核算的是 ${p.expected}`,
    (p) =>
      `The method "${p.method}" measures ${p.measures}, not ${p.expected} as indicator ${p.indicator} does`,
    (p) =>
      `Give ${p.indicator} a method of its own service (gepkit profiles lists each indicator's methods): another indicator's method would count that service twice and ${p.indicator}'s not at all.`,
    (p) =>
      `请为 ${p.indicator} 指定核算其本身服务的方法（gepkit profiles 列出各指标的方法）：用其他指标的方法会使该服务重复计算，而 ${p.indicator} 的服务未被核算。`,
  ),
  SWITCH_INVALID: entry<'detail'>(
    'error',
    (p) => `方法开关无效：${switchDetailZh(String(p.detail))}`,
    (p) => `Invalid method switch: ${p.detail}`,
    () => 'See the indicator methods page in docs/methods for the switches and their values.',
    () => '各开关及其取值见 docs/methods 中该指标的方法页。',
  ),
  MONEY_PRICE_YEAR_CONFLICT: entry<'a' | 'b'>(
    'error',
    (p) => `不能直接相加不同价格年份的金额（${p.a} 与 ${p.b}）`,
    (p) => `Cannot add money of different price years (${p.a} and ${p.b}) without converting`,
    () => 'Convert both to one price year with a price index first.',
    () => '先用价格指数将两者换算到同一价格年份。',
  ),
  COMPARE_INCOMPARABLE: entry<'detail'>(
    'error',
    (p) => `两期核算不可比：${incomparableZh(String(p.detail))}`,
    (p) => `The two accounts cannot be compared: ${p.detail}`,
    () =>
      "Account both years with one ecosystem classification (the profile's) and one base year of comparable prices (`--base-year Y`, or re-run `gepkit account --base-year Y` for a result file).",
    () =>
      '两个年份按同一生态系统分类（核算方案的分类）和同一可比价基期核算（`--base-year Y`；若为结果文件，则重新运行 `gepkit account --base-year Y`）。',
  ),
  COMPARE_RESULT_INVALID: entry<'detail'>(
    'error',
    (p) => `核算结果文件无法比较：${invalidDetailZh(String(p.detail))}`,
    (p) => `The account result cannot be compared: ${p.detail}`,
    () =>
      'Give the input instead, or a result written by `gepkit account` (best with --exact) and left unedited.',
    () => '改为给出输入，或给出由 `gepkit account` 写出（最好加 --exact）且未经编辑的结果。',
  ),
  COMPARE_RESULT_ROUNDED: entry<'money' | 'year'>(
    'warning',
    (p) =>
      `${p.year} 年的核算结果已舍入到 ${p.money} 位小数：各效应由舍入后的数值分解，纯结构变化也可能显示几分钱的价格效应`,
    (p) =>
      `The ${p.year} account result is rounded to ${p.money} decimal places: its effects are split from rounded values, so even a pure mix change can show a price effect of a few fen`,
    () =>
      'Compare results written with `gepkit account --exact`, or give the inputs (accounted here exactly).',
    () => '比较用 `gepkit account --exact` 写出的结果，或给出输入（此处会精确核算）。',
  ),
  COMPARE_METHOD_DIFFERS: entry<'after' | 'before' | 'indicator'>(
    'warning',
    (p) => `指标 ${p.indicator} 两期所用方法不同（${p.before}，${p.after}）：其变化含方法差异`,
    (p) =>
      `Indicator ${p.indicator} uses different methods in the two years (${p.before}, ${p.after}): its change includes the change of method`,
    () => 'Account both years with the same profile and methods (--profile) to compare like with like.',
    () => '两个年份采用相同的核算方案和方法核算（--profile），使比较口径一致。',
  ),
  COMPARE_ZONES_DIFFER: entry<'after' | 'before'>(
    'warning',
    (p) =>
      `两期的分区不同（前期 ${noZoneZh(String(p.before))}；后期 ${noZoneZh(String(p.after))}）：一个产品在新分区出现的行按该产品前期的单位价值计其数量效应，其余计为价格效应`,
    (p) =>
      `The two accounts are zoned differently (before: ${p.before}; after: ${p.after}): a line of a good entering in a zone is valued at the good's unit value before for its quantity effect, the rest is a price effect`,
    () =>
      'Give both years the same zones (township ids) to see each zone’s own change; the totals and the price effect of each good are right either way.',
    () =>
      '两个年份使用相同的分区（乡镇编号），即可看到各分区自身的变化；无论如何，总量和各产品的价格效应都是正确的。',
  ),
  COMPARE_GOOD_REZONED: entry<'after' | 'before' | 'ecosystem' | 'indicator' | 'item'>(
    'warning',
    (p) =>
      `指标 ${p.indicator}（${noZoneZh(String(p.ecosystem))}，${noZoneZh(String(p.item))}）在一期按全域、另一期按分区给出（前期 ${noZoneZh(String(p.before))}；后期 ${noZoneZh(String(p.after))}）：其在新分区出现的行按该产品前期的单位价值计其数量效应，其余计为价格效应`,
    (p) =>
      `Indicator ${p.indicator} (${p.ecosystem}, ${p.item}) is given region-wide in one year and by zone in the other (before: ${p.before}; after: ${p.after}): its lines entering in a zone are valued at the good's unit value before for their quantity effect, the rest is a price effect`,
    () =>
      'Give the good the same way in both years (region-wide, or by the same zones) to see each zone’s own change; the totals and the good’s price effect are right either way.',
    () =>
      '两个年份以相同方式给出该产品（全域，或按相同分区），即可看到各分区自身的变化；无论如何，总量和该产品的价格效应都是正确的。',
  ),
  COMPARE_COEFFICIENTS_DIFFER: entry<'count' | 'list'>(
    'warning',
    (p) =>
      `两期核算所用的 ${p.count} 个系数取值不同（${p.list}）：按可比价，其差异计入各效应（多为价格效应），而非生态系统的变化`,
    (p) =>
      `${p.count} coefficient(s) read in both years have another value (${p.list}): at comparable prices their difference is part of the effects (mostly the price effect), not a change of the ecosystem`,
    () =>
      'Account both years with the same tables (a correction applied to both, e.g. one --scenario) to see the ecosystem’s own change; keep the difference only where the coefficient itself changed between the years.',
    () =>
      '两期使用相同的系数表（更正同时用于两期，如同一 --scenario），即可看到生态系统自身的变化；仅当系数本身在两期间确有变化时才保留差异。',
  ),
  COMPARE_ZONE_RENAMED: entry<'after' | 'before' | 'zone'>(
    'warning',
    (p) => `分区 ${p.zone} 两期名称不同（前期“${p.before}”，后期“${p.after}”）：比较中按后期名称显示`,
    (p) =>
      `Zone ${p.zone} is named differently in the two years (before "${p.before}", after "${p.after}"): the comparison shows the later name`,
    () =>
      'A township renamed keeps its id and is compared as one zone; give it a new id if it is another township (a merger, a split).',
    () => '更名的乡镇保留其编号，作为同一分区比较；若已是另一乡镇（合并、拆分），请给出新的编号。',
  ),
  COMPARE_BASIS_CHANGED: entry<'ecosystem' | 'indicator'>(
    'warning',
    (p) =>
      `指标 ${p.indicator}（${noZoneZh(String(p.ecosystem))}）在一期按产品数量、另一期只按价值给出：只出现在一期的行的变化全部计为未分解部分，不计为数量变化`,
    (p) =>
      `Indicator ${p.indicator} (${p.ecosystem}) is given by quantities in one year and by value alone in the other: the change of the lines of one year alone is unsplit, not a change of quantity`,
    () =>
      'Give both years the same way (products with quantities, or the gross output) to split the change into volume and price.',
    () => '两个年份以相同方式给出（带数量的产品，或总产值），即可把变化分解为物量和价格。',
  ),
  COMPARE_CATEGORY_DIFFERS: entry<'after' | 'before' | 'indicator'>(
    'warning',
    (p) =>
      `指标 ${p.indicator} 两期所属类别不同（前期 ${categoryZh(String(p.before))}，后期 ${categoryZh(String(p.after))}）：各期价值计入本期的类别，其变化全部计为未分解部分`,
    (p) =>
      `Indicator ${p.indicator} is of another category in each year (before: ${p.before}; after: ${p.after}): each year's value is counted in its own year's category, and its change is unsplit`,
    () =>
      "Give the indicator one category in both years (a custom indicator's `category`) to split its change into volume and price; if it is another service now, give it another code.",
    () =>
      '两个年份为该指标给出同一类别（自定义指标的 `category`），即可把变化分解为物量和价格；若已是另一项服务，请改用另一个代码。',
  ),
  COMPARE_UNIT_DIFFERS: entry<'after' | 'before' | 'indicator'>(
    'warning',
    (p) =>
      `指标 ${p.indicator} 两期的实物量单位不同（前期 ${p.before}，后期 ${p.after}）：同一量纲的实物量换算为同一单位后比较，不同量纲的变化计为未分解部分；若只改了单位而数值未随之换算，其变化会被错分为数量效应与价格效应`,
    (p) =>
      `Indicator ${p.indicator} gives its physical quantities in other units in the two years (before: ${p.before}; after: ${p.after}): quantities of one dimension are converted into one unit, of another dimension their change is unsplit; if the unit was changed but not the figures, the change is split wrongly between volume and price`,
    () =>
      "Check the unit of each year's quantities (a custom indicator's `unit`, a product's quantity); give both years in one unit to compare like with like.",
    () => '核对各年份实物量的单位（自定义指标的 `unit`、产品的数量）；两个年份使用同一单位，使比较口径一致。',
  ),
  COMPARE_ITEMS_UNMATCHED: entry<'after' | 'before' | 'ecosystem' | 'indicator'>(
    'warning',
    (p) =>
      `指标 ${p.indicator}（${noZoneZh(String(p.ecosystem))}）的子项两期不对应（仅前期：${p.before}；仅后期：${p.after}）：若是同一产品改了名称，其价格变化会被计为数量变化`,
    (p) =>
      `Indicator ${p.indicator} (${p.ecosystem}) has sub-items in one year alone (before only: ${p.before}; after only: ${p.after}): if one is the other renamed, its price change is counted as a change of quantity`,
    () =>
      'Name a product the same way in both years (the sub-item’s name is its identity in the comparison).',
    () => '两个年份对同一产品使用相同的名称（子项名称是比较中识别它的依据）。',
  ),
  COMPARE_PRICE_INDEX_DIFFERS: entry<'after' | 'before'>(
    'warning',
    (p) => `两期可比价所用价格指数不同（${p.before}，${p.after}）`,
    (p) => `The two accounts move prices with different indices (${p.before}, ${p.after})`,
    () =>
      'Give both years the same --price-index and --deflator options so that their comparable prices agree.',
    () => '两个年份使用相同的 --price-index 和 --deflator 选项，使其可比价一致。',
  ),
  COMPARE_INDICATOR_ONE_SIDE: entry<'accounted' | 'indicator' | 'missing' | 'reason'>(
    'warning',
    (p) =>
      `指标 ${p.indicator} 仅在 ${p.accounted} 年核算，${p.missing} 年未核算（${oneSideReasonZh(String(p.reason))}）：其全部价值计入变化`,
    (p) =>
      `Indicator ${p.indicator} is accounted in ${p.accounted} only, not in ${p.missing} (${p.reason}): its whole value counts as change`,
    () =>
      'Account the indicator in both years (same --exclude options and input data), or read its change as the entry or exit of the indicator, not as growth.',
    () =>
      '两个年份都核算该指标（相同的 --exclude 选项和输入数据），或将其变化理解为该指标的纳入或退出，而非增长。',
  ),
  COMPARE_REGION_DIFFERS: entry<'after' | 'before'>(
    'warning',
    (p) => `两期核算的地区不同（${p.before}，${p.after}）`,
    (p) => `The two accounts are of different regions (${p.before}, ${p.after})`,
    () =>
      'Compare two years of one region; where the region was renamed or re-coded, say so beside the comparison.',
    () => '比较同一地区的两个年份；若该地区曾更名或更改代码，在比较结果旁加以说明。',
  ),
  COMPARE_PROFILE_DIFFERS: entry<'after' | 'before'>(
    'warning',
    (p) =>
      `两期核算采用的核算方案不同（${p.before}，${p.after}）：价格与系数随方案而变，价格效应中含方案之差`,
    (p) =>
      `The two accounts follow different profiles (${p.before}, ${p.after}): their prices and coefficients differ, and the price effect includes that difference`,
    () =>
      'Account both years with one profile (--profile) before comparing them: a change of profile is a change of method, not of prices.',
    () => '比较前先用同一核算方案（--profile）核算两个年份：更换核算方案属于方法变化，而非价格变化。',
  ),
  COMPARE_YEAR_ORDER: entry<'after' | 'before'>(
    'warning',
    (p) => `后一期（${p.after} 年）不晚于前一期（${p.before} 年）：增长与变化按给出的先后计算`,
    (p) =>
      `The second account (${p.after}) is not later than the first (${p.before}): growth and changes are computed in the order given`,
    () =>
      'Give the earlier year first (gepkit compare <before> <after>); a year compared with itself shows no change.',
    () => '先给出较早的年份（gepkit compare <before> <after>）；同一年份与自身比较不会显示任何变化。',
  ),
  REPORT_RESULT_INVALID: entry<'detail' | 'file'>(
    'error',
    (p) => `核算结果文件 ${p.file} 无法生成报告：${invalidDetailZh(String(p.detail))}`,
    (p) => `The account result ${p.file} cannot be reported: ${p.detail}`,
    () =>
      'Give the input instead, or a result written by `gepkit account` (or `gepkit account --uncertainty`) and left unedited.',
    () =>
      '改为给出输入，或给出由 `gepkit account`（或 `gepkit account --uncertainty`）写出且未经编辑的结果。',
  ),
  CLI_USAGE: entry<'detail'>(
    'error',
    (p) => `命令用法错误：${usageDetailZh(String(p.detail))}`,
    (p) => `Command usage: ${p.detail}`,
    () => 'Run `gepkit --help`.',
    () => '运行 `gepkit --help`',
  ),
  CLI_OPTION_UNKNOWN: entry<'command' | 'option' | 'suggestion'>(
    'error',
    (p) => `命令 ${p.command} 没有选项 ${p.option}`,
    (p) => `The command ${p.command} has no option ${p.option}`,
    (p) =>
      p.suggestion === ''
        ? `Run \`gepkit ${p.command} --help\` for its options.`
        : `Did you mean ${p.suggestion}? (\`gepkit ${p.command} --help\` lists every option.)`,
    (p) =>
      p.suggestion === ''
        ? `运行 \`gepkit ${p.command} --help\` 查看其选项。`
        : `是否应为 ${p.suggestion}？（\`gepkit ${p.command} --help\` 列出全部选项。）`,
  ),
  CLI_OPTION_NOT_APPLICABLE: entry<'command' | 'option'>(
    'error',
    (p) => `选项 ${p.option} 不适用于命令 ${p.command}`,
    (p) => `The option ${p.option} does not apply to ${p.command}`,
    (p) => `Leave it out; \`gepkit ${p.command} --help\` lists the options ${p.command} reads.`,
    (p) => `去掉该选项；\`gepkit ${p.command} --help\` 列出 ${p.command} 读取的选项。`,
  ),
  INPUT_ENCODING: entry<'detail' | 'file'>(
    'error',
    (p) => `${inputOrFileZh(String(p.file))} 的编码无法识别：${encodingDetailZh(String(p.detail))}`,
    (p) => `Cannot tell the text encoding of ${p.file}: ${p.detail}`,
    () =>
      'Save the file as UTF-8 (in Excel: “CSV UTF-8”; in an editor: Save with encoding UTF-8); GB18030/GBK is read when it decodes cleanly.',
    () =>
      '将文件另存为 UTF-8（Excel 中选“CSV UTF-8”；编辑器中以 UTF-8 编码保存）；GB18030/GBK 文件能无误解码时也可读取。',
  ),
  INPUT_ENCODING_GUESSED: entry<'byte' | 'file' | 'line'>(
    'warning',
    (p) =>
      `${inputOrFileZh(String(p.file))} 的字节也是有效的 UTF-8，已按 GBK/GB18030 读取：第 ${p.line} 行（字节 ${p.byte}）起的双字节字符是 GBK 汉字偶然构成的 UTF-8 字符`,
    (p) =>
      `${p.file} is valid UTF-8 but was read as GBK/GB18030: its two-byte characters (the first at line ${p.line}, byte ${p.byte}) are what GBK hanzi form by chance`,
    () =>
      'Check a few names and units in the results. A UTF-8 file whose only letters beyond Latin-1 are pinyin tone marks or Cyrillic (Zhū Yīng) reads so: save it as UTF-8 with a byte-order mark (Excel: “CSV UTF-8”), which always decides.',
    () =>
      '请核对结果中的若干名称和单位。只含拼音声调字母或西里尔字母（Zhū Yīng）而无汉字的 UTF-8 文件也会被如此读取：请另存为带字节顺序标记（BOM）的 UTF-8（Excel 中选“CSV UTF-8”），BOM 总能决定编码。',
  ),
  INPUT_DUPLICATE_KEY: entry<'file' | 'key'>(
    'error',
    (p) => `${fileNameZh(String(p.file))} 中同一对象内键“${p.key}”出现两次`,
    (p) => `The key "${p.key}" appears twice in one object of ${p.file}`,
    () => 'Keep one of the two; JSON readers disagree on which one wins, so gepkit refuses to guess.',
    () => '只保留其中一个；各 JSON 读取器对取哪一个不一致，因此 gepkit 不做猜测。',
  ),
  INPUT_TOO_DEEP: entry<'file' | 'limit'>(
    'error',
    (p) => `${fileNameZh(String(p.file))} 中的对象与数组嵌套超过 ${p.limit} 层`,
    (p) => `${p.file} nests objects and arrays more than ${p.limit} levels deep`,
    () =>
      'No gepkit input nests this deep (an account input has about 6 levels): check that this is the file you meant, and the program that wrote it.',
    () => 'gepkit 的输入都不会嵌套这么深（核算输入约 6 层）：确认文件是否选对，并检查写出该文件的程序。',
  ),
  LINE_TOO_LONG: entry<'limit'>(
    'error',
    (p) => `该行超过 ${p.limit} 个字符，未读取`,
    (p) => `The line is longer than ${p.limit} characters; it was not read`,
    () =>
      'A parcel, activity or ledger line is under a few KB: check that the file has one record per line (line ends lost when it was written or converted) and that it is the file you meant.',
    () =>
      '地块、活动或账本的一行都在几 KB 以内：检查文件是否每行一条记录（写出或转换时可能丢失了换行符），以及文件是否选对。',
  ),
  OUTPUT_UNWRITABLE: entry<'detail' | 'file'>(
    'error',
    (p) => `无法写出 ${p.file}：${unwritableZh(String(p.detail))}`,
    (p) => `Cannot write ${p.file}: ${p.detail}`,
    () => 'Check that the folder exists and is writable; nothing was computed or written.',
    () => '检查该文件夹是否存在且可写；未进行任何计算，也未写出任何内容。',
  ),
  OUTPUT_WRITE_FAILED: entry<'detail' | 'file'>(
    'error',
    (p) => `写出 ${p.file} 时失败：${p.detail}`,
    (p) => `Writing ${p.file} failed part-way: ${p.detail}`,
    () =>
      'The command stopped after it had begun its work. Check the disk and the folder (free space, write access, the folder still there), then run the command again.',
    () =>
      '命令在开始工作后中途停止。检查磁盘和文件夹（剩余空间、写入权限、文件夹是否仍在），然后重新运行该命令。',
  ),
  OUTPUT_DIR_NOT_EMPTY: entry<'dir' | 'files'>(
    'error',
    (p) => `输出目录 ${p.dir} 已有文件（${p.files}），未覆盖`,
    (p) => `The output folder ${p.dir} already holds files (${p.files}); nothing was overwritten`,
    () =>
      'Give a new or empty folder, or add --force to replace the results of the earlier run (other files are left alone).',
    () => '给出新的或空的文件夹，或加上 --force 以替换上次运行的结果（其他文件不受影响）。',
  ),
  OUTPUT_SAME_FILE: entry<'file' | 'other' | 'role'>(
    'error',
    (p) => `写出 ${p.file} 会替换${sameFileRoleZh(String(p.role))} ${p.other}；未写出任何内容`,
    (p) => `Writing ${p.file} would replace ${p.other}, ${p.role}; nothing was written`,
    () =>
      'Give each output a path of its own, apart from the files the command reads and from its other outputs (--force never replaces an input), then run the command again.',
    () =>
      '为每个输出指定单独的路径，不与命令读取的文件或它的其他输出相同（--force 也不会替换输入文件），然后重新运行该命令。',
  ),
  DEPENDENCY_MISSING: entry<'package' | 'version'>(
    'error',
    (p) => `需要可选依赖包 ${p.package}，但它未安装（安装时用 --omit=optional 省略了它，或它的安装失败）`,
    (p) =>
      `This needs the optional package ${p.package}, which is not installed (left out with --omit=optional, or its install failed)`,
    (p) =>
      `Install it beside gepkit: npm install ${p.package}@${p.version}. The account, carbon and VEP engines, the HTML report and files in and out need no optional package; the table of what needs which is in the README (Install).`,
    (p) =>
      `在 gepkit 所在的项目中安装它：npm install ${p.package}@${p.version}。核算、碳普惠和 VEP 引擎、HTML 报告以及文件的读入与写出都不需要可选依赖包；各功能所需依赖包的对照表见 README（Install 一节）。`,
  ),
  FILE_UNREADABLE: entry<'detail' | 'file'>(
    'error',
    (p) => `无法读取文件 ${p.file}：${fileDetailZh(String(p.detail))}`,
    (p) => `Cannot read file ${p.file}: ${p.detail}`,
    () => 'Check the path and permissions.',
    () => '检查路径和权限。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type CoreErrorCode = keyof typeof CORE_ERRORS;

/** Build and throw issues of the core catalogue: `issue(code, path, params)`, `fail(code, path, params)`. */
// Declared with their type so that TypeScript treats a call of `fail` as never returning.
const builders: IssueBuilders<typeof CORE_ERRORS> = issuesOf(CORE_ERRORS);
export const issue: IssueBuilders<typeof CORE_ERRORS>['issue'] = builders.issue;
export const fail: IssueBuilders<typeof CORE_ERRORS>['fail'] = builders.fail;
export const issueFromData: IssueBuilders<typeof CORE_ERRORS>['issueFromData'] = builders.issueFromData;
/** The core catalogue's builders as one object (for `fromZodIssues`, which reads codes carried as data). */
export const coreIssues = builders;
