import type ExcelJS from 'exceljs';
import * as z from 'zod/mini';
import { ownKeys } from '../core/schema';
import { loadExcelJS } from './exceljs';
import { bundledClassifications } from '../coefficients/bundled';
import { bundledCrosswalks } from '../coefficients/crosswalk';
import { GepError, type Issue, type Path, formatPath } from '../core/errors';
import { dec, shortValue, tryDecimal } from '../core/decimal';
import { convertValue, isUnitId, unitSymbol } from '../core/units';
import {
  anArray,
  callback,
  checkArgument,
  checkOptions,
  failArgument,
  optionsSchema,
  wholeFrom,
} from '../core/options';
import { closest } from '../core/suggest';
import { formatShows, numberText } from './cells';
import { xlsxIssue } from './errors';
import { zipEntries } from '../io/zip';
import { checkExpansion, dateCells, missingSharedString } from './zip';
import {
  type Column,
  FIXED_LISTS,
  INPUT_SHEETS,
  LIST_NAMES_ZH,
  JSON_SHEET,
  LISTS_SHEET,
  type ListName,
  README_SHEET,
  type SheetSpec,
  columnsOf,
  LIST_SPELLINGS,
} from './input-sheets';

/** An input read from a workbook: the JSON it stands for, the cell behind each path, and the reader's warnings. */
export interface WorkbookInput {
  /** The account input (JSON form, as `account()` takes it). */
  input: Record<string, unknown>;
  /** Reader warnings (sheets that are not read). */
  warnings: Issue[];
  /** The cell (`sheet!A1`) that holds the value at an input path, or the nearest enclosing one. */
  locate(path: Path): string | undefined;
}

/** How a workbook is read. */
export interface ReadOptions {
  /**
   * Written forms of ecosystem types and the codes they mean, as the account takes them (`typeMapping`,
   * `--type-map`): a number in a type column is read as the one of its two readings (its digits, or a land-use code
   * with the leading zero Excel dropped) that the mapping names.
   */
  typeMapping?: Readonly<Record<string, string>>;
  /**
   * The most bytes the workbook's parts may expand to (its zip entries, as declared and as inflated); more is
   * XLSX_TOO_LARGE before a cell is read. None by default: `gepkit serve` sets it (`--workbook-limit`).
   */
  maxExpandedBytes?: number;
}

/** ReadOptions as checked: a mapping of texts to texts, a whole number of bytes (OPTIONS_INVALID otherwise). */
const readOptions = optionsSchema<ReadOptions>({
  typeMapping: ownKeys(z.record(z.string(), z.string())),
  maxExpandedBytes: wholeFrom(0),
});

/** Row 1 holds the headers; row 2 the template's notes, unless it holds a record (`firstRow`). */
const NOTE_ROW = 2;

/**
 * Read an input workbook (the layout `inputTemplate` writes) into an account input. Problems with cells themselves
 * (a date where a number goes, an unknown column, bad JSON text) are reported together as one GepError whose issue
 * paths are `sheet!cell`; what the cells say is checked afterwards by the account's own schema, and
 * `locateIssues` turns those paths into cells too. Bytes that are no Uint8Array (null, a path) or a file name that is
 * no text are ARGUMENT_INVALID at `bytes` or `file`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { account } from 'gepkit';
 * import { locateIssues, readInputWorkbook } from 'gepkit/xlsx';
 * const book = await readInputWorkbook(readFileSync('input.xlsx'));
 * const result = account(book.input); // a GepError's issues: locateIssues(e.issues, book)
 * ```
 */
export async function readInputWorkbook(
  bytes: Uint8Array,
  file = 'workbook',
  options: ReadOptions = {},
): Promise<WorkbookInput> {
  // the file's bytes (a Buffer is a Uint8Array; an ArrayBuffer is read as well): null or a path is no workbook
  if (!(bytes instanceof Uint8Array) && !((bytes as unknown) instanceof ArrayBuffer))
    failArgument(['bytes'], 'Uint8Array', bytes);
  if (typeof file !== 'string') failArgument(['file'], 'string', file);
  checkOptions(readOptions, options);
  if (options.maxExpandedBytes !== undefined) await checkExpansion(bytes, options.maxExpandedBytes, file);
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    // A cell naming a shared string the workbook lacks fails inside the library: named by its cell instead.
    const missing = await missingSharedString(bytes);
    if (missing !== undefined)
      throw new GepError(
        xlsxIssue('XLSX_CELL_INVALID', [missing.at], {
          expected: 'text',
          detail: `shared string ${shortValue(missing.index)}, of ${missing.count} in the workbook`,
        }),
      );
    throw new GepError(xlsxIssue('XLSX_NOT_WORKBOOK', [], { file, detail: (e as Error).message }));
  }
  // A zip archive of anything else (hello.txt) loads as a workbook without sheets.
  if (!zipEntries(bytes).some((e) => e.name === WORKBOOK_PART))
    throw new GepError(
      xlsxIssue('XLSX_NOT_WORKBOOK', [], {
        file,
        detail: `the zip archive holds no workbook part (${WORKBOOK_PART})`,
      }),
    );
  // cells of type d: ISO dates the workbook library reads as numbers (2020-01-05 as 2020)
  const isoDates = await dateCells(bytes);
  const cells = new Map<string, string>();
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const input: Record<string, unknown> = {};
  const known = new Set<string>([
    README_SHEET,
    LISTS_SHEET,
    JSON_SHEET.name,
    ...INPUT_SHEETS.map((s) => s.name),
  ]);
  // A sheet is found by its name as the template writes it, read without spaces and full-width forms (a tab renamed
  // `水库 ` is 水库); a sheet of the exact name comes first.
  const named = new Map<string, ExcelJS.Worksheet>();
  for (const ws of wb.worksheets) if (known.has(ws.name)) named.set(sheetKey(ws.name), ws);
  for (const ws of wb.worksheets) if (!named.has(sheetKey(ws.name))) named.set(sheetKey(ws.name), ws);
  const worksheet = (name: string) => named.get(sheetKey(name));
  const knownKeys = new Set([...known].map(sheetKey));
  for (const ws of wb.worksheets) {
    if (worksheet(ws.name) === ws && knownKeys.has(sheetKey(ws.name))) continue;
    // 水库(2020) where the template's 水库 is absent: its records are the input's, unread.
    const like = INPUT_SHEETS.find(
      (t) => worksheet(t.name) === undefined && sheetKey(ws.name).includes(sheetKey(t.name)),
    );
    if (like !== undefined)
      errors.push(xlsxIssue('XLSX_SHEET_RENAMED', [ws.name], { sheet: ws.name, template: like.name }));
    else warnings.push(xlsxIssue('XLSX_SHEET_IGNORED', [], { sheet: ws.name }));
  }
  for (const sheet of INPUT_SHEETS)
    if (sheet.required === true && worksheet(sheet.name) === undefined)
      errors.push(
        xlsxIssue('XLSX_SHEET_MISSING', [sheet.name], {
          sheet: sheet.name,
          expected: INPUT_SHEETS.filter((s) => s.required === true)
            .map((s) => s.name)
            .join(', '),
          found: wb.worksheets.map((ws) => ws.name).join(', '),
        }),
      );
  for (const sheet of INPUT_SHEETS) {
    const ws = worksheet(sheet.name);
    // What an absent sheet would hold is located at the sheet (a profile that needs 气候 rows, without that sheet).
    if (ws === undefined && sheet.parent === undefined && sheet.path.length > 0)
      cells.set(key(sheet.path), sheet.name);
    if (ws === undefined) continue;
    const { rows, empty } = readRows(ws, sheet, errors, warnings, options.typeMapping ?? {}, {
      isoDates,
      date1904: wb.properties.date1904 === true,
    });
    if (rows.length > 0) hiddenSheet(ws, warnings);
    place(input, sheet, rows, cells, empty);
  }
  const json = worksheet(JSON_SHEET.name);
  if (json !== undefined && readJsonSheet(json, input, cells, errors, warnings) > 0)
    hiddenSheet(json, warnings);
  if (errors.length > 0) throw new GepError(errors);
  return { input, warnings, locate: (path) => locate(cells, path) };
}

