import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/helpers';
import { readDecimal } from '../core/decimal';
import { fenOfYuan } from './fen';
import {
  type ParcelCells,
  ParcelSums,
  type ReconcileRow,
  fenOfValue,
  reconcile,
  unexplainedIssues,
} from './reconcile';
import { compactResult } from './result-line';

/** A county account result as `gepkit account` writes it, reduced to what reconciliation reads. */
function county(lines: [code: string, ecosystem: string | null, current: string, comparable?: string][]) {
  const codes = [...new Set(lines.map((l) => l[0]))];
  return {
    region: { name: 'county' },
    year: 2023,
    profile: { id: 'p', version: '1' },
    classification: { ref: 'c@1' },
    prices: { currentYear: 2023, baseYear: 2020, index: { ref: 'i@1' } },
    rounding: 'exact',
    totals: { gep: { current: '0', comparable: '0' } },
    indicators: codes.map((code) => ({
      code,
      name: { zh: code, en: code },
      category: 'regulating',
      method: 'm',
      lines: lines
        .filter((l) => l[0] === code)
        .map(([, ecosystem, current, comparable]) => ({
          ecosystem,
          physical: null,
          value: { current, comparable: comparable ?? current },
        })),
    })),
  };
}

/** A valued parcel's cells (indicator, type, value in 元 with two decimals). */
const valued = (...cells: [string, string | null, string][]): ParcelCells => ({
  ok: true,
  cells: cells.map(([indicator, type, value]) => ({ indicator, type, value })),
});

