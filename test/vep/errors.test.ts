import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogueEntry, Params } from '../../src/core/catalogue';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/errors';
import { some, tinyInput, errorOf } from '../helpers';
import { incomeCapitalisation, realisationRate } from '../../src/vep/appraisal';
import { marketComparison, replacementCost } from '../../src/vep/comparison';
import { VepBatch, indexOptions } from '../../src/vep/batch';
import { changeAccounting } from '../../src/vep/change';
import { prepareContext } from '../../src/vep/context';
import { allocatePackage } from '../../src/vep/dividends';
import { VEP_ERRORS } from '../../src/vep/errors';
import { loanAppraisal } from '../../src/vep/lending';
import { defaultPoolWorkerFile } from '../../src/vep/pool-node';
import { ParcelSums, reconcile, unexplainedIssues } from '../../src/vep/reconcile';
import { SQUARE_001, exampleContext, parcel, square } from './helpers';

/**
 * Every amount the sources pass as the `what` of VEP_PRICE_YEAR_MISMATCH or VEP_AMOUNT_NOT_FEN, as they spell it:
 * a quoted `what:` property of src/vep and src/cli/vep.ts (not a parameter's type, `what: 'fees' | …`), and the name each call of dividends' toFen gives its amount. A
 * template's `${…}` parts are filled with 1, except `${what}`, the loop of appraisal.ts over its revenue and cost,
 * filled with each.
 */
