import { GepError } from '../../src/core/errors';
import { type FactorSet, loadFactorSet } from '../../src/carbon/factors/registry';
import { type RuleSet, loadRuleSet } from '../../src/carbon/rules/rules';

/** The GepError thrown by `f`, or a failed test. */
export function errorOf(f: () => unknown): GepError {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('expected a GepError, none was thrown');
}

/** A user factor set with the given factors (source and grade filled in as a user would). */
export function userFactors(
  factors: { key: string; value: string; unit: string; kind: 'emission' | 'reduction'; region?: string }[],
): FactorSet {
  return loadFactorSet({
    kind: 'carbon-factors',
    id: 'user-test',
    version: '1.0.0',
    title: { zh: '测试', en: 'Test' },
    dataYear: 2024,
    publication: { document: 'test fixture' },
    factors: factors.map((f) => ({
      key: f.key,
      value: f.value,
      unit: f.unit,
      kind: f.kind,
      applies: f.region !== undefined ? { region: f.region } : {},
      source: { document: 'test fixture' },
      grade: 'assumed',
    })),
  });
}

/**
 * A rule set as written (one rule paying a point per walking event), with the given members added or replaced:
 * the fixture of the rule-set tests (src/carbon/rules/rules.test.ts) and of `ruleSetWith`.
 */
export function writtenRuleSet(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'carbon-point-rules',
    id: 'test-rules',
    version: '1.0.0',
    title: { zh: '测试', en: 'Test' },
    jurisdiction: 'test',
    pointName: { zh: '分', en: 'point' },
    source: { document: 'test fixture' },
    grade: 'assumed',
    rules: [
      {
        id: 'walk',
        scenario: 'walking',
        basis: 'event',
        points: '1',
        source: { document: 'test' },
        grade: 'assumed',
      },
    ],
    ...extra,
  };
}

/**
 * A rule set paying one point per walking event, with the given members added (plausibility, reductionCaps):
 * enough for a batch to read its plausibility policy and reduction caps. `path`: where loadRuleSet's issues point.
 */
export function ruleSetWith(extra: Record<string, unknown>, path?: string[]): RuleSet {
  return loadRuleSet(writtenRuleSet(extra), path);
}

/** 2024-05-dd hh:00 in Beijing time (+08:00). */
export const mayAt = (d: number, h = 8): string =>
  `2024-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`;

/** A bus ride in Wuhan (4201): 150 g CO₂ reduced (the bundled factor). */
export const busRide = (id: string, ts: string, user = 'u1'): string =>
  JSON.stringify({ id, user, ts, scenario: 'bus', region: '4201', rides: '1' });

/**
 * Bus rides pay 2 points, at most `points` (default 3) a user a day, and `events` paying rides and `monthly` points
 * when given; reductions at most `grams` (default 200) g a user a day. The caps make a line counted in the wrong
 * day visible.
 */
export function cappedBusRules(
  o: {
    points?: string;
    events?: number;
    monthly?: string;
    grams?: string;
    window?: number;
    version?: string;
  } = {},
): RuleSet {
  return ruleSetWith({
    ...(o.version !== undefined ? { version: o.version } : {}),
    ...(o.window !== undefined ? { lateWindowHours: o.window } : {}),
    rules: [
      {
        id: 'bus',
        scenario: 'bus',
        basis: 'event',
        points: '2',
        caps: {
          daily: { points: o.points ?? '3', ...(o.events !== undefined ? { events: o.events } : {}) },
          ...(o.monthly !== undefined ? { monthly: { points: o.monthly } } : {}),
        },
        source: { document: 'test' },
        grade: 'assumed',
      },
    ],
    reductionCaps: { daily: o.grams ?? '200', source: { document: 'test' }, grade: 'assumed' },
  });
}

/** The registry members of a certify entry, as a verification report gives them (test values). */
export const CERTIFIED = {
  verifier: 'verifier:test',
  vintage: '2024',
  methodology: 'travel/per-trip@1',
  factorSets: `sha256:${'0'.repeat(64)}`,
};
/** The registry members of a retire entry (test values). */
export const RETIRED = { beneficiary: 'org:test', purpose: 'test' };

/** Bus, metro and bike lines of 300 users, 30 s apart: every line is credited reductions
 * and points; ids never repeat, so no id is shared by users of different ledger partitions. */
export function travelLines(n: number): string[] {
  const out: string[] = [];
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const base = `"id":"a${i}","user":"u${i % 300}","ts":"${new Date(t0 + i * 30_000).toISOString()}"`;
    if (i % 3 === 0) out.push(`{${base},"scenario":"bus","region":"420102","rides":"1"}`);
    else if (i % 3 === 1)
      out.push(
        `{${base},"scenario":"metro","region":"440305","distance":{"value":"${2 + (i % 50) / 10}","unit":"km"}}`,
      );
    else
      out.push(
        `{${base},"scenario":"shared_bike","region":"420102","distance":{"value":"${1 + (i % 40) / 10}","unit":"km"},"duration":{"value":"${10 + (i % 30)}","unit":"min"}}`,
      );
  }
  return out;
}
