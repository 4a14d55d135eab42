import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { carbonCommand } from '../../src/cli/carbon';
import { carbonCli } from './cli-helpers';

const EXAMPLE = new URL('../../examples/carbon/activities.jsonl', import.meta.url).pathname;
const RULES = new URL('../../examples/carbon/rules.json', import.meta.url).pathname;

describe('gepkit carbon --out-dir', () => {
  it('a folder that cannot be made (/proc/x) is OUTPUT_UNWRITABLE at once, without a stack trace', async () => {
    let err = '';
    const code = await carbonCommand([EXAMPLE, '--rules', RULES, '--out-dir', '/proc/x'], {
      out: () => undefined,
      err: (s) => (err += s),
    });
    expect(code).toBe(1);
    expect(err).toContain('OUTPUT_UNWRITABLE');
    expect(err).toContain('/proc/x');
    expect(err).not.toMatch(/\.(ts|js|cjs|mjs):\d+:\d+/);
  }, 30_000);
});

describe('gepkit carbon input encodings', () => {
  // Two users whose names decode to the same garbage when GBK is read as UTF-8 (用户甲, 用户乙): the activity
  // file is read by the shared reader, so they stay two users; UTF-16 with a byte-order mark is read too.
  const lines = [
    '{"id":"wh-1","user":"用户甲","ts":"2024-05-01T07:50:00+08:00","scenario":"bus","region":"420102","rides":"1"}',
    '{"id":"wh-2","user":"用户乙","ts":"2024-05-01T07:55:00+08:00","scenario":"bus","region":"420102","rides":"1"}',
  ].join('\n');
  const users = async (file: string, args: string[] = []) => {
    let out = '';
    let err = '';
    const code = await carbonCommand([file, '--rules', RULES, ...args], {
      out: (s) => (out += s),
      err: (s) => (err += s),
    });
    const rs = out
      .split('\n')
      .filter((l) => l.startsWith('{"line"'))
      .map((l) => JSON.parse(l) as { line: number; user?: string });
    return { code, err, users: rs.map((r) => r.user), lines: rs.map((r) => r.line) };
  };

  it('GBK and UTF-16 files decode to the same users as UTF-8; undecodable bytes are INPUT_ENCODING', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-enc-'));
    writeFileSync(join(dir, 'utf8.jsonl'), lines);
    writeFileSync(join(dir, 'gbk.jsonl'), iconv.encode(lines, 'gbk'));
    writeFileSync(join(dir, 'utf16.jsonl'), iconv.encode(lines, 'utf-16le', { addBOM: true }));
    const utf8 = await users(join(dir, 'utf8.jsonl'));
    expect(utf8.users).toEqual(['用户甲', '用户乙']);
    expect((await users(join(dir, 'gbk.jsonl'))).users).toEqual(utf8.users);
    expect((await users(join(dir, 'utf16.jsonl'))).users).toEqual(utf8.users);
    writeFileSync(join(dir, 'bad.jsonl'), Buffer.from([0x7b, 0x0a, 0xff, 0xff, 0xff, 0x0a]));
    const bad = await users(join(dir, 'bad.jsonl'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('INPUT_ENCODING');
  }, 30_000);

  it('GBK whose names are valid UTF-8 by chance (石, 毛) is read as GB18030 and the guess said (INPUT_ENCODING_GUESSED)', async () => {
    // 石 is CA AF in GBK ("ʯ" in UTF-8), 毛 C3 AB ("ë"): every byte is valid UTF-8. 石 lies after {"id":"a1","user":"
    // (19 bytes) on line 1, byte 19. With --ledger the whole file is checked before it is stored: said once there.
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-chance-'));
    const chance = lines
      .replace('用户甲', '石')
      .replace('用户乙', '毛')
      .replace('wh-1', 'a1')
      .replace('wh-2', 'a2');
    writeFileSync(join(dir, 'chance.jsonl'), iconv.encode(chance, 'gbk'));
    const r = await users(join(dir, 'chance.jsonl'));
    expect(r.users).toEqual(['石', '毛']);
    expect(r.err).toContain('INPUT_ENCODING_GUESSED');
    expect(r.err).toContain('(the first at line 1, byte 19)');
    expect(r.err.match(/INPUT_ENCODING_GUESSED/g)).toHaveLength(1);
    const stored = await users(join(dir, 'chance.jsonl'), ['--ledger', join(dir, 'ledger')]);
    expect(stored.users).toEqual(['石', '毛']);
    expect(stored.err.match(/INPUT_ENCODING_GUESSED/g)).toHaveLength(1);
    // the same names in GBK beside one that is not valid UTF-8 (用户甲): GBK past doubt, nothing said
    writeFileSync(join(dir, 'gbk.jsonl'), iconv.encode(chance.replace('毛', '用户甲'), 'gbk'));
    const plain = await users(join(dir, 'gbk.jsonl'));
    expect(plain.users).toEqual(['石', '用户甲']);
    expect(plain.err).not.toContain('INPUT_ENCODING_GUESSED');
  }, 30_000);

  it('a UTF-8 line and a GBK line in the first 64 KiB are refused at the GBK line, as a GBK line after it is', async () => {
    // The reviewer's file: read as GB18030, the UTF-8 张三 was credited to user 寮犱笁 and the GBK 张三 to 张三; with
    // 张三丰 the valid UTF-8 line 1 was blamed. Line 1 is {"id":"a1","user":" (19 bytes), the name, and 83 bytes to its
    // line feed; line 2 breaks at its GBK name, 19 bytes in: byte 19 + 6 + 83 + 19 = 127 (130 for 张三丰).
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-mixed-'));
    const activity = (id: string, user: Buffer, hour: string) =>
      Buffer.concat([
        Buffer.from(`{"id":"${id}","user":"`),
        user,
        Buffer.from(
          `","ts":"2024-05-01T${hour}:50:00+08:00","scenario":"bus","region":"420102","rides":"1"}\n`,
        ),
      ]);
    const gbkLine = activity('a2', iconv.encode('张三', 'gbk'), '08');
    for (const [name, byte] of [
      ['张三', 127],
      ['张三丰', 130],
    ] as const) {
      const file = join(dir, `mixed-${name.length}.jsonl`);
      writeFileSync(file, Buffer.concat([activity('a1', Buffer.from(name), '07'), gbkLine]));
      // in chunks of one line: the line before the GBK one is answered (its user as written), then the refusal
      const r = await users(file, ['--chunk', '1']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('INPUT_ENCODING');
      expect(r.err).toContain(`not valid UTF-8 at line 2 (byte ${byte}; line 1 is UTF-8)`);
      expect(r.users).toEqual([name]);
    }
    // The same GBK line after 700 UTF-8 lines (past the reader's first 64 KiB): the 700 answered, then the refusal.
    const late = join(dir, 'late.jsonl');
    const utf8 = Array.from({ length: 700 }, (_, i) => activity(`u${i}`, Buffer.from('张三丰'), '07'));
    writeFileSync(late, Buffer.concat([...utf8, gbkLine]));
    const r = await users(late, ['--chunk', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not valid UTF-8 at line 701 (byte ');
    expect(r.lines).toEqual(Array.from({ length: 700 }, (_, i) => i + 1));
  }, 30_000);
});

describe('gepkit carbon --now', () => {
  it('the CLI refuses future-dated lines against --now (default the clock); a bad --now is CLI_USAGE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-now-'));
    const file = join(dir, 'a.jsonl');
    writeFileSync(
      file,
      '{"id":"a-1","user":"u1","ts":"2099-01-01T08:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}\n',
    );
    let err = '';
    const io = { out: () => undefined, err: (s: string) => (err += s) };
    expect(await carbonCommand([file, '--rules', RULES], io)).toBe(1);
    expect(err).toContain('CARBON_TIMESTAMP_FUTURE');
    err = '';
    expect(await carbonCommand([file, '--rules', RULES, '--now', '2099-01-01T00:00:00Z'], io)).toBe(0);
    expect(await carbonCommand([file, '--rules', RULES, '--now', 'tomorrow'], io)).toBe(1);
    expect(err).toContain('CLI_USAGE');
  }, 30_000);
});

describe('gepkit carbon: a run refused before its first line leaves nothing behind', () => {
  const rules = (points: string) =>
    JSON.stringify({
      kind: 'carbon-point-rules',
      id: 'r',
      version: '1.0.0',
      title: { zh: '测', en: 'T' },
      jurisdiction: 't',
      pointName: { zh: '分', en: 'pt' },
      source: { document: 't' },
      grade: 'assumed',
      rules: [
        {
          id: 'bus-ride',
          scenario: 'bus',
          basis: 'event',
          points,
          source: { document: 't' },
          grade: 'assumed',
        },
      ],
    });
  const ride = (id: string, day: string) =>
    `{"id":"${id}","user":"u1","ts":"2024-05-${day}T08:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}\n`;

  it('a rule set the stored ledger refuses (LEDGER_RULES_CHANGED): no out-dir made, and the corrected rerun writes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-refused-'));
    const [r1, r2, a, b] = ['rules.json', 'rules-edited.json', 'a.jsonl', 'b.jsonl'].map((f) =>
      join(dir, f),
    ) as [string, string, string, string];
    writeFileSync(r1, rules('1'));
    writeFileSync(r2, rules('2'));
    writeFileSync(a, ride('b1', '01'));
    writeFileSync(b, ride('b2', '02'));
    const ledger = join(dir, 'L');
    expect((await carbonCli([a, '--rules', r1, '--ledger', ledger])).code).toBe(0);
    // a new out-dir, two levels deep: neither level is left
    const out = join(dir, 'runs', 'o');
    const refused = await carbonCli([b, '--rules', r2, '--ledger', ledger, '--out-dir', out]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('error LEDGER_RULES_CHANGED');
    expect(existsSync(join(dir, 'runs'))).toBe(false);
    // an out-dir that was there (empty) is kept, and stays empty
    mkdirSync(out, { recursive: true });
    expect((await carbonCli([b, '--rules', r2, '--ledger', ledger, '--out-dir', out])).code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    const rerun = await carbonCli([b, '--rules', r1, '--ledger', ledger, '--out-dir', out]);
    expect(rerun.err).toBe('');
    expect(rerun.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['results.jsonl', 'summary.json']);
  }, 30_000);

  it('an input whose encoding cannot be told (INPUT_ENCODING): no ledger, results or id store left, and the corrected rerun writes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-refused-'));
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, Buffer.concat([Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(ride('x1', '01'))]));
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, ride('x1', '01'));
    const out = join(dir, 'o');
    const ids = join(dir, 'ids');
    for (const extra of [[], ['--id-store', ids]]) {
      const refused = await carbonCli([bad, '--out-dir', out, ...extra]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('error INPUT_ENCODING');
      expect(existsSync(out)).toBe(false);
      expect(existsSync(ids)).toBe(false);
    }
    // --force: an earlier run's files are not cleared by a run refused before its first line
    expect((await carbonCli([good, '--out-dir', out])).code).toBe(0);
    const before = readFileSync(join(out, 'ledger.jsonl'), 'utf8');
    expect((await carbonCli([bad, '--out-dir', out, '--force'])).code).toBe(1);
    expect(readFileSync(join(out, 'ledger.jsonl'), 'utf8')).toBe(before);
    expect(readdirSync(out).sort()).toEqual(['ledger.jsonl', 'results.jsonl', 'summary.json']);
    const rerun = await carbonCli([good, '--out-dir', join(dir, 'o2'), '--id-store', ids]);
    expect(rerun.err).toBe('');
    expect(rerun.code).toBe(0);
    expect(readdirSync(join(dir, 'o2')).sort()).toEqual(['ledger.jsonl', 'results.jsonl', 'summary.json']);
    expect(readFileSync(join(dir, 'o2', 'ledger.jsonl'), 'utf8')).toBe(before);
  }, 30_000);

  it('verify --id-store stopped by a line that holds no entry leaves no id store; the rerun on the mended file verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-refused-'));
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, ride('x1', '01'));
    const out = join(dir, 'o');
    expect((await carbonCli([good, '--out-dir', out])).code).toBe(0);
    const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8');
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, `${ledger}{bad\n`);
    const ids = join(dir, 'ids');
    const stopped = await carbonCli(['verify', broken, '--id-store', ids]);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toContain('error CARBON_LINE_NOT_JSON');
    expect(existsSync(ids)).toBe(false);
    writeFileSync(broken, ledger);
    expect((await carbonCli(['verify', broken, '--id-store', ids])).code).toBe(0);
  }, 30_000);
});
