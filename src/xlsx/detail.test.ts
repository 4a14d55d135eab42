import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { Decimal } from '../core/decimal';
import { DETAIL_HEADERS } from '../account/detail';
import { toXlsx } from './index';
import { ONLY, small } from '../../test/detail-fixture';

const example = JSON.parse(
  readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

async function book(input: unknown, options = {}): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await toXlsx(account(input, options))) as unknown as ArrayBuffer);
  return wb;
}
const col = (h: (typeof DETAIL_HEADERS)[number]) => DETAIL_HEADERS.indexOf(h) + 1;
function rowsOf(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  for (let r = 3; r <= ws.rowCount; r++) out.push(ws.getRow(r));
  return out;
}

describe('计算明细 (calculation detail)', () => {
  it('writes out a line: 5200 t × 2600 yuan/t = 13,520,000 元 = 1,352.00 万元, index factor 1', async () => {
    const ws = (await book(small, ONLY)).getWorksheet('计算明细 Detail') as ExcelJS.Worksheet;
    const rice = rowsOf(ws).find((r) => r.getCell(col('子项 Sub-item')).value === '稻谷') as ExcelJS.Row;
    expect(rice.getCell(col('功能量 Physical')).value).toBe(5200);
    expect(rice.getCell(col('功能量 Physical')).numFmt).toBe('#,##0.00##');
    expect(rice.getCell(col('价格或金额 Price or amount')).value).toBe(2600);
    expect(rice.getCell(col('价格单位 Price unit')).value).toBe('yuan/t');
    expect(rice.getCell(col('价格年 Price year')).value).toBe(2020);
    expect(rice.getCell(col('价格来源 Price source')).value).toBe(
      'input: materialProducts.0.products.0.price',
    );
    // Priced in the accounting year: I(2020)/I(2020) = 1.
    expect(rice.getCell(col('指数因子 Index factor')).value).toBe(1);
    // 5200 × 2600 = 13 520 000 元 = 1 352 万元.
    expect(rice.getCell(col('价格年价值 At price year (元)')).value).toBe(13_520_000);
    expect(rice.getCell(col('当年价 Current (万元)')).value).toBe(1352);
    expect(rice.getCell(col('当年价 Current (万元)')).numFmt).toBe('#,##0.00');
    expect(rice.getCell(col('计算式 Formula')).value).toBe(
      '5200.0000 t × 2600 yuan/t = 13520000.00 元 (2020) × 1 (cn-cpi-1978@1.0.0) = 13520000.00 元 (2020)',
    );
  });

  it('lists the terms and the coefficients of the line’s type with table, grade and source', async () => {
    const r = account(small, ONLY);
    const ws = (await book(small, ONLY)).getWorksheet('计算明细 Detail') as ExcelJS.Worksheet;
    const r1 = rowsOf(ws).find((x) => String(x.getCell(1).value).startsWith('R1')) as ExcelJS.Row;
    expect(r1.getCell(col('生态系统 Ecosystem')).value).toBe('forest.broadleaf');
    expect(String(r1.getCell(col('计算项 Terms')).value)).toContain('P = 1800 mm');
    const runoff = r.coefficients.find(
      (c) => c.key === 'runoff.coefficient' && c.ecosystem === 'forest.broadleaf',
    );
    expect(runoff).toBeDefined();
    const coeffText = String(r1.getCell(col('系数 Coefficients (value unit; table; grade; source)')).value);
    expect(coeffText).toContain(`runoff.coefficient[forest.broadleaf] = ${runoff?.value}`);
    expect(coeffText).toContain(`; ${runoff?.grade}; `);
    expect(String(r1.getCell(col('价格来源 Price source')).value)).toMatch(
      /^price\.reservoir_storage @ .+ \((verified|published|derived|secondary|assumed)\)$/,
    );
    // The price year 2010 is moved to 2020 by the CPI: factor = I(2020)/I(2010), as the account's index values give.
    const used = (y: number) => r.prices.indexValuesUsed.find((v) => v.year === y)?.value as string;
    const factor = new Decimal(used(2020)).div(used(2010)).toDecimalPlaces(6).toNumber();
    expect(r1.getCell(col('指数因子 Index factor')).value).toBe(factor);
  });

  it('the example: the lines of each indicator add up to its value (万元, within a fen per line)', async () => {
    const r = account(example);
    const ws = (await book(example)).getWorksheet('计算明细 Detail') as ExcelJS.Worksheet;
    const sums = new Map<string, number>();
    let lines = new Map<string, number>();
    for (const row of rowsOf(ws)) {
      const code = String(row.getCell(1).value).split(' ')[0] as string;
      sums.set(code, (sums.get(code) ?? 0) + Number(row.getCell(col('当年价 Current (万元)')).value));
      lines = lines.set(code, (lines.get(code) ?? 0) + 1);
    }
    for (const i of r.indicators) {
      const wan = new Decimal(i.value.current).div(10_000).toNumber();
      expect(Math.abs((sums.get(i.code) ?? 0) - wan), i.code).toBeLessThanOrEqual(
        0.01 * (lines.get(i.code) ?? 1) + 1e-6,
      );
    }
  }, 60_000);
});

describe('the account workbook’s numbers', () => {
  it('are numbers in number formats; empty cells are empty; coefficients are numbers', async () => {
    const r = account(example);
    const wb = await book(example);
    const county = wb.getWorksheet('汇总表 County') as ExcelJS.Worksheet;
    const gep = county.getRow(county.rowCount);
    expect(gep.getCell(4).value).toBe(
      new Decimal(r.totals.gep.current).div(10_000).toDecimalPlaces(2).toNumber(),
    );
    expect(gep.getCell(4).numFmt).toBe('#,##0.00');
    expect(gep.getCell(2).value).toBeNull();
    // R9 counts negative ions (more than 15 digits): a number in scientific notation, which Excel can sum.
    const r9 = county
      .getSheetValues()
      .findIndex((row) => Array.isArray(row) && String(row[1]).startsWith('R9'));
    const ions = county.getRow(r9).getCell(2);
    expect(typeof ions.value).toBe('number');
    expect(ions.numFmt).toBe('0.000E+00');
    // The SEEA monetary sheet's columns are named by ecosystem type; its figures are 万元 all the same.
    const seea = wb.getWorksheet('SEEA 价值量') as ExcelJS.Worksheet;
    const r1 = seea.getRow(3 + r.indicators.findIndex((i) => i.code === 'R1'));
    expect(String(r1.getCell(1).value)).toMatch(/^R1 /);
    expect(r1.getCell(2).numFmt).toBe('#,##0.00');
    const coeffs = wb.getWorksheet('系数 Coefficients') as ExcelJS.Worksheet;
    expect(typeof coeffs.getRow(2).getCell(3).value).toBe('number');
  }, 60_000);
});
