/**
 * Node adapter: a whole raster run — open and check the layers, scan land cover, route flow when LS comes
 * from the DEM, compute the tiles on the pool, merge exactly, build the zonal tables and the account.
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { makeOutputDir } from '../core/output-dir-node';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type AccountOptions, account } from '../account/account';
import type { AccountResult } from '../account/result-schema';
import { GepError, type Issue } from '../core/errors';
import { type LayerName, type RasterConfig, parseRasterConfig } from './config';
import { RASTER_LIMITS } from './blocks';
import { rasterFail, rasterIssue } from './errors';
import { type FlowSummary, solveFlow, tileSeedPairs } from './flow';
import { checkProjected, checkSameGrid, pixelSize } from './grid';
import { type MergedSums, checkMerged, mergePartials, modelOfLayer, pixelArea } from './merge';
import { type ModelPlan, type UsedCoefficient, buildParams, mergeScans } from './params';
import { type Runner, inlineRunner, workerPool } from './pool-node';
import { type OpenLayer, closeTiff, loadGeotiff, openLayer, storedNodata } from './reader-node';
import { type LayerRef, type Task, closeLayers } from './tasks-node';
import type { ScanPartial, TilePartial } from './tile';
import { type Tile, tileLayout } from './tiles';
import { type TiffLayout, createTiff, reopenTiff } from './writer-node';
import { type ZonalRow, accountInput, zonalTables } from './zonal';

export interface Progress {
  pass: 'scan' | 'flow' | 'compute';
  done: number;
  total: number;
}

export interface RunOptions {
  /** Folder that relative paths of the configuration are read from (default: the current directory). */
  baseDir?: string;
  /** Worker threads; 0 computes in the calling thread. Default: the config's, else one per core. */
  workers?: number;
  /** The built worker file (default: dist/raster/worker.js next to this module). */
  workerFile?: string;
  /** Tile size override (pixels, multiple of 16). */
  tileSize?: number;
  onProgress?: (p: Progress) => void;
  /** Compute the account (default: when the configuration has an "account" section). */
  account?: boolean;
  /**
   * Run the tasks on this runner (a job queue's) instead of a worker pool; the caller closes it. `workers` and
   * `workerFile` are then not read.
   */
  runner?: Runner;
  /**
   * Resuming an interrupted or failed run: output files still being written (`.partial`, of the planned size and
   * header) are kept as they are, so tiles written by the tasks that finished before the interruption stay in
   * them. When any is missing or not as planned, all are made afresh and `freshOutputs` is awaited first: the
   * finished compute tasks' tiles are not in the new files, so those tasks must run again (a queue run gives its
   * compute jobs new ids, src/queue/raster-node.ts).
   */
  resume?: boolean;
  /**
   * Called before the output files are made afresh (every run with outputs but a resumed one that keeps them), and
   * awaited: a resumable run records there that the compute tasks finished so far wrote into files now gone.
   */
  freshOutputs?: () => Promise<void>;
  /**
   * A failed run keeps its `.partial` outputs (a run that can be resumed: on a queue, by its run id), with the tiles
   * of its finished compute tasks; by default a failed run removes them.
   */
  keepPartials?: boolean;
}

export interface RasterResult {
  grid: {
    width: number;
    height: number;
    crs: string;
    transform: number[];
    pixelArea: string;
    tiles: number;
    tileSize: number;
  };
  pixels: MergedSums['pixels'];
  nodata: Record<string, number>;
  landcover: { code: number; pixels: number }[];
  zonal: { byClass: ZonalRow[]; byType: ZonalRow[] };
  coefficients: UsedCoefficient[];
  warnings: Issue[];
  input: Record<string, unknown>;
  options: AccountOptions;
  account?: AccountResult;
  outputs: { layer: string; file: string }[];
}

