/**
 * exceljs, an optional dependency (README, Install): loaded when a workbook is first written or read, not when
 * `gepkit/xlsx` is imported, so that the module loads without it and a function that needs it says so
 * (DEPENDENCY_MISSING, with its npm install command).
 */
import type ExcelJS from 'exceljs';
import { importOptional } from '../core/optional';

/** The exceljs module; DEPENDENCY_MISSING when it is not installed. */
export async function loadExcelJS(): Promise<typeof ExcelJS> {
  const m = (await importOptional(() => import('exceljs'))) as { default?: typeof ExcelJS };
  // exceljs is a CommonJS package: its exports are the default export of the ESM namespace.
  return m.default ?? (m as unknown as typeof ExcelJS);
}
