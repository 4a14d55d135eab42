// Writes docs/schema/<name>.schema.json for every JSON Schema of gepkit/schema (what `gepkit schema <name>`
// prints), from the built library. Run: npm run schema (it builds first). test/package.test.ts checks the files.
import { writeFileSync } from 'node:fs';

const { JSON_SCHEMA_NAMES, jsonSchemaOf } = await import('../dist/schema.js');
for (const name of JSON_SCHEMA_NAMES) {
  const file = new URL(`../docs/schema/${name}.schema.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`);
  console.log(`docs/schema/${name}.schema.json`);
}
