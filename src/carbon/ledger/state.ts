import type { Path } from '../../core/errors';
import { type CarbonErrorCode, carbonFail } from '../errors';
import { type EntryBody, type EntryType, GENESIS, type LedgerUnit } from './entry';
import { type RegistryPolicy, RegistryState, checkRecord, refuseSerialsOffTonnes } from './registry';
import { SERIALS_PER_PARTITION, firstSerial } from './partition';

/**
 * The ledger state: what a fold over the entries yields. `applyEntry` is the one step function used both
 * when appending (refusing a bad entry before it is written) and when replaying or verifying a ledger, so a
 * verified ledger replays to exactly the balances it was written with. The state holds one record per
 * account × unit, per expiry day with a holding, per pending (unclaimed) issue, and one key per credited
 * activity (the double-credit guard; pluggable, see CreditStore).
 */
export interface Balance {
  /** Held and not yet expired by an expire entry (amounts past their expiry are refused for use). */
  available: bigint;
  /** Issued with a claim window, not yet claimed. */
  pending: bigint;
  expired: bigint;
  redeemed: bigint;
  /** Final: never usable again. */
  retired: bigint;
}

/**
 * The double-credit guard: ref → bit mask of the units issued for it (1 point, 2 g CO₂). One key per credited
 * activity; swap in a persistent store for ledgers larger than memory.
 */
export interface CreditStore {
  get(ref: string): number | undefined;
  set(ref: string, units: number): void;
}
export const UNIT_BIT: Record<LedgerUnit, number> = { point: 1, g_CO2: 2, t_CO2: 4 };

/**
 * The records whose ref is unique per kind: an order's, a transfer's, a retirement's or an offset's own reference,
 * so a retried request is refused (LEDGER_RECORD_DUPLICATE) instead of applied twice. An aggregation pools many
 * accounts under one ref: its ref is unique per source account. Certify and emissions records have their own keys
 * (the certification reference; the enterprise and period); claims and expiries name an issue.
 */
export const UNIQUE_REF_TYPES: ReadonlySet<EntryType> = new Set([
  'transfer',
  'aggregate',
  'retire',
  'redeem',
  'offset',
]);
/** The mask bit of a record ref in the ref store (beside the unit bits of credited refs). */
export const RECORD_BIT = 8;
/**
 * The key of a record's ref in the ref store (`CreditStore`): `<type>:<ref>`, e.g. `redeem:order-1`, and for an
 * aggregation `aggregate:["<from>","<ref>"]` (JSON: no two pairs share a key). An activity id of the same text does
 * not clash: an activity sets unit bits, a record RECORD_BIT.
 */
export const recordRefKey = (e: { type: EntryType; ref: string; from?: string | undefined }): string =>
  e.type === 'aggregate' ? `aggregate:${JSON.stringify([e.from ?? '', e.ref])}` : `${e.type}:${e.ref}`;

interface Lot {
  expiresAt: number;
  amount: bigint;
}
/** A balance with its lots (credited amounts by expiry, earliest first): one map lookup serves both. */
interface Holding extends Balance {
  lots: Lot[];
}
interface Pending {
  to: string;
  unit: LedgerUnit;
  amount: bigint;
  availableFrom: number;
  claimBy: number;
  expiresAt: number;
}

