import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main';
import { VERSION } from '../src/version';
import { ALL, tinyInput } from './helpers';

const EXAMPLE = new URL('../examples/jiangxi-county/input.json', import.meta.url).pathname;

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('gepkit CLI', () => {
  it('counts an account’s warnings by code on stderr, whatever the output (they are in full in the result)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-warn-'));
    const r = cli(['account', EXAMPLE, '--format', 'md', '--out', join(dir, 'a.md')]);
    expect(r.code).toBe(0);
    // the example carries data other profiles read (4 × INPUT_IGNORED, 1 table of forestry records) and 12 records
    // graded below "secondary"
    expect(r.err).toBe(
      "警告 17 条 / 17 warning(s): COEFFICIENT_RECORDS_UNREAD, INPUT_IGNORED ×4, GRADE_BELOW_THRESHOLD ×12 (见结果的 warnings / see the result's warnings)\n",
    );
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toContain('GRADE_BELOW_THRESHOLD');
  });
  it('accounts the example as JSON, Markdown and CSV', () => {
    const json = cli(['account', EXAMPLE, '--base-year', '2015']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.out);
    expect(result.prices.baseYear).toBe(2015);
    expect(result.indicators.map((i: { code: string }) => i.code)).toEqual([
      'M1',
      'M2',
      'M3',
      'M4',
      'M5',
      'M6',
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'R8',
      'R9',
      'C1',
    ]);

    const md = cli(['account', EXAMPLE, '--format', 'md']);
    expect(md.out).toContain('| R1 水源涵养 Water conservation |');
    expect(md.out).toContain('GEP 生态系统生产总值');
    // an override names each value with its unit, and a price with its price year
    expect(md.out).toContain(
      '| runoff-coefficients-redline@1.0.0 | example-county-local@1.0.0 | runoff.coefficient | forest.bamboo | (new) | 0.03 one | assumed |',
    );
    expect(md.out).toContain('| lyt.water_purification_cost | * | (new) | 2.1 yuan/m3 @2020 | assumed |');

    const csv = cli(['account', EXAMPLE, '--format', 'csv']);
    expect(csv.out.startsWith('\uFEFF指标 Indicator,')).toBe(true);
    expect(csv.out).toContain('\r\n');
  });

  it('writes to --out and keeps every digit with --exact', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gepkit-')), 'out.json');
    expect(cli(['account', EXAMPLE, '--exact', '--out', file]).code).toBe(0);
    const r = JSON.parse(readFileSync(file, 'utf8'));
    expect(r.rounding).toBe('exact');
  });

  it('validate refuses an input whose account would be refused (a required indicator’s data missing)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-validate-'));
    const input = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    delete input.emissions; // R4 and R5 are required in the Jiangxi profile
    const file = join(dir, 'no-emissions.json');
    writeFileSync(file, JSON.stringify(input));
    const v = cli(['validate', file]);
    expect(v.code).toBe(1);
    expect(v.err).toContain('error INDICATOR_INPUT_MISSING');
    expect(v.out).not.toContain('valid:');
    // the profile that does not compute R4 nor R5 (gbt-38582-2020, forest services) finds nothing missing
    expect(cli(['validate', file, '--profile', 'gbt-38582-2020']).code).toBe(0);
  });
  it('validates an input and prints the checks', () => {
    const v = cli(['validate', EXAMPLE]);
    expect(v.code).toBe(0);
    expect(v.out).toContain('PASS');
    expect(v.out).toContain('valid: 示例县');
  });

  it('lists and shows coefficient tables with their hashes', () => {
    const list = cli(['coefficients', 'list']);
    expect(list.out).toMatch(/rcees-2013-reference@1\.4\.0\tcoefficients\t\d+ records\tsha256:[0-9a-f]{64}/);
    expect(list.out).toContain('cn-cpi-1978@1.0.0');
    const show = JSON.parse(cli(['coefficients', 'show', 'runoff-coefficients-redline']).out);
    expect(show.records[0]).toMatchObject({ key: 'runoff.coefficient', grade: 'secondary' });
    expect(show.hash).toMatch(/^sha256:/);
  });

  it('exports the JSON Schemas of input, result and every file the other commands read', async () => {
    // schema loads gepkit/schema only when it runs: its result is a promise
    const schema = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await run(['schema', ...args], { out: (s) => (out += s), err: (s) => (err += s) });
      return { code, out, err };
    };
    const input = JSON.parse((await schema(['input'])).out);
    expect(input.title).toBe('gepkit account input');
    expect(input.required).toEqual(expect.arrayContaining(['region', 'year', 'ecosystems']));
    const result = JSON.parse((await schema(['result'])).out);
    expect(result.properties.totals).toBeDefined();
    expect((await schema(['list'])).out.trim().split('\n')).toEqual([
      'input',
      'result',
      'coefficient-table',
      'price-index',
      'scenario',
      'vep-context',
      'vep-parcel',
      'vep-package',
      'carbon-activity',
      'carbon-rules',
      'carbon-factors',
      'carbon-methodology',
      'raster-config',
    ]);
    const context = JSON.parse((await schema(['vep-context'])).out);
    expect(context.title).toBe('gepkit parcel valuation context');
    expect(context.required).toEqual(expect.arrayContaining(['region', 'year', 'valuationDate']));
    const bad = await schema(['parcel']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('CLI_USAGE');
    expect(bad.err).toContain('schema takes input, result, coefficient-table');
    expect(bad.out).toBe('');
  });

  it('lists, shows, diffs and compares profiles', () => {
    expect(cli(['profiles']).out).toMatch(/jx-db36-1402-2021@0\.3\.1\tdraft\t\d+ indicators\tsha256:/);
    expect(cli(['profiles', 'show', 'rcees-2013', '--format', 'md']).out).toContain('| M1 | 农业产品');
    const diff = JSON.parse(cli(['profiles', 'diff', 'jx-db36-1402-2021', 'ndrc-nbs-2022']).out);
    expect(diff.indicators.find((i: { code: string }) => i.code === 'R7').changes).toEqual(['inclusion']);
    expect(cli(['profiles', 'compare']).out).toContain('# Profiles compared');
  });

  it('applies --min-grade and --scenario', () => {
    expect(cli(['account', EXAMPLE, '--min-grade', 'secondary']).code).toBe(1);
    expect(cli(['account', EXAMPLE, '--min-grade', 'assumed']).code).toBe(0);
    expect(cli(['account', EXAMPLE, '--min-grade', 'good']).err).toContain('CLI_USAGE');
  });

  it('--min-grade reviews a custom indicator’s inputs: a graded one by its grade, one without as assumed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-custom-grade-'));
    const write = (name: string, inputs: Record<string, unknown>) => {
      const file = join(dir, name);
      const x1 = {
        code: 'X1',
        name: { zh: '油茶籽', en: 'Camellia oil seed' },
        category: 'material',
        unit: 't',
        inputs,
        physical: 'area * yield',
        value: 'physical * price',
        priceYear: 2020,
      };
      writeFileSync(file, JSON.stringify({ ...tinyInput(), customIndicators: [x1] }));
      return file;
    };
    const source = 'County statistical yearbook 2020, table 4-2';
    const graded = (value: string, grade: string) => ({ value, source, grade });
    const args = (file: string) => ['account', file, '--exclude', ALL.join(','), '--min-grade', 'verified'];
    // Only X1 is accounted, at the accounting year's prices: its three inputs are all that is graded.
    const ok = cli(
      args(
        write('ok.json', {
          area: graded('20', 'verified'),
          yield: graded('1.2', 'verified'),
          price: graded('9000', 'verified'),
        }),
      ),
    );
    expect(ok.code).toBe(0);
    // 20 × 1.2 = 24 t; × 9000 元/t = 216 000 元
    expect(JSON.parse(ok.out).indicators[0].value.current).toBe('216000.00');
    const assumed = cli(
      args(
        write('assumed.json', {
          area: graded('20', 'verified'),
          yield: graded('1.2', 'assumed'),
          price: graded('9000', 'verified'),
        }),
      ),
    );
    expect(assumed.code).toBe(1);
    expect(assumed.err).toContain('GRADE_BELOW_MINIMUM');
    expect(assumed.err).toContain('X1.yield @ customIndicators is assumed');
    const ungraded = cli(
      args(
        write('ungraded.json', {
          area: graded('20', 'verified'),
          yield: graded('1.2', 'verified'),
          price: '9000',
        }),
      ),
    );
    expect(ungraded.code).toBe(1);
    expect(ungraded.err).toContain(
      "X1.price (a custom indicator's input without source or grade) is assumed",
    );
  });

  it('prints help and version', () => {
    expect(cli(['--help']).out).toContain('gepkit account <input.json | input.xlsx | ->');
    expect(cli(['--version']).out.trim()).toBe(VERSION);
  });

  it('prints structured errors in both languages and exits 1', () => {
    const bad = cli(['account', EXAMPLE, '--format', 'xlsx']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('CLI_USAGE');
    expect(bad.err).toContain('命令用法错误');
    const unknownFlag = cli(['account', EXAMPLE, '--colour']);
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.err).toContain('CLI_OPTION_UNKNOWN');
    const year = cli(['account', EXAMPLE, '--base-year', 'last']);
    expect(year.code).toBe(1);
    // A year in digits only: Number() read 0x7E0 as 2016 (an account at 2016 prices), 1e3 as 1000 and "" as 0 (ten
    // PRICE_INDEX_YEAR_MISSING errors pointing at input lines).
    for (const [text, shown] of [
      ['0x7E0', '0x7E0'],
      ['1e3', '1e3'],
      ['', '""'],
    ]) {
      const r = cli(['account', EXAMPLE, '--base-year', text as string]);
      expect(r.code, text).toBe(1);
      expect(r.err).toContain(`--base-year must be a year, got ${shown}`);
      expect(r.err).not.toContain('PRICE_INDEX_YEAR_MISSING');
    }
  });
});
