import { GepError, type Issue, type Path, issue } from '../core/errors';
import { fromZodIssues } from '../core/zod-issues';
import { type Activity, MINUTES, SCENARIOS_POINTS_ONLY, activitySchema, claimSchema } from './activity';
import { bundledFactorSets } from './factors/bundled';
import { FactorChain, type FactorSet } from './factors/registry';
import type { Entry, Hasher } from './ledger/entry';
import { Ledger } from './ledger/ledger';
import type { Balances } from './ledger/state';
import { type Methodology, methodologies, methodologyFor } from './methodologies';
import { type Measures, PointEngine, type RuleSet } from './rules/rules';
import { type ReductionResult, computeReduction, distanceKm } from './scenarios';
import { parseInstant } from './time';

export interface BatchOptions {
  /** Point rules; without them only reductions are computed. */
  rules?: RuleSet;
  /** User factor sets, searched before each methodology's pinned bundled sets. */
  factorSets?: readonly FactorSet[];
  /** `required` (default): a missing factor refuses the line. `when-available`: points still count, warned. */
  reductions?: 'required' | 'when-available';
  /** Continue an existing ledger (its state); by default a new one. */
  ledger?: Ledger;
  /** Hash function for a new ledger (default sha256 via @noble/hashes). */
  hash?: Hasher;
  /** The ledger account of a user (default `user:<id>`). */
  account?: (user: string) => string;
}

/** What one input line produced: its reduction and points, the ledger entries written, and its issues. */
export interface LineResult {
  line: number;
  ok: boolean;
  kind: 'activity' | 'claim' | 'invalid';
  id?: string;
  user?: string;
  scenario?: string;
  reduction?: {
    methodology: string;
    rule: string;
    grams: string;
    exact: string;
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
    conversion?: string;
    availableFrom?: string;
    claimBy?: string;
    expiresAt?: string;
  };
  entries: Entry[];
  issues: Issue[];
}

export interface BatchSummary {
  lines: number;
  accepted: number;
  refused: number;
  warnings: number;
  grams: string;
  points: string;
  ledger: { count: number; head: string };
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
  readonly ledger: Ledger;
  private readonly engine: PointEngine | undefined;
  private readonly chains = new Map<string, FactorChain>();
  private readonly seen = new Map<string, string>();
  private readonly account: (user: string) => string;
  private readonly known: Set<string>;
  private lastTs = Number.NEGATIVE_INFINITY;
  private lastTsText = '';
  private readonly stats = { lines: 0, accepted: 0, refused: 0, warnings: 0, grams: 0n, points: 0n };

  constructor(private readonly opts: BatchOptions = {}) {
    this.ledger = opts.ledger ?? new Ledger(opts.hash !== undefined ? { hash: opts.hash } : {});
    this.engine = opts.rules !== undefined ? new PointEngine(opts.rules) : undefined;
    this.account = opts.account ?? ((u) => `user:${u}`);
    const bundled = bundledFactorSets();
    for (const m of methodologies()) {
      const pinned = m.factorSets
        .map((ref) => bundled.find((s) => s.ref === ref))
        .filter((s) => s !== undefined);
      this.chains.set(m.ref, new FactorChain([...(opts.factorSets ?? []), ...pinned]));
    }
    this.known = new Set<string>([
      ...methodologies().flatMap((m) => m.scenarios),
      ...SCENARIOS_POINTS_ONLY,
      ...(this.engine?.scenarios() ?? []),
    ]);
  }

  /** Process one line (1-based number); blank lines return undefined. */
  process(item: unknown, line: number): LineResult | undefined {
    let value = item;
    const path: Path = ['line', line];
    if (typeof item === 'string' && item.trim() === '') return undefined;
    this.stats.lines += 1;
    if (typeof item === 'string') {
      try {
        value = JSON.parse(item);
      } catch (e) {
        return this.refuse(line, 'invalid', [
          issue('CARBON_LINE_NOT_JSON', path, { detail: (e as Error).message }),
        ]);
      }
    }
    if (value !== null && typeof value === 'object' && 'claim' in value) return this.claim(value, line, path);
    const parsed = activitySchema.safeParse(value, { reportInput: true });
    if (!parsed.success)
      return this.refuse(
        line,
        'invalid',
        fromZodIssues(parsed.error.issues, path, 'CARBON_ACTIVITY_INVALID'),
        value,
      );
    const a = parsed.data;
    const head = { line, kind: 'activity' as const, id: a.id, user: a.user, scenario: a.scenario };
    try {
      return this.activity(a, path, head);
    } catch (e) {
      if (e instanceof GepError) return this.refuse(line, 'activity', [...e.issues], a);
      throw e;
    }
  }

