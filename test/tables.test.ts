import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import type { GepError } from '../src/core/errors';
import { tinyInput } from './helpers';
import { tableMarkdown, toCsv } from '../src/account/format';
import { allTables, countyTable, seeaSupplyTable, townshipTable } from '../src/account/tables';
import { runCli } from '../src/cli/main';
import { Decimal } from '../src/core/decimal';
import { zoneRows } from '../src/report/figures';
import { toXlsx } from '../src/xlsx';

const EXAMPLE = new URL('../examples/jiangxi-county/input.json', import.meta.url).pathname;
const result = account(JSON.parse(readFileSync(EXAMPLE, 'utf8')), { baseYear: 2015 });

describe('summary tables', () => {
  it('the SEEA supply table: each service row adds up to its total (万元, two decimals)', () => {
    const t = seeaSupplyTable(result, 'monetary');
    for (const row of t.rows) {
      const cells = row.slice(1, -1).filter((c) => c !== '');
      const sum = cells.reduce((a, c) => a.plus(c), new Decimal(0));
      // Each cell is rounded to the fen of 万元 on its own: the sum may differ from the total by 0.005 per cell.
      expect(
        sum
          .minus(row[row.length - 1]!)
          .abs()
          .lte(new Decimal('0.005').times(cells.length)),
      ).toBe(true);
    }
    expect(t.headers).toContain('forest.broadleaf');
  });

  it("the SEEA physical table: each row adds up to its total in the row's unit, whatever unit the input used", () => {
    const t = seeaSupplyTable(result, 'physical');
    for (const row of t.rows) {
      const total = row[row.length - 1]!;
      const cells = row.slice(2, -1).filter((c) => c !== '');
      if (total === '') {
        expect(cells, row[0]).toEqual([]);
        continue;
      }
      const sum = cells.reduce((a, c) => a.plus(c), new Decimal(0));
      // The total and each type's cell are the account's own figures, each rounded to 4 decimals once.
      expect(
        sum
          .minus(total)
          .abs()
          .lte(new Decimal('0.00005').times(cells.length + 1)),
        row[0],
      ).toBe(true);
    }
    // The example gives water supply in 万m³ (12 550 万m³): the not-attributed cell is 125 500 000 m³, its total.
    const m5 = t.rows.find((r) => r[0]?.startsWith('M5'))!;
    expect(m5[1]).toBe('m³');
    expect(m5[t.headers.indexOf('未归属 not attributed')]).toBe('125500000');
    expect(m5[m5.length - 1]).toBe('125500000.0000');
    // Purification has no physical total (different pollutants): its row is empty.
    expect(t.rows.find((r) => r[0]?.startsWith('R4'))!.slice(2)).toEqual(t.headers.slice(2).map(() => ''));
    // Carbon sequestration of mixed forest, by hand: NEP 17 400 + 20 300 + 15 950 = 53 650 t C in its three zones;
    // × 44/12 = 196 716.666… t CO₂, printed 196716.6667 (the account's figure for the type). Its lines print
    // 63800.0000 + 74433.3333 + 58483.3333 = 196716.6666: the cell is the account's figure, not that sum.
    const r6 = t.rows.find((r) => r[0]?.startsWith('R6'))!;
    expect(r6[t.headers.indexOf('forest.mixed')]).toBe('196716.6667');
    // The row's rounding: 1 145 320.0000 − (445 866.6667 + 314 600 + 196 716.6667 + 154 000 + 29 150 + 4 986.6667)
    // = 1 145 320.0000 − 1 145 320.0001 = −0.0001, shown, not hidden.
    expect(r6[t.headers.indexOf('舍入差 Rounding')]).toBe('-0.0001');
    expect(r6[r6.length - 1]).toBe('1145320.0000');
  });

  it('the township table has one row per zone (and the unzoned region-wide lines)', () => {
    const t = townshipTable(result);
    expect(t.rows.map((r) => r[0])).toEqual([
      '东山镇 Dongshan (illustrative) Z01',
      '清溪乡 Qingxi (illustrative) Z02',
      '石门乡 Shimen (illustrative) Z03',
      '未分区（全域）',
      ...(t.rows.length === 6 ? ['舍入差 Rounding'] : []),
      '合计 Total',
    ]);
    expect(t.headers).toContain('R1 功能量 (m³)');
  });

  it('the township table counts the ecosystem rows without a zone in its not-zoned row and in the total', () => {
    // Zones Z1 (declared 6 km²) and Z2 (no area: Σ of its rows, 300 hm² = 3 km²), and 1 km² of forest without a
    // zone; agriculture 1 200 万元 for the whole region, every other indicator excluded: GEP 1 200 万元, all of it
    // in the not-zoned row. Not zoned: area 1 km², 1 200 / 1 = 1 200.00 万元/km². Total: 6 + 3 + 1 = 10 km² (the
    // region's 10 km² of rows), 1 200 / 10 = 120.00 万元/km²; leaving out the not-zoned rows gave 9 km² and
    // 1 200 / 9 = 133.33.
    const r = account(
      {
        region: { name: '测试乡', level: 'township' },
        year: 2020,
        totalArea: { value: '10', unit: 'km2' },
        zones: [
          { id: 'Z1', name: '甲村', area: { value: '6', unit: 'km2' } },
          { id: 'Z2', name: '乙村' },
        ],
        ecosystems: [
          { zone: 'Z1', type: 'forest.broadleaf', area: { value: '6', unit: 'km2' } },
          { zone: 'Z2', type: 'forest.broadleaf', area: { value: '300', unit: 'hm2' } },
          { type: 'forest.broadleaf', area: { value: '1', unit: 'km2' } },
        ],
        materialProducts: [
          { sector: 'agriculture', grossOutput: { value: '1200', unit: 'wan_yuan', priceYear: 2020 } },
        ],
      },
      {
        exclude: ['M2', 'M3', 'M4', 'M5', 'M6', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'C1'],
      },
    );
    expect(r.byZone.map((z) => [z.zone, z.area?.value ?? null, z.valuePerKm2?.current ?? null])).toEqual([
      ['Z1', '6.0000', '0.00'],
      ['Z2', '3.0000', '0.00'],
      // 12 000 000 元 / 1 km² = 12 000 000 元/km².
      [null, '1.0000', '12000000.00'],
    ]);
    const t = townshipTable(r);
    const cells = (row: string[] | undefined) => [row?.[0], row?.[1], row?.at(-2), row?.at(-1)];
    expect(cells(t.rows.find((x) => x[0] === '未分区（全域）'))).toEqual([
      '未分区（全域）',
      '1.0000',
      '1200.00',
      '1200.00',
    ]);
    expect(cells(t.rows.at(-1))).toEqual(['合计 Total', '10.0000', '1200.00', '120.00']);
    // The report's township table (HTML and Word) has the same total.
    expect(zoneRows(r).at(-1)?.cells).toEqual(['', '10.0000', '1200.00', '1200.00', '120.00']);
    // Without ecosystem rows of its own, the not-zoned row holds region-wide lines only: no area, no per km².
    expect(result.byZone.at(-1)).toMatchObject({ zone: null, area: null, valuePerKm2: null });
  });

  it('a category of zero value has no share of itself, and so no rounding row of 100 %', () => {
    // Material 1 200 + 800 万元, cultural 2 万人次 × 150 元 = 300 万元; every regulating indicator excluded, so that
    // category is 0.00 万元. Its share of itself is 0 / 0: "—", not "100.00"; and with no indicators under it, the
    // old "100.00" left a rounding row 100.00 − 0 = 100.00 % of category, a rounding of 100 %.
    const r = account(
      {
        region: { name: '测试乡', level: 'township' },
        year: 2020,
        totalArea: { value: '10', unit: 'km2' },
        ecosystems: [{ type: 'forest.broadleaf', area: { value: '1000', unit: 'hm2' } }],
        materialProducts: [
          { sector: 'agriculture', grossOutput: { value: '1200', unit: 'wan_yuan', priceYear: 2020 } },
          { sector: 'forestry', grossOutput: { value: '800', unit: 'wan_yuan', priceYear: 2020 } },
        ],
        tourism: {
          segments: [
            {
              name: '游客',
              visits: { value: '2', unit: 'wan_person_time' },
              spendingPerVisit: { value: '150', unit: 'yuan/person_time', priceYear: 2020 },
            },
          ],
        },
      },
      { exclude: ['M3', 'M4', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9'] },
    );
    const rows = countyTable(r).rows;
    // GEP 2 300 万元: regulating 0.00 % of GEP, material 2 000 / 2 300 = 86.96 %, cultural 300 / 2 300 = 13.04 %.
    expect(rows.find((x) => x[0] === '调节服务 Regulating')).toEqual([
      '调节服务 Regulating',
      '',
      '',
      '0.00',
      '0.00',
      '—',
      '0.00',
    ]);
    expect(rows.filter((x) => x[0]?.startsWith('舍入差') && x[0].includes('Regulating'))).toEqual([]);
    // A category of some value is still 100.00 % of itself.
    expect(rows.find((x) => x[0] === '文化服务 Cultural')?.[5]).toBe('100.00');
  });

  it('CSV is UTF-8 with BOM and Chinese headers, for every table', () => {
    for (const t of allTables(result)) {
      const csv = toCsv(result, t.id);
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv.slice(1).split('\r\n')[0]).toBe(
        t.headers.map((h) => (/[",]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(','),
      );
    }
    expect(toCsv(result)).toContain('指标 Indicator,功能量 Physical,单位 Unit');
  });

  it('a table id it does not have is OPTIONS_INVALID at table, naming the ids (a TypeError before)', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { issues?: { code: string; path: unknown[]; params?: Record<string, unknown> }[] })
          .issues;
      }
      return undefined;
    };
    const listed =
      'Invalid option: expected one of "county"|"township"|"ecosystem"|"seea-physical"|"seea-monetary"|"detail"';
    for (const [f, detail] of [
      [() => toCsv(result, 'nope' as never), `${listed}; received "nope"`],
      [() => tableMarkdown(result, undefined as never), listed],
    ] as const)
      expect(refused(f)).toEqual([
        expect.objectContaining({ code: 'OPTIONS_INVALID', path: ['table'], params: { detail } }),
      ]);
  });

  it('the .xlsx workbook reads back with its sheets, Chinese headers and numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(result)).buffer as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总表 County',
      '乡镇 Township',
      '生态系统 Ecosystem',
      'SEEA 实物量',
      'SEEA 价值量',
      '计算明细 Detail',
      '系数 Coefficients',
      '警告 Warnings',
    ]);
    const county = wb.getWorksheet('汇总表 County')!;
    expect(county.getRow(2).getCell(1).value).toBe('指标 Indicator');
    const last = county.getRow(county.rowCount);
    expect(last.getCell(1).value).toBe('GEP 生态系统生产总值');
    expect(last.getCell(4).value).toBe(Number(new Decimal(result.totals.gep.current).div(10_000).toFixed(2)));
    // each warning with its messages and its hint in both languages
    const warnings = wb.getWorksheet('警告 Warnings')!;
    expect(warnings.getRow(1).values).toEqual([undefined, 'code', 'path', '中文', 'English', '提示', 'hint']);
    const [first] = result.warnings;
    // a path as every other output writes it (formatPath): the index in brackets, not `overrides.tables.2`
    expect(first?.path).toEqual(['overrides', 'tables', 2]);
    expect(warnings.getRow(2).values).toEqual([
      undefined,
      first?.code,
      'overrides.tables[2]',
      first?.message.zh,
      first?.message.en,
      first?.hintZh,
      first?.hint,
    ]);
    expect(first?.hintZh).toMatch(/\p{Script=Han}/u);
  });

  it('the CLI writes an .xlsx with --out and refuses xlsx without it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gepkit-')), 'account.xlsx');
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['account', EXAMPLE, '--format', 'xlsx', '--out', file], io)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.length).toBe(8);
    expect(await runCli(['account', EXAMPLE, '--format', 'xlsx'], io)).toBe(1);
  });
});

