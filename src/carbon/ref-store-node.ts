/**
 * Node adapter: a disk-backed, exact store of ledger refs (activity and behaviour ids) that serves both the
 * ledger's `CreditStore` (ref → credited-unit mask) and the batch's `SeenStore` (ref → first evidence) from
 * one on-disk table, in memory that does not grow with the number of refs.
 *
 * Files in the store's directory:
 * - `table`: 2^depth buckets of 4096 bytes. A bucket is `count u32` then up to 204 slots of 20 bytes
 *   `{ fpHi i32, fpLo i32, logOffset f64, units u32 }` (little-endian). A ref lives in the bucket named by the top
 *   `depth` bits of its fingerprint's high word.
 * - `log`: append-only records `{ refLen u32, evLen u32, ref bytes, evidence bytes }`. A length's top bit says the
 *   string is stored as UTF-16LE (exact for every JS string, lone surrogates included); without it the string
 *   is Latin-1 (every code unit < 256, one byte each). `evLen = 0xFFFFFFFF`: no evidence was ever set.
 * - `meta.json`: format, version, hash key, depth, ref count and log size.
 *
 * Exactness: a fingerprint match on disk is confirmed by reading the log record the slot points at and
 * comparing the ref string; fingerprints and the Bloom filter only save I/O, they never decide membership.
 *
 * Memory: an in-memory Bloom filter of `bloomBits` bits (fixed), a write buffer of at most `bufferRecords`
 * records (a Map from ref to its full record), and a few fixed I/O buffers (one page, a 256 KiB window, a 1 MiB
 * log chunk, 768 KiB while the table doubles). Nothing is kept per ref beyond the buffer.
 *
 * Flush: new and changed evidence is appended to the log in 1 MiB writes; the buffered records are radix-sorted
 * by fingerprint and applied bucket by bucket in ascending order, reading and writing runs of nearby buckets in
 * one call each. When an insert would overflow a bucket, the table doubles: the old file is streamed bucket by
 * bucket, each split in two by the next fingerprint bit into a new file that is renamed over the old one
 * (sequential I/O, flat memory); the flush then resumes where it stopped. Writes go log → table → meta, so a
 * slot never points past the log; a crash mid-flush can still leave the table partly updated (no journal, no
 * fsync) and a store must have one writer at a time (no lock).
 *
 * Deviations from the first design, and why:
 * - Fingerprint: keyed HalfSipHash-1-3 with 64-bit output (the Linux kernel's `hsiphash` construction) over the
 *   string's UTF-16LE code units, keyed by 64 random bits saved in meta.json, instead of two seeded murmur3-style
 *   mixes. Murmur3 has multicollisions that hold for every seed, so crafted ids could share a fingerprint and fill
 *   one bucket past what a split can separate; a keyed PRF closes that. Its speed is of the same order here.
 * - Bloom filter: blocked (all 4 probes within one 512-bit block, picked by the fingerprint's low word), so a
 *   negative test costs one cache miss instead of four; `bloomBits` is rounded up to a power of two (min 64).
 * - Buckets that cannot be split: if more than 204 refs share all 32 bits of the high fingerprint word (not
 *   reachable with the keyed hash, only with a forced test fingerprint) the flush throws instead of doubling
 *   the table forever. A flush that throws leaves the store unusable (further calls throw; close() still closes).
 * - meta.json's depth and ref count are advisory on reopen: the depth is taken from the table's size (a doubling
 *   renames the table before meta.json is rewritten) and refs are recounted by the Bloom rebuild scan.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { SeenStore } from './batch';
import type { CreditStore } from './ledger/state';

export interface RefStoreOptions {
  /** Bloom filter size in bits (default 2^26 = 8 MiB); rounded up to a power of two, at least 64. */
  bloomBits?: number;
  /** Records buffered in memory before a flush to disk (default 65 536). */
  bufferRecords?: number;
  /**
   * @internal Tests only: replace the keyed hash by a fixed fingerprint function returning two 32-bit words
   * (to force fingerprint collisions). A store must be reopened with the same function.
   */
  fingerprint?: (ref: string) => readonly [number, number];
}

export interface RefStoreStats {
  /** Distinct refs stored (on disk and buffered). */
  refs: number;
  /** Buckets in the table (a power of two). */
  buckets: number;
  /** readSync calls made by lookups (bucket pages and log records). */
  diskReads: number;
  /** Lookups that missed the write buffer and passed the Bloom filter (so went to disk). */
  bloomPositives: number;
  /** Flushes that wrote records. */
  flushes: number;
  /** Bytes on disk in the table and the log. */
  bytes: number;
  /** Records in the write buffer now (never more than `bufferRecords`). */
  buffered: number;
}

