import { Decimal } from '../core/decimal';

/**
 * Cell values and number formats shared by the workbooks gepkit writes (the account's and the comparison's) and by
 * the input workbook's writer and reader.
 */

export type ColumnFormat = 'money' | 'percent' | 'area' | 'physical';

/** What a table column holds, from its header: 万元 money, shares in %, areas in km², else physical quantities. */
export function formatOfHeader(header: string): ColumnFormat {
  if (header.includes('万元')) return 'money';
  if (header.includes('%') || header.includes('比例')) return 'percent';
  if (header.includes('km²')) return 'area';
  return 'physical';
}

/**
 * Excel number formats: money in 万元 with thousands separators and two decimals (a summary table's money is stored
 * to 0.01 万元, the detail's to the fen; the JSON keeps every digit), percentages with two decimals, areas (km², kept to four decimals by the tables) and physical quantities with two to four decimals,
 * and counts beyond 10¹⁵ (negative ions) in scientific notation.
 */
export function numberFormat(kind: ColumnFormat | undefined, value: number): string {
  if (kind === 'money') return '#,##0.00';
  if (kind === 'percent') return '0.00';
  return Math.abs(value) >= 1e15 ? '0.000E+00' : '#,##0.00##';
}

/**
 * A table cell: a decimal string as an Excel number (Excel holds 15 significant digits; the exact figure stays in the
 * JSON result), an empty string as an empty cell, anything else as text.
 */
export function cellValue(s: string): string | number | null {
  if (s === '') return null;
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s) ? Number(s) : s;
}

/** The number format that shows `k` decimals: 0.00 for two. */
export const decimalsFormat = (k: number): string => `0.${'0'.repeat(k)}`;

/**
 * A number cell's decimal text as the input workbook's reader reads it: the 15 significant digits Excel shows, in the
 * shortest form that means that value; in a cell formatted `0.00…` (or `#,##0.00…`) showing at least the number's
 * decimals, with as many decimals as the format shows (0.3 under 0.00 is 0.30). Padding only: a number with more
 * decimals than its format shows is read whole, never rounded to the cell's display.
 */
export function numberText(n: number, numFmt?: string): string {
  const digits = String(Number(n.toPrecision(15)));
  const k = numFmt === undefined ? undefined : /^(?:#,##)?0\.(0+)$/.exec(numFmt)?.[1]?.length;
  if (k === undefined) return digits;
  const d = new Decimal(digits);
  return d.decimalPlaces() <= k ? d.toFixed(k) : digits;
}
