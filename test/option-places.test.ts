/**
 * Issues about what the options bring (tables, price indices, deflator rules, a scenario and what it holds) are
 * placed where it was given: `options…`, `scenario…`, or the file the command line read it from, never at a path of
 * the input that does not exist (docs/errors.md, Places).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { compare } from '../src/account/compare';
import { run } from '../src/cli/main';
import { uncertainty } from '../src/uncertainty';
import { errorOf, some, tinyInput, userTable } from './helpers';

const CPI = JSON.parse(
  readFileSync(new URL('../coefficients/price-index/cn-cpi-1978.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
/** The bundled CPI renamed (a bundled id is reserved) and without its vintage: TABLE_INVALID at `vintage`. */
const noVintage = (): Record<string, unknown> => {
  const { vintage: _v, ...rest } = CPI;
  return { ...rest, id: 'my-cpi' };
};
/** A reservoir price of −8 yuan/m³: NEGATIVE_VALUE at its first record's value. */
const negative = userTable('neg', [
  { key: 'price.reservoir_storage', value: '-8', unit: 'yuan/m3', priceYear: 2010 },
]);
const scenarioOf = (more: Record<string, unknown>) => ({
  kind: 'scenario',
  id: 's',
  version: '1.0.0',
  title: { zh: '情景', en: 'Scenario' },
  ...more,
});

