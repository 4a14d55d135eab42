import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AccountOptions, account } from '../src/account/account';
import { bundledClassification, bundledPriceIndex, bundledTable } from '../src/coefficients/bundled';
import { bundledCrosswalks } from '../src/coefficients/crosswalk';
import { resolveTypeNames } from '../src/input/type-names';
import { indexPoint } from '../src/coefficients/price-index';
import { CoefficientSet, loadCoefficientTable } from '../src/coefficients/registry';
import { CARBON_ERRORS } from '../src/carbon/errors';
import { CUSTOM_ERRORS } from '../src/custom/errors';
import { QUEUE_ERRORS } from '../src/queue/errors';
import { RASTER_ERRORS } from '../src/raster/errors';
import { SERVE_ERRORS } from '../src/serve/errors';
import { UNCERTAINTY_ERRORS } from '../src/uncertainty/errors';
import { VEP_ERRORS } from '../src/vep/errors';
import { XLSX_ERRORS } from '../src/xlsx/errors';
import { run, runCli } from '../src/cli/main';
import { dec } from '../src/core/decimal';
import { assertFinite } from '../src/core/finite';
import type { CatalogueEntry, Params } from '../src/core/catalogue';
import { GepError, type Issue, issue } from '../src/core/errors';
import { requireOptional } from '../src/core/optional-node';
import { ERROR_CATALOGUE, type ErrorCode } from '../src/errors';
import { addMoney } from '../src/core/money';
import { bundledProfile, bundledProfiles } from '../src/profiles/bundled';
import { loadProfile } from '../src/profiles/schema';
import jxProfile from '../profiles/jx-db36-1402-2021.json';
import { checkResult, compare } from '../src/account/compare';
import { compareMarkdown } from '../src/account/compare-format';
import { reportableResultSchema } from '../src/report/reportable';
import { AFTER, BEFORE } from './compare-fixture';
import { vepCommand } from '../src/cli/vep';
import { writeWhole } from '../src/cli/whole-output';
import { CarbonBatch } from '../src/carbon/batch';
import { splitLines } from '../src/io/jsonl';
import { errorOf, tinyInput } from './helpers';

/**
 * One bad input per error code, each checked for its code and path. The last tests make sure no code of the
 * catalogue goes untriggered and that docs/errors.md lists them all.
 */
const triggered = new Set<string>();

type IssueLike = Pick<Issue, 'message' | 'hint'> & { code: string; path: readonly (string | number)[] };

