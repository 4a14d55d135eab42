import type { Decimal } from '../core/decimal';
import { type Path, fail } from '../core/errors';
import type { Grade, Source } from './schema';
import type { PriceIndexTable } from './registry';

export interface IndexPoint {
  year: number;
  value: Decimal;
  grade: Grade;
  source: Source;
}

export function indexPoint(index: PriceIndexTable, year: number, path: Path = []): IndexPoint {
  if (year === index.base.year) {
    return { year, value: index.base.value, grade: 'verified', source: { document: `${index.ref}: base year by definition` } };
  }
  const v = index.values.find((p) => p.year === year);
  if (v === undefined) fail('PRICE_INDEX_YEAR_MISSING', path, { index: index.ref, year });
  return { year, value: v.value, grade: v.grade, source: v.source };
}

/**
 * Move an amount from the price level of `fromYear` to that of `toYear`: P_to = P_from × I(to) / I(from).
 * Uses the published chained index directly (never a re-chained series of rounded annual changes).
 */
export function movePriceLevel(
  amount: Decimal,
  fromYear: number,
  toYear: number,
  index: PriceIndexTable,
  path: Path = [],
): { amount: Decimal; from: IndexPoint; to: IndexPoint } {
  const from = indexPoint(index, fromYear, path);
  const to = indexPoint(index, toYear, path);
  return { amount: fromYear === toYear ? amount : amount.times(to.value).div(from.value), from, to };
}
