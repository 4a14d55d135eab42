import { ecologicalEnergy } from './ecological-energy';
import { floodRegulation } from './flood-regulation';
import { materialProducts } from './material-products';
import { airPurification, waterPurification } from './purification';
import { recreationRevenueShare, recreationTravelCost } from './recreation';
import { soilRetention } from './soil-retention';
import { type MethodSpec, methodRef } from './spec';
import { waterConservation } from './water-conservation';
import { waterSupply } from './water-supply';

/** Every built-in method, by `id@version`. */
export const METHODS: ReadonlyMap<string, MethodSpec<never>> = new Map(
  (
    [
      materialProducts,
      waterSupply,
      ecologicalEnergy,
      waterConservation,
      soilRetention,
      floodRegulation,
      waterPurification,
      airPurification,
      recreationTravelCost,
      recreationRevenueShare,
    ] as MethodSpec<never>[]
  ).map((m) => [methodRef(m), m] as const),
);

export {
  airPurification,
  ecologicalEnergy,
  floodRegulation,
  materialProducts,
  recreationRevenueShare,
  recreationTravelCost,
  soilRetention,
  waterConservation,
  waterPurification,
  waterSupply,
};
export * from './spec';