describe('issues about the options are placed where they were given', () => {
  it("a price index or table of the options is at options…; a scenario's at scenario…", () => {
    // tinyInput has one table of its own (overrides.tables[0]): the scenario's first is not overrides.tables[1].
    expect((tinyInput().overrides as { tables: unknown[] }).tables).toHaveLength(1);
    expect(errorOf(() => account(tinyInput(), { priceIndices: [noVintage()] })).path).toEqual([
      'options',
      'priceIndices',
      0,
      'vintage',
    ]);
    expect(errorOf(() => account(tinyInput(), { tables: [negative] })).path).toEqual([
      'options',
      'tables',
      0,
      'records',
      0,
      'value',
    ]);
    const s = scenarioOf({ tables: [negative], priceIndices: [noVintage()] });
    expect(errorOf(() => account(tinyInput(), { scenario: s })).issues.map((i) => [i.code, i.path])).toEqual([
      ['NEGATIVE_VALUE', ['scenario', 'tables', 0, 'records', 0, 'value']],
    ]);
    expect(
      errorOf(() => account(tinyInput(), { scenario: scenarioOf({ priceIndices: [noVintage()] }) })).path,
    ).toEqual(['scenario', 'priceIndices', 0, 'vintage']);
    // The caller's own come after the scenario's in the account, each at its own place.
    expect(
      errorOf(() => account(tinyInput(), { scenario: scenarioOf({}), tables: [negative] })).path,
    ).toEqual(['options', 'tables', 0, 'records', 0, 'value']);
  });

  it('places name the files: the scenario, each table and price index', () => {
    const places = { scenario: ['s.json'], tables: [['t.json']], priceIndices: [['my-cpi.json']] };
    expect(errorOf(() => account(tinyInput(), { priceIndices: [noVintage()], places })).path).toEqual([
      'my-cpi.json',
      'vintage',
    ]);
    expect(errorOf(() => account(tinyInput(), { tables: [negative], places })).path).toEqual([
      't.json',
      'records',
      0,
      'value',
    ]);
    expect(
      errorOf(() => account(tinyInput(), { scenario: scenarioOf({ tables: [negative] }), places })).path,
    ).toEqual(['s.json', 'tables', 0, 'records', 0, 'value']);
    // The scenario's own schema problems too (SCENARIO_INVALID).
    expect(errorOf(() => account(tinyInput(), { scenario: { kind: 'scenario' }, places })).path[0]).toBe(
      's.json',
    );
  });

  it("warnings about the scenario's tables, indices, rules and codes are at the scenario", () => {
    const unread = userTable('typo', [
      { key: 'price.reservior_storage', value: '8', unit: 'yuan/m3', priceYear: 2020 },
    ]);
    const index = { ...CPI, id: 'my-cpi' };
    const s = scenarioOf({
      tables: [unread],
      priceIndices: [index],
      deflators: [{ match: 'price.nothing', index: 'cn-cpi-1978' }],
    });
    // (tinyInput's own table has records R1 does not read: its warning is at overrides.tables[0], left out here.)
    const r = some(['R1'], tinyInput(), { scenario: s, places: { scenario: ['s.json'] } });
    expect(
      r.warnings
        .filter(
          (w) =>
            w.path[0] !== 'overrides' &&
            ['COEFFICIENT_RECORDS_UNREAD', 'PRICE_INDEX_UNUSED', 'DEFLATOR_RULE_UNUSED'].includes(w.code),
        )
        .map((w) => [w.code, w.path]),
    ).toEqual([
      ['PRICE_INDEX_UNUSED', ['s.json', 'priceIndices', 0]],
      ['COEFFICIENT_RECORDS_UNREAD', ['s.json', 'tables', 0]],
      ['DEFLATOR_RULE_UNUSED', ['s.json', 'deflators', 0]],
    ]);
    // A code the account does not have: the scenario's exclude and methods, the caller's exclude after them.
    const codes = errorOf(() =>
      account(tinyInput(), {
        scenario: scenarioOf({ exclude: ['R99'], methods: { R77: 'x@1' } }),
        exclude: ['R98'],
      }),
    ).issues.filter((i) => i.code === 'INDICATOR_UNKNOWN');
    expect(codes.map((i) => i.path)).toEqual([
      ['scenario', 'exclude', 0],
      ['options', 'exclude', 0],
      ['scenario', 'methods', 'R77'],
    ]);
    // The profile's deflator rules are the profile's (an unknown index there is at profile.deflators[i]); the
    // caller's at options.deflators[i].
    expect(
      errorOf(() => account(tinyInput(), { deflators: [{ match: 'price.', index: 'no-such-index' }] })).path,
    ).toEqual(['options', 'deflators', 0, 'index']);
  });

  it('a switch the method refuses is at the switch, where the caller or the scenario wrote it', () => {
    const at = (options: Parameters<typeof account>[1]) =>
      errorOf(() => account(tinyInput(), options)).issues.map((i) => [i.code, i.path]);
    // A misspelt switch (negativeTermz for negativeTerms) was reported at profile.indicators[6].switches.
    expect(at({ switches: { R1: { negativeTermz: 'zero' } } })).toEqual([
      ['SWITCH_INVALID', ['options', 'switches', 'R1', 'negativeTermz']],
    ]);
    expect(at({ switches: { R1: { negativeTerms: 'ignore' } } })).toEqual([
      ['SWITCH_INVALID', ['options', 'switches', 'R1', 'negativeTerms']],
    ]);
    // The scenario's switch, in its file; the caller's other switch of the same indicator does not move it.
    const scenario = scenarioOf({ switches: { R1: { negativeTerms: 'ignore' } } });
    expect(at({ scenario, places: { scenario: ['s.json'] }, switches: { R1: {} } })).toEqual([
      ['SWITCH_INVALID', ['s.json', 'switches', 'R1', 'negativeTerms']],
    ]);
  });

  it("a record's invalid distribution is at the record, in the file it came from", () => {
    // The reservoir price 7 yuan/m³ with a triangular 8 … 9 that does not hold it (min ≤ value ≤ max).
    const table = {
      ...userTable('res-unc', [
        {
          key: 'price.reservoir_storage',
          value: '7',
          unit: 'yuan/m3',
          priceYear: 2010,
          uncertainty: {
            distribution: 'triangular',
            min: '8',
            max: '9',
            source: { document: 'test' },
            grade: 'assumed',
          },
        },
      ]),
      overlays: 'rcees-2013-reference',
    };
    const issue = (account: Parameters<typeof uncertainty>[1]['account']) =>
      errorOf(() => uncertainty(tinyInput(), { draws: 2, account })).issues[0];
    expect(
      issue({ scenario: scenarioOf({ tables: [table] }), places: { scenario: ['s.json'] } }),
    ).toMatchObject({
      code: 'UNCERTAINTY_INVALID',
      path: ['s.json', 'tables', 0, 'records', 0, 'uncertainty'],
    });
    expect(issue({ tables: [table] })?.path).toEqual(['options', 'tables', 0, 'records', 0, 'uncertainty']);
    const input = tinyInput() as { overrides: { tables: unknown[] } };
    input.overrides.tables.push(table);
    expect(errorOf(() => uncertainty(input, { draws: 2 })).path).toEqual([
      'overrides',
      'tables',
      1,
      'records',
      0,
      'uncertainty',
    ]);
  });

  it('the command line names the --price-index and --scenario files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-places-'));
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify(tinyInput()));
    const cli = (args: string[]) => {
      const err: string[] = [];
      const code = run(args, { out: () => undefined, err: (s) => err.push(s) }) as number;
      return { code, err: err.join('') };
    };
    const index = join(dir, 'my-cpi.json');
    writeFileSync(index, JSON.stringify(noVintage()));
    const bad = cli(['account', input, '--price-index', index]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`error TABLE_INVALID\n  at ${index}.vintage\n`);
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify(scenarioOf({ tables: [negative] })));
    const neg = cli(['account', input, '--scenario', scenario]);
    expect(neg.code).toBe(1);
    expect(neg.err).toContain(`error NEGATIVE_VALUE\n  at ${scenario}.tables[0].records[0].value\n`);
  });
});

