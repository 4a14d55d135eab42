import { Decimal } from '../core/decimal';
import { GepError, type Issue } from '../core/errors';
import type { LayerName } from './config';
import { rasterFail, rasterIssue } from './errors';
import { type ModelName, QUANTITIES, type QuantityName, QUANTITY_UNITS } from './models';

/** The models in the order of TilePartial.skipped's slots (water, soil, productivity). */
const MODELS = Object.keys(QUANTITIES) as ModelName[];
import { type OutOfRange, comesBefore, layerRange, mergeOutOfRange, toFormulaOf } from './ranges';
import { quantaOf, quantaToDecimal } from './sum';
import type { NegativePixel, TileParams, TilePartial } from './tile';

/**
 * The exact merge: tile partials are added as whole numbers of quanta (BigInt) in the fixed tile order, then
 * turned into decimals. Pure; the result does not depend on how many workers ran the tiles, nor on the tile
 * size (./sum.ts explains why).
 */
export interface MergedSums {
  tiles: number;
  pixels: { accounted: number; outside: number; excluded: number };
  nodata: Record<string, number>;
  /**
   * Per group (zone × class): pixel count, pixels with a negative water balance and, per quantity, the exact
   * sum of the per-pixel rates (water balance after the negativeTerms rule).
   */
  groups: {
    zone: number;
    cls: number;
    pixels: number;
    negative: number;
    /** Per model, the group's pixels it left out (NoData in a layer it needs); absent where none. */
    excluded: Partial<Record<ModelName, number>>;
    /** Sums over the pixels each model counted (the group's pixels but those it left out). */
    sums: Partial<Record<QuantityName, Decimal>>;
  }[];
  /** Per model, the pixels it left out (NoData in a layer it needs there); absent where none. */
  excluded: Partial<Record<ModelName, number>>;
  /** Pixels with a negative water balance, and the first of them in raster order (row, then column). */
  negative: { pixels: number; first: NegativePixel | null };
  /** Per layer, its values outside the layer's range (./ranges.ts): how many, and the first in raster order. */
  outOfRange: Record<string, OutOfRange>;
}

export function mergePartials(partials: readonly TilePartial[], params: TileParams): MergedSums {
  const ordered = [...partials].sort((x, y) => x.tile - y.tile);
  const nq = params.quantities.length;
  const groups = params.zoneCount * params.classCount;
  const quanta = new Array<bigint>(groups * nq).fill(0n);
  const counts = new Array<number>(groups).fill(0);
  const negative = new Array<number>(groups).fill(0);
  const skipped = new Array<number>(groups * 3).fill(0);
  let first: NegativePixel | null = null;
  const pixels = { accounted: 0, outside: 0, excluded: 0 };
  const nodata: Record<string, number> = {};
  const outOfRange: Record<string, OutOfRange> = {};
  for (const t of ordered) {
    mergeOutOfRange(outOfRange, t.outOfRange);
    pixels.accounted += t.pixels.accounted;
    pixels.outside += t.pixels.outside;
    pixels.excluded += t.pixels.excluded;
    for (const [k, v] of Object.entries(t.nodata)) nodata[k] = (nodata[k] ?? 0) + v;
    for (let g = 0; g < groups; g++) {
      counts[g] = (counts[g] as number) + (t.counts[g] as number);
      negative[g] = (negative[g] as number) + (t.negative[g] as number);
    }
    for (let j = 0; j < groups * 3; j++) skipped[j] = (skipped[j] as number) + (t.skipped[j] as number);
    const f = t.firstNegative;
    if (f !== null && (first === null || comesBefore(f, first))) first = f;
    for (let i = 0; i < groups * nq; i++) {
      const s = t.s[i] as number;
      const c = t.c[i] as number;
      if (s !== 0 || c !== 0) quanta[i] = (quanta[i] as bigint) + quantaOf(s, c);
    }
  }
  const out: MergedSums['groups'] = [];
  const excludedBy: MergedSums['excluded'] = {};
  for (let g = 0; g < groups; g++) {
    const n = counts[g] as number;
    if (n === 0) continue;
    const excluded: Partial<Record<ModelName, number>> = {};
    MODELS.forEach((m, j) => {
      const x = skipped[g * 3 + j] as number;
      if (x === 0) return;
      excluded[m] = x;
      excludedBy[m] = (excludedBy[m] ?? 0) + x;
    });
    const sums: Partial<Record<QuantityName, Decimal>> = {};
    params.quantities.forEach((q, j) => {
      // A quantity is summed for a group only when its model applies to the class.
      if (modelApplies(params, q, g % params.classCount))
        sums[q] = quantaToDecimal(quanta[g * nq + j] as bigint);
    });
    out.push({
      zone: Math.floor(g / params.classCount),
      cls: g % params.classCount,
      pixels: n,
      negative: negative[g] as number,
      excluded,
      sums,
    });
  }
  const negativePixels = negative.reduce((x, y) => x + y, 0);
  return {
    tiles: ordered.length,
    pixels,
    nodata,
    groups: out,
    excluded: excludedBy,
    negative: { pixels: negativePixels, first },
    outOfRange,
  };
}

