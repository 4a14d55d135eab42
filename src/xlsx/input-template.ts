import * as z from 'zod/mini';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs';
import { bundledClassification } from '../coefficients/bundled';
import { UNITS, type Dimension, type UnitId } from '../core/units';
import { DEFAULT_PROFILE, bundledProfile } from '../profiles/bundled';
import {
  type Column,
  FIXED_LISTS,
  LIST_NAMES_ZH,
  LIST_TITLES,
  INPUT_SHEETS,
  JSON_SHEET,
  LISTS_SHEET,
  README_SHEET,
  type SheetSpec,
  columnsOf,
} from './input-sheets';
import { FIXED_TIME, fixZipTimes } from '../io/zip-times';
import { GepError } from '../core/errors';
import { checkOptions, optionsSchema } from '../core/options';
import { unplacedIssues } from './input-unplaced';
import { decimalsFormat, numberText } from './cells';

/** TemplateOptions as checked: a profile id, any input (its members are checked as it is written). */
const templateOptions = optionsSchema<TemplateOptions>({
  profile: z.string(),
  input: z.unknown(),
});

export interface TemplateOptions {
  /** Bundled profile whose classification fills the type lists (default jx-db36-1402-2021). */
  profile?: string;
  /**
   * An account input (JSON) to write into the sheets: the workbook then reads back as the same input. An input with
   * a member the workbook has no place for (`zones[].geometry`) is refused (`XLSX_INPUT_UNPLACED`).
   */
  input?: unknown;
}

/** Rows of each input sheet that carry the validation lists (data may go further; lists stop here). */
const LIST_ROWS = 1000;
const FIRST_ROW = 3;
/** Cells of JSON text are cut at this length (Excel's limit is 32,767 characters per cell). */
const JSON_CHUNK = 30_000;

/**
 * The input workbook researchers fill in: a 说明 sheet, one sheet per input section (bilingual headers in row 1,
 * units and notes in row 2, records from row 3), a JSON sheet for coefficient overrides and custom indicators, and
 * a 代码表 sheet with the profile's ecosystem types and the unit catalogue. Type, zone, unit and enumerated columns
 * carry Excel data-validation lists (a warning, not a refusal: Chinese names and land-use codes are accepted too).
 * With `input`, the sheets hold that input, or it is refused where they cannot (`XLSX_INPUT_UNPLACED`, naming each
 * field without a place); `readInputWorkbook` reads any of these workbooks back.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { inputTemplate } from 'gepkit/xlsx';
 * writeFileSync('input.xlsx', await inputTemplate({ profile: 'jx-db36-1402-2021' }));
 * ```
 */
export async function inputTemplate(options: TemplateOptions = {}): Promise<Uint8Array> {
  checkOptions(templateOptions, options);
  const profile = bundledProfile(options.profile ?? DEFAULT_PROFILE);
  const classification = bundledClassification(profile.classification);
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'gepkit';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const input = (options.input ?? {}) as Record<string, unknown>;
  const unplaced = unplacedIssues(input);
  if (unplaced.length > 0) throw new GepError(unplaced);
  readme(wb.addWorksheet(README_SHEET), profile.ref, profile.title.zh);
  for (const sheet of INPUT_SHEETS) inputSheet(wb.addWorksheet(sheet.name), sheet, recordsOf(sheet, input));
  jsonSheet(wb.addWorksheet(JSON_SHEET.name), input);
  const lists = wb.addWorksheet(LISTS_SHEET);
  lists.addRow([
    '类型代码 Type code',
    '名称 Name',
    'Name',
    '',
    '单位 Unit',
    '符号 Symbol',
    '中文 Chinese',
    '量纲 Dimension',
    '',
    '字段 Field',
    '代码 Code',
    '中文 Chinese',
  ]).font = {
    bold: true,
  };
  const units = Object.keys(UNITS) as UnitId[];
  const codes = codeRows();
  for (let i = 0; i < Math.max(classification.types.length, units.length, codes.length); i++) {
    const t = classification.types[i];
    const u = units[i];
    lists.addRow([
      t?.code ?? null,
      t?.name.zh ?? null,
      t?.name.en ?? null,
      null,
      u ?? null,
      u === undefined ? null : UNITS[u].symbol,
      u === undefined ? null : UNITS[u].zh,
      u === undefined ? null : UNITS[u].dim,
      null,
      ...(codes[i] ?? [null, null, null]),
    ]);
  }
  lists.columns.forEach((c, i) => (c.width = [24, 14, 24, 2, 24, 18, 16, 18, 2, 24, 18, 18][i] ?? 14));
  const types = `'${LISTS_SHEET}'!$A$2:$A$${classification.types.length + 1}`;
  for (const sheet of INPUT_SHEETS)
    validations(wb.getWorksheet(sheet.name) as ExcelJS.Worksheet, sheet, types);
  const buffer = await wb.xlsx.writeBuffer();
  return fixZipTimes(new Uint8Array(buffer as ArrayBuffer));
}

