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
  symlinkSync,
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

  it('--id-store or --ledger DIR that cannot be made: OUTPUT_UNWRITABLE, nothing made at the out-dir', async () => {
    for (const extra of [
      ['--id-store', blocked()],
      ['--ledger', blocked()],
    ]) {
      const dir = join(folder(), 'out');
      const r = await cli('carbon', ...base, '--out-dir', dir, ...extra);
      expect(r.code).toBe(1);
      expect(r.err).toContain('OUTPUT_UNWRITABLE');
      expect(r.err).toContain(extra[1]);
      expect(existsSync(dir)).toBe(false);
    }
  }, 60_000);

  it('--ledger naming a file: LEDGER_STORE_INVALID, nothing made at the out-dir', async () => {
    const file = join(folder(), 'ledger');
    writeFileSync(file, '');
    const dir = join(folder(), 'out');
    const r = await cli('carbon', ...base, '--out-dir', dir, '--ledger', file);
    expect(r.err).toContain('LEDGER_STORE_INVALID');
    expect(existsSync(dir)).toBe(false);
  }, 60_000);

  it('--spool that cannot be made: OUTPUT_UNWRITABLE before the queue is reached and nothing made at the out-dir', async () => {
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
    expect(existsSync(dir)).toBe(false);
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

describe('an output that would replace a file the run reads or another output: OUTPUT_SAME_FILE before any work', () => {
  const parcels = readFileSync(join(VEP, 'parcels.csv'), 'utf8');
  const context = join(VEP, 'context.json');
  /** A folder holding a copy of the example parcels (parcels.csv). */
  function withParcels(): string {
    const d = folder();
    writeFileSync(join(d, 'parcels.csv'), parcels);
    return d;
  }
  /** The refusal, naming the output and the file it would replace, and nothing on stdout. */
  function refused(r: { code: number; out: string; err: string }, output: string, other: string) {
    expect(r.code).toBe(1);
    expect(r.err).toContain('error OUTPUT_SAME_FILE');
    expect(r.err).toContain(`Writing ${output} would replace ${other}`);
    expect(r.out).toBe('');
  }

  it('vep value --rejected naming the parcels file: the input intact, nothing written beside it', async () => {
    const d = withParcels();
    const input = join(d, 'parcels.csv');
    const r = await cli('vep', 'value', input, '--context', context, '--rejected', input);
    refused(r, `${input} (--rejected)`, `${input}, a file this command reads`);
    expect(readFileSync(input, 'utf8')).toBe(parcels);
    expect(readdirSync(d)).toEqual(['parcels.csv']);
  });

  it('vep value --rejected naming the context, a link to the parcels, or the name the parcels are staged under', async () => {
    const d = withParcels();
    const input = join(d, 'parcels.csv');
    const copy = join(d, 'context.json');
    writeFileSync(copy, readFileSync(context));
    let r = await cli('vep', 'value', input, '--context', copy, '--rejected', copy);
    refused(r, `${copy} (--rejected)`, `${copy} (--context), a file this command reads`);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(context, 'utf8'));
    symlinkSync(input, join(d, 'link.csv'));
    r = await cli('vep', 'value', input, '--context', context, '--rejected', join(d, 'link.csv'));
    refused(r, `${join(d, 'link.csv')} (--rejected)`, `${input}, a file this command reads`);
    // --rejected r.csv is written as r.csv.partial, then renamed: an input of that name would be replaced
    const staged = join(d, 'r.csv.partial');
    writeFileSync(staged, parcels);
    r = await cli('vep', 'value', staged, '--context', context, '--rejected', join(d, 'r.csv'));
    refused(r, `${join(d, 'r.csv')} (--rejected)`, `${staged}, a file this command reads`);
    expect(readFileSync(staged, 'utf8')).toBe(parcels);
    expect(readFileSync(input, 'utf8')).toBe(parcels);
    expect(readdirSync(d).sort()).toEqual(['context.json', 'link.csv', 'parcels.csv', 'r.csv.partial']);
  });

  it('vep value --rejected naming a file of the out-dir: refused before the out-dir is made', async () => {
    for (const [name, format] of [
      ['results.jsonl', 'json'],
      ['summary.json', 'json'],
      ['results.csv', 'csv'],
      // the other format's results file, which --force removes
      ['results.csv', 'json'],
      ['results.jsonl.partial', 'compact'],
    ] as const) {
      const d = folder();
      const out = join(d, 'o');
      const rejected = join(out, name);
      const r = await cli(
        'vep',
        'value',
        join(VEP, 'parcels.csv'),
        '--context',
        context,
        '--out-dir',
        out,
        '--format',
        format,
        '--rejected',
        rejected,
      );
      const other = name.replace(/\.partial$/, '');
      refused(
        r,
        `${rejected} (--rejected)`,
        `${join(out, other)} (--out-dir), another output of this command`,
      );
      expect(readdirSync(d)).toEqual([]);
    }
  });

  it('vep value --out-dir --force holding the parcels file: the input is not removed', async () => {
    for (const name of ['results.jsonl', 'results.csv', 'summary.json', 'results.csv.partial']) {
      const d = folder();
      const input = join(d, name);
      writeFileSync(input, parcels);
      const r = await cli('vep', 'value', input, '--context', context, '--out-dir', d, '--force');
      refused(
        r,
        `${join(d, name.replace(/\.partial$/, ''))} (--out-dir)`,
        `${input}, a file this command reads`,
      );
      expect(readFileSync(input, 'utf8')).toBe(parcels);
      expect(readdirSync(d)).toEqual([name]);
    }
  });

  it('vep value --rejected to a device or a new file beside the parcels: written as before', async () => {
    const d = withParcels();
    const input = join(d, 'parcels.csv');
    let r = await cli('vep', 'value', input, '--context', context, '--rejected', '/dev/null');
    expect(r.err).not.toContain('OUTPUT_SAME_FILE');
    expect(r.err).toContain('VEP_PARCEL_DUPLICATE');
    r = await cli('vep', 'value', input, '--context', context, '--rejected', join(d, 'rejected.csv'));
    expect(r.err).not.toContain('OUTPUT_SAME_FILE');
    expect(readFileSync(join(d, 'rejected.csv'), 'utf8')).toContain('VEP_PARCEL_DUPLICATE');
    expect(readFileSync(input, 'utf8')).toBe(parcels);
  });

  it('--out naming the input of account, account --uncertainty, compare, report, template --from, --scenario or --price-index', async () => {
    const d = folder();
    const input = join(d, 'input.json');
    const prior = join(d, 'prior.json');
    const text = readFileSync(join(EXAMPLE, 'input.json'), 'utf8');
    writeFileSync(input, text);
    writeFileSync(prior, readFileSync(join(EXAMPLE, 'input-2021.json')));
    const scenario = join(d, 'scenario.json');
    const index = join(d, 'index.json');
    writeFileSync(scenario, '{}');
    writeFileSync(index, '{}');
    const cases: [string[], string, string][] = [
      [['account', input, '--out', input], input, input],
      [['account', input, '--uncertainty', '10', '--out', input], input, input],
      [['compare', prior, input, '--out', input], input, input],
      [
        ['report', input, '--compare', prior, '--format', 'html', '--out', prior],
        prior,
        `${prior} (--compare)`,
      ],
      [['template', '--from', input, '--out', input], input, `${input} (--from)`],
      [['account', input, '--scenario', scenario, '--out', scenario], scenario, `${scenario} (--scenario)`],
      [['compare', prior, input, '--price-index', index, '--out', index], index, `${index} (--price-index)`],
    ];
    for (const [args, output, other] of cases) {
      const r = await cli(...args);
      refused(r, `${output} (--out)`, `${other}, a file this command reads`);
    }
    expect(readFileSync(input, 'utf8')).toBe(text);
    expect(readFileSync(scenario, 'utf8')).toBe('{}');
    expect(readFileSync(index, 'utf8')).toBe('{}');
    expect(readdirSync(d).sort()).toEqual(['index.json', 'input.json', 'prior.json', 'scenario.json']);
  });

  it('raster --out naming its configuration, a layer, or a GeoTIFF of its outputs', async () => {
    const d = folder();
    const config = join(d, 'config.json');
    const text = JSON.stringify({
      ...(JSON.parse(readFileSync(join(RASTER, 'config.json'), 'utf8')) as Record<string, unknown>),
      layers: { landcover: { file: join(RASTER, 'landcover.tif') } },
      outputs: { dir: 'out', layers: ['npp'] },
    });
    writeFileSync(config, text);
    const landcover = readFileSync(join(RASTER, 'landcover.tif'));
    const cases: [string, string][] = [
      [config, `${config}, a file this command reads`],
      [
        join(RASTER, 'landcover.tif'),
        `${join(RASTER, 'landcover.tif')} (layers.landcover), a file this command reads`,
      ],
      [join(d, 'out', 'npp.tif'), `${join(d, 'out', 'npp.tif')} (outputs), another output of this command`],
    ];
    for (const [out, other] of cases) {
      const r = await cli('raster', config, '--workers', '0', '--quiet', '--out', out);
      refused(r, `${out} (--out)`, other);
    }
    expect(readFileSync(config, 'utf8')).toBe(text);
    expect(readFileSync(join(RASTER, 'landcover.tif')).equals(landcover)).toBe(true);
    expect(readdirSync(d)).toEqual(['config.json']);
  });
});
