/**
 * Parcel results as CSV (`gepkit vep value --format csv`, POST /v1/vep/value?format=csv): a header, then one row
 * per valued parcel with its value per indicator in 元. Refused parcels have no row (their issues are reported
 * apart).
 */
import { anArray, checkArgument } from '../core/options';
import { sheetCsvLine } from '../io/csv';
import type { ParcelResult } from './batch';
import { yuanOfFen } from './fen';
import { checkParcelResult } from './result-line';

/**
 * The header line (with a byte-order mark, so that spreadsheet tools read it as UTF-8). Indicators that are no list
 * (a text was split into its characters) are ARGUMENT_INVALID at `indicators`.
 */
export function resultCsvHeader(indicators: readonly string[]): string {
  checkArgument(anArray, indicators, ['indicators']);
  return `\uFEFF${sheetCsvLine(['line', 'id', 'package', 'key', 'path', 'value', 'warnings', ...indicators])}`;
}

/**
 * A result as a CSV row: line, id, package, key, path, value, warning refs, then one column per indicator. A result
 * or indicators of another kind are ARGUMENT_INVALID at `result` or `indicators`.
 */
export function resultCsvRow(r: ParcelResult, indicators: readonly string[]): string {
  checkParcelResult(r);
  checkArgument(anArray, indicators, ['indicators']);
  return csvRow(r, indicators);
}

/** resultCsvRow without its checks: the batches' loop over the results they made. */
export function csvRow(r: ParcelResult, indicators: readonly string[]): string {
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
