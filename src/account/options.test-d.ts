import { describe, expectTypeOf, it } from 'vitest';
import type { AccountInputJson } from '../input/input';
import { account } from './account';
import type { BundledIndicatorCode, BundledProfileId, ProfileId } from './ids';
import type { AccountOptions } from './options';

/** Type-level tests: the options offer the bundled ids and codes and still take a custom one. */
describe('account() types', () => {
  it('profile ids and indicator codes are literal unions that keep custom ids possible', () => {
    expectTypeOf<'jx-db36-1402-2021'>().toExtend<BundledProfileId>();
    expectTypeOf<'R6'>().toExtend<BundledIndicatorCode>();
    // @ts-expect-error not a bundled profile id
    const wrong: BundledProfileId = 'jx-db36';
    expectTypeOf(wrong).toBeString();
    expectTypeOf<'my-own-profile'>().toExtend<ProfileId>();
    const options: AccountOptions = {
      profile: 'jx-db36-1402-2021',
      exclude: ['M5', 'LOCAL-1'],
      methods: { R1: 'water-conservation/water-balance@1', 'LOCAL-2': 'x@1' },
      switches: { R6: { carbonPrice: 'market' } },
    };
    expectTypeOf(options.exclude).toEqualTypeOf<AccountOptions['exclude']>();
  });

  it('account() takes typed input JSON, or unknown JSON from a file', () => {
    expectTypeOf(account).toBeCallableWith({} as AccountInputJson, { profile: 'mee-2020' });
    expectTypeOf(account).toBeCallableWith(JSON.parse('{}') as unknown);
    // @ts-expect-error a profile id is a string, not a number
    account({} as AccountInputJson, { profile: 1 });
  });
});
