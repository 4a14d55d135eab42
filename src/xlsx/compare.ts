import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs';
import type { CompareResult } from '../account/compare-schema';
import { priceIndicesText } from '../account/price-indices-text';
import { checkCompareResult } from '../account/compare-format';
import { formatPath } from '../core/errors';
import { cellValue, numberFormat } from './cells';
import { FIXED_TIME, fixZipTimes } from '../io/zip-times';

type Row = CompareResult['gep'];
type Named = { zh: string; en: string } | null;

const CATEGORY = {
  material: '物质产品 Material',
  regulating: '调节服务 Regulating',
  cultural: '文化服务 Cultural',
} as const;

/** The figure columns of every level (GEP, category, indicator, ecosystem type, zone): 元 to the fen, growth in %. */
const FIGURES = [
  ['V₀ 基期 (元)', 'v0'],
  ['V₁ 报告期 (元)', 'v1'],
  ['ΔV 变化 (元)', 'change'],
  ['增长 Growth (%)', 'growthPercent'],
  ['数量效应 Volume (元)', 'quantityEffect'],
  ['结构效应 Mix (元)', 'mixEffect'],
  ['价格效应 Price (元)', 'priceEffect'],
  ['未分解 Unsplit (元)', 'unsplit'],
] as const;
// The account workbook's formats: money and growth with two decimals, quantities with two to four.
const MONEY = numberFormat('money', 0);
const PERCENT = numberFormat('percent', 0);
const QUANTITY = numberFormat('physical', 0);

/**
 * A comparison of two accounts (compare()) as an Excel workbook: one sheet per level (GEP and categories,
 * indicators, ecosystem types, zones), the cells of the decomposition (indicator × ecosystem type, with their
 * quantities) and its lines, and the identity. Every figure is an Excel number in 元 to the fen (#,##0.00) or a
 * growth in % (0.00); within each row ΔV = V₁ − V₀ = volume + mix + price + unsplit holds exactly, as in the JSON.
 * The same input gives the same bytes.
 *
 * @example
 * writeFileSync('compare.xlsx', await compareXlsx(compare(input2020, input2021)));
 */
export async function compareXlsx(c: CompareResult): Promise<Uint8Array> {
  checkCompareResult(c);
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'gepkit';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const title =
    `${c.before.region} ${c.before.year} → ${c.after.year}: GEP 可比价比较 ` +
    `(${c.prices.baseYear} 年价格 comparable prices of ${c.prices.baseYear}, index ${priceIndicesText(c.prices.index, c.prices.deflators)})`;
  levelSheet(
    wb,
    'GEP 与类别 Categories',
    title,
    ['层级 Level'],
    [
      { keys: ['GEP 生态系统生产总值'], row: c.gep },
      ...c.byCategory.map((r) => ({ keys: [CATEGORY[r.category]], row: r })),
    ],
  );
  levelSheet(
    wb,
    '指标 Indicators',
    title,
    ['指标 Indicator', '名称 Name', '类别 Category'],
    c.byIndicator.map((r) => ({ keys: [r.indicator, name(r.name), CATEGORY[r.category]], row: r })),
  );
  levelSheet(
    wb,
    '生态系统 Ecosystems',
    title,
    ['生态系统 Ecosystem', '名称 Name'],
    c.byEcosystem.map((r) => ({ keys: [r.ecosystem ?? '(未归属 not attributed)', name(r.name)], row: r })),
  );
  levelSheet(
    wb,
    '分区 Zones',
    title,
    ['分区 Zone', '名称 Name'],
    c.byZone.map((r) => ({ keys: [r.zone ?? REGION_WIDE, r.name ?? ''], row: r })),
  );
  cellsSheet(wb, c);
  linesSheet(wb, c);
  identitySheet(wb, c);
  const warnings = wb.addWorksheet('警告 Warnings');
  warnings.addRow(['code', 'path', '中文', 'English', '提示', 'hint']).font = { bold: true };
  for (const w of c.warnings)
    warnings.addRow([w.code, formatPath(w.path), w.message.zh, w.message.en, w.hintZh ?? '', w.hint]);
  return fixZipTimes(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
}

/** The zone of region-wide rows and lines (zone null). */
const REGION_WIDE = '(未分区 region-wide)';

const name = (n: Named): string => (n === null ? '' : n.zh === n.en ? n.zh : `${n.zh} ${n.en}`);

/** A sheet of one level: title, headers, then per row its keys and the figures of FIGURES. */
function levelSheet(
  wb: ExcelJS.Workbook,
  sheet: string,
  title: string,
  keys: string[],
  rows: { keys: string[]; row: Row }[],
): void {
  const ws = wb.addWorksheet(sheet);
  ws.addRow([title]).font = { bold: true };
  ws.addRow([...keys, ...FIGURES.map(([h]) => h)]).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: keys.length }];
  for (const { keys: k, row } of rows)
    ws.addRow([...k, ...FIGURES.map(([, f]) => (row[f] === null ? null : cellValue(row[f])))]);
  keys.forEach((_, i) => {
    ws.getColumn(i + 1).width = i === 0 ? 28 : 22;
  });
  FIGURES.forEach(([, f], i) => {
    const col = ws.getColumn(keys.length + i + 1);
    col.width = 18;
    col.numFmt = f === 'growthPercent' ? PERCENT : MONEY;
  });
}

/** Sets number formats by column (1-based) on a sheet whose rows are added. */
function formats(ws: ExcelJS.Worksheet, byColumn: Record<number, string>): void {
  for (const [i, f] of Object.entries(byColumn)) ws.getColumn(Number(i)).numFmt = f;
}