/**
 * Issues about an input read from a workbook, with each path replaced by the cell that holds it (`['生态系统面积!C7']`);
 * an issue whose path names no cell (a coefficient table, the whole input) keeps its path.
 */
export function locateIssues(
  issues: readonly Issue[],
  book: Pick<WorkbookInput, 'locate'> & Partial<Pick<WorkbookInput, 'input'>>,
): Issue[] {
  checkArgument(anArray, issues, ['issues']);
  checkArgument(z.looseObject({ locate: callback }), book, ['book']);
  return issues.map((i) => {
    const cell = i.path.length === 0 ? undefined : book.locate(i.path);
    if (cell === undefined) return atSheet(i);
    const hints =
      i.code === 'NUMBER_NOT_FINITE'
        ? cellNumberHint(String(i.params?.value ?? ''))
        : i.code === 'INDICATOR_INPUT_MISSING'
          ? fillHint(i, namedSheets(i, INPUT_SHEETS), cell)
          : i.code === 'CLIMATE_MISSING'
            ? climateHint(i)
            : i.code === 'INPUT_INVALID'
              ? invalidCellHint(String(i.params?.detail ?? ''), cell)
              : i.code === 'ZONE_UNKNOWN'
                ? zoneHint(cell, book.input)
                : i.code === 'PRICE_YEAR_MISSING'
                  ? priceYearHint(cell)
                  : i.code === 'VALUE_OUT_OF_RANGE'
                    ? percentTypedHint(i)
                    : i.code === 'ECOSYSTEM_TYPE_UNKNOWN'
                      ? typeNameHint(i)
                      : undefined;
    return {
      ...i,
      path: [inJsonSheet(cell) && i.path.length > 1 ? `${cell} (${formatPath(i.path)})` : cell],
      ...hinted(hints),
    };
  });
}

/**
 * Whether a cell is on the JSON sheet, whose one cell holds a whole section as JSON text (all custom indicators,
 * all user tables): an issue there is named by the cell and the path within it (`JSON!B4 (customIndicators[0].physical)`).
 */
const inJsonSheet = (cell: string): boolean =>
  sheetKey(cell.slice(0, cell.lastIndexOf('!'))) === sheetKey(JSON_SHEET.name);

/** A hint in a workbook's terms, in both languages. */
interface Hints {
  en: string;
  zh: string;
}

/** The fields of an issue that `hints` replace (none when there are none). */
function hinted(hints: Hints | undefined): Partial<Pick<Issue, 'hint' | 'hintZh'>> {
  return hints === undefined ? {} : { hint: hints.en, hintZh: hints.zh };
}

/**
 * An issue about a section the workbook holds no cell of (R4 without water emissions: `emissions`) at the sheet to
 * fill in (`水污染物`): the sheets its `field` names (`emissions.water[]`) within the issue's section, else every sheet
 * of the section, the first as its path; a missing input's hint then names them. Another code moves to a sheet only
 * when one sheet holds the whole section; unchanged when no sheet holds it.
 */
function atSheet(i: Issue): Issue {
  if (i.path.length === 0) return i;
  const under = INPUT_SHEETS.filter((s) => i.path.every((p, k) => s.path[k] === p));
  const byField = namedSheets(i, under);
  const sheets = byField.length > 0 ? byField : under;
  const [first] = sheets;
  if (first === undefined) return i;
  if (i.code !== 'INDICATOR_INPUT_MISSING') return sheets.length === 1 ? { ...i, path: [first.name] } : i;
  return { ...i, path: [first.name], ...hinted(fillHint(i, sheets)) };
}

/**
 * The sheets among `sheets` whose section a missing input's `field` names (`emissions.water[]`: 水污染物), or that hold
 * the rows of the field it names of the issue's record (`grossOutput or products` of a 产业 record: 产品).
 */
function namedSheets(i: Issue, sheets: readonly SheetSpec[]): SheetSpec[] {
  const field = typeof i.params?.field === 'string' ? i.params.field : '';
  const named = [...field.matchAll(/([A-Za-z.]+)\[\]/g)].map((m) => (m[1] as string).split('.'));
  const words = new Set(field.split(/[^A-Za-z]+/));
  const record = INPUT_SHEETS.find((s) => s.path.length > 0 && s.path.every((p, k) => i.path[k] === p));
  return sheets.filter(
    (s) =>
      named.some((n) => n.length === s.path.length && n.every((p, k) => s.path[k] === p)) ||
      (s.parent !== undefined && s.parent.sheet === record?.name && words.has(s.parent.field)),
  );
}

/**
 * INPUT_INVALID's hint at a cell, in a workbook's terms (the schema's own speaks of the JSON input format): a value
 * missing, or a text where a number goes. Undefined for any other detail.
 */
function invalidCellHint(detail: string, cell: string): Hints | undefined {
  if (detail.startsWith('missing'))
    return {
      en: `Fill in ${cell}: the header in row 1 of its column names what goes there (a sheet without records needs its first one, from row 3).`,
      zh: `填写 ${cell}：该列第 1 行的表头说明应填什么（没有记录的工作表需从第 3 行起填第一条记录）。`,
    };
  const listed = /^Invalid option: expected one of (.+?)(?:; received "(?:[^"\\]|\\.)*")?$/s.exec(
    detail,
  )?.[1];
  const names = listed === undefined ? undefined : listNames(listed);
  if (names !== undefined)
    return {
      en: `Choose one of the cell's list: ${names.map(([code, zh]) => `${zh} or ${code}`).join('; ')} (the template's drop-down lists them).`,
      zh: `从该单元格的下拉列表中选择：${names.map(([code, zh]) => `${zh}（或 ${code}）`).join('、')}。`,
    };
  if (/expected number, received string/.test(detail))
    return {
      en: 'Type a number into the cell (2020, not 2020年; 1200, not 1,200): words and units go in their own columns or in 备注 Note.',
      zh: '在单元格中填入数字（写 2020，不写 2020年；写 1200，不写 1,200）：文字和单位填在各自的列或 备注 Note 中。',
    };
  return undefined;
}

