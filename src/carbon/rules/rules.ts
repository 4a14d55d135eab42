import { contentHash } from '../../core/canonical';
import { Decimal } from '../../core/decimal';
import { GepError, type Issue, type Path, fail } from '../../core/errors';
import { MAX_JSON_DEPTH, valueTooDeep } from '../../io/json';
import { carbonFail, carbonIssue, carbonZodFallback } from '../errors';
import { fromZodIssues } from '../../core/zod-issues';
import { HOUR_MS, LocalMonths, dayStart, localDate, localDay, localMonth, offsetMs, tooLate } from '../time';
import { type Period, findPeriod, placePeriod } from './periods';
import { type Conversion, type PointRule, type RuleSetData, ruleSetSchema } from './schema';

/** A validated rule set with its content hash. */
export interface RuleSet extends RuleSetData {
  readonly ref: string;
  readonly hash: string;
}

export function loadRuleSet(json: unknown, path: Path = []): RuleSet {
  const deep = valueTooDeep(json);
  if (deep !== undefined)
    fail('INPUT_TOO_DEEP', [...path, ...deep], { file: 'the rule set', limit: MAX_JSON_DEPTH });
  const parsed = ruleSetSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    throw new GepError(fromZodIssues(parsed.error.issues, path, carbonZodFallback('CARBON_RULES_INVALID')));
  const d = parsed.data;
  const ids = new Set<string>();
  const slots = new Set<string>();
  d.rules.forEach((r, i) => {
    const p = [...path, 'rules', i];
    if (ids.has(r.id)) carbonFail('CARBON_RULES_INVALID', p, { detail: `duplicate rule id ${r.id}` });
    ids.add(r.id);
    const slot = `${r.scenario}|${r.evidence ?? ''}`;
    if (slots.has(slot))
      carbonFail('CARBON_RULES_INVALID', p, {
        detail: `two rules for scenario ${r.scenario}, evidence ${r.evidence ?? '(any)'}`,
      });
    slots.add(slot);
    if (r.basis === 'reduction' && !r.per.equals(1))
      carbonFail('CARBON_RULES_INVALID', p, {
        detail: 'a reduction rule converts through the conversion; per must be 1',
      });
  });
  const items = new Set<string>();
  d.redemptions.forEach((r, i) => {
    if (items.has(r.id))
      carbonFail('CARBON_RULES_INVALID', [...path, 'redemptions', i], {
        detail: `duplicate redemption id ${r.id}`,
      });
    items.add(r.id);
  });
  // A null `from` is open-ended (no stated start): it sorts first. Both ends are days in force (as a factor
  // set's window), so the next conversion starts after the day the one before it ends.
  const conv = [...d.conversions].sort((a, b) =>
    (a.effective.from ?? '').localeCompare(b.effective.from ?? ''),
  );
  for (let i = 1; i < conv.length; i++) {
    const prev = conv[i - 1] as Conversion;
    const cur = conv[i] as Conversion;
    if (prev.effective.to === null || cur.effective.from === null || prev.effective.to >= cur.effective.from)
      carbonFail('CARBON_RULES_INVALID', [...path, 'conversions'], {
        detail: `conversions ${prev.id}@${prev.version} and ${cur.id}@${cur.version} overlap (${conversionWindow(prev)} and ${conversionWindow(cur)}, both end days in force)`,
      });
  }
  // The hash covers the rule set as written (canonical JSON of the input), which holds no bigints.
  return { ...d, ref: `${d.id}@${d.version}`, hash: contentHash(json) };
}

/** A conversion's window as an overlap names it: both ends are days in force; `open` where none is stated. */
const conversionWindow = (c: Conversion): string =>
  `${c.effective.from ?? 'open'} to ${c.effective.to ?? 'open'}`;

/** Quantities an activity offers to the rules (each in the basis' unit). */
export interface Measures {
  steps?: Decimal;
  minutes?: Decimal;
  count?: Decimal;
  distanceKm?: Decimal;
  grams?: bigint;
}

export interface Award {
  rule: string;
  ruleSet: string;
  /** Points this activity adds to the day's earnings before caps. */
  wanted: bigint;
  points: bigint;
  /** The rule's measure accumulated by this user under this rule on this local day, this activity included. */
  accrued: string;
  conversion?: string;
  availableFrom?: string;
  claimBy?: string;
  expiresAt?: string;
  warnings: Issue[];
}

