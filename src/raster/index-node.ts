/** gepkit/raster/node — the Node reference runner: GeoTIFF reading and writing, worker pool, whole runs. */
export { type Progress, type RasterResult, type RunOptions, runRaster } from './run-node';
export { type GeoTags, type OpenLayer, openLayer, readWindow } from './reader-node';
export { type TiffLayout, createTiff, planTiff, writeTile } from './writer-node';
export { type Runner, defaultWorkerFile, inlineRunner, workerPool } from './pool-node';
export { type LayerRef, type Task, runTask } from './tasks-node';