  private activity(
    a: Activity,
    path: Path,
    head: Pick<LineResult, 'line' | 'kind' | 'id' | 'user' | 'scenario'>,
  ): LineResult {
    if (!this.known.has(a.scenario))
      throw new GepError(
        issue('CARBON_SCENARIO_UNKNOWN', [...path, 'scenario'], {
          scenario: a.scenario,
          allowed: [...this.known].sort().join(', '),
        }),
      );
    const ms = parseInstant(a.ts) as number;
    if (ms < this.lastTs)
      throw new GepError(
        issue('CARBON_TIMESTAMP_ORDER', [...path, 'ts'], { ts: a.ts, previous: this.lastTsText }),
      );
    const behaviour = a.behaviour ?? a.id;
    const evidence = a.evidence ?? '';
    // Activity ids and behaviour ids share one namespace (both become ledger refs): each is credited once.
    if (this.seen.has(a.id) && a.id !== behaviour)
      throw new GepError(issue('LEDGER_DOUBLE_CREDIT', [...path, 'id'], { ref: a.id, unit: 'any unit' }));
    const prior = this.seen.get(behaviour);
    if (prior !== undefined)
      throw new GepError(
        a.behaviour !== undefined && prior !== evidence
          ? issue('CARBON_EVIDENCE_EXCLUSIVE', [...path, 'evidence'], {
              behaviour,
              first: prior || '(none)',
              second: evidence || '(none)',
            })
          : issue('LEDGER_DOUBLE_CREDIT', [...path, a.behaviour !== undefined ? 'behaviour' : 'id'], {
              ref: behaviour,
              unit: 'any unit',
            }),
      );
    this.lastTs = ms;
    this.lastTsText = a.ts;
    const issues: Issue[] = [];
    const m: Methodology | undefined = methodologyFor(a.scenario);
    let red: ReductionResult | undefined;
    if (m !== undefined) {
      try {
        red = computeReduction(a, m, this.chains.get(m.ref) as FactorChain, path);
      } catch (e) {
        if (
          !(e instanceof GepError) ||
          e.code !== 'CARBON_FACTOR_MISSING' ||
          this.opts.reductions !== 'when-available'
        )
          throw e;
        issues.push(
          issue('CARBON_REDUCTION_SKIPPED', path, { reason: e.issues[0]?.message.en ?? e.message }),
        );
      }
      if (red?.negative !== undefined)
        issues.push(issue('CARBON_REDUCTION_NEGATIVE', path, { value: red.negative.toFixed() }));
    }
    const measures: Measures = {};
    if (a.steps !== undefined) measures.steps = a.steps;
    if (a.duration !== undefined) measures.minutes = MINUTES(a.duration);
    if (a.count !== undefined) measures.count = a.count;
    if (a.distance !== undefined || (a.steps !== undefined && a.stepLength !== undefined))
      measures.distanceKm = distanceKm(a, path);
    if (red !== undefined) measures.grams = red.grams;
    const award = this.engine?.award(a.user, ms, a.scenario, a.evidence, measures, path);
    if (award !== undefined) issues.push(...award.warnings);

    const entries = this.ledger.expireDue(a.ts);
    const account = this.account(a.user);
    if (red !== undefined && red.grams > 0n)
      entries.push(
        this.ledger.append(
          {
            type: 'issue',
            ts: a.ts,
            amount: red.grams,
            unit: 'g_CO2',
            to: account,
            ref: behaviour,
            meta: {
              activity: a.id,
              methodology: red.methodology,
              factors: red.factors.map((f) => f.set).join(','),
            },
          },
          path,
        ),
      );
    if (award !== undefined && award.points > 0n)
      entries.push(
        this.ledger.append(
          {
            type: 'issue',
            ts: a.ts,
            amount: award.points,
            unit: 'point',
            to: account,
            ref: behaviour,
            ...(award.availableFrom !== undefined ? { availableFrom: award.availableFrom } : {}),
            ...(award.claimBy !== undefined ? { claimBy: award.claimBy } : {}),
            ...(award.expiresAt !== undefined ? { expiresAt: award.expiresAt } : {}),
            meta: {
              activity: a.id,
              rule: award.rule,
              ruleSet: award.ruleSet,
              ...(award.conversion ? { conversion: award.conversion } : {}),
            },
          },
          path,
        ),
      );
    this.seen.set(behaviour, evidence);
    if (a.id !== behaviour) this.seen.set(a.id, '');
    this.stats.accepted += 1;
    this.stats.warnings += issues.length;
    const result: LineResult = { ...head, ok: true, entries, issues };
    if (red !== undefined) {
      this.stats.grams += red.grams;
      result.reduction = {
        methodology: red.methodology,
        rule: red.rule,
        grams: red.grams.toString(),
        exact: red.exact.toFixed(),
        ...(red.negative !== undefined ? { negative: red.negative.toFixed() } : {}),
        ...(red.be !== undefined ? { be: red.be.toFixed() } : {}),
        ...(red.pe !== undefined ? { pe: red.pe.toFixed() } : {}),
        factors: red.factors,
      };
    }
    if (award !== undefined) {
      this.stats.points += award.points;
      const { warnings: _w, points, wanted, ...rest } = award;
      result.points = { ...rest, points: points.toString(), wanted: wanted.toString() };
    }
    return result;
  }

