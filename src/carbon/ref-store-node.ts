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
 * records (typed-array columns, the buffered ref and evidence strings, an index of 2 × bufferRecords int32) and a
 * few fixed I/O buffers (one page, a 256 KiB window, a 1 MiB log chunk, 512 KiB more while the table doubles).
 * Nothing is kept per ref beyond the buffer, which is emptied by every flush.
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
 * - Write buffer: columns in typed arrays plus an open-addressing index probed from the fingerprint (a match
 *   confirmed by comparing the ref string), instead of a Map of record objects. The Map cost about 300 ns per new
 *   ref (string hashing, table growth, and 65 536 objects promoted to the old generation before each flush); the
 *   columns also make the flush's radix sort and bucket pass read sequential memory. The batch's repeated calls on
 *   one ref are served by a memo of the last lookup (fingerprint, buffer slot or disk record).
 * - Buckets that cannot be split: if more than 204 refs share all 32 bits of the high fingerprint word (not
 *   reachable with the keyed hash, only with a forced test fingerprint) the flush throws instead of doubling
 *   the table forever; likewise when a split would need more buckets than there are refs (fingerprints crowding
 *   one prefix). A flush that throws leaves the store unusable (further calls throw; close() still closes).
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
import { basename, join } from 'node:path';
import { carbonFail } from './errors';
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

/** A store that cannot be read as written (corrupt, truncated, another format): CARBON_ID_STORE_INVALID. */
function invalid(detail: string): never {
  return carbonFail('CARBON_ID_STORE_INVALID', [], { detail });
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
 * The SipRound is written out at each of its three uses on purpose: the four state words stay in locals (a shared
 * round function would have to pass them through an array), and this runs for every lookup.
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
    if (n === 0) invalid(`unexpected end of file at byte ${pos} (store is corrupt)`);
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

/** Write `s` at `out[at]` as Latin-1 (every code unit < 256) or UTF-16LE; short strings by hand (cheaper). */
function encodeInto(out: Buffer, at: number, s: string, wide: boolean): void {
  const n = s.length;
  if (n > 48) out.write(s, at, wide ? n * 2 : n, wide ? 'utf16le' : 'latin1');
  else if (wide)
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      out[at + 2 * i] = c & 0xff;
      out[at + 2 * i + 1] = c >>> 8;
    }
  else for (let i = 0; i < n; i++) out[at + i] = s.charCodeAt(i);
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
    invalid(`${path} is not valid JSON (${(e as Error).message})`);
  }
  const o = m as Partial<Meta> | null;
  if (typeof o !== 'object' || o === null || o.format !== FORMAT)
    invalid(`${path} is not a ${FORMAT} meta file`);
  if (o.version !== VERSION)
    invalid(`${path} has format version ${JSON.stringify(o.version)}, this gepkit reads version ${VERSION}`);
  if (
    typeof o.seed !== 'string' ||
    !/^[0-9a-f]{16}$/.test(o.seed) ||
    o.bucketBytes !== PAGE ||
    o.slotBytes !== SLOT ||
    !Number.isSafeInteger(o.logBytes) ||
    (o.logBytes as number) < 0
  )
    invalid(`${path} is corrupt (seed, bucketBytes, slotBytes or logBytes invalid)`);
  return o as Meta;
}

/** A buffer of `bytes` bytes with a little-endian view on it. */
function block(bytes: number): { buf: Buffer; dv: DataView } {
  const ab = new ArrayBuffer(bytes);
  return { buf: Buffer.from(ab), dv: new DataView(ab) };
}

