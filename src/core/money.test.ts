import { describe, expect, it } from 'vitest';
import { dec } from './decimal';
import { GepError } from './errors';
import {
  type Money,
  type Price,
  addMoney,
  describePrice,
  moneyIn,
  pricePer,
  priceTimes,
  subtractMoney,
} from './money';
import { qty } from './units';

const m = (amount: string, unit: Money['unit'], priceYear: number): Money => ({
  amount: dec(amount),
  unit,
  priceYear,
});

describe('money with price year', () => {
  it('adds amounts of one price year in 元', () => {
    // 1.5 万元 + 2000 元 = 15000 + 2000 = 17000 元
    const s = addMoney(m('1.5', 'wan_yuan', 2020), m('2000', 'yuan', 2020));
    expect(s.amount.toFixed()).toBe('17000');
    expect(s.unit).toBe('yuan');
    expect(subtractMoney(m('48000', 'wan_yuan', 2020), m('27500', 'wan_yuan', 2020)).amount.toFixed()).toBe(
      '205000000',
    );
  });
  it('refuses to add different price years', () => {
    expect(() => addMoney(m('1', 'yuan', 2010), m('1', 'yuan', 2020))).toThrow(GepError);
    try {
      addMoney(m('1', 'yuan', 2010), m('1', 'yuan', 2020));
    } catch (e) {
      expect((e as GepError).code).toBe('MONEY_PRICE_YEAR_CONFLICT');
    }
  });
  it('converts money units', () => {
    expect(moneyIn(m('108.1294', 'yi_yuan', 2020), 'wan_yuan').amount.toFixed()).toBe('1081294');
  });
});

describe('prices', () => {
  const p: Price<'m3'> = { value: dec('7.06'), money: 'yuan', per: 'm3', priceYear: 2010 };
  it('re-expresses a price per another unit: 7.06 元/m³ = 70 600 元/万m³', () => {
    expect(pricePer(p, 'wan_m3').value.toFixed()).toBe('70600');
    // 2600 元/t = 2.6 元/kg
    const t: Price<'t'> = { value: dec('2600'), money: 'yuan', per: 't', priceYear: 2020 };
    expect(pricePer(t, 'kg').value.toFixed()).toBe('2.6');
  });
  it('quantity × price: 1000 m³ × 7.06 元/m³ = 7060 元 at 2010 prices', () => {
    const v = priceTimes(p, qty('1000', 'm3'));
    expect(v.amount.toFixed()).toBe('7060');
    expect(v.priceYear).toBe(2010);
    // a price in 万元: 2 万元/hm² × 3 hm² = 60 000 元
    const w: Price<'hm2'> = { value: dec('2'), money: 'wan_yuan', per: 'hm2', priceYear: 2020 };
    expect(priceTimes(w, qty('3', 'hm2')).amount.toFixed()).toBe('60000');
  });
});

describe('money: what each result carries', () => {
  const issuesOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as GepError).issues.map((i) => [i.code, i.path, i.params]);
    }
    return [];
  };

  it('a sum or difference keeps the price year and is in 元; a difference may be negative', () => {
    // 3 万元 − 50 000 元 = 30 000 − 50 000 = −20 000 元 at 2015 prices
    const d = subtractMoney(m('3', 'wan_yuan', 2015), m('50000', 'yuan', 2015));
    expect([d.amount.toFixed(), d.unit, d.priceYear]).toEqual(['-20000', 'yuan', 2015]);
    const s = addMoney(m('0.5', 'yi_yuan', 2015), m('1', 'wan_yuan', 2015));
    expect([s.amount.toFixed(), s.unit, s.priceYear]).toEqual(['50010000', 'yuan', 2015]);
  });

  it('a price-year conflict names both years, at the path given (also for a difference)', () => {
    expect(issuesOf(() => addMoney(m('1', 'yuan', 2010), m('1', 'yuan', 2020), ['lines', 3]))).toEqual([
      ['MONEY_PRICE_YEAR_CONFLICT', ['lines', 3], { a: '2010', b: '2020' }],
    ]);
    expect(issuesOf(() => subtractMoney(m('1', 'yuan', 2021), m('1', 'yuan', 2020), ['x']))).toEqual([
      ['MONEY_PRICE_YEAR_CONFLICT', ['x'], { a: '2021', b: '2020' }],
    ]);
    expect(issuesOf(() => addMoney(m('1', 'yuan', 2010), m('1', 'yuan', 2020)))[0]?.[1]).toEqual([]);
    expect(issuesOf(() => subtractMoney(m('1', 'yuan', 2010), m('1', 'yuan', 2020)))[0]?.[1]).toEqual([]);
  });

  it('a unit change keeps the price year', () => {
    const w = moneyIn(m('2.5', 'wan_yuan', 2012), 'yuan');
    expect([w.amount.toFixed(), w.unit, w.priceYear]).toEqual(['25000', 'yuan', 2012]);
  });

  it('a price re-expressed per another unit keeps its money unit and price year', () => {
    // 3 万元/km² = 0.03 万元/hm²
    const p: Price<'km2'> = { value: dec('3'), money: 'wan_yuan', per: 'km2', priceYear: 2019 };
    const q = pricePer(p, 'hm2');
    expect([q.value.toFixed(), q.money, q.per, q.priceYear]).toEqual(['0.03', 'wan_yuan', 'hm2', 2019]);
  });

  it('a price in 亿元 times a quantity is converted to 元: 0.0002 亿元/hm² × 5 hm² = 100 000 元', () => {
    const p: Price<'hm2'> = { value: dec('0.0002'), money: 'yi_yuan', per: 'hm2', priceYear: 2018 };
    const v = priceTimes(p, qty('5', 'hm2'));
    expect([v.amount.toFixed(), v.unit, v.priceYear]).toEqual(['100000', 'yuan', 2018]);
  });

  it('describes a price with its symbols and price year', () => {
    const p: Price<'m3'> = { value: dec('7.06'), money: 'yuan', per: 'm3', priceYear: 2010 };
    expect(describePrice(p)).toBe('7.06 元/m³ (2010)');
    expect(describePrice({ value: dec('1.2'), money: 'wan_yuan', per: 't_CO2', priceYear: 2021 })).toBe(
      '1.2 万元/t CO₂ (2021)',
    );
  });
});
