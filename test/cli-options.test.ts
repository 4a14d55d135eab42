import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { CARBON_OPTIONS } from '../src/cli/carbon';
import { COMPARE_OPTIONS } from '../src/cli/compare';
import { COMMAND_HELP, HELP } from '../src/cli/help';
import { RASTER_OPTIONS } from '../src/cli/raster';
import { SERVE_OPTIONS } from '../src/cli/serve';
import { REPORT_OPTIONS } from '../src/cli/report';
import { VEP_OPTIONS } from '../src/cli/vep';
import { WORKER_OPTIONS } from '../src/cli/worker';
import { APPLIES, OPTIONS, run, runCli } from '../src/cli/main';
import { parseCommandArgs } from '../src/cli/shared';

const EXAMPLE = new URL('../examples/jiangxi-county/input.json', import.meta.url).pathname;
const CARBON = new URL('../examples/carbon/activities.jsonl', import.meta.url).pathname;
const CARBON_RULES = new URL('../examples/carbon/rules.json', import.meta.url).pathname;

function cli(args: string[], stdin?: Uint8Array) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    ...(stdin !== undefined ? { stdin: () => stdin } : {}),
  }) as number;
  return { code, out: out.join(''), err: err.join('') };
}

describe('the command line refuses what it would otherwise ignore', () => {
  it('an unknown option, with the closest known one of the command, in Chinese and English', () => {
    const typo = cli(['account', EXAMPLE, '--base-yaer', '2015']);
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('CLI_OPTION_UNKNOWN');
    expect(typo.err).toContain('命令 account 没有选项 --base-yaer');
    expect(typo.err).toContain('The command account has no option --base-yaer');
    expect(typo.err).toContain('Did you mean --base-year?');
    const far = cli(['account', EXAMPLE, '--bogus']);
    expect(far.err).toContain('CLI_OPTION_UNKNOWN');
    expect(far.err).not.toContain('Did you mean');
  });

  it('an option the command does not read', () => {
    const r = cli(['validate', EXAMPLE, '--format', 'csv']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('CLI_OPTION_NOT_APPLICABLE');
    expect(r.err).toContain('选项 --format 不适用于命令 validate');
    // The same option is fine where it applies.
    expect(cli(['profiles', 'show', 'mee-2020', '--format', 'md']).code).toBe(0);
  });

  it('an option a vep subcommand does not read (ignored, exit 0, before)', async () => {
    for (const [args, command, option] of [
      [['vep', 'allocate', 'p.json', '--format', 'bogus'], 'vep allocate', '--format'],
      [['vep', 'change', 'a.json', 'b.json', '--price-year', '2020'], 'vep change', '--price-year'],
      [['vep', 'reconcile', 'r.jsonl', 'a.json', '--prices', 'comparable'], 'vep reconcile', '--prices'],
      [['vep', 'value', 'p.csv', '--context', 'c.json', '--prices', 'bogus'], 'vep value', '--prices'],
    ] as const) {
      const err: string[] = [];
      const code = await runCli([...args], { out: () => undefined, err: (s) => err.push(s) });
      expect(code, args.join(' ')).toBe(1);
      expect(err.join('')).toContain('CLI_OPTION_NOT_APPLICABLE');
      expect(err.join('')).toContain(`The option ${option} does not apply to ${command}`);
    }
  });

  it('an option a form of carbon (a run, verify of a file or of a stored ledger) does not read', async () => {
    for (const [args, command, option] of [
      [['carbon', 'verify', 'l.jsonl', '--partitions', '3'], 'carbon verify', '--partitions'],
      [['carbon', 'verify', 'l.jsonl', '--out-dir', 'd'], 'carbon verify', '--out-dir'],
      [['carbon', 'verify', 'l.jsonl', '--factors', 'f.json'], 'carbon verify', '--factors'],
      [['carbon', 'verify', 'l.jsonl', '--public-key', 'k.pem'], 'carbon verify', '--public-key'],
      // A stored ledger: the options of a run's re-execution apply with --activities only.
      [['carbon', 'verify', '--ledger', 'dir', '--methodology', 'm.json'], 'carbon verify', '--methodology'],
      [['carbon', 'verify', '--ledger', 'dir', '--id-store', 'ids'], 'carbon verify', '--id-store'],
      [
        ['carbon', 'verify', '--ledger', 'dir', '--activities', 'a.jsonl', '--out-dir', 'd'],
        'carbon verify',
        '--out-dir',
      ],
      [['carbon', 'a.jsonl', '--anchor', 'x'], 'carbon', '--anchor'],
      [['carbon', 'a.jsonl', '--public-key', 'k.pem'], 'carbon', '--public-key'],
    ] as const) {
      const err: string[] = [];
      const code = await runCli([...args], { out: () => undefined, err: (s) => err.push(s) });
      expect(code, args.join(' ')).toBe(1);
      expect(err.join(''), args.join(' ')).toContain('CLI_OPTION_NOT_APPLICABLE');
      expect(err.join('')).toContain(`The option ${option} does not apply to ${command}`);
    }
  });

  it('carbon verify reads its own options: --anchor, --rules and --id-store of a ledger file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-carbon-applies-'));
    const call = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
      return { code, out: out.join(''), err: err.join('') };
    };
    const run = await call([
      'carbon',
      CARBON,
      '--rules',
      CARBON_RULES,
      '--reductions',
      'when-available',
      '--out-dir',
      dir,
    ]);
    expect(run.code, run.err).toBe(0);
    const v = await call([
      'carbon',
      'verify',
      join(dir, 'ledger.jsonl'),
      '--anchor',
      join(dir, 'summary.json'),
      '--rules',
      CARBON_RULES,
      '--id-store',
      join(dir, 'ids'),
    ]);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out).ok).toBe(true);
  }, 60_000);

  it('arguments beyond those a command takes (an extra file was ignored, exit 0)', () => {
    for (const [args, detail] of [
      [['validate', EXAMPLE, 'garbage-extra'], 'gepkit validate takes at most 1; left over: garbage-extra'],
      [['account', EXAMPLE, '/nonexistent'], 'gepkit account takes at most 1; left over: /nonexistent'],
      [['schema', 'input', 'extra'], 'gepkit schema takes at most 1; left over: extra'],
      [['template', '--out', '/tmp/t.xlsx', 'extra'], 'gepkit template takes no arguments; left over: extra'],
      [['profiles', 'diff', 'a', 'b', 'c'], 'gepkit profiles takes at most 3; left over: c'],
    ] as const) {
      const r = cli([...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toContain('CLI_USAGE');
      expect(r.err).toContain(detail);
    }
  });

  it('report and account --uncertainty refuse a second file too', async () => {
    for (const args of [
      ['report', EXAMPLE, 'extra', '--out', '/tmp/never.html'],
      ['account', EXAMPLE, 'extra', '--uncertainty', '10'],
    ]) {
      const err: string[] = [];
      const code = await runCli(args, { out: () => undefined, err: (s) => err.push(s) });
      expect(code, args.join(' ')).toBe(1);
      expect(err.join('')).toContain(`gepkit ${args[0]} takes at most 1; left over: extra`);
    }
  });

  it('report: the format follows the name of --out, and a name that says another format is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-format-'));
    const runReport = async (...args: string[]) => {
      const err: string[] = [];
      const code = await runCli(['report', EXAMPLE, ...args], {
        out: () => undefined,
        err: (s) => err.push(s),
      });
      return { code, err: err.join('') };
    };
    // Named .docx, no --format: a Word file (a zip, "PK"), where it was a web page named .docx.
    expect((await runReport('--out', join(dir, 'r.docx'))).code).toBe(0);
    expect(readFileSync(join(dir, 'r.docx')).subarray(0, 2).toString()).toBe('PK');
    expect((await runReport('--out', join(dir, 'r.htm'))).code).toBe(0);
    expect(readFileSync(join(dir, 'r.htm'), 'utf8')).toMatch(/^<!doctype html>/i);
    for (const [args, detail] of [
      [['--out', join(dir, 'a.html'), '--format', 'docx'], '--format docx writes a docx report, but --out'],
      [['--out', join(dir, 'a.pdf')], 'name the report .html or .docx, or give --format html or docx'],
    ] as const) {
      const r = await runReport(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toContain('CLI_USAGE');
      expect(r.err).toContain(detail);
    }
    expect(readdirSync(dir).sort()).toEqual(['r.docx', 'r.htm']);
    // Another name with --format is written as asked; a name without an extension (a device) is a web page.
    expect((await runReport('--out', join(dir, 'r.txt'), '--format', 'html')).code).toBe(0);
    expect((await runReport('--out', join(dir, 'page'))).code).toBe(0);
    expect(readFileSync(join(dir, 'page'), 'utf8')).toMatch(/^<!doctype html>/i);
  }, 60_000);

  it('--uncertainty and --sobol beyond their bounds (a RangeError of a 40 × 10⁹ array before)', async () => {
    for (const [args, detail] of [
      [
        ['--uncertainty', '1000000000'],
        '--uncertainty must be an integer from 2 to 1,000,000, got 1000000000',
      ],
      [['--uncertainty', '10', '--sobol=-3'], '--sobol must be an integer from 2 to 100,000, got -3'],
    ] as const) {
      const err: string[] = [];
      const code = await runCli(['account', EXAMPLE, ...args], {
        out: () => undefined,
        err: (s) => err.push(s),
      });
      expect(code, args.join(' ')).toBe(1);
      expect(err.join('')).toContain('CLI_USAGE');
      expect(err.join('')).toContain(detail);
      expect(err.join('')).not.toContain('RangeError');
    }
  });

  it('the counts and the seed of the draws are plain decimal integers in range, else refused by name', async () => {
    for (const [args, detail, zh] of [
      [
        ['--uncertainty', '5', '--seed', ''],
        '--seed must be an integer from 0 to 4,294,967,295, got ""',
        '--seed 须为 0 到 4,294,967,295 的整数（十进制数字），实际为 ""',
      ],
      [['--uncertainty', '5', '--seed', '0x10'], 'got 0x10', '实际为 0x10'],
      [['--uncertainty', '5', '--seed=-1'], 'got -1', '实际为 -1'],
      [['--uncertainty', '5', '--seed', '4294967296'], 'got 4294967296', '实际为 4294967296'],
      [
        ['--uncertainty', '1e3'],
        '--uncertainty must be an integer from 2 to 1,000,000, got 1e3',
        '--uncertainty 须为 2 到 1,000,000 的整数',
      ],
      [['--uncertainty', '1'], '--uncertainty must be an integer from 2 to 1,000,000, got 1', '实际为 1'],
      [['--uncertainty', ' 5'], '--uncertainty must be an integer from 2 to 1,000,000, got  5', '实际为  5'],
      [
        ['--uncertainty', '5', '--sobol', '10.0'],
        '--sobol must be an integer from 2 to 100,000, got 10.0',
        '实际为 10.0',
      ],
      [
        ['--uncertainty', '5', '--tornado-percent', '0x10'],
        '--tornado-percent must be a number of percent written in digits (10, 2.5), got 0x10',
        '须为以数字书写的百分数（如 10、2.5），实际为 0x10',
      ],
      [
        ['--uncertainty', '5', '--tornado-percent', '1e1'],
        '--tornado-percent must be a number of percent written in digits (10, 2.5), got 1e1',
        '实际为 1e1',
      ],
      [
        ['--uncertainty', '5', '--tornado-percent', '100'],
        '--tornado-percent must be between 0 and 100, got 100',
        '须在 0 与 100 之间，实际为 100',
      ],
    ] as const) {
      const err: string[] = [];
      const code = await runCli(['account', EXAMPLE, ...args], {
        out: () => undefined,
        err: (s) => err.push(s),
      });
      expect(code, args.join(' ')).toBe(1);
      expect(err.join(''), args.join(' ')).toContain('CLI_USAGE');
      expect(err.join(''), args.join(' ')).toContain(detail);
      expect(err.join(''), args.join(' ')).toContain(zh);
    }
  });

  it('--seed, --tornado, --tornado-percent and --sobol without --uncertainty say that they need it', async () => {
    for (const [args, named] of [
      [['account', EXAMPLE, '--seed', '7'], '--seed'],
      [['account', EXAMPLE, '--sobol', '10', '--tornado'], '--tornado, --sobol'],
      [['account', EXAMPLE, '--tornado-percent=10'], '--tornado-percent'],
      [
        ['report', EXAMPLE, '--seed', '7', '--tornado', '--sobol', '100', '--out', '/tmp/never.html'],
        '--seed, --tornado, --sobol',
      ],
    ] as const) {
      const err: string[] = [];
      const code = await runCli([...args], { out: () => undefined, err: (s) => err.push(s) });
      expect(code, args.join(' ')).toBe(1);
      expect(err.join('')).toContain(`--uncertainty N (the number of draws) is needed with ${named}`);
      expect(err.join('')).toContain(`${named} 需要同时给出 --uncertainty N（抽样次数）`);
      expect(err.join('')).not.toContain('CLI_OPTION_UNKNOWN');
    }
    // run(), the synchronous entry, routes them alike.
    const err: string[] = [];
    expect(
      await run(['account', EXAMPLE, '--seed', '7'], { out: () => undefined, err: (s) => err.push(s) }),
    ).toBe(1);
    expect(err.join('')).toContain('is needed with --seed');
  });

  it('account --uncertainty counts its warnings on standard error as account does; the seed is 1 by default', async () => {
    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await runCli(['account', EXAMPLE, '--uncertainty', '5'], io)).toBe(0);
    const plain = cli(['account', EXAMPLE]);
    expect(plain.err).toMatch(/^警告 \d+ 条 \/ \d+ warning\(s\): /);
    expect(err.join('')).toBe(plain.err);
    expect(JSON.parse(out.join('')).uncertainty.seed).toBe(1);
  }, 60_000);

  it('report refuses --sobol, whose indices it does not show', async () => {
    const err: string[] = [];
    const args = ['report', EXAMPLE, '--uncertainty', '5', '--sobol', '100', '--out', '/tmp/never.html'];
    expect(await runCli(args, { out: () => undefined, err: (s) => err.push(s) })).toBe(1);
    expect(err.join('')).toContain(
      '--sobol is not shown in a report: compute Sobol indices with gepkit account --uncertainty N --sobol M',
    );
  });

  it('an indicator code the account does not have, with the closest one', () => {
    const r = cli(['account', EXAMPLE, '--exclude', 'R99']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INDICATOR_UNKNOWN');
    expect(r.err).toContain('未知指标代码“R99”');
    expect(r.err).toContain('Did you mean R9?');
  });
});

