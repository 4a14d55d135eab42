/**
 * Node adapter: one unit of work on one tile — read its windows, run the pure tile function, write its
 * outputs. The same code runs in a worker thread or in the main thread (workers: 0).
 */
import { type FlowSummary, flowSummary } from './flow';
import type { LayerName } from './config';
import { type OpenLayer, closeTiff, openLayer, readWindow, toCodes } from './reader-node';
import {
  type ScanPartial,
  type TileData,
  type TileParams,
  type TilePartial,
  computeTile,
  scanTile,
} from './tile';
import type { Tile } from './tiles';
import { type TiffLayout, writeTile } from './writer-node';

/** A layer as a task refers to it: plain data, so it crosses thread boundaries. */
export interface LayerRef {
  name: LayerName;
  file: string;
  nodata: number | null;
}

export type Task =
  | { kind: 'scan'; tile: Tile; landcover: LayerRef; zones?: LayerRef }
  | { kind: 'flow'; tile: Tile; dem: LayerRef; rasterWidth: number; cellSize: number }
  | {
      kind: 'compute';
      tile: Tile;
      params: TileParams;
      layers: LayerRef[];
      /** Inflow seeds [local cell, inflow] when LS comes from the DEM. */
      seeds?: Float64Array;
      outputs: { name: string; path: string; layout: TiffLayout }[];
    };

export type TaskResult = ScanPartial | FlowSummary | Omit<TilePartial, 'outputs'>;

/**
 * The layers this thread opened, with the tasks reading them. closeLayers retires the whole set: its files are
 * closed once its last task has ended, while tasks that start afterwards open a new set. So two runs in one
 * thread (two runRaster calls at once, a queue worker taking jobs of two runs) never close each other's files.
 */
interface LayerSet {
  layers: Map<string, Promise<OpenLayer>>;
  tasks: number;
  retired: boolean;
}
let current: LayerSet = { layers: new Map(), tasks: 0, retired: false };

/**
 * The layer open in this set, opened by the first task that reads it. A file that could not be opened is not kept
 * as such: the next task tries again (a queue worker keeps a run's set across its jobs, and a resumed run keeps its
 * id, so a file missing for a moment would otherwise fail every later job of the run on this worker).
 */
function layerOf(set: LayerSet, ref: LayerRef): Promise<OpenLayer> {
  let p = set.layers.get(ref.file);
  if (p === undefined) {
    const opening = openLayer(ref.name, ref.file, ref.nodata ?? undefined).then((l) => ({
      ...l,
      nodata: ref.nodata,
    }));
    set.layers.set(ref.file, opening);
    opening.catch(() => {
      if (set.layers.get(ref.file) === opening) set.layers.delete(ref.file);
    });
    p = opening;
  }
  return p;
}

async function closeSet(set: LayerSet): Promise<void> {
  for (const p of set.layers.values()) {
    const l = await p.catch(() => undefined);
    if (l !== undefined) await closeTiff(l.tiff);
  }
  set.layers.clear();
}

/** Close the files this thread opened, each once no task reads it any more. */
export async function closeLayers(): Promise<void> {
  const set = current;
  current = { layers: new Map(), tasks: 0, retired: false };
  set.retired = true;
  if (set.tasks === 0) await closeSet(set);
}

async function window(set: LayerSet, ref: LayerRef, t: Tile, halo = 0): Promise<Float64Array> {
  return readWindow(
    await layerOf(set, ref),
    t.x0 - halo,
    t.y0 - halo,
    t.width + 2 * halo,
    t.height + 2 * halo,
  );
}

export async function runTask(task: Task): Promise<TaskResult> {
  const set = current;
  set.tasks += 1;
  try {
    return await taskOn(set, task);
  } finally {
    set.tasks -= 1;
    if (set.retired && set.tasks === 0) await closeSet(set);
  }
}

async function taskOn(set: LayerSet, task: Task): Promise<TaskResult> {
  const t = task.tile;
  if (task.kind === 'scan')
    return scanTile(
      t,
      await window(set, task.landcover, t),
      task.zones ? await window(set, task.zones, t) : undefined,
    );
  if (task.kind === 'flow')
    return flowSummary(t, await window(set, task.dem, t, 1), task.rasterWidth, task.cellSize, task.cellSize);
  const data: Partial<TileData> & Record<string, unknown> = {};
  for (const ref of task.layers) {
    if (ref.name === 'landcover' || ref.name === 'zones') data[ref.name] = toCodes(await window(set, ref, t));
    else if (ref.name === 'dem') data.dem = await window(set, ref, t, 1);
    else data[ref.name] = await window(set, ref, t);
  }
  if (data.dem !== undefined) {
    const seed = new Float64Array(t.width * t.height);
    const pairs = task.seeds ?? new Float64Array(0);
    for (let i = 0; i < pairs.length; i += 2) seed[pairs[i] as number] = pairs[i + 1] as number;
    data.seed = seed;
  }
  const { outputs, ...partial } = computeTile(t, task.params, data as TileData);
  for (const o of task.outputs) {
    const v = outputs[o.name as keyof typeof outputs];
    if (v) writeTile(o.path, o.layout, t, v);
  }
  return partial;
}
