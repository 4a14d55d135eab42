import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/account/compare';
import { GepError } from '../../src/core/errors';
import { changeAccounting } from '../../src/vep/change';
import { errorOf } from '../helpers';
import { EXAMPLES } from './helpers';

/**
 * Change accounting (gepkit/vep) and year-on-year comparison (compare) read an account result through one schema
 * (src/account/compare-side-schema.ts): a result one of them refuses, the other refuses at the same places with the
 * same details, each under its own code.
 */
const account = JSON.parse(readFileSync(join(EXAMPLES, 'account-2022.json'), 'utf8')) as Record<
  string,
  unknown
>;
const later = JSON.parse(readFileSync(join(EXAMPLES, 'account-2023.json'), 'utf8')) as unknown;

type Edit = (r: any) => void;
const EDITS: [string, Edit][] = [
  ['year not an integer', (r) => (r.year = 2022.5)],
  ['no prices.index', (r) => delete r.prices.index],
  ['a GEP total that is not a decimal', (r) => (r.totals.gep.current = '1e5')],
  ['rounding of an unknown mode', (r) => (r.rounding = { money: 2, mode: 'NOPE' })],
  ['an indicator without its name', (r) => delete r.indicators[0].name],
  ['an unknown category', (r) => (r.indicators[0].category = 'other')],
  ['a line without its ecosystem', (r) => delete r.indicators[0].lines[0].ecosystem],
  [
    'a unit outside the catalogue',
    (r) => (r.indicators[0].lines[0].physical = { value: '1', unit: 'furlong' }),
  ],
];

const where = (e: GepError) => e.issues.map((i) => [i.path.slice(1), i.params?.detail]);

describe('one schema of an account result for change accounting and comparison', () => {
  for (const [what, edit] of EDITS)
    it(`${what}: refused by both at the same path with the same detail`, () => {
      const bad = JSON.parse(JSON.stringify(account)) as Record<string, unknown>;
      edit(bad);
      const change = errorOf(() => changeAccounting(later, bad));
      const comparison = errorOf(() => compare(later, bad));
      expect(change.issues.every((i) => i.code === 'VEP_RESULT_INVALID' && i.path[0] === 'b')).toBe(true);
      expect(
        comparison.issues.every((i) => i.code === 'COMPARE_RESULT_INVALID' && i.path[0] === 'after'),
      ).toBe(true);
      expect(where(change)).toEqual(where(comparison));
      expect(change.issues.length).toBeGreaterThan(0);
    });

  it('the example accounts are read by both', () => {
    expect(changeAccounting(account, later).total.change).toBe('16055660.36');
    expect(compare(account, account).before.year).toBe(2022);
  });
});
