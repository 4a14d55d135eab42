import type { Issue } from '../core/errors';
import { carbonIssue, ruleRefZh } from './errors';
import type { Entry } from './ledger/entry';
import { MICRO, microgramsText, toMicrograms } from './ledger/micrograms';
import type { RuleSet } from './rules/rules';
import type { PointRule } from './rules/schema';
import type { InPartition, RemainderRecord, UserRecord } from './store';
import {
  HOUR_MS,
  LocalMonths,
  dayStart,
  localDate,
  localDay,
  localMonth,
  offsetMs,
  parseInstant,
} from './time';

/**
 * The rule checks of a stored ledger against the rule set it was written under: what the entries determine about
 * the per-user caps, point counters and carried remainders (docs/carbon.md, "Verify"; ADR 0033).
 *
 * Streaming: `push` each entry in the order of its partition's chain, then `finish` with the stored user records
 * and remainders. Per account it keeps only the local days and months the late window reaches back from the latest
 * activity time of its entries: memory grows with accounts × periods of the window, not with entries.
 *
 * From the chain alone (whatever the store holds):
 * - point caps: after each point entry of rule r, the points its cap group has issued in the entry's local day
 *   (month) are ≤ r's points cap, and the paying entries ≤ r's events cap (a batch pays only while the period's
 *   committed awards, 0-point ones included, are fewer than the events cap, and never past the room under the points
 *   cap: both hold at every entry);
 * - reduction caps: G·10⁶ ≤ cap + n·(10⁶ − 1) for the G grams issued in n entries of one local day (month), proof
 *   at `reductionBoundHolds`;
 * - the late window: an entry's activity time is not more than the window before the latest of its account's earlier
 *   entries (the batch's own latest is at least that, so it would have refused the line).
 *
 * Against the stored records, for the periods the chain still holds completely (those on or after the first
 * period the window reaches from the account's latest entry): a stored point counter's points equal the points the
 * entries issue in that period and group, its events are at least the paying entries; a stored reduction counter
 * C satisfies G·10⁶ ≤ C + n·(10⁶ − 1); a period with points or grams the store does not hold although its own
 * window still reaches it and it is not before the stored `since` (a run under a narrower window dropped the periods
 * before it) is missing; stored counters stay under the caps; the stored latest activity time is not before the
 * entries'; the stored `since`, when there is one, is a time no later than the start of the day the narrowest window
 * of the rule sets reaches from the stored latest (a batch records no later one); a stored remainder is an integer
 * 0 < r < 10⁶ µg.
 */

/** How many issues of one code are listed (the result's `violations` counts them all). */
const LISTED = 10;

interface PointTally {
  points: bigint;
  paying: number;
  flagged: boolean;
}
interface GramTally {
  grams: bigint;
  entries: number;
  flagged: boolean;
}

/** One account's entries per period of the window. */
interface AccountTally {
  latest: number;
  firstDay: number;
  firstMonth: number;
  /** cap group → local day (month) → tally. */
  pointDays: Map<string, Map<number, PointTally>>;
  pointMonths: Map<string, Map<number, PointTally>>;
  gramDays: Map<number, GramTally>;
  gramMonths: Map<number, GramTally>;
}

/** What a verification with a rule set checked of the caps, counters and remainders. */
export type CapCheckResult =
  | {
      checked: true;
      /** The rule set the entries were checked against (id@version). */
      ruleSet: string;
      /** Accounts with activity entries. */
      accounts: number;
      /** Stored and chain periods compared (user × group × day or month). */
      periods: number;
      /** Violations found (at most 10 issues of each code are listed). */
      violations: number;
    }
  | {
      checked: false;
      /** Why nothing was checked, in English and in Chinese. */
      reason: string;
      reasonZh: string;
    };

/** The result of a verification without a rule set: it never looks like a pass on the caps. */
export const CAPS_NOT_CHECKED: CapCheckResult = {
  checked: false,
  reason:
    'no rule set given: caps, point counters, reduction counters and remainders were not checked (give the rule set the ledger was written under)',
  reasonZh: '未给出规则集：上限、积分计数、减排计数和余量均未核对（请给出写入账本时所用的规则集）',
};

export interface CapCheckOptions {
  /** The ledger account of a user (default `user:<id>`, as the batch's default). */
  account?: (user: string) => string;
}