/** An award not yet booked: `commit()` records it in the cap counters and day totals (accepted lines only). */
export interface Quote {
  award: Award;
  /** The rule that pays (ruleFor's answer for the activity's scenario and evidence path). */
  rule: PointRule;
  commit(): void;
}

interface Counter extends Period {
  points: bigint;
  events: number;
}

/**
 * The running total of one user × rule on one local day (`period`): the measure and the awards it has earned. The
 * total is `q`, or, when `q` is undefined, the integer `qi` (event and reduction rules, see accrueInt).
 */
interface Accrual extends Period {
  q: Decimal | undefined;
  qi: bigint;
  units: bigint;
  /** The measure totalled (the rule's basis when the total was made); undefined in a record stored without it. */
  basis?: PointRule['basis'];
}

/** Bound of the integer accrual: totals and divisors below it are exact in the Decimal path too (see accrueInt). */
const INT_LIMIT = 10n ** 15n;

/**
 * The day total and the awards it earns, in integers: `before + q` and ⌊(before + q) / per⌋, or undefined
 * when outside the bounds where this provably equals the Decimal path (`floor(total.div(per))` at 40
 * significant digits): 0 ≤ total < 10¹⁵ and 1 ≤ per < 10¹⁵. There the sum is exact, the quotient's integer
 * part has at most 15 digits, so the 40-digit rounding errs by < 10⁻²⁵, while a non-integer quotient is at
 * least 1/per > 10⁻¹⁵ from an integer: the floor is unchanged. test/carbon/fast-paths.test.ts checks it.
 */
export function accrueInt(
  before: bigint,
  q: bigint,
  per: bigint,
): { total: bigint; units: bigint } | undefined {
  const total = before + q;
  if (total < 0n || total >= INT_LIMIT || per < 1n || per >= INT_LIMIT) return undefined;
  return { total, units: per === 1n ? total : total / per };
}

/**
 * The awards a day's total earns at divisor `per` (`perI`, its integer, or null): ⌊total / per⌋, by accrueInt's
 * integers where it would take them, else the Decimal path's floor — the numbers quote() computes for a total.
 */
function unitsAt(a: Accrual, per: Decimal, perI: bigint | null): bigint {
  if (a.q === undefined && perI !== null) {
    const fast = accrueInt(a.qi, 0n, perI);
    if (fast !== undefined) return fast.units;
  }
  const total = a.q ?? new Decimal(a.qi.toString());
  return floor(per.eq(1) ? total : total.div(per));
}

/** A positive integer divisor below INT_LIMIT as a bigint (null otherwise). */
function perInt(per: Decimal): bigint | null {
  return per.isInteger() && per.gte(1) && per.lt(INT_LIMIT_TEXT) ? BigInt(per.toFixed()) : null;
}
const INT_LIMIT_TEXT = INT_LIMIT.toString();

/** A measure's value as a bigint when it is an integer below INT_LIMIT (else undefined: the Decimal path). */
function integerOf(d: Decimal): bigint | undefined {
  return d.isInteger() && d.e < 15 && !d.isNegative() ? BigInt(d.toFixed()) : undefined;
}

/**
 * What the engine keeps per user: day totals by rule id, cap counters by cap group (one user lookup each), each
 * a list ascending by period of the days (months) the late window still reaches; and the latest activity booked.
 */
interface UserState {
  latest: number;
  /**
   * The first instant whose day and month the records hold in full: the start of the first day the window reached
   * when a record was last dropped (−∞ while none was). A line before it is refused (CARBON_TOO_LATE), also under a
   * wider window than the one that dropped the record: its day's total and counters would start again from zero.
   */
  since: number;
  accruals: Map<string, Accrual[]>;
  daily: Map<string, Counter[]>;
  monthly: Map<string, Counter[]>;
}
const NO_USER: UserState = {
  latest: Number.NEGATIVE_INFINITY,
  since: Number.NEGATIVE_INFINITY,
  accruals: new Map(),
  daily: new Map(),
  monthly: new Map(),
};

const ZERO = new Decimal(0);

