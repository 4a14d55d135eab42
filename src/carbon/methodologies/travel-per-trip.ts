/**
 * Low-carbon travel, per trip (city platforms: Shenzhen, Wuhan, Chongqing, Guangzhou).
 *
 *   ER_trip = RF_mode × q                  RF: published reduction factor, g CO₂ per km, pkm, ride or trip;
 *                                           q: the trip's distance (km, pkm) or rides
 *   ER_trip = (EF_baseline − EF_mode) × d  EF: emission factors, g CO₂/km or /pkm; d: distance
 *   d = steps × L / 1000                   walking, only with a stated step length L (m)
 *
 * One traveller: the trip's km are its pkm (passengers = 1). Source: the city methodologies as digested in
 * gepkit's methods digest (carbon-inclusion.md) §1; grade secondary. docs/methods/carbon-travel-per-trip.md.
 */
import { Decimal } from '../../core/decimal';
import type { Issue } from '../../core/errors';
import type { Activity } from '../activity';
import type { FactorChain, ResolvedFactor } from '../factors/registry';
import { factorReduction, perTripReduction } from '../methods/travel';
import {
  type CarbonMethodology,
  type MethodContext,
  type ReductionResult,
  type UnusedQuantity,
  distanceIn,
  missing,
  need,
  useFactor,
} from './spec';

const ONE = new Decimal(1);
const DISTANCE = ['distance', 'passenger-distance'] as const;

/** A trip of one traveller: d km = d pkm. */
const traveller = (): Decimal => ONE;

/** Why a per-trip line's passengers go unused (CARBON_QUANTITY_UNUSED's reason). */
const PASSENGERS_UNUSED = 'a trip is one traveller’s: give one line per traveller, or the distance in pkm';

/** Rides given to a per-distance form go unused. */
const ridesUnused = (what: string): UnusedQuantity[] => [
  { field: 'rides', reason: `${what} is per distance` },
];

/** Distance in the factor's own dimension (km or pkm; one traveller). */
const distanceFor = (a: Activity, f: ResolvedFactor, ctx: MethodContext): Decimal =>
  distanceIn(a, f.parsedUnit.dim === 'passenger-distance' ? 'passenger-distance' : 'distance', ONE, ctx.path);

function withReductionFactor(a: Activity, rf: ResolvedFactor, ctx: MethodContext): ReductionResult {
  const warnings: Issue[] = [];
  const factors = [useFactor(rf, ctx, warnings)];
  const r: ReductionResult = {
    methodology: travelPerTrip.ref,
    rule: 'reduction-factor',
    factors,
    exact: ONE,
  };
  if (rf.parsedUnit.dim === 'ride') {
    // A per-ride factor multiplies the rides, which must be stated: never one ride by default.
    const g = need(rf, ['ride'], 'reduction', ctx.path);
    if (a.rides === undefined)
      missing(a, 'rides', ctx.path, `(factor ${rf.key} is per ${rf.parsedUnit.per})`);
    r.exact = factorReduction(g, a.rides);
    if (a.distance !== undefined || a.steps !== undefined) {
      const why = `factor ${rf.key} (${rf.set}) is per ${rf.parsedUnit.per}, independent of distance`;
      const unused: UnusedQuantity[] = [];
      if (a.distance !== undefined) unused.push({ field: 'distance', reason: why });
      if (a.steps !== undefined) unused.push({ field: 'steps', reason: why });
      r.unused = unused;
    }
  } else {
    const g = need(rf, DISTANCE, 'reduction', ctx.path);
    r.exact = factorReduction(g, distanceFor(a, rf, ctx));
    if (a.rides !== undefined) r.unused = ridesUnused(`factor ${rf.key} (${rf.set})`);
  }
  if (warnings.length > 0) r.warnings = warnings;
  return r;
}

const SCENARIOS = ['bus', 'metro', 'bicycle', 'shared_bike', 'shared_ebike', 'walking', 'ev_taxi'] as const;
/**
 * The reduction-factor key of each scenario, written once (constants): the factor chain's lookup by key then
 * reads a string whose hash is already known instead of hashing a fresh `travel.<mode>.reduction` every line.
 */
const REDUCTION_KEY: ReadonlyMap<string, string> = new Map(
  SCENARIOS.map((s) => [s, `travel.${s}.reduction`] as const),
);