function amountsNamed(): { file: string; what: string }[] {
  const root = new URL('../../src/', import.meta.url).pathname;
  const files = [
    ...readdirSync(join(root, 'vep'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join('vep', f)),
    join('cli', 'vep.ts'),
  ];
  const found: { file: string; what: string }[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const named = [
      ...text.matchAll(/\bwhat:\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*')(?=\s*[,}])/g),
      ...text.matchAll(/\btoFen\([^;]*?,\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*')\)/g),
    ];
    for (const m of named) {
      const spelt = (m[1] as string).slice(1, -1);
      for (const loop of spelt.includes('${what}') ? ['revenue', 'cost'] : [''])
        found.push({ file, what: spelt.replaceAll('${what}', loop).replace(/\$\{[^}]*\}/g, '1') });
    }
  }
  return found;
}

const ctx = exampleContext();
const prepared = prepareContext(ctx);
const line = (item: unknown, opts = {}, header?: string): Issue[] => {
  const b = new VepBatch(prepared, opts);
  if (header !== undefined) b.process(header, 1);
  return b.process(item, 2)?.issues ?? [];
};
const codes = (is: readonly Issue[]) => is.map((i) => i.code as string);
const account = some(['R1'], tinyInput());
const y = (value: string, priceYear = 2024) => ({ value, unit: 'yuan', priceYear });
const loan = {
  id: 'P',
  valuationDate: '2024-01-01',
  validUntil: '2024-12-31',
  annualFlow: y('1000'),
  rate: '0.05',
  rights: { until: '2030-12-31' },
  haircut: '0.2',
  ltv: '0.5',
};

/** One bad input per code of the module's catalogue. */
const TRIGGERS: Record<keyof typeof VEP_ERRORS, () => readonly Issue[]> = {
  VEP_LINE_NOT_JSON: () => line('{"id":'),
  VEP_CSV_INVALID: () => line('a,"b', { format: 'csv' }, 'id,unit,area:shrub'),
  VEP_PARCEL_RESULT_INVALID: () => errorOf(() => new ParcelSums().add(null, ['line', 1])).issues,
  VEP_RECONCILE_UNEXPLAINED: () =>
    unexplainedIssues(
      reconcile([{ ok: true, cells: [{ indicator: 'R1', type: 'shrub', value: '1.00' }] }], account, 2020),
    ),
  // R9 on shrub: the account accounts R1 only
  VEP_RECONCILE_PARCELS_ONLY: () =>
    unexplainedIssues(
      reconcile([{ ok: true, cells: [{ indicator: 'R9', type: 'shrub', value: '1.00' }] }], account, 2020),
    ),
  VEP_CSV_HEADER: () => errorOf(() => line('x', { format: 'csv' }, 'id,area:shrub,colour')).issues,
  VEP_PARCEL_INVALID: () => line({ id: 'P', key: 'hills', areas: {} }),
  VEP_PARCEL_DUPLICATE: () => {
    const b = new VepBatch(prepared);
    b.process(parcel('P', 'hills', { shrub: ['1', 'hm2'] }), 1);
    return b.process(parcel('P', 'hills', { shrub: ['1', 'hm2'] }), 2)?.issues ?? [];
  },
  VEP_KEY_MISSING: () => line({ id: 'P', areas: { shrub: { value: '1', unit: 'hm2' } } }),
  VEP_KEY_UNKNOWN: () => line(parcel('P', 'coast', { shrub: ['1', 'hm2'] })),
  VEP_CONTEXT_INVALID: () =>
    errorOf(() => prepareContext({ ...ctx, validityMonths: 0, colour: 'red' })).issues,
  // the example context's data year is 2023: valued more than 5 years after it ends
  VEP_DATA_OLD: () => prepareContext({ ...ctx, valuationDate: '2029-01-01' }).warnings,
  VEP_ID_NORMALISED: () => line(parcel('ＰＫ－０１', 'hills', { shrub: ['1', 'hm2'] })),
  VEP_ID_SCIENTIFIC: () => line(parcel('1.23457E+11', 'hills', { shrub: ['1', 'hm2'] })),
  VEP_FIELD_NORMALISED: () => line(parcel('P', 'hills', { shrub: ['1', 'hm2'] }, { package: ' PKG-A' })),
  VEP_PARCEL_ENCUMBERED: () =>
    line(parcel('P', 'hills', { shrub: ['1', 'hm2'] }, { encumbrances: [{ kind: 'seizure' }] })),
  VEP_RESULT_INVALID: () => errorOf(() => changeAccounting({ year: 2020 }, account)).issues,
  // parcels valued from a 2019 account (their summary's basis.year) against the 2020 account
  VEP_YEAR_MISMATCH: () =>
    errorOf(() =>
      reconcile([{ ok: true, cells: [{ indicator: 'R1', type: 'shrub', value: '1.00' }] }], account, 2020, {
        year: 2019,
      }),
    ).issues,
  VEP_CHANGE_INCOMPARABLE: () =>
    errorOf(() =>
      changeAccounting(
        account,
        { ...account, prices: { ...account.prices, baseYear: 2015 } },
        { prices: 'comparable' },
      ),
    ).issues,
  VEP_CHANGE_RESULT_ROUNDED: () =>
    changeAccounting(account, some(['R1'], tinyInput(), { rounding: { money: 2, mode: 'halfEven' } }))
      .warnings,
  VEP_CHANGE_METHOD_DIFFERS: () =>
    changeAccounting(account, {
      ...account,
      indicators: account.indicators.map((i) => ({ ...i, method: 'water-conservation/other@1' })),
    }).warnings,
  VEP_PRICE_YEAR_MISMATCH: () =>
    errorOf(() => realisationRate({ realised: y('1', 2023), gep: y('10', 2024) })).issues,
  VEP_GEP_ZERO: () => errorOf(() => realisationRate({ realised: y('1'), gep: y('0') })).issues,
  VEP_AMOUNT_NOT_FEN: () =>
    errorOf(() =>
      allocatePackage({
        package: 'P',
        revenue: y('1.005'),
        basis: 'contract',
        depositors: [{ id: 'a', weight: '1' }],
      }),
    ).issues,
  VEP_WEIGHTS_ZERO: () =>
    errorOf(() =>
      allocatePackage({
        package: 'P',
        revenue: y('1'),
        basis: 'contract',
        depositors: [{ id: 'a', weight: '0' }],
      }),
    ).issues,
  // a depositor id with a trailing space
  VEP_DEPOSITOR_ID_NORMALISED: () =>
    allocatePackage({
      package: 'P',
      revenue: y('1'),
      basis: 'contract',
      depositors: [{ id: 'a ', weight: '1' }],
    }).warnings,
  // a fixed return of 2 on a revenue of 1
  VEP_DUES_PAID_SHORT: () =>
    allocatePackage({
      package: 'P',
      revenue: y('1'),
      basis: 'contract',
      tranches: [{ depositor: 'a', fixed: y('2') }],
      depositors: [{ id: 'a', weight: '1' }],
    }).warnings,
  VEP_PACKAGE_INVALID: () =>
    errorOf(() =>
      allocatePackage({
        package: 'P',
        revenue: y('1'),
        basis: 'area',
        depositors: [{ id: 'a', weight: '1' }],
      }),
    ).issues,
  VEP_APPRAISAL_INVALID: () =>
    errorOf(() => incomeCapitalisation({ rate: '-1', annual: { revenue: y('1'), cost: y('0'), term: 1 } }))
      .issues,
  // a right that ended in 2020: warned in valuation (refused in appraisal: src/vep/lending.test.ts)
  VEP_RIGHT_EXPIRED: () =>
    line(
      parcel('P', 'hills', { shrub: ['1', 'hm2'] }, { rights: [{ kind: 'forest', until: '2020-12-31' }] }),
    ),
  VEP_CERTIFICATE_DUPLICATE: () => {
    const b = new VepBatch(prepared);
    const right = (holder: string) => ({ rights: [{ kind: 'forest', certificate: 'LQ-9', holder }] });
    b.process(parcel('P1', 'hills', { shrub: ['1', 'hm2'] }, { package: 'A', ...right('Wang') }), 1);
    return (
      b.process(parcel('P2', 'hills', { shrub: ['1', 'hm2'] }, { package: 'B', ...right('Li') }), 2)
        ?.issues ?? []
    );
  },
  VEP_ENCUMBRANCE_DATES: () =>
    line(
      parcel(
        'P',
        'hills',
        { shrub: ['1', 'hm2'] },
        {
          encumbrances: [{ kind: 'lease', from: '2030-01-01', until: '2029-12-31' }],
        },
      ),
    ),
  VEP_METHOD_NOT_PARCEL: () => prepared.warnings,
  VEP_AREA_MISMATCH: () =>
    line(
      parcel(
        'P',
        'hills',
        { shrub: ['500', 'hm2'] },
        {
          geometry: SQUARE_001,
        },
      ),
    ),
  // a bowtie: edge 0–1 crosses edge 2–3
  VEP_GEOMETRY_INVALID: () =>
    line(
      parcel(
        'P',
        'hills',
        { shrub: ['1', 'hm2'] },
        {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [120, 30],
                [120.01, 30.01],
                [120.01, 30],
                [120, 30.01],
                [120, 30],
              ],
            ],
          },
        },
      ),
    ),
  // longitude 80, latitude 40 written [40, 80]
  VEP_GEOMETRY_EXTENT: () =>
    line(parcel('P', 'hills', { shrub: ['1', 'hm2'] }, { geometry: square(40, 80, 0.01) })),
  VEP_PARCEL_OVERLAP: () => {
    const b = new VepBatch(prepared);
    const geometry = SQUARE_001;
    b.process(parcel('P1', 'hills', { shrub: ['107', 'hm2'] }, { geometry }), 1);
    b.process(parcel('P2', 'hills', { shrub: ['107', 'hm2'] }, { geometry }), 2);
    return b.summary().overlaps;
  },
  // a date factor typed as the index 102 (for 1.02)
  VEP_COMPARISON_ADJUSTMENT_LARGE: () =>
    marketComparison({
      subject: { area: { value: '1', unit: 'hm2' } },
      comparables: ['a', 'b', 'c'].map((id) => ({
        id,
        price: { value: '1000', unit: 'yuan/hm2', priceYear: 2024 },
        factors: id === 'a' ? { date: '102' } : {},
      })),
    }).warnings,
  // corrected prices 1 000, 1 000 and 1 300 元/hm²: the highest is 1.3 times the lowest, above 1.2
  VEP_COMPARISON_SPREAD: () =>
    marketComparison({
      subject: { area: { value: '1', unit: 'hm2' } },
      comparables: ['a', 'b', 'c'].map((id) => ({
        id,
        price: { value: id === 'c' ? '1300' : '1000', unit: 'yuan/hm2', priceYear: 2024 },
      })),
    }).warnings,
  VEP_CONDITION_HIGH: () =>
    replacementCost({ cost: y('120000'), age: 8, life: 20, condition: '10' }).warnings,
  VEP_RATE_HIGH: () => loanAppraisal({ ...loan, rate: '0.2' }).warnings,
  // a lien of 1 000 000 元 ahead of a 14 000 元 flow's capitalised value: nothing left to lend
  VEP_LOAN_NIL: () =>
    loanAppraisal({ ...loan, liens: [{ holder: 'A', amount: y('1000000'), priority: 1 }] }).warnings,
  // rights until 2030-06-30 from 2024-01-01: 6 whole years and 182 days, the days not capitalised
  VEP_TERM_PART_YEAR: () => loanAppraisal({ ...loan, rights: { until: '2030-06-30' } }).warnings,
  VEP_LOAN_TERM_EXCEEDED: () =>
    errorOf(() => loanAppraisal({ ...loan, loan: { start: '2024-01-01', months: 24 } })).issues,
  // valued 2024-01-01: valid at most 120 months, until 2033-12-31
  VEP_VALIDITY_TOO_LONG: () => errorOf(() => loanAppraisal({ ...loan, validUntil: '2199-12-31' })).issues,
  // 0.5 typed for 0.5 %, against a rate of 0.05
  VEP_GROWTH_HIGH: () => loanAppraisal({ ...loan, growth: '0.5' }).warnings,
  // An index whose folder cannot be made: the batch that moves its keys to disk (here from the first) stops.
  // Run from the sources, no built worker (dist/vep/pool-worker.js) lies beside the pool's module.
  VEP_WORKER_FAILED: () => errorOf(() => defaultPoolWorkerFile()).issues,
  VEP_INDEX_FAILED: () =>
    errorOf(() =>
      new VepBatch(prepared, {
        ...indexOptions('disk', () => {
          throw Object.assign(new Error("ENOSPC: no space left on device, mkdtemp '/tmp/x'"), {
            code: 'ENOSPC',
          });
        }),
      }).process(parcel('P', 'hills', { shrub: ['1', 'hm2'] }), 1),
    ).issues,
  VEP_GRADE_BELOW: () =>
    errorOf(() => loanAppraisal({ ...loan, minGrade: 'verified', evidence: [{ id: 'x', grade: 'assumed' }] }))
      .issues,
  VEP_EVIDENCE_MISSING: () => errorOf(() => loanAppraisal({ ...loan, minGrade: 'verified' })).issues,
};

