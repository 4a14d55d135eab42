import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTiff, reopenTiff, writeTile } from '../../src/raster/writer-node';
import { geoTags } from './helpers';

/**
 * reopenTiff keeps an output file as createTiff made it, with the tiles written so far, and never makes one: a
 * resumed run whose partial output is gone must write every tile again, not find a file of zeros
 * (test/queue/faults.test.ts runs it through the queue).
 */
describe('reopenTiff', () => {
  const args = ['co2', 40, 24, 16, geoTags()] as const;

  it('a file as planned is kept with its tiles; a missing one is not made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-reopen-'));
    const path = join(dir, 'co2.tif.partial');
    expect(reopenTiff(path, ...args)).toBeUndefined();
    expect(() => readFileSync(path)).toThrow();
    const layout = createTiff(path, ...args);
    writeTile(path, layout, { index: 0, x0: 0, y0: 0, width: 16, height: 16 }, new Float32Array(256).fill(7));
    const before = readFileSync(path);
    expect(reopenTiff(path, ...args)).toEqual(layout);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a file of another size or another header is not taken, and left as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-reopen-'));
    const short = join(dir, 'short.tif.partial');
    createTiff(short, ...args);
    truncateSync(short, 100);
    expect(reopenTiff(short, ...args)).toBeUndefined();
    expect(readFileSync(short)).toHaveLength(100);
    const other = join(dir, 'other.tif.partial');
    createTiff(other, 'co2', 40, 24, 16, geoTags());
    const bytes = readFileSync(other);
    bytes[0] = 0x4d; // "MI…": not the planned header
    writeFileSync(other, bytes);
    expect(reopenTiff(other, ...args)).toBeUndefined();
  });
});
