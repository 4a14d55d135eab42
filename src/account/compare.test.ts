import { describe, expect, it } from 'vitest';
import { AFTER, BEFORE, side } from '../../test/compare-fixture';
import { errorOf } from '../../test/helpers';
import { Decimal } from '../core/decimal';
import { compare, compareResultSchema } from './compare';
import { compareMarkdown } from './compare-format';

describe('compare (two hand-made results, test/compare-fixture.ts)', () => {
  const r = compare(BEFORE, AFTER);

  it('says the price basis: both years at comparable prices of 2020', () => {
    expect(r.prices).toEqual({
      basis: 'comparable',
      baseYear: 2020,
      index: 'cn-cpi-1978@1.0.0',
      deflators: [],
    });
    expect(r.before).toMatchObject({ year: 2020, from: 'result' });
    expect(r.after).toMatchObject({ year: 2021, from: 'result' });
  });

  it('decomposes GEP growth into volume, mix, price and unsplit by hand', () => {
    // M1 rice: p₀ = 260,000 / 100 = 2,600; [q₁p₀] = 110 × 2,600 = 286,000
    //   QE = 286,000 − 260,000 = 26,000; PE = 297,000 − 286,000 = 11,000; one line, so volume 26,000, mix 0.
    // R4 cod: [50 × 1,400] = 70,000, QE = 70,000 − 140,000 = −70,000, PE = 0
    // R4 tp: [51 × 5,959.41] = 303,929.91, QE = 303,929.91 − 5,959.41 = 297,970.50, PE = 0
    //   cell: Q₀ = Q₁ = 101 t, so volume = 0 and mix = −70,000 + 297,970.50 = 227,970.50
    // C1: no quantity, unsplit = 1,500 − 1,000 = 500
    // GEP: V₀ = 260,000 + 145,959.41 + 1,000 = 406,959.41; V₁ = 297,000 + 373,929.91 + 1,500 = 672,429.91
    //   ΔV = 265,470.50 = 26,000 + 227,970.50 + 11,000 + 500
    //   growth = 265,470.50 × 100 / 406,959.41 = 65.2326727… → 65.23 %
    expect(r.gep).toEqual({
      v0: '406959.41',
      v1: '672429.91',
      change: '265470.50',
      quantityEffect: '26000.00',
      mixEffect: '227970.50',
      priceEffect: '11000.00',
      unsplit: '500.00',
      growthPercent: '65.23',
    });
    // Rounding bound per account: ½ fen per line and ½ for the total, (4 + 1) / 2 = 2.5 → 2 fen; both: 0.04 元.
    // The accounts' own totals are the sums of their lines here (every line in whole fen): rounding 0.00.
    expect(r.identity).toEqual({
      effects: '265470.50',
      direct: '265470.50',
      residual: '0.00',
      bound: '0.04',
      totals: { v0: '406959.41', v1: '672429.91' },
      rounding: { v0: '0.00', v1: '0.00' },
    });
  });

  it('by category, indicator and zone', () => {
    // material = M1: 37,000 × 100 / 260,000 = 14.2307… → 14.23 %
    // regulating = R4: 227,970.50 × 100 / 145,959.41 = 156.1876… → 156.19 %; cultural = C1: 500 / 1,000 = 50 %
    expect(r.byCategory.map((c) => [c.category, c.change, c.growthPercent])).toEqual([
      ['material', '37000.00', '14.23'],
      ['regulating', '227970.50', '156.19'],
      ['cultural', '500.00', '50.00'],
    ]);
    expect(r.byIndicator.map((i) => [i.indicator, i.name?.zh, i.priceEffect, i.mixEffect])).toEqual([
      ['M1', '指标M1', '11000.00', '0.00'],
      ['R4', '指标R4', '0.00', '227970.50'],
      ['C1', '指标C1', '0.00', '0.00'],
    ]);
    // Each zone holds one indicator's lines here, so its decomposition is that indicator's.
    expect(r.byZone.map((z) => [z.zone, z.name, z.change, z.quantityEffect, z.mixEffect, z.unsplit])).toEqual(
      [
        ['Z1', '一镇', '37000.00', '26000.00', '0.00', '0.00'],
        ['Z2', '二乡', '227970.50', '0.00', '227970.50', '0.00'],
        [null, '全域', '500.00', '0.00', '0.00', '500.00'],
      ],
    );
    expect(r.byEcosystem.map((e) => [e.ecosystem, e.change])).toEqual([
      [null, '37500.00'],
      ['wetland.river', '227970.50'],
    ]);
  });

  it('gives nominal growth at current prices beside it', () => {
    // 679,184.21 − 406,959.41 = 272,224.80; × 100 / 406,959.41 = 66.8923… → 66.89 %
    expect(r.nominal).toEqual({
      v0: '406959.41',
      v1: '679184.21',
      change: '272224.80',
      growthPercent: '66.89',
      priceYears: [2020, 2021],
    });
  });

  it('returns plain JSON that its schema accepts', () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(compareResultSchema.parse(r)).toEqual(r);
    expect(r.warnings).toEqual([]);
  });

  it('gives a null growth from a zero base', () => {
    const zero = structuredClone(BEFORE);
    for (const i of zero.indicators) for (const l of i.lines) l.value.comparable = '0';
    zero.totals.gep.comparable = '0';
    expect(compare(zero, AFTER).gep.growthPercent).toBeNull();
  });
});

