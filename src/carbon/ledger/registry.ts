import * as z from 'zod/mini';
import type { Decimal } from '../../core/decimal';
import type { Path } from '../../core/errors';
import { aDecimal, aRecord, anArray, anInstanceOf, checkArgument } from '../../core/options';
import { carbonFail } from '../errors';
import type { EntryBody, EntryType, LedgerUnit } from './entry';
import { SERIALS_PER_PARTITION } from './partition';

/**
 * Registry records: the rules a registry adds to the ledger's fold, read from the entries' `meta` (plain strings
 * in the hash, so a record is an ordinary entry to every store) and checked on append and on replay alike.
 *
 * ```
 * certify   issuance of `amount` t CO₂ under certification reference `ref` (unique in the ledger), with
 *           meta.verifier, meta.vintage (YYYY), meta.methodology (id@version), meta.factorSets (sha256:… list)
 *           and meta.serials = "s–(s + amount − 1)", s = 1 + every tonne certified before (derived, contiguous)
 * transfer  a unit the rule set lists in `transferable` (default g_CO2, t_CO2: points are not tradable)
 * retire    meta.beneficiary and meta.purpose
 * redeem    meta.redemption = an item of the rule set's redemptions[]; amount = points × meta.quantity (default 1)
 * emissions an enterprise's (`from`) emissions of meta.period (YYYY): one record per enterprise and period
 * offset    `from` retires `amount` against the emissions E of enterprise `to` in meta.period, while
 *           (offset so far + amount) × den ≤ num × E, in grams, maxShare = num / den exactly
 * t CO₂ debits (transfer, retire, offset) move the lowest serial numbers `from` holds: meta.serials lists them.
 * ```
 *
 * A record written under a rule set's policy names it (meta.ruleSet on redeem, transfer and offset); replaying it
 * under another policy is refused (LEDGER_RULES_MISMATCH) instead of judged by the wrong rules.
 */

/** What the ledger reads from a rule set. `registryPolicy()` without one is the default policy. */
export interface RegistryPolicy {
  /** The rule set's ref (id@version); undefined for the default policy. */
  readonly ruleSet: string | undefined;
  readonly transferable: readonly LedgerUnit[];
  /** Redemption catalogue: item id → points per item. */
  readonly redemptions: ReadonlyMap<string, bigint>;
  /** Offset share cap as an exact fraction num / den, with its decimal text; undefined: no offsetting. */
  readonly offsetShare: { num: bigint; den: bigint; text: string } | undefined;
  /**
   * The policies of every rule-set version a ledger was written under, by ref (`registryPolicies`): a replay judges
   * each entry naming a rule set by that version's policy. Undefined: this policy's rule set only.
   */
  readonly versions?: ReadonlyMap<string, RegistryPolicy>;
}

/** The members of a rule set the policy reads (a `RuleSet` from loadRuleSet has them). */
export interface RegistryRules {
  ref: string;
  transferable: readonly LedgerUnit[];
  redemptions: readonly { id: string; points: bigint }[];
  offsets?: { maxShare: Decimal } | undefined;
}

const DEFAULT_TRANSFERABLE: readonly LedgerUnit[] = ['g_CO2', 't_CO2'];

/** A positive decimal as an exact fraction read from its digits: 0.05 → 5 / 100 (no rounding at any precision). */
function fraction(d: Decimal): { num: bigint; den: bigint; text: string } {
  const text = d.toFixed();
  const [whole, places = ''] = text.split('.');
  return { num: BigInt(`${whole}${places}`), den: 10n ** BigInt(places.length), text };
}

/** What the policy reads of a rule set: its ref, its transferable units, its redemption catalogue and offsets. */
const rulesOutline = z.looseObject({
  ref: z.string(),
  transferable: anArray,
  redemptions: anArray,
  offsets: z.optional(z.looseObject({ maxShare: aDecimal })),
});
const optionalRules = z.optional(rulesOutline);
const rulesList = z.array(rulesOutline);

