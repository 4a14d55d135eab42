import * as z from 'zod/mini';
import { Decimal } from '../core/decimal';
import {
  type OptionsShape,
  anIterable,
  anObject,
  anyIterable,
  callback,
  checkArgument,
  checkOptions,
  optionsSchema,
  wholeFrom,
} from '../core/options';
import { normalizeId } from '../core/ids';
import { valueProblemIssue } from '../core/value-problems';
import { GepError, type Issue, type Path, issue } from '../core/errors';
import { ANY_UNIT, carbonFail, carbonIssue, carbonZodFallback } from './errors';
import { duplicateKeyDetail, jsonLineProblem } from '../io/json';
import { longLineLimit } from '../io/jsonl';
import { fromZodIssues } from '../core/zod-issues';
import { type Activity, MINUTES, SCENARIOS_POINTS_ONLY, activitySchema, claimSchema } from './activity';
import { fastActivity } from './activity-fast';
import { BatchMemo } from './batch-memo';
import { bundledFactorSets } from './factors/bundled';
import { bundledProvinceGrid } from './factors/province-grid';
import { type ActivityWhen, FactorChain, type FactorSet, type FactorUse } from './factors/registry';
import { type Entry, type EntryType, type Hasher, sha256Hex } from './ledger/entry';
import { type Draft, Ledger } from './ledger/ledger';
import { accountPartition, checkPartitions, partitionOf, rootHash } from './ledger/partition';
import { headsOf, ledgersBalances } from './ledger/partitioned';
import { registryPolicy } from './ledger/registry';
import {
  type Balances,
  type CreditStore,
  RECORD_BIT,
  UNIQUE_REF_TYPES,
  UNIT_BIT,
  recordRefKey,
} from './ledger/state';
import { DRAFT_MEMBERS } from './ledger/verify';
import { type Bound, checkBounds, pointsOnlyBounds } from './methodologies/bounds';
import { methodologies, methodologyFor } from './methodologies/registry';
import { type CarbonMethodology, type ReductionResult, distanceIn } from './methodologies/spec';
import { ReductionCaps } from './rules/reduction-caps';
import { MICRO, microgramsOfPlain, microgramsText } from './ledger/micrograms';
import { type Measures, PointEngine, type PointsRecord, type RuleSet } from './rules/rules';
import type { PointRule } from './rules/schema';
import {
  DEFAULT_LATE_WINDOW_HOURS,
  DEFAULT_UTC_OFFSET,
  HOUR_MS,
  beyondNow,
  localDate,
  localDay,
  offsetMs,
  tooLate,
} from './time';
import type { UserRecord } from './store';

/** The units a ref is checked for before an activity is credited, in the order the refusal names them. */
const CHECKED_UNITS = ['g_CO2', 'point'] as const;

/** The factor sets of a reduction as the entry's meta names them: `factors.map(f => f.set).join(',')`. */
function factorSets(factors: readonly FactorUse[]): string {
  // One factor (the common case) joins to its own set: no array and no join.
  return factors.length === 1 ? (factors[0] as FactorUse).set : factors.map((f) => f.set).join(',');
}

/**
 * The batch's guard against crediting one behaviour twice: ref (activity or behaviour id) → the evidence path
 * it was first accepted on ('' for none). One key per accepted activity, so a `Map` (the default) grows with
 * the stream; `openSqliteIdStore` (gepkit/carbon/node) keeps it on disk in flat memory.
 */
export interface SeenStore {
  get(ref: string): string | undefined;
  set(ref: string, evidence: string): void;
}

export interface BatchOptions {
  /** Point rules; without them only reductions are computed. */
  rules?: RuleSet;
  /** User factor sets, searched before each methodology's pinned bundled sets. */
  factorSets?: readonly FactorSet[];
  /** `required` (default): a missing factor refuses the line. `when-available`: points still count, warned. */
  reductions?: 'required' | 'when-available';
  /** Continue an existing ledger (its state) of one partition; by default a new one. */
  ledger?: Ledger;
  /**
   * The number of partitions of a new ledger (default 1; src/carbon/ledger/partition.ts): each user's entries go to
   * the chain of `partitionOf(user, partitions)`.
   */
  partitions?: number;
  /** Continue the ledgers of every partition (one per partition, in partition order), sharing one credited guard. */
  ledgers?: readonly Ledger[];
  /**
   * Process only the lines of these partitions: a line of another partition is passed over like a blank line (not
   * counted, no result), so that the partitions of one stream can be run apart, in any order, with the result of
   * one run. A line whose user cannot be read belongs to partition 0.
   */
  only?: readonly number[];
  /** Hash function for a new ledger (default sha256 via @noble/hashes). */
  hash?: Hasher;
  /** The double-credit guard of a new ledger (default an in-memory Map; `openSqliteIdStore` keeps it on disk). */
  credited?: CreditStore;
  /**
   * The ledger account of a user (default `user:<id>`). With several partitions it must be held in the user's
   * partition (`accountPartition`: `user:<id>` is; any other name is in partition 0), else the user's lines are
   * refused (LEDGER_PARTITION_CROSSING).
   */
  account?: (user: string) => string;
  /** Where accepted activity and behaviour ids are kept (default an in-memory Map). */
  seen?: SeenStore;
  /**
   * Certification references used outside this batch's ledgers (a stored ledger's partitions this run does not
   * hold): a certify record under one of them is refused (LEDGER_CERTIFICATION_DUPLICATE), as one under a reference
   * any of its partitions used.
   */
  certified?: { has(ref: string): boolean };
  /**
   * Methodologies added to the built-in ones (e.g. `loadMethodology` from data); a scenario already taken by
   * another methodology is refused (CARBON_METHODOLOGY_SCENARIO_TAKEN).
   */
  methodologies?: readonly CarbonMethodology[];
  /** Strict mode: a factor of an earlier data year than the activity's refuses the line (CARBON_FACTOR_YEAR_UNPUBLISHED). */
  strict?: boolean;
  /**
   * The time of the run (ms since 1970, e.g. Date.now()): a line dated more than a day after it is refused
   * (CARBON_TIMESTAMP_FUTURE) without blocking later lines. Without it no line is refused for its date (the
   * library reads no clock; the CLI passes the clock, or --now).
   */
  now?: number;
}

/** A rule set as `loadRuleSet` returns it (with its ref and hash), not the raw JSON of one. */
/** An options member that is a rule set as loadRuleSet returns it. */
export const loadedRuleSet = z.custom<RuleSet>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as RuleSet).ref === 'string' &&
    typeof (v as RuleSet).hash === 'string',
  { error: 'a rule set as loadRuleSet returns it (with ref and hash)' },
);

export const batchShape: OptionsShape<BatchOptions> = {
  rules: loadedRuleSet,
  factorSets: z.array(anObject),
  reductions: z.enum(['required', 'when-available']),
  ledger: z.instanceof(Ledger),
  // Its range is checked as the ledger's (LEDGER_PARTITIONS_INVALID).
  partitions: z.number(),
  ledgers: z.array(z.instanceof(Ledger)),
  only: z.array(wholeFrom(0)),
  hash: callback,
  credited: anObject,
  account: callback,
  seen: anObject,
  certified: anObject,
  methodologies: z.array(anObject),
  strict: z.boolean(),
  now: z.number(),
};
const batchOptions = optionsSchema(batchShape);

/** A batch's running counters (lines, grams, points…), carried when a stored batch is rebuilt. */
export interface BatchCounters {
  lines: number;
  accepted: number;
  refused: number;
  warnings: number;
  grams: bigint;
  points: bigint;
  exactMicrograms: bigint;
  carriedIn: bigint;
}

/** A line parsed by `CarbonBatch.prepare`, not yet run. */
export interface PreparedLine {
  line: number;
  /** The partition of the line's user (0 when it has none). */
  partition: number;
  path: Path;
  value: unknown;
  /** The parsed activity (absent for a claim or an invalid line). */
  activity?: Activity;
  claim?: true;
  /** A registry record line (`{"record": {…}}`). */
  record?: true;
  /** The issues refusing an unparseable line. */
  invalid?: Issue[];
  /** Warnings of the parse (ids the id rule changed), carried into the line's issues. */
  notes?: Issue[];
}

