import { type AccountOptions, account } from '../src/account/account';
import type { AccountResult, IndicatorResult } from '../src/account/result-schema';
import { GepError } from '../src/core/errors';

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
      { precipitation: { value: '1800', unit: 'mm' } },
      { ecosystem: 'forest.broadleaf', evapotranspiration: { value: '800', unit: 'mm' } },
      { ecosystem: 'shrub', evapotranspiration: { value: '700', unit: 'mm' } },
    ],
    materialProducts: ['agriculture', 'forestry', 'animal_husbandry', 'fishery'].map((sector) => ({
      sector,
      grossOutput: { value: '100', unit: 'wan_yuan', priceYear: 2020 },
    })),
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

export const ALL = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'R1', 'C1'];

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
