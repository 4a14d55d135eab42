/**
 * Node adapter: a raster run whose tile tasks are jobs on the queue. The run itself is the local one
 * (src/raster/run-node.ts: scan, flow, compute passes, the exact merge in the fixed tile order), given a runner
 * that adds one job per tile and pass and waits for its partial result; so the output is the local run's, byte
 * for byte, however many workers computed the tiles and in whatever order.
 *
 * A job's id is the run id, the pass, the tile index and the first 16 hex digits of the hashes of the
 * configuration and of the layer files: adding it again (a restarted coordinator) finds it, finished or not, and
 * a second result for a tile is ignored.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { canonicalJson } from '../core/canonical';
import { parseRasterConfig } from '../raster/config';
import type { Runner } from '../raster/pool-node';
import { type RasterResult, type RunOptions, runRaster } from '../raster/run-node';
import type { Task, TaskResult } from '../raster/tasks-node';
import { decodePayload, encodePayload } from './codec';
import { QUEUE_NAMES } from './connection-node';
import type { JobSet } from './jobs-node';
import { type CoordinatorOptions, withRun } from './run-node';

export interface QueueRasterOptions
  extends Pick<RunOptions, 'baseDir' | 'tileSize' | 'onProgress' | 'account'>, CoordinatorOptions {
  /** Told each job's result as it arrives, with the sizes of its data and its result (characters of JSON). */
  onJob?: (job: JobSize) => void;
}

export interface JobSize {
  id: string;
  kind: Task['kind'];
  dataBytes: number;
  resultBytes: number;
}

/** sha256 of a file's bytes, hex; "missing" when it cannot be read (the run then reports the layer). */
function fileHash(file: string): Promise<string> {
  return new Promise((done) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (b) => h.update(b))
      .on('end', () => done(h.digest('hex')))
      .on('error', () => done('missing'));
  });
}

/** The hashes that key the run's jobs: the configuration (with the tile size and folder) and the layer files. */
export async function rasterHashes(
  json: unknown,
  baseDir: string,
  tileSize?: number,
): Promise<{ config: string; layers: string }> {
  const config = createHash('sha256')
    .update(canonicalJson({ config: json, tileSize: tileSize ?? null, baseDir: resolve(baseDir) }))
    .digest('hex');
  const parsed = parseRasterConfig(json);
  const layers = createHash('sha256');
  for (const [name, l] of Object.entries(parsed.layers).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (l === undefined) continue;
    const file = isAbsolute(l.file) ? l.file : join(baseDir, l.file);
    layers.update(`${name}\0${await fileHash(file)}\0`);
  }
  return { config, layers: layers.digest('hex') };
}

/** A runner whose tasks are jobs of the run `run`. */
function queueRunner(
  jobs: JobSet,
  run: string,
  hashes: { config: string; layers: string },
  onJob?: (job: JobSize) => void,
): Runner {
  const suffix = `${hashes.config.slice(0, 16)}.${hashes.layers.slice(0, 16)}`;
  return {
    size: 0,
    async run(task: Task): Promise<TaskResult> {
      const id = `${run}.${task.kind}.${task.tile.index}.${suffix}`;
      const payload = encodePayload(task);
      const out = await jobs.submit({ id, name: task.kind, data: { run, payload } });
      onJob?.({ id, kind: task.kind, dataBytes: payload.length, resultBytes: out.length });
      return decodePayload(out) as TaskResult;
    },
    close: async () => undefined,
  };
}

/** Run a configuration (parsed JSON, or a path to a JSON file) with its tiles computed by queue workers. */
export async function runRasterOnQueue(
  configOrPath: unknown,
  options: QueueRasterOptions,
): Promise<RasterResult> {
  let json = configOrPath;
  let baseDir = options.baseDir ?? process.cwd();
  if (typeof configOrPath === 'string') {
    json = JSON.parse(readFileSync(configOrPath, 'utf8').replace(/^\uFEFF/, ''));
    baseDir = options.baseDir ?? dirname(resolve(configOrPath));
  }
  const hashes = await rasterHashes(json, baseDir, options.tileSize);
  return withRun(QUEUE_NAMES.raster, 'raster', { hashes }, options, (run, jobs) =>
    runRaster(json, {
      baseDir,
      runner: queueRunner(jobs, run.id, hashes, options.onJob),
      resume: run.resumed,
      ...(options.tileSize !== undefined ? { tileSize: options.tileSize } : {}),
      ...(options.account !== undefined ? { account: options.account } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
  );
}