/**
 * The policy of a rule set, or the default policy (g_CO2 and t_CO2 transferable, no catalogue, no offsets). A rule
 * set of another kind (null, a rule set's JSON not loaded by loadRuleSet) is ARGUMENT_INVALID at `rules`.
 */
export function registryPolicy(rules?: RegistryRules): RegistryPolicy {
  checkArgument(optionalRules, rules, ['rules']);
  return policyOf(rules);
}

function policyOf(rules: RegistryRules | undefined): RegistryPolicy {
  if (rules === undefined)
    return {
      ruleSet: undefined,
      transferable: DEFAULT_TRANSFERABLE,
      redemptions: new Map(),
      offsetShare: undefined,
    };
  return {
    ruleSet: rules.ref,
    transferable: [...rules.transferable],
    redemptions: new Map(rules.redemptions.map((r) => [r.id, r.points])),
    offsetShare: rules.offsets !== undefined ? fraction(rules.offsets.maxShare) : undefined,
  };
}

/**
 * The policy of a ledger written under several versions of a rule set (one after another: a documented version bump),
 * for its replay: an entry naming one of them (meta.ruleSet) is judged by that version's policy, other entries by
 * the last one's. One rule set gives `registryPolicy(rules)`. A list of another kind, or a member that is no rule
 * set, is ARGUMENT_INVALID at `list`.
 *
 * @example
 * const policy = registryPolicies([rulesV1, rulesV2]);
 * verifyLedger(entries, { policy });
 */
export function registryPolicies(list: readonly RegistryRules[]): RegistryPolicy {
  // the versions of one rule set: a few, each outlined once per call
  checkArgument(rulesList, list, ['list']);
  const last = list[list.length - 1];
  if (list.length <= 1) return policyOf(last);
  const versions = new Map(list.map((r) => [r.ref, policyOf(r)]));
  return { ...(versions.get((last as RegistryRules).ref) as RegistryPolicy), versions };
}

/** The refs a policy judges, for a refusal's `expected`. */
const policyRefs = (p: RegistryPolicy): string =>
  p.versions !== undefined ? [...p.versions.keys()].join(', ') : (p.ruleSet ?? '(none)');

/** A run of serial numbers, first and last included. */
type Range = [bigint, bigint];

/** The registry's part of the ledger state: serial numbers, certification references, emissions and offsets. */
export class RegistryState {
  /** The serial number the next certified tonne gets. */
  nextSerial: bigint;
  /** account → the serial numbers of the t CO₂ it holds, ascending, disjoint, adjacent runs merged. */
  readonly held = new Map<string, Range[]>();
  /** Certification references used (one per certify entry). */
  readonly certifications = new Set<string>();
  /** `enterprise|period` → recorded emissions in grams. */
  readonly emissions = new Map<string, bigint>();
  /** `enterprise|period` → grams offset so far. */
  readonly offsets = new Map<string, bigint>();
  /**
   * `first`: the partition's first serial number (`firstSerial(p)`, 1 for a one-partition ledger); `last`: the
   * highest serial number it may give (undefined: no bound).
   */
  constructor(
    readonly policy: RegistryPolicy = registryPolicy(),
    first = 1n,
    readonly last: bigint | undefined = undefined,
  ) {
    this.nextSerial = first;
  }
}

/** The certification reference of an entry (its `ref` for a certify entry), else undefined: unique per ledger. */
export function certificationRef(e: Pick<EntryBody, 'type' | 'ref'>): string | undefined {
  return e.type === 'certify' ? e.ref : undefined;
}

/** Serial runs as text: "1-50" or "1-30,45-50". Runs that are no list are ARGUMENT_INVALID at `runs`. */
export function serialsText(runs: readonly Range[]): string {
  checkArgument(anArray, runs, ['runs']);
  return runsText(runs);
}

