import type { Decimal } from '../../core/decimal';

/** Distributed PV: ER_y = EG_y × EF_grid,y (kWh × g CO₂/kWh → g CO₂); project emissions are zero. */
export function pvReduction(generationKwh: Decimal, efGrid: Decimal): Decimal {
  return generationKwh.times(efGrid);
}
