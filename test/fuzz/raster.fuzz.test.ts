import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BlockTags, checkBlocks, checkHeader } from '../../src/raster/blocks';
import { closeTiff, openLayer, readWindow } from '../../src/raster/reader-node';
import { tmp, writeTestTiff } from '../raster/helpers';
import { outcome } from './arbitraries';

const dim = fc.oneof(
  fc.integer({ min: 0, max: 70000 }),
  fc.constantFrom(1, 5, 16, 2 ** 31, -1, 0.5, Number.NaN),
);

describe('fuzz: raster headers and damaged files', () => {
  it('checkBlocks on arbitrary layouts returns undefined or a problem, never throws, quickly', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            ImageWidth: dim,
            ImageLength: dim,
            BitsPerSample: fc.oneof(
              fc.constantFrom(8, 16, 32, 64),
              fc.array(fc.constantFrom(8, 32), { maxLength: 3 }),
            ),
            SamplesPerPixel: fc.integer({ min: 0, max: 4 }),
            PlanarConfiguration: fc.constantFrom(1, 2),
            Compression: fc.constantFrom(1, 5, 8),
            RowsPerStrip: dim,
            StripOffsets: fc.array(fc.integer({ min: -10, max: 5000 }), { maxLength: 30 }),
            StripByteCounts: fc.array(fc.integer({ min: -10, max: 5000 }), { maxLength: 30 }),
            TileWidth: dim,
            TileLength: dim,
            TileOffsets: fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 30 }),
            TileByteCounts: fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 30 }),
          },
          { requiredKeys: [] },
        ),
        fc.integer({ min: 0, max: 10000 }),
        (tags, size) => {
          const t = performance.now();
          const p = checkBlocks(tags as BlockTags, size);
          expect(p === undefined || p.kind === 'truncated' || p.kind === 'too-large').toBe(true);
          expect(performance.now() - t).toBeLessThan(1000);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
  it('checkHeader on arbitrary bytes (a TIFF header, then anything) returns undefined or a problem, never throws', () => {
    const header = fc.constantFrom(
      [0x49, 0x49, 42, 0],
      [0x4d, 0x4d, 0, 42],
      [0x49, 0x49, 43, 0, 8, 0, 0, 0],
      [0, 0, 0, 0],
    );
    fc.assert(
      fc.property(
        header,
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 0, max: 4 }),
        (h, rest, cut) => {
          const bytes = Uint8Array.from([...h, ...rest]).subarray(
            0,
            Math.max(0, h.length + rest.length - cut),
          );
          const p = checkHeader((offset, length) => bytes.subarray(offset, offset + length), bytes.length);
          expect(p === undefined || p.kind === 'truncated' || p.kind === 'not-tiff').toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
  const RUNS = 80;
  // a budget that catches a hang or a runaway read, not a slow one: a case on a loaded machine (load 18 on two
  // cores) has taken 5.5 s, a hang never ends
  const CASE_BUDGET_MS = 20_000;
  /** Overwrite bytes of a valid 20 × 20 GeoTIFF (and maybe cut it): it is read in full or refused with a code. */
  async function damagedTiffs(
    params: fc.Parameters<[[number, number][], number | undefined]>,
    budgetMs = CASE_BUDGET_MS,
  ) {
    const dir = tmp();
    const good = readFileSync(
      writeTestTiff(
        join(dir, 'good.tif'),
        20,
        20,
        Array.from({ length: 400 }, (_, i) => i),
      ),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (edits, cut) => {
          const bytes = Buffer.from(good);
          for (const [at, b] of edits) bytes[at % bytes.length] = b;
          const file = join(dir, `f${n++}.tif`);
          writeFileSync(file, cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length));
          await outcome(async () => {
            const layer = await openLayer('fuzz', file);
            try {
              const w = Math.min(layer.grid.width, 64);
              const h = Math.min(layer.grid.height, 64);
              return await readWindow(layer, 0, 0, w, h);
            } finally {
              await closeTiff(layer.tiff);
            }
          }, budgetMs);
        },
      ),
      params,
    );
  }
  // each case is held to its own budget; the test as a whole may take every case's budget (a loaded machine)
  it(
    'a small GeoTIFF with bytes overwritten or cut is read in full or refused with a code',
    () => damagedTiffs({ numRuns: RUNS }),
    RUNS * CASE_BUDGET_MS + 30_000,
  );
  it(
    'a damaged samples-per-pixel field is refused with a code, not a RangeError building the message',
    () =>
      // the case fast-check found (seed 474895734): one byte overwritten turns the field into a huge array, which
      // checkHeader refuses before geotiff allocates it
      damagedTiffs({ seed: 474895734, path: '39:33:33:32:32:32', numRuns: 1 }),
    CASE_BUDGET_MS + 30_000,
  );
  it('a GDAL_NODATA tag whose type byte is damaged (ASCII 2 → SHORT 3) is refused with RASTER_DECODE_FAILED', async () => {
    // the case fast-check found (seed -91934856): edit [1487300192, 3] hits byte 1487300192 mod 4448 = 192, the type
    // field of the GDAL_NODATA entry in the test GeoTIFF's directory
    const dir = tmp();
    const bytes = readFileSync(
      writeTestTiff(
        join(dir, 'good.tif'),
        20,
        20,
        Array.from({ length: 400 }, (_, i) => i),
      ),
    );
    expect(bytes.length).toBe(4448);
    expect(bytes[192]).toBe(2);
    bytes[192] = 3;
    writeFileSync(join(dir, 'damaged.tif'), bytes);
    const file = join(dir, 'damaged.tif');
    await expect(openLayer('fuzz', file)).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          code: 'RASTER_DECODE_FAILED',
          message: expect.objectContaining({
            zh: `栅格图层 fuzz（${file}）的数据块无法解码：GDAL_NODATA 标签不是文本（标签类型已损坏）`,
          }),
        }),
      ],
    });
  });
});
