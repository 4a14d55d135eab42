import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issue } from '../core/errors';

/**
 * Every CLI_USAGE detail the command line writes, as its source spells it: a quoted sentence (either quote), or a
 * template whose `${…}` parts are filled with `1` (a number, a word and a list of one all at once). A detail built
 * from a nested template (`gepkit X takes no arguments | at most N`) is left out here and tested in
 * src/core/errors.test.ts.
 */
function usageDetails(): { file: string; detail: string }[] {
  const dir = new URL('.', import.meta.url).pathname;
  const found: { file: string; detail: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const re = /'CLI_USAGE', \[\], \{\s*detail:\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g;
    for (const m of text.matchAll(re)) {
      const literal = m[1] as string;
      if (literal.includes("? '")) continue;
      found.push({ file, detail: literal.slice(1, -1).replace(/\$\{[^}]*\}/g, '1') });
    }
  }
  return found;
}

describe('CLI_USAGE details', () => {
  it('are found in the command line sources (the scan itself works)', () => {
    const details = usageDetails().map((d) => d.detail);
    expect(details.length).toBeGreaterThan(50);
    expect(details).toContain('vep value needs --context <context.json>');
    expect(details).toContain('--chunk must be a positive integer, got 1');
    expect(details).toContain(
      "a run on a queue keeps its ids in its partitions' jobs or in its --ledger: --id-store is not read",
    );
  });

  it('each has a Chinese message of its own, not the English detail kept', () => {
    for (const { file, detail } of usageDetails()) {
      const zh = (issue('CLI_USAGE', [], { detail }) as { message: { zh: string } }).message.zh;
      const text = zh.slice('命令用法错误：'.length);
      expect(text, `${file}: ${detail}`).not.toBe(detail);
      expect(/[\u4e00-\u9fff]/.test(text), `${file}: ${detail} → ${text}`).toBe(true);
    }
  });
});
