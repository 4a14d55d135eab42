/**
 * The words the HTML and Word reports share in both languages: the categories, the status of a quality check, the
 * evidence grades, and the Chinese of the checks' details (src/account/validate.ts and quality.ts write them in
 * English, in fixed forms), and units by their symbols. A profile's own rule text stays as the profile gives it.
 */
import { GRADES } from '../coefficients/schema';
import { GRADE_ZH } from '../core/grades';
import type { CompareResult } from '../account/compare-schema';
import { parsePriceUnit } from '../core/schema';
import { isUnitId, unitPerIn, unitSymbolIn } from '../core/units';

/**
 * The identity of a comparison in both languages, as `gepkit compare` prints it: the accounts' own GEP totals (each
 * rounded once), the rounding between them and the change tables' V₀ and V₁ (the lines, each rounded to the fen), and
 * the totals' direct change as the effects plus the residual that rounding leaves. `fmt` writes each figure (grouped
 * digits in the reports).
 */
export function identityText(c: CompareResult, fmt: (yuan: string) => string): [string, string] {
  const i = c.identity;
  return [
    `两期核算各自的 GEP 总值（${c.prices.baseYear} 年可比价，各舍入一次）为 ${fmt(i.totals.v0)} → ${fmt(i.totals.v1)} 元；变化表中的上期、本期为各行分别舍入到分后之和，舍入差（总值 − 各行之和）为 ${fmt(i.rounding.v0)} 与 ${fmt(i.rounding.v1)} 元。总值的直接变化 ${fmt(i.direct)} 元 = 各效应之和 ${fmt(i.effects)} 元 + 残差 ${fmt(i.residual)} 元（舍入所致，至多 ${fmt(i.bound)} 元）。`,
    `The accounts' own GEP totals at comparable prices of ${c.prices.baseYear}, each rounded once: ${fmt(i.totals.v0)} → ${fmt(i.totals.v1)} yuan; before and after in the change tables add the lines, each rounded to the fen; rounding (total − Σ lines): ${fmt(i.rounding.v0)} and ${fmt(i.rounding.v1)} yuan. The totals' direct change ${fmt(i.direct)} yuan = the effects ${fmt(i.effects)} yuan + a residual of ${fmt(i.residual)} yuan (rounding, at most ${fmt(i.bound)}).`,
  ];
}

export const CATEGORY = {
  material: ['物质产品', 'Material products'],
  regulating: ['调节服务', 'Regulating services'],
  cultural: ['文化服务', 'Cultural services'],
} as const;

export const CHECK_STATUS = {
  pass: ['通过', 'pass'],
  warn: ['警告', 'warn'],
  applied: ['已应用', 'applied'],
  'not-applicable': ['不适用', 'not applicable'],
} as const;

/** Evidence grades from the strongest to the weakest (verified first), whatever order a result's JSON holds them in. */
export function gradeOrder<T>(entries: readonly (readonly [string, T])[]): (readonly [string, T])[] {
  const rank = (g: string) => {
    const k = (GRADES as readonly string[]).indexOf(g);
    return k < 0 ? Number.MAX_SAFE_INTEGER : k;
  };
  return [...entries].sort(([a], [b]) => rank(a) - rank(b));
}

/** An evidence grade's name in Chinese alone (`已核实`); another text is kept. */
export const gradeNameZh = (g: string): string => GRADE_ZH[g] ?? g;

/** An evidence grade in Chinese, its code beside it (`已核实 verified`); another text is kept. */
export const gradeZh = (g: string): string => (GRADE_ZH[g] === undefined ? g : `${GRADE_ZH[g]} ${g}`);

/** The scope of an area check: 全域, or 分区 Z01. */
const scopeZh = (scope: string) => (scope === 'region' ? '全域' : scope.replace(/^zone /, '分区 '));

