import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const layers: { rank: number; dirs: string[]; role: string }[] = require('../scripts/layers.cjs');

/** The diagram of ARCHITECTURE.md, as scripts/layers.cjs describes it (top layer first). */
function diagram(): string {
  return [...layers]
    .sort((a, b) => b.rank - a.rank)
    .map(
      (l) =>
        `${String(l.rank).padEnd(3)}${l.dirs
          .map((d) => `${d}/`)
          .join(' · ')
          .padEnd(34)}${l.role}`,
    )
    .join('\n');
}

describe('the layers of ARCHITECTURE.md', () => {
  it('the diagram is the one scripts/layers.cjs describes (the lint rules read that file)', () => {
    const md = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
    const block = /<!-- layers:begin -->\n```\n([\s\S]*?)\n```\n<!-- layers:end -->/.exec(md);
    expect(block?.[1]).toBe(diagram());
  });

  it('every directory of src/ has a rank, and ranks are distinct and ordered', () => {
    const ranked = new Set(layers.flatMap((l) => l.dirs));
    const dirs = readdirSync(join(root, 'src')).filter((d) => statSync(join(root, 'src', d)).isDirectory());
    expect(dirs.filter((d) => !ranked.has(d))).toEqual([]);
    expect(layers.map((l) => l.rank)).toEqual(layers.map((_, i) => i));
  });
});