/** serialsText without its check: the entries' loop, over runs the state holds. */
const runsText = (runs: readonly Range[]): string => runs.map(([a, b]) => `${a}-${b}`).join(',');

/** The lowest `amount` serial numbers of `runs`, or undefined when they hold fewer (the debit refuses that). */
function lowest(runs: readonly Range[] | undefined, amount: bigint): Range[] | undefined {
  const out: Range[] = [];
  let rest = amount;
  for (const [a, b] of runs ?? []) {
    if (rest === 0n) break;
    const n = b - a + 1n;
    const take = n < rest ? n : rest;
    out.push([a, a + take - 1n]);
    rest -= take;
  }
  return rest === 0n ? out : undefined;
}

/** Ascending by first serial; runs compared are disjoint, so no two start alike. */
const byStart = (x: Range, y: Range): number => (x[0] < y[0] ? -1 : 1);

function addRuns(r: RegistryState, account: string, add: readonly Range[]): void {
  const merged = [...(r.held.get(account) ?? []), ...add].sort(byStart);
  const out: Range[] = [];
  for (const [a, b] of merged) {
    const last = out[out.length - 1];
    // New pairs only: the runs given are never changed (they may be another account's).
    if (last !== undefined && last[1] + 1n === a) out[out.length - 1] = [last[0], b];
    else out.push([a, b]);
  }
  r.held.set(account, out);
}

/** Remove runs taken by `lowest` (a prefix of the held runs, the last one possibly in part). */
function removeRuns(r: RegistryState, account: string, taken: readonly Range[]): void {
  // `taken` came from these runs, so the account holds some.
  const runs = r.held.get(account) as Range[];
  const last = taken[taken.length - 1] as Range;
  const i = taken.length - 1;
  const rest = runs.slice(i + 1);
  const cut = runs[i] as Range;
  if (last[1] < cut[1]) rest.unshift([last[1] + 1n, cut[1]]);
  if (rest.length === 0) r.held.delete(account);
  else r.held.set(account, rest);
}

/** The serial numbers an entry carries, as the ledger derives them (undefined for entries that carry none). */
function derivedSerials(r: RegistryState, e: EntryBody, amount: bigint): Range[] | undefined {
  if (e.type === 'certify') return [[r.nextSerial, r.nextSerial + amount - 1n]];
  // A credit leg's serials are its debit leg's, derived in the payer's partition (the pair check holds them equal).
  if (e.leg === 'credit') return undefined;
  if (e.unit === 't_CO2' && (e.type === 'transfer' || e.type === 'retire' || e.type === 'offset'))
    return lowest(r.held.get(e.from as string), amount);
  return undefined;
}

const NAMES_RULE_SET: ReadonlySet<EntryType> = new Set(['redeem', 'transfer', 'offset']);

/**
 * Fill in what the ledger derives for a record it appends: meta.serials and, under a rule set, meta.ruleSet.
 * The body's meta is replaced by a copy (the caller's draft is never changed). Members the draft gives are kept:
 * `checkRecord` then holds them to the derived values.
 */
export function completeRecord(r: RegistryState, e: EntryBody, amount: bigint): void {
  const serials = derivedSerials(r, e, amount);
  const ruleSet = NAMES_RULE_SET.has(e.type) ? r.policy.ruleSet : undefined;
  if (serials === undefined && ruleSet === undefined) return;
  const meta = { ...e.meta };
  if (serials !== undefined && meta.serials === undefined) meta.serials = runsText(serials);
  if (ruleSet !== undefined && meta.ruleSet === undefined) meta.ruleSet = ruleSet;
  e.meta = meta;
}