export class LedgerState {
  seq = 0;
  head = GENESIS;
  lastTs = Number.NEGATIVE_INFINITY;
  lastTsIso = '';
  /** account → unit → holding (nested: the account string of an activity is hashed once for all units). */
  readonly balances = new Map<string, Map<string, Holding>>();
  readonly pending = new Map<string, Pending>();
  /** Deadlines (claimBy of pending issues, expiresAt of lots) → keys to look at, for `dueExpiries`. */
  readonly deadlines = new Map<number, string[]>();
  readonly deadlineTimes: number[] = [];
  /**
   * account → the reduction counted but not yet credited, in micrograms of CO₂ (0 ≤ r < 10⁶): each issue of grams
   * credits the floor of the account's cumulative counted reduction, and what the floor leaves is carried to its
   * next reduction, so no fraction of a gram is lost or created. Part of the ledger's state (entries carry whole
   * grams only).
   */
  readonly remainders = new Map<string, bigint>();
  /** Serial numbers, certification references, emissions and offsets (src/carbon/ledger/registry.ts). */
  readonly registry: RegistryState;
  /**
   * `partition`: the partition of a ledger of several partitions whose chain this state replays (its serial
   * numbers start at `firstSerial(partition)`); undefined for a one-partition ledger.
   */
  constructor(
    readonly credited: CreditStore = new Map<string, number>(),
    policy?: RegistryPolicy,
    partition?: number,
  ) {
    this.registry =
      partition === undefined
        ? new RegistryState(policy)
        : new RegistryState(
            policy,
            firstSerial(partition),
            firstSerial(partition) + SERIALS_PER_PARTITION - 1n,
          );
  }
}

const INF = Number.POSITIVE_INFINITY;
const GRAMS_PER_TONNE = 1_000_000n;

function balance(s: LedgerState, account: string, unit: string): Holding {
  let units = s.balances.get(account);
  if (units === undefined) {
    units = new Map();
    s.balances.set(account, units);
  }
  let b = units.get(unit);
  if (b === undefined) {
    b = { available: 0n, pending: 0n, expired: 0n, redeemed: 0n, retired: 0n, lots: [] };
    units.set(unit, b);
  }
  return b;
}

/** The holding of an account in a unit, read only. */
const holdingOf = (s: LedgerState, account: string, unit: string): Holding | undefined =>
  s.balances.get(account)?.get(unit);

const NO_LOTS: readonly Lot[] = [];
/** The lots of an account, read only: never creates a record (a refused entry leaves the state as it was). */
const lotsOf = (s: LedgerState, account: string, unit: string): readonly Lot[] =>
  holdingOf(s, account, unit)?.lots ?? NO_LOTS;

function addDeadline(s: LedgerState, at: number, item: string): void {
  if (at === INF) return;
  const list = s.deadlines.get(at);
  if (list !== undefined) {
    list.push(item);
    return;
  }
  s.deadlines.set(at, [item]);
  const t = s.deadlineTimes;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  t.splice(lo, 0, at);
}

function addLot(s: LedgerState, account: string, unit: LedgerUnit, expiresAt: number, amount: bigint): void {
  const h = balance(s, account, unit);
  const lots = h.lots;
  let i = lots.length;
  while (i > 0 && (lots[i - 1] as Lot).expiresAt > expiresAt) i--;
  const prev = lots[i - 1];
  if (prev !== undefined && prev.expiresAt === expiresAt) prev.amount += amount;
  else {
    lots.splice(i, 0, { expiresAt, amount });
    addDeadline(s, expiresAt, `l\u0000${account}\u0000${unit}`);
  }
  h.available += amount;
}

/** Take `amount` from the account's usable lots (earliest expiry first); refusals name why. */
function debit(
  s: LedgerState,
  account: string,
  unit: LedgerUnit,
  amount: bigint,
  at: number,
  path: Path,
): { expiresAt: number; amount: bigint }[] {
  const lots = lotsOf(s, account, unit);
  let usable = 0n;
  let expiredHeld = 0n;
  for (const l of lots) {
    if (l.expiresAt > at) usable += l.amount;
    else expiredHeld += l.amount;
  }
  if (usable < amount) {
    // An account that retired before and now asks for more than it holds asks for more than it holds
    // (LEDGER_INSUFFICIENT): grams and points have no identity, so only t CO₂ serials named explicitly can be the
    // very units retired (LEDGER_RETIRED, checked by the registry before this debit).
    const p = { account, unit, available: usable.toString(), amount: amount.toString() };
    // usable < amount: the expired lots could serve it only if there are some.
    const code: CarbonErrorCode = amount <= usable + expiredHeld ? 'LEDGER_EXPIRED' : 'LEDGER_INSUFFICIENT';
    carbonFail(code, path, p);
  }
  const taken: { expiresAt: number; amount: bigint }[] = [];
  let rest = amount;
  for (const l of lots) {
    if (rest === 0n) break;
    if (l.expiresAt <= at || l.amount === 0n) continue;
    const t = l.amount < rest ? l.amount : rest;
    l.amount -= t;
    rest -= t;
    taken.push({ expiresAt: l.expiresAt, amount: t });
  }
  const h = balance(s, account, unit);
  let w = 0;
  for (const l of h.lots) if (l.amount > 0n) h.lots[w++] = l;
  h.lots.length = w;
  h.available -= amount;
  return taken;
}