/**
 * The codes a refusal lists (`"domestic"|"industrial"|"agricultural"`) with the Chinese names the reader takes for
 * them, when they are a list of the template's (LIST_NAMES_ZH); undefined otherwise.
 */
function listNames(listed: string): [string, string][] | undefined {
  const codes = [...listed.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
  const names = Object.values(LIST_NAMES_ZH).find(
    (n) => n !== undefined && codes.length > 0 && codes.every((c) => Object.hasOwn(n, c)),
  );
  return names === undefined ? undefined : codes.map((c) => [c, names[c] as string]);
}

/** Most zones ZONE_UNKNOWN's hint names. */
const ZONES_NAMED = 10;

/** ZONE_UNKNOWN's hint in a workbook's terms: the sheet 分区 and the zones it declares. */
function zoneHint(cell: string, input: Record<string, unknown> | undefined): Hints {
  const zones = Array.isArray(input?.zones)
    ? input.zones.map((z) => (z as { id?: unknown } | null)?.id).filter((id) => typeof id === 'string')
    : [];
  // at most ZONES_NAMED of them (an input by village declares thousands)
  const declared =
    zones.length <= ZONES_NAMED
      ? zones.join(', ')
      : `${zones.slice(0, ZONES_NAMED).join(', ')} … (${zones.length})`;
  return {
    en: `Write in ${cell} a zone of the sheet 分区 (Zones)${declared === '' ? ' (it declares none)' : `: ${declared}`}, or add the zone there.`,
    zh: `在 ${cell} 中填写工作表 分区 (Zones) 中已有的分区${declared === '' ? '（该表尚无分区）' : `：${declared}`}，或在该表中添加此分区。`,
  };
}

/**
 * ECOSYSTEM_TYPE_UNKNOWN's hint in a workbook's terms: the types as the template's 代码表 lists them, each by its
 * Chinese name and code (a cell takes either), and the one nearest what was typed (针阔混交 → 针阔混交林
 * forest.mixed). Undefined for a classification gepkit does not bundle.
 */
function typeNameHint(i: Issue): Hints | undefined {
  const ref = String(i.params?.classification ?? '');
  const types = bundledClassifications().find((c) => c.ref === ref)?.types;
  if (types === undefined) return undefined;
  const typed = String(i.params?.type ?? '');
  const named = new Map(
    types.flatMap(
      (t) =>
        [
          [t.name.zh, t],
          [t.code, t],
        ] as const,
    ),
  );
  const near = named.get(closest(typed, [...named.keys()]) ?? '');
  const list = types.map((t) => `${t.name.zh} ${t.code}`).join(', ');
  const listZh = types.map((t) => `${t.name.zh}（${t.code}）`).join('、');
  return {
    en: `${near === undefined ? '' : `Did you mean ${near.name.zh} (${near.code}) for "${typed}"? `}Write a type as the sheet 代码表 lists it, by its Chinese name or its code: ${list}.`,
    zh: `${near === undefined ? '' : `“${typed}”是否应为 ${near.name.zh}（${near.code}）？`}按工作表 代码表 所列填写类型，中文名称或代码均可：${listZh}。`,
  };
}

/**
 * VALUE_OUT_OF_RANGE's hint for a fraction typed as a percentage (relative humidity 78 in a column of 0–1): the
 * fraction it would be, and the percent-formatted cell that holds it. Undefined for any other range or value.
 */
function percentTypedHint(i: Issue): Hints | undefined {
  const value = String(i.params?.value ?? '');
  if (String(i.params?.min) !== '0' || String(i.params?.max) !== '1' || !/^\d+(\.\d+)?$/.test(value))
    return undefined;
  const v = dec(value);
  if (v.lte(1) || v.gt(100)) return undefined;
  const share = v.div(100).toFixed();
  return {
    en: `The column takes a fraction from 0 to 1: ${value} % is ${share}. Type ${share}, or type ${value} % into a percent-formatted cell (Excel holds it as ${share}).`,
    zh: `该列填 0 到 1 之间的小数：${value} % 即 ${share}。请填写 ${share}，或在百分比格式的单元格中输入 ${value} %（Excel 存为 ${share}）。`,
  };
}

/** PRICE_YEAR_MISSING's hint in a workbook's terms: the price-year cell of the row. */
function priceYearHint(cell: string): Hints {
  return {
    en: `Fill in ${cell} with the year whose price level the figure is in (2020); gepkit never assumes one.`,
    zh: `在 ${cell} 中填写该数值所处价格水平的年份（如 2020）；gepkit 从不自行假定价格年份。`,
  };
}

/** CLIMATE_MISSING's hint in a workbook's terms: the row of the 气候 sheet that would apply to the ecosystem row. */
function climateHint(i: Issue): Hints {
  const zone = String(i.params?.zone);
  const type = String(i.params?.type);
  // the column's header (降水量 Precipitation), not the input's field name (precipitation)
  const key = String(i.params?.field);
  const column = INPUT_SHEETS.find((s) => s.name === '气候')?.fields.find((f) => f.key === key);
  const field = column === undefined ? key : `${column.zh} ${column.en}`;
  const region = zone === '(region)';
  const where = region ? `type ${type}` : `zone ${zone} and type ${type}`;
  const whereZh = region ? `类型 ${type}` : `分区 ${zone}、类型 ${type}`;
  return {
    en: `Fill in ${field} on the sheet 气候 (Climate): a row for ${where}, for either alone, or a row with zone and type blank for the whole region.`,
    zh: `在工作表 气候 (Climate) 中填写 ${field}：为${whereZh}填一行（或只按其中之一填一行），或填一行分区和类型都留空、适用于全域的记录。`,
  };
}

/** A missing input's hint in a workbook's terms: the sheets to fill in, or the indicator to exclude. */
function fillHint(i: Issue, sheets: readonly SheetSpec[], cell?: string): Hints | undefined {
  if (sheets.length === 0) return undefined;
  const names = sheets.map((s) => `${s.name} (${s.en})`).join(', ');
  const indicator = String(i.params?.indicator);
  // A cell on another sheet than those named (产业!C3 for 产品) is named first: the record's own field.
  const elsewhere = cell !== undefined && !sheets.some((s) => cell.startsWith(`${s.name}!`));
  const en = elsewhere ? `Fill in ${cell}, or the sheet` : 'Fill in the sheet';
  const zh = elsewhere ? `填写 ${cell}，或填写工作表` : '填写工作表';
  return {
    en: `${en}${sheets.length > 1 ? 's' : ''} ${names}, or exclude ${indicator} (--exclude ${indicator}, or options.exclude) if the region has none.`,
    zh: `${zh} ${names}；若该地区没有此项，可排除 ${indicator}（--exclude ${indicator}，或 options.exclude）。`,
  };
}

/**
 * The fix for a text in a number's cell, in a spreadsheet's terms (the account's own hint speaks of JSON strings):
 * thousands separators, a percent sign, a unit or words typed beside the number.
 */
function cellNumberHint(text: string): Hints {
  const t = text.trim();
  // Commas ASCII or full-width (，, as a Chinese input method types it).
  if (/^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(t)) {
    const plain = t.replace(/[,，]/g, '');
    return {
      en: `Type the number without thousands separators (${plain}), or enter it as a number: a cell formatted with separators still holds the number.`,
      zh: `去掉千位分隔符填写（${plain}），或以数字形式输入：设为千位分隔格式的单元格存的仍是数字。`,
    };
  }
  const percent = /^([+-]?\d+(?:\.\d+)?)\s*[%％]$/.exec(t);
  if (percent !== null) {
    const share = dec(percent[1] as string)
      .div(100)
      .toFixed();
    return {
      en: `Type a share as a fraction (${percent[1]} % is ${share}), or enter it as a number in a percent-formatted cell (Excel holds 35 % as 0.35); text ending in % is not read.`,
      zh: `比例以小数填写（${percent[1]} % 即 ${share}），或在百分比格式的单元格中以数字输入（Excel 把 35 % 存为 0.35）；以 % 结尾的文本不会被读取。`,
    };
  }
  // 120,5 (a decimal comma) and 110 000 (thousands in spaces): digits only, so no unit was typed.
  if (/^[+-]?\d+[,，]\d+$/.test(t))
    return {
      en: `Write decimals with a point (${t.replace(/[,，]/, '.')}), not a comma; thousands separators are not read either.`,
      zh: `小数点用“.”（${t.replace(/[,，]/, '.')}），不用逗号；千位分隔符同样不被读取。`,
    };
  if (/^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d+)?$/.test(t))
    return {
      en: `Type the number without spaces between its digits (${t.replace(/[ \u00a0\u202f]/g, '')}).`,
      zh: `数字中间不要留空格（${t.replace(/[ \u00a0\u202f]/g, '')}）。`,
    };
  if (/^[+-]?\d+(\.\d+)?\s*\S+$/u.test(t))
    return {
      en: 'Leave only the number in the cell: the unit has a column of its own (…单位 unit), and notes go in 备注 Note.',
      zh: '单元格中只留数字：单位有自己的列（…单位 unit），说明填在 备注 Note 中。',
    };
  return {
    en: 'Type a number into the cell (half-width digits, a point for decimals: 1234.5); words and notes go in 备注 Note.',
    zh: '在单元格中填入数字（半角数字，小数点用 .：1234.5）；文字和说明填在 备注 Note 中。',
  };
}

