import { VERSION } from '../version';

/** The top-level help of the gepkit command (no library code is loaded to print it). */
export const HELP = `gepkit ${VERSION} — Gross Ecosystem Product accounting

Usage:
  gepkit account <input.json> [--format json|csv|md|xlsx] [--table county|township|ecosystem|seea-physical|seea-monetary]
                 [--base-year Y] [--profile ID] [--exclude M5,M6]
                 [--min-grade verified|published|derived|secondary|assumed] [--scenario FILE]
                 [--type-map CLASS=CODE]... [--exact] [--out FILE]
  gepkit account <input.json> --uncertainty N [--seed S] [--tornado] [--sobol N]   (gepkit report --help)
  gepkit report <input.json|result.json> --out report.html [--lang zh|en] [--uncertainty N [--seed S] [--tornado]]
  gepkit compare <before.json> <after.json> [--format json|csv|md] [--base-year Y] [--profile ID] [--out FILE]
                 (inputs or results of two years; growth at comparable prices: gepkit compare --help)
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

/** `gepkit <command> --help`: every option of each command that src/cli/main.ts runs. */
export const COMMAND_HELP: Record<string, string> = {
  account: `gepkit account <input.json | -> [options]   (- reads the input from standard input)

Account a region: every indicator of the profile, priced at current and comparable prices, with its trace.

  --format json|csv|md|xlsx   output format (default json); xlsx needs --out
  --table ID                  with --format csv: county (default), township, ecosystem, seea-physical, seea-monetary
  --base-year Y               base year of comparable prices (default: the accounting year)
  --profile ID                accounting profile (default jx-db36-1402-2021; gepkit profiles list)
  --exclude M5,M6             indicator codes to leave out (an unknown code is refused)
  --min-grade GRADE           refuse the account if a coefficient is graded below verified|published|derived|secondary|assumed
  --scenario FILE             a scenario (overlay tables, switches, methods, exclusions), recorded in the result
  --type-map CLASS=CODE       read a written ecosystem type (land-use code or name) as a type code; repeatable
  --price-index FILE          a price-index table of your own (docs/comparable-prices.md); alone, it deflates every price
  --deflator PREFIX=INDEX     prices whose coefficient key (or input:<path>) starts with PREFIX move with INDEX; repeatable
  --exact                     keep every digit instead of rounding money to the fen
  --out FILE                  write to FILE instead of standard output`,
  compare: `gepkit compare <before.json> <after.json> [options]

Compare two years of an account at comparable prices (可比价) of one base year: GEP, category, indicator,
ecosystem-type and zone growth, each change split into volume, mix and price effects (exact to the fen). Each
file is an account input (accounted here, exactly) or a result of \`gepkit account\` (read as written).

  --format json|csv|md        output format (default json); csv is one table, a row per level and key
  --base-year Y               base year of comparable prices (default: a result's base year, else the before year)
  --profile ID                accounting profile for inputs (default jx-db36-1402-2021)
  --exclude M5,M6             indicator codes to leave out of inputs
  --min-grade GRADE           refuse an input's account if a coefficient is graded below GRADE
  --scenario FILE             a scenario applied to both inputs
  --type-map CLASS=CODE       read a written ecosystem type as a type code; repeatable
  --price-index FILE          a price-index table of your own; alone, it deflates every price
  --deflator PREFIX=INDEX     prices whose coefficient key starts with PREFIX move with INDEX; repeatable
  --out FILE                  write to FILE instead of standard output`,
  validate: `gepkit validate <input.json | -> [options]

Check an input against the schema and the profile's classification and checks; warnings on standard error.

  --profile ID                accounting profile whose classification and checks apply
  --type-map CLASS=CODE       read a written ecosystem type as a type code; repeatable`,
  profiles: `gepkit profiles [list] | show <id> | diff <a> <b> | compare   [options]

The bundled accounting profiles: list them, show one, list what differs between two, or compare all side by side.

  --format md|json            for show and diff (default json)
  --out FILE                  write to FILE instead of standard output`,
  coefficients: `gepkit coefficients list | show <id>   [options]

The bundled coefficient tables, price indices and classifications, with their versions and content hashes.

  --out FILE                  write to FILE instead of standard output`,
  schema: `gepkit schema input | result   [options]

The JSON Schema of the account input or of the result.

  --out FILE                  write to FILE instead of standard output`,
};
