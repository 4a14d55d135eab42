import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountResult } from '../account/result-schema';
import { Decimal } from '../core/decimal';
import { compare } from '../account/compare';
import { changeAccounting, parseAccountResult } from './change';
import { errorOf, some, tinyInput } from '../../test/helpers';

/** A real result with synthetic indicators: cells [code, type, quantity (m3 or null), value 元]. */
const base = some(['R1'], tinyInput());
function result(year: number, cells: [string, string | null, string | null, string][]): AccountResult {
  const codes = [...new Set(cells.map((c) => c[0]))];
  const ind0 = base.indicators[0] as AccountResult['indicators'][number];
  return {
    ...base,
    year,
    prices: { ...base.prices, currentYear: year },
    indicators: codes.map((code) => ({
      ...ind0,
      code,
      physical: cells.some((c) => c[0] === code && c[2] === null)
        ? null
        : { value: '0', unit: 'm3', symbol: 'm³' },
      lines: cells
        .filter((c) => c[0] === code)
        .map(([, type, q, v]) => ({
          subItem: null,
          ecosystem: type,
          zone: null,
          physical: q === null ? null : { value: q, unit: 'm3', symbol: 'm³' },
          valuations: [],
          value: { current: v, comparable: v },
        })),
    })),
    totals: {
      ...base.totals,
      gep: {
        current: cells.reduce((s, c) => s.plus(c[3]), new Decimal(0)).toFixed(),
        comparable: cells.reduce((s, c) => s.plus(c[3]), new Decimal(0)).toFixed(),
      },
    },
  };
}