/** What one input line produced: its reduction and points, the ledger entries written, and its issues. */
export interface LineResult {
  line: number;
  ok: boolean;
  kind: 'activity' | 'claim' | 'record' | 'invalid';
  id?: string;
  user?: string;
  scenario?: string;
  reduction?: {
    methodology: string;
    rule: string;
    /** Whole grams credited by this line: ⌊carried + counted⌋ (the ledger's issue entry). */
    grams: string;
    /** The exact reduction computed, g CO₂ (a decimal string; negative when the baseline was exceeded). */
    exact: string;
    /** The g CO₂ counted towards the credit, when it differs from exact: a reduction cap, or exact to more than 6 decimals (counted to the microgram, rounded down). */
    counted?: string;
    /** The exact g CO₂ the user carries after this line (0 ≤ r < 1): credited with later reductions. */
    remainder: string;
    negative?: string;
    be?: string;
    pe?: string;
    factors: ReductionResult['factors'];
  };
  points?: {
    rule: string;
    ruleSet: string;
    points: string;
    wanted: string;
    /** The rule's measure accumulated by the user that local day, this line included. */
    accrued: string;
    conversion?: string;
    availableFrom?: string;
    claimBy?: string;
    expiresAt?: string;
  };
  /** A certify or t CO₂ debit record's serial numbers, as the ledger derived them (`meta.serials`: "1-2,5-5"). */
  serials?: string;
  entries: Entry[];
  issues: Issue[];
}

export interface BatchSummary {
  lines: number;
  accepted: number;
  refused: number;
  warnings: number;
  /** Whole grams credited (issued) by the batch. */
  grams: string;
  /** The exact sum of the reductions counted (decimal string): grams + remainderGrams = exactGrams + carriedInGrams. */
  exactGrams: string;
  /** The exact remainders still carried by the accounts at the end (decimal string, each below 1 g). */
  remainderGrams: string;
  /** Remainders the continued ledger carried at the start; absent when zero. */
  carriedInGrams?: string;
  points: string;
  /**
   * The ledger's entries and head; with several partitions the head is the root over the partition heads and
   * `partitions` lists each partition's entries and head, in partition order.
   */
  ledger: { count: number; head: string; partitions?: { count: number; head: string }[] };
  balances: Balances;
  rules: string | null;
  factorSets: string[];
}

/**
 * The batch engine: feed it lines (JSON text or parsed objects) in time order, one at a time; each call
 * returns that line's result, and a bad line is reported with its line number while the others go on.
 * Memory holds the ledger state, cap counters and the ids already seen, never the lines or entries.
 */
export class CarbonBatch {
  /** The ledger of each partition, in partition order, sharing one double-credit guard. */
  readonly ledgers: readonly Ledger[];
  private readonly only: ReadonlySet<number> | undefined;
  private readonly engine: PointEngine | undefined;
  private readonly chains = new Map<string, FactorChain>();
  /** The refs of the factor sets whose records credited lines used (the summary's `factorSets`). */
  private readonly setsUsed = new Set<string>();
  private readonly methods: readonly CarbonMethodology[];
  /** The rule set's reduction caps; counting only (no limit) on a stored ledger that holds counters (restoreUser). */
  private reductionCaps: ReductionCaps | undefined;
  private carriedIn: bigint;
  private exactMicrograms = 0n;
  private readonly seen: SeenStore;
  private readonly account: (user: string) => string;
  private readonly known: Set<string>;
  /**
   * Per user: the time of the latest accepted activity, from which the late window is measured (a mutable holder:
   * one lookup a line), and `since`, the first instant whose periods the user's stored rule state holds in full
   * (restored from a stored ledger; −∞ when it dropped none): an earlier line is refused, also under a wider window
   * than the one that dropped them. This batch's own drops need no record here: they are before its own window.
   */
  private readonly latest = new Map<string, Latest>();
  /** The late window (the rule set's lateWindowHours), hours and ms. */
  private readonly lateHours: number;
  private readonly lateWindow: number;
  /** The time zone of local dates: the rule set's utcOffset, DEFAULT_UTC_OFFSET without one. */
  private readonly utcOffset: string;
  private readonly stats = { lines: 0, accepted: 0, refused: 0, warnings: 0, grams: 0n, points: 0n };
  /** The decimal work of earlier lines, this batch's own (batch-memo.ts). */
  private readonly memo = new BatchMemo();

  /** OPTIONS_INVALID for options it cannot read (`rule` for `rules`, `reductions: 'maybe'`). */
  constructor(private readonly opts: BatchOptions = {}) {
    checkOptions(batchOptions, opts);
    this.ledgers = opts.ledgers ?? (opts.ledger !== undefined ? [opts.ledger] : newLedgers(opts));
    checkPartitions(this.ledgers.length);
    this.only = opts.only !== undefined ? new Set(opts.only) : undefined;
    this.engine = opts.rules !== undefined ? new PointEngine(opts.rules) : undefined;
    this.lateHours = opts.rules?.lateWindowHours ?? DEFAULT_LATE_WINDOW_HOURS;
    this.lateWindow = this.lateHours * HOUR_MS;
    // The time zone of local dates (factors, caps): the rule set's `utcOffset`, DEFAULT_UTC_OFFSET without one.
    this.utcOffset = opts.rules?.utcOffset ?? DEFAULT_UTC_OFFSET;
    this.off = offsetMs(this.utcOffset);
    this.account = opts.account ?? ((u) => `user:${u}`);
    this.seen = opts.seen ?? new Map<string, string>();
    const bundled = bundledFactorSets();
    const grids = bundledProvinceGrid();
    this.methods = withUserMethodologies(methodologies(), opts.methodologies ?? []);
    for (const m of this.methods) {
      const pinned = m.factorSets
        .map((ref) => bundled.find((s) => s.ref === ref))
        .filter((s) => s !== undefined);
      this.chains.set(m.ref, new FactorChain(opts.factorSets ?? [], pinned, grids));
    }
    const caps = opts.rules?.reductionCaps;
    this.reductionCaps =
      caps !== undefined ? new ReductionCaps(caps, this.utcOffset, this.lateHours) : undefined;
    this.carriedIn = this.remainders();
    this.known = new Set<string>([
      ...this.methods.flatMap((m) => m.scenarios),
      ...SCENARIOS_POINTS_ONLY,
      ...(this.engine?.scenarios() ?? []),
    ]);
  }

  /**
   * The ledger of a one-partition batch (partition 0's chain is not the whole ledger when there are several:
   * read `ledgers`).
   */
  get ledger(): Ledger {
    if (this.ledgers.length !== 1)
      throw new Error(`gepkit carbon: the batch has ${this.ledgers.length} partitions; read ledgers[p]`);
    return this.ledgers[0] as Ledger;
  }

  /** The partition of a user of this batch's ledger. */
  partitionOf(user: string): number {
    return partitionOf(user, this.ledgers.length);
  }

  /** The partition of a raw line: its user's when it names one as a string, else 0. */
  private partitionOfValue(value: unknown): number {
    if (this.ledgers.length === 1) return 0;
    const user = (value as { user?: unknown } | null)?.user;
    return typeof user === 'string' ? partitionOf(user, this.ledgers.length) : 0;
  }

  /**
   * The partition of a record line: that of the account it debits (`from`), else of the one it credits (`to`)
   * (`accountPartition`); a record naming no account goes to its user's partition (it is refused as invalid). A record
   * whose accounts or user are of another partition is refused there (LEDGER_PARTITION_CROSSING), by the one writer
   * holding it.
   */
  private partitionOfRecord(value: unknown): number {
    const n = this.ledgers.length;
    if (n === 1) return 0;
    const r = (value as { record?: unknown }).record as { from?: unknown; to?: unknown } | null;
    const account = typeof r?.from === 'string' ? r.from : typeof r?.to === 'string' ? r.to : undefined;
    return account !== undefined ? accountPartition(account, n) : this.partitionOfValue(value);
  }

  /**
   * Refuse (LEDGER_PARTITION_CROSSING) a line of `partition` whose account `account` (at `path`) is held by another
   * partition: its state would be split between two partitions.
   */
  private checkHome(account: string, partition: number, path: Path): void {
    const home = accountPartition(account, this.ledgers.length);
    if (home !== partition)
      throw new GepError(
        carbonIssue('LEDGER_PARTITION_CROSSING', path, {
          subject: 'account',
          name: account,
          home,
          partition,
        }),
      );
  }

