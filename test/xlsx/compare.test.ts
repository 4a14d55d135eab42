import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CompareResult, compare } from '../../src/account/compare';
import { runCli } from '../../src/cli/main';
import { Decimal } from '../../src/core/decimal';
import { compareXlsx } from '../../src/xlsx';

const BEFORE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A cell as an exact decimal: Excel numbers of up to 15 significant digits print back as the decimal written. */
function dec(cell: ExcelJS.Cell): Decimal {
  expect(typeof cell.value, cell.address).toBe('number');
  return new Decimal(String(cell.value));
}

/** The rows below the two header rows of a level sheet, as header → cell. */
function rows(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Cell>[] {
  const headers = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const out: Map<string, ExcelJS.Cell>[] = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    out.push(new Map(headers.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return out;
}

describe('gepkit compare --format xlsx', () => {
  let c: CompareResult;
  let wb: ExcelJS.Workbook;

  it('writes the comparison; read back, every row holds ΔV = V₁ − V₀ = volume + mix + price + unsplit exactly', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gepkit-compare-')), 'compare.xlsx');
    const io = { out: () => undefined, err: (s: string) => expect(s).not.toMatch(/error/i) };
    expect(await runCli(['compare', BEFORE, AFTER, '--format', 'xlsx', '--out', out], io)).toBe(0);
    c = compare(read(BEFORE), read(AFTER));
    wb = await load(readFileSync(out));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'GEP 与类别 Categories',
      '指标 Indicators',
      '生态系统 Ecosystems',
      '分区 Zones',
      '分解单元 Cells',
      '分解行 Lines',
      '恒等式 Identity',
      '警告 Warnings',
    ]);
    const levels: [string, CompareResult['gep'][]][] = [
      ['GEP 与类别 Categories', [c.gep, ...c.byCategory]],
      ['指标 Indicators', c.byIndicator],
      ['生态系统 Ecosystems', c.byEcosystem],
      ['分区 Zones', c.byZone],
    ];
    for (const [sheet, expected] of levels) {
      const got = rows(wb.getWorksheet(sheet) as ExcelJS.Worksheet);
      expect(got.length, sheet).toBe(expected.length);
      got.forEach((row, k) => {
        const at = (h: string) => dec(row.get(h) as ExcelJS.Cell);
        const [v0, v1, change] = [at('V₀ 基期 (元)'), at('V₁ 报告期 (元)'), at('ΔV 变化 (元)')];
        const effects = [
          '数量效应 Volume (元)',
          '结构效应 Mix (元)',
          '价格效应 Price (元)',
          '未分解 Unsplit (元)',
        ]
          .map(at)
          .reduce((s, x) => s.plus(x), new Decimal(0));
        expect(v1.minus(v0).eq(change), `${sheet} row ${k}`).toBe(true);
        expect(effects.eq(change), `${sheet} row ${k}`).toBe(true);
        // The cells are the JSON's figures, to the fen.
        expect(change.toFixed(2)).toBe(expected[k]?.change);
        const growth = row.get('增长 Growth (%)') as ExcelJS.Cell;
        if (expected[k]?.growthPercent === null) expect(growth.value).toBeNull();
        else expect(dec(growth).toFixed(2)).toBe(expected[k]?.growthPercent);
        expect(growth.numFmt).toBe('0.00');
        expect((row.get('ΔV 变化 (元)') as ExcelJS.Cell).numFmt).toBe('#,##0.00');
      });
    }
    // GEP = Σ categories, field by field.
    const [gep, ...cats] = rows(wb.getWorksheet('GEP 与类别 Categories') as ExcelJS.Worksheet);
    for (const h of ['V₀ 基期 (元)', 'V₁ 报告期 (元)', 'ΔV 变化 (元)', '数量效应 Volume (元)'])
      expect(
        cats
          .reduce((s, r) => s.plus(dec(r.get(h) as ExcelJS.Cell)), new Decimal(0))
          .eq(dec(gep?.get(h) as ExcelJS.Cell)),
        h,
      ).toBe(true);
  }, 120_000);

  it('the warnings sheet writes each path as the Markdown and the command line do (formatPath)', () => {
    const ws = wb.getWorksheet('警告 Warnings') as ExcelJS.Worksheet;
    const paths: string[] = [];
    for (let r = 2; r <= ws.rowCount; r++) paths.push(String(ws.getRow(r).getCell(2).value));
    expect(paths).toContain('before.overrides.tables[2]');
    expect(paths.filter((p) => /\.\d/.test(p))).toEqual([]);
  });

  it('the identity sheet: direct − effects = residual, |residual| ≤ bound; the cells add up to the effects', () => {
    const ws = wb.getWorksheet('恒等式 Identity') as ExcelJS.Worksheet;
    const v = (r: number) => dec(ws.getRow(r).getCell(2));
    const [effects, direct, residual, bound] = [v(2), v(3), v(4), v(5)];
    expect(effects.toFixed(2)).toBe(c.identity.effects);
    expect(direct.minus(effects).eq(residual)).toBe(true);
    expect(residual.abs().lte(bound)).toBe(true);
    // The accounts' own totals, and what the lines' rounding removed: total − rounding = the GEP row's V₀, V₁.
    const [total0, total1, rounding0, rounding1] = [v(6), v(7), v(8), v(9)];
    expect(String(ws.getRow(6).getCell(1).value)).toContain('Account total V₀');
    expect(total1.minus(total0).eq(direct)).toBe(true);
    expect(rounding1.minus(rounding0).eq(residual)).toBe(true);
    expect(total0.minus(rounding0).toFixed(2)).toBe(c.gep.v0);
    expect(total1.minus(rounding1).toFixed(2)).toBe(c.gep.v1);
    expect(ws.getRow(9).getCell(2).numFmt).toBe('#,##0.00');
    expect(ws.getRow(2).getCell(2).numFmt).toBe('#,##0.00');
    const cells = wb.getWorksheet('分解单元 Cells') as ExcelJS.Worksheet;
    // the cells by indicator × ecosystem type × sub-item (a good of its own), the JSON's cells in order
    expect((cells.getRow(1).values as unknown[]).slice(1, 4).map(String)).toEqual([
      '指标 Indicator',
      '生态系统 Ecosystem',
      '子项 Sub-item',
    ]);
    const cellKeys: string[] = [];
    for (let r = 2; r <= cells.rowCount; r++)
      cellKeys.push([1, 2, 3].map((k) => String(cells.getRow(r).getCell(k).value ?? '')).join(' | '));
    expect(cellKeys).toEqual(c.cells.map((x) => [x.indicator, x.ecosystem ?? '', x.item ?? ''].join(' | ')));
    expect(cellKeys).toContain('R4 |  | cod');
    let sum = new Decimal(0);
    for (let r = 2; r <= cells.rowCount; r++)
      for (const col of [11, 12, 13, 14]) sum = sum.plus(dec(cells.getRow(r).getCell(col)));
    expect(sum.eq(effects)).toBe(true);
  });

  it('the line sheet names each line by indicator × ecosystem × sub-item × zone, so two zones’ lines differ', () => {
    const ws = wb.getWorksheet('分解行 Lines') as ExcelJS.Worksheet;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(headers.slice(0, 4)).toEqual([
      '指标 Indicator',
      '生态系统 Ecosystem',
      '子项 Sub-item',
      '分区 Zone',
    ]);
    const keys: string[] = [];
    for (let r = 2; r <= ws.rowCount; r++)
      keys.push([1, 2, 3, 4].map((k) => String(ws.getRow(r).getCell(k).value ?? '')).join(' | '));
    // The rows are the JSON's lines in order, the zone a code or the region-wide mark.
    expect(keys).toEqual(
      c.lines.map((l) =>
        [l.indicator, l.ecosystem ?? '', l.item ?? '', l.zone ?? '(未分区 region-wide)'].join(' | '),
      ),
    );
    // Every row's key is its own; the example county has lines that differ only in their zone.
    expect(new Set(keys).size).toBe(keys.length);
    const withoutZone = c.lines.map((l) => [l.indicator, l.ecosystem, l.item].join(' | '));
    const twoZones = withoutZone.filter((k, i) => withoutZone.indexOf(k) !== i);
    expect(twoZones.length).toBeGreaterThan(0);
    // The figures stay under their headers: V₀ of each line, to the fen.
    const v0 = headers.indexOf('V₀ (元)') + 1;
    c.lines.forEach((l, k) => expect(dec(ws.getRow(k + 2).getCell(v0)).toFixed(2)).toBe(l.v0));
    expect(ws.getRow(2).getCell(v0).numFmt).toBe('#,##0.00');
  });

  it('is the same bytes for the same comparison; --format xlsx needs --out', async () => {
    expect(await compareXlsx(c)).toEqual(await compareXlsx(c));
    const err: string[] = [];
    const io = { out: () => undefined, err: (s: string) => err.push(s) };
    expect(await runCli(['compare', BEFORE, AFTER, '--format', 'xlsx'], io)).toBe(1);
    expect(err.join('')).toContain('--format xlsx needs --out FILE.xlsx');
  });
});
