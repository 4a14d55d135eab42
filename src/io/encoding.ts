/**
 * The shared text reader for input files: bytes in, text out, never mojibake. A byte-order mark decides (UTF-8,
 * UTF-16 LE/BE; the mark is removed); else valid UTF-8 is UTF-8, unless it is GBK that is valid UTF-8 by chance
 * (below), which is GB18030; else, when the bytes mix the two (a line that is UTF-8 evidence beside a line that is
 * not valid UTF-8, see below), they are refused, naming the first line that is not UTF-8; else the bytes are decoded
 * as GB18030 (which covers GBK and GB2312, the encodings Chinese spreadsheet tools save as "ANSI"), and the result is
 * accepted only when it is clean: no replacement character and no control character other than tab, CR and LF.
 * Anything else is refused with the reason, so that two users' names can never decode to the same garbage.
 *
 * UTF-8 evidence is a line (the bytes between line feeds) that is valid UTF-8 and holds a character of three or
 * four bytes (U+0800 and above: every CJK character). A GBK line never forms one from ASCII and the 3,755 common
 * hanzi (GB2312 level 1, lead bytes B0–D7: a UTF-8 sequence can only start at their lead byte), only from rarer
 * characters whose lead byte is E0–F4, and then only when the bytes after them line up too. Two-byte UTF-8
 * characters it forms by chance often (a common hanzi alone is valid UTF-8 about one time in 5.5, two in a row about
 * one in thirty: 亩 is C4 B6, "Ķ"; 魏巍 is CE BA CE A1, "κΡ"), so a line of two-byte characters only (é, °, ²) is no
 * evidence. Lines split cleanly in both encodings: a line feed is never part of a UTF-8 or GB18030 character.
 *
 * GBK that is valid UTF-8 by chance (a file whose hanzi all pair up so: 亩 C4 B6 is "Ķ", 石 "ʯ", 毛 "ë") is read as
 * GB18030. Bytes that are valid UTF-8 are GB18030 when, read as UTF-8,
 * - they hold no character of three or four bytes (a Chinese character in UTF-8 is three);
 * - each two-byte character has a second byte A1–BF: GB18030 reads every two-byte character as one CJK ideograph,
 *   these as a GB2312 hanzi, as every GB2312 hanzi that is valid UTF-8 is; most pinyin tone marks (ā ǎ ǐ ǒ ǔ ē ě
 *   ō), à, ×, ß and most Central European letters (ł ř č ę) have a second byte 80–A0 and keep a file UTF-8;
 * - one of them at least is outside Latin-1 (U+0080–U+00FF: é ü ° ² ³ µ) and outside the Greek letters
 *   U+0386–U+03CE (μ α Δ): the two-byte characters of units and names in UTF-8 without Chinese;
 * - and the GB18030 reading is clean.
 * Of the GB2312 level-1 hanzi that are valid UTF-8, 86 % fall outside Latin-1 and the Greek letters (石 "ʯ", 叶 "Ҷ";
 * 头 "ͷ" is an archaic Greek letter, 系 "ϵ" a symbol), and 98 % of the valid pairs hold one. Ambiguous either way:
 * UTF-8 without Chinese whose letters beyond Latin-1 and Greek all have a second byte A1–BF (ī ū ı İ š ž, Cyrillic
 * а–п) is read as GB18030, and GBK whose hanzi all read as Latin-1 or Greek letters (毛 "ë", 魏巍 "κΡ") as UTF-8. A
 * byte-order mark always decides, and so does an encoding the caller declares (`declared`: a request body whose
 * Content-Type says `charset=utf-8`): the bytes are then read as that, strictly, or refused.
 *
 * @example
 * ```ts
 * decodeText(new Uint8Array([0xd3, 0xc3, 0xbb, 0xa7, 0xbc, 0xd7])); // { ok: true, text: '用户甲', encoding: 'gb18030' }
 * ```
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * A text decoded: its encoding, and where the encoding was guessed (`guessed`: the bytes are valid UTF-8 and were
 * read as GB18030 by the rule of GBK valid as UTF-8 by chance, at the first character that decided it).
 */