/**
 * An account of a workbook's input as its user reads it: the result's warnings at their cells (`产品!A3` instead of
 * `materialProducts.0`, where the workbook holds the value) after the reader's own warnings (a sheet not read, a
 * note row read as a record), so that the result, its Markdown and its workbook's 警告 sheet name what the user typed.
 */
export function locateResult<R extends { warnings: Issue[] }>(
  result: R,
  book: Pick<WorkbookInput, 'locate' | 'warnings'>,
): R {
  checkArgument(z.looseObject({ warnings: anArray }), result, ['result']);
  checkArgument(z.looseObject({ locate: callback, warnings: anArray }), book, ['book']);
  return { ...result, warnings: [...book.warnings, ...locateIssues(result.warnings, book)] };
}

/**
 * What the reader knows of the workbook's cells beside the library's values: the cells of type d (ISO date text, by
 * `sheet!cell` of the worksheet's own name) and whether its serial dates count from 1904.
 */
interface CellsRead {
  isoDates: ReadonlyMap<string, string>;
  date1904: boolean;
}

/** One data row: the record it fills and the cell behind each of its paths (relative to the record). */
interface Row {
  record: Record<string, unknown>;
  cells: [Path, string][];
  /**
   * The cells of the row's blank columns, where a missing value belongs (a field left empty is located at its cell,
   * not at the record); each field of the sheet without a column at `at`.
   */
  blanks: [Path, string][];
  /** The row's first cell, for the record as a whole. */
  at: string;
}

/** A field's path in its record, and the path of the column's part (`area.value`, `area.unit`, `year`). */
function pathsOf(col: Column): { field: string[]; part: string[] } {
  const field = col.field.key.split('.');
  const quantity = col.field.kind === 'quantity' || col.field.kind === 'price' || col.field.kind === 'money';
  return { field, part: quantity ? [...field, col.part] : field };
}

/**
 * Where the values of row `r` belong: each column's cell for its part and, for the field, its value column's cell
 * (else its leftmost column's), each field without a column at the row's first cell.
 */
function blanksOf(sheet: SheetSpec, columns: Map<number, Column>, r: number): [Path, string][] {
  const out: [Path, string][] = [];
  const at = (index: number) => `${sheet.name}!${columnLetter(index)}${r}`;
  const rank = (c: Column) => (c.part === 'value' ? 0 : 1);
  for (const [index, col] of [...columns].sort((a, b) => rank(a[1]) - rank(b[1]) || a[0] - b[0])) {
    const { field, part } = pathsOf(col);
    out.push([part, at(index)]);
    for (let n = field.length; n > 0; n--) out.push([field.slice(0, n), at(index)]);
  }
  for (const f of sheet.fields) out.push([f.key.split('.'), `${sheet.name}!A${r}`]);
  return out;
}