function expectIssue(issues: readonly IssueLike[], code: ErrorCode, path?: (string | number)[]) {
  const found = issues.find((i) => i.code === code);
  expect(found, `${code} among ${issues.map((i) => i.code).join(', ')}`).toBeDefined();
  if (path !== undefined) expect(found?.path).toEqual(path);
  expect(found?.message.zh.length).toBeGreaterThan(0);
  expect(found?.message.en.length).toBeGreaterThan(0);
  expect(found?.hint.length).toBeGreaterThan(0);
  triggered.add(code);
}
const errorsOf = (f: () => unknown) => errorOf(f).issues;
const warningsOf = (input: unknown, options = {}) => account(input, options).warnings;
const mutate = (f: (i: Record<string, any>) => void) => {
  const i = tinyInput() as Record<string, any>;
  f(i);
  return i;
};
const table = (records: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'coefficients',
  id: 'user',
  version: '1.0.0',
  title: { zh: '用户', en: 'User' },
  effective: { from: '2020-01-01' },
  records,
  ...extra,
});
function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('every error code has a bad input that triggers it', () => {
  it('INPUT_INVALID: a required field is missing', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => delete i.year))),
      'INPUT_INVALID',
      ['year'],
    );
  });
  it('NUMBER_NOT_FINITE: NaN, Infinity or junk as a number', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.value = Number.NaN)))),
      'NUMBER_NOT_FINITE',
      ['ecosystems', 0, 'area', 'value'],
    );
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.value = '12,5')))),
      'NUMBER_NOT_FINITE',
    );
  });
  it('NUMBER_OUT_OF_RANGE, NUMBER_TOO_PRECISE, NUMBER_TOO_LONG: numbers beyond docs/limits.md', () => {
    const at = ['ecosystems', 0, 'area', 'value'];
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.value = '1e9000000000000000')))),
      'NUMBER_OUT_OF_RANGE',
      at,
    );
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.value = `1.${'3'.repeat(40)}`)))),
      'NUMBER_TOO_PRECISE',
      at,
    );
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.value = `${'0'.repeat(200)}1`)))),
      'NUMBER_TOO_LONG',
      at,
    );
  });
  it('RESULT_NOT_FINITE: a figure that is not finite is never written', () => {
    expectIssue(
      errorsOf(() => assertFinite({ gep: { current: 'Infinity' } })),
      'RESULT_NOT_FINITE',
      ['gep', 'current'],
    );
  });
  it('NEGATIVE_VALUE: a negative area', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[1].area.value = '-200')))),
      'NEGATIVE_VALUE',
      ['ecosystems', 1, 'area', 'value'],
    );
  });
  it('SHARE_OUT_OF_RANGE: a share written as a percentage', () => {
    const input = mutate(
      (i) =>
        (i.tourism = {
          revenue: [{ amount: { value: '1', unit: 'yi_yuan', priceYear: 2020 }, ecologicalShare: '35' }],
        }),
    );
    expectIssue(
      errorsOf(() => account(input)),
      'SHARE_OUT_OF_RANGE',
      ['tourism', 'revenue', 0, 'ecologicalShare'],
    );
  });
  it('UNIT_UNKNOWN: an unknown unit', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.unit = 'acre')))),
      'UNIT_UNKNOWN',
      ['ecosystems', 0, 'area', 'unit'],
    );
  });
  it('UNIT_UNKNOWN: an area unit in capitals is refused, its hint naming the unit and its case', () => {
    const issues = errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.unit = 'KM2'))));
    expectIssue(issues, 'UNIT_UNKNOWN', ['ecosystems', 0, 'area', 'unit']);
    expect(issues.find((i) => i.code === 'UNIT_UNKNOWN')?.hint).toMatch(
      /^Write km2: units are read in their own case/,
    );
  });
  it('UNIT_MISMATCH: an area given in m³', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].area.unit = 'm3')))),
      'UNIT_MISMATCH',
      ['ecosystems', 0, 'area', 'unit'],
    );
  });
  it('PRICE_YEAR_MISSING: a money amount without price year', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => delete i.materialProducts[0].grossOutput.priceYear))),
      'PRICE_YEAR_MISSING',
      ['materialProducts', 0, 'grossOutput', 'priceYear'],
    );
  });
  it('ECOSYSTEM_TYPE_UNKNOWN: a land-cover code outside the classification', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].type = 'forest.tropical')))),
      'ECOSYSTEM_TYPE_UNKNOWN',
      ['ecosystems', 0, 'type'],
    );
  });
  it('ZONE_UNKNOWN: a record in an undeclared zone', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.ecosystems[0].zone = 'Z9')))),
      'ZONE_UNKNOWN',
      ['ecosystems', 0, 'zone'],
    );
  });
  it('DUPLICATE_ID: the same ecosystem row twice', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => i.ecosystems.push(i.ecosystems[0])))),
      'DUPLICATE_ID',
      ['ecosystems', 2],
    );
  });
  it('DUPLICATE_ID: a copied record, by name and zone, or identical without a name', () => {
    // A reservoir named as an earlier one in the same zone: counted twice before.
    const twice = mutate((i) => {
      i.waterBodies = {
        reservoirs: [
          { name: ' 东山水库', totalStorage: { value: '10', unit: 'wan_m3' } },
          { name: '东山水库 ', totalStorage: { value: '10', unit: 'wan_m3' } },
        ],
      };
    });
    expectIssue(
      errorsOf(() => account(twice)),
      'DUPLICATE_ID',
      ['waterBodies', 'reservoirs', 1],
    );
    // A wetland of one name in parts of two types is two records; of one type, a copy.
    const wetland = (ecosystem: string) => ({
      name: '清溪湿地',
      ecosystem,
      floodStorage: { value: '1', unit: 'wan_m3' },
    });
    const wetlands = (a: string, b: string) =>
      mutate((i) => (i.waterBodies = { wetlands: [wetland(a), wetland(b)] }));
    expect(() => account(wetlands('wetland.marsh', 'wetland.river'))).not.toThrow();
    expectIssue(
      errorsOf(() => account(wetlands('wetland.marsh', 'wetland.marsh'))),
      'DUPLICATE_ID',
      ['waterBodies', 'wetlands', 1],
    );
    // In another zone it is another reservoir.
    const zoned = mutate((i) => {
      i.zones = [
        { id: 'A', name: 'A' },
        { id: 'B', name: 'B' },
      ];
      i.ecosystems = i.ecosystems.map((e: object, k: number) => ({ ...e, zone: k === 0 ? 'A' : 'B' }));
      i.waterBodies = {
        reservoirs: [
          { name: '东山水库', zone: 'A', totalStorage: { value: '10', unit: 'wan_m3' } },
          { name: '东山水库', zone: 'B', totalStorage: { value: '10', unit: 'wan_m3' } },
        ],
      };
    });
    expect(() => account(zoned)).not.toThrow();
    // A product of a sector twice, across two records of the sector.
    const product = {
      name: '稻谷',
      quantity: { value: '1', unit: 't' },
      price: { value: '1', unit: 'yuan/t', priceYear: 2020 },
    };
    expectIssue(
      errorsOf(() =>
        account(
          mutate(
            (i) =>
              (i.materialProducts = [
                { sector: 'agriculture', products: [product] },
                { sector: 'agriculture', products: [product] },
              ]),
          ),
        ),
      ),
      'DUPLICATE_ID',
      ['materialProducts', 1, 'products', 0],
    );
    // Energy has no name: only an identical record is a copy.
    const hydro = {
      kind: 'hydropower',
      generation: { value: '1', unit: 'kWh' },
      tariff: { value: '0.3', unit: 'yuan/kWh', priceYear: 2020 },
    };
    const e = errorsOf(() => account(mutate((i) => (i.energy = [hydro, { ...hydro }]))));
    expectIssue(e, 'DUPLICATE_ID', ['energy', 1]);
    expect(e.find((x) => x.code === 'DUPLICATE_ID')?.params?.id).toBe(
      'energy: hydropower, region-wide, identical to energy[0]',
    );
    const two = { ...hydro, generation: { value: '2', unit: 'kWh' } };
    expect(() => account(mutate((i) => (i.energy = [hydro, two])))).not.toThrow();
    // A sector's output given without products: an identical copy (a row copied in 产业) would be counted twice,
    // two records that differ in any field are both counted.
    const forestry = {
      sector: 'forestry',
      grossOutput: { value: '62000', unit: 'wan_yuan', priceYear: 2020 },
    };
    const s = errorsOf(() => account(mutate((i) => i.materialProducts.push(forestry, { ...forestry }))));
    const at = (s.find((x) => x.code === 'DUPLICATE_ID')?.path ?? [])[1] as number;
    expectIssue(s, 'DUPLICATE_ID', ['materialProducts', at]);
    expect(s.find((x) => x.code === 'DUPLICATE_ID')?.params?.id).toBe(
      `materialProducts: forestry, region-wide, identical to materialProducts[${at - 1}]`,
    );
    const more = { ...forestry, grossOutput: { value: '150', unit: 'wan_yuan', priceYear: 2020 } };
    expect(() => account(mutate((i) => i.materialProducts.push(forestry, more)))).not.toThrow();
  });
  it('RECORD_IS_TOTAL: a totals row among the records (合计, Total)', () => {
    // as yearbook tables write them too: after the area totalled, with a qualifier in brackets, ended by a colon
    for (const name of [
      '合计',
      '合 计',
      '合计 Total',
      'Total',
      'subtotal',
      '小计',
      '合计：',
      '合计:',
      '全县合计',
      '县合计',
      '本镇小计',
      '合计（全县）',
      '合计(全县):',
      'Total (county)',
      'Total:',
      '总计。',
    ]) {
      const input = mutate((i) => (i.waterBodies = { lakes: [{ name, area: { value: '1', unit: 'km2' } }] }));
      expectIssue(
        errorsOf(() => account(input)),
        'RECORD_IS_TOTAL',
        ['waterBodies', 'lakes', 0, 'name'],
      );
    }
    // A name that contains the word is a name.
    for (const name of ['合计湖', '全县合计湖', '合计（全县）湖'])
      expect(() =>
        account(
          mutate(
            (i) =>
              (i.waterBodies = {
                lakes: [
                  { name, area: { value: '1', unit: 'km2' }, floodStorage: { value: '1', unit: 'wan_m3' } },
                ],
              }),
          ),
        ),
      ).not.toThrow();
  });
  it('AREA_SUM_MISMATCH: areas that do not sum to the total (a warning)', () => {
    expectIssue(
      warningsOf(mutate((i) => (i.totalArea = { value: '20', unit: 'km2' }))),
      'AREA_SUM_MISMATCH',
      ['totalArea'],
    );
    // 10 km² + 200 hm² = 12 km² against 20: |12 − 20| / 20 = 0.4, over the tolerance; in Chinese the scope too
    const region = warningsOf(mutate((i) => (i.totalArea = { value: '20', unit: 'km2' }))).find(
      (w) => w.code === 'AREA_SUM_MISMATCH',
    );
    expect(region?.message.zh).toMatch(/^全域各生态系统面积之和 12 km² 与总面积 20 km² 相差 0\.4（容差 /);
    expect(
      ERROR_CATALOGUE.AREA_SUM_MISMATCH.zh({
        scope: 'zone Z01',
        sum: '1',
        total: '2',
        relative: '0.5',
        tolerance: '0.01',
      }),
    ).toBe('分区 Z01各生态系统面积之和 1 与总面积 2 相差 0.5（容差 0.01）');
  });
  it('STORM_PRECIPITATION_IMPLAUSIBLE: a storm above the annual precipitation (a warning, once per record)', () => {
    // storm 2000 mm against 1800 mm a year, one region-wide record read by both vegetation rows: one warning
    const warned = warningsOf(
      mutate(
        (i) =>
          ((i.climate[0] as { stormPrecipitation: unknown }).stormPrecipitation = {
            value: '2000',
            unit: 'mm',
          }),
      ),
    ).filter((w) => w.code === 'STORM_PRECIPITATION_IMPLAUSIBLE');
    expect(warned.map((w) => [w.path, w.params])).toEqual([
      [['climate', 0, 'stormPrecipitation'], { storm: '2000 mm', annual: '1800 mm' }],
    ]);
    expectIssue(warned, 'STORM_PRECIPITATION_IMPLAUSIBLE', ['climate', 0, 'stormPrecipitation']);
    // 1800 mm, equal to the year's: not warned
    expect(
      warningsOf(
        mutate(
          (i) =>
            ((i.climate[0] as { stormPrecipitation: unknown }).stormPrecipitation = {
              value: '1.8',
              unit: 'm',
            }),
        ),
      ).some((w) => w.code === 'STORM_PRECIPITATION_IMPLAUSIBLE'),
    ).toBe(false);
  });
  it('CLIMATE_MISSING: no evapotranspiration for a type', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => i.climate.pop()))),
      'CLIMATE_MISSING',
    );
  });
  it('VALUE_OUT_OF_RANGE: a RUSLE C factor above 1', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => (i.soilFactors[0].C = '1.5')))),
      'VALUE_OUT_OF_RANGE',
      ['soilFactors', 0, 'C'],
    );
  });
  it('VALUE_NOT_POSITIVE: a lake of area 0', () => {
    const input = mutate(
      (i) => (i.waterBodies.lakes = [{ name: 'L', area: { value: '0', unit: 'km2' }, exchangeCount: '1' }]),
    );
    expectIssue(
      errorsOf(() => account(input)),
      'VALUE_NOT_POSITIVE',
      ['waterBodies', 'lakes', 0, 'area', 'value'],
    );
  });
  it('SPATIAL_INPUT_MISSING: an ecosystem type without RUSLE factors', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => i.soilFactors.pop()))),
      'SPATIAL_INPUT_MISSING',
      ['ecosystems', 1],
    );
  });
  it('TAX_EQUIVALENT_UNDEFINED: total nitrogen priced by tax equivalent', () => {
    const input = mutate((i) =>
      i.emissions.water.push({ pollutant: 'tn', amount: { value: '1', unit: 't' } }),
    );
    expectIssue(
      errorsOf(() => account(input, { switches: { R4: { pollutants: ['tn'] } } })),
      'TAX_EQUIVALENT_UNDEFINED',
      ['emissions', 'water', 3],
    );
  });
  it('EMISSION_SCOPES_OVERLAP: one pollutant emitted region-wide and by zone', () => {
    const input = mutate((i) => {
      i.zones = [{ id: 'A', name: 'A' }];
      i.emissions.air.push({ pollutant: 'so2', zone: 'A', amount: { value: '1', unit: 't' } });
    });
    expectIssue(
      errorsOf(() => account(input)),
      'EMISSION_SCOPES_OVERLAP',
      ['emissions', 'air', 2],
    );
  });
  it('INDICATOR_DEPENDENCY_MISSING: oxygen by the molar method without the carbon indicator', () => {
    expectIssue(
      errorsOf(() => account(tinyInput(), { exclude: ['R6'] })),
      'INDICATOR_DEPENDENCY_MISSING',
    );
  });
  it('a failed indicator is reported once: the one built on it (R7 on R6) adds no dependency error', () => {
    // An accounting year past the price index fails R6 (and every priced indicator); R7 by the molar method reads
    // R6's lines, which were never made: before, it added INDICATOR_DEPENDENCY_MISSING, whose hint asked to keep R6.
    const codes = errorsOf(() => account(mutate((i) => (i.year = 2099)))).map((x) => x.code);
    expect(codes).toContain('PRICE_INDEX_YEAR_MISSING');
    expect(codes).not.toContain('INDICATOR_DEPENDENCY_MISSING');
  });
  it('INDICATOR_INPUT_MISSING: a required indicator without data', () => {
    expectIssue(
      errorsOf(() => account(mutate((i) => delete i.tourism))),
      'INDICATOR_INPUT_MISSING',
    );
  });
  it('INPUT_IGNORED: a field the chosen method does not use (a warning)', () => {
    const input = mutate(
      (i) =>
        (i.tourism.segments[0].consumerSurplusPerVisit = {
          value: '1',
          unit: 'yuan/person_time',
          priceYear: 2020,
        }),
    );
    expectIssue(
      warningsOf(input, { switches: { C1: { components: ['spending', 'time-cost'] } } }),
      'INPUT_IGNORED',
      ['tourism', 'segments', 0, 'consumerSurplusPerVisit'],
    );
  });
  it('NEGATIVE_TERM and NEGATIVE_TERM_REFUSED: evapotranspiration above precipitation', () => {
    const input = mutate((i) => (i.climate[2].evapotranspiration.value = '2000'));
    expectIssue(warningsOf(input), 'NEGATIVE_TERM', ['ecosystems', 1]);
    expectIssue(
      errorsOf(() => account(input, { switches: { R1: { negativeTerms: 'refuse' } } })),
      'NEGATIVE_TERM_REFUSED',
      ['ecosystems', 1],
    );
  });
  it('COEFFICIENT_MISSING: a type without a runoff coefficient', () => {
    const input = mutate((i) =>
      i.ecosystems.push({ type: 'wetland.lake', area: { value: '1', unit: 'km2' } }),
    );
    input.climate.push({ ecosystem: 'wetland.lake', evapotranspiration: { value: '900', unit: 'mm' } });
    expectIssue(
      errorsOf(() => account(input)),
      'COEFFICIENT_MISSING',
      ['ecosystems', 2],
    );
  });
  it('COEFFICIENT_MISSING names the scopes the tables hold the key for (a Jiangxi-only tax rate in Zhejiang)', () => {
    const set = new CoefficientSet([bundledTable('cn-environmental-tax-2018')]);
    const [zj] = errorsOf(() => set.require('envtax.rate.water', null, '330781', ['emissions', 'water', 0]));
    expect(zj?.params).toEqual({
      key: 'envtax.rate.water',
      ecosystem: '(any)',
      tables: 'cn-environmental-tax-2018@1.2.0',
      held: 'region 36',
    });
    expect(zj?.message.en).toBe(
      'Missing coefficient "envtax.rate.water" (ecosystem (any); tables searched: cn-environmental-tax-2018@1.2.0); the tables hold it only for region 36',
    );
    expect(zj?.message.zh).toBe(
      '缺少系数“envtax.rate.water”（生态系统 (any)，查找的系数表：cn-environmental-tax-2018@1.2.0）；这些表中该系数仅适用于：地区 36',
    );
    expect(zj?.hint).toContain('The tables hold it only for region 36 (a region record applies');
    // a key no table holds: nothing more to say
    const [none] = errorsOf(() => set.require('no.such.key', 'forest', '36'));
    expect(none?.params?.held).toBe('');
    expect(none?.message.en).toBe(
      'Missing coefficient "no.such.key" (ecosystem forest; tables searched: cn-environmental-tax-2018@1.2.0)',
    );
  });
  it('COEFFICIENT_UNIT_MISMATCH: a runoff coefficient given in mm', () => {
    const input = mutate(
      (i) =>
        (i.overrides = {
          tables: [
            table([
              {
                key: 'runoff.coefficient',
                value: '0.1',
                unit: 'mm',
                applies: { ecosystem: 'shrub' },
                source: { document: 't' },
                grade: 'assumed',
              },
            ]),
          ],
        }),
    );
    expectIssue(
      errorsOf(() => account(input)),
      'COEFFICIENT_UNIT_MISMATCH',
      // The record itself, not the line that read it: the user's table is where the fault is.
      ['overrides', 'tables', 0, 'records', 0],
    );
  });
  it('TABLE_ID_RESERVED: a user table under a bundled id', () => {
    const t = table([{ key: 'k', value: '1', unit: 'one', source: { document: 't' }, grade: 'verified' }], {
      id: 'cn-environmental-tax-2018',
    });
    expectIssue(
      errorsOf(() => loadCoefficientTable(t, ['overrides', 'tables', 0])),
      'TABLE_ID_RESERVED',
      ['overrides', 'tables', 0, 'id'],
    );
  });
  it('TABLE_INVALID: a coefficient table without source', () => {
    const input = mutate(
      (i) => (i.overrides = { tables: [table([{ key: 'a', value: '1', unit: 'one', grade: 'assumed' }])] }),
    );
    expectIssue(
      errorsOf(() => account(input)),
      'TABLE_INVALID',
      ['overrides', 'tables', 0, 'records', 0, 'source'],
    );
  });
  it('TABLE_INVALID: an effective date that is no day of the calendar (2021-13-01)', () => {
    const rec = { key: 'a.b', value: '1', unit: 'one', source: { document: 't' }, grade: 'assumed' };
    const t = table([rec], { effective: { from: '2021-13-01' } });
    expectIssue(
      errorsOf(() => loadCoefficientTable(t)),
      'TABLE_INVALID',
      ['effective', 'from'],
    );
  });
  it('TABLE_UNKNOWN: a table id that is not bundled', () => {
    expectIssue(
      errorsOf(() => bundledTable('no-such-table')),
      'TABLE_UNKNOWN',
    );
  });
  it('TABLE_DUPLICATE_RECORD: two records for one key and scope', () => {
    const rec = { key: 'a', value: '1', unit: 'one', source: { document: 't' }, grade: 'assumed' };
    expectIssue(
      errorsOf(() => loadCoefficientTable(table([rec, rec]))),
      'TABLE_DUPLICATE_RECORD',
      ['records', 1],
    );
  });
  it('TABLE_REF_DUPLICATE: one id@version given twice with other records; the same table twice passes', () => {
    const rec = (value: string) => ({
      key: 'a.b',
      value,
      unit: 'one',
      source: { document: 't' },
      grade: 'assumed',
    });
    const withTables = (...ts: unknown[]) =>
      mutate((i) => {
        const own = (i.overrides?.tables ?? []) as unknown[];
        i.overrides = { ...i.overrides, tables: [...own, ...ts] };
      });
    const twice = withTables(table([rec('8')]), table([rec('10')]));
    const n = (twice.overrides.tables as unknown[]).length - 2;
    const issues = errorsOf(() => account(twice));
    expectIssue(issues, 'TABLE_REF_DUPLICATE', ['overrides', 'tables', n + 1, 'version']);
    expect(issues[0]?.params).toEqual({ ref: 'user@1.0.0', earlier: `overrides.tables[${n}]` });
    expect(() => account(withTables(table([rec('8')]), table([rec('8')])))).not.toThrow();
  });
  it('OVERLAY_TARGET_UNKNOWN: an overlay on a table the profile does not use', () => {
    const rec = { key: 'a', value: '1', unit: 'one', source: { document: 't' }, grade: 'assumed' };
    const input = mutate((i) => (i.overrides = { tables: [table([rec], { overlays: 'no-such-table' })] }));
    expectIssue(
      errorsOf(() => account(input)),
      'OVERLAY_TARGET_UNKNOWN',
      ['overrides', 'tables', 0, 'overlays'],
    );
  });
  it('PRICE_INDEX_YEAR_MISSING: a base year the CPI series does not cover', () => {
    expectIssue(
      errorsOf(() => account(tinyInput(), { baseYear: 1990 })),
      'PRICE_INDEX_YEAR_MISSING',
    );
    // said once, at the base year option, not at each priced line (ten identical issues at ten lines before)
    expect(errorsOf(() => account(tinyInput(), { baseYear: 1990 }))).toEqual([
      expect.objectContaining({ code: 'PRICE_INDEX_YEAR_MISSING', path: ['options', 'baseYear'] }),
    ]);
    // a base year that is no year of 1900–2200 is refused as an option
    expectIssue(
      errorsOf(() => account(tinyInput(), { baseYear: 0 })),
      'OPTIONS_INVALID',
      ['options', 'baseYear'],
    );
    // the hint names the index that lacks the year, not always the CPI
    expect(errorsOf(() => account(tinyInput(), { baseYear: 1990 }))[0]?.hint).toContain(
      'gepkit coefficients show cn-cpi-1978)',
    );
    const own = errorsOf(() =>
      account(tinyInput(), {
        baseYear: 2015,
        deflators: [{ match: 'price.', index: 'my-index' }],
        priceIndices: [
          {
            kind: 'price-index',
            id: 'my-index',
            version: '1.0.0',
            title: { zh: '自有指数', en: 'Own index' },
            region: 'CN',
            vintage: 'test',
            base: { year: 2010, value: '100' },
            values: [
              { year: 2010, value: '100', grade: 'assumed', source: { document: 'test' } },
              { year: 2020, value: '120', grade: 'assumed', source: { document: 'test' } },
            ],
          },
        ],
      }),
    );
    expect(own[0]?.message.en).toBe('Price index "my-index@1.0.0" has no value for 2015');
    expect(own[0]?.hint).toContain('gepkit coefficients show my-index)');
    expectIssue(
      errorsOf(() => indexPoint(bundledPriceIndex('cn-cpi-1978'), 2031)),
      'PRICE_INDEX_YEAR_MISSING',
    );
    // An accounting year past the series is named at the input's year.
    expectIssue(
      errorsOf(() => account({ ...tinyInput(), year: 2040 })),
      'PRICE_INDEX_YEAR_MISSING',
      ['year'],
    );
  });
  it('GRADE_BELOW_MINIMUM and GRADE_BELOW_THRESHOLD: an assumed coefficient, strict and not', () => {
    expectIssue(
      errorsOf(() => account(tinyInput(), { minGrade: 'published' })),
      'GRADE_BELOW_MINIMUM',
    );
    expectIssue(account(tinyInput()).warnings, 'GRADE_BELOW_THRESHOLD');
  });
  it('INDICATORS_OVERLAP: recreation (C1) and a landscape premium (C2) counted together', () => {
    // 200,000 m² × 300 元/m² = 60,000,000 元 of C2 beside the tiny county's C1: GEP holds both, warned once
    const input = mutate(
      (i) =>
        (i.landscape = [
          {
            name: '湖滨 Lakeside',
            area: { value: '200000', unit: 'm2' },
            premium: { value: '300', unit: 'yuan/m2', priceYear: 2020 },
          },
        ]),
    );
    const r = account(input);
    expect(r.indicators.find((i) => i.code === 'C2')?.value.current).toBe('60000000.00');
    expectIssue(r.warnings, 'INDICATORS_OVERLAP', ['indicators']);
    expect(r.warnings.find((w) => w.code === 'INDICATORS_OVERLAP')?.params).toMatchObject({
      rule: 'recreation-vs-landscape',
      indicators: 'C1, C2',
    });
    // C2 excluded: no overlap warned
    const one = account(input, { exclude: ['C2'] }).warnings.map((w) => w.code);
    expect(one).not.toContain('INDICATORS_OVERLAP');
  });
  it('PROFILE_RULE_UNAPPLIED: GB/T 46869 deducts products from outside the region, which gepkit does not', () => {
    const r = account(tinyInput(), { profile: 'gbt-46869-2025' });
    expectIssue(r.warnings, 'PROFILE_RULE_UNAPPLIED', ['indicators']);
    expect(r.warnings.find((w) => w.code === 'PROFILE_RULE_UNAPPLIED')?.params?.rule).toBe('outside-region');
    expect(r.quality.checks.find((c) => c.id === 'outside-region')?.status).toBe('warn');
    // The Jiangxi profile has no such rule.
    expect(account(tinyInput()).warnings.map((w) => w.code)).not.toContain('PROFILE_RULE_UNAPPLIED');
  });
  it('PRICE_LEVELS_MIXED: a profile valuing prices as published', () => {
    const profile = loadProfile({ ...jxProfile, pricePolicy: 'as-published' });
    expectIssue(account(tinyInput(), { profile }).warnings, 'PRICE_LEVELS_MIXED', ['prices']);
  });
  it('ARGUMENT_INVALID: an argument no code of what it is fits, at its name', () => {
    // An account result where compare()'s result goes: a TypeError ("reading 'map'") before.
    expectIssue(
      errorsOf(() => compareMarkdown(account(tinyInput()) as never)),
      'ARGUMENT_INVALID',
      ['comparison', 'before'],
    );
  });
  it('SCENARIO_INVALID: a scenario without title', () => {
    expectIssue(
      errorsOf(() => account(tinyInput(), { scenario: { kind: 'scenario', id: 's', version: '1.0.0' } })),
      'SCENARIO_INVALID',
      ['scenario', 'title'],
    );
  });
  it('PROFILE_INVALID: a profile that fails its schema', () => {
    const profile = { ...jxProfile, indicators: [] };
    expectIssue(
      errorsOf(() => loadProfile(profile)),
      'PROFILE_INVALID',
      ['indicators'],
    );
  });
  it('PROFILE_INVALID: a double-counting rule naming an indicator the profile does not have', () => {
    // ndrc-nbs-2022 carried a note that water supply (M5) and conservation are both counted, without M5: the account
    // listed it as applied
    const profile = {
      ...jxProfile,
      indicators: jxProfile.indicators.filter((i: { code: string }) => i.code !== 'M5'),
    };
    const at = profile.doubleCounting.findIndex(
      (r: { id: string }) => r.id === 'water-supply-vs-conservation',
    );
    const issues = errorsOf(() => loadProfile(profile));
    expectIssue(issues, 'PROFILE_INVALID', ['doubleCounting', at, 'indicators', 0]);
    expect(issues[0]?.message.en).toContain(
      'the rule water-supply-vs-conservation names M5, which is no indicator of the profile',
    );
    // every bundled profile's rules name its own indicators
    expect(bundledProfiles().length).toBeGreaterThanOrEqual(8);
  });
  it('PROFILE_UNKNOWN: an unknown profile id', () => {
    expectIssue(
      errorsOf(() => bundledProfile('xx-unknown')),
      'PROFILE_UNKNOWN',
    );
  });
  it('METHOD_UNKNOWN: an unknown method id', () => {
    expectIssue(
      errorsOf(() => account(tinyInput(), { methods: { R1: 'water-conservation/magic@9' } })),
      'METHOD_UNKNOWN',
      ['options', 'methods', 'R1'],
    );
  });
  it('OPTIONS_INVALID: a misspelt option, a value of another type or out of range, at its path', () => {
    const refused = (options: unknown) => {
      const [i] = errorsOf(() => account(tinyInput(), options as AccountOptions));
      return [i?.code, i?.path, i?.message.en];
    };
    // baseyear for baseYear: was ignored, the account priced at the accounting year.
    expect(refused({ baseyear: 2015 })).toEqual([
      'OPTIONS_INVALID',
      ['options'],
      'Invalid options: Unrecognized key: "baseyear"',
    ]);
    // Negative places printed GEP with its digits cut (70,481,895,959 元 as "704818960"); a mode not named read as down.
    expect(refused({ rounding: { money: -3 } }).slice(0, 2)).toEqual([
      'OPTIONS_INVALID',
      ['options', 'rounding', 'money'],
    ]);
    expect(refused({ rounding: { mode: 'banana' } }).slice(0, 2)).toEqual([
      'OPTIONS_INVALID',
      ['options', 'rounding', 'mode'],
    ]);
    expect(refused({ rounding: 'fast' })).toEqual([
      'OPTIONS_INVALID',
      ['options', 'rounding'],
      'Invalid options: "exact" or { money, quantity, share: places 0–40, mode: halfEven | halfUp | down | up | floor | ceil }, not "fast"',
    ]);
    // Values of another type: a TypeError before, or the wrong code at another path.
    expect(refused({ exclude: 'M5' }).slice(0, 2)).toEqual(['OPTIONS_INVALID', ['options', 'exclude']]);
    expect(refused({ baseYear: '2015' }).slice(0, 2)).toEqual(['OPTIONS_INVALID', ['options', 'baseYear']]);
    expect(refused({ minGrade: 'Z' }).slice(0, 2)).toEqual(['OPTIONS_INVALID', ['options', 'minGrade']]);
    expect(refused({ areaTolerance: '-1' }).slice(0, 2)).toEqual([
      'OPTIONS_INVALID',
      ['options', 'areaTolerance'],
    ]);
    // An AccountCache of another copy of gepkit (its other build) was "expected AccountCache, received AccountCache".
    class AccountCache {}
    expect(refused({ cache: new AccountCache() })).toEqual([
      'OPTIONS_INVALID',
      ['options', 'cache'],
      'Invalid options: an AccountCache made by this copy of gepkit (the ESM and the CommonJS build each have their own)',
    ]);
    expect(errorsOf(() => account(tinyInput(), { cache: new AccountCache() } as never))[0]?.message.zh).toBe(
      '选项无效：应为本份 gepkit 创建的 AccountCache（ESM 与 CommonJS 两种构建各有自己的 AccountCache）',
    );
    expect(refused({ cache: {} }).slice(0, 2)).toEqual(['OPTIONS_INVALID', ['options', 'cache']]);
    expect(refused(null).slice(0, 2)).toEqual(['OPTIONS_INVALID', ['options']]);
    expectIssue(
      errorsOf(() => account(tinyInput(), { tables: {} } as never)),
      'OPTIONS_INVALID',
      ['options', 'tables'],
    );
    // What is within range passes: 0 places, every mode.
    expect(account(tinyInput(), { rounding: { money: 0, mode: 'halfUp' } }).rounding).toEqual({
      money: 0,
      quantity: 4,
      share: 6,
      mode: 'halfUp',
    });
  });
  it('METHOD_MISMATCH: another indicator’s method given to an indicator, or a method of another category', () => {
    // C1 (recreation) given R1's water balance: R1's value would be counted twice and tourism not at all.
    const [c1] = errorsOf(() =>
      account(tinyInput(), { methods: { C1: 'water-conservation/water-balance@1' } }),
    );
    expect(c1?.code).toBe('METHOD_MISMATCH');
    expect(c1?.path).toEqual(['options', 'methods', 'C1']);
    expect(c1?.params).toEqual({
      method: 'water-conservation/water-balance@1',
      indicator: 'C1',
      measures: 'water-conservation',
      expected: "recreation (the profile's recreation/travel-cost@1)",
    });
    // R1 given R2's RUSLE: same category, another service.
    expectIssue(
      errorsOf(() => account(tinyInput(), { methods: { R1: 'soil-retention/rusle@1' } })),
      'METHOD_MISMATCH',
      ['options', 'methods', 'R1'],
    );
    // A profile whose C1 names a regulating method: refused at the profile's entry (a cultural code).
    const own = bundledProfile('jx-db36-1402-2021');
    const k = own.indicators.findIndex((e) => e.code === 'C1');
    const profile = {
      ...own,
      indicators: own.indicators.map((e, i) =>
        i === k ? { ...e, method: 'water-conservation/water-balance@1' } : e,
      ),
    };
    const [p] = errorsOf(() => account(tinyInput(), { profile }));
    expect([p?.code, p?.path, p?.params?.measures, p?.params?.expected]).toEqual([
      'METHOD_MISMATCH',
      ['profile', 'indicators', k, 'method'],
      'a regulating service',
      'a cultural service',
    ]);
  });
  it('SWITCH_INVALID: a switch value the method does not know', () => {
    expectIssue(
      errorsOf(() => account(tinyInput(), { switches: { R1: { negativeTerms: 'ignore' } } })),
      'SWITCH_INVALID',
    );
  });
  it('SWITCH_INVALID: the Chinese message gives the schema problems in Chinese', () => {
    const [i] = errorsOf(() =>
      account(tinyInput(), { switches: { R1: { negativeTerms: 'ignore', colour: 1 } } }),
    );
    // At the first switch refused, where the caller wrote it (not at the profile's indicator).
    expect(i?.path).toEqual(['options', 'switches', 'R1', 'negativeTerms']);
    expect(i?.message.zh).toBe(
      '方法开关无效：R1 (water-conservation/water-balance@1): negativeTerms 无效选项：应为 "refuse"|"zero"|"keep" 之一；未知字段："colour"',
    );
  });
  it("SWITCH_INVALID of flood regulation's own checks: the Chinese message in Chinese", () => {
    const zh = (sw: Record<string, unknown>) =>
      errorsOf(() => account(tinyInput(), { switches: { R3: sw } })).find((i) => i.code === 'SWITCH_INVALID')
        ?.message.zh;
    expect(zh({ marshTypes: ['wetland.nowhere'] })).toBe(
      '方法开关无效：R3：marshTypes 中的 wetland.nowhere 不是分类中的类型',
    );
    expect(zh({ marshTypes: ['shrub'] })).toBe('方法开关无效：R3：shrub 会同时计为植被和沼泽');
  });
  it('MONEY_PRICE_YEAR_CONFLICT: adding money of two price years', () => {
    expectIssue(
      errorsOf(() =>
        addMoney(
          { amount: dec(1), unit: 'yuan', priceYear: 2010 },
          { amount: dec(1), unit: 'yuan', priceYear: 2020 },
        ),
      ),
      'MONEY_PRICE_YEAR_CONFLICT',
    );
    const input = mutate((i) => {
      i.materialProducts[2].intermediateConsumption = { value: '10', unit: 'wan_yuan', priceYear: 2019 };
    });
    expectIssue(
      errorsOf(() => account(input, { switches: { M3: { basis: 'value-added' } } })),
      'MONEY_PRICE_YEAR_CONFLICT',
    );
  });
  it('ECOSYSTEM_TYPE_AMBIGUOUS, ECOSYSTEM_TYPE_MAPPED: types written as land-use classes', () => {
    const eco = (type: string) => ({ ecosystems: [{ type, area: { value: '1', unit: 'hm2' } }] });
    const resolve = (type: string) =>
      resolveTypeNames(eco(type), bundledClassification('jx-ecosystem-types'), bundledCrosswalks()).issues;
    expectIssue(resolve('0301'), 'ECOSYSTEM_TYPE_AMBIGUOUS', ['ecosystems', 0, 'type']);
    expectIssue(resolve('1103'), 'ECOSYSTEM_TYPE_MAPPED', ['ecosystems', 0, 'type']);
  });
  it('PRICE_INDEX_UNUSED: a price index no deflator rule names', () => {
    const index = {
      kind: 'price-index',
      id: 'my-index',
      version: '1.0.0',
      title: { zh: '自有指数', en: 'Own index' },
      region: 'CN',
      vintage: 'test',
      base: { year: 2010, value: '100' },
      values: [
        { year: 2010, value: '100', grade: 'assumed', source: { document: 'test' } },
        { year: 2020, value: '120', grade: 'assumed', source: { document: 'test' } },
      ],
    };
    expectIssue(warningsOf(tinyInput(), { priceIndices: [index] }), 'PRICE_INDEX_UNUSED', [
      'options',
      'priceIndices',
      0,
    ]);
  });
  it('DEFLATOR_RULE_UNUSED: a rule whose prefix matches no price (a slip), or prices an earlier rule takes', () => {
    const deflators = [
      { match: 'price.reservior', index: 'cn-cpi-1978' },
      { match: 'price.reservoir', index: 'cn-cpi-1978' },
      { match: 'price.reservoir_storage', index: 'cn-cpi-1978' },
    ];
    const w = warningsOf(tinyInput(), { deflators }).filter((i) => i.code === 'DEFLATOR_RULE_UNUSED');
    // rule 1 matches R1's reservoir price; rule 0 is a slip a swap away from its prefix; rule 2 is taken by rule 1
    expect(w.map((i) => [i.path, i.params])).toEqual([
      [
        ['options', 'deflators', 0],
        { match: 'price.reservior', index: 'cn-cpi-1978@1.0.0', suggestion: 'price.reservoir' },
      ],
      [
        ['options', 'deflators', 2],
        { match: 'price.reservoir_storage', index: 'cn-cpi-1978@1.0.0', suggestion: '' },
      ],
    ]);
    expect(w[0]?.message.en).toBe(
      'The deflator rule price.reservior=cn-cpi-1978@1.0.0 matched no price of this account and changed nothing; did you mean price.reservoir?',
    );
    expect(w[0]?.message.zh).toBe(
      '平减规则 price.reservior=cn-cpi-1978@1.0.0 未匹配本次核算的任何价格，未起作用；是否应为 price.reservoir？',
    );
    expectIssue(w, 'DEFLATOR_RULE_UNUSED', ['options', 'deflators', 0]);
    // the profile's own rules are not the caller's: none is reported
    expect(warningsOf(tinyInput()).some((i) => i.code === 'DEFLATOR_RULE_UNUSED')).toBe(false);
  });
  it('COEFFICIENT_RECORDS_UNREAD: a record of a user table no indicator reads (a misspelt key)', () => {
    const input = tinyInput() as Record<string, any>;
    const typo = {
      kind: 'coefficients',
      id: 'typo',
      version: '1.0.0',
      title: { zh: '拼写', en: 'Typo' },
      effective: { from: '2020-01-01' },
      records: [
        {
          key: 'price.reservior_storage',
          value: '8',
          unit: 'yuan/m3',
          priceYear: 2020,
          source: { document: 'test' },
          grade: 'assumed',
        },
      ],
    };
    input.overrides = { tables: [...(input.overrides?.tables ?? []), typo] };
    expectIssue(warningsOf(input), 'COEFFICIENT_RECORDS_UNREAD', ['overrides', 'tables', 1]);
  });
  it('COEFFICIENT_TABLE_NOT_IN_FORCE: a user table whose effective period has no day in the accounting year', () => {
    // tinyInput is the 2020 account; the price is read by R1 whatever the table's dates
    const table = (effective: { from: string; to?: string | null }) => ({
      kind: 'coefficients',
      id: 'local',
      version: '1.0.0',
      title: { zh: '地方', en: 'Local' },
      effective,
      records: [
        {
          key: 'price.reservoir_storage',
          value: '8',
          unit: 'yuan/m3',
          priceYear: 2020,
          source: { document: 'test' },
          grade: 'assumed',
        },
      ],
    });
    const notInForce = (effective: { from: string; to?: string | null }) =>
      warningsOf(tinyInput(), { tables: [table(effective)] }).filter(
        (w) => w.code === 'COEFFICIENT_TABLE_NOT_IN_FORCE',
      );
    const later = notInForce({ from: '2022-01-01' });
    expectIssue(later, 'COEFFICIENT_TABLE_NOT_IN_FORCE', ['options', 'tables', 0]);
    expect(later[0]?.message.en).toBe(
      'The coefficient table local@1.0.0 is in force from 2022-01-01, not in the accounting year 2020; its values are applied all the same',
    );
    expect(later[0]?.message.zh).toBe(
      '系数表 local@1.0.0 的有效期自 2022-01-01 起，不含核算年 2020；其数值仍被采用',
    );
    expect(notInForce({ from: '2015-01-01', to: '2019-12-31' })[0]?.params).toEqual({
      table: 'local@1.0.0',
      from: '2015-01-01',
      to: '2019-12-31',
      year: 2020,
    });
    // a period with a day in 2020, at either end, is in force
    expect(notInForce({ from: '2020-12-31' })).toEqual([]);
    expect(notInForce({ from: '2010-01-01', to: '2020-01-01' })).toEqual([]);
  });
  it('INDICATOR_UNKNOWN: an excluded, re-methoded or switched code the account does not have', () => {
    expectIssue(
      errorsOf(() => account(tinyInput(), { exclude: ['R99'] })),
      'INDICATOR_UNKNOWN',
      ['options', 'exclude', 0],
    );
    const issues = errorsOf(() => account(tinyInput(), { switches: { R88: {} } }));
    expectIssue(issues, 'INDICATOR_UNKNOWN', ['options', 'switches', 'R88']);
    expect(issues[0]?.hint).toBe('Did you mean R8?');
  });
  it('CLI_OPTION_UNKNOWN, CLI_OPTION_NOT_APPLICABLE: options the command does not have or read', () => {
    const unknown = cli(['account', 'x.json', '--profil', 'mee-2020']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('CLI_OPTION_UNKNOWN');
    expect(unknown.err).toContain('Did you mean --profile?');
    triggered.add('CLI_OPTION_UNKNOWN');
    const notApplicable = cli(['schema', 'input', '--exact']);
    expect(notApplicable.code).toBe(1);
    expect(notApplicable.err).toContain('CLI_OPTION_NOT_APPLICABLE');
    triggered.add('CLI_OPTION_NOT_APPLICABLE');
  });
  it('CLI_USAGE, FILE_UNREADABLE, INPUT_NOT_JSON: the command line', () => {
    const usage = cli(['frobnicate']);
    expect(usage.code).toBe(1);
    expect(usage.err).toContain('CLI_USAGE');
    triggered.add('CLI_USAGE');
    const missing = cli(['account', '/nonexistent/input.json']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('FILE_UNREADABLE');
    triggered.add('FILE_UNREADABLE');
    const file = join(mkdtempSync(join(tmpdir(), 'gepkit-')), 'input.json');
    writeFileSync(file, '{ "region": ');
    const notJson = cli(['account', file]);
    expect(notJson.err).toContain('INPUT_NOT_JSON');
    triggered.add('INPUT_NOT_JSON');
  });
});

