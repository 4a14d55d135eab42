/**
 * Node adapter: a raster run whose tile tasks are jobs on the queue. The run itself is the local one
 * (src/raster/run-node.ts: scan, flow, compute passes, the exact merge in the fixed tile order), given a runner
 * that adds one job per tile and pass and waits for its partial result; so the output is the local run's, byte
 * for byte, however many workers computed the tiles and in whatever order.
 *
 * A job's id is the run id, the pass, the tile index and the first 16 hex digits of the hashes of the
 * configuration and of the layer files (and, for a compute job, the output files' generation: see Outputs): adding
 * it again (a restarted coordinator) finds it, finished or not, and a second result for a tile is ignored. A failed
 * run keeps its partial output files, so that its finished compute jobs' tiles are still there when it is resumed.
 */
import { createHash, randomBytes } from 'node:crypto';
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

/**
 * The output files' generation: set anew (and stored in the run's record) each time the run makes its output files
 * afresh, and part of the compute jobs' ids, so that compute jobs finished before the files were made again (their
 * tiles are not in the new files) are not taken as done; `previous`: the generation those jobs were added under.
 */
interface Outputs {
  generation: string;
  previous: string;
}

/** A runner whose tasks are jobs of the run `run`. */
function queueRunner(
  jobs: JobSet,
  run: string,
  hashes: { config: string; layers: string },
  outputs: Outputs,
  onJob?: (job: JobSize) => void,
): Runner {
  const suffix = `${hashes.config.slice(0, 16)}.${hashes.layers.slice(0, 16)}`;
  const idOf = (task: Task, generation: string) =>
    `${run}.${task.kind}.${task.tile.index}.${suffix}${task.kind === 'compute' && generation !== '' ? `.${generation}` : ''}`;
  return {
    size: 0,
    async run(task: Task): Promise<TaskResult> {
      const id = idOf(task, outputs.generation);
      // The job of an earlier generation wrote into files made again since: removed (its result is not used).
      if (task.kind === 'compute' && outputs.previous !== '')
        await jobs.discard(idOf(task, outputs.previous));
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
  return withRun(QUEUE_NAMES.raster, 'raster', { hashes, extra: { outputs: '' } }, options, (run, jobs) => {
    const outputs: Outputs = { generation: run.extra.outputs ?? '', previous: '' };
    return runRaster(json, {
      baseDir,
      runner: queueRunner(jobs, run.id, hashes, outputs, options.onJob),
      resume: run.resumed,
      // A failed run is resumed by its id: the tiles its finished compute jobs wrote stay in the files.
      keepPartials: true,
      freshOutputs: async () => {
        const generation = randomBytes(4).toString('hex');
        // Stored before the files are made: a coordinator stopped in between makes them again when resumed.
        await run.save({ outputs: generation });
        outputs.previous = outputs.generation;
        outputs.generation = generation;
      },
      ...(options.tileSize !== undefined ? { tileSize: options.tileSize } : {}),
      ...(options.account !== undefined ? { account: options.account } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  });
}