/** Run a configuration (parsed JSON, or a path to a JSON file). */
export async function runRaster(configOrPath: unknown, options: RunOptions = {}): Promise<RasterResult> {
  let json = configOrPath;
  let baseDir = options.baseDir ?? process.cwd();
  if (typeof configOrPath === 'string') {
    json = JSON.parse(readFileSync(configOrPath, 'utf8').replace(/^\uFEFF/, ''));
    baseDir = options.baseDir ?? dirname(resolve(configOrPath));
  }
  const config = parseRasterConfig(json, { tileSize: options.tileSize, workers: options.workers });
  const path = (f: string) => (isAbsolute(f) ? f : join(baseDir, f));
  // The output folder is made before any layer is read: one that cannot be made is OUTPUT_UNWRITABLE at once. The
  // reader's package first: without it (DEPENDENCY_MISSING) no folder is made.
  await loadGeotiff();
  if (config.outputs) makeOutputDir(confined(config.outputs.dir, baseDir));
  const layers = await openAll(config, path);
  try {
    const ref = layers.get('landcover') as OpenLayer;
    for (const [name, l] of layers) {
      checkSameGrid(name, l.grid, 'landcover', ref.grid);
      checkProjected(name, l.grid);
    }
    const { dx, dy } = pixelSize(ref.grid);
    const square =
      Math.abs(dx - dy) <= 1e-9 * dx && ref.grid.transform[2] === 0 && ref.grid.transform[4] === 0;
    const tileSize = config.tileSize;
    const tileCount = Math.ceil(ref.grid.width / tileSize) * Math.ceil(ref.grid.height / tileSize);
    if (tileCount > RASTER_LIMITS.tiles)
      rasterFail('RASTER_TOO_LARGE', ['tileSize'], {
        layer: 'landcover',
        file: ref.file,
        what: `tile list (${tileCount} tiles of ${tileSize} pixels)`,
        bytes: tileCount,
        max: RASTER_LIMITS.tiles,
      });
    const tiles = tileLayout(ref.grid.width, ref.grid.height, tileSize);
    const runner = options.runner ?? makeRunner(config.workers, options.workerFile);
    try {
      return await execute(config, {
        layers,
        ref,
        tiles,
        tileSize,
        runner,
        cellSize: square ? dx : null,
        path,
        options,
      });
    } finally {
      if (options.runner === undefined) await runner.close();
    }
  } finally {
    for (const l of layers.values()) await closeTiff(l.tiff);
    await closeLayers();
  }
}

/**
 * The output folder, which must lie inside the configuration's folder (`baseDir`): "../x" and absolute paths
 * elsewhere are RASTER_OUTPUT_OUTSIDE, refused before any layer is opened.
 */
function confined(dir: string, baseDir: string): string {
  const base = resolve(baseDir);
  const full = resolve(base, dir);
  const rel = relative(base, full);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    rasterFail('RASTER_OUTPUT_OUTSIDE', ['outputs', 'dir'], { dir, base });
  return full;
}

function makeRunner(workers: number | undefined, workerFile?: string): Runner {
  if (workers === 0) return inlineRunner();
  return workerPool(workers, workerFile);
}

async function openAll(
  config: RasterConfig,
  path: (f: string) => string,
): Promise<Map<LayerName, OpenLayer>> {
  const layers = new Map<LayerName, OpenLayer>();
  const problems: Issue[] = [];
  try {
    for (const [name, l] of Object.entries(config.layers) as [
      LayerName,
      RasterConfig['layers'][LayerName],
    ][]) {
      if (l === undefined) continue;
      try {
        layers.set(name, await openLayer(name, path(l.file), l.nodata));
      } catch (e) {
        if (e instanceof GepError) problems.push(...e.issues);
        else throw e;
      }
    }
    if (problems.length > 0) throw new GepError(problems);
  } catch (e) {
    for (const l of layers.values()) await closeTiff(l.tiff);
    throw e;
  }
  return layers;
}

interface Env {
  layers: Map<LayerName, OpenLayer>;
  ref: OpenLayer;
  tiles: Tile[];
  tileSize: number;
  runner: Runner;
  cellSize: number | null;
  path: (f: string) => string;
  options: RunOptions;
}

async function pass<T>(env: Env, name: Progress['pass'], make: (t: Tile) => Task): Promise<T[]> {
  let done = 0;
  const total = env.tiles.length;
  env.options.onProgress?.({ pass: name, done, total });
  return Promise.all(
    env.tiles.map((t) =>
      env.runner.run(make(t)).then((r) => {
        env.options.onProgress?.({ pass: name, done: ++done, total });
        return r as T;
      }),
    ),
  );
}

