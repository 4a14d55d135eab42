// Writes docs/profiles/<id>.md and docs/profiles/comparison.md from the bundled profiles (a test checks they are current).
import { writeFileSync } from 'node:fs';
import { bundledProfiles, comparisonMarkdown, profileMarkdown } from '../dist/index.js';

for (const p of bundledProfiles())
  writeFileSync(new URL(`../docs/profiles/${p.id}.md`, import.meta.url), profileMarkdown(p));
writeFileSync(
  new URL('../docs/profiles/comparison.md', import.meta.url),
  comparisonMarkdown(bundledProfiles()),
);
console.log(`wrote ${bundledProfiles().length} profile pages and the comparison`);
