import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { bundledProfiles } from '../profiles/bundled';
import { tinyInput } from '../../test/helpers';
import { checkDetailZh, gradeOrder, gradeZh, unitShown, valuationLabelZh, warningNotice } from './words';

describe('the reports’ words in Chinese', () => {
  it('gives each fixed form of a quality check’s detail in Chinese, and keeps a profile’s own text', () => {
    for (const [en, zh] of [
      [
        'region: Σ ecosystem areas 1281 km² vs total 1251 km² (relative difference 0.02398, tolerance 0.005)',
        '全域：各生态系统面积之和 1281 km²，总面积 1251 km²（相对差 0.02398，容差 0.005）',
      ],
      ['zone Z01: no total area given', '分区 Z01：未给出总面积'],
      ['R1 or R8 not in the account', 'R1 或 R8 不在本次核算中'],
      [
        'R8 does not read evapotranspiration (transpiration from EPP tables)',
        'R8 未读取蒸散发（蒸腾量取自 EPP 表）',
      ],
      [
        'R1 and R8 read the same evapotranspiration for 12 ecosystem rows',
        'R1 与 R8 对 12 行生态系统读取相同的蒸散发',
      ],
      [
        'R1 and R8 read different evapotranspiration for ecosystems.3',
        'R1 与 R8 对 ecosystems.3 读取的蒸散发不同',
      ],
      ['Count one. — both C1 and C2 are counted', 'Count one.（C1、C2 均已计入）'],
      ['Count one. — at most one of C1, C2 is counted', 'Count one.（C1、C2 至多计入一项）'],
      ['A profile note.', 'A profile note.'],
    ] as const)
      expect(checkDetailZh({ detail: en })).toBe(zh);
  });

  it('a check with its own Chinese (a profile rule with textZh) shows it', () => {
    expect(
      checkDetailZh({
        detail: 'Count one. — both C1 and C2 are counted',
        detailZh: '只计一项。（C1、C2 均已计入）',
      }),
    ).toBe('只计一项。（C1、C2 均已计入）');
  });

  it('every check of an account under a bundled profile has its Chinese form', () => {
    const r = account(tinyInput());
    expect(r.quality.checks.filter((c) => c.detailZh !== undefined).length).toBeGreaterThan(0);
    for (const c of r.quality.checks) {
      const zh = checkDetailZh(c);
      expect(zh, c.detail).not.toBe(c.detail);
      expect(zh, c.detail).not.toMatch(/ — |\b(the|and|is|are|counted)\b/);
    }
  });

  it('grades from verified to assumed, whatever order the result held them in', () => {
    // A result read back from JSON holds its counts with sorted keys: assumed first.
    const counts = { assumed: 12, derived: 0, published: 13, secondary: 15, verified: 8 };
    expect(gradeOrder(Object.entries(counts)).map(([g]) => g)).toEqual([
      'verified',
      'published',
      'derived',
      'secondary',
      'assumed',
    ]);
    expect(gradeOrder([['other', 1] as const, ['verified', 2] as const]).map(([g]) => g)).toEqual([
      'verified',
      'other',
    ]);
  });
  it('grades in Chinese beside their codes; units by their symbols', () => {
    expect(['verified', 'published', 'derived', 'secondary', 'assumed', 'other'].map(gradeZh)).toEqual([
      '已核实 verified',
      '已公开发布 published',
      '推导 derived',
      '转引 secondary',
      '假定 assumed',
      'other',
    ]);
    const units = [
      't_per_m3',
      'J_per_g',
      'yuan/m3',
      'wan_yuan/hm2',
      'wan_t',
      'yuan/mu',
      'yuan/person_time',
      'yuan/wan_t',
      'one',
      'something',
    ];
    expect(units.map((u) => unitShown(u))).toEqual([
      't/m³',
      'J/g',
      '元/m³',
      '万元/hm²',
      '万t',
      '元/亩',
      '元/人次',
      '元/万t',
      '',
      'something',
    ]);
    // In English the Chinese symbols are written out: 万 as × 10⁴ after a number (3 × 10⁴ yuan/hm²), 10⁴ after a
    // slash, 元 as yuan, 亩 as mu, 人次 as visits and visit after a slash; Latin symbols stay.
    expect(units.map((u) => unitShown(u, 'en'))).toEqual([
      't/m³',
      'J/g',
      'yuan/m³',
      '× 10⁴ yuan/hm²',
      '× 10⁴ t',
      'yuan/mu',
      'yuan/visit',
      'yuan/10⁴ t',
      '',
      'something',
    ]);
  });

  it('the warning line under the summary: how many, of which codes, and where they are listed', () => {
    const one = warningNotice([{ code: 'AREA_SUM_MISMATCH' }]);
    expect(one?.zh.join('')).toBe('本核算有 1 条警告（AREA_SUM_MISMATCH），列于“质量控制”一节。');
    expect(one?.en.join('')).toBe(
      'This account carries 1 warning (AREA_SUM_MISMATCH), listed under Quality control.',
    );
    const three = warningNotice([
      { code: 'AREA_SUM_MISMATCH' },
      { code: 'GRADE_BELOW_THRESHOLD' },
      { code: 'AREA_SUM_MISMATCH' },
    ]);
    expect(three?.zh.join('')).toBe(
      '本核算有 3 条警告（AREA_SUM_MISMATCH ×2, GRADE_BELOW_THRESHOLD），列于“质量控制”一节。',
    );
    expect(three?.en.join('')).toBe(
      'This account carries 3 warnings (AREA_SUM_MISMATCH ×2, GRADE_BELOW_THRESHOLD), listed under Quality control.',
    );
    // the middle part is the section's name, which the HTML report links to the section
    expect([three?.zh[1], three?.en[1]]).toEqual(['质量控制', 'Quality control']);
    expect(warningNotice([])).toBeUndefined();
  });

  it('gives each fixed form of a valuation’s label in Chinese, keeping the keys, codes and symbols in it', () => {
    for (const [en, zh] of [
      ['market price', '市场价格'],
      ['ecological share', '生态贡献率'],
      ['net output (value added − depreciation)', '净产值（增加值 − 折旧）'],
      ['tariff', '上网电价'],
      ['time-cost', '时间成本'],
      ['siltation (dredging cost)', '减少泥沙淤积（清淤成本）'],
      ['water purification cost (K), water at 1 t/m³', '水体净化成本（K），水按 1 t/m³ 计'],
      ['so2 (tax-equivalent)', 'so2（环境保护税当量）'],
      ['N (treatment-cost)', 'N（治理成本）'],
      ['P (fertiliser)', 'P（化肥价格）'],
      ['carbon price per t_CO2', '碳价（每 t CO₂）'],
      ['carbon price per t_C (CO₂ × 12/44)', '碳价（每 t C，CO₂ × 12/44）'],
      ['so2 treatment cost (K_k)', 'so2 治理成本（K_k）'],
      [
        'N at C₁/R₁ (lyt.fertiliser.dap.price ÷ lyt.fertiliser.dap.n_content = 2400 ÷ 0.14)',
        'N 按 C₁/R₁ 计（lyt.fertiliser.dap.price ÷ lyt.fertiliser.dap.n_content = 2400 ÷ 0.14）',
      ],
      ['value of Shannon–Wiener class 3 (S) × area', 'Shannon–Wiener 指数等级 3 的单位面积价值（S）× 面积'],
      // a custom indicator's own label is its own
      ['Camellia oil seed at the mill gate', 'Camellia oil seed at the mill gate'],
    ] as const)
      expect(valuationLabelZh(en)).toBe(zh);
  });

  it('every valuation and share label of the example county, under each bundled profile, has its Chinese form', () => {
    const example = () =>
      JSON.parse(
        readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
      ) as unknown;
    const labels = new Set<string>();
    for (const p of bundledProfiles())
      for (const i of account(example(), { profile: p.id, baseYear: 2015 }).indicators)
        for (const l of i.lines)
          for (const v of l.valuations) {
            labels.add(v.label);
            if (v.factor !== undefined) labels.add(v.factor.label);
          }
    expect(labels.size).toBeGreaterThan(15);
    for (const label of labels) expect(valuationLabelZh(label), label).toMatch(/[\u4e00-\u9fff]/);
  });
});
