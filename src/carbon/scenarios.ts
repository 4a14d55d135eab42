import { Decimal } from '../core/decimal';
import { type Issue, type Path } from '../core/errors';
import { carbonFail, carbonIssue } from './errors';
import { type Activity, KM, KW, KWH, SCENARIOS_TRAVEL } from './activity';
import { DECIMALS_MAX, memoSlot } from './activity-fast';
import { type ActivityDim, gramsPerBase } from './activity-units';
import type { FactorChain, ResolvedFactor } from './factors/registry';
import type { Methodology } from './methodologies';
import { residentialSaving } from './methods/electricity';
import { pvReduction } from './methods/pv';
import { type NetReduction, creditGrams, netReduction } from './methods/reduction';
import { carpool, factorReduction, perTripReduction, regionalTravel, stepsToKm } from './methods/travel';

/** A factor as used in a result: enough to find and check it. */
export interface FactorUse {
  key: string;
  value: string;
  unit: string;
  kind: 'emission' | 'reduction';
  set: string;
  hash: string;
  grade: string;
  region: string | null;
  /** Set when the methodology uses this factor as a fallback of gepkit's choosing (methodologies.json). */
  assumption?: { grade: string; note: string };
}

/** A quantity the activity gives that the reduction did not use (the batch warns unless a rule uses it). */
export interface UnusedQuantity {
  field: 'distance' | 'steps' | 'rides';
  reason: string;
}

export interface ReductionResult extends NetReduction {
  methodology: string;
  be?: Decimal;
  pe?: Decimal;
  /** Which branch of the methodology applied (reduction-factor, emission-difference, baseline, own-7-day). */
  rule: string;
  factors: FactorUse[];
  /** Quantities given but not used by the reduction. */
  unused?: UnusedQuantity[];
  /** Warnings about the factors (a condition of use that could not be checked). */
  warnings?: Issue[];
}

// A factor chain resolves each key and region to one ResolvedFactor object and keeps it, so what is derived
// from a factor is derived once per factor, not once per activity: its result record (frozen, as results
// share it) and its value in g CO₂ per base unit.
const uses = new WeakMap<ResolvedFactor, FactorUse>();
const grams = new WeakMap<ResolvedFactor, Decimal>();

function use(f: ResolvedFactor): FactorUse {
  let u = uses.get(f);
  if (u === undefined) {
    u = Object.freeze({
      key: f.key,
      value: f.value.toFixed(),
      unit: f.unit,
      kind: f.kind,
      set: f.set,
      hash: f.hash,
      grade: f.grade,
      region: f.region,
    });
    uses.set(f, u);
  }
  return u;
}

function need(f: ResolvedFactor, dim: ActivityDim, kind: 'emission' | 'reduction', path: Path): Decimal {
  if (f.parsedUnit.dim !== dim || f.kind !== kind)
    carbonFail('CARBON_FACTOR_UNIT', path, {
      key: f.key,
      unit: `${f.unit} (${f.kind})`,
      expected: `${dim} (${kind} factor)`,
    });
  let g = grams.get(f);
  if (g === undefined) {
    g = gramsPerBase(f.value, f.parsedUnit);
    grams.set(f, g);
  }
  return g;
}

/**
 * creditGrams(factorReduction(g, q)) for a factor's g and a quantity, kept per (g, q) Decimal instance: both
 * are immutable; q comes from activity-fast's fixed table of quantity strings, whose slot indexes a fixed
 * two-way table here, so a repeated quantity ("1" ride, "2.5" km) costs a lookup instead of a product, a
 * rounding and a BigInt. The exact value's plain text is kept with it (plainText). Fixed memory:
 * 2 × DECIMALS_MAX entries; a hit is checked by identity of both g and q, so a reused slot is never misread.
 */