const YEAR = /^\d{4}$/;
/** The first year gepkit reads anywhere (an input's year, a price year: docs/input-format.md): 0999 is no vintage. */
const FIRST_YEAR = 1900;
const METHODOLOGY = /^[^@\s,]+@[^@\s,]+$/;
const FACTOR_SET_HASH = /^sha256:[0-9a-f]{64}$/;
const QUANTITY = /^[1-9]\d*$/;
const GRAMS_PER_TONNE = 1_000_000n;
/** 14 h: the furthest ahead of UTC any time zone is (UTC+14); a vintage no zone has reached is refused. */
const EARLIEST_ZONE_MS = 14 * 3_600_000;

function incomplete(type: EntryType, path: Path, detail: string): never {
  return carbonFail('LEDGER_RECORD_INCOMPLETE', path, { type, detail });
}

/** A meta member that must be a non-empty string. */
function required(e: EntryBody, key: string, path: Path): string {
  const v = e.meta?.[key];
  if (v === undefined || v.trim() === '') incomplete(e.type, path, `meta.${key} is required`);
  return v;
}

function period(e: EntryBody, path: Path): string {
  const p = required(e, 'period', path);
  if (!YEAR.test(p)) incomplete(e.type, path, `meta.period must be a year (YYYY), got ${p}`);
  return p;
}

const grams = (amount: bigint, unit: LedgerUnit): bigint =>
  unit === 't_CO2' ? amount * GRAMS_PER_TONNE : amount;

function checkCertify(r: RegistryState, e: EntryBody, at: number, path: Path): void {
  if (r.certifications.has(e.ref)) carbonFail('LEDGER_CERTIFICATION_DUPLICATE', path, { ref: e.ref });
  required(e, 'verifier', path);
  const vintage = required(e, 'vintage', path);
  if (
    !YEAR.test(vintage) ||
    Number(vintage) < FIRST_YEAR ||
    Number(vintage) > new Date(at + EARLIEST_ZONE_MS).getUTCFullYear()
  )
    incomplete(
      e.type,
      path,
      `meta.vintage must be a year (YYYY) from ${FIRST_YEAR}, not after the certification, got ${vintage}`,
    );
  const m = required(e, 'methodology', path);
  if (!METHODOLOGY.test(m)) incomplete(e.type, path, `meta.methodology must be id@version, got ${m}`);
  const sets = required(e, 'factorSets', path).split(',');
  const badSet = sets.find((h) => !FACTOR_SET_HASH.test(h));
  if (badSet !== undefined)
    incomplete(e.type, path, `meta.factorSets lists factor-set hashes (sha256:<64 hex>), got ${badSet}`);
}

function checkRedeem(policy: RegistryPolicy, e: EntryBody, amount: bigint, path: Path): void {
  const item = required(e, 'redemption', path);
  const points = policy.redemptions.get(item);
  if (points === undefined)
    carbonFail('LEDGER_REDEMPTION_UNKNOWN', path, {
      item,
      ruleSet: policy.ruleSet ?? '(none)',
      allowed: [...policy.redemptions.keys()].join(', ') || '(empty)',
    });
  // `required` passed: the entry has a meta.
  const q = (e.meta as Record<string, string>).quantity ?? '1';
  if (!QUANTITY.test(q)) incomplete(e.type, path, `meta.quantity must be a positive integer, got ${q}`);
  const expected = points * BigInt(q);
  if (expected !== amount)
    carbonFail('LEDGER_REDEMPTION_AMOUNT', path, {
      item,
      quantity: q,
      points: points.toString(),
      expected: expected.toString(),
      amount: amount.toString(),
    });
}

/** n / den written exactly, den a power of ten: 1234567 / 10 → "123456.7". */
function exactQuotient(n: bigint, den: bigint): string {
  const places = den.toString().length - 1;
  if (places === 0) return n.toString();
  const digits = n.toString().padStart(places + 1, '0');
  const frac = digits.slice(-places).replace(/0+$/, '');
  return `${digits.slice(0, -places)}${frac === '' ? '' : `.${frac}`}`;
}