describe('compare: quantity moved between zones at unchanged prices', () => {
  // Rice by zone, unit values unchanged: Z1 2,600 元/t, Z2 3,000 元/t.
  //   2020: Z1 100 t = 260,000.00; Z2 100 t = 300,000.00; V₀ = 560,000.00
  //   2021: Z1  60 t = 156,000.00; Z2 140 t = 420,000.00; V₁ = 576,000.00; ΔV = 16,000.00 = 40 t × (3,000 − 2,600)
  // zone lines at their own p₀: QE(Z1) = −40 × 2,600 = −104,000.00; QE(Z2) = 40 × 3,000 = 120,000.00; PE 0
  // region cell: Q₀ = Q₁ = 200 t → volume 0.00, mix = −104,000 + 120,000 = 16,000.00, price 0.00
  const before = side(
    2020,
    [
      ['M1', 'rice', 'Z1', '100', '260000', '260000'],
      ['M1', 'rice', 'Z2', '100', '300000', '300000'],
    ],
    { comparable: '560000', current: '560000' },
  );
  const after = side(
    2021,
    [
      ['M1', 'rice', 'Z1', '60', '156000', '156000'],
      ['M1', 'rice', 'Z2', '140', '420000', '420000'],
    ],
    { comparable: '576000', current: '576000' },
  );
  const r = compare(before, after);

  it('is a mix effect of the region, with a zero price effect', () => {
    expect(r.gep).toMatchObject({
      change: '16000.00',
      quantityEffect: '0.00',
      mixEffect: '16000.00',
      priceEffect: '0.00',
      unsplit: '0.00',
    });
    expect(r.lines.map((l) => [l.zone, l.quantityEffect, l.priceEffect])).toEqual([
      ['Z1', '-104000.00', '0.00'],
      ['Z2', '120000.00', '0.00'],
    ]);
    // Two lines a side: (2 + 1) / 2 = 1.5 → 1 fen each; both 0.02 元.
    expect(r.identity).toEqual({
      effects: '16000.00',
      direct: '16000.00',
      residual: '0.00',
      bound: '0.02',
      totals: { v0: '560000.00', v1: '576000.00' },
      rounding: { v0: '0.00', v1: '0.00' },
    });
  });

  it('zone rows add up to the region in every effect: each zone’s share of the cell’s volume and mix', () => {
    // The cell's average base unit value P̄₀ = 560,000 / 200 t = 2,800 元/t. Each zone's volume is its change of
    // quantity at P̄₀, its mix the rest of its quantity effect, (q₁ − q₀)(p₀ − P̄₀):
    //   Z1: volume (60 − 100) × 2,800 = −112,000.00; mix −104,000 + 112,000 = 8,000.00 = −40 × (2,600 − 2,800)
    //   Z2: volume (140 − 100) × 2,800 = 112,000.00; mix 120,000 − 112,000 = 8,000.00 = 40 × (3,000 − 2,800)
    //   Σ volume 0.00 = the region's; Σ mix 16,000.00 = the region's
    expect(r.byZone.map((z) => [z.zone, z.change, z.quantityEffect, z.mixEffect, z.priceEffect])).toEqual([
      ['Z1', '-104000.00', '-112000.00', '8000.00', '0.00'],
      ['Z2', '120000.00', '112000.00', '8000.00', '0.00'],
    ]);
  });
});

