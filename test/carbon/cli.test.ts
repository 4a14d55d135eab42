import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/carbon/ledger/ledger';
import { registryPolicy } from '../../src/carbon/ledger/registry';
import { loadRuleSet } from '../../src/carbon/rules/rules';
import { carbonCli } from './cli-helpers';

const EXAMPLE = new URL('../../examples/carbon/activities.jsonl', import.meta.url).pathname;
const RULES = new URL('../../examples/carbon/rules.json', import.meta.url).pathname;

const cli = carbonCli;

describe('gepkit carbon', () => {
  it('writes results, ledger and summary; the ledger verifies against the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    const r = await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('8 accepted');
    const results = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results).toHaveLength(8);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    // 150 + 100 + 579 + 515 + 758 + 525000 g (test/carbon/batch.test.ts); carried: 0.08 (46.7 g/pkm × 12.4 km =
    // 579.08), 0.5 (515.5 g/trip) and 0.68 (758.68) = 1.26 g; exact 527102 + 1.26 = 527103.26
    expect(summary.grams).toBe('527102');
    expect(summary).toMatchObject({ exactGrams: '527103.26', remainderGrams: '1.26' });
    const ledgerLines = readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n');
    expect(ledgerLines).toHaveLength(summary.ledger.count);
    const v = await cli(['verify', join(dir, 'ledger.jsonl'), '--anchor', join(dir, 'summary.json')]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out).balances).toEqual(summary.balances);
    // tamper with one entry: detected
    const tampered = ledgerLines.map((l, i) =>
      i === 1 ? l.replace(/"amount":"\d+"/, '"amount":"999999"') : l,
    );
    writeFileSync(join(dir, 'ledger.jsonl'), `${tampered.join('\n')}\n`);
    const bad = await cli(['verify', join(dir, 'ledger.jsonl'), '--anchor', join(dir, 'summary.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('LEDGER_HASH_MISMATCH');
  });
  it('streams to stdout without --out-dir; bad lines are named, valid lines kept, exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    const file = join(dir, 'a.jsonl');
    writeFileSync(
      file,
      [
        '{"id":"a","user":"u","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
        '{"id":"b","user":"u","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"4201","rides":"1"',
        '{"id":"c","user":"u","ts":"2024-05-01T09:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
      ].join('\r\n'),
    );
    const r = await cli([file, '--rules', 'jx-lvbao-example']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('CARBON_LINE_NOT_JSON');
    expect(r.err).toContain('line[2]');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ok ?? 'summary')).toEqual([true, false, true, 'summary']);
    expect(lines[3].summary).toMatchObject({ accepted: 2, refused: 1, grams: '300', points: '2' });
  });
  it('a folder as the activities or the ledger file is FILE_UNREADABLE naming it, before any output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-dir-'));
    const folder = join(dir, 'in.jsonl');
    mkdirSync(folder);
    const out = join(dir, 'out');
    const store = join(dir, 'store');
    expect(
      (await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--ledger', store])).code,
    ).toBe(0);
    for (const args of [
      [folder, '--rules', RULES, '--out-dir', out],
      ['verify', folder],
      ['verify', '--ledger', store, '--activities', folder],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toContain('FILE_UNREADABLE');
      expect(r.err).toContain(`Cannot read file ${folder}: it is a folder, not a file`);
      expect(r.err).not.toContain('OUTPUT_WRITE_FAILED');
    }
    expect(existsSync(out)).toBe(false);
  });
  it('verify --anchor: a file without the anchor count and head is CARBON_ANCHOR_INVALID at the missing field; the output names the anchor checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-anchor-'));
    const out = join(dir, 'out');
    expect(
      (await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', out])).code,
    ).toBe(0);
    const ledger = join(out, 'ledger.jsonl');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const ok = await cli(['verify', ledger, '--anchor', join(out, 'summary.json')]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).anchor).toEqual({ count: summary.ledger.count, head: summary.ledger.head });
    // Without --anchor the output says that none was checked.
    expect(JSON.parse((await cli(['verify', ledger])).out).anchor).toBeNull();
    const head = summary.ledger.head as string;
    const cases: [string, unknown, (string | number)[]][] = [
      ['empty', {}, ['ledger']],
      ['array', [], ['ledger']],
      ['nested', { summary: { ledger: { count: 8, head } } }, ['ledger']],
      ['ledger-null', { ledger: null }, ['ledger']],
      ['no-head', { ledger: { count: summary.ledger.count } }, ['ledger', 'head']],
      ['no-count', { ledger: { head } }, ['ledger', 'count']],
      ['count-text', { ledger: { count: '8', head } }, ['ledger', 'count']],
      ['count-negative', { ledger: { count: -1, head } }, ['ledger', 'count']],
      ['count-fraction', { ledger: { count: 7.5, head } }, ['ledger', 'count']],
      ['head-number', { ledger: { count: 8, head: 0 } }, ['ledger', 'head']],
    ];
    for (const [name, json, path] of cases) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(json));
      const r = await cli(['verify', ledger, '--anchor', file]);
      expect(r.code, name).toBe(1);
      expect(r.out, name).toBe('');
      expect(r.err, name).toContain('error CARBON_ANCHOR_INVALID');
      expect(r.err, name).toContain(`at ${path.join('.')}\n`);
      expect(r.err, name).toContain(`The anchor file ${file} cannot be checked`);
    }
    // verify --ledger: a checkpoint file without count or head, likewise at the missing field.
    const store = join(dir, 'store');
    expect(
      (await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--ledger', store])).code,
    ).toBe(0);
    for (const [name, json, path] of [
      ['cp-empty', {}, ['count']],
      ['cp-no-head', { count: 0 }, ['head']],
    ] as const) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(json));
      const r = await cli(['verify', '--ledger', store, '--anchor', file]);
      expect(r.code, name).toBe(1);
      expect(r.err, name).toContain('error CARBON_ANCHOR_INVALID');
      expect(r.err, name).toContain(`at ${path.join('.')}\n`);
      expect(r.err, name).toContain(file);
    }
  });
  it('a key given twice in one line: an activity line refused at the key, the others go on; a ledger line refused by verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-dup-'));
    const file = join(dir, 'a.jsonl');
    writeFileSync(
      file,
      [
        // JSON.parse keeps the last id (a26); a reader keeping the first credits a25.
        '{"id":"a25","id":"a26","user":"u","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
        '{"id":"c","user":"u","ts":"2024-05-01T09:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
      ].join('\n'),
    );
    const r = await cli([file, '--rules', 'jx-lvbao-example']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error CARBON_LINE_NOT_JSON\n  at line[1].id\n');
    expect(r.err).toContain('the key "id" appears twice in one object');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ok ?? 'summary')).toEqual([false, true, 'summary']);
    // 150 g for the one bus ride accepted (test/carbon/batch.test.ts)
    expect(lines[2].summary).toMatchObject({ accepted: 1, refused: 1, grams: '150' });

    const out = join(dir, 'out');
    expect(
      (await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', out])).code,
    ).toBe(0);
    const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n');
    expect(ledger[0]).toContain('"amount":"150"');
    // The first entry's amount twice: 999999 first, the written 150 last (which JSON.parse keeps, so every hash
    // still matches): a reader keeping the first key would see another amount.
    const dup = join(dir, 'dup.jsonl');
    writeFileSync(
      dup,
      [ledger[0]!.replace('"amount":"150"', '"amount":"999999","amount":"150"'), ...ledger.slice(1)].join(
        '\n',
      ),
    );
    const v = await cli(['verify', dup]);
    expect(v.code).toBe(1);
    expect(v.err).toContain('error CARBON_LINE_NOT_JSON\n  at line[1].amount\n');
    expect(v.err).toContain('the key "amount" appears twice in one object');
  });
  it('a number no double holds: an activity line refused at its field, the others go on; a ledger line refused by verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-range-'));
    const file = join(dir, 'a.jsonl');
    writeFileSync(
      file,
      [
        // JSON.parse reads 1e-400 as a silent 0.
        '{"id":"d","user":"u","ts":"2024-05-01T08:00:00+08:00","scenario":"metro","region":"4403","distance":{"value":1e-400,"unit":"km"}}',
        '{"id":"c","user":"u","ts":"2024-05-01T09:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
      ].join('\n'),
    );
    const r = await cli([file, '--rules', 'jx-lvbao-example']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error NUMBER_OUT_OF_RANGE\n  at line[1].distance.value\n');
    expect(r.err).toContain('1e-400');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ok ?? 'summary')).toEqual([false, true, 'summary']);
    // 150 g for the one bus ride accepted (test/carbon/batch.test.ts)
    expect(lines[2].summary).toMatchObject({ accepted: 1, refused: 1, grams: '150' });

    const out = join(dir, 'out');
    expect(
      (await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', out])).code,
    ).toBe(0);
    const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n');
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, [ledger[0], ledger[1]!.replace(/^\{/, '{"x":1e309,'), ...ledger.slice(2)].join('\n'));
    const v = await cli(['verify', big]);
    expect(v.code).toBe(1);
    expect(v.err).toContain('error NUMBER_OUT_OF_RANGE\n  at line[2].x\n');
  });
  it('a line longer than 2²⁰ characters: an activity line refused as that line, the others go on; a ledger line refused by verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-long-'));
    const file = join(dir, 'a.jsonl');
    const ride = (id: string, user: string) =>
      `{"id":"${id}","user":"${user}","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}`;
    // Line 2 is 1,100,000 characters of padding and more: past the limit of 1,048,576.
    const long = `{"id":"b","pad":"${'x'.repeat(1_100_000)}"}`;
    writeFileSync(file, [ride('a', 'u1'), long, ride('c', 'u2')].join('\n'));
    const r = await cli([file, '--rules', 'jx-lvbao-example']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error LINE_TOO_LONG\n  at line[2]\n');
    expect(r.err).toContain('The line is longer than 1048576 characters; it was not read');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ok ?? 'summary')).toEqual([true, false, true, 'summary']);
    // 150 g for each of the two bus rides accepted (test/carbon/batch.test.ts): 300 g
    expect(lines[3].summary).toMatchObject({ accepted: 2, refused: 1, grams: '300' });

    const out = join(dir, 'out');
    expect(
      (await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', out])).code,
    ).toBe(0);
    const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n');
    const padded = join(dir, 'long-ledger.jsonl');
    writeFileSync(padded, [ledger[0], `${ledger[1]}${' '.repeat(1_100_000)}`, ...ledger.slice(2)].join('\n'));
    const v = await cli(['verify', padded]);
    expect(v.code).toBe(1);
    expect(v.err).toContain('error LINE_TOO_LONG\n  at line[2]\n');
  });
  it('a record line whose meta is null, text or an array is refused at record.meta; the other lines are written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-meta-'));
    const ride = (id: string, user: string, h: string) =>
      `{"id":"${id}","user":"${user}","ts":"2024-05-01T${h}:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}`;
    for (const [i, meta] of ['null', '"abc"', '["a","b"]'].entries()) {
      const file = join(dir, `meta-${i}.jsonl`);
      const record = `{"record":{"type":"issue","ts":"2024-05-01T01:00:00Z","amount":"5","unit":"g_CO2","to":"org:pool","ref":"seed-1","meta":${meta}}}`;
      writeFileSync(file, [ride('k1', 'u1', '08'), record, ride('k2', 'u2', '09')].join('\n'));
      const out = join(dir, `out-${i}`);
      const r = await cli([file, '--out-dir', out]);
      expect(r.code, meta).toBe(1);
      expect(r.err, meta).toContain('error LEDGER_ENTRY_INVALID\n  at line[2].record.meta\n');
      expect(r.err, meta).not.toMatch(/TypeError|\.(ts|js):\d+:\d+/);
      const results = readFileSync(join(out, 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { ok: boolean });
      expect(results.map((x) => x.ok)).toEqual([true, false, true]);
      const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8');
      expect(ledger).not.toContain('seed-1');
      expect(
        (await cli(['verify', join(out, 'ledger.jsonl'), '--anchor', join(out, 'summary.json')])).code,
      ).toBe(0);
    }
  });
  it('verify: a ledger line that is JSON but no object is LEDGER_ENTRY_INVALID at that line; entries missing members are named, never a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-verify-shape-'));
    const out = join(dir, 'out');
    expect(
      (await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', out])).code,
    ).toBe(0);
    const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8').trim().split('\n');
    for (const [i, v] of ['null', '5', '[1]', '"s"', 'true', '[]'].entries()) {
      const file = join(dir, `shape-${i}.jsonl`);
      // line 3: a blank line 2 is passed over, and counted
      writeFileSync(file, [ledger[0], '', v, ...ledger.slice(1)].join('\n'));
      const r = await cli(['verify', file]);
      expect(r.code, v).toBe(1);
      expect(r.err, v).toContain('error LEDGER_ENTRY_INVALID\n  at line[3]\n');
      expect(r.err, v).toContain('Invalid ledger entry: not an object');
      expect(r.err, v).not.toMatch(/TypeError|\.(ts|js):\d+:\d+/);
    }
    // Objects missing members: each refused as an entry, the others replayed, the verification printed.
    const entry = JSON.parse(ledger[1] as string) as Record<string, unknown>;
    for (const member of ['seq', 'prev', 'hash', 'type', 'ts', 'amount', 'unit', 'ref', 'to']) {
      const { [member]: _gone, ...rest } = entry;
      for (const broken of [rest, {}]) {
        const file = join(dir, `missing-${member}.jsonl`);
        writeFileSync(file, [ledger[0], JSON.stringify(broken), ...ledger.slice(2)].join('\n'));
        const r = await cli(['verify', file]);
        expect(r.code, member).toBe(1);
        expect(r.err, member).toMatch(/^error LEDGER_/);
        expect(r.err, member).not.toMatch(/TypeError|\.(ts|js):\d+:\d+/);
        expect(JSON.parse(r.out), member).toMatchObject({ ok: false, count: ledger.length });
      }
    }
  });
  it('usage and file errors', async () => {
    expect((await cli([])).err).toContain('CLI_USAGE');
    expect((await cli(['/nonexistent.jsonl'])).err).toContain('FILE_UNREADABLE');
    expect((await cli([EXAMPLE, '--reductions', 'maybe'])).err).toContain('CLI_USAGE');
    for (const chunk of ['0', '1.5', 'ten'])
      expect((await cli([EXAMPLE, '--chunk', chunk])).err).toContain(
        `--chunk must be a positive integer, got ${chunk}`,
      );
    expect((await cli([EXAMPLE, '--bogus'])).err).toContain('CLI_OPTION_UNKNOWN');
    expect((await cli([EXAMPLE, '--rules', 'no-such-rules'])).err).toContain('CARBON_RULES_INVALID');
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    writeFileSync(join(dir, 'f.json'), '{"kind":');
    expect((await cli([EXAMPLE, '--factors', join(dir, 'f.json')])).err).toContain('INPUT_NOT_JSON');
    expect((await cli(['--help'])).out).toContain('gepkit carbon verify');
  });
});