/** The offset check; returns the `enterprise|period` key and the grams to book. */
function checkOffset(
  r: RegistryState,
  policy: RegistryPolicy,
  e: EntryBody,
  amount: bigint,
  path: Path,
): [string, bigint] {
  const share = policy.offsetShare;
  if (share === undefined)
    carbonFail('LEDGER_OFFSET_NOT_ALLOWED', path, { ruleSet: policy.ruleSet ?? '(none)' });
  const p = period(e, path);
  const enterprise = e.to as string;
  const key = `${enterprise}|${p}`;
  const emissions = r.emissions.get(key);
  if (emissions === undefined) carbonFail('LEDGER_EMISSIONS_UNKNOWN', path, { enterprise, period: p });
  const used = r.offsets.get(key) ?? 0n;
  const g = grams(amount, e.unit);
  // (used + g) / emissions ≤ num / den  ⇔  (used + g) × den ≤ num × emissions: integers, no rounding.
  if ((used + g) * share.den > share.num * emissions)
    carbonFail('LEDGER_OFFSET_CAP', path, {
      enterprise,
      period: p,
      emissions: emissions.toString(),
      share: share.text,
      cap: exactQuotient(share.num * emissions, share.den),
      used: used.toString(),
      amount: g.toString(),
    });
  return [key, used + g];
}

/** The entry's meta.serials must be the runs the ledger derives. */
function checkSerials(e: EntryBody, derived: readonly Range[], path: Path): void {
  const given = e.meta?.serials;
  const expected = runsText(derived);
  if (given !== expected) carbonFail('LEDGER_SERIAL_MISMATCH', path, { expected, given: given ?? '(none)' });
}

/**
 * Only certified tonnes have serial numbers: an entry of grams or points claiming some (`meta.serials`) is
 * LEDGER_SERIAL_MISMATCH, an issue as much as any other entry.
 */
export function refuseSerialsOffTonnes(e: EntryBody, path: Path): void {
  const serials = e.meta?.serials;
  if (serials !== undefined && e.unit !== 't_CO2')
    carbonFail('LEDGER_SERIAL_MISMATCH', path, { expected: '(none)', given: serials });
}

/**
 * Check an entry's registry rules against the state, changing nothing, and return what applying it does to the
 * registry state (run only once the ledger's own checks have passed too), or undefined when it does nothing.
 */
export function checkRecord(
  r: RegistryState,
  e: EntryBody,
  amount: bigint,
  at: number,
  path: Path,
): (() => void) | undefined {
  const given = e.meta?.ruleSet;
  // The policy of the rule-set version the entry names (one of several a ledger was written under), else the ledger's.
  const policy = given === undefined || given === r.policy.ruleSet ? r.policy : r.policy.versions?.get(given);
  if (NAMES_RULE_SET.has(e.type) && policy === undefined)
    carbonFail('LEDGER_RULES_MISMATCH', path, { given: given as string, expected: policyRefs(r.policy) });
  const p = policy ?? r.policy;
  refuseSerialsOffTonnes(e, path);
  switch (e.type) {
    case 'certify': {
      checkCertify(r, e, at, path);
      const runs = derivedSerials(r, e, amount) as Range[];
      checkSerials(e, runs, path);
      const top = (runs[0] as Range)[1];
      if (top > (r.last ?? top))
        carbonFail('LEDGER_ENTRY_INVALID', path, {
          detail: `serial ${top} is beyond the partition's last serial number ${r.last}`,
        });
      return () => {
        r.certifications.add(e.ref);
        r.nextSerial += amount;
        addRuns(r, e.to as string, runs);
      };
    }
    case 'transfer': {
      if (!p.transferable.includes(e.unit))
        carbonFail('LEDGER_TRANSFER_NOT_ALLOWED', path, {
          unit: e.unit,
          ruleSet: p.ruleSet ?? '(default)',
          allowed: p.transferable.join(', ') || '(none)',
        });
      if (e.leg === 'credit') return creditSerials(r, e, amount, path);
      // A debit leg's serials leave the payer's partition; its credit leg adds them to the payee's.
      return moveSerials(r, e, amount, path, e.leg === 'debit' ? undefined : e.to);
    }
    case 'retire':
      required(e, 'beneficiary', path);
      required(e, 'purpose', path);
      return moveSerials(r, e, amount, path, undefined);
    case 'redeem':
      checkRedeem(p, e, amount, path);
      return undefined;
    case 'emissions': {
      const key = `${e.from as string}|${period(e, path)}`;
      required(e, 'verifier', path);
      if (r.emissions.has(key))
        carbonFail('LEDGER_EMISSIONS_DUPLICATE', path, {
          enterprise: e.from as string,
          period: e.meta?.period as string,
        });
      const g = grams(amount, e.unit);
      return () => r.emissions.set(key, g);
    }
    case 'offset': {
      const [key, total] = checkOffset(r, p, e, amount, path);
      const move = moveSerials(r, e, amount, path, undefined);
      return () => {
        r.offsets.set(key, total);
        move?.();
      };
    }
  }
  return undefined;
}