describe('reconcile: parcel cells against the county account, per indicator × ecosystem type', () => {
  it('hand-computed rows, bounds, statuses and totals', () => {
    const parcels = [
      valued(['R1', 'shrub', '10.01'], ['R2', 'shrub', '3.00'], ['R3', 'shrub', '1.00']),
      valued(['R1', 'shrub', '20.02'], ['R2', 'shrub', '4.00']),
      valued(['R1', 'shrub', '5.00'], ['R2', 'forest', '0.50']),
      { ok: false }, // refused: not counted
    ];
    const c = county([
      ['R1', 'shrub', '35.04'], // parcels 35.03 (3 cells): D = +0.01, bound ½ fen × 4 = 2 fen → rounding
      ['R2', 'shrub', '6.995'], // rounded half to even → 7.00 (700 fen); parcels 7.00 (2 cells): D = 0, bound 1 fen
      ['R2', 'forest', '0.125'], // → 0.12 (even); parcels 0.50 (1 cell): D = −0.38, bound 1 fen → unexplained
      ['R4', 'shrub', '2.00'], // no parcel has it: county-only, D = +2.00
      ['R4', null, '0.30'], // a line no ecosystem owns: county-only too
    ]);
    // R3 on shrub: parcels only (1.00), the county has no such line: D = −1.00
    const r = reconcile(parcels, c, 2023);
    expect(r.priceYear).toBe(2023);
    expect(r.prices).toBe('current');
    expect(r.parcels).toBe(3);
    // sorted by the JSON text of [indicator, type]: ["R1","shrub"] < ["R2","forest"] < ["R2","shrub"] < ["R3",…]
    // < ["R4","shrub"] < ["R4",null] ('"' sorts before 'n')
    expect(r.rows).toEqual([
      {
        indicator: 'R1',
        type: 'shrub',
        parcels: '35.03',
        parcelCells: 3,
        county: '35.04',
        difference: '0.01',
        bound: '0.02',
        status: 'rounding',
      },
      {
        indicator: 'R2',
        type: 'forest',
        parcels: '0.50',
        parcelCells: 1,
        county: '0.12',
        difference: '-0.38',
        bound: '0.01',
        status: 'unexplained',
      },
      {
        indicator: 'R2',
        type: 'shrub',
        parcels: '7.00',
        parcelCells: 2,
        county: '7.00',
        difference: '0.00',
        bound: '0.01',
        status: 'rounding',
      },
      {
        indicator: 'R3',
        type: 'shrub',
        parcels: '1.00',
        parcelCells: 1,
        county: '0.00',
        difference: '-1.00',
        bound: '0.01',
        status: 'parcels-only',
      },
      {
        indicator: 'R4',
        type: 'shrub',
        parcels: '0.00',
        parcelCells: 0,
        county: '2.00',
        difference: '2.00',
        bound: '0.00',
        status: 'county-only',
      },
      {
        indicator: 'R4',
        type: null,
        parcels: '0.00',
        parcelCells: 0,
        county: '0.30',
        difference: '0.30',
        bound: '0.00',
        status: 'county-only',
      },
    ]);
    // totals: parcels 35.03 + 0.50 + 7.00 + 1.00 = 43.53; county 35.04 + 0.12 + 7.00 + 2.00 + 0.30 = 44.46;
    // difference 0.93 = rounding 0.01 + 0.00, unexplained −0.38, county-only 2.00 + 0.30 = 2.30, parcels-only
    // −1.00: 0.01 − 0.38 + 2.30 − 1.00 = 0.93
    expect(r.total).toEqual({ parcels: '43.53', county: '44.46', difference: '0.93' });
    expect([r.rounding, r.unexplained, r.countyOnly, r.parcelsOnly]).toEqual([
      '0.01',
      '-0.38',
      '2.30',
      '-1.00',
    ]);
    // the row beyond its bound (R2 on forest, rows[1]) and the parcels' value the county lacks (R3 on shrub,
    // rows[3]) are the warnings; the county-only rows are not
    expect(unexplainedIssues(r).map((i) => [i.code, i.severity, i.path, i.message.en, i.message.zh])).toEqual(
      [
        [
          'VEP_RECONCILE_UNEXPLAINED',
          'warning',
          ['rows', 1],
          'Indicator R2 on forest: the parcels (0.50 元) and the county (0.12 元) differ by -0.38 元, more than rounding explains (0.01 元)',
          '指标 R2（forest）：地块合计 0.50 元与全县 0.12 元相差 -0.38 元，超出舍入所能解释的 0.01 元',
        ],
        [
          'VEP_RECONCILE_PARCELS_ONLY',
          'warning',
          ['rows', 3],
          'Indicator R3 on shrub: the parcels hold 1.00 元 (1 parcel) that the county account has no line for',
          '指标 R3（shrub）：地块合计 1.00 元（1 个地块），全县核算中没有该指标和生态系统类型的行',
        ],
      ],
    );
  });

  it('the bound is ½ fen × (cells + 1), rounded down to whole fen, and a difference at it is rounding', () => {
    // n cells of 0.01 against a county of 0.01 × n + b: D = b fen; bound ⌊(n + 1) / 2⌋ fen
    const at = (n: number, extraFen: number) => {
      const ps = Array.from({ length: n }, () => valued(['R1', 'shrub', '0.01']));
      const total = ((n + extraFen) / 100).toFixed(2);
      return reconcile(ps, county([['R1', 'shrub', total]]), 2023).rows[0] as ReconcileRow;
    };
    // n = 1 → 1 fen; n = 2 → ⌊1.5⌋ = 1; n = 3 → 2; n = 4 → ⌊2.5⌋ = 2; n = 9 → 5
    expect([1, 2, 3, 4, 9].map((n) => at(n, 0).bound)).toEqual(['0.01', '0.01', '0.02', '0.02', '0.05']);
    // at the bound, either sign: rounding; one fen beyond: unexplained
    expect(at(3, 2).status).toBe('rounding');
    expect(at(3, -2).status).toBe('rounding');
    expect(at(3, 3).status).toBe('unexplained');
    expect(at(3, -3).status).toBe('unexplained');
    expect(at(1, 1).status).toBe('rounding');
    expect(at(1, -1).status).toBe('rounding');
    expect(at(1, 2).status).toBe('unexplained');
    expect(at(1, -2).status).toBe('unexplained');
    expect(at(3, -3).difference).toBe('-0.03');
  });

  it('several county lines of one cell (sub-items, zones) are summed before the one rounding', () => {
    // 0.004 + 0.004 + 0.004 = 0.012 → 0.01 (each alone would round to 0.00)
    const r = reconcile(
      [valued(['R1', 'shrub', '0.01'])],
      county([
        ['R1', 'shrub', '0.004'],
        ['R1', 'shrub', '0.004'],
        ['R1', 'shrub', '0.004'],
      ]),
      2023,
    );
    expect(r.rows).toHaveLength(1);
    expect([r.rows[0]?.county, r.rows[0]?.difference, r.rows[0]?.status]).toEqual([
      '0.01',
      '0.00',
      'rounding',
    ]);
    // a negative line: 1.00 + (−0.255) = 0.745 → 0.74 (half to even)
    const neg = reconcile(
      [valued(['R1', 'shrub', '0.75'])],
      county([
        ['R1', 'shrub', '1.00'],
        ['R1', 'shrub', '-0.255'],
      ]),
      2023,
    );
    expect([neg.rows[0]?.county, neg.rows[0]?.difference]).toEqual(['0.74', '-0.01']);
  });

  it('the county column is the one at the parcels’ price year', () => {
    const c = county([['R1', 'shrub', '10.00', '8.00']]);
    const ps = [valued(['R1', 'shrub', '8.00'])];
    // the base year 2020: comparable prices, 8.00 against 8.00
    const base = reconcile(ps, c, 2020);
    expect([base.prices, base.priceYear, base.rows[0]?.county, base.total.difference]).toEqual([
      'comparable',
      2020,
      '8.00',
      '0.00',
    ]);
    // the account year 2023: current prices, 10.00
    const cur = reconcile(ps, c, 2023);
    expect([cur.prices, cur.rows[0]?.county, cur.unexplained]).toEqual(['current', '10.00', '2.00']);
    // an account whose current and base years are the same: current
    const same = { ...c, prices: { ...c.prices, baseYear: 2023 } };
    expect(reconcile(ps, same, 2023).prices).toBe('current');
  });

  it('refuses parcels at another price year, naming both years at the account’s prices', () => {
    const e = errorOf(() => reconcile([], county([['R1', 'shrub', '1']]), 2021));
    expect(e.code).toBe('VEP_PRICE_YEAR_MISMATCH');
    expect(e.path).toEqual(['account', 'prices']);
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]?.params).toEqual({ what: 'the parcels', a: 2021, b: 2023 });
  });

  it('refuses what is not an account result, under `account`', () => {
    const e = errorOf(() => reconcile([], { ...county([]), year: 'x' }, 2023));
    expect(e.code).toBe('VEP_RESULT_INVALID');
    expect(e.path[0]).toBe('account');
  });

  it('no parcels: every county line is county-only, nothing to warn', () => {
    const r = reconcile([], county([['R1', 'shrub', '1.005']]), 2023);
    // 1.005 → 1.00 (half to even); no parcel cell: bound ½ fen × 1 → 0
    expect(r).toEqual({
      priceYear: 2023,
      prices: 'current',
      rows: [
        {
          indicator: 'R1',
          type: 'shrub',
          parcels: '0.00',
          parcelCells: 0,
          county: '1.00',
          difference: '1.00',
          bound: '0.00',
          status: 'county-only',
        },
      ],
      total: { parcels: '0.00', county: '1.00', difference: '1.00' },
      rounding: '0.00',
      unexplained: '0.00',
      countyOnly: '1.00',
      parcelsOnly: '0.00',
      parcels: 0,
    });
    expect(unexplainedIssues(r)).toEqual([]);
  });

  it('parcel value the county account lacks is its own line and a warning per row; none where it is 0.00', () => {
    const parcels = [
      valued(['R1', 'shrub', '10.00'], ['R1', 'forest', '250.25'], ['R9', 'forest', '0.00']),
      valued(['R1', 'forest', '-0.75'], ['R6', null, '3.10']),
    ];
    // the county has R1 on shrub only: R1 on forest (250.25 − 0.75 = 249.50, two parcels) and R6 without a type
    // (3.10) are the parcels' alone; R9 on forest too, but it is 0.00
    const r = reconcile(parcels, county([['R1', 'shrub', '10.00']]), 2023);
    expect(
      r.rows.map((x) => [x.indicator, x.type, x.parcels, x.parcelCells, x.difference, x.status]),
    ).toEqual([
      ['R1', 'forest', '249.50', 2, '-249.50', 'parcels-only'],
      ['R1', 'shrub', '10.00', 1, '0.00', 'rounding'],
      ['R6', null, '3.10', 1, '-3.10', 'parcels-only'],
      ['R9', 'forest', '0.00', 1, '0.00', 'parcels-only'],
    ]);
    // parcels 249.50 + 10.00 + 3.10 + 0.00 = 262.60; county 10.00; difference −252.60 = parcels-only −249.50 − 3.10
    expect(r.total).toEqual({ parcels: '262.60', county: '10.00', difference: '-252.60' });
    expect([r.rounding, r.unexplained, r.countyOnly, r.parcelsOnly]).toEqual([
      '0.00',
      '0.00',
      '0.00',
      '-252.60',
    ]);
    const issues = unexplainedIssues(r);
    expect(issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'VEP_RECONCILE_PARCELS_ONLY',
        ['rows', 0],
        { indicator: 'R1', type: 'forest', parcels: '249.50', cells: 2 },
      ],
      [
        'VEP_RECONCILE_PARCELS_ONLY',
        ['rows', 2],
        { indicator: 'R6', type: '(none)', parcels: '3.10', cells: 1 },
      ],
    ]);
    expect(issues.map((i) => [i.message.en, i.message.zh])).toEqual([
      [
        'Indicator R1 on forest: the parcels hold 249.50 元 (2 parcels) that the county account has no line for',
        '指标 R1（forest）：地块合计 249.50 元（2 个地块），全县核算中没有该指标和生态系统类型的行',
      ],
      [
        'Indicator R6 on no ecosystem type: the parcels hold 3.10 元 (1 parcel) that the county account has no line for',
        '指标 R6（无生态系统类型）：地块合计 3.10 元（1 个地块），全县核算中没有该指标和生态系统类型的行',
      ],
    ]);
  });

  it('a row beyond its bound without an ecosystem type is named "(none)"', () => {
    // R6 without a type: parcels 3.10 (one cell), county 1.00; difference 1.00 − 3.10 = −2.10, bound
    // ⌊(1 + 1) / 2⌋ = 1 fen: unexplained
    const r = reconcile([valued(['R6', null, '3.10'])], county([['R6', null, '1.00']]), 2023);
    expect(unexplainedIssues(r).map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'VEP_RECONCILE_UNEXPLAINED',
        ['rows', 0],
        {
          indicator: 'R6',
          type: '(none)',
          parcels: '3.10',
          county: '1.00',
          difference: '-2.10',
          bound: '0.01',
        },
      ],
    ]);
  });

  it('refuses an account of no indicator: nothing to reconcile the parcels with', () => {
    const e = errorOf(() => reconcile([valued(['R1', 'shrub', '1.00'])], county([]), 2023));
    expect(e.issues.map((i) => [i.code, i.path, i.message.en, i.message.zh])).toEqual([
      [
        'VEP_RESULT_INVALID',
        ['account', 'indicators'],
        'Invalid account result: Too small: expected array to have >=1 items',
        '核算结果文件格式错误：过短：数组应至少 1 项',
      ],
    ]);
    // so does a stream of no parcel
    expect(errorOf(() => reconcile(new ParcelSums(), county([]), 2023)).code).toBe('VEP_RESULT_INVALID');
  });

  it('refuses an account of another classification than the parcels’, as change accounting does', () => {
    const c = county([['R1', 'shrub', '1.00']]); // classification c@1
    const ps = [valued(['R1', 'shrub', '1.00'])];
    const e = errorOf(() => reconcile(ps, c, 2023, { classification: 'other@2' }));
    expect(e.issues.map((i) => [i.code, i.path, i.params, i.message.en, i.message.zh])).toEqual([
      [
        'VEP_CHANGE_INCOMPARABLE',
        ['account', 'classification'],
        { detail: 'classifications differ (other@2, c@1)' },
        'The two accounts cannot be compared: classifications differ (other@2, c@1)',
        '两个核算结果不可比：分类体系不同（other@2、c@1）',
      ],
    ]);
    // its hint is reconciliation's, not change accounting's (base years)
    expect(e.issues[0]?.hint).toMatch(/^Reconcile the parcels with the county account of the classification/);
    expect(e.issues[0]?.hintZh).toMatch(/^请将地块与其估值所用分类体系/);
    // the same classification, or none known: reconciled
    expect(reconcile(ps, c, 2023, { classification: 'c@1' }).rows[0]?.status).toBe('rounding');
    expect(reconcile(ps, c, 2023).rows[0]?.status).toBe('rounding');
    // a ParcelSums knows it from the summary it checked (basis.classification.ref)
    const sums = new ParcelSums();
    for (const p of ps) sums.add(p);
    expect(sums.classification).toBeUndefined();
    sums.checkSummary({ value: '1.00', basis: { classification: { ref: 'other@2' } } }, ['summary']);
    expect(sums.classification).toBe('other@2');
    expect(errorOf(() => reconcile(sums, c, 2023)).code).toBe('VEP_CHANGE_INCOMPARABLE');
    // the one given wins over the summary's
    expect(reconcile(sums, c, 2023, { classification: 'c@1' }).parcels).toBe(1);
    // a summary without a classification, or one that is not a string, leaves it unknown
    const bare = new ParcelSums();
    bare.checkSummary({ basis: { classification: { ref: 7 } } }, ['summary']);
    bare.checkSummary({ basis: null }, ['summary']);
    expect(bare.classification).toBeUndefined();
  });

  it('refuses parcels valued from another year’s account (VEP_YEAR_MISMATCH), the year given or the summary’s', () => {
    const c = county([['R1', 'shrub', '1.00']]); // of 2023
    const ps = [valued(['R1', 'shrub', '1.00'])];
    const e = errorOf(() => reconcile(ps, c, 2023, { year: 2022 }));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['VEP_YEAR_MISMATCH', ['account', 'year'], { parcels: 2022, account: 2023 }],
    ]);
    // the same year, or none known: reconciled
    expect(reconcile(ps, c, 2023, { year: 2023 }).rows[0]?.status).toBe('rounding');
    expect(reconcile(ps, c, 2023).rows[0]?.status).toBe('rounding');
    // a ParcelSums knows it from the summary it checked (basis.year)
    const sums = new ParcelSums();
    for (const p of ps) sums.add(p);
    expect(sums.year).toBeUndefined();
    sums.checkSummary({ value: '1.00', basis: { year: 2022 } }, ['summary']);
    expect(sums.year).toBe(2022);
    expect(errorOf(() => reconcile(sums, c, 2023)).code).toBe('VEP_YEAR_MISMATCH');
    // the one given wins over the summary's
    expect(reconcile(sums, c, 2023, { year: 2023 }).parcels).toBe(1);
    // a year that is not a number leaves it unknown
    const bare = new ParcelSums();
    bare.checkSummary({ basis: { year: '2022' } }, ['summary']);
    expect(bare.year).toBeUndefined();
  });
});

