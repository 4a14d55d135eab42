import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { parseInput } from '../src/account/validate';
import { errorOf, tinyInput } from './helpers';

/** A value of 196,000 characters (the reviewer's: ten of them made a 16 MB error body and 39 s of /v1/validate). */
const LONG = 'forest.'.repeat(28_000);

/** Every text of an issue together: its messages, hints and parameters. */
const textOf = (i: unknown) => JSON.stringify(i);

describe('a long value written where a code or unit is expected is echoed in its short form', () => {
  it('ECOSYSTEM_TYPE_UNKNOWN', () => {
    const input = tinyInput();
    // written twice in the same scope: DUPLICATE_ID names the row by its short form too
    const ecosystems = [1, 2].map(() => ({ type: LONG, area: { value: '1', unit: 'km2' } }));
    const e = errorOf(() =>
      account({ ...input, ecosystems: [...(input.ecosystems as unknown[]), ...ecosystems] }),
    );
    const found = e.issues.filter((i) => i.code === 'ECOSYSTEM_TYPE_UNKNOWN');
    expect(found.length).toBeGreaterThan(0);
    for (const i of found) {
      // shortValue: the first 37 characters and an ellipsis
      expect(i.params?.type).toBe(`${LONG.slice(0, 37)}…`);
      // the classification's codes make most of the text: far below the value's length
      expect(textOf(i).length).toBeLessThan(10_000);
    }
    const dup = e.issues.find((i) => i.code === 'DUPLICATE_ID');
    expect(dup?.params?.id).toBe(`(region) × ${LONG.slice(0, 37)}…`);
    expect(textOf(e.issues).length).toBeLessThan(30_000);
  });

  it('UNIT_UNKNOWN', () => {
    const input = tinyInput();
    const ecosystems = [{ type: 'shrub', area: { value: '1', unit: LONG } }];
    const e = errorOf(() => parseInput({ ...input, ecosystems }));
    const i = e.issues.find((x) => x.code === 'UNIT_UNKNOWN');
    expect(i?.params?.unit).toBe(`${LONG.slice(0, 37)}…`);
    expect(textOf(i).length).toBeLessThan(10_000);
  });

  it('INDICATOR_UNKNOWN', () => {
    const e = errorOf(() => account(tinyInput(), { exclude: [`M${'1'.repeat(100_000)}`] }));
    const i = e.issues.find((x) => x.code === 'INDICATOR_UNKNOWN');
    expect(String(i?.params?.code)).toHaveLength(38);
    expect(textOf(i).length).toBeLessThan(10_000);
  });

  it('a short value is echoed whole, with its suggestion', () => {
    const input = tinyInput();
    const ecosystems = [{ type: 'forest.broadleef', area: { value: '1', unit: 'km2' } }];
    const e = errorOf(() => account({ ...input, ecosystems }));
    const i = e.issues.find((x) => x.code === 'ECOSYSTEM_TYPE_UNKNOWN');
    expect(i?.params?.type).toBe('forest.broadleef');
    expect(i?.hint).toContain('Did you mean forest.broadleaf for "forest.broadleef"?');
  });
});
