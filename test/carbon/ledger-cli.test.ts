import { execFileSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { carbonCli } from './cli-helpers';
import { sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';

const EXAMPLE = new URL('../../examples/carbon/activities.jsonl', import.meta.url).pathname;
const RULES = new URL('../../examples/carbon/rules.json', import.meta.url).pathname;
const PG_URL = process.env.GEPKIT_TEST_PG_URL;

const cli = carbonCli;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'gepkit-ledger-cli-'));
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

/**
 * A text that breaks part-way: a UTF-8 line (备注), the example's lines repeated past the reader's first 64 KiB
 * block, then one line in GBK (东 = B6 AB); `line` is the line the GBK bytes are on.
 */
function brokenPartWay(): { bytes: Buffer; line: number } {
  const example = readFileSync(EXAMPLE, 'utf8');
  const utf8 = `{"note":"备注"}\n${example.repeat(Math.ceil(70_000 / example.length))}`;
  return {
    bytes: Buffer.concat([Buffer.from(utf8), Buffer.from([0xb6, 0xab, 0x0a])]),
    line: utf8.split('\n').length,
  };
}

/** The arguments of a run of `input` under the example's rules into the stored ledger `ledger`. */
const onLedger = (input: string, ledger: string) => [
  input,
  '--rules',
  RULES,
  '--reductions',
  'when-available',
  '--ledger',
  ledger,
];

/** The example's rules into a stored ledger, in chunks of 2 lines. */
const stored = (input: string, ledger: string) => cli([...onLedger(input, ledger), '--chunk', '2']);

/** The example run twice on one stored ledger: the second run credits nothing, and the ledger verifies. */
async function twice(ledger: string): Promise<void> {
  const [out1, out2] = [tmp(), tmp()];
  const args = onLedger(EXAMPLE, ledger);
  const first = await cli([...args, '--out-dir', out1]);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  // The grams of the example (test/carbon/cli.test.ts): 527102 g.
  expect(summaryOf(out1)).toMatchObject({ accepted: 8, grams: '527102' });
  const second = await cli([...args, '--out-dir', out2]);
  expect(second.code).toBe(1);
  const s2 = summaryOf(out2);
  expect(s2).toMatchObject({ accepted: 0, refused: 8, grams: '0', points: '0' });
  expect(s2.ledger).toEqual(summaryOf(out1).ledger);
  expect(second.err.match(/LEDGER_DOUBLE_CREDIT/g)).toHaveLength(8);
  // The balances of the first run, carried remainders included (1.26 g, carried in by the second run).
  expect(s2.balances).toEqual(summaryOf(out1).balances);
  expect(s2.carriedInGrams).toBe('1.26');
  const v = await cli(['verify', '--ledger', ledger]);
  expect(v.err).toBe('');
  expect(v.code).toBe(0);
  expect(JSON.parse(v.out)).toMatchObject({ ok: true, count: s2.ledger.count, head: s2.ledger.head });
  expect(JSON.parse(v.out).balances).toEqual(s2.balances);
}

