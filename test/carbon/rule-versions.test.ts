import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { carbonCli } from './cli-helpers';
import { writtenRuleSet } from './helpers';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gepkit-rule-versions-'));

/** versions-test@`version`: 7 points per sorted item (capped at `cap` a day), a coffee for 20 points. */
function rulesFile(dir: string, version: string, cap: string): string {
  const file = join(dir, `rules-${version}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      writtenRuleSet({
        id: 'versions-test',
        version,
        utcOffset: '+08:00',
        rules: [
          {
            id: 'garbage',
            scenario: 'garbage_sorting',
            basis: 'count',
            per: '1',
            points: '7',
            caps: { daily: { points: cap } },
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
const codes = (err: string): string[] => [...err.matchAll(/^error (\w+)/gm)].map((m) => m[1] as string);

describe('a ledger written under two versions of a rule set verifies under both', () => {
  it('verify --rules v1 --rules v2 judges each entry by the version it names', async () => {
    const dir = tmp();
    // 1.0.0 caps a day at 70 points, 1.1.0 at 140
    const v1 = rulesFile(dir, '1.0.0', '70');
    const v2 = rulesFile(dir, '1.1.0', '140');
    const ledger = join(dir, 'L');
    // run 1 (1.0.0): 6 items × 7 = 42 points; order-1 redeems 20 → 22
    const r1 = write(dir, 'r1.jsonl', [
      sorting('g1', 6, '2024-05-01T11:00:00+08:00'),
      redeem('order-1', '2024-05-01T12:00:00+08:00'),
    ]);
    expect((await carbonCli([r1, '--rules', v1, '--ledger', ledger, '--out-dir', tmp()])).code).toBe(0);
    // run 2 (1.1.0, the documented version bump): 15 items × 7 = 105 points (above 1.0.0's 70, within 1.1.0's 140);
    // order-2 redeems 20 → 22 + 105 − 20 = 107
    const r2 = write(dir, 'r2.jsonl', [
      sorting('g2', 15, '2024-05-02T11:00:00+08:00'),
      redeem('order-2', '2024-05-02T12:00:00+08:00'),
    ]);
    const o2 = tmp();
    expect((await carbonCli([r2, '--rules', v2, '--ledger', ledger, '--out-dir', o2])).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(o2, 'summary.json'), 'utf8'));
    expect(summary.balances['user:u1'].point).toMatchObject({ available: '107', redeemed: '40' });
    const both = await carbonCli(['verify', '--ledger', ledger, '--rules', v1, '--rules', v2]);
    expect(both.err).toBe('');
    expect(both.code).toBe(0);
    expect(JSON.parse(both.out).caps).toMatchObject({
      checked: true,
      ruleSet: 'versions-test@1.0.0, versions-test@1.1.0',
      violations: 0,
    });
    // one version alone cannot judge the other's entries (the redeem of the other version is named)
    const onlyV1 = await carbonCli(['verify', '--ledger', ledger, '--rules', v1]);
    expect(onlyV1.code).toBe(1);
    expect(codes(onlyV1.err)).toContain('LEDGER_RULES_MISMATCH');
    expect(onlyV1.err).toContain('versions-test@1.1.0');
    const onlyV2 = await carbonCli(['verify', '--ledger', ledger, '--rules', v2]);
    expect(onlyV2.code).toBe(1);
    expect(codes(onlyV2.err)).toContain('LEDGER_RULES_MISMATCH');
    // Entries a verification cannot judge are not replayed as booked: the store's holdings and refs are not
    // compared with that replay, so a sound store is not called damaged (LEDGER_STORE_INVALID) beside the mismatch.
    for (const r of [onlyV1, onlyV2, await carbonCli(['verify', '--ledger', ledger])])
      expect(new Set(codes(r.err))).toEqual(new Set(['LEDGER_RULES_MISMATCH']));
    // Re-executing the inputs runs them under one rule set: with two versions, a usage error that says what to do.
    const reexecute = await carbonCli([
      'verify',
      '--ledger',
      ledger,
      '--rules',
      v1,
      '--rules',
      v2,
      '--activities',
      v1,
    ]);
    expect(reexecute.code).toBe(1);
    expect(reexecute.err).toContain(
      '--activities re-executes the runs under one rule set, not 2: a ledger written under several rule-set versions is verified with --rules once per version, without --activities',
    );
  });

  it('a run takes --rules once', async () => {
    const dir = tmp();
    const r = write(dir, 'r.jsonl', [sorting('g1', 1, '2024-05-01T11:00:00+08:00')]);
    const twice = await carbonCli([
      r,
      '--rules',
      rulesFile(dir, '1.0.0', '70'),
      '--rules',
      rulesFile(dir, '1.1.0', '140'),
    ]);
    expect(twice.code).not.toBe(0);
    expect(twice.err).toContain('CLI_USAGE');
    expect(twice.err).toContain('give --rules once');
  });
});