function modelApplies(p: TileParams, q: QuantityName, cls: number): boolean {
  const unit = QUANTITY_UNITS[q];
  if (unit === 'mm') return p.water !== undefined && !Number.isNaN(p.water.alpha[cls] as number);
  if (q.startsWith('soil')) return p.soil !== undefined && p.soil.modelled[cls] === 1;
  if (p.productivity === undefined) return false;
  const co2 = !Number.isNaN(p.productivity.co2[cls] as number);
  const o2 = !Number.isNaN(p.productivity.o2[cls] as number);
  return q === 'co2' ? co2 : q === 'o2' ? o2 : co2 || o2;
}

/**
 * The outcome of the R1 negativeTerms rule applied per pixel: under "refuse" any negative pixel is an error
 * (RASTER_WATER_NEGATIVE: count and the first pixel), under "zero" a warning with the count of pixels counted
 * as zero (RASTER_WATER_NEGATIVE_ZEROED); "keep" sums them signed, without a warning (account() warns on
 * negative (zone, type) rows, as in the tabular path). Returns the warnings; throws on refusal.
 */
export function negativeWaterIssues(merged: MergedSums, params: TileParams, indicator = 'R1'): Issue[] {
  const rule = params.water?.negative;
  const { pixels, first } = merged.negative;
  if (rule === undefined || rule === 'keep' || pixels === 0 || first === null) return [];
  const where = { pixels, row: first.row, col: first.col, value: first.value };
  if (rule === 'refuse')
    throw new GepError(
      rasterIssue('RASTER_WATER_NEGATIVE', ['layers', 'evapotranspiration'], { ...where, indicator }),
    );
  return [rasterIssue('RASTER_WATER_NEGATIVE_ZEROED', ['layers', 'evapotranspiration'], where)];
}

/** The model that reads a layer (other than land cover and zones). */
export function modelOfLayer(layer: string): ModelName {
  if (layer === 'precipitation' || layer === 'evapotranspiration') return 'water';
  if (layer === 'npp') return 'productivity';
  return 'soil';
}

/**
 * The checks of a merged run, for every runner (the Node runner's and a job runner's of the Scale-out recipe,
 * docs/raster.md): values outside their layer's range (RASTER_VALUE_OUT_OF_RANGE) and, under `nodata` "refuse",
 * NoData where a model needs a value (RASTER_NODATA_INSIDE) are refused together; under "exclude" each model that
 * left pixels out is warned (RASTER_PIXELS_EXCLUDED, with their area), and a model left with none is
 * RASTER_NODATA_EVERYWHERE; then the R1 negativeTerms rule (negativeWaterIssues). Returns the warnings; throws on
 * refusal.
 */
export function checkMerged(
  merged: MergedSums,
  params: TileParams,
  run: { nodata: 'refuse' | 'exclude'; pixelArea: Decimal; indicator?: string | undefined },
): Issue[] {
  const problems: Issue[] = Object.entries(merged.outOfRange).map(([layer, o]) => {
    const { min, max } = layerRange(layer as LayerName, toFormulaOf(layer as LayerName, params)) as {
      min: number;
      max: number;
    };
    const bound = max === Infinity ? 'none' : max;
    return rasterIssue('RASTER_VALUE_OUT_OF_RANGE', ['layers', layer], { layer, min, max: bound, ...o });
  });
  if (run.nodata === 'refuse')
    for (const [layer, pixels] of Object.entries(merged.nodata))
      problems.push(
        rasterIssue('RASTER_NODATA_INSIDE', ['layers', layer], { layer, pixels, model: modelOfLayer(layer) }),
      );
  if (problems.length > 0) throw new GepError(problems);
  const warnings: Issue[] = [];
  // "exclude": a pixel is left out of the models whose layers are NoData there, and of those only.
  for (const [model, pixels] of Object.entries(merged.excluded) as [ModelName, number][]) {
    const covered = merged.groups.reduce(
      (n, g) => n + (QUANTITIES[model].some((q) => g.sums[q] !== undefined) ? g.pixels : 0),
      0,
    );
    if (pixels === covered)
      rasterFail('RASTER_NODATA_EVERYWHERE', ['models', model], {
        detail: `every pixel model ${model} covers has NoData in a layer it needs`,
      });
    warnings.push(
      rasterIssue('RASTER_PIXELS_EXCLUDED', ['models', model], {
        model,
        pixels,
        area: run.pixelArea.times(pixels).toFixed(),
        layers: Object.keys(merged.nodata)
          .filter((l) => modelOfLayer(l) === model)
          .join(', '),
      }),
    );
  }
  return [...warnings, ...negativeWaterIssues(merged, params, run.indicator)];
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