describe('an indicator left out says who left it out', () => {
  const reasonOf = (r: { skipped: { code: string; reason: string }[] }, code: string) =>
    r.skipped.find((x) => x.code === code)?.reason;
  it('the scenario when only its exclude names the code, the caller when the caller names it too', () => {
    const s = scenarioOf({ exclude: ['M5'] });
    expect(reasonOf(account(tinyInput(), { scenario: s }), 'M5')).toBe('excluded by the scenario');
    expect(reasonOf(account(tinyInput(), { scenario: s, places: { scenario: ['s.json'] } }), 'M5')).toBe(
      'excluded by the scenario',
    );
    expect(reasonOf(account(tinyInput(), { scenario: s, exclude: ['M5'] }), 'M5')).toBe(
      'excluded by the caller',
    );
    expect(reasonOf(account(tinyInput(), { exclude: ['M5'] }), 'M5')).toBe('excluded by the caller');
  });
});

describe('uncertainty options given by the caller', () => {
  it('a distribution, a default or an input’s distribution is checked at its place under the options', () => {
    const path = (options: Record<string, unknown>) =>
      errorOf(() => uncertainty(tinyInput(), { draws: 2, ...options })).issues.map((i) => [i.code, i.path]);
    expect(path({ distributions: { 'price.x': { distribution: 'uniform', min: 1.8, max: 0.2 } } })).toEqual([
      ['UNCERTAINTY_INVALID', ['distributions', 'price.x']],
    ]);
    expect(path({ defaults: { assumed: { distribution: 'normal', sd: -1 } } })).toEqual([
      ['UNCERTAINTY_INVALID', ['defaults', 'assumed', 'sd']],
    ]);
    // A grade misspelt was ignored, the built-in default applied.
    expect(path({ defaults: { assumd: { distribution: 'normal', sd: 0.1 } } })).toEqual([
      ['UNCERTAINTY_INVALID', ['defaults', 'assumd']],
    ]);
    expect(
      path({
        inputs: [{ path: ['year'], distribution: { distribution: 'pert', min: 1, mode: 0.5, max: 2 } }],
      }),
    ).toEqual([['UNCERTAINTY_INVALID', ['inputs', 0, 'distribution']]]);
  });
});

