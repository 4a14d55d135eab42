/**
 * gepkit/raster — spatial accounting on rasters: per-pixel models (water balance, RUSLE, NPP → CO₂/O₂),
 * terrain (Horn slope, D8 flow accumulation, LS after Desmet & Govers), exact tiled sums, zonal tables and
 * the tabular inputs of account(). Platform-neutral: the per-tile functions and the exact merge are pure and
 * serialisable, for any job runner; the Node reference runner (GeoTIFF I/O, worker pool) is gepkit/raster/node.
 */
export { RASTER_ERRORS, type RasterErrorCode, rasterFail, rasterIssue } from './errors';
export {
  LAYER_NAMES,
  type LayerName,
  type RasterConfig,
  type RasterConfigJson,
  parseRasterConfig,
  rasterConfigSchema,
} from './config';
export { type GridSpec, checkProjected, checkSameGrid, pixelSize } from './grid';
export { type Tile, tileLayout } from './tiles';
export { QUANTA_PER_UNIT, addQuantised, quantaOf, quantaToDecimal, quantised } from './sum';
export {
  OUTPUTS,
  type OutputName,
  QUANTITIES,
  type QuantityName,
  type ModelName,
  type NegativeRule,
  nppProducts,
  nppProductsDecimal,
  rusle,
  rusleDecimal,
  waterBalance,
  waterBalanceDecimal,
} from './models';
export { D8_NONE, accumulate, d8Directions, hornSlope, type LsVariant, lsFactor, lsGrid } from './terrain';
export { type FlowSummary, flowAccumulation, flowSummary, solveFlow, tileSeedPairs, tileSeeds } from './flow';
export {
  type NegativePixel,
  type ScanPartial,
  type TileData,
  type TileParams,
  type TilePartial,
  computeTile,
  scanTile,
} from './tile';
export {
  type MergedSums,
  TOTAL_UNITS,
  checkMerged,
  mergePartials,
  negativeWaterIssues,
  pixelArea,
  totalOf,
} from './merge';
export {
  type ModelPlan,
  PRACTICE_ASSUMED_KEY,
  type ScanSummary,
  type UsedCoefficient,
  buildParams,
  mergeScans,
  modelPlan,
} from './params';
export { type ZonalRow, accountInput, zonalTables } from './zonal';
