import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { GepError, type Path } from '../core/errors';
import type { Price } from '../core/money';
import type { Quantity } from '../core/units';
import { carbonValuation, dryMatterToCarbon, perHectare } from './carbon';
import type { MethodContext, PriceOrigin } from './spec';

/** A context whose table price is `price`, recording each lookup's key, ecosystem type and path. */
function ctxWith(price: Price, asked: unknown[][] = []): MethodContext<unknown> {
  const origin: PriceOrigin = { kind: 'coefficient', key: 'carbon.price', table: 'T', ecosystem: null };
  return {
    tablePrice: (key: string, ecosystem: string | null, path?: Path) => {
      asked.push([key, ecosystem, path]);
      return { price, origin };
    },
  } as unknown as MethodContext<unknown>;
}

const co2 = (value: number): Quantity<'t_CO2'> => ({ value: new Decimal(value), unit: 't_CO2' });

function errorOf(f: () => unknown): GepError {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('carbonValuation', () => {
  it('applies a price per t C to the carbon content of the CO₂ (× 12/44, exact), labelled as such', () => {
    const price: Price = { value: new Decimal(300), money: 'yuan', per: 't_C', priceYear: 2020 };
    const asked: unknown[][] = [];
    const v = carbonValuation(ctxWith(price, asked), 'carbon.price', co2(110), 'forest.broadleaf', ['a', 1]);
    expect(asked).toEqual([['carbon.price', 'forest.broadleaf', ['a', 1]]]);
    // 110 t CO₂ × 12/44 = 1320/44 = 30 t C
    expect(v.quantity?.unit).toBe('t_C');
    expect(v.quantity?.value.toFixed()).toBe('30');
    expect(v.kind).toBe('unit-price');
    expect(v.label).toBe('carbon price per t_C (CO₂ × 12/44)');
    expect(v.kind === 'unit-price' ? v.price : undefined).toBe(price);
    expect(v.origin).toEqual({ kind: 'coefficient', key: 'carbon.price', table: 'T', ecosystem: null });
  });

  it('takes any unit of carbon mass as a carbon basis (kg C), named in the label', () => {
    const price: Price = { value: new Decimal('0.3'), money: 'yuan', per: 'kg_C', priceYear: 2020 };
    const v = carbonValuation(ctxWith(price), 'k', co2(22), null, []);
    // 22 t CO₂ × 12/44 = 264/44 = 6 t C: the quantity stays in t C, the engine converts it to the price's kg C
    expect([v.label, v.quantity?.unit, v.quantity?.value.toFixed()]).toEqual([
      'carbon price per kg_C (CO₂ × 12/44)',
      't_C',
      '6',
    ]);
  });

  it('applies a price per t CO₂ to the CO₂ itself, labelled without a ratio', () => {
    const price: Price = { value: new Decimal(80), money: 'yuan', per: 't_CO2', priceYear: 2020 };
    const q = co2(110);
    const v = carbonValuation(ctxWith(price), 'carbon.price', q, 'forest.broadleaf', []);
    expect(v.kind).toBe('unit-price');
    expect(v.label).toBe('carbon price per t_CO2');
    expect(v.quantity).toBe(q);
    expect(v.kind === 'unit-price' ? v.price : undefined).toBe(price);
    expect(v.origin.kind).toBe('coefficient');
  });

  it('takes any unit of CO₂ mass as a CO₂ basis (万t CO₂)', () => {
    const price: Price = { value: new Decimal(800_000), money: 'yuan', per: 'wan_t_CO2', priceYear: 2020 };
    const v = carbonValuation(ctxWith(price), 'k', co2(5), null, []);
    expect([v.label, v.quantity?.unit, v.quantity?.value.toFixed()]).toEqual([
      'carbon price per wan_t_CO2',
      't_CO2',
      '5',
    ]);
  });

  it('refuses a price on any other basis: COEFFICIENT_UNIT_MISMATCH at the path, naming key and unit', () => {
    const price: Price = { value: new Decimal(50), money: 'wan_yuan', per: 't', priceYear: 2020 };
    const err = errorOf(() => carbonValuation(ctxWith(price), 'carbon.price', co2(1), 'forest', ['eco', 2]));
    expect(err.issues).toHaveLength(1);
    expect(err.code).toBe('COEFFICIENT_UNIT_MISMATCH');
    expect(err.path).toEqual(['eco', 2]);
    expect(err.issues[0]?.params).toEqual({
      key: 'carbon.price',
      actual: 'wan_yuan/t',
      expected: 'money per t C or per t CO₂',
    });
    expect(err.issues[0]?.message.en).toBe(
      'Coefficient "carbon.price" is in wan_yuan/t; the formula needs money per t C or per t CO₂',
    );
    expect(err.zh.startsWith('系数“carbon.price”的单位为 wan_yuan/t，公式需要 ')).toBe(true);
  });

  it('refuses a price per t O₂ as well (a mass of another substance)', () => {
    const price: Price = { value: new Decimal(1), money: 'yuan', per: 't_O2', priceYear: 2020 };
    const err = errorOf(() => carbonValuation(ctxWith(price), 'oxygen.price', co2(1), null, []));
    expect([err.code, err.path, err.issues[0]?.params?.actual]).toEqual([
      'COEFFICIENT_UNIT_MISMATCH',
      [],
      'yuan/t_O2',
    ]);
  });
});

describe('perHectare', () => {
  it('multiplies a rate per hm² by the area converted to hm²', () => {
    // 3 km² = 300 hm²; 2.5 × 300 = 750
    expect(perHectare(new Decimal('2.5'), { value: new Decimal(3), unit: 'km2' }).toFixed()).toBe('750');
    // 45 亩 = 45 × 2000/3 m² = 30 000 m² = 3 hm²; 4 × 3 = 12
    expect(perHectare(new Decimal(4), { value: new Decimal(45), unit: 'mu' }).toFixed()).toBe('12');
    // an area already in hm²: 7 × 2 = 14
    expect(perHectare(new Decimal(7), { value: new Decimal(2), unit: 'hm2' }).toFixed()).toBe('14');
  });
});

describe('dryMatterToCarbon', () => {
  it('takes 72/162 of the dry matter, exactly', () => {
    // 162 × 72 / 162 = 72; 9 × 72 / 162 = 648 / 162 = 4; 81 × 72 / 162 = 5832 / 162 = 36
    expect(dryMatterToCarbon(new Decimal(162)).toFixed()).toBe('72');
    expect(dryMatterToCarbon(new Decimal(9)).toFixed()).toBe('4');
    expect(dryMatterToCarbon(new Decimal(81)).toFixed()).toBe('36');
    expect(dryMatterToCarbon(new Decimal(0)).toFixed()).toBe('0');
  });
});