  /**
   * Whether a certification reference was used outside `partition` (its own ledger checks its own): by another
   * partition's ledger, or where `certified` says (partitions this batch does not hold). A reference is unique in
   * the whole ledger, as the stores' unique index on it holds.
   */
  private certifiedElsewhere(ref: string, partition: number): boolean {
    // Used in its own partition: the ledger refuses it, in the order of its own checks.
    if ((this.ledgers[partition] as Ledger).state.registry.certifications.has(ref)) return false;
    if (this.opts.certified?.has(ref) === true) return true;
    return this.ledgers.some((l, p) => p !== partition && l.state.registry.certifications.has(ref));
  }

  /** The certification reference a prepared line would use (a certify record's ref), if any. */
  static certificationOf(p: PreparedLine): string | undefined {
    if (p.record !== true) return undefined;
    const r = (p.value as { record?: { type?: unknown; ref?: unknown } }).record;
    return r?.type === 'certify' && typeof r.ref === 'string' ? r.ref : undefined;
  }

  /**
   * With several partitions and an account function of the caller's, the account of a user must be held in the
   * user's partition (`accountPartition`); the default `user:<id>` always is.
   */
  private checkUserAccount(account: string, partition: number, path: Path): void {
    if (this.ledgers.length > 1 && this.opts.account !== undefined)
      this.checkHome(account, partition, [...path, 'user']);
  }

  /** The sum of the remainders carried by the accounts of every partition, µg. */
  private remainders(): bigint {
    let t = 0n;
    for (const l of this.ledgers) t += sumRemainders(l.state.remainders);
    return t;
  }

  /** Process one line (1-based number); blank lines return undefined. */
  process(item: unknown, line: number): LineResult | undefined {
    const p = this.prepare(item, line);
    return p === undefined ? undefined : this.run(p);
  }

  /**
   * Parse one line without changing anything (undefined for a blank line): a stored ledger looks up the refs
   * of a chunk's prepared lines (`refsOf`) in one query before they run.
   */
  prepare(item: unknown, line: number): PreparedLine | undefined {
    const p = this.parse(item, line);
    return p === undefined || this.only === undefined || this.only.has(p.partition) ? p : undefined;
  }

  private parse(given: unknown, line: number): PreparedLine | undefined {
    // A byte-order mark opening the file (lines split without splitLines, which removes it: `text.split('\n')`) is
    // no part of line 1, as JSON.parse would find it.
    const item =
      line === 1 && typeof given === 'string' && given.startsWith('\uFEFF') ? given.slice(1) : given;
    let value = item;
    const path: Path = ['line', line];
    if (typeof item === 'string' && item.trim() === '') return undefined;
    if (typeof item === 'string') {
      const limit = longLineLimit(item);
      if (limit !== undefined)
        return {
          line,
          partition: 0,
          path,
          value: undefined,
          invalid: [issue('LINE_TOO_LONG', path, { limit })],
        };
      try {
        value = JSON.parse(item);
      } catch (e) {
        return {
          line,
          partition: 0,
          path,
          value: undefined,
          invalid: [
            carbonIssue('CARBON_LINE_NOT_JSON', path, {
              detail: (e as Error).message,
              input: 'activities',
            }),
          ],
        };
      }
      // A key given twice: JSON.parse keeps the last, another reader the first (another id, another amount). A
      // number no double holds: JSON.parse reads 1e309 as Infinity and 1e-400 as a silent 0; an integer past 2⁵³
      // as another integer. A lone surrogate: a store writing UTF-8 reads it back as another user or account.
      const problem = jsonLineProblem(item, value);
      if (problem !== undefined)
        return {
          line,
          partition: 0,
          path,
          value: undefined,
          invalid: [
            problem.code === 'INPUT_DUPLICATE_KEY'
              ? carbonIssue('CARBON_LINE_NOT_JSON', [...path, ...problem.path], {
                  detail: duplicateKeyDetail(problem),
                  input: 'activities',
                })
              : valueProblemIssue(problem, path),
          ],
        };
    }
    if (value !== null && typeof value === 'object' && 'claim' in value) {
      const [claim, notes] = byIdRule(value as Record<string, unknown>, path);
      const p: PreparedLine = {
        line,
        partition: this.partitionOfValue(claim),
        path,
        value: claim,
        claim: true,
      };
      return notes === undefined ? p : { ...p, notes };
    }
    if (value !== null && typeof value === 'object' && 'record' in value) {
      const [record, notes] = byIdRule(value as Record<string, unknown>, path);
      const p: PreparedLine = {
        line,
        partition: this.partitionOfRecord(record),
        path,
        value: record,
        record: true,
      };
      return notes === undefined ? p : { ...p, notes };
    }
    // Fast path for common activity lines parsed from JSON text (plain data); anything it is unsure of, and
    // every refusal, goes through the zod schema (activity-fast.ts, proven equal in activity-fast.test.ts).
    const fast = typeof item === 'string' ? fastActivity(value, this.memo) : undefined;
    const parsed =
      fast !== undefined
        ? ({ success: true, data: fast } as const)
        : activitySchema.safeParse(value, { reportInput: true });
    if (!parsed.success)
      return {
        line,
        partition: this.partitionOfValue(value),
        path,
        value,
        invalid: fromZodIssues(parsed.error.issues, path, carbonZodFallback('CARBON_ACTIVITY_INVALID')),
      };
    const notes = idNotes(value, parsed.data, path);
    const partition = this.ledgers.length === 1 ? 0 : partitionOf(parsed.data.user, this.ledgers.length);
    return notes === undefined
      ? { line, partition, path, value, activity: parsed.data }
      : { line, partition, path, value, activity: parsed.data, notes };
  }

  /** The refs (activity and behaviour ids) a prepared line reads and may write. */
  static refsOf(p: PreparedLine): string[] {
    if (p.claim === true) {
      // A claim reads its ref's units (were points issued under it?) when nothing is pending under it.
      const ref = (p.value as { claim?: unknown }).claim;
      return typeof ref === 'string' ? [ref] : [];
    }
    if (p.record === true) {
      // An issue record credits its ref (the double-credit guard reads it); a redeem, transfer, aggregate, retire or
      // offset record reads and writes its ref's key (unique per kind); other records read no ref.
      const r = (p.value as { record?: { type?: unknown; ref?: unknown; from?: unknown } }).record;
      if (r === null || typeof r !== 'object' || typeof r.ref !== 'string') return [];
      if (r.type === 'issue') return [r.ref];
      const from = typeof r.from === 'string' ? r.from : undefined;
      return UNIQUE_REF_TYPES.has(r.type as EntryType)
        ? [recordRefKey({ type: r.type as EntryType, ref: r.ref, from })]
        : [];
    }
    const a = p.activity;
    if (a === undefined) return [];
    return a.behaviour !== undefined && a.behaviour !== a.id ? [a.id, a.behaviour] : [a.id];
  }

  /** Run a prepared line: its result, entries appended and state booked. */
  run(p: PreparedLine): LineResult {
    this.stats.lines += 1;
    if (p.invalid !== undefined)
      return this.refuse(p.line, 'invalid', p.invalid, p.activity === undefined ? p.value : undefined);
    const ledger = this.ledgers[p.partition] as Ledger;
    if (p.claim === true || p.record === true) {
      const r =
        p.claim === true
          ? this.claim(p.value as object, p.line, p.path, p.partition)
          : this.record(p.value as { record: unknown }, p.line, p.path, p.partition);
      if (p.notes !== undefined) r.issues.unshift(...p.notes);
      return r;
    }
    const a = p.activity as Activity;
    const count = ledger.state.seq;
    try {
      return this.activity(a, p.path, p.line, p.notes, p.partition);
    } catch (e) {
      if (e instanceof GepError && !storeFailed(e))
        return this.refuse(p.line, 'activity', [...e.issues, ...(p.notes ?? [])], a, count, ledger);
      throw e;
    }
  }

  /** The run's counters, to carry into a batch rebuilt from its store (see `carry`). */
  counters(): BatchCounters {
    return { ...this.stats, exactMicrograms: this.exactMicrograms, carriedIn: this.carriedIn };
  }

  /**
   * Continue the counters of an earlier batch of the same run (rebuilt after another writer appended), and the
   * factor sets its credited lines used.
   */
  carry(c: BatchCounters, factorSets: readonly string[] = []): void {
    const { exactMicrograms, carriedIn, ...stats } = c;
    Object.assign(this.stats, stats);
    this.exactMicrograms = exactMicrograms;
    this.carriedIn = carriedIn;
    for (const s of factorSets) this.setsUsed.add(s);
  }

