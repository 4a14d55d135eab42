import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { vepCommand } from '../../src/cli/vep';
import { EXAMPLES } from './helpers';

async function cli(args: string[], errIsTTY = false) {
  let out = '';
  let err = '';
  const code = await vepCommand(args, { out: (s) => (out += s), err: (s) => (err += s), errIsTTY });
  return { code, out, err };
}
const ex = (f: string) => join(EXAMPLES, f);
const ctx = ex('context.json');
type Summary = {
  valued: number;
  refused: number;
  warnings: number;
  value: string;
  encoding: string;
  warningCatalogue: { ref: string; count: number; firstLine: number; issue: { code: string } }[];
};
const parse = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('operator batch tools', () => {
  it('warnings once in the summary with counts; parcel lines refer to them', async () => {
    const r = await cli(['value', ex('parcels.csv'), '--context', ctx]);
    const lines = parse(r.out);
    const summary = (lines.at(-1) as { summary: Summary }).summary;
    const valued = lines.slice(0, -1).filter((l) => l.ok === true);
    expect(valued).toHaveLength(6);
    const refs = new Set(summary.warningCatalogue.map((w) => w.ref));
    for (const l of valued) {
      expect(l.issues).toEqual([]);
      for (const w of l.warnings as string[]) expect(refs.has(w)).toBe(true);
    }
    // the counts add up to the warnings of the valued parcels, and to what the lines refer to
    const counted = summary.warningCatalogue.reduce((s, w) => s + w.count, 0);
    expect(counted).toBe(summary.warnings);
    expect(counted).toBe(valued.reduce((s, l) => s + (l.warnings as string[]).length, 0));
    expect(summary.warningCatalogue[0]?.ref).toBe('W1');
    // inline repeats them: the same batch is longer
    const inline = await cli(['value', ex('parcels.csv'), '--context', ctx, '--warnings', 'inline']);
    expect(inline.out.length).toBeGreaterThan(r.out.length);
    expect(summary.encoding).toBe('utf-8');
  });

  it('--format csv results, a rejected-rows file and forced progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-op-'));
    const rejected = join(dir, 'rejected.csv');
    const r = await cli(
      [
        'value',
        ex('parcels.csv'),
        '--context',
        ctx,
        '--format',
        'csv',
        '--rejected',
        rejected,
        '--out-dir',
        dir,
        '--progress',
      ],
      false,
    );
    expect(r.code).toBe(1);
    const rows = readFileSync(join(dir, 'results.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rows[0]?.startsWith('line,id,package,key,path,value,warnings,')).toBe(true);
    expect(rows).toHaveLength(1 + 6); // header + the six valued rows
    // the value column sums to the batch value (docs/vep.md: 17 824 669.16)
    const fen = rows
      .slice(1)
      .reduce((s, row) => s + BigInt((row.split(',')[5] as string).replace('.', '')), 0n);
    expect(fen).toBe(1782466916n);
    const rej = readFileSync(rejected, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rej[0]).toBe('line,id,package,code,path,message,message_zh');
    // lines 8–12 of the example are refused (one issue each), each with its package
    expect(rej.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual([
      ['8', 'ZX-0003', 'PKG-B', 'VEP_PARCEL_DUPLICATE'],
      ['9', 'ZX-0007', 'PKG-B', 'VEP_KEY_UNKNOWN'],
      ['10', 'ZX-0008', 'PKG-B', 'NEGATIVE_VALUE'],
      ['11', 'ZX-0009', 'PKG-B', 'VEP_KEY_MISSING'],
      ['12', 'ZX-0010', 'PKG-B', 'VEP_PARCEL_INVALID'],
    ]);
    expect(r.err).toContain('lines, done');
    const quiet = await cli(['value', ex('parcels.csv'), '--context', ctx]);
    expect(quiet.err).not.toContain('lines, done');
    const tty = await cli(['value', ex('parcels.csv'), '--context', ctx], true);
    expect(tty.err).toContain('lines, done');
  });

  it('--format compact: results.jsonl of compact lines that reconcile as the full ones; another format is CLI_USAGE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-compact-'));
    const full = join(dir, 'full');
    const compact = join(dir, 'compact');
    expect((await cli(['value', ex('parcels.csv'), '--context', ctx, '--out-dir', full])).code).toBe(1);
    const r = await cli([
      'value',
      ex('parcels.csv'),
      '--context',
      ctx,
      '--out-dir',
      compact,
      '--format',
      'compact',
    ]);
    expect(r.code).toBe(1);
    expect(readdirSync(compact).sort()).toEqual(['results.jsonl', 'summary.json']);
    const lines = parse(readFileSync(join(compact, 'results.jsonl'), 'utf8'));
    const valued = lines.filter((l) => l.ok === true);
    expect(valued).toHaveLength(6);
    for (const l of valued) {
      expect(l).toHaveProperty('types');
      expect(l).not.toHaveProperty('cells');
      expect(l).not.toHaveProperty('basis');
    }
    // the summary (and so the basis hash every parcel rests on) is the full run's
    expect(readFileSync(join(compact, 'summary.json'), 'utf8')).toBe(
      readFileSync(join(full, 'summary.json'), 'utf8'),
    );
    // the valued parcels' lines in under half the bytes (refused lines are the full ones: they have no cells)
    const valuedBytes = (f: string) =>
      readFileSync(join(f, 'results.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{"line"') && l.includes('"ok":true'))
        .reduce((n, l) => n + Buffer.byteLength(l), 0);
    expect(valuedBytes(compact)).toBeLessThan(valuedBytes(full) / 2);
    // reconciled against the county account, the compact results give the full results' report, byte for byte
    // (results.jsonl has no summary line: the price year is given)
    const account = ex('account-2023.json');
    const reconcile = (d: string) =>
      cli(['reconcile', join(d, 'results.jsonl'), account, '--price-year', '2023']);
    const a = await reconcile(full);
    const b = await reconcile(compact);
    expect(b.out).toBe(a.out);
    expect(JSON.parse(b.out)).toMatchObject({ parcels: 6 });
    // the example's six parcels do not tile the example county: its rows beyond rounding are printed on stderr,
    // alike for both shapes, and the exit code is 1
    const rows = (JSON.parse(a.out) as { rows: { status: string }[] }).rows;
    const unexplained = rows.filter((x) => x.status === 'unexplained').length;
    expect(unexplained).toBeGreaterThan(0);
    expect([a.code, b.code]).toEqual([1, 1]);
    expect(a.err.split('VEP_RECONCILE_UNEXPLAINED').length - 1).toBe(unexplained);
    expect(b.err).toBe(a.err);
    // without --price-year the price year is read from the summary.json beside the results (its basis.priceYear,
    // 2023), once the summary is shown to be theirs: the same report
    const besides = await cli(['reconcile', join(full, 'results.jsonl'), account]);
    expect([besides.code, besides.out, besides.err]).toEqual([1, a.out, a.err]);
    // --price-year naming another year than the summary's is refused, not taken over it (the parcels are at 2023
    // prices whatever the flag says); the same year is accepted
    const contrary = await cli(['reconcile', join(full, 'results.jsonl'), account, '--price-year', '2022']);
    expect([contrary.code, contrary.out]).toEqual([1, '']);
    expect(contrary.err).toContain('VEP_PRICE_YEAR_MISMATCH');
    expect(contrary.err).toContain('at summary.json.basis.priceYear');
    expect(contrary.err).toContain('The parcels were valued at 2023 prices');
    expect(contrary.err).toContain('价格年份不一致：地块估值结果文件 为 2023 年价格，应为 2022 年价格');
    expect((await cli(['reconcile', join(full, 'results.jsonl'), account, '--price-year', '2023'])).out).toBe(
      a.out,
    );
    // a summary.json that is not the results' (its value altered) is refused at its field, not used
    const other = mkdtempSync(join(tmpdir(), 'vep-summary-'));
    writeFileSync(join(other, 'results.jsonl'), readFileSync(join(full, 'results.jsonl')));
    const summary = JSON.parse(readFileSync(join(full, 'summary.json'), 'utf8')) as { value: string };
    writeFileSync(join(other, 'summary.json'), JSON.stringify({ ...summary, value: '1.00' }));
    const altered = await cli(['reconcile', join(other, 'results.jsonl'), account]);
    expect([altered.code, altered.out]).toEqual([1, '']);
    expect(altered.err).toContain('VEP_PARCEL_RESULT_INVALID');
    expect(altered.err).toContain('at summary.json.value');
    expect(altered.err).toContain(`the summary gives 1.00, the lines add up to ${summary.value}`);
    // neither a summary line nor a summary.json: the price year must be given
    const alone = mkdtempSync(join(tmpdir(), 'vep-alone-'));
    writeFileSync(join(alone, 'results.jsonl'), readFileSync(join(full, 'results.jsonl')));
    const none = await cli(['reconcile', join(alone, 'results.jsonl'), account]);
    expect([none.code, none.out]).toEqual([1, '']);
    expect(none.err).toContain('CLI_USAGE');
    expect(none.err).toContain(
      'no summary line with basis.priceYear in the results, nor a summary.json beside them: give --price-year',
    );
    expect(none.err).toContain('旁边也没有 summary.json');
    const bad = await cli(['value', ex('parcels.csv'), '--context', ctx, '--format', 'xml']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('CLI_USAGE');
    expect(bad.err).toContain('--format must be json, compact or csv, got xml');
    expect(bad.out).toBe('');
  });

  it('a GBK-encoded CSV is detected and decoded: 东山-0001 stays 东山-0001', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-gbk-'));
    const text = 'id,unit,key,area:shrub\n东山-0001,hm2,hills,2\n';
    writeFileSync(join(dir, 'gbk.csv'), iconv.encode(text, 'gbk'));
    writeFileSync(join(dir, 'utf8.csv'), text);
    const gbk = parse((await cli(['value', join(dir, 'gbk.csv'), '--context', ctx])).out);
    const utf = parse((await cli(['value', join(dir, 'utf8.csv'), '--context', ctx])).out);
    expect(gbk[0]).toMatchObject({ ok: true, id: '东山-0001' });
    expect(gbk[0]?.value).toBe(utf[0]?.value);
    expect((gbk.at(-1) as { summary: Summary }).summary.encoding).toBe('gb18030');
    // bytes that are neither UTF-8 nor GB18030 are refused with a clear error
    writeFileSync(
      join(dir, 'bad.csv'),
      Buffer.concat([Buffer.from('id,unit,key,area:shrub\n'), Buffer.from([0xff, 0xff, 0xff, 0x0a])]),
    );
    const bad = await cli(['value', join(dir, 'bad.csv'), '--context', ctx]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('INPUT_ENCODING');
    expect(bad.err).toContain('neither UTF-8 nor GBK/GB18030');
  });

  it('a GBK CSV whose hanzi are all valid UTF-8 by chance (石 "ʯ", 毛 "ë", 亩 "Ķ") is read as GB18030, the names kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-gbk-chance-'));
    const summaryOf = (out: string) =>
      (parse(out).at(-1) as { summary: Summary & { byPackage: unknown } }).summary;
    writeFileSync(
      join(dir, 'pkg.csv'),
      iconv.encode(
        'id,package,key,unit,area:shrub,right,holder\nP1,石,hills,mu,15,forest,叶\nP2,毛,hills,mu,30,forest,郑\n',
        'gbk',
      ),
    );
    const pkg = await cli(['value', join(dir, 'pkg.csv'), '--context', ctx]);
    expect(pkg.code).toBe(0);
    // the guess is said, on standard error and in the summary: 石 after 44 bytes of header and "P1," (byte 47)
    expect(summaryOf(pkg.out)).toMatchObject({
      encoding: 'gb18030',
      encodingGuessed: { line: 2, byte: 47 },
      byPackage: [expect.objectContaining({ package: '毛' }), expect.objectContaining({ package: '石' })],
    });
    expect(pkg.err).toContain('INPUT_ENCODING_GUESSED');
    expect(pkg.err).toContain(
      `${join(dir, 'pkg.csv')} is valid UTF-8 but was read as GBK/GB18030: its two-byte characters (the first at line 2, byte 47) are what GBK hanzi form by chance`,
    );
    expect(pkg.err).toContain(`文件 ${join(dir, 'pkg.csv')} 的字节也是有效的 UTF-8，已按 GBK/GB18030 读取`);
    // the unit 亩 (C4 B6) is accepted, on one row and on 6 001 rows past the first 64 KiB with a GBK 张三 at the end
    writeFileSync(join(dir, 'mu.csv'), iconv.encode('id,key,unit,area:shrub\nP1,hills,亩,15\n', 'gbk'));
    const mu = await cli(['value', join(dir, 'mu.csv'), '--context', ctx]);
    expect(mu.code).toBe(0);
    expect(summaryOf(mu.out)).toMatchObject({ encoding: 'gb18030', valued: 1, refused: 0 });
    const rows = Array.from({ length: 6000 }, (_, i) => `P${i + 1},hills,亩,15,,\r\n`).join('');
    writeFileSync(
      join(dir, 'late.csv'),
      iconv.encode(`id,key,unit,area:shrub,right,holder\r\n${rows}P6001,hills,亩,15,forest,张三\r\n`, 'gbk'),
    );
    const late = await cli(['value', join(dir, 'late.csv'), '--context', ctx]);
    expect(late.code).toBe(0);
    expect(summaryOf(late.out)).toMatchObject({ encoding: 'gb18030', valued: 6001, refused: 0 });
    expect(late.err).not.toContain('UNIT_UNKNOWN');
    // 张三 (D5 C5 C8 FD) is no UTF-8: the file is GBK past doubt, and nothing is said of a guess
    expect(summaryOf(late.out)).not.toHaveProperty('encodingGuessed');
    expect(late.err).not.toContain('INPUT_ENCODING_GUESSED');
    expect(summaryOf(mu.out)).toMatchObject({ encodingGuessed: { line: 2, byte: 32 } });
  });

  it('read as UTF-8 from a first 64 KiB of Latin-1 (é), a later row of GBK valid as UTF-8 by chance (亩) is refused there', async () => {
    // 3 000 rows of 22 bytes (Qé-00000: é is C3 A9, which GBK also forms) past the first 64 KiB, then 亩 (C4 B6)
    const dir = mkdtempSync(join(tmpdir(), 'vep-gbk-late-'));
    const rows = Array.from({ length: 3000 }, (_, i) => `Qé-${String(i).padStart(5, '0')},hm2,hills,2`);
    writeFileSync(
      join(dir, 'late.csv'),
      Buffer.concat([
        Buffer.from(`id,unit,key,area:shrub\n${rows.join('\n')}\n`),
        iconv.encode('Q-9,亩,hills,2\n', 'gbk'),
      ]),
    );
    const r = await cli(['value', join(dir, 'late.csv'), '--context', ctx]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INPUT_ENCODING');
    // 23 bytes of header and 3 000 rows of 22: 亩 lies at byte 23 + 66 000 + 4 of line 3 002
    expect(r.err).toContain(
      'line 3002 (byte 66027) looks like GBK that is valid UTF-8 by chance, and the start of the file was read as UTF-8; save the file as UTF-8 with a byte-order mark',
    );
    const answered = parse(r.out).filter((l) => 'line' in l);
    expect(answered).toHaveLength(3000);
    expect(answered.at(-1)).toMatchObject({ line: 3001, ok: true, id: 'Qé-02999' });
  });

  it('a file that breaks part-way: every line before the break is answered, then the refusal', async () => {
    // 3 000 lines of about 28 bytes (past the reader's 64 KiB chunk), then FF in line 3 002: lines 2–3 001 answered
    const dir = mkdtempSync(join(tmpdir(), 'vep-break-'));
    const rows = Array.from({ length: 3000 }, (_, i) => `Q-${String(i).padStart(5, '0')},hm2,hills,2`);
    const bytes = Buffer.concat([
      Buffer.from(`id,unit,key,area:shrub\n${rows.join('\n')}\nQ-9`),
      Buffer.from([0xff]),
      Buffer.from(',hm2,hills,2\n'),
    ]);
    writeFileSync(join(dir, 'break.csv'), bytes);
    const r = await cli(['value', join(dir, 'break.csv'), '--context', ctx]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INPUT_ENCODING');
    expect(r.err).toContain('line 3002');
    const answered = parse(r.out).filter((l) => 'line' in l) as { line: number; ok: boolean }[];
    expect(answered).toHaveLength(3000);
    expect(answered.at(-1)).toMatchObject({ line: 3001, ok: true });
  });

  it('a CSV that mixes UTF-8 and GBK in its first 64 KiB: the lines before the GBK one answered, then the refusal', async () => {
    // header, UTF-8 东山-0001 (line 2), GBK 西山-0002 (line 3): read as GB18030 before, 东山 became 涓滃北
    const dir = mkdtempSync(join(tmpdir(), 'vep-mixed-'));
    const bytes = Buffer.concat([
      Buffer.from('id,unit,key,area:shrub\n东山-0001,hm2,hills,2\n'),
      iconv.encode('西山-0002,hm2,hills,2\n', 'gbk'),
    ]);
    writeFileSync(join(dir, 'mixed.csv'), bytes);
    const r = await cli(['value', join(dir, 'mixed.csv'), '--context', ctx]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INPUT_ENCODING');
    // 23 bytes of header and 24 of line 2 (东山 6, -0001 5, ,hm2 4, ,hills 6, ,2 2, \n 1): line 3 breaks at byte 47
    expect(r.err).toContain('not valid UTF-8 at line 3 (byte 47; line 2 is UTF-8)');
    const answered = parse(r.out).filter((l) => 'line' in l);
    expect(answered).toEqual([expect.objectContaining({ line: 2, ok: true, id: '东山-0001' })]);
  });

  it('--out-dir: an unwritable folder is OUTPUT_UNWRITABLE at once; a folder with files needs --force', async () => {
    // /proc/x cannot be made (and a recursive mkdir there would retry without end): a structured error.
    const proc = await cli(['value', ex('parcels.csv'), '--context', ctx, '--out-dir', '/proc/x/y']);
    expect(proc.code).toBe(1);
    expect(proc.err).toContain('OUTPUT_UNWRITABLE');
    expect(proc.err).not.toMatch(/\.(ts|js|cjs|mjs):\d+:\d+/); // no stack trace
    const dir = mkdtempSync(join(tmpdir(), 'vep-out-'));
    writeFileSync(join(dir, 'notes.txt'), 'kept');
    const refused = await cli(['value', ex('parcels.csv'), '--context', ctx, '--out-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('OUTPUT_DIR_NOT_EMPTY');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const forced = await cli(['value', ex('parcels.csv'), '--context', ctx, '--out-dir', dir, '--force']);
    expect(forced.code).toBe(1); // the example holds refused lines
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'results.jsonl', 'summary.json']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('kept');
  });

  it('--force removes the earlier summary.json before its results: a removal that fails leaves no summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-out-'));
    writeFileSync(join(dir, 'summary.json'), '{}');
    // results.csv as a folder with a file in it cannot be removed as a file (EISDIR)
    mkdirSync(join(dir, 'results.csv'));
    writeFileSync(join(dir, 'results.csv', 'x'), '');
    const r = await cli(['value', ex('parcels.csv'), '--context', ctx, '--out-dir', dir, '--force']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('results.csv');
    expect(readdirSync(dir).sort()).toEqual(['results.csv']);
  });
});