describe('gepkit carbon --ledger DIR (embedded store)', () => {
  it('run twice: the second run credits 0 g and verify --ledger passes', async () => {
    const ledger = join(tmp(), 'ledger');
    await twice(ledger);
    expect(existsSync(sqliteLedgerPath(ledger))).toBe(true);
  });

  it('verify --ledger fails on a stored balance edited behind the entries', async () => {
    const ledger = join(tmp(), 'ledger');
    await cli([...onLedger(EXAMPLE, ledger), '--out-dir', tmp()]);
    const db = new Database(sqliteLedgerPath(ledger));
    db.prepare("UPDATE holdings SET available = '1' WHERE unit = 'point'").run();
    db.close();
    const v = await cli(['verify', '--ledger', ledger]);
    expect(v.code).toBe(1);
    expect(v.err).toContain('LEDGER_STORE_INVALID');
  });

  it('verify --ledger refuses a directory without a ledger', async () => {
    const v = await cli(['verify', '--ledger', tmp()]);
    expect(v.code).not.toBe(0);
    expect(v.err).toContain('FILE_UNREADABLE');
  });

  it('a run on a queue: refuses an embedded --ledger DIR and --id-store; --spool and --run-id only with --queue', async () => {
    const queue = ['--queue', 'redis://127.0.0.1:1'];
    const dir = (await cli([EXAMPLE, ...queue, '--ledger', tmp()])).err;
    expect(dir).toContain('CLI_USAGE');
    expect(dir).toContain('postgres://');
    expect((await cli([EXAMPLE, ...queue, '--id-store', tmp()])).err).toContain('CLI_USAGE');
    for (const o of ['--spool', '--run-id']) {
      const r = await cli([EXAMPLE, o, 'x']);
      expect(r.err).toContain('CLI_USAGE');
      expect(r.err).toContain(`${o} names a run on a queue`);
    }
  });

  it('a file whose text breaks part-way is refused before any chunk is stored: the ledger stays as it was', async () => {
    // The file is UTF-8 until it breaks; run in chunks of 2 lines.
    const dir = tmp();
    const file = join(dir, 'mixed.jsonl');
    const { bytes, line: lines } = brokenPartWay();
    writeFileSync(file, bytes);
    const ledger = join(dir, 'ledger');
    const r = await stored(file, ledger);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INPUT_ENCODING');
    expect(r.err).toContain(`not valid UTF-8 at line ${lines}`);
    // nothing was made: no ledger folder (the store is opened only after the check)
    expect(existsSync(ledger)).toBe(false);
  });

  it('a file mixing a UTF-8 and a GBK line in its first 64 KiB is refused the same way, at the GBK line', async () => {
    // the example's first line with its user 张三丰 in UTF-8, then GBK 东 (B6 AB) on line 2
    const dir = tmp();
    const file = join(dir, 'mixed.jsonl');
    const first = readFileSync(EXAMPLE, 'utf8')
      .split('\n')[0]!
      .replace(/"user":"[^"]*"/, '"user":"张三丰"');
    writeFileSync(file, Buffer.concat([Buffer.from(`${first}\n`), Buffer.from([0xb6, 0xab, 0x0a])]));
    const ledger = join(dir, 'ledger');
    const r = await stored(file, ledger);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INPUT_ENCODING');
    expect(r.err).toMatch(/not valid UTF-8 at line 2 \(byte \d+; line 1 is UTF-8\)/);
    expect(existsSync(ledger)).toBe(false);
  });

  describe('a pipe (/dev/stdin, a FIFO) is checked whole too', () => {
    /** A FIFO fed `bytes` by a writer that waits for the run to open it. */
    const fifoOf = (bytes: Buffer): string => {
      const fifo = join(tmp(), 'in.fifo');
      execFileSync('mkfifo', [fifo]);
      createWriteStream(fifo).end(bytes);
      return fifo;
    };
    const copies = () => readdirSync(tmpdir()).filter((n) => n.startsWith('gepkit-input-')).length;

    it('a pipe whose text breaks part-way is refused before the ledger is opened, naming the pipe and the line', async () => {
      // The same text as the file above.
      const { bytes, line: lines } = brokenPartWay();
      const fifo = fifoOf(bytes);
      const ledger = join(tmp(), 'ledger');
      const before = copies();
      const r = await stored(fifo, ledger);
      expect(r.code).toBe(1);
      expect(r.err).toContain('INPUT_ENCODING');
      expect(r.err).toContain(fifo);
      expect(r.err).toContain(`not valid UTF-8 at line ${lines}`);
      expect(existsSync(ledger)).toBe(false);
      // The pipe's copy is removed.
      expect(copies()).toBe(before);
    });

    it('a pipe that decodes is stored as the file would be', async () => {
      const ledger = join(tmp(), 'ledger');
      const out = tmp();
      const r = await cli([...onLedger(fifoOf(readFileSync(EXAMPLE)), ledger), '--out-dir', out]);
      expect(r.code).toBe(0);
      // The example's 8 lines and 527102 g, as from the file (twice() above).
      expect(summaryOf(out)).toMatchObject({ lines: 8, accepted: 8, grams: '527102' });
    });
  });

  it('refuses --id-store with --ledger, and a chunk size that is not a positive integer', async () => {
    expect((await cli([EXAMPLE, '--ledger', tmp(), '--id-store', tmp()])).err).toContain('CLI_USAGE');
    expect((await cli([EXAMPLE, '--chunk', '0'])).err).toContain('--chunk');
  });
});

