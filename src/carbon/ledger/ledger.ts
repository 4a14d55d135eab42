import { type Path } from '../../core/errors';
import { carbonFail } from '../errors';
import {
  ENTRY_TYPES,
  type Entry,
  type EntryBody,
  type EntryType,
  type Hasher,
  LEDGER_UNITS,
  type LedgerUnit,
  entryHash,
  sha256Hex,
} from './entry';
import { parseInstant } from '../time';
import { type RegistryPolicy, checkRecord, completeRecord } from './registry';
import {
  type Balances,
  type CreditStore,
  LedgerState,
  UNIT_BIT,
  applyEntry,
  balancesOf,
  dueExpiries,
  lotsToTake,
} from './state';

/** What a caller appends: the ledger fills in seq, normalises ts, links and hashes. */
export interface Draft {
  type: EntryType;
  ts: string | Date;
  amount: bigint | string | number;
  unit: LedgerUnit;
  from?: string;
  to?: string;
  ref: string;
  availableFrom?: string;
  claimBy?: string;
  expiresAt?: string;
  meta?: Record<string, string>;
  /** The partition of the entry (a ledger of several partitions sets it; see partition.ts). */
  partition?: number;
  /** A leg's members (entry.ts): written by `Ledger.appendPair`, read by verification; a draft to append gives none. */
  leg?: 'debit' | 'credit';
  pair?: string;
  lots?: string;
}

/** The published head of a ledger: verifying against it also detects entries dropped from the end. */
export interface Anchor {
  count: number;
  head: string;
}

const NEEDS: Record<EntryType, { from: boolean; to: boolean; units: readonly LedgerUnit[] }> = {
  issue: { from: false, to: true, units: ['point', 'g_CO2'] },
  claim: { from: false, to: true, units: ['point', 'g_CO2'] },
  expire: { from: true, to: false, units: ['point', 'g_CO2'] },
  redeem: { from: true, to: false, units: ['point'] },
  transfer: { from: true, to: true, units: LEDGER_UNITS },
  aggregate: { from: true, to: true, units: ['g_CO2'] },
  certify: { from: true, to: true, units: ['t_CO2'] },
  retire: { from: true, to: false, units: ['g_CO2', 't_CO2'] },
  emissions: { from: true, to: false, units: ['g_CO2', 't_CO2'] },
  offset: { from: true, to: true, units: ['g_CO2', 't_CO2'] },
};

const bad = (path: Path, detail: string): never => carbonFail('LEDGER_ENTRY_INVALID', path, { detail });

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/**
 * The last time string a ledger normalised, with its result and instant: consecutive entries of one activity share
 * their time, so each distinct string is normalised once, and the append reads the instant for free. One per
 * `Ledger` (or per verification), never shared between them. Null until a string has been normalised: no string
 * (not even the empty one) matches a fresh memo.
 */
export interface InstantMemo {
  lastIn: string | null;
  lastOut: string | null;
  lastMs: number;
}
export const instantMemo = (): InstantMemo => ({ lastIn: null, lastOut: null, lastMs: 0 });

/** The instant (epoch ms) of a normalised time: read from the memo when it is the one normalised last. */
const msOf = (iso: string, m: InstantMemo): number => (iso === m.lastOut ? m.lastMs : Date.parse(iso));
function isoInstant(v: unknown, what: string, path: Path, m: InstantMemo): string {
  if (typeof v === 'string' && v === m.lastIn) return m.lastOut as string;
  // Strings go through the module's strict parser: an offset is required (a local time would hash differently
  // on hosts in different zones) and the calendar date must exist (no 2024-02-30 rolled over to March).
  // A string already in toISOString's own form (YYYY-MM-DDTHH:mm:ss.sssZ) that parses as a real instant
  // normalises to itself: skip the Date round trip.
  if (typeof v === 'string' && v.length === 24 && UTC_ISO.test(v)) {
    const ms = parseInstant(v);
    if (ms !== undefined) {
      m.lastIn = v;
      m.lastOut = v;
      m.lastMs = ms;
      return v;
    }
  }
  const ms =
    v instanceof Date ? v.getTime() : typeof v === 'string' ? (parseInstant(v) ?? Number.NaN) : Number.NaN;
  if (!Number.isFinite(ms))
    bad(path, `${what} is not an ISO 8601 time with its offset (Z or ±hh:mm): ${String(v)}`);
  const out = new Date(ms).toISOString();
  if (typeof v === 'string') {
    m.lastIn = v;
    m.lastOut = out;
    m.lastMs = ms;
  }
  return out;
}

