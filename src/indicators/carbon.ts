import { Decimal } from '../core/decimal';
import { type Path, fail } from '../core/errors';
import { type Quantity, co2ToCarbon, convertValue, dimensionOf } from '../core/units';
import type { MethodContext, Valuation } from './spec';

/**
 * Valuing t CO₂ with a carbon price whose basis is data: a price per t C is applied to the carbon content
 * (× 12/44, exact), a price per t CO₂ to the CO₂ itself. Any other basis is refused.
 */
export function carbonValuation(
  ctx: MethodContext<unknown>,
  key: string,
  co2: Quantity<'t_CO2'>,
  ecosystem: string | null,
  path: Path,
): Valuation {
  const { price, origin } = ctx.tablePrice(key, ecosystem, path);
  const basis = dimensionOf(price.per);
  if (basis === 'mass_C') {
    return {
      kind: 'unit-price',
      label: `carbon price per ${price.per} (CO₂ × 12/44)`,
      price,
      origin,
      quantity: co2ToCarbon(co2),
    };
  }
  if (basis === 'mass_CO2')
    return { kind: 'unit-price', label: `carbon price per ${price.per}`, price, origin, quantity: co2 };
  return fail('COEFFICIENT_UNIT_MISMATCH', path, {
    key,
    actual: `${price.money}/${price.per}`,
    expected: 'money per t C or per t CO₂',
  });
}

/** Area in hm² × a rate per hm² and year. */
export function perHectare(rate: Decimal, area: Quantity): Decimal {
  return rate.times(convertValue(area.value, area.unit, 'hm2'));
}

/** Dry matter → carbon: × 72/162 (six C of 12 in a C₆H₁₀O₅ unit of 162), exact. */
export function dryMatterToCarbon(dm: Decimal): Decimal {
  return dm.times(72).div(162);
}
