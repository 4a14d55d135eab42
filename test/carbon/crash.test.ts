import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CarbonBatch } from '../../src/carbon/batch';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { openSqliteStore, sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';
import { verifyStore } from '../../src/carbon/verify-store';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The CLI bundled from source (packages left to node_modules), run by a child process like the built one. */
async function bundledCli(): Promise<string> {
  const dir = join(ROOT, 'node_modules', '.cache', 'gepkit-test');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `cli-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'src/cli/bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Bus, metro and bike lines of 300 users, 30 s apart: every line is credited reductions and points. */
function lines(n: number): string[] {
  const out: string[] = [];
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const base = `"id":"a${i}","user":"u${i % 300}","ts":"${new Date(t0 + i * 30_000).toISOString()}"`;
    if (i % 3 === 0) out.push(`{${base},"scenario":"bus","region":"420102","rides":"1"}`);
    else if (i % 3 === 1)
      out.push(
        `{${base},"scenario":"metro","region":"440305","distance":{"value":"${2 + (i % 50) / 10}","unit":"km"}}`,
      );
    else
      out.push(
        `{${base},"scenario":"shared_bike","region":"420102","distance":{"value":"${1 + (i % 40) / 10}","unit":"km"},"duration":{"value":"${10 + (i % 30)}","unit":"min"}}`,
      );
  }
  return out;
}

const exited = (p: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.on('exit', (code) => resolve(code));
  });

/** The stored head's entry count, read by a second connection while the writer runs (0 before the first chunk). */
function storedSeq(ledger: string): number {
  if (!existsSync(sqliteLedgerPath(ledger))) return 0;
  try {
    const db = new Database(sqliteLedgerPath(ledger), { readonly: true, fileMustExist: true });
    try {
      return (
        (db.prepare('SELECT sum(seq) AS seq FROM head').get() as { seq: number | null } | undefined)?.seq ?? 0
      );
    } finally {
      db.close();
    }
  } catch {
    return 0; // the writer is creating the schema
  }
}

describe('a carbon batch killed with SIGKILL mid-batch', () => {
  it('is rerun on the same input: nothing credited twice, nothing lost, results never ahead, the ledger verifies', async () => {
    const cli = await bundledCli();
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-crash-'));
    const input = join(dir, 'activities.jsonl');
    const all = lines(12_000);
    writeFileSync(input, `${all.join('\n')}\n`);
    const ledger = join(dir, 'ledger');
    const args = (out: string) => [
      cli,
      'carbon',
      input,
      '--rules',
      'jx-lvbao-example',
      '--ledger',
      ledger,
      '--out-dir',
      out,
      '--chunk',
      '500',
    ];

    // Run 1: killed once a few chunks are stored, while it is still running.
    const child = spawn(process.execPath, args(join(dir, 'out1')), { stdio: 'ignore' });
    let seq = 0;
    while (child.exitCode === null && seq < 2000) {
      await new Promise((r) => setTimeout(r, 50));
      seq = storedSeq(ledger);
    }
    expect(child.exitCode).toBeNull(); // still mid-batch
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');

    const store = openSqliteStore(ledger);
    const killedAt = await store.head();
    expect(killedAt.seq).toBeGreaterThan(0);
    // The run was cut short: its ledger holds fewer entries than the whole input makes.
    const reference = new CarbonBatch({ rules: bundledRuleSet('jx-lvbao-example') });
    all.forEach((l, i) => reference.process(l, i + 1));
    expect(killedAt.seq).toBeLessThan(reference.ledger.anchor().count);
    // Results never ahead of the ledger: every entry a written result names is stored.
    const hashes = new Set<string>();
    for await (const e of store.entries()) hashes.add(e.hash);
    const written = readFileSync(join(dir, 'out1', 'results.jsonl'), 'utf8').split('\n');
    const complete = written.slice(0, -1).map((l) => JSON.parse(l) as { entries: string[] });
    for (const r of complete) for (const h of r.entries) expect(hashes.has(h)).toBe(true);
    await store.close();

    // Run 2: the same input, resumed from the stored head.
    const rerun = spawn(process.execPath, args(join(dir, 'out2')), { stdio: 'ignore' });
    expect(await exited(rerun)).toBe(1); // lines already stored are refused as credited
    const summary = JSON.parse(readFileSync(join(dir, 'out2', 'summary.json'), 'utf8'));
    const again = openSqliteStore(ledger);
    // Exactly the ledger of one uninterrupted run: every activity credited once, none lost.
    expect(await again.head()).toMatchObject({
      seq: reference.ledger.anchor().count,
      head: reference.ledger.anchor().head,
    });
    expect(await again.balances()).toEqual(reference.ledger.balances());
    expect(summary.accepted + summary.refused).toBe(all.length);
    const v = await verifyStore(again);
    expect(v.issues).toEqual([]);
    await again.close();
  }, 180_000);
});