/** The 代码表 rows of the fixed lists: field, code, Chinese name (either of which a cell may hold). */
function codeRows(): [string, string, string][] {
  return Object.entries(LIST_NAMES_ZH).flatMap(([list, names]) =>
    Object.entries(names).map(([code, zh]): [string, string, string] => [
      LIST_TITLES[list as keyof typeof LIST_TITLES] ?? list,
      code,
      zh,
    ]),
  );
}

function readme(ws: ExcelJS.Worksheet, profileRef: string, profileTitle: string): void {
  const lines: (string | null)[][] = [
    ['gepkit 核算输入工作簿 Account input workbook'],
    [`核算规范 Profile: ${profileRef} ${profileTitle}`],
    [],
    ['填写方法 How to fill it in'],
    ['1. 每个工作表一类数据，每行一条记录，从第 3 行开始；第 1 行是列标题（勿改），第 2 行是单位和说明。'],
    [
      '   One sheet per kind of data, one record per row from row 3; row 1 holds the headers (keep them), row 2 units and notes.',
    ],
    ['2. 数量列后面是单位列；单位留空时用第 2 行写明的默认单位。价格和金额还需填价格年。'],
    [
      '   A quantity column is followed by its unit column; a blank unit means the default unit stated in row 2. Prices and money also take a price year.',
    ],
    [
      '3. 生态系统类型可填代码（见“代码表”）、中文名称或国土调查地类编码（如 0301；代码列为文本格式，前导零得以保留）。分区列填“分区”表的编号。',
    ],
    [
      '   Ecosystem types: a code (sheet 代码表), a Chinese name or a land-use survey code (e.g. 0301; code columns are Text, so it keeps its leading zero). Zone columns take ids of sheet 分区.',
    ],
    ['4. 不需要的工作表留空即可；系数覆盖、自定义指标等写在 JSON 表（同一节的多行按顺序拼接）。'],
    [
      '   Leave sheets you do not need empty; coefficient overrides and custom indicators go on the JSON sheet (rows of one section are joined in order).',
    ],
    [`5. 核算：gepkit account 本文件.xlsx --profile ${profileRef}；检查：gepkit validate 本文件.xlsx。`],
    [`   Account: gepkit account this.xlsx --profile ${profileRef}; check: gepkit validate this.xlsx.`],
    ['6. 出错时信息会指明工作表和单元格，如“生态系统面积!C7”。'],
    ['   Errors name the sheet and cell, e.g. 生态系统面积!C7.'],
    [],
    ['工作表 Sheet', '内容', 'Contents'],
    ...INPUT_SHEETS.map((s) => [s.name, s.about.zh, s.about.en]),
    [
      JSON_SHEET.name,
      `JSON 文本：${JSON_SHEET.sections.join('、')}`,
      `JSON text: ${JSON_SHEET.sections.join(', ')}`,
    ],
    [
      LISTS_SHEET,
      '生态系统类型代码、单位，以及区域级别、产业、污染物、用水用途、能源类型的代码与中文名（两者均可填写）',
      'Ecosystem type codes, units, and the codes of level, sector, pollutants, water uses and energy kinds with their Chinese names (either may be entered)',
    ],
  ];
  for (const l of lines) ws.addRow(l);
  ws.getRow(1).font = { bold: true, size: 14 };
  for (const r of [4, 18]) ws.getRow(r).font = { bold: true };
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 60;
  ws.getColumn(3).width = 60;
}