const WAYS = 2;
const creditG: (Decimal | undefined)[] = new Array<Decimal | undefined>(DECIMALS_MAX * WAYS).fill(undefined);
const creditQ: (Decimal | undefined)[] = new Array<Decimal | undefined>(DECIMALS_MAX * WAYS).fill(undefined);
const creditNet: (NetReduction | undefined)[] = new Array<NetReduction | undefined>(DECIMALS_MAX * WAYS).fill(
  undefined,
);
const creditText: string[] = new Array<string>(DECIMALS_MAX * WAYS).fill('');
const creditNextWay: number[] = new Array<number>(DECIMALS_MAX).fill(0);
// The last credit returned: its exact value's text is what the caller asks plainText for next.
let lastExact: Decimal | undefined;
let lastText = '';

export function factorCredit(g: Decimal, q: Decimal): NetReduction {
  const slot = memoSlot(q);
  if (slot >= 0)
    for (let w = slot * WAYS; w < slot * WAYS + WAYS; w++)
      if (creditQ[w] === q && creditG[w] === g) {
        const net = creditNet[w] as NetReduction;
        lastExact = net.exact;
        lastText = creditText[w] as string;
        return net;
      }
  const net = creditGrams(factorReduction(g, q));
  const text = net.exact.toFixed();
  if (slot >= 0) {
    const w = slot * WAYS + (creditNextWay[slot] as number);
    creditNextWay[slot] = ((creditNextWay[slot] as number) + 1) % WAYS;
    creditG[w] = g;
    creditQ[w] = q;
    creditNet[w] = net;
    creditText[w] = text;
  }
  lastExact = net.exact;
  lastText = text;
  return net;
}

/** d.toFixed(), taken from factorCredit when d is the exact value it returned last. */
export function plainText(d: Decimal): string {
  return d === lastExact ? lastText : d.toFixed();
}

function missing(a: Activity, field: string, path: Path, why = ''): never {
  return carbonFail('CARBON_ACTIVITY_INVALID', [...path, field], {
    detail: `scenario ${a.scenario} needs "${field}"${why ? ` ${why}` : ''}`,
  });
}

/** Distance in km: given, or steps × stated step length; never guessed. */
export function distanceKm(a: Activity, path: Path): Decimal {
  if (a.distance !== undefined) return KM(a.distance);
  if (a.steps !== undefined) {
    if (a.stepLength === undefined) carbonFail('CARBON_STEP_LENGTH_MISSING', [...path, 'stepLength']);
    return stepsToKm(a.steps, a.stepLength.value);
  }
  return missing(a, 'distance', path, '(or steps with stepLength)');
}

function firstFactor(
  chain: FactorChain,
  keys: readonly string[],
  region: string | null,
  path: Path,
): ResolvedFactor {
  for (const k of keys) {
    const f = chain.find(k, region);
    if (f !== undefined) return f;
  }
  return chain.require(keys.join(' | '), region, path);
}

/** Rides given to a per-distance form go unused. */
const ridesUnused = (what: string): UnusedQuantity[] => [
  { field: 'rides', reason: `${what} is per distance` },
];

/** `travel.<scenario>.reduction`, written once per travel scenario (a fixed list: SCENARIOS_TRAVEL). */
const reductionKeys = new Map<string, string>();
function reductionKey(scenario: string): string {
  let k = reductionKeys.get(scenario);
  if (k === undefined) {
    k = `travel.${scenario}.reduction`;
    reductionKeys.set(scenario, k);
  }
  return k;
}

/**
 * The result of a reduction-factor credit, members in the order the object spreads gave (methodology, rule,
 * factors, exact, grams, negative?; the caller adds unused?): the JSON output follows it.
 */
function factorResult(m: Methodology, rf: ResolvedFactor, net: NetReduction): ReductionResult {
  const r: ReductionResult = {
    methodology: m.ref,
    rule: 'reduction-factor',
    factors: [use(rf)],
    exact: net.exact,
    grams: net.grams,
  };
  if (net.negative !== undefined) (r as { negative?: Decimal }).negative = net.negative;
  return r;
}