async function execute(config: RasterConfig, env: Env): Promise<RasterResult> {
  const refOf = (name: LayerName): LayerRef => {
    const l = env.layers.get(name) as OpenLayer;
    return { name, file: l.file, nodata: l.nodata };
  };
  const hasZones = env.layers.has('zones');
  const scans = await pass<ScanPartial>(env, 'scan', (tile) => ({
    kind: 'scan',
    tile,
    landcover: refOf('landcover'),
    ...(hasZones ? { zones: refOf('zones') } : {}),
  }));
  const scan = mergeScans(scans);
  if (scan.pixels === 0)
    rasterFail('RASTER_NODATA_EVERYWHERE', ['layers', 'landcover'], {
      detail: hasZones
        ? 'land cover or zones are NoData on every pixel'
        : 'land cover is NoData on every pixel',
    });
  const {
    params,
    types,
    codes,
    used,
    read,
    warnings: paramWarnings,
    plan,
  } = buildParams(config, scan, env.cellSize);

  let seeds: Map<number, number> | undefined;
  const { width } = env.ref.grid;
  if (params.soil?.ls.from === 'dem') {
    const summaries = await pass<FlowSummary>(env, 'flow', (tile) => ({
      kind: 'flow',
      tile,
      dem: refOf('dem'),
      rasterWidth: width,
      cellSize: env.cellSize as number,
    }));
    seeds = solveFlow(summaries);
  }
  // Outputs are written under a temporary name and renamed only once the whole run has succeeded; a failed run
  // removes them (but one that can be resumed, keepPartials), so no all-zero or half-written GeoTIFF is left behind.
  // A resumed run keeps them only when every one is still as planned (its finished tasks' tiles are in them);
  // otherwise all are made afresh, and the run is told first (freshOutputs), so that no tile is left at zero.
  const outputs: { name: string; path: string; final: string; layout: ReturnType<typeof createTiff> }[] = [];
  if (config.outputs) {
    const dir = env.path(config.outputs.dir);
    const { height } = env.ref.grid;
    const planned = config.outputs.layers.map((name) => {
      const final = join(dir, `${name}.tif`);
      return { name, final, path: `${final}.partial` };
    });
    const kept = env.options.resume
      ? planned.map((o) => reopenTiff(o.path, o.name, width, height, env.tileSize, env.ref.geoTags))
      : [];
    if (env.options.resume && kept.every((l) => l !== undefined))
      planned.forEach((o, i) => outputs.push({ ...o, layout: kept[i] as TiffLayout }));
    else {
      await env.options.freshOutputs?.();
      for (const o of planned)
        outputs.push({
          ...o,
          layout: createTiff(o.path, o.name, width, height, env.tileSize, env.ref.geoTags),
        });
    }
  }
  try {
    const result = await compute(config, env, {
      scan,
      params,
      types,
      codes,
      used,
      read,
      paramWarnings,
      plan,
      seeds,
      outputs,
    });
    for (const o of outputs) renameSync(o.path, o.final);
    return result;
  } catch (e) {
    if (!env.options.keepPartials) for (const o of outputs) rmSync(o.path, { force: true });
    throw e;
  }
}

type Built = ReturnType<typeof buildParams>;
interface Prepared {
  scan: ReturnType<typeof mergeScans>;
  params: Built['params'];
  types: Built['types'];
  codes: Built['codes'];
  used: Built['used'];
  read: Built['read'];
  paramWarnings: Built['warnings'];
  plan: Built['plan'];
  seeds: Map<number, number> | undefined;
  outputs: { name: string; path: string; final: string; layout: ReturnType<typeof createTiff> }[];
}

/**
 * A crosswalk code that is the land cover's NoData value (as its band stores it) names pixels the scan reads as
 * NoData, outside the account, whatever the class: RASTER_CLASS_IS_NODATA at the code, as RASTER_ZONE_EMPTY warns a
 * zone whose value is the zone raster's NoData.
 */
function crosswalkNodata(config: RasterConfig, landcover: OpenLayer): Issue[] {
  if (landcover.nodata === null) return [];
  const nodata = storedNodata(landcover.image, landcover.nodata);
  return Object.entries(config.landcover.crosswalk)
    .filter(([key]) => Number(key) === nodata)
    .map(([key, type]) =>
      rasterIssue('RASTER_CLASS_IS_NODATA', ['landcover', 'crosswalk', key], {
        code: key,
        nodata: String(landcover.nodata),
        type,
      }),
    );
}