/** Row numbers in ascending order as ranges: 4, 7–9. */
function rowRanges(rows: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === (rows[j] as number) + 1) j += 1;
    out.push(j === i ? String(rows[i]) : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** The letters of column `index` (1 → A, 27 → AA). */
function columnLetter(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The record rows of a sheet, and `empty`: where the first record belongs (the single sheet's values, missing when it
 * has no record, are located at its cells).
 */
function readRows(
  ws: ExcelJS.Worksheet,
  sheet: SheetSpec,
  errors: Issue[],
  warnings: Issue[],
  typeMapping: Readonly<Record<string, string>>,
  known: CellsRead,
): { rows: Row[]; empty: Row } {
  const title = titleAbove(ws, sheet);
  if (title !== undefined) {
    // one error for the sheet, in place of an unknown header and a column without one for every record's cell
    errors.push(xlsxIssue('XLSX_TITLE_ROW', [`${sheet.name}!A1`], { sheet: sheet.name, title }));
    const at = `${sheet.name}!A${NOTE_ROW + 1}`;
    return { rows: [], empty: { record: {}, cells: [], blanks: [], at } };
  }
  const { columns, headed } = headerColumns(ws, sheet, errors);
  const first = firstRow(ws, sheet.name, warnings);
  unheaded(ws, sheet.name, headed, first, errors);
  merged(ws, sheet.name, first, errors);
  const rows: Row[] = [];
  const empty: Row = {
    record: {},
    cells: [],
    blanks: blanksOf(sheet, columns, first),
    at: `${sheet.name}!A${first}`,
  };
  const hidden: number[] = [];
  const read = new Set<number>();
  for (let r = first; r <= ws.rowCount; r++) {
    const row: Row = {
      record: {},
      cells: [],
      blanks: blanksOf(sheet, columns, r),
      at: `${sheet.name}!A${r}`,
    };
    for (const [index, col] of columns) {
      const cell = ws.getRow(r).getCell(index);
      const address = `${sheet.name}!${cell.address}`;
      const isoDate = known.isoDates.get(`${ws.name}!${cell.address}`);
      const v = readCell(cell, col, address, errors, warnings, typeMapping, isoDate, known);
      if (v === undefined) continue;
      setPart(row.record, col, v, address, row.cells);
      read.add(index);
    }
    if (row.cells.length === 0) continue;
    if (noteOnly(row, sheet, r, errors)) continue;
    if (ws.getRow(r).hidden) hidden.push(r);
    defaultUnits(row, sheet, warnings);
    rows.push(row);
  }
  // Rows hidden or filtered out in Excel are read like any other: said, since a user may have meant to leave them out.
  if (hidden.length > 0)
    warnings.push(
      xlsxIssue('XLSX_ROWS_HIDDEN', [`${sheet.name}!A${hidden[0]}`], {
        sheet: sheet.name,
        rows: rowRanges(hidden),
      }),
    );
  // Hidden columns likewise, when a record has a value in them.
  const hiddenColumns = [...read].filter((i) => ws.getColumn(i).hidden).sort((a, b) => a - b);
  const firstHidden = hiddenColumns[0];
  if (firstHidden !== undefined)
    warnings.push(
      xlsxIssue('XLSX_COLUMNS_HIDDEN', [`${sheet.name}!${columnLetter(firstHidden)}1`], {
        sheet: sheet.name,
        columns: hiddenColumns.map(columnLetter).join(', '),
      }),
    );
  // A required field without its column (deleted, or its header retyped): one error for the sheet, not one at
  // another column's cell in every row.
  if (rows.length > 0)
    for (const f of sheet.fields)
      if (f.required === true && ![...columns.values()].some((c) => c.field === f && c.part === 'value'))
        errors.push(
          xlsxIssue('XLSX_COLUMN_MISSING', [sheet.name], { sheet: sheet.name, header: `${f.zh} ${f.en}` }),
        );
  const second = rows[1];
  if (sheet.single === true && second !== undefined)
    errors.push(xlsxIssue('XLSX_SHEET_ONE_ROW', [second.at], { sheet: sheet.name, rows: rows.length }));
  return { rows: sheet.single === true ? rows.slice(0, 1) : rows, empty };
}

/**
 * A row whose only value is its note (a heading or comment between records) is not a record: one error at the note's
 * cell, naming the fields a record needs, in place of one "missing" error per blank field.
 */
function noteOnly(row: Row, sheet: SheetSpec, r: number, errors: Issue[]): boolean {
  if (row.cells.some(([path]) => path[0] !== 'note')) return false;
  const needs = sheet.fields.filter((f) => f.required === true);
  const at = row.cells[0]?.[1] ?? row.at;
  errors.push(
    xlsxIssue('XLSX_ROW_NOTE_ONLY', [at], {
      sheet: sheet.name,
      row: r,
      note: String(row.record.note),
      needs: needs.map((f) => `${f.zh} ${f.en}`).join(', '),
      needsZh: needs.map((f) => f.zh).join('、'),
    }),
  );
  return true;
}

/**
 * The first row of records: row 3 when row 2 is the template's note row (each non-empty cell is one of the notes the
 * template writes, in any column, so that the note row of a workbook written by another version of the template is
 * still one) or blank; row 2 otherwise, with a warning, so that a sheet whose note row was deleted, or that a
 * researcher built with records from row 2, loses none of them.
 */
function firstRow(ws: ExcelJS.Worksheet, name: string, warnings: Issue[]): number {
  const notes = new Set([
    ...INPUT_SHEETS.flatMap((s) => columnsOf(s).map((c) => norm(c.note))),
    ...JSON_SHEET.notes.map(norm),
  ]);
  let isNote = true;
  ws.getRow(NOTE_ROW).eachCell((cell) => {
    const text = norm(cellText(cell.value));
    if (text !== '' && !notes.has(text)) isNote = false;
  });
  if (isNote) return NOTE_ROW + 1;
  warnings.push(xlsxIssue('XLSX_NOTE_ROW_READ', [`${name}!A${NOTE_ROW}`], { sheet: name }));
  return NOTE_ROW;
}

/** Non-empty cells of the record rows in columns without a header: refused, one issue per column. */
function unheaded(ws: ExcelJS.Worksheet, name: string, headed: Set<number>, first: number, errors: Issue[]) {
  const found = new Map<number, { at: string; cells: number }>();
  for (let r = first; r <= ws.rowCount; r++)
    ws.getRow(r).eachCell((cell, index) => {
      if (headed.has(index) || cellText(cell.value) === '') return;
      const prior = found.get(index);
      found.set(index, { at: prior?.at ?? `${name}!${cell.address}`, cells: (prior?.cells ?? 0) + 1 });
    });
  for (const [index, { at, cells }] of [...found].sort((a, b) => a[0] - b[0]))
    errors.push(
      xlsxIssue('XLSX_COLUMN_NO_HEADER', [at], { sheet: name, column: ws.getColumn(index).letter, cells }),
    );
}

/**
 * Merged cells reaching the record rows (from `first`): refused, one issue per merge at `sheet!range`. Excel keeps a
 * merge's value in its top-left cell only, and the reader cannot tell whether the other cells mean that value (a
 * zone merged down its rows) or none; read either way, the account would rest on a guess. Merges above the records
 * (the header, the note row) are left to the header and note-row rules.
 */
function merged(ws: ExcelJS.Worksheet, name: string, first: number, errors: Issue[]): void {
  for (const range of ws.model.merges ?? []) {
    const bottom = Number(/(\d+)$/.exec(range)?.[1]);
    if (bottom >= first)
      errors.push(xlsxIssue('XLSX_CELL_MERGED', [`${name}!${range}`], { sheet: name, range }));
  }
}

/**
 * The headers a column is read by, to the column: its full bilingual header or its Chinese part alone, today's or one
 * an earlier template wrote (`formerHeaders`).
 */
function headerTable(cols: readonly Column[]): Map<string, Column> {
  const byHeader = new Map<string, Column>();
  for (const c of cols)
    for (const header of [c.header, ...(c.formerHeaders ?? [])]) {
      byHeader.set(norm(header), c);
      byHeader.set(norm(header.split(' ')[0] ?? ''), c);
    }
  return byHeader;
}

/**
 * The text of a title row inserted above the headers (2020年示例县生态系统面积表; '' for a blank row): row 1 names
 * no column of the sheet and row 2 names at least two. Undefined when row 1 is the header row, or row 2 names fewer.
 */
function titleAbove(ws: ExcelJS.Worksheet, sheet: SheetSpec): string | undefined {
  const headers = headerTable(columnsOf(sheet));
  const texts = (r: number) => {
    const out: string[] = [];
    ws.getRow(r).eachCell((cell) => {
      const t = norm(cellText(cell.value));
      if (t !== '') out.push(t);
    });
    return out;
  };
  const first = texts(1);
  if (first.some((t) => headers.has(t))) return undefined;
  return texts(2).filter((t) => headers.has(t)).length >= 2 ? shortValue(first.join(' ')) : undefined;
}

/**
 * Columns by index, from the header row: the full bilingual header or its Chinese part alone, today's or one an earlier
 * template wrote (`formerHeaders`). `headed` holds every column with a header, read or refused (an unknown header, a
 * second column for one field).
 */
function headerColumns(
  ws: ExcelJS.Worksheet,
  sheet: SheetSpec,
  errors: Issue[],
): { columns: Map<number, Column>; headed: Set<number> } {
  const cols = columnsOf(sheet);
  const byHeader = headerTable(cols);
  const columns = new Map<number, Column>();
  const headed = new Set<number>();
  const seen = new Map<Column, string>();
  ws.getRow(1).eachCell((cell, index) => {
    const text = norm(cellText(cell.value));
    if (text === '') return;
    headed.add(index);
    const at = `${sheet.name}!${cell.address}`;
    const c = byHeader.get(text);
    const first = c === undefined ? undefined : seen.get(c);
    if (c !== undefined && first === undefined) {
      columns.set(index, c);
      seen.set(c, cell.address);
    } else if (c !== undefined && first !== undefined)
      errors.push(xlsxIssue('XLSX_COLUMN_DUPLICATE', [at], { sheet: sheet.name, header: text, first }));
    else
      errors.push(
        xlsxIssue('XLSX_COLUMN_UNKNOWN', [at], {
          sheet: sheet.name,
          header: text,
          suggestion: closestHeader(text, cols),
        }),
      );
  });
  return { columns, headed };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The column header nearest `text` (closest, src/core/suggest.ts), measured against each full header, its Chinese
 * part and its English part, with a note in brackets dropped from `text` (面积（km2） → 面积): 产品名 → 产品名称
 * Product, as 面积 Aera → 面积 Area and Area → 面积 Area. '' when none is near.
 */
function closestHeader(text: string, cols: readonly Column[]): string {
  const names = new Map<string, string>();
  for (const c of cols) {
    const space = c.header.indexOf(' ');
    names.set(c.header, c.header);
    names.set(space < 0 ? c.header : c.header.slice(0, space), c.header);
    if (space >= 0) names.set(c.header.slice(space + 1), c.header);
  }
  const bare = text.replace(/\s*[（(][^）)]*[）)]\s*/g, ' ').trim();
  const near = closest(bare === '' ? text : bare, [...names.keys()]);
  return near === undefined ? '' : (names.get(near) ?? '');
}

function cellText(v: ExcelJS.CellValue): string {
  const r = plain(v);
  return r.ok && r.value !== undefined ? String(r.value) : '';
}

/**
 * The number a cell holds, for a number, a formula's saved number, or a number the workbook library turned into a
 * date by its format (a format with letters, `0\ \m\m`: the serial number it stands for, to the millisecond the
 * library keeps, counted from 1899-12-30, or from 1904-01-01 in a workbook of the 1904 date system); undefined for
 * anything else.
 */
function numberHeld(v: ExcelJS.CellValue, date1904: boolean): number | undefined {
  const held =
    v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)
      ? (v as { result?: unknown }).result
      : v;
  if (typeof held === 'number') return Number.isFinite(held) ? held : undefined;
  // the days from the serial dates' origin to 1970-01-01, as the library counts them (utils.excelToDate)
  if (held instanceof Date) return held.getTime() / 86_400_000 + (date1904 ? 24_107 : 25_569);
  return undefined;
}

/** Zero-width space, non-joiner and joiner, word joiner, and a byte-order mark inside a text. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

type Plain = { ok: true; value: string | number | undefined } | { ok: false; detail: string };

/**
 * A cell's value as a string or number (formulas by their saved result, rich text as its text). Text is trimmed,
 * or with `trim` false kept as it is (JSON text cut into cells); a wholly blank text is no value.
 */
function plain(v: ExcelJS.CellValue, trim = true): Plain {
  if (v === null || v === undefined) return { ok: true, value: undefined };
  // A number cell no double holds (<v>1e309</v>, read as Infinity): refused at the cell, never read as a word.
  if (typeof v === 'number')
    return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, detail: shortValue(v) };
  if (typeof v === 'string') {
    // Invisible characters pasted with a value (a zero-width space from a PDF yearbook) are not part of it.
    const visible = v.replace(INVISIBLE, '').trim();
    return { ok: true, value: visible === '' ? undefined : trim ? visible : v };
  }
  if (typeof v === 'boolean') return { ok: false, detail: `TRUE/FALSE (${String(v)})` };
  if (v instanceof Date) return { ok: false, detail: `a date (${v.toISOString().slice(0, 10)})` };
  if ('richText' in v) return plain(v.richText.map((t) => t.text).join(''), trim);
  if ('error' in v) return { ok: false, detail: `the error value ${String(v.error)}` };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    if (result === undefined) return { ok: false, detail: 'a formula without a saved result' };
    return plain(result as ExcelJS.CellValue, trim);
  }
  if ('text' in v) return plain((v as { text: ExcelJS.CellValue }).text, trim);
  return { ok: false, detail: 'an unsupported cell value' };
}

