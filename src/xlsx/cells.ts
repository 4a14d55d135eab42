/** Cell values and number formats shared by the workbooks gepkit writes (the account's and the comparison's). */

export type ColumnFormat = 'money' | 'percent' | 'area' | 'physical';

/** What a table column holds, from its header: 万元 money, shares in %, areas in km², else physical quantities. */
export function formatOfHeader(header: string): ColumnFormat {
  if (header.includes('万元')) return 'money';
  if (header.includes('%') || header.includes('比例')) return 'percent';
  if (header.includes('km²')) return 'area';
  return 'physical';
}

/**
 * Excel number formats: money in 万元 with thousands separators and two decimals (the fen of a 万元 figure is not
 * shown; the JSON keeps it), percentages and areas with two decimals, physical quantities with two to four decimals,
 * and counts beyond 10¹⁵ (negative ions) in scientific notation.
 */
export function numberFormat(kind: ColumnFormat | undefined, value: number): string {
  if (kind === 'money' || kind === 'area') return '#,##0.00';
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