export interface RefStore {
  readonly credited: CreditStore;
  readonly seen: SeenStore;
  /** Write buffered records to disk (table + log) and the meta file. */
  flush(): void;
  /** flush() then close file descriptors; further use throws (a second close() does nothing). */
  close(): void;
  stats(): RefStoreStats;
}

const FORMAT = 'gepkit-refstore';
const VERSION = 1;
const PAGE = 4096;
const SLOT = 20;
/** Slots per bucket: (4096 − 4) / 20. */
const CAP = Math.floor((PAGE - 4) / SLOT);
/** Pages read or written in one call while flushing (256 KiB). */
const WINDOW = 64;
/** Untouched buckets a flush window may span between two touched ones (reading them beats two more calls). */
const GAP = 8;
const LOG_CHUNK = 1 << 20;
const NO_EVIDENCE = 0xffffffff;
const WIDE = 0x80000000;

// ---------------------------------------------------------------------------------------------------------------
// Fingerprint: HalfSipHash-c-d, 64-bit output, over the UTF-16LE bytes of a string.

const HS = new Int32Array(2);

/**
 * HalfSipHash-c-d (64-bit output) of the UTF-16LE bytes of `s` with key (k0, k1), written to HS[0] (first output
 * word) and HS[1]. Returns the OR of all code units (a value ≥ 256 means the string is not Latin-1).
 */
function hsip(s: string, k0: number, k1: number, c: number, d: number): number {
  let v0 = k0 | 0;
  let v1 = (k1 ^ 0xee) | 0;
  let v2 = (0x6c796765 ^ k0) | 0;
  let v3 = (0x74656462 ^ k1) | 0;
  const n = s.length;
  const end = n & ~1;
  let or = 0;
  for (let i = 0; i < end; i += 2) {
    const m = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    or |= m;
    v3 ^= m;
    for (let r = 0; r < c; r++) {
      v0 = (v0 + v1) | 0;
      v1 = (v1 << 5) | (v1 >>> 27);
      v1 ^= v0;
      v0 = (v0 << 16) | (v0 >>> 16);
      v2 = (v2 + v3) | 0;
      v3 = (v3 << 8) | (v3 >>> 24);
      v3 ^= v2;
      v0 = (v0 + v3) | 0;
      v3 = (v3 << 7) | (v3 >>> 25);
      v3 ^= v0;
      v2 = (v2 + v1) | 0;
      v1 = (v1 << 13) | (v1 >>> 19);
      v1 ^= v2;
      v2 = (v2 << 16) | (v2 >>> 16);
    }
    v0 ^= m;
  }
  // Final block: the byte length's low 8 bits in the top byte, the trailing 2 bytes (an odd last code unit) below.
  let b = (n << 25) | 0;
  if ((n & 1) !== 0) {
    const ch = s.charCodeAt(n - 1);
    or |= ch;
    b |= ch;
  }
  v3 ^= b;
  for (let r = 0; r < c; r++) {
    v0 = (v0 + v1) | 0;
    v1 = (v1 << 5) | (v1 >>> 27);
    v1 ^= v0;
    v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0;
    v3 = (v3 << 8) | (v3 >>> 24);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = (v3 << 7) | (v3 >>> 25);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = (v1 << 13) | (v1 >>> 19);
    v1 ^= v2;
    v2 = (v2 << 16) | (v2 >>> 16);
  }
  v0 ^= b;
  v2 ^= 0xee;
  for (let w = 0; w < 2; w++) {
    for (let r = 0; r < d; r++) {
      v0 = (v0 + v1) | 0;
      v1 = (v1 << 5) | (v1 >>> 27);
      v1 ^= v0;
      v0 = (v0 << 16) | (v0 >>> 16);
      v2 = (v2 + v3) | 0;
      v3 = (v3 << 8) | (v3 >>> 24);
      v3 ^= v2;
      v0 = (v0 + v3) | 0;
      v3 = (v3 << 7) | (v3 >>> 25);
      v3 ^= v0;
      v2 = (v2 + v1) | 0;
      v1 = (v1 << 13) | (v1 >>> 19);
      v1 ^= v2;
      v2 = (v2 << 16) | (v2 >>> 16);
    }
    HS[w] = v1 ^ v3;
    v1 ^= 0xdd;
  }
  return or;
}

