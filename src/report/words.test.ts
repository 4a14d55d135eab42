import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { tinyInput } from '../../test/helpers';
import { checkDetailZh, gradeZh, unitShown, warningNotice } from './words';

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

  it('grades in Chinese beside their codes; units by their symbols', () => {
    expect(['verified', 'published', 'derived', 'secondary', 'assumed', 'other'].map(gradeZh)).toEqual([
      '已核实 verified',
      '已公开发布 published',
      '推导 derived',
      '转引 secondary',
      '假定 assumed',
      'other',
    ]);
    expect(['t_per_m3', 'J_per_g', 'yuan/m3', 'wan_yuan/hm2', 'one', 'something'].map(unitShown)).toEqual([
      't/m³',
      'J/g',
      '元/m³',
      '万元/hm²',
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
});