describe('per-command help and standard input', () => {
  it('gepkit <command> --help lists every option the command reads', () => {
    for (const [command, text] of Object.entries(COMMAND_HELP)) {
      const r = cli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(text);
    }
    const help = cli(['account', '--help']).out;
    for (const flag of [
      '--format',
      '--table',
      '--base-year',
      '--profile',
      '--exclude',
      '--min-grade',
      '--scenario',
    ])
      expect(help).toContain(flag);
    for (const flag of ['--type-map', '--exact', '--out']) expect(help).toContain(flag);
    for (const flag of ['--uncertainty N', '--seed S', '--tornado ', '--tornado-percent P', '--sobol N'])
      expect(help).toContain(flag);
  });

  it('- reads the input from standard input, with the same result as the file', () => {
    const bytes = readFileSync(EXAMPLE);
    const r = cli(['account', '-', '--base-year', '2015'], bytes);
    expect(r.code).toBe(0);
    const expected = account(JSON.parse(bytes.toString('utf8')), { baseYear: 2015 });
    expect(JSON.parse(r.out).totals.gep).toEqual(expected.totals.gep);
    expect(cli(['validate', '-'], bytes).code).toBe(0);
    const bad = cli(['account', '-'], new TextEncoder().encode('{ "region": '));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('INPUT_NOT_JSON');
    expect(bad.err).toContain('standard input');
  });
});