function inputSheet(ws: ExcelJS.Worksheet, sheet: SheetSpec, records: Record<string, unknown>[]): void {
  const cols = columnsOf(sheet);
  const header = ws.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  ws.addRow(cols.map((c) => c.note)).font = { italic: true, color: { argb: 'FF808080' } };
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  cols.forEach((c, i) => (ws.getColumn(i + 1).width = Math.max(12, Math.min(40, c.header.length + 4))));
  // Codes are typed into Text cells: in a General cell Excel makes 0202 (茶园) the number 202, another code (建制镇).
  cols.forEach((c, i) => {
    if (isCode(c)) ws.getColumn(i + 1).numFmt = TEXT;
  });
  for (const r of records) {
    const cells = cols.map((c) => cellOf(c, r));
    const row = ws.addRow(cells.map((x) => (isShown(x) ? x.number : x)));
    cells.forEach((x, i) => {
      if (isShown(x)) row.getCell(i + 1).numFmt = x.numFmt;
    });
  }
}

/** Excel's Text format: what is typed into the cell is kept as typed. */
const TEXT = '@';

/**
 * A column of codes (ecosystem types, zones, a fixed list's codes) or ids (a zone's id, a division code): Text in
 * the template, so that a code typed with a leading zero keeps it.
 */
function isCode(c: Column): boolean {
  return (
    c.part === 'value' && c.field.kind === 'text' && (c.field.list !== undefined || c.field.code === true)
  );
}

/** A number written with the format that shows its decimals (0.30: 0.3 under 0.00). */
interface Shown {
  number: number;
  numFmt: string;
}
type Written = string | number | null | Shown;
const isShown = (x: Written): x is Shown => typeof x === 'object' && x !== null;

/** The value a column's cell holds for one record (numbers as numbers where they read back as the same text). */
function cellOf(c: Column, record: Record<string, unknown>): Written {
  const v = get(record, c.field.key);
  if (v === undefined || v === null) return null;
  if (c.field.kind === 'quantity' || c.field.kind === 'price' || c.field.kind === 'money') {
    const o = v as Record<string, unknown>;
    const part = o[c.part];
    return c.part === 'value' ? numberCell(part) : ((part as string | number | undefined) ?? null);
  }
  if (c.field.kind === 'number') return numberCell(v);
  return v as string | number;
}

/**
 * A decimal text as a cell the reader reads back as the same text (numberText): an Excel number where its general
 * format shows the text (0.3), a number with the format showing the text's decimals where that does (0.30: 0.3
 * under 0.00, 120.00), else the text itself (1e3, +5, 007, -0, and figures of more than 15 significant digits).
 */
function numberCell(v: unknown): Written {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v;
  const s = String(v);
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) return s;
  if (numberText(n) === s) return n;
  const k = /^-?\d+\.(\d+)$/.exec(s)?.[1]?.length;
  if (k === undefined) return s;
  const numFmt = decimalsFormat(k);
  return numberText(n, numFmt) === s ? { number: n, numFmt } : s;
}

function get(o: Record<string, unknown>, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (x, k) => (x === undefined || x === null ? undefined : (x as Record<string, unknown>)[k]),
      o,
    );
}

/** The records of one sheet taken from an input (products flattened with their sector and zone). */
function recordsOf(sheet: SheetSpec, input: Record<string, unknown>): Record<string, unknown>[] {
  if (sheet.single === true) return Object.keys(input).length === 0 ? [] : [input];
  if (sheet.parent !== undefined) {
    const parents = (input.materialProducts ?? []) as Record<string, unknown>[];
    return parents.flatMap((p) =>
      ((p.products ?? []) as Record<string, unknown>[]).map((x) => ({
        sector: p.sector,
        zone: p.zone,
        ...x,
      })),
    );
  }
  const v = get(input, sheet.path.join('.'));
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}

