import { VERSION } from '../version';

/** The top-level help of the gepkit command (no library code is loaded to print it). */
export const HELP = `gepkit ${VERSION} — Gross Ecosystem Product accounting

Usage:
  gepkit account <input.json> [--format json|csv|md|xlsx] [--table county|township|ecosystem|seea-physical|seea-monetary]
                 [--base-year Y] [--profile ID] [--exclude M5,M6]
                 [--min-grade verified|published|derived|secondary|assumed] [--scenario FILE]
                 [--type-map CLASS=CODE]... [--exact] [--out FILE]
  gepkit validate <input.json> [--profile ID] [--type-map CLASS=CODE]...
  gepkit profiles [list] | show <id> | diff <a> <b> | compare   [--format md|json]
  gepkit coefficients list
  gepkit coefficients show <id>
  gepkit schema input|result
  gepkit raster <config.json> [--workers N] [--tile-size N] [--out DIR]   (rasters → zonal tables → account)
  gepkit vep value <parcels.csv|jsonl> --context ctx.json [--profile ID] | change <a.json> <b.json> | allocate <package.json>
  gepkit carbon <activities.jsonl> [--rules FILE|ID] [--factors FILE]... [--out-dir DIR]   (gepkit carbon --help)
  gepkit --help | --version

Errors are printed in Chinese and English with the input path and a hint; the exit code is 1.`;
