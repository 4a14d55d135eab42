import pg from 'pg';
import { Decimal } from '../../src/core/decimal';
import { CarbonBatch, type LineResult } from '../../src/carbon/batch';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import type { RuleSet } from '../../src/carbon/rules/rules';
import type {
  InPartition,
  LedgerStore,
  RemainderRecord,
  StoredState,
  UserRecord,
} from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';

/** Evidence paths, claim windows, monthly ride caps (the bundled demo) plus a daily reduction cap of 300 g. */
export const storeTestRules = (): RuleSet => ({
  ...bundledRuleSet('evidence-paths-demo'),
  reductionCaps: { daily: new Decimal('300'), source: { document: 'test fixture' }, grade: 'assumed' },
});

/**
 * A stream that exercises what a resumed ledger must carry: repeated ids and behaviours (refused as double
 * credit), evidence paths, claims of pending points inside and outside their window, expiries across days,
 * and a daily reduction cap on three users (or, with `users`, on each of that many users in turn).
 */
export function storeTestLines(n: number, seed: number, users = 3): string[] {
  const lines: string[] = [];
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  let x = seed;
  // The LCG x ← (1103515245·x + 12345) mod 2³¹, exact: Math.imul keeps the product's low 32 bits, of which the
  // mask keeps 31 (the product itself passes 2⁵³, where doubles drop low bits).
  const next = (m: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    return x % m;
  };
  for (let i = 0; i < n; i++) {
    const ts = new Date(t0 + i * 3 * 3600_000).toISOString();
    const user = `u${users === 3 ? next(3) : i % users}`;
    const r = next(10);
    if (r === 0 && i > 20) {
      const back = i - 16 - next(8);
      const claimant = users === 3 ? next(3) : back % users;
      lines.push(JSON.stringify({ claim: `a${back}`, user: `u${claimant}`, ts }));
      continue;
    }
    const id = r === 1 && i > 0 ? `a${i - 1 - next(Math.min(i, 5))}` : `a${i}`;
    const scenario = next(2) === 0 ? 'bus' : 'metro';
    const evidence = ['upload', 'checkin'][next(2)] as string;
    const region = scenario === 'bus' ? '420102' : '440305';
    const a: Record<string, unknown> = { id, user, ts, scenario, region, evidence };
    if (scenario === 'bus') a.rides = '1';
    else a.distance = { value: `${5 + next(20)}.${next(10)}`, unit: 'km' };
    if (next(6) === 0) a.behaviour = `b${Math.max(0, i - next(4))}`;
    lines.push(JSON.stringify(a));
  }
  return lines;
}

/**
 * The store test stream with every repeated id, behaviour and claim kept to one user (ids and behaviours are one
 * namespace across the ledger; the order-free split holds for ids that repeat within a user, docs/carbon.md).
 */
export function ownLines(n: number, seed: number): string[] {
  const owner = new Map<string, string>();
  const out: string[] = [];
  for (const l of storeTestLines(n, seed)) {
    const a = JSON.parse(l) as Record<string, string>;
    if (a.claim !== undefined) {
      const o = owner.get(a.claim as string);
      if (o !== undefined) a.user = o;
      out.push(JSON.stringify(a));
      continue;
    }
    const owners = [a.id, a.behaviour].map((r) => (r === undefined ? undefined : owner.get(r)));
    const [o1, o2] = owners;
    if (o1 !== undefined && o2 !== undefined && o1 !== o2) continue;
    a.user = o1 ?? o2 ?? (a.user as string);
    for (const r of [a.id, a.behaviour]) if (r !== undefined) owner.set(r, a.user);
    out.push(JSON.stringify(a));
  }
  return out;
}

/** The stream in one in-memory batch: the reference a stored run must equal. */
export function reference(
  lines: readonly string[],
  rules: RuleSet,
): { results: LineResult[]; batch: CarbonBatch } {
  const batch = new CarbonBatch({ rules, reductions: 'when-available' });
  const results: LineResult[] = [];
  lines.forEach((l, i) => {
    const r = batch.process(l, i + 1);
    if (r !== undefined) results.push(r);
  });
  return { results, batch };
}

/** The stream over a store, reopened at each cut (a new process resuming), in chunks of `chunk` lines. */
export async function stored(
  store: LedgerStore,
  lines: readonly string[],
  cuts: readonly number[],
  chunk: number,
  rules: RuleSet,
): Promise<LineResult[]> {
  const results: LineResult[] = [];
  const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), lines.length];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const run = await StoredBatch.open(store, { rules, reductions: 'when-available', chunk });
    const part = lines.slice(bounds[k], bounds[k + 1]);
    for (let i = 0; i < part.length; i += chunk)
      results.push(...(await run.processChunk(part.slice(i, i + chunk), (bounds[k] as number) + i + 1)));
  }
  return results;
}

/**
 * The PostgreSQL server of the tests (GEPKIT_TEST_PG_URL; .ci/run starts one with scripts/pg-test-cluster.sh), or
 * undefined with a message naming `file` when there is none; under CI (env CI set) a missing server is an error.
 */
export function testPostgres(file: string): string | undefined {
  const url = process.env.GEPKIT_TEST_PG_URL;
  if (url === undefined && process.env.CI !== undefined)
    throw new Error(
      'CI is set but GEPKIT_TEST_PG_URL is not: .ci/run starts a PostgreSQL server for these tests',
    );
  if (url === undefined)
    console.warn(
      `${file}: PostgreSQL tests skipped (no GEPKIT_TEST_PG_URL). Install the server with \`apt-get install -y postgresql\` and run scripts/pg-test-cluster.sh start DIR to get one.`,
    );
  return url;
}

let schemas = 0;
/** A new empty schema on the server at `url`, and the URL whose connections use it (a ledger of its own). */
export async function pgSchemaUrl(url: string, prefix: string): Promise<string> {
  const schema = `${prefix}_${process.pid}_${Date.now()}_${schemas++}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Overwrite stored user records and remainders through the store interface: an append of no entries, as a damaged or forged store would hold. */
export async function tamper(
  store: LedgerStore,
  f: (s: StoredState) => { users?: InPartition<UserRecord>[]; remainders?: InPartition<RemainderRecord>[] },
): Promise<void> {
  const { users = [], remainders = [] } = f(await store.load());
  await store.append({
    expect: [],
    heads: [],
    entries: [],
    refs: [],
    holdings: [],
    accounts: [],
    pending: [],
    remainders,
    users,
    registry: [],
  });
}