const timeOf = (iso: string | undefined): number => (iso === undefined ? INF : Date.parse(iso));

/** Lots as a leg writes them (entry.ts): `<amount>@<expiresAt ISO|never>`, joined by commas, in the order given. */
export const lotsText = (lots: readonly Lot[]): string =>
  lots
    .map((l) => `${l.amount}@${l.expiresAt === INF ? 'never' : new Date(l.expiresAt).toISOString()}`)
    .join(',');

/**
 * The lots a debit of `amount` from `account` at `at` would take (its usable lots, earliest expiry first) as a leg's
 * lots text, changing nothing; undefined when the usable lots hold less (the debit refuses that).
 */
export function lotsToTake(
  s: LedgerState,
  account: string,
  unit: LedgerUnit,
  amount: bigint,
  at: number,
): string | undefined {
  const out: Lot[] = [];
  let rest = amount;
  for (const l of lotsOf(s, account, unit)) {
    if (rest === 0n) break;
    if (l.expiresAt <= at || l.amount === 0n) continue;
    const t = l.amount < rest ? l.amount : rest;
    out.push({ expiresAt: l.expiresAt, amount: t });
    rest -= t;
  }
  return rest === 0n ? lotsText(out) : undefined;
}

/**
 * The lots a credit leg carries, read back: refused (LEDGER_ENTRY_INVALID at `lots`) unless they are in ascending
 * expiry, each usable at `at` (expiring after it), and add up to the amount.
 */
function creditLots(e: EntryBody, amount: bigint, at: number, path: Path): Lot[] {
  const lots: Lot[] = [];
  let sum = 0n;
  let last = Number.NEGATIVE_INFINITY;
  for (const part of (e.lots ?? '').split(',')) {
    const i = part.indexOf('@');
    const when = part.slice(i + 1);
    const expiresAt = when === 'never' ? INF : Date.parse(when);
    const ok =
      i > 0 &&
      /^[1-9]\d*$/.test(part.slice(0, i)) &&
      (expiresAt === INF || (Number.isFinite(expiresAt) && new Date(expiresAt).toISOString() === when)) &&
      expiresAt > last &&
      expiresAt > at;
    if (!ok)
      carbonFail('LEDGER_ENTRY_INVALID', [...path, 'lots'], {
        detail: `a credit leg's lots are usable lots in ascending expiry, got ${String(e.lots)}`,
      });
    const amt = BigInt(part.slice(0, i));
    lots.push({ expiresAt, amount: amt });
    sum += amt;
    last = expiresAt;
  }
  if (sum !== amount)
    carbonFail('LEDGER_ENTRY_INVALID', [...path, 'lots'], {
      detail: `a credit leg's lots add up to ${sum}, its amount is ${amount}`,
    });
  return lots;
}

/**
 * Apply one entry (already shaped and with a normalised ts) to the state, or throw the GepError refusing it.
 * Every check runs before any change, so a refused entry leaves the state untouched.
 */
