import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reexecuteStore } from '../../src/carbon/reexecute';
import { openPostgresStore } from '../../src/carbon/store-postgres-node';
import { openSqliteStore } from '../../src/carbon/store-sqlite-node';
import {
  type InPartition,
  type LedgerStore,
  MemoryLedgerStore,
  type UserRecord,
} from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { verifyStore } from '../../src/carbon/verify-store';
import { carbonCli } from './cli-helpers';
import { busRide, cappedBusRules, mayAt } from './helpers';
import { pgSchemaUrl, tamper, testPostgres } from './store-helpers';

/**
 * `verify` with the rule set (caps, stored counters, remainders) and with the inputs (re-execution), on each store:
 * memory, SQLite, and PostgreSQL when GEPKIT_TEST_PG_URL names a server (scripts/pg-test-cluster.sh).
 */
const PG_URL = testPostgres('verify-audit.test.ts');
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gepkit-verify-audit-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const kinds: { name: string; make(partitions: number): Promise<LedgerStore> }[] = [
  { name: 'memory', make: (partitions) => Promise.resolve(new MemoryLedgerStore({ partitions })) },
  { name: 'sqlite', make: (partitions) => Promise.resolve(openSqliteStore(tmp(), { partitions })) },
  ...(PG_URL !== undefined
    ? [
        {
          name: 'postgres',
          make: async (partitions: number) =>
            openPostgresStore(await pgSchemaUrl(PG_URL as string, 'v'), { partitions }),
        },
      ]
    : []),
];

const T = mayAt;
const bus = busRide;
/** 2 points a ride, at most 3 a day; at most 200 g a day. */
const rules = cappedBusRules();
const NOW = Date.parse('2024-06-01T00:00:00Z');
const OPTS = { rules, now: NOW };

/** Two runs of three users: on-time lines, then late ones (caps biting on 05-05), one past the window. */
const RUNS = ['u1', 'u2', 'u3'].map((u) => [
  [bus(`${u}-1`, T(3), u), bus(`${u}-2`, T(5), u), bus(`${u}-3`, T(5, 9), u)],
  [bus(`${u}-4`, T(3, 9), u), bus(`${u}-5`, T(4), u), bus(`${u}-6`, T(12), u), bus(`${u}-7`, T(5, 7), u)],
]);
const RUN1 = RUNS.flatMap((r) => r[0] as string[]);
const RUN2 = RUNS.flatMap((r) => r[1] as string[]);

async function written(make: (n: number) => Promise<LedgerStore>, partitions: number): Promise<LedgerStore> {
  const store = await make(partitions);
  for (const [i, lines] of [RUN1, RUN2].entries())
    await (await StoredBatch.open(store, OPTS)).processChunk(lines, i === 0 ? 1 : RUN1.length + 1);
  return store;
}

const codes = (v: { issues: readonly { code: string }[] }) => v.issues.map((i) => i.code);

for (const kind of kinds)
  describe(`verify with rules and inputs: ${kind.name} store`, () => {
    it('a two-run (resumed) ledger on 2 partitions: caps hold and the re-execution equals the store', async () => {
      const store = await written(kind.make, 2);
      const v = await verifyStore(store, { rules });
      expect(v.issues).toEqual([]);
      expect(v.caps).toMatchObject({ checked: true, accounts: 3, violations: 0 });
      const r = await reexecuteStore(store, [RUN1, RUN2], OPTS);
      expect(r.issues).toEqual([]);
      // per user: 3 + 3 accepted lines of 2 entries each (a7 past the window is refused)
      expect(r).toMatchObject({ ok: true, runs: 2, lines: 21, count: 36 });
      await store.close();
    });

    it('options it cannot read are OPTIONS_INVALID: `rule` for `rules` would leave the caps unchecked', async () => {
      const store = await written(kind.make, 1);
      for (const [opts, path] of [
        [{ rule: rules }, ['options']],
        [{ rules: 'jx-lvbao-example' }, ['options', 'rules']],
        [{ signed: 'yes' }, ['options', 'signed']],
      ] as const)
        await expect(verifyStore(store, opts as never)).rejects.toMatchObject({
          issues: [{ code: 'OPTIONS_INVALID', path }],
        });
      // Each version of a rule set the ledger was written under is a rule set too.
      expect((await verifyStore(store, { rules: [rules] })).caps).toMatchObject({ checked: true });
      await store.close();
    });

    it('a tampered user record: the cap check and the re-execution catch it', async () => {
      const store = await written(kind.make, 1);
      await tamper(store, (s) => {
        const u = s.users.find((x) => x.user === 'u2') as InPartition<UserRecord>;
        const c = u.points?.daily.at(-1);
        if (c === undefined) throw new Error('no counter');
        c[1] = { ...c[1], points: '0' };
        return { users: [u] };
      });
      const v = await verifyStore(store, { rules });
      expect(codes(v)).toEqual(['LEDGER_USER_STATE_INVALID']);
      const r = await reexecuteStore(store, [RUN1, RUN2], OPTS);
      expect(r.issues.map((i) => i.params?.detail)).toEqual([
        '1 stored user records differ from the re-execution (u2 (partition 0))',
      ]);
      await store.close();
    });

    it('a tampered remainder: within 0 < r < 10⁶ the cap check cannot tell, the re-execution does', async () => {
      const store = await written(kind.make, 1);
      await tamper(store, () => ({ remainders: [{ account: 'user:u3', micrograms: '5', partition: 0 }] }));
      expect((await verifyStore(store, { rules })).issues).toEqual([]);
      const r = await reexecuteStore(store, [RUN1, RUN2], OPTS);
      expect(r.issues.map((i) => [i.code, i.params?.detail])).toEqual([
        ['LEDGER_AUDIT_MISMATCH', '1 stored remainders differ from the re-execution (user:u3 (stored only))'],
      ]);
      await store.close();
    });

    it('an input missing a line: the first partition and entry that differ are named', async () => {
      const store = await written(kind.make, 1);
      // u1-5 (05-04, late) left out of the second run: the first run wrote 9 × 2 entries (seq 0–17), u1-4 seq 18–19,
      // so u1-5's entries are seq 20 and 21
      const r = await reexecuteStore(store, [RUN1, RUN2.filter((l) => !l.includes('u1-5'))], OPTS);
      expect(r.ok).toBe(false);
      expect(r.issues[0]?.params?.detail).toBe(
        'partition 0: the first entry that differs is seq 20 (stored issue g_CO2 150 ref u1-5, re-executed issue g_CO2 150 ref u1-6)',
      );
      expect((await store.heads())[0]?.seq).toBe(36);
      await store.close();
    });
  });