/**
 * @internal Tests only: HalfSipHash-c-d with 64-bit output of the UTF-16LE bytes of `s`, key words (k0, k1) read
 * little-endian from the 8 key bytes; returns the two output words as unsigned 32-bit numbers.
 */
export function halfSipHash64(s: string, k0: number, k1: number, c = 1, d = 3): [number, number] {
  hsip(s, k0, k1, c, d);
  return [(HS[0] as number) >>> 0, (HS[1] as number) >>> 0];
}

function isWide(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Low-level I/O

function readAll(fd: number, buf: Buffer, off: number, len: number, pos: number): void {
  while (len > 0) {
    const n = readSync(fd, buf, off, len, pos);
    if (n === 0) throw new Error(`ref store: unexpected end of file at byte ${pos} (store is corrupt)`);
    off += n;
    len -= n;
    pos += n;
  }
}

function writeAll(fd: number, buf: Buffer, off: number, len: number, pos: number): void {
  while (len > 0) {
    const n = writeSync(fd, buf, off, len, pos);
    off += n;
    len -= n;
    pos += n;
  }
}

/** One ref's record while it is in the write buffer or was just read from disk. */
class Rec {
  /** In the write buffer (else a copy of the disk record, kept only as the last lookup's memo). */
  inBuf = false;
  /** Evidence differs from the log record the slot points at. */
  evDirty = false;
  /** During a flush: the log offset the slot will point at. */
  newOff = -1;
  constructor(
    readonly ref: string,
    readonly fpHi: number,
    readonly fpLo: number,
    public units: number,
    public ev: string | undefined,
    /** Log offset of the record the table slot points at; −1 when the ref is not in the table yet. */
    public diskOff: number,
    /** The ref needs UTF-16LE (some code unit ≥ 256). */
    readonly wide: boolean,
  ) {}
}

interface Meta {
  format: string;
  version: number;
  seed: string;
  bucketBytes: number;
  slotBytes: number;
  depth: number;
  refs: number;
  logBytes: number;
}

function readMeta(path: string): Meta {
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== undefined) throw e;
    throw new Error(`ref store: ${path} is not valid JSON (${(e as Error).message})`);
  }
  const o = m as Partial<Meta> | null;
  if (typeof o !== 'object' || o === null || o.format !== FORMAT)
    throw new Error(`ref store: ${path} is not a ${FORMAT} meta file`);
  if (o.version !== VERSION)
    throw new Error(
      `ref store: ${path} has format version ${JSON.stringify(o.version)}, this gepkit reads version ${VERSION}`,
    );
  if (
    typeof o.seed !== 'string' ||
    !/^[0-9a-f]{16}$/.test(o.seed) ||
    o.bucketBytes !== PAGE ||
    o.slotBytes !== SLOT ||
    !Number.isSafeInteger(o.logBytes) ||
    (o.logBytes as number) < 0
  )
    throw new Error(`ref store: ${path} is corrupt (seed, bucketBytes, slotBytes or logBytes invalid)`);
  return o as Meta;
}

class DiskRefStore implements RefStore {
  readonly credited: CreditStore;
  readonly seen: SeenStore;

  private readonly tablePath: string;
  private readonly logPath: string;
  private readonly metaPath: string;
  private tableFd = -1;
  private logFd = -1;
  private depth = 0;
  private logBytes = 0;
  private refs = 0;
  private readonly seed: string;
  private readonly k0: number;
  private readonly k1: number;
  private readonly fpFn: ((ref: string) => readonly [number, number]) | undefined;

  private readonly bloom: Int32Array;
  /** Blocks − 1 (a block is `blockBits` bits). */
  private readonly blockMask: number;
  /** log2 of the 32-bit words per block. */
  private readonly blockShift: number;
  /** Bits per block − 1. */
  private readonly inMask: number;

  private readonly bufferRecords: number;
  private buf = new Map<string, Rec>();

  // The last lookup: the batch asks about one ref several times in a row.
  private memoRef: string | undefined = undefined;
  private memoRec: Rec | null = null;
  private memoHi = 0;
  private memoLo = 0;
  private memoWide = false;

  private readonly page = Buffer.alloc(PAGE);
  private readonly logHead = Buffer.alloc(512);
  private win: Buffer | undefined;
  private logChunk: Buffer | undefined;
  private sortA: Int32Array | undefined;
  private sortB: Int32Array | undefined;
  private sortCount: Int32Array | undefined;

