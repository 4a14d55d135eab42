import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/helpers';
import { UNCERTAINTY_ERRORS, uncertaintyFail, uncertaintyIssue } from './errors';

/** The one issue `f` throws. */
const thrown = (f: () => unknown) => {
  const issues = errorOf(f).issues;
  expect(issues).toHaveLength(1);
  return issues[0];
};

const invalid = (detail: string) =>
  thrown(() => uncertaintyFail('UNCERTAINTY_INVALID', ['draws'], { detail }));
const zh = (detail: string) => invalid(detail)?.message.zh;

/** The detail index.ts writes for a draw that is not finite (index.ts, `uncertainty`). */
const drawDetail = (n: number) =>
  `draw ${n} gives a value that is not a finite number: a distribution reaches 0 or below where the account takes a root or divides (use a lognormal or a bounded distribution)`;

describe('UNCERTAINTY_INVALID: an input named twice, an input of 0', () => {
  it('names the input and the entry that named it first, whole, in Chinese', () => {
    expect(
      zh(
        'the input at a.0.b.value is named already by inputs[3] (a.0.b): drawn twice, it would be multiplied by two independent draws; give it once',
      ),
    ).toBe(
      '不确定性设置无效：a.0.b.value 处的输入已由 inputs[3]（a.0.b）给出：抽样两次会乘上两个独立的抽样值；请只给一次',
    );
    expect(
      zh(
        'the input at ecosystems.1.area is 0: every draw of it as a multiple of its value is 0, so its distribution would move nothing',
      ),
    ).toBe(
      '不确定性设置无效：ecosystems.1.area 处的输入为 0：按其取值的倍数抽样时每次都是 0，其分布不起作用',
    );
    // the forms hold from the start of the detail only
    expect(zh('see: the input at x is 0: y')).toBe('不确定性设置无效：see: the input at x is 0: y');
    expect(zh('see: the input at x is named already by inputs[1] (y): drawn twice')).toBe(
      '不确定性设置无效：see: the input at x is named already by inputs[1] (y): drawn twice',
    );
  });
});

describe('UNCERTAINTY_PLAN_APPROXIMATE', () => {
  it('is a warning with the error, where, the points and the tolerance in both languages, and a hint in each', () => {
    const i = uncertaintyIssue('UNCERTAINTY_PLAN_APPROXIMATE', ['uncertainty', 'plan', 'check'], {
      error: '6.81e+0',
      where: 'R9',
      points: 8,
      tolerance: '1e-3',
    });
    expect(i).toMatchObject({ code: 'UNCERTAINTY_PLAN_APPROXIMATE', severity: 'warning' });
    expect(i.path).toEqual(['uncertainty', 'plan', 'check']);
    expect(i.message.en).toBe(
      'The draw plan is 6.81e+0 off the exact account (relative, at R9) at one of its 8 joint check draws, above 1e-3: the uncertainty band is approximate',
    );
    expect(i.message.zh).toBe(
      '抽样计划与精确核算在 8 个联合抽样点上最大相对误差为 6.81e+0（R9），超过 1e-3：不确定性区间是近似值',
    );
    expect(i.hint).toContain('Hold the parameter of the threshold fixed');
    expect(i.hintZh).toContain('固定阈值所在的参数');
  });
});