describe('the Chinese message gives the detail in Chinese for the common cases (the English one is unchanged)', () => {
  it('FILE_UNREADABLE: a missing file, a folder, a file without read permission', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-zh-'));
    const missing = cli(['account', join(dir, 'none.json')]).err;
    expect(missing).toContain(`无法读取文件 ${join(dir, 'none.json')}：文件不存在`);
    expect(missing).toContain(
      `Cannot read file ${join(dir, 'none.json')}: ENOENT: no such file or directory`,
    );
    expect(cli(['account', dir]).err).toContain(`无法读取文件 ${dir}：这是文件夹，不是文件`);
    const locked = join(dir, 'locked.json');
    writeFileSync(locked, '{}', { mode: 0o000 });
    // Root reads any file: the permission case is checked only where the mode holds.
    const denied = cli(['account', locked]).err;
    if (denied.includes('EACCES')) expect(denied).toContain(`无法读取文件 ${locked}：没有读取权限`);
  });

  it('INPUT_NOT_JSON: the end of the text, and a missing comma at its position (and line and column on Node 22)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-zh-'));
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, '{ "region": ');
    const ended = cli(['account', cut]).err;
    expect(ended).toContain(`文件不是有效的 JSON：${cut}：JSON 文本意外结束\n`);
    expect(ended).toContain(`The file is not valid JSON: ${cut}: Unexpected end of JSON input\n`);
    // "{", a line end, 2 spaces, '"a": 1' (indices 4–9), a line end, 2 spaces: the '"' of "b" is at index 13,
    // line 3, column 3, where a ',' or '}' should follow the value 1
    const comma = join(dir, 'comma.json');
    writeFileSync(comma, '{\n  "a": 1\n  "b": 2\n}');
    const err = cli(['account', comma]).err;
    const at = err.includes('(line 3 column 3)') ? '位置 13（第 3 行第 3 列）' : '位置 13';
    expect(err).toContain(`文件不是有效的 JSON：${comma}：${at}：应为属性值之后的 ',' 或 '}'\n`);
    expect(err).toContain(
      `The file is not valid JSON: ${comma}: Expected ',' or '}' after property value in JSON at position 13`,
    );
  });

  it('INPUT_INVALID: a missing field, a wrong type, a bound, an option, an unknown key', () => {
    const zh = (input: unknown) =>
      errorsOf(() => account(input)).map((i) => [i.path.join('.'), i.message.zh]);
    expect(zh(mutate((i) => delete i.year))).toEqual([['year', '输入格式错误：缺少该字段（应为数值）']]);
    expect(zh(mutate((i) => (i.region = 'x')))).toEqual([['region', '输入格式错误：应为对象，实际为字符串']]);
    expect(zh(mutate((i) => (i.region.level = 'planet')))).toEqual([
      [
        'region.level',
        '输入格式错误：无效选项：应为 "province"|"city"|"county"|"township"|"village"|"unit" 之一；实际为 "planet"',
      ],
    ]);
    expect(zh(mutate((i) => (i.extra = 1)))).toEqual([['', '输入格式错误：未知字段："extra"']]);
    const year = errorsOf(() => account(mutate((i) => (i.year = 2300))))[0];
    expect(year?.message.zh).toBe('输入格式错误：过大：数值应不大于 2200');
    expect(year?.message.en).toBe('Invalid input: Too big: expected number to be <=2200');
  });
});

