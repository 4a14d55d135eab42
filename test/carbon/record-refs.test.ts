import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { carbonCli } from './cli-helpers';
import { RETIRED, writtenRuleSet } from './helpers';
import { Ledger } from '../../src/carbon/ledger/ledger';
import { verifyLedger } from '../../src/carbon/ledger/verify';
import type { CreditStore } from '../../src/carbon/ledger/state';
import { sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gepkit-record-refs-'));
const T = (d: number, h = 12): string => `2024-05-0${d}T${h}:00:00+08:00`;

/** A rule set paying 7 points per sorted item and selling a coffee for 20 points. */
function rulesFile(dir: string, version = '1.0.0'): string {
  const file = join(dir, `rules-${version}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      writtenRuleSet({
        id: 'refs-test',
        version,
        utcOffset: '+08:00',
        rules: [
          {
            id: 'garbage',
            scenario: 'garbage_sorting',
            basis: 'count',
            per: '1',
            points: '7',
            source: { document: 'test' },
            grade: 'assumed',
          },
        ],
        redemptions: [
          {
            id: 'coffee',
            points: '20',
            label: { zh: '咖啡', en: 'coffee' },
            source: { document: 'test' },
            grade: 'assumed',
          },
        ],
      }),
    ),
  );
  return file;
}

const sorting = (id: string, count: number, ts: string): string =>
  JSON.stringify({ id, user: 'u1', ts, scenario: 'garbage_sorting', region: '361002', count: String(count) });
const redeem = (ref: string, ts: string): string =>
  JSON.stringify({
    record: {
      type: 'redeem',
      ts,
      amount: '20',
      unit: 'point',
      from: 'user:u1',
      ref,
      meta: { redemption: 'coffee' },
    },
    user: 'u1',
  });

function write(dir: string, name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
const resultsOf = (out: string) =>
  readFileSync(join(out, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; ok: boolean; issues: { code: string; path: unknown[] }[] });
const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

describe('a record’s ref is unique per kind, across runs of a stored ledger', () => {
  it('a redeem retried in the next run is refused, not applied twice (SQLite store)', async () => {
    const dir = tmp();
    const rules = rulesFile(dir);
    const ledger = join(dir, 'L');
    // run 1: 6 items × 7 = 42 points; order-1 redeems 20 → 22 available, 20 redeemed
    const run1 = write(dir, 'r1.jsonl', [sorting('g1', 6, T(1, 11)), redeem('order-1', T(1))]);
    const o1 = tmp();
    const first = await carbonCli([run1, '--rules', rules, '--ledger', ledger, '--out-dir', o1]);
    expect(first.code).toBe(0);
    expect(summaryOf(o1).balances['user:u1'].point).toMatchObject({ available: '22', redeemed: '20' });
    // run 2: the same order again (a client retrying the request) → refused; still 22 available, 20 redeemed
    const run2 = write(dir, 'r2.jsonl', [redeem('order-1', T(2)), redeem('order-2', T(2, 13))]);
    const o2 = tmp();
    const second = await carbonCli([run2, '--rules', rules, '--ledger', ledger, '--out-dir', o2]);
    expect(second.code).toBe(1);
    const [retry, other] = resultsOf(o2);
    expect(retry).toMatchObject({ line: 1, ok: false });
    expect(retry?.issues.map((i) => [i.code, i.path])).toEqual([
      ['LEDGER_RECORD_DUPLICATE', ['line', 1, 'record', 'ref']],
    ]);
    // order-2 is another order: 22 − 20 = 2 available, 20 + 20 = 40 redeemed
    expect(other?.ok).toBe(true);
    expect(summaryOf(o2).balances['user:u1'].point).toMatchObject({ available: '2', redeemed: '40' });
    const v = await carbonCli(['verify', '--ledger', ledger, '--rules', rules]);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
  });

  it('a file of records run again is told each record repeats, not that its times are out of order', async () => {
    const dir = tmp();
    const ledger = join(dir, 'L');
    const meta = {
      verifier: 'v:1',
      vintage: '2024',
      methodology: 'travel/per-trip@1',
      factorSets: `sha256:${'0'.repeat(64)}`,
    };
    const record = (r: Record<string, unknown>) => JSON.stringify({ record: r });
    // 3,000,000 g issued to org:e; 2 t certified under GD-1; 1 t retired under R-1; 5 g retired under R-2
    const day = write(dir, 'day.jsonl', [
      record({
        type: 'issue',
        ts: '2024-06-05T00:00:00Z',
        amount: '3000000',
        unit: 'g_CO2',
        to: 'org:e',
        ref: 'pool-1',
      }),
      record({
        type: 'certify',
        ts: '2024-06-05T01:00:00Z',
        amount: '2',
        unit: 't_CO2',
        from: 'org:e',
        to: 'org:e',
        ref: 'GD-1',
        meta,
      }),
      record({
        type: 'retire',
        ts: '2024-06-05T02:00:00Z',
        amount: '1',
        unit: 't_CO2',
        from: 'org:e',
        ref: 'R-1',
        meta: { beneficiary: 'Alice', purpose: 'wedding' },
      }),
      record({
        type: 'retire',
        ts: '2024-06-05T03:00:00Z',
        amount: '5',
        unit: 'g_CO2',
        from: 'org:e',
        ref: 'R-2',
        meta: { beneficiary: 'Bob', purpose: 'x' },
      }),
    ]);
    const o1 = tmp();
    expect((await carbonCli([day, '--ledger', ledger, '--out-dir', o1])).code).toBe(0);
    // the client lost the answers and submits the file again: every line is one the ledger holds, each its code
    // (before, all but the last were CARBON_TIMESTAMP_ORDER: their times are before the ledger's last entry's)
    const o2 = tmp();
    expect((await carbonCli([day, '--ledger', ledger, '--out-dir', o2])).code).toBe(1);
    expect(resultsOf(o2).map((r) => r.issues.map((i) => [i.code, i.path]))).toEqual([
      [['LEDGER_DOUBLE_CREDIT', ['line', 1, 'record']]],
      [['LEDGER_CERTIFICATION_DUPLICATE', ['line', 2, 'record']]],
      [['LEDGER_RECORD_DUPLICATE', ['line', 3, 'record', 'ref']]],
      [['LEDGER_RECORD_DUPLICATE', ['line', 4, 'record', 'ref']]],
    ]);
    expect(summaryOf(o2).ledger.count).toBe(summaryOf(o1).ledger.count);
    const v = await carbonCli(['verify', '--ledger', ledger]);
    expect(v.code).toBe(0);
  });

  it('a record’s ref and accounts are read by the id rule: a retry with a space or in full width is the same order', async () => {
    const dir = tmp();
    const rules = rulesFile(dir);
    // 6 items × 7 = 42 points; order-1 redeems 20 → 22; "order-1 " and "ｏｒｄｅｒ－１" read as order-1: refused,
    // and a redeem from "user:ｕ1" is from user u1's account (22 − 20 = 2 available, 40 redeemed)
    const input = write(dir, 'in.jsonl', [
      sorting('g1', 6, T(1, 11)),
      redeem('order-1', T(1)),
      redeem('order-1 ', T(1, 13)),
      redeem('ｏｒｄｅｒ－１', T(1, 14)),
      JSON.stringify({ ...JSON.parse(redeem('order-2', T(1, 15))), user: 'ｕ1' }).replace(
        '"user:u1"',
        '"user:ｕ1"',
      ),
    ]);
    const out = tmp();
    const run = await carbonCli([input, '--rules', rules, '--out-dir', out]);
    expect(run.code).toBe(1);
    const results = resultsOf(out);
    expect(results.map((r) => [r.line, r.ok, r.issues.map((i) => [i.code, i.path])])).toEqual([
      [1, true, []],
      [2, true, []],
      [
        3,
        false,
        [
          ['CARBON_ID_NORMALISED', ['line', 3, 'record', 'ref']],
          ['LEDGER_RECORD_DUPLICATE', ['line', 3, 'record', 'ref']],
        ],
      ],
      [
        4,
        false,
        [
          ['CARBON_ID_NORMALISED', ['line', 4, 'record', 'ref']],
          ['LEDGER_RECORD_DUPLICATE', ['line', 4, 'record', 'ref']],
        ],
      ],
      [
        5,
        true,
        [
          ['CARBON_ID_NORMALISED', ['line', 5, 'user']],
          ['CARBON_ID_NORMALISED', ['line', 5, 'record', 'from']],
        ],
      ],
    ]);
    expect(summaryOf(out).balances['user:u1'].point).toMatchObject({ available: '2', redeemed: '40' });
    expect(summaryOf(out).balances['user:ｕ1']).toBeUndefined();
  });

  it('a retirement given twice retires once; another kind under the same ref is another record; an aggregation ref is unique per source account', () => {
    const l = new Ledger();
    l.append({ type: 'issue', ts: T(1), amount: 10n, unit: 'g_CO2', to: 'org:b', ref: 'pool' });
    const retire = (ref: string) => () =>
      l.append({ type: 'retire', ts: T(2), amount: 3n, unit: 'g_CO2', from: 'org:b', ref, meta: RETIRED });
    retire('R-1')();
    // 10 − 3 = 7 left; the retry of R-1 is refused before the balance is looked at, and leaves 7
    expect(() => retire('R-1')()).toThrow(/LEDGER_RECORD_DUPLICATE/);
    expect(l.balances()['org:b']?.g_CO2).toMatchObject({ available: '7', retired: '3' });
    // another kind under the same text is another record: 7 − 2 = 5
    l.append({
      type: 'transfer',
      ts: T(2),
      amount: 2n,
      unit: 'g_CO2',
      from: 'org:b',
      to: 'org:c',
      ref: 'R-1',
    });
    expect(l.balances()['org:b']?.g_CO2).toMatchObject({ available: '5', retired: '3' });
    // aggregations pool many accounts under one ref: unique per source account
    l.append({ type: 'issue', ts: T(2), amount: 4n, unit: 'g_CO2', to: 'user:a', ref: 'a1' });
    l.append({ type: 'issue', ts: T(2), amount: 4n, unit: 'g_CO2', to: 'user:b', ref: 'b1' });
    const pool = (from: string) => () =>
      l.append({ type: 'aggregate', ts: T(3), amount: 1n, unit: 'g_CO2', from, to: 'org:e', ref: 'agg-1' });
    pool('user:a')();
    pool('user:b')();
    expect(() => pool('user:a')()).toThrow(/LEDGER_RECORD_DUPLICATE/);
    expect(l.balances()['org:e']?.g_CO2?.available).toBe('2');
  });

  it('verify refuses a ledger that repeats a record ref (written by a guard that forgot it)', () => {
    // A ref store that remembers credited activities but drops record refs: the old ledger's behaviour.
    const map = new Map<string, number>();
    const forgetful: CreditStore = {
      get: (ref) => map.get(ref),
      set: (ref, units) => {
        if ((units & 8) === 0) map.set(ref, units);
      },
    };
    const l = new Ledger({ credited: forgetful });
    const es = [
      l.append({ type: 'issue', ts: T(1), amount: 10n, unit: 'g_CO2', to: 'org:b', ref: 'pool' }),
      l.append({
        type: 'retire',
        ts: T(2),
        amount: 3n,
        unit: 'g_CO2',
        from: 'org:b',
        ref: 'R-1',
        meta: RETIRED,
      }),
      l.append({
        type: 'retire',
        ts: T(2),
        amount: 3n,
        unit: 'g_CO2',
        from: 'org:b',
        ref: 'R-1',
        meta: RETIRED,
      }),
    ];
    const v = verifyLedger(es);
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['LEDGER_RECORD_DUPLICATE', [2, 'ref'], { type: 'retire', ref: 'R-1' }],
    ]);
  });
});

describe('carbon verify --ledger compares the stored refs with the entries', () => {
  /** A stored ledger of one run: two sorted-waste activities and one redeem. */
  async function ledgerOfOneRun(): Promise<{ ledger: string; rules: string }> {
    const dir = tmp();
    const rules = rulesFile(dir);
    const ledger = join(dir, 'L');
    // g1: 6 × 7 = 42 points; g2: 1 × 7 = 7 points; order-1 redeems 20
    const run = write(dir, 'r.jsonl', [
      sorting('g1', 6, T(1, 10)),
      sorting('g2', 1, T(1, 11)),
      redeem('order-1', T(1)),
    ]);
    const r = await carbonCli([run, '--rules', rules, '--ledger', ledger, '--out-dir', tmp()]);
    expect(r.code).toBe(0);
    return { ledger, rules };
  }
  const sql = (ledger: string, statement: string): void => {
    const db = new Database(sqliteLedgerPath(ledger));
    db.prepare(statement).run();
    db.close();
  };

  it('refs deleted behind the entries: the count and each missing ref are named', async () => {
    const { ledger, rules } = await ledgerOfOneRun();
    const ok = await carbonCli(['verify', '--ledger', ledger, '--rules', rules]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    sql(ledger, 'DELETE FROM refs');
    const v = await carbonCli(['verify', '--ledger', ledger, '--rules', rules]);
    expect(v.code).toBe(1);
    // credited: g1 (points, bit 1), g2 (bit 1), redeem:order-1 (bit 8): 3 refs, none stored
    expect(v.err).toContain('the store lists 0 credited refs, the entries credit 3');
    expect(v.err).toContain('3 stored refs differ from the replay of the entries');
    expect(v.err).toContain('g1 (not stored)');
    expect(v.err).toContain('redeem:order-1 (not stored)');
    expect(v.err).toContain('3 项存储的已入账的 ref 与条目重放的结果不同（g1（未存储）');
  });

  it('a ref’s mask changed behind the entries (count unchanged) is named', async () => {
    const { ledger, rules } = await ledgerOfOneRun();
    // g2 credited in points only (mask 1); the store now says grams (2): the next run could credit its points again
    sql(ledger, "UPDATE refs SET units = 2 WHERE ref = 'g2'");
    const v = await carbonCli(['verify', '--ledger', ledger, '--rules', rules]);
    expect(v.code).toBe(1);
    expect(v.err).not.toContain('credited refs, the entries credit');
    expect(v.err).toContain(
      '1 stored refs differ from the replay of the entries (g2 (stored mask 2, entries 1))',
    );
    expect(v.err).toContain(
      '1 项存储的已入账的 ref 与条目重放的结果不同（g2（存储的单位掩码为 2，条目给出 1））',
    );
  });
});