export function applyEntry(
  s: LedgerState,
  e: EntryBody,
  path: Path = [],
  // The appending ledger passes the time and amount it already holds; a replay parses them from the entry.
  at: number = Date.parse(e.ts),
  amount: bigint = BigInt(e.amount),
): void {
  if (at < s.lastTs) carbonFail('LEDGER_TIMESTAMP_ORDER', path, { ts: e.ts, previous: s.lastTsIso });
  // A record's ref is unique per kind: a retried order, transfer, retirement or offset is refused, not applied twice.
  // (A credit leg is the same record as its debit leg, which holds the ref.)
  const refKey = UNIQUE_REF_TYPES.has(e.type) && e.leg !== 'credit' ? recordRefKey(e) : undefined;
  const refMask = refKey !== undefined ? (s.credited.get(refKey) ?? 0) : 0;
  if ((refMask & RECORD_BIT) !== 0)
    carbonFail('LEDGER_RECORD_DUPLICATE', [...path, 'ref'], { type: e.type, ref: e.ref });
  // The registry's checks come first and change nothing; their effect is applied once the debit has passed. An issue
  // (grams or points) has no registry record: of the registry's rules only the one on serial numbers applies to it.
  let registry: (() => void) | undefined;
  if (e.type === 'issue') refuseSerialsOffTonnes(e, path);
  else registry = checkRecord(s.registry, e, amount, at, path);
  const from = e.from as string;
  const to = e.to as string;
  switch (e.type) {
    case 'issue': {
      const bit = UNIT_BIT[e.unit];
      const mask = s.credited.get(e.ref) ?? 0;
      if ((mask & bit) !== 0) carbonFail('LEDGER_DOUBLE_CREDIT', path, { ref: e.ref, unit: e.unit });
      s.credited.set(e.ref, mask | bit);
      const expiresAt = timeOf(e.expiresAt);
      if (e.claimBy !== undefined) {
        const ck = `${e.unit}|${e.ref}`;
        const p: Pending = {
          to,
          unit: e.unit,
          amount,
          availableFrom: timeOf(e.availableFrom),
          claimBy: timeOf(e.claimBy),
          expiresAt,
        };
        s.pending.set(ck, p);
        balance(s, to, e.unit).pending += amount;
        addDeadline(s, p.claimBy, `p\u0000${ck}`);
      } else addLot(s, to, e.unit, expiresAt, amount);
      break;
    }
    case 'claim': {
      const ck = `${e.unit}|${e.ref}`;
      const p = s.pending.get(ck);
      if (p === undefined)
        carbonFail('LEDGER_REF_UNKNOWN', path, { ref: e.ref, detail: 'no pending issue to claim' });
      if (p.to !== to || p.amount !== amount)
        carbonFail('LEDGER_REF_UNKNOWN', path, {
          ref: e.ref,
          detail: `claim must be ${p.amount} ${p.unit} to ${p.to}`,
        });
      if (at < p.availableFrom || at >= p.claimBy)
        carbonFail('LEDGER_CLAIM_WINDOW', path, {
          ref: e.ref,
          from: new Date(p.availableFrom).toISOString(),
          to: new Date(p.claimBy).toISOString(),
          ts: e.ts,
        });
      s.pending.delete(ck);
      balance(s, to, e.unit).pending -= amount;
      addLot(s, to, e.unit, p.expiresAt, amount);
      break;
    }
    case 'expire': {
      const ck = `${e.unit}|${e.ref}`;
      const p = s.pending.get(ck);
      if (p !== undefined) {
        if (p.to !== from || p.amount !== amount)
          carbonFail('LEDGER_REF_UNKNOWN', path, {
            ref: e.ref,
            detail: `expiry must be ${p.amount} ${p.unit} of ${p.to}`,
          });
        if (at < p.claimBy)
          carbonFail('LEDGER_NOT_DUE', path, {
            ref: e.ref,
            due: new Date(p.claimBy).toISOString(),
            ts: e.ts,
          });
        s.pending.delete(ck);
        const b = balance(s, from, e.unit);
        b.pending -= amount;
        b.expired += amount;
        break;
      }
      if (!e.ref.startsWith('lot:'))
        carbonFail('LEDGER_REF_UNKNOWN', path, {
          ref: e.ref,
          detail: 'neither a pending issue nor lot:<expiresAt>',
        });
      const due = Date.parse(e.ref.slice(4));
      const lot = lotsOf(s, from, e.unit).find((l) => l.expiresAt === due);
      if (lot === undefined || lot.amount !== amount)
        carbonFail('LEDGER_REF_UNKNOWN', path, {
          ref: e.ref,
          detail: lot === undefined ? `no lot of ${from} expiring then` : `the lot holds ${lot.amount}`,
        });
      if (at < due)
        carbonFail('LEDGER_NOT_DUE', path, { ref: e.ref, due: new Date(due).toISOString(), ts: e.ts });
      const b = balance(s, from, e.unit);
      b.lots.splice(b.lots.indexOf(lot), 1);
      b.available -= amount;
      b.expired += amount;
      break;
    }
    case 'redeem':
      debit(s, from, e.unit, amount, at, path);
      balance(s, from, e.unit).redeemed += amount;
      break;
    case 'transfer':
    case 'aggregate':
      if (e.leg === undefined)
        for (const t of debit(s, from, e.unit, amount, at, path))
          addLot(s, to, e.unit, t.expiresAt, t.amount);
      else if (e.leg === 'credit')
        for (const l of creditLots(e, amount, at, path)) addLot(s, to, e.unit, l.expiresAt, l.amount);
      else {
        // A debit leg states the lots it takes: exactly those the debit takes (too few usable: the debit refuses).
        const lots = lotsToTake(s, from, e.unit, amount, at);
        if (lots !== undefined && lots !== e.lots)
          carbonFail('LEDGER_ENTRY_INVALID', [...path, 'lots'], {
            detail: `the debit leg takes the lots ${lots}, it states ${String(e.lots)}`,
          });
        debit(s, from, e.unit, amount, at, path);
      }
      break;
    case 'certify':
      debit(s, from, 'g_CO2', amount * GRAMS_PER_TONNE, at, path);
      addLot(s, to, 't_CO2', INF, amount);
      break;
    case 'retire':
    case 'offset':
      debit(s, from, e.unit, amount, at, path);
      balance(s, from, e.unit).retired += amount;
      break;
    // emissions book no balance (the registry keeps them)
  }
  registry?.();
  if (refKey !== undefined) s.credited.set(refKey, refMask | RECORD_BIT);
  s.lastTs = at;
  s.lastTsIso = e.ts;
}