describe('year-on-year comparison (test/compare-fixture.ts: two hand-made results)', () => {
  const edit = (f: (r: ReturnType<typeof structuredClone<typeof AFTER>>) => void) => {
    const r = structuredClone(AFTER);
    f(r);
    return r;
  };
  it('COMPARE_INCOMPARABLE: other base years of comparable prices, another classification', () => {
    const baseYear = edit((r) => (r.prices.baseYear = 2015));
    expectIssue(
      errorsOf(() => compare(BEFORE, baseYear)),
      'COMPARE_INCOMPARABLE',
      ['after', 'prices', 'baseYear'],
    );
    // the base year asked for is named as the comparison's, not as the other year's
    const asked = errorsOf(() => compare(BEFORE, AFTER, { baseYear: 2021 }));
    expectIssue(asked, 'COMPARE_INCOMPARABLE', ['before', 'prices', 'baseYear']);
    expect(asked[0]?.params?.detail).toBe(
      `comparable prices of base year ${BEFORE.prices.baseYear}, the comparison's base year is 2021`,
    );
    expect(asked[0]?.message.zh).toBe(
      `两期核算不可比：该期为 ${BEFORE.prices.baseYear} 年基期的可比价，而比较的基期为 2021 年`,
    );
    const classification = edit((r) => (r.classification.ref = 'other@1.0.0'));
    expectIssue(
      errorsOf(() => compare(BEFORE, classification)),
      'COMPARE_INCOMPARABLE',
      ['after', 'classification'],
    );
  });
  it('COMPARE_RESULT_INVALID: a result missing its lines, or whose total its lines do not make', () => {
    const noLines = edit((r) => delete (r.indicators[0] as { lines?: unknown }).lines);
    expectIssue(
      errorsOf(() => compare(BEFORE, noLines)),
      'COMPARE_RESULT_INVALID',
      ['after', 'indicators', 0, 'lines'],
    );
    const total = edit((r) => (r.totals.gep.comparable = '672439.91'));
    expectIssue(
      errorsOf(() => compare(BEFORE, total)),
      'COMPARE_RESULT_INVALID',
      ['after', 'totals', 'gep', 'comparable'],
    );
  });
  it('COMPARE_METHOD_DIFFERS, COMPARE_PRICE_INDEX_DIFFERS: warned, the comparison still made', () => {
    const method = edit((r) => (r.indicators[1]!.method = 'r4/other@1'));
    expectIssue(compare(BEFORE, method).warnings, 'COMPARE_METHOD_DIFFERS', [
      'after',
      'indicators',
      1,
      'method',
    ]);
    const index = edit((r) => (r.prices.deflators = [{ match: '', index: 'jx-cpi' }]));
    expectIssue(compare(BEFORE, index).warnings, 'COMPARE_PRICE_INDEX_DIFFERS', ['after', 'prices']);
    // the rules named as the reports name them (priceIndicesText)
    const differs = compare(BEFORE, index).warnings.find((w) => w.code === 'COMPARE_PRICE_INDEX_DIFFERS');
    expect(differs?.message.en).toMatch(
      /^The two accounts move prices with different indices \(\[[^\]]+\], \[[^\];]+; deflators, first match wins: every price → jx-cpi\]\)$/,
    );
  });
  it('COMPARE_ZONES_DIFFER, COMPARE_ITEMS_UNMATCHED, COMPARE_BASIS_CHANGED: how the years are given differs', () => {
    // M1's rice in Z3 in 2021 (Z1 in 2020): zoned differently; rice written "paddy": a sub-item of one year alone on
    // each side; rice given as a value alone (no quantity), "agriculture": products against a gross output
    const rezoned = edit((r) => (r.indicators[0]!.lines[0]!.zone = 'Z3'));
    expectIssue(compare(BEFORE, rezoned).warnings, 'COMPARE_ZONES_DIFFER', ['after', 'zones']);
    const renamed = edit((r) => (r.indicators[0]!.lines[0]!.subItem = 'paddy'));
    expectIssue(compare(BEFORE, renamed).warnings, 'COMPARE_ITEMS_UNMATCHED', ['after', 'indicators']);
    const gross = edit((r) => {
      const l = r.indicators[0]!.lines[0]! as { subItem: string | null; physical: unknown };
      l.subItem = 'agriculture';
      l.physical = null;
    });
    const w = compare(BEFORE, gross).warnings;
    expectIssue(w, 'COMPARE_BASIS_CHANGED', ['after', 'indicators']);
    expect(w.map((i) => i.code)).not.toContain('COMPARE_ITEMS_UNMATCHED');
  });
  it('COMPARE_CATEGORY_DIFFERS, COMPARE_UNIT_DIFFERS: an indicator given another category or unit', () => {
    // C1 counted as regulating in 2021 (cultural in 2020); R4's pollutants in kg in 2021 (t in 2020)
    const category = edit((r) => (r.indicators.find((i) => i.code === 'C1')!.category = 'regulating'));
    expectIssue(compare(BEFORE, category).warnings, 'COMPARE_CATEGORY_DIFFERS', [
      'after',
      'indicators',
      2,
      'category',
    ]);
    const unit = edit((r) => {
      for (const l of r.indicators.find((i) => i.code === 'R4')!.lines)
        (l.physical as { unit: string; value: string }).unit = 'kg';
    });
    const w = compare(BEFORE, unit).warnings;
    expectIssue(w, 'COMPARE_UNIT_DIFFERS', ['after', 'indicators', 1]);
    expect(w.find((i) => i.code === 'COMPARE_UNIT_DIFFERS')?.params).toEqual({
      indicator: 'R4',
      before: 't',
      after: 'kg',
    });
  });
  it('COMPARE_GOOD_REZONED: a region-wide good given for a zone the other year holds', () => {
    // R4's tp, in Z2 in 2020, given region-wide in 2021: both years carry zones Z1 and Z2 otherwise (cod in Z2)
    const moved = edit((r) => {
      const r4 = r.indicators.find((i) => i.code === 'R4')!;
      r4.lines.find((l) => l.subItem === 'tp')!.zone = null;
    });
    const w = compare(BEFORE, moved).warnings;
    expectIssue(w, 'COMPARE_GOOD_REZONED', ['after', 'zones']);
    expect(w.map((i) => i.code)).not.toContain('COMPARE_ZONES_DIFFER');
  });
  it('COMPARE_COEFFICIENTS_DIFFER: a coefficient of both years with another value', () => {
    const c = (value: string) => [
      {
        key: 'price.k',
        ecosystem: null,
        region: null,
        value,
        unit: 'yuan/t',
        priceYear: 2020,
        table: 't@1.0.0',
      },
    ];
    const w = compare({ ...BEFORE, coefficients: c('1') }, { ...AFTER, coefficients: c('2') }).warnings;
    expectIssue(w, 'COMPARE_COEFFICIENTS_DIFFER', ['after', 'coefficients']);
    // the same value written otherwise ("1.0") is the same
    const same = compare({ ...BEFORE, coefficients: c('1') }, { ...AFTER, coefficients: c('1.0') }).warnings;
    expect(same.map((i) => i.code)).not.toContain('COMPARE_COEFFICIENTS_DIFFER');
  });
  it('COMPARE_ZONE_RENAMED: a zone of both years with another name', () => {
    const renamed = edit((r) => (r.byZone![1]!.name = '二镇'));
    expectIssue(compare(BEFORE, renamed).warnings, 'COMPARE_ZONE_RENAMED', ['after', 'byZone', 1, 'name']);
  });
  it('COMPARE_RESULT_ROUNDED: a result written rounded is warned, the comparison still made', () => {
    const rounded = edit(
      (r) => ((r as { rounding: unknown }).rounding = { money: 2, quantity: 4, share: 2, mode: 'halfEven' }),
    );
    const w = compare(BEFORE, rounded).warnings.filter((i) => i.code === 'COMPARE_RESULT_ROUNDED');
    expect(w.map((i) => [i.path, i.params])).toEqual([[['after', 'rounding'], { year: 2021, money: 2 }]]);
    expect(w[0]?.message.zh).toBe(
      '2021 年的核算结果已舍入到 2 位小数：各效应由舍入后的数值分解，纯结构变化也可能显示几分钱的价格效应',
    );
    triggered.add('COMPARE_RESULT_ROUNDED');
  });
  it('COMPARE_INDICATOR_ONE_SIDE, COMPARE_REGION_DIFFERS: warned, the comparison still made', () => {
    // C1 (1,500.00 元) skipped in 2021: the later GEP is 672,429.91 − 1,500.00 = 670,929.91 (at current prices
    // 679,184.21 − 1,515.00 = 677,669.21).
    const noC1 = edit((r) => {
      r.indicators = r.indicators.filter((i) => i.code !== 'C1');
      (r as { skipped?: unknown }).skipped = [{ code: 'C1', reason: 'excluded by the caller' }];
      r.totals.gep = { comparable: '670929.91', current: '677669.21' };
    });
    const w = compare(BEFORE, noC1).warnings;
    expectIssue(w, 'COMPARE_INDICATOR_ONE_SIDE', ['after', 'skipped', 0]);
    expect(w.find((i) => i.code === 'COMPARE_INDICATOR_ONE_SIDE')?.message.en).toBe(
      'Indicator C1 is accounted in 2020 only, not in 2021 (excluded by the caller): its whole value counts as change',
    );
    const other = edit(
      (r) => (r.region = { name: '另一县 Other County', code: '360111' } as typeof r.region),
    );
    expectIssue(compare(BEFORE, other).warnings, 'COMPARE_REGION_DIFFERS', ['after', 'region']);
  });
  it('COMPARE_PROFILE_DIFFERS, COMPARE_YEAR_ORDER: another profile, a year compared with itself or an earlier one', () => {
    const mee = edit((r) => (r.profile = { ...r.profile, id: 'mee-2020' }));
    const w = compare(BEFORE, mee).warnings;
    expectIssue(w, 'COMPARE_PROFILE_DIFFERS', ['after', 'profile']);
    expect(w.find((i) => i.code === 'COMPARE_PROFILE_DIFFERS')?.message.en).toMatch(
      /^The two accounts follow different profiles \(\S+@\S+, mee-2020@\S+\): their prices and coefficients differ/,
    );
    // one profile, two versions: another method too
    expectIssue(
      compare(
        BEFORE,
        edit((r) => (r.profile = { ...r.profile, version: '9.9.9' })),
      ).warnings,
      'COMPARE_PROFILE_DIFFERS',
      ['after', 'profile'],
    );
    // the same year twice, and the later year first
    expectIssue(compare(BEFORE, BEFORE).warnings, 'COMPARE_YEAR_ORDER', ['after', 'year']);
    const reversed = compare(
      edit(() => undefined),
      BEFORE,
    ).warnings;
    expectIssue(reversed, 'COMPARE_YEAR_ORDER', ['after', 'year']);
    expect(reversed.find((i) => i.code === 'COMPARE_YEAR_ORDER')?.message.zh).toBe(
      '后一期（2020 年）不晚于前一期（2021 年）：增长与变化按给出的先后计算',
    );
    // in order, one profile: neither
    expect(
      compare(
        BEFORE,
        edit(() => undefined),
      ).warnings.map((i) => i.code),
    ).not.toContain('COMPARE_YEAR_ORDER');
  });
});

