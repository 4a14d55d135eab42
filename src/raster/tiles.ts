/**
 * Tiling: the raster is cut into square blocks of `size` pixels (the last row and column of blocks are
 * smaller), numbered row by row. The numbering is the fixed order of the exact merge.
 */
export interface Tile {
  /** Position in the fixed order (row-major). */
  index: number;
  x0: number;
  y0: number;
  width: number;
  height: number;
}

export function tileLayout(width: number, height: number, size: number): Tile[] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`tile size must be a positive integer: ${size}`);
  const tiles: Tile[] = [];
  for (let y0 = 0; y0 < height; y0 += size) {
    for (let x0 = 0; x0 < width; x0 += size) {
      tiles.push({
        index: tiles.length,
        x0,
        y0,
        width: Math.min(size, width - x0),
        height: Math.min(size, height - y0),
      });
    }
  }
  return tiles;
}