  private diskReads = 0;
  private bloomPositives = 0;
  private flushes = 0;
  private closed = false;
  private failure: unknown = undefined;

  constructor(dir: string, opts: RefStoreOptions) {
    const bloomBits = opts.bloomBits ?? 2 ** 26;
    const bufferRecords = opts.bufferRecords ?? 65_536;
    if (!Number.isInteger(bloomBits) || bloomBits < 1 || bloomBits > 2 ** 31)
      throw new RangeError(`ref store: bloomBits must be an integer in 1..2^31, got ${bloomBits}`);
    if (!Number.isInteger(bufferRecords) || bufferRecords < 1)
      throw new RangeError(`ref store: bufferRecords must be a positive integer, got ${bufferRecords}`);
    this.bufferRecords = bufferRecords;
    let m = 64;
    while (m < bloomBits) m *= 2;
    const blockBits = Math.min(m, 512);
    this.bloom = new Int32Array(m / 32);
    this.blockMask = m / blockBits - 1;
    this.blockShift = Math.log2(blockBits / 32);
    this.inMask = blockBits - 1;
    this.fpFn = opts.fingerprint;

    mkdirSync(dir, { recursive: true });
    this.tablePath = join(dir, 'table');
    this.logPath = join(dir, 'log');
    this.metaPath = join(dir, 'meta.json');
    if (existsSync(this.metaPath)) {
      const meta = readMeta(this.metaPath);
      this.seed = meta.seed;
      rmSync(`${this.tablePath}.tmp`, { force: true });
      this.tableFd = openSync(this.tablePath, 'r+');
      this.logFd = openSync(this.logPath, 'r+');
      const size = fstatSync(this.tableFd).size;
      const buckets = size / PAGE;
      const depth = Math.log2(buckets);
      if (!Number.isInteger(depth) || depth > 31)
        throw new Error(`ref store: ${this.tablePath} has ${size} bytes, not 4096 × a power of two (corrupt)`);
      this.depth = depth;
      this.logBytes = fstatSync(this.logFd).size;
      if (this.logBytes < meta.logBytes)
        throw new Error(
          `ref store: ${this.logPath} has ${this.logBytes} bytes, meta.json records ${meta.logBytes} (truncated)`,
        );
    } else {
      if (existsSync(this.tablePath) || existsSync(this.logPath))
        throw new Error(`ref store: ${dir} holds a table or log but no meta.json; refusing to overwrite it`);
      this.seed = randomBytes(8).toString('hex');
      writeFileSync(this.tablePath, Buffer.alloc(PAGE));
      writeFileSync(this.logPath, Buffer.alloc(0));
      this.tableFd = openSync(this.tablePath, 'r+');
      this.logFd = openSync(this.logPath, 'r+');
    }
    const key = Buffer.from(this.seed, 'hex');
    this.k0 = key.readInt32LE(0);
    this.k1 = key.readInt32LE(4);
    if (this.logBytes > 0 || this.depth > 0) this.rebuild();
    this.writeMeta();

    this.credited = {
      get: (ref) => {
        const r = this.find(ref);
        return r === null || r.units === 0 ? undefined : r.units;
      },
      set: (ref, units) => {
        if (units >>> 0 !== units)
          throw new RangeError(`ref store: units must be an unsigned 32-bit integer mask, got ${units}`);
        this.obtain(ref).units = units;
        if (this.buf.size >= this.bufferRecords) this.flush();
      },
    };
    this.seen = {
      get: (ref) => {
        const r = this.find(ref);
        return r === null ? undefined : r.ev;
      },
      set: (ref, evidence) => {
        const r = this.obtain(ref);
        if (r.ev !== evidence) {
          r.ev = evidence;
          r.evDirty = true;
        }
        if (this.buf.size >= this.bufferRecords) this.flush();
      },
    };
  }

  // --- lookups ---------------------------------------------------------------------------------------------

  private check(): void {
    if (this.closed) throw new Error('ref store: used after close()');
    if (this.failure !== undefined)
      throw new Error(`ref store: unusable after a failed flush (${String(this.failure)})`);
  }

