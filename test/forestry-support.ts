import { type AccountOptions, account } from '../src/account/account';
import { Decimal } from '../src/core/decimal';
import type { AccountResult, IndicatorResult } from '../src/account/result-schema';
import { ALL, profileWith, tinyInput, userTable } from './helpers';

/** Test support for the forestry methods (imported by the *.test.ts files of this folder only). */

/** A forest-only input: 100 hm² of broadleaf forest (and 200 hm² of shrub, outside the default groups). */
export function forestInput(): Record<string, unknown> {
  const input = tinyInput();
  input.ecosystems = [
    { type: 'forest.broadleaf', area: { value: '100', unit: 'hm2' } },
    { type: 'shrub', area: { value: '200', unit: 'hm2' } },
  ];
  input.productivity = [{ ecosystem: 'forest.broadleaf', npp: { value: '10', unit: 't_DM_per_hm2_a' } }];
  return input;
}

/** forestInput with its broadleaf row (ecosystems[0]) in zone N, the climate and productivity records unchanged. */
export function zonedInput(): Record<string, unknown> {
  const input = forestInput();
  input.zones = [{ id: 'N', name: 'North' }];
  (input.ecosystems as Record<string, unknown>[])[0]!.zone = 'N';
  return input;
}

/** A price record at the accounting year (2020) of tinyInput, so no deflation enters the arithmetic. */
export function price(key: string, value: string, unit: string, ecosystem?: string): Record<string, unknown> {
  return { key, value, unit, priceYear: 2020, ...(ecosystem ? { applies: { ecosystem } } : {}) };
}
export function coef(key: string, value: string, unit: string, ecosystem?: string): Record<string, unknown> {
  return { key, value, unit, ...(ecosystem ? { applies: { ecosystem } } : {}) };
}

/**
 * Account one profile indicator code with a forestry method, every other code excluded, with a user table
 * (searched before the bundled ones).
 */
export function run(
  code: string,
  method: string,
  records: Record<string, unknown>[],
  opts: { input?: Record<string, unknown>; switches?: Record<string, unknown> } & Pick<
    AccountOptions,
    'baseYear'
  > = {},
): { result: AccountResult; ind: IndicatorResult } {
  const { switches, ...rest } = opts;
  const input = structuredClone(opts.input ?? forestInput());
  delete rest.input;
  // the test's table goes first, before tinyInput's local table (which has a soil bulk density)
  const overrides = input.overrides as { tables: unknown[] };
  if (records.length > 0) overrides.tables = [userTable('forestry-test', records), ...overrides.tables];
  const result = account(input, {
    rounding: 'exact',
    ...rest,
    exclude: ALL.filter((c) => c !== code),
    profile: profileWith(code, method),
    ...(switches ? { switches: { [code]: switches } } : {}),
  });
  const ind = result.indicators.find((i) => i.code === code);
  if (ind === undefined) throw new Error(`${code} not in result`);
  return { result, ind };
}

/** Sum of the valuations at their own price year, as a decimal string. */
export function atPriceYear(ind: IndicatorResult): string {
  return ind.lines
    .flatMap((l) => l.valuations)
    .reduce((a, v) => a.plus(v.atPriceYear), new Decimal(0))
    .toFixed();
}
