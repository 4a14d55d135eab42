import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GepError } from '../../src/core/errors';
import { openLayer, readWindow } from '../../src/raster/reader-node';
import { asciiTag, rawTiff, stripTags, tmp, writeTestTiff } from './helpers';

describe('a NoData value with a fraction on a float32 layer', () => {
  // A float32 pixel written as −9999.9 holds −9999.900390625 (the nearest float32); compared with the double
  // −9999.9 it never matched, and the pixel was read as a measurement (NPP −9999.9 t d.m./hm² summed into R6).
  it.each([
    ['the file’s GDAL_NODATA tag', -9999.9, undefined],
    ['the config’s nodata', -9999.9, -9999.9],
    ['a small NoData value (1.1)', 1.1, 1.1],
    ['the float32 maximum as ArcGIS writes it', -3.40282346639e38, -3.40282346639e38],
  ])('is matched as the band stores it: %s', async (_what, nd, override) => {
    const file = writeTestTiff(join(tmp(), 'npp.tif'), 2, 2, [1, nd, 3, 4], { nodata: nd });
    const layer = await openLayer('npp', file, override);
    const w = await readWindow(layer, 0, 0, 2, 2);
    expect(Array.from(w)).toEqual([1, Number.NaN, 3, 4]);
  });

  it('a value near the NoData value is a measurement', async () => {
    // −9999.8 as float32 is −9999.7998046875, not −9999.900390625.
    const file = writeTestTiff(join(tmp(), 'npp.tif'), 2, 1, [-9999.8, -9999.9], { nodata: -9999.9 });
    const w = await readWindow(await openLayer('npp', file), 0, 0, 2, 1);
    expect(w[0]).toBe(Math.fround(-9999.8));
    expect(w[1]).toBeNaN();
  });
});

/** A 2 × 1 float32 layer storing `stored`, with GDAL metadata `meta` (tag 42112) and NoData −9999 (tag 42113). */
function scaledLayer(stored: number[], meta: string): string {
  const file = join(tmp(), 'scaled.tif');
  rawTiff(
    file,
    { ...stripTags(stored.length, 1, stored.length * 4), 42112: asciiTag(meta), 42113: asciiTag('-9999') },
    new Uint8Array(new Float32Array(stored).buffer),
  );
  return file;
}
const gdalMeta = (items: string) => `<GDALMetadata>${items}</GDALMetadata>`;

describe('a layer with GDAL scale and offset', () => {
  it('is read as stored × scale + offset; NoData is compared with the stored value', async () => {
    // Precipitation stored in 0.1 mm: 10000 → 1000 mm; 12345 × 0.1 + 5 = 1239.5.
    const file = scaledLayer(
      [10000, -9999, 12345],
      gdalMeta(
        '<Item name="SCALE" sample="0" role="scale">0.1</Item><Item name="OFFSET" sample="0" role="offset">5</Item>',
      ),
    );
    const layer = await openLayer('precipitation', file);
    expect([layer.scale, layer.offset]).toEqual([0.1, 5]);
    expect(Array.from(await readWindow(layer, 0, 0, 3, 1))).toEqual([10000 * 0.1 + 5, Number.NaN, 1239.5]);
  });

  it('without SCALE and OFFSET the stored value is the value', async () => {
    const layer = await openLayer(
      'npp',
      scaledLayer([7.5, 2], gdalMeta('<Item name="AREA_OR_POINT">Area</Item>')),
    );
    expect([layer.scale, layer.offset]).toEqual([1, 0]);
    expect(Array.from(await readWindow(layer, 0, 0, 2, 1))).toEqual([7.5, 2]);
  });

  it.each([
    ['a scale that is no number', '<Item name="SCALE" sample="0" role="scale">abc</Item>'],
    ['a scale of 0', '<Item name="SCALE" sample="0" role="scale">0</Item>'],
    ['an offset that is no number', '<Item name="OFFSET" sample="0" role="offset">1e999</Item>'],
  ])('%s is RASTER_DECODE_FAILED', async (_what, items) => {
    const err = await openLayer('npp', scaledLayer([1, 2], gdalMeta(items))).catch((e: unknown) => e);
    expect((err as GepError).issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['RASTER_DECODE_FAILED', 'layers.npp.file'],
    ]);
  });
});

/** A 3 × 1 float32 layer storing `stored`, its GDAL_NODATA tag (42113) holding exactly the bytes of `tag`. */
function nodataTagLayer(stored: number[], tag: string): string {
  const file = join(tmp(), 'npp.tif');
  rawTiff(
    file,
    {
      ...stripTags(stored.length, 1, stored.length * 4),
      42113: { type: 2, values: [...Buffer.from(tag, 'latin1')] },
    },
    new Uint8Array(new Float32Array(stored).buffer),
  );
  return file;
}

describe('the GDAL_NODATA tag is read as GDAL reads it', () => {
  // geotiff's getGDALNoData drops the tag's last character whatever it is: "65535" (no closing NUL) read as 6553
  // and "65535\0\0" as NaN, so the 65535 fill pixels were summed as data (R6 five times too high). GDAL reads both
  // as 65535: trailing NULs and white space are not part of the number.
  it.each([
    ['without its closing NUL', '65535'],
    ['with two NULs', '65535\0\0'],
    ['with one NUL', '65535\0'],
    ['with a space before the NUL', '65535 \0'],
  ])('%s', async (_what, tag) => {
    const layer = await openLayer('npp', nodataTagLayer([1000, 65535, 600], tag));
    expect(layer.nodata).toBe(65535);
    expect(Array.from(await readWindow(layer, 0, 0, 3, 1))).toEqual([1000, Number.NaN, 600]);
  });
  it('"nan" is NaN (NaN is NoData anyway)', async () => {
    const layer = await openLayer('npp', nodataTagLayer([1, Number.NaN, 2], 'nan\0'));
    expect(layer.nodata).toBeNaN();
  });
  it.each([
    ['text', 'none\0', 'none'],
    ['an empty tag', '\0', ''],
    ['a hexadecimal number', '0x10\0', '0x10'],
  ])('%s is no number: RASTER_DECODE_FAILED naming the file and the text', async (_what, tag, text) => {
    const file = nodataTagLayer([1, 2, 3], tag);
    const err = await openLayer('npp', file).catch((e: unknown) => e);
    const issues = (err as GepError).issues;
    expect(issues.map((i) => [i.code, i.path.join('.'), i.params?.file])).toEqual([
      ['RASTER_DECODE_FAILED', 'layers.npp.file', file],
    ]);
    expect(issues[0]?.params?.detail).toBe(`the GDAL_NODATA tag is ${JSON.stringify(text)}, not a number`);
    expect(issues[0]?.message.zh).toContain(`GDAL_NODATA 标签为 ${JSON.stringify(text)}，不是数值`);
    // the configuration's nodata replaces the tag, which is then not read
    expect((await openLayer('npp', file, 2)).nodata).toBe(2);
  });
});