export type DecodedText =
  { ok: true; text: string; encoding: TextEncodingName; guessed?: GuessedAt } | { ok: false; detail: string };

/** Where a file valid as UTF-8 was read as GB18030 by chance: the line (from 1) and byte (from 0) of the first such character. */
export interface GuessedAt {
  line: number;
  byte: number;
}

/** Index of the first control character other than tab, LF and CR, or replacement character U+FFFD; −1 if none. */
function firstUnclean(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) return i;
  }
  return -1;
}

export function decodeText(bytes: Uint8Array, declared?: 'utf-8'): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict(bytes.subarray(2), 'utf-16be');
  if (declared !== undefined) return strict(bytes, declared);
  const utf8 = strict(bytes, 'utf-8');
  if (utf8.ok) {
    const chars = new Utf8LineScan(1, 0);
    chars.feed(bytes);
    if (chars.chance === undefined || chars.plain !== undefined) return utf8;
    const text = iconv.decode(bytes as Buffer, 'gb18030');
    const at = chars.chance;
    return firstUnclean(text) < 0
      ? { ok: true, text, encoding: 'gb18030', guessed: { line: at.line, byte: at.byte } }
      : utf8;
  }
  const scan = new Utf8LineScan(1, 0);
  scan.feed(bytes);
  scan.end();
  if (scan.mixed !== undefined) return { ok: false, detail: scan.mixed };
  const text = iconv.decode(bytes as Buffer, 'gb18030');
  const bad = firstUnclean(text);
  if (bad >= 0)
    return {
      ok: false,
      detail: `neither UTF-8 nor clean GB18030/GBK (${text.charCodeAt(bad) === 0xfffd ? 'undecodable bytes' : 'a control character'} at character ${bad})`,
    };
  return { ok: true, text, encoding: 'gb18030' };
}

function strict(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): DecodedText {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    return { ok: false, detail: `not valid ${encoding.toUpperCase()}` };
  }
}

/**
 * Streaming: byte chunks of a large file (a parcel batch, an activity file) decoded as they come, by the rule of
 * `decodeText`: a byte-order mark decides (UTF-8, UTF-16 LE/BE; the mark is removed); else bytes that are valid
 * UTF-8 are UTF-8, or GB18030 when they are GBK valid as UTF-8 by chance; else the bytes are decoded as GB18030 and
 * refused when the result is not clean (a replacement character, or a control character other than tab, CR and LF)
 * or when the file mixes UTF-8 and another encoding (the rules at the top of this file). Pure ASCII is both; without
 * a mark the decision is taken at the first chunk holding a byte ≥ 0x80, joined to the next while it is valid UTF-8
 * that ends inside a character: valid UTF-8 there reads the file as UTF-8, or as GB18030 when the chunk is GBK valid
 * as UTF-8 by chance; else that chunk's lines are checked as UTF-8, and a line of UTF-8 evidence beside the line that
 * breaks is refused at once; else the file is read as GB18030, each later line checked as UTF-8 too, and a line of
 * UTF-8 evidence is refused where it comes, naming the first line that was not UTF-8. Where the stream accepts a
 * file, its text is `decodeText`'s (a property test holds it to that); it refuses where it would have to look back:
 * UTF-8 that breaks off after the decision; read as UTF-8 with no two-byte characters but Latin-1 and Greek letters
 * (none that rules GBK out), a character GBK forms by chance; read as GB18030 by chance, a character such GBK never
 * holds while every byte is still valid UTF-8. The GB18030 decoder is injected (`gb18030Decoder` below, or the
 * platform's TextDecoder('gb18030')).
 */
export type StreamEncoding = TextEncodingName;

/**
 * Told the encoding a stream is read in when it is decided (never for pure ASCII); told again at the end, with
 * `guessed`, when the stream was read as GB18030 as GBK valid as UTF-8 by chance and every byte of it is valid UTF-8
 * (a later byte that is not settles it as GBK, and nothing more is told).
 */
export type OnEncoding = (encoding: StreamEncoding, guessed?: GuessedAt) => void;

/**
 * A file that is neither UTF-8 nor GB18030, UTF-8 that breaks off later, a mix of UTF-8 and another encoding, or one
 * the stream would have to read again from its start as the other encoding: `detail` says where. `before` is the text of the refused chunk before the break, where it is known (decodeChunks
 * yields its complete lines first).
 */