describe('the report of an account result file (test/report/result-file.test.ts has the details)', () => {
  it('REPORT_RESULT_INVALID: a result whose GEP total is no decimal, at its place, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-'));
    const file = join(dir, 'res.json');
    const r = JSON.parse(JSON.stringify(account(tinyInput())));
    r.totals.gep.current = 'abc';
    writeFileSync(file, JSON.stringify(r));
    const problem = (path: readonly (string | number)[], detail: string) =>
      issue('REPORT_RESULT_INVALID', path, { file, detail });
    const issues = errorsOf(() => checkResult(r, [], problem, reportableResultSchema));
    expectIssue(issues, 'REPORT_RESULT_INVALID', ['totals', 'gep', 'current']);
    expect(issues[0]?.message.en).toBe(
      `The account result ${file} cannot be reported: expected a decimal string such as "-1234.56"; received "abc"`,
    );
    let err = '';
    const code = await runCli(['report', file, '--out', join(dir, 'r.html')], {
      out: () => undefined,
      err: (s) => (err += s),
    });
    expect(code).toBe(1);
    expect(err).toContain('error REPORT_RESULT_INVALID\n  at totals.gep.current\n');
  });
});

describe('the shared reader and output checks (test/io.test.ts has the details)', () => {
  it('INPUT_ENCODING, INPUT_DUPLICATE_KEY, OUTPUT_UNWRITABLE: the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-'));
    writeFileSync(join(dir, 'bad.json'), new Uint8Array([0x7b, 0xff, 0xff, 0x7d]));
    expect(cli(['validate', join(dir, 'bad.json')]).err).toContain('INPUT_ENCODING');
    triggered.add('INPUT_ENCODING');
    // {"year":2020,"note":"亩"} with 亩 in GBK (C4 B6, "Ķ" as UTF-8) after 21 bytes: valid UTF-8, read as GBK by chance
    writeFileSync(
      join(dir, 'mu.json'),
      new Uint8Array([...new TextEncoder().encode('{"year":2020,"note":"'), 0xc4, 0xb6, 0x22, 0x7d]),
    );
    expect(cli(['validate', join(dir, 'mu.json')]).err).toContain(
      `warning INPUT_ENCODING_GUESSED\n  文件 ${join(dir, 'mu.json')} 的字节也是有效的 UTF-8，已按 GBK/GB18030 读取：第 1 行（字节 21）起`,
    );
    triggered.add('INPUT_ENCODING_GUESSED');
    writeFileSync(join(dir, 'dup.json'), '{"year": 2020, "year": 2021}');
    expect(cli(['validate', join(dir, 'dup.json')]).err).toContain('INPUT_DUPLICATE_KEY');
    triggered.add('INPUT_DUPLICATE_KEY');
    writeFileSync(join(dir, 'deep.json'), `${'['.repeat(101)}${']'.repeat(101)}`);
    expect(cli(['validate', join(dir, 'deep.json')]).err).toContain('INPUT_TOO_DEEP');
    triggered.add('INPUT_TOO_DEEP');
    const r = await cli(['schema', 'input', '--out', join(dir, 'missing', 'schema.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('OUTPUT_UNWRITABLE');
    triggered.add('OUTPUT_UNWRITABLE');
  });

  it('LINE_TOO_LONG: a line file whose line 2 is longer than the limit (here 10 characters): that line refused', async () => {
    const lines: string[] = [];
    for await (const l of splitLines(['\n{"id":"abcdefghij"}\n'], 10)) lines.push(l);
    const r = new CarbonBatch().process(lines[1], 2);
    expectIssue(r?.issues ?? [], 'LINE_TOO_LONG', ['line', 2]);
    expect(r?.issues[0]?.message.en).toBe('The line is longer than 10 characters; it was not read');
  });

  it('NUMBER_DIGITS_LOST, TEXT_LONE_SURROGATE: a ledger amount past 2⁵³ and a user id with a lone surrogate, each line refused', () => {
    const batch = new CarbonBatch();
    // 12345678901234567890 has no double: JSON.parse reads 12345678901234567000, 890 g less than written
    const amount = batch.process(
      '{"record":{"type":"issue","ts":"2024-05-01T00:00:00Z","amount":12345678901234567890,"unit":"g_CO2","to":"org:pool","ref":"seed-1"}}',
      1,
    );
    expectIssue(amount?.issues ?? [], 'NUMBER_DIGITS_LOST', ['line', 1, 'record', 'amount']);
    expect(amount?.issues[0]?.message.en).toBe(
      'The JSON number 12345678901234567890 has more digits than a double keeps: it reads as 12345678901234567000',
    );
    expect(amount?.issues[0]?.hint).toBe(
      'Write it as a string ("12345678901234567890"): a string keeps every digit.',
    );
    const user = batch.process(
      '{"id":"s1","user":"u\\ud800","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}',
      2,
    );
    expectIssue(user?.issues ?? [], 'TEXT_LONE_SURROGATE', ['line', 2, 'user']);
    // the batch goes on: a line with the pair the escape meant to write is credited
    const pair = batch.process(
      '{"id":"s2","user":"u\\ud83d\\ude00","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}',
      3,
    );
    expect(pair?.ok).toBe(true);
  });

  it('TEXT_NUL_CHARACTER: an activity id holding U+0000 (PostgreSQL text cannot store it), that line refused', () => {
    const batch = new CarbonBatch();
    const nul = batch.process(
      '{"id":"bad\\u0000x","user":"z","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}',
      1,
    );
    expectIssue(nul?.issues ?? [], 'TEXT_NUL_CHARACTER', ['line', 1, 'id']);
    expect(nul?.issues[0]?.message.en).toBe(
      'A string holds the character U+0000 (\\u0000): PostgreSQL cannot store it, and some readers cut the text there',
    );
    // the batch goes on
    const ok = batch.process(
      '{"id":"ok","user":"z","ts":"2024-05-01T09:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}',
      2,
    );
    expect(ok?.ok).toBe(true);
  });

  it('OUTPUT_WRITE_FAILED: a file-system error part-way (the staged summary line cannot be written)', async () => {
    const staging = join(mkdtempSync(join(tmpdir(), 'gepkit-')), 'gone', 'summary.line');
    async function* pieces() {
      yield '{}';
    }
    const e = await writeWhole(pieces(), staging, () => undefined).catch((x: unknown) => x);
    expect((e as GepError).issues[0]?.code).toBe('OUTPUT_WRITE_FAILED');
    triggered.add('OUTPUT_WRITE_FAILED');
  });

  it('DEPENDENCY_MISSING: an optional package that is not installed, loaded when first used', () => {
    // every optional package is installed here: the mechanism is run on a package that no registry has
    const absent = { 'gepkit-absent-package': '1.2.3' };
    let e: unknown;
    try {
      requireOptional('gepkit-absent-package', absent);
    } catch (x) {
      e = x;
    }
    expectIssue((e as GepError).issues, 'DEPENDENCY_MISSING', []);
    expect((e as GepError).issues[0]?.hint).toContain('npm install gepkit-absent-package@1.2.3');
  });

  it('OUTPUT_DIR_NOT_EMPTY: vep value --out-dir into a folder that holds files, without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-'));
    writeFileSync(join(dir, 'summary.json'), '{}');
    const ex = new URL('../examples/vep/', import.meta.url).pathname;
    let err = '';
    const code = await vepCommand(
      ['value', join(ex, 'parcels.csv'), '--context', join(ex, 'context.json'), '--out-dir', dir],
      { out: () => undefined, err: (s) => (err += s) },
    );
    expect(code).toBe(1);
    expect(err).toContain('OUTPUT_DIR_NOT_EMPTY');
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('{}');
    triggered.add('OUTPUT_DIR_NOT_EMPTY');
  });

  it('OUTPUT_SAME_FILE: vep value --rejected naming the parcels file, which is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-'));
    const ex = new URL('../examples/vep/', import.meta.url).pathname;
    const parcels = join(dir, 'parcels.csv');
    writeFileSync(parcels, readFileSync(join(ex, 'parcels.csv')));
    let err = '';
    const code = await vepCommand(
      ['value', parcels, '--context', join(ex, 'context.json'), '--rejected', parcels],
      { out: () => undefined, err: (s) => (err += s) },
    );
    expect(code).toBe(1);
    expect(err).toContain('error OUTPUT_SAME_FILE');
    expect(err).toContain(`写出 ${parcels} (--rejected) 会替换本命令读取的文件 ${parcels}；未写出任何内容`);
    expect(readFileSync(parcels, 'utf8')).toBe(readFileSync(join(ex, 'parcels.csv'), 'utf8'));
    triggered.add('OUTPUT_SAME_FILE');
  });
});

