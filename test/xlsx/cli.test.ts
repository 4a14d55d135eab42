import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, runCli } from '../../src/cli/main';
import type { Issue } from '../../src/core/errors';
import { XLSX_ERRORS } from '../../src/xlsx/errors';
import { inputTemplate, readInputWorkbook } from '../../src/xlsx';
import { errorOf } from '../helpers';

const EXAMPLE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gepkit-xlsx-'));

async function cli(args: string[], stdin?: Uint8Array) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    ...(stdin !== undefined ? { stdin: () => stdin } : {}),
  });
  return { code, out: out.join(''), err: err.join('') };
}

async function edit(file: string, f: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  f(wb);
  const out = join(dir, `edited-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(out, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return out;
}

describe('the warning counts of a workbook input include its reader’s warnings', () => {
  it('a hidden row: validate and account count XLSX_ROWS_HIDDEN beside the account’s own', async () => {
    const book = join(dir, 'counted.xlsx');
    expect((await cli(['template', '--from', EXAMPLE, '--out', book])).code).toBe(0);
    const hidden = await edit(book, (wb) => {
      (wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet).getRow(5).hidden = true;
    });
    const json = await cli(['account', EXAMPLE]);
    const own = (JSON.parse(json.out) as { warnings: unknown[] }).warnings.length;
    const a = await cli(['account', hidden]);
    expect(a.code).toBe(0);
    const held = (JSON.parse(a.out) as { warnings: { code: string }[] }).warnings;
    // the result holds the reader's warning first, then the account's; the count on standard error is of all of them
    expect(held.map((w) => w.code)[0]).toBe('XLSX_ROWS_HIDDEN');
    expect(held.length).toBe(own + 1);
    expect(a.err).toContain(`警告 ${own + 1} 条 / ${own + 1} warning(s)`);
    const v = await cli(['validate', hidden]);
    expect(v.code).toBe(0);
    const plain = await cli(['validate', book]);
    const counted = (r: { out: string; err: string }) =>
      Number(/, (\d+) warning\(s\)\)/.exec(r.out + r.err)?.[1]);
    expect(counted(v)).toBe(counted(plain) + 1);
    // gepkit account --uncertainty writes the drawn result: counted with the reader's warning as well
    const out = join(dir, 'drawn.json');
    const r = await cli(['account', hidden, '--uncertainty', '20', '--out', out]);
    expect(r.code).toBe(0);
    const drawn = (JSON.parse(readFileSync(out, 'utf8')) as { warnings: unknown[] }).warnings.length;
    expect(r.err).toContain(`警告 ${drawn} 条 / ${drawn} warning(s)`);
    expect(drawn).toBeGreaterThan(own);
  }, 60_000);
});

describe('gepkit template → account / validate', () => {
  it('the example through a workbook gives the same GEP as the JSON, to the fen', async () => {
    const book = join(dir, 'example.xlsx');
    expect((await cli(['template', '--from', EXAMPLE, '--out', book])).code).toBe(0);
    const fromJson = JSON.parse((await cli(['account', EXAMPLE])).out);
    const fromXlsx = await cli(['account', book]);
    expect(fromXlsx.code).toBe(0);
    expect(JSON.parse(fromXlsx.out).totals).toEqual(fromJson.totals);
    // Standard input takes a workbook too (recognised by its zip signature).
    const piped = await cli(['account', '-'], readFileSync(book));
    expect(JSON.parse(piped.out).totals).toEqual(fromJson.totals);
    const valid = await cli(['validate', book]);
    expect(valid.code).toBe(0);
    expect(valid.out).toContain('valid: 示例县');
  }, 60_000);

  it('a tea garden typed as the number 202 is refused at its cell, never accounted as urban land; --type-map decides', async () => {
    const book = join(dir, 'tea.xlsx');
    expect((await cli(['template', '--from', EXAMPLE, '--out', book])).code).toBe(0);
    // Row 13 holds the orchards of Z01 (cropland.orchard): typed as 0202 (茶园) into a General cell, Excel keeps 202.
    const tea = await edit(book, (wb) => {
      const ws = wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet;
      expect(ws.getCell('B13').value).toBe('cropland.orchard');
      ws.getCell('B13').value = 202;
    });
    for (const command of ['account', 'validate']) {
      const refused = await cli([command, tea]);
      expect(refused.code, command).toBe(1);
      expect(refused.out).toBe('');
      expect(refused.err).toContain('XLSX_TYPE_NUMBER_AMBIGUOUS');
      expect(refused.err).toContain('生态系统面积!B13');
      expect(refused.err).toContain('202 (建制镇)');
      expect(refused.err).toContain('0202 (茶园)');
    }
    // With the code meant named, the row is the orchard it was: the GEP of the JSON input.
    const mapped = await cli(['account', tea, '--type-map', '0202=cropland.orchard']);
    expect(mapped.code).toBe(0);
    expect(mapped.err).toContain('XLSX_TYPE_NUMBER');
    expect(JSON.parse(mapped.out).totals).toEqual(JSON.parse((await cli(['account', EXAMPLE])).out).totals);
    // compare and report read the workbook with their --type-map alike.
    const io = { out: () => undefined, err: () => undefined };
    const map = ['--type-map', '0202=cropland.orchard'];
    expect(await runCli(['compare', EXAMPLE, tea, ...map], io)).toBe(0);
    expect(await runCli(['compare', EXAMPLE, tea], io)).toBe(1);
    expect(await runCli(['report', tea, ...map, '--out', join(dir, 'tea.html')], io)).toBe(0);
  }, 120_000);

  it('the 计算明细 sheet of an account of a workbook names the cell of each price it read', async () => {
    const book = join(dir, 'detail-cells.xlsx');
    expect((await cli(['template', '--from', EXAMPLE, '--out', book])).code).toBe(0);
    const out = join(dir, 'detail-cells-result.xlsx');
    expect((await cli(['account', book, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('计算明细 Detail') as ExcelJS.Worksheet;
    const col = (ws.getRow(2).values as unknown[]).indexOf('价格来源 Price source');
    const sources: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 2) sources.push(String(row.getCell(col).value ?? ''));
    });
    // the rice price of the 产品 sheet: its cell, then its input path; coefficients as before
    const fromInput = sources.filter((x) => x.includes('(input: '));
    expect(fromInput.length).toBeGreaterThan(0);
    for (const x of fromInput) expect(x).toMatch(/^[^!]+![A-Z]+\d+ \(input: [\w.]+\)$/);
    expect(fromInput.some((x) => x.startsWith('产品!'))).toBe(true);
    expect(sources.some((x) => x.includes(' @ '))).toBe(true);
    // the same account of the JSON input keeps the input path alone
    const plain = join(dir, 'detail-plain.xlsx');
    expect((await cli(['account', EXAMPLE, '--format', 'xlsx', '--out', plain])).code).toBe(0);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(readFileSync(plain) as unknown as ArrayBuffer);
    const ws2 = wb2.getWorksheet('计算明细 Detail') as ExcelJS.Worksheet;
    const plainSources: string[] = [];
    ws2.eachRow((row, n) => {
      if (n > 2) plainSources.push(String(row.getCell(col).value ?? ''));
    });
    expect(plainSources.filter((x) => x.startsWith('input: ')).length).toBe(fromInput.length);
    // the detail as CSV and as Markdown names the same cells as the sheet does
    const csv = await cli(['account', book, '--format', 'csv', '--table', 'detail']);
    const md = await cli(['account', book, '--format', 'md', '--table', 'detail']);
    for (const x of fromInput) {
      expect(csv.out).toContain(x);
      expect(md.out).toContain(x);
    }
  }, 60_000);

  it('--from an input with zone outlines is refused, naming them, and writes no workbook', async () => {
    const input = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { zones: Record<string, unknown>[] };
    for (const z of input.zones)
      z.geometry = {
        type: 'Polygon',
        coordinates: [
          [
            [116, 27],
            [116.1, 27],
            [116.1, 27.1],
            [116, 27],
          ],
        ],
      };
    const from = join(dir, 'outlines.json');
    writeFileSync(from, JSON.stringify(input));
    const out = join(dir, 'outlines.xlsx');
    const r = await cli(['template', '--from', from, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('XLSX_INPUT_UNPLACED');
    expect(r.err).toContain('zones[].geometry (3 place(s))');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('--from an input the account would refuse is refused first, at its place, and writes no workbook', async () => {
    // year 1e309 was written as the numeric cell <v>Infinity</v>, "NaN" as the text NaN, an unknown type as given.
    const cases: [(i: Record<string, any>) => void, string, string][] = [
      // JSON.stringify writes an infinite year as null; the file is given the literal 1e309 below.
      [(i) => (i.year = null), 'at year', 'Number out of range: 1e309'],
      [(i) => (i.totalArea.value = 'NaN'), 'at totalArea.value', 'NUMBER_NOT_FINITE'],
      [(i) => (i.ecosystems[0].type = 'forest.unknown'), 'at ecosystems[0].type', 'ECOSYSTEM_TYPE_UNKNOWN'],
    ];
    for (const [edit, at, code] of cases) {
      const input = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>;
      edit(input);
      const from = join(dir, 'bad-from.json');
      writeFileSync(from, JSON.stringify(input).replace('"year":null', '"year":1e309'));
      const out = join(dir, 'bad-from.xlsx');
      const r = await cli(['template', '--from', from, '--out', out]);
      expect(r.code, at).toBe(1);
      expect(r.err).toContain(code);
      expect(r.err).toContain(at);
      expect(r.err).not.toMatch(/Infinity/);
      expect(existsSync(out)).toBe(false);
    }
  }, 60_000);

  it('an empty template is written for a profile, and refused without --out', async () => {
    const out = join(dir, 'empty.xlsx');
    expect((await cli(['template', '--profile', 'gbt-46869-2025', '--out', out])).code).toBe(0);
    const book = await readInputWorkbook(readFileSync(out));
    expect(book.input).toEqual({});
    const noOut = await cli(['template']);
    expect(noOut.code).toBe(1);
    expect(noOut.err).toContain('CLI_USAGE');
  });

  it('a bad cell is printed with its sheet and cell, in Chinese and English', async () => {
    const base = join(dir, 'base.xlsx');
    await cli(['template', '--from', EXAMPLE, '--out', base]);
    const bad = await edit(base, (wb) => {
      (wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet).getCell('C7').value = '-5';
    });
    const r = await cli(['account', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('NEGATIVE_VALUE');
    expect(r.err).toContain('at 生态系统面积!C7');
    expect(r.err).toMatch(/不能为负|负/);
    // validate reads the workbook as account does: the same refusal at the same cell.
    const v = await cli(['validate', bad]);
    expect(v.code).toBe(1);
    expect(v.err).toContain('NEGATIVE_VALUE');
    expect(v.err).toContain('at 生态系统面积!C7');
  }, 60_000);

  it('a copied row and a totals row are refused at their rows, not counted as one more record', async () => {
    // Counted, they added 1,107,567,818.71 元 to GEP: a 合计 reservoir of 5801.35 万 m³ (0.35 × 5801.35 万 m³
    // × 7.06 元/m³ at 2010 prices, deflated) and overnight visitors twice (1,200,000 × (650 + 120) = 924,000,000 元).
    const base = join(dir, 'base-copies.xlsx');
    await cli(['template', '--from', EXAMPLE, '--out', base]);
    const copied = await edit(base, (wb) => {
      const r = wb.getWorksheet('水库') as ExcelJS.Worksheet;
      r.getRow(6).values = ['合计', null, { formula: 'SUM(C3:C5)', result: 5801.35 }, 'wan_m3'];
      const t = wb.getWorksheet('旅游人次') as ExcelJS.Worksheet;
      t.getRow(5).values = t.getRow(3).values as ExcelJS.CellValue[];
    });
    const r = await cli(['account', copied]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('RECORD_IS_TOTAL\n  at 水库!A6');
    expect(r.err).toContain('合计行');
    expect(r.err).toMatch(/DUPLICATE_ID\n {2}at 旅游人次!A5/);
  }, 60_000);

  it('a sheet renamed with a space or in full-width is read; one renamed otherwise is refused, not dropped', async () => {
    // Dropped, 水资源 and 水库 took M5 (66,638,825.51 元) and R3's reservoirs (527,069,626.94 元) out of GEP.
    const base = join(dir, 'base-renamed.xlsx');
    await cli(['template', '--from', EXAMPLE, '--out', base]);
    const gep = async (file: string) =>
      (JSON.parse((await cli(['account', file])).out) as { totals: { gep: { current: string } } }).totals.gep
        .current;
    const spaced = await edit(base, (wb) => {
      (wb.getWorksheet('水资源') as ExcelJS.Worksheet).name = '水资源 ';
      (wb.getWorksheet('水库') as ExcelJS.Worksheet).name = '水库\u3000';
    });
    expect(await gep(spaced)).toBe(await gep(base));
    const renamed = await edit(base, (wb) => {
      (wb.getWorksheet('水库') as ExcelJS.Worksheet).name = '水库(2020)';
    });
    const r = await cli(['account', renamed]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('XLSX_SHEET_RENAMED');
    expect(r.err).toContain('Rename the sheet to "水库"');
    // A sheet of notes beside the template's sheet is only warned.
    const notes = await edit(base, (wb) => wb.addWorksheet('水库备注').addRow(['x']));
    const n = await cli(['account', notes]);
    expect(n.code).toBe(0);
    expect(n.err).toContain('XLSX_SHEET_IGNORED');
  }, 60_000);

  it('areas of the account workbook show the four decimals the tables keep, so their column adds up as printed', async () => {
    // 120.004 + 110.004 + 60.004 km² in the three townships' broadleaf rows: shown to two decimals the type rows read
    // 380.00 + 330.00 + 185.00 + … = 1,251.00 against a total of 1,251.01, with a rounding row of 0.00.
    const base = join(dir, 'base-areas.xlsx');
    await cli(['template', '--from', EXAMPLE, '--out', base]);
    const book = await edit(base, (wb) => {
      const e = wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet;
      e.getCell('C3').value = 120.004;
      e.getCell('C4').value = 110.004;
      e.getCell('C5').value = 60.004;
    });
    const out = join(dir, 'areas-out.xlsx');
    expect((await cli(['account', book, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('生态系统 Ecosystem') as ExcelJS.Worksheet;
    const areas: { label: string; value: number; format: string }[] = [];
    ws.eachRow((r, i) => {
      const v = r.getCell(2).value;
      if (i > 2 && typeof v === 'number')
        areas.push({ label: String(r.getCell(1).value), value: v, format: r.getCell(2).numFmt });
    });
    expect(new Set(areas.map((a) => a.format))).toEqual(new Set(['#,##0.00##']));
    const total = areas.find((a) => a.label.startsWith('合计'))?.value;
    const parts = areas
      .filter((a) => !a.label.startsWith('合计'))
      .reduce((s, a) => s + Math.round(a.value * 1e4), 0);
    // 380.004 + 330.004 + 185.004 + 120 + 53 + 17 + 13 + 8 + 1 + 77 + 15 + 19 + 26 + 7 = 1251.012
    expect(total).toBe(1251.012);
    expect(parts).toBe(12_510_120);
  }, 60_000);

  it('a blank required cell is printed at its sheet and cell, not at the input path (year)', async () => {
    const base = join(dir, 'base-blank.xlsx');
    await cli(['template', '--from', EXAMPLE, '--out', base]);
    const blank = await edit(base, (wb) => {
      (wb.getWorksheet('基本信息') as ExcelJS.Worksheet).getCell('D3').value = null;
    });
    const v = await cli(['validate', blank]);
    expect(v.code).toBe(1);
    expect(v.err).toContain('INPUT_INVALID\n  at 基本信息!D3\n');
    expect(v.err).not.toContain('at year');
  }, 60_000);

  it("the result's warnings name cells, the reader's own warnings among them, in JSON, Markdown and the 警告 sheet", async () => {
    const base = join(dir, 'base-warn.xlsx');
    await cli(['template', '--from', EXAMPLE, '--out', base]);
    const noted = await edit(base, (wb) => wb.addWorksheet('我的笔记').addRow(['x']));
    const r = await cli(['account', noted]);
    expect(r.code).toBe(0);
    const warnings = (JSON.parse(r.out) as { warnings: Issue[] }).warnings;
    // the reader's warning first; the example's ignored value added (materialProducts[0]) at its row's first cell
    expect(warnings[0]).toMatchObject({ code: 'XLSX_SHEET_IGNORED', path: [] });
    const ignored = warnings.filter((w) => w.code === 'INPUT_IGNORED').map((w) => w.path);
    expect(ignored[0]).toEqual(['产业!A3']);
    expect(warnings.some((w) => w.path[0] === 'materialProducts')).toBe(false);
    const md = await cli(['account', noted, '--format', 'md']);
    expect(md.err).toContain('XLSX_SHEET_IGNORED');
    expect(md.out).toContain('产业!A3');
    const out = join(dir, 'warned-result.xlsx');
    expect((await cli(['account', noted, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.getWorksheet('警告 Warnings')?.eachRow((row) => texts.push(JSON.stringify(row.values)));
    expect(texts.join('\n')).toContain('产业!A3');
    expect(texts.join('\n')).toContain('XLSX_SHEET_IGNORED');
  }, 60_000);

  it('an input an indicator needs and the workbook does not hold is named by the sheet to fill in', async () => {
    const input = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    delete input.emissions;
    delete input.tourism;
    const from = join(dir, 'no-emissions.json');
    writeFileSync(from, JSON.stringify(input));
    // as JSON: at the section, the hint in the input's terms
    const json = await cli(['account', from]);
    expect(json.err).toContain('INDICATOR_INPUT_MISSING\n  at emissions\n');
    const book = join(dir, 'no-emissions.xlsx');
    await cli(['template', '--from', from, '--out', book]);
    const r = await cli(['account', book]);
    expect(r.code).toBe(1);
    // R4 needs emissions.water[] (水污染物), R5 emissions.air[] (大气污染物), C1 tourism.segments[] (旅游人次)
    expect(r.err).toContain('INDICATOR_INPUT_MISSING\n  at 水污染物\n  指标 R4 缺少输入：');
    expect(r.err).toContain(
      'hint: Fill in the sheet 水污染物 (Water pollutants), or exclude R4 (--exclude R4, or options.exclude) if the region has none.',
    );
    expect(r.err).toContain('at 大气污染物\n');
    expect(r.err).toContain('hint: Fill in the sheet 旅游人次 (Tourism visits), or exclude C1');
    expect(r.err).not.toContain('at emissions');
    // a sheet left with its rows cleared: the hint names it too, at the sheet's first record row
    const clearedIons = await edit(book, (wb) => {
      const s = wb.getWorksheet('负氧离子') as ExcelJS.Worksheet;
      for (let n = 3; n <= s.rowCount; n++) s.getRow(n).eachCell((c) => (c.value = null));
    });
    // M1 without its products: at the sector's 总产值 cell, the hint names that cell and the sheet 产品
    const noProducts = await edit(book, (wb) =>
      wb.removeWorksheet((wb.getWorksheet('产品') as ExcelJS.Worksheet).id),
    );
    const m1 = await cli(['account', noProducts, '--exclude', 'R4,R5,C1']);
    expect(m1.err).toMatch(/INDICATOR_INPUT_MISSING\n {2}at 产业!C3\n/);
    expect(m1.err).toContain('hint: Fill in 产业!C3, or the sheet 产品 (Products), or exclude M1');
    const ions = await cli(['account', clearedIons, '--exclude', 'R4,R5,C1']);
    expect(ions.err).toContain(
      'hint: Fill in the sheet 负氧离子 (Negative air ions), or exclude R9 (--exclude R9, or options.exclude) if the region has none.',
    );
    // climate no row of which applies to an ecosystem row: the 气候 sheet named in the hint
    const noClimate = await edit(book, (wb) => {
      const s = wb.getWorksheet('气候') as ExcelJS.Worksheet;
      for (let n = 3; n <= s.rowCount; n++) s.getRow(n).eachCell((c) => (c.value = null));
    });
    const climate = await cli(['account', noClimate, '--exclude', 'R4,R5,C1']);
    expect(climate.err).toMatch(
      /CLIMATE_MISSING\n {2}at 生态系统面积!A\d+\n(.*\n){2} {2}提示：在工作表 气候 \(Climate\) 中填写 \S+ [\w ]+：为分区 \S+、类型 \S+填一行（或只按其中之一填一行），或填一行分区和类型都留空、适用于全域的记录。\n {2}hint: Fill in \S+ [\w ]+ on the sheet 气候 \(Climate\): a row for zone \S+ and type \S+, for either alone, or a row with zone and type blank for the whole region\./,
    );
    // the column named by its header, not by the input's field name
    expect(climate.err).toMatch(
      /hint: Fill in (降水量 Precipitation|蒸散发量 Evapotranspiration) on the sheet 气候/,
    );
    // a zone the sheet 分区 does not declare; a blank price year; a word no list has: hints in the workbook's terms
    const terms = await edit(book, (wb) => {
      (wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet).getCell('A3').value = 'Z1';
      (wb.getWorksheet('产品') as ExcelJS.Worksheet).getCell('H3').value = null;
      (wb.getWorksheet('水资源') as ExcelJS.Worksheet).getCell('A4').value = '合计';
      // a type's Chinese name one character short (针阔混交 for 针阔混交林)
      (wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet).getCell('B4').value = '针阔混交';
      // relative humidity typed as a percentage (78) in its column of 0–1
      const climate = wb.getWorksheet('气候') as ExcelJS.Worksheet;
      climate.getRow(1).eachCell((c, col) => {
        if (String(c.value).startsWith('相对湿度')) climate.getRow(3).getCell(col).value = 78;
      });
    });
    const refused = await cli(['account', terms]);
    expect(refused.err).toMatch(/VALUE_OUT_OF_RANGE\n {2}at 气候!\w+3\n/);
    expect(refused.err).toContain(
      'hint: The column takes a fraction from 0 to 1: 78 % is 0.78. Type 0.78, or type 78 % into a percent-formatted cell (Excel holds it as 0.78).',
    );
    expect(refused.err).toContain('提示：该列填 0 到 1 之间的小数：78 % 即 0.78。');
    expect(refused.err).toMatch(/ECOSYSTEM_TYPE_UNKNOWN\n {2}at 生态系统面积!B4\n/);
    expect(refused.err).toContain(
      'hint: Did you mean 针阔混交林 (forest.mixed) for "针阔混交"? Write a type as the sheet 代码表 lists it, by its Chinese name or its code: 阔叶林 forest.broadleaf, 针叶林 forest.coniferous, 针阔混交林 forest.mixed,',
    );
    expect(refused.err).toContain(
      '提示：“针阔混交”是否应为 针阔混交林（forest.mixed）？按工作表 代码表 所列填写类型',
    );
    expect(refused.err).toContain(
      'hint: Write in 生态系统面积!A3 a zone of the sheet 分区 (Zones): Z01, Z02, Z03, or add the zone there.',
    );
    expect(refused.err).toContain(
      'hint: Fill in 产品!H3 with the year whose price level the figure is in (2020); gepkit never assumes one.',
    );
    expect(refused.err).toContain(
      "hint: Choose one of the cell's list: 生活用水 or domestic; 工业用水 or industrial; 农业用水 or agricultural (the template's drop-down lists them).",
    );
    expect(refused.err).toContain(
      '提示：从该单元格的下拉列表中选择：生活用水（或 domestic）、工业用水（或 industrial）、农业用水（或 agricultural）。',
    );
  }, 60_000);

  it('a price year the price index lacks is refused at its cell; an accounting year at the year cell', async () => {
    const input = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>;
    input.materialProducts[0].products[1].price.priceYear = 1970;
    const from = join(dir, 'price-1970.json');
    writeFileSync(from, JSON.stringify(input));
    const json = await cli(['account', from]);
    expect(json.err).toContain(
      'PRICE_INDEX_YEAR_MISSING\n  at materialProducts[0].products[1].price.priceYear\n',
    );
    const book = join(dir, 'price-1970.xlsx');
    await cli(['template', '--from', from, '--out', book]);
    // 产品 row 3 is the first product (稻谷), row 4 the second (蔬菜); H its price year
    expect((await cli(['account', book])).err).toContain('PRICE_INDEX_YEAR_MISSING\n  at 产品!H4\n');
    const later = await edit(book, (wb) => {
      const s = wb.getWorksheet('产品') as ExcelJS.Worksheet;
      s.getCell('H4').value = 2020;
      (wb.getWorksheet('基本信息') as ExcelJS.Worksheet).getCell('D3').value = 2040;
    });
    const r = await cli(['account', later]);
    expect(r.err).toContain('PRICE_INDEX_YEAR_MISSING\n  at 基本信息!D3\n');
    expect(r.err).toContain('has no value for 2040');
  }, 60_000);
});

/** One bad workbook per code of the module's catalogue. */
async function issues(f: () => Promise<unknown>): Promise<readonly Issue[]> {
  try {
    const r = (await f()) as { warnings?: Issue[] };
    return r.warnings ?? [];
  } catch (e) {
    return errorOf(() => {
      throw e;
    }).issues;
  }
}
async function template(f: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await inputTemplate()) as unknown as ArrayBuffer);
  f(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
const sheet = (wb: ExcelJS.Workbook, name: string) => wb.getWorksheet(name) as ExcelJS.Worksheet;

const TRIGGERS: Record<keyof typeof XLSX_ERRORS, [() => Promise<unknown>, (string | number)[]]> = {
  XLSX_NOT_WORKBOOK: [() => readInputWorkbook(new TextEncoder().encode('{"region":'), 'in.xlsx'), []],
  // the template expands to about 30 KB; a limit of 1,000 bytes refuses it before a cell is read
  XLSX_TOO_LARGE: [
    async () => readInputWorkbook(await inputTemplate(), 'in.xlsx', { maxExpandedBytes: 1000 }),
    [],
  ],
  XLSX_COLUMN_UNKNOWN: [
    async () =>
      readInputWorkbook(await template((wb) => (sheet(wb, '生态系统面积').getCell('F1').value = '面积2'))),
    ['生态系统面积!F1'],
  ],
  XLSX_COLUMN_DUPLICATE: [
    async () =>
      readInputWorkbook(await template((wb) => (sheet(wb, '生态系统面积').getCell('F1').value = '面积'))),
    ['生态系统面积!F1'],
  ],
  XLSX_COLUMN_MISSING: [
    // the 面积 Area column deleted: the 面积单位 column moves into C
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '生态系统面积').getRow(3).values = [null, 'shrub', 40];
          sheet(wb, '生态系统面积').spliceColumns(3, 1);
        }),
      ),
    ['生态系统面积'],
  ],
  XLSX_COLUMN_NO_HEADER: [
    async () =>
      readInputWorkbook(await template((wb) => (sheet(wb, '生态系统面积').getCell('G5').value = 999))),
    ['生态系统面积!G5'],
  ],
  XLSX_CELL_MERGED: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '生态系统面积').getRow(3).values = ['Z1', 'shrub', 40];
          sheet(wb, '生态系统面积').getRow(4).values = [null, 'grassland', 10];
          sheet(wb, '生态系统面积').mergeCells('A3:A4');
        }),
      ),
    ['生态系统面积!A3:A4'],
  ],
  XLSX_CELL_INVALID: [
    async () =>
      readInputWorkbook(
        await template(
          (wb) => (sheet(wb, '生态系统面积').getCell('C3').value = new Date(Date.UTC(2020, 0, 1))),
        ),
      ),
    ['生态系统面积!C3'],
  ],
  XLSX_CELL_FORMAT: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          const c = sheet(wb, '生态系统面积').getCell('C3');
          c.value = 180000;
          c.numFmt = '0"亩"';
        }),
      ),
    ['生态系统面积!C3'],
  ],
  XLSX_TITLE_ROW: [
    async () =>
      readInputWorkbook(
        await template((wb) => sheet(wb, '生态系统面积').spliceRows(1, 0, ['2020年示例县生态系统面积表'])),
      ),
    ['生态系统面积!A1'],
  ],
  XLSX_JSON_INVALID: [
    async () =>
      readInputWorkbook(await template((wb) => sheet(wb, 'JSON').addRow(['notes', '["unterminated']))),
    ['JSON!B3'],
  ],
  XLSX_SHEET_ONE_ROW: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '基本信息').addRow(['甲县', null, 'county', 2020]);
          sheet(wb, '基本信息').addRow(['乙县', null, 'county', 2020]);
        }),
      ),
    ['基本信息!A4'],
  ],
  XLSX_ROW_NOTE_ONLY: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '生态系统面积').getRow(3).values = [null, null, null, null, '以下为林地'];
        }),
      ),
    ['生态系统面积!E3'],
  ],
  XLSX_DEFAULT_UNIT_LARGE: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '旅游人次').getRow(3).values = ['国内游客', null, 1_200_000, null, 650, null, 2020];
        }),
      ),
    ['旅游人次!C3'],
  ],
  XLSX_NOTE_ROW_READ: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '生态系统面积').addRow([null, 'shrub', 40]);
          sheet(wb, '生态系统面积').spliceRows(2, 1);
        }),
      ),
    ['生态系统面积!A2'],
  ],
  XLSX_ROWS_HIDDEN: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          const s = sheet(wb, '生态系统面积');
          for (const [r, type] of [
            [3, 'shrub'],
            [4, 'grassland'],
            [5, 'forest.mixed'],
            [6, 'cropland.paddy'],
          ] as const) {
            s.getRow(r).values = [null, type, 10];
            s.getRow(r).hidden = r !== 3;
          }
        }),
      ),
    ['生态系统面积!A4'],
  ],
  XLSX_COLUMNS_HIDDEN: [
    // 生态系统面积: A 分区, B 类型, C 面积, D 面积单位; the area column hidden with a value in it.
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '生态系统面积').getRow(3).values = [null, 'shrub', 10];
          sheet(wb, '生态系统面积').getColumn(3).hidden = true;
        }),
      ),
    ['生态系统面积!C1'],
  ],
  XLSX_SHEET_HIDDEN: [
    async () =>
      readInputWorkbook(
        await template((wb) => {
          sheet(wb, '生态系统面积').getRow(3).values = [null, 'shrub', 10];
          sheet(wb, '生态系统面积').state = 'hidden';
        }),
      ),
    ['生态系统面积'],
  ],
  XLSX_TYPE_NUMBER: [
    async () =>
      readInputWorkbook(
        await template((wb) => (sheet(wb, '生态系统面积').getRow(3).values = [null, 301, 60])),
      ),
    ['生态系统面积!B3'],
  ],
  XLSX_TYPE_NUMBER_AMBIGUOUS: [
    async () =>
      readInputWorkbook(
        await template((wb) => (sheet(wb, '生态系统面积').getRow(3).values = [null, 202, 19])),
      ),
    ['生态系统面积!B3'],
  ],
  XLSX_INPUT_UNPLACED: [
    () =>
      inputTemplate({
        input: {
          region: { name: '甲县', level: 'county' },
          year: 2020,
          zones: [{ id: 'Z1', name: '东乡', geometry: { type: 'Point', coordinates: [116, 27] } }],
          ecosystems: [{ type: 'shrub', area: { value: '40', unit: 'km2' } }],
        },
      }),
    ['zones', 0, 'geometry'],
  ],
  XLSX_SHEET_IGNORED: [
    async () => readInputWorkbook(await template((wb) => wb.addWorksheet('我的笔记').addRow(['x']))),
    [],
  ],
  XLSX_SHEET_RENAMED: [
    async () => readInputWorkbook(await template((wb) => (sheet(wb, '水库').name = '水库(2020)'))),
    ['水库(2020)'],
  ],
  XLSX_SHEET_MISSING: [
    async () => readInputWorkbook(await template((wb) => wb.removeWorksheet(sheet(wb, '生态系统面积').id))),
    ['生态系统面积'],
  ],
};

describe('every workbook error code has a bad workbook that triggers it', () => {
  for (const [code, [trigger, path]] of Object.entries(TRIGGERS))
    it(code, async () => {
      const found = (await issues(trigger)).find((i) => i.code === code);
      expect(found, code).toBeDefined();
      expect(found?.path).toEqual(path);
      expect(found?.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(found?.message.en.length).toBeGreaterThan(0);
      expect(found?.hint.length).toBeGreaterThan(0);
    });
});

describe('XLSX_JSON_INVALID in Chinese', () => {
  it("gives JSON.parse's wording in Chinese in the Chinese message", async () => {
    const found = (await issues(TRIGGERS.XLSX_JSON_INVALID[0])).find((i) => i.code === 'XLSX_JSON_INVALID');
    // '["unterminated' is 14 characters: the string opened at index 1 has no closing quote by position 14.
    expect(found?.message.en).toBe(
      'The JSON text of section "notes" is not valid JSON: Unterminated string in JSON at position 14',
    );
    expect(found?.message.zh).toBe('“notes”一节的 JSON 文本无效：位置 14：字符串没有结束引号');
  });
});