export class EncodingError extends Error {
  constructor(
    readonly detail: string,
    readonly before?: string,
  ) {
    super(detail);
    this.name = 'EncodingError';
  }
}

/** A streaming byte → text decoder. */
export interface ByteDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

/** Whether `bytes` are valid UTF-8 (a sequence cut at the end counts as valid when `more` bytes follow). */
export function isUtf8(bytes: Uint8Array, more = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: more });
    return true;
  } catch {
    return false;
  }
}

const ascii = (b: Uint8Array) => b.every((x) => x < 0x80);

/** Where a character lies: its line, its first byte, and the first byte of its line. */
interface CharAt {
  line: number;
  byte: number;
  start: number;
}

/**
 * Whether a two-byte UTF-8 character (`lead`, `trail`) is one GBK forms by chance and UTF-8 text alone seldom holds
 * (top of this file): its second byte A1–BF, and outside Latin-1 and the Greek letters U+0386–U+03CE.
 */
function byChance(lead: number, trail: number): boolean {
  const cp = ((lead & 0x1f) << 6) | (trail & 0x3f);
  return trail >= 0xa1 && cp >= 0x100 && (cp < 0x386 || cp > 0x3ce);
}

/**
 * The lines of a byte stream checked as UTF-8 for the mixing rule (top of this file), byte by byte and across
 * chunks: the first line that is not valid UTF-8 and the first that is UTF-8 evidence; and, for the rule of GBK that
 * is valid UTF-8 by chance, the first character that GBK forms by chance and the first that rules it out. A byte is
 * judged as the WHATWG decoder judges it (TextDecoder: the second byte of E0, ED, F0 and F4 restricted), and a line
 * breaks where that decoder would first give U+FFFD: the start of a sequence that does not end, or a byte no sequence
 * starts with. The scan starts at line `line`, byte `offset` of the file; once a line breaks, the rest of it is
 * passed over to its line feed (a native search).
 */
class Utf8LineScan {
  /** The first line that is not valid UTF-8: its number, the byte where it breaks, the byte it starts at. */
  bad: CharAt | undefined;
  /** The first line that is valid UTF-8 and holds a character of three or four bytes: its number and first byte. */
  wide: { line: number; start: number } | undefined;
  /** The first complete two-byte character that GBK forms by chance (`byChance`), in a broken line or not. */
  chance: CharAt | undefined;
  /**
   * The first complete character that GBK valid as UTF-8 by chance never holds: three or four bytes, or two bytes
   * with a second byte 80–A0; in a broken line or not.
   */
  plain: CharAt | undefined;
  /** The current line: its number, its first byte (not before the scan's start), and what it holds so far. */
  private start: number;
  private broken = false;
  private holdsWide = false;
  /**
   * The next byte to scan, the continuation bytes the current character still needs, their range, its first byte
   * and where that lies.
   */
  private at: number;
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  private lead = 0;
  private seq = 0;

  constructor(
    private line: number,
    offset: number,
  ) {
    this.start = offset;
    this.at = offset;
  }

  /** The refusal of a mix of the two, once both lines are known. */
  get mixed(): string | undefined {
    if (this.bad === undefined || this.wide === undefined) return undefined;
    return `not valid UTF-8 at line ${this.bad.line} (byte ${this.bad.byte}; line ${this.wide.line} is UTF-8); save the file in one encoding`;
  }