  /** The ledger account of a user. */
  accountOf(user: string): string {
    return this.account(user);
  }

  /**
   * A user's rule state (reduction caps, point engine) as plain data, for a stored ledger. Both records carry the
   * user's latest accepted activity time (the late window's reference) and, once periods were dropped, the latest
   * `since` of the user's records (the first instant whose periods they hold in full); a user without point-engine
   * state (no rule set, or no rule paid) gets a point record of these alone.
   */
  userRecord(user: string): UserRecord {
    const r: UserRecord = { user };
    const held = this.latest.get(user);
    const latest = held !== undefined ? new Date(held.ms).toISOString() : undefined;
    const caps = this.reductionCaps?.userState(user);
    const points = this.engine?.userState(user) ?? (latest !== undefined ? NO_POINTS() : undefined);
    const sinceMs = Math.max(
      held?.since ?? Number.NEGATIVE_INFINITY,
      instantOf(caps?.since),
      instantOf(points?.since),
    );
    const since = sinceMs > Number.NEGATIVE_INFINITY ? new Date(sinceMs).toISOString() : undefined;
    if (caps !== undefined) {
      if (latest !== undefined) caps.latest = latest;
      if (since !== undefined) caps.since = since;
      r.caps = caps;
    }
    if (points !== undefined) {
      if (latest !== undefined) points.latest = latest;
      if (since !== undefined) points.since = since;
      r.points = points;
    }
    return r;
  }

  /**
   * Restore a user's rule state from a stored ledger. A ledger that holds cap counters (booked under a rule set with
   * `reductionCaps`) goes on counting under a rule set without them, with no limit: a later run under a rule set with
   * caps finds every day and month counted, as a verification of the entries does.
   */
  restoreUser(r: UserRecord): void {
    if (r.caps !== undefined) {
      this.reductionCaps ??= new ReductionCaps({}, this.utcOffset, this.lateHours);
      this.reductionCaps.restoreUser(r.user, r.caps);
    }
    if (r.points !== undefined) this.engine?.restoreUser(r.user, r.points);
    for (const t of [r.caps?.latest, r.points?.latest])
      if (t !== undefined) this.moveLatest(r.user, this.latest.get(r.user), Date.parse(t));
    const held = this.latest.get(r.user);
    if (held !== undefined)
      held.since = Math.max(held.since, instantOf(r.caps?.since), instantOf(r.points?.since));
  }

  /** Move a user's latest accepted activity time (`held`: its holder, when the user has one) to `ms` when later. */
  private moveLatest(user: string, held: Latest | undefined, ms: number): void {
    if (held === undefined) this.latest.set(user, { ms, since: Number.NEGATIVE_INFINITY });
    else if (ms > held.ms) held.ms = ms;
  }

  /**
   * The time of a claim or a record: one earlier than the partition chain's last entry (the ledger clock, which a
   * stored ledger keeps) is refused.
   */
  private checkTime(
    ts: string,
    what: 'claim' | 'record',
    path: Path,
    partition: number,
    payee?: number,
  ): number {
    const ms = this.memo.instant(ts) as number;
    const now = beyondNow(ms, this.opts.now);
    if (now !== undefined)
      throw new GepError(carbonIssue('CARBON_TIMESTAMP_FUTURE', [...path, 'ts'], { ts, now, what }));
    // A record booked as two legs goes back in neither chain (the payer's is named first when both are later).
    for (const p of payee === undefined ? [partition] : [partition, payee]) {
      const last = (this.ledgers[p] as Ledger).lastTime();
      if (last !== undefined && ms < last.ms)
        throw new GepError(
          carbonIssue('CARBON_TIMESTAMP_ORDER', [...path, 'ts'], { ts, previous: last.iso }),
        );
    }
    return ms;
  }

  /**
   * The time of an activity: refused when more than a day after the run's `now`, or more than the late window before
   * the user's latest accepted activity, or before the user's stored `since` (CARBON_TOO_LATE); within the window,
   * any order is accepted.
   */
  private checkActivityTime(ts: string, path: Path, latest: Latest | undefined): number {
    const ms = this.memo.instant(ts) as number;
    const now = beyondNow(ms, this.opts.now);
    if (now !== undefined)
      throw new GepError(
        carbonIssue('CARBON_TIMESTAMP_FUTURE', [...path, 'ts'], { ts, now, what: 'activity' }),
      );
    const late = latest !== undefined ? tooLate(ms, latest.ms, this.lateWindow, latest.since) : undefined;
    if (late !== undefined) throw new GepError(carbonIssue('CARBON_TOO_LATE', [...path, 'ts'], late));
    return ms;
  }

  /** Refuse a ref the (continued) ledger already issued, g CO₂ checked before points. */
  private checkCredited(ref: string, field: 'behaviour' | 'id', path: Path): void {
    // One read of the ref's unit mask serves both units (g CO₂ first, as the message order has always been).
    const mask = (this.ledgers[0] as Ledger).state.credited.get(ref) ?? 0;
    if (mask === 0) return;
    for (const unit of CHECKED_UNITS)
      if ((mask & UNIT_BIT[unit]) !== 0)
        throw new GepError(carbonIssue('LEDGER_DOUBLE_CREDIT', [...path, field], { ref, unit }));
  }

  /** Whether points were ever issued under `ref` (the shared double-credit guard's unit mask). */
  private issuedPoints(ref: string): boolean {
    return (((this.ledgers[0] as Ledger).state.credited.get(ref) ?? 0) & UNIT_BIT.point) !== 0;
  }

  /** Count an accepted line (a refused one moves no clock: a later time never blocks the next lines). */
  private accept(): void {
    this.stats.accepted += 1;
  }

