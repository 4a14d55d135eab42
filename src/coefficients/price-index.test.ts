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
