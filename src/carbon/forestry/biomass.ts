import { type Decimal, sum } from '../../core/decimal';
import { type Quantity, carbonToCO2 } from '../../core/units';

/**
 * Tree biomass by the volume + biomass-expansion-factor route, and the carbon stock of trees.
 *   B = V × D × BEF × (1 + R)                         (t d.m.)
 *   C_TREE = (44/12) × Σ_j B_j × CF_j                  (t CO₂)
 * V stem volume (m³), D basic wood density (t d.m./m³), BEF above-ground / stem biomass, R root-to-shoot
 * ratio, CF carbon fraction. Species parameters are inputs: none is bundled (the digest has no verified table).
 */
export interface TreeStratum {
  readonly volumeM3: Decimal;
  readonly density: Decimal;
  readonly bef: Decimal;
  readonly rootShoot: Decimal;
  readonly carbonFraction: Decimal;
}

export function treeBiomass(s: TreeStratum): Decimal {
  return s.volumeM3.times(s.density).times(s.bef).times(s.rootShoot.plus(1));
}

export function treeCarbonStock(strata: readonly TreeStratum[]): Quantity<'t_CO2'> {
  const tC = sum(strata.map((s) => treeBiomass(s).times(s.carbonFraction)));
  return carbonToCO2({ value: tC, unit: 't_C' });
}