describe('VEP error codes', () => {
  it('every code has zh, en and a hint', () => {
    for (const [code, e] of Object.entries(VEP_ERRORS) as [string, CatalogueEntry][]) {
      expect(code.startsWith('VEP_')).toBe(true);
      expect(e.zh({}).length).toBeGreaterThan(0);
      expect(e.en({}).length).toBeGreaterThan(0);
      expect(e.hint({}).length).toBeGreaterThan(0);
      // the hint in Chinese, reading the parameters the English one reads
      const read = (into: Set<string>) =>
        new Proxy({} as Params, {
          get: (_, k) => {
            into.add(String(k));
            return `<${String(k)}>`;
          },
        });
      const enRead = new Set<string>();
      const zhRead = new Set<string>();
      e.hint(read(enRead));
      expect(e.hintZh(read(zhRead)), code).toMatch(/\p{Script=Han}/u);
      expect([...zhRead].sort(), code).toEqual([...enRead].sort());
    }
  });

  it('the Chinese hints that depend on their parameters take the branch the English one takes', () => {
    const zh = (code: keyof typeof VEP_ERRORS, params: Params) =>
      (VEP_ERRORS[code] as CatalogueEntry).hintZh(params);
    expect(zh('VEP_FIELD_NORMALISED', { field: 'package', id: 'x' })).toMatch(
      /^资产包编号按读出的形式分组和报告/,
    );
    expect(zh('VEP_FIELD_NORMALISED', { field: 'holder', id: 'x' })).toMatch(/^权证编号和权利人在整个批次中/);
    // a ratio written as a percentage (1 < x < 100) is named; 0, 1 and 100 get the general hint
    expect(zh('VEP_APPRAISAL_INVALID', { detail: 'loan-to-value ratio 70 is outside (0, 1]' })).toBe(
      '贷款价值比是小数，不是百分数：70 % 应写为 0.7。',
    );
    expect(zh('VEP_APPRAISAL_INVALID', { detail: 'growth rate 5 is outside [0, 1)' })).toBe(
      '增长率是小数，不是百分数：5 % 应写为 0.05。',
    );
    for (const detail of [
      'pledge ratio 0 is outside (0, 1]',
      'haircut 100 is outside [0, 1)',
      'discount rate 1 is outside (0, 1)',
    ])
      expect(zh('VEP_APPRAISAL_INVALID', { detail })).toMatch(/^请对照 docs\/vep\.md 的“Appraisal”/);
    const ring = { a: '2', b: '', ring: '0' };
    const eight = zh('VEP_GEOMETRY_INVALID', { ...ring, problem: 'too-few' });
    expect(eight).toMatch(/^环是一条简单闭合线/);
    expect(zh('VEP_GEOMETRY_INVALID', { ...ring, problem: 'self-intersection' })).toBe(eight);
    expect(zh('VEP_GEOMETRY_INVALID', { ...ring, problem: 'parts-overlap' })).toMatch(
      /^MultiPolygon 的各个部分是各自独立的土地/,
    );
    expect(zh('VEP_GEOMETRY_INVALID', { ...ring, problem: 'hole-outside' })).toMatch(/^多边形是其外环/);
    const point = { at: 'a', outside: '1', total: '1', position: '[200, 30]', swapped: '[30, 200]' };
    expect(zh('VEP_GEOMETRY_EXTENT', { ...point, look: 'projected' })).toMatch(
      /^这些坐标看起来是以米为单位的投影坐标/,
    );
    expect(zh('VEP_GEOMETRY_EXTENT', { ...point, look: 'swapped' })).toBe(
      '坐标点的经纬度似乎写反了：GeoJSON 按 [经度, 纬度] 书写，而每个坐标点对调后都位于中国境内（[200, 30] → [30, 200]）。请对调每一对坐标（按 EPSG:4490 自身的轴顺序先写纬度的导出会造成这种情况）。',
    );
    expect(zh('VEP_GEOMETRY_EXTENT', { ...point, look: 'outside' })).toMatch(/^请检查图形的坐标系/);
  });
  for (const code of Object.keys(VEP_ERRORS) as (keyof typeof VEP_ERRORS)[]) {
    it(`${code} is triggered by a bad input`, () => {
      const issues = TRIGGERS[code]();
      expect(codes(issues)).toContain(code);
      const i = issues.find((x) => (x.code as string) === code) as Issue;
      expect(i.message.zh.length).toBeGreaterThan(0);
      expect(i.message.en.length).toBeGreaterThan(0);
      expect(i.severity).toBe(VEP_ERRORS[code].severity);
    });
  }
  it('VEP_FIELD_NORMALISED names the field and the text as read in both languages, its hint by field', () => {
    const i = TRIGGERS.VEP_FIELD_NORMALISED().find((x) => x.code === 'VEP_FIELD_NORMALISED') as Issue;
    expect([i.path, i.params]).toEqual([['line', 2, 'package'], { field: 'package', id: 'PKG-A' }]);
    expect(i.message.zh).toBe(
      '资产包编号按编号规则读作“PKG-A”（去除首尾空白，全角字母数字等按 NFKC 转为半角）',
    );
    expect(i.hint).toContain('byPackage');
    const e = VEP_ERRORS.VEP_FIELD_NORMALISED;
    expect(e.zh({ field: 'holder', id: '' })).toBe(
      '权利人只有空白，按编号规则读作无（与空白的 CSV 单元格相同）',
    );
    expect(e.zh({ field: 'certificate', id: 'C-1' })).toMatch(/^权证编号按编号规则读作“C-1”/);
    expect(e.hint({ field: 'certificate', id: 'C-1' })).toContain('VEP_CERTIFICATE_DUPLICATE');
  });
  it('VEP_PARCEL_DUPLICATE names the line of the first occurrence', () => {
    const i = TRIGGERS.VEP_PARCEL_DUPLICATE()[0] as Issue;
    expect(i.params).toMatchObject({ id: 'P', first: 1 });
    expect(i.path).toEqual(['line', 2, 'id']);
  });
});