function travel(a: Activity, m: Methodology, chain: FactorChain, path: Path): ReductionResult {
  const region = a.region ?? null;
  const key = a.factorKey ?? reductionKey(a.scenario);
  const rf = chain.find(key, region);
  if (rf !== undefined && rf.parsedUnit.dim === 'ride') {
    // A per-ride factor multiplies the rides, which must be stated: never one ride by default.
    const g = need(rf, 'ride', 'reduction', path);
    if (a.rides === undefined) missing(a, 'rides', path, `(factor ${rf.key} is per ${rf.parsedUnit.per})`);
    const r = factorResult(m, rf, factorCredit(g, a.rides));
    if (a.distance !== undefined || a.steps !== undefined) {
      // The reason is written only when a quantity goes unused (most per-ride lines state none).
      const why = `factor ${rf.key} (${rf.set}) is per ${rf.parsedUnit.per}, independent of distance`;
      const unused: UnusedQuantity[] = [];
      if (a.distance !== undefined) unused.push({ field: 'distance', reason: why });
      if (a.steps !== undefined) unused.push({ field: 'steps', reason: why });
      r.unused = unused;
    }
    return r;
  }
  if (rf !== undefined) {
    const g = need(rf, 'distance', 'reduction', path);
    const r = factorResult(m, rf, factorCredit(g, distanceKm(a, path)));
    if (a.rides !== undefined) r.unused = ridesUnused(`factor ${rf.key} (${rf.set})`);
    return r;
  }
  const b = a.factorKey === undefined ? chain.find('travel.baseline.emission', region) : undefined;
  const e = a.factorKey === undefined ? chain.find(`travel.${a.scenario}.emission`, region) : undefined;
  if (b === undefined || e === undefined)
    return chain.require(
      a.factorKey ?? `${key} (or travel.baseline.emission with travel.${a.scenario}.emission)`,
      region,
      path,
    ) as never;
  const efb = need(b, 'distance', 'emission', path);
  const efm = need(e, 'distance', 'emission', path);
  const d = distanceKm(a, path);
  return {
    methodology: m.ref,
    rule: 'emission-difference',
    factors: [use(b), use(e)],
    be: efb.times(d),
    pe: efm.times(d),
    ...creditGrams(perTripReduction(efb, efm, d)),
    ...(a.rides !== undefined
      ? { unused: ridesUnused('the emission-difference form (EF_baseline − EF_mode) × d') }
      : {}),
  };
}

function regional(a: Activity, m: Methodology, chain: FactorChain, path: Path): ReductionResult {
  const region = a.region ?? null;
  if (a.baseline === undefined) missing(a, 'baseline', path);
  if (a.project === undefined) missing(a, 'project', path);
  const factors: FactorUse[] = [];
  const leg = (side: 'baseline' | 'project') =>
    (a[side] ?? []).map((l, i) => {
      const f = chain.require(`travel.${l.mode}.emission`, region, [...path, side, i, 'mode']);
      factors.push(use(f));
      return { ef: need(f, 'distance', 'emission', [...path, side, i]), distanceKm: KM(l.distance) };
    });
  const { be, pe } = regionalTravel(leg('baseline'), leg('project'));
  return { methodology: m.ref, rule: 'regional', factors, be, pe, ...netReduction(be, pe) };
}

function carpooling(a: Activity, m: Methodology, chain: FactorChain, path: Path): ReductionResult {
  const region = a.region ?? null;
  if (a.passengers === undefined) missing(a, 'passengers', path);
  if (a.detour === undefined) missing(a, 'detour', path);
  const fb = chain.require('travel.baseline.emission', region, path);
  const fc = chain.require('travel.carpool.car.emission', region, path);
  const fs = chain.require('travel.carpool.system.emission', region, path);
  const r = carpool({
    passengers: a.passengers,
    distanceKm: distanceKm(a, path),
    efBaseline: need(fb, 'distance', 'emission', path),
    efCar: need(fc, 'distance', 'emission', path),
    detour: a.detour,
    peSystem: need(fs, 'ride', 'emission', path),
  });
  const pe = r.peCar.plus(r.peSys);
  return {
    methodology: m.ref,
    rule: 'carpool',
    factors: [use(fb), use(fc), use(fs)],
    be: r.be,
    pe,
    ...netReduction(r.be, pe),
  };
}

