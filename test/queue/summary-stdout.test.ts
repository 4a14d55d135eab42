/**
 * A carbon run on the queue that prints its summary on stdout (no --out-dir) writes the summary line whole or not
 * at all: a partition's balance file that cannot be read while the summary is written leaves the results lines and
 * the structured error, never the first half of the summary line.
 */
import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { travelLines } from '../carbon/helpers';
import { bundled, flush, start, stopAll, testRedis } from './helpers';

const redis = await testRedis(6);
afterAll(async () => {
  if (redis) flush(redis.url);
  await redis?.stop();
});
const cli = redis ? await bundled('src/cli/bin.ts', 'summary-stdout-cli') : '';

describe.skipIf(redis === undefined)('the summary line of a carbon run on the queue', () => {
  const url = redis?.url as string;
  beforeEach(() => flush(url));

  it('a balance file changed after its job: no part of the summary on stdout, QUEUE_SPOOL_INVALID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-summary-'));
    writeFileSync(join(dir, 'activities.jsonl'), `${travelLines(300).join('\n')}\n`);
    const spool = join(dir, 'spool');
    const worker = start([cli, 'worker', '--queue', url]);
    let out = '';
    let err = '';
    let changed = false;
    try {
      const code = await runCli(
        [
          'carbon',
          join(dir, 'activities.jsonl'),
          '--rules',
          'jx-lvbao-example',
          '--now',
          '2024-06-01T00:00:00+08:00',
          '--queue',
          url,
          '--partitions',
          '2',
          '--spool',
          spool,
        ],
        {
          out: (s) => {
            // The results reach stdout once every partition's job is done and before the summary is written:
            // the second partition's balance file then gets a byte its job did not write.
            if (!changed) {
              const [run] = readdirSync(spool);
              appendFileSync(join(spool, run as string, 'p1.balances.jsonl'), '\n');
              changed = true;
            }
            out += s;
          },
          err: (s) => (err += s),
        },
      );
      expect(changed).toBe(true);
      expect(code).toBe(1);
      expect(err).toContain('QUEUE_SPOOL_INVALID');
      expect(err).toContain('p1.balances.jsonl');
      // stdout: the 300 results, each a whole JSON line, and nothing of the summary.
      const printed = out.split('\n');
      expect(printed.pop()).toBe('');
      expect(printed).toHaveLength(300);
      for (const l of printed) expect(Object.keys(JSON.parse(l) as object)).toContain('line');
      expect(out).not.toContain('"summary"');
      // The staging file of the summary line is gone; the run's folder stays for --run-id.
      const [run] = readdirSync(spool);
      expect(readdirSync(join(spool, run as string))).not.toContain('summary.line');
      expect(readdirSync(join(spool, run as string))).toContain('p1.balances.jsonl');
    } finally {
      await stopAll([worker]);
    }
  }, 120_000);
});
