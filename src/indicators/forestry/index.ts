import type { MethodSpec } from '../spec';
import { forestAirPurification } from './air-purification';
import { forestCarbonSequestration } from './carbon-sequestration';
import { forestNutrientAccumulation } from './nutrient-accumulation';
import { forestSoilFertility } from './soil-fertility';
import { forestSoilFixation } from './soil-fixation';
import { forestSpeciesConservation } from './species-conservation';
import { forestWaterPurification } from './water-purification';
import { forestWaterRegulation } from './water-regulation';

/**
 * Methods of the forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020), ids `<item>/forestry@1` like the
 * existing negative-ions/forestry@1. Two items of the lineage reuse existing methods and are not listed here:
 * 释氧 oxygen is oxygen-release/npp@1 (G = 1.19 × A × B, U = 1.19 × C_O × A × B; set groups: ["forest"]) and
 * 提供负离子 negative ions is negative-ions/forestry@1.
 */
export const FORESTRY_METHODS = [
  forestWaterRegulation,
  forestWaterPurification,
  forestSoilFixation,
  forestSoilFertility,
  forestCarbonSequestration,
  forestNutrientAccumulation,
  forestAirPurification,
  forestSpeciesConservation,
] as MethodSpec<never>[];

export {
  forestAirPurification,
  forestCarbonSequestration,
  forestNutrientAccumulation,
  forestSoilFertility,
  forestSoilFixation,
  forestSpeciesConservation,
  forestWaterPurification,
  forestWaterRegulation,
};
