import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { carbonFail } from '../../src/carbon/errors';
import { describe, expect, it } from 'vitest';
import { CarbonBatch, type SeenStore, processActivities } from '../../src/carbon/batch';
import { bodyOf, entryHash } from '../../src/carbon/ledger/entry';
import { Ledger } from '../../src/carbon/ledger/ledger';
import { verifyLedger } from '../../src/carbon/ledger/verify';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { openSqliteIdStore } from '../../src/carbon/store-sqlite-node';

/**
 * The batch with its id guards on disk (openSqliteIdStore) against the default in-memory Maps: every line result,
 * refusals included, must be the same. The store is flushed after every `buffer` lines, so lookups are served
 * from the buffer and from the database, between the checks and the sets of one activity and across activities.
 */
describe('CarbonBatch with the on-disk id store', () => {
  it('gives the results of the in-memory guards, whatever ids, behaviours and evidence repeat', () => {
    const acts = fc.array(
      fc.record({
        id: fc.integer({ min: 0, max: 15 }),
        user: fc.constantFrom('u1', 'u2'),
        behaviour: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
        evidence: fc.option(fc.constantFrom('upload', 'checkin', ''), { nil: undefined }),
        scenario: fc.constantFrom('bus', 'metro'),
      }),
      { minLength: 1, maxLength: 60 },
    );
    let flushed = 0;
    fc.assert(
      fc.property(acts, fc.integer({ min: 1, max: 4 }), (as, buffer) => {
        let flushes = 0;
        const items = as.map((a, i) => ({
          id: `act-${a.id}`,
          user: a.user,
          ts: new Date(Date.parse('2024-05-01T00:00:00Z') + i * 60_000).toISOString(),
          scenario: a.scenario,
          region: '4201',
          rides: '1',
          ...(a.behaviour !== undefined ? { behaviour: `trip-${a.behaviour}` } : {}),
          ...(a.evidence ? { evidence: a.evidence } : {}),
        }));
        const rules = bundledRuleSet('evidence-paths-demo');
        const memory = [...processActivities(items, { rules, reductions: 'when-available' })];
        const dir = mkdtempSync(join(tmpdir(), 'gepkit-ids-'));
        const store = openSqliteIdStore(join(dir, 'ids.sqlite'));
        try {
          // Flush to the database after every `buffer` writes, so later reads come from disk.
          let writes = 0;
          const flushing =
            <V>(set: (ref: string, v: V) => void) =>
            (ref: string, v: V) => {
              set(ref, v);
              if (++writes % buffer === 0) {
                store.flush();
                flushes += 1;
              }
            };
          const disk = [
            ...processActivities(items, {
              rules,
              reductions: 'when-available',
              credited: { get: store.credited.get, set: flushing(store.credited.set) },
              seen: { get: store.seen.get, set: flushing(store.seen.set) },
            }),
          ];
          expect(disk).toEqual(memory);
          if (flushes > 0) flushed += 1;
        } finally {
          store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
    // Most runs wrote ids to disk mid-stream.
    expect(flushed).toBeGreaterThan(40);
  }, 60_000);
});

describe('verifyLedger with the on-disk id store', () => {
  it('replays a forged second issue of one ref as a double credit, as with the in-memory guard', () => {
    const l = new Ledger();
    const first = l.append({
      type: 'issue',
      ts: '2024-05-01T08:00:00Z',
      amount: 150n,
      unit: 'g_CO2',
      to: 'u',
      ref: 'a1',
    });
    // A well-chained entry issuing a1 again: only the replayed state can refuse it.
    const body = { ...bodyOf(first), seq: 1, ts: '2024-05-01T09:00:00.000Z' };
    const forged = { ...body, prev: first.hash, hash: entryHash(body, first.hash) };
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-ids-'));
    const store = openSqliteIdStore(join(dir, 'ids.sqlite'));
    store.flush();
    try {
      const disk = verifyLedger([first, forged], { credited: store.credited });
      const memory = verifyLedger([first, forged]);
      expect(disk.issues.map((i) => i.code)).toEqual(['LEDGER_DOUBLE_CREDIT']);
      expect(disk).toEqual(memory);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a failing id store stops the batch', () => {
  it('is thrown to the caller, not reported as a refused line, even after the line wrote its entries', () => {
    // A SeenStore whose set fails as a damaged on-disk store does: the line's entries are already appended then.
    const broken: SeenStore = {
      get: () => undefined,
      set: () => carbonFail('LEDGER_STORE_INVALID', [], { detail: 'disk full (test)' }),
    };
    const b = new CarbonBatch({ rules: bundledRuleSet('jx-lvbao-example'), seen: broken });
    const line = {
      id: 'a1',
      user: 'u',
      ts: '2024-05-01T08:00:00Z',
      scenario: 'bus',
      region: '4201',
      rides: '1',
    };
    expect(() => b.process(line, 1)).toThrow(expect.objectContaining({ code: 'LEDGER_STORE_INVALID' }));
  });
});