type PeriodKind = 'daily' | 'monthly';
const ZH: Record<PeriodKind, string> = { daily: '每日', monthly: '每月' };

/**
 * G·10⁶ ≤ C + n·(10⁶ − 1): whether G grams issued in n entries of one local day (month) can come from C µg counted
 * in it. Proof: a line counts c µg (after the caps) into its account's remainder r (0 ≤ r ≤ 10⁶ − 1, integer µg),
 * issues g = ⌊(r + c) / 10⁶⌋ g and carries r' = (r + c) mod 10⁶, so g·10⁶ = c + r − r' ≤ c + (10⁶ − 1). Summed over
 * the lines of the period that issue grams (n of them, the entries), G·10⁶ ≤ Σ c + n·(10⁶ − 1) ≤ C + n·(10⁶ − 1),
 * the period's other lines (0 g, no entry) adding c ≥ 0 to C only. The order of the lines does not enter (late lines
 * interleave with other days' at the same remainder), and r may come from any earlier line, so the bound is tight:
 * a line of 999,999 µg (0 g) then one of 1 µg on another day issues 1 g on that day from 1 µg. There is no lower
 * bound: the lines of a day can each count < 1 g, issue nothing, and pass their remainder to another day's line.
 */
export function reductionBoundHolds(grams: bigint, entries: number, counted: bigint): boolean {
  return grams * MICRO <= counted + BigInt(entries) * (MICRO - 1n);
}

/** A stored integer text as a bigint (undefined when it is not one). */
function integer(s: unknown): bigint | undefined {
  return typeof s === 'string' && /^-?[0-9]+$/.test(s) ? BigInt(s) : undefined;
}

export class CapCheck {
  private readonly accounts = new Map<string, AccountTally>();
  private readonly off: number;
  private readonly months: LocalMonths;
  private readonly window: number;
  /** The narrowest late window of the rule sets given, ms (the largest `since` a batch under them records). */
  private readonly narrowest: number;
  private readonly reduction: Record<PeriodKind, bigint | undefined> | undefined;
  private readonly listed = new Map<string, number>();
  private readonly issues: Issue[] = [];
  private violations = 0;
  private compared = 0;
  /** Why the rule set does not fit the entries, in English and Chinese (checks stop there). */
  private mismatch: { reason: string; reasonZh: string } | undefined;
  /** The account and activity of the last late entry reported (none yet: undefined). */
  private lateActivity: string | undefined;

  /** The rule sets given, by ref, and their refs as one text (`a@1, a@2`). */
  private readonly versions: Map<string, Map<string, PointRule>>;
  private readonly refs: string;
  private readonly lateWindowHours: number;
  private readonly allRules: readonly PointRule[];

  /**
   * `rules`: the rule set the ledger was written under, or every version of it the ledger was written under (a
   * documented version bump): each point entry is checked against the rules of the version it names; the reduction
   * caps, the late window and a cap group's cap are the largest any version states (a bound every version's lines
   * keep), and a cap one version leaves out is not checked. The versions must share their utcOffset (the local day).
   */
  constructor(
    rules: RuleSet | readonly RuleSet[],
    private readonly opts: CapCheckOptions = {},
  ) {
    const list: readonly RuleSet[] = Array.isArray(rules) ? rules : [rules as RuleSet];
    const first = list[0] as RuleSet;
    this.off = offsetMs(first.utcOffset);
    this.months = new LocalMonths(this.off);
    this.lateWindowHours = Math.max(...list.map((r) => r.lateWindowHours));
    this.window = this.lateWindowHours * HOUR_MS;
    this.narrowest = Math.min(...list.map((r) => r.lateWindowHours)) * HOUR_MS;
    this.versions = new Map(list.map((r) => [r.ref, new Map(r.rules.map((x) => [x.id, x]))]));
    this.refs = list.map((r) => r.ref).join(', ');
    this.allRules = list.flatMap((r) => r.rules);
    const largest = (kind: PeriodKind): bigint | undefined => {
      let most: bigint | undefined;
      for (const r of list) {
        const cap = r.reductionCaps?.[kind];
        if (cap === undefined) return undefined;
        const c = toMicrograms(cap);
        if (most === undefined || c > most) most = c;
      }
      return most;
    };
    this.reduction = list.every((r) => r.reductionCaps === undefined)
      ? undefined
      : { daily: largest('daily'), monthly: largest('monthly') };
    const offsets = new Set(list.map((r) => r.utcOffset));
    if (offsets.size > 1) {
      const names = list.map((r) => `${r.ref} ${r.utcOffset}`).join(', ');
      this.mismatch = {
        reason: `the rule sets given count local days in different time zones (${names}): caps, counters and remainders were not checked`,
        reasonZh: `给定的规则集按不同时区计本地日（${names}）：上限、计数和余量均未核对`,
      };
    }
  }