describe('ParcelSums', () => {
  it('adds valued parcels’ cells in fen, skips refused ones and parcels without cells count', () => {
    const s = new ParcelSums();
    expect([s.parcels, s.size]).toEqual([0, 0]);
    s.add(valued(['R1', 'shrub', '12.34'], ['R1', 'forest', '-0.05']));
    s.add({ ok: false, cells: [{ indicator: 'R1', type: 'shrub', value: '100.00' }] });
    s.add({ ok: true, cells: [] }); // valued, no cells (e.g. zero area in a profile of no indicator)
    s.add(valued(['R1', 'shrub', '0.66'], ['R2', null, '1.00']));
    expect([s.parcels, s.size]).toEqual([3, 3]);
    // shrub: 12.34 + 0.66 = 13.00 over 2 cells; forest: −0.05; R2 without a type: 1.00
    const r = reconcile(
      s,
      county([
        ['R1', 'shrub', '13'],
        ['R1', 'forest', '-0.05'],
        ['R2', null, '1'],
      ]),
      2023,
    );
    expect(r.rows.map((x) => [x.indicator, x.type, x.parcels, x.parcelCells, x.status])).toEqual([
      ['R1', 'forest', '-0.05', 1, 'rounding'],
      ['R1', 'shrub', '13.00', 2, 'rounding'],
      ['R2', null, '1.00', 1, 'rounding'],
    ]);
    expect(r.parcels).toBe(3);
    // the county was added to copies: the sums are unchanged and reconcile alike with another county
    expect([s.parcels, s.size]).toEqual([3, 3]);
    const again = reconcile(s, county([['R1', 'shrub', '13.01']]), 2023);
    expect(again.rows.map((x) => [x.type, x.county, x.status])).toEqual([
      ['forest', '0.00', 'parcels-only'],
      ['shrub', '13.01', 'rounding'],
      [null, '0.00', 'parcels-only'],
    ]);
    // parcels-only: R1 on forest −(−0.05) = 0.05, R2 without a type −1.00: −0.95
    expect(again.parcelsOnly).toBe('-0.95');
  });

  it('property: sums or list, any order, the same reconciliation; totals are the rows summed', () => {
    const cell = fc.record({
      indicator: fc.constantFrom('R1', 'R2', 'R3'),
      type: fc.constantFrom('shrub', 'forest', null),
      fen: fc.integer({ min: -100_000, max: 1_000_000 }),
    });
    const fenText = (f: number) => `${f < 0 ? '-' : ''}${(Math.abs(f) / 100).toFixed(2)}`;
    const toYuan = (s: string) => BigInt(s.replace('.', ''));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 8 }),
        // an account of at least one line (one of no indicator is refused)
        fc.array(fc.tuple(cell, fc.integer({ min: 0, max: 999 })), { minLength: 1, maxLength: 6 }),
        (parcels, lines) => {
          const ps = parcels.map((cs) =>
            valued(
              ...cs.map((x) => [x.indicator, x.type, fenText(x.fen)] as [string, string | null, string]),
            ),
          );
          // county lines with a third decimal: x.fen + m / 1000 fen
          const c = county(
            lines.map(
              ([x, m]) =>
                [x.indicator, x.type, `${fenText(x.fen)}${m % 10}`] as [string, string | null, string],
            ),
          );
          const list = reconcile(ps, c, 2023);
          const sums = new ParcelSums();
          for (const p of [...ps].reverse()) sums.add(p);
          expect(reconcile(sums, c, 2023)).toEqual(list);
          // as compact lines (cells by type, untyped apart) parcels reconcile alike; a result has each cell once
          const once = ps.map((p) => ({
            ok: true,
            cells: [
              ...new Map((p.cells ?? []).map((x) => [JSON.stringify([x.indicator, x.type]), x])).values(),
            ],
          }));
          const compact = once.map((p, i) =>
            compactResult({ line: i, ok: true, issues: [], cells: p.cells }),
          );
          expect(reconcile(compact, c, 2023)).toEqual(reconcile(once, c, 2023));
          const sum = (f: (r: ReconcileRow) => string) => list.rows.reduce((a, r) => a + toYuan(f(r)), 0n);
          expect(toYuan(list.total.parcels)).toBe(sum((r) => r.parcels));
          expect(toYuan(list.total.county)).toBe(sum((r) => r.county));
          expect(toYuan(list.total.difference)).toBe(toYuan(list.total.county) - toYuan(list.total.parcels));
          // the identity: Σ county − Σ parcels = rounding + unexplained + county-only + parcels-only
          expect(
            toYuan(list.rounding) +
              toYuan(list.unexplained) +
              toYuan(list.countyOnly) +
              toYuan(list.parcelsOnly),
          ).toBe(toYuan(list.total.difference));
          // parcels-only is −(the parcels' value of the cells the county has no line of), each warned unless 0.00
          const only = list.rows.filter((r) => r.status === 'parcels-only');
          expect(toYuan(list.parcelsOnly)).toBe(-only.reduce((a, r) => a + toYuan(r.parcels), 0n));
          expect(
            unexplainedIssues(list)
              .filter((i) => i.code === 'VEP_RECONCILE_PARCELS_ONLY')
              .map((i) => i.path[1]),
          ).toEqual(
            list.rows.flatMap((r, i) => (r.status === 'parcels-only' && r.parcels !== '0.00' ? [i] : [])),
          );
          // the parcels' side is the cells given, exactly
          const given = parcels.flat().reduce((a, x) => a + BigInt(x.fen), 0n);
          expect(toYuan(list.total.parcels)).toBe(given);
          expect(list.parcels).toBe(parcels.length);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('ParcelSums reads parcel result lines strictly', () => {
  const cell = (value: unknown, indicator = 'R1') => ({ indicator, type: 'shrub', value });
  const fenOf = (sums: ParcelSums, indicator: string) =>
    sums.entries().get(JSON.stringify([indicator, 'shrub']))?.p;

  it('values in 元 are read as decimals, to the fen: "440000" is 44 000 000 fen, "1.5" is 150', () => {
    const sums = new ParcelSums();
    sums.add({ ok: true, cells: [cell('440000'), cell('1.5', 'R2'), cell('12.50', 'R3')] }, ['line', 1]);
    sums.add({ ok: true, cells: [cell('0.01'), cell('0', 'R2'), cell(3, 'R3')] }, ['line', 2]);
    // R1: 440 000 元 + 0.01 元 = 44 000 000 + 1 fen; R2: 1.5 元 = 150 fen; R3: 12.50 + 3 元 = 1250 + 300 fen
    expect(fenOf(sums, 'R1')).toBe(44_000_001n);
    expect(fenOf(sums, 'R2')).toBe(150n);
    expect(fenOf(sums, 'R3')).toBe(1550n);
    expect(sums.parcels).toBe(2);
  });

  it('a line that is not a parcel result, or a value not in whole fen, is VEP_PARCEL_RESULT_INVALID at its place', () => {
    const cases: [unknown, (string | number)[], string][] = [
      [null, ['line', 7], 'expected an object, got null'],
      [[1, 2], ['line', 7], 'expected an object, got an array'],
      ['text', ['line', 7], 'expected an object, got string'],
      [{ cells: [] }, ['line', 7, 'ok'], '"ok" must be true or false'],
      [{ ok: 'yes', cells: [] }, ['line', 7, 'ok'], '"ok" must be true or false'],
      [
        { ok: true },
        ['line', 7, 'cells'],
        'a valued parcel needs its "cells" array (or, in a compact line, its "types")',
      ],
      [
        { ok: true, cells: {} },
        ['line', 7, 'cells'],
        'a valued parcel needs its "cells" array (or, in a compact line, its "types")',
      ],
      [
        { ok: true, cells: [null] },
        ['line', 7, 'cells', 0],
        'a cell is an object { indicator, type, value }',
      ],
      [{ ok: true, cells: [[]] }, ['line', 7, 'cells', 0], 'a cell is an object { indicator, type, value }'],
      [
        { ok: true, cells: [cell('1'), { type: 'shrub', value: '1' }] },
        ['line', 7, 'cells', 1, 'indicator'],
        '"indicator" must be a string',
      ],
      [
        { ok: true, cells: [{ indicator: 'R1', type: 3, value: '1' }] },
        ['line', 7, 'cells', 0, 'type'],
        '"type" must be a string or null',
      ],
      [
        { ok: true, cells: [cell('12,50')] },
        ['line', 7, 'cells', 0, 'value'],
        'value "12,50" is not an amount in 元 of whole fen',
      ],
      [
        { ok: true, cells: [cell('1.505')] },
        ['line', 7, 'cells', 0, 'value'],
        'value "1.505" is not an amount in 元 of whole fen',
      ],
      [
        { ok: true, cells: [cell('1e400')] },
        ['line', 7, 'cells', 0, 'value'],
        'value "1e400" is not an amount in 元 of whole fen',
      ],
      [
        { ok: true, cells: [cell(null)] },
        ['line', 7, 'cells', 0, 'value'],
        'value null is not an amount in 元 of whole fen',
      ],
      [
        { ok: true, cells: [{ indicator: 'R1', type: null }] },
        ['line', 7, 'cells', 0, 'value'],
        'value undefined is not an amount in 元 of whole fen',
      ],
      // compact lines (toCompactLine): cells by type, and untyped
      [
        { ok: true, types: [] },
        ['line', 7, 'cells'],
        'a valued parcel needs its "cells" array (or, in a compact line, its "types")',
      ],
      [
        { ok: true, types: { shrub: { value: '1.00' } } },
        ['line', 7, 'types', 'shrub'],
        'a type of a compact line is an object with "cells" { indicator: value }',
      ],
      [
        { ok: true, types: { shrub: 'R1' } },
        ['line', 7, 'types', 'shrub'],
        'a type of a compact line is an object with "cells" { indicator: value }',
      ],
      [
        { ok: true, types: { shrub: { cells: { R1: '1.00', R2: '1.005' } } } },
        ['line', 7, 'types', 'shrub', 'cells', 'R2'],
        'value "1.005" is not an amount in 元 of whole fen',
      ],
      [
        { ok: true, types: {}, untyped: ['R1'] },
        ['line', 7, 'untyped'],
        '"untyped" is an object { indicator: value }',
      ],
      [
        { ok: true, types: {}, untyped: { R4: 'x' } },
        ['line', 7, 'untyped', 'R4'],
        'value "x" is not an amount in 元 of whole fen',
      ],
    ];
    for (const [line, path, detail] of cases) {
      const sums = new ParcelSums();
      const e = errorOf(() => sums.add(line, ['line', 7]));
      expect(
        e.issues.map((i) => [i.code, i.path, i.params?.detail]),
        JSON.stringify(line),
      ).toEqual([['VEP_PARCEL_RESULT_INVALID', path, detail]]);
      expect(sums.parcels).toBe(0); // nothing of a refused line is added
      expect(sums.size).toBe(0);
    }
    // A type null is a cell of its own; a refused parcel's line (ok: false) is skipped, its cells never read.
    const sums = new ParcelSums();
    sums.add({ ok: true, cells: [{ indicator: 'R1', type: null, value: '1' }] });
    sums.add({ ok: false, cells: 'not read' });
    expect([sums.parcels, sums.size]).toEqual([1, 1]);
    expect(errorOf(() => new ParcelSums().add(null)).issues[0]?.path).toEqual([]);
  });

  it('reconcile() locates a bad result by its index', () => {
    const e = errorOf(() =>
      reconcile([valued(['R1', 'shrub', '1.00']), null] as never, county([['R1', 'shrub', '1']]), 2023),
    );
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_RESULT_INVALID', ['parcels', 1]]]);
  });

  it('property: fenOfValue reads plain amounts from their digits as readDecimal then fenOfYuan does', () => {
    const reference = (v: unknown) => {
      const d = readDecimal(v);
      return d.ok ? fenOfYuan(d.value) : undefined;
    };
    const plain = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^\d{1,16}$/),
        fc.constantFrom('', '.', '.5', '.05', '.50', '.125', '.1234'),
      )
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac}`);
    const other = fc.oneof(
      fc.constantFrom(
        '12,50',
        ' 1.5',
        '1e2',
        '1.5e1',
        '+3',
        '',
        '.5',
        '1.',
        'NaN',
        '0.001',
        'x1.50',
        '1.50x',
      ),
      fc.double(),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.oneof(plain, other), (v) => {
        expect(fenOfValue(v)).toBe(reference(v));
      }),
      { numRuns: 5000 },
    );
    // hand: "440000" → 44 000 000 fen; "1.5" → 150; "-0.05" → -5; "12.34" → 1234; "12,50" → undefined
    expect(['440000', '1.5', '-0.05', '12.34', '12,50'].map(fenOfValue)).toEqual([
      44_000_000n,
      150n,
      -5n,
      1234n,
      undefined,
    ]);
  }, 60_000);
});

describe('ParcelSums: a result line’s figures are the sums of its cells', () => {
  // One parcel: R1 shrub 10.01, R2 shrub 3.00, R1 forest 5.00, R3 without a type (a lake) 1.00.
  // value = 10.01 + 3.00 + 5.00 + 1.00 = 19.01; shrub = 10.01 + 3.00 = 13.01; forest = 5.00.
  const cells = [
    { indicator: 'R1', type: 'shrub', value: '10.01' },
    { indicator: 'R2', type: 'shrub', value: '3.00' },
    { indicator: 'R1', type: 'forest', value: '5.00' },
    { indicator: 'R3', type: null, value: '1.00' },
  ];
  const area = { value: '1', unit: 'hm2' };
  const full = (value: string, shrub: string, forest: string, cs = cells) => ({
    line: 2,
    ok: true,
    package: 'A',
    value,
    byType: [
      { type: 'shrub', area, value: shrub },
      { type: 'forest', area, value: forest },
    ],
    cells: cs,
  });
  const refusal = (line: unknown) => {
    const sums = new ParcelSums();
    const e = errorOf(() => sums.add(line, ['line', 4]));
    expect([sums.parcels, sums.size]).toEqual([0, 0]); // nothing of the line is added
    return e.issues.map((i) => [i.code, i.path, i.params?.detail]);
  };

  it('a line whose figures are its sums is added; one whose value or type value differs is refused, every figure named', () => {
    const sums = new ParcelSums();
    sums.add(full('19.01', '13.01', '5.00'), ['line', 4]);
    expect([sums.parcels, sums.size]).toEqual([1, 4]);
    // value + 100 000.00: 100 019.01 against Σ cells 19.01
    expect(refusal(full('100019.01', '13.01', '5.00'))).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'value'],
        'value "100019.01" is not the sum of the parcel\'s cells 19.01',
      ],
    ]);
    // shrub + 5 000.00: 5 013.01 against Σ shrub cells 13.01
    expect(refusal(full('19.01', '5013.01', '5.00'))).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'byType', 0, 'value'],
        'value "5013.01" of type "shrub" is not the sum of its cells 13.01',
      ],
    ]);
    // one cell edited by 1.00 (R1 shrub 10.01 → 11.01), the figures left: Σ = 20.01, shrub 14.01; both named
    const edited = cells.map((c, i) => (i === 0 ? { ...c, value: '11.01' } : c));
    expect(refusal(full('19.01', '13.01', '5.00', edited))).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'value'],
        'value "19.01" is not the sum of the parcel\'s cells 20.01',
      ],
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'byType', 0, 'value'],
        'value "13.01" of type "shrub" is not the sum of its cells 14.01',
      ],
    ]);
    // to the fen: 19.02 is not 19.01; "19.010" and "19.0100" are (the same fen, as cells are read)
    expect(refusal(full('19.02', '13.01', '5.00'))[0]?.[1]).toEqual(['line', 4, 'value']);
    new ParcelSums().add(full('19.010', '13.0100', '5'));
    // a type of the line with no cells is worth 0.00
    expect(
      refusal({ ok: true, value: '1.00', byType: [{ type: 'wetland', value: '0.01' }], cells: [cells[3]] }),
    ).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'byType', 0, 'value'],
        'value "0.01" of type "wetland" is not the sum of its cells 0.00',
      ],
    ]);
    // a figure the line does not give is not checked (library callers give cells alone)
    new ParcelSums().add({ ok: true, cells });
  });

  it('a compact line: its value and each type’s value against the cells under it', () => {
    // compact: shrub {R1 10.01, R2 3.00} = 13.01, forest {R1 5.00} = 5.00, untyped {R3 1.00}; value 19.01
    const compact = (value: string, shrub: string, forest?: string) => ({
      line: 2,
      ok: true,
      value,
      types: {
        shrub: { area: ['1', 'hm2'], value: shrub, cells: { R1: '10.01', R2: '3.00' } },
        forest: {
          area: ['1', 'hm2'],
          ...(forest === undefined ? {} : { value: forest }),
          cells: { R1: '5.00' },
        },
      },
      untyped: { R3: '1.00' },
    });
    const sums = new ParcelSums();
    sums.add(compact('19.01', '13.01', '5.00'));
    sums.add(compact('19.01', '13.01')); // a type with cells and no value (none is written so) is not checked
    expect(sums.parcels).toBe(2);
    expect(refusal(compact('1.00', '13.01', '5000.00'))).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'value'],
        'value "1.00" is not the sum of the parcel\'s cells 19.01',
      ],
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'types', 'forest', 'value'],
        'value "5000.00" of type "forest" is not the sum of its cells 5.00',
      ],
    ]);
  });

  it('a compact type’s value that is not an amount is refused where it is written', () => {
    const line = {
      ok: true,
      types: { shrub: { area: ['1', 'hm2'], value: '13.015', cells: { R1: '10.01', R2: '3.00' } } },
    };
    expect(refusal(line)).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'types', 'shrub', 'value'],
        'value "13.015" is not an amount in 元 of whole fen',
      ],
    ]);
  });

  it('the figures and the package are read strictly', () => {
    expect(refusal(full('19,01', '13.01', '5.00'))).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'value'],
        'value "19,01" is not an amount in 元 of whole fen',
      ],
    ]);
    expect(refusal({ ...full('19.01', '13.01', '5.00'), byType: {} })).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['line', 4, 'byType'], '"byType" is an array of { type, area, value }'],
    ]);
    expect(refusal({ ...full('19.01', '13.01', '5.00'), byType: [{ value: '1.00' }] })).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'byType', 0],
        'an entry of "byType" is an object { type, area, value }',
      ],
    ]);
    expect(refusal({ ...full('19.01', '13.01', '5.00'), byType: [{ type: 'shrub' }] })).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['line', 4, 'byType', 0, 'value'],
        'value undefined is not an amount in 元 of whole fen',
      ],
    ]);
    expect(refusal({ ...full('19.01', '13.01', '5.00'), package: 7 })).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['line', 4, 'package'], '"package" must be a string or null'],
    ]);
  });
});

describe('ParcelSums.checkSummary: the summary’s totals are the sums of the lines', () => {
  // Three valued lines and a refused one:
  //   1: package A, shrub (area) R1 10.00 + R2 2.50, value 12.50
  //   2: package A, shrub R1 4.00, forest R1 1.00, a lake (no type) R3 0.75, value 5.75
  //   3: no package, forest R2 3.00, value 3.00
  // value 12.50 + 5.75 + 3.00 = 21.25; A: 2 parcels, 18.25; null: 1 parcel, 3.00;
  // shrub: 2 parcels, 10.00 + 2.50 + 4.00 = 16.50; forest: 2 parcels, 1.00 + 3.00 = 4.00;
  // R1 10.00 + 4.00 + 1.00 = 15.00, R2 2.50 + 3.00 = 5.50, R3 0.75
  const c = (indicator: string, type: string | null, value: string) => ({ indicator, type, value });
  const t = (type: string, value: string) => ({ type, area: { value: '1', unit: 'hm2' }, value });
  const lines = [
    {
      ok: true,
      package: 'A',
      value: '12.50',
      byType: [t('shrub', '12.50')],
      cells: [c('R1', 'shrub', '10.00'), c('R2', 'shrub', '2.50')],
    },
    {
      ok: true,
      package: 'A',
      value: '5.75',
      byType: [t('forest', '1.00'), t('shrub', '4.00')],
      cells: [c('R1', 'forest', '1.00'), c('R1', 'shrub', '4.00'), c('R3', null, '0.75')],
    },
    { ok: false, issues: [] },
    {
      ok: true,
      package: null,
      value: '3.00',
      byType: [t('forest', '3.00')],
      cells: [c('R2', 'forest', '3.00')],
    },
  ];
  const summary = () => ({
    lines: 4,
    valued: 3,
    refused: 1,
    value: '21.25',
    byPackage: [
      { package: 'A', parcels: 2, value: '18.25' },
      { package: null, parcels: 1, value: '3.00' },
    ],
    byType: [
      { type: 'forest', parcels: 2, area: { value: '2', unit: 'hm2' }, value: '4.00' },
      { type: 'shrub', parcels: 2, area: { value: '2', unit: 'hm2' }, value: '16.50' },
    ],
    byIndicator: [
      { indicator: 'R1', value: '15.00' },
      { indicator: 'R2', value: '5.50' },
      { indicator: 'R3', value: '0.75' },
    ],
  });
  // The lines are added inside each test (as the code under test runs), not once when the file is read.
  const added = () => {
    const sums = new ParcelSums();
    for (const [i, l] of lines.entries()) sums.add(l, ['line', i + 1]);
    return sums;
  };
  const at = ['line', 5, 'summary'];
  const problems = (s: unknown) =>
    errorOf(() => added().checkSummary(s, at)).issues.map((i) => [i.code, i.path.slice(3), i.params?.detail]);

  it('a summary of these lines passes; a total the summary leaves out is not checked', () => {
    const sums = added();
    sums.checkSummary(summary(), at);
    sums.checkSummary({ value: '21.25' }, at);
    sums.checkSummary({}, at);
  });

  it('each total that differs is named, with what the lines give', () => {
    const s = summary();
    s.value = '1.00';
    s.valued = 4;
    (s.byPackage[0] as { value: string }).value = '5018.25';
    (s.byPackage[1] as { parcels: number }).parcels = 2;
    (s.byType[1] as { value: string }).value = '16.51';
    (s.byIndicator[2] as { value: string }).value = '0.00';
    expect(problems(s)).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['value'], 'the summary gives 1.00, the lines add up to 21.25'],
      ['VEP_PARCEL_RESULT_INVALID', ['valued'], 'the summary gives 4, the lines have 3 valued parcels'],
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byPackage', 0, 'value'],
        'package "A": the summary gives 5018.25, the lines add up to 18.25',
      ],
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byPackage', 1, 'parcels'],
        'package null: the summary gives 2, the lines have 1 valued parcels',
      ],
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byType', 1, 'value'],
        'type "shrub": the summary gives 16.51, the lines add up to 16.50',
      ],
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byIndicator', 2, 'value'],
        'indicator "R3": the summary gives 0.00, the lines add up to 0.75',
      ],
    ]);
  });

  it('every group of the lines once: one left out, one given twice, one the lines do not have', () => {
    const s = summary();
    s.byPackage = [s.byPackage[0] as (typeof s.byPackage)[0]]; // null left out
    s.byType.push({ type: 'forest', parcels: 2, area: { value: '2', unit: 'hm2' }, value: '4.00' });
    s.byIndicator.push({ indicator: 'R9', value: '0.01' }); // the lines have no R9: 0.00
    expect(problems(s)).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['byPackage'], 'package null of the lines (3.00) is not in the summary'],
      ['VEP_PARCEL_RESULT_INVALID', ['byType', 2], 'type "forest" appears twice in the summary'],
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byIndicator', 3, 'value'],
        'indicator "R9": the summary gives 0.01, the lines add up to 0.00',
      ],
    ]);
  });

  it('the same lines in the compact shape give the same sums: types with an area count their parcels', () => {
    const area = { value: '1', unit: 'hm2' };
    const compact = [
      {
        ok: true,
        package: 'A',
        value: '12.50',
        types: { shrub: { area, value: '12.50', cells: { R1: '10.00', R2: '2.50' } } },
      },
      {
        ok: true,
        package: 'A',
        value: '5.75',
        types: {
          forest: { area, value: '1.00', cells: { R1: '1.00' } },
          shrub: { area, value: '4.00', cells: { R1: '4.00' } },
        },
        untyped: { R3: '0.75' },
      },
      { ok: false, issues: [] },
      {
        ok: true,
        package: null,
        value: '3.00',
        types: { forest: { area, value: '3.00', cells: { R2: '3.00' } } },
      },
    ];
    const sums = new ParcelSums();
    for (const [i, l] of compact.entries()) sums.add(l, ['line', i + 1]);
    sums.checkSummary(summary(), at);
    const s = summary();
    (s.byType[1] as { parcels: number }).parcels = 3;
    expect(
      errorOf(() => sums.checkSummary(s, at)).issues.map((i) => [i.path.slice(3), i.params?.detail]),
    ).toEqual([
      [['byType', 1, 'parcels'], 'type "shrub": the summary gives 3, the lines have 2 valued parcels'],
    ]);
    // a type's value that is not the sum of its cells is refused where it is written
    const edited = {
      ...compact[0],
      types: { shrub: { area, value: '12.51', cells: { R1: '10.00', R2: '2.50' } } },
    };
    expect(errorOf(() => new ParcelSums().add(edited, ['line', 1])).issues.map((i) => i.path)).toEqual([
      ['line', 1, 'types', 'shrub', 'value'],
    ]);
  });

  it('a number of parcels is a whole number from 0: 1.5 and -1 are refused, 0 is a count', () => {
    expect(problems({ valued: 1.5 })).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['valued'], '1.5 is not a number of parcels'],
    ]);
    expect(problems({ valued: -1 })).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['valued'], '-1 is not a number of parcels'],
    ]);
    // no line added: 0 valued parcels and 0.00 元 are what the summary should say
    new ParcelSums().checkSummary({ valued: 0, value: '0.00' }, at);
    expect(
      errorOf(() => new ParcelSums().checkSummary({ valued: 1 }, at)).issues.map((i) => i.params?.detail),
    ).toEqual(['the summary gives 1, the lines have 0 valued parcels']);
  });

  it('an entry’s parcels or value left out is not checked; a parcels field of an indicator entry is not read', () => {
    const s = summary();
    // byPackage without parcels, byType without value: each checks what it gives
    const sums = added();
    sums.checkSummary(
      {
        ...s,
        byPackage: [
          { package: 'A', value: '18.25' },
          { package: null, value: '3.00' },
        ],
        byType: [
          { type: 'forest', parcels: 2 },
          { type: 'shrub', parcels: 2 },
        ],
        // an indicator entry counts no parcels: a parcels field there is not a count to check, even for an
        // indicator the lines do not have (R9: 0.00 元, as the lines give)
        byIndicator: [...s.byIndicator, { indicator: 'R9', parcels: 3, value: '0.00' }],
      },
      at,
    );
  });

  it('a package or type the lines do not have: 0 parcels and 0.00 元', () => {
    const s = summary();
    s.byType.push({ type: 'grass', parcels: 2, area: { value: '1', unit: 'hm2' }, value: '0.00' });
    s.byPackage.push({ package: 'B', parcels: 0, value: '0.00' });
    expect(problems(s)).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byType', 2, 'parcels'],
        'type "grass": the summary gives 2, the lines have 0 valued parcels',
      ],
    ]);
  });

  it('a count that is not one is named at its entry', () => {
    const s = summary();
    (s.byPackage[1] as { parcels: number }).parcels = 1.5;
    expect(problems(s)).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['byPackage', 1, 'parcels'], '1.5 is not a number of parcels'],
    ]);
  });

  it('a compact type without an area counts no parcel of its type; its cells still add to it', () => {
    // one line: water {R1 1.00} without area, shrub {R1 2.00} with one; value 3.00
    const sums = new ParcelSums();
    sums.add({
      ok: true,
      value: '3.00',
      types: {
        water: { value: '1.00', cells: { R1: '1.00' } },
        shrub: { area: ['1', 'hm2'], value: '2.00', cells: { R1: '2.00' } },
      },
    });
    sums.checkSummary(
      {
        valued: 1,
        value: '3.00',
        byType: [
          { type: 'shrub', parcels: 1, value: '2.00' },
          { type: 'water', parcels: 0, value: '1.00' },
        ],
      },
      at,
    );
  });

  it('the basis’s classification and year are kept only when they are a text and a number', () => {
    const sums = added();
    sums.checkSummary({ basis: { classification: { ref: 5 }, year: '2023' } }, at);
    expect([sums.classification, sums.year]).toEqual([undefined, undefined]);
    sums.checkSummary({ basis: { classification: { ref: 'c@1' }, year: 2023 } }, at);
    expect([sums.classification, sums.year]).toEqual(['c@1', 2023]);
  });

  it('a summary that is not one is refused at its first bad part', () => {
    expect(problems(null)).toEqual([['VEP_PARCEL_RESULT_INVALID', [], 'expected an object, got null']]);
    expect(problems([])).toEqual([['VEP_PARCEL_RESULT_INVALID', [], 'expected an object, got an array']]);
    expect(problems(7)).toEqual([['VEP_PARCEL_RESULT_INVALID', [], 'expected an object, got number']]);
    expect(problems({ byPackage: [{ package: 5 }] })).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byPackage', 0],
        'an entry of "byPackage" is an object { package, parcels, value }',
      ],
    ]);
    expect(problems({ value: 21.255 })).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['value'], 'value 21.255 is not an amount in 元 of whole fen'],
    ]);
    expect(problems({ valued: '3' })).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['valued'], '"3" is not a number of parcels'],
    ]);
    expect(problems({ byPackage: {} })).toEqual([
      ['VEP_PARCEL_RESULT_INVALID', ['byPackage'], '"byPackage" is an array of { package, parcels, value }'],
    ]);
    expect(problems({ byType: [{ type: null }] })).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byType', 0],
        'an entry of "byType" is an object { type, parcels, area, value }',
      ],
    ]);
    expect(problems({ byIndicator: [{ indicator: 'R1', value: 'x' }] })).toEqual([
      [
        'VEP_PARCEL_RESULT_INVALID',
        ['byIndicator', 0, 'value'],
        'value "x" is not an amount in 元 of whole fen',
      ],
    ]);
  });
});