const num = (s: string | null): number | string | null => (s === null ? null : cellValue(s));

/**
 * The cells of the decomposition: indicator × ecosystem type (× sub-item for goods of their own) with the summed
 * quantities and the effects.
 */
function cellsSheet(wb: ExcelJS.Workbook, c: CompareResult): void {
  const ws = wb.addWorksheet('分解单元 Cells');
  ws.addRow([
    '指标 Indicator',
    '生态系统 Ecosystem',
    '子项 Sub-item',
    '单位 Unit',
    'Q₀',
    'Q₁',
    '行数 Lines',
    ...FIGURES.filter(([, f]) => f !== 'growthPercent').map(([h]) => h),
  ]).font = { bold: true };
  for (const x of c.cells)
    ws.addRow([
      x.indicator,
      x.ecosystem ?? '',
      x.item ?? '',
      x.unit ?? '',
      num(x.q0),
      num(x.q1),
      x.lines,
      ...[x.v0, x.v1, x.change, x.quantityEffect, x.mixEffect, x.priceEffect, x.unsplit].map(num),
    ]);
  formats(ws, {
    5: QUANTITY,
    6: QUANTITY,
    8: MONEY,
    9: MONEY,
    10: MONEY,
    11: MONEY,
    12: MONEY,
    13: MONEY,
    14: MONEY,
  });
}

/**
 * The lines of the decomposition (indicator × ecosystem type × sub-item × zone, ADR 0039) and how each was split;
 * a region-wide line's zone reads as on the zone sheet.
 */
function linesSheet(wb: ExcelJS.Workbook, c: CompareResult): void {
  const ws = wb.addWorksheet('分解行 Lines');
  ws.addRow([
    '指标 Indicator',
    '生态系统 Ecosystem',
    '子项 Sub-item',
    '分区 Zone',
    '分解 Kind',
    '单位 Unit',
    'Q₀',
    'Q₁',
    'V₀ (元)',
    'V₁ (元)',
    'ΔV (元)',
    '数量效应 Volume (元)',
    '价格效应 Price (元)',
    '未分解 Unsplit (元)',
  ]).font = { bold: true };
  for (const l of c.lines)
    ws.addRow([
      l.indicator,
      l.ecosystem ?? '',
      l.item ?? '',
      l.zone ?? REGION_WIDE,
      l.kind,
      l.unit ?? '',
      num(l.q0),
      num(l.q1),
      ...[l.v0, l.v1, l.change, l.quantityEffect, l.priceEffect, l.unsplit].map(num),
    ]);
  formats(ws, { 7: QUANTITY, 8: QUANTITY, 9: MONEY, 10: MONEY, 11: MONEY, 12: MONEY, 13: MONEY, 14: MONEY });
}

/**
 * The identity: Σ effects, the direct change of the GEP totals, their difference (rounding) and its bound; the
 * accounts' own totals and what the lines' rounding removed from each; nominal GEP.
 */
function identitySheet(wb: ExcelJS.Workbook, c: CompareResult): void {
  const ws = wb.addWorksheet('恒等式 Identity');
  ws.addRow(['项目 Item', '元']).font = { bold: true };
  const rows: [string, string][] = [
    ['Σ 效应 Effects (volume + mix + price + unsplit)', c.identity.effects],
    ['GEP 直接变化 Direct change (V₁ − V₀ of the totals)', c.identity.direct],
    ['残差 Residual (direct − effects, rounding)', c.identity.residual],
    ['界限 Bound (|residual| ≤ bound)', c.identity.bound],
    ['核算 GEP 总值 Account total V₀ (可比价, rounded once)', c.identity.totals.v0],
    ['核算 GEP 总值 Account total V₁ (可比价, rounded once)', c.identity.totals.v1],
    ['舍入差 Rounding V₀ (account total − Σ lines)', c.identity.rounding.v0],
    ['舍入差 Rounding V₁ (account total − Σ lines)', c.identity.rounding.v1],
    [`名义 GEP Nominal V₀ (${c.nominal.priceYears[0]} 当年价)`, c.nominal.v0],
    [`名义 GEP Nominal V₁ (${c.nominal.priceYears[1]} 当年价)`, c.nominal.v1],
    ['名义变化 Nominal change', c.nominal.change],
  ];
  for (const [k, v] of rows) ws.addRow([k, cellValue(v)]);
  ws.addRow(['名义增长 Nominal growth (%)', num(c.nominal.growthPercent)]).getCell(2).numFmt = PERCENT;
  ws.addRow([]);
  // the two accounts compared, and what each left out (`skipped`: --exclude, no data)
  for (const [label, s] of [
    ['前期 Before', c.before],
    ['后期 After', c.after],
  ] as const) {
    ws.addRow([`${label}: 地区 Region`, s.region]);
    ws.addRow([`${label}: 年份 Year`, s.year]);
    ws.addRow([`${label}: 核算方案 Profile`, s.profile]);
    ws.addRow([`${label}: 来源 From`, s.from]);
    ws.addRow([
      `${label}: 未核算 Not accounted`,
      s.skipped.length === 0 ? '' : s.skipped.map((x) => `${x.code} (${x.reason})`).join(', '),
    ]);
  }
  ws.addRow([]);
  ws.addRow([c.decomposition]);
  ws.getColumn(1).width = 52;
  ws.getColumn(2).width = 20;
  for (let r = 2; r <= rows.length + 1; r++) ws.getRow(r).getCell(2).numFmt = MONEY;
}