const RUNS_TEXT = /^\d+-\d+(,\d+-\d+)*$/;

/**
 * The serials of `text` (runs "a-b,…") that were issued here and are out of circulation (retired or offset: issued,
 * below the next serial, and held by no account), as serials text; undefined when none is, or the text is not runs
 * (LEDGER_SERIAL_MISMATCH refuses that). Read only on a refusal's way: it walks every account's runs.
 */
function retiredAmong(r: RegistryState, text: string): string | undefined {
  if (!RUNS_TEXT.test(text)) return undefined;
  const first = r.last !== undefined ? r.last - SERIALS_PER_PARTITION + 1n : 1n;
  const held = [...r.held.values()].flat().sort(byStart);
  const out: Range[] = [];
  for (const run of text.split(',')) {
    const [a0, b0] = run.split('-').map(BigInt) as [bigint, bigint];
    let a = a0 > first ? a0 : first;
    const b = b0 < r.nextSerial - 1n ? b0 : r.nextSerial - 1n;
    // Walk the held runs in order: what lies between them (within [a, b]) is out of circulation.
    // Once a passes b, every run left starts above b: the walk stops at the next one.
    for (const [x, y] of held) {
      if (y < a) continue;
      if (x > b) break;
      if (x > a) out.push([a, x - 1n]);
      a = y + 1n;
    }
    if (a <= b) out.push([a, b]);
  }
  return out.length > 0 ? runsText(out) : undefined;
}

/**
 * The serials a credit leg of t CO₂ brings to `to` (its meta.serials: runs adding up to the amount, else
 * LEDGER_SERIAL_MISMATCH); undefined for other units.
 */
function creditSerials(r: RegistryState, e: EntryBody, amount: bigint, path: Path): (() => void) | undefined {
  if (e.unit !== 't_CO2') return undefined;
  const given = e.meta?.serials;
  const runs =
    given !== undefined && RUNS_TEXT.test(given)
      ? given.split(',').map((run) => run.split('-').map(BigInt) as Range)
      : undefined;
  const count = (runs ?? []).reduce((n, [a, b]) => n + b - a + 1n, 0n);
  if (
    runs === undefined ||
    count !== amount ||
    runs.some(([a, b], i) => b < a || (i > 0 && a <= (runs[i - 1] as Range)[1] + 1n))
  )
    carbonFail('LEDGER_SERIAL_MISMATCH', path, {
      expected: `runs of ${amount} serials, ascending`,
      given: given ?? '(none)',
    });
  return () => addRuns(r, e.to as string, runs);
}

