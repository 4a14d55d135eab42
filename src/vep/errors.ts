/**
 * Error codes of the two-mountains-bank module (parcel valuation, change accounting, appraisal, dividends): this module's own catalogue, in the form core/catalogue.ts describes; src/errors.ts
 * composes it with the others for the CLI and docs/errors.md.
 */
import {
  type CatalogueEntry,
  type DetailPattern,
  type IssueBuilders,
  detailZhOf,
  entry,
  issuesOf,
  ownValue,
} from '../core/catalogue';
import { invalidDetailZh, jsonDetailZh } from '../core/errors';

/** A count of days in English: 1 day, 2 days. */
const days = (n: unknown) => `${String(n)} ${Number(n) === 1 ? 'day' : 'days'}`;

const FIXED_ZH: Readonly<Record<string, string>> = {
  'unterminated quoted field (a field cannot span lines)': '引号字段没有结束引号（字段不能跨行）',
  'no "id" column': '缺少 id 列',
  'letters, digits, _ . : - (1–64)': '应由字母、数字和 _ . : - 组成（1–64 个字符）',
  'no area:<type> column': '缺少 area:<type> 列',
  'no "unit" column (the unit of the areas)': '缺少 unit 列（面积的单位）',
  'no header line': '没有表头行',
  "blank: the row's areas need their unit (mu, hm2, km2, m2, 亩, 公顷 …)":
    '为空：该行的面积须注明单位（mu、hm2、km2、m2、亩、公顷 …）',
  'its lines end in a carriage return alone (CR), as Excel for Mac saves “CSV (Macintosh)”; gepkit reads lines ending in LF or CRLF':
    '各行以单独的回车符（CR）结尾（Mac 版 Excel 以“CSV (Macintosh)”保存时如此）；gepkit 读取以 LF 或 CRLF 结尾的行',
  'the id is empty once white space is removed': '去除首尾空白后编号为空',
  'not a calendar date YYYY-MM-DD of the years 1900–2200': '不是 1900–2200 年间的日历日期 YYYY-MM-DD',
  'at least one ecosystem type with its area': '至少需要一种生态系统类型及其面积',
  'at least three comparables': '至少需要三个可比实例',
  'a ring must be closed': '多边形的环必须闭合（首尾坐标相同）',
  '"ok" must be true or false': '"ok" 必须是 true 或 false',
  'a valued parcel needs its "cells" array (or, in a compact line, its "types")':
    '已估值的地块需要 "cells" 数组（紧凑格式的行则需要 "types"）',
  'a type of a compact line is an object with "cells" { indicator: value }':
    '紧凑格式行中的类型应为含 "cells" { indicator: value } 的对象',
  '"untyped" is an object { indicator: value }': '"untyped" 应为对象 { indicator: value }',
  'a cell is an object { indicator, type, value }': '单元应为对象 { indicator, type, value }',
  '"indicator" must be a string': '"indicator" 必须是字符串',
  '"type" must be a string or null': '"type" 必须是字符串或 null',
  '"package" must be a string or null': '"package" 必须是字符串或 null',
  'give either flows or annual, not both or neither': 'flows 与 annual 须给出且只给出其中一个',
  'age must not exceed the economic life': 'age（已使用年限）不得超过经济寿命',
};

/** The names of the appraisal's ranged decimals (`ranged` in appraisal.ts), in Chinese. */
const RANGED_ZH: Readonly<Record<string, string>> = {
  'discount rate': '折现率',
  'pledge ratio': '质押率',
  'correction factor': '修正系数',
  weight: '权重',
  'condition factor': '状况系数',
  'growth rate': '增长率',
  haircut: '折扣率',
  'loan-to-value ratio': '贷款价值比',
  'comparable unit price': '可比实例单价',
};

const RECEIVED_ZH: Readonly<Record<string, string>> = {
  null: '空值',
  'an array': '数组',
  string: '字符串',
  number: '数值',
  boolean: '布尔值',
};

/** The groups of a batch summary that reconciliation checks (ParcelSums.checkSummary), named in Chinese. */
const GROUP_ZH: Readonly<Record<string, string>> = {
  package: '资产包',
  type: '生态系统类型',
  indicator: '指标',
};