describe.runIf(PG_URL !== undefined)('gepkit carbon --ledger postgres://… (PostgreSQL store)', () => {
  it('run twice: the second run credits 0 g and verify --ledger passes', async () => {
    const schema = `cli_${process.pid}_${Date.now()}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    const u = new URL(PG_URL as string);
    u.searchParams.set('options', `-c search_path=${schema}`);
    await twice(u.toString());
  }, 30_000);
});

describe('gepkit carbon --ledger DIR --partitions N', () => {
  it('creates a ledger of N chains: the summary gives the root and each head, reruns and verify follow them', async () => {
    const dir = tmp();
    const ledger = join(dir, 'ledger');
    const keys = (await import('node:crypto')).generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    const args = onLedger(EXAMPLE, ledger);
    const [out1, out2] = [join(dir, 'out1'), join(dir, 'out2')];
    const first = await cli([
      ...args,
      '--partitions',
      '4',
      '--out-dir',
      out1,
      '--sign-key',
      join(dir, 'key.pem'),
    ]);
    expect(first.err).toBe('');
    expect(first.out).toContain('4 partitions, root');
    const s1 = summaryOf(out1);
    // The example's grams (527102 g) whatever the partitions.
    expect(s1).toMatchObject({ accepted: 8, grams: '527102' });
    expect(s1.ledger.partitions).toHaveLength(4);
    expect(s1.ledger.count).toBe(
      s1.ledger.partitions.reduce((n: number, p: { count: number }) => n + p.count, 0),
    );
    expect(s1.checkpoint.partitions).toEqual(s1.ledger.partitions);
    // Reopened without --partitions: the stored 4; every line credited already.
    const second = await cli([...args, '--out-dir', out2]);
    expect(second.code).toBe(1);
    expect(summaryOf(out2)).toMatchObject({ grams: '0', ledger: s1.ledger });
    const v = await cli(['verify', '--ledger', ledger]);
    expect(v.err).toBe('');
    expect(JSON.parse(v.out)).toMatchObject({
      ok: true,
      count: s1.ledger.count,
      head: s1.ledger.head,
      partitions: s1.ledger.partitions,
      checkpoints: 1,
    });
    // Another number of partitions for the existing ledger, or --partitions without a stored ledger: refused.
    expect((await cli([...args, '--partitions', '2'])).err).toContain('LEDGER_PARTITIONS_MISMATCH');
    expect((await cli([EXAMPLE, '--partitions', '2'])).err).toContain('CLI_USAGE');
    expect((await cli([...args, '--partitions', 'x'])).err).toContain('LEDGER_PARTITIONS_INVALID');
    // Decimal digits only: Number() read "1e3" as 1000, "0x10" as 16, and "" as 0 (reported as "got 0").
    for (const [given, shown] of [
      ['1e3', '1e3'],
      ['0x10', '0x10'],
      ['', '""'],
      [' 2', ' 2'],
    ]) {
      const r = await cli([...args, '--partitions', given as string]);
      expect(r.code, given).toBe(1);
      expect(r.err).toContain(
        `Invalid ledger partitions: a ledger has a whole number of partitions from 1 to 4096, got ${shown}`,
      );
    }
  });
});

describe('gepkit carbon --ledger DIR with registry records', () => {
  const meta = {
    verifier: 'verifier:test',
    vintage: '2024',
    methodology: 'travel/per-trip@1',
    factorSets: `sha256:${'0'.repeat(64)}`,
  };
  const record = (r: Record<string, unknown>): string => JSON.stringify({ record: r });
  const lines = [
    record({
      type: 'issue',
      ts: '2024-05-01T00:00:00Z',
      amount: '5000000',
      unit: 'g_CO2',
      to: 'org:e',
      ref: 'pool-1',
    }),
    record({
      type: 'certify',
      ts: '2024-06-01T00:00:00Z',
      amount: '2',
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:e',
      ref: 'GD-1',
      meta,
    }),
    record({
      type: 'certify',
      ts: '2024-06-02T00:00:00Z',
      amount: '1',
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:b',
      ref: 'GD-2',
      meta,
    }),
    record({
      type: 'retire',
      ts: '2024-06-03T00:00:00Z',
      amount: '1',
      unit: 't_CO2',
      from: 'org:e',
      ref: 'R-1',
      meta: { beneficiary: 'org:x', purpose: 'test' },
    }),
  ];
  const serials = async (ledger: string): Promise<string[]> => {
    const { openSqliteStore } = await import('../../src/carbon/store-sqlite-node');
    const store = openSqliteStore(ledger);
    const out: string[] = [];
    for await (const e of store.entries())
      if (e.meta?.serials !== undefined) out.push(`${e.type} ${e.meta.serials}`);
    await store.close();
    return out;
  };

  it('two runs number serials as one run over the concatenated input, and verify checks the registry state', async () => {
    const dir = tmp();
    const write = (name: string, ls: readonly string[]): string => {
      writeFileSync(join(dir, name), `${ls.join('\n')}\n`);
      return join(dir, name);
    };
    const [all, part1, part2] = [
      write('all.jsonl', lines),
      write('p1.jsonl', lines.slice(0, 2)),
      write('p2.jsonl', lines.slice(2)),
    ];
    const one = join(dir, 'one');
    const first = await cli([all, '--ledger', one]);
    expect(first.err).toBe('');
    // the result lines name the serials the ledger derived, so an operator need not read the store for them
    const results = first.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.kind === 'record');
    expect(results.map((l) => l.serials)).toEqual([undefined, '1-2', '3-3', '1-1']);
    const two = join(dir, 'two');
    expect((await cli([part1, '--ledger', two])).err).toBe('');
    expect((await cli([part2, '--ledger', two])).err).toBe('');
    // 2 t certified (serials 1-2), then 1 t (serial 3, not 1 again), then the lowest serial org:e holds retired.
    expect(await serials(one)).toEqual(['certify 1-2', 'certify 3-3', 'retire 1-1']);
    expect(await serials(two)).toEqual(await serials(one));
    const v = await cli(['verify', '--ledger', two]);
    expect(v.err).toBe('');
    expect(JSON.parse(v.out)).toMatchObject({ ok: true });
    // The stored registry state edited behind the entries: verify finds it.
    const db = new Database(sqliteLedgerPath(two));
    db.prepare(
      'UPDATE registry SET snapshot = replace(snapshot, \'"nextSerial":"4"\', \'"nextSerial":"1"\')',
    ).run();
    db.close();
    const bad = await cli(['verify', '--ledger', two]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('registry states differ');
  });

  it('refuses a record line of a type the ledger writes itself (a claim)', async () => {
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      `${record({ type: 'claim', ts: '2024-05-01T00:00:00Z', amount: '1', unit: 'point', to: 'user:u', ref: 'a' })}\n`,
    );
    const r = await cli([input, '--ledger', join(dir, 'l')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('LEDGER_ENTRY_INVALID');
  });
});

describe('gepkit carbon --out-dir holding a ledger', () => {
  it('is refused without --force (CARBON_LEDGER_EXISTS), replaced with it', async () => {
    const dir = tmp();
    const args = [EXAMPLE, '--rules', RULES, '--reductions', 'when-available', '--out-dir', dir];
    expect((await cli(args)).code).toBe(0);
    const again = await cli(args);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('CARBON_LEDGER_EXISTS');
    expect(summaryOf(dir).accepted).toBe(8); // untouched
    writeFileSync(join(dir, 'summary.json'), '{"stale":true}');
    const forced = await cli([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(summaryOf(dir).accepted).toBe(8);
  });

  it('holding the results and summary of a stored-ledger run is refused without --force (OUTPUT_DIR_NOT_EMPTY); other files are left alone', async () => {
    const dir = tmp();
    const ledger = join(tmp(), 'ledger');
    const args = [...onLedger(EXAMPLE, ledger), '--out-dir', dir];
    expect((await cli(args)).code).toBe(0);
    const before = readFileSync(join(dir, 'summary.json'), 'utf8');
    writeFileSync(join(dir, 'notes.txt'), 'kept');
    // The second run of the same input would credit nothing; its summary must not sit beside another run's results.
    const again = await cli(args);
    expect(again.code).toBe(1);
    expect(again.err).toContain('OUTPUT_DIR_NOT_EMPTY');
    expect(again.err).toContain('summary.json, results.jsonl');
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(before); // untouched
    const forced = await cli([...args, '--force']);
    expect(forced.code).toBe(1); // every activity is already in the ledger: refused as credited
    expect(summaryOf(dir).accepted).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('kept');
  });

  it('writes each chunk of the ledger before its results: the results name only entries the ledger holds', async () => {
    const dir = tmp();
    const r = await cli([
      EXAMPLE,
      '--rules',
      RULES,
      '--reductions',
      'when-available',
      '--out-dir',
      dir,
      '--chunk',
      '3',
    ]);
    expect(r.code).toBe(0);
    const hashes = new Set(
      readFileSync(join(dir, 'ledger.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { hash: string }).hash),
    );
    const named = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .flatMap((l) => (JSON.parse(l) as { entries: string[] }).entries);
    expect(named.length).toBeGreaterThan(8);
    for (const h of named) expect(hashes.has(h)).toBe(true);
  });
});

describe("gepkit carbon verify --ledger --anchor: a run's summary.json or any {count, head}, signed or not", () => {
  it("an unsigned run's summary anchors the chain: the head it names must be passed through at its count", async () => {
    const dir = tmp();
    const ledger = join(dir, 'ledger');
    const day1 = join(dir, 'day1');
    expect((await cli([...onLedger(EXAMPLE, ledger), '--out-dir', day1])).code).toBe(0);
    const summary = summaryOf(day1);
    // a later day appends: the first day's summary still anchors the chain at its count
    const later = join(dir, 'later.jsonl');
    writeFileSync(
      later,
      `${JSON.stringify({ id: 'wh-9001', user: 'u1', ts: '2024-05-03T07:50:00+08:00', scenario: 'bus', region: '420102', rides: '1' })}\n`,
    );
    expect((await cli([...onLedger(later, ledger), '--out-dir', join(dir, 'day2')])).code).toBe(0);
    const bySummary = await cli(['verify', '--ledger', ledger, '--anchor', join(day1, 'summary.json')]);
    expect(bySummary.err).toBe('');
    // named in the output, unsigned; no signed checkpoint was checked
    expect(JSON.parse(bySummary.out)).toMatchObject({
      ok: true,
      anchor: { count: summary.ledger.count, head: summary.ledger.head, signed: false },
      checkpoints: 0,
    });
    // its ledger member alone, as a file of its own
    writeFileSync(join(dir, 'plain.json'), JSON.stringify(summary.ledger));
    expect((await cli(['verify', '--ledger', ledger, '--anchor', join(dir, 'plain.json')])).code).toBe(0);
    // a head the chain never passed through at that count: LEDGER_HEAD_MISMATCH, in both languages
    writeFileSync(
      join(dir, 'forged.json'),
      JSON.stringify({ count: summary.ledger.count, head: 'f'.repeat(64) }),
    );
    const forged = await cli(['verify', '--ledger', ledger, '--anchor', join(dir, 'forged.json')]);
    expect(forged.code).toBe(1);
    expect(forged.err).toContain('error LEDGER_HEAD_MISMATCH');
    expect(forged.err).toContain(
      `The ledger head does not match the anchor: anchor ${summary.ledger.count} entries / ${'f'.repeat(64)}: the ledger's head there is `,
    );
    expect(forged.err).toContain(
      `账本末端与锚定值不符：锚定值 ${summary.ledger.count} 条 / ${'f'.repeat(64)}：账本在该处的末端为 `,
    );
    // an anchor past the ledger's end (entries dropped from the tail since it was published)
    writeFileSync(join(dir, 'ahead.json'), JSON.stringify({ count: 999, head: summary.ledger.head }));
    const ahead = await cli(['verify', '--ledger', ledger, '--anchor', join(dir, 'ahead.json')]);
    expect(ahead.err).toMatch(/anchor 999 entries \/ \S+: the ledger has \d+ entries/);
    // an unsigned anchor is no signed checkpoint: a public key still finds nothing signed by it
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(
      join(dir, 'pub.pem'),
      generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    );
    const keyed = await cli([
      'verify',
      '--ledger',
      ledger,
      '--anchor',
      join(day1, 'summary.json'),
      '--public-key',
      join(dir, 'pub.pem'),
    ]);
    expect(keyed.err).toContain('LEDGER_CHECKPOINT_MISSING');
  });

  it("a signed run's summary anchors by its checkpoint; a partitioned run's by its partition heads", async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const dir = tmp();
    const keys = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    const ledger = join(dir, 'ledger');
    const out = join(dir, 'out');
    const args = [...onLedger(EXAMPLE, ledger), '--partitions', '4', '--out-dir', out];
    expect((await cli([...args, '--sign-key', join(dir, 'key.pem')])).code).toBe(0);
    const v = await cli(['verify', '--ledger', ledger, '--anchor', join(out, 'summary.json')]);
    expect(v.err).toBe('');
    // the stored checkpoint and the summary's, both signed
    expect(JSON.parse(v.out)).toMatchObject({ ok: true, anchor: { signed: true }, checkpoints: 2 });
    const unsigned = join(dir, 'unsigned');
    const o2 = join(dir, 'o2');
    expect((await cli([...onLedger(EXAMPLE, unsigned), '--partitions', '4', '--out-dir', o2])).code).toBe(0);
    const parts = await cli(['verify', '--ledger', unsigned, '--anchor', join(o2, 'summary.json')]);
    expect(parts.err).toBe('');
    expect(JSON.parse(parts.out)).toMatchObject({ ok: true, anchor: { signed: false }, checkpoints: 0 });
  });
});

