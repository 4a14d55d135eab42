import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { queueIssue } from '../queue/errors';
import { errorOf } from '../../test/helpers';
import { writeWhole } from './whole-output';

const folder = () => mkdtempSync(join(tmpdir(), 'gepkit-whole-'));

async function* from(pieces: readonly string[], then?: Error): AsyncGenerator<string> {
  for (const p of pieces) yield p;
  if (then !== undefined) throw then;
}

describe('writeWhole', () => {
  it('gives the text of every piece, characters of several bytes across the 64 KiB buffers kept whole', async () => {
    const dir = folder();
    // 3 × 40,000 characters, each 绿 three bytes in UTF-8: the staging buffer (65,536 characters) and the read
    // chunks (65,536 bytes) both end inside a character somewhere.
    const pieces = ['{"summary":', '绿'.repeat(40_000), 'a', '绿'.repeat(40_000), '碳'.repeat(40_000), '}\n'];
    const chunks: string[] = [];
    await writeWhole(from(pieces), join(dir, 'summary.line'), (s) => chunks.push(s));
    expect(chunks.join('')).toBe(pieces.join(''));
    expect(chunks.length).toBeGreaterThan(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty text gives nothing to the output', async () => {
    const dir = folder();
    const chunks: string[] = [];
    await writeWhole(from([]), join(dir, 'x'), (s) => chunks.push(s));
    expect(chunks.join('')).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a piece that fails part-way: its error, nothing on the output, no staging file left', async () => {
    const dir = folder();
    const e = new GepError([
      queueIssue('QUEUE_SPOOL_INVALID', [], { file: '/spool/p1.balances.jsonl', detail: 'ENOENT' }),
    ]);
    const chunks: string[] = [];
    // More than a buffer before the failure: the first 64 KiB reached the staging file, not the output.
    const r = writeWhole(from(['{"summary":', 'x'.repeat(100_000)], e), join(dir, 'summary.line'), (s) =>
      chunks.push(s),
    );
    await expect(r).rejects.toBe(e);
    expect(chunks).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a staging file that cannot be written: OUTPUT_WRITE_FAILED naming it, nothing on the output', async () => {
    const staging = join(folder(), 'no-such-folder', 'summary.line');
    const chunks: string[] = [];
    const e = await writeWhole(from(['{}']), staging, (s) => chunks.push(s)).catch((x: unknown) => x);
    const issue = errorOf(() => {
      throw e;
    }).issues[0];
    expect(issue?.code).toBe('OUTPUT_WRITE_FAILED');
    expect(issue?.message.en).toContain(`Writing ${staging} failed part-way: ENOENT`);
    expect(chunks).toEqual([]);
    expect(existsSync(staging)).toBe(false);
  });
});