const DETAILS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^(region|zone \S+): Σ ecosystem areas (\S+) km² vs total (\S+) km² \(relative difference (\S+), tolerance (\S+)\)$/,
    (m) =>
      `${scopeZh(m[1] as string)}：各生态系统面积之和 ${m[2]} km²，总面积 ${m[3]} km²（相对差 ${m[4]}，容差 ${m[5]}）`,
  ],
  [/^(region|zone \S+): no total area given$/, (m) => `${scopeZh(m[1] as string)}：未给出总面积`],
  [/^R1 or R8 not in the account$/, () => 'R1 或 R8 不在本次核算中'],
  [
    /^R8 does not read evapotranspiration \(transpiration from EPP tables\)$/,
    () => 'R8 未读取蒸散发（蒸腾量取自 EPP 表）',
  ],
  [
    /^R1 and R8 read the same evapotranspiration for (\d+) ecosystem rows$/,
    (m) => `R1 与 R8 对 ${m[1]} 行生态系统读取相同的蒸散发`,
  ],
  [/^R1 and R8 read different evapotranspiration for (.+)$/s, (m) => `R1 与 R8 对 ${m[1]} 读取的蒸散发不同`],
  // a profile's double-counting rule: its text as the profile gives it, then what the account holds
  [
    /^(.+) — both (.+) are counted$/s,
    (m) => `${m[1]}（${(m[2] as string).split(' and ').join('、')} 均已计入）`,
  ],
  [
    /^(.+) — at most one of (.+) is counted$/s,
    (m) => `${m[1]}（${(m[2] as string).split(', ').join('、')} 至多计入一项）`,
  ],
];

/**
 * A quality check's detail in Chinese: its own `detailZh` (a profile rule the profile gives in Chinese), else by the
 * detail's fixed form; the English text of a rule without `textZh`, and any other detail, are kept.
 */
export function checkDetailZh({
  detail,
  detailZh,
}: {
  detail: string;
  detailZh?: string | undefined;
}): string {
  if (detailZh !== undefined) return detailZh;
  for (const [re, zh] of DETAILS) {
    const m = re.exec(detail);
    if (m !== null) return zh(m);
  }
  return detail;
}

const VALUATION_ZH: Readonly<Record<string, string>> = {
  'market price': '市场价格',
  'gross output': '总产值',
  'net output': '净产值',
  'net output (value added − depreciation)': '净产值（增加值 − 折旧）',
  'value added': '增加值',
  'value added (gross output − intermediate consumption)': '增加值（总产值 − 中间消耗）',
  'ecological share': '生态贡献率',
  'water price': '水价',
  tariff: '上网电价',
  'electricity price': '电价',
  'industrial oxygen price': '工业制氧价格',
  'production cost of ions above the threshold': '阈值以上负离子的生产成本',
  'reservoir construction cost': '水库建设成本',
  'reservoir construction cost (C_res)': '水库建设成本（C_res）',
  'reservoir operation cost': '水库运行成本',
  'replacement cost': '替代成本',
  'sand-control cost': '治沙成本',
  'artificial control cost': '人工防治成本',
  'landscape premium': '景观溢价',
  'tourism revenue': '旅游收入',
  spending: '旅游花费',
  'time-cost': '时间成本',
  'consumer-surplus': '消费者剩余',
  'water purification cost (K)': '水体净化成本（K）',
  'water purification cost (K), water at 1 t/m³': '水体净化成本（K），水按 1 t/m³ 计',
  'earthwork cost (C_soil) on G / ρ': '土方成本（C_soil），按 G / ρ 计',
  'value formula': '价值公式',
  'siltation (dredging cost)': '减少泥沙淤积（清淤成本）',
  'siltation (reservoir cost)': '减少泥沙淤积（水库库容成本）',
};

const PRICING_ZH: Readonly<Record<string, string>> = {
  'treatment-cost': '治理成本',
  'tax-equivalent': '环境保护税当量',
  fertiliser: '化肥价格',
};

const VALUATION_FORMS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  // a pollutant or nutrient by its pricing switch: so2 (tax-equivalent), N (treatment-cost), P (fertiliser)
  [
    /^(\S+) \((treatment-cost|tax-equivalent|fertiliser)\)$/,
    (m) => `${m[1]}（${PRICING_ZH[m[2] as string]}）`,
  ],
  [
    /^carbon price per (\S+) \(CO₂ × 12\/44\)$/,
    (m) => `碳价（每 ${unitShown(m[1] as string)}，CO₂ × 12/44）`,
  ],
  [/^carbon price per (.+)$/, (m) => `碳价（每 ${unitShown(m[1] as string)}）`],
  [/^(\S+) treatment cost \(K_k\)$/, (m) => `${m[1]} 治理成本（K_k）`],
  // a nutrient at its fertiliser's price: N at C₁/R₁ (lyt.fertiliser.dap.price ÷ … = 2400 ÷ 0.14)
  [/^(\S+) at (\S+) \((.+)\)$/s, (m) => `${m[1]} 按 ${m[2]} 计（${m[3]}）`],
  [
    /^value of Shannon–Wiener class (\S+) \(S\) × area$/,
    (m) => `Shannon–Wiener 指数等级 ${m[1]} 的单位面积价值（S）× 面积`,
  ],
];

