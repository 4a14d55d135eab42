import { existsSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GepError } from '../../src/core/errors';
import { checkBlocks } from '../../src/raster/blocks';
import { runRaster } from '../../src/raster/run-node';
import { county } from './fixture';
import { rawTiff, stripTags } from './helpers';

/**
 * Files checked before they are trusted: a cut GeoTIFF, a header that declares more than the file holds, a block
 * that cannot be decoded, outputs left behind by a failed run, an output folder outside the configuration's.
 */
async function codesOf(f: () => Promise<unknown>): Promise<string[]> {
  try {
    await f();
  } catch (e) {
    if (e instanceof GepError)
      return e.issues.map((i) => `${i.code} ${String(i.params?.layer ?? '')}`.trim());
    throw e;
  }
  return ['ok'];
}
const runIn = (dir: string, config: unknown) => runRaster(config, { baseDir: dir, workers: 0 });

describe('a truncated GeoTIFF is refused, never read as zeros', () => {
  // Cut to two thirds, these layers changed R2 by −29 % (land cover) or R1 by −33 % (precipitation), exit 0.
  for (const layer of ['lc', 'p', 'ls']) {
    it(`${layer}.tif cut to ⅔ of its bytes: RASTER_FILE_TRUNCATED`, async () => {
      const { dir, config } = county();
      const file = join(dir, `${layer}.tif`);
      truncateSync(file, Math.floor((statSync(file).size * 2) / 3));
      const codes = await codesOf(() => runIn(dir, config));
      expect(codes.some((c) => c.startsWith('RASTER_FILE_TRUNCATED'))).toBe(true);
    });
  }
  it('the uncut county runs (the checks accept a whole file)', async () => {
    const { dir, config } = county();
    expect(await codesOf(() => runIn(dir, config))).toEqual(['ok']);
  });
});

describe('declared sizes are checked against the memory budget before anything is allocated', () => {
  it('60000 × 60000 float32 pixels declared in a few hundred bytes: RASTER_TOO_LARGE, quickly', async () => {
    const { dir, config } = county();
    const size = rawTiff(join(dir, 'npp.tif'), stripTags(60000, 60000, 4), new Uint8Array(4));
    expect(size).toBeLessThan(400);
    const t = Date.now();
    const codes = await codesOf(() => runIn(dir, config));
    expect(codes).toContain('RASTER_TOO_LARGE npp');
    expect(Date.now() - t).toBeLessThan(5000);
  });
  it('a strip declared longer than the file: RASTER_FILE_TRUNCATED', async () => {
    const { dir, config } = county();
    // 5 × 5 float32 = 100 bytes declared, 40 present.
    rawTiff(join(dir, 'npp.tif'), stripTags(5, 5, 100), new Uint8Array(40));
    expect(await codesOf(() => runIn(dir, config))).toContain('RASTER_FILE_TRUNCATED npp');
  });
  it('an uncompressed strip whose byte count is too small for its rows: RASTER_FILE_TRUNCATED', async () => {
    const { dir, config } = county();
    rawTiff(join(dir, 'npp.tif'), stripTags(5, 5, 40), new Uint8Array(40));
    expect(await codesOf(() => runIn(dir, config))).toContain('RASTER_FILE_TRUNCATED npp');
  });
  it('checkBlocks names a size given as a list by its length, never by its values (a damaged directory)', () => {
    // A list of 3 values where the width should be one number; the text of a list of millions would not fit a string.
    expect(
      checkBlocks({ ImageWidth: new Uint32Array(3) as unknown as number, ImageLength: 10 }, 100),
    ).toEqual({
      kind: 'truncated',
      detail: 'image size a list of 3 values × 10',
    });
    expect(
      checkBlocks(
        {
          ImageWidth: 4,
          ImageLength: 4,
          BitsPerSample: [8],
          TileWidth: [16, 16] as unknown as number,
          TileLength: 16,
        },
        100,
      ),
    ).toEqual({ kind: 'truncated', detail: 'block size a list of 2 values × 16' });
    // planar samples of 8 and 16 bits: a strip row is 4 pixels × 16 bits = 8 bytes, 4 rows 32 bytes per plane
    expect(
      checkBlocks(
        {
          ImageWidth: 4,
          ImageLength: 4,
          BitsPerSample: [8, 16],
          SamplesPerPixel: 2,
          PlanarConfiguration: 2,
          StripOffsets: [8, 40],
          StripByteCounts: [31, 32],
        },
        100,
      ),
    ).toEqual({ kind: 'truncated', detail: 'strip 0 holds 31 bytes, 32 needed' });
  });

  it('checkBlocks on headers alone (hand-checked layouts)', () => {
    const strip = { ImageWidth: 5, ImageLength: 5, BitsPerSample: [32], RowsPerStrip: 2 };
    // 3 strips of 2, 2 and 1 rows: 40, 40 and 20 bytes (5 pixels × 4 bytes per row).
    expect(
      checkBlocks({ ...strip, StripOffsets: [8, 48, 88], StripByteCounts: [40, 40, 20] }, 108),
    ).toBeUndefined();
    expect(
      checkBlocks({ ...strip, StripOffsets: [8, 48, 88], StripByteCounts: [40, 40, 20] }, 107)?.kind,
    ).toBe('truncated');
    expect(checkBlocks({ ...strip, StripOffsets: [8, 48], StripByteCounts: [40, 40] }, 1000)?.kind).toBe(
      'truncated',
    );
    expect(
      checkBlocks({ ...strip, StripOffsets: [8, 48, 88], StripByteCounts: [40, 40, 19] }, 1000)?.kind,
    ).toBe('truncated');
    // Compressed (8 = deflate): byte counts are not compared with the decoded size.
    expect(
      checkBlocks({ ...strip, Compression: 8, StripOffsets: [8, 48, 88], StripByteCounts: [4, 4, 4] }, 1000),
    ).toBeUndefined();
  });
});

