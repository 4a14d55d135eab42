import { dirname, join, resolve } from 'node:path';
import { formatIssue, issue } from '../core/errors';
import { assertFinite } from '../core/finite';
import { rasterFail } from '../raster/errors';
import { type Progress, runRaster } from '../raster/run-node';
import { writeOutputFile } from './output-file';
import {
  type NamedFile,
  checkOutputFile,
  checkOutputsApart,
  parseCommandArgs,
  readJson,
  reported,
} from './shared';
import { COMMAND_HELP } from './help';
import { wholeNumberText } from '../core/options';

/**
 * `gepkit raster <config.json> [--workers N | --queue URL [--run-id ID]] [--tile-size N] [--out FILE] [--no-account]
 * [--quiet]`: rasters →
 * zonal tables, the tabular account input and the account (docs/raster.md). Thin: parses, runs, prints.
 */

export interface RasterIo {
  out(s: string): void;
  err(s: string): void;
}

export async function rasterCommand(args: string[], io: RasterIo): Promise<number> {
  return reported(io, () => run(args, io));
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return (
    wholeNumberText(v) ??
    rasterFail('RASTER_CONFIG_INVALID', [name], { detail: `--${name} must be a whole number, got ${v}` })
  );
}

/** The options the command parses (each is explained in its help, COMMAND_HELP). */
export const RASTER_OPTIONS = {
  workers: { type: 'string' },
  'tile-size': { type: 'string' },
  out: { type: 'string' },
  'no-account': { type: 'boolean', default: false },
  queue: { type: 'string' },
  'run-id': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * The files a configuration names, for checkOutputsApart: its layers (read) and the GeoTIFFs of `outputs` (written,
 * `<dir>/<layer>.tif`), relative to its folder. A configuration that cannot be read, or fields not in their shape,
 * name none: the run refuses them once --out is checked.
 */
function rasterFiles(file: string): { reads: NamedFile[]; writes: NamedFile[] } {
  let config: unknown;
  try {
    config = readJson(file);
  } catch {
    return { reads: [], writes: [] };
  }
  const base = dirname(resolve(file));
  const c = (config ?? {}) as { layers?: unknown; outputs?: { dir?: unknown; layers?: unknown } };
  const layers = c.layers !== null && typeof c.layers === 'object' ? Object.entries(c.layers) : [];
  const reads = layers.flatMap(([name, l]) => {
    const f = (l as { file?: unknown } | null)?.file;
    return typeof f === 'string' ? [{ file: resolve(base, f), option: `layers.${name}` }] : [];
  });
  const dir = c.outputs?.dir;
  const names = Array.isArray(c.outputs?.layers) ? (c.outputs.layers as unknown[]) : [];
  const writes =
    typeof dir === 'string'
      ? names.flatMap((n) =>
          typeof n === 'string' ? [{ file: join(resolve(base, dir), `${n}.tif`), option: 'outputs' }] : [],
        )
      : [];
  return { reads, writes };
}

async function run(args: string[], io: RasterIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('raster', args, RASTER_OPTIONS);
  if (values.help) {
    io.out(`${COMMAND_HELP.raster}\n`);
    return 0;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    io.err(
      `${formatIssue(issue('CLI_USAGE', [], { detail: 'gepkit raster takes one configuration file' }))}\n`,
    );
    return 1;
  }
  const workers = int('workers', values.workers);
  const tileSize = int('tile-size', values['tile-size']);
  const bar = (p: Progress) => {
    if (values.quiet) return;
    const width = 30;
    const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
    io.err(
      `\r${p.pass.padEnd(7)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${p.done}/${p.total}${p.done === p.total ? '\n' : ''}`,
    );
  };
  if (values.out !== undefined) {
    // Before --out is tried: the staged file checkOutputFile makes and removes must not replace a file read.
    const { reads, writes } = rasterFiles(file);
    checkOutputsApart([...writes, { file: values.out, option: '--out' }], [{ file }, ...reads]);
    checkOutputFile(values.out);
  }
  if (values['run-id'] !== undefined && values.queue === undefined)
    rasterFail('RASTER_CONFIG_INVALID', ['run-id'], { detail: '--run-id needs --queue' });
  // The usage gives them as alternatives: --workers would be ignored by a run on the queue.
  if (values.workers !== undefined && values.queue !== undefined)
    rasterFail('RASTER_CONFIG_INVALID', ['workers'], {
      detail:
        "--workers sets a local run's threads: with --queue the tiles are computed by gepkit worker processes; give one or the other",
    });
  const common = {
    baseDir: dirname(resolve(file)),
    ...(tileSize !== undefined ? { tileSize } : {}),
    ...(values['no-account'] ? { account: false } : {}),
    onProgress: bar,
  };
  const result =
    values.queue === undefined
      ? await runRaster(readJson(file, io), { ...common, ...(workers !== undefined ? { workers } : {}) })
      : await (
          await import('../queue/raster-node')
        ).runRasterOnQueue(readJson(file, io), {
          ...common,
          url: values.queue,
          ...(values['run-id'] !== undefined ? { runId: values['run-id'] } : {}),
          // Printed even with --quiet (as carbon prints it): the run id is what resumes the run.
          onRun: (r) =>
            io.err(`run ${r.id}${r.resumed ? ' (resumed)' : ''}: resume it with --run-id ${r.id}\n`),
        });
  for (const w of [...result.warnings, ...(result.account?.warnings ?? [])])
    io.err(`${formatIssue(w as never)}\n`);
  assertFinite(result);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (values.out !== undefined) writeOutputFile(values.out, text);
  else io.out(text);
  return 0;
}
