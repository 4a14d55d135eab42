import { describe, expect, it } from 'vitest';
import { cellValue, decimalsFormat, formatOfHeader, formatShows, numberFormat, numberText } from './cells';

describe('the account workbook’s columns', () => {
  it('formatOfHeader: 万元 money, % or 比例 percent, km² area, anything else physical', () => {
    expect(formatOfHeader('价值 Value (万元)')).toBe('money');
    expect(formatOfHeader('占比 Share (%)')).toBe('percent');
    expect(formatOfHeader('比例')).toBe('percent');
    expect(formatOfHeader('面积 Area (km²)')).toBe('area');
    expect(formatOfHeader('实物量 Quantity (t)')).toBe('physical');
    // money wins over a percent sign in the same header
    expect(formatOfHeader('万元 (%)')).toBe('money');
  });

  it('numberFormat: two decimals with separators for money, two for percent, scientific from 10¹⁵ on', () => {
    expect(numberFormat('money', 1e20)).toBe('#,##0.00');
    expect(numberFormat('percent', 1e20)).toBe('0.00');
    expect(numberFormat('area', 12.5)).toBe('#,##0.00##');
    expect(numberFormat('physical', 999_999_999_999_999)).toBe('#,##0.00##');
    expect(numberFormat('physical', 1e15)).toBe('0.000E+00');
    expect(numberFormat(undefined, -1e15)).toBe('0.000E+00');
  });

  it('cellValue: decimal strings as numbers, empty as no value, other text as it is', () => {
    expect(cellValue('')).toBeNull();
    expect(cellValue('12.50')).toBe(12.5);
    expect(cellValue('-3')).toBe(-3);
    expect(cellValue('1.5e-7')).toBe(1.5e-7);
    expect(cellValue('2E+3')).toBe(2000);
    expect(cellValue('1e5')).toBe(100000);
    expect(cellValue('2E+15')).toBe(2e15);
    expect(cellValue('1,200')).toBe('1,200');
    expect(cellValue('+5')).toBe('+5');
    expect(cellValue('.5')).toBe('.5');
    expect(cellValue('R1')).toBe('R1');
  });

  it('decimalsFormat: 0. and k zeros', () => {
    expect(decimalsFormat(1)).toBe('0.0');
    expect(decimalsFormat(3)).toBe('0.000');
  });
});

describe('numberText: a number cell as the reader reads it', () => {
  it('Excel’s 15 significant digits, in the shortest form', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary; to 15 digits 0.300000000000000, shortest 0.3
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(123456.789)).toBe('123456.789');
    expect(numberText(1e-7)).toBe('1e-7');
    expect(numberText(2020)).toBe('2020');
  });

  it('padded to the decimals a 0.00 or #,##0.00 format shows, never rounded to them', () => {
    expect(numberText(0.3, '0.00')).toBe('0.30');
    expect(numberText(0.3, '#,##0.000')).toBe('0.300');
    expect(numberText(5, '0.0')).toBe('5.0');
    // more decimals than the format shows: read whole
    expect(numberText(0.125, '0.00')).toBe('0.125');
    // formats that are not of that shape leave the digits as they are
    expect(numberText(0.3, '0.00%')).toBe('0.3');
    expect(numberText(0.3, 'General')).toBe('0.3');
    expect(numberText(0.3, '#,##0')).toBe('0.3');
  });
});

