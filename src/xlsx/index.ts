import { loadExcelJS } from './exceljs';
import { allTables } from '../account/tables';
import type { AccountResult } from '../account/result-schema';
import { type Path, formatPath } from '../core/errors';
import { callback, checkOptions, optionsSchema } from '../core/options';
import { checkAccountResult } from '../account/format';
import { detailSheet } from './detail';
import { cellValue, formatOfHeader, numberFormat } from './cells';
import { FIXED_TIME, fixZipTimes } from '../io/zip-times';

export { inputTemplate, type TemplateOptions } from './input-template';
export {
  locateIssues,
  locateResult,
  readInputWorkbook,
  type ReadOptions,
  type WorkbookInput,
} from './input-read';
export { XLSX_ERRORS } from './errors';
export { compareXlsx } from './compare';

/** toXlsx's options: `locate` a function (OPTIONS_INVALID otherwise, or for a key it does not have). */
const toXlsxOptions = optionsSchema<{ locate?: unknown }>({ locate: callback });

/**
 * gepkit/xlsx — the account's summary tables as an Excel workbook: one sheet per table (county, township, by
 * ecosystem type, SEEA physical and monetary supply) with numbers as numbers in number formats (万元 as #,##0.00),
 * the 计算明细 sheet that writes out every valuation of every line with its terms, prices, index and coefficients,
 * plus the coefficients read and the warnings. The module also
 * writes the input workbook researchers fill in (`inputTemplate`) and reads it back (`readInputWorkbook`). Kept out
 * of the main entry so that the core stays small and browser-ready.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { account } from 'gepkit';
 * import { toXlsx } from 'gepkit/xlsx';
 * writeFileSync('account.xlsx', await toXlsx(account(input)));
 * ```
 */
export async function toXlsx(
  r: AccountResult,
  opts: { locate?: (path: Path) => string | undefined } = {},
): Promise<Uint8Array> {
  checkAccountResult(r, 'toXlsx');
  checkOptions(toXlsxOptions, opts);
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = `gepkit ${r.gepkit.version}`;
  // Fixed document times (and zip entry times below): identical input gives a byte-identical workbook.
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const names: Record<string, string> = {
    county: '汇总表 County',
    township: '乡镇 Township',
    ecosystem: '生态系统 Ecosystem',
    'seea-physical': 'SEEA 实物量',
    'seea-monetary': 'SEEA 价值量',
  };
  for (const t of allTables(r)) {
    const ws = wb.addWorksheet(names[t.id] ?? t.id);
    ws.addRow([t.title]).font = { bold: true };
    ws.addRow(t.headers).font = { bold: true };
    // The SEEA monetary table's columns are ecosystem types: every figure in it is money (万元, in its title).
    const formats = t.headers.map((h) => (t.id === 'seea-monetary' ? 'money' : formatOfHeader(h)));
    for (const row of t.rows) {
      const added = ws.addRow(row.map(cellValue));
      row.forEach((_, i) => {
        const cell = added.getCell(i + 1);
        if (typeof cell.value === 'number') cell.numFmt = numberFormat(formats[i], cell.value);
      });
    }
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 36 : 18;
    });
  }
  detailSheet(wb.addWorksheet('计算明细 Detail'), r, opts.locate);
  const coeffs = wb.addWorksheet('系数 Coefficients');
  coeffs.addRow([
    'key',
    'ecosystem',
    'value',
    'unit',
    'price year',
    'grade',
    'table',
    'hash',
    'source',
    'used by',
  ]).font = { bold: true };
  for (const c of r.coefficients) {
    coeffs.addRow([
      c.key,
      c.ecosystem ?? '*',
      cellValue(c.value),
      c.unit,
      c.priceYear ?? null,
      c.grade,
      c.table,
      c.hash,
      `${c.source.document}${c.source.clause ? `, ${c.source.clause}` : ''}`,
      c.usedBy.join(', '),
    ]);
  }
  const warnings = wb.addWorksheet('警告 Warnings');
  warnings.addRow(['code', 'path', '中文', 'English', '提示', 'hint']).font = { bold: true };
  for (const w of r.warnings)
    warnings.addRow([w.code, formatPath(w.path), w.message.zh, w.message.en, w.hintZh ?? '', w.hint]);
  const buffer = await wb.xlsx.writeBuffer();
  return fixZipTimes(new Uint8Array(buffer as ArrayBuffer));
}
