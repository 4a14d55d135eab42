import { describe, expectTypeOf, it } from 'vitest';
import { type Price, priceTimes } from '../src/core/money';
import { type Quantity, add, convert, depthOverArea, qty } from '../src/core/units';

/** Type-level tests: wrong unit combinations must not compile. `@ts-expect-error` fails if they do. */
describe('units are types', () => {
  it('cannot add t C to t CO₂', () => {
    const c = qty('1', 't_C');
    const co2 = qty('1', 't_CO2');
    // @ts-expect-error t C and t CO₂ are different units
    add(c, co2);
    expectTypeOf(add(co2, co2)).toEqualTypeOf<Quantity<'t_CO2'>>();
  });

  it('cannot add km² to m³, nor km² to hm² without converting', () => {
    // @ts-expect-error area plus volume
    add(qty('1', 'km2'), qty('1', 'm3'));
    // @ts-expect-error two area units: convert first
    add(qty('1', 'km2'), qty('1', 'hm2'));
    expectTypeOf(add(convert(qty('1', 'km2'), 'hm2'), qty('1', 'hm2'))).toEqualTypeOf<Quantity<'hm2'>>();
  });

  it('cannot convert across dimensions or substances', () => {
    // @ts-expect-error km² is not a volume
    convert(qty('1', 'km2'), 'm3');
    // @ts-expect-error t C is not convertible to t CO₂ by a unit factor (use carbonToCO2)
    convert(qty('1', 't_C'), 't_CO2');
    expectTypeOf(convert(qty('1', 'km2'), 'mu')).toEqualTypeOf<Quantity<'mu'>>();
  });

  it('cannot apply a per-t-C price to t CO₂', () => {
    const perTC: Price<'t_C'> = {
      value: qty('1200', 't_C').value,
      money: 'yuan',
      per: 't_C',
      priceYear: 2008,
    };
    // @ts-expect-error a price per t C times t CO₂
    priceTimes(perTC, qty('1', 't_CO2'));
    priceTimes(perTC, qty('1', 't_C'));
  });

  it('depth over area needs a length and an area', () => {
    // @ts-expect-error a volume is not a depth
    depthOverArea(qty('1', 'm3'), qty('1', 'km2'));
    expectTypeOf(depthOverArea(qty('1', 'mm'), qty('1', 'km2'))).toEqualTypeOf<Quantity<'m3'>>();
  });
});
