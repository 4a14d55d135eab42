import { Decimal } from '../core/decimal';
import { type QuantityName, QUANTITY_UNITS } from './models';
import { quantaOf, quantaToDecimal } from './sum';
import type { TileParams, TilePartial } from './tile';

/**
 * The exact merge: tile partials are added as whole numbers of quanta (BigInt) in the fixed tile order, then
 * turned into decimals. Pure; the result does not depend on how many workers ran the tiles, nor on the tile
 * size (./sum.ts explains why).
 */
export interface MergedSums {
  tiles: number;
  pixels: { accounted: number; outside: number; excluded: number };
  nodata: Record<string, number>;
  /** Per group (zone × class): pixel count and, per quantity, the exact sum of the per-pixel rates. */
  groups: { zone: number; cls: number; pixels: number; sums: Partial<Record<QuantityName, Decimal>> }[];
}

export function mergePartials(partials: readonly TilePartial[], params: TileParams): MergedSums {
  const ordered = [...partials].sort((x, y) => x.tile - y.tile);
  const nq = params.quantities.length;
  const groups = params.zoneCount * params.classCount;
  const quanta = new Array<bigint>(groups * nq).fill(0n);
  const counts = new Array<number>(groups).fill(0);
  const pixels = { accounted: 0, outside: 0, excluded: 0 };
  const nodata: Record<string, number> = {};
  for (const t of ordered) {
    pixels.accounted += t.pixels.accounted;
    pixels.outside += t.pixels.outside;
    pixels.excluded += t.pixels.excluded;
    for (const [k, v] of Object.entries(t.nodata)) nodata[k] = (nodata[k] ?? 0) + v;
    for (let g = 0; g < groups; g++) counts[g] = (counts[g] as number) + (t.counts[g] as number);
    for (let i = 0; i < groups * nq; i++) {
      const s = t.s[i] as number;
      const c = t.c[i] as number;
      if (s !== 0 || c !== 0) quanta[i] = (quanta[i] as bigint) + quantaOf(s, c);
    }
  }
  const out: MergedSums['groups'] = [];
  for (let g = 0; g < groups; g++) {
    const n = counts[g] as number;
    if (n === 0) continue;
    const sums: Partial<Record<QuantityName, Decimal>> = {};
    params.quantities.forEach((q, j) => {
      // A quantity is summed for a group only when its model applies to the class.
      if (modelApplies(params, q, g % params.classCount))
        sums[q] = quantaToDecimal(quanta[g * nq + j] as bigint);
    });
    out.push({ zone: Math.floor(g / params.classCount), cls: g % params.classCount, pixels: n, sums });
  }
  return { tiles: ordered.length, pixels, nodata, groups: out };
}

function modelApplies(p: TileParams, q: QuantityName, cls: number): boolean {
  const unit = QUANTITY_UNITS[q];
  if (unit === 'mm') return p.water !== undefined && !Number.isNaN(p.water.alpha[cls] as number);
  if (q.startsWith('soil')) return p.soil !== undefined && p.soil.modelled[cls] === 1;
  return p.productivity !== undefined && !Number.isNaN(p.productivity.co2[cls] as number);
}

/** Pixel area in m² from the grid transform, |a × e − b × d|, in decimal (the numbers as the file prints them). */
export function pixelArea(transform: readonly number[]): Decimal {
  const [, a, b, , d, e] = transform.map((x) => new Decimal(x)) as Decimal[];
  return (a as Decimal)
    .times(e as Decimal)
    .minus((b as Decimal).times(d as Decimal))
    .abs();
}

/**
 * Totals of a group from its rate sums and the pixel area A (m²):
 *   depths (mm) × A → m³ (× 10⁻³);  rates per hm² × A → t (× 10⁻⁴, 1 hm² = 10⁴ m²).
 */
export function totalOf(q: QuantityName, sum: Decimal, area: Decimal): Decimal {
  return QUANTITY_UNITS[q] === 'mm' ? sum.times(area).div(1000) : sum.times(area).div(10000);
}

export const TOTAL_UNITS: Record<QuantityName, string> = {
  precipitation: 'm3',
  evapotranspiration: 'm3',
  runoff: 'm3',
  waterConservation: 'm3',
  soilPotential: 't',
  soilActual: 't',
  soilRetention: 't',
  npp: 't_DM',
  co2: 't_CO2',
  o2: 't_O2',
};