/** The Chinese message of the first issue of a bad input, with its code and path. */
const zhOf = (issues: readonly Issue[]) => {
  const i = issues[0] as Issue;
  return { code: i.code, path: i.path, zh: i.message.zh };
};

describe('VEP error codes: the detail in Chinese in the Chinese message', () => {
  it('VEP_LINE_NOT_JSON: JSON.parse at a position, and a duplicate key', () => {
    // '{"id":1,}': after the comma at index 7, position 8 should open a quoted key.
    expect(zhOf(line('{"id":1,}'))).toEqual({
      code: 'VEP_LINE_NOT_JSON',
      path: ['line', 2],
      zh: '该行不是有效的 JSON：位置 8：应为双引号括起的属性名',
    });
    expect(zhOf(line('{"id":"a","id":"b"}'))).toEqual({
      code: 'VEP_LINE_NOT_JSON',
      path: ['line', 2, 'id'],
      zh: '该行不是有效的 JSON：键“id”在同一对象中出现两次（各 JSON 读取器对取哪一个不一致）',
    });
  });
  it('VEP_CSV_INVALID: unclosed quote, stray quote, character after a quote, cell count, encumbrances', () => {
    const csv = (row: string, header = 'id,unit,area:shrub') => zhOf(line(row, { format: 'csv' }, header));
    expect(csv('a,"b')).toEqual({
      code: 'VEP_CSV_INVALID',
      path: ['line', 2],
      zh: 'CSV 格式错误：引号字段没有结束引号（字段不能跨行）',
    });
    // '"a"x': the quoted field ends at index 2; the x is the 4th character.
    expect(csv('"a"x,b,1').zh).toBe('CSV 格式错误：位置 4：引号字段之后应为逗号');
    // 'a,b"c': the second field starts at the 3rd character.
    expect(csv('a,b"c,1').zh).toBe('CSV 格式错误：位置 3：未加引号的字段中含有引号');
    expect(csv('a,hm2').zh).toBe('CSV 格式错误：本行有 2 个字段，表头有 3 个');
    expect(csv('a,hm2,1,x@@y', 'id,unit,area:shrub,encumbrances')).toEqual({
      code: 'VEP_CSV_INVALID',
      path: ['line', 2, 'encumbrances'],
      zh: 'CSV 格式错误：encumbrances 列：“x@@y”含有多个 @（应为 kind@until;kind，例如 mortgage@2026-06-30;lease）',
    });
    expect(csv('a,hm2,1,lease@', 'id,unit,area:shrub,encumbrances').zh).toBe(
      'CSV 格式错误：encumbrances 列：“lease@”有空的部分（应为 kind@until;kind，例如 mortgage@2026-06-30;lease）',
    );
  });
  it('VEP_CSV_HEADER: unknown and repeated columns, missing id, area and unit columns', () => {
    const header = (h: string) =>
      errorOf(() => line('x', { format: 'csv' }, h)).issues.map((i) => i.message.zh);
    expect(header('id,area:shrub,colour,id')).toEqual([
      'CSV 表头错误：未知的列“colour”（应为以下之一：id, package, key, unit, right, certificate, holder, right_until, encumbrances, note, area:<type>, precipitation_mm, evapotranspiration_mm, storm_precipitation_mm）',
      'CSV 表头错误：列“id”出现了两次',
      'CSV 表头错误：缺少 unit 列（面积的单位）',
    ]);
    expect(header('key')).toEqual([
      'CSV 表头错误：缺少 id 列',
      'CSV 表头错误：缺少 area:<type> 列',
      'CSV 表头错误：缺少 unit 列（面积的单位）',
    ]);
    expect(header('id,"unit')).toEqual(['CSV 表头错误：引号字段没有结束引号（字段不能跨行）']);
  });
  it('VEP_PARCEL_INVALID: schema forms, the module’s refinements, a right without a "right" column', () => {
    expect(zhOf(line({ id: 'P', key: 'hills', areas: { shrub: 'x' } }))).toEqual({
      code: 'VEP_PARCEL_INVALID',
      path: ['line', 2, 'areas', 'shrub'],
      zh: '地块记录格式错误：应为对象，实际为字符串',
    });
    expect(zhOf(line({ key: 'hills', areas: { shrub: { value: '1', unit: 'hm2' } } }))).toEqual({
      code: 'VEP_PARCEL_INVALID',
      path: ['line', 2, 'id'],
      zh: '地块记录格式错误：缺少该字段（应为字符串）',
    });
    expect(zhOf(line({ id: 'P', key: 'hills', areas: {} })).zh).toBe(
      '地块记录格式错误：至少需要一种生态系统类型及其面积',
    );
    expect(VEP_ERRORS.VEP_APPRAISAL_INVALID.zh({ detail: 'at least three comparables' })).toBe(
      '评估参数错误：至少需要三个可比实例',
    );
    expect(zhOf(line(parcel(' ', 'hills', { shrub: ['1', 'hm2'] }))).zh).toBe(
      '地块记录格式错误：去除首尾空白后编号为空',
    );
    const right = { rights: [{ kind: 'forest', until: '2020-13-01' }] };
    expect(zhOf(line(parcel('P', 'hills', { shrub: ['1', 'hm2'] }, right)))).toEqual({
      code: 'VEP_PARCEL_INVALID',
      path: ['line', 2, 'rights', 0, 'until'],
      zh: '地块记录格式错误：不是 1900–2200 年间的日历日期 YYYY-MM-DD；实际为 "2020-13-01"',
    });
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    expect(zhOf(line(parcel('P', 'hills', { shrub: ['1', 'hm2'] }, { geometry: open }))).zh).toBe(
      '地块记录格式错误：多边形的环必须闭合（首尾坐标相同）',
    );
    expect(zhOf(line('a,hm2,1,Wang', { format: 'csv' }, 'id,unit,area:shrub,holder'))).toEqual({
      code: 'VEP_PARCEL_INVALID',
      path: ['line', 2, 'right'],
      zh: '地块记录格式错误：缺少 right 列：本行给出了权利（certificate、holder 或 right_until），其类型（forest, land-contract, land-management, homestead, water, house, ecological-rights, other）应写在 right 列中',
    });
  });
  it('VEP_CONTEXT_INVALID: a missing field, a bound, an unknown key', () => {
    const { region: _region, ...noRegion } = ctx;
    expect(zhOf(errorOf(() => prepareContext(noRegion)).issues)).toEqual({
      code: 'VEP_CONTEXT_INVALID',
      path: ['context', 'region'],
      zh: '估值上下文（context）格式错误：缺少该字段（应为对象）',
    });
    // a key name the schema refuses: what a name may hold, at the key (not zod's "Invalid key in record")
    expect(zhOf(errorOf(() => prepareContext({ ...ctx, keys: { 'a b': {} } })).issues)).toEqual({
      code: 'VEP_CONTEXT_INVALID',
      path: ['context', 'keys', 'a b'],
      zh: '估值上下文（context）格式错误：应由字母、数字和 _ . : - 组成（1–64 个字符）',
    });
    expect(TRIGGERS.VEP_CONTEXT_INVALID().map((i) => i.message.zh)).toEqual([
      '估值上下文（context）格式错误：过小：数值应不小于 1',
      '估值上下文（context）格式错误：未知字段："colour"',
    ]);
  });
  it('VEP_DATA_OLD: a valuation date long after the data year', () => {
    expect(TRIGGERS.VEP_DATA_OLD()[0]).toMatchObject({
      code: 'VEP_DATA_OLD',
      path: ['context', 'valuationDate'],
      message: {
        zh: '估值基准日 2029-01-01 晚于数据年份 2023 年结束后 5 年（2028-12-31 之后）：估值所依据的仍是 2023 年的数据',
      },
    });
  });
  it('VEP_RESULT_INVALID: missing parts of an account result', () => {
    expect(zhOf(TRIGGERS.VEP_RESULT_INVALID())).toEqual({
      code: 'VEP_RESULT_INVALID',
      path: ['a', 'region'],
      zh: '核算结果文件格式错误：缺少该字段（应为对象）',
    });
  });
  it('VEP_PARCEL_RESULT_INVALID: the forms of a parcel result line', () => {
    const add = (o: unknown) => zhOf(errorOf(() => new ParcelSums().add(o, ['line', 1])).issues);
    expect(add(null)).toEqual({
      code: 'VEP_PARCEL_RESULT_INVALID',
      path: ['line', 1],
      zh: '地块估值结果行格式错误：应为对象，实际为空值',
    });
    expect(add([]).zh).toBe('地块估值结果行格式错误：应为对象，实际为数组');
    // A received kind the table lacks is kept as written, also one named like an inherited property.
    expect(VEP_ERRORS.VEP_PARCEL_RESULT_INVALID.zh({ detail: 'expected an object, got constructor' })).toBe(
      '地块估值结果行格式错误：应为对象，实际为constructor',
    );
    expect(VEP_ERRORS.VEP_PARCEL_RESULT_INVALID.zh({ detail: 'valueOf 2 is outside [0, 1]' })).toBe(
      '地块估值结果行格式错误：valueOf 2 超出范围 [0, 1]',
    );
    expect(add({ ok: 'yes' }).zh).toBe('地块估值结果行格式错误："ok" 必须是 true 或 false');
    expect(add({ ok: true }).zh).toBe(
      '地块估值结果行格式错误：已估值的地块需要 "cells" 数组（紧凑格式的行则需要 "types"）',
    );
    expect(add({ ok: true, cells: [{ indicator: 'x', type: null, value: '1.005' }] })).toEqual({
      code: 'VEP_PARCEL_RESULT_INVALID',
      path: ['line', 1, 'cells', 0, 'value'],
      zh: '地块估值结果行格式错误：值 "1.005" 不是以元计的整分金额',
    });
    expect(add({ ok: true, cells: [{ indicator: 1 }] }).zh).toBe(
      '地块估值结果行格式错误："indicator" 必须是字符串',
    );
  });
  it('VEP_PACKAGE_INVALID and VEP_APPRAISAL_INVALID: the module’s forms', () => {
    expect(zhOf(TRIGGERS.VEP_PACKAGE_INVALID())).toEqual({
      code: 'VEP_PACKAGE_INVALID',
      path: ['package', 'depositors', 0, 'area'],
      zh: '资产包/分红文件格式错误：分配依据“area”要求每个存入人都有“area”',
    });
    expect(zhOf(TRIGGERS.VEP_APPRAISAL_INVALID())).toEqual({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['income', 'rate'],
      zh: '评估参数错误：折现率 -1 超出范围 (0, 1)',
    });
    expect(zhOf(errorOf(() => incomeCapitalisation({ rate: '0.05' } as never)).issues)).toEqual({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['income'],
      zh: '评估参数错误：flows 与 annual 须给出且只给出其中一个',
    });
    // A comparable at a price of 0: "must be positive", its name in Chinese; a name the table lacks is kept.
    const market = (value: string) =>
      marketComparison({
        subject: { area: { value: '1', unit: 'hm2' } },
        comparables: ['a', 'b', 'c'].map((id) => ({
          id,
          price: { value: id === 'b' ? value : '1000', unit: 'yuan/hm2', priceYear: 2024 },
        })),
      });
    expect(zhOf(errorOf(() => market('0')).issues)).toEqual({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['market', 'comparables', 1, 'price', 'value'],
      zh: '评估参数错误：可比实例单价 0 应为正数',
    });
    expect(VEP_ERRORS.VEP_APPRAISAL_INVALID.zh({ detail: 'toString -2.5 must be positive' })).toBe(
      '评估参数错误：toString -2.5 应为正数',
    );
  });
});

