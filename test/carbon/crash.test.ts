import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CarbonBatch } from '../../src/carbon/batch';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { openSqliteStore, sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';
import { verifyStore } from '../../src/carbon/verify-store';
import { bundled } from '../bundled';
import { travelLines } from './helpers';

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
    const cli = await bundled('src/cli/bin.ts', 'cli');
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-crash-'));
    const input = join(dir, 'activities.jsonl');
    const all = travelLines(12_000);
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
