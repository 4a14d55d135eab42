import { describe, expect, it } from 'vitest';
import { dec } from '../core/decimal';
import { GepError } from '../core/errors';
import { bundledPriceIndex } from './bundled';
import { indexPoint, movePriceLevel } from './price-index';

const cpi = bundledPriceIndex('cn-cpi-1978');

describe('comparable prices with the CPI chain (1978 = 100)', () => {
  it('moves the 2010 reservoir cost to 2020 prices', () => {
    // 7.06 × I(2020)/I(2010) = 7.06 × 686.5 / 536.1 = 4846.69 / 536.1
    // 536.1 × 9.04 = 4846.344, remainder 0.346 / 536.1 = 0.000645402… → 9.040645402…
    const r = movePriceLevel(dec('7.06'), 2010, 2020, cpi);
    expect(r.amount.toDecimalPlaces(6).toFixed()).toBe('9.040645');
    expect(r.amount.equals(dec('4846.69').div('536.1'))).toBe(true);
    expect(r.from.value.toFixed()).toBe('536.1');
    expect(r.to.value.toFixed()).toBe('686.5');
  });

  it('moves a 2020 amount to 2015 comparable prices', () => {
    // 100 × 615.2 / 686.5 = 89.61398…
    expect(movePriceLevel(dec('100'), 2020, 2015, cpi).amount.toDecimalPlaces(5).toFixed()).toBe('89.61398');
  });

  it('is the identity within one year, and round-trips', () => {
    expect(movePriceLevel(dec('7.06'), 2010, 2010, cpi).amount.toFixed()).toBe('7.06');
    const there = movePriceLevel(dec('7.06'), 2010, 2023, cpi).amount;
    expect(movePriceLevel(there, 2023, 2010, cpi).amount.toDecimalPlaces(30).toFixed()).toBe('7.06');
  });

  it('stores the published chain, graded: secondary to 2023, derived after', () => {
    expect(indexPoint(cpi, 2023).value.toFixed()).toBe('708');
    expect(indexPoint(cpi, 2023).grade).toBe('secondary');
    expect(indexPoint(cpi, 2024).grade).toBe('derived');
    expect(indexPoint(cpi, 1978).value.toFixed()).toBe('100');
  });

  it('refuses a year the series does not cover', () => {
    expect(() => movePriceLevel(dec(1), 1990, 2020, cpi)).toThrow(GepError);
    expect(() => indexPoint(cpi, 2030)).toThrow(/PRICE_INDEX_YEAR_MISSING/);
  });
});

describe('price-index points and refusals in detail', () => {
  it('the base year is the base value by definition: verified, sourced to the index itself', () => {
    expect(indexPoint(cpi, 1978)).toEqual({
      year: 1978,
      value: cpi.base.value,
      grade: 'verified',
      source: { document: `${cpi.ref}: base year by definition` },
    });
    // and moving to or from it uses that value: 100 × 686.5 / 100 = 686.5
    const r = movePriceLevel(dec('100'), 1978, 2020, cpi);
    expect([r.amount.toFixed(), r.from.year, r.to.year, r.from.grade]).toEqual(['686.5', 1978, 2020, 'verified']);
  });

  it('a point carries the published source of its year', () => {
    const p = indexPoint(cpi, 2010);
    expect(p.year).toBe(2010);
    expect(p.source).toEqual(cpi.values.find((v) => v.year === 2010)?.source);
    expect(p.source.document.length).toBeGreaterThan(0);
  });

  it('a missing year names the index and the year, at the path given', () => {
    try {
      movePriceLevel(dec(1), 2020, 1990, cpi, ['prices', 'baseYear']);
      expect.unreachable();
    } catch (e) {
      expect((e as GepError).issues.map((i) => [i.code, i.path, i.params])).toEqual([
        ['PRICE_INDEX_YEAR_MISSING', ['prices', 'baseYear'], { index: cpi.ref, year: 1990 }],
      ]);
    }
    try {
      movePriceLevel(dec(1), 1990, 2020, cpi);
    } catch (e) {
      expect((e as GepError).path).toEqual([]);
    }
    expect(() => indexPoint(cpi, 2031)).toThrow(GepError);
    try {
      indexPoint(cpi, 2031);
    } catch (e) {
      expect((e as GepError).path).toEqual([]);
    }
  });

  it('within one year the amount is returned untouched, every digit kept', () => {
    // × 536.1 ÷ 536.1 at 40 digits rounds the product first and changes the last digit of this amount:
    // 0.4395604395604395642857142857142857142857 would come back as …142858.
    const x = dec('0.4395604395604395642857142857142857142857');
    expect(movePriceLevel(x, 2010, 2010, cpi).amount.toFixed()).toBe('0.4395604395604395642857142857142857142857');
  });
});
