import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * Ledger entries. Append-only, one JSON object each, amounts as strings of a positive integer (grams of CO₂,
 * points, or whole tonnes of CO₂ after certification). `hash = sha256(canonical(entry without hash and prev)
 * + prev)`, hex; `prev` is the previous entry's hash (GENESIS for the first). Canonical = keys sorted, no
 * whitespace (src/core/canonical.ts); `canonicalEntry` writes the same bytes without the generic sort.
 */
export const ENTRY_TYPES = [
  'issue',
  'claim',
  'expire',
  'redeem',
  'transfer',
  'aggregate',
  'certify',
  'retire',
  'emissions',
  'offset',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];
export const LEDGER_UNITS = ['point', 'g_CO2', 't_CO2'] as const;
export type LedgerUnit = (typeof LEDGER_UNITS)[number];

export const GENESIS = '0'.repeat(64);

/** The hashed part of an entry. Optional members are absent (never undefined) in stored entries. */
export interface EntryBody {
  seq: number;
  type: EntryType;
  /** ISO 8601 instant in UTC (normalised by the ledger). */
  ts: string;
  amount: string;
  unit: LedgerUnit;
  /**
   * Account debited (claim/expire/redeem/transfer/aggregate/certify/retire/offset), or the emitting enterprise
   * (emissions).
   */
  from?: string;
  /** Account credited (issue/claim/transfer/aggregate/certify), or the enterprise whose emissions are offset (offset). */
  to?: string;
  /**
   * Activity id (issue, claim, pending expire), `lot:<expiresAt>` (lot expire), the certification reference (certify,
   * unique in the ledger), or an external reference.
   */
  ref: string;
  /** Issue only: the amount is pending until claimed within [availableFrom, claimBy). */
  availableFrom?: string;
  claimBy?: string;
  /** Issue only: the credited amount expires at this instant. */
  expiresAt?: string;
  /**
   * Metadata kept in the hash (methodology, rule, factor set refs), string values only. Registry records read
   * named members of it (src/carbon/ledger/registry.ts: verifier, vintage, serials, beneficiary, …).
   */
  meta?: Record<string, string>;
  /**
   * The partition whose chain the entry is in (src/carbon/ledger/partition.ts); present exactly in the entries of
   * a ledger of more than one partition. `seq` and `prev` are then the entry's place in that partition's chain.
   */
  partition?: number;
  /**
   * A leg of a record crossing partitions (docs/adr/0056-two-leg-booking.md): a transfer or aggregate whose accounts
   * are in two partitions is two entries, its `debit` leg in the payer's partition and its `credit` leg in the
   * payee's, each a copy of the record (type, ts, amount, unit, from, to, ref, meta, lots) naming the other by `pair`.
   * Absent from every other entry, so a one-partition ledger never has one.
   */
  leg?: 'debit' | 'credit';
  /** A leg's other leg: `"<partition>:<seq>"`, its place in its own partition's chain. */
  pair?: string;
  /**
   * A leg's lots, what the payer's debit took earliest expiry first: `"<amount>@<expiresAt|never>"` joined by commas,
   * e.g. `"100@2025-05-01T00:00:00.000Z,50@never"`. The credit leg credits exactly these.
   */
  lots?: string;
}

export interface Entry extends EntryBody {
  prev: string;
  hash: string;
}

export type Hasher = (s: string) => string;

/** sha256 hex via @noble/hashes (pure JS: browsers, workers). The CLI may inject Node's crypto for speed. */
export const sha256Hex: Hasher = (s) => bytesToHex(sha256(utf8ToBytes(s)));

// JSON.stringify(v) of a string is just `"v"` unless v holds a quote, a backslash, a control character or a
// surrogate (JSON.stringify escapes lone surrogates; paired ones take the slow path too, which is still exact).
// Ledger strings (ids, ISO times, units, refs) almost never do, and skipping the call saves ≈ 30 ns per string.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/**
 * NEEDS_ESCAPE.test(s) by a loop over the character codes: for the short strings of an entry (ids, accounts,
 * meta keys) it costs less than a regular expression call. fast-paths.test.ts compares the two.
 */
export function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}
/** The reference of needsEscape (kept for the test). */
export const needsEscapeRegex = (s: string): boolean => NEEDS_ESCAPE.test(s);
// Anything but a string (a tampered ledger under verification) goes through JSON.stringify.
const q = (v: unknown): string =>
  typeof v === 'string' && !needsEscape(v) ? `"${v}"` : (JSON.stringify(v) as string);

/**
 * canonicalJson(body) for an entry body, written directly with keys in sorted order. `shaped`: the body came
 * from the ledger's shapeEntry, whose amount (digits), ts (an ISO instant), type and unit (enumerated) never
 * need escaping, so they are written without the check; a stored entry under verification is never shaped.
 */
export function canonicalEntry(b: EntryBody, shaped = false): string {
  const r = shaped ? (v: string) => `"${v}"` : q;
  let s = `{"amount":${r(b.amount)}`;
  if (b.availableFrom !== undefined) s += `,"availableFrom":${q(b.availableFrom)}`;
  if (b.claimBy !== undefined) s += `,"claimBy":${q(b.claimBy)}`;
  if (b.expiresAt !== undefined) s += `,"expiresAt":${q(b.expiresAt)}`;
  if (b.from !== undefined) s += `,"from":${q(b.from)}`;
  if (b.leg !== undefined) s += `,"leg":${q(b.leg)}`;
  if (b.lots !== undefined) s += `,"lots":${q(b.lots)}`;
  if (b.meta !== undefined) {
    s += `,"meta":{`;
    let first = true;
    for (const k of Object.keys(b.meta).sort()) {
      const v = b.meta[k];
      if (v === undefined) continue;
      s += `${first ? '' : ','}${q(k)}:${q(v)}`;
      first = false;
    }
    s += '}';
  }
  if (b.pair !== undefined) s += `,"pair":${q(b.pair)}`;
  if (b.partition !== undefined) s += `,"partition":${q(b.partition)}`;
  s += `,"ref":${q(b.ref)},"seq":${b.seq}`;
  if (b.to !== undefined) s += `,"to":${q(b.to)}`;
  return `${s},"ts":${r(b.ts)},"type":${r(b.type)},"unit":${r(b.unit)}}`;
}

/** The hashed body of a stored entry (everything but prev and hash). */
export function bodyOf(e: Entry | EntryBody): EntryBody {
  const { prev: _p, hash: _h, ...body } = e as Entry;
  return body;
}

export function entryHash(body: EntryBody, prev: string, hash: Hasher = sha256Hex, shaped = false): string {
  return hash(canonicalEntry(body, shaped) + prev);
}