describe('the catalogue', () => {
  it('every code is triggered by a test above', () => {
    // Module catalogues (carbon inclusion, custom indicators, the queue, rasters, VEP) are triggered by their own modules' tests.
    const core = Object.keys(ERROR_CATALOGUE).filter(
      (c) =>
        !(c in CARBON_ERRORS) &&
        !(c in CUSTOM_ERRORS) &&
        !(c in QUEUE_ERRORS) &&
        !(c in RASTER_ERRORS) &&
        !(c in SERVE_ERRORS) &&
        !(c in UNCERTAINTY_ERRORS) &&
        !(c in VEP_ERRORS) &&
        !(c in XLSX_ERRORS),
    );
    expect(core.filter((c) => !triggered.has(c))).toEqual([]);
  });
  it('every entry of every catalogue has its hint in Chinese, reading the parameters the English one reads', () => {
    for (const [code, e] of Object.entries(ERROR_CATALOGUE) as [string, CatalogueEntry][]) {
      const enRead = new Set<string>();
      const zhRead = new Set<string>();
      const recorder = (read: Set<string>) =>
        new Proxy({} as Params, {
          get: (_, k) => {
            read.add(String(k));
            return `<${String(k)}>`;
          },
        });
      e.hint(recorder(enRead));
      const zh = e.hintZh(recorder(zhRead));
      // CARBON_NO_RULE's hint is its `fix` parameter, whose Chinese the entry gives for each fix the batch writes
      if (code !== 'CARBON_NO_RULE') expect(zh, code).toMatch(/\p{Script=Han}/u);
      // ECOSYSTEM_TYPE_AMBIGUOUS's crosswalk note has its own Chinese text (noteZh)
      const zhNamed = [...zhRead].map((k) =>
        code === 'ECOSYSTEM_TYPE_AMBIGUOUS' && k === 'noteZh' ? 'note' : k,
      );
      expect(zhNamed.sort(), code).toEqual([...enRead].sort());
    }
  });

  it('docs/errors.md lists every code', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    expect(Object.keys(ERROR_CATALOGUE).filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });
  it('a GepError serialises to its issues and prints both languages', () => {
    const e = errorOf(() => account(mutate((i) => (i.ecosystems[0].zone = 'Z9'))));
    expect(e).toBeInstanceOf(GepError);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      error: { issues: e.issues.map((i) => JSON.parse(JSON.stringify(i))) },
    });
    expect(e.message).toContain('ZONE_UNKNOWN');
    expect(e.zh).toContain('Z9');
  });
});
