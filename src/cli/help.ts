import { VERSION } from '../version';

/**
 * `gepkit <command> --help`: every option of every command, the one source of the CLI's help texts (the top-level
 * help below is built from them). Printed without loading the library.
 */
export const COMMAND_HELP: Record<string, string> = {
  account: `gepkit account <input.json | input.xlsx | -> [options]   (- reads the input from standard input)

Account a region: every indicator of the profile, priced at current and comparable prices, with its trace.

  --format json|csv|md|xlsx   output format (default json); xlsx needs --out
  --table ID                  with --format csv or md, one table: county (csv default), township, ecosystem,
                              seea-physical, seea-monetary, detail (计算明细: every line's formula, terms, prices,
                              index factor and coefficients)
  --base-year Y               base year of comparable prices (default: the accounting year)
  --profile ID                accounting profile (default jx-db36-1402-2021; gepkit profiles list)
  --exclude M5,M6             indicator codes to leave out (an unknown code is refused)
  --min-grade GRADE           refuse the account if a coefficient or custom input is graded below
                              verified|published|derived|secondary|assumed (a custom input without a grade: assumed)
  --scenario FILE             a scenario (overlay tables, switches, methods, exclusions), recorded in the result
  --type-map CLASS=CODE       read a written ecosystem type (land-use code or name) as a type code; repeatable
  --price-index FILE          a price-index table of your own (docs/comparable-prices.md); alone, it deflates every
                              price; repeatable
  --deflator PREFIX=INDEX     prices whose coefficient key (or input:<path>) starts with PREFIX move with INDEX; repeatable
  --exact                     keep every digit instead of rounding money to the fen
  --out FILE                  write to FILE instead of standard output

Uncertainty (docs/uncertainty.md; the options after --uncertainty need it):
  --uncertainty N             draw the coefficients N times (2 to 1,000,000) and add "uncertainty" to the result:
                              mean, sd, p5, p50, p95 per indicator, category and GEP (JSON only)
  --seed S                    the seed of the draws, 0 to 4,294,967,295 (default 1): the same seed, the same bytes
  --tornado                   each coefficient alone at its 5 % and 95 % quantiles: GEP's range per coefficient
  --tornado-percent P         the tornado at ±P % of each coefficient instead (0 < P < 100)
  --sobol N                   Sobol first-order indices from N rows per sample matrix (2 to 100,000)`,
  compare: `gepkit compare <before.json | before.xlsx> <after.json | after.xlsx> [options]

Compare two years of an account at comparable prices (可比价) of one base year: GEP, category, indicator,
ecosystem-type and zone growth, each change split into volume, mix and price effects (exact to the fen). Each
file is an account input (JSON or an input workbook, read as \`gepkit account\` reads it; accounted here,
exactly) or a result of \`gepkit account\` (JSON, read as written). Issues name their side (before, after) and,
in a workbook, their cell.

  --format json|csv|md|xlsx   output format (default json); csv is one table, a row per level and key; xlsx (a sheet
                              per level, the decomposition's cells and lines, the identity) needs --out
  --base-year Y               base year of comparable prices (default: a result's base year, else the before year)
  --profile ID                accounting profile for inputs (default jx-db36-1402-2021)
  --exclude M5,M6             indicator codes to leave out of inputs
  --min-grade GRADE           refuse an input's account if a coefficient or custom input is graded below GRADE
  --scenario FILE             a scenario applied to both inputs
  --type-map CLASS=CODE       read a written ecosystem type as a type code; repeatable
  --price-index FILE          a price-index table of your own; alone, it deflates every price; repeatable
  --deflator PREFIX=INDEX     prices whose coefficient key starts with PREFIX move with INDEX; repeatable
  --out FILE                  write to FILE instead of standard output`,
  validate: `gepkit validate <input.json | input.xlsx | -> [options]

Check an input against the schema and the profile's classification and checks, then that its account under the
profile computes (a required indicator's data missing is refused here too); warnings on standard error.

  --profile ID                accounting profile whose classification and checks apply
  --type-map CLASS=CODE       read a written ecosystem type as a type code; repeatable`,
  profiles: `gepkit profiles [list] | show <id> | diff <a> <b> | compare   [options]

The bundled accounting profiles: list them, show one, list what differs between two, or compare all side by side.

  --format md|json            for show and diff (default json)
  --out FILE                  write to FILE instead of standard output`,
  coefficients: `gepkit coefficients list | show <id>   [options]

The bundled coefficient tables, price indices and classifications, with their versions and content hashes.

  --out FILE                  write to FILE instead of standard output`,
  template: `gepkit template --out FILE.xlsx [options]

Write the input workbook to fill in: a 说明 (instructions) sheet, one sheet per input section with bilingual headers,
units and lists of codes, a JSON sheet for coefficient overrides and custom indicators, and a 代码表 sheet of type
codes and units. gepkit account and gepkit validate read it back (docs/input-format.md).

  --profile ID                profile whose ecosystem classification fills the type lists (default jx-db36-1402-2021)
  --from FILE                 an account input (JSON) to write into the sheets
  --out FILE                  the workbook to write (required)`,
  schema: `gepkit schema <name> | list   [options]

The JSON Schema (draft 2020-12) of a file gepkit reads, or of the account result, for editors and validators;
docs/schema/<name>.schema.json holds each. Names (gepkit schema list):
  input               the account input (gepkit account, validate, report)
  result              the account result (gepkit account's JSON; read by compare and report)
  coefficient-table   a coefficient table (the input's overrides.tables; coefficients/*.json)
  vep-context         the valuation context (the context file of gepkit vep value)
  vep-parcel          one line of parcels.jsonl (gepkit vep value)
  vep-package         a deposit package (gepkit vep allocate)
  carbon-activity     one line of activities.jsonl (gepkit carbon)
  carbon-rules        a point rule set (the rules file of gepkit carbon)
  carbon-factors      a factor set (a factors file of gepkit carbon)
  carbon-methodology  a methodology as data (a methodology file of gepkit carbon)
  raster-config       a raster job (gepkit raster <config.json>)

  --out FILE                  write to FILE instead of standard output`,
  report: `Usage:
  gepkit account <input.json|input.xlsx> --uncertainty N [--seed S] [--tornado] [--tornado-percent P] [--sobol N]
                 [account options] [--out FILE]
  gepkit report <input.json|input.xlsx|result.json> --out report.html|report.docx [--format html|docx]
                [--lang zh|en] [--compare prior.json|prior.xlsx]
                [--uncertainty N] [--seed S] [--tornado] [--tornado-percent P] [account options]

Account options (as for gepkit account; they apply to inputs, not to result files):
  --base-year Y  --profile ID  --exact  --exclude M5,M6  --min-grade GRADE  --scenario FILE
  --type-map CLASS=CODE  --price-index FILE  --deflator PREFIX=INDEX   (gepkit account --help)

An input workbook (.xlsx, gepkit template) is read as gepkit account reads it: its warnings printed, its
issues named by cell (prior.xlsx's under before).

--compare prior.json adds the year-on-year section: the prior year's input or result against this one, at
comparable prices of one base year (--base-year, else the prior result's base year or the prior input's year),
as gepkit compare gives it. --format docx writes a Word report instead (sections per category, summary and
township tables, the change, method notes with every coefficient's source and grade, quality control). Without
--format the name of --out decides (.docx Word; .html, .htm or no extension a web page); a name that says another
format than --format, or with another extension and no --format, is refused.

--uncertainty N draws N times through the account's draw plan and adds "uncertainty" to the JSON result: mean,
sd, p5, p50, p95 per indicator, category and GEP at current and comparable prices. The same seed gives the same
bytes; it is written as JSON only (--format json; another format is refused). --seed, --tornado,
--tornado-percent and --sobol need --uncertainty N; a report shows the tornado but not Sobol indices, so it
refuses --sobol. A result file (from gepkit account) is reported as it is. See docs/uncertainty.md and
docs/report.md.`,
  raster: `Usage:
  gepkit raster <config.json> [--workers N | --queue redis://host:port[/db] [--run-id ID]] [--tile-size N]
                [--out FILE] [--no-account] [--quiet]

Reads the layers named in the configuration (single-band GeoTIFFs on one grid), computes the per-pixel
models tile by tile on a worker pool (one worker per core; --workers 0 = main thread), and prints JSON:
grid, pixel counts, land-cover codes, zonal tables by class and by type, coefficients used, the account
input and, when the configuration has an "account" section, the account. Progress goes to stderr.
--queue: the tiles are jobs on a Redis server, computed by \`gepkit worker\` processes (on any machines that
see the layer files at the same paths), merged in the fixed tile order: the output is the local run's, byte for
byte. The run id is printed on stderr (with --quiet too); a coordinator restarted with --run-id ID picks the
run up (same configuration and layers only). See docs/queue.md.`,
  worker: `Usage:
  gepkit worker --queue redis://host:port[/db] [--concurrency N] [--lock-duration MS] [--stalled-interval MS]
                [--quiet]

A queue worker: takes raster tile jobs and carbon partition jobs from the Redis server (BullMQ queues) and runs
them until SIGTERM or SIGINT, which let the current job finish before it exits 0. Start any number, on any
machines that see the layer files at the paths the coordinator gives. A job of a worker that dies is put back in
the queue by another worker once its lock (--lock-duration, default 30000 ms) expires, checked every
--stalled-interval ms (default 30000); the lock from 1000 ms, both up to 2147483647 ms. --concurrency: jobs at once in this process (default 1; start one
process per core). One line per job on stderr unless --quiet. A carbon job names its PostgreSQL ledger without
the password: the worker finds it as PostgreSQL clients do, in PGPASSWORD or a password file (PGPASSFILE,
~/.pgpass); without it the job fails once with QUEUE_LEDGER_AUTH, not retried. See docs/queue.md.`,
  vep: `Usage:
  gepkit vep value <parcels.csv|parcels.jsonl> --context <context.json> [--profile ID] [--min-grade G]
                  [--out-dir DIR [--force]] [--format json|compact|csv] [--rejected FILE]
                  [--warnings refs|inline]
                  [--progress] [--no-fast] [--index auto|memory|disk] [--workers N]
  gepkit vep change <a.json> <b.json> [--prices current|comparable]
  gepkit vep reconcile <results.jsonl> <account.json> [--price-year Y]
  gepkit vep allocate <package.json>

value:    one result per parcel as JSON Lines on stdout, then {"summary": ...}; with --out-dir, results.jsonl
          (results.csv with --format csv: valued parcels, one column per indicator) and summary.json.
          --format compact: the same JSON Lines with each parcel's cells grouped by ecosystem type
          ({"types": {type: {"area", "value", "cells": {indicator: value}}}}) and the basis hash in the
          summary only: the same figures in 40 % of the bytes (docs/vep.md, Operator batch tools).
          Files are written under a .partial name and renamed when complete, summary.json last: a run
          that stopped leaves no summary.json. A folder that holds files needs --force (which removes
          the results of the earlier run first). No output may replace a file the run reads or another
          output (--rejected parcels.csv, --rejected DIR/summary.json): OUTPUT_SAME_FILE, nothing written.
          .csv files are CSV (header line first), anything else JSON Lines; UTF-8, UTF-16 with a byte-order
          mark, or GBK/GB18030 (detected; anything else is INPUT_ENCODING). CSV lines end in LF or CRLF: a
          file whose lines end in CR alone (Excel for Mac's "CSV (Macintosh)") is refused (VEP_CSV_HEADER).
          Warnings are listed once in summary.warningCatalogue with counts, parcels name them (W1, W2…);
          --warnings inline repeats them on each parcel. --rejected FILE writes refused rows as CSV
          (line, id, package, code, path, message, message_zh). Progress goes to stderr when it is a terminal (--progress).
          --min-grade verified|published|derived|secondary|assumed refuses parcels valued with coefficients
          below that evidence grade (GRADE_BELOW_MINIMUM); with a context's minGrade, the stricter applies.
          --index: where the duplicate checks (ids, certificates) keep what they have seen. auto (default):
          in memory up to 100,000 ids and certificates, then in an index of sorted runs in the temporary
          directory (removed at the end), so memory stays flat; memory: always in memory; disk: on disk from
          the start.
          --workers N: value with N worker threads (0, the default: in this thread). The results, their
          order and the summary are the same; a pool finishes sooner on a machine with cores to spare and
          uses more CPU time in all (docs/vep.md, Scale).
change:   a.json, b.json are results of \`gepkit account\` (best accounted with exact rounding).
reconcile: Σ parcels (the JSON Lines of vep value, summary line included) against the county account per
          indicator and ecosystem type; the rounding residual on its own line. The price year is the
          summary's basis.priceYear (the summary line, else the summary.json beside the results, as
          vep value --out-dir writes them), or --price-year for results without one (another year than
          the summary's is VEP_PRICE_YEAR_MISMATCH). A line whose value or types' values are not the
          sums of its cells, or a summary whose totals are not the sums of the lines, stops it
          (VEP_PARCEL_RESULT_INVALID), and so does a county account of no indicator
          (VEP_RESULT_INVALID) or of another classification than the summary's basis
          (VEP_CHANGE_INCOMPARABLE). A row beyond rounding (VEP_RECONCILE_UNEXPLAINED), or of parcel
          value the county account has no line for (VEP_RECONCILE_PARCELS_ONLY), is printed on stderr
          and the exit code is 1.
allocate: a package with revenue and depositors; parts in fen by largest remainder.
See docs/vep.md.`,
  carbon: `Usage:
  gepkit carbon <activities.jsonl> [--ledger DIR|URL] [--rules FILE|ID] [--factors FILE]... [--out-dir DIR]
                [--methodology FILE]... [--reductions required|when-available] [--strict] [--force]
                [--id-store DIR] [--chunk N] [--sign-key ed25519.pem] [--now TIME] [--partitions N]
  gepkit carbon <activities.jsonl> --queue redis://host:port[/db] --partitions N [--ledger postgres://...]
                [--run-id ID] [--spool DIR] [--out-dir DIR] [--rules FILE|ID] [--factors FILE]...
                [--methodology FILE]... [--chunk N] [--sign-key ed25519.pem] [--now TIME]
  gepkit carbon verify <ledger.jsonl> [--anchor summary.json] [--id-store DIR] [--rules FILE|ID]...
  gepkit carbon verify --ledger DIR|URL [--anchor checkpoint.json] [--public-key ed25519.pub.pem]... [--rules FILE|ID]...
                [--activities FILE [FILE ...]] [--factors FILE]... [--methodology FILE]... [--reductions ...]
                [--strict] [--now TIME] [--chunk N]

Without --out-dir, one result per line is written to stdout as JSON Lines (ledger entries included),
then {"summary": ...}. With --out-dir: results.jsonl, ledger.jsonl and summary.json; the ledger is written
before the results of each chunk of lines, so the results never claim more than the ledger holds. An out-dir
that already holds a ledger is refused unless --force (which replaces it).
--ledger DIR keeps the ledger in an embedded database in DIR (created when missing), --ledger
postgres://... in PostgreSQL: the run continues the stored ledger (ids credited by earlier runs are refused,
caps and remainders carry on), and each chunk of lines (--chunk, default 25,000) is stored whole or not at
all, so a killed run is rerun on the same input without crediting anything twice. With --out-dir, results.jsonl and summary.json
are written there (the ledger stays in the store).
--partitions N (with --ledger, when the ledger is created; default 1) splits the ledger into N hash chains, one
per group of users (partitionOf(user, N)), with a root hash over their heads, so that writers of different
partitions can append at once; an existing ledger keeps its number (another N is refused). Every account is in
one partition (user:<id> in its user's, any other account in partition 0): a record goes to the partition of
the account it debits. A transfer or aggregate between accounts of two partitions (between users of two
partitions, a user's grams into an enterprise account) is booked as two legs, a debit in the payer's chain and a
credit in the payee's, each naming the other; a certification or offset from a user's account to an enterprise's
is refused (LEDGER_PARTITION_CROSSING: aggregate first).
--queue URL --partitions N: one job per partition on a Redis server, run by \`gepkit worker\` processes. The
coordinator reads the activities once and writes each partition's lines (with their line numbers) to a spool
file in --spool DIR (default .gepkit-spool beside the activities file), a folder every worker must see at the
same path; a worker reads its partition's file only. Each partition's chain is built by one worker, and the
results (in line order), totals, balances and root are those of one run over N partitions. Without --ledger the
ledger is written to --out-dir (ledger.jsonl); with --ledger postgres://... each job appends its partition to the
shared PostgreSQL ledger, a chunk (--chunk) at a time, and a job retried after its worker died continues after
the chunks it stored; the jobs carry the ledger's URL without its password (workers read PGPASSWORD or
~/.pgpass). The run id is printed on stderr; --run-id ID resumes it (reusing its spool). See
docs/queue.md.
--id-store DIR keeps the ids already credited of a run whose ledger is in files on disk in DIR (a new or empty
directory) instead of in memory, so memory stays flat however long the stream or the ledger verified is.
--sign-key FILE (an Ed25519 private key, PEM) signs the head the run leaves: the checkpoint is stored, put in the
summary, and written to checkpoint.json in the out-dir, to be published elsewhere as an anchor. A checkpoint stored at
the same count is kept, never replaced (LEDGER_CHECKPOINT_KEPT when it was signed with another key).
A line {"record": {...}} appends a registry record (issue, transfer, certify, retire, redeem, emissions, offset).
verify --ledger replays the stored entries and checks the stored balances, lots, pending claims and registry state
(serial numbers, certifications; give --rules for a ledger written under a rule set) against them,
and every stored checkpoint (and --anchor checkpoint.json, or a run's summary.json, or any {count, head}, which
unsigned is checked for its head alone): the chain passes through its head and its signature
verifies (with --public-key, by that key; a ledger with no checkpoint then fails, LEDGER_CHECKPOINT_MISSING).
--public-key may be given once per key the ledger was signed with (a change of key): a checkpoint signed with any of
them is checked, one signed with another key is refused.
verify --ledger --rules FILE|ID (the rule set the ledger was written under, refused when its id@version is not the
entries' meta.ruleSet) also checks the caps against the entries (points and paying entries per user, cap group and
local day and month; grams within the reduction cap plus the remainders the entries may carry), the late window,
and the stored user records (cap counters, point counters, latest time) and remainders against what the entries
determine of them. Without --rules the output says "caps": {"checked": false}: caps were not checked.
verify takes --rules once per version of the rule set the ledger was written under (a version bump between runs:
--rules r@1.0.0.json --rules r@1.1.0.json): each entry is judged by the version it names; a run takes it once.
verify --ledger --activities a.jsonl [b.jsonl ...] re-executes the runs that wrote the ledger, in the order given
(one run per file, with the same --rules, --factors, --methodology, --reductions, --strict and --now as the runs),
in memory, and checks that the partition heads, user records, remainders, holdings, pending claims and registry
state equal the stored ones (LEDGER_AUDIT_MISMATCH names the first partition and entry that differ). See
docs/carbon.md#verify.
verify --rules replays a ledger file under that rule set's registry rules (transfers, redemptions, offsets):
give the rule set the ledger was written under.
--methodology FILE adds a methodology declared in data (its formula runs in the formula sandbox).
--strict refuses a line whose factor is of an earlier data year than the activity (no factor published for
its year yet) instead of using the latest earlier year with a warning.
--now TIME (ISO 8601 with offset; default the clock): a line dated more than a day after it is refused
(CARBON_TIMESTAMP_FUTURE) and later lines go on.
A user's activity may come up to the rule set's lateWindowHours (default 168, 7 days) before that user's latest, in
any order, counted in its own day's caps; older ones are refused (CARBON_TOO_LATE), as are lines of days a run
under a narrower window of an earlier rule-set version dropped from the stored state. A late line's entries are
booked at the ledger's last entry time with meta.activityTs. Claims and records may not precede the ledger's last entry.
Bundled rule sets: jx-lvbao-example, evidence-paths-demo.`,
  serve: `Usage:
  gepkit serve [--port 8080] [--host 127.0.0.1] [--keys keys.json] [--rate 600] [--timeout 30000] [--stream-timeout 3600000]
               [--drain-seconds 30] [--body-limit 10485760] [--stream-limit 1073741824] [--workbook-limit 16777216]
               [--max-draws 10000] [--custom-work-limit 10000] [--cors ORIGIN]…
               [--ledger DIR|postgres://…] [--audit FILE] [--rules FILE|ID] [--reductions required|when-available]
  gepkit serve key <id> <role> [--keys keys.json]

serve:  the HTTP service; GET /openapi.json describes every route, errors are problem+json. Without --keys every
        caller is anonymous with role read-only (no ledger writes); with --keys every /v1 route needs a key.
        The carbon ledger: in memory without --ledger (lost when the server stops); --ledger DIR keeps it in
        the embedded SQLite store in DIR (created if missing) and the operator audit trail in DIR/audit.jsonl;
        --ledger postgres://… uses PostgreSQL, with the audit trail in --audit FILE. --rules and --reductions
        apply to every append, as in gepkit carbon.
        SIGTERM or SIGINT: new requests are refused (503), those in flight get --drain-seconds (0: none) to
        finish; a stream still running then ends with a {"problem": …} line; the ledger is closed, exit 0.
key:    a new API key for <id> with <role> (read-only, operator, verifier, auditor): the key is printed once; its SHA-256 is
        added to --keys FILE (created if missing), or printed as the entry to add.
See docs/service.md.`,
};

/** The order commands appear in the top-level help. */
const ORDER = [
  'account',
  'compare',
  'validate',
  'template',
  'report',
  'profiles',
  'coefficients',
  'schema',
  'raster',
  'vep',
  'carbon',
  'worker',
  'serve',
] as const;

/** A command's usage lines (those that start with `gepkit`) and every `--flag` its help names. */
function summary(text: string): string {
  const usage = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('gepkit '));
  const flags = [...new Set(text.match(/--[a-z][a-z0-9-]*/g) ?? [])].filter((f) => f !== '--help');
  return [
    ...usage.map((u) => `  ${u}`),
    ...(flags.length > 0 ? [`      flags: ${flags.join(' ')}`] : []),
  ].join('\n');
}

/** The top-level help: every command with its usage and flags, from COMMAND_HELP. */
export const HELP = `gepkit ${VERSION} — Gross Ecosystem Product accounting

Usage:
${ORDER.map((c) => summary(COMMAND_HELP[c] as string)).join('\n')}
  gepkit --help | --version
  gepkit <command> --help     every option of a command, explained

An option is given once (twice is refused), except those a command's help marks repeatable (FILE..., ORIGIN…).
Errors are printed in Chinese and English with the input path and a hint; the exit code is 1.`;