  /**
   * One activity. Every check comes first (scenario, time order, double credit in the batch and in the
   * ledger, the reduction, the points quote); only then are the due expiries and the line's issues appended,
   * the caps and day totals booked and the clock moved. A refused line therefore writes nothing, and the
   * entries returned are exactly those appended.
   */
  private activity(
    a: Activity,
    path: Path,
    line: number,
    notes: Issue[] | undefined,
    partition: number,
  ): LineResult {
    const ledger = this.ledgers[partition] as Ledger;
    if (!this.known.has(a.scenario))
      throw new GepError(
        carbonIssue('CARBON_SCENARIO_UNKNOWN', [...path, 'scenario'], {
          scenario: a.scenario,
          allowed: [...this.known].sort().join(', '),
        }),
      );
    const behaviour = a.behaviour ?? a.id;
    const evidence = a.evidence ?? '';
    // Activity ids and behaviour ids share one namespace (both become ledger refs): each is credited once.
    if (a.id !== behaviour && this.seen.get(a.id) !== undefined)
      throw new GepError(carbonIssue('LEDGER_DOUBLE_CREDIT', [...path, 'id'], { ref: a.id, unit: ANY_UNIT }));
    const prior = this.seen.get(behaviour);
    // Another evidence path is named only when the first crediting named one: a ref first credited without one (an
    // activity id, or a behaviour without evidence) is credited again, whatever path the second line names.
    if (prior !== undefined)
      throw new GepError(
        a.behaviour !== undefined && prior !== '' && prior !== evidence
          ? carbonIssue('CARBON_EVIDENCE_EXCLUSIVE', [...path, 'evidence'], {
              behaviour,
              first: prior,
              second: evidence || '(none)',
            })
          : carbonIssue('LEDGER_DOUBLE_CREDIT', [...path, a.behaviour !== undefined ? 'behaviour' : 'id'], {
              ref: behaviour,
              unit: ANY_UNIT,
            }),
      );
    // A continued ledger knows refs this batch has not seen.
    // (When behaviour is the id, the second ref repeats the first check, which already passed: skip it.)
    this.checkCredited(behaviour, a.behaviour !== undefined ? 'behaviour' : 'id', path);
    if (a.id !== behaviour) this.checkCredited(a.id, 'id', path);
    // After the id checks: a line a resumed ledger already holds is refused as credited, not as too late.
    const account = this.account(a.user);
    this.checkUserAccount(account, partition, path);
    const latest = this.latest.get(a.user);
    const ms = this.checkActivityTime(a.ts, path, latest);
    const issues: Issue[] = notes === undefined ? [] : [...notes];
    const m = methodologyFor(a.scenario, this.methods);
    // The plausibility bounds of the methodology, or of a points-only scenario: refuse (default) or cap, as the
    // rule set says.
    const bounds = this.boundsOf(a.scenario, m);
    const act =
      bounds.length > 0
        ? checkBounds(a, bounds, m?.passengers?.(a), this.opts.rules?.plausibility ?? 'refuse', path, issues)
        : a;
    const red = m !== undefined ? this.reduction(act, ms, m, path, issues) : undefined;
    // The exact reduction's plain text: the result line writes it and the credit reads its micrograms from it.
    const exact = red?.exact.toFixed();
    const credit =
      red !== undefined
        ? this.credit(ledger, account, a.user, ms, red, exact as string, path, issues)
        : undefined;
    const measures: Measures = {};
    if (act.steps !== undefined) measures.steps = act.steps;
    if (act.duration !== undefined) measures.minutes = MINUTES(act.duration);
    if (act.count !== undefined) measures.count = act.count;
    if (act.distance !== undefined || (act.steps !== undefined && act.stepLength !== undefined))
      measures.distanceKm = distanceIn(act, 'distance', m?.passengers?.(act) ?? ONE, path);
    if (credit !== undefined) measures.grams = credit.grams;
    // A rule paying on a measure the line lacks: a line with a reduction is credited it and earns no points
    // (warned); a points-only line has nothing else to book and is refused.
    const rule = this.engine?.ruleFor(a.scenario, a.evidence);
    const lacking = rule === undefined ? undefined : lackingMeasure(rule.basis, measures);
    if (rule !== undefined && lacking !== undefined) {
      const params = { rule: rule.id, basis: rule.basis, field: lacking };
      if (credit === undefined)
        carbonFail('CARBON_ACTIVITY_INVALID', [...path, lacking], {
          detail: `rule ${rule.id} pays on ${rule.basis}, and the activity has no ${lacking}`,
        });
      issues.push(carbonIssue('CARBON_RULE_MEASURE_MISSING', [...path, lacking], params));
    }
    const quote =
      lacking === undefined
        ? this.engine?.quote(a.user, ms, a.scenario, a.evidence, measures, path)
        : undefined;
    const award = quote?.award;
    if (award !== undefined && award.warnings.length > 0) issues.push(...award.warnings);
    // An event rule pays one award per line: a line of several rides earns it once (warned, not multiplied).
    if (quote?.rule.basis === 'event' && act.rides !== undefined && act.rides.gt(1))
      issues.push(
        carbonIssue('CARBON_RULE_PER_LINE', [...path, 'rides'], {
          rule: quote.rule.id,
          rides: act.rides.toFixed(),
        }),
      );
    if (red?.unused !== undefined) {
      // The rule that pays the scenario and evidence path (the quote's, when the line has its measure).
      const basis = rule?.basis;
      for (const u of red.unused) {
        const usedByRule =
          basis === 'distance' ? u.field !== 'rides' : basis === 'steps' && u.field === 'steps';
        if (!usedByRule)
          issues.push(
            carbonIssue('CARBON_QUANTITY_UNUSED', [...path, u.field], { field: u.field, reason: u.reason }),
          );
      }
    }
    if (award === undefined && lacking === undefined) {
      const noRule = this.noRule(a, m !== undefined, path);
      if (noRule !== undefined) issues.push(noRule);
    }

    // All checks passed: from here on the appends cannot be refused (time order, refs and shapes are checked).
    // A line earlier than the partition chain's last entry is booked at that entry's time (the ledger clock, so
    // entry times never go back) and names its own time in meta.activityTs.
    const clock = ledger.state;
    const activityTs = clock.seq > 0 && ms < clock.lastTs ? new Date(ms).toISOString() : undefined;
    const book = activityTs !== undefined ? clock.lastTsIso : a.ts;
    const entries = ledger.expireDue(book);
    if (red !== undefined && credit !== undefined && credit.grams > 0n)
      entries.push(
        ledger.append(
          {
            type: 'issue',
            ts: book,
            amount: credit.grams,
            unit: 'g_CO2',
            to: account,
            ref: behaviour,
            meta:
              activityTs === undefined
                ? { activity: a.id, methodology: red.methodology, factors: factorSets(red.factors) }
                : {
                    activity: a.id,
                    methodology: red.methodology,
                    factors: factorSets(red.factors),
                    activityTs,
                  },
          },
          path,
        ),
      );
    if (award !== undefined && award.points > 0n) {
      // Members set one by one instead of spreads of temporary objects (hot path); the same members result
      // (the ledger shapes the entry in its own order; meta keeps this order: activity, rule, ruleSet, conversion, grams).
      const meta: Record<string, string> = { activity: a.id, rule: award.rule, ruleSet: award.ruleSet };
      if (award.conversion) {
        meta.conversion = award.conversion;
        // A reward on the reduction names the credited grams it was issued on (the g_CO2 issue of the same ref).
        meta.grams = (credit?.grams ?? 0n).toString();
      }
      if (activityTs !== undefined) meta.activityTs = activityTs;
      const draft: Draft = {
        type: 'issue',
        ts: book,
        amount: award.points,
        unit: 'point',
        to: account,
        ref: behaviour,
      };
      if (award.availableFrom !== undefined) draft.availableFrom = award.availableFrom;
      if (award.claimBy !== undefined) draft.claimBy = award.claimBy;
      if (award.expiresAt !== undefined) draft.expiresAt = award.expiresAt;
      draft.meta = meta;
      entries.push(ledger.append(draft, path));
    }
    // A late line's claim window or expiry may already be past at its booking time: expired with the line, and
    // said. The expiries due before the line were written above, so a point expiry due now is the line's own.
    if (activityTs !== undefined) {
      const due = ledger.expireDue(book);
      entries.push(...due);
      const lapsed = due.find((e) => e.unit === 'point');
      if (lapsed !== undefined && award !== undefined) {
        const claim = lapsed.ref === behaviour;
        issues.push(
          carbonIssue('CARBON_POINTS_EXPIRED_ON_ARRIVAL', path, {
            points: award.points.toString(),
            reason: claim ? 'claim window' : 'expiry',
            at: (claim ? award.claimBy : award.expiresAt) as string,
            booked: book,
          }),
        );
      }
    }
    quote?.commit();
    credit?.commit();
    this.seen.set(behaviour, evidence);
    if (a.id !== behaviour) this.seen.set(a.id, '');
    this.moveLatest(a.user, latest, ms);
    this.accept();
    this.stats.warnings += issues.length;
    // The result objects are written member by member rather than with object spreads (hot path): the key
    // order, which the JSON output follows, is exactly the one the spreads gave.
    const result: LineResult = {
      line,
      kind: 'activity',
      id: a.id,
      user: a.user,
      scenario: a.scenario,
      ok: true,
      entries,
      issues,
    };
    if (red !== undefined && credit !== undefined) {
      for (const f of red.factors) this.setsUsed.add(f.set);
      this.stats.grams += credit.grams;
      this.exactMicrograms += credit.counted;
      const reduction: Partial<NonNullable<LineResult['reduction']>> = {
        methodology: red.methodology,
        rule: red.rule,
        grams: credit.grams.toString(),
        exact: exact as string,
      };
      if (credit.adjusted) reduction.counted = microgramsText(credit.counted); // a cap, or the microgram resolution
      reduction.remainder = credit.remainder === 0n ? '0' : microgramsText(credit.remainder);
      if (red.exact.isNegative() && !red.exact.isZero()) reduction.negative = exact as string;
      if (red.be !== undefined) reduction.be = red.be.toFixed();
      if (red.pe !== undefined) reduction.pe = red.pe.toFixed();
      reduction.factors = red.factors; // last: the JSON output follows this order
      result.reduction = reduction as NonNullable<LineResult['reduction']>;
    }
    if (award !== undefined) {
      this.stats.points += award.points;
      // Award members but warnings, points and wanted, in the award's order, then points and wanted.
      const p: Partial<NonNullable<LineResult['points']>> = { rule: award.rule, ruleSet: award.ruleSet };
      p.accrued = award.accrued;
      if (award.conversion !== undefined) p.conversion = award.conversion;
      if (award.availableFrom !== undefined) p.availableFrom = award.availableFrom;
      if (award.claimBy !== undefined) p.claimBy = award.claimBy;
      if (award.expiresAt !== undefined) p.expiresAt = award.expiresAt;
      p.points = award.points.toString();
      p.wanted = award.wanted.toString();
      result.points = p as NonNullable<LineResult['points']>;
    }
    return result;
  }

