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

/**
 * What a number format shows that is not the number a cell holds: `scaled` when a comma after its digits divides the
 * number by 1,000 (`0,` shows 1234567 as 1235; `0.0,,` as 1.2), `percent` when a percent sign among its codes
 * multiplies it by 100 (`0%` shows 0.35 as 35%: the number itself for a share typed as a fraction, another figure
 * in any other column), and `words`, the letters and digits its literal text shows (a unit: `0"亩"`, `0!.0,"万"`, `0\ \m\m`,
 * `[$元-804]0.00`, `G/通用格式"亩"`; zeros: `0"000"`). Colours and conditions in brackets, currency symbols, spaces, signs, padding
 * (`_)`), fills (`* `), the exponent (`0.00E+00`) and a quoted percent sign do not count. Judged on the section that shows `value` (positive or zero; negative; zero, as Excel picks them: `#,##0;
 * -#,##0;"无"` shows 120 as 120), or on the three number sections when a section has a condition (`[>=100]`) or no
 * value is given; never on the text section (the fourth). Undefined for a format that shows the number itself
 * (General, 0.00, #,##0.00, "¥"#,##0.00), and for a date or time format (no digit placeholder of its own:
 * `yyyy"年"m"月"`), whose cells the workbook library reads as dates.
 */
export function formatShows(
  numFmt: string | undefined,
  value?: number,
): { scaled: boolean; percent: boolean; words: string } | undefined {
  if (numFmt === undefined) return undefined;
  const sections = formatSections(numFmt).slice(0, 3);
  const conditioned = sections.some((x) => x.conditioned);
  const n = sections.length;
  const shown =
    value === undefined || conditioned
      ? sections
      : [sections[value > 0 || n === 1 ? 0 : value < 0 ? 1 : n >= 3 ? 2 : 0] as FormatSection];
  let scaled = false;
  let percent = false;
  let words = '';
  let numeric = false;
  for (const x of shown) {
    // General (G/通用格式 as Chinese Excel and WPS write it, G/標準 in Japanese) shows the number: a digit
    const bare = x.code.replace(/General|G\/通用格式|G\/標準/gi, '0').replace(/[eE][+-]/g, '');
    // a date or time section (yyyy-mm-dd, [h]:mm:ss.00) has no digit placeholder of its own: its letters are codes
    if (!/[0#?]/.test(bare.replace(/s\.0+/gi, ''))) continue;
    numeric = true;
    scaled ||= /[0#?.],+(?![,]*[0#?])/.test(bare);
    percent ||= bare.includes('%');
    // the workbook library hands over a format with its backslash escapes removed: 0\ \m\m as 0 mm, whose letters
    // are literal in a number format; a literal's digits are shown too (0"000" shows 120 as 120000)
    words += [...x.literal].filter((ch) => /[\p{L}\p{N}]/u.test(ch)).join('');
    words += [...bare].filter((ch) => /\p{L}/u.test(ch)).join('');
  }
  return numeric && (scaled || percent || words !== '') ? { scaled, percent, words } : undefined;
}

/** One section of a number format: its codes, the text of its literals, and whether it has a condition. */
interface FormatSection {
  code: string;
  literal: string;
  conditioned: boolean;
}

/**
 * A number format's sections (split at `;` outside quotes, brackets and escapes), each with its codes apart from the
 * text it shows literally: quoted text, an escaped character (`\m`, `!.`), a bracket's currency or unit text
 * (`[$元-804]`); colours, conditions and locales in brackets, padding (`_)`) and fills (`* `) are dropped.
 */
function formatSections(numFmt: string): FormatSection[] {
  const out: FormatSection[] = [];
  let x: FormatSection = { code: '', literal: '', conditioned: false };
  for (let i = 0; i < numFmt.length; i++) {
    const c = numFmt[i] as string;
    if (c === '"') {
      const end = numFmt.indexOf('"', i + 1);
      x.literal += numFmt.slice(i + 1, end < 0 ? numFmt.length : end);
      i = end < 0 ? numFmt.length : end;
    } else if (c === '\\' || c === '!') {
      x.literal += numFmt[i + 1] ?? '';
      i += 1;
    } else if (c === '_' || c === '*') i += 1;
    else if (c === '[') {
      const end = numFmt.indexOf(']', i + 1);
      const inner = numFmt.slice(i + 1, end < 0 ? numFmt.length : end);
      // [$元-804]: a currency or unit text with its locale; [>=100]: a condition; [Red], [DBNum1]: the rest
      x.literal += /^\$([^-\]]*)/.exec(inner)?.[1] ?? '';
      if (/^[<>=]/.test(inner)) x.conditioned = true;
      i = end < 0 ? numFmt.length : end;
    } else if (c === ';') {
      out.push(x);
      x = { code: '', literal: '', conditioned: false };
    } else x.code += c;
  }
  out.push(x);
  return out;
}