/** The serial check of a t CO₂ debit and its effect (to `to`, or out of circulation when undefined). */
function moveSerials(
  r: RegistryState,
  e: EntryBody,
  amount: bigint,
  path: Path,
  to: string | undefined,
): (() => void) | undefined {
  const runs = derivedSerials(r, e, amount);
  const given = e.meta?.serials;
  // Serials named explicitly that left circulation (retired or offset): the very units asked for are retired.
  // (Only a t CO₂ entry gets here with serials: checkRecord refused the others.)
  if (given !== undefined && (runs === undefined || given !== runsText(runs))) {
    const gone = retiredAmong(r, given);
    if (gone !== undefined) {
      const held = (r.held.get(e.from as string) ?? []).reduce((n, [a, b]) => n + b - a + 1n, 0n);
      carbonFail('LEDGER_RETIRED', path, {
        account: e.from as string,
        unit: e.unit,
        available: held.toString(),
        amount: amount.toString(),
        serials: gone,
      });
    }
  }
  // Not t CO₂ (no serials), or fewer tonnes held than the amount (the ledger's debit refuses the entry).
  if (runs === undefined) return undefined;
  checkSerials(e, runs, path);
  return () => {
    removeRuns(r, e.from as string, runs);
    if (to !== undefined) addRuns(r, to, runs);
  };
}

/**
 * The registry state as plain JSON data (bigints as decimal strings, runs as serials text, keys sorted), for a
 * store that keeps the ledger's derived state beside its entries; `restoreRegistry` reads it back. Replaying the
 * entries gives the same data.
 */
export interface RegistrySnapshot {
  nextSerial: string;
  held: Record<string, string>;
  certifications: string[];
  emissions: Record<string, string>;
  offsets: Record<string, string>;
}

const sortedRecord = <V>(m: ReadonlyMap<string, V>, f: (v: V) => string): Record<string, string> =>
  Object.fromEntries([...m.keys()].sort().map((k) => [k, f(m.get(k) as V)]));

/** The outline of a registry state (a ledger state's `registry`) that the snapshot reads and a restore fills. */
const registryOutline = z.looseObject({
  nextSerial: z.bigint(),
  held: anInstanceOf(Map),
  certifications: anInstanceOf(Set),
  emissions: anInstanceOf(Map),
  offsets: anInstanceOf(Map),
});

/** The outline of a snapshot that restoreRegistry reads (its members' contents are read as before). */
const snapshotOutline = z.looseObject({
  nextSerial: z.string().check(z.regex(/^\d+$/)),
  held: aRecord,
  certifications: anArray,
  emissions: aRecord,
  offsets: aRecord,
});

/** The registry state as a snapshot; a state of another kind is ARGUMENT_INVALID at `registry`. */
export function registrySnapshot(r: RegistryState): RegistrySnapshot {
  checkArgument(registryOutline, r, ['registry']);
  return {
    nextSerial: r.nextSerial.toString(),
    held: sortedRecord(r.held, runsText),
    certifications: [...r.certifications].sort(),
    emissions: sortedRecord(r.emissions, String),
    offsets: sortedRecord(r.offsets, String),
  };
}

/**
 * Load a snapshot into an empty registry state (a ledger state about to continue a stored ledger). A state or a
 * snapshot of another kind is ARGUMENT_INVALID at `registry` or `snapshot` and the member's path.
 */
export function restoreRegistry(r: RegistryState, snap: RegistrySnapshot): void {
  checkArgument(registryOutline, r, ['registry']);
  checkArgument(snapshotOutline, snap, ['snapshot']);
  r.nextSerial = BigInt(snap.nextSerial);
  for (const [account, text] of Object.entries(snap.held))
    r.held.set(
      account,
      text.split(',').map((run) => run.split('-').map(BigInt) as Range),
    );
  for (const c of snap.certifications) r.certifications.add(c);
  for (const [k, v] of Object.entries(snap.emissions)) r.emissions.set(k, BigInt(v));
  for (const [k, v] of Object.entries(snap.offsets)) r.offsets.set(k, BigInt(v));
}