  /**
   * The activity's local date and year for the factor lookup, in the rule set's time zone (`utcOffset`, +08:00
   * without one), as its caps and points read the day: one instant, one date, however its time is written
   * (`…T00:30+08:00` and `…T16:30Z` of the day before are one date). Consecutive lines of one local day share one.
   */
  private whenAt(ms: number): ActivityWhen {
    const day = localDay(ms, this.off);
    if (this.lastWhen !== undefined && day === this.lastDay) return this.lastWhen;
    const date = localDate(ms, this.off);
    this.lastDay = day;
    return (this.lastWhen = { date, year: Number(date.slice(0, 4)) });
  }
  private lastWhen: ActivityWhen | undefined;
  private lastDay = Number.NaN;
  /** The UTC offset of local dates (factors, caps), in ms. */
  private readonly off: number;

  /** The bounds of a scenario's methodology that apply to it, listed once per scenario. */
  private boundsOf(scenario: string, m: CarbonMethodology | undefined): readonly Bound[] {
    let b = this.bounds.get(scenario);
    if (b === undefined) {
      b =
        m !== undefined
          ? m.bounds.filter((x) => x.scenario === null || x.scenario === scenario)
          : pointsOnlyBounds(scenario);
      this.bounds.set(scenario, b);
    }
    return b;
  }
  private readonly bounds = new Map<string, readonly Bound[]>();

  /**
   * The reduction of one activity under its methodology, warnings added to `issues`. A missing factor in
   * `when-available` mode skips the reduction with a warning; a negative one is warned (counted as zero).
   */
  private reduction(
    a: Activity,
    ms: number,
    m: CarbonMethodology,
    path: Path,
    issues: Issue[],
  ): ReductionResult | undefined {
    let red: ReductionResult;
    const when = this.whenAt(ms);
    try {
      red = m.compute(a, {
        chain: this.chains.get(m.ref) as FactorChain,
        when,
        path,
        strict: this.opts.strict === true,
      });
    } catch (e) {
      if (
        !(e instanceof GepError) ||
        e.code !== 'CARBON_FACTOR_MISSING' ||
        this.opts.reductions !== 'when-available'
      )
        throw e;
      issues.push(
        carbonIssue('CARBON_REDUCTION_SKIPPED', path, { reason: e.issues[0]?.message.en ?? e.message }),
      );
      return undefined;
    }
    if (red.exact.isNegative() && !red.exact.isZero())
      issues.push(carbonIssue('CARBON_REDUCTION_NEGATIVE', path, { value: red.exact.toFixed() }));
    if (red.warnings !== undefined) issues.push(...red.warnings);
    if (m.inForceFrom !== undefined && when.date < m.inForceFrom)
      issues.push(
        carbonIssue('CARBON_METHODOLOGY_NOT_IN_FORCE', path, {
          date: when.date,
          from: m.inForceFrom,
          methodology: m.ref,
        }),
      );
    return red;
  }

  /**
   * The whole grams one reduction credits to `account`: the counted reduction (the exact one to the microgram,
   * rounded down; zero if negative; limited by the rule set's reduction caps) is added to the account's carried remainder, the floor is credited and the
   * rest carried on. So an account's credited grams are always the floor of its cumulative counted reduction
   * (per account and unit): no gram is lost to per-line truncation and none is created. Read only until commit.
   */
  private credit(
    ledger: Ledger,
    account: string,
    user: string,
    ms: number,
    red: ReductionResult,
    exactText: string,
    path: Path,
    issues: Issue[],
  ): { grams: bigint; counted: bigint; remainder: bigint; adjusted: boolean; commit(): void } {
    // Counted in micrograms, rounded down (a share of 7 days can have no end): every sum below is an exact integer.
    // ⌊exact × 10⁶⌋ read from the exact text (`red.exact.toFixed()`), as toMicrograms computes it.
    const negative = red.exact.isNegative();
    const exact = negative ? 0n : microgramsOfPlain(exactText);
    const cap = this.reductionCaps?.quote(user, ms, exact, path, issues);
    const counted = cap?.counted ?? exact;
    const remainders = ledger.state.remainders;
    const total = (remainders.get(account) ?? 0n) + counted;
    const remainder = total % MICRO;
    return {
      grams: total / MICRO,
      counted,
      remainder,
      adjusted: !negative && (counted !== exact || red.exact.decimalPlaces() > 6),
      commit: () => {
        cap?.commit();
        if (remainder === 0n) remainders.delete(account);
        else remainders.set(account, remainder);
      },
    };
  }

  /**
   * The warning for an activity no rule pays although it expects points: its scenario has rules, none for
   * its evidence path (a typo such as "uplaod"), or it is a points-only scenario without a paying rule.
   * A reduction scenario the rule set does not cover at all is not warned: it earns its reduction.
   */
  private noRule(a: Activity, hasMethodology: boolean, path: Path): Issue | undefined {
    const rules = this.engine?.rulesOf(a.scenario) ?? [];
    const evidence = a.evidence ?? '(none)';
    if (rules.length > 0) {
      const paths = rules.map((r) => r.evidence ?? '(any)').join(', ');
      return carbonIssue('CARBON_NO_RULE', [...path, 'evidence'], {
        scenario: a.scenario,
        evidence,
        reason: `the rule set ${this.opts.rules?.ref ?? ''} pays this scenario only on the evidence paths ${paths}`,
        fix: `Check the evidence path (one of ${paths}); the line earned no points.`,
      });
    }
    if (hasMethodology) return undefined;
    return carbonIssue('CARBON_NO_RULE', [...path, 'scenario'], {
      scenario: a.scenario,
      evidence,
      reason:
        this.opts.rules === undefined
          ? 'a points-only scenario and no rule set was given'
          : `the rule set ${this.opts.rules.ref} has no rule for this points-only scenario`,
      fix: 'Points-only scenarios earn only by rule: pass a rule set that pays the scenario (--rules); the line earned nothing.',
    });
  }

  /** A claim: checked against the pending issue and its window before anything (expiries included) is written. */
  private claim(value: object, line: number, path: Path, partition: number): LineResult {
    const ledger = this.ledgers[partition] as Ledger;
    const parsed = claimSchema.safeParse(value, { reportInput: true });
    if (!parsed.success)
      return this.refuse(
        line,
        'invalid',
        fromZodIssues(parsed.error.issues, path, carbonZodFallback('CARBON_ACTIVITY_INVALID')),
        value,
      );
    const c = parsed.data;
    const count = ledger.state.seq;
    try {
      const ms = this.checkTime(c.ts, 'claim', path, partition);
      const to = this.account(c.user);
      this.checkUserAccount(to, partition, path);
      const p = ledger.pending(c.claim, 'point');
      if (p === undefined)
        throw new GepError(
          carbonIssue('LEDGER_REF_UNKNOWN', [...path, 'claim'], {
            ref: c.claim,
            // Points issued under the ref that are not pending were claimed or expired: the key is right.
            detail: this.issuedPoints(c.claim) ? CLAIM_NOT_PENDING_DETAIL : CLAIM_KEY_DETAIL,
          }),
        );
      if (p.to !== to)
        throw new GepError(
          carbonIssue('LEDGER_REF_UNKNOWN', [...path, 'user'], {
            ref: c.claim,
            detail: `the pending points belong to ${p.to}, not ${to}`,
          }),
        );
      if (ms < p.availableFrom || ms >= p.claimBy)
        throw new GepError(
          carbonIssue('LEDGER_CLAIM_WINDOW', [...path, 'ts'], {
            ref: c.claim,
            from: new Date(p.availableFrom).toISOString(),
            to: new Date(p.claimBy).toISOString(),
            ts: c.ts,
          }),
        );
      // Inside its window the claim is not due to expire, so the expiries written here never include it.
      const entries = ledger.expireDue(c.ts);
      entries.push(
        ledger.append({ type: 'claim', ts: c.ts, amount: p.amount, unit: 'point', to, ref: c.claim }, path),
      );
      this.accept();
      return { line, ok: true, kind: 'claim', id: c.claim, user: c.user, entries, issues: [] };
    } catch (e) {
      if (e instanceof GepError && !storeFailed(e))
        return this.refuse(line, 'claim', [...e.issues], c, count, ledger);
      throw e;
    }
  }

