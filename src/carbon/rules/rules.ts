import { contentHash } from '../../core/canonical';
import { Decimal } from '../../core/decimal';
import { GepError, type Issue, type Path, fail, issue } from '../../core/errors';
import { fromZodIssues } from '../../core/zod-issues';
import { dayStart, localDate, localDay, localMonth, offsetMs } from '../time';
import { type Conversion, type PointRule, type RuleSetData, ruleSetSchema } from './schema';

/** A validated rule set with its content hash. */
export interface RuleSet extends RuleSetData {
  readonly ref: string;
  readonly hash: string;
}

export function loadRuleSet(json: unknown, path: Path = []): RuleSet {
  const parsed = ruleSetSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'CARBON_RULES_INVALID'));
  const d = parsed.data;
  const ids = new Set<string>();
  const slots = new Set<string>();
  d.rules.forEach((r, i) => {
    const p = [...path, 'rules', i];
    if (ids.has(r.id)) fail('CARBON_RULES_INVALID', p, { detail: `duplicate rule id ${r.id}` });
    ids.add(r.id);
    const slot = `${r.scenario}|${r.evidence ?? ''}`;
    if (slots.has(slot))
      fail('CARBON_RULES_INVALID', p, {
        detail: `two rules for scenario ${r.scenario}, evidence ${r.evidence ?? '(any)'}`,
      });
    slots.add(slot);
    if (r.basis === 'reduction' && !r.per.equals(1))
      fail('CARBON_RULES_INVALID', p, {
        detail: 'a reduction rule converts through the conversion; per must be 1',
      });
  });
  const conv = [...d.conversions].sort((a, b) => a.effective.from.localeCompare(b.effective.from));
  for (let i = 1; i < conv.length; i++) {
    const prev = conv[i - 1] as Conversion;
    const cur = conv[i] as Conversion;
    if (prev.effective.to === null || prev.effective.to > cur.effective.from)
      fail('CARBON_RULES_INVALID', [...path, 'conversions'], {
        detail: `conversions ${prev.id}@${prev.version} and ${cur.id}@${cur.version} overlap`,
      });
  }
  // The hash covers the rule set as written (canonical JSON of the input), which holds no bigints.
  return { ...d, ref: `${d.id}@${d.version}`, hash: contentHash(json) };
}

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
  /** Points before caps. */
  wanted: bigint;
  points: bigint;
  conversion?: string;
  availableFrom?: string;
  claimBy?: string;
  expiresAt?: string;
  warnings: Issue[];
}

interface Counter {
  period: number;
  points: bigint;
  events: number;
}

/**
 * Applies a rule set to a time-ordered stream of activities, keeping the cap counters (per user × cap group ×
 * current day and month: memory grows with users, not activities).
 */
export class PointEngine {
  private readonly off: number;
  private readonly daily = new Map<string, Counter>();
  private readonly monthly = new Map<string, Counter>();
  private readonly byScenario = new Map<string, PointRule[]>();
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(readonly rules: RuleSet) {
    this.off = offsetMs(rules.utcOffset);
    for (const r of rules.rules) {
      const list = this.byScenario.get(r.scenario) ?? [];
      list.push(r);
      this.byScenario.set(r.scenario, list);
    }
  }

  scenarios(): string[] {
    return [...this.byScenario.keys()];
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

  conversionAt(ms: number): Conversion | undefined {
    const date = localDate(ms, this.off);
    return this.rules.conversions.find(
      (c) => c.effective.from <= date && (c.effective.to === null || date < c.effective.to),
    );
  }

  /** Points for one activity (undefined when no rule pays for it). Throws for a missing measure or conversion. */
  award(
    user: string,
    ms: number,
    scenario: string,
    evidence: string | undefined,
    m: Measures,
    path: Path = [],
  ): Award | undefined {
    const rule = this.ruleFor(scenario, evidence);
    if (rule === undefined) return undefined;
    if (ms < this.lastMs)
      fail('CARBON_TIMESTAMP_ORDER', path, {
        ts: new Date(ms).toISOString(),
        previous: new Date(this.lastMs).toISOString(),
      });
    let units: bigint;
    let conversion: Conversion | undefined;
    if (rule.basis === 'reduction') {
      conversion = this.conversionAt(ms);
      if (conversion === undefined)
        fail('CARBON_CONVERSION_MISSING', path, { date: localDate(ms, this.off), rules: this.rules.ref });
      if (m.grams === undefined)
        fail('CARBON_ACTIVITY_INVALID', path, {
          detail: `rule ${rule.id} converts the reduction, which was not computed`,
        });
      units = floor(new Decimal(m.grams.toString()).div(conversion.gramsPerPoint));
    } else {
      const q = measure(rule, m);
      if (q === undefined)
        fail('CARBON_ACTIVITY_INVALID', path, {
          detail: `rule ${rule.id} needs the activity's ${rule.basis}`,
        });
      units = floor(q.div(rule.per));
    }
    const wanted = units * rule.points;
    const warnings: Issue[] = [];
    let points = wanted;
    const group = `${user}\u0000${rule.capGroup ?? rule.id}`;
    const day = localDay(ms, this.off);
    const month = localMonth(ms, this.off);
    const d = counter(this.daily, group, day);
    const mo = counter(this.monthly, group, month);
    for (const [name, c, cap] of [
      ['daily', d, rule.caps?.daily],
      ['monthly', mo, rule.caps?.monthly],
    ] as const) {
      if (cap === undefined) continue;
      if (cap.events !== undefined && c.events >= cap.events && points > 0n) {
        warnings.push(capWarning(path, name, `${cap.events} events`, wanted, 0n));
        points = 0n;
      }
      if (cap.points !== undefined) {
        const room = cap.points > c.points ? cap.points - c.points : 0n;
        if (points > room) {
          warnings.push(capWarning(path, name, `${cap.points} points`, wanted, room));
          points = room;
        }
      }
    }
    this.lastMs = ms;
    d.events += 1;
    mo.events += 1;
    d.points += points;
    mo.points += points;
    const out: Award = { rule: rule.id, ruleSet: this.rules.ref, wanted, points, warnings };
    if (conversion !== undefined) out.conversion = `${conversion.id}@${conversion.version}`;
    if (rule.claim !== undefined) {
      out.availableFrom = new Date(dayStart(day + rule.claim.availableAfterDays, this.off)).toISOString();
      out.claimBy = new Date(
        dayStart(day + rule.claim.availableAfterDays + rule.claim.claimWithinDays, this.off),
      ).toISOString();
    }
    if (rule.expiresAfterDays !== undefined)
      out.expiresAt = new Date(dayStart(day + rule.expiresAfterDays + 1, this.off)).toISOString();
    return out;
  }
}

function capWarning(path: Path, period: string, cap: string, wanted: bigint, awarded: bigint): Issue {
  return issue('CARBON_POINTS_CAPPED', path, {
    period,
    cap,
    wanted: wanted.toString(),
    awarded: awarded.toString(),
  });
}

function counter(map: Map<string, Counter>, k: string, period: number): Counter {
  let c = map.get(k);
  if (c === undefined || c.period !== period) {
    c = { period, points: 0n, events: 0 };
    map.set(k, c);
  }
  return c;
}

function measure(rule: PointRule, m: Measures): Decimal | undefined {
  switch (rule.basis) {
    case 'event':
      return new Decimal(1);
    case 'steps':
      return m.steps;
    case 'minutes':
      return m.minutes;
    case 'hours':
      return m.minutes?.div(60);
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
