import { ecologicalEnergy } from './ecological-energy';
import { materialProducts } from './material-products';
import { recreationRevenueShare, recreationTravelCost } from './recreation';
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
      recreationTravelCost,
      recreationRevenueShare,
    ] as MethodSpec<never>[]
  ).map((m) => [methodRef(m), m] as const),
);

export {
  ecologicalEnergy,
  materialProducts,
  recreationRevenueShare,
  recreationTravelCost,
  waterConservation,
  waterSupply,
};
export * from './spec';