describe('every command refuses an unknown option with the closest one it has', () => {
  it('carbon, vep, raster, report, account --uncertainty and compare', async () => {
    const { runCli } = await import('../src/cli/main');
    const cli = async (args: string[]) => {
      const err: string[] = [];
      const code = await runCli(args, { out: () => undefined, err: (s) => err.push(s) });
      return { code, err: err.join('') };
    };
    const cases: [string[], string, string][] = [
      [['carbon', 'a.jsonl', '--rule', 'x'], 'carbon', '--rules'],
      [['vep', 'value', 'p.csv', '--contxt', 'c.json'], 'vep', '--context'],
      [['raster', 'c.json', '--worker', '2'], 'raster', '--workers'],
      [['report', EXAMPLE, '--outt', 'r.html'], 'report', '--out'],
      [['account', EXAMPLE, '--uncertainty', '10', '--sed', '7'], 'account --uncertainty', '--seed'],
      [['compare', EXAMPLE, EXAMPLE, '--base-yaer', '2020'], 'compare', '--base-year'],
      [['worker', '--queu', 'redis://127.0.0.1:1'], 'worker', '--queue'],
    ];
    for (const [args, command, suggestion] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toContain('CLI_OPTION_UNKNOWN');
      expect(r.err).toContain(`命令 ${command} 没有选项`);
      expect(r.err).toContain(`Did you mean ${suggestion}?`);
    }
  });
});

