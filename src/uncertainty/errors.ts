/**
 * Error codes of the uncertainty module (gepkit's Monte Carlo over an account): this module's own catalogue, in the
 * form core/catalogue.ts describes; src/errors.ts composes it with the others for the CLI and docs/errors.md.
 */
import { type CatalogueEntry, type IssueBuilders, entry, issuesOf } from '../core/catalogue';

/**
 * The Chinese of the UNCERTAINTY_INVALID details the module writes (a count, the tornado's percent, the seed out of
 * range; an input path without a number; a distribution's bounds, a lognormal's value, a point value of 0; a
 * distribution that reaches 0, a draw at 0 or below; options of another shape, a name of no coefficient; a plan whose
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
  m = /^a normal with a relative sd of (\S+), above 1\/6, /.exec(detail);
  if (m !== null)
    return `相对标准差为 ${m[1]} 的正态分布超过 1/6，抽到 0 或负值的概率不小于 1e-9（请改用对数正态分布或取值全在 0 以上的有界分布）`;
  m = /^(uniform|triangular|pert) reaches (\S+) \(a multiplier of (\S+)\): .* stay (above|below) 0$/s.exec(
    detail,
  );
  if (m !== null)
    return `${m[1]} 分布取到 ${m[2]}（乘数 ${m[3]}）：参数会被抽到 0 或变号；其范围必须全在 0 ${m[4] === 'above' ? '以上' : '以下'}`;
  m = /^a normal multiplier \(sd (\S+)\) was drawn at (\S+): /.exec(detail);
  if (m !== null)
    return `正态乘数（标准差 ${m[1]}）抽到 ${m[2]}：参数为 0 或变号（请改用对数正态分布或有界分布）`;
  m = /^tornado is true, false or \{ percent \}, got (.+)/s.exec(detail);
  if (m !== null) return `tornado 应为 true、false 或 { percent }，实际为 ${m[1]}`;
  m = /^inputs is a list of \{ path, distribution \}, got (.+)/s.exec(detail);
  if (m !== null) return `inputs 应为 { path, distribution } 的列表，实际为 ${m[1]}`;
  m = /^an input's path is a list of keys and indices .*, got (.+)/s.exec(detail);
  if (m !== null)
    return `输入的 path 应为键与下标的列表（如 ["materialProducts", 0, "grossOutput"]），实际为 ${m[1]}`;
  m = /^fixed is a list of coefficient ids or keys, got (.+)/s.exec(detail);
  if (m !== null) return `fixed 应为系数编号或键的列表，实际为 ${m[1]}`;
  m = /^(".*") is no coefficient id or key the account used(?: \(did you mean (.+)\?\))?$/s.exec(detail);
  if (m !== null)
    return `${m[1]} 不是本次核算所用系数的编号或键${m[2] === undefined ? '' : `（是否应为 ${m[2]}？）`}`;
  m =
    /^the input at (\S+) has a source and grade: it is drawn as the coefficient (\S+); give its distribution under (.+), not under inputs$/s.exec(
      detail,
    );
  if (m !== null)
    return `${m[1]} 处的输入注明了来源和证据等级，已作为系数 ${m[2]} 抽样：请在 ${m[3]} 下给出其分布，而非在 inputs 下`;
  m = /^the input at (\S+) is named already by inputs\[(\d+)\] \((.*)\): drawn twice/s.exec(detail);
  if (m !== null)
    return `${m[1]} 处的输入已由 inputs[${m[2]}]（${m[3]}）给出：抽样两次会乘上两个独立的抽样值；请只给一次`;
  m = /^the input at (\S+) is 0: /.exec(detail);
  if (m !== null) return `${m[1]} 处的输入为 0：按其取值的倍数抽样时每次都是 0，其分布不起作用`;
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
      'Check the option or distribution against docs/uncertainty.md: sd ≥ 0 (a normal’s at most 1/6 of the value), gsd ≥ 1 (sigma ≥ 0 in options), min ≤ mode ≤ max with min above 0, a non-zero point value, names of coefficients the account used; draws a positive integer.',
    () =>
      '请对照 docs/uncertainty.md 检查选项或分布：sd ≥ 0（正态分布不超过取值的 1/6），gsd ≥ 1（选项中 sigma ≥ 0），min ≤ mode ≤ max 且 min 大于 0，点估计值不为零，名称须为本次核算所用的系数；draws 为正整数。',
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
  UNCERTAINTY_PLAN_APPROXIMATE: entry<'error' | 'points' | 'tolerance' | 'where'>(
    'warning',
    (p) =>
      `抽样计划与精确核算在 ${p.points} 个联合抽样点上最大相对误差为 ${p.error}（${p.where}），超过 ${p.tolerance}：不确定性区间是近似值`,
    (p) =>
      `The draw plan is ${p.error} off the exact account (relative, at ${p.where}) at one of its ${p.points} joint check draws, above ${p.tolerance}: the uncertainty band is approximate`,
    () =>
      'Two parameters meet inside one sum, or a threshold or clamp lies inside a distribution (docs/uncertainty.md, Tolerance). Hold the parameter of the threshold fixed, narrow its distribution, or read the band as approximate.',
    () =>
      '两个参数在同一个和式中相遇，或分布范围内有阈值或截断（见 docs/uncertainty.md 的 Tolerance 一节）。可固定阈值所在的参数、收窄其分布，或将区间视为近似值。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

// Declared with their type so that TypeScript treats a call of `uncertaintyFail` as never returning.
const builders: IssueBuilders<typeof UNCERTAINTY_ERRORS> = issuesOf(UNCERTAINTY_ERRORS);
export const uncertaintyFail: IssueBuilders<typeof UNCERTAINTY_ERRORS>['fail'] = builders.fail;
export const uncertaintyIssue: IssueBuilders<typeof UNCERTAINTY_ERRORS>['issue'] = builders.issue;