  feed(bytes: Uint8Array): void {
    const base = this.at;
    // The state of the current line and character, held in locals while the bytes are scanned.
    let { need, lo, hi, lead, seq, broken, holdsWide } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b === 0x0a) {
        // a line feed inside a character breaks the line at the character's start
        if (need > 0 && !broken) this.breakAt(seq);
        this.endLine(base + i, broken || need > 0, holdsWide);
        need = 0;
        lo = 0x80;
        hi = 0xbf;
        broken = false;
        holdsWide = false;
      } else if (broken) {
        const lf = bytes.indexOf(0x0a, i);
        if (lf < 0) break;
        i = lf - 1;
      } else if (need > 0) {
        if (b >= lo && b <= hi) {
          need--;
          lo = 0x80;
          hi = 0xbf;
          if (need === 0) {
            if (lead >= 0xe0 || b < 0xa1) this.plain ??= this.charAt(seq);
            else if (this.chance === undefined && byChance(lead, b)) this.chance = this.charAt(seq);
          }
        } else {
          broken = true;
          this.breakAt(seq);
        }
      } else if (b >= 0x80) {
        seq = base + i;
        lead = b;
        if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xf4) {
          need = b >= 0xf0 ? 3 : 2;
          lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
          hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
          holdsWide = true;
        } else {
          broken = true;
          this.breakAt(seq);
        }
      }
    }
    this.need = need;
    this.lo = lo;
    this.hi = hi;
    this.lead = lead;
    this.seq = seq;
    this.broken = broken;
    this.holdsWide = holdsWide;
    this.at = base + bytes.length;
  }

  /** The end of the bytes: the last line, when no line feed ends it. */
  end(): void {
    if (this.need > 0 && !this.broken) this.breakAt(this.seq);
    this.endLine(this.at, this.broken || this.need > 0, this.holdsWide);
  }

  /** The character that starts at `byte` of the current line. */
  private charAt(byte: number): CharAt {
    return { line: this.line, byte, start: this.start };
  }

  /** The current line breaks at `byte`. */
  private breakAt(byte: number): void {
    this.bad ??= { line: this.line, byte, start: this.start };
  }

  /** The current line ends at `byte` (its line feed, or the end of the bytes), broken or not. */
  private endLine(byte: number, broken: boolean, holdsWide: boolean): void {
    if (!broken && holdsWide) this.wide ??= { line: this.line, start: this.start };
    this.line++;
    this.start = byte + 1;
  }
}

/**
 * A strict streaming decoder. `afterMark`: the bytes follow a byte-order mark already removed, and (as in
 * decodeText) a second mark right after it is removed too; otherwise a U+FEFF in the text is kept.
 */
function fatalDecoder(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', afterMark: boolean): ByteDecoder {
  const d = new TextDecoder(encoding, { fatal: true, ignoreBOM: !afterMark });
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/** The encoding a byte-order mark at the start of `head` names, with the mark's length. */
function byMark(head: Uint8Array): ['utf-8' | 'utf-16le' | 'utf-16be', number] | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return ['utf-8', 3];
  if (head[0] === 0xff && head[1] === 0xfe) return ['utf-16le', 2];
  if (head[0] === 0xfe && head[1] === 0xff) return ['utf-16be', 2];
  return undefined;
}

/** The chunks with the first `min` bytes (or all, when fewer) gathered into the first chunk. */
async function* gathered(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  min: number,
): AsyncGenerator<Uint8Array> {
  let head: Uint8Array | undefined;
  for await (const c of chunks) {
    if (head === undefined && c.length >= min) {
      yield c;
      head = c;
      continue;
    }
    if (head !== undefined && head.length >= min) {
      yield c;
      continue;
    }
    const joined = new Uint8Array((head?.length ?? 0) + c.length);
    joined.set(head ?? new Uint8Array(0));
    joined.set(c, head?.length ?? 0);
    head = joined;
    if (head.length >= min) yield head;
  }
  if (head !== undefined && head.length < min) yield head;
}

