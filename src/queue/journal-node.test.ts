import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobJournal } from './journal-node';

const dir = mkdtempSync(join(tmpdir(), 'gepkit-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JobJournal', () => {
  it('a results file that cannot be cut back to the point the job continues from is refused and not left open', () => {
    // A character device opens for reading and writing, but ftruncate refuses it (EINVAL).
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    expect(() => new JobJournal(join(dir, 'journal.json'), '/dev/null', 'spool', 0, undefined)).toThrow(
      /EINVAL/,
    );
    expect(open()).toBe(before);
  });
});