function compute(a: Activity, ctx: MethodContext): ReductionResult {
  const key = a.factorKey ?? REDUCTION_KEY.get(a.scenario) ?? `travel.${a.scenario}.reduction`;
  // The user's sets first in both forms (an applicable user record beats every bundled one), then the whole chain:
  // the reduction factor, else the emission pair.
  const user = ctx.chain.userTier();
  const r =
    (user !== undefined ? fromChain(a, ctx, user, key) : undefined) ?? fromChain(a, ctx, ctx.chain, key);
  if (r !== undefined) {
    // A trip is one traveller's: passengers given are not multiplied in (a shared trip is one line per traveller,
    // or its distance in pkm), and the line says so.
    if (a.passengers !== undefined)
      r.unused = [...(r.unused ?? []), { field: 'passengers', reason: PASSENGERS_UNUSED }];
    return r;
  }
  return ctx.chain.require(
    a.factorKey ?? `${key} (or travel.baseline.emission with travel.${a.scenario}.emission)`,
    a.region ?? null,
    ctx.path,
    ctx.when,
  ) as never;
}

/** The reduction from `chain`'s factors: its reduction factor, else its emission pair (undefined: neither). */
function fromChain(
  a: Activity,
  ctx: MethodContext,
  chain: FactorChain,
  key: string,
): ReductionResult | undefined {
  const region = a.region ?? null;
  const rf = chain.find(key, region, ctx.when);
  if (rf !== undefined) return withReductionFactor(a, rf, ctx);
  if (a.factorKey !== undefined) return undefined;
  const b = chain.find('travel.baseline.emission', region, ctx.when);
  const e = b !== undefined ? chain.find(`travel.${a.scenario}.emission`, region, ctx.when) : undefined;
  return b !== undefined && e !== undefined ? withEmissionPair(a, b, e, ctx) : undefined;
}

function withEmissionPair(
  a: Activity,
  b: ResolvedFactor,
  e: ResolvedFactor,
  ctx: MethodContext,
): ReductionResult {
  const efb = need(b, DISTANCE, 'emission', ctx.path);
  const efm = need(e, DISTANCE, 'emission', ctx.path);
  const warnings: Issue[] = [];
  const factors = [useFactor(b, ctx, warnings), useFactor(e, ctx, warnings)];
  const d = distanceFor(a, b, ctx);
  const dm = distanceFor(a, e, ctx);
  const be = efb.times(d);
  const pe = efm.times(dm);
  const r: ReductionResult = {
    methodology: travelPerTrip.ref,
    rule: 'emission-difference',
    factors,
    be,
    pe,
    exact: d.equals(dm) ? perTripReduction(efb, efm, d) : be.minus(pe),
  };
  if (a.rides !== undefined)
    r.unused = ridesUnused('the emission-difference form (EF_baseline − EF_mode) × d');
  if (warnings.length > 0) r.warnings = warnings;
  return r;
}

export const travelPerTrip: CarbonMethodology = {
  id: 'travel/per-trip',
  version: '1',
  ref: 'travel/per-trip@1',
  title: { zh: '低碳出行（单次出行减排）', en: 'Low-carbon travel, per trip' },
  jurisdiction:
    'City platforms: Shenzhen (4403), Wuhan (4201), Chongqing (50), Guangzhou (4401); elsewhere with user factors',
  scenarios: SCENARIOS,
  inputs: ['distance', 'steps', 'stepLength', 'rides', 'duration', 'factorKey', 'region'],
  formulas: [
    'ER_trip = RF_mode × q  (RF = published reduction factor per km, pkm, ride or trip)',
    'ER_trip = (EF_baseline − EF_mode) × d',
    'd = steps × L / 1000 (walking, only with a stated step length L in m)',
    'one traveller: d km = d pkm',
  ],
  source: {
    document:
      'City carbon-inclusion platform methodologies as digested in gepkit methods digest (carbon-inclusion.md)',
    clause: '§1 Low-carbon travel, per-trip form',
  },
  grade: 'secondary',
  factorSets: [
    'shenzhen-travel-2021@1.1.0',
    'wuhan-travel-2023@1.1.0',
    'chongqing-travel-2023@1.1.0',
    'guangzhou-metro-2015@1.1.0',
  ],
  factorKeys: ['travel.<mode>.reduction', 'travel.baseline.emission', 'travel.<mode>.emission'],
  bounds: [],
  passengers: traveller,
  methodsPage: 'docs/methods/carbon-travel-per-trip.md',
  compute,
};