  private report(issue: Issue): void {
    this.violations += 1;
    const n = (this.listed.get(issue.code) ?? 0) + 1;
    this.listed.set(issue.code, n);
    if (n <= LISTED) this.issues.push(issue);
  }

  private invalid(account: string, detail: string): void {
    this.report(carbonIssue('LEDGER_USER_STATE_INVALID', [], { account, detail }));
  }

  /** Count one entry (only activity issues of points and g CO₂ count). */
  push(e: Entry): void {
    if (this.mismatch !== undefined || e.type !== 'issue' || e.meta?.activity === undefined) return;
    // An activity's issues: points name their rule, g CO₂ its methodology (a registry record's issue need not).
    const award = e.unit === 'point' && e.meta.rule !== undefined;
    if (!award && !(e.unit === 'g_CO2' && e.meta.methodology !== undefined)) return;
    const ms = parseInstant(e.meta.activityTs ?? e.ts);
    const amount = integer(e.amount);
    // An entry without a time or amount is refused by the replay (LEDGER_ENTRY_INVALID).
    if (ms === undefined || amount === undefined) return;
    const rule = award ? this.ruleOf(e.meta) : undefined;
    if (award && rule === undefined) return;
    const account = e.to ?? '';
    const t = this.tally(account, ms, e.meta.activity);
    const day = localDay(ms, this.off);
    const month = this.months.of(day, ms);
    // A period before the first the window reaches is no longer held (only a late entry, reported, falls there).
    const inDay = day >= t.firstDay;
    const inMonth = month >= t.firstMonth;
    if (rule !== undefined) {
      const group = rule.capGroup ?? rule.id;
      if (inDay) this.checkPoints(account, rule, 'daily', day, bump(t.pointDays, group, day, amount));
      if (inMonth)
        this.checkPoints(account, rule, 'monthly', month, bump(t.pointMonths, group, month, amount));
    } else if (this.reduction !== undefined) {
      if (inDay) this.checkGrams(account, 'daily', day, add(t.gramDays, day, amount));
      if (inMonth) this.checkGrams(account, 'monthly', month, add(t.gramMonths, month, amount));
    }
  }

  /** The rule of a point entry, or undefined (and the checks stopped) when no rule set given is the entry's. */
  private ruleOf(meta: Record<string, string>): PointRule | undefined {
    const given = meta.ruleSet;
    // No rule set named: get(undefined) finds none (the refs are texts).
    const version = this.versions.get(given as string);
    const rule = version?.get(meta.rule as string);
    if (rule !== undefined) return rule;
    const named = version === undefined ? (given ?? '(none)') : `${given} (rule ${meta.rule})`;
    const expected = version === undefined ? this.refs : `${given} (which has no rule ${meta.rule})`;
    this.report(carbonIssue('LEDGER_RULES_MISMATCH', [], { given: named, expected }));
    const namedZh = ruleRefZh(named);
    // A space parts a Latin name from the Chinese after it, not a full-width parenthesis.
    const gap = namedZh.endsWith('）') ? '' : ' ';
    this.mismatch = {
      reason: `the entries were written under ${named}, not under the rule set given (${this.refs}): caps, counters and remainders were not checked`,
      reasonZh: `条目按规则集 ${namedZh}${gap}写入，不是给定的规则集 ${this.refs}：上限、计数和余量均未核对`,
    };
    return undefined;
  }