describe('VEP error codes: change, encumbrance and loan details in Chinese', () => {
  it('VEP_RIGHT_EXPIRED: the valuation date in Chinese (the example context is valued 2024-03-31)', () => {
    const i = TRIGGERS.VEP_RIGHT_EXPIRED().find((x) => x.code === 'VEP_RIGHT_EXPIRED');
    expect(i?.message.zh).toBe('“P”的权利已于 2020-12-31 到期（早于估值基准日 2024-03-31）');
    // a `when` of another form is kept as it is
    expect(VEP_ERRORS.VEP_RIGHT_EXPIRED.zh({ id: 'P', until: '2020-12-31', when: 'x' })).toBe(
      '“P”的权利已于 2020-12-31 到期（早于x）',
    );
  });
  it('VEP_YEAR_MISMATCH: parcels of another year’s account, at the account’s year, in both languages', () => {
    const [i] = TRIGGERS.VEP_YEAR_MISMATCH();
    expect(i).toMatchObject({ code: 'VEP_YEAR_MISMATCH', path: ['account', 'year'] });
    expect(i?.message.en).toBe(
      'Years differ: the parcels were valued from the county account of 2019, the account reconciled with is of 2020',
    );
    expect(i?.message.zh).toBe('年份不一致：地块按 2019 年的全县核算估值，而对账的全县核算为 2020 年');
    // the same year reconciles
    expect(() =>
      reconcile([{ ok: true, cells: [{ indicator: 'R1', type: 'shrub', value: '1.00' }] }], account, 2020, {
        year: 2020,
      }),
    ).not.toThrow();
  });
  it('VEP_CHANGE_INCOMPARABLE: comparable prices of two base years', () => {
    const [i] = TRIGGERS.VEP_CHANGE_INCOMPARABLE();
    expect(i?.message.en).toBe(
      'The two accounts cannot be compared: comparable prices of different base years (2020, 2015)',
    );
    expect(i?.message.zh).toBe('两个核算结果不可比：可比价格的基年不同（2020、2015）');
  });
  it('VEP_ENCUMBRANCE_DATES: an end before the start, and beyond the rights’ end', () => {
    expect(TRIGGERS.VEP_ENCUMBRANCE_DATES().find((i) => i.code === 'VEP_ENCUMBRANCE_DATES')?.message.zh).toBe(
      '地块“P”的权利负担日期有误：结束日 2029-12-31 早于开始日 2030-01-01',
    );
    const beyond = (until?: string) =>
      line(
        parcel(
          'P',
          'hills',
          { shrub: ['1', 'hm2'] },
          {
            rights: [{ kind: 'forest', until: '2030-12-31' }],
            encumbrances: [{ kind: 'lease', ...(until === undefined ? {} : { until }) }],
          },
        ),
      ).find((i) => i.code === 'VEP_ENCUMBRANCE_DATES');
    expect(beyond('2031-06-30')?.message.zh).toBe(
      '地块“P”的权利负担日期有误：持续至 2031-06-30，超出权利的到期日 2030-12-31',
    );
    const open = beyond();
    expect(open?.message.zh).toBe('地块“P”的权利负担日期有误：持续至解除，超出权利的到期日 2030-12-31');
    // the hint says what to do with one that runs until released: not only "correct the dates"
    expect(open?.hint).toMatch(/One without an end \(until released\) outlasts rights that all end/);
    expect(open?.hintZh).toMatch(/未写结束日（至解除为止）的权利负担会超出均有终止日的权利/);
  });
  it('VEP_LOAN_TERM_EXCEEDED: a loan past the valuation’s validity, a validity before the valuation date', () => {
    // 24 months from 2024-01-01 end on 2025-12-31, past the validity (2024-12-31), which is earlier than the
    // rights' end (2030-12-31).
    expect(TRIGGERS.VEP_LOAN_TERM_EXCEEDED()[0]?.message.zh).toBe(
      '贷款期限超出允许范围：贷款期间为 2024-01-01 至 2025-12-31；应不早于估值基准日 2024-01-01 开始，并不晚于 2024-12-31 结束（估值有效期至 2024-12-31，权利至 2030-12-31）',
    );
    const early = errorOf(() => loanAppraisal({ ...loan, validUntil: '2023-12-31' })).issues;
    expect(early[0]?.message.zh).toBe(
      '贷款期限超出允许范围：估值有效期至 2023-12-31，早于其估值基准日 2024-01-01',
    );
  });
  it('VEP_VALIDITY_TOO_LONG: a validity longer than 120 months', () => {
    expect(TRIGGERS.VEP_VALIDITY_TOO_LONG()[0]).toMatchObject({
      path: ['loan', 'validUntil'],
      message: { zh: '估值有效期至 2199-12-31，超过估值基准日 2024-01-01 起 120 个月（最迟至 2033-12-31）' },
    });
  });
  it('VEP_EVIDENCE_MISSING: a minimum grade and no evidence', () => {
    expect(TRIGGERS.VEP_EVIDENCE_MISSING()[0]).toMatchObject({
      path: ['loan', 'evidence'],
      message: { zh: '要求证据等级不低于 verified（minGrade），但未给出任何证据（evidence）' },
    });
  });
  it('VEP_GROWTH_HIGH: growth at or above the rate, or above the level', () => {
    expect(TRIGGERS.VEP_GROWTH_HIGH().find((i) => i.code === 'VEP_GROWTH_HIGH')?.message.zh).toBe(
      '收益增长率 0.5 不低于资本化率 0.05：每年收益的现值不随年份递减，价值至少与期限成比例增长、没有上限，请核实',
    );
    expect(
      VEP_ERRORS.VEP_GROWTH_HIGH.zh({ growth: '0.11', rate: '0.12', level: '0.1', against: 'level' }),
    ).toBe('收益增长率 0.11 高于 0.1，请核实');
  });
});

