import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { runCli } from '../../src/cli/main';
import { wan } from '../../src/report/html';
import { inputTemplate } from '../../src/xlsx';

const BEFORE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('gepkit report on input workbooks', () => {
  it(
    'reads the example county as a workbook with the totals of its JSON input; --compare takes a workbook too',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-xlsx-'));
      const book = async (name: string, input: unknown) => {
        const f = join(dir, name);
        writeFileSync(f, await inputTemplate({ input }));
        return f;
      };
      const [b20, b21] = [await book('in2020.xlsx', read(BEFORE)), await book('in2021.xlsx', read(AFTER))];
      const [fromJson, fromBook] = [join(dir, 'json.html'), join(dir, 'book.html')];
      expect((await cli(['report', BEFORE, '--out', fromJson])).code).toBe(0);
      const r = await cli(['report', b20, '--out', fromBook]);
      // the account's warnings counted, as from the JSON input (no reader warning: the workbook is gepkit's own)
      expect(r.err).toBe((await cli(['report', BEFORE, '--out', fromJson])).err);
      expect(r.err).toMatch(
        /^警告 17 条 \/ 17 warning\(s\): [^\n]*\(见报告的“质量控制”一节 \/ see the report’s Quality control\)\n$/,
      );
      expect(r.code).toBe(0);
      const html = readFileSync(fromBook, 'utf8');
      // The workbook carries the example's input: the same report, GEP and category totals in 万元 among it, but for
      // where its warnings are: a cell of the workbook (产业!A3), an input path of the JSON (materialProducts[0]).
      const at = /<span class="at">[^<]*<\/span>/g;
      expect(html.replace(at, '')).toBe(readFileSync(fromJson, 'utf8').replace(at, ''));
      expect(html).toContain('<span class="at">产业!A3</span>');
      expect(readFileSync(fromJson, 'utf8')).toContain('<span class="at">materialProducts[0]</span>');
      const totals = account(read(BEFORE)).totals;
      for (const c of ['gep', 'material', 'regulating', 'cultural'] as const)
        expect(html).toContain(wan(totals[c].current));
      // With --compare, the prior year read from its workbook: the same report as from the JSON files.
      const [cj, cb] = [join(dir, 'cj.html'), join(dir, 'cb.html')];
      expect((await cli(['report', AFTER, '--compare', BEFORE, '--out', cj])).code).toBe(0);
      expect((await cli(['report', b21, '--compare', b20, '--out', cb])).err).toMatch(
        /^警告 34 条 \/ 34 warning\(s\): [^\n]*\(见报告的“变化”一节 \/ see the report’s Change section\)\n$/,
      );
      expect(readFileSync(cb, 'utf8').replace(at, '')).toBe(readFileSync(cj, 'utf8').replace(at, ''));
      expect(readFileSync(cb, 'utf8')).toContain('<span class="at">before.产业!A3</span>');
    },
  );

  it(
    'prints the workbook reader’s warnings and names the cell of an account error',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-xlsx-'));
      const bad = structuredClone(read(BEFORE)) as { ecosystems: { area: { value: string } }[] };
      (bad.ecosystems[1] as { area: { value: string } }).area.value = '-5';
      const f = join(dir, 'bad.xlsx');
      writeFileSync(f, await inputTemplate({ input: bad }));
      // A sheet the reader does not know: its warning printed, as gepkit account prints it.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await inputTemplate({ input: read(BEFORE) })) as unknown as ArrayBuffer);
      wb.addWorksheet('备注');
      const noted = join(dir, 'noted.xlsx');
      writeFileSync(noted, new Uint8Array(await wb.xlsx.writeBuffer()));
      const warned = await cli(['report', noted, '--out', join(dir, 'w.html')]);
      expect(warned.code).toBe(0);
      // the workbook reader's warnings as account prints them; then, as account, the warnings counted on a line of
      // their own, the reader's with the account's (17 + 1): the account's result holds them, the report lists them
      // in its quality section
      const accounted = (await cli(['account', noted])).err;
      const counted = accounted.lastIndexOf('警告 18 条');
      expect(warned.err.slice(0, counted)).toBe(accounted.slice(0, counted));
      expect(accounted.slice(counted)).toMatch(
        /^警告 18 条 \/ 18 warning\(s\): XLSX_SHEET_IGNORED, [^\n]*\(见结果的 warnings \/ see the result's warnings\)\n$/,
      );
      expect(warned.err.slice(counted)).toMatch(
        /^警告 18 条 \/ 18 warning\(s\): XLSX_SHEET_IGNORED, [^\n]*\(见报告的“质量控制”一节 \/ see the report’s Quality control\)\n$/,
      );
      expect(warned.err).toContain('XLSX_SHEET_IGNORED');
      // gepkit account --uncertainty reads the workbook through the same reader, and counts the warnings alike.
      const drawn = await cli(['account', noted, '--uncertainty', '5']);
      expect(drawn.code).toBe(0);
      expect(drawn.err).toBe(accounted);
      expect(JSON.parse(drawn.out).uncertainty.draws).toBe(5);
      const r = await cli(['report', f, '--out', join(dir, 'x.html')]);
      expect(r.code).toBe(1);
      expect(r.err).not.toContain('INPUT_ENCODING');
      expect(r.err).toMatch(/at 生态系统[^!\n]*!C\d+/);
      const prior = await cli(['report', BEFORE, '--compare', f, '--out', join(dir, 'y.html')]);
      expect(prior.code).toBe(1);
      expect(prior.err).toMatch(/at before\.生态系统[^!\n]*!C\d+/);
    },
  );
});