describe('formatShows: what a number format shows that is not the number held', () => {
  it('a comma after the digits scales by 1,000; one between digits separates thousands', () => {
    expect(formatShows('0,')).toEqual({ scaled: true, percent: false, words: '' });
    expect(formatShows('#,##0,')).toEqual({ scaled: true, percent: false, words: '' });
    expect(formatShows('0.0,,;-0.0,,')).toEqual({ scaled: true, percent: false, words: '' });
    expect(formatShows('#,##0')).toBeUndefined();
    expect(formatShows('0,000.00')).toBeUndefined();
    expect(formatShows('#,##0.00')).toBeUndefined();
    // a comma after the decimal point's digits scales too: 0.0, shows 1234567 as 1234.6
    expect(formatShows('0.0,')).toEqual({ scaled: true, percent: false, words: '' });
    // General stands for a digit: General, is scaled
    expect(formatShows('General,')).toEqual({ scaled: true, percent: false, words: '' });
  });

  it('letters in quoted, escaped or bracketed literals are words; symbols, spaces, padding and fills are not', () => {
    expect(formatShows('0"亩"')).toEqual({ scaled: false, percent: false, words: '亩' });
    // digits in a literal are shown beside the number's: 120 under 0"000" shows as 120000; a locale's digits are not
    expect(formatShows('0"000"')).toEqual({ scaled: false, percent: false, words: '000' });
    expect(formatShows('0\\0\\0')).toEqual({ scaled: false, percent: false, words: '00' });
    expect(formatShows('[$-804]0.00')).toBeUndefined();
    expect(formatShows('0!.0,"万"')).toEqual({ scaled: true, percent: false, words: '万' });
    expect(formatShows('0\\m\\m')).toEqual({ scaled: false, percent: false, words: 'mm' });
    expect(formatShows('[$元-804]0.00')).toEqual({ scaled: false, percent: false, words: '元' });
    expect(formatShows('[>=100]0" t";0" kg"')).toEqual({ scaled: false, percent: false, words: 'tkg' });
    expect(formatShows('"¥"#,##0.00')).toBeUndefined();
    expect(formatShows('[$¥-804]#,##0.00')).toBeUndefined();
    expect(formatShows('[Red]0.00;[Blue]-0.00')).toBeUndefined();
    expect(formatShows('_(* #,##0.00_)')).toBeUndefined();
    expect(formatShows('0_,')).toBeUndefined();
    expect(formatShows('0"-"0')).toBeUndefined();
    // a percent sign among the codes multiplies by 100: 0.35 shows as 35%; quoted or escaped it is only a sign
    expect(formatShows('0%')).toEqual({ scaled: false, percent: true, words: '' });
    expect(formatShows('0.00%;-0.00%')).toEqual({ scaled: false, percent: true, words: '' });
    expect(formatShows('0.00"%"')).toBeUndefined();
    expect(formatShows('0.00\\%')).toBeUndefined();
    expect(formatShows('0%;-0', -1)).toBeUndefined();
    expect(formatShows('0;-0%', 1)).toBeUndefined();
    expect(formatShows('0;-0%', -1)).toEqual({ scaled: false, percent: true, words: '' });
    expect(formatShows('0.00E+00')).toBeUndefined();
    expect(formatShows('0.00e-00')).toBeUndefined();
    // an unclosed quote or bracket runs to the end
    expect(formatShows('0"亩')).toEqual({ scaled: false, percent: false, words: '亩' });
    expect(formatShows('0[$元')).toEqual({ scaled: false, percent: false, words: '元' });
  });

  it('what quotes, escapes, brackets, padding and fills hold is not read as the format’s codes', () => {
    // a quoted comma after the digits is shown, not a scaling; an escaped ; does not start a section
    expect(formatShows('0","')).toBeUndefined();
    expect(formatShows('0\\;0" t"', 1)).toEqual({ scaled: false, percent: false, words: 't' });
    expect(formatShows('0!;0" t"', 1)).toEqual({ scaled: false, percent: false, words: 't' });
    // _W pads by the width of W, *x fills with x: neither shows a letter
    expect(formatShows('0_W')).toBeUndefined();
    expect(formatShows('0*x')).toBeUndefined();
    // the codes after a bracket, a quote or an escape are read
    expect(formatShows('[Red]0" t"')).toEqual({ scaled: false, percent: false, words: 't' });
    expect(formatShows('"-"0,')).toEqual({ scaled: true, percent: false, words: '' });
    expect(formatShows('\\-0,')).toEqual({ scaled: true, percent: false, words: '' });
    expect(formatShows('_-0,')).toEqual({ scaled: true, percent: false, words: '' });
  });

  it('a condition in any section judges the three number sections together', () => {
    // [<0] picks by condition, not by sign: 5 is shown by the second section, with its unit
    expect(formatShows('[<0]0;0" t"', 5)).toEqual({ scaled: false, percent: false, words: 't' });
    expect(formatShows('0;[<0]0" t"', 5)).toEqual({ scaled: false, percent: false, words: 't' });
    // a colour is no condition: 5 is shown by the first section
    expect(formatShows('[Red]0;[Blue]0" t"', 5)).toBeUndefined();
  });

  it('letters left in a number format are words (the workbook library drops backslash escapes: 0 mm)', () => {
    expect(formatShows('0 mm')).toEqual({ scaled: false, percent: false, words: 'mm' });
    expect(formatShows('#,##0 km')).toEqual({ scaled: false, percent: false, words: 'km' });
  });

  it('General in Chinese Excel and WPS (G/通用格式) and Japanese (G/標準) shows the number: a unit after it is words', () => {
    expect(formatShows('G/通用格式"亩"')).toEqual({ scaled: false, percent: false, words: '亩' });
    expect(formatShows('G/標準"t"')).toEqual({ scaled: false, percent: false, words: 't' });
    expect(formatShows('G/通用格式')).toBeUndefined();
    expect(formatShows('[DBNum1][$-804]G/通用格式')).toBeUndefined();
  });

  it('judged on the section that shows the value: positive, negative, zero; never the text section', () => {
    // #,##0;-#,##0;"无": 120 shows 120, -5 shows -5, 0 shows 无 (no number shown: not a number section)
    expect(formatShows('#,##0;-#,##0;"无"', 120)).toBeUndefined();
    expect(formatShows('#,##0;-#,##0;"无"', -5)).toBeUndefined();
    expect(formatShows('#,##0;-#,##0;"无"', 0)).toBeUndefined();
    // a unit in the negative section only: a negative number shows it, a positive one does not
    expect(formatShows('0;0" 亏"', 3)).toBeUndefined();
    expect(formatShows('0;0" 亏"', -3)).toEqual({ scaled: false, percent: false, words: '亏' });
    // two sections: zero takes the first; one section: every value takes it
    expect(formatShows('0" t";-0', 0)).toEqual({ scaled: false, percent: false, words: 't' });
    expect(formatShows('0" t"', -1)).toEqual({ scaled: false, percent: false, words: 't' });
    // three sections: zero takes the third
    expect(formatShows('0;-0;0" t"', 0)).toEqual({ scaled: false, percent: false, words: 't' });
    // the text section (the fourth) is never judged
    expect(formatShows('0.00;-0.00;0.00;@"说明"', 1)).toBeUndefined();
    // without a value, or with a condition, the three number sections together
    expect(formatShows('0;-0;0" t"')).toEqual({ scaled: false, percent: false, words: 't' });
    expect(formatShows('0;0" t";0')).toEqual({ scaled: false, percent: false, words: 't' });
    expect(formatShows('0.00;-0.00;0.00;@"说明"')).toBeUndefined();
    expect(formatShows('[>=1000]0,"千";0', 5)).toEqual({ scaled: true, percent: false, words: '千' });
  });

  it('a date, time or text format, or none, is not a number format: undefined', () => {
    expect(formatShows(undefined)).toBeUndefined();
    expect(formatShows('yyyy"年"m"月"')).toBeUndefined();
    expect(formatShows('[h]:mm:ss.00')).toBeUndefined();
    expect(formatShows('mm:ss.0')).toBeUndefined();
    expect(formatShows('@')).toBeUndefined();
    expect(formatShows('"万"')).toBeUndefined();
    expect(formatShows('General')).toBeUndefined();
  });
});