/** Check a draft's shape and return the entry body (seq filled in, times normalised to UTC). */
export function shapeEntry(
  d: Draft,
  seq: number,
  path: Path = [],
  memo: InstantMemo = instantMemo(),
): EntryBody {
  if (d === null || typeof d !== 'object') bad(path, 'not an object');
  if (!ENTRY_TYPES.includes(d.type)) bad(path, `type must be one of ${ENTRY_TYPES.join(', ')}`);
  const need = NEEDS[d.type];
  if (!need.units.includes(d.unit))
    bad(path, `${d.type} takes unit ${need.units.join(' or ')}, not ${String(d.unit)}`);
  const amount = typeof d.amount === 'bigint' ? d.amount.toString() : String(d.amount);
  if (!(typeof d.amount === 'bigint' && d.amount > 0n) && !/^[1-9]\d*$/.test(amount))
    bad(path, `amount must be a positive integer, got ${amount}`);
  if (typeof d.ref !== 'string' || d.ref.length === 0) bad(path, 'ref is required');
  for (const side of ['from', 'to'] as const) {
    const v = d[side];
    if (need[side] && (typeof v !== 'string' || v.length === 0)) bad(path, `${d.type} needs "${side}"`);
    if (!need[side] && v !== undefined) bad(path, `${d.type} takes no "${side}"`);
  }
  if (d.type === 'transfer' && d.from === d.to) bad(path, 'transfer to the same account');
  const body: EntryBody = {
    seq,
    type: d.type,
    ts: isoInstant(d.ts, 'ts', path, memo),
    amount,
    unit: d.unit,
    ref: d.ref,
  };
  if (d.from !== undefined) body.from = d.from;
  if (d.to !== undefined) body.to = d.to;
  const windowed = d.availableFrom !== undefined || d.claimBy !== undefined;
  if ((windowed || d.expiresAt !== undefined) && d.type !== 'issue')
    bad(path, 'only an issue has a window or expiry');
  if (windowed) {
    if (d.availableFrom === undefined || d.claimBy === undefined)
      bad(path, 'a claim window needs availableFrom and claimBy');
    body.availableFrom = isoInstant(d.availableFrom, 'availableFrom', path, memo);
    body.claimBy = isoInstant(d.claimBy, 'claimBy', path, memo);
    if (body.claimBy <= body.availableFrom) bad(path, 'claimBy must come after availableFrom');
  }
  if (d.expiresAt !== undefined) body.expiresAt = isoInstant(d.expiresAt, 'expiresAt', path, memo);
  if (d.meta !== undefined) body.meta = shapeMeta(d.meta, [...path, 'meta']);
  if (d.partition !== undefined) {
    if (!Number.isInteger(d.partition) || d.partition < 0)
      bad(path, `partition must be a non-negative integer, got ${String(d.partition)}`);
    body.partition = d.partition;
  }
  if (d.leg !== undefined || d.pair !== undefined || d.lots !== undefined) shapeLeg(d, body, path);
  return body;
}

/**
 * An entry's meta: an object whose members are all strings (null, an array, a string or another value is refused at
 * `meta`, a member that is not a string at that member).
 */
function shapeMeta(meta: unknown, path: Path): Record<string, string> {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta))
    bad(path, 'meta must be an object of string members');
  for (const [k, v] of Object.entries(meta as Record<string, unknown>))
    if (typeof v !== 'string') bad([...path, k], 'meta values must be strings');
  return meta as Record<string, string>;
}