function jsonSheet(ws: ExcelJS.Worksheet, input: Record<string, unknown>): void {
  ws.addRow([...JSON_SHEET.headers]).font = { bold: true };
  ws.addRow([...JSON_SHEET.notes]).font = {
    italic: true,
    color: { argb: 'FF808080' },
  };
  ws.getColumn(1).width = 20;
  ws.getColumn(2).width = 100;
  for (const section of JSON_SHEET.sections) {
    if (input[section] === undefined) continue;
    const text = JSON.stringify(input[section]);
    for (let i = 0; i < text.length; i += JSON_CHUNK) ws.addRow([section, text.slice(i, i + JSON_CHUNK)]);
  }
  addValidation(
    ws,
    `A${FIRST_ROW}:A${FIRST_ROW + LIST_ROWS}`,
    listRule(`"${JSON_SHEET.sections.join(',')}"`),
  );
}

/** Excel data validation on each listed column: lists for codes and units, whole numbers for years. */
function validations(ws: ExcelJS.Worksheet, sheet: SheetSpec, types: string): void {
  columnsOf(sheet).forEach((c, i) => {
    const col = ws.getColumn(i + 1).letter;
    const range = `${col}${FIRST_ROW}:${col}${FIRST_ROW + LIST_ROWS}`;
    const formula = listFormula(c, types);
    if (formula !== undefined)
      addValidation(ws, range, listRule(formula, c.part === 'unit' || c.field.list === 'types'));
    else if (c.part === 'priceYear' || c.field.kind === 'year')
      addValidation(ws, range, {
        type: 'whole',
        operator: 'between',
        formulae: [1900, 2200],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '年份 Year',
        error: '请填写 1900–2200 之间的年份 / a year between 1900 and 2200',
      });
  });
}

function listFormula(c: Column, types: string): string | undefined {
  if (c.part === 'unit') return c.field.dim === undefined ? undefined : inlineList(unitIds(c.field.dim));
  if (c.part !== 'value' || c.field.list === undefined) return undefined;
  if (c.field.list === 'types') return types;
  if (c.field.list === 'zones') return `'分区'!$A$${FIRST_ROW}:$A$${FIRST_ROW + LIST_ROWS}`;
  const fixed = FIXED_LISTS[c.field.list];
  const names = Object.values(LIST_NAMES_ZH[c.field.list] ?? {});
  return fixed === undefined ? undefined : inlineList([...fixed, ...names]);
}

/** An inline list formula, or none where Excel's 255-character limit would cut it. */
function inlineList(values: readonly string[]): string | undefined {
  const f = `"${values.join(',')}"`;
  return f.length <= 255 ? f : undefined;
}

function unitIds(dim: Dimension): string[] {
  return (Object.keys(UNITS) as UnitId[]).filter((u) => UNITS[u].dim === dim);
}

/**
 * A list's validation. Ecosystem types and units are `lenient`: a name, a land-use code or another unit spelling
 * outside the list is read too, so Excel warns and lets it stay. Every other list (level, sector, pollutants, water
 * uses, energy kinds, zones, JSON sections) is all the reader takes: Excel stops a value outside it.
 */
function listRule(formula: string, lenient = false): ExcelJS.DataValidation {
  const rule = { type: 'list' as const, formulae: [formula], allowBlank: true, showErrorMessage: true };
  return lenient
    ? {
        ...rule,
        errorStyle: 'warning',
        errorTitle: '不在列表中 Not in the list',
        error:
          '可继续：名称、地类编码和其他单位写法也能读取 / you may keep it: names, land-use codes and other unit spellings are read too',
      }
    : {
        ...rule,
        errorStyle: 'stop',
        errorTitle: '不在列表中 Not in the list',
        error: '请从列表中选择 / choose a value from the list',
      };
}

/** exceljs keeps range validations in `worksheet.dataValidations` (one entry per range); its typings omit it. */
function addValidation(ws: ExcelJS.Worksheet, range: string, rule: ExcelJS.DataValidation): void {
  (
    ws as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }
  ).dataValidations.add(range, rule);
}
