import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { nodeSha256 } from '../carbon/hash-node';
import { isPostgresUrl, openLedgerStore } from '../carbon/open-store-node';
import { MemoryLedgerStore } from '../carbon/store';
import { openDiskIndex } from '../vep/disk-index-node';
import { fail } from '../core/errors';
import { makeOutputDir } from '../core/output-dir-node';
import { MemoryAuditStore } from '../serve/audit';
import { FileAuditStore } from '../serve/audit-node';
import type { CarbonSetup } from '../serve/ledger';
import { DEFAULTS, type ServeOptions } from '../serve/app';
import { ROLES, type Role, keyHash, keysFileSchema, loadKeys, newKey } from '../serve/keys';
import { listen } from '../serve/server-node';
import { rulesFrom } from './carbon';
import { writeOutputFile } from './output-file';
import { type Io, checkOutputFile, parseCommandArgs, readJson, reported } from './shared';
import { COMMAND_HELP } from './help';

/**
 * `gepkit serve`: parses arguments, reads the keys file, starts the HTTP service (src/serve) and runs until the
 * process is stopped. `gepkit serve key <id> <role>` makes a key.
 */

/** Where `serve` says where it listens, and a promise that never settles while the server runs (tests: `stop`). */
export interface ServeIo extends Io {
  /** Resolves when the server should stop, with what stopped it (default: SIGINT or SIGTERM, named). */
  stop?: Promise<string | void>;
}

/** Seconds the requests in flight are given to finish when the server is told to stop (--drain-seconds). */
const DRAIN_SECONDS = 30;

export function serveCommand(args: string[], io: ServeIo): Promise<number> {
  return reported(io, () => run(args, io));
}

/** The options the command parses (each is explained in its help, COMMAND_HELP). */
export const SERVE_OPTIONS = {
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  keys: { type: 'string' },
  rate: { type: 'string' },
  timeout: { type: 'string' },
  'stream-timeout': { type: 'string' },
  'drain-seconds': { type: 'string' },
  'body-limit': { type: 'string' },
  'stream-limit': { type: 'string' },
  'workbook-limit': { type: 'string' },
  'max-draws': { type: 'string' },
  'custom-work-limit': { type: 'string' },
  cors: { type: 'string', multiple: true },
  ledger: { type: 'string' },
  audit: { type: 'string' },
  rules: { type: 'string' },
  reductions: { type: 'string', default: 'required' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function run(args: string[], io: ServeIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', args, SERVE_OPTIONS);
  if (values.help) {
    io.out(`${COMMAND_HELP.serve}\n`);
    return 0;
  }
  if (positionals[0] === 'key') return makeKey(positionals.slice(1), values.keys, io);
  if (positionals.length > 0)
    fail('CLI_USAGE', [], { detail: `serve takes no argument but key, got ${positionals[0]}` });
  const num = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      fail('CLI_USAGE', [], { detail: `--${name} must be an integer of at least ${min}, got ${v}` });
    return n;
  };
  // every option read before the ledger and its trail are opened (and the trail's lock taken): a refused option
  // leaves nothing open
  const port = num('port', values.port, 0) as number;
  const drainSeconds = num('drain-seconds', values['drain-seconds'], 0) ?? DRAIN_SECONDS;
  const batch = {
    reductions: reductions(values.reductions),
    ...(values.rules !== undefined ? { rules: rulesFrom(values.rules) } : {}),
  };
  const options: ServeOptions = {
    ...DEFAULTS,
    ...(values.keys !== undefined ? { keys: loadKeys(readJson(values.keys, io), values.keys) } : {}),
    rate: num('rate', values.rate, 1) ?? DEFAULTS.rate,
    timeout: num('timeout', values.timeout, 1) ?? DEFAULTS.timeout,
    streamTimeout: num('stream-timeout', values['stream-timeout'], 1) ?? DEFAULTS.streamTimeout,
    bodyLimit: num('body-limit', values['body-limit'], 1) ?? DEFAULTS.bodyLimit,
    streamLimit: num('stream-limit', values['stream-limit'], 1) ?? DEFAULTS.streamLimit,
    workbookLimit: num('workbook-limit', values['workbook-limit'], 1) ?? DEFAULTS.workbookLimit,
    maxDraws: num('max-draws', values['max-draws'], 1) ?? DEFAULTS.maxDraws,
    customWorkLimit: num('custom-work-limit', values['custom-work-limit'], 1) ?? DEFAULTS.customWorkLimit,
    cors: values.cors ?? [],
    carbon: {
      ...(await ledgerOf(values.ledger, values.audit)),
      batch,
      hash: nodeSha256,
    },
    vepIndex: () => openDiskIndex(),
    log: (e, id) => io.err(`request ${id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`),
  };
  const closeLedger = async () => {
    await options.carbon?.store.close();
    const audit = options.carbon?.audit;
    if (audit instanceof FileAuditStore) audit.close();
  };
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(options, values.host, port);
  } catch (e) {
    // a port in use: the ledger opened for the service is closed before the refusal
    await closeLedger();
    throw e;
  }
  io.out(
    `gepkit serve: listening on ${server.url} (${options.keys === undefined ? 'no keys: anonymous read-only' : `${options.keys.size} key(s)`}; ledger ${options.carbon?.store.kind ?? 'memory'})\n`,
  );
  const why = (await (io.stop ?? signalled())) ?? 'stop';
  io.err(
    `gepkit serve: ${why}: stopping; ${server.inFlight()} request(s) in flight get up to ${drainSeconds} s to finish, new ones are refused (503)\n`,
  );
  const stopped = await server.close(drainSeconds * 1000);
  await closeLedger();
  io.err(
    `gepkit serve: stopped: ${stopped.drained} request(s) drained, ${stopped.cut} cut at the end of the drain time\n`,
  );
  return 0;
}