/**
 * Applies a rule set to a stream of activities, keeping the cap counters (per user × cap group × local day and
 * month) and the day totals (per user × rule × local day) of the periods the rule set's late window reaches back
 * from each user's latest activity: memory grows with users, not activities. A user's lines may come in any order
 * within the window, each counted in its own local day and month; one more than the window before the user's latest
 * booked line, or before the first instant whose periods are still held in full (`since`: a narrower window of an
 * earlier run dropped older ones), is refused (CARBON_TOO_LATE).
 *
 * A rule pays on the day's running total, not on each record alone: with q_1 … q_n the measures of one user's
 * records under one rule on one local day, record k earns ⌊(q_1 + … + q_k) / per⌋ − ⌊(q_1 + … + q_{k−1}) / per⌋
 * awards (so two records of 1999 steps at 2000 steps per award earn 0 then 1, and sorting twice at 2 sessions
 * per award earns 0 then 1). Reduction rules accumulate grams the same way over the day's conversion. Caps
 * limit what is credited; what a cap withholds is not carried over.
 */
export class PointEngine {
  private readonly off: number;
  private readonly months: LocalMonths;
  private readonly users = new Map<string, UserState>();
  private readonly byScenario = new Map<string, PointRule[]>();
  /** The late window, ms. */
  private readonly window: number;

  constructor(readonly rules: RuleSet) {
    this.off = offsetMs(rules.utcOffset);
    this.months = new LocalMonths(this.off);
    this.window = rules.lateWindowHours * HOUR_MS;
    for (const r of rules.rules) {
      const list = this.byScenario.get(r.scenario) ?? [];
      list.push(r);
      this.byScenario.set(r.scenario, list);
    }
  }

  scenarios(): string[] {
    return [...this.byScenario.keys()];
  }

  /** The rules of a scenario (empty when the rule set has none). */
  rulesOf(scenario: string): readonly PointRule[] {
    return this.byScenario.get(scenario) ?? [];
  }

  /** The rule paying for this scenario and evidence path: the path's own rule, else the path-less rule. */
  ruleFor(scenario: string, evidence: string | undefined): PointRule | undefined {
    const list = this.byScenario.get(scenario);
    if (list === undefined) return undefined;
    return (
      list.find((r) => r.evidence !== undefined && r.evidence === evidence) ??
      list.find((r) => r.evidence === undefined)
    );
  }

  /** The ISO instant local day `day` begins, memoised by day (claim windows and expiries repeat per day). */
  private dayStartIso(day: number): string {
    let iso = this.dayStarts.get(day);
    if (iso === undefined) {
      // Bounded: cleared once it holds 64 days (a late line's day is then derived again).
      if (this.dayStarts.size >= 64) this.dayStarts.clear();
      iso = new Date(dayStart(day, this.off)).toISOString();
      this.dayStarts.set(day, iso);
    }
    return iso;
  }
  private readonly dayStarts = new Map<number, string>();

  /** conversionAt(ms) for an instant on local day `day`: a function of the local date, so the last one is kept. */
  private conversionOfDay(day: number, ms: number): Conversion | undefined {
    if (day !== this.convDay) {
      this.conv = this.conversionAt(ms);
      this.convDay = day;
    }
    return this.conv;
  }
  private convDay = Number.NaN;
  private conv: Conversion | undefined;

  /** `id@version` of a conversion, written once per conversion of the rule set. */
  private conversionRef(c: Conversion): string {
    let r = this.convRefs.get(c);
    if (r === undefined) {
      r = `${c.id}@${c.version}`;
      this.convRefs.set(c, r);
    }
    return r;
  }
  private readonly convRefs = new Map<Conversion, string>();

  /** perInt of a divisor of this rule set (a rule's per or a conversion's grams per point), derived once. */
  private perIntOf(per: Decimal): bigint | null {
    let p = this.perInts.get(per);
    if (p === undefined) {
      p = perInt(per);
      this.perInts.set(per, p);
    }
    return p;
  }
  private readonly perInts = new Map<Decimal, bigint | null>();

  /** An hours rule's divisor in minutes (per × 60), one Decimal per rule (perIntOf keeps divisors by identity). */
  private minutesPer(rule: PointRule): Decimal {
    let d = this.minuteDivisors.get(rule);
    if (d === undefined) {
      d = rule.per.times(60);
      this.minuteDivisors.set(rule, d);
    }
    return d;
  }
  private readonly minuteDivisors = new Map<PointRule, Decimal>();

  conversionAt(ms: number): Conversion | undefined {
    const date = localDate(ms, this.off);
    return this.rules.conversions.find(
      (c) =>
        (c.effective.from === null || c.effective.from <= date) &&
        (c.effective.to === null || date <= c.effective.to),
    );
  }