describe('VEP_TERM_PART_YEAR and VEP_APPRAISAL_INVALID in English', () => {
  it('counts years and days in singular and plural', () => {
    const en = (years: number, days: number) => VEP_ERRORS.VEP_TERM_PART_YEAR.en({ id: 'P', years, days });
    expect(en(0, 1)).toBe(
      'The rights of "P" have less than a whole year left (1 day): nothing is capitalised, the value is 0',
    );
    expect(en(0, 200)).toBe(
      'The rights of "P" have less than a whole year left (200 days): nothing is capitalised, the value is 0',
    );
    expect(en(1, 1)).toBe('The rights of "P" run 1 whole year and 1 day: the last 1 day is not capitalised');
    expect(en(3, 181)).toBe(
      'The rights of "P" run 3 whole years and 181 days: the last 181 days are not capitalised',
    );
  });

  it('names a ratio written as a percentage in the hint; any other value gets the general hint', () => {
    const hint = (detail: string) => VEP_ERRORS.VEP_APPRAISAL_INVALID.hint({ detail });
    expect(hint('loan-to-value ratio 70 is outside (0, 1]')).toBe(
      'The loan-to-value ratio is a fraction, not a percentage: write 0.7 for 70 %.',
    );
    expect(hint('haircut 12.5 is outside [0, 1)')).toBe(
      'The haircut is a fraction, not a percentage: write 0.125 for 12.5 %.',
    );
    expect(hint('discount rate 5 is outside (0, 1)')).toBe(
      'The discount rate is a fraction, not a percentage: write 0.05 for 5 %.',
    );
    // 33.3 % is 0.333 exactly (not the double 0.33299999999999996)
    expect(hint('pledge ratio 33.3 is outside (0, 1]')).toBe(
      'The pledge ratio is a fraction, not a percentage: write 0.333 for 33.3 %.',
    );
    // above 1 and under 2: a fraction over the whole (an LTV of 1.2 is 120 %), not a percentage (1.2 %)
    expect(hint('loan-to-value ratio 1.2 is outside (0, 1]')).toBe(
      'The loan-to-value ratio is a fraction of at most 1 (0.7 = 70 %): 1.2 would be 120 %. Check the figure.',
    );
    expect(hint('haircut 1.55 is outside [0, 1)')).toBe(
      'The haircut is a fraction of at most 1 (0.7 = 70 %): 1.55 would be 155 %. Check the figure.',
    );
    // the bounds of each reading: 2 is a percentage (0.02), 1.234 over the whole (123.4 %); figures as the refusal
    // writes them (Decimal.toFixed)
    expect(hint('discount rate 2 is outside (0, 1)')).toBe(
      'The discount rate is a fraction, not a percentage: write 0.02 for 2 %.',
    );
    expect(hint('haircut 2.5 is outside [0, 1)')).toBe(
      'The haircut is a fraction, not a percentage: write 0.025 for 2.5 %.',
    );
    expect(hint('loan-to-value ratio 1.234 is outside (0, 1]')).toContain('1.234 would be 123.4 %.');
    expect(hint('loan-to-value ratio 1.5 is outside (0, 1]')).toContain('1.5 would be 150 %.');
    expect(hint('pledge ratio 10 is outside (0, 1]')).toContain('write 0.1 for 10 %.');
    // only the whole detail names a ratio out of its range
    expect(hint('haircut 12.5 is outside [0, 1) after all')).toMatch(
      /^Check the appraisal against docs\/vep\.md/,
    );
    const zh = (detail: string) => VEP_ERRORS.VEP_APPRAISAL_INVALID.hintZh?.({ detail });
    expect(zh('loan-to-value ratio 1.2 is outside (0, 1]')).toMatch(
      /是不超过 1 的小数（0\.7 即 70 %）：1\.2 即 120 %。请核对该数。$/,
    );
    expect(zh('haircut 12.5 is outside [0, 1)')).toMatch(/是小数，不是百分数：12\.5 % 应写为 0\.125。$/);
    // 100 would read as 1, itself outside (0, 1); 150 and 1 are no percentage of a fraction in range
    for (const detail of [
      'discount rate 100 is outside (0, 1)',
      'haircut 150 is outside [0, 1)',
      'haircut 1 is outside [0, 1)',
      'weight 0 is outside (0, 1000000]',
    ])
      expect(hint(detail)).toMatch(/^Check the appraisal against docs\/vep\.md/);
  });
});

