import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { accountResultSchema } from '../src/account/result-schema';
import { provinceGridSchema } from '../src/carbon/factors/province-grid';
import { loadScenario } from '../src/account/scenario';
import { parseInput } from '../src/account/validate';
import { loadMethodology } from '../src/carbon/methodologies/from-data';
import { GepError, type Issue } from '../src/core/errors';
import { loadProfile } from '../src/profiles/schema';
import { parseRasterConfig } from '../src/raster';
import { parseReportableResult } from '../src/report/reportable';
import { marketComparison } from '../src/vep/comparison';
import { prepareContext } from '../src/vep/context';
import { parseParcel } from '../src/vep/parse-parcel';
import { readInputWorkbook } from '../src/xlsx';
import { tinyInput } from './helpers';

/**
 * A key `__proto__` in a record over keys a user writes. JSON.parse keeps it as an own key; zod leaves it out of a
 * record without a word, so before it skipped every check and vanished (an input of a custom indicator named
 * __proto__ validated, rc 0). Each record is checked here through its public reader.
 */
const json = (o: unknown): string => JSON.stringify(o);
const KEY = 'PROTO_KEY_FOR_TEST';
/** `o` as JSON.parse makes it from text where every key KEY is written `__proto__`. */
const withProto = <T>(o: T): T => JSON.parse(json(o).replaceAll(`"${KEY}"`, '"__proto__"')) as T;

function issuesOf(f: () => unknown): readonly Issue[] {
  try {
    const r = f();
    if (Array.isArray(r)) return r as Issue[]; // parseParcel returns its issues
  } catch (e) {
    if (e instanceof GepError) return e.issues;
    throw e;
  }
  return [];
}
const expectRefused = (issues: readonly Issue[], code: string, path: (string | number)[]) =>
  expect(issues.map((i) => [i.code, i.path])).toContainEqual([code, path]);

const custom = (inputs: Record<string, unknown>) => ({
  ...tinyInput(),
  customIndicators: [
    {
      code: 'X1',
      name: { zh: '测', en: 'Test' },
      category: 'material',
      unit: 't',
      inputs,
      physical: 'a',
      value: 'physical * 2',
      priceYear: 2020,
    },
  ],
});