/**
 * The ledger store and the audit trail: in memory without --ledger; with --ledger DIR the embedded SQLite store
 * in DIR and the trail in DIR/audit.jsonl (or --audit FILE); with a postgres:// URL, the PostgreSQL store and
 * the trail in --audit FILE (required).
 */
async function ledgerOf(
  ledger: string | undefined,
  audit: string | undefined,
): Promise<Pick<CarbonSetup, 'store' | 'audit'>> {
  if (ledger === undefined) {
    if (audit !== undefined) fail('CLI_USAGE', [], { detail: '--audit FILE goes with --ledger' });
    return { store: new MemoryLedgerStore(), audit: new MemoryAuditStore() };
  }
  const postgres = isPostgresUrl(ledger);
  if (postgres && audit === undefined)
    fail('CLI_USAGE', [], {
      detail: '--ledger postgres://… needs --audit FILE for the operator audit trail',
    });
  if (!postgres) makeOutputDir(ledger);
  const file = audit ?? join(ledger, 'audit.jsonl');
  checkOutputFile(file);
  const store = await openLedgerStore(ledger);
  try {
    return { store, audit: await FileAuditStore.open(file) };
  } catch (e) {
    // a PostgreSQL store left open keeps its connections, and the process, alive after the refusal
    await store.close();
    throw e;
  }
}

function reductions(v: string): 'required' | 'when-available' {
  if (v !== 'required' && v !== 'when-available')
    fail('CLI_USAGE', [], { detail: `--reductions must be required or when-available, got ${v}` });
  return v;
}

/**
 * The first SIGINT or SIGTERM, by name. Both listeners are then removed, so that a second signal during the drain
 * has Node's default effect: the process ends at once.
 */
function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** `gepkit serve key <id> <role>`: print a new key; add its hash to the keys file when one is named. */
function makeKey(rest: string[], file: string | undefined, io: Io): number {
  const [id, role] = rest;
  if (id === undefined || role === undefined || rest.length > 2)
    fail('CLI_USAGE', [], { detail: 'serve key takes <id> <role>' });
  if (!(ROLES as readonly string[]).includes(role))
    fail('CLI_USAGE', [], { detail: `the role must be one of ${ROLES.join(', ')}, got ${role}` });
  const key = newKey();
  const entry = { id, role: role as Role, sha256: keyHash(key) };
  if (file === undefined) {
    io.out(
      `key (give it to ${id}; it is not stored): ${key}\nentry for the keys file: ${JSON.stringify(entry)}\n`,
    );
    return 0;
  }
  checkOutputFile(file);
  const current = existsSync(file) ? keysFileSchema.parse(readJson(file, io)) : { keys: [] };
  const next = { keys: [...current.keys, entry] };
  loadKeys(next, file);
  // Staged and renamed: a failure part-way leaves the keys file as it was, never cut off.
  writeOutputFile(file, `${JSON.stringify(next, null, 2)}\n`, 0o600);
  io.out(`key (give it to ${id}; it is not stored): ${key}\nadded ${id} (${role}) to ${file}\n`);
  return 0;
}