describe('decode errors are caught', () => {
  it('a deflate strip of junk: RASTER_DECODE_FAILED', async () => {
    const { dir, config } = county();
    rawTiff(join(dir, 'npp.tif'), stripTags(5, 5, 16, 8), new Uint8Array(16).fill(0x5a));
    expect(await codesOf(() => runIn(dir, config))).toContain('RASTER_DECODE_FAILED npp');
  });
});

describe('outputs: written under a temporary name, renamed only on success, inside the configuration folder', () => {
  it('a run that fails after writing started leaves no output behind', async () => {
    const { dir, config } = county() as { dir: string; config: Record<string, any> };
    // NoData inside the precipitation layer is refused after the compute pass has written the tiles.
    rawTiff(
      join(dir, 'p.tif'),
      stripTags(5, 5, 100),
      new Uint8Array(new Float32Array(25).fill(Number.NaN).buffer),
    );
    config.outputs = { dir: 'out', layers: ['waterConservation'] };
    expect(await codesOf(() => runIn(dir, config))).toContain('RASTER_NODATA_INSIDE precipitation');
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  });
  it('a successful run renames its outputs to their final names', async () => {
    const { dir, config } = county() as { dir: string; config: Record<string, any> };
    config.outputs = { dir: 'out', layers: ['waterConservation'] };
    const r = await runIn(dir, config);
    expect(readdirSync(join(dir, 'out'))).toEqual(['waterConservation.tif']);
    expect(r.outputs).toEqual([
      { layer: 'waterConservation', file: join(dir, 'out', 'waterConservation.tif') },
    ]);
  });
  it('outputs.dir "../x" or an absolute folder elsewhere: RASTER_OUTPUT_OUTSIDE, nothing created', async () => {
    const { dir, config } = county() as { dir: string; config: Record<string, any> };
    const outside = `../gepkit-outside-${process.pid}-${Date.now()}`;
    for (const out of [outside, '/tmp', 'a/../../y']) {
      config.outputs = { dir: out, layers: ['waterConservation'] };
      expect(await codesOf(() => runIn(dir, config))).toEqual(['RASTER_OUTPUT_OUTSIDE']);
    }
    expect(existsSync(join(dir, outside))).toBe(false);
    config.outputs = { dir: join(dir, 'inside'), layers: ['waterConservation'] };
    expect(await codesOf(() => runIn(dir, config))).toEqual(['ok']);
    writeFileSync(join(dir, 'unused'), '');
  });
});