  /**
   * A registry record (`{"record": draft, "user"?: id}`: issue, transfer, aggregate, certify, retire, redeem,
   * emissions or offset, as `Ledger.append` takes it; claims and expiries are the ledger's own) appended to the
   * partition of its accounts (`partitionOfRecord`); with several partitions, an account or a `user` of another
   * partition refuses it (LEDGER_PARTITION_CROSSING). The record is checked and appended first, then the expiries
   * due at its time: a refused record writes nothing.
   */
  private record(value: { record: unknown }, line: number, path: Path, partition: number): LineResult {
    const ledger = this.ledgers[partition] as Ledger;
    const count = ledger.state.seq;
    const d = value.record as Draft;
    const user = (value as { user?: unknown }).user;
    const at = [...path, 'record'];
    try {
      if (d === null || typeof d !== 'object' || !RECORD_TYPES.has(d.type))
        throw new GepError(
          carbonIssue('LEDGER_ENTRY_INVALID', at, {
            detail: `a record is one of ${[...RECORD_TYPES].join(', ')} (claims and expiries are written by the ledger)`,
          }),
        );
      // A member the ledger does not read (expires_at for expiresAt, a user inside the record) would be dropped
      // from the entry: the record is refused, as an activity with an unknown member is.
      const extraInLine = Object.keys(value).filter((k) => k !== 'record' && k !== 'user');
      const extraInRecord = Object.keys(d).filter((k) => !DRAFT_MEMBERS.has(k));
      for (const [extra, where] of [
        [extraInLine, path],
        [extraInRecord, at],
      ] as const)
        if (extra.length > 0)
          throw new GepError(
            carbonIssue('LEDGER_ENTRY_INVALID', [...where, extra[0] as string], {
              detail: `unknown member(s) ${extra.join(', ')}`,
            }),
          );
      // A transfer or aggregate to an account of another partition is booked as two legs (ADR 0056).
      const payee = this.payeePartition(d, partition, at);
      if (this.ledgers.length > 1) {
        for (const side of ['from', 'to'] as const) {
          const account = d[side];
          if (typeof account === 'string' && !(side === 'to' && payee !== undefined))
            this.checkHome(account, partition, [...at, side]);
        }
        const home = typeof user === 'string' ? partitionOf(user, this.ledgers.length) : partition;
        if (typeof user === 'string' && home !== partition && home !== payee)
          throw new GepError(
            carbonIssue('LEDGER_PARTITION_CROSSING', [...path, 'user'], {
              subject: 'user',
              name: user,
              home,
              partition,
            }),
          );
      }
      if (d.type === 'certify' && typeof d.ref === 'string' && this.certifiedElsewhere(d.ref, partition))
        throw new GepError(carbonIssue('LEDGER_CERTIFICATION_DUPLICATE', at, { ref: d.ref }));
      this.refuseRepeated(d, ledger, at);
      this.checkTime(typeof d.ts === 'string' ? d.ts : '', 'record', at, partition, payee);
      const draft = { ...d, partition: undefined } as Draft;
      if (payee === undefined) {
        const entries = [ledger.append(draft, at)];
        entries.push(...ledger.expireDue(d.ts));
        return this.booked(line, d, user, entries);
      }
      const other = this.ledgers[payee] as Ledger;
      const entries: Entry[] = ledger.appendPair(draft, other, at);
      entries.push(...ledger.expireDue(d.ts), ...other.expireDue(d.ts));
      return this.booked(line, d, user, entries);
    } catch (e) {
      if (e instanceof GepError && !storeFailed(e))
        return this.refuse(line, 'record', [...e.issues], d, count, ledger);
      throw e;
    }
  }

  /**
   * A record the ledger already holds, refused as such before its time is judged: a retried request or a rerun
   * input repeats its records with their first times, which the ledger's clock has passed, and is told it repeats
   * them (LEDGER_RECORD_DUPLICATE for a redeem, transfer, aggregate, retire or offset under a ref held for its
   * kind; LEDGER_CERTIFICATION_DUPLICATE for a certification reference used; LEDGER_DOUBLE_CREDIT for an issue
   * under a ref credited in its unit), not that it is out of order. The ledger's own checks, with the same codes and
   * paths, stay in force for what a record holds that this does not read.
   */
  private refuseRepeated(d: Draft, ledger: Ledger, at: Path): void {
    if (typeof d.ref !== 'string') return;
    const s = ledger.state;
    if (d.type === 'certify' && s.registry.certifications.has(d.ref))
      throw new GepError(carbonIssue('LEDGER_CERTIFICATION_DUPLICATE', at, { ref: d.ref }));
    if (UNIQUE_REF_TYPES.has(d.type)) {
      const from = typeof d.from === 'string' ? d.from : undefined;
      const mask = s.credited.get(recordRefKey({ type: d.type, ref: d.ref, from })) ?? 0;
      if ((mask & RECORD_BIT) !== 0)
        throw new GepError(
          carbonIssue('LEDGER_RECORD_DUPLICATE', [...at, 'ref'], { type: d.type, ref: d.ref }),
        );
    }
    if (d.type === 'issue' && typeof d.unit === 'string' && Object.hasOwn(UNIT_BIT, d.unit)) {
      const bit = UNIT_BIT[d.unit as keyof typeof UNIT_BIT];
      if (((s.credited.get(d.ref) ?? 0) & bit) !== 0)
        throw new GepError(carbonIssue('LEDGER_DOUBLE_CREDIT', at, { ref: d.ref, unit: d.unit }));
    }
  }

  /** An accepted record's result. */
  private booked(line: number, d: Draft, user: unknown, entries: Entry[]): LineResult {
    this.accept();
    const r: LineResult = { line, ok: true, kind: 'record', id: d.ref, entries, issues: [] };
    if (typeof user === 'string') r.user = user;
    // The serial numbers the ledger derived for the record (its first entry; a pair's legs hold the same ones).
    const serials = entries[0]?.meta?.serials;
    if (typeof serials === 'string') r.serials = serials;
    return r;
  }

  /**
   * The partition of the account a transfer or aggregate of `partition` credits, when it is another (its legs are
   * booked in both, ADR 0056), else undefined. A run that does not hold that partition (`only`) refuses the record
   * (LEDGER_PARTITION_CROSSING): both legs are appended together, by a writer holding both partitions.
   */
  private payeePartition(d: Draft, partition: number, at: Path): number | undefined {
    if (this.ledgers.length === 1 || (d.type !== 'transfer' && d.type !== 'aggregate')) return undefined;
    if (typeof d.from !== 'string' || typeof d.to !== 'string') return undefined;
    const q = accountPartition(d.to, this.ledgers.length);
    if (q === partition) return undefined;
    if (this.only !== undefined && !this.only.has(q))
      throw new GepError(
        carbonIssue('LEDGER_PARTITION_CROSSING', [...at, 'to'], {
          subject: 'run',
          name: d.to,
          home: q,
          partition,
        }),
      );
    return q;
  }

  private refuse(
    line: number,
    kind: LineResult['kind'],
    issues: Issue[],
    value?: unknown,
    ledgerCount?: number,
    ledger?: Ledger,
  ): LineResult {
    // A refused line returns no entries, so it must have written none: checks come before appends.
    if (ledgerCount !== undefined && ledger !== undefined && ledger.state.seq !== ledgerCount)
      throw new Error(
        `gepkit carbon: line ${line} was refused after writing ledger entries (${issues[0]?.code ?? '?'}); this is a bug`,
      );
    this.stats.refused += 1;
    const v = (value ?? {}) as { id?: unknown; user?: unknown; scenario?: unknown };
    return {
      line,
      ok: false,
      kind,
      ...(typeof v.id === 'string' ? { id: v.id } : {}),
      ...(typeof v.user === 'string' ? { user: v.user } : {}),
      ...(typeof v.scenario === 'string' ? { scenario: v.scenario } : {}),
      entries: [],
      issues,
    };
  }

  /**
   * The refs of the factor sets whose records the accepted lines' reductions used, sorted (the summary's
   * `factorSets`): a set searched but never chosen for a credited line is not named.
   */
  factorSets(): string[] {
    return [...this.setsUsed].sort();
  }