const LEGS_NOT_GIVEN = 'leg, pair and lots are written by the ledger (appendPair), not given';
const PAIR = /^(0|[1-9]\d*):(0|[1-9]\d*)$/;
const LOT = /^[1-9]\d*@(never|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

/** A leg's members (a transfer or aggregate only, all three together); the lots' sum and order are the fold's to check. */
function shapeLeg(d: Draft, body: EntryBody, path: Path): void {
  if (d.type !== 'transfer' && d.type !== 'aggregate') bad(path, `a ${d.type} is never a leg`);
  if (d.leg !== 'debit' && d.leg !== 'credit') bad(path, `leg must be debit or credit, got ${String(d.leg)}`);
  if (typeof d.pair !== 'string' || !PAIR.test(d.pair))
    bad(path, `a leg's pair is "<partition>:<seq>", got ${String(d.pair)}`);
  if (typeof d.lots !== 'string' || !d.lots.split(',').every((l) => LOT.test(l)))
    bad(path, `a leg's lots are "<amount>@<expiresAt|never>" joined by commas, got ${String(d.lots)}`);
  body.leg = d.leg;
  body.pair = d.pair;
  body.lots = d.lots;
}

/**
 * An append-only ledger writer. It keeps the state (balances, pending claims, the double-credit guard) and
 * the head of the hash chain, not the entries: each append returns the entry for the caller to store or
 * stream, so memory does not grow with the entries (only with accounts, expiry days and credited ids).
 *
 * @example
 * const l = new Ledger();
 * l.append({ type: 'issue', ts: '2024-05-01T08:00:00+08:00', amount: 150n, unit: 'g_CO2', to: 'u1', ref: 'a1' });
 * l.balances().u1.g_CO2.available; // '150'
 */
export class Ledger {
  readonly state: LedgerState;
  private readonly hash: Hasher;
  private readonly instants = instantMemo();

  /**
   * `policy`: the registry rules of the ledger's rule set (`registryPolicy(ruleSet)`; default: g_CO2 and t_CO2
   * transferable, no redemption catalogue, no offsetting). Verify the ledger under the same policy.
   */
  /**
   * `partition` of `partitions` (default 0 of 1): the chain of one partition of a partitioned ledger, whose
   * entries carry `partition` when there are several and whose serial numbers start at `firstSerial(partition)`.
   */
  readonly partition: number | undefined;
  constructor(
    opts: {
      hash?: Hasher;
      credited?: CreditStore;
      policy?: RegistryPolicy;
      partition?: number;
      partitions?: number;
    } = {},
  ) {
    this.hash = opts.hash ?? sha256Hex;
    const n = opts.partitions ?? 1;
    this.partition = n > 1 ? (opts.partition ?? 0) : undefined;
    this.state = new LedgerState(opts.credited, opts.policy, this.partition);
  }

  /** Validate, apply and chain one entry; a refused draft throws a GepError and changes nothing. */
  append(d: Draft, path: Path = []): Entry {
    const s = this.state;
    const body = shapeEntry(d, s.seq, path, this.instants);
    if (body.leg !== undefined) bad(path, LEGS_NOT_GIVEN);
    if (this.partition !== undefined) body.partition = this.partition;
    const amount = typeof d.amount === 'bigint' ? d.amount : BigInt(body.amount);
    // Registry records get the members the ledger derives (serial numbers, the rule set) before they are checked.
    if (body.type !== 'issue') completeRecord(s.registry, body, amount);
    applyEntry(s, body, path, msOf(body.ts, this.instants), amount);
    return this.chain(body);
  }

  /**
   * Append a transfer or aggregate from an account of this partition to one of `payee`'s (another partition of the
   * same ledger) as two legs (docs/adr/0056-two-leg-booking.md): the debit leg in this chain, taking the payer's
   * earliest-expiring usable lots (and, for t CO₂, the lowest serials: meta.serials), and the credit leg in the
   * payee's chain, crediting exactly those lots (and serials); each names the other (`pair`). Every check of both
   * legs comes first — the record's time against both chains' last times (LEDGER_TIMESTAMP_ORDER), the ref, the
   * registry, the balance — so a refused record changes neither partition. Returns [debit leg, credit leg].
   *
   * @example
   * const p0 = new Ledger({ partitions: 2, partition: 0 });
   * const p1 = new Ledger({ partitions: 2, partition: 1 });
   * p1.append({ type: 'issue', ts: '2024-05-01T00:00:00Z', amount: 150n, unit: 'g_CO2', to: 'user:u1', ref: 'a1' });
   * const [debit, credit] = p1.appendPair({ type: 'aggregate', ts: '2024-05-02T00:00:00Z', amount: 150n,
   *   unit: 'g_CO2', from: 'user:u1', to: 'org:ent', ref: 'agg-1' }, p0);
   * [debit.pair, credit.pair, credit.lots]; // ['0:0', '1:1', '150@never']
   */
  appendPair(d: Draft, payee: Ledger, path: Path = []): [Entry, Entry] {
    const s = this.state;
    const t = payee.state;
    if (this.partition === undefined || payee.partition === undefined || payee.partition === this.partition)
      throw new Error('gepkit carbon: appendPair books between two partitions of one ledger');
    const body = shapeEntry(d, s.seq, path, this.instants);
    if (body.leg !== undefined) bad(path, LEGS_NOT_GIVEN);
    if (body.type !== 'transfer' && body.type !== 'aggregate')
      bad(path, `only a transfer or an aggregate is booked as two legs, not a ${body.type}`);
    body.partition = this.partition;
    const amount = typeof d.amount === 'bigint' ? d.amount : BigInt(body.amount);
    const at = msOf(body.ts, this.instants);
    // The credit leg's checks that the debit leg's do not make: its own chain's clock, then (below) its partition's
    // registry rules, which are the payer's unless the two partitions were opened under different policies.
    if (at < t.lastTs) carbonFail('LEDGER_TIMESTAMP_ORDER', path, { ts: body.ts, previous: t.lastTsIso });
    completeRecord(s.registry, body, amount);
    body.leg = 'debit';
    body.pair = `${payee.partition}:${t.seq}`;
    const lots = lotsToTake(s, body.from as string, body.unit, amount, at);
    // Too little usable: no lots, and the debit refuses the entry with its own code.
    if (lots !== undefined) body.lots = lots;
    const credit: EntryBody = {
      ...body,
      seq: t.seq,
      partition: payee.partition,
      leg: 'credit',
      pair: `${this.partition}:${s.seq}`,
    };
    if (body.meta !== undefined) credit.meta = { ...body.meta };
    checkRecord(t.registry, credit, amount, at, path);
    applyEntry(s, body, path, at, amount);
    try {
      applyEntry(t, credit, path, at, amount);
    } catch (e) {
      throw new Error(
        `gepkit carbon: the credit leg of ${body.type} ${body.ref} was refused after its debit leg was booked; this is a bug (${String(e)})`,
      );
    }
    return [this.chain(body), payee.chain(credit)];
  }

  /** Link and hash an applied body as the chain's next entry. */
  private chain(body: EntryBody): Entry {
    const s = this.state;
    const prev = s.head;
    const hash = entryHash(body, prev, this.hash, true);
    s.head = hash;
    s.seq += 1;
    // The body is this call's own fresh object: extend it in place instead of copying it with a spread (same
    // key order, prev and hash last; one allocation less per entry).
    const entry = body as Entry;
    entry.prev = prev;
    entry.hash = hash;
    return entry;
  }

  /** The pending (unclaimed) issue of `ref` in `unit`, if any, with its claim window (epoch ms). */
  pending(
    ref: string,
    unit: LedgerUnit,
  ): { to: string; amount: bigint; availableFrom: number; claimBy: number } | undefined {
    return this.state.pending.get(`${unit}|${ref}`);
  }

  /** The time of the last entry (epoch ms and ISO), or undefined for an empty ledger: appends may not go earlier. */
  lastTime(): { ms: number; iso: string } | undefined {
    return this.state.seq === 0 ? undefined : { ms: this.state.lastTs, iso: this.state.lastTsIso };
  }

  /**
   * Append the expire entries due at `ts` (claim windows closed, lots past expiry) and return them. A `ts` that is
   * not an instant is refused (LEDGER_ENTRY_INVALID at `ts`) whether or not anything is due.
   */
  expireDue(ts: string | Date): Entry[] {
    const iso = isoInstant(ts, 'ts', ['ts'], this.instants);
    if (this.state.deadlineTimes.length === 0) return [];
    return dueExpiries(this.state, Date.parse(iso)).map((d) => this.append({ ...d, ts: iso }));
  }

  /** True when `ref` was already issued in `unit`. */
  credited(ref: string, unit: LedgerUnit): boolean {
    return ((this.state.credited.get(ref) ?? 0) & UNIT_BIT[unit]) !== 0;
  }

  balances(): Balances {
    return balancesOf(this.state);
  }

  anchor(): Anchor {
    return { count: this.state.seq, head: this.state.head };
  }
}
