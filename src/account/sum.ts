import { Decimal } from '../core/decimal';

/**
 * Σ of values in order, exactly as decimal.js adds them from zero, with fewer operations: 0 + x is x itself when x
 * is not zero and has at most `precision` significant digits (decimal.js returns a copy of x rounded to the
 * precision, which changes nothing), so the sum starts from the first such value. Leading zeros add nothing to
 * the zero the sum starts from (0 + 0 is 0, whatever the zero's sign). A first non-zero value with more digits
 * than the precision is added to zero, which rounds it, as the plain loop does.
 */
export function sumInOrder(values: readonly Decimal[]): Decimal {
  let i = 0;
  while (i < values.length && (values[i] as Decimal).isZero()) i++;
  const first = values[i];
  if (first === undefined) return new Decimal(0);
  let s = first.sd() <= Decimal.precision ? first : new Decimal(0).plus(first);
  for (i++; i < values.length; i++) s = s.plus(values[i] as Decimal);
  return s;
}