describe('UNCERTAINTY_INVALID', () => {
  it('is an error with its detail in English, its path and parameters as given, and a hint', () => {
    const i = invalid('sd -1 < 0');
    expect(i).toMatchObject({ code: 'UNCERTAINTY_INVALID', severity: 'error', path: ['draws'] });
    expect(i?.params).toEqual({ detail: 'sd -1 < 0' });
    expect(i?.message.en).toBe('Invalid uncertainty setting: sd -1 < 0');
    expect(i?.hint).toBe(
      'Check the option or distribution against docs/uncertainty.md: sd ≥ 0 (a normal’s at most 1/6 of the value), gsd ≥ 1 (sigma ≥ 0 in options), min ≤ mode ≤ max with min above 0, a non-zero point value, names of coefficients the account used; draws a positive integer.',
    );
    expect(i?.hintZh).toBe(
      '请对照 docs/uncertainty.md 检查选项或分布：sd ≥ 0（正态分布不超过取值的 1/6），gsd ≥ 1（选项中 sigma ≥ 0），min ≤ mode ≤ max 且 min 大于 0，点估计值不为零，名称须为本次核算所用的系数；draws 为正整数。',
    );
  });

  it("gives a count's or the seed's range in Chinese, the bounds and the value whole", () => {
    expect(zh('draws must be an integer from 2 to 1,000,000, got 1.5')).toBe(
      '不确定性设置无效：draws 必须是 2 到 1,000,000 之间的整数，实际为 1.5',
    );
    expect(zh('seed must be an integer from 0 to 4,294,967,295, got -1')).toBe(
      '不确定性设置无效：seed 必须是 0 到 4,294,967,295 之间的整数，实际为 -1',
    );
    // bounds of more than one character are read whole (the pattern takes any bound, not only 2 and 0)
    expect(zh('sobol must be an integer from 10 to 100,000, got 9')).toBe(
      '不确定性设置无效：sobol 必须是 10 到 100,000 之间的整数，实际为 9',
    );
  });

  it('gives a graded custom input named under inputs in Chinese', () => {
    // the whole path and key are read, each up to the next space; the distributions' key as written
    expect(
      zh(
        'the input at customIndicators.0.inputs.yield has a source and grade: it is drawn as the coefficient X1.yield; give its distribution under distributions["X1.yield"], not under inputs',
      ),
    ).toBe(
      '不确定性设置无效：customIndicators.0.inputs.yield 处的输入注明了来源和证据等级，已作为系数 X1.yield 抽样：请在 distributions["X1.yield"] 下给出其分布，而非在 inputs 下',
    );
    // a text that only contains the sentence is not it
    expect(
      zh(
        'in a plan: the input at a.b has a source and grade: it is drawn as the coefficient X1.k; give its distribution under d, not under inputs',
      ),
    ).not.toContain('注明了来源');
  });

  it("gives the tornado's percent in Chinese", () => {
    expect(zh("the tornado's percent must be between 0 and 100, got 150")).toBe(
      '不确定性设置无效：龙卷风图的百分比必须在 0 与 100 之间，实际为 150',
    );
  });

  it('gives a distribution that reaches 0, options of another shape and a name of no coefficient in Chinese', () => {
    expect(
      zh(
        'a normal with a relative sd of 0.4, above 1/6, draws the parameter at 0 or below with a probability of 1e-9 or more (use a lognormal or a bounded distribution above 0)',
      ),
    ).toBe(
      '不确定性设置无效：相对标准差为 0.4 的正态分布超过 1/6，抽到 0 或负值的概率不小于 1e-9（请改用对数正态分布或取值全在 0 以上的有界分布）',
    );
    expect(
      zh(
        'uniform reaches -0.265 (a multiplier of -0.5): the parameter would be drawn at 0 or of the other sign; its range must stay above 0',
      ),
    ).toBe(
      '不确定性设置无效：uniform 分布取到 -0.265（乘数 -0.5）：参数会被抽到 0 或变号；其范围必须全在 0 以上',
    );
    expect(
      zh(
        'triangular reaches 0.5 (a multiplier of -0.25): the parameter would be drawn at 0 or of the other sign; its range must stay below 0',
      ),
    ).toBe(
      '不确定性设置无效：triangular 分布取到 0.5（乘数 -0.25）：参数会被抽到 0 或变号；其范围必须全在 0 以下',
    );
    expect(
      zh(
        'a normal multiplier (sd 0.16) was drawn at -0.01: the parameter at 0 or of the other sign (use a lognormal or a bounded distribution)',
      ),
    ).toBe(
      '不确定性设置无效：正态乘数（标准差 0.16）抽到 -0.01：参数为 0 或变号（请改用对数正态分布或有界分布）',
    );
    expect(zh('tornado is true, false or { percent }, got null')).toBe(
      '不确定性设置无效：tornado 应为 true、false 或 { percent }，实际为 null',
    );
    expect(zh('inputs is a list of { path, distribution }, got {}')).toBe(
      '不确定性设置无效：inputs 应为 { path, distribution } 的列表，实际为 {}',
    );
    expect(
      zh(`an input's path is a list of keys and indices (["materialProducts", 0, "grossOutput"]), got "a.b"`),
    ).toBe(
      '不确定性设置无效：输入的 path 应为键与下标的列表（如 ["materialProducts", 0, "grossOutput"]），实际为 "a.b"',
    );
    expect(zh('fixed is a list of coefficient ids or keys, got "price.x"')).toBe(
      '不确定性设置无效：fixed 应为系数编号或键的列表，实际为 "price.x"',
    );
    expect(
      zh('"price.electricty" is no coefficient id or key the account used (did you mean price.electricity?)'),
    ).toBe(
      '不确定性设置无效："price.electricty" 不是本次核算所用系数的编号或键（是否应为 price.electricity？）',
    );
    // each form read whole: written after other words, or followed by more, a detail is kept as it is
    for (const d of [
      'a normal with a relative sd of 0.4, above 1/6, draws',
      'uniform reaches -0.5 (a multiplier of -0.5): the parameter would be drawn at 0 or of the other sign; its range must stay above 0',
      'a normal multiplier (sd 0.16) was drawn at -0.01: the parameter',
      'tornado is true, false or { percent }, got null',
      'inputs is a list of { path, distribution }, got {}',
      `an input's path is a list of keys and indices (x), got "a"`,
      'fixed is a list of coefficient ids or keys, got "x"',
      '"zzz" is no coefficient id or key the account used',
    ])
      expect(zh(`see ${d}`)).toBe(`不确定性设置无效：see ${d}`);
    for (const d of [
      'uniform reaches -0.5 (a multiplier of -0.5): the parameter would be drawn at 0 or of the other sign; its range must stay above 0',
      '"zzz" is no coefficient id or key the account used',
    ])
      expect(zh(`${d}!`)).toBe(`不确定性设置无效：${d}!`);
    expect(zh('"zzz" is no coefficient id or key the account used')).toBe(
      '不确定性设置无效："zzz" 不是本次核算所用系数的编号或键',
    );
  });

  it('gives a draw that is not finite in Chinese, with its number', () => {
    expect(zh(drawDetail(12))).toBe(
      '不确定性设置无效：第 12 次抽样得到的值不是有限数：某个分布在核算开方或作除数之处取到 0 或负值（请改用对数正态分布或有界分布）',
    );
    expect(invalid(drawDetail(12))?.message.en).toBe(`Invalid uncertainty setting: ${drawDetail(12)}`);
  });

  it('gives an input path without a number, a distribution out of shape and a plan that moved in Chinese', () => {
    expect(zh('no number at input path climate.0.precipitation.value')).toBe(
      '不确定性设置无效：输入路径 climate.0.precipitation.value 处没有数值',
    );
    expect(zh('triangular needs min ≤ mode ≤ max, got 0.9, 1.2, 1.1')).toBe(
      '不确定性设置无效：triangular 分布要求 min ≤ mode ≤ max，实际为 0.9, 1.2, 1.1',
    );
    expect(zh('uniform needs min ≤ value ≤ max, got 1.1, 1, 1.2')).toBe(
      '不确定性设置无效：uniform 分布要求 min ≤ value ≤ max，实际为 1.1, 1, 1.2',
    );
    expect(zh('a lognormal needs a positive value')).toBe('不确定性设置无效：对数正态分布要求取值为正');
    expect(zh('the point value is 0: a distribution around it cannot scale')).toBe(
      '不确定性设置无效：点估计值为 0：围绕它的分布无法按比例缩放',
    );
    expect(zh('the account has other lines when it is moved')).toBe(
      '不确定性设置无效：参数变动后核算出现了其他的行',
    );
  });

  it('keeps any other detail as written, in Chinese as in English', () => {
    for (const detail of [
      'sd -1 < 0',
      'at no number at input path a.b',
      'cauchy needs min ≤ mode ≤ max, got 1, 2, 3',
      'a triangular needs min ≤ mode ≤ max, got 1, 2, 3',
      'a lognormal needs a positive value.',
      // the forms above only from their start: a detail that merely contains one is another detail
      'options.draws must be an integer from 2 to 1,000,000, got 1',
      "in a plan: the tornado's percent must be between 0 and 100, got 0",
      `at ${drawDetail(3)}`,
      'draw three gives a value that is not a finite number: ',
      // a value written over two lines is not cut at its line end: the detail is kept whole
      'draws must be an integer from 2 to 1,000,000, got 1\n2',
      "the tornado's percent must be between 0 and 100, got 5\n0",
    ])
      expect(zh(detail)).toBe(`不确定性设置无效：${detail}`);
  });
});