  /** Points for one activity, booked at once (undefined when no rule pays for it). */
  award(
    user: string,
    ms: number,
    scenario: string,
    evidence: string | undefined,
    m: Measures,
    path: Path = [],
  ): Award | undefined {
    const q = this.quote(user, ms, scenario, evidence, m, path);
    q?.commit();
    return q?.award;
  }

  /**
   * Points for one activity without booking them (undefined when no rule pays for it): nothing changes until
   * `commit()`, so a line refused after the quote consumes no cap and adds nothing to the day's total. Throws
   * for a missing measure or conversion.
   */
  quote(
    user: string,
    ms: number,
    scenario: string,
    evidence: string | undefined,
    m: Measures,
    path: Path = [],
  ): Quote | undefined {
    const rule = this.ruleFor(scenario, evidence);
    if (rule === undefined) return undefined;
    // Read only: a user is added at commit, so a quote that is never committed leaves no trace.
    const u = this.users.get(user) ?? NO_USER;
    const late = tooLate(ms, u.latest, this.window, u.since);
    if (late !== undefined) carbonFail('CARBON_TOO_LATE', path, late);
    const day = localDay(ms, this.off);
    // The measure: a Decimal, or for event and reduction rules an integer (qi) read without a Decimal.
    let q: Decimal | undefined;
    let qi: bigint | undefined;
    let per: Decimal;
    let conversion: Conversion | undefined;
    if (rule.basis === 'reduction') {
      conversion = this.conversionOfDay(day, ms);
      if (conversion === undefined)
        carbonFail('CARBON_CONVERSION_MISSING', path, {
          date: localDate(ms, this.off),
          rules: this.rules.ref,
        });
      if (m.grams === undefined)
        carbonFail('CARBON_ACTIVITY_INVALID', path, {
          detail: `rule ${rule.id} converts the reduction, which was not computed`,
        });
      qi = m.grams;
      per = conversion.gramsPerPoint;
    } else if (rule.basis === 'event') {
      qi = 1n;
      per = rule.per;
    } else {
      const measured = measure(rule, m);
      if (measured === undefined)
        carbonFail('CARBON_ACTIVITY_INVALID', path, {
          detail: `rule ${rule.id} needs the activity's ${rule.basis}`,
        });
      q = measured;
      // An integer measure (minutes, steps, count) takes the integer path too.
      qi = integerOf(measured);
      // An hours rule totals the day's minutes against per × 60 h: hours per record, each rounded to 40 digits,
      // could sum to just under a whole hour (3 × 20 min = 0.999…9 h) and lose its award.
      per = rule.basis === 'hours' ? this.minutesPer(rule) : rule.per;
    }
    const month = this.months.of(day, ms);
    // The day's total so far under this rule id: of another measure (a new version of the rule set pays the rule
    // by events where it paid by steps) it is not this rule's total, and the day starts again.
    const found = findPeriod(u.accruals.get(rule.id), day);
    const prior = found !== undefined && (found.basis ?? rule.basis) === rule.basis ? found : undefined;
    const same = prior !== undefined;
    // The awards the total so far earns at this rule's divisor (a new version may pay per 2,000 steps where the day's
    // total was paid per 1,000): the units stored were counted at the divisor of their time, and the difference
    // would be negative points.
    const beforeUnits = same ? unitsAt(prior, per, this.perIntOf(per)) : 0n;
    // Integers when the measure and the day's total so far are integers within accrueInt's bounds (the same
    // numbers as the Decimal path, proven there); the Decimal path otherwise.
    let totalQ: Decimal | undefined;
    let totalI = 0n;
    let totalUnits: bigint;
    let accrued: string;
    const perI = qi !== undefined && (!same || prior.q === undefined) ? this.perIntOf(per) : null;
    const fast = perI !== null ? accrueInt(same ? prior.qi : 0n, qi as bigint, perI) : undefined;
    if (fast !== undefined) {
      totalI = fast.total;
      totalUnits = fast.units;
      accrued = totalI.toString();
    } else {
      const beforeQ = same ? (prior.q ?? new Decimal(prior.qi.toString())) : ZERO;
      const total = beforeQ.plus(q ?? (qi === 1n ? ONE : new Decimal((qi as bigint).toString())));
      totalQ = total;
      totalUnits = floor(per.eq(1) ? total : total.div(per));
      accrued = total.toFixed();
    }
    // An hours rule's total, kept in minutes, is shown in hours.
    if (rule.basis === 'hours') accrued = new Decimal(accrued).div(60).toFixed();
    const units = totalUnits - beforeUnits;
    const wanted = units * rule.points;
    const warnings: Issue[] = [];
    const group = rule.capGroup ?? rule.id;
    let points = wanted;
    if (rule.caps?.daily !== undefined)
      points = capped(
        rule.caps.daily,
        peek(u.daily.get(group), day),
        'daily',
        points,
        wanted,
        warnings,
        path,
      );
    if (rule.caps?.monthly !== undefined)
      points = capped(
        rule.caps.monthly,
        peek(u.monthly.get(group), month),
        'monthly',
        points,
        wanted,
        warnings,
        path,
      );
    const out: Award = {
      rule: rule.id,
      ruleSet: this.rules.ref,
      wanted,
      points,
      accrued,
      warnings,
    };
    if (conversion !== undefined) out.conversion = this.conversionRef(conversion);
    if (rule.claim !== undefined) {
      out.availableFrom = this.dayStartIso(day + rule.claim.availableAfterDays);
      out.claimBy = this.dayStartIso(day + rule.claim.availableAfterDays + rule.claim.claimWithinDays);
    }
    if (rule.expiresAfterDays !== undefined)
      out.expiresAt = this.dayStartIso(day + rule.expiresAfterDays + 1);
    const commit = () => {
      let state = this.users.get(user);
      if (state === undefined) {
        state = {
          latest: ms,
          since: Number.NEGATIVE_INFINITY,
          accruals: new Map(),
          daily: new Map(),
          monthly: new Map(),
        };
        this.users.set(user, state);
      } else if (ms > state.latest) state.latest = ms;
      // The first instant the window still reaches: periods before its day (month) are dropped when a new one comes.
      const first = state.latest - this.window;
      const firstDay = localDay(first, this.off);
      let dropped = false;
      // The day's record is updated in place when it exists.
      const list = listOf(state.accruals, rule.id);
      const a = findPeriod(list, day);
      if (a !== undefined) {
        a.q = totalQ;
        a.qi = totalI;
        a.units = totalUnits;
        a.basis = rule.basis;
      } else
        dropped = placePeriod(
          list,
          { period: day, q: totalQ, qi: totalI, units: totalUnits, basis: rule.basis },
          firstDay,
        );
      const days = listOf(state.daily, group);
      let dc = findPeriod(days, day);
      if (dc === undefined) {
        dc = { period: day, points: 0n, events: 0 };
        if (placePeriod(days, dc, firstDay)) dropped = true;
      }
      const months = listOf(state.monthly, group);
      let mc = findPeriod(months, month);
      if (mc === undefined) {
        mc = { period: month, points: 0n, events: 0 };
        if (placePeriod(months, mc, localMonth(first, this.off))) dropped = true;
      }
      // The periods before the first day's start are no longer all held (a month before it neither).
      if (dropped) state.since = Math.max(state.since, dayStart(firstDay, this.off));
      dc.events += 1;
      mc.events += 1;
      dc.points += points;
      mc.points += points;
    };
    return { award: out, rule, commit };
  }