describe('gepkit carbon --sign-key (signed checkpoints)', () => {
  it('a change of key: a stored checkpoint is never replaced, and verify takes every key the ledger was signed with', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const dir = tmp();
    const pem = (name: string) => {
      const k = generateKeyPairSync('ed25519');
      writeFileSync(
        join(dir, `${name}.pem`),
        k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      );
      writeFileSync(
        join(dir, `${name}.pub.pem`),
        k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      );
    };
    pem('old');
    pem('new');
    const ledger = join(dir, 'ledger');
    const signed = (input: string, key: string) =>
      cli([
        ...onLedger(input, ledger),
        '--out-dir',
        join(dir, `out-${key}-${Math.random()}`),
        '--sign-key',
        join(dir, `${key}.pem`),
      ]);
    expect((await signed(EXAMPLE, 'old')).code).toBe(0);
    const verifyWith = (...keys: string[]) =>
      cli([
        'verify',
        '--ledger',
        ledger,
        ...keys.flatMap((k) => ['--public-key', join(dir, `${k}.pub.pem`)]),
      ]);
    expect(JSON.parse((await verifyWith('old')).out)).toMatchObject({ ok: true, checkpoints: 1 });
    // The same input again under the new key: nothing is appended, the head is the same; the old key's checkpoint
    // at that count is kept (it was replaced, and verify by the old key then failed), and the run says so.
    const rerun = await signed(EXAMPLE, 'new');
    expect(rerun.err).toContain('LEDGER_CHECKPOINT_KEPT');
    expect(rerun.err).toMatch(
      /is stored already \(key …\S{12}\) and is kept; this run's checkpoint \(key …\S{12}\)/,
    );
    const afterRerun = await verifyWith('old');
    expect(afterRerun.err).toBe('');
    expect(JSON.parse(afterRerun.out)).toMatchObject({ ok: true, checkpoints: 1 });
    // A later day under the new key: its checkpoint is stored beside the old one.
    const later = join(dir, 'later.jsonl');
    writeFileSync(
      later,
      `${JSON.stringify({ id: 'wh-9001', user: 'u1', ts: '2024-05-03T07:50:00+08:00', scenario: 'bus', region: '420102', rides: '1' })}\n`,
    );
    const day2 = await signed(later, 'new');
    expect(day2.code).toBe(0);
    expect(day2.err).not.toContain('LEDGER_CHECKPOINT_KEPT');
    // Either key alone refuses the other's checkpoint; both keys verify both.
    const oldOnly = await verifyWith('old');
    expect(oldOnly.code).toBe(1);
    expect(oldOnly.err).toMatch(/than the public key given \(…\S{12}\)/);
    const both = await verifyWith('old', 'new');
    expect(both.err).toBe('');
    expect(JSON.parse(both.out)).toMatchObject({ ok: true, checkpoints: 2 });
    // A key trusted beside them changes nothing; a checkpoint of neither key given is refused, both keys named.
    pem('third');
    const neither = await verifyWith('third', 'old');
    expect(neither.code).toBe(1);
    expect(neither.err).toMatch(/than the public keys given \(…\S{12}, …\S{12}\)/);
    expect(neither.err).toContain('不在给出的公钥');
  });

  it('signs the head a run leaves; verify checks it, the published checkpoint file and the expected key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const dir = tmp();
    const keys = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    writeFileSync(join(dir, 'pub.pem'), keys.publicKey.export({ format: 'pem', type: 'spki' }).toString());
    writeFileSync(join(dir, 'other.pem'), other.publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const ledger = join(dir, 'ledger');
    const out = join(dir, 'out');
    const r = await cli([...onLedger(EXAMPLE, ledger), '--out-dir', out, '--sign-key', join(dir, 'key.pem')]);
    expect(r.code).toBe(0);
    const summary = summaryOf(out);
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    expect(summary.checkpoint).toEqual(checkpoint);
    expect(checkpoint).toMatchObject({ count: summary.ledger.count, head: summary.ledger.head });
    const ok = await cli([
      'verify',
      '--ledger',
      ledger,
      '--anchor',
      join(out, 'checkpoint.json'),
      '--public-key',
      join(dir, 'pub.pem'),
    ]);
    expect(ok.err).toBe('');
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, checkpoints: 2 });
    // Signed by another key than the one expected: refused.
    const wrongKey = await cli(['verify', '--ledger', ledger, '--public-key', join(dir, 'other.pem')]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toContain('LEDGER_SIGNATURE_INVALID');
    // … said as such: the checkpoint is validly signed, by a key other than the one given
    expect(wrongKey.err).toMatch(
      /it was signed with another key \(…\S{12}\) than the public key given \(…\S{12}\)/,
    );
    expect(wrongKey.err).toContain('不是给出的公钥');
    // A published checkpoint whose head the chain never passed through: refused.
    writeFileSync(join(dir, 'forged.json'), JSON.stringify({ ...checkpoint, head: 'f'.repeat(64) }));
    const forged = await cli(['verify', '--ledger', ledger, '--anchor', join(dir, 'forged.json')]);
    expect(forged.code).toBe(1);
    expect(forged.err).toContain('LEDGER_SIGNATURE_INVALID');
    // A public key file that is no key (the rule set given by mistake): refused with a code, not a stack trace.
    const notKey = await cli(['verify', '--ledger', ledger, '--public-key', join(out, 'summary.json')]);
    expect(notKey.code).toBe(1);
    expect(notKey.err).toContain('LEDGER_KEY_INVALID');
    expect(notKey.err).toContain('公钥无法使用：无法读取：');
    // --sign-key without a stored ledger: a usage error.
    expect((await cli([EXAMPLE, '--sign-key', join(dir, 'key.pem')])).err).toContain('CLI_USAGE');
    // A ledger written without --sign-key, verified by a public key: nothing was signed, so it does not pass.
    const unsigned = join(dir, 'unsigned');
    const run = await cli(onLedger(EXAMPLE, unsigned));
    expect(run.code).toBe(0);
    expect((await cli(['verify', '--ledger', unsigned])).code).toBe(0);
    const noCheckpoint = await cli(['verify', '--ledger', unsigned, '--public-key', join(dir, 'pub.pem')]);
    expect(noCheckpoint.code).toBe(1);
    expect(noCheckpoint.err).toContain('LEDGER_CHECKPOINT_MISSING');
    expect(JSON.parse(noCheckpoint.out)).toMatchObject({ ok: false, checkpoints: 0 });
  });
});