describe('compare: the accounts’ own GEP totals beside the sums of their lines', () => {
  // Rice in two zones, 1 t each at 100.005 元/t (2020 prices), unchanged in 2021; current prices of 2021 101.005 元/t.
  //   each line [100.005] = 100.00 (10,000.5 fen, half to even); the lines give V₀ = V₁ = 200.00
  //   the account's own GEP total: 200.01 exactly, [200.01] = 200.01 (comparable, and current in 2020)
  //   so GEP V₀ (Σ lines, 200.00) and nominal V₀ (the total, 200.01) differ by a fen: rounding, 200.01 − 200.00
  //   bound: two lines a side, (2 + 1) / 2 = 1.5 → 1 fen, the gap of 1 fen within it; both sides 0.02
  //   2021: total 200.01, current 202.01 (2 × 101.005); nominal change 2.00, 2.00 × 100 / 200.01 = 0.99995… → 1.00 %
  const rice = (year: number, current: string) =>
    side(
      year,
      [
        ['M1', 'rice', 'Z1', '1', '100.005', current],
        ['M1', 'rice', 'Z2', '1', '100.005', current],
      ],
      { comparable: '200.01', current: new Decimal(current).times(2).toFixed() },
    );
  const r = compare(rice(2020, '100.005'), rice(2021, '101.005'));

  it('records what the rounding of the lines removed from each total (identity.totals, identity.rounding)', () => {
    expect(r.gep).toMatchObject({ v0: '200.00', v1: '200.00', change: '0.00' });
    expect(r.nominal).toMatchObject({ v0: '200.01', v1: '202.01', change: '2.00', growthPercent: '1.00' });
    expect(r.identity).toEqual({
      effects: '0.00',
      direct: '0.00',
      residual: '0.00',
      bound: '0.02',
      totals: { v0: '200.01', v1: '200.01' },
      rounding: { v0: '0.01', v1: '0.01' },
    });
    // The before year is the base year: its nominal total is its comparable total, V₀ + rounding.
    const fen = (s: string) => BigInt(s.replace('.', ''));
    expect(fen(r.gep.v0) + fen(r.identity.rounding.v0)).toBe(fen(r.nominal.v0));
    expect(compareResultSchema.parse(r)).toEqual(r);
  });

  it('Markdown says which GEP of year 0 is which', () => {
    const md = compareMarkdown(r);
    expect(md).toContain('Nominal GEP (current prices of 2020 and 2021): 200.01 → 202.01 元 (1.00 %).');
    expect(md).toContain(
      'The accounts’ own GEP totals at comparable prices of 2020, each rounded once: 200.01 → 200.01 元. ' +
        'V₀ and V₁ below add the lines, each rounded to the fen; rounding (total − V): 0.01 and 0.01 元.',
    );
  });
});

describe('compare: what the two sides do not share is warned', () => {
  it('an indicator skipped in one year, named with its reason; its whole value counts as change', () => {
    // C1 skipped in 2021 ("excluded by the caller"): V₁ = 672,429.91 − 1,500.00 = 670,929.91 (at current prices
    // 679,184.21 − 1,515.00 = 677,669.21).
    //   C1 has no quantity: unsplit = 0 − 1,000.00 = −1,000.00 (it was +500.00 with C1 in both years).
    const after = structuredClone(AFTER) as typeof AFTER & { skipped?: { code: string; reason: string }[] };
    after.indicators = after.indicators.filter((i) => i.code !== 'C1');
    after.skipped = [{ code: 'C1', reason: 'excluded by the caller' }];
    after.totals.gep = { comparable: '670929.91', current: '677669.21' };
    const r = compare(BEFORE, after);
    expect(r.gep.unsplit).toBe('-1000.00');
    expect(r.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'COMPARE_INDICATOR_ONE_SIDE',
        ['after', 'skipped', 0],
        { indicator: 'C1', accounted: '2020', missing: '2021', reason: 'excluded by the caller' },
      ],
    ]);
    // The other way round, and an indicator simply absent (no skipped entry) is named as such.
    const before = structuredClone(after);
    delete before.skipped;
    before.year = 2020;
    before.prices.currentYear = 2020;
    expect(compare(before, AFTER).warnings.map((w) => [w.path, w.params])).toEqual([
      [
        ['before', 'indicators'],
        { indicator: 'C1', accounted: '2021', missing: '2020', reason: 'absent from that account' },
      ],
    ]);
  });

  it('regions of another name or code', () => {
    const coded = (name: string, code?: string) => {
      const r = structuredClone(AFTER);
      (r as { region: { name: string; code?: string } }).region = { name, ...(code ? { code } : {}) };
      return r;
    };
    const before = structuredClone(BEFORE);
    (before as { region: { name: string; code?: string } }).region = { name: 'Hand county', code: '361099' };
    expect(compare(before, coded('Hand county', '361099')).warnings).toEqual([]);
    // A code on one side only is not a difference; another code or another name is.
    expect(compare(before, coded('Hand county')).warnings).toEqual([]);
    expect(compare(before, coded('Hand county', '360111')).warnings.map((w) => w.params)).toEqual([
      { before: 'Hand county (361099)', after: 'Hand county (360111)' },
    ]);
    expect(compare(before, coded('Other county')).warnings.map((w) => [w.code, w.params])).toEqual([
      ['COMPARE_REGION_DIFFERS', { before: 'Hand county (361099)', after: 'Other county' }],
    ]);
  });
});