/**
 * Decode byte chunks to text, detecting the encoding as described above. `gb18030` makes the GB18030 decoder;
 * `onEncoding` is told the decision (never for pure ASCII), and a guess by chance at the end (`OnEncoding`). Throws
 * EncodingError.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  gb18030: () => ByteDecoder,
  onEncoding?: OnEncoding,
  declared?: 'utf-8',
): AsyncGenerator<string> {
  let dec: ByteDecoder | undefined;
  let enc: StreamEncoding | undefined;
  let offset = 0;
  /** Line feeds in the text yielded so far: the line a refusal names is this plus those before it in its chunk. */
  let lineFeeds = 0;
  /** Bytes of a UTF-8 character the last chunk began and did not end (the decoder holds them). */
  let held = 0;
  let tail = new Uint8Array(0);
  let first = true;
  /**
   * The lines checked as UTF-8 while the encoding read may still have to be refused: for the mixing rule once the
   * file is read as GB18030, and for the rule of GBK valid as UTF-8 by chance while every byte so far is valid UTF-8
   * and that rule has not been ruled out.
   */
  let scan: Utf8LineScan | undefined;
  /** Read as GB18030 as the decision chunk is GBK valid as UTF-8 by chance, and every byte since is valid UTF-8. */
  let chance = false;
  /** Where the decision chunk was read as GB18030 by chance (told to `onEncoding` at the end while the guess stands). */
  let guessed: GuessedAt | undefined;
  /** Where a control character lies in the pure-ASCII start (GB18030 refuses it, as decodeText does). */
  let control: { line: number; byte: number } | undefined;
  /** The decision chunk held back while it is valid UTF-8 that ends inside a character, to be joined to the next. */
  let carry: Uint8Array | undefined;
  /** The chunks have all come: what `carry` holds is decided as it is. */
  let ended = false;
  async function* withCarry(): AsyncGenerator<Uint8Array> {
    for await (const c of gathered(chunks, 3)) yield c;
    ended = true;
    if (carry !== undefined) yield new Uint8Array(0);
  }
  for await (let chunk of withCarry()) {
    if (first) {
      first = false;
      const mark = byMark(chunk);
      if (mark !== undefined) {
        enc = mark[0];
        dec = fatalDecoder(mark[0], true);
        onEncoding?.(enc);
        offset = mark[1];
        chunk = chunk.subarray(mark[1]);
      } else if (declared !== undefined) {
        // declared by the caller: read as that, strictly, with no guess (a U+FEFF in the text is kept)
        enc = declared;
        dec = fatalDecoder(declared, false);
        onEncoding?.(enc);
      }
    }
    if (carry !== undefined) {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      chunk = joined;
      carry = undefined;
    }
    if (dec === undefined && ascii(chunk)) {
      const t = new TextDecoder('utf-8').decode(chunk);
      const bad = control === undefined ? firstUnclean(t) : -1;
      if (bad >= 0) control = { line: lineFeeds + lineFeedsIn(t, bad) + 1, byte: offset + bad };
      offset += chunk.length;
      lineFeeds += lineFeedsIn(t, t.length);
      yield t;
      continue;
    }
    /** A refusal found in this chunk, given after the chunk's text before the line it names. */
    let refusal: string | undefined;
    if (dec === undefined) {
      // the decision is taken on whole characters: a character cut at the chunk's end is completed first, and one
      // cut at the end of the file is not valid UTF-8
      const valid = isUtf8(chunk, !ended);
      if (valid && !ended && heldUtf8(chunk) > 0) {
        carry = chunk;
        continue;
      }
      scan = new Utf8LineScan(lineFeeds + 1, offset);
      scan.feed(chunk);
      if (valid) {
        enc = 'utf-8';
        // GBK valid as UTF-8 by chance is ruled out for good by a character it never holds or by a control character
        if (
          scan.plain !== undefined ||
          control !== undefined ||
          firstUnclean(new TextDecoder('utf-8').decode(chunk)) >= 0
        )
          scan = undefined;
        else if (scan.chance !== undefined) {
          enc = 'gb18030';
          chance = true;
          guessed = { line: scan.chance.line, byte: scan.chance.byte };
        }
      } else {
        if (scan.mixed !== undefined) {
          // The lines before the first line that is not UTF-8 are UTF-8 text: given before the refusal.
          const upTo = scan.bad!.start - offset;
          if (upTo > 0) yield new TextDecoder('utf-8').decode(chunk.subarray(0, upTo));
          throw new EncodingError(scan.mixed);
        }
        enc = 'gb18030';
      }
      if (enc === 'gb18030' && control !== undefined)
        throw new EncodingError(
          `neither UTF-8 nor clean GB18030/GBK (a control character at line ${control.line}, byte ${control.byte})`,
        );
      dec = enc === 'utf-8' ? fatalDecoder('utf-8', false) : gb18030();
      onEncoding?.(enc);
    } else if (scan !== undefined) {
      scan.feed(chunk);
      /** The first byte of the line a refusal names. */
      let at: { start: number } | undefined;
      if (enc === 'utf-8') {
        // Read as UTF-8 with only characters GBK valid as UTF-8 by chance could hold so far: a character it never
        // holds settles it; one it forms by chance first would have the start read again as GB18030.
        if (scan.plain !== undefined) scan = undefined;
        else if (scan.chance !== undefined) {
          const c = (at = scan.chance);
          refusal = `line ${c.line} (byte ${c.byte}) looks like GBK that is valid UTF-8 by chance, and the start of the file was read as UTF-8; save the file as UTF-8 with a byte-order mark`;
        }
      } else {
        // Read as GB18030: a line that is UTF-8 evidence makes the file a mix. Read so by chance, a character such
        // GBK never holds, while every byte is still valid UTF-8, would have the start read again as UTF-8.
        refusal = scan.mixed;
        if (refusal !== undefined) at = scan.wide;
        else if (chance && scan.bad !== undefined) chance = false;
        else if (chance && scan.plain !== undefined) {
          const p = (at = scan.plain);
          refusal = `line ${p.line} (byte ${p.byte}) reads as UTF-8 only, and the start of the file was read as GBK that is valid UTF-8 by chance (line ${scan.chance!.line}); save the file as UTF-8 with a byte-order mark`;
        }
      }
      // the chunk is read up to the line the refusal names
      if (at !== undefined) chunk = chunk.subarray(0, Math.max(0, at.start - offset));
    }
    let t: string;
    try {
      t = checked(() => dec!.write(chunk), enc as StreamEncoding, { chunk, offset, lineFeeds, held, tail });
    } catch (e) {
      // The lines the chunk ends before its break are text: given to the reader before the refusal, so that a
      // batch answers every line before the one that breaks.
      const cut = e instanceof EncodingError && e.before !== undefined ? e.before.lastIndexOf('\n') : -1;
      if (cut >= 0) yield (e as EncodingError).before!.slice(0, cut + 1);
      throw e;
    }
    held = enc === 'utf-8' ? heldUtf8(chunk) : 0;
    tail = chunk.slice(chunk.length - held);
    offset += chunk.length;
    lineFeeds += lineFeedsIn(t, t.length);
    if (refusal !== undefined) {
      if (t.length > 0) yield t;
      throw new EncodingError(refusal);
    }
    yield t;
  }
  scan?.end();
  if (scan?.mixed !== undefined) throw new EncodingError(scan.mixed);
  if (dec !== undefined) {
    const rest = checked(() => dec!.end(), enc as StreamEncoding, {
      chunk: new Uint8Array(0),
      offset,
      lineFeeds,
      held,
      tail,
    });
    if (rest.length > 0) yield rest;
  }
  // Read as GB18030 by chance, and every byte to the end valid UTF-8: the guess stands, and is told.
  if (chance && scan?.bad === undefined && guessed !== undefined) onEncoding?.('gb18030', guessed);
}