  /**
   * The account's tally, its latest moved to `ms` (older periods dropped). An entry more than the window before the
   * account's latest is reported (once per activity: its g CO₂ and point entries share it).
   */
  private tally(account: string, ms: number, activity: string): AccountTally {
    let t = this.accounts.get(account);
    if (t === undefined) {
      t = emptyTally();
      this.accounts.set(account, t);
    } else if (ms < t.latest - this.window && this.lateActivity !== `${account}\u0000${activity}`) {
      this.lateActivity = `${account}\u0000${activity}`;
      this.report(
        carbonIssue('LEDGER_LATE_ENTRY', [], {
          account,
          ts: new Date(ms).toISOString(),
          latest: new Date(t.latest).toISOString(),
          window: String(this.lateWindowHours),
        }),
      );
    }
    if (ms > t.latest) {
      t.latest = ms;
      const firstDay = localDay(ms - this.window, this.off);
      if (firstDay > t.firstDay) {
        // An entry of a dropped period is more than the window before this one: a late entry, reported above.
        t.firstDay = firstDay;
        t.firstMonth = localMonth(ms - this.window, this.off);
        for (const m of t.pointDays.values()) prune(m, firstDay);
        for (const m of t.pointMonths.values()) prune(m, t.firstMonth);
        prune(t.gramDays, firstDay);
        prune(t.gramMonths, t.firstMonth);
      }
    }
    return t;
  }

  private periodText(kind: PeriodKind, p: number): string {
    if (kind === 'daily') return localDate(dayStart(p, this.off), this.off);
    return `${Math.floor(p / 12)}-${String((p % 12) + 1).padStart(2, '0')}`;
  }

  private checkPoints(account: string, rule: PointRule, kind: PeriodKind, p: number, t: PointTally): void {
    const cap = rule.caps?.[kind];
    if (cap === undefined || t.flagged) return;
    const group = rule.capGroup ?? rule.id;
    const over = (what: string, whatZh: string, issued: string, issuedZh: string): void => {
      t.flagged = true;
      this.report(
        carbonIssue('LEDGER_CAP_EXCEEDED', [], {
          account,
          period: this.periodText(kind, p),
          cap: `${kind} ${what} of rule ${rule.id} (group ${group})`,
          capZh: `${ZH[kind]} ${whatZh}（规则 ${rule.id}，组 ${group}）`,
          issued,
          issuedZh,
        }),
      );
    };
    // A cap not stated is never exceeded (each compared with itself).
    if (t.points > (cap.points ?? t.points))
      over(`${cap.points} points`, `${cap.points} 分`, `${t.points} points issued`, `已发 ${t.points} 分`);
    else if (t.paying > (cap.events ?? t.paying))
      over(
        `${cap.events} events`,
        `${cap.events} 次`,
        `${t.paying} paying entries`,
        `${t.paying} 条计分条目`,
      );
  }

  private checkGrams(account: string, kind: PeriodKind, p: number, t: GramTally): void {
    // Called only when the rule sets state reduction caps (push).
    const cap = (this.reduction as Record<PeriodKind, bigint | undefined>)[kind];
    if (cap === undefined || t.flagged || reductionBoundHolds(t.grams, t.entries, cap)) return;
    t.flagged = true;
    const most = microgramsText(cap + BigInt(t.entries) * (MICRO - 1n));
    this.report(
      carbonIssue('LEDGER_CAP_EXCEEDED', [], {
        account,
        period: this.periodText(kind, p),
        cap: `${kind} reduction ${microgramsText(cap)} g (at most ${most} g over ${t.entries} entries with the carried remainders)`,
        capZh: `${ZH[kind]}减排 ${microgramsText(cap)} g（${t.entries} 条条目连同结转余量至多 ${most} g）`,
        issued: `${t.grams} g issued`,
        issuedZh: `已发 ${t.grams} g`,
      }),
    );
  }

  /** Compare the stored user records and remainders with the entries pushed; the issues and what was checked. */
  finish(
    users: readonly InPartition<UserRecord>[],
    remainders: readonly InPartition<RemainderRecord>[],
  ): { issues: Issue[]; caps: CapCheckResult } {
    if (this.mismatch !== undefined)
      return { issues: this.issues, caps: { checked: false, ...this.mismatch } };
    const accountOf = this.opts.account ?? ((u: string) => `user:${u}`);
    const stored = new Map(users.map((u) => [accountOf(u.user), u]));
    for (const account of this.accounts.keys())
      if (!stored.has(account))
        this.invalid(account, 'its entries credit activities; no user record is stored');
    for (const [account, u] of stored)
      this.compareUser(account, this.accounts.get(account) ?? emptyTally(), u);
    for (const r of remainders)
      if (!/^[1-9][0-9]{0,5}$/.test(r.micrograms))
        this.invalid(
          r.account,
          `the carried remainder ${r.micrograms} µg is not an integer from 1 to 999999`,
        );
    const caps: CapCheckResult = {
      checked: true,
      ruleSet: this.refs,
      accounts: this.accounts.size,
      periods: this.compared,
      violations: this.violations,
    };
    return { issues: this.issues, caps };
  }

