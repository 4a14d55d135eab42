import { Decimal } from './decimal';
import { type Path, fail } from './errors';
import {
  type DimOf,
  type MoneyUnit,
  type PerUnit,
  type Quantity,
  type UnitsOf,
  convertValue,
  unitSymbol,
} from './units';

/** An amount of money at the price level of one year. */
export interface Money<U extends MoneyUnit = MoneyUnit> {
  readonly amount: Decimal;
  readonly unit: U;
  readonly priceYear: number;
}

/** A unit price: `value` money units per one `per` unit, at the price level of `priceYear`. */
export interface Price<P extends PerUnit = PerUnit> {
  readonly value: Decimal;
  readonly money: MoneyUnit;
  readonly per: P;
  readonly priceYear: number;
}

export function moneyIn<T extends MoneyUnit>(m: Money, unit: T): Money<T> {
  return { amount: convertValue(m.amount, m.unit, unit), unit, priceYear: m.priceYear };
}

/** Sum of money at one price level, in 元. Different price years cannot be added without a price index. */
export function addMoney(a: Money, b: Money, path: Path = []): Money<'yuan'> {
  if (a.priceYear !== b.priceYear) {
    fail('MONEY_PRICE_YEAR_CONFLICT', path, { a: `${a.priceYear}`, b: `${b.priceYear}` });
  }
  return {
    amount: convertValue(a.amount, a.unit, 'yuan').plus(convertValue(b.amount, b.unit, 'yuan')),
    unit: 'yuan',
    priceYear: a.priceYear,
  };
}

/** a − b at one price level, in 元 (may be negative: the caller decides what a negative difference means). */
export function subtractMoney(a: Money, b: Money, path: Path = []): Money<'yuan'> {
  return addMoney(a, { ...b, amount: b.amount.negated() }, path);
}

/** Re-express a price per another unit of the same dimension: 7.06 元/m³ = 70600 元/万m³. */
export function pricePer<P extends PerUnit, T extends UnitsOf<DimOf<P>> & PerUnit>(
  p: Price<P>,
  to: T,
): Price<T> {
  // Price per `to` = price per `per` × (how many `per` units one `to` unit holds).
  const perUnitsInOneTo = convertValue(new Decimal(1), to, p.per);
  return { value: p.value.times(perUnitsInOneTo), money: p.money, per: to, priceYear: p.priceYear };
}

/** quantity × unit price → money in 元. The quantity must be in the price's own unit (convert first). */
export function priceTimes<P extends PerUnit>(p: Price<P>, q: Quantity<NoInfer<P>>): Money<'yuan'> {
  return {
    amount: convertValue(q.value.times(p.value), p.money, 'yuan'),
    unit: 'yuan',
    priceYear: p.priceYear,
  };
}

export function describePrice(p: Price): string {
  return `${p.value.toFixed()} ${unitSymbol(p.money)}/${unitSymbol(p.per)} (${p.priceYear})`;
}
