import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { carbonCommand } from '../../src/cli/carbon';

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
  const users = async (file: string) => {
    let out = '';
    let err = '';
    const code = await carbonCommand([file, '--rules', RULES], {
      out: (s) => (out += s),
      err: (s) => (err += s),
    });
    const rs = out
      .split('\n')
      .filter((l) => l.startsWith('{"line"'))
      .map((l) => JSON.parse(l) as { user?: string });
    return { code, err, users: rs.map((r) => r.user) };
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