  /** The user's day totals and cap counters as plain data, or undefined when the user has booked nothing. */
  userState(user: string): PointsRecord | undefined {
    const u = this.users.get(user);
    if (u === undefined) return undefined;
    const counters = (m: Map<string, Counter[]>): PointsRecord['daily'] =>
      [...m].flatMap(([g, list]) =>
        list.map((c): PointsRecord['daily'][number] => [
          g,
          { period: c.period, points: c.points.toString(), events: c.events },
        ]),
      );
    const r: PointsRecord = {
      latest: new Date(u.latest).toISOString(),
      accruals: [...u.accruals].flatMap(([id, list]) =>
        list.map((a): PointsRecord['accruals'][number] => [
          id,
          {
            day: a.period,
            q: a.q?.toFixed() ?? null,
            qi: a.qi.toString(),
            units: a.units.toString(),
            ...(a.basis !== undefined ? { basis: a.basis } : {}),
          },
        ]),
      ),
      daily: counters(u.daily),
      monthly: counters(u.monthly),
    };
    if (u.since > Number.NEGATIVE_INFINITY) r.since = new Date(u.since).toISOString();
    return r;
  }

  /** Restore a user's day totals and cap counters from userState's record (a ledger reopened from its store). */
  restoreUser(user: string, r: PointsRecord): void {
    const counters = (list: PointsRecord['daily']): Map<string, Counter[]> =>
      grouped(list.map(([g, c]) => [g, { period: c.period, points: BigInt(c.points), events: c.events }]));
    this.users.set(user, {
      latest: r.latest !== undefined ? Date.parse(r.latest) : Number.NEGATIVE_INFINITY,
      // A record written before `since` existed, or of a user whose periods were never dropped: none.
      since: r.since !== undefined ? Date.parse(r.since) : Number.NEGATIVE_INFINITY,
      accruals: grouped(
        r.accruals.map(([id, a]) => [
          id,
          {
            period: a.day,
            q: a.q === null ? undefined : new Decimal(a.q),
            qi: BigInt(a.qi),
            units: BigInt(a.units),
            ...(a.basis !== undefined ? { basis: a.basis } : {}),
          },
        ]),
      ),
      daily: counters(r.daily),
      monthly: counters(r.monthly),
    });
  }
}