describe('gepkit carbon --id-store', () => {
  it('keeps the ids on disk and writes exactly what the in-memory run writes, double credit included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    const file = join(dir, 'a.jsonl');
    // a2 repeats a1's id: refused as credited twice in both runs.
    writeFileSync(
      file,
      [
        '{"id":"a1","user":"u","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
        '{"id":"a1","user":"u","ts":"2024-05-01T08:05:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
        '{"id":"a3","user":"v","ts":"2024-05-01T09:00:00+08:00","scenario":"bus","region":"4201","rides":"1"}',
      ].join('\n'),
    );
    const memory = await cli([file, '--rules', 'jx-lvbao-example']);
    const disk = await cli([file, '--rules', 'jx-lvbao-example', '--id-store', join(dir, 'ids')]);
    expect(disk.code).toBe(1);
    expect(disk.err).toContain('LEDGER_DOUBLE_CREDIT');
    expect(disk.out).toBe(memory.out);
    expect(disk.err).toBe(memory.err);
  });
  it('verify --id-store replays with the ids on disk: same report as in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', dir]);
    const ledger = join(dir, 'ledger.jsonl');
    const memory = await cli(['verify', ledger, '--anchor', join(dir, 'summary.json')]);
    const disk = await cli([
      'verify',
      ledger,
      '--anchor',
      join(dir, 'summary.json'),
      '--id-store',
      join(dir, 'ids'),
    ]);
    expect(disk.code).toBe(0);
    expect(disk.out).toBe(memory.out);
    expect(JSON.parse(disk.out).ok).toBe(true);
  });
  it('verify --rules replays registry records under the rule set they were written under', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    // the example rule set's catalogue: 105 coins → a cinema ticket
    const l = new Ledger({ policy: registryPolicy(loadRuleSet(JSON.parse(readFileSync(RULES, 'utf8')))) });
    const T = '2024-05-01T08:00:00+08:00';
    const es = [
      l.append({ type: 'issue', ts: T, amount: 105n, unit: 'point', to: 'user:u', ref: 'a' }),
      l.append({
        type: 'redeem',
        ts: T,
        amount: 105n,
        unit: 'point',
        from: 'user:u',
        ref: 'order-1',
        meta: { redemption: JSON.parse(readFileSync(RULES, 'utf8')).redemptions[0].id },
      }),
    ];
    const file = join(dir, 'ledger.jsonl');
    writeFileSync(file, es.map((e) => JSON.stringify(e)).join('\n'));
    const under = await cli(['verify', file, '--rules', RULES]);
    expect(under.code).toBe(0);
    expect(JSON.parse(under.out).balances['user:u'].point).toMatchObject({ available: '0', redeemed: '105' });
    const without = await cli(['verify', file]);
    expect(without.code).toBe(1);
    expect(without.err).toContain('LEDGER_RULES_MISMATCH');
  });
  it('refuses --id-store or --out-dir naming a file (OUTPUT_UNWRITABLE, as any output that cannot be written)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    writeFileSync(join(dir, 'ids'), 'not a directory');
    const r = await cli([EXAMPLE, '--rules', RULES, '--id-store', join(dir, 'ids')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    expect(r.err).toContain('it is a file, not a folder (--id-store)');
    // --out-dir alike, as vep value's
    const out = await cli([EXAMPLE, '--rules', RULES, '--out-dir', join(dir, 'ids')]);
    expect(out.code).toBe(1);
    expect(out.err).toContain('OUTPUT_UNWRITABLE');
    expect(out.err).toContain('it is a file, not a folder');
  });
  it('refuses a store directory that already holds ids (they would refuse this run as double credit)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-'));
    await cli([EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--id-store', join(dir, 'ids')]);
    const again = await cli([EXAMPLE, '--rules', RULES, '--id-store', join(dir, 'ids')]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('CLI_USAGE');
    expect(again.err).toContain('not empty');
  });
});
