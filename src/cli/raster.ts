import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatIssue, issue } from '../core/errors';
import { assertFinite } from '../core/finite';
import { rasterFail } from '../raster/errors';
import { type Progress, runRaster } from '../raster/run-node';
import { checkOutputFile, parseCommandArgs, readJson, reported } from './shared';

/**
 * `gepkit raster <config.json> [--workers N] [--tile-size N] [--out FILE] [--no-account] [--quiet]`: rasters →
 * zonal tables, the tabular account input and the account (docs/raster.md). Thin: parses, runs, prints.
 */
export const RASTER_HELP = `Usage:
  gepkit raster <config.json> [--workers N] [--tile-size N] [--out FILE] [--no-account] [--quiet]

Reads the layers named in the configuration (single-band GeoTIFFs on one grid), computes the per-pixel
models tile by tile on a worker pool (one worker per core; --workers 0 = main thread), and prints JSON:
grid, pixel counts, land-cover codes, zonal tables by class and by type, coefficients used, the account
input and, when the configuration has an "account" section, the account. Progress goes to stderr.`;

export interface RasterIo {
  out(s: string): void;
  err(s: string): void;
}

export async function rasterCommand(args: string[], io: RasterIo): Promise<number> {
  return reported(io, () => run(args, io));
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    return rasterFail('RASTER_CONFIG_INVALID', [name], {
      detail: `--${name} must be a whole number, got ${v}`,
    });
  return n;
}

async function run(args: string[], io: RasterIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('raster', args, {
    workers: { type: 'string' },
    'tile-size': { type: 'string' },
    out: { type: 'string' },
    'no-account': { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.out(`${RASTER_HELP}\n`);
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
  if (values.out !== undefined) checkOutputFile(values.out);
  const result = await runRaster(readJson(file), {
    baseDir: dirname(resolve(file)),
    ...(workers !== undefined ? { workers } : {}),
    ...(tileSize !== undefined ? { tileSize } : {}),
    ...(values['no-account'] ? { account: false } : {}),
    onProgress: bar,
  });
  for (const w of [...result.warnings, ...(result.account?.warnings ?? [])])
    io.err(`${formatIssue(w as never)}\n`);
  assertFinite(result);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (values.out !== undefined) writeFileSync(values.out, text);
  else io.out(text);
  return 0;
}