describe('the top-level help', () => {
  /** Every option each command's parser accepts, by command. */
  const parsed: Record<string, readonly string[]> = {
    ...APPLIES,
    // account with --uncertainty or an option of its draws is parsed by report.ts
    account: [...(APPLIES.account ?? []), 'uncertainty', 'seed', 'tornado', 'tornado-percent', 'sobol'],
    report: Object.keys(REPORT_OPTIONS),
    raster: Object.keys(RASTER_OPTIONS),
    vep: Object.keys(VEP_OPTIONS),
    carbon: Object.keys(CARBON_OPTIONS),
    serve: Object.keys(SERVE_OPTIONS),
    worker: Object.keys(WORKER_OPTIONS),
    // compare parses --exact only to refuse it (it always accounts exactly), so its help does not offer it.
    compare: Object.keys(COMPARE_OPTIONS).filter((o) => o !== 'exact'),
  };

  it('lists every command, and every option a command parses is in its help and in the top-level help', () => {
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(COMMAND_HELP).sort());
    for (const [command, options] of Object.entries(parsed)) {
      expect(HELP).toContain(`gepkit ${command}`);
      for (const o of options.filter((x) => x !== 'help')) {
        expect(COMMAND_HELP[command], `${command} --${o}`).toContain(`--${o}`);
        expect(HELP, `${command} --${o}`).toContain(`--${o}`);
      }
    }
  });

  it('the flags the top-level help lists for a command are flags it parses', () => {
    // The help's flags line takes every --flag of the command's help text: a flag of another command named in a
    // description (schema's "gepkit carbon --rules") was listed as schema's, which schema refuses.
    for (const [command, options] of Object.entries(parsed)) {
      const named = new Set(COMMAND_HELP[command]?.match(/--[a-z][a-z0-9-]*/g) ?? []);
      named.delete('--help');
      const extra = [...named].filter((f) => !options.includes(f.slice(2)));
      expect(extra, command).toEqual([]);
    }
  });

  it('names what it used to leave out: carbon verify, --out-dir, --no-fast, --prices, --quiet, template', () => {
    for (const s of [
      'gepkit carbon verify',
      '--out-dir',
      '--no-fast',
      '--prices',
      '--quiet',
      'gepkit template',
    ])
      expect(HELP).toContain(s);
  });

  it('gepkit --help prints it, and each command prints its own text', async () => {
    const r = cli(['--help']);
    expect(r.out.trim()).toBe(HELP);
    const out: string[] = [];
    expect(await runCli(['carbon', '--help'], { out: (s) => out.push(s), err: () => undefined })).toBe(0);
    expect(out.join('').trim()).toBe(COMMAND_HELP.carbon);
  });
});

