import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { account } from '../src/account/account';
import { compare } from '../src/account/compare';
import { loadScenario } from '../src/account/scenario';
import { parseInput } from '../src/account/validate';
import { loadFactorSet } from '../src/carbon/factors/registry';
import { loadRuleSet } from '../src/carbon/rules/rules';
import { loadCoefficientTable } from '../src/coefficients/registry';
import { loadProfile } from '../src/profiles/schema';
import { parseParcel } from '../src/vep/parse-parcel';
import { VepBatch } from '../src/vep/batch';
import { uncertainty } from '../src/uncertainty';
import { prepareContext } from '../src/vep/context';
import { ParcelValuer } from '../src/vep/valuer';
import { exampleContext } from './vep/helpers';
import { run } from '../src/cli/main';
import type { Issue } from '../src/core/errors';
import { decodeText } from '../src/io/encoding';
import { MAX_JSON_DEPTH, findDuplicateKey, jsonTextProblem, jsonTooDeep } from '../src/io/json';
import { toXlsx } from '../src/xlsx';
import { errorOf, tinyInput } from './helpers';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}
const dir = () => mkdtempSync(join(tmpdir(), 'gepkit-io-'));

describe('the shared reader: encodings decoded or refused, never mojibake', () => {
  it('GBK 用户甲 and 用户乙 decode to themselves, not to the same garbage', () => {
    // As UTF-8 both became "�û���"; GB18030 (a superset of GBK) reads them back exactly.
    const a = decodeText(iconv.encode('{"user":"用户甲"}', 'gbk'));
    const b = decodeText(iconv.encode('{"user":"用户乙"}', 'gbk'));
    expect(a).toEqual({ ok: true, text: '{"user":"用户甲"}', encoding: 'gb18030' });
    expect(b).toEqual({ ok: true, text: '{"user":"用户乙"}', encoding: 'gb18030' });
  });
  it('UTF-8 with and without BOM, UTF-16 with BOM', () => {
    const text = '{"name":"测试县"}';
    expect(decodeText(new TextEncoder().encode(text))).toMatchObject({ ok: true, text, encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toMatchObject({
      text,
    });
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]))).toMatchObject({
      text,
      encoding: 'utf-16le',
    });
  });
  it('bytes that are neither UTF-8 nor clean GB18030 are refused with the reason', () => {
    // 0xFF is never a GB18030 lead byte; 0x01 decodes but is a control character.
    expect(decodeText(new Uint8Array([0x7b, 0xff, 0xff, 0x7d]))).toMatchObject({ ok: false });
    expect(decodeText(new Uint8Array([0xd3, 0xc3, 0x01]))).toMatchObject({ ok: false });
  });
  it('the CLI reads a GBK input and accounts it like the UTF-8 one; refuses undecodable bytes (INPUT_ENCODING)', async () => {
    const d = dir();
    const text = JSON.stringify(tinyInput());
    writeFileSync(join(d, 'utf8.json'), text);
    writeFileSync(join(d, 'gbk.json'), iconv.encode(text, 'gbk'));
    const a = await cli(['account', join(d, 'utf8.json')]);
    const b = await cli(['account', join(d, 'gbk.json')]);
    expect(b.code).toBe(0);
    expect(b.out).toBe(a.out);
    expect(b.out).toContain('测试县');
    // A county named 石 (GBK CA AF, valid UTF-8 "ʯ" by chance) and nothing else beyond ASCII (the titles of its
    // local table written in x): read as GB18030, the same account as the UTF-8 file, and the guess said on standard
    // error at line 1, byte 19 ({"region":{"name":" is 19 bytes)
    const stone = JSON.stringify({
      ...tinyInput(),
      region: { name: '石', code: '361099', level: 'county' },
    }).replace(/[^ -~石]/g, 'x');
    writeFileSync(join(d, 'stone-utf8.json'), stone);
    writeFileSync(join(d, 'stone-gbk.json'), iconv.encode(stone, 'gbk'));
    const su = await cli(['account', join(d, 'stone-utf8.json')]);
    const sg = await cli(['account', join(d, 'stone-gbk.json')]);
    expect(sg.code).toBe(0);
    expect(sg.out).toBe(su.out);
    expect(su.err).not.toContain('INPUT_ENCODING_GUESSED');
    expect(sg.err).toContain('warning INPUT_ENCODING_GUESSED');
    expect(sg.err).toContain('(the first at line 1, byte 19)');
    writeFileSync(join(d, 'bad.json'), new Uint8Array([0x7b, 0xff, 0xfe, 0xff, 0x7d]));
    const bad = await cli(['validate', join(d, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('INPUT_ENCODING');
  });
});

describe('duplicate JSON keys are refused with their path', () => {
  it('findDuplicateKey', () => {
    expect(findDuplicateKey('{"a":{"b":1,"b":2}}')).toEqual({ path: ['a', 'b'], key: 'b' });
    expect(findDuplicateKey('{"e":[{"x":1},{"x":1,"y":"}\\"{","x":3}]}')).toEqual({
      path: ['e', 1, 'x'],
      key: 'x',
    });
    // The same key in sibling objects, or as a string value, is no duplicate; escapes are compared decoded.
    expect(findDuplicateKey('{"a":[{"k":1},{"k":2}],"b":"a"}')).toBeUndefined();
    expect(findDuplicateKey('{"k":1,"\\u006b":2}')).toEqual({ path: ['k'], key: 'k' });
  });
  it('jsonTooDeep: the path of the first object or array past the limit', () => {
    // '{"a": [[1]]}' nests 3 levels: the object, "a"'s array, its first item's array; a limit of 2 stops at the
    // third, which opens at a → index 0; a limit of 3 lets it through.
    expect(jsonTooDeep('{"a": [[1]]}', 2)).toEqual(['a', 0]);
    expect(jsonTooDeep('{"a": [[1]]}', 3)).toBeUndefined();
    // Brackets inside strings (keys and values, escaped quotes too) are text, not nesting; array indices count
    // commas at their own level: the third level opens in "b" → index 2, not inside the strings before it.
    expect(jsonTooDeep('{"[{": "]}[{\\"[", "b": [0, "[[{", [1]]}', 2)).toEqual(['b', 2]);
    // An object in an array is a level too: here it is the first container of the third level.
    expect(jsonTooDeep('{"b": [0, {"x": "[["}, [1]]}', 2)).toEqual(['b', 1]);
    // The first level past the limit is reported, not a deeper one; sibling containers do not add up.
    expect(jsonTooDeep('[[],[],[[]]]', 2)).toEqual([2, 0]);
    expect(jsonTooDeep('[[],[],[]]', 2)).toBeUndefined();
    // An escaped key is given decoded, as findDuplicateKey gives it.
    expect(jsonTooDeep('{"\\u006b": {"j": []}}', 2)).toEqual(['k', 'j']);
    // The limit of every reader: 100 levels in, 101 out.
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(MAX_JSON_DEPTH).toBe(100);
    expect(jsonTooDeep(nest(100))).toBeUndefined();
    expect(jsonTooDeep(nest(101))).toEqual(Array.from({ length: 100 }, () => 0));
  });
  it('jsonTextProblem: one pass, the first problem in the text, too deep or a key twice', () => {
    // The key "a" twice closes the first object before the nesting past 2 opens: the duplicate is reported.
    expect(jsonTextProblem('[{"a":1,"a":2},[[[]]]]', 2)).toEqual({
      code: 'INPUT_DUPLICATE_KEY',
      path: [0, 'a'],
      key: 'a',
    });
    // Here the third level opens (at index 0, key "x") before the duplicate.
    expect(jsonTextProblem('[{"x":[1]},{"a":1,"a":2}]', 2)).toEqual({
      code: 'INPUT_TOO_DEEP',
      path: [0, 'x'],
    });
    expect(jsonTextProblem('[{"x":[1]},{"a":1,"a":2}]')).toMatchObject({ code: 'INPUT_DUPLICATE_KEY' });
    expect(jsonTextProblem('{"a":{"a":[]}}')).toBeUndefined();
  });
  it('the CLI refuses an input nested deeper than 100 levels (INPUT_TOO_DEEP), under a key the schema does not know', async () => {
    // 5,000 levels overflowed the stack of the type-name walk (a RangeError and exit 70) before this check.
    const d = dir();
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    writeFileSync(join(d, 'deep.json'), JSON.stringify(tinyInput()).replace(/^\{/, `{"extra":${deep},`));
    for (const command of ['validate', 'account']) {
      const r = await cli([command, join(d, 'deep.json')]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('INPUT_TOO_DEEP');
      expect(r.err).toContain('more than 100 levels deep');
      expect(r.err).toContain(`extra${'.a'.repeat(99)}`);
      expect(r.err).not.toContain('RangeError');
    }
  });
  it('the library refuses a value built in JavaScript nested 5,000 levels deep (INPUT_TOO_DEEP at level 101), every entry that takes one', async () => {
    // {x: {x: … 5,000 levels}}: the walks by recursion (the type-name walk of account) overflowed the stack with
    // a RangeError. The limit is passed where the 101st level opens: the key under which the value sits, then
    // "x" 99 times (100 keys from the root of the checked value).
    const nest = (levels: number) => {
      const root: Record<string, unknown> = {};
      let at = root;
      for (let i = 1; i < levels; i++) at = at.x = {} as Record<string, unknown>;
      return root;
    };
    const xs = Array.from({ length: 99 }, () => 'x');
    const refused = (f: () => unknown, path: (string | number)[], what: string) => {
      const e = errorOf(f);
      expect(e.issues.map((i) => i.code)).toEqual(['INPUT_TOO_DEEP']);
      expect(e.issues[0]?.path).toEqual(path);
      expect(e.issues[0]?.message.en).toBe(`${what} nests objects and arrays more than 100 levels deep`);
    };
    const input = { ...tinyInput(), extra: nest(5000) };
    refused(() => account(input), ['extra', ...xs], 'the account input');
    refused(() => parseInput(input), ['extra', ...xs], 'the account input');
    refused(
      () => account(tinyInput(), { switches: nest(5000) } as never),
      ['options', 'switches', ...xs],
      'the account options',
    );
    refused(() => loadScenario({ id: 's', extra: nest(5000) }), ['scenario', 'extra', ...xs], 'the scenario');
    refused(() => uncertainty(input, { draws: 10 }), ['extra', ...xs], 'the account input');
    const result = account(tinyInput());
    refused(
      () => compare(result, { ...result, extra: nest(5000) }),
      ['after', 'extra', ...xs],
      'the account after',
    );
    refused(() => compare(input, result), ['before', 'extra', ...xs], 'the account before');
    const context = { ...exampleContext(), extra: nest(5000) };
    refused(() => prepareContext(context), ['context', 'extra', ...xs], 'the valuation context');
    refused(() => new ParcelValuer(context), ['context', 'extra', ...xs], 'the valuation context');
    const rules = JSON.parse(readFileSync(new URL('../examples/carbon/rules.json', import.meta.url), 'utf8'));
    refused(() => loadRuleSet({ ...rules, extra: nest(5000) }), ['extra', ...xs], 'the rule set');
    const factors = JSON.parse(
      readFileSync(
        new URL('../coefficients/carbon/factors/chongqing-travel-2023.json', import.meta.url),
        'utf8',
      ),
    );
    refused(() => loadFactorSet({ ...factors, extra: nest(5000) }), ['extra', ...xs], 'the factor set');
    const profile = JSON.parse(
      readFileSync(new URL('../profiles/gbt-38582-2020.json', import.meta.url), 'utf8'),
    );
    // A profile's switches hold any JSON: 5,000 levels there passed the schema and overflowed the stack in the
    // content hash (RangeError). The limit is passed at level 101: indicators, 0, switches, s, then "x" 96 times.
    profile.indicators[0].switches = { s: nest(5000) };
    refused(
      () => loadProfile({ ...profile, id: 'my-profile' }),
      ['indicators', 0, 'switches', 's', ...xs.slice(3)],
      'the profile',
    );
    const lake = JSON.parse(
      readFileSync(new URL('../coefficients/flood/lake-pairs.json', import.meta.url), 'utf8'),
    );
    refused(
      () => loadCoefficientTable({ ...lake, id: 'my-table', extra: nest(5000) }),
      ['extra', ...xs],
      'the coefficient table',
    );
    // A parcel record given as a value: its issues are returned (a batch refuses the record and goes on).
    const parcel = {
      id: 'P1',
      key: 'hills',
      areas: { shrub: { value: '1', unit: 'hm2' } },
      note: nest(5000),
    };
    const issues = parseParcel(parcel, ['line', 1]) as Issue[];
    expect(issues.map((i) => [i.code, i.path])).toEqual([['INPUT_TOO_DEEP', ['line', 1, 'note', ...xs]]]);
    const b = new VepBatch(exampleContext());
    expect(b.process(parcel, 1)?.issues.map((i) => [i.code, i.path])).toEqual([
      ['INPUT_TOO_DEEP', ['line', 1, 'note', ...xs]],
    ]);
    // 100 levels are read as before: the unknown key is what the schema refuses.
    expect(errorOf(() => parseInput({ ...tinyInput(), extra: nest(99) })).issues[0]?.code).toBe(
      'INPUT_INVALID',
    );
  });

  it('the CLI refuses an input whose ecosystem row gives "area" twice (INPUT_DUPLICATE_KEY)', async () => {
    const d = dir();
    const text = JSON.stringify(tinyInput()).replace('"area":', '"area":{"value":"99","unit":"km2"},"area":');
    writeFileSync(join(d, 'dup.json'), text);
    const r = await cli(['validate', join(d, 'dup.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INPUT_DUPLICATE_KEY');
    expect(r.err).toContain('ecosystems[0].area');
  });
});

describe('bad output paths are refused at once, with a structured error', () => {
  it('--out into a missing folder: exit 1, OUTPUT_UNWRITABLE, no stack trace, nothing computed', async () => {
    const r = await cli([
      'account',
      '/nonexistent-folder/x/result.json',
      '--out',
      join(dir(), 'missing', 'r.json'),
    ]);
    // The output is checked before the input is even read: the missing input is not what is reported.
    expect(r.code).toBe(1);
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    expect(r.err).not.toContain('FILE_UNREADABLE');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  it('--out naming a folder, or a folder under /proc', async () => {
    const d = dir();
    writeFileSync(join(d, 'in.json'), JSON.stringify(tinyInput()));
    expect((await cli(['account', join(d, 'in.json'), '--out', d])).err).toContain('OUTPUT_UNWRITABLE');
    const proc = await cli(['account', join(d, 'in.json'), '--out', '/proc/x/result.json']);
    expect(proc.code).toBe(1);
    expect(proc.err).toContain('OUTPUT_UNWRITABLE');
    // /proc itself passes the access check and refuses new files: the staged file is tried before any work (this
    // was OUTPUT_WRITE_FAILED after the account); the probe leaves nothing behind where it succeeds.
    const inProc = await cli(['account', join(d, 'in.json'), '--out', '/proc/result.json']);
    expect(inProc.code).toBe(1);
    expect(inProc.err).toContain('OUTPUT_UNWRITABLE');
    expect(inProc.err).toContain("open '/proc/result.json.partial'");
    expect((await cli(['account', join(d, 'in.json'), '--out', join(d, 'r.json')])).code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['in.json', 'r.json']);
    // A device is written directly, never probed by a staged file beside it.
    expect((await cli(['account', join(d, 'in.json'), '--out', '/dev/null'])).code).toBe(0);
    expect(existsSync('/dev/null.partial')).toBe(false);
  });
});

describe('--format xlsx is byte-identical for identical input', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('two workbooks written at different times are the same bytes', async () => {
    const result = account(tinyInput());
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2021-03-04T05:06:07Z'));
    const a = await toXlsx(result);
    vi.setSystemTime(new Date('2031-08-09T10:11:12Z'));
    const b = await toXlsx(result);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
  it('the CLI writes the same file twice', async () => {
    const d = dir();
    writeFileSync(join(d, 'in.json'), JSON.stringify(tinyInput()));
    await cli(['account', join(d, 'in.json'), '--format', 'xlsx', '--out', join(d, 'a.xlsx')]);
    await cli(['account', join(d, 'in.json'), '--format', 'xlsx', '--out', join(d, 'b.xlsx')]);
    expect(existsSync(join(d, 'a.xlsx'))).toBe(true);
    expect(readFileSync(join(d, 'a.xlsx')).equals(readFileSync(join(d, 'b.xlsx')))).toBe(true);
  });
});