  /** Fingerprint of `ref` into memoHi/memoLo/memoWide. */
  private fingerprint(ref: string): void {
    if (this.fpFn === undefined) {
      const or = hsip(ref, this.k0, this.k1, 1, 3);
      this.memoHi = HS[0] as number;
      this.memoLo = HS[1] as number;
      this.memoWide = (or & 0xff00ff00) !== 0;
    } else {
      const [hi, lo] = this.fpFn(ref);
      this.memoHi = hi | 0;
      this.memoLo = lo | 0;
      this.memoWide = isWide(ref);
    }
  }

  /** The ref's record (buffered, or a copy read from disk), or null when the store has no record for it. */
  private find(ref: string): Rec | null {
    if (ref === this.memoRef) return this.memoRec;
    this.check();
    this.fingerprint(ref);
    let r: Rec | null | undefined = this.buf.get(ref);
    if (r === undefined) {
      if (this.bloomHas(this.memoHi, this.memoLo)) {
        this.bloomPositives++;
        r = this.diskFind(ref, this.memoHi, this.memoLo, this.memoWide);
      } else r = null;
    }
    this.memoRef = ref;
    this.memoRec = r;
    return r;
  }

  /** The ref's record in the write buffer, created or copied from disk as needed. */
  private obtain(ref: string): Rec {
    let r = this.find(ref);
    if (r === null) {
      r = new Rec(ref, this.memoHi, this.memoLo, 0, undefined, -1, this.memoWide);
      this.bloomAdd(r.fpHi, r.fpLo);
      this.refs++;
      this.memoRec = r;
    }
    if (!r.inBuf) {
      r.inBuf = true;
      this.buf.set(ref, r);
    }
    return r;
  }

  private bucketOf(hi: number): number {
    return this.depth === 0 ? 0 : hi >>> (32 - this.depth);
  }

  private diskFind(ref: string, hi: number, lo: number, wide: boolean): Rec | null {
    const page = this.page;
    readAll(this.tableFd, page, 0, PAGE, this.bucketOf(hi) * PAGE);
    this.diskReads++;
    const count = page.readInt32LE(0);
    const refBytes = wide ? ref.length * 2 : ref.length;
    for (let i = 0, s = 4; i < count; i++, s += SLOT) {
      if (page.readInt32LE(s) !== hi || page.readInt32LE(s + 4) !== lo) continue;
      const off = page.readDoubleLE(s + 8);
      const units = page.readUInt32LE(s + 16);
      // Exactness: the fingerprint only nominates; the log record's ref decides.
      const head = this.logHead;
      const got = readSync(this.logFd, head, 0, head.length, off);
      this.diskReads++;
      if (got < 8) throw new Error(`ref store: log record at ${off} is cut short (store is corrupt)`);
      const a = head.readUInt32LE(0);
      const e = head.readUInt32LE(4);
      if ((a >= WIDE) !== wide || a % WIDE !== refBytes) continue;
      const evBytes = e === NO_EVIDENCE ? 0 : e % WIDE;
      const total = 8 + refBytes + evBytes;
      let rb = head;
      if (total > got) {
        rb = Buffer.allocUnsafe(total);
        readAll(this.logFd, rb, 0, total, off);
        this.diskReads++;
      }
      if (rb.toString(wide ? 'utf16le' : 'latin1', 8, 8 + refBytes) !== ref) continue;
      const ev =
        e === NO_EVIDENCE
          ? undefined
          : rb.toString(e >= WIDE ? 'utf16le' : 'latin1', 8 + refBytes, 8 + refBytes + evBytes);
      return new Rec(ref, hi, lo, units, ev, off, wide);
    }
    return null;
  }

  // --- Bloom filter (blocked: 4 probes in one 512-bit block) ---------------------------------------------------

  private bloomHas(hi: number, lo: number): boolean {
    const bl = this.bloom;
    const base = (lo & this.blockMask) << this.blockShift;
    const m = this.inMask;
    let p = hi & m;
    if (((bl[base + (p >>> 5)] as number) & (1 << (p & 31))) === 0) return false;
    p = (hi >>> 9) & m;
    if (((bl[base + (p >>> 5)] as number) & (1 << (p & 31))) === 0) return false;
    p = (hi >>> 18) & m;
    if (((bl[base + (p >>> 5)] as number) & (1 << (p & 31))) === 0) return false;
    p = (lo >>> 23) & m;
    return ((bl[base + (p >>> 5)] as number) & (1 << (p & 31))) !== 0;
  }