  private compareUser(account: string, t: AccountTally, u: UserRecord): void {
    const latestText = u.points?.latest ?? u.caps?.latest;
    // No stored time: NaN, which is no later than any entry's time and not finite.
    const latest = latestText === undefined ? Number.NaN : Date.parse(latestText);
    if (t.latest > Number.NEGATIVE_INFINITY && !(latest >= t.latest))
      this.invalid(
        account,
        `the stored latest activity time ${latestText ?? '(none)'} is before its latest entry's, ${new Date(t.latest).toISOString()}`,
      );
    // A batch drops a period only before the first one the window reaches from the user's latest line, or, under a
    // narrower window of an earlier run, before the stored `since` (the first instant whose periods the store holds
    // in full; absent in a record that dropped none, or written before it was recorded).
    const known = Number.isFinite(latest);
    const since = this.storedSince(account, u, known ? latest : undefined);
    const storedFirst = {
      daily: Math.max(
        known ? localDay(latest - this.window, this.off) : Number.NEGATIVE_INFINITY,
        since !== undefined ? localDay(since, this.off) : Number.NEGATIVE_INFINITY,
      ),
      monthly: Math.max(
        known ? localMonth(latest - this.window, this.off) : Number.NEGATIVE_INFINITY,
        since !== undefined ? localMonth(since, this.off) : Number.NEGATIVE_INFINITY,
      ),
    };
    const p = u.points;
    this.comparePoints(account, 'daily', p?.daily ?? [], t.pointDays, t.firstDay, storedFirst.daily);
    this.comparePoints(
      account,
      'monthly',
      p?.monthly ?? [],
      t.pointMonths,
      t.firstMonth,
      storedFirst.monthly,
    );
    if (this.reduction === undefined) return;
    this.compareGrams(account, 'daily', u.caps?.days ?? [], t.gramDays, storedFirst.daily);
    this.compareGrams(account, 'monthly', u.caps?.months ?? [], t.gramMonths, storedFirst.monthly);
  }

  /**
   * The stored `since` of a user record (ms), or undefined when it has none or it is reported: not a time, or later
   * than the start of the day the narrowest window reaches from the stored `latest` (a batch drops no period after
   * it, so a later one would only excuse missing counters).
   */
  private storedSince(account: string, u: UserRecord, latest: number | undefined): number | undefined {
    const text = u.points?.since ?? u.caps?.since;
    if (text === undefined) return undefined;
    const since = typeof text === 'string' ? parseInstant(text) : undefined;
    if (since === undefined) {
      this.invalid(account, `the stored since ${JSON.stringify(text)} is not a time`);
      return undefined;
    }
    const most =
      latest !== undefined ? dayStart(localDay(latest - this.narrowest, this.off), this.off) : undefined;
    if (most !== undefined && since > most) {
      this.invalid(
        account,
        `the stored since ${text} is after ${new Date(most).toISOString()}, the start of the first day the narrowest late window of the rule sets reaches back from its latest activity time`,
      );
      return undefined;
    }
    return since;
  }

  /** The largest points cap of `kind` the rules of a cap group state, or undefined when one of them states none. */
  private groupCap(group: string, kind: PeriodKind): bigint | undefined {
    let most: bigint | undefined;
    for (const r of this.allRules) {
      if ((r.capGroup ?? r.id) !== group) continue;
      const c = r.caps?.[kind]?.points;
      if (c === undefined) return undefined;
      if (most === undefined || c > most) most = c;
    }
    return most;
  }