describe('an option given twice', () => {
  /** Every command's option table, as its parser reads it. */
  const tables: Record<string, NonNullable<Parameters<typeof parseCommandArgs>[2]>> = {
    account: OPTIONS,
    report: REPORT_OPTIONS,
    compare: COMPARE_OPTIONS,
    raster: RASTER_OPTIONS,
    vep: VEP_OPTIONS,
    carbon: CARBON_OPTIONS,
    serve: SERVE_OPTIONS,
    worker: WORKER_OPTIONS,
  };

  it('is refused unless the option is repeatable; a repeatable one keeps every value, in order', () => {
    const repeatable: string[] = [];
    for (const [command, options] of Object.entries(tables))
      for (const [name, o] of Object.entries(options)) {
        const twice =
          o.type === 'boolean' ? [`--${name}`, `--${name}`] : [`--${name}`, 'a', `--${name}`, 'b'];
        if (o.multiple === true) {
          repeatable.push(`${command} --${name}`);
          expect(parseCommandArgs(command, twice, options).values[name], `${command} --${name}`).toEqual([
            'a',
            'b',
          ]);
          continue;
        }
        const given = o.type === 'boolean' ? `--${name}, then --${name}` : `--${name} a, then --${name} b`;
        expect(() => parseCommandArgs(command, twice, options), `${command} --${name}`).toThrow(
          `--${name} is given twice (${given}): give it once`,
        );
      }
    // The repeatable options: those the help marks repeatable (or FILE...), and no other.
    expect(repeatable).toEqual([
      'account --type-map',
      'account --price-index',
      'account --deflator',
      'report --type-map',
      'report --price-index',
      'report --deflator',
      'compare --type-map',
      'compare --price-index',
      'compare --deflator',
      'carbon --rules',
      'carbon --factors',
      'carbon --methodology',
      'carbon --public-key',
      'carbon --activities',
      'serve --cors',
    ]);
  });

  it('a short and a long form of one option are the same option; --opt=v counts as given', () => {
    expect(() => parseCommandArgs('raster', ['-q', '--quiet'], RASTER_OPTIONS)).toThrow(
      '--quiet is given twice (-q, then --quiet): give it once',
    );
    expect(() => parseCommandArgs('account', ['--format=json', '--format', 'md'], OPTIONS)).toThrow(
      '--format is given twice (--format json, then --format md): give it once',
    );
  });

  it('each command family refuses a flag given twice and takes a repeatable one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-twice-'));
    const call = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
      return { code, out: out.join(''), err: err.join('') };
    };
    const twice: [string[], string][] = [
      [
        ['account', EXAMPLE, '--format', 'json', '--format', 'md', '--out', join(dir, 'a.md')],
        '--format is given twice (--format json, then --format md)',
      ],
      [['validate', EXAMPLE, '--profile', 'a', '--profile', 'b'], '--profile is given twice'],
      [
        ['report', EXAMPLE, '--out', join(dir, 'r1.html'), '--out', join(dir, 'r2.html')],
        '--out is given twice',
      ],
      [['account', EXAMPLE, '--uncertainty', '10', '--seed', '1', '--seed', '2'], '--seed is given twice'],
      [['compare', EXAMPLE, EXAMPLE, '--format', 'md', '--format', 'csv'], '--format is given twice'],
      [
        ['carbon', CARBON, '--rules', CARBON_RULES, '--rules', 'jx-lvbao-example'],
        'a run writes under one rule set: give --rules once, not 2 times',
      ],
      [
        ['carbon', 'verify', 'l.jsonl', '--anchor', 'a.json', '--anchor', 'b.json'],
        '--anchor is given twice',
      ],
      [['vep', 'value', 'p.jsonl', '--format', 'csv', '--format', 'json'], '--format is given twice'],
      [['raster', 'c.json', '--workers', '1', '--workers', '2'], '--workers is given twice'],
      [
        ['worker', '--queue', 'redis://127.0.0.1:1', '--queue', 'redis://127.0.0.1:2'],
        '--queue is given twice',
      ],
      [['serve', '--port', '1', '--port', '2'], '--port is given twice'],
    ];
    for (const [args, detail] of twice) {
      const r = await call(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toContain('CLI_USAGE');
      expect(r.err, args.join(' ')).toContain(detail);
    }
    // Nothing was written for the refused runs.
    expect(readdirSync(dir)).toEqual([]);
    // Repeatable: --type-map (account, validate, compare, report share it) and carbon's --factors.
    const typeMaps = ['--type-map', '0301=forest.coniferous', '--type-map', '0302=forest.mixed'];
    expect((await call(['validate', EXAMPLE, ...typeMaps])).code).toBe(0);
    expect((await call(['compare', EXAMPLE, EXAMPLE, '--format', 'md', ...typeMaps])).code).toBe(0);
    const factors = (id: string, key: string) => {
      const f = join(dir, `${id}.json`);
      writeFileSync(
        f,
        JSON.stringify({
          kind: 'carbon-factors',
          id,
          version: '1.0.0',
          title: { zh: '测试', en: 'Test' },
          dataYear: null,
          publication: { document: 'test' },
          factors: [
            {
              key,
              value: '1',
              unit: 'g_CO2/pkm',
              kind: 'emission',
              source: { document: 'test' },
              grade: 'assumed',
            },
          ],
        }),
      );
      return f;
    };
    const r = await call([
      'carbon',
      CARBON,
      '--rules',
      CARBON_RULES,
      '--factors',
      factors('one', 'travel.one.emission'),
      '--factors',
      factors('two', 'travel.two.emission'),
      '--out-dir',
      join(dir, 'co'),
    ]);
    // Both sets are read, in the order given, before the bundled ones (the walking line needs a factor none has).
    expect(r.err).toContain('factor sets searched: one@1.0.0, two@1.0.0, shenzhen-travel-2021@1.1.0');
  }, 60_000);
});
