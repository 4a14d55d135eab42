/**
 * Output failures by command class (docs/errors.md): a target known to be unwritable before any work is
 * OUTPUT_UNWRITABLE, with nothing computed or written; a file-system error part-way is OUTPUT_WRITE_FAILED naming
 * the file, with the files begun removed and no output left half-written. An unwritable target is a path under a
 * regular file (`<file>/x`, ENOTDIR, whoever runs the tests); a full disk is /dev/full.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main';

const root = mkdtempSync(join(tmpdir(), 'gepkit-output-failures-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A new empty folder. */
function folder(): string {
  const d = join(root, String((n += 1)));
  mkdirSync(d);
  return d;
}
/** A path that cannot be made: under a regular file. */
function blocked(): string {
  const f = join(folder(), 'a-file');
  writeFileSync(f, 'not a folder');
  return join(f, 'x');
}

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const EXAMPLE = new URL('../examples/jiangxi-county/', import.meta.url).pathname;
const CARBON = new URL('../examples/carbon/', import.meta.url).pathname;
const VEP = new URL('../examples/vep/', import.meta.url).pathname;
const RASTER = new URL('../examples/raster/', import.meta.url).pathname;
const MISSING = join(root, 'no-such-input.json');
const fullDisk = existsSync('/dev/full') && statSync('/dev/full').isCharacterDevice();

describe('--out FILE (account, report, compare, template, raster, schema): checked before any input is read', () => {
  // The input is missing too: OUTPUT_UNWRITABLE, not FILE_UNREADABLE, shows the output was checked first.
  const commands: Record<string, (out: string) => string[]> = {
    account: (out) => ['account', MISSING, '--out', out],
    'account --uncertainty': (out) => ['account', MISSING, '--uncertainty', '10', '--out', out],
    report: (out) => ['report', MISSING, '--out', out],
    'report --format docx': (out) => ['report', MISSING, '--format', 'docx', '--out', out],
    compare: (out) => ['compare', MISSING, MISSING, '--out', out],
    'compare --format xlsx': (out) => ['compare', MISSING, MISSING, '--format', 'xlsx', '--out', out],
    template: (out) => ['template', '--from', MISSING, '--out', out],
    raster: (out) => ['raster', MISSING, '--out', out],
    schema: (out) => ['schema', 'input', '--out', out],
  };
  for (const [name, args] of Object.entries(commands))
    it(`${name}: a folder that is a file is OUTPUT_UNWRITABLE, nothing read`, async () => {
      const out = blocked();
      const r = await cli(...args(out));
      expect(r.code).toBe(1);
      expect(r.err).toContain('OUTPUT_UNWRITABLE');
      expect(r.err).toContain(out);
      expect(r.err).not.toContain('FILE_UNREADABLE');
    });
});

describe.skipIf(!fullDisk)('--out FILE on a full disk (/dev/full): OUTPUT_WRITE_FAILED naming it', () => {
  const commands: Record<string, string[]> = {
    account: ['account', join(EXAMPLE, 'input.json'), '--base-year', '2015'],
    'account --format xlsx': [
      'account',
      join(EXAMPLE, 'input.json'),
      '--base-year',
      '2015',
      '--format',
      'xlsx',
    ],
    report: ['report', join(EXAMPLE, 'input.json'), '--base-year', '2015'],
    compare: ['compare', join(EXAMPLE, 'input.json'), join(EXAMPLE, 'input-2021.json')],
    template: ['template'],
    raster: ['raster', join(RASTER, 'config.json'), '--workers', '0', '--quiet'],
  };
  for (const [name, args] of Object.entries(commands))
    it(
      name,
      async () => {
        const r = await cli(...args, '--out', '/dev/full');
        expect(r.code).toBe(1);
        expect(r.err).toContain('OUTPUT_WRITE_FAILED');
        expect(r.err).toContain('Writing /dev/full failed part-way: ENOSPC');
        // written directly, never renamed over: the device is still there
        expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
      },
      60_000,
    );
});

