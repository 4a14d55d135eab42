import { type Decimal, sum } from '../../core/decimal';
import type { Path } from '../../core/errors';
import { type Quantity, carbonToCO2 } from '../../core/units';
import { member } from './check';

/**
 * Tree biomass by the volume + biomass-expansion-factor route, and the carbon stock of trees.
 *   B = V × D × BEF × (1 + R)                         (t d.m.)
 *   C_TREE = (44/12) × Σ_j B_j × CF_j                  (t CO₂)
 * V stem volume (m³), D basic wood density (t d.m./m³), BEF above-ground / stem biomass, R root-to-shoot
 * ratio, CF carbon fraction. Species parameters are inputs: none is bundled (the digest has no verified table).
 * Each is required, never negative, and CF a fraction in [0, 1] (CARBON_FORESTRY_PARAMETER_INVALID at the member).
 */
export interface TreeStratum {
  readonly volumeM3: Decimal;
  readonly density: Decimal;
  readonly bef: Decimal;
  readonly rootShoot: Decimal;
  readonly carbonFraction: Decimal;
}

export function treeBiomass(s: TreeStratum, path: Path = []): Decimal {
  return member(s, 'volumeM3', 'non-negative', path)
    .times(member(s, 'density', 'non-negative', path))
    .times(member(s, 'bef', 'non-negative', path))
    .times(member(s, 'rootShoot', 'non-negative', path).plus(1));
}

/** C_TREE of the strata; a stratum's refusal is at `[...path, j, member]`. */
export function treeCarbonStock(strata: readonly TreeStratum[], path: Path = []): Quantity<'t_CO2'> {
  const tC = sum(
    strata.map((s, j) =>
      treeBiomass(s, [...path, j]).times(member(s, 'carbonFraction', 'fraction', [...path, j])),
    ),
  );
  return carbonToCO2({ value: tC, unit: 't_C' });
}