/** Records keyed by rule or cap group, as lists ascending by period per key. */
function grouped<T extends Period>(items: readonly (readonly [string, T])[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const [k, r] of items) listOf(out, k).push(r);
  for (const list of out.values()) list.sort((a, b) => a.period - b.period);
  return out;
}

/** The list of `k` (created empty when absent). */
function listOf<T>(m: Map<string, T[]>, k: string): T[] {
  let l = m.get(k);
  if (l === undefined) {
    l = [];
    m.set(k, l);
  }
  return l;
}

/**
 * A user's point-engine state as plain data (integers and decimals as strings), for a stored ledger: the day totals
 * and cap counters of every period the late window reaches (several per rule or cap group, ascending), the user's
 * latest activity time, and `since` (ISO), the first instant whose periods the records hold in full once older ones
 * were dropped (absent: none was dropped).
 */
export interface PointsRecord {
  latest?: string;
  since?: string;
  accruals: [
    string,
    { day: number; q: string | null; qi: string; units: string; basis?: PointRule['basis'] },
  ][];
  daily: [string, { period: number; points: string; events: number }][];
  monthly: [string, { period: number; points: string; events: number }][];
}

/** The points left after one cap (a period's events or points), with a warning when the cap bites. */
function capped(
  cap: NonNullable<NonNullable<PointRule['caps']>['daily']>,
  c: Counter,
  period: 'daily' | 'monthly',
  points: bigint,
  wanted: bigint,
  warnings: Issue[],
  path: Path,
): bigint {
  let out = points;
  if (cap.events !== undefined && c.events >= cap.events && out > 0n) {
    warnings.push(
      capWarning(path, period, { en: `${cap.events} events`, zh: `${cap.events} 次` }, wanted, 0n),
    );
    out = 0n;
  }
  if (cap.points !== undefined) {
    const room = cap.points > c.points ? cap.points - c.points : 0n;
    if (out > room) {
      warnings.push(
        capWarning(path, period, { en: `${cap.points} points`, zh: `${cap.points} 分` }, wanted, room),
      );
      out = room;
    }
  }
  return out;
}

function capWarning(
  path: Path,
  period: 'daily' | 'monthly',
  cap: { en: string; zh: string },
  wanted: bigint,
  awarded: bigint,
): Issue {
  return carbonIssue('CARBON_POINTS_CAPPED', path, {
    period,
    periodZh: period === 'daily' ? '每日' : '每月',
    cap: cap.en,
    capZh: cap.zh,
    wanted: wanted.toString(),
    awarded: awarded.toString(),
  });
}

/** The counter of `period` in a list, read only (zero when none): quoting changes nothing. */
function peek(list: readonly Counter[] | undefined, period: number): Counter {
  return findPeriod(list, period) ?? { period, points: 0n, events: 0 };
}

const ONE = new Decimal(1);

function measure(rule: PointRule, m: Measures): Decimal | undefined {
  switch (rule.basis) {
    case 'event':
      return ONE;
    case 'steps':
      return m.steps;
    case 'minutes':
      return m.minutes;
    case 'hours':
      // In minutes: the caller divides by per × 60 (see `award`).
      return m.minutes;
    case 'count':
      return m.count;
    case 'distance':
      return m.distanceKm;
    default:
      return undefined;
  }
}

function floor(d: Decimal): bigint {
  return BigInt(d.toFixed(0, Decimal.ROUND_FLOOR));
}
