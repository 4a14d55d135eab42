// The generated parcels of the VEP benches (vep.bench.mjs, vep-cli.bench.mjs): 1–3 ecosystem types in 亩, hm² or
// m², two climate keys (the example context, examples/vep/context.json), 50 packages, a forest right with a
// certificate (赣(2024)示例县不动产权第<n>号). IDS=sequential numbers parcels and certificates 0, 1, 2 … in file
// order; scattered gives the same numbers scattered over 0 … 2³² by a fixed bijection, as ids from a register are.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const TYPES = ['forest.broadleaf', 'forest.coniferous', 'shrub', 'cropland.paddy'];
const UNITS = ['mu', 'hm2', 'm2'];
function area(i, k) {
  const u = UNITS[(i + k) % 3];
  const x = ((i * 7919 + k * 104729) % 100000) / 100; // 0.00 … 999.99
  return [u === 'm2' ? (x * 100).toFixed(0) : x.toFixed(2), u];
}

/** Write `n` parcels to `file` as CSV (header first) or JSON Lines. */
export async function writeParcels(file, n, { format = 'csv', ids = 'sequential' } = {}) {
  // Multiplying by an odd number modulo 2³² is a bijection: scattered numbers stay distinct.
  const num = ids === 'scattered' ? (i) => Math.imul(i, 2654435761) >>> 0 : (i) => i;
  const w = createWriteStream(file, { encoding: 'utf8' });
  let buf =
    format === 'csv'
      ? `id,package,key,unit,${TYPES.map((t) => `area:${t}`).join(',')},right,certificate\n`
      : '';
  for (let i = 0; i < n; i++) {
    const key = i % 2 === 0 ? 'hills' : 'valley';
    const types = 1 + (i % 3);
    const [, u] = area(i, 0);
    if (format === 'csv') {
      const cells = TYPES.map((_, k) => (k < types ? area(i, 0)[0] : ''));
      buf += `P${num(i)},PKG-${i % 50},${key},${u},${cells.join(',')},forest,赣(2024)示例县不动产权第${num(i)}号\n`;
    } else {
      const areas = {};
      for (let k = 0; k < types; k++)
        areas[TYPES[(i + k) % 4]] = { value: area(i, k)[0], unit: area(i, k)[1] };
      buf += `${JSON.stringify({ id: `P${num(i)}`, package: `PKG-${i % 50}`, key, areas, rights: [{ kind: 'forest', certificate: `赣(2024)示例县不动产权第${num(i)}号` }] })}\n`;
    }
    if (buf.length > 1 << 16) {
      if (!w.write(buf)) await once(w, 'drain');
      buf = '';
    }
  }
  w.end(buf);
  await once(w, 'finish');
}