describe('gepkit carbon verify --ledger --rules --activities (embedded store)', () => {
  const EXAMPLE = new URL('../../examples/carbon/activities.jsonl', import.meta.url).pathname;
  const RULES = new URL('../../examples/carbon/rules.json', import.meta.url).pathname;
  const NOW_ARG = ['--now', '2024-06-01T00:00:00Z'];
  const OPTIONS = ['--rules', RULES, '--reductions', 'when-available', ...NOW_ARG];

  /** The example in two runs (lines 1–4, then 5–8) on one stored ledger; the two input files. */
  async function twoRuns(): Promise<{ ledger: string; a: string; b: string }> {
    const dir = tmp();
    const lines = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
    const [a, b] = [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')];
    writeFileSync(a, `${lines.slice(0, 4).join('\n')}\n`);
    writeFileSync(b, `${lines.slice(4).join('\n')}\n`);
    const ledger = join(dir, 'ledger');
    for (const f of [a, b]) {
      const r = await carbonCli([f, ...OPTIONS, '--ledger', ledger, '--out-dir', tmp()]);
      expect(r.err).toBe('');
    }
    return { ledger, a, b };
  }

  it('with --rules and --activities the ledger verifies; without --rules the output says caps were not checked', async () => {
    const { ledger, a, b } = await twoRuns();
    const full = await carbonCli(['verify', '--ledger', ledger, ...OPTIONS, '--activities', a, b]);
    expect(full.err).toBe('');
    expect(full.code).toBe(0);
    const out = JSON.parse(full.out);
    expect(out).toMatchObject({
      ok: true,
      caps: { checked: true, ruleSet: 'example-jiangxi-rules@1.0.0', violations: 0 },
      reexecuted: { runs: 2, lines: 8 },
    });
    const bare = await carbonCli(['verify', '--ledger', ledger]);
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.out).caps).toEqual({
      checked: false,
      reason:
        'no rule set given: caps, point counters, reduction counters and remainders were not checked (give the rule set the ledger was written under)',
      reasonZh: '未给出规则集：上限、积分计数、减排计数和余量均未核对（请给出写入账本时所用的规则集）',
    });
    expect(JSON.parse(bare.out)).not.toHaveProperty('reexecuted');
  });

  it('an input missing a line fails the re-execution; --activities needs --ledger', async () => {
    const { ledger, a, b } = await twoRuns();
    const short = join(tmp(), 'b-short.jsonl');
    writeFileSync(short, readFileSync(b, 'utf8').split('\n').slice(1).join('\n'));
    const r = await carbonCli(['verify', '--ledger', ledger, ...OPTIONS, '--activities', a, short]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('LEDGER_AUDIT_MISMATCH');
    expect(JSON.parse(r.out).ok).toBe(false);
    const usage = await carbonCli(['verify', join(ledger, 'x.jsonl'), '--activities', a]);
    expect(usage.code).not.toBe(0);
    expect(usage.err).toContain('CLI_USAGE');
    const chunk = await carbonCli([
      'verify',
      '--ledger',
      ledger,
      ...OPTIONS,
      '--activities',
      a,
      '--chunk',
      '0',
    ]);
    expect(chunk.err).toContain('--chunk must be a positive integer, got 0');
  });
});
