/**
 * Carpooling (T/CCAA 38—2021).
 *
 *   BE     = passengers × EF_baseline × d   EF_baseline: g CO₂ per person-km (pkm, or km of one person);
 *                                           d: the shared ride's vehicle distance, km
 *   PE_car = EF_car × d × δ                  EF_car: g CO₂ per vehicle-km; δ ≥ 1 the driver's detour coefficient
 *   PE_sys = EF_sys × 1 ride                 platform emissions per ride
 *   ER     = BE − (PE_car + PE_sys)
 *
 * A distance in pkm is the passengers' distance: d = pkm ÷ passengers. EF_car per pkm is refused
 * (UNIT_MISMATCH): a vehicle factor per passenger needs an occupancy the standard does not define here.
 * Grade assumed (the digest names δ without its form; gepkit applies it as a distance multiplier).
 * docs/methods/carbon-travel-carpool.md.
 */
import type { Issue } from '../../core/errors';
import { fail } from '../../core/errors';
import type { Activity } from '../activity';
import { carpool } from '../methods/travel';
import {
  type CarbonMethodology,
  type MethodContext,
  type ReductionResult,
  distanceIn,
  missing,
  need,
  useFactor,
} from './spec';

function compute(a: Activity, ctx: MethodContext): ReductionResult {
  const region = a.region ?? null;
  const { path, when } = ctx;
  if (a.passengers === undefined) missing(a, 'passengers', path);
  if (a.detour === undefined) missing(a, 'detour', path);
  const fb = ctx.chain.require('travel.baseline.emission', region, path, when);
  const fc = ctx.chain.require('travel.carpool.car.emission', region, path, when);
  const fs = ctx.chain.require('travel.carpool.system.emission', region, path, when);
  if (fc.parsedUnit.dim === 'passenger-distance')
    fail('UNIT_MISMATCH', path, {
      expected: `a vehicle factor per km for ${fc.key}`,
      actual: `${fc.unit} (${fc.set}): per passenger-km, which needs an occupancy the methodology does not define`,
    });
  const warnings: Issue[] = [];
  const factors = [useFactor(fb, ctx, warnings), useFactor(fc, ctx, warnings), useFactor(fs, ctx, warnings)];
  const r0 = carpool({
    passengers: a.passengers,
    distanceKm: distanceIn(a, 'distance', a.passengers, path),
    efBaseline: need(fb, ['distance', 'passenger-distance'], 'emission', path),
    efCar: need(fc, ['distance'], 'emission', path),
    detour: a.detour,
    peSystem: need(fs, ['ride'], 'emission', path),
  });
  const pe = r0.peCar.plus(r0.peSys);
  const r: ReductionResult = {
    methodology: travelCarpool.ref,
    rule: 'carpool',
    factors,
    be: r0.be,
    pe,
    exact: r0.be.minus(pe),
  };
  if (warnings.length > 0) r.warnings = warnings;
  return r;
}

export const travelCarpool: CarbonMethodology = {
  id: 'travel/carpool',
  version: '1',
  ref: 'travel/carpool@1',
  title: { zh: '合乘出行', en: 'Carpooling' },
  jurisdiction: 'National group standard T/CCAA 38—2021',
  scenarios: ['carpooling'],
  inputs: ['distance', 'passengers', 'detour', 'region'],
  formulas: [
    'ER = BE − (PE_car + PE_sys)',
    'BE = passengers × EF_baseline × d',
    'PE_car = EF_car × d × δ (δ driver detour coefficient; form assumed)',
    'PE_sys = EF_sys × 1 ride',
    'd = pkm ÷ passengers when the distance is given in pkm',
  ],
  source: { document: 'T/CCAA 38—2021, as digested in gepkit methods digest (carbon-inclusion.md)' },
  grade: 'assumed',
  factorSets: [],
  factorKeys: ['travel.baseline.emission', 'travel.carpool.car.emission', 'travel.carpool.system.emission'],
  bounds: [],
  passengers: (a) => a.passengers,
  methodsPage: 'docs/methods/carbon-travel-carpool.md',
  compute,
};
