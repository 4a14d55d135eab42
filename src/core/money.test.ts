import { describe, expect, it } from 'vitest';
import { dec } from './decimal';
import { GepError } from './errors';
import { type Money, type Price, addMoney, moneyIn, pricePer, priceTimes, subtractMoney } from './money';
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