describe('VEP_WORKER_FAILED in Chinese', () => {
  it("names a worker's exit code, and keeps Node's own message as written", () => {
    expect(VEP_ERRORS.VEP_WORKER_FAILED.zh({ detail: 'worker exited with code 1' })).toBe(
      '地块估值工作线程失败：工作线程已退出，退出码 1',
    );
    expect(VEP_ERRORS.VEP_WORKER_FAILED.zh({ detail: 'worker exited with code -3' })).toBe(
      '地块估值工作线程失败：工作线程已退出，退出码 -3',
    );
    expect(VEP_ERRORS.VEP_WORKER_FAILED.zh({ detail: "Cannot find module '/x.mjs'" })).toBe(
      "地块估值工作线程失败：Cannot find module '/x.mjs'",
    );
  });
});

describe('VEP amounts, encumbrances and first owners in Chinese', () => {
  it('VEP_PRICE_YEAR_MISMATCH and VEP_AMOUNT_NOT_FEN name each amount as the raising code writes it', () => {
    const year = (what: string) => VEP_ERRORS.VEP_PRICE_YEAR_MISMATCH.zh({ what, a: 2023, b: 2024 });
    expect(year('the realised value')).toBe('价格年份不一致：已实现价值 为 2023 年价格，应为 2024 年价格');
    expect(year('the parcels')).toBe('价格年份不一致：地块估值 为 2023 年价格，应为 2024 年价格');
    expect(year('revenue of year 3')).toBe('价格年份不一致：第 3 年的收入 为 2023 年价格，应为 2024 年价格');
    expect(year('cost of year 1')).toBe('价格年份不一致：第 1 年的成本 为 2023 年价格，应为 2024 年价格');
    expect(year('comparable C-2')).toBe('价格年份不一致：可比实例 C-2 为 2023 年价格，应为 2024 年价格');
    expect(year('lien 2')).toBe('价格年份不一致：第 2 项在先担保 为 2023 年价格，应为 2024 年价格');
    expect(year('the value of 甲')).toBe('价格年份不一致：甲 的入股价值 为 2023 年价格，应为 2024 年价格');
    expect(year('fee F1')).toBe('价格年份不一致：费用 F1 为 2023 年价格，应为 2024 年价格');
    expect(year('the parcel results file')).toBe(
      '价格年份不一致：地块估值结果文件 为 2023 年价格，应为 2024 年价格',
    );
    const fen = (what: string) => VEP_ERRORS.VEP_AMOUNT_NOT_FEN.zh({ what, value: '0.001' });
    expect(fen('The revenue')).toBe('收益（0.001 元）不是整分金额');
    expect(fen('the fixed return of a')).toBe('a 的固定收益（0.001 元）不是整分金额');
    // each form whole only
    for (const kept of ['the revenue', 'lien two', 'revenue of year 3.', 'a comparable', 'constructor'])
      expect(fen(kept)).toBe(`${kept}（0.001 元）不是整分金额`);
  });

  it('every amount the sources name (a `what:` of src/vep and src/cli/vep.ts, a fee or fixed return) has its Chinese', () => {
    const found = amountsNamed();
    // the scan itself works: one of each form
    for (const what of ['the parcel results file', 'the parcels', 'revenue of year 1', 'lien 1', 'fee 1'])
      expect(found.map((f) => f.what)).toContain(what);
    for (const { file, what } of found) {
      const zh = VEP_ERRORS.VEP_PRICE_YEAR_MISMATCH.zh({ what, a: 2023, b: 2024 });
      expect(zh, `${file}: ${what}`).not.toContain(what);
      expect(VEP_ERRORS.VEP_AMOUNT_NOT_FEN.zh({ what, value: '0.001' }), `${file}: ${what}`).not.toContain(
        what,
      );
    }
  });

  it('VEP_PARCEL_ENCUMBERED names the kinds in Chinese; a list with a kind not known is kept', () => {
    const enc = (kinds: string) => VEP_ERRORS.VEP_PARCEL_ENCUMBERED.zh({ id: 'P', kinds });
    expect(enc('pledge, mortgage, seizure')).toBe(
      '地块“P”在估值基准日存在质押、抵押、查封权利负担；生态价值未因此扣减',
    );
    expect(enc('lease')).toBe('地块“P”在估值基准日存在租赁权利负担；生态价值未因此扣减');
    expect(enc('easement, other')).toBe('地块“P”在估值基准日存在地役权、其他权利负担；生态价值未因此扣减');
    expect(enc('pledge, lien')).toBe('地块“P”在估值基准日存在pledge, lien权利负担；生态价值未因此扣减');
    expect(enc('constructor')).toBe('地块“P”在估值基准日存在constructor权利负担；生态价值未因此扣减');
  });

  it('VEP_CERTIFICATE_DUPLICATE names where a certificate was first, its package and holder, none included', () => {
    const dup = (first: string) =>
      VEP_ERRORS.VEP_CERTIFICATE_DUPLICATE.zh({ certificate: 'C1', first, id: 'B' });
    expect(dup('A: package P, holder H')).toBe(
      '权证“C1”在本批次中出现于不同资产包或权利人之下（首次见于“A：资产包 P，权利人 H”），地块“B”未估值',
    );
    expect(dup('D: package (none), holder (none)')).toContain('“D：资产包 无，权利人 无”');
    expect(dup('ZX-1: package PKG, EAST, holder Forest Holder Co.')).toContain(
      '“ZX-1：资产包 PKG, EAST，权利人 Forest Holder Co.”',
    );
    expect(dup('A package P')).toContain('（首次见于“A package P”）');
  });

  it('VEP_WORKER_FAILED: no worker file, with the places looked in', () => {
    expect(
      VEP_ERRORS.VEP_WORKER_FAILED.zh({
        detail: 'no worker file (looked for /a.js, /b.js); run with workers 0',
      }),
    ).toBe('地块估值工作线程失败：找不到工作线程文件（查找了 /a.js, /b.js）；请以 workers 0 运行');
    expect(VEP_ERRORS.VEP_WORKER_FAILED.zh({ detail: 'no worker file (looked for /a.js)' })).toBe(
      '地块估值工作线程失败：no worker file (looked for /a.js)',
    );
  });
});