  private comparePoints(
    account: string,
    kind: PeriodKind,
    stored: NonNullable<UserRecord['points']>['daily'],
    chain: Map<string, Map<number, PointTally>>,
    chainFirst: number,
    storedFirst: number,
  ): void {
    const held = new Set<string>();
    for (const [group, c] of stored) {
      held.add(`${group}\u0000${c.period}`);
      const at = `${kind} counter of group ${group} on ${this.periodText(kind, c.period)}`;
      const points = integer(c.points);
      const cap = this.groupCap(group, kind);
      if (points === undefined || points < 0n || !Number.isInteger(c.events) || c.events < 0) {
        this.invalid(account, `the stored ${at} is not a counter (${JSON.stringify(c)})`);
        continue;
      }
      // No cap: the counter is compared with itself, never above.
      if (points > (cap ?? points))
        this.invalid(account, `the stored ${at} holds ${points} points, above the cap of ${cap}`);
      // Before the chain's first period the entries no longer held are unknown: not compared.
      if (c.period < chainFirst) continue;
      this.compared += 1;
      const x = chain.get(group)?.get(c.period);
      const issued = x?.points ?? 0n;
      const paying = x?.paying ?? 0;
      if (points !== issued)
        this.invalid(account, `the stored ${at} holds ${points} points, the entries issue ${issued}`);
      else if (c.events < paying)
        this.invalid(account, `the stored ${at} counts ${c.events} events, the entries pay ${paying}`);
    }
    for (const [group, m] of chain)
      for (const [period, x] of m) {
        if (held.has(`${group}\u0000${period}`) || period < storedFirst || x.points === 0n) continue;
        this.compared += 1;
        this.invalid(
          account,
          `no stored ${kind} counter of group ${group} on ${this.periodText(kind, period)}, which its window still reaches; the entries issue ${x.points} points there`,
        );
      }
  }

  private compareGrams(
    account: string,
    kind: PeriodKind,
    stored: readonly [number, string][],
    chain: Map<number, GramTally>,
    storedFirst: number,
  ): void {
    // Called only when the rule sets state reduction caps (compareUser).
    const cap = (this.reduction as Record<PeriodKind, bigint | undefined>)[kind];
    const held = new Set<number>();
    for (const [period, text] of stored) {
      held.add(period);
      const at = `${kind} reduction counter of ${this.periodText(kind, period)}`;
      const c = integer(text);
      if (c === undefined || c < 0n) {
        this.invalid(account, `the stored ${at} is not a number of µg (${JSON.stringify(text)})`);
        continue;
      }
      // No cap: the counter is compared with itself, never above.
      if (c > (cap ?? c)) this.invalid(account, `the stored ${at} holds ${c} µg, above the cap of ${cap} µg`);
      // The chain holds no period before its first (tally prunes them, push adds none): those are undefined too.
      const x = chain.get(period);
      if (x === undefined) continue;
      this.compared += 1;
      if (!reductionBoundHolds(x.grams, x.entries, c))
        this.invalid(
          account,
          `the stored ${at} holds ${c} µg; the entries issue ${x.grams} g in ${x.entries} entries, more than it allows with the carried remainders (${c} + ${x.entries} × 999999 µg)`,
        );
    }
    for (const [period, x] of chain) {
      if (held.has(period) || period < storedFirst) continue;
      this.compared += 1;
      this.invalid(
        account,
        `no stored ${kind} reduction counter of ${this.periodText(kind, period)}, which its window still reaches; the entries issue ${x.grams} g there`,
      );
    }
  }
}

function emptyTally(): AccountTally {
  return {
    latest: Number.NEGATIVE_INFINITY,
    firstDay: Number.NEGATIVE_INFINITY,
    firstMonth: Number.NEGATIVE_INFINITY,
    pointDays: new Map(),
    pointMonths: new Map(),
    gramDays: new Map(),
    gramMonths: new Map(),
  };
}

/** Drop the periods before `first`. */
function prune<T>(m: Map<number, T>, first: number): void {
  for (const p of m.keys()) if (p < first) m.delete(p);
}

/** Add a point entry of `amount` to the tally of a group's period. */
function bump(
  m: Map<string, Map<number, PointTally>>,
  group: string,
  period: number,
  amount: bigint,
): PointTally {
  let g = m.get(group);
  if (g === undefined) {
    g = new Map();
    m.set(group, g);
  }
  let t = g.get(period);
  if (t === undefined) {
    t = { points: 0n, paying: 0, flagged: false };
    g.set(period, t);
  }
  t.points += amount;
  t.paying += 1;
  return t;
}

/** Add a g CO₂ entry of `amount` to the tally of a period. */
function add(m: Map<number, GramTally>, period: number, amount: bigint): GramTally {
  let t = m.get(period);
  if (t === undefined) {
    t = { grams: 0n, entries: 0, flagged: false };
    m.set(period, t);
  }
  t.grams += amount;
  t.entries += 1;
  return t;
}