describe('UNCERTAINTY_PROBE_FAILED', () => {
  it('names the parameter and the detail in both languages', () => {
    const i = thrown(() =>
      uncertaintyFail('UNCERTAINTY_PROBE_FAILED', [], {
        parameter: 'wc.runoff_coefficient',
        detail: 'the account has other lines',
        detailZh: '核算结果的行不同',
      }),
    );
    expect(i).toMatchObject({ code: 'UNCERTAINTY_PROBE_FAILED', severity: 'error', path: [] });
    // the Chinese reads the refusal's Chinese (detailZh), the English its English (detail)
    expect(i?.message.zh).toBe(
      '参数 wc.runoff_coefficient 微调后核算失败或结构改变，无法编制抽样计划：核算结果的行不同',
    );
    expect(i?.message.en).toBe(
      'The account fails or changes shape when wc.runoff_coefficient is moved slightly, so no draw plan can be compiled: the account has other lines',
    );
    expect(i?.hint).toContain('the `fixed` option');
    expect(i?.hintZh).toBe(
      '处于边界上的系数（恰好为 1 的比例、阈值）不能变动：请为其设定宽度为零或单侧的分布，或用 `fixed` 选项将其排除。',
    );
  });

  it('is one of the three codes of the catalogue', () => {
    expect(Object.keys(UNCERTAINTY_ERRORS)).toEqual([
      'UNCERTAINTY_INVALID',
      'UNCERTAINTY_PROBE_FAILED',
      'UNCERTAINTY_PLAN_APPROXIMATE',
    ]);
  });
});