/**
 * A valuation's label, or its share factor's, in Chinese (the methods write them in English, in fixed forms: `market
 * price`, `so2 (tax-equivalent)`, `carbon price per t_CO2`); keys, codes and symbols inside them are kept. Another
 * label (a custom indicator's own) is kept as it is.
 */
export function valuationLabelZh(label: string): string {
  const zh = VALUATION_ZH[label];
  if (zh !== undefined) return zh;
  for (const [re, form] of VALUATION_FORMS) {
    const m = re.exec(label);
    if (m !== null) return form(m);
  }
  return label;
}

/**
 * A unit after a number as a reader of the language writes it: a catalogue id by its symbol (`t_per_m3` → t/m³,
 * `J_per_g` → J/g; in English `wan_t` → × 10⁴ t, `mu` → mu), a price unit by its two symbols (`yuan/m3` → 元/m³, in
 * English yuan/m³, `yuan/person_time` → yuan/visit), a dimensionless ratio (`one`) by nothing; any other text as it is.
 */
export function unitShown(unit: string, lang: 'zh' | 'en' = 'zh'): string {
  if (unit === 'one') return '';
  if (isUnitId(unit)) return unitSymbolIn(unit, lang);
  const price = parsePriceUnit(unit);
  return price === undefined ? unit : `${unitSymbolIn(price.money, lang)}/${unitPerIn(price.per, lang)}`;
}

/** A result's physical quantity's unit in the language: by its id when the catalogue has it, else its symbol. */
export const physicalUnit = (p: { unit: string; symbol: string }, lang: 'zh' | 'en'): string =>
  isUnitId(p.unit) ? unitSymbolIn(p.unit, lang) : p.symbol;

/** The codes of a list of warnings with their counts, in order of first appearance: `AREA_SUM_MISMATCH ×2, …`. */
export function warningCodes(warnings: readonly { code: string }[]): string {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${c}${n > 1 ? ` ×${n}` : ''}`).join(', ');
}

/**
 * The sentence under a report's summary when the account carries warnings (none: undefined): how many, of which
 * codes, and the section that lists them. Per language in three parts, the text before the section's name, the name
 * and the text after it, so that the HTML report links the name to its section and the Word report joins them:
 * `本核算有 3 条警告（AREA_SUM_MISMATCH ×2, GRADE_BELOW_THRESHOLD），列于“质量控制”一节。`,
 * `This account carries 3 warnings (AREA_SUM_MISMATCH ×2, GRADE_BELOW_THRESHOLD), listed under Quality control.`
 */
export function warningNotice(
  warnings: readonly { code: string }[],
): Record<'zh' | 'en', readonly [string, string, string]> | undefined {
  const n = warnings.length;
  if (n === 0) return undefined;
  const codes = warningCodes(warnings);
  return {
    zh: [`本核算有 ${n} 条警告（${codes}），列于“`, '质量控制', '”一节。'],
    en: [
      `This account carries ${n} warning${n > 1 ? 's' : ''} (${codes}), listed under `,
      'Quality control',
      '.',
    ],
  };
}

/**
 * The comparison's warnings that must be read before its figures, for a notice under the change section's heading:
 * COMPARE_YEAR_ORDER (the second year not later than the first: every growth and change in the section is then
 * reversed, or zero for a year compared with itself).
 */
export function yearOrderNotice<W extends { code: string }>(c: { warnings: readonly W[] }): W[] {
  return c.warnings.filter((w) => w.code === 'COMPARE_YEAR_ORDER');
}

/**
 * The rounding rule of the report's amounts, under its first table (HTML and Word): 万元 to two decimals, half to
 * even, from the exact 元; parts and totals rounded separately, their difference in a 舍入差 Rounding row.
 */
export const ROUNDING_NOTE = {
  zh: '金额单位为万元，由元值按“四舍六入五成双”（半数取偶）保留两位小数（12,250 元记为 1.22 万元，12,350 元记为 1.24 万元）；各项与合计分别舍入，二者之差列为“舍入差”行。',
  en: 'Amounts are in 10⁴ yuan, rounded to two decimals half to even from the yuan (12,250 yuan is 1.22, 12,350 yuan is 1.24); parts and totals are rounded separately, and the difference between them is shown as a “Rounding” row.',
} as const;