  summary(): BatchSummary {
    const heads = headsOf(this.ledgers);
    const anchor: BatchSummary['ledger'] = {
      count: heads.reduce((n, h) => n + h.seq, 0),
      head: rootHash(heads, this.opts.hash ?? sha256Hex),
    };
    if (heads.length > 1) anchor.partitions = heads.map((h) => ({ count: h.seq, head: h.head }));
    const s: BatchSummary = {
      lines: this.stats.lines,
      accepted: this.stats.accepted,
      refused: this.stats.refused,
      warnings: this.stats.warnings,
      grams: this.stats.grams.toString(),
      exactGrams: microgramsText(this.exactMicrograms),
      remainderGrams: microgramsText(this.remainders()),
      points: this.stats.points.toString(),
      ledger: anchor,
      balances: ledgersBalances(this.ledgers),
      rules: this.opts.rules?.ref ?? null,
      factorSets: this.factorSets(),
    };
    if (this.carriedIn !== 0n) s.carriedInGrams = microgramsText(this.carriedIn);
    return s;
  }
}

const ONE = new Decimal(1);
/** A user's latest accepted activity time and stored `since` (ms; −∞ when none), as CarbonBatch keeps them. */
interface Latest {
  ms: number;
  since: number;
}

/** The instant of a stored ISO time, or −∞ when there is none. */
const instantOf = (iso: string | undefined): number =>
  iso !== undefined ? Date.parse(iso) : Number.NEGATIVE_INFINITY;

/** The point-engine record of a user without point-engine state (its `latest` and `since` are set by the caller). */
const NO_POINTS = (): PointsRecord => ({ accruals: [], daily: [], monthly: [] });
/**
 * Why a claim found no pending points: the pending issue is keyed by the activity's behaviour id when it gave one,
 * so a claim by its activity id finds nothing; the detail names the key to use.
 */
const CLAIM_KEY_DETAIL =
  'no pending points under this ref; claim the ref the points were issued under: the activity’s behaviour id when it gave one, else its id';
/**
 * Why a claim found no pending points under a ref that points were issued under: they were claimed before, expired
 * at the end of their claim window (its expiry written by an accepted line at or after it), or had no window.
 */
const CLAIM_NOT_PENDING_DETAIL =
  'the points issued under this ref are no longer pending: claimed already, or expired at the end of their claim window (or issued without one)';
/** The entry types a record line may append (claims and expiries are the ledger's own). */
const RECORD_TYPES: ReadonlySet<string> = new Set([
  'issue',
  'transfer',
  'aggregate',
  'certify',
  'retire',
  'redeem',
  'emissions',
  'offset',
]);

/** The ledgers of a new batch: one per partition, sharing the double-credit guard, under the rule set's registry policy. */
function newLedgers(opts: BatchOptions): Ledger[] {
  const n = checkPartitions(opts.partitions ?? 1);
  const credited = opts.credited ?? new Map<string, number>();
  // The rule set's registry rules (transfers, redemptions, offsets) govern the ledger it writes.
  const policy = registryPolicy(opts.rules);
  return Array.from(
    { length: n },
    (_, partition) =>
      new Ledger({
        ...(opts.hash !== undefined ? { hash: opts.hash } : {}),
        credited,
        policy,
        partition,
        partitions: n,
      }),
  );
}

/** The built-in methodologies and the user's, each scenario belonging to one. */
function withUserMethodologies(
  builtIn: readonly CarbonMethodology[],
  user: readonly CarbonMethodology[],
): readonly CarbonMethodology[] {
  const all = [...builtIn];
  for (const m of user) {
    for (const s of m.scenarios) {
      const other = all.find((x) => x.scenarios.includes(s));
      if (other !== undefined)
        carbonFail('CARBON_METHODOLOGY_SCENARIO_TAKEN', [], {
          methodology: m.ref,
          scenario: s,
          other: other.ref,
        });
    }
    all.push(m);
  }
  return all;
}

/**
 * The activity field a rule's measure is read from when the line lacks it (minutes and hours from `duration`, a
 * distance from `distance` or steps with a step length); undefined when the line has it or the rule needs none.
 */
function lackingMeasure(basis: PointRule['basis'], m: Measures): string | undefined {
  switch (basis) {
    case 'steps':
      return m.steps === undefined ? 'steps' : undefined;
    case 'minutes':
    case 'hours':
      return m.minutes === undefined ? 'duration' : undefined;
    case 'count':
      return m.count === undefined ? 'count' : undefined;
    case 'distance':
      return m.distanceKm === undefined ? 'distance' : undefined;
    default:
      return undefined;
  }
}

/** The sum of the remainders the accounts carry, µg. */
function sumRemainders(r: ReadonlyMap<string, bigint>): bigint {
  let t = 0n;
  for (const v of r.values()) t += v;
  return t;
}

/**
 * A damaged id store is not the line's fault: it stops the batch (thrown to the caller) instead of refusing
 * this line and accepting the next ones against guards that can no longer be trusted. It may be raised after
 * the line's entries were appended, which a refusal must never follow.
 */
const storeFailed = (e: GepError): boolean => e.issues.some((i) => i.code === 'LEDGER_STORE_INVALID');

/**
 * Process an iterable of lines; yields one result per non-blank line and returns the summary. Items that are no
 * iterable (null, a text walked character by character) are ARGUMENT_INVALID at `items`, when it is called.
 */
export function processActivities(
  items: Iterable<unknown>,
  opts: BatchOptions = {},
): Generator<LineResult, BatchSummary> {
  checkArgument(anIterable, items, ['items']);
  return processAll(items, opts);
}

function* processAll(items: Iterable<unknown>, opts: BatchOptions): Generator<LineResult, BatchSummary> {
  const b = new CarbonBatch(opts);
  let n = 0;
  for (const item of items) {
    const r = b.process(item, ++n);
    if (r !== undefined) yield r;
  }
  return b.summary();
}

/** The same over an async iterable (a file or network stream of lines). */
export function processActivitiesAsync(
  items: AsyncIterable<unknown> | Iterable<unknown>,
  opts: BatchOptions = {},
): AsyncGenerator<LineResult, BatchSummary> {
  checkArgument(anyIterable, items, ['items']);
  return processAllAsync(items, opts);
}

async function* processAllAsync(
  items: AsyncIterable<unknown> | Iterable<unknown>,
  opts: BatchOptions,
): AsyncGenerator<LineResult, BatchSummary> {
  const b = new CarbonBatch(opts);
  let n = 0;
  for await (const item of items) {
    const r = b.process(item, ++n);
    if (r !== undefined) yield r;
  }
  return b.summary();
}

/**
 * CARBON_ID_NORMALISED for each id of a line (activity, user, behaviour) that the id rule (core/ids.ts) changed:
 * the raw value beside the parsed one; undefined when none changed (the common case, no allocation).
 */
function idNotes(raw: unknown, a: Activity, path: Path): Issue[] | undefined {
  const r = raw as Record<string, unknown>;
  let notes: Issue[] | undefined;
  for (const field of ['id', 'user', 'behaviour'] as const) {
    const read = a[field];
    if (read !== undefined && r[field] !== read)
      (notes ??= []).push(carbonIssue('CARBON_ID_NORMALISED', [...path, field], { field, id: read }));
  }
  return notes;
}

/**
 * A claim or record line with its names read by the id rule (core/ids.ts), as an activity's id and user are: the
 * claim's ref, the line's user, and the record's ref and accounts, white space trimmed and NFKC (`"ord-1 "` and
 * `"ord-1"` are one redemption, `"ＧＤ-2024-1"` and `"GD-2024-1"` one certification reference, `"user:ｕ1"` the
 * account of user u1), with CARBON_ID_NORMALISED for each name changed. A copy when a name changes; the line as it
 * is otherwise.
 */
function byIdRule(
  value: Record<string, unknown>,
  path: Path,
): [Record<string, unknown>, Issue[] | undefined] {
  let out = value;
  let notes: Issue[] | undefined;
  const read = (v: unknown, at: Path, field: string): string | undefined => {
    if (typeof v !== 'string') return undefined;
    const id = normalizeId(v);
    if (id === v) return undefined;
    (notes ??= []).push(carbonIssue('CARBON_ID_NORMALISED', at, { field, id }));
    return id;
  };
  for (const k of ['claim', 'user'] as const) {
    const id = read(value[k], [...path, k], k);
    if (id !== undefined) out = { ...out, [k]: id };
  }
  const r = value.record;
  if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
    let rec = r as Record<string, unknown>;
    for (const k of ['ref', 'from', 'to'] as const) {
      const id = read(rec[k], [...path, 'record', k], k);
      if (id !== undefined) rec = { ...rec, [k]: id };
    }
    if (rec !== r) out = { ...out, record: rec };
  }
  return [out, notes];
}
