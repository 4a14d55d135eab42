/**
 * Parcel results as CSV (`gepkit vep value --format csv`, POST /v1/vep/value?format=csv): a header, then one row
 * per valued parcel with its value per indicator in 元. Refused parcels have no row (their issues are reported
 * apart).
 */
import { sheetCsvLine } from '../io/csv';
import type { ParcelResult } from './batch';
import { yuanOfFen } from './fen';

/** The header line (with a byte-order mark, so that spreadsheet tools read it as UTF-8). */
export function resultCsvHeader(indicators: readonly string[]): string {
  return `\uFEFF${sheetCsvLine(['line', 'id', 'package', 'key', 'path', 'value', 'warnings', ...indicators])}`;
}

/** A result as a CSV row: line, id, package, key, path, value, warning refs, then one column per indicator. */
export function resultCsvRow(r: ParcelResult, indicators: readonly string[]): string {
  const by = new Map<string, bigint>();
  for (const c of r.cells ?? []) by.set(c.indicator, (by.get(c.indicator) ?? 0n) + fenOf(c.value));
  return sheetCsvLine([
    r.line,
    r.id,
    r.package,
    r.key,
    r.path,
    r.value,
    (r.warnings ?? r.issues.map((i) => i.code)).join(' '),
    ...indicators.map((i) => (by.has(i) ? yuanOfFen(by.get(i) as bigint) : '')),
  ]);
}

const fenOf = (yuan: string) => BigInt(yuan.replace('.', ''));