describe('carbon: the out-dir, ledger store, id store and spool are claimed before any line is read', () => {
  const base = [join(CARBON, 'activities.jsonl'), '--rules', join(CARBON, 'rules.json')];

  it('--id-store or --ledger DIR that cannot be made: OUTPUT_UNWRITABLE, the out-dir left empty', async () => {
    for (const extra of [
      ['--id-store', blocked()],
      ['--ledger', blocked()],
    ]) {
      const dir = join(folder(), 'out');
      const r = await cli('carbon', ...base, '--out-dir', dir, ...extra);
      expect(r.code).toBe(1);
      expect(r.err).toContain('OUTPUT_UNWRITABLE');
      expect(r.err).toContain(extra[1]);
      expect(readdirSync(dir)).toEqual([]);
    }
  }, 60_000);

  it('--ledger naming a file: LEDGER_STORE_INVALID, the out-dir left empty', async () => {
    const file = join(folder(), 'ledger');
    writeFileSync(file, '');
    const dir = join(folder(), 'out');
    const r = await cli('carbon', ...base, '--out-dir', dir, '--ledger', file);
    expect(r.err).toContain('LEDGER_STORE_INVALID');
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('--spool that cannot be made: OUTPUT_UNWRITABLE before the queue is reached', async () => {
    const dir = join(folder(), 'out');
    const spool = blocked();
    // Nothing listens on port 1: the refusal comes before any connection is tried.
    const r = await cli(
      'carbon',
      ...base,
      '--queue',
      'redis://127.0.0.1:1',
      '--partitions',
      '2',
      '--spool',
      spool,
      '--out-dir',
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    expect(r.err).toContain(spool);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('--force clears an earlier run only once the other outputs are found usable', async () => {
    const dir = folder();
    for (const f of ['ledger.jsonl', 'results.jsonl', 'summary.json']) writeFileSync(join(dir, f), 'earlier');
    const r = await cli('carbon', ...base, '--out-dir', dir, '--force', '--id-store', blocked());
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('earlier');
    expect(readdirSync(dir).sort()).toEqual(['ledger.jsonl', 'results.jsonl', 'summary.json']);
  }, 60_000);
});

describe('vep value: --rejected on a full disk', () => {
  it.skipIf(!fullDisk)(
    'OUTPUT_WRITE_FAILED naming it; the out-dir keeps no .partial file',
    async () => {
      const dir = join(folder(), 'out');
      const r = await cli(
        'vep',
        'value',
        join(VEP, 'parcels.csv'),
        '--context',
        join(VEP, 'context.json'),
        '--workers',
        '0',
        '--out-dir',
        dir,
        '--rejected',
        '/dev/full',
      );
      expect(r.code).toBe(1);
      expect(r.err).toContain('Writing /dev/full failed part-way: ENOSPC');
      expect(readdirSync(dir)).toEqual([]);
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    },
    60_000,
  );
});

describe('raster outputs.dir', () => {
  it('a folder that cannot be made is OUTPUT_UNWRITABLE before any layer is opened', async () => {
    const d = folder();
    const config = JSON.parse(readFileSync(join(RASTER, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(d, 'blocked'), 'a file');
    // No layer file beside this configuration: opening one would be the error, were the folder not made first.
    writeFileSync(
      join(d, 'config.json'),
      JSON.stringify({ ...config, outputs: { dir: 'blocked/x', layers: ['npp'] } }),
    );
    const r = await cli('raster', join(d, 'config.json'), '--workers', '0', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    expect(r.err).toContain('blocked/x');
    expect(r.err).not.toContain('RASTER_');
  });
});

describe('serve: the ledger folder and the keys file', () => {
  it('--ledger DIR that cannot be made: OUTPUT_UNWRITABLE before the service starts', async () => {
    const ledger = blocked();
    const r = await cli('serve', '--ledger', ledger, '--port', '0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    expect(r.err).toContain(ledger);
  });

  it('serve key --keys FILE in a folder that is a file: OUTPUT_UNWRITABLE, no key printed', async () => {
    const keys = blocked();
    const r = await cli('serve', 'key', 'bank-a', 'operator', '--keys', keys);
    expect(r.code).toBe(1);
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    expect(r.out).toBe('');
  });
});