/**
 * A cell read for its column: numbers stay numbers for years, become decimal text elsewhere, with the 15 significant
 * digits Excel shows (a formula's 0.1+0.2 is 0.3, not 0.30000000000000004), and in a number column with the
 * decimals its `0.00` format shows (numberText: 0.3 formatted 0.00 is 0.30, as the template writes 0.30). A number in
 * an ecosystem-type column is read as a code (typeNumber). A number whose format shows another figure or words
 * (formatShows: `0,"千"`, `0"亩"`; or letters escaped in it, `0\ \m\m`, which the workbook library takes for a
 * date; a percent format outside a column of fractions, where 0.35 shows as 35%) is refused in a number column
 * (XLSX_CELL_FORMAT), and a cell of type d (`isoDate`, ISO text the library
 * reads as its first number) is refused as a date.
 */
function readCell(
  cell: ExcelJS.Cell,
  col: Column,
  address: string,
  errors: Issue[],
  warnings: Issue[],
  typeMapping: Readonly<Record<string, string>>,
  isoDate: string | undefined,
  known: CellsRead,
): string | number | undefined {
  const expected =
    col.part === 'priceYear' || col.field.kind === 'year' ? 'year' : isNumeric(col) ? 'number' : 'text';
  if (isoDate !== undefined) {
    errors.push(xlsxIssue('XLSX_CELL_INVALID', [address], { expected, detail: `a date (${isoDate})` }));
    return undefined;
  }
  if (expected === 'number') {
    const held = numberHeld(cell.value, known.date1904);
    const shown = held === undefined ? undefined : formatShows(cell.numFmt, held);
    const percent = shown?.percent === true && col.field.fraction !== true;
    if (shown !== undefined && held !== undefined && (shown.scaled || percent || shown.words !== '')) {
      errors.push(
        xlsxIssue('XLSX_CELL_FORMAT', [address], {
          format: cell.numFmt,
          holds: numberText(held),
          scaled: shown.scaled ? 'yes' : 'no',
          percent: percent ? 'yes' : 'no',
          words: shown.words,
        }),
      );
      return undefined;
    }
  }
  const p = plain(cell.value);
  if (!p.ok) {
    errors.push(xlsxIssue('XLSX_CELL_INVALID', [address], { expected, detail: p.detail }));
    return undefined;
  }
  const v = p.value;
  if (v === undefined) return undefined;
  if (expected === 'year') return typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : v;
  if (typeof v === 'string' && col.part === 'unit') return halfWidth(v);
  if (typeof v === 'string') return col.field.list === undefined ? v : listCode(col.field.list, v);
  if (expected === 'number') return numberText(v, cell.numFmt);
  const digits = numberText(v);
  return col.field.list === 'types' ? typeNumber(digits, address, errors, warnings, typeMapping) : digits;
}