describe('compare: a result side read as gepkit account writes it', () => {
  it('a region without a code, written `code: null`, is read as no code', () => {
    const none = structuredClone(AFTER) as unknown as { region: { name: string; code: string | null } };
    none.region = { name: 'Hand county', code: null };
    const coded = structuredClone(BEFORE) as unknown as { region: { name: string; code: string } };
    coded.region = { name: 'Hand county', code: '361099' };
    expect(compare(coded, none).warnings).toEqual([]);
    const other = structuredClone(none);
    other.region.name = 'Other county';
    expect(compare(coded, other).warnings.map((w) => w.params)).toEqual([
      { before: 'Hand county (361099)', after: 'Other county' },
    ]);
  });

  it('years within the input schema’s bounds, 1900–2200: 2200 is read, 10000 and 1899 refused at their place', () => {
    const at = (year: number) => ({ ...structuredClone(AFTER), year });
    // (an account's current prices are those of its year)
    const y2200 = at(2200);
    y2200.prices.currentYear = 2200;
    expect(compare(BEFORE, y2200).after.year).toBe(2200);
    expect(errorOf(() => compare(BEFORE, at(10000))).issues).toEqual([
      expect.objectContaining({
        code: 'COMPARE_RESULT_INVALID',
        path: ['after', 'year'],
        params: { detail: 'Too big: expected number to be <=2200' },
      }),
    ]);
    expect(errorOf(() => compare(at(1899), AFTER)).issues).toEqual([
      expect.objectContaining({
        code: 'COMPARE_RESULT_INVALID',
        path: ['before', 'year'],
        params: { detail: 'Too small: expected number to be >=1900' },
      }),
    ]);
    const priceYear = structuredClone(AFTER);
    priceYear.prices.currentYear = 10000;
    expect(errorOf(() => compare(BEFORE, priceYear)).issues.map((i) => [i.code, i.path])).toEqual([
      ['COMPARE_RESULT_INVALID', ['after', 'prices', 'currentYear']],
    ]);
  });

  it('an edited header or nominal total is refused at its place, not compared', () => {
    // The 2021 result's current total raised by 1e9: 679,184.21 + 1,000,000,000 = 1,000,679,184.21 against its
    // lines' 300,000.00 + 70,700.00 + 306,969.21 + 1,515.00 = 679,184.21 at current prices: the nominal growth would
    // have been (1,000,679,184.21 − 406,959.41) / 406,959.41 = 245,794.33 % instead of 66.89 %.
    const nominal = structuredClone(AFTER);
    nominal.totals.gep.current = '1000679184.21';
    expect(errorOf(() => compare(BEFORE, nominal)).issues).toEqual([
      expect.objectContaining({
        code: 'COMPARE_RESULT_INVALID',
        path: ['after', 'totals', 'gep', 'current'],
        params: {
          detail:
            'the GEP total at current prices 1000679184.21 differs from the sum of its indicator lines 679184.21 by ' +
            '1000000000.00 yuan, more than rounding explains (0.02)',
        },
      }),
    ]);
    expect(errorOf(() => compare(BEFORE, nominal)).issues[0]?.message.zh).toBe(
      '核算结果文件无法比较：当年价 GEP 总值 1000679184.21 与其各指标行之和 679184.21 相差 1000000000.00 元，超出舍入所能解释的范围（0.02）',
    );
    // A result of 2019 at current prices of 2021: the year or the prices were edited.
    const year = { ...structuredClone(AFTER), year: 2019 };
    expect(errorOf(() => compare(BEFORE, year)).issues).toEqual([
      expect.objectContaining({
        code: 'COMPARE_RESULT_INVALID',
        path: ['after', 'prices', 'currentYear'],
        params: {
          detail:
            "current prices of 2021 in an account of 2019: an account's current prices are those of its year",
        },
      }),
    ]);
    expect(errorOf(() => compare(year, AFTER)).issues[0]?.message.zh).toBe(
      '核算结果文件无法比较：2019 年的核算却为 2021 年的当年价：核算的当年价是其核算年份的价格',
    );
  });

  it('a file with `gepkit` is a result: without its totals it is refused at them, not read as an input', () => {
    const noTotals = structuredClone(AFTER) as Partial<typeof AFTER>;
    delete noTotals.totals;
    expect(errorOf(() => compare(BEFORE, noTotals)).issues.map((i) => [i.code, i.path])).toEqual([
      ['COMPARE_RESULT_INVALID', ['after', 'totals']],
    ]);
  });
});