  private bloomAdd(hi: number, lo: number): void {
    const bl = this.bloom;
    const base = (lo & this.blockMask) << this.blockShift;
    const m = this.inMask;
    let p = hi & m;
    bl[base + (p >>> 5)] |= 1 << (p & 31);
    p = (hi >>> 9) & m;
    bl[base + (p >>> 5)] |= 1 << (p & 31);
    p = (hi >>> 18) & m;
    bl[base + (p >>> 5)] |= 1 << (p & 31);
    p = (lo >>> 23) & m;
    bl[base + (p >>> 5)] |= 1 << (p & 31);
  }

  /** Reopen: refill the Bloom filter and recount refs by one sequential scan of the table. */
  private rebuild(): void {
    const win = this.window();
    const buckets = 2 ** this.depth;
    let refs = 0;
    for (let b0 = 0; b0 < buckets; b0 += WINDOW) {
      const pages = Math.min(WINDOW, buckets - b0);
      readAll(this.tableFd, win, 0, pages * PAGE, b0 * PAGE);
      for (let p = 0; p < pages; p++) {
        const base = p * PAGE;
        const count = win.readInt32LE(base);
        if (count < 0 || count > CAP)
          throw new Error(`ref store: bucket ${b0 + p} holds ${count} slots (store is corrupt)`);
        for (let i = 0, s = base + 4; i < count; i++, s += SLOT) {
          this.bloomAdd(win.readInt32LE(s), win.readInt32LE(s + 4));
          if (win.readDoubleLE(s + 8) >= this.logBytes)
            throw new Error(`ref store: bucket ${b0 + p} points past the end of the log (store is corrupt)`);
        }
        refs += count;
      }
    }
    this.refs = refs;
  }

  // --- flush -------------------------------------------------------------------------------------------------

  private window(): Buffer {
    return (this.win ??= Buffer.alloc(WINDOW * PAGE));
  }