describe('a key __proto__ is refused in every record over keys a user writes', () => {
  it('a custom indicator input: CUSTOM_INPUT_NAME_INVALID (the reviewer’s proto2.json)', () => {
    const input = withProto(custom({ a: '1', [KEY]: { value: '1', unit: 't' } }));
    expect(Object.keys(input.customIndicators[0]?.inputs ?? {})).toContain('__proto__');
    const issues = issuesOf(() => parseInput(input));
    expectRefused(issues, 'CUSTOM_INPUT_NAME_INVALID', ['customIndicators', 0, 'inputs', '__proto__']);
    expect(issues[0]?.message.en).toContain('"__proto__" cannot be used');
  });

  it('a scenario’s methods and switches (by indicator, and a switch name)', () => {
    const base = { id: 's', title: { zh: '情景', en: 'Scenario' } };
    expectRefused(
      issuesOf(() => loadScenario(withProto({ ...base, methods: { [KEY]: 'x@1' } }))),
      'SCENARIO_INVALID',
      ['scenario', 'methods', '__proto__'],
    );
    expectRefused(
      issuesOf(() => loadScenario(withProto({ ...base, switches: { R1: { [KEY]: true } } }))),
      'SCENARIO_INVALID',
      ['scenario', 'switches', 'R1', '__proto__'],
    );
  });

  it('account options: typeMapping, methods, switches', () => {
    for (const [options, path] of [
      [{ typeMapping: { [KEY]: 'shrub' } }, ['options', 'typeMapping', '__proto__']],
      [{ methods: { [KEY]: 'x@1' } }, ['options', 'methods', '__proto__']],
      [{ switches: { [KEY]: {} } }, ['options', 'switches', '__proto__']],
      [{ switches: { R1: { [KEY]: 1 } } }, ['options', 'switches', 'R1', '__proto__']],
    ] as const)
      expectRefused(
        issuesOf(() => account(tinyInput() as unknown, withProto(options as object))),
        'OPTIONS_INVALID',
        [...path],
      );
  });

  it('a profile’s switches', () => {
    const profile = JSON.parse(readFileSync('profiles/jx-db36-1402-2021.json', 'utf8')) as {
      indicators: Record<string, unknown>[];
    };
    (profile.indicators[0] as Record<string, unknown>).switches = { [KEY]: 1 };
    const issues = issuesOf(() => loadProfile(withProto(profile)));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.path.slice(-3)).toEqual([0, 'switches', '__proto__']);
  });

  it('the typeMapping of an input workbook’s reader', async () => {
    let issues: readonly Issue[] = [];
    try {
      await readInputWorkbook(new Uint8Array(), 'book.xlsx', withProto({ typeMapping: { [KEY]: 'shrub' } }));
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      issues = e.issues;
    }
    expectRefused(issues, 'OPTIONS_INVALID', ['options', 'typeMapping', '__proto__']);
  });

  it('a raster configuration: the crosswalk, the account’s input and options', () => {
    const config = {
      region: { name: '测试县', level: 'county' },
      year: 2020,
      layers: { landcover: { file: 'lc.tif' } },
      landcover: { crosswalk: { '11': 'forest.broadleaf' } },
    };
    const crosswalk = { ...config, landcover: { crosswalk: { '11': 'forest.broadleaf', [KEY]: 'shrub' } } };
    const refused = (c: unknown) => issuesOf(() => parseRasterConfig(withProto(c))).map((i) => i.path);
    expect(refused(crosswalk)).toContainEqual(['landcover', 'crosswalk', '__proto__']);
    expect(refused({ ...config, account: { input: { [KEY]: {} } } })).toContainEqual([
      'account',
      'input',
      '__proto__',
    ]);
    expect(refused({ ...config, account: { options: { [KEY]: {} } } })).toContainEqual([
      'account',
      'options',
      '__proto__',
    ]);
  });

  it('VEP: a comparable’s factors, a parcel’s areas, a context’s keys', () => {
    const factors = issuesOf(() =>
      marketComparison(
        withProto({
          subject: { area: { value: '1', unit: 'hm2' } },
          comparables: ['a', 'b', 'c'].map((id) => ({
            id,
            price: { value: '1000', unit: 'yuan/hm2', priceYear: 2024 },
            factors: id === 'a' ? { [KEY]: '1.1' } : {},
          })),
        }),
      ),
    );
    expect(factors.map((i) => i.path)).toContainEqual(['market', 'comparables', 0, 'factors', '__proto__']);
    const areas = issuesOf(() =>
      parseParcel(
        withProto({ id: 'P1', key: 'hills', areas: { shrub: { value: '1', unit: 'hm2' }, [KEY]: {} } }),
        ['line', 1],
      ),
    );
    expect(areas.map((i) => i.path)).toContainEqual(['line', 1, 'areas', '__proto__']);
    const context = JSON.parse(readFileSync('examples/vep/context.json', 'utf8')) as { keys: object };
    const keys = issuesOf(() =>
      prepareContext(withProto({ ...context, keys: { ...context.keys, [KEY]: {} } })),
    );
    expect(keys.map((i) => i.path)).toContainEqual(['context', 'keys', '__proto__']);
  });

  it('a carbon methodology declared in data: its inputs and factors', () => {
    const data = JSON.parse(readFileSync('examples/carbon/methodology-bike-commute.json', 'utf8')) as {
      inputs: object;
      factors: object;
    };
    const refused = (m: unknown) => issuesOf(() => loadMethodology(withProto(m))).map((i) => i.path);
    expect(refused({ ...data, inputs: { ...data.inputs, [KEY]: 'distance' } })).toContainEqual([
      'inputs',
      '__proto__',
    ]);
    expect(refused({ ...data, factors: { ...data.factors, [KEY]: {} } })).toContainEqual([
      'factors',
      '__proto__',
    ]);
  });

  it('a method’s switch over groups: the carbon sequestration rates’ subItems', () => {
    // the options' switches are checked one level down (R6's switch names); subItems is the method's own record,
    // refused as a switch of the method (SWITCH_INVALID at the switch, the key named in its detail)
    const options = {
      methods: { R6: 'carbon-sequestration/rates@1' },
      switches: { R6: { subItems: { forest: 'FCS', [KEY]: 'X' } } },
    };
    const issues = issuesOf(() => account(tinyInput() as unknown, withProto(options)));
    expectRefused(issues, 'SWITCH_INVALID', ['options', 'switches', 'R6', 'subItems']);
    expect(issues[0]?.message.en).toContain('subItems.__proto__ the key __proto__ is not allowed');
  });

  it('the carbon grid record of the province → grid table', () => {
    const table = JSON.parse(readFileSync('coefficients/carbon/province-grid.json', 'utf8')) as {
      grids: Record<string, string>;
    };
    expect(provinceGridSchema.safeParse(table).success).toBe(true);
    const r = provinceGridSchema.safeParse(withProto({ ...table, grids: { ...table.grids, [KEY]: 'x' } }));
    // refused at the key itself, not as an unrecognized key of grids
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['grids', '__proto__'], 'the key __proto__ is not allowed (a JavaScript object property)'],
    ]);
  });
});

describe('a key __proto__ is refused in the records of a result read back', () => {
  const result = account(tinyInput());

  it('an indicator’s switches, as the report reads a result file: REPORT_RESULT_INVALID', () => {
    const json = JSON.parse(JSON.stringify(result)) as { indicators: { switches: object }[] };
    expect(issuesOf(() => parseReportableResult(json, 'res.json'))).toEqual([]);
    (json.indicators[0] as { switches: object }).switches = { [KEY]: 1 };
    expectRefused(
      issuesOf(() => parseReportableResult(withProto(json), 'res.json')),
      'REPORT_RESULT_INVALID',
      ['indicators', 0, 'switches', '__proto__'],
    );
  });

  it('gepkit/schema’s accountResultSchema: an indicator’s switches, a line’s terms', () => {
    const json = JSON.parse(JSON.stringify(result)) as {
      indicators: { switches: object; lines: { terms?: object }[] }[];
    };
    expect(accountResultSchema.safeParse(json).success).toBe(true);
    const ind = json.indicators[0] as { switches: object; lines: { terms?: object }[] };
    (ind.lines[0] as { terms?: object }).terms = { a: '1 t', [KEY]: '2 t' };
    ind.switches = { [KEY]: 1 };
    const r = accountResultSchema.safeParse(withProto(json));
    expect(r.error?.issues.map((i) => i.path)).toEqual([
      ['indicators', 0, 'switches', '__proto__'],
      ['indicators', 0, 'lines', 0, 'terms', '__proto__'],
    ]);
  });
});