describe('change accounting', () => {
  it('hand-computed: Laspeyres quantity + Paasche price effect', () => {
    // R1 forest: Q 100 → 120 m³, V 1000 → 1560 元 (P 10 → 13 元/m³).
    //   QE = (120 − 100) × 10 = 200.00; PE = (13 − 10) × 120 = 360.00; ΔV = 560.00 = 200 + 360.
    // R1 shrub: Q 30 → 0 (gone), V 90 → 0: QE = (0 − 30) × 3 = −90, PE = (P₁ − 3) × 0 = 0.
    // R2 (no physical unit): V 50 → 80 → unsplit 30.
    // R3 cropland: new (Q₀ = 0): entry, QE = ΔV = 40.
    const a = result(2020, [
      ['R1', 'forest.broadleaf', '100', '1000'],
      ['R1', 'shrub', '30', '90'],
      ['R2', 'forest.broadleaf', null, '50'],
    ]);
    const b = result(2021, [
      ['R1', 'forest.broadleaf', '120', '1560'],
      ['R2', 'forest.broadleaf', null, '80'],
      ['R3', 'cropland.paddy', '4', '40'],
    ]);
    const c = changeAccounting(a, b);
    const cell = (i: string, t: string) => c.lines.find((x) => x.indicator === i && x.ecosystem === t);
    expect(cell('R1', 'forest.broadleaf')).toMatchObject({
      kind: 'split',
      quantityEffect: '200.00',
      priceEffect: '360.00',
    });
    expect(cell('R1', 'shrub')).toMatchObject({
      kind: 'split',
      quantityEffect: '-90.00',
      priceEffect: '0.00',
    });
    expect(cell('R2', 'forest.broadleaf')).toMatchObject({ kind: 'unsplit', unsplit: '30.00' });
    expect(cell('R3', 'cropland.paddy')).toMatchObject({ kind: 'entry', quantityEffect: '40.00' });
    // total: ΔV = (1560 + 80 + 40) − (1000 + 90 + 50) = 540 = QE 150 + PE 360 + unsplit 30
    expect(c.total).toMatchObject({
      change: '540.00',
      quantityEffect: '150.00',
      priceEffect: '360.00',
      unsplit: '30.00',
    });
    expect(c.reconciliation.difference).toBe('0.00');
    // R3 is in b only: an indicator new to an account is an entry, not a method change; it is warned as the
    // comparison warns it (skipped in a, whose tiny account excluded it)
    expect(c.warnings.map((w) => [w.code, w.path, w.params?.indicator])).toEqual([
      ['COMPARE_INDICATOR_ONE_SIDE', ['a', 'skipped', 7], 'R3'],
    ]);
    // The identity against the inputs' own totals: 1680 − 1140 = 540.00 = Σ (QE + PE + unsplit); the bound is
    // each account's rounding allowance (exact accounts): ½ fen × (3 cells + 1) = 2 fen each, 4 in all.
    expect(base.rounding).toBe('exact');
    // Totals 1,140 and 1,680 are whole fen: no rounding between them and the lines' sums.
    expect(c.identity).toEqual({
      effects: '540.00',
      direct: '540.00',
      residual: '0.00',
      bound: '0.04',
      totals: { v0: '1140.00', v1: '1680.00' },
      rounding: { v0: '0.00', v1: '0.00' },
    });
  });

  it('identity: a tampered total or line is refused at the account it is in', () => {
    // accounts written rounded to 2 decimals, half even: each line and the total may be ½ fen off as well
    const rounded = (r: AccountResult): AccountResult => ({
      ...r,
      rounding: { money: 2, quantity: 4, share: 6, mode: 'halfEven' },
    });
    const cells: [string, string | null, string | null, string][] = [
      ['R1', 'forest.broadleaf', '100', '1000'],
      ['R1', 'shrub', '30', '90'],
    ];
    const a = rounded(result(2020, cells));
    const b = rounded(result(2021, [['R1', 'forest.broadleaf', '120', '1560']]));
    // bounds: a ½ × (2 cells + 1) + ½ × (2 lines + 1) = 3 fen; b ½ × 2 + ½ × 2 = 2 fen
    expect(changeAccounting(a, b).identity.bound).toBe('0.05');
    expect(changeAccounting(a, b).identity.residual).toBe('0.00');
    // b's total raised by 10 元 without any line: its cells no longer make up its total
    const bTotal = { ...b, totals: { ...b.totals, gep: { current: '1570', comparable: '1570' } } };
    const e1 = errorOf(() => changeAccounting(a, bTotal));
    expect(e1.issues.map((i) => [i.code, i.path])).toEqual([
      ['VEP_RESULT_INVALID', ['b', 'totals', 'gep', 'current']],
    ]);
    expect(e1.issues[0]?.message.en).toContain('by 10.00 yuan');
    // a line of a changed by 0.09 元 (9 fen > the 3 fen rounding can explain) with its total left alone
    const aLine = rounded(result(2020, [cells[0] as (typeof cells)[number], ['R1', 'shrub', '30', '90.09']]));
    aLine.totals = a.totals;
    expect(errorOf(() => changeAccounting(aLine, b)).issues[0]?.path).toEqual([
      'a',
      'totals',
      'gep',
      'current',
    ]);
    // … while 0.03 元 is within rounding: accepted, and shown as the residual (direct − effects)
    const aNear = rounded(result(2020, [cells[0] as (typeof cells)[number], ['R1', 'shrub', '30', '90.03']]));
    aNear.totals = a.totals;
    expect(changeAccounting(aNear, b).identity).toMatchObject({ residual: '0.03', bound: '0.05' });
    // the same 10 元 added to both totals leaves the difference alone, but each account is checked on its own
    const aTotal = { ...a, totals: { ...a.totals, gep: { current: '1100', comparable: '1100' } } };
    expect(errorOf(() => changeAccounting(aTotal, bTotal)).issues.map((i) => i.path[0])).toEqual(['a', 'b']);
  });

  it('identity: exact accounts leave only the rounding of cells and totals to the fen', () => {
    const exact = (r: AccountResult): AccountResult => ({ ...r, rounding: 'exact' });
    const a = exact(result(2020, [['R1', 'shrub', '3', '10.004']]));
    const b = exact(result(2021, [['R1', 'shrub', '4', '20.006']]));
    // ½ fen per cell and per total: (1 + 1)/2 = 1 fen each account; one line each, its total the line's value:
    //   [10.004] = 10.00, [20.006] = 20.01, rounding 0.00 on both
    expect(changeAccounting(a, b).identity).toEqual({
      effects: '10.01',
      direct: '10.01',
      residual: '0.00',
      bound: '0.02',
      totals: { v0: '10.00', v1: '20.01' },
      rounding: { v0: '0.00', v1: '0.00' },
    });
    const bad = { ...b, totals: { ...b.totals, gep: { current: '20.03', comparable: '20.03' } } };
    expect(errorOf(() => changeAccounting(a, bad)).issues[0]?.code).toBe('VEP_RESULT_INVALID');
    // a rounding mode gepkit does not know cannot be bounded: refused, not assumed
    const odd = { ...b, rounding: { money: 2, quantity: 4, share: 6, mode: 'stochastic' } };
    expect(errorOf(() => changeAccounting(a, odd)).issues[0]).toMatchObject({
      code: 'VEP_RESULT_INVALID',
      path: ['b', 'rounding'],
    });
  });

  it('hand-computed: the accounts’ own totals, rounded once, beside the sums of their lines; one reported change', () => {
    // a: R1 broadleaf 1 m³ = 100.005, R1 shrub 1 m³ = 100.005; GEP total 200.01 exactly
    // b: the same 1 m³ each at 100.0075;                         GEP total 200.015 exactly
    //   lines: [100.005] = 100.00 (10,000.5 fen, to even), [100.0075] = 100.01; V₀ = 200.00, V₁ = 200.02
    //   each line: [q₁ × p₀] = [100.005] = 100.00, QE 0.00, PE = 100.01 − 100.00 = 0.01; ΔV = 0.02 = price 0.02
    //   totals rounded once: [200.01] = 200.01, [200.015] = 200.02 (20,001.5 fen, to even)
    //   the accounts' own change: 200.02 − 200.01 = 0.01 (not [200.015 − 200.01] = [0.005] = 0.00, a change that
    //   neither account reports); rounding: 200.01 − 200.00 = 0.01 and 200.02 − 200.02 = 0.00
    //   identity: direct 0.01 − effects 0.02 = residual −0.01 = rounding 0.00 − 0.01; bound (2 + 1)/2 → 1 fen each
    const exact = (r: AccountResult): AccountResult => ({ ...r, rounding: 'exact' });
    const two = (year: number, v: string) =>
      exact(
        result(year, [
          ['R1', 'forest.broadleaf', '1', v],
          ['R1', 'shrub', '1', v],
        ]),
      );
    const c = changeAccounting(two(2020, '100.005'), two(2021, '100.0075'));
    expect(c.total).toMatchObject({ v0: '200.00', v1: '200.02', change: '0.02', priceEffect: '0.02' });
    expect(c.reconciliation).toEqual({ reportedChange: '0.01', cellsChange: '0.02', difference: '-0.01' });
    expect(c.identity).toEqual({
      effects: '0.02',
      direct: '0.01',
      residual: '-0.01',
      bound: '0.02',
      totals: { v0: '200.01', v1: '200.02' },
      rounding: { v0: '0.01', v1: '0.00' },
    });
  });

  it('QE is rounded once; PE is the complement, within a fen of (P₁ − P₀) × Q₁', () => {
    // Q 3 → 4, V 10 → 20: P₀ = 10/3; QE = 1 × 10/3 = 3.333… → 3.33; PE = 10 − 3.33 = 6.67
    // Independent Paasche: (20/4 − 10/3) × 4 = 20 − 13.333… = 6.666… → 6.67
    const c = changeAccounting(
      result(2020, [['R1', 'shrub', '3', '10']]),
      result(2021, [['R1', 'shrub', '4', '20']]),
    );
    expect(c.cells[0]).toMatchObject({ quantityEffect: '3.33', priceEffect: '6.67' });
  });

  it('property: total change = quantity + price + unsplit, at every level, exactly', () => {
    const cell = fc.tuple(
      fc.constantFrom('R1', 'R2', 'R3'),
      fc.constantFrom('forest.broadleaf', 'shrub', 'cropland.paddy'),
      fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
      fc.integer({ min: 0, max: 10_000_000 }),
    );
    const cells = fc.uniqueArray(cell, { selector: (c) => `${c[0]}|${c[1]}`, maxLength: 9 });
    const toRes = (year: number, cs: [string, string, number | null, number][]) =>
      result(
        year,
        cs.map(([i, t, q, v]) => [i, t, q === null ? null : (q / 7).toFixed(5), (v / 100).toFixed(2)]),
      );
    fc.assert(
      fc.property(cells, cells, (x, y) => {
        // a quantity is null for a whole indicator or for none of it, as in a real result
        const norm = (cs: typeof x) =>
          cs.map(
            (c) =>
              [c[0], c[1], c[0] === 'R2' ? null : (c[2] ?? 1), c[3]] as [
                string,
                string,
                number | null,
                number,
              ],
          );
        const c = changeAccounting(toRes(2020, norm(x)), toRes(2021, norm(y)));
        const f = (s: string) => BigInt(s.replace('.', ''));
        for (const p of [c.total, ...c.byIndicator, ...c.byEcosystem, ...c.cells])
          expect(f(p.change)).toBe(f(p.quantityEffect) + f(p.mixEffect) + f(p.priceEffect) + f(p.unsplit));
        expect(f(c.total.change)).toBe(c.cells.reduce((s, p) => s + f(p.change), 0n));
        // identity: Σ cells of the effects, against the difference of the inputs' own totals (read here directly)
        const effects = c.cells.reduce(
          (s, p) => s + f(p.quantityEffect) + f(p.mixEffect) + f(p.priceEffect) + f(p.unsplit),
          0n,
        );
        expect(f(c.identity.effects)).toBe(effects);
        const gep = (r: AccountResult) =>
          f(new Decimal(r.totals.gep.current).toFixed(2, Decimal.ROUND_HALF_EVEN));
        const [ra, rb] = [toRes(2020, norm(x)), toRes(2021, norm(y))];
        expect(f(c.identity.direct)).toBe(gep(rb) - gep(ra));
        const residual = f(c.identity.residual);
        expect(residual).toBe(f(c.identity.direct) - effects);
        expect(residual < 0n ? -residual : residual).toBeLessThanOrEqual(f(c.identity.bound));
        // one figure of the accounts' own change; each total = the sum of its lines + what rounding removed
        expect(c.reconciliation.reportedChange).toBe(c.identity.direct);
        expect(c.reconciliation.difference).toBe(c.identity.residual);
        expect(f(c.identity.totals.v0)).toBe(gep(ra));
        expect(f(c.identity.totals.v1)).toBe(gep(rb));
        expect(f(c.identity.totals.v0) - f(c.identity.rounding.v0)).toBe(f(c.total.v0));
        expect(f(c.identity.totals.v1) - f(c.identity.rounding.v1)).toBe(f(c.total.v1));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('real accounts: R1 with a bigger forest and a later year', () => {
    const a = some(['R1', 'R6'], tinyInput());
    const inp = tinyInput() as { year: number; ecosystems: { area: { value: string } }[] };
    inp.year = 2021;
    (inp.ecosystems[0] as { area: { value: string } }).area.value = '12';
    const b = some(['R1', 'R6'], inp);
    const c = changeAccounting(a, b);
    // Cells are rounded to the fen one by one; the reported GEPs are rounded once: they differ by rounding only
    // (at most ½ fen per cell and per total), and the difference is shown, not hidden.
    expect(
      new Decimal(c.reconciliation.difference).abs().lte(new Decimal('0.005').times(c.cells.length * 2 + 2)),
    ).toBe(true);
    const f = c.lines.find((x) => x.indicator === 'R1' && x.ecosystem === 'forest.broadleaf');
    // Q grows by 12/10: QE = 0.2 × V₀ (rounded); the rest (CPI 2020 → 2021) is the price effect
    expect(f?.kind).toBe('split');
    expect(
      new Decimal(f?.quantityEffect ?? '0')
        .minus(new Decimal(f?.v0 ?? '0').times('0.2'))
        .abs()
        .lte('0.01'),
    ).toBe(true);
  });
});

describe('change accounting refuses what it cannot compare', () => {
  it('two accounts of different classifications, or comparable prices of different base years', () => {
    const a = result(2020, [['R1', 'shrub', '3', '10']]);
    const b = result(2021, [['R1', 'shrub', '4', '20']]);
    const otherClass = { ...b, classification: { ...b.classification, ref: 'other-classification@1' } };
    expect(errorOf(() => changeAccounting(a, otherClass)).issues[0]).toMatchObject({
      code: 'VEP_CHANGE_INCOMPARABLE',
      path: ['b', 'classification'],
      params: { detail: `classifications differ (${a.classification.ref}, other-classification@1)` },
    });
    const otherBase = { ...b, prices: { ...b.prices, baseYear: a.prices.baseYear + 1 } };
    expect(errorOf(() => changeAccounting(a, otherBase, { prices: 'comparable' })).issues[0]).toMatchObject({
      code: 'VEP_CHANGE_INCOMPARABLE',
      path: ['b', 'prices', 'baseYear'],
      params: {
        detail: `comparable prices of different base years (${a.prices.baseYear}, ${a.prices.baseYear + 1})`,
      },
    });
    // at current prices the base years do not matter
    expect(changeAccounting(a, otherBase).total.change).toBe('10.00');
    // a result that is not an account result is refused at the side it is on
    expect(errorOf(() => changeAccounting({ year: 2020 }, b)).issues[0]).toMatchObject({
      code: 'VEP_RESULT_INVALID',
    });
    expect(errorOf(() => changeAccounting({ year: 2020 }, b)).issues.every((i) => i.path[0] === 'a')).toBe(
      true,
    );
    expect(errorOf(() => changeAccounting(a, { year: 2021 })).issues.every((i) => i.path[0] === 'b')).toBe(
      true,
    );
    expect(errorOf(() => parseAccountResult({ year: Infinity })).issues).toContainEqual(
      expect.objectContaining({ code: 'NUMBER_NOT_FINITE', path: ['year'] }),
    );
    expect(errorOf(() => parseAccountResult({ year: 'x' })).issues.some((i) => i.path[0] === 'year')).toBe(
      true,
    );
  });

  it('options it cannot read are OPTIONS_INVALID, never read as current prices', () => {
    const a = result(2020, [['R1', 'shrub', '3', '10']]);
    const b = result(2021, [['R1', 'shrub', '4', '20']]);
    const refused = (o: unknown) =>
      errorOf(() => changeAccounting(a, b, o as never)).issues.map((i) => [i.code, i.path]);
    expect(refused({ prices: 'Comparable' })).toEqual([['OPTIONS_INVALID', ['options', 'prices']]]);
    expect(refused({ price: 'comparable' })).toEqual([['OPTIONS_INVALID', ['options']]]);
    expect(refused('comparable')).toEqual([['OPTIONS_INVALID', ['options']]]);
    expect(changeAccounting(a, b, { prices: 'comparable' }).prices).toBe('comparable');
  });

  it('warns what the comparison warns, with its codes at a and b: one-side indicators, region, year order', () => {
    const a = result(2020, [
      ['R1', 'shrub', '3', '10'],
      ['R2', 'shrub', null, '5'],
    ]);
    // R2 excluded from b (as `gepkit account --exclude R2` records it): its 5.00 元 is all quantity effect
    const b = {
      ...result(2021, [['R1', 'shrub', '4', '20']]),
      skipped: [{ code: 'R2', reason: 'excluded by the caller' }],
    };
    const codes = (r: { warnings: { code: string; path: readonly unknown[]; params?: unknown }[] }) =>
      r.warnings.map((w): [string, readonly unknown[], unknown] => [w.code, w.path, w.params]);
    const atAb = (r: ReturnType<typeof compare>) =>
      codes(r)
        // the comparison's own warnings, not each side's (which it adds under its side)
        .filter(([c]) => c.startsWith('COMPARE_') && c !== 'COMPARE_RESULT_ROUNDED')
        .map(([c, [side, ...rest], p]) => [c, [side === 'before' ? 'a' : 'b', ...rest], p]);
    const c = changeAccounting(a, b);
    expect(codes(c)).toEqual([
      [
        'COMPARE_INDICATOR_ONE_SIDE',
        ['b', 'skipped', 0],
        { indicator: 'R2', accounted: '2020', missing: '2021', reason: 'excluded by the caller' },
      ],
    ]);
    expect(codes(c)).toEqual(atAb(compare(a, b)));
    // another region code; b before a
    const moved = { ...b, region: { ...b.region, code: '361100' } };
    const back = changeAccounting(moved, a);
    expect(codes(back).map(([code, path]) => [code, path])).toEqual([
      ['COMPARE_REGION_DIFFERS', ['b', 'region']],
      ['COMPARE_YEAR_ORDER', ['b', 'year']],
      ['COMPARE_INDICATOR_ONE_SIDE', ['a', 'skipped', 0]],
    ]);
    expect(codes(back)).toEqual(atAb(compare(moved, a)));
    expect(back.warnings[1]?.message.en).toBe(
      'The second account (2020) is not later than the first (2021): growth and changes are computed in the order given',
    );
    // two scenarios of one year: no year order warned (compare, of years only, warns it)
    expect(changeAccounting(a, { ...a }).warnings).toEqual([]);
    expect(compare(a, { ...a }).warnings.map((w) => w.code)).toContain('COMPARE_YEAR_ORDER');
  });

  it('years within the input schema’s bounds, 1900–2200: 2200 is read, 10000 refused at its place', () => {
    const a = result(2020, [['R1', 'shrub', '3', '10']]);
    // 20 − 10 = 10.00 元 of change, the later account dated 2200
    expect(changeAccounting(a, result(2200, [['R1', 'shrub', '4', '20']])).total.change).toBe('10.00');
    expect(errorOf(() => changeAccounting(a, result(10000, [['R1', 'shrub', '4', '20']]))).issues).toEqual([
      expect.objectContaining({
        code: 'VEP_RESULT_INVALID',
        path: ['b', 'year'],
        params: { detail: 'Too big: expected number to be <=2200' },
      }),
      // result() dates the prices in the account's year too
      expect.objectContaining({ code: 'VEP_RESULT_INVALID', path: ['b', 'prices', 'currentYear'] }),
    ]);
  });

  it('a tampered total is named with both figures and the rounding allowance', () => {
    const a = result(2020, [['R1', 'shrub', '3', '10']]);
    const b = result(2021, [['R1', 'shrub', '4', '20']]);
    const bad = { ...b, totals: { ...b.totals, gep: { current: '25', comparable: '25' } } };
    // 25.00 against the line 20.00: 5.00 off, while ½ fen × (1 line + 1) = 1 fen is all rounding explains
    expect(errorOf(() => changeAccounting(a, bad)).issues[0]?.params).toEqual({
      detail:
        'the GEP total 25.00 differs from the sum of its indicator lines 20.00 by 5.00 yuan, more than rounding ' +
        'explains (0.01)',
    });
  });

  it('an account written rounded is warned at its rounding, with its year and places; exact ones are not', () => {
    const a = result(2020, [['R1', 'shrub', '3', '10']]);
    const b = result(2021, [['R1', 'shrub', '4', '20']]);
    const rounded = (r: AccountResult, money: number) =>
      ({ ...r, rounding: { money, quantity: 4, share: 2, mode: 'halfEven' } }) as unknown as AccountResult;
    const warned = (x: AccountResult, y: AccountResult) =>
      changeAccounting(x, y)
        .warnings.filter((w) => w.code === 'VEP_CHANGE_RESULT_ROUNDED')
        .map((w) => [w.path, w.params]);
    expect(warned(a, b)).toEqual([]);
    expect(warned(rounded(a, 2), b)).toEqual([[['a', 'rounding'], { year: 2020, money: 2 }]]);
    expect(warned(a, rounded(b, 0))).toEqual([[['b', 'rounding'], { year: 2021, money: 0 }]]);
    expect(warned(rounded(a, 2), rounded(b, 2)).map(([p]) => p)).toEqual([
      ['a', 'rounding'],
      ['b', 'rounding'],
    ]);
  });

  it('a warning names the indicator and its path; a line without a sub-item has item null', () => {
    const a = result(2020, [['R1', 'shrub', '3', '10']]);
    const b = result(2021, [['R1', 'shrub', '4', '20']]);
    const other = { ...b, indicators: b.indicators.map((i) => ({ ...i, method: 'other@1' })) };
    expect(changeAccounting(a, other).warnings[0]).toMatchObject({
      code: 'VEP_CHANGE_METHOD_DIFFERS',
      path: ['b', 'indicators'],
    });
    const noSubItem = (r: AccountResult) => ({
      ...r,
      indicators: r.indicators.map((i) => ({
        ...i,
        lines: i.lines.map(({ subItem: _drop, ...l }) => l),
      })),
    });
    expect(changeAccounting(noSubItem(a), noSubItem(b)).lines.map((l) => l.item)).toEqual([null]);
  });

  it('a directed rounding mode allows a whole unit of the last place per value', () => {
    // a written rounded down to 2 decimals: ½ fen × (1 cell + 1) + 1 fen × (1 line + 1) = 3 fen;
    // b exact: ½ fen × (1 + 1) = 1 fen; the bound is 4 fen (a half mode would allow 1 + 1 + 1 = 3)
    const a: AccountResult = {
      ...result(2020, [['R1', 'shrub', '3', '10']]),
      rounding: { money: 2, quantity: 4, share: 6, mode: 'down' },
    };
    const b = result(2021, [['R1', 'shrub', '4', '20']]);
    expect(changeAccounting(a, b).identity.bound).toBe('0.04');
  });

  it('a line whose physical unit is not in the catalogue is VEP_RESULT_INVALID, not an unsplit cell', async () => {
    const { readFileSync } = await import('node:fs');
    const a = JSON.parse(
      readFileSync(new URL('../../examples/vep/account-2022.json', import.meta.url), 'utf8'),
    );
    const b = JSON.parse(
      readFileSync(new URL('../../examples/vep/account-2023.json', import.meta.url), 'utf8'),
    );
    const line = b.indicators
      .find((i: { lines: { physical: unknown }[] }) => i.lines.some((l) => l.physical !== null))
      .lines.find((l: { physical: unknown }) => l.physical !== null);
    line.physical.unit = 'furlong';
    expect(errorOf(() => changeAccounting(a, b)).code).toBe('VEP_RESULT_INVALID');
  });
});

/** An account result with lines [code, type, subItem, quantity t, value 元] (one unit: t). */
function pollutants(year: number, rows: [string, string, string, string, string][]): AccountResult {
  const r = result(
    year,
    rows.map(([code, type, , q, v]) => [code, type, q, v]),
  );
  return {
    ...r,
    indicators: r.indicators.map((ind) => ({
      ...ind,
      lines: ind.lines.map((l, i) => {
        const row = rows.filter((x) => x[0] === ind.code)[i] as (typeof rows)[number];
        return { ...l, subItem: row[2], physical: { value: row[3], unit: 't', symbol: 't' } };
      }),
    })),
  };
}

describe('change accounting by line (sub-items and pollutants)', () => {
  // R4 water purification, prices unchanged: COD 1,400 元/t, TP 5,959.41 元/t; R5 SO₂ 1,200 元/t.
  //   2022: COD 100 t = 140,000.00; TP 1 t = 5,959.41; R5 SO₂ 10 t = 12,000.00      GEP 157,959.41
  //   2023: COD  50 t =  70,000.00; TP 51 t = 303,929.91; R5 SO₂ 12 t = 14,400.00   GEP 388,329.91
  const a = pollutants(2022, [
    ['R4', 'water.river', 'cod', '100', '140000'],
    ['R4', 'water.river', 'tp', '1', '5959.41'],
    ['R5', 'forest.broadleaf', 'so2', '10', '12000'],
  ]);
  const b = pollutants(2023, [
    ['R4', 'water.river', 'cod', '50', '70000'],
    ['R4', 'water.river', 'tp', '51', '303929.91'],
    ['R5', 'forest.broadleaf', 'so2', '12', '14400'],
  ]);
  // computed in each test (not while the file is collected), so each test's coverage includes it
  let c: ReturnType<typeof changeAccounting>;
  beforeEach(() => {
    c = changeAccounting(a, b);
  });

  it('the issue’s mix example: price effect 0.00, the composition shift is the mix effect', () => {
    // R4: ΔV = 373,929.91 − 145,959.41 = 227,970.50; Q₀ = Q₁ = 101 t → volume 0.00, mix 227,970.50, price 0.00
    expect(c.cells[0]).toMatchObject({
      indicator: 'R4',
      ecosystem: 'water.river',
      change: '227970.50',
      quantityEffect: '0.00',
      mixEffect: '227970.50',
      priceEffect: '0.00',
      unsplit: '0.00',
    });
    expect(c.lines.map((l) => [l.indicator, l.item, l.quantityEffect, l.priceEffect])).toEqual([
      ['R4', 'cod', '-70000.00', '0.00'], // (50 − 100) × 1,400
      ['R4', 'tp', '297970.50', '0.00'], // (51 − 1) × 5,959.41
      ['R5', 'so2', '2400.00', '0.00'], // (12 − 10) × 1,200
    ]);
  });

  it('totals of two cells, reconciliation and headers', () => {
    // total: ΔV = 388,329.91 − 157,959.41 = 230,370.50 = volume 2,400.00 (R5) + mix 227,970.50 (R4)
    expect(c.total).toEqual({
      v0: '157959.41',
      v1: '388329.91',
      change: '230370.50',
      quantityEffect: '2400.00',
      mixEffect: '227970.50',
      priceEffect: '0.00',
      unsplit: '0.00',
    });
    expect(c.byIndicator.map((x) => [x.indicator, x.change])).toEqual([
      ['R4', '227970.50'],
      ['R5', '2400.00'],
    ]);
    expect(c.byEcosystem.map((x) => [x.ecosystem, x.v0, x.v1])).toEqual([
      ['water.river', '145959.41', '373929.91'],
      ['forest.broadleaf', '12000.00', '14400.00'],
    ]);
    // cellsChange = Σ v1 − Σ v0 of the cells = 388,329.91 − 157,959.41; the reported totals agree exactly
    expect(c.reconciliation).toEqual({
      reportedChange: '230370.50',
      cellsChange: '230370.50',
      difference: '0.00',
    });
    // bound: ½ fen × (3 lines + 1) = 2 fen per exact account, 4 in all
    expect(c.identity).toEqual({
      effects: '230370.50',
      direct: '230370.50',
      residual: '0.00',
      bound: '0.04',
      totals: { v0: '157959.41', v1: '388329.91' },
      rounding: { v0: '0.00', v1: '0.00' },
    });
    expect(c.a).toEqual({
      region: a.region.name,
      year: 2022,
      profile: `${a.profile.id}@${a.profile.version}`,
      priceYear: 2022,
    });
    expect(c.b).toMatchObject({ year: 2023, priceYear: 2023 });
    expect(c.prices).toBe('current');
    expect(c.decomposition).toBe(
      'by line (indicator × ecosystem × sub-item × zone): Laspeyres quantity effect (base prices) + Paasche price ' +
        'effect (current quantities); per cell (indicator × ecosystem, × sub-item where the sub-items have no ' +
        'physical total), quantity = volume at the average base price + mix; fen',
    );
    // same methods in both accounts: no VEP_CHANGE_METHOD_DIFFERS
    expect(c.warnings).toEqual([]);
  });

  it('comparable prices name the base year in the headers; a method change is warned', () => {
    const cmp = changeAccounting(a, b, { prices: 'comparable' });
    expect(cmp.prices).toBe('comparable');
    expect(cmp.a.priceYear).toBe(a.prices.baseYear);
    expect(cmp.b.priceYear).toBe(b.prices.baseYear);
    const other = {
      ...b,
      indicators: b.indicators.map((i) => (i.code === 'R5' ? { ...i, method: 'other@1' } : i)),
    };
    expect(changeAccounting(a, other).warnings.map((w) => [w.code, w.params])).toEqual([
      ['VEP_CHANGE_METHOD_DIFFERS', { indicator: 'R5', a: a.indicators[1]?.method, b: 'other@1' }],
    ]);
  });
});

describe('change accounting keys lines by zone (ADR 0039)', () => {
  /** An account result whose only indicator is M6 hydropower, a line per zone: [zone, 万kWh, 元]. */
  const hydro = (year: number, rows: [string | null, string, string][]): AccountResult => {
    const r = result(
      year,
      rows.map(([, q, v]) => ['M6', null, q, v]),
    );
    return {
      ...r,
      indicators: r.indicators.map((ind) => ({
        ...ind,
        lines: ind.lines.map((l, i) => {
          const [zone, q] = rows[i] as (typeof rows)[number];
          return { ...l, zone, physical: { value: q, unit: 'wan_kWh', symbol: '万kWh' } };
        }),
      })),
    };
  };

  it('hand-computed: quantity moved between zones at unchanged tariffs is mix, not price', () => {
    // Tariffs unchanged: Z01 0.30 元/kWh = 3,000 元/万kWh, Z02 0.36 元/kWh = 3,600 元/万kWh.
    //   a: Z01 5,000 万kWh = 15,000,000.00; Z02 4,800 万kWh = 17,280,000.00; V₀ = 32,280,000.00, Q₀ = 9,800
    //   b: Z01 3,000 万kWh =  9,000,000.00; Z02 6,800 万kWh = 24,480,000.00; V₁ = 33,480,000.00, Q₁ = 9,800
    //   lines (one per zone, each at its own p₀): QE(Z01) = (3,000 − 5,000) × 3,000 = −6,000,000.00,
    //   QE(Z02) = (6,800 − 4,800) × 3,600 = 7,200,000.00; PE = [v₁] − [q₁ × p₀] = 0.00 on both
    //   cell M6: volume = (9,800 − 9,800) × P̄₀ = 0.00; mix = −6,000,000 + 7,200,000 − 0 = 1,200,000.00
    //   = 2,000 万kWh × (3,600 − 3,000); price 0.00. (Zones added first, one line 9,800 → 9,800 万kWh with
    //   p₀ = 32,280,000 / 9,800 would have given QE 0.00 and price 1,200,000.00.)
    const a = hydro(2022, [
      ['Z01', '5000', '15000000'],
      ['Z02', '4800', '17280000'],
    ]);
    const b = hydro(2022, [
      ['Z01', '3000', '9000000'],
      ['Z02', '6800', '24480000'],
    ]);
    const c = changeAccounting(a, b);
    expect(c.cells).toEqual([
      expect.objectContaining({
        indicator: 'M6',
        unit: 'wan_kWh',
        q0: '9800',
        q1: '9800',
        lines: 2,
        v0: '32280000.00',
        v1: '33480000.00',
        change: '1200000.00',
        quantityEffect: '0.00',
        mixEffect: '1200000.00',
        priceEffect: '0.00',
        unsplit: '0.00',
      }),
    ]);
    expect(c.lines.map((l) => [l.zone, l.quantityEffect, l.priceEffect])).toEqual([
      ['Z01', '-6000000.00', '0.00'],
      ['Z02', '7200000.00', '0.00'],
    ]);
    // bound: ½ fen × (2 lines + 1) = 1 fen per exact account, 2 in all
    expect(c.identity).toEqual({
      effects: '1200000.00',
      direct: '1200000.00',
      residual: '0.00',
      bound: '0.02',
      totals: { v0: '32280000.00', v1: '33480000.00' },
      rounding: { v0: '0.00', v1: '0.00' },
    });
  });

  it('each zone’s line is rounded by itself, and counted in the bound, as compare does', () => {
    // Z01 1 万kWh = 0.004 元, Z02 1 万kWh = 0.004 元 in both accounts (nothing changes):
    //   per zone [0.004] = 0.00, so V₀ = V₁ = 0.00 (zones added first: [0.008] = 0.01)
    //   bound: ½ fen × (2 lines + 1) = 1 fen per account, 2 in all; each GEP total [0.008] = 0.01 lies 1 fen off
    const a = hydro(2022, [
      ['Z01', '1', '0.004'],
      ['Z02', '1', '0.004'],
    ]);
    const c = changeAccounting(a, a);
    expect(c.total).toMatchObject({ v0: '0.00', v1: '0.00', change: '0.00' });
    expect(c.lines.map((l) => [l.zone, l.v0])).toEqual([
      ['Z01', '0.00'],
      ['Z02', '0.00'],
    ]);
    // … a fen that the rounding of the lines removed from each total, recorded: 0.01 − 0.00
    expect(c.identity).toEqual({
      effects: '0.00',
      direct: '0.00',
      residual: '0.00',
      bound: '0.02',
      totals: { v0: '0.01', v1: '0.01' },
      rounding: { v0: '0.01', v1: '0.01' },
    });
  });

  it('the zone repro on real accounts: the same effects as gepkit compare', () => {
    // The tiny county with hydropower in two zones, tariffs unchanged, 2,000 万kWh moved from Z01 to Z02
    // (the figures of the hand-computed test above): M6 ΔV = 1,200,000.00 = volume 0 + mix 1,200,000.00 + price 0.
    const input = (z01: string, z02: string) => {
      const plant = (zone: string, gen: string, tariff: string) => ({
        kind: 'hydropower',
        zone,
        generation: { value: gen, unit: 'wan_kWh' },
        tariff: { value: tariff, unit: 'yuan/kWh', priceYear: 2020 },
      });
      return {
        ...tinyInput(),
        zones: [
          { id: 'Z01', name: '一镇' },
          { id: 'Z02', name: '二乡' },
        ],
        energy: [plant('Z01', z01, '0.30'), plant('Z02', z02, '0.36')],
      };
    };
    const a = some(['M6', 'R1'], input('5000', '4800'));
    const b = some(['M6', 'R1'], input('3000', '6800'));
    const c = changeAccounting(a, b);
    expect(c.byIndicator.find((i) => i.indicator === 'M6')).toEqual({
      indicator: 'M6',
      v0: '32280000.00',
      v1: '33480000.00',
      change: '1200000.00',
      quantityEffect: '0.00',
      mixEffect: '1200000.00',
      priceEffect: '0.00',
      unsplit: '0.00',
    });
    // the same year at its own prices: comparable = current, so compare() reads the same values
    const k = compare(a, b);
    const pick = ({
      v0,
      v1,
      change,
      quantityEffect,
      mixEffect,
      priceEffect,
      unsplit,
    }: Record<string, unknown>) => ({
      v0,
      v1,
      change,
      quantityEffect,
      mixEffect,
      priceEffect,
      unsplit,
    });
    expect(c.total).toEqual(pick(k.gep));
    expect(c.lines).toEqual(k.lines);
    expect(c.identity).toEqual(k.identity);
  });
});
