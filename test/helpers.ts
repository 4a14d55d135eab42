import { type AccountOptions, account } from '../src/account/account';
import type { AccountResult, IndicatorResult } from '../src/account/result-schema';
import { GepError } from '../src/core/errors';
import { DEFAULT_PROFILE, bundledProfile } from '../src/profiles/bundled';
import type { Profile } from '../src/profiles/schema';

/**
 * A tiny county with round numbers, valid for the default profile. Hand-computed tests start from it and
 * change what they test. Areas: 10 km² broadleaf forest, 200 hm² shrub (two units on purpose).
 */
export function tinyInput(): Record<string, unknown> {
  return {
    region: { name: '测试县', code: '361099', level: 'county' },
    year: 2020,
    ecosystems: [
      { type: 'forest.broadleaf', area: { value: '10', unit: 'km2' } },
      { type: 'shrub', area: { value: '200', unit: 'hm2' } },
    ],
    climate: [
      {
        precipitation: { value: '1800', unit: 'mm' },
        stormPrecipitation: { value: '600', unit: 'mm' },
        acDays: { value: '100', unit: 'day' },
      },
      { ecosystem: 'forest.broadleaf', evapotranspiration: { value: '800', unit: 'mm' } },
      { ecosystem: 'shrub', evapotranspiration: { value: '700', unit: 'mm' } },
    ],
    materialProducts: ['agriculture', 'forestry', 'animal_husbandry', 'fishery'].map((sector) => ({
      sector,
      grossOutput: { value: '100', unit: 'wan_yuan', priceYear: 2020 },
    })),
    soilFactors: [
      {
        ecosystem: 'forest.broadleaf',
        R: { value: '9000', unit: 'MJ_mm_per_hm2_h_a' },
        K: { value: '0.03', unit: 't_hm2_h_per_hm2_MJ_mm' },
        LS: '4',
        C: '0.01',
      },
      {
        ecosystem: 'shrub',
        R: { value: '9000', unit: 'MJ_mm_per_hm2_h_a' },
        K: { value: '0.03', unit: 't_hm2_h_per_hm2_MJ_mm' },
        LS: '2',
        C: '0.05',
        P: '0.5',
      },
    ],
    productivity: [
      { ecosystem: 'forest.broadleaf', nep: { value: '3', unit: 't_C_per_hm2_a' } },
      { ecosystem: 'shrub', nep: { value: '1.5', unit: 't_C_per_hm2_a' } },
    ],
    airIons: [
      {
        ecosystem: 'forest.broadleaf',
        concentration: { value: '2600', unit: 'ions_per_cm3' },
        standHeight: { value: '12', unit: 'm' },
      },
    ],
    waterBodies: { reservoirs: [{ name: 'R', totalStorage: { value: '1000', unit: 'wan_m3' } }] },
    emissions: {
      water: [
        { pollutant: 'cod', amount: { value: '100', unit: 't' } },
        { pollutant: 'nh3n', amount: { value: '8', unit: 't' } },
        { pollutant: 'tp', amount: { value: '1', unit: 't' } },
      ],
      air: [
        { pollutant: 'so2', amount: { value: '95', unit: 't' } },
        { pollutant: 'nox', amount: { value: '19', unit: 't' } },
      ],
    },
    overrides: { tables: [LOCAL_TABLE] },
    tourism: {
      segments: [
        {
          name: 'visitors',
          visits: { value: '10', unit: 'wan_person_time' },
          spendingPerVisit: { value: '100', unit: 'yuan/person_time', priceYear: 2020 },
          timeCostPerVisit: { value: '20', unit: 'yuan/person_time', priceYear: 2020 },
        },
      ],
    },
  };
}

/** Keys no bundled table has (bulk density, storm runoff), as a user would supply them. */
export const LOCAL_TABLE = {
  kind: 'coefficients',
  id: 'test-local',
  version: '1.0.0',
  title: { zh: '测试本地参数', en: 'Test local parameters' },
  effective: { from: '2020-01-01' },
  records: [
    {
      key: 'soil.bulk_density',
      value: '1.25',
      unit: 't_per_m3',
      source: { document: 'test' },
      grade: 'assumed',
    },
    {
      key: 'runoff.storm_coefficient',
      value: '0.2',
      unit: 'one',
      applies: { ecosystem: 'forest.broadleaf' },
      source: { document: 'test' },
      grade: 'assumed',
    },
    {
      key: 'runoff.storm_coefficient',
      value: '0.3',
      unit: 'one',
      applies: { ecosystem: 'shrub' },
      source: { document: 'test' },
      grade: 'assumed',
    },
    { key: 'ions.lifetime', value: '10', unit: 'minute', source: { document: 'test' }, grade: 'assumed' },
  ],
};

export const ALL = [
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
  'C2',
];

/** A user table from records (each graded assumed, source "test"). */
export function userTable(id: string, records: Record<string, unknown>[]) {
  return {
    kind: 'coefficients',
    id,
    version: '1.0.0',
    title: { zh: id, en: id },
    effective: { from: '2020-01-01' },
    records: records.map((r) => ({ source: { document: 'test' }, grade: 'assumed', ...r })),
  };
}

/** Account only `code` (the others excluded), with every digit kept. */
export function only(
  code: string,
  input: unknown,
  options: AccountOptions = {},
): { result: AccountResult; ind: IndicatorResult } {
  const result = account(input, { rounding: 'exact', ...options, exclude: ALL.filter((c) => c !== code) });
  const ind = result.indicators.find((i) => i.code === code);
  if (ind === undefined) throw new Error(`${code} not in result`);
  return { result, ind };
}

/**
 * The default profile with indicator `code` computed by `method` (its switches the method's defaults): a method tried
 * in an indicator's place, as a profile of one's own would give it. `options.methods` refuses a method of another
 * service (METHOD_MISMATCH); a profile only one of another category.
 */
export function profileWith(code: string, method: string): Profile {
  const own = bundledProfile(DEFAULT_PROFILE);
  return {
    ...own,
    indicators: own.indicators.map((e) => (e.code === code ? { ...e, method, switches: {} } : e)),
  };
}

/** Account only `codes` (the others excluded), with every digit kept. */
export function some(codes: string[], input: unknown, options: AccountOptions = {}): AccountResult {
  return account(input, { rounding: 'exact', ...options, exclude: ALL.filter((c) => !codes.includes(c)) });
}

/** The GepError thrown by `f`, or a failed test. */
export function errorOf(f: () => unknown): GepError {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('expected a GepError, none was thrown');
}
