import type ExcelJS from 'exceljs';
import type { Path } from '../core/errors';
import {
  DETAIL_HEADERS,
  DETAIL_NUMBER_COLUMNS,
  type DetailHeader,
  detailTable,
  locatedOrigin,
} from '../account/detail';
import type { AccountResult } from '../account/result-schema';

/** Number formats of the detail columns, by header (Excel format codes). */
const DETAIL_FORMATS: Partial<Record<DetailHeader, string>> = {
  '功能量 Physical': '#,##0.00##',
  '价格或金额 Price or amount': '#,##0.00##',
  '份额 Share': '0.00##',
  '指数因子 Index factor': '0.000000',
  '价格年价值 At price year (元)': '#,##0.00',
  '当年价 Current (万元)': '#,##0.00',
  '可比价 Comparable (万元)': '#,##0.00',
};

/**
 * The 计算明细 (calculation detail) sheet: the rows of the account's calculation detail (src/account/detail.ts, the
 * same rows as `gepkit account --format csv --table detail`), numbers as Excel numbers in the formats above
 * (Excel holds 15 significant digits; the CSV and the JSON keep every digit), empty cells empty.
 */
export function detailSheet(
  ws: ExcelJS.Worksheet,
  r: AccountResult,
  locate?: (path: Path) => string | undefined,
): void {
  // A price read from the input workbook is named by its cell as well as its input path (产品!F3).
  const t = detailTable(r, locatedOrigin(locate));
  ws.addRow([t.title]).font = { bold: true };
  ws.addRow(t.headers).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 1 }];
  DETAIL_HEADERS.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    col.width = i === 0 ? 24 : h.startsWith('计算') || h.startsWith('系数') ? 60 : 16;
    const f = DETAIL_FORMATS[h];
    if (f !== undefined) col.numFmt = f;
  });
  const numeric = DETAIL_HEADERS.map((h) => DETAIL_NUMBER_COLUMNS.has(h));
  for (const row of t.rows) {
    ws.addRow(row.map((c, i) => (c === '' ? null : numeric[i] ? Number(c) : c)));
  }
}