  private claim(value: object, line: number, path: Path): LineResult {
    const parsed = claimSchema.safeParse(value, { reportInput: true });
    if (!parsed.success)
      return this.refuse(
        line,
        'invalid',
        fromZodIssues(parsed.error.issues, path, 'CARBON_ACTIVITY_INVALID'),
        value,
      );
    const c = parsed.data;
    try {
      const ms = parseInstant(c.ts) as number;
      if (ms < this.lastTs)
        throw new GepError(
          issue('CARBON_TIMESTAMP_ORDER', [...path, 'ts'], { ts: c.ts, previous: this.lastTsText }),
        );
      this.lastTs = ms;
      this.lastTsText = c.ts;
      const entries = this.ledger.expireDue(c.ts);
      const p = this.ledger.pending(c.claim, 'point');
      if (p === undefined)
        throw new GepError(
          issue('LEDGER_REF_UNKNOWN', [...path, 'claim'], {
            ref: c.claim,
            detail: 'no pending points to claim',
          }),
        );
      entries.push(
        this.ledger.append(
          {
            type: 'claim',
            ts: c.ts,
            amount: p.amount,
            unit: 'point',
            to: this.account(c.user),
            ref: c.claim,
          },
          path,
        ),
      );
      this.stats.accepted += 1;
      return { line, ok: true, kind: 'claim', id: c.claim, user: c.user, entries, issues: [] };
    } catch (e) {
      if (e instanceof GepError) return this.refuse(line, 'claim', [...e.issues], c);
      throw e;
    }
  }

  private refuse(line: number, kind: LineResult['kind'], issues: Issue[], value?: unknown): LineResult {
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

  summary(): BatchSummary {
    const anchor = this.ledger.anchor();
    return {
      lines: this.stats.lines,
      accepted: this.stats.accepted,
      refused: this.stats.refused,
      warnings: this.stats.warnings,
      grams: this.stats.grams.toString(),
      points: this.stats.points.toString(),
      ledger: { count: anchor.count, head: anchor.head },
      balances: this.ledger.balances(),
      rules: this.opts.rules?.ref ?? null,
      factorSets: [...new Set([...this.chains.values()].flatMap((c) => c.sets.map((s) => s.ref)))].sort(),
    };
  }
}

/** Process an iterable of lines; yields one result per non-blank line and returns the summary. */
export function* processActivities(
  items: Iterable<unknown>,
  opts: BatchOptions = {},
): Generator<LineResult, BatchSummary> {
  const b = new CarbonBatch(opts);
  let n = 0;
  for (const item of items) {
    const r = b.process(item, ++n);
    if (r !== undefined) yield r;
  }
  return b.summary();
}

/** The same over an async iterable (a file or network stream of lines). */
export async function* processActivitiesAsync(
  items: AsyncIterable<unknown> | Iterable<unknown>,
  opts: BatchOptions = {},
): AsyncGenerator<LineResult, BatchSummary> {
  const b = new CarbonBatch(opts);
  let n = 0;
  for await (const item of items) {
    const r = b.process(item, ++n);
    if (r !== undefined) yield r;
  }
  return b.summary();
}
