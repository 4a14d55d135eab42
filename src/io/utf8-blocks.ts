/**
 * Text written as UTF-8 bytes in blocks: each piece (a result line) is encoded into the block as it comes, and a
 * block goes to `sink` when the next piece might not fit. The blocks are never strings. Joining many lines into
 * one string and encoding that costs more: the engine first copies the joined string into one flat string, and
 * a single character beyond Latin-1 in any piece (a cell of a line that holds Chinese text is a slice of that
 * line, and keeps its two-byte form) makes the whole copy two-byte; `bench/write-lines.bench.mjs` measures both.
 */

/** Bytes per block (a block may end up to 3 bytes per code unit of a piece short of it). */
export const BLOCK_BYTES = 1 << 16;

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

export class Utf8Blocks {
  private readonly encoder = new TextEncoder();
  private block: Uint8Array;
  private at = 0;

  constructor(
    /** Takes each full block (a block is never reused after it is handed over). */
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly size = BLOCK_BYTES,
  ) {
    this.block = new Uint8Array(size);
  }

  /** Add a piece of text; a piece longer than a block goes to `sink` on its own, after the block before it. */
  write(s: string): void {
    const most = MAX_BYTES_PER_UNIT * s.length;
    if (this.at + most > this.size) {
      this.flush();
      if (most > this.size) {
        this.sink(this.encoder.encode(s));
        return;
      }
    }
    this.at += this.encoder.encodeInto(s, this.block.subarray(this.at)).written;
  }

  /** Add bytes that are UTF-8 text already, after what was written before (the block is handed over first). */
  writeBytes(b: Uint8Array): void {
    this.flush();
    if (b.byteLength > 0) this.sink(b);
  }

  /** Hand over the block, if it holds anything; the next piece starts a new block. */
  flush(): void {
    if (this.at === 0) return;
    const full = this.block.subarray(0, this.at);
    this.block = new Uint8Array(this.size);
    this.at = 0;
    this.sink(full);
  }

  /** Drop what the block holds (nothing of it reaches `sink`). */
  clear(): void {
    this.at = 0;
  }
}