describe('options that are not what compare() and uncertainty() read', () => {
  it('are refused at their place, never a TypeError', () => {
    const input = tinyInput();
    const codes = (f: () => unknown) => errorOf(f).issues.map((i) => [i.code, i.path, i.params?.detail]);
    expect(codes(() => compare(input, input, null as never))).toEqual([
      ['OPTIONS_INVALID', ['options'], 'expected object, received null'],
    ]);
    // baseyear for baseYear: was ignored.
    expect(codes(() => compare(input, input, { baseyear: 2015 } as never))).toEqual([
      ['OPTIONS_INVALID', ['options'], 'Unrecognized key: "baseyear"'],
    ]);
    expect(codes(() => compare(input, input, { baseYear: '2015' } as never))).toEqual([
      ['OPTIONS_INVALID', ['options', 'baseYear'], 'expected number, received string'],
    ]);
    expect(codes(() => compare(input, input, { baseYear: 2015.5 }))[0]?.[1]).toEqual(['options', 'baseYear']);
    expect(codes(() => compare(input, input, { account: 'x' } as never))[0]?.[1]).toEqual([
      'options',
      'account',
    ]);
    // Two base years: options.baseYear silently won over account.baseYear.
    const conflict = errorOf(() =>
      compare(input, input, { baseYear: 2015, account: { baseYear: 2010 } as never }),
    );
    expect(conflict.issues.map((i) => [i.code, i.path, i.params?.detail])).toEqual([
      [
        'OPTIONS_INVALID',
        ['options', 'account', 'baseYear'],
        "baseYear 2010 differs from options.baseYear 2015: give the comparison's base year once (options.baseYear)",
      ],
    ]);
    expect(conflict.issues[0]?.message.zh).toBe(
      '选项无效：baseYear 2010 与 options.baseYear 2015 不同：比较的基准年只需给出一次（options.baseYear）',
    );
    // A rounding of the accounts: compare accounts exactly, so it was silently replaced.
    const rounded = errorOf(() =>
      compare(input, input, { account: { rounding: { money: 2, mode: 'halfUp' } } as never }),
    );
    expect(rounded.issues.map((i) => [i.code, i.path])).toEqual([
      ['OPTIONS_INVALID', ['options', 'account', 'rounding']],
    ]);
    expect(rounded.issues[0]?.message.zh).toBe(
      '选项无效：比较按精确舍入核算其输入，以免打印舍去的部分被计为变化：请勿给出舍入方式',
    );
    expect(compare(input, input, { account: { rounding: 'exact' } as never }).gep.change).toBe('0.00');
    // The same year twice is no conflict.
    expect(
      compare(input, input, { baseYear: 2015, account: { baseYear: 2015 } as never }).prices.baseYear,
    ).toBe(2015);
    // An account option of a side is checked by account() (exclude written as one code).
    expect(codes(() => compare(input, input, { account: { exclude: 'M5' } } as never))[0]?.[0]).toBe(
      'OPTIONS_INVALID',
    );
    // A key uncertainty() does not have was ignored: the run went on with seed 1, without a tornado.
    for (const [key, value] of [
      ['seeed', 7],
      ['tornadoo', true],
      ['baseYear', 2010],
    ] as const)
      expect(codes(() => uncertainty(input, { draws: 2, [key]: value } as never))).toEqual([
        ['OPTIONS_INVALID', ['options'], `Unrecognized key: "${key}"`],
      ]);
    expect(codes(() => uncertainty(input, undefined as never))).toEqual([
      [
        'UNCERTAINTY_INVALID',
        [],
        'the options, an object with draws (an integer from 2 to 1,000,000), are needed',
      ],
    ]);
  });
});