/** Expire entries now due at `at` (pending issues past their claim window, lots past expiry), oldest first. */
export function dueExpiries(s: LedgerState, at: number): Omit<EntryBody, 'seq' | 'ts'>[] {
  const out: Omit<EntryBody, 'seq' | 'ts'>[] = [];
  while (s.deadlineTimes.length > 0 && (s.deadlineTimes[0] as number) <= at) {
    const t = s.deadlineTimes.shift() as number;
    // In key order, not the order the deadlines were added in: a ledger reopened from a store (which restores
    // them in its own order) writes the expiries of one instant in the same order as the run that never stopped.
    const items = [...new Set(s.deadlines.get(t) ?? [])].sort();
    s.deadlines.delete(t);
    for (const item of items) {
      const [kind, a, b] = item.split('\u0000') as [string, string, string];
      if (kind === 'p') {
        const p = s.pending.get(a);
        if (p === undefined || p.claimBy !== t) continue;
        out.push({
          type: 'expire',
          from: p.to,
          unit: p.unit,
          amount: p.amount.toString(),
          ref: a.slice(a.indexOf('|') + 1),
        });
      } else {
        const lot = lotsOf(s, a, b).find((l) => l.expiresAt === t);
        if (lot === undefined || lot.amount === 0n) continue;
        out.push({
          type: 'expire',
          from: a,
          unit: b as LedgerUnit,
          amount: lot.amount.toString(),
          ref: `lot:${new Date(t).toISOString()}`,
        });
      }
    }
  }
  return out;
}

/** Balances as plain data: account → unit → amounts as integer strings; accounts and units sorted. */
export type Balances = Record<string, Record<string, Record<keyof Balance, string>>>;

