// Generates the small example rasters of examples/raster (40 × 30 pixels of 30 m, CGCS2000 / 3-degree
// Gauss–Kruger CM 114E, EPSG:4547): single-band float32 GeoTIFFs, one uncompressed strip, written by the
// minimal writer below (geotiff.js's own writer stores 8-bit samples only). Deterministic: rerun to regenerate.
//   node examples/raster/make.mjs
/* global console, Buffer, URL */
import { writeFileSync } from 'node:fs';

/** A little-endian classic TIFF: header, one IFD, tag values, then the float32 strip. */
function geoTiff(width, height, values, nodata) {
  const tags = [
    [256, 4, [width]],
    [257, 4, [height]],
    [258, 3, [32]],
    [259, 3, [1]],
    [262, 3, [1]],
    [273, 4, [0]], // StripOffsets, patched below
    [277, 3, [1]],
    [278, 4, [height]],
    [279, 4, [width * height * 4]],
    [284, 3, [1]],
    [339, 3, [3]],
    [33550, 12, [30, 30, 0]],
    [33922, 12, [0, 0, 0, 386400, 3085200, 0]],
    [34735, 3, [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 4547]],
    ...(nodata !== undefined ? [[42113, 2, `${nodata}`]] : []),
  ];
  const bytes = (t, v) => (t === 2 ? v.length + 1 : v.length * { 3: 2, 4: 4, 12: 8 }[t]);
  let extra = 8 + 2 + tags.length * 12 + 4;
  const at = tags.map(([, t, v]) => {
    if (bytes(t, v) <= 4) return null;
    const o = extra;
    extra += bytes(t, v) + (bytes(t, v) % 2);
    return o;
  });
  const data = Math.ceil(extra / 16) * 16;
  tags[5][2] = [data];
  const b = Buffer.alloc(data + width * height * 4);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(tags.length, 8);
  tags.forEach(([id, t, v], i) => {
    const e = 10 + i * 12;
    b.writeUInt16LE(id, e);
    b.writeUInt16LE(t, e + 2);
    b.writeUInt32LE(t === 2 ? v.length + 1 : v.length, e + 4);
    const w = at[i] ?? e + 8;
    if (at[i] !== null) b.writeUInt32LE(w, e + 8);
    if (t === 2) b.write(`${v}\0`, w, 'latin1');
    else v.forEach((x, j) => (t === 3 ? b.writeUInt16LE(x, w + 2 * j) : t === 4 ? b.writeUInt32LE(x, w + 4 * j) : b.writeDoubleLE(x, w + 8 * j)));
  });
  values.forEach((x, i) => b.writeFloatLE(x, data + 4 * i));
  return b;
}

const W = 40;
const H = 30;
const dir = new URL('./', import.meta.url);
const at = (f) => Float32Array.from({ length: W * H }, (_, i) => f(i % W, Math.floor(i / W)));

// A valley running south-east: elevation falls to the south and towards the river at x ≈ 28.
const dem = at((x, y) => 320 - 3.2 * y + 0.9 * Math.abs(x - 28) + 4 * Math.sin(x / 5) * Math.cos(y / 6));
// Land cover (the county's own codes; the crosswalk in config.json maps them to ecosystem types):
// 1 broadleaf forest, 2 coniferous forest, 3 shrub, 4 grassland, 5 paddy, 6 urban, 7 river; 0 = NoData (outside).
const lc = at((x, y) => {
  if (x + y < 4) return 0;
  if (Math.abs(x - 28) < 1) return 7;
  if (y > 24 && x > 22) return 6;
  if (y > 20) return 5;
  if (x < 12) return (x + y) % 7 === 0 ? 3 : 1;
  if (x < 22) return y < 8 ? 2 : 4;
  return (x * y) % 5 === 0 ? 3 : 1;
});
const zones = at((x) => (x < 20 ? 1 : 2)); // two townships
const p = at((x, y) => 1650 + 4 * x - 2 * y); // mm
const et = at((x, y) => 760 + ((x * 3 + y * 7) % 40)); // mm
const r = at((x) => 8600 + 12 * x); // MJ·mm/(hm²·h·a)
const k = at((_x, y) => 0.028 + 0.0002 * y); // t·hm²·h/(hm²·MJ·mm)
const npp = at((x, y) => 8 + ((x + 2 * y) % 9) * 0.5); // t d.m./(hm²·a)

const write = (name, values, nodata) => writeFileSync(new URL(`${name}.tif`, dir), geoTiff(W, H, values, nodata));
write('landcover', lc, 0);
write('zones', zones);
write('dem', dem);
write('precipitation', p);
write('evapotranspiration', et);
write('erosivity', r);
write('erodibility', k);
write('npp', npp);
console.log('examples/raster: 8 GeoTIFFs of', W, '×', H);
