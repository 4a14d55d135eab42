/**
 * The words the HTML and Word reports share in both languages: the categories, the status of a quality check, the
 * evidence grades, and the Chinese of the checks' details (src/account/validate.ts and quality.ts write them in
 * English, in fixed forms), and units by their symbols. A profile's own rule text stays as the profile gives it.
 */
import { parsePriceUnit } from '../core/schema';
import { isUnitId, unitSymbol } from '../core/units';

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

const GRADE_ZH: Readonly<Record<string, string>> = {
  verified: '已核实',
  published: '已公开发布',
  derived: '推导',
  secondary: '转引',
  assumed: '假定',
};

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

/**
 * A unit as a reader writes it: a catalogue id by its symbol (`t_per_m3` → t/m³, `J_per_g` → J/g), a price unit by
 * its two symbols (`yuan/m3` → 元/m³), a dimensionless ratio (`one`) by nothing; any other text as it is.
 */
export function unitShown(unit: string): string {
  if (unit === 'one') return '';
  if (isUnitId(unit)) return unitSymbol(unit);
  const price = parsePriceUnit(unit);
  return price === undefined ? unit : `${unitSymbol(price.money)}/${unitSymbol(price.per)}`;
}

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