export function balancesOf(s: LedgerState): Balances {
  const out: Balances = {};
  for (const account of [...s.balances.keys()].sort()) {
    const units = s.balances.get(account) as Map<string, Holding>;
    const o: Record<string, Record<keyof Balance, string>> = {};
    for (const unit of [...units.keys()].sort()) {
      const b = units.get(unit) as Holding;
      o[unit] = {
        available: b.available.toString(),
        pending: b.pending.toString(),
        expired: b.expired.toString(),
        redeemed: b.redeemed.toString(),
        retired: b.retired.toString(),
      };
    }
    out[account] = o;
  }
  return out;
}

/**
 * The state of one account in one unit as plain data (a stored ledger's `balances` row): amounts as integer
 * strings, lots by expiry (`null` for never), earliest first.
 */
export interface HoldingRecord {
  account: string;
  unit: LedgerUnit;
  available: string;
  pending: string;
  expired: string;
  redeemed: string;
  retired: string;
  lots: { expiresAt: string | null; amount: string }[];
}
/** A pending (unclaimed) issue as plain data, keyed `unit|ref` (a stored ledger's `pending` row). */
export interface PendingRecord {
  key: string;
  to: string;
  unit: LedgerUnit;
  amount: string;
  availableFrom: string;
  claimBy: string;
  expiresAt: string | null;
}

const isoOrNull = (ms: number): string | null => (ms === INF ? null : new Date(ms).toISOString());
const msOrInf = (iso: string | null): number => (iso === null ? INF : Date.parse(iso));

/** Every holding of `account` (one record per unit it holds), read only. */
export function holdingRecords(s: LedgerState, account: string): HoldingRecord[] {
  const units = s.balances.get(account);
  if (units === undefined) return [];
  return [...units].map(([unit, h]) => ({
    account,
    unit: unit as LedgerUnit,
    available: h.available.toString(),
    pending: h.pending.toString(),
    expired: h.expired.toString(),
    redeemed: h.redeemed.toString(),
    retired: h.retired.toString(),
    lots: h.lots.map((l) => ({ expiresAt: isoOrNull(l.expiresAt), amount: l.amount.toString() })),
  }));
}

/** The pending issue under `key` (`unit|ref`), or undefined when none is pending. */
export function pendingRecord(s: LedgerState, key: string): PendingRecord | undefined {
  const p = s.pending.get(key);
  if (p === undefined) return undefined;
  return {
    key,
    to: p.to,
    unit: p.unit,
    amount: p.amount.toString(),
    availableFrom: new Date(p.availableFrom).toISOString(),
    claimBy: new Date(p.claimBy).toISOString(),
    expiresAt: isoOrNull(p.expiresAt),
  };
}

/**
 * Load stored records into a fresh state (the inverse of holdingRecords and pendingRecord): the deadlines that
 * `dueExpiries` walks are rebuilt from the lots and the claim windows.
 */
export function restoreState(
  s: LedgerState,
  holdings: Iterable<HoldingRecord>,
  pending: Iterable<PendingRecord>,
): void {
  for (const r of holdings) {
    const h = balance(s, r.account, r.unit);
    h.available = BigInt(r.available);
    h.pending = BigInt(r.pending);
    h.expired = BigInt(r.expired);
    h.redeemed = BigInt(r.redeemed);
    h.retired = BigInt(r.retired);
    h.lots = r.lots.map((l) => ({ expiresAt: msOrInf(l.expiresAt), amount: BigInt(l.amount) }));
    for (const l of h.lots) addDeadline(s, l.expiresAt, `l\u0000${r.account}\u0000${r.unit}`);
  }
  for (const r of pending) {
    const p: Pending = {
      to: r.to,
      unit: r.unit,
      amount: BigInt(r.amount),
      availableFrom: Date.parse(r.availableFrom),
      claimBy: Date.parse(r.claimBy),
      expiresAt: msOrInf(r.expiresAt),
    };
    s.pending.set(r.key, p);
    addDeadline(s, p.claimBy, `p\u0000${r.key}`);
  }
}