/**
 * A unit as typed with a Chinese input method in full-width mode (元／吨, ｋｍ２): the full-width forms of ASCII
 * (U+FF01–U+FF5E) read as ASCII (元/吨, km2), as the units are written; everything else as it is (m³, 万立方米).
 */
function halfWidth(unit: string): string {
  return unit.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * A number in an ecosystem-type column, as its `digits`: Excel drops the leading zero of a land-use code typed as a
 * number (0202 茶园 becomes 202), and with it restored the digits may name another code of the bundled crosswalks
 * than they do as they stand (202 建制镇). Read as the reading the type mapping names, else as the only reading that is
 * a land-use code, else as the digits, each with the warning XLSX_TYPE_NUMBER saying which; refused at the cell
 * (XLSX_TYPE_NUMBER_AMBIGUOUS, naming both) when both readings are codes and the mapping names neither.
 */
function typeNumber(
  digits: string,
  address: string,
  errors: Issue[],
  warnings: Issue[],
  typeMapping: Readonly<Record<string, string>>,
): string | undefined {
  const restored = `0${digits}`;
  const named = new Set(Object.keys(typeMapping).map((k) => k.trim()));
  const mapped = [digits, restored].filter((d) => named.has(d));
  const names = landUseNames();
  const asIs = names.get(digits);
  const withZero = /^\d+$/.test(digits) ? names.get(restored) : undefined;
  const warn = (read: string, why: 'mapped' | 'restored' | 'number' | 'neither') => {
    warnings.push(xlsxIssue('XLSX_TYPE_NUMBER', [address], { value: digits, read, code: restored, why }));
    return read;
  };
  if (mapped.length === 1) return warn(mapped[0] as string, 'mapped');
  if (asIs !== undefined && withZero !== undefined) {
    errors.push(
      xlsxIssue('XLSX_TYPE_NUMBER_AMBIGUOUS', [address], {
        value: digits,
        name: asIs,
        code: restored,
        codeName: withZero,
      }),
    );
    return undefined;
  }
  if (withZero !== undefined) return warn(restored, 'restored');
  return warn(digits, asIs === undefined ? 'neither' : 'number');
}

let landUse: ReadonlyMap<string, string> | undefined;

/** The land-use codes of the bundled crosswalks, each with its name (its first entry's): what a type cell may hold. */
function landUseNames(): ReadonlyMap<string, string> {
  if (landUse === undefined) {
    const names = new Map<string, string>();
    for (const e of bundledCrosswalks().flatMap((w) => w.entries))
      if (!names.has(e.code)) names.set(e.code, e.name);
    landUse = names;
  }
  return landUse;
}

/**
 * A fixed list's code for the text of a cell: the code itself, in any case (COD, SO2), or its Chinese name (县,
 * 化学需氧量, 生活). Any other text stays as it is, for the input's check to refuse at this cell.
 */
function listCode(list: ListName, text: string): string {
  const codes = FIXED_LISTS[list];
  if (codes === undefined || codes.includes(text)) return text;
  const t = text.trim();
  return codes.find((c) => c.toLowerCase() === t.toLowerCase()) ?? LIST_SPELLINGS[list]?.get(t) ?? text;
}

function isNumeric(col: Column): boolean {
  return col.part === 'value' && col.field.kind !== 'text';
}

/** Put one cell's value into the record (`a.b` keys nest; quantity parts go under the field). */
function setPart(
  record: Record<string, unknown>,
  col: Column,
  v: string | number,
  address: string,
  cells: [Path, string][],
) {
  const { field: keys, part: path } = pathsOf(col);
  let o = record;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1] as string] = v;
  cells.push([path, address]);
  // A part of a quantity, price or amount: the field itself is at its value's cell wherever the columns stand (the
  // first location registered is kept), at another part's when the value is blank.
  if (path.length > keys.length) {
    if (col.part === 'value') cells.unshift([keys, address]);
    else cells.push([keys, address]);
  } else if (keys.length > 1) cells.push([path.slice(0, -1), address]);
}

/**
 * A quantity, price or amount with a blank (or absent) unit column takes the column's default unit. A figure of at
 * least WAN_LARGE so read in a default unit of 万 (万人次, 万元, 万kWh, 万m³) is warned, XLSX_DEFAULT_UNIT_LARGE at its
 * cell: 1,200,000 visits typed without their unit are read as 1,200,000 万人次, 120 亿人次, ten thousand times too
 * many, and the account gives no sign of it.
 */
function defaultUnits(row: Row, sheet: SheetSpec, warnings: Issue[]): void {
  for (const f of sheet.fields) {
    if (f.unit === undefined) continue;
    const o = row.record[f.key] as Record<string, unknown> | undefined;
    if (o === undefined || o.unit !== undefined) continue;
    o.unit = f.unit;
    // 万人次 wan_person_time: the plain unit person_time, and 亿人次 yi_person_time to say the figure in
    const [unit, plain, yi] = [f.unit, f.unit.slice(4), `yi_${f.unit.slice(4)}`];
    const value = tryDecimal(o.value);
    if (!unit.startsWith('wan_') || !isUnitId(unit) || !isUnitId(plain) || !isUnitId(yi)) continue;
    if (value === undefined || value.lt(WAN_LARGE)) continue;
    const at = row.cells.find(([path]) => path.join('.') === f.key)?.[1] ?? row.at;
    warnings.push(
      xlsxIssue('XLSX_DEFAULT_UNIT_LARGE', [at], {
        value: value.toFixed(),
        unit: unitSymbol(unit),
        yi: convertValue(value, unit, yi).toFixed(),
        yiUnit: unitSymbol(yi),
        plain: unitSymbol(plain),
      }),
    );
  }
}

