import {
  carbonForestInventory,
  carbonNep,
  carbonNppStoichiometry,
  carbonRates,
} from './carbon-sequestration';
import { climateRegulation } from './climate-regulation';
import { ecologicalEnergy } from './ecological-energy';
import { FORESTRY_METHODS } from './forestry';
import { negativeIons } from './negative-ions';
import { oxygenMolar, oxygenNpp } from './oxygen-release';
import {
  coastalProtection,
  landscapeValue,
  noiseReduction,
  pestControl,
  sandFixation,
} from './replacement-cost';
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
      carbonNppStoichiometry,
      carbonNep,
      carbonRates,
      carbonForestInventory,
      oxygenMolar,
      oxygenNpp,
      climateRegulation,
      negativeIons,
      sandFixation,
      pestControl,
      coastalProtection,
      noiseReduction,
      landscapeValue,
      recreationTravelCost,
      recreationRevenueShare,
      ...FORESTRY_METHODS,
    ] as MethodSpec<never>[]
  ).map((m) => [methodRef(m), m] as const),
);

export {
  carbonForestInventory,
  carbonNep,
  carbonNppStoichiometry,
  carbonRates,
  climateRegulation,
  coastalProtection,
  landscapeValue,
  negativeIons,
  noiseReduction,
  oxygenMolar,
  oxygenNpp,
  pestControl,
  sandFixation,
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