describe('the calculation detail of an input workbook as CSV and Markdown', () => {
  it('toCsv and tableMarkdown take the workbook’s locate, and refuse options they cannot read', () => {
    // a price of the input named by the cell locate gives it, beside its input path
    const locate = (path: readonly (string | number)[]) =>
      path.join('.') === 'materialProducts.0.products.0.price' ? '产品!F3' : undefined;
    const input = tinyInput();
    (input.materialProducts as unknown[])[0] = {
      sector: 'agriculture',
      products: [
        {
          name: 'rice',
          quantity: { value: '10', unit: 't' },
          price: { value: '3000', unit: 'yuan/t', priceYear: 2020 },
        },
      ],
    };
    const r = account(input);
    const named = '产品!F3 (input: materialProducts.0.products.0.price)';
    expect(toCsv(r, 'detail', { locate })).toContain(named);
    expect(tableMarkdown(r, 'detail', { locate })).toContain(named);
    expect(toCsv(r, 'detail')).not.toContain('产品!F3');
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as GepError).code, (e as GepError).path.join('.')];
      }
      return undefined;
    };
    expect(code(() => toCsv(r, 'detail', null as never))).toEqual(['OPTIONS_INVALID', 'options']);
    // an unknown key is refused at the object holding it (docs/errors.md)
    expect(code(() => tableMarkdown(r, 'detail', { locat: locate } as never))).toEqual([
      'OPTIONS_INVALID',
      'options',
    ]);
    expect(code(() => toCsv(r, 'detail', { locate: 1 } as never))).toEqual([
      'OPTIONS_INVALID',
      'options.locate',
    ]);
  });
});