  flush(): void {
    this.check();
    const n = this.buf.size;
    if (n === 0) return;
    try {
      const recs = Array.from(this.buf.values());
      this.appendLog(recs);
      const order = this.sortByFingerprint(recs);
      this.apply(recs, order, n);
      this.buf = new Map();
      this.memoRef = undefined;
      this.memoRec = null;
      this.flushes++;
      this.writeMeta();
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /** Append a log record for each new ref and each changed evidence, in 1 MiB writes; set each record's newOff. */
  private appendLog(recs: Rec[]): void {
    const chunk = (this.logChunk ??= Buffer.alloc(LOG_CHUNK));
    let fill = 0;
    let pos = this.logBytes;
    for (const r of recs) {
      if (r.diskOff >= 0 && !r.evDirty) {
        r.newOff = r.diskOff;
        continue;
      }
      const refBytes = r.wide ? r.ref.length * 2 : r.ref.length;
      const ev = r.ev;
      const evWide = ev !== undefined && isWide(ev);
      const evBytes = ev === undefined ? 0 : evWide ? ev.length * 2 : ev.length;
      const need = 8 + refBytes + evBytes;
      if (need > LOG_CHUNK - fill) {
        writeAll(this.logFd, chunk, 0, fill, pos - fill);
        fill = 0;
      }
      const out = need > LOG_CHUNK ? Buffer.allocUnsafe(need) : chunk;
      const at = out === chunk ? fill : 0;
      out.writeUInt32LE(refBytes + (r.wide ? WIDE : 0), at);
      out.writeUInt32LE(ev === undefined ? NO_EVIDENCE : evBytes + (evWide ? WIDE : 0), at + 4);
      if (refBytes > 0) out.write(r.ref, at + 8, refBytes, r.wide ? 'utf16le' : 'latin1');
      if (evBytes > 0) out.write(ev as string, at + 8 + refBytes, evBytes, evWide ? 'utf16le' : 'latin1');
      r.newOff = pos;
      pos += need;
      if (out === chunk) fill += need;
      else writeAll(this.logFd, out, 0, need, r.newOff);
    }
    if (fill > 0) writeAll(this.logFd, chunk, 0, fill, pos - fill);
    this.logBytes = pos;
  }

  /** Indices of `recs` in ascending unsigned order of fpHi (LSD radix sort, two 16-bit passes). */
  private sortByFingerprint(recs: Rec[]): Int32Array {
    const n = recs.length;
    if (this.sortA === undefined || this.sortA.length < n) {
      this.sortA = new Int32Array(Math.max(n, Math.min(this.bufferRecords, 1 << 20)));
      this.sortB = new Int32Array(this.sortA.length);
    }
    const a = this.sortA;
    const b = this.sortB as Int32Array;
    const count = (this.sortCount ??= new Int32Array(1 << 16));
    count.fill(0);
    for (let i = 0; i < n; i++) (count[(recs[i] as Rec).fpHi & 0xffff] as number)++;
    for (let k = 0, sum = 0; k < 1 << 16; k++) {
      const c = count[k] as number;
      count[k] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) b[(count[(recs[i] as Rec).fpHi & 0xffff] as number)++] = i;
    count.fill(0);
    for (let i = 0; i < n; i++) (count[(recs[i] as Rec).fpHi >>> 16] as number)++;
    for (let k = 0, sum = 0; k < 1 << 16; k++) {
      const c = count[k] as number;
      count[k] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const i = b[j] as number;
      a[(count[(recs[i] as Rec).fpHi >>> 16] as number)++] = i;
    }
    return a;
  }

  /** Write the sorted records into their buckets, window by window; double the table when a bucket is full. */
  private apply(recs: Rec[], order: Int32Array, n: number): void {
    const win = this.window();
    const rec = (j: number) => recs[order[j] as number] as Rec;
    let i = 0;
    while (i < n) {
      const first = this.bucketOf(rec(i).fpHi);
      let last = first;
      let j = i;
      while (j < n) {
        const bj = this.bucketOf(rec(j).fpHi);
        if (bj - first >= WINDOW || bj - last > GAP) break;
        last = bj;
        j++;
      }
      const pages = last - first + 1;
      readAll(this.tableFd, win, 0, pages * PAGE, first * PAGE);
      let k = i;
      let full = -1;
      while (k < j) {
        const b = this.bucketOf(rec(k).fpHi);
        let e = k;
        let inserts = 0;
        for (; e < j && this.bucketOf(rec(e).fpHi) === b; e++) if (rec(e).diskOff < 0) inserts++;
        const base = (b - first) * PAGE;
        if (win.readInt32LE(base) + inserts > CAP) {
          full = b;
          break;
        }
        for (let g = k; g < e; g++) this.applyOne(win, base, rec(g));
        k = e;
      }
      const written = full < 0 ? pages : full - first;
      if (written > 0) writeAll(this.tableFd, win, 0, written * PAGE, first * PAGE);
      if (full >= 0) {
        const e = this.groupEnd(recs, order, k, n, full);
        this.grow(win, (full - first) * PAGE, recs, order, k, e);
        i = k;
      } else i = j;
    }
  }

  private groupEnd(recs: Rec[], order: Int32Array, k: number, n: number, b: number): number {
    let e = k;
    while (e < n && this.bucketOf((recs[order[e] as number] as Rec).fpHi) === b) e++;
    return e;
  }

  private applyOne(win: Buffer, base: number, r: Rec): void {
    if (r.diskOff < 0) {
      const count = win.readInt32LE(base);
      const s = base + 4 + count * SLOT;
      win.writeInt32LE(r.fpHi, s);
      win.writeInt32LE(r.fpLo, s + 4);
      win.writeDoubleLE(r.newOff, s + 8);
      win.writeUInt32LE(r.units, s + 16);
      win.writeInt32LE(count + 1, base);
      return;
    }
    const count = win.readInt32LE(base);
    for (let i = 0, s = base + 4; i < count; i++, s += SLOT) {
      if (win.readInt32LE(s) === r.fpHi && win.readInt32LE(s + 4) === r.fpLo && win.readDoubleLE(s + 8) === r.diskOff) {
        win.writeDoubleLE(r.newOff, s + 8);
        win.writeUInt32LE(r.units, s + 16);
        return;
      }
    }
    throw new Error(`ref store: the table lost the slot of a stored ref (store is corrupt)`);
  }

  /**
   * Bucket at `base` in `win` cannot take the inserts of records order[k..e): double the table as many times as
   * it takes for no child bucket to exceed CAP (once, unless fingerprints crowd a prefix).
   */
  private grow(win: Buffer, base: number, recs: Rec[], order: Int32Array, k: number, e: number): void {
    const count = win.readInt32LE(base);
    const his: number[] = [];
    for (let i = 0, s = base + 4; i < count; i++, s += SLOT) his.push(win.readInt32LE(s) >>> 0);
    for (let g = k; g < e; g++) {
      const r = recs[order[g] as number] as Rec;
      if (r.diskOff < 0) his.push(r.fpHi >>> 0);
    }
    const sorted = Uint32Array.from(his).sort();
    let extra = 0;
    for (let bits = this.depth + 1; bits <= 32 && extra === 0; bits++) {
      const sh = 32 - bits;
      let run = 0;
      let max = 0;
      for (let i = 0; i < sorted.length; i++) {
        run = i > 0 && (sorted[i] as number) >>> sh === (sorted[i - 1] as number) >>> sh ? run + 1 : 1;
        if (run > max) max = run;
      }
      if (max <= CAP) extra = bits - this.depth;
    }
    if (extra === 0 || this.depth + extra > 31)
      throw new Error(
        `ref store: more than ${CAP} refs share one fingerprint prefix; the table cannot be split further`,
      );
    for (let t = 0; t < extra; t++) this.double();
  }

  /** Double the table: stream it bucket by bucket into a new file, each bucket split by the next fingerprint bit. */
  private double(): void {
    const src = this.window();
    const dst = Buffer.alloc(2 * WINDOW * PAGE);
    const buckets = 2 ** this.depth;
    const sh = 31 - this.depth;
    const tmp = `${this.tablePath}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      for (let b0 = 0; b0 < buckets; b0 += WINDOW) {
        const pages = Math.min(WINDOW, buckets - b0);
        readAll(this.tableFd, src, 0, pages * PAGE, b0 * PAGE);
        dst.fill(0, 0, 2 * pages * PAGE);
        for (let p = 0; p < pages; p++) {
          const base = p * PAGE;
          const count = src.readInt32LE(base);
          const d0 = 2 * p * PAGE;
          const d1 = d0 + PAGE;
          let n0 = 0;
          let n1 = 0;
          for (let i = 0, s = base + 4; i < count; i++, s += SLOT) {
            if (((src.readInt32LE(s) >>> sh) & 1) === 0) src.copy(dst, d0 + 4 + SLOT * n0++, s, s + SLOT);
            else src.copy(dst, d1 + 4 + SLOT * n1++, s, s + SLOT);
          }
          dst.writeInt32LE(n0, d0);
          dst.writeInt32LE(n1, d1);
        }
        writeAll(fd, dst, 0, 2 * pages * PAGE, 2 * b0 * PAGE);
      }
    } finally {
      closeSync(fd);
    }
    closeSync(this.tableFd);
    this.tableFd = -1;
    renameSync(tmp, this.tablePath);
    this.tableFd = openSync(this.tablePath, 'r+');
    this.depth++;
    this.writeMeta();
  }

  private writeMeta(): void {
    const meta: Meta = {
      format: FORMAT,
      version: VERSION,
      seed: this.seed,
      bucketBytes: PAGE,
      slotBytes: SLOT,
      depth: this.depth,
      refs: this.refs - this.pendingNew(),
      logBytes: this.logBytes,
    };
    writeFileSync(`${this.metaPath}.tmp`, `${JSON.stringify(meta, null, 2)}\n`);
    renameSync(`${this.metaPath}.tmp`, this.metaPath);
  }

  /** Buffered refs not yet in the table (only nonzero while a flush doubles the table). */
  private pendingNew(): number {
    let n = 0;
    for (const r of this.buf.values()) if (r.diskOff < 0) n++;
    return n;
  }

  close(): void {
    if (this.closed) return;
    try {
      if (this.failure === undefined) this.flush();
    } finally {
      this.closed = true;
      this.memoRef = undefined;
      this.memoRec = null;
      if (this.tableFd >= 0) closeSync(this.tableFd);
      if (this.logFd >= 0) closeSync(this.logFd);
      this.tableFd = -1;
      this.logFd = -1;
    }
  }

  stats(): RefStoreStats {
    return {
      refs: this.refs,
      buckets: 2 ** this.depth,
      diskReads: this.diskReads,
      bloomPositives: this.bloomPositives,
      flushes: this.flushes,
      bytes: 2 ** this.depth * PAGE + this.logBytes,
      buffered: this.buf.size,
    };
  }
}

/**
 * Open (or create) a disk-backed ref store in `dir`: exact, flat in memory, for the ledger's credited refs and
 * the batch's seen ids over unbounded streams.
 *
 * @example
 * const store = openRefStore('/tmp/refs');
 * const batch = new CarbonBatch({ seen: store.seen, ledger: new Ledger({ credited: store.credited }) });
 * // ... process the stream ...
 * store.close();
 */
export function openRefStore(dir: string, opts: RefStoreOptions = {}): RefStore {
  return new DiskRefStore(dir, opts);
}
