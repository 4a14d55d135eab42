/**
 * Error codes of the uncertainty module (gepkit's Monte Carlo over an account): this module's own catalogue, in the
 * form core/catalogue.ts describes; src/errors.ts composes it with the others for the CLI and docs/errors.md.
 */
import { type CatalogueEntry, type IssueBuilders, entry, issuesOf } from '../core/catalogue';

/**
 * The Chinese of the UNCERTAINTY_INVALID details the module writes (a count, the tornado's percent, the seed out of
 * range; an input path without a number; a distribution's bounds, a lognormal's value, a point value of 0; a plan whose
 * account changes its lines; a draw that is not finite); any other detail (`sd -1 < 0`, written in symbols) is kept as
 * it is.
 */
function invalidZh(detail: string): string {
  let m = /^(draws|sobol|seed) must be an integer from (\S+) to (\S+), got (.+)$/.exec(detail);
  if (m !== null) return `${m[1]} 必须是 ${m[2]} 到 ${m[3]} 之间的整数，实际为 ${m[4]}`;
  m = /^the tornado's percent must be between 0 and 100, got (.+)$/.exec(detail);
  if (m !== null) return `龙卷风图的百分比必须在 0 与 100 之间，实际为 ${m[1]}`;
  m = /^no number at input path (.+)/s.exec(detail);
  if (m !== null) return `输入路径 ${m[1]} 处没有数值`;
  m = /^(normal|lognormal|uniform|triangular|pert) needs min ≤ (mode|value) ≤ max, got (.+)/s.exec(detail);
  if (m !== null) return `${m[1]} 分布要求 min ≤ ${m[2]} ≤ max，实际为 ${m[3]}`;
  if (detail === 'a lognormal needs a positive value') return '对数正态分布要求取值为正';
  if (detail === 'the point value is 0: a distribution around it cannot scale')
    return '点估计值为 0：围绕它的分布无法按比例缩放';
  if (detail === 'the account has other lines when it is moved') return '参数变动后核算出现了其他的行';
  m = /^draw (\d+) gives a value that is not a finite number: /.exec(detail);
  if (m !== null)
    return `第 ${m[1]} 次抽样得到的值不是有限数：某个分布在核算开方或作除数之处取到 0 或负值（请改用对数正态分布或有界分布）`;
  return detail;
}

export const UNCERTAINTY_ERRORS = {
  UNCERTAINTY_INVALID: entry<'detail'>(
    'error',
    (p) => `不确定性设置无效：${invalidZh(String(p.detail))}`,
    (p) => `Invalid uncertainty setting: ${p.detail}`,
    () =>
      'Check the distribution against docs/uncertainty.md: sd ≥ 0, gsd ≥ 1, min ≤ mode ≤ max, a non-zero point value; draws a positive integer.',
    () =>
      '请对照 docs/uncertainty.md 检查分布：sd ≥ 0，gsd ≥ 1，min ≤ mode ≤ max，点估计值不为零；draws 为正整数。',
  ),
  UNCERTAINTY_PROBE_FAILED: entry<'detail' | 'detailZh' | 'parameter'>(
    'error',
    (p) => `参数 ${p.parameter} 微调后核算失败或结构改变，无法编制抽样计划：${p.detailZh}`,
    (p) =>
      `The account fails or changes shape when ${p.parameter} is moved slightly, so no draw plan can be compiled: ${p.detail}`,
    () =>
      'A coefficient on a bound (a share of exactly 1, a threshold) cannot be varied: give it a zero-width or one-sided distribution, or leave it out with the `fixed` option.',
    () =>
      '处于边界上的系数（恰好为 1 的比例、阈值）不能变动：请为其设定宽度为零或单侧的分布，或用 `fixed` 选项将其排除。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

// Declared with their type so that TypeScript treats a call of `uncertaintyFail` as never returning.
const builders: IssueBuilders<typeof UNCERTAINTY_ERRORS> = issuesOf(UNCERTAINTY_ERRORS);
export const uncertaintyFail: IssueBuilders<typeof UNCERTAINTY_ERRORS>['fail'] = builders.fail;
