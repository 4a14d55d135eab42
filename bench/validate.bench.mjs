// Times `gepkit validate` on a generated county of Z zones × the classification's types (ecosystem rows, soil
// factors and soil-retention records per zone) with the built CLI, to check validation stays linear.
// Run: npm run build && Z=2000 node bench/validate.bench.mjs   (Z=2000 gives an input of about 4.7 MB)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const Z = Number(process.env.Z ?? 2000);
const TYPES = ['forest.broadleaf', 'forest.coniferous', 'shrub', 'grassland', 'cropland.paddy', 'urban'];
const zones = Array.from({ length: Z }, (_, i) => ({
  id: `z${i}`,
  name: `镇${i}`,
  area: { value: String(TYPES.length), unit: 'km2' },
}));
const ecosystems = zones.flatMap((z) =>
  TYPES.map((type) => ({ zone: z.id, type, area: { value: '1', unit: 'km2' } })),
);
const soilRetention = zones.flatMap((z) =>
  TYPES.slice(0, 3).map((ecosystem) => ({ zone: z.id, ecosystem, amount: { value: '12.5', unit: 't' } })),
);
const input = {
  region: { name: '大县', code: '361099', level: 'county' },
  year: 2020,
  totalArea: { value: String(Z * TYPES.length), unit: 'km2' },
  zones,
  ecosystems,
  climate: [
    { precipitation: { value: '1800', unit: 'mm' }, evapotranspiration: { value: '800', unit: 'mm' } },
  ],
  soilRetention,
};
const file = join(mkdtempSync(join(tmpdir(), 'gepkit-validate-')), 'input.json');
writeFileSync(file, JSON.stringify(input, null, 1));
const t0 = process.hrtime.bigint();
let out = '';
try {
  out = execFileSync(process.execPath, ['dist/cli/gepkit.js', 'validate', file], { encoding: 'utf8' });
} catch (e) {
  out = `${e.stdout}${e.stderr}`.slice(0, 400);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${Z} zones, ${ecosystems.length} ecosystem rows, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
console.log(`  validate: ${seconds.toFixed(2)} s (process start included)`);
console.log(`  ${out.trim().split('\n').pop()}`);