const F_WIDE = 1;
const F_EV_DIRTY = 2;

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
  /** Refs in the table. */
  private diskRefs = 0;
  /** Refs in the write buffer and not yet in the table. */
  private bufNew = 0;
  private readonly seed: string;
  private readonly k0: number;
  private readonly k1: number;
  private readonly fpFn: ((ref: string) => readonly [number, number]) | undefined;

  private readonly bloom: Int32Array;
  /** Blocks − 1 (a block is min(512, bits) bits). */
  private readonly blockMask: number;
  /** log2 of the 32-bit words per block. */
  private readonly blockShift: number;
  /** Bits per block − 1. */
  private readonly inMask: number;

  // The write buffer: records 0..n−1 as columns, found through an open-addressing index on the fingerprint.
  private readonly bufferRecords: number;
  private n = 0;
  private bcap = 0;
  private bHi = new Int32Array(0);
  private bLo = new Int32Array(0);
  private bUnits = new Uint32Array(0);
  /** Log offset of the record the table slot points at; −1 while the ref is not in the table. */
  private bOff = new Float64Array(0);
  /** During a flush: the log offset the slot will point at. */
  private bNew = new Float64Array(0);
  private bFlags = new Uint8Array(0);
  private bRef: string[] = [];
  private bEv: (string | undefined)[] = [];
  /** Record index + 1, 0 = empty; linear probing from the fingerprint's low word. */
  private index = new Int32Array(0);
  private imask = 0;

  // The last lookup: the batch asks about one ref several times in a row.
  private memoRef: string | undefined = undefined;
  private memoHi = 0;
  private memoLo = 0;
  private memoWide = false;
  /** Its buffer record, or −1. */
  private memoIdx = -1;
  /** When not buffered: the empty index slot where it would go, and what the disk holds. */
  private memoSlot = 0;
  private memoFound = false;
  private memoUnits = 0;
  private memoEv: string | undefined = undefined;
  private memoOff = -1;

  private readonly page = block(PAGE);
  private readonly logHead = Buffer.alloc(512);
  private win: { buf: Buffer; dv: DataView } | undefined;
  private logChunk: Buffer | undefined;
  private sortA = new Int32Array(0);
  private sortB = new Int32Array(0);
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
    if (!Number.isInteger(bufferRecords) || bufferRecords < 1 || bufferRecords > 2 ** 26)
      throw new RangeError(`ref store: bufferRecords must be an integer in 1..2^26, got ${bufferRecords}`);
    this.bufferRecords = bufferRecords;
    let m = 64;
    while (m < bloomBits) m *= 2;
    const blockBits = Math.min(m, 512);
    this.bloom = new Int32Array(m / 32);
    this.blockMask = m / blockBits - 1;
    this.blockShift = Math.log2(blockBits / 32);
    this.inMask = blockBits - 1;
    this.fpFn = opts.fingerprint;
    this.growBuffer();

    mkdirSync(dir, { recursive: true });
    this.tablePath = join(dir, 'table');
    this.logPath = join(dir, 'log');
    this.metaPath = join(dir, 'meta.json');
    const reopen = existsSync(this.metaPath);
    // A store refused while opening (corrupt, truncated) must not keep its files open.
    try {
      if (reopen) {
        const meta = readMeta(this.metaPath);
        this.seed = meta.seed;
        rmSync(`${this.tablePath}.tmp`, { force: true });
        for (const f of [this.tablePath, this.logPath])
          if (!existsSync(f)) invalid(`${dir} has meta.json but no ${basename(f)} (files were removed)`);
        this.tableFd = openSync(this.tablePath, 'r+');
        this.logFd = openSync(this.logPath, 'r+');
        const size = fstatSync(this.tableFd).size;
        const depth = Math.log2(size / PAGE);
        if (!Number.isInteger(depth) || depth > 31)
          invalid(`${this.tablePath} has ${size} bytes, not 4096 × a power of two (corrupt)`);
        this.depth = depth;
        this.logBytes = fstatSync(this.logFd).size;
        if (this.logBytes < meta.logBytes)
          invalid(
            `${this.logPath} has ${this.logBytes} bytes, meta.json records ${meta.logBytes} (truncated)`,
          );
      } else {
        if (existsSync(this.tablePath) || existsSync(this.logPath))
          invalid(`${dir} holds a table or log but no meta.json; refusing to overwrite it`);
        this.seed = randomBytes(8).toString('hex');
        writeFileSync(this.tablePath, Buffer.alloc(PAGE));
        writeFileSync(this.logPath, Buffer.alloc(0));
        this.tableFd = openSync(this.tablePath, 'r+');
        this.logFd = openSync(this.logPath, 'r+');
      }
      const key = Buffer.from(this.seed, 'hex');
      this.k0 = key.readInt32LE(0);
      this.k1 = key.readInt32LE(4);
      if (reopen) this.rebuild();
      this.writeMeta();
    } catch (e) {
      if (this.tableFd >= 0) closeSync(this.tableFd);
      if (this.logFd >= 0) closeSync(this.logFd);
      throw e;
    }

    this.credited = {
      get: (ref) => {
        this.find(ref);
        const u =
          this.memoIdx >= 0 ? (this.bUnits[this.memoIdx] as number) : this.memoFound ? this.memoUnits : 0;
        return u === 0 ? undefined : u;
      },
      set: (ref, units) => {
        if (units >>> 0 !== units)
          throw new RangeError(`ref store: units must be an unsigned 32-bit integer mask, got ${units}`);
        // obtain() first: it may grow the buffer, replacing bUnits (`this.bUnits[this.obtain(ref)] = …` would
        // evaluate the old array before the call and write the mask into it).
        const i = this.obtain(ref);
        this.bUnits[i] = units;
        if (this.n >= this.bufferRecords) this.flush();
      },
    };
    this.seen = {
      get: (ref) => {
        this.find(ref);
        return this.memoIdx >= 0 ? this.bEv[this.memoIdx] : this.memoFound ? this.memoEv : undefined;
      },
      set: (ref, evidence) => {
        const i = this.obtain(ref);
        if (this.bEv[i] !== evidence) {
          this.bEv[i] = evidence;
          this.bFlags[i] = (this.bFlags[i] as number) | F_EV_DIRTY;
        }
        if (this.n >= this.bufferRecords) this.flush();
      },
    };
  }

  // --- lookups ---------------------------------------------------------------------------------------------

  private check(): void {
    if (this.closed) throw new Error('ref store: used after close()');
    if (this.failure !== undefined)
      throw new Error(`ref store: unusable after a failed flush (${String(this.failure)})`);
  }

  /** Fingerprint `ref` into memoHi/memoLo/memoWide. */
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

  /** Make `ref` the memo: its buffer record (memoIdx), else what the disk holds for it (memoFound, ...). */
  private find(ref: string): void {
    if (ref === this.memoRef) return;
    this.check();
    this.memoRef = undefined;
    this.fingerprint(ref);
    const hi = this.memoHi;
    const lo = this.memoLo;
    // The buffer: probe from the low word; a fingerprint match is confirmed by the string.
    const index = this.index;
    const mask = this.imask;
    let s = lo & mask;
    let idx = -1;
    for (;;) {
      const v = index[s] as number;
      if (v === 0) break;
      if (this.bHi[v - 1] === hi && this.bLo[v - 1] === lo && this.bRef[v - 1] === ref) {
        idx = v - 1;
        break;
      }
      s = (s + 1) & mask;
    }
    this.memoIdx = idx;
    this.memoSlot = s;
    this.memoFound = false;
    if (idx < 0 && this.bloomHas(hi, lo)) {
      this.bloomPositives++;
      this.diskFind(ref, hi, lo, this.memoWide);
    }
    this.memoRef = ref;
  }

  /** The buffer record of `ref`, created (from the disk record if there is one) when needed. */
  private obtain(ref: string): number {
    this.find(ref);
    if (this.memoIdx >= 0) return this.memoIdx;
    if (this.n === this.bcap) {
      this.growBuffer();
      // The index was rebuilt: find the ref's empty slot again.
      let s = this.memoLo & this.imask;
      while (this.index[s] !== 0) s = (s + 1) & this.imask;
      this.memoSlot = s;
    }
    const i = this.n++;
    this.bHi[i] = this.memoHi;
    this.bLo[i] = this.memoLo;
    this.bFlags[i] = this.memoWide ? F_WIDE : 0;
    this.bRef[i] = ref;
    if (this.memoFound) {
      this.bUnits[i] = this.memoUnits;
      this.bEv[i] = this.memoEv;
      this.bOff[i] = this.memoOff;
    } else {
      this.bUnits[i] = 0;
      this.bEv[i] = undefined;
      this.bOff[i] = -1;
      this.bloomAdd(this.memoHi, this.memoLo);
      this.bufNew++;
    }
    this.index[this.memoSlot] = i + 1;
    this.memoIdx = i;
    return i;
  }

  /** Allocate the buffer's columns (first call) or double them, up to bufferRecords; rebuild the index. */
  private growBuffer(): void {
    const cap = Math.min(this.bufferRecords, this.bcap === 0 ? 4096 : this.bcap * 2);
    const grow = <T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
    ) => {
      const a = make(cap);
      a.set(old);
      return a;
    };
    this.bHi = grow(this.bHi, (k) => new Int32Array(k));
    this.bLo = grow(this.bLo, (k) => new Int32Array(k));
    this.bUnits = grow(this.bUnits, (k) => new Uint32Array(k));
    this.bOff = grow(this.bOff, (k) => new Float64Array(k));
    this.bNew = new Float64Array(cap);
    this.bFlags = grow(this.bFlags, (k) => new Uint8Array(k));
    let size = 2;
    while (size < 2 * cap) size *= 2;
    this.index = new Int32Array(size);
    this.imask = size - 1;
    for (let i = 0; i < this.n; i++) {
      let s = (this.bLo[i] as number) & this.imask;
      while (this.index[s] !== 0) s = (s + 1) & this.imask;
      this.index[s] = i + 1;
    }
    this.bcap = cap;
  }

  private diskFind(ref: string, hi: number, lo: number, wide: boolean): void {
    const { buf, dv } = this.page;
    readAll(this.tableFd, buf, 0, PAGE, ((hi >>> 1) >>> (31 - this.depth)) * PAGE);
    this.diskReads++;
    const count = dv.getInt32(0, true);
    const refBytes = wide ? ref.length * 2 : ref.length;
    for (let i = 0, s = 4; i < count; i++, s += SLOT) {
      if (dv.getInt32(s, true) !== hi || dv.getInt32(s + 4, true) !== lo) continue;
      const off = dv.getFloat64(s + 8, true);
      // Exactness: the fingerprint only nominates; the log record's ref decides.
      const head = this.logHead;
      const got = readSync(this.logFd, head, 0, head.length, off);
      this.diskReads++;
      if (got < 8) invalid(`log record at ${off} is cut short (store is corrupt)`);
      const a = head.readUInt32LE(0);
      const e = head.readUInt32LE(4);
      if (a >= WIDE !== wide || a % WIDE !== refBytes) continue;
      const evBytes = e === NO_EVIDENCE ? 0 : e % WIDE;
      const total = 8 + refBytes + evBytes;
      let rb = head;
      if (total > got) {
        rb = Buffer.allocUnsafe(total);
        readAll(this.logFd, rb, 0, total, off);
        this.diskReads++;
      }
      if (rb.toString(wide ? 'utf16le' : 'latin1', 8, 8 + refBytes) !== ref) continue;
      this.memoFound = true;
      this.memoUnits = dv.getUint32(s + 16, true);
      this.memoOff = off;
      this.memoEv =
        e === NO_EVIDENCE
          ? undefined
          : rb.toString(e >= WIDE ? 'utf16le' : 'latin1', 8 + refBytes, 8 + refBytes + evBytes);
      return;
    }
  }

  // --- Bloom filter (blocked: 4 probes in one block of up to 512 bits) ---------------------------------------

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
    let w = base + (p >>> 5);
    bl[w] = (bl[w] as number) | (1 << (p & 31));
    p = (hi >>> 9) & m;
    w = base + (p >>> 5);
    bl[w] = (bl[w] as number) | (1 << (p & 31));
    p = (hi >>> 18) & m;
    w = base + (p >>> 5);
    bl[w] = (bl[w] as number) | (1 << (p & 31));
    p = (lo >>> 23) & m;
    w = base + (p >>> 5);
    bl[w] = (bl[w] as number) | (1 << (p & 31));
  }

  /** Reopen: refill the Bloom filter and recount refs by one sequential scan of the table. */
  private rebuild(): void {
    const { buf, dv } = this.window();
    const buckets = 2 ** this.depth;
    let refs = 0;
    for (let b0 = 0; b0 < buckets; b0 += WINDOW) {
      const pages = Math.min(WINDOW, buckets - b0);
      readAll(this.tableFd, buf, 0, pages * PAGE, b0 * PAGE);
      for (let p = 0; p < pages; p++) {
        const base = p * PAGE;
        const count = dv.getInt32(base, true);
        if (count < 0 || count > CAP) invalid(`bucket ${b0 + p} holds ${count} slots (store is corrupt)`);
        for (let i = 0, s = base + 4; i < count; i++, s += SLOT) {
          this.bloomAdd(dv.getInt32(s, true), dv.getInt32(s + 4, true));
          if (dv.getFloat64(s + 8, true) >= this.logBytes)
            invalid(`bucket ${b0 + p} points past the end of the log (store is corrupt)`);
        }
        refs += count;
      }
    }
    this.diskRefs = refs;
  }

  // --- flush -------------------------------------------------------------------------------------------------

  private window(): { buf: Buffer; dv: DataView } {
    return (this.win ??= block(WINDOW * PAGE));
  }

  flush(): void {
    this.check();
    const n = this.n;
    if (n === 0) return;
    try {
      this.appendLog(n);
      this.apply(this.sortByFingerprint(n), n);
      this.index.fill(0);
      this.bRef.fill('', 0, n);
      this.bEv.fill(undefined, 0, n);
      this.n = 0;
      this.bufNew = 0;
      this.memoRef = undefined;
      this.flushes++;
      this.writeMeta();
    } catch (e) {
      this.failure = e;
      this.memoRef = undefined;
      throw e;
    }
  }

  /** Append a log record for each new ref and each changed evidence, in 1 MiB writes; fill bNew. */
  private appendLog(n: number): void {
    const chunk = (this.logChunk ??= Buffer.alloc(LOG_CHUNK));
    let fill = 0;
    let pos = this.logBytes;
    for (let i = 0; i < n; i++) {
      const flags = this.bFlags[i] as number;
      const diskOff = this.bOff[i] as number;
      if (diskOff >= 0 && (flags & F_EV_DIRTY) === 0) {
        this.bNew[i] = diskOff;
        continue;
      }
      const ref = this.bRef[i] as string;
      const wide = (flags & F_WIDE) !== 0;
      const refBytes = wide ? ref.length * 2 : ref.length;
      const ev = this.bEv[i];
      const evWide = ev !== undefined && isWide(ev);
      const evBytes = ev === undefined ? 0 : evWide ? ev.length * 2 : ev.length;
      const need = 8 + refBytes + evBytes;
      if (need > LOG_CHUNK - fill) {
        writeAll(this.logFd, chunk, 0, fill, pos - fill);
        fill = 0;
      }
      const big = need > LOG_CHUNK;
      const out = big ? Buffer.allocUnsafe(need) : chunk;
      const at = big ? 0 : fill;
      out.writeUInt32LE(refBytes + (wide ? WIDE : 0), at);
      out.writeUInt32LE(ev === undefined ? NO_EVIDENCE : evBytes + (evWide ? WIDE : 0), at + 4);
      encodeInto(out, at + 8, ref, wide);
      if (ev !== undefined) encodeInto(out, at + 8 + refBytes, ev, evWide);
      this.bNew[i] = pos;
      if (big) writeAll(this.logFd, out, 0, need, pos);
      else fill += need;
      pos += need;
    }
    if (fill > 0) writeAll(this.logFd, chunk, 0, fill, pos - fill);
    this.logBytes = pos;
  }

  /** Buffer records 0..n−1 in ascending unsigned order of their fingerprint's high word (LSD radix, 2 × 16 bits). */
  private sortByFingerprint(n: number): Int32Array {
    if (this.sortA.length < n) {
      this.sortA = new Int32Array(this.bcap);
      this.sortB = new Int32Array(this.bcap);
    }
    const a = this.sortA;
    const b = this.sortB;
    const hi = this.bHi;
    const count = (this.sortCount ??= new Int32Array(1 << 16));
    count.fill(0);
    for (let i = 0; i < n; i++) (count[(hi[i] as number) & 0xffff] as number)++;
    for (let k = 0, sum = 0; k < 1 << 16; k++) {
      const c = count[k] as number;
      count[k] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) b[(count[(hi[i] as number) & 0xffff] as number)++] = i;
    count.fill(0);
    for (let i = 0; i < n; i++) (count[(hi[i] as number) >>> 16] as number)++;
    for (let k = 0, sum = 0; k < 1 << 16; k++) {
      const c = count[k] as number;
      count[k] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const i = b[j] as number;
      a[(count[(hi[i] as number) >>> 16] as number)++] = i;
    }
    return a;
  }

  /** Write the sorted records into their buckets, window by window; double the table when a bucket is full. */
  private apply(order: Int32Array, n: number): void {
    const { buf, dv } = this.window();
    const hi = this.bHi;
    const off = this.bOff;
    let i = 0;
    while (i < n) {
      const sh = 31 - this.depth;
      const first = ((hi[order[i] as number] as number) >>> 1) >>> sh;
      let last = first;
      let j = i;
      for (; j < n; j++) {
        const bj = ((hi[order[j] as number] as number) >>> 1) >>> sh;
        if (bj - first >= WINDOW || bj - last > GAP) break;
        last = bj;
      }
      const pages = last - first + 1;
      readAll(this.tableFd, buf, 0, pages * PAGE, first * PAGE);
      let k = i;
      let full = -1;
      while (k < j) {
        const b = ((hi[order[k] as number] as number) >>> 1) >>> sh;
        let e = k;
        let inserts = 0;
        for (; e < j && ((hi[order[e] as number] as number) >>> 1) >>> sh === b; e++)
          if ((off[order[e] as number] as number) < 0) inserts++;
        const base = (b - first) * PAGE;
        if (dv.getInt32(base, true) + inserts > CAP) {
          full = b;
          break;
        }
        for (let g = k; g < e; g++) this.applyOne(dv, base, order[g] as number);
        k = e;
      }
      const written = full < 0 ? pages : full - first;
      if (written > 0) writeAll(this.tableFd, buf, 0, written * PAGE, first * PAGE);
      if (full >= 0) {
        this.grow(dv, (full - first) * PAGE, order, k, n);
        i = k;
      } else i = j;
    }
  }

  private applyOne(dv: DataView, base: number, r: number): void {
    const hi = this.bHi[r] as number;
    const lo = this.bLo[r] as number;
    const diskOff = this.bOff[r] as number;
    const count = dv.getInt32(base, true);
    if (diskOff < 0) {
      const s = base + 4 + count * SLOT;
      dv.setInt32(s, hi, true);
      dv.setInt32(s + 4, lo, true);
      dv.setFloat64(s + 8, this.bNew[r] as number, true);
      dv.setUint32(s + 16, this.bUnits[r] as number, true);
      dv.setInt32(base, count + 1, true);
      this.diskRefs++;
      return;
    }
    for (let i = 0, s = base + 4; i < count; i++, s += SLOT) {
      if (
        dv.getInt32(s, true) === hi &&
        dv.getInt32(s + 4, true) === lo &&
        dv.getFloat64(s + 8, true) === diskOff
      ) {
        dv.setFloat64(s + 8, this.bNew[r] as number, true);
        dv.setUint32(s + 16, this.bUnits[r] as number, true);
        return;
      }
    }
    invalid('the table lost the slot of a stored ref (store is corrupt)');
  }

  /**
   * The bucket at `base` cannot take the inserts of the records order[k..] that fall in it: double the table as
   * many times as it takes for no child bucket to exceed CAP (once, unless fingerprints crowd one prefix).
   */
  private grow(dv: DataView, base: number, order: Int32Array, k: number, n: number): void {
    const sh = 31 - this.depth;
    const b = ((this.bHi[order[k] as number] as number) >>> 1) >>> sh;
    const count = dv.getInt32(base, true);
    const his: number[] = [];
    for (let i = 0, s = base + 4; i < count; i++, s += SLOT) his.push(dv.getInt32(s, true) >>> 0);
    for (let g = k; g < n; g++) {
      const r = order[g] as number;
      const h = this.bHi[r] as number;
      if ((h >>> 1) >>> sh !== b) break;
      if ((this.bOff[r] as number) < 0) his.push(h >>> 0);
    }
    const sorted = Uint32Array.from(his).sort();
    let extra = 0;
    for (let bits = this.depth + 1; bits <= 32 && extra === 0; bits++) {
      const shift = 32 - bits;
      let run = 0;
      let max = 0;
      for (let i = 0; i < sorted.length; i++) {
        run = i > 0 && (sorted[i] as number) >>> shift === (sorted[i - 1] as number) >>> shift ? run + 1 : 1;
        if (run > max) max = run;
      }
      if (max <= CAP) extra = bits - this.depth;
    }
    // Doubling a table of buckets for refs whose fingerprints crowd one prefix would mostly write empty pages:
    // refuse beyond one bucket per ref (a healthy table holds about 100 refs per bucket).
    if (
      extra === 0 ||
      this.depth + extra > 31 ||
      2 ** (this.depth + extra) > Math.max(1024, this.diskRefs + this.n)
    )
      invalid(`more than ${CAP} refs share one fingerprint prefix; the table cannot be split further`);
    for (let t = 0; t < extra; t++) this.double();
  }

  /** Double the table: stream it bucket by bucket into a new file, each bucket split by the next fingerprint bit. */
  private double(): void {
    const src = this.window();
    const dst = block(2 * WINDOW * PAGE);
    const sdv = src.dv;
    const ddv = dst.dv;
    const buckets = 2 ** this.depth;
    const sh = 31 - this.depth;
    const tmp = `${this.tablePath}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      for (let b0 = 0; b0 < buckets; b0 += WINDOW) {
        const pages = Math.min(WINDOW, buckets - b0);
        readAll(this.tableFd, src.buf, 0, pages * PAGE, b0 * PAGE);
        dst.buf.fill(0, 0, 2 * pages * PAGE);
        for (let p = 0; p < pages; p++) {
          const base = p * PAGE;
          const count = sdv.getInt32(base, true);
          const d0 = 2 * p * PAGE;
          const d1 = d0 + PAGE;
          let n0 = 0;
          let n1 = 0;
          for (let i = 0, s = base + 4; i < count; i++, s += SLOT) {
            const h = sdv.getInt32(s, true);
            const d = ((h >>> sh) & 1) === 0 ? d0 + 4 + SLOT * n0++ : d1 + 4 + SLOT * n1++;
            ddv.setInt32(d, h, true);
            ddv.setInt32(d + 4, sdv.getInt32(s + 4, true), true);
            ddv.setFloat64(d + 8, sdv.getFloat64(s + 8, true), true);
            ddv.setUint32(d + 16, sdv.getUint32(s + 16, true), true);
          }
          ddv.setInt32(d0, n0, true);
          ddv.setInt32(d1, n1, true);
        }
        writeAll(fd, dst.buf, 0, 2 * pages * PAGE, 2 * b0 * PAGE);
      }
    } finally {
      closeSync(fd);
    }
    closeSync(this.tableFd);
    this.tableFd = -1;
    renameSync(tmp, this.tablePath);
    this.tableFd = openSync(this.tablePath, 'r+');
    this.depth++;
  }

  private writeMeta(): void {
    const meta: Meta = {
      format: FORMAT,
      version: VERSION,
      seed: this.seed,
      bucketBytes: PAGE,
      slotBytes: SLOT,
      depth: this.depth,
      refs: this.diskRefs,
      logBytes: this.logBytes,
    };
    writeFileSync(`${this.metaPath}.tmp`, `${JSON.stringify(meta, null, 2)}\n`);
    renameSync(`${this.metaPath}.tmp`, this.metaPath);
  }

  close(): void {
    if (this.closed) return;
    try {
      if (this.failure === undefined) this.flush();
    } finally {
      this.closed = true;
      this.memoRef = undefined;
      if (this.tableFd >= 0) closeSync(this.tableFd);
      if (this.logFd >= 0) closeSync(this.logFd);
      this.tableFd = -1;
      this.logFd = -1;
    }
  }

  stats(): RefStoreStats {
    return {
      refs: this.diskRefs + this.bufNew,
      buckets: 2 ** this.depth,
      diskReads: this.diskReads,
      bloomPositives: this.bloomPositives,
      flushes: this.flushes,
      bytes: 2 ** this.depth * PAGE + this.logBytes,
      buffered: this.n,
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