describe('VEP catalogue: a detail in no known form', () => {
  it('is kept as it is, also when it names an inherited property of objects', () => {
    expect(VEP_ERRORS.VEP_CSV_INVALID.zh({ detail: 'constructor' })).toBe('CSV 格式错误：constructor');
    expect(VEP_ERRORS.VEP_PARCEL_INVALID.zh({ detail: 'something else' })).toBe(
      '地块记录格式错误：something else',
    );
  });
});

describe('VEP catalogue: the remaining fixed forms, as the raising code writes them', () => {
  // These details come from the CLI's reconcile reader (src/cli/vep.ts), a package's transfers and parts
  // (src/vep/dividends.ts) and the change accounting's checks (src/vep/change.ts).
  const zh = (code: keyof typeof VEP_ERRORS, detail: string) =>
    (VEP_ERRORS[code] as CatalogueEntry<'detail'>).zh({ detail });
  it('gives each in Chinese', () => {
    expect(
      zh(
        'VEP_PARCEL_RESULT_INVALID',
        'the result of batch line 3 comes after that of batch line 5 (line 4): each parcel once, in the order vep value writes them',
      ),
    ).toBe(
      '地块估值结果行格式错误：批次第 3 行的结果排在批次第 5 行（第 4 行）之后：每个地块只能出现一次，并按 vep value 写出的顺序排列',
    );
    expect(zh('VEP_PARCEL_RESULT_INVALID', 'a second summary line (the first is line 2)')).toBe(
      '地块估值结果行格式错误：出现第二个汇总行（第一个在第 2 行）',
    );
    // a line's figures and a summary's totals that are not the sums of the cells and lines (ParcelSums)
    const parcelZh = (detail: string) =>
      zh('VEP_PARCEL_RESULT_INVALID', detail).replace('地块估值结果行格式错误：', '');
    // a row of no ecosystem type (a parcel's lakes and reservoirs, R3) is named so in both languages
    const row = {
      indicator: 'R3',
      type: '(none)',
      parcels: '1.00',
      county: '3.00',
      difference: '2.00',
      bound: '0.01',
    };
    expect(VEP_ERRORS.VEP_RECONCILE_UNEXPLAINED.en(row)).toBe(
      'Indicator R3 on no ecosystem type: the parcels (1.00 元) and the county (3.00 元) differ by 2.00 元, more than rounding explains (0.01 元)',
    );
    expect(VEP_ERRORS.VEP_RECONCILE_UNEXPLAINED.zh(row)).toBe(
      '指标 R3（无生态系统类型）：地块合计 1.00 元与全县 3.00 元相差 2.00 元，超出舍入所能解释的 0.01 元',
    );
    expect(parcelZh('value "100019.01" is not the sum of the parcel\'s cells 19.01')).toBe(
      '值 "100019.01" 不等于该地块各单元之和 19.01',
    );
    expect(parcelZh('value "5013.01" of type "shrub" is not the sum of its cells 13.01')).toBe(
      '类型 "shrub" 的值 "5013.01" 不等于该类型各单元之和 13.01',
    );
    expect(parcelZh('"package" must be a string or null')).toBe('"package" 必须是字符串或 null');
    expect(parcelZh('"byType" is an array of { type, area, value }')).toBe(
      '"byType" 应为 { type, area, value } 的数组',
    );
    expect(parcelZh('an entry of "byPackage" is an object { package, parcels, value }')).toBe(
      '"byPackage" 的条目应为对象 { package, parcels, value }',
    );
    expect(parcelZh('"3" is not a number of parcels')).toBe('"3" 不是地块数（非负整数）');
    expect(parcelZh('the summary gives 1.00, the lines add up to 21.25')).toBe('汇总为 1.00，各行合计 21.25');
    expect(parcelZh('the summary gives 4, the lines have 3 valued parcels')).toBe(
      '汇总为 4，各行有 3 个已估值地块',
    );
    expect(parcelZh('package "A": the summary gives 5018.25, the lines add up to 18.25')).toBe(
      '资产包 "A"：汇总为 5018.25，各行合计 18.25',
    );
    expect(parcelZh('package null: the summary gives 2, the lines have 1 valued parcels')).toBe(
      '资产包 null：汇总为 2，各行有 1 个已估值地块',
    );
    expect(parcelZh('indicator "R3": the summary gives 0.00, the lines add up to 0.75')).toBe(
      '指标 "R3"：汇总为 0.00，各行合计 0.75',
    );
    expect(parcelZh('type "forest" appears twice in the summary')).toBe(
      '生态系统类型 "forest" 在汇总中出现了两次',
    );
    expect(parcelZh('package null of the lines (3.00) is not in the summary')).toBe(
      '各行中的资产包 null（3.00）不在汇总中',
    );
    expect(zh('VEP_PACKAGE_INVALID', 'no depositor "d9"')).toBe('资产包/分红文件格式错误：没有存入人“d9”');
    expect(zh('VEP_PACKAGE_INVALID', 'the part of "d1" (0.005 yuan) is not a whole number of fen')).toBe(
      '资产包/分红文件格式错误：“d1”的份额（0.005 元）不是整分金额',
    );
    expect(
      zh(
        'VEP_PACKAGE_INVALID',
        'the parts sum to 9.99 yuan, not the revenue 10.00 yuan (a gepkit defect; please report it)',
      ),
    ).toBe(
      '资产包/分红文件格式错误：各份额之和为 9.99 元，不等于收益 10.00 元（这是 gepkit 的缺陷，请报告）',
    );
    expect(zh('VEP_CHANGE_INCOMPARABLE', 'classifications differ (a@1, b@2)')).toBe(
      '两个核算结果不可比：分类体系不同（a@1、b@2）',
    );
    expect(
      zh(
        'VEP_RESULT_INVALID',
        'the GEP total 100.00 differs from the sum of its indicator lines 90.00 by 10.00 yuan, more than rounding explains (0.05)',
      ),
    ).toBe(
      '核算结果文件格式错误：GEP 合计 100.00 与其各指标行之和 90.00 相差 10.00 元，超出舍入所能解释的范围（0.05）',
    );
  });
});