/** The compute pass, the merge, the zonal tables and the account. */
async function compute(config: RasterConfig, env: Env, prep: Prepared): Promise<RasterResult> {
  const { scan, params, types, codes, used, read, paramWarnings, plan, seeds, outputs } = prep;
  const { width } = env.ref.grid;
  const hasZones = env.layers.has('zones');
  const refOf = (name: LayerName): LayerRef => {
    const l = env.layers.get(name) as OpenLayer;
    return { name, file: l.file, nodata: l.nodata };
  };
  const used_layers = [...env.layers.keys()].filter(
    (n) => n === 'landcover' || n === 'zones' || needed(config, n, plan),
  );
  const warnings: Issue[] = [
    ...paramWarnings,
    ...crosswalkNodata(config, env.layers.get('landcover') as OpenLayer),
  ];
  if (scan.zoneless > 0)
    warnings.push(
      rasterIssue('RASTER_ZONE_NODATA_ON_LAND', ['layers', 'zones'], {
        pixels: scan.zoneless,
        area: pixelArea(env.ref.grid.transform).times(scan.zoneless).toFixed(),
      }),
    );
  for (const [layer, l] of env.layers)
    if (used_layers.includes(layer) && (l.scale !== 1 || l.offset !== 0))
      warnings.push(
        rasterIssue('RASTER_VALUES_SCALED', ['layers', layer, 'file'], {
          layer,
          scale: l.scale,
          offset: l.offset,
        }),
      );
  for (const layer of env.layers.keys())
    if (!used_layers.includes(layer))
      warnings.push(
        rasterIssue('RASTER_LAYER_UNUSED', ['layers', layer], {
          layer,
          reason: unusedReason(config, layer, plan),
        }),
      );
  const partials = await pass<TilePartial>(env, 'compute', (tile) => ({
    kind: 'compute',
    tile,
    params,
    layers: used_layers.map(refOf),
    ...(seeds ? { seeds: tileSeedPairs(tile, seeds, width) } : {}),
    outputs: outputs.map(({ name, path, layout }) => ({ name, path, layout })),
  }));
  const merged = mergePartials(partials, params);
  const area = pixelArea(env.ref.grid.transform);
  warnings.push(
    ...checkMerged(merged, params, {
      nodata: config.nodata,
      pixelArea: area,
      indicator: plan.water?.indicator,
    }),
  );
  const zones = hasZones ? config.zones.map((z) => z.id) : [null];
  const tables = zonalTables(merged, { codes, types, zones, pixelArea: area });
  const { input, options } = accountInput(config, tables.typeGroups, area, read);
  const wantAccount = env.options.account ?? config.account !== undefined;
  return {
    grid: {
      width,
      height: env.ref.grid.height,
      crs: env.ref.grid.crs,
      transform: [...env.ref.grid.transform],
      pixelArea: area.toFixed(),
      tiles: env.tiles.length,
      tileSize: env.tileSize,
    },
    pixels: merged.pixels,
    nodata: merged.nodata,
    landcover: [...scan.landcover].sort((a, b) => a[0] - b[0]).map(([code, pixels]) => ({ code, pixels })),
    zonal: { byClass: tables.byClass, byType: tables.byType },
    coefficients: used,
    warnings,
    input,
    options,
    ...(wantAccount ? { account: account(input, options) } : {}),
    outputs: outputs.map((o) => ({ layer: o.name, file: o.final })),
  };
}

function needed(config: RasterConfig, layer: LayerName, plan: ModelPlan): boolean {
  const m = config.models;
  switch (layer) {
    case 'precipitation':
    case 'evapotranspiration':
      return m.water !== undefined;
    case 'npp':
      return m.productivity !== undefined;
    case 'dem':
      return m.soil?.ls === 'dem';
    case 'ls':
      return m.soil !== undefined && m.soil.ls === 'layer';
    case 'cover':
      return m.soil !== undefined && m.soil.cover === undefined;
    case 'practice':
      return m.soil !== undefined && m.soil.practice === undefined && plan.soil?.practice !== 'c-only';
    default:
      return m.soil !== undefined;
  }
}

/** Why a configured layer is not needed, for RASTER_LAYER_UNUSED. */
function unusedReason(config: RasterConfig, layer: LayerName, plan: ModelPlan): string {
  const soil = config.models.soil;
  if (layer === 'practice' && plan.soil?.practice === 'c-only')
    return `the ${plan.soil.indicator} switch practice "c-only" takes P = 1`;
  if (layer === 'cover' && soil?.cover !== undefined)
    return `models.soil.cover = "${soil.cover}" gives C by land cover`;
  if (layer === 'practice' && soil?.practice !== undefined)
    return `models.soil.practice = "${soil.practice}" gives P by land cover`;
  if (layer === 'dem' && soil !== undefined) return 'models.soil.ls is "layer"';
  if (layer === 'ls' && soil !== undefined) return 'models.soil.ls is "dem"';
  return `model ${modelOfLayer(layer)} is not in "models"`;
}