const PATTERNS_ZH: readonly DetailPattern[] = [
  [/^worker exited with code (-?\d+)$/, (m) => `工作线程已退出，退出码 ${m[1]}`],
  [
    /^no worker file \(looked for (.+)\); run with workers 0$/s,
    (m) => `找不到工作线程文件（查找了 ${m[1]}）；请以 workers 0 运行`,
  ],
  [
    /^unexpected character after a quoted field at position (\d+)$/,
    (m) => `位置 ${m[1]}：引号字段之后应为逗号`,
  ],
  [/^a quote inside an unquoted field at position (\d+)$/, (m) => `位置 ${m[1]}：未加引号的字段中含有引号`],
  [/^(\d+) fields, the header has (\d+)$/, (m) => `本行有 ${m[1]} 个字段，表头有 ${m[2]} 个`],
  [/^column "(.*)" appears twice$/s, (m) => `列“${m[1]}”出现了两次`],
  [/^unknown column "(.*)" \(expected (.+)\)$/s, (m) => `未知的列“${m[1]}”（应为以下之一：${m[2]}）`],
  [
    /^column "encumbrances": "(.*)" has (more than one @|an empty part) \(expected kind@until;kind, e\.g\. (.+)\)$/s,
    (m) =>
      `encumbrances 列：“${m[1]}”${m[2] === 'an empty part' ? '有空的部分' : '含有多个 @'}（应为 kind@until;kind，例如 ${m[3]}）`,
  ],
  [
    /^no "right" column: the row gives a right \(certificate, holder or right_until\), whose kind \((.+)\) goes in a "right" column$/,
    (m) =>
      `缺少 right 列：本行给出了权利（certificate、holder 或 right_until），其类型（${m[1]}）应写在 right 列中`,
  ],
  [
    /^expected an object, got (.+)$/,
    (m) => `应为对象，实际为${ownValue(RECEIVED_ZH, m[1] as string) ?? m[1]}`,
  ],
  [/^value (.+) is not an amount in 元 of whole fen$/s, (m) => `值 ${m[1]} 不是以元计的整分金额`],
  [
    /^value (.+) is not the sum of the parcel's cells (\S+)$/s,
    (m) => `值 ${m[1]} 不等于该地块各单元之和 ${m[2]}`,
  ],
  [
    /^value (.+) of type (".*") is not the sum of its cells (\S+)$/s,
    (m) => `类型 ${m[2]} 的值 ${m[1]} 不等于该类型各单元之和 ${m[3]}`,
  ],
  [/^"(byPackage|byType|byIndicator)" is an array of (\{.*\})$/, (m) => `"${m[1]}" 应为 ${m[2]} 的数组`],
  [
    /^an entry of "(byPackage|byType|byIndicator)" is an object (\{.*\})$/,
    (m) => `"${m[1]}" 的条目应为对象 ${m[2]}`,
  ],
  [/^(.+) is not a number of parcels$/s, (m) => `${m[1]} 不是地块数（非负整数）`],
  [
    /^(?:(package|type|indicator) (".*"|null): )?the summary gives (\S+), the lines (?:add up to (\S+)|have (\d+) valued parcels)$/s,
    (m) =>
      `${m[1] === undefined ? '' : `${GROUP_ZH[m[1]]} ${m[2]}：`}汇总为 ${m[3]}，各行${m[4] === undefined ? `有 ${m[5]} 个已估值地块` : `合计 ${m[4]}`}`,
  ],
  [
    /^(package|type|indicator) (".*"|null) appears twice in the summary$/s,
    (m) => `${GROUP_ZH[m[1] as string]} ${m[2]} 在汇总中出现了两次`,
  ],
  [
    /^(package|type|indicator) (".*"|null) of the lines \((\S+)\) is not in the summary$/s,
    (m) => `各行中的${GROUP_ZH[m[1] as string]} ${m[2]}（${m[3]}）不在汇总中`,
  ],
  [
    /^the result of batch line (\d+) comes after that of batch line (\d+) \(line (\d+)\): each parcel once, in the order vep value writes them$/,
    (m) =>
      `批次第 ${m[1]} 行的结果排在批次第 ${m[2]} 行（第 ${m[3]} 行）之后：每个地块只能出现一次，并按 vep value 写出的顺序排列`,
  ],
  [/^basis "(.*)" needs "(.*)" on every depositor$/s, (m) => `分配依据“${m[1]}”要求每个存入人都有“${m[2]}”`],
  [/^no depositor "(.*)"$/s, (m) => `没有存入人“${m[1]}”`],
  [
    /^the part of "(.*)" \((.+) yuan\) is not a whole number of fen$/s,
    (m) => `“${m[1]}”的份额（${m[2]} 元）不是整分金额`,
  ],
  [
    /^the parts sum to (\S+) yuan, not the revenue (\S+) yuan \(a gepkit defect; please report it\)$/,
    (m) => `各份额之和为 ${m[1]} 元，不等于收益 ${m[2]} 元（这是 gepkit 的缺陷，请报告）`,
  ],
  [
    /^(.+) (-?[\d.]+) is outside ([([].+[)\]])$/,
    (m) => `${ownValue(RANGED_ZH, m[1] as string) ?? m[1]} ${m[2]} 超出范围 ${m[3]}`,
  ],
  [
    /^(.+) (-?[\d.]+) must be positive$/,
    (m) => `${ownValue(RANGED_ZH, m[1] as string) ?? m[1]} ${m[2]} 应为正数`,
  ],
  [/^classifications differ \((.+), (.+)\)$/, (m) => `分类体系不同（${m[1]}、${m[2]}）`],
  [
    /^comparable prices of different base years \((.+), (.+)\)$/,
    (m) => `可比价格的基年不同（${m[1]}、${m[2]}）`,
  ],
  [/^it ends (\S+) before it starts (\S+)$/, (m) => `结束日 ${m[1]} 早于开始日 ${m[2]}`],
  [
    /^it runs (until released|until (\S+)), beyond the rights' end (\S+)$/,
    (m) => `${m[2] === undefined ? '持续至解除' : `持续至 ${m[2]}`}，超出权利的到期日 ${m[3]}`,
  ],
  [
    /^the valuation date (\S+) is before the data year (\d+) begins \((\S+)\)$/,
    (m) => `估值基准日 ${m[1]} 早于数据年份 ${m[2]} 年的开始（${m[3]}）`,
  ],
  [
    /^the valuation is valid until (\S+), before its own date (\S+)$/,
    (m) => `估值有效期至 ${m[1]}，早于其估值基准日 ${m[2]}`,
  ],
  [
    /^the loan runs (\S+) to (\S+); it must start on or after the valuation date (\S+) and end by (\S+) \(valuation valid until (\S+), rights until (\S+)\)$/,
    (m) =>
      `贷款期间为 ${m[1]} 至 ${m[2]}；应不早于估值基准日 ${m[3]} 开始，并不晚于 ${m[4]} 结束（估值有效期至 ${m[5]}，权利至 ${m[6]}）`,
  ],
  [/^a second summary line \(the first is line (\d+)\)$/, (m) => `出现第二个汇总行（第一个在第 ${m[1]} 行）`],
  [
    /^the GEP total (\S+) differs from the sum of its indicator lines (\S+) by (\S+) yuan, more than rounding explains \((\S+)\)$/,
    (m) => `GEP 合计 ${m[1]} 与其各指标行之和 ${m[2]} 相差 ${m[3]} 元，超出舍入所能解释的范围（${m[4]}）`,
  ],
];

/**
 * The Chinese of the details this module writes itself in fixed forms (the CSV reader's and header's, a parcel
 * row's, a parcel result line's, the schema's own refinements), by pattern; any other detail goes to
 * invalidDetailZh (zod's forms), which keeps what it does not know as it is.
 */
const detailZh = detailZhOf(FIXED_ZH, PATTERNS_ZH, invalidDetailZh);

/**
 * An amount as the valuation, appraisal, dividend and reconciliation code names it (the `what` of
 * VEP_PRICE_YEAR_MISMATCH and VEP_AMOUNT_NOT_FEN; test/vep/errors.test.ts finds every one in the sources), in
 * Chinese; an amount in no known form is kept.
 */
const amountZh = detailZhOf(
  {
    'The revenue': '收益',
    'the realised value': '已实现价值',
    'the parcels': '地块估值',
    'the parcel results file': '地块估值结果文件',
  },
  [
    [/^fee (.+)$/s, (m) => `费用 ${m[1]}`],
    [/^the fixed return of (.+)$/s, (m) => `${m[1]} 的固定收益`],
    [/^the value of (.+)$/s, (m) => `${m[1]} 的入股价值`],
    [/^(revenue|cost) of year (\d+)$/, (m) => `第 ${m[2]} 年的${m[1] === 'revenue' ? '收入' : '成本'}`],
    [/^comparable (.+)$/s, (m) => `可比实例 ${m[1]}`],
    [/^lien (\d+)$/, (m) => `第 ${m[1]} 项在先担保`],
  ],
  (d) => d,
);

/** VEP_RIGHT_EXPIRED's `when` ("valuation date 2024-01-01") in Chinese; a form not known is kept. */
const whenZh = detailZhOf({}, [[/^valuation date (\S+)$/, (m) => `估值基准日 ${m[1]}`]], (d) => d);

/** The kinds of encumbrance (schema.ts ENCUMBRANCE_KINDS), named in Chinese. */
const ENCUMBRANCE_ZH: Readonly<Record<string, string>> = {
  mortgage: '抵押',
  pledge: '质押',
  lease: '租赁',
  seizure: '查封',
  easement: '地役权',
  other: '其他',
};
/** VEP_PARCEL_ENCUMBERED's `kinds` ("pledge, mortgage") in Chinese ("质押、抵押"); a list with a kind not known is kept. */
const kindsZh = (kinds: string) => {
  const list = kinds.split(', ');
  return list.every((k) => Object.hasOwn(ENCUMBRANCE_ZH, k))
    ? list.map((k) => ENCUMBRANCE_ZH[k]).join('、')
    : kinds;
};

/** The parcel fields VEP_FIELD_NORMALISED names (NormalisedField, schema.ts), in Chinese; another is kept. */
const FIELD_ZH: Readonly<Record<string, string>> = {
  package: '资产包编号',
  certificate: '权证编号',
  holder: '权利人',
};
const fieldZh = (field: unknown) => ownValue(FIELD_ZH, String(field)) ?? String(field);

/** Where a certificate was first seen ("<parcel>: package P, holder H", "(none)" for neither), in Chinese. */
const firstOwnerZh = detailZhOf(
  {},
  [
    [
      /^(.*?): package (.*), holder (.*)$/s,
      (m) => `${m[1]}：资产包 ${m[2] === '(none)' ? '无' : m[2]}，权利人 ${m[3] === '(none)' ? '无' : m[3]}`,
    ],
  ],
  (d) => d,
);