/**
 * The figure from which one read in a default unit of 万 is warned (defaultUnits): 10¹⁰ of the plain unit (100 亿人次,
 * 100 亿元, 100 亿kWh, 100 亿m³), beyond a county's or a city's figures and within reach of a figure typed in the plain
 * unit. gepkit's level, not a standard's; a figure that large and right is confirmed by writing its unit.
 */
const WAN_LARGE = 1_000_000;

/**
 * The rows of one sheet into the input, at the sheet's path (products into their sector's record). A sheet without
 * records is located at the cells of its first record row (`empty`), so that what is missing there is found there.
 */
function place(
  input: Record<string, unknown>,
  sheet: SheetSpec,
  rows: Row[],
  cells: Map<string, string>,
  empty: Row,
) {
  if (sheet.single === true) {
    const row = rows[0];
    if (row !== undefined) Object.assign(input, row.record);
    return register(cells, [], row ?? empty);
  }
  if (sheet.parent !== undefined) return placeChildren(input, sheet.parent, rows, cells);
  if (rows.length === 0) {
    cells.set(key(sheet.path), empty.at);
    return;
  }
  let o = input;
  for (const k of sheet.path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  const list = (o[sheet.path[sheet.path.length - 1] as string] = [] as unknown[]);
  cells.set(key(sheet.path), rows[0]?.at ?? '');
  for (const row of rows) register(cells, [...sheet.path, list.push(row.record) - 1], row);
}

function placeChildren(
  input: Record<string, unknown>,
  parent: NonNullable<SheetSpec['parent']>,
  rows: Row[],
  cells: Map<string, string>,
) {
  if (rows.length === 0) return;
  const parents = ((input.materialProducts as Record<string, unknown>[] | undefined) ??= []);
  for (const row of rows) {
    const id = parent.keys.map((k) => String(row.record[k] ?? '')).join('\u0000');
    let i = parents.findIndex((p) => parent.keys.map((k) => String(p[k] ?? '')).join('\u0000') === id);
    if (i < 0) {
      const record: Record<string, unknown> = {};
      for (const k of parent.keys) if (row.record[k] !== undefined) record[k] = row.record[k];
      i = parents.push(record) - 1;
      register(cells, ['materialProducts', i], {
        ...row,
        cells: row.cells.filter(([p]) => parent.keys.includes(String(p[0]))),
        blanks: row.blanks.filter(([p]) => parent.keys.includes(String(p[0]))),
      });
    }
    const child = { ...row.record };
    for (const k of parent.keys) delete child[k];
    const target = parents[i] as Record<string, unknown>;
    const list = ((target[parent.field] as unknown[] | undefined) ??= []);
    register(cells, ['materialProducts', i, parent.field, list.push(child) - 1], {
      ...row,
      cells: row.cells.filter(([p]) => !parent.keys.includes(String(p[0]))),
      blanks: row.blanks.filter(([p]) => !parent.keys.includes(String(p[0]))),
    });
  }
}

/** A row's cells at `at`: its record, each value read, then the cells of its blank columns (never over a value's). */
function register(cells: Map<string, string>, at: Path, row: Row): void {
  if (at.length > 0 && !cells.has(key(at))) cells.set(key(at), row.at);
  for (const [p, a] of [...row.cells, ...row.blanks])
    if (!cells.has(key([...at, ...p]))) cells.set(key([...at, ...p]), a);
}

/** XLSX_SHEET_HIDDEN for a sheet hidden in Excel (hidden or very hidden) whose records were read. */
function hiddenSheet(ws: ExcelJS.Worksheet, warnings: Issue[]): void {
  if (ws.state === 'hidden' || ws.state === 'veryHidden')
    warnings.push(xlsxIssue('XLSX_SHEET_HIDDEN', [ws.name], { sheet: ws.name }));
}

/**
 * The JSON sheet: column A the section, column B its JSON text, untrimmed (rows of one section are joined). Returns
 * the number of sections given.
 */
function readJsonSheet(
  ws: ExcelJS.Worksheet,
  input: Record<string, unknown>,
  cells: Map<string, string>,
  errors: Issue[],
  warnings: Issue[],
) {
  const first = firstRow(ws, ws.name, warnings);
  unheaded(ws, ws.name, new Set([1, 2]), first, errors);
  merged(ws, ws.name, first, errors);
  const texts = new Map<string, { text: string; at: string }>();
  for (let r = first; r <= ws.rowCount; r++) {
    const [a, b] = [ws.getRow(r).getCell(1), ws.getRow(r).getCell(2)];
    const section = cellText(a.value);
    const text = plain(b.value, false);
    if (section === '' && (!text.ok || text.value === undefined)) continue;
    if (!(JSON_SHEET.sections as readonly string[]).includes(section)) {
      errors.push(
        xlsxIssue('XLSX_CELL_INVALID', [`${ws.name}!${a.address}`], {
          expected: 'section',
          detail: `"${section}" is not one of ${JSON_SHEET.sections.join(', ')}`,
        }),
      );
      continue;
    }
    if (!text.ok) {
      errors.push(
        xlsxIssue('XLSX_CELL_INVALID', [`${ws.name}!${b.address}`], {
          expected: 'text',
          detail: text.detail,
        }),
      );
      continue;
    }
    const prior = texts.get(section);
    texts.set(section, {
      text: (prior?.text ?? '') + String(text.value ?? ''),
      at: prior?.at ?? `${ws.name}!${b.address}`,
    });
  }
  for (const [section, { text, at }] of texts) {
    try {
      input[section] = JSON.parse(text);
      cells.set(key([section]), at);
    } catch (e) {
      errors.push(xlsxIssue('XLSX_JSON_INVALID', [at], { section, detail: (e as Error).message }));
    }
  }
  return texts.size;
}

const key = (p: Path) => JSON.stringify(p);

/** A sheet's name as it is matched: full-width forms read as ASCII (NFKC), spaces and invisible characters dropped. */
const sheetKey = (name: string) => name.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, '');

/** The part of an .xlsx archive that lists its sheets (the name ExcelJS reads it by). */
const WORKBOOK_PART = 'xl/workbook.xml';

function locate(cells: Map<string, string>, path: Path): string | undefined {
  for (let n = path.length; n > 0; n--) {
    const hit = cells.get(key(path.slice(0, n)));
    if (hit !== undefined) return hit;
  }
  return undefined;
}