/** The line feeds in `text` before index `end`. */
function lineFeedsIn(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The text of one chunk, or an EncodingError naming the line (and for UTF-8 the byte) where the chunk breaks. */
function checked(
  f: () => string,
  enc: StreamEncoding,
  at: { chunk: Uint8Array; offset: number; lineFeeds: number; held: number; tail: Uint8Array },
): string {
  let s: string;
  try {
    s = f();
  } catch {
    const lenient = enc === 'gb18030' ? 'utf-8' : enc;
    const { line, byte } = breakIn(at.chunk, lenient, at.held);
    throw new EncodingError(
      enc === 'utf-8'
        ? `not valid UTF-8 at line ${at.lineFeeds + line} (byte ${at.offset + byte}; the start of the file was UTF-8); save the file in one encoding`
        : `not valid ${enc.toUpperCase()} at line ${at.lineFeeds + line} (the file starts with its byte-order mark)`,
      textBefore(at.tail, at.chunk, lenient),
    );
  }
  if (enc === 'gb18030') {
    const bad = firstUnclean(s);
    if (bad >= 0)
      throw new EncodingError(
        s.charCodeAt(bad) === 0xfffd
          ? `neither UTF-8 nor GBK/GB18030 (undecodable bytes at line ${at.lineFeeds + lineFeedsIn(s, bad) + 1}); save the file as UTF-8`
          : `neither UTF-8 nor clean GB18030/GBK (a control character at line ${at.lineFeeds + lineFeedsIn(s, bad) + 1}); save the file as UTF-8`,
        s.slice(0, bad),
      );
  }
  return s;
}

/**
 * The text a strict decoder gave of a refused chunk before its break: the chunk decoded leniently after the bytes
 * of a character the chunk before began (`tail`, which the decoder held), up to the first replacement character.
 */
function textBefore(tail: Uint8Array, chunk: Uint8Array, enc: 'utf-8' | 'utf-16le' | 'utf-16be'): string {
  const bytes = new Uint8Array(tail.length + chunk.length);
  bytes.set(tail);
  bytes.set(chunk, tail.length);
  const text = new TextDecoder(enc).decode(bytes);
  const bad = text.indexOf('\ufffd');
  return bad < 0 ? text : text.slice(0, bad);
}

/**
 * Where a chunk a strict decoder refused first breaks: its line within the chunk (1 for the first) and, for UTF-8,
 * the byte. The chunk is decoded again leniently and the valid text before the first replacement character is
 * measured; when the chunk before ended inside a character (`held` bytes of it), the continuation bytes that end it
 * are skipped first. A break in bytes the decoder held back is placed at the chunk's start.
 */
function breakIn(
  chunk: Uint8Array,
  enc: 'utf-8' | 'utf-16le' | 'utf-16be',
  held: number,
): { line: number; byte: number } {
  let skip = 0;
  if (held > 0) while (skip < 3 && skip < chunk.length && ((chunk[skip] as number) & 0xc0) === 0x80) skip++;
  const text = new TextDecoder(enc).decode(chunk.subarray(skip));
  const bad = text.indexOf('\ufffd');
  if (bad < 0) return { line: 1, byte: 0 };
  const before = text.slice(0, bad);
  return {
    line: lineFeedsIn(before, bad) + 1,
    byte: skip + (enc === 'utf-8' ? new TextEncoder().encode(before).length : 0),
  };
}

/** How many bytes at the end of `chunk` begin a UTF-8 character they do not complete (0–3). */
function heldUtf8(chunk: Uint8Array): number {
  for (let i = 1; i <= 3 && i <= chunk.length; i++) {
    const b = chunk[chunk.length - i] as number;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > i ? i : 0;
  }
  return 0;
}

/**
 * A streaming GB18030 decoder (iconv-lite), handed whole characters only: iconv-lite's own stream loses the low
 * surrogate of a four-byte character it reads beyond the BMP (𠀋 U+2000B; 84 31 A5 30, which it reads as U+10000)
 * cut after its third byte, giving a lone high surrogate. The bytes of a character a chunk ends inside are kept
 * for the next write.
 */
export function gb18030Decoder(): ByteDecoder {
  const d = iconv.getDecoder('gb18030');
  let held = new Uint8Array(0);
  return {
    write: (b) => {
      const bytes = held.length === 0 ? b : joinBytes(held, b);
      const whole = gb18030Whole(bytes);
      held = bytes.slice(whole);
      return whole === 0 ? '' : d.write(Buffer.from(bytes.buffer, bytes.byteOffset, whole));
    },
    end: () => {
      const rest = held.length === 0 ? '' : d.write(Buffer.from(held));
      held = new Uint8Array(0);
      return rest + (d.end() ?? '');
    },
  };
}

/**
 * How many leading bytes of `b` are whole GB18030 characters: one byte below 0x80 (or a byte no sequence starts
 * with, left to the decoder), two bytes from a lead 81–FE, four when the second is a digit 30–39. The rest begins a
 * character the next bytes complete.
 */
function gb18030Whole(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x81 || c === 0xff) i += 1;
    else if (i + 1 >= b.length) return i;
    else {
      const c2 = b[i + 1] as number;
      const len = c2 >= 0x30 && c2 <= 0x39 ? 4 : 2;
      if (i + len > b.length) return i;
      i += len;
    }
  }
  return i;
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