function electricity(a: Activity, m: Methodology, chain: FactorChain, path: Path): ReductionResult {
  if (a.use === undefined) missing(a, 'use', path);
  if (a.householdSize === undefined) missing(a, 'householdSize', path);
  if (a.perCapitaBaseline === undefined) missing(a, 'perCapitaBaseline', path);
  const f = firstFactor(
    chain,
    a.factorKey !== undefined ? [a.factorKey] : m.factorKeys,
    a.region ?? null,
    path,
  );
  const ef = need(f, 'energy', 'emission', path);
  const r = residentialSaving({
    useKwh: KWH(a.use),
    householdSize: a.householdSize,
    perCapitaKwh: a.perCapitaBaseline.value,
    efGrid: ef,
    ...(a.previousDays !== undefined ? { previousDaysKwh: a.previousDays.map(KWH) } : {}),
  });
  const base = { methodology: m.ref, factors: [use(f)], be: r.be, pe: r.pe };
  if (r.rule === 'baseline') return { ...base, rule: 'baseline', ...netReduction(r.be, r.pe) };
  if (r.rule === 'own-7-day') return { ...base, rule: 'own-7-day', ...netReduction(r.ma7, r.pe) };
  return missing(a, 'previousDays', path, '(the 7 previous days, needed when use ≥ the per-capita baseline)');
}

function pv(a: Activity, m: Methodology, chain: FactorChain, path: Path): ReductionResult {
  if (a.generation === undefined) missing(a, 'generation', path);
  const region = a.region ?? null;
  const capacityKw = a.capacity !== undefined ? KW(a.capacity) : undefined;
  const keys = a.factorKey !== undefined ? [a.factorKey] : m.factorKeys;
  let f: ResolvedFactor | undefined;
  for (const k of keys) {
    f = chain.find(k, region, capacityKw);
    if (f !== undefined) break;
  }
  f ??= chain.require(keys.join(' | '), region, path, capacityKw);
  const warnings: Issue[] = [];
  if (f.capacityMaxKw !== undefined && capacityKw === undefined)
    warnings.push(
      carbonIssue('CARBON_FACTOR_CONDITION_UNCHECKED', [...path, 'capacity'], {
        key: f.key,
        set: f.set,
        condition: `projects of at most ${f.capacityMaxKw.toFixed()} kW installed capacity`,
        field: 'capacity',
      }),
    );
  const fb = m.fallbacks?.find((x) => x.key === f.key);
  const fu = fb !== undefined ? { ...use(f), assumption: { grade: fb.grade, note: fb.note } } : use(f);
  const exact = pvReduction(KWH(a.generation), need(f, 'energy', 'emission', path));
  return {
    methodology: m.ref,
    rule: 'grid-displacement',
    factors: [fu],
    ...creditGrams(exact),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** The reduction of one activity under its scenario's methodology; throws a GepError for bad or missing data. */
export function computeReduction(
  a: Activity,
  m: Methodology,
  chain: FactorChain,
  path: Path = [],
): ReductionResult {
  if ((SCENARIOS_TRAVEL as readonly string[]).includes(a.scenario)) return travel(a, m, chain, path);
  switch (a.scenario) {
    case 'travel_regional':
      return regional(a, m, chain, path);
    case 'carpooling':
      return carpooling(a, m, chain, path);
    case 'residential_electricity':
      return electricity(a, m, chain, path);
    case 'distributed_pv':
      return pv(a, m, chain, path);
    default:
      return carbonFail('CARBON_SCENARIO_UNKNOWN', [...path, 'scenario'], {
        scenario: a.scenario,
        allowed: '',
      });
  }
}