export const VEP_ERRORS = {
  VEP_LINE_NOT_JSON: entry<'detail'>(
    'error',
    (p) => `该行不是有效的 JSON：${jsonDetailZh(String(p.detail))}`,
    (p) => `The line is not valid JSON: ${p.detail}`,
    () => 'Write one parcel object per line (JSON Lines); the other lines are valued regardless.',
    () => '每行写一个地块对象（JSON Lines）；其他行照常估值。',
  ),
  VEP_CSV_INVALID: entry<'detail'>(
    'error',
    (p) => `CSV 格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid CSV: ${p.detail}`,
    () =>
      'Use comma-separated fields, quoting fields that contain commas or quotes ("a,b", doubled "" inside); one parcel per line.',
    () => '字段以逗号分隔，含逗号或引号的字段须加引号（"a,b"，字段内的引号写成两个 ""）；每行一个地块。',
  ),
  VEP_CSV_HEADER: entry<'detail'>(
    'error',
    (p) => `CSV 表头错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid CSV header: ${p.detail}`,
    () =>
      'The first line names the columns: id, unit and one area:<type> column per ecosystem type, optionally package, key, precipitation_mm, evapotranspiration_mm, storm_precipitation_mm, right, certificate, holder, right_until, encumbrances, note (docs/vep.md).',
    () =>
      '第一行为列名：id、unit，以及每种生态系统类型各一个 area:<type> 列；可选 package、key、precipitation_mm、evapotranspiration_mm、storm_precipitation_mm、right、certificate、holder、right_until、encumbrances、note（docs/vep.md）。',
  ),
  VEP_PARCEL_INVALID: entry<'detail'>(
    'error',
    (p) => `地块记录格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid parcel record: ${p.detail}`,
    () =>
      'Check the parcel against docs/vep.md (Parcel records): id, areas by ecosystem type, key or context.',
    () => '请对照 docs/vep.md 的“Parcel records”一节检查地块：id、各生态系统类型的面积、key 或 context。',
  ),
  VEP_ID_SCIENTIFIC: entry<'id'>(
    'error',
    (p) =>
      `地块编号“${p.id}”是科学计数法写成的数字：电子表格把长数字编号显示成这样时，已丢失其后面的位数，本行未估值`,
    (p) =>
      `Parcel id "${p.id}" is a number in scientific notation: a spreadsheet shows a long numeric id so and its trailing digits are lost; this line was not valued`,
    () =>
      'Format the id column as text (Excel/WPS: 设置单元格格式 → 文本, or import it as text) and export the file again; the id cannot be recovered from 1.23E+11.',
    () =>
      '请将编号列设为文本格式（Excel/WPS：设置单元格格式 → 文本，或以文本方式导入），然后重新导出文件；无法从 1.23E+11 恢复原编号。',
  ),
  VEP_PARCEL_DUPLICATE: entry<'first' | 'id'>(
    'error',
    (p) => `地块编号“${p.id}”重复（已在第 ${p.first} 行估值），本行未估值`,
    (p) => `Duplicate parcel id "${p.id}" (valued on line ${p.first}); this line was not valued`,
    () => 'Each parcel id appears once per batch: merge the rows or correct the id.',
    () => '每个地块编号在一个批次中只能出现一次：请合并这些行或更正编号。',
  ),
  VEP_KEY_MISSING: entry(
    'error',
    () => '地块既没有气候/分区键（key），也没有内嵌的气候数据（context）',
    () => 'The parcel has neither a climate/zone key ("key") nor inline climate data ("context")',
    () => 'Name a key declared under "keys" of the valuation context, or give the climate inline.',
    () => '请指定估值上下文 "keys" 下已声明的键，或以内嵌方式给出气候数据。',
  ),
  VEP_KEY_UNKNOWN: entry<'allowed' | 'key'>(
    'error',
    (p) => `未定义的气候/分区键“${p.key}”`,
    (p) => `Undeclared climate/zone key "${p.key}"`,
    (p) => `Declare it under "keys" of the valuation context, or use one of: ${p.allowed}.`,
    (p) => `请在估值上下文的 "keys" 下声明该键，或使用以下之一：${p.allowed}。`,
  ),
  VEP_CONTEXT_INVALID: entry<'detail'>(
    'error',
    (p) => `估值上下文（context）格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid valuation context: ${p.detail}`,
    () =>
      'Check the context against docs/vep.md (Valuation context): region, year, valuationDate, validityMonths, keys.',
    () =>
      '请对照 docs/vep.md 的“Valuation context”一节检查估值上下文（context）：region、year、valuationDate、validityMonths、keys。',
  ),
  VEP_DATA_OLD: entry<'date' | 'latest' | 'year' | 'years'>(
    'warning',
    (p) =>
      `估值基准日 ${p.date} 晚于数据年份 ${p.year} 年结束后 ${p.years} 年（${p.latest} 之后）：估值所依据的仍是 ${p.year} 年的数据`,
    (p) =>
      `The valuation date ${p.date} is more than ${p.years} years after the data year ${p.year} ends (after ${p.latest}): the valuation rests on ${p.year}'s data`,
    (p) =>
      `Check the context's valuationDate and year (a mistyped year?). The keys' climate, productivity and prices describe ${p.year}; to value the land as it is on the valuation date, give keys of a recent year, or date the valuation nearer the data. The parcels are valued regardless.`,
    (p) =>
      `请检查估值上下文的 valuationDate 和 year（年份是否写错？）。key 中的气候、生产力和价格描述的是 ${p.year} 年；如需按估值基准日的状况估值，请给出近年的 key 数据，或将估值基准日定在离数据年份较近的日期。地块照常估值。`,
  ),
  VEP_ID_NORMALISED: entry<'id'>(
    'warning',
    (p) => `地块编号按规则规范为“${p.id}”（去除首尾空白，全角字母数字等按 NFKC 转为半角）`,
    (p) =>
      `Parcel id read as "${p.id}" by the id rule (white space trimmed, full-width letters and digits read as plain, NFKC)`,
    () => 'Write the id as it is read, so that other systems match it; case is kept (B1 and b1 are two ids).',
    () => '请按读出的形式书写编号，以便其他系统与之匹配；大小写保持不变（B1 与 b1 是两个不同的编号）。',
  ),
  VEP_FIELD_NORMALISED: entry<'field' | 'id'>(
    'warning',
    (p) =>
      p.id === ''
        ? `${fieldZh(p.field)}只有空白，按编号规则读作无（与空白的 CSV 单元格相同）`
        : `${fieldZh(p.field)}按编号规则读作“${p.id}”（去除首尾空白，全角字母数字等按 NFKC 转为半角）`,
    (p) =>
      p.id === ''
        ? `The ${p.field} is white space only: read as none by the id rule, as a blank CSV cell is`
        : `The ${p.field} was read as "${p.id}" by the id rule (white space trimmed, full-width letters and digits read as plain, NFKC)`,
    (p) =>
      p.field === 'package'
        ? 'The package is grouped and reported as read (the result line, byPackage). Write it as it is read, so that other systems match it; case is kept (B1 and b1 are two).'
        : 'Certificates and holders are compared as read across the batch (VEP_CERTIFICATE_DUPLICATE), not as the register writes them. Check the text against the register, or write it as it is read; case is kept (B1 and b1 are two).',
    (p) =>
      p.field === 'package'
        ? '资产包编号按读出的形式分组和报告（结果行、byPackage）。请按读出的形式书写，以便其他系统与之匹配；大小写保持不变（B1 与 b1 是两个不同的值）。'
        : '权证编号和权利人在整个批次中按读出的形式比较（VEP_CERTIFICATE_DUPLICATE），而不是按登记簿上的写法。请对照登记簿核对文字，或按读出的形式书写；大小写保持不变（B1 与 b1 是两个不同的值）。',
  ),
  VEP_PARCEL_ENCUMBERED: entry<'id' | 'kinds'>(
    'warning',
    (p) => `地块“${p.id}”在估值基准日存在${kindsZh(String(p.kinds))}权利负担；生态价值未因此扣减`,
    (p) =>
      `Parcel "${p.id}" is encumbered on the valuation date (${p.kinds}); its ecological value is not reduced for it`,
    () => 'Check the encumbrance before pledging the parcel again; release or subordinate it first.',
    () => '再次质押该地块前，请先核查该权利负担：先予解除，或使其顺位劣后。',
  ),
  VEP_RESULT_INVALID: entry<'detail'>(
    'error',
    (p) => `核算结果文件格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid account result: ${p.detail}`,
    () => 'Give the JSON written by `gepkit account` (best with --exact), unchanged.',
    () => '请提供由 `gepkit account` 写出且未经改动的 JSON（最好使用 --exact）。',
  ),
  VEP_PARCEL_RESULT_INVALID: entry<'detail'>(
    'error',
    (p) => `地块估值结果行格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid parcel result line: ${p.detail}`,
    () =>
      'Give the JSON Lines written by `gepkit vep value` (--format json or compact), unchanged: each parcel line an object with "ok" and, when valued, its "cells" with values in whole fen, its value and its types\' values the sums of those cells; the summary\'s totals (its line, or the summary.json vep value --out-dir wrote beside the results) the sums of the lines.',
    () =>
      '请提供由 `gepkit vep value` 写出（--format json 或 compact）且未经改动的 JSON Lines：每个地块行是一个含 "ok" 的对象，已估值的地块行还含 "cells"，其中的值均为整分金额，地块的值及其各类型的值分别等于这些单元之和；汇总的合计（汇总行，或 vep value --out-dir 在结果旁写出的 summary.json）等于各行之和。',
  ),
  VEP_RECONCILE_UNEXPLAINED: entry<'bound' | 'county' | 'difference' | 'indicator' | 'parcels' | 'type'>(
    'warning',
    (p) =>
      `指标 ${p.indicator}（${p.type === '(none)' ? '无生态系统类型' : p.type}）：地块合计 ${p.parcels} 元与全县 ${p.county} 元相差 ${p.difference} 元，超出舍入所能解释的 ${p.bound} 元`,
    (p) =>
      `Indicator ${p.indicator} on ${p.type === '(none)' ? 'no ecosystem type' : p.type}: the parcels (${p.parcels} 元) and the county (${p.county} 元) differ by ${p.difference} 元, more than rounding explains (${p.bound} 元)`,
    () =>
      "The parcels do not tile the county for this indicator and ecosystem type: check that they cover the county's areas of this type once each, with the same keys, coefficient tables and price year as the county account, and that the results are those `gepkit vep value` wrote. `gepkit vep reconcile` exits with code 1.",
    () =>
      '在该指标和生态系统类型上，各地块没有恰好拼合成全县：请检查各地块是否对全县该类型的面积恰好各覆盖一次，所用 key、系数表和价格年份是否与全县核算相同，以及结果是否为 `gepkit vep value` 写出的结果。`gepkit vep reconcile` 以退出码 1 退出。',
  ),
  VEP_YEAR_MISMATCH: entry<'account' | 'parcels'>(
    'error',
    (p) => `年份不一致：地块按 ${p.parcels} 年的全县核算估值，而对账的全县核算为 ${p.account} 年`,
    (p) =>
      `Years differ: the parcels were valued from the county account of ${p.parcels}, the account reconciled with is of ${p.account}`,
    () =>
      'Reconcile the parcels with the county account of the year they were valued from (their summary’s basis.year), or value them again with a context of this account’s year.',
    () =>
      '请将地块与其估值所依据年份（汇总中的 basis.year）的全县核算对账，或用该核算年份的估值上下文重新估值。',
  ),
  VEP_CHANGE_INCOMPARABLE: entry<'detail'>(
    'error',
    (p) => `两个核算结果不可比：${detailZh(String(p.detail))}`,
    (p) => `The two accounts cannot be compared: ${p.detail}`,
    () =>
      'Account both with the same classification, and at comparable prices with the same base year (--base-year).',
    () => '请用相同的分类体系核算两期，并按同一基年的可比价格核算（--base-year）。',
  ),
  VEP_CHANGE_RESULT_ROUNDED: entry<'money' | 'year'>(
    'warning',
    (p) =>
      `${p.year} 年的核算结果已舍入到 ${p.money} 位小数：各效应由舍入后的数值分解，纯结构变化也可能显示几分钱的价格效应`,
    (p) =>
      `The ${p.year} account result is rounded to ${p.money} decimal places: its effects are split from rounded values, so even a pure mix change can show a price effect of a few fen`,
    () => 'Write both accounts with `gepkit account --exact` for change accounting.',
    () => '用于变化核算时，请用 `gepkit account --exact` 写出两期核算结果。',
  ),
  VEP_CHANGE_METHOD_DIFFERS: entry<'a' | 'b' | 'indicator'>(
    'warning',
    (p) => `指标 ${p.indicator} 两期所用方法不同（${p.a} 与 ${p.b}），数量效应包含方法变化`,
    (p) =>
      `Indicator ${p.indicator} uses different methods in the two accounts (${p.a}, ${p.b}); the quantity effect includes the method change`,
    () => 'Account both years with the same profile and methods to isolate real change.',
    () => '请用相同的核算方案和方法核算两个年份，以分离出真实的变化。',
  ),
  VEP_PRICE_YEAR_MISMATCH: entry<'a' | 'b' | 'what'>(
    'error',
    (p) => `价格年份不一致：${amountZh(String(p.what))} 为 ${p.a} 年价格，应为 ${p.b} 年价格`,
    (p) => `Price years differ: ${p.what} is at ${p.a} prices, where ${p.b} prices are needed`,
    () =>
      'Give every amount of one computation at one price level (the GEP account year for a realised value or the parcels of a reconciliation; the first comparable, the appraisal or the revenue otherwise), or move it there with a price index first.',
    () =>
      '同一次计算中的所有金额须处于同一价格水平（已实现价值或对账中的地块估值以 GEP 核算年份为准；其他情况以第一个可比实例、评估或收益为准），或先用价格指数将其换算到该价格水平。',
  ),
  VEP_GEP_ZERO: entry(
    'error',
    () => 'GEP 为零，无法计算价值实现率',
    () => 'The GEP is zero: the realisation rate is undefined',
    () => 'Check the account; a rate needs a positive GEP.',
    () => '请检查核算结果；计算价值实现率需要 GEP 为正。',
  ),
  VEP_AMOUNT_NOT_FEN: entry<'value' | 'what'>(
    'error',
    (p) => `${amountZh(String(p.what))}（${p.value} 元）不是整分金额`,
    (p) => `${p.what} (${p.value} yuan) is not a whole number of fen`,
    () =>
      'Give money to be allocated, and the amounts of liens, in whole fen (at most two decimals in yuan); gepkit does not round it.',
    () => '待分配的金额以及在先担保的金额须为整分（以元计至多两位小数）；gepkit 不会对其舍入。',
  ),
  VEP_WEIGHTS_ZERO: entry(
    'error',
    () => '所有分配权重均为零，无法按份额分配',
    () => 'All allocation weights are zero: there is nothing to share by',
    () =>
      'Give at least one depositor a positive area, value or contract weight. Weights all zero are accepted only when the fees and fixed returns take the whole revenue and nothing is left to split.',
    () =>
      '请至少为一个存入人给出为正的面积、价值或合同权重。仅当费用和固定收益占用全部收益、没有剩余可分时，才接受权重全为零。',
  ),
  VEP_DEPOSITOR_ID_NORMALISED: entry<'id'>(
    'warning',
    (p) => `存入人编号按规则规范为“${p.id}”（去除首尾空白，全角字母数字等按 NFKC 转为半角）`,
    (p) =>
      `Depositor id read as "${p.id}" by the id rule (white space trimmed, full-width letters and digits read as plain, NFKC)`,
    () =>
      'Depositors, and the depositors that tranches name, are matched and reported by the id as read, and their tie keys use it: write it as it is read, so that other systems match it; case is kept (B1 and b1 are two ids). Two depositors that read alike are refused (DUPLICATE_ID).',
    () =>
      '存入人（包括 tranches 中指明的存入人）按读出的编号匹配和报告，其并列裁决键（tie key）也使用该编号：请按读出的形式书写，以便其他系统与之匹配；大小写保持不变（B1 与 b1 是两个不同的编号）。读出相同的两个存入人会被拒绝（DUPLICATE_ID）。',
  ),
  VEP_DUES_PAID_SHORT: entry<'due' | 'paid' | 'what'>(
    'warning',
    (p) =>
      `${p.what === 'fees' ? '费用' : '固定收益'}应付 ${p.due} 元，实付 ${p.paid} 元：收益不足以足额支付`,
    (p) => `The ${p.what} due, ${p.due} yuan, were paid ${p.paid} yuan: the revenue falls short`,
    () =>
      'Fees are paid in the order given, each min(due, what is left); the fixed returns share what the fees leave in proportion to what each is due (largest remainder), and nothing is left for the pro-rata split. gepkit does not carry the shortfall to another period: record it where the contracts carry it.',
    () =>
      '费用按给出的顺序支付，每项支付 min(应付额, 剩余额)；各项固定收益按各自应付额的比例分享费用支付后的剩余（最大余数法），不再剩余可按比例分配的部分。gepkit 不会把差额结转到其他期间：请在合同约定结转之处记录该差额。',
  ),
  VEP_PACKAGE_INVALID: entry<'detail'>(
    'error',
    (p) => `资产包/分红文件格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid asset package: ${p.detail}`,
    () => 'Check the package against docs/vep.md (Packages and dividends).',
    () => '请对照 docs/vep.md 的“Packages and dividends”一节检查资产包。',
  ),
  VEP_APPRAISAL_INVALID: entry<'detail'>(
    'error',
    (p) => `评估参数错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid appraisal input: ${p.detail}`,
    (p) => {
      const r = ratioOutside(String(p.detail));
      if (r?.kind === 'percent')
        return `The ${r.name} is a fraction, not a percentage: write ${r.fraction} for ${r.value} %.`;
      if (r?.kind === 'over')
        return `The ${r.name} is a fraction of at most 1 (0.7 = 70 %): ${r.value} would be ${r.percent} %. Check the figure.`;
      return 'Check the appraisal against docs/vep.md (Appraisal; Appraisal chain (lending)): rates, haircuts, pledge ratios and LTV are fractions (0.05 = 5 %), terms whole years, weights and priorities positive.';
    },
    (p) => {
      const r = ratioOutside(String(p.detail));
      const name = r === undefined ? '' : (ownValue(RANGED_ZH, r.name) ?? r.name);
      if (r?.kind === 'percent') return `${name}是小数，不是百分数：${r.value} % 应写为 ${r.fraction}。`;
      if (r?.kind === 'over')
        return `${name}是不超过 1 的小数（0.7 即 70 %）：${r.value} 即 ${r.percent} %。请核对该数。`;
      return '请对照 docs/vep.md 的“Appraisal”和“Appraisal chain (lending)”两节检查评估参数：各项比率、折扣率、质押率和贷款价值比（LTV）均为小数（0.05 = 5 %），期限为整年，权重和优先级为正数。';
    },
  ),
  VEP_RIGHT_EXPIRED: entry<'id' | 'until' | 'when'>(
    'warning',
    (p) => `“${p.id}”的权利已于 ${p.until} 到期（早于${whenZh(String(p.when))}）`,
    (p) => `The right of "${p.id}" ended on ${p.until}, before the ${p.when}`,
    () =>
      'A valuation of an expired right is reported with this warning; an appraisal for lending refuses it (the issue is an error there). Renew or correct the right first.',
    () =>
      '对已到期权利的估值会附带此警告；用于贷款的评估则予以拒绝（在那里此问题为错误）。请先续期或更正该权利。',
  ),
  VEP_CERTIFICATE_DUPLICATE: entry<'certificate' | 'first' | 'id'>(
    'error',
    (p) =>
      `权证“${p.certificate}”在本批次中出现于不同资产包或权利人之下（首次见于“${firstOwnerZh(String(p.first))}”），地块“${p.id}”未估值`,
    (p) =>
      `Certificate "${p.certificate}" appears under another package or holder in this batch (first under "${p.first}"); parcel "${p.id}" was not valued`,
    () =>
      'One certificate backs one package of one holder: correct the certificate number, the package or the holder.',
    () => '一个权证只对应一个权利人的一个资产包：请更正权证编号、资产包或权利人。',
  ),
  VEP_ENCUMBRANCE_DATES: entry<'detail' | 'id'>(
    'warning',
    (p) => `地块“${p.id}”的权利负担日期有误：${detailZh(String(p.detail))}`,
    (p) => `The encumbrance dates of "${p.id}" are inconsistent: ${p.detail}`,
    () =>
      'An encumbrance starts before it ends and ends within the right it burdens: correct the dates. One without an end (until released) outlasts rights that all end: give the date it is to be released by, or check the rights’ end.',
    () =>
      '权利负担的开始日须早于结束日，且结束日须在其所负担权利的期限之内：请更正日期。未写结束日（至解除为止）的权利负担会超出均有终止日的权利：请填写其应解除的日期，或核对权利的终止日。',
  ),
  VEP_COMPARISON_ADJUSTMENT_LARGE: entry<'band' | 'factor' | 'id' | 'value'>(
    'warning',
    (p) => `可比实例“${p.id}”的修正系数 ${p.factor} = ${p.value}，超出 ${p.band}`,
    (p) => `Comparable "${p.id}": correction ${p.factor} = ${p.value} is outside ${p.band}`,
    () =>
      'A correction factor is the subject’s index over the comparable’s, a fraction near 1 (100/102 = 0.98039…), not an index (102). Beyond [0.8, 1.2] for one factor, or [0.7, 1.3] for the factors of one comparable together, the comparable is hardly comparable: check the factor, or choose another comparable. The bands are gepkit’s, after the ±20 % / ±30 % limits commonly quoted from GB/T 50291 (not confirmed from its text); the value is computed regardless.',
    () =>
      '修正系数是估价对象的指数除以可比实例的指数，是接近 1 的小数（100/102 = 0.98039…），而不是指数本身（102）。单个系数超出 [0.8, 1.2]，或同一可比实例的各系数综合起来超出 [0.7, 1.3] 时，该可比实例已难以比较：请检查该系数，或另选可比实例。这些区间是 gepkit 自定的，参照了通常引自 GB/T 50291 的 ±20 % / ±30 % 限值（未经其原文核实）；价值照常计算。',
  ),
  VEP_COMPARISON_SPREAD: entry<'highest' | 'limit' | 'lowest' | 'ratio'>(
    'warning',
    (p) =>
      `可比实例修正后单价相差过大：最高（“${p.highest}”）为最低（“${p.lowest}”）的 ${p.ratio} 倍，超过 ${p.limit} 倍`,
    (p) =>
      `Corrected unit prices disagree: the highest ("${p.highest}") is ${p.ratio} times the lowest ("${p.lowest}"), above ${p.limit}`,
    () =>
      'Corrected prices are averaged when they describe one market for the subject. Check the factors of the highest and the lowest comparable, or choose comparables closer to the subject. The limit is gepkit’s (graded assumed; no standard’s figure confirmed); the value is computed regardless.',
    () =>
      '修正后的单价在反映估价对象所在的同一市场时才予以平均。请检查最高和最低可比实例的修正系数，或选择与估价对象更接近的可比实例。该限值是 gepkit 自定的（证据等级为 assumed；未核实任何标准中的数值）；价值照常计算。',
  ),
  VEP_CONDITION_HIGH: entry<'condition' | 'remaining' | 'value'>(
    'warning',
    (p) =>
      `成新修正系数 ${p.condition} 大于 1：评估值 ${p.value} 元高于扣除折旧后的重置成本（剩余比例 ${p.remaining}），请核实`,
    (p) =>
      `Condition factor ${p.condition} is above 1: the value ${p.value} yuan exceeds the depreciated replacement cost (remaining share ${p.remaining}); check it`,
    () =>
      'A condition factor adjusts the depreciated replacement cost for the asset’s state (1 = as depreciation says; below 1 for wear beyond age). Above 1 the asset is valued above what it costs to replace, which a lender should see justified; the value is computed regardless.',
    () =>
      '成新修正系数按资产状况调整扣除折旧后的重置成本（1 = 与折旧结果一致；损耗超出其年限应有程度时小于 1）。大于 1 时，资产的估值高于其重置所需成本，贷款人应能看到其理由；价值照常计算。',
  ),
  VEP_RATE_HIGH: entry<'level' | 'rate'>(
    'warning',
    (p) => `资本化率 ${p.rate} 高于 ${p.level}，请核实`,
    (p) => `Capitalisation rate ${p.rate} is above ${p.level}; check it`,
    () =>
      'Rates above the documented level (docs/vep.md, Appraisal chain) are unusual for land and forest income; the value is computed regardless.',
    () =>
      '对土地和林木收益而言，高于文档所列水平（docs/vep.md 的“Appraisal chain”一节）的资本化率并不常见；价值照常计算。',
  ),
  VEP_VALIDITY_TOO_LONG: entry<'latest' | 'months' | 'validUntil' | 'valuationDate'>(
    'error',
    (p) =>
      `估值有效期至 ${p.validUntil}，超过估值基准日 ${p.valuationDate} 起 ${p.months} 个月（最迟至 ${p.latest}）`,
    (p) =>
      `The valuation is valid until ${p.validUntil}, more than ${p.months} months after its date ${p.valuationDate} (at most until ${p.latest})`,
    (p) =>
      `A valuation is valid at most ${p.months} months (a valuation context's validityMonths): give the validUntil of the valuation's basis, ${p.latest} at the latest, or revalue.`,
    (p) =>
      `估值有效期最长为 ${p.months} 个月（估值上下文的 validityMonths）：请给出估值依据（basis）中的 validUntil，最迟为 ${p.latest}，或重新估值。`,
  ),
  VEP_GROWTH_HIGH: entry<'against' | 'growth' | 'level' | 'rate'>(
    'warning',
    (p) =>
      p.against === 'rate'
        ? `收益增长率 ${p.growth} 不低于资本化率 ${p.rate}：每年收益的现值不随年份递减，价值至少与期限成比例增长、没有上限，请核实`
        : `收益增长率 ${p.growth} 高于 ${p.level}，请核实`,
    (p) =>
      p.against === 'rate'
        ? `Growth rate ${p.growth} is at or above the capitalisation rate ${p.rate}: no year's flow is worth less today than the year before, so the value grows at least in proportion to the term, without limit; check it`
        : `Growth rate ${p.growth} is above ${p.level}; check it`,
    () =>
      'Growth is a fraction per year (0.005 = 0.5 %, not 0.5). A flow growing more than 10 % a year over the rights’ whole term, or as fast as the rate it is discounted at, is not a plausible long-run rate (docs/vep.md, Appraisal chain); the value is computed regardless.',
    () =>
      '增长率是每年的小数（0.005 = 0.5 %，而不是 0.5）。在权利的整个期限内每年增长超过 10 %，或增长与折现所用的资本化率一样快，都不是可信的长期增长率（docs/vep.md 的“Appraisal chain”一节）；价值照常计算。',
  ),
  VEP_LOAN_TERM_EXCEEDED: entry<'detail'>(
    'error',
    (p) => `贷款期限超出允许范围：${detailZh(String(p.detail))}`,
    (p) => `The loan term exceeds what the valuation allows: ${p.detail}`,
    () =>
      'A loan ends no later than the valuation is valid and the pledged right lasts; shorten the loan or revalue.',
    () => '贷款的结束日不得晚于估值有效期和所质押权利的期限；请缩短贷款期限或重新估值。',
  ),
  VEP_LOAN_NIL: entry<'ceiling' | 'claims' | 'id'>(
    'warning',
    (p) =>
      `“${p.id}”无可贷额度：担保债务上限（可变现价值 × 抵押率）${p.ceiling} 元，扣除在先担保债权 ${p.claims} 元后不足 0.01 元，最高贷款额为 0.00 元`,
    (p) =>
      `Nothing can be lent on "${p.id}": the ceiling of secured debt (realisable value × LTV), ${p.ceiling} 元, leaves less than 0.01 元 above the liens ranking ahead, ${p.claims} 元; the maximum loan is 0.00`,
    () =>
      'The liens in force, the haircut and the LTV leave no room for a new loan, or the rights have no whole year left to capitalise (VEP_TERM_PART_YEAR). Release or pay down a lien, add collateral, or check the value and the term. An appraisal without a requested loan reports it with this warning; one with a requested loan (`loan`) refuses the loan (the issue is an error there).',
    () =>
      '现有的在先担保、折扣率和抵押率已没有为新贷款留出余地，或权利已没有可资本化的整年（VEP_TERM_PART_YEAR）。请解除某项在先担保或偿还部分债务、追加担保物，或核对价值和期限。未申请贷款的评估以此警告报告；申请了贷款（`loan`）的评估则拒绝该贷款（在那里此问题为错误）。',
  ),
  VEP_TERM_PART_YEAR: entry<'days' | 'id' | 'years'>(
    'warning',
    (p) =>
      Number(p.years) === 0
        ? `“${p.id}”的权利剩余不足一个整年（${p.days} 天），不予资本化：资本化价值为 0`
        : `“${p.id}”的权利剩余 ${p.years} 个整年又 ${p.days} 天：最后 ${p.days} 天不予资本化`,
    (p) =>
      Number(p.years) === 0
        ? `The rights of "${p.id}" have less than a whole year left (${days(p.days)}): nothing is capitalised, the value is 0`
        : `The rights of "${p.id}" run ${p.years} whole ${Number(p.years) === 1 ? 'year' : 'years'} and ${days(p.days)}: the last ${days(p.days)} ${Number(p.days) === 1 ? 'is' : 'are'} not capitalised`,
    () =>
      'A final part-year is not capitalised (the lender’s conservative side, ADR 0013), so the value leaves out up to a year’s flow. Renew or extend the right for a longer term; a right with no whole year left gives nothing to lend on.',
    () =>
      '最后不足一年的部分不予资本化（对贷款人而言的稳健做法，ADR 0013），因此价值最多少计一年的收益流。请续期或延长权利期限；没有剩余整年的权利无可贷额度。',
  ),
  VEP_GRADE_BELOW: entry<'items' | 'threshold'>(
    'error',
    (p) => `以下系数的证据等级低于要求的 ${p.threshold}：${p.items}`,
    (p) => `Coefficients below the required evidence grade ${p.threshold}: ${p.items}`,
    () =>
      'Replace them with coefficients of a sufficient grade (a verified local table), or lower the threshold knowingly.',
    () => '请换用证据等级足够的系数（经核实的本地系数表），或在知情的前提下降低阈值。',
  ),
  VEP_EVIDENCE_MISSING: entry<'threshold'>(
    'error',
    (p) => `要求证据等级不低于 ${p.threshold}（minGrade），但未给出任何证据（evidence）`,
    (p) => `An evidence grade of at least ${p.threshold} is required (minGrade), but no evidence is given`,
    () =>
      'List the coefficients the valuation used with their grades (evidence: [{ id, grade }]) so that they can be checked against minGrade, or leave minGrade out when the bank requires no grade.',
    () =>
      '请列出估值所用的系数及其证据等级（evidence: [{ id, grade }]），以便对照 minGrade 检查；若银行不要求证据等级，请省略 minGrade。',
  ),
  VEP_METHOD_NOT_PARCEL: entry<'indicator' | 'method'>(
    'warning',
    (p) => `指标 ${p.indicator} 的方法 ${p.method} 不能用于地块估值，已从地块估值中排除`,
    (p) =>
      `Indicator ${p.indicator}: method ${p.method} cannot apply to parcels; it is left out of the parcel valuation`,
    () =>
      "Value it at county level (gepkit account), or give the parcel what a parcel-level method needs; lakes and reservoirs go in the parcel's waterBodies.",
    () =>
      '请在县级核算该指标（gepkit account），或为地块提供地块级方法所需的数据；湖泊和水库写入地块的 waterBodies。',
  ),
  VEP_AREA_MISMATCH: entry<'declared' | 'geodesic' | 'id' | 'tolerance'>(
    'warning',
    (p) =>
      `地块“${p.id}”的申报面积 ${p.declared} m² 与其图形面积 ${p.geodesic} m² 相差超过图形面积的 ${p.tolerance}`,
    (p) =>
      `Parcel "${p.id}": the declared ${p.declared} m² differs from the geodesic area of its outline, ${p.geodesic} m², by more than ${p.tolerance} of it`,
    () =>
      'Check the outline (CGCS2000 longitude/latitude, EPSG:4490, not projected metres) and the declared areas; the value uses the declared areas.',
    () =>
      '请检查地块图形（CGCS2000 经纬度，EPSG:4490，而非以米为单位的投影坐标）和申报面积；估值采用申报面积。',
  ),
  VEP_GEOMETRY_INVALID: entry<'a' | 'b' | 'problem' | 'ring'>(
    'error',
    (p) =>
      p.problem === 'too-few'
        ? `地块图形的环 ${p.ring} 只有 ${p.a} 个不同的坐标点，环至少需要 3 个（首点在末尾重复）`
        : p.problem === 'self-intersection'
          ? `地块图形的环 ${p.ring} 自相交：边 ${p.a} 与边 ${p.b} 相交（按坐标点序号），本行未估值`
          : p.problem === 'hole-outside'
            ? `地块图形的内环（洞）${p.ring} 不在其外环内：其第 ${p.a} 个坐标点 ${p.b} 位于外环之外，本行未估值`
            : p.problem === 'hole-crosses'
              ? `地块图形的内环（洞）${p.ring} 不在其外环内：有 ${p.a} m² 位于外环之外，本行未估值`
              : p.problem === 'holes-overlap'
                ? `地块图形的内环（洞）${p.a} 与 ${p.ring} 相互重叠（${p.b} m²），本行未估值`
                : `地块图形的部分 ${p.a} 与 ${p.ring} 相互重叠（${p.b} m²），重叠部分会被计算两次，本行未估值`,
    (p) =>
      p.problem === 'too-few'
        ? `Ring ${p.ring} of the outline has ${p.a} distinct positions; a ring needs at least 3 (its first position repeated at the end); this line was not valued`
        : p.problem === 'self-intersection'
          ? `Ring ${p.ring} of the outline intersects itself: edge ${p.a} meets edge ${p.b} (by position index); this line was not valued`
          : p.problem === 'hole-outside'
            ? `Hole ${p.ring} of the outline is not inside its outer ring: its position ${p.a} ${p.b} lies outside it; this line was not valued`
            : p.problem === 'hole-crosses'
              ? `Hole ${p.ring} of the outline is not inside its outer ring: ${p.a} m² of it lies outside; this line was not valued`
              : p.problem === 'holes-overlap'
                ? `Holes ${p.a} and ${p.ring} of the outline overlap (${p.b} m²); this line was not valued`
                : `Parts ${p.a} and ${p.ring} of the outline overlap (${p.b} m²), which would count that land twice; this line was not valued`,
    (p) =>
      p.problem === 'too-few' || p.problem === 'self-intersection'
        ? 'A ring is a simple closed line: it may not cross or touch itself, nor run back along itself (a figure-of-eight or bowtie encloses no area its declared area can be checked against). Redraw the ring, or split a figure-of-eight into the parts of a MultiPolygon (a GIS "repair geometry" / ST_MakeValid does either).'
        : p.problem === 'parts-overlap'
          ? 'The parts of a MultiPolygon are separate pieces of land: merge overlapping parts into one (dissolve / union) so the overlap is counted once.'
          : 'A polygon is its outer ring (coordinates[0] of the polygon) less its holes (the rings after it), each hole inside the outer ring and the holes apart: a ring outside the outer ring is another piece of land (a part of a MultiPolygon), and overlapping holes are one hole (merge them).',
    (p) =>
      p.problem === 'too-few' || p.problem === 'self-intersection'
        ? '环是一条简单闭合线：不得与自身相交或相接，也不得沿自身折返（“8”字形或蝴蝶结形围不出可与申报面积核对的面积）。请重绘该环，或将“8”字形拆分为 MultiPolygon 的各个部分（GIS 的“修复几何”（repair geometry）或 ST_MakeValid 均可做到）。'
        : p.problem === 'parts-overlap'
          ? 'MultiPolygon 的各个部分是各自独立的土地：请将重叠的部分合并为一个（dissolve / union），使重叠部分只计算一次。'
          : '多边形是其外环（该多边形的 coordinates[0]）减去其内环（洞，即外环之后的各环），每个洞都在外环之内且各洞互不重叠：位于外环之外的环是另一块土地（MultiPolygon 的一个部分），相互重叠的洞是同一个洞（请将其合并）。',
  ),
  VEP_GEOMETRY_EXTENT: entry<'at' | 'look' | 'outside' | 'position' | 'swapped' | 'total'>(
    'error',
    (p) =>
      `地块图形的坐标点 ${p.position}（${p.at}）不在 EPSG:4490 下中国的范围内（经度 73–136°E，纬度 3–54°N）${Number(p.outside) > 1 ? `；${p.total} 个坐标点中有 ${p.outside} 个在范围外` : ''}，本行未估值`,
    (p) =>
      `Position ${p.position} (${p.at}) of the outline lies outside China's extent for EPSG:4490 (longitude 73–136° E, latitude 3–54° N)${Number(p.outside) > 1 ? `; ${p.outside} of its ${p.total} positions do` : ''}; this line was not valued`,
    (p) =>
      p.look === 'projected'
        ? 'These look like projected metres (a number beyond ±180 or ±90 is no longitude or latitude), such as CGCS2000 Gauss–Krüger coordinates (EPSG:4491–4554): reproject the outline to CGCS2000 longitude/latitude, EPSG:4490 (e.g. ogr2ogr -t_srs EPSG:4490), and write it again.'
        : p.look === 'swapped'
          ? `The positions look swapped: GeoJSON writes [longitude, latitude], and each position swapped lies in China (${p.position} → ${p.swapped}). Swap every pair (an export that wrote latitude first, as EPSG:4490's own axis order does, makes this).`
          : 'Check the coordinate system of the outline (CGCS2000 longitude/latitude in degrees, EPSG:4490, longitude first) and the positions: a parcel valued here lies in China.',
    (p) =>
      p.look === 'projected'
        ? '这些坐标看起来是以米为单位的投影坐标（超出 ±180 或 ±90 的数不是经度或纬度），例如 CGCS2000 高斯–克吕格坐标（EPSG:4491–4554）：请将图形重新投影到 CGCS2000 经纬度 EPSG:4490（例如 ogr2ogr -t_srs EPSG:4490），然后重新写出。'
        : p.look === 'swapped'
          ? `坐标点的经纬度似乎写反了：GeoJSON 按 [经度, 纬度] 书写，而每个坐标点对调后都位于中国境内（${p.position} → ${p.swapped}）。请对调每一对坐标（按 EPSG:4490 自身的轴顺序先写纬度的导出会造成这种情况）。`
          : '请检查图形的坐标系（CGCS2000 经纬度，单位为度，EPSG:4490，经度在前）和各坐标点：在此估值的地块位于中国境内。',
  ),
  VEP_PARCEL_OVERLAP: entry<'a' | 'area' | 'b' | 'lineA' | 'lineB'>(
    'warning',
    (p) => `地块“${p.a}”（第 ${p.lineA} 行）与“${p.b}”（第 ${p.lineB} 行）的图形重叠（重叠面积 ${p.area}）`,
    (p) =>
      `The outlines of parcels "${p.a}" (line ${p.lineA}) and "${p.b}" (line ${p.lineB}) overlap (overlapping area ${p.area})`,
    () => 'One piece of land is valued once: correct the outlines, or the areas of one of the parcels.',
    () => '同一块土地只能估值一次：请更正图形，或更正其中一个地块的面积。',
  ),
  VEP_INDEX_FAILED: entry<'detail'>(
    'error',
    (p) => `地块重复检查的磁盘索引读写失败：${p.detail}`,
    (p) => `The on-disk index of the duplicate checks failed: ${p.detail}`,
    () =>
      'The batch stopped at this parcel and nothing of it is kept (gepkit vep value removes the outputs it had begun). The index is a new folder in the system’s temporary directory (TMPDIR): give it room and write access, or keep the keys in memory when they fit (--index memory; index=memory on the service), and run the batch again.',
    () =>
      '批次在此地块处停止，其结果均未保留（gepkit vep value 会删除已开始写出的输出）。索引是系统临时目录（TMPDIR）中新建的文件夹：请为其留出空间并授予写权限，或在键放得下时将其保存在内存中（--index memory；服务端为 index=memory），然后重新运行该批次。',
  ),
  VEP_WORKER_FAILED: entry<'detail'>(
    'error',
    (p) => `地块估值工作线程失败：${detailZh(String(p.detail))}`,
    (p) => `A worker thread of the parcel pool failed: ${p.detail}`,
    () =>
      'The batch stopped and nothing of it is kept (gepkit vep value removes the outputs it had begun). Run it again; if the worker file cannot be found or keeps failing, run without workers (--workers 0), which values the same parcels in one thread.',
    () =>
      '批次已停止，其结果均未保留（gepkit vep value 会删除已开始写出的输出）。请重新运行；若找不到工作线程文件或工作线程反复失败，请不使用工作线程运行（--workers 0），这会在单个线程中对同样的地块估值。',
  ),
  VEP_RECONCILE_PARCELS_ONLY: entry<'cells' | 'indicator' | 'parcels' | 'type'>(
    'warning',
    (p) =>
      `指标 ${p.indicator}（${p.type === '(none)' ? '无生态系统类型' : p.type}）：地块合计 ${p.parcels} 元（${p.cells} 个地块），全县核算中没有该指标和生态系统类型的行`,
    (p) =>
      `Indicator ${p.indicator} on ${p.type === '(none)' ? 'no ecosystem type' : p.type}: the parcels hold ${p.parcels} 元 (${p.cells} ${Number(p.cells) === 1 ? 'parcel' : 'parcels'}) that the county account has no line for`,
    () =>
      "The county account does not hold this value, so the reconciliation cannot vouch for it: value counted for the parcels and not for the county is either value the county missed or value counted twice (the same land under another type, another profile's indicator). Account this indicator and ecosystem type for the county with the profile and classification the parcels were valued with, or correct the parcels' types. `gepkit vep reconcile` exits with code 1.",
    () =>
      '全县核算中没有这部分价值，对账无法为其背书：只计入地块而未计入全县的价值，要么是全县漏算的价值，要么是重复计算的价值（同一土地计作另一类型、另一核算方案的指标）。请用地块估值所用的核算方案和分类体系在全县核算该指标和生态系统类型，或更正地块的生态系统类型。`gepkit vep reconcile` 以退出码 1 退出。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type VepErrorCode = keyof typeof VEP_ERRORS;

/** Build issues of this catalogue (VEP code throws `new GepError(vepIssue(…))` where it refuses). */
/**
 * A ratio of the appraisal outside its range of fractions (`<name> <value> is outside (0, 1]`), as the hint names it:
 * from 2 to under 100 a percentage written for its fraction (70 for 0.7: its hundredth lies inside every such range;
 * 100 would be 1, itself outside (0, 1)); above 1 and under 2 a fraction over the whole (an LTV of 1.2 is 120 %, not
 * 1.2 %), whose figure is to be checked; undefined otherwise.
 */
function ratioOutside(
  detail: string,
):
  | { kind: 'percent'; name: string; value: string; fraction: string }
  | { kind: 'over'; name: string; value: string; percent: string }
  | undefined {
  const m = /^(.+) (\d+(?:\.\d+)?) is outside [[(]0, 1[\])]$/.exec(detail);
  if (m === null) return undefined;
  const [, name, value] = m as unknown as [string, string, string];
  const v = Number(value);
  if (v >= 2 && v < 100) return { kind: 'percent', name, value, fraction: shiftPoint(value, -2) };
  if (v > 1 && v < 2) return { kind: 'over', name, value, percent: shiftPoint(value, 2) };
  return undefined;
}

/**
 * A ratio's figure as the refusal writes it (`Decimal.toFixed`: no leading zeros, no zeros after the last digit of the
 * fraction) × 10^k, as decimal text: `shiftPoint('12.5', -2)` is `0.125`, `shiftPoint('1.2', 2)` is `120`. Used on
 * figures of [2, 100) by 10⁻² and of (1, 2) by 10², whose results shifted down keep a digit after the point.
 */
function shiftPoint(text: string, k: number): string {
  const [int, frac = ''] = text.split('.') as [string, string?];
  const e = k - frac.length;
  if (e >= 0) return int + frac + '0'.repeat(e);
  const padded = (int + frac).padStart(1 - e, '0');
  const point = padded.length + e;
  return `${padded.slice(0, point)}.${padded.slice(point).replace(/0+$/, '')}`;
}

const builders: IssueBuilders<typeof VEP_ERRORS> = issuesOf(VEP_ERRORS);
export const vepIssue: IssueBuilders<typeof VEP_ERRORS>['issue'] = builders.issue;
export const vepIssueFromData: IssueBuilders<typeof VEP_ERRORS>['issueFromData'] = builders.issueFromData;
