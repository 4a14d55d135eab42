import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { run } from '../src/cli/main';
import { GepError } from '../src/core/errors';

const example = () =>
  JSON.parse(readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'));

/** The example as a researcher writes it: Chinese names, land-use codes and names instead of type codes. */
const WRITTEN: Record<string, string> = {
  'forest.broadleaf': '阔叶林',
  'forest.coniferous': '0301',
  'cropland.paddy': '0101',
  'wetland.reservoir': '水库水面',
  'wetland.river': '1101',
  urban: '0701',
};

function written(): Record<string, any> {
  const input = example();
  const rename = (t: string) => WRITTEN[t] ?? t;
  for (const e of input.ecosystems) e.type = rename(e.type);
  for (const section of Object.values(input))
    if (Array.isArray(section))
      for (const r of section)
        if (r !== null && typeof r.ecosystem === 'string') r.ecosystem = rename(r.ecosystem);
  return input;
}

describe('an account with types written as names and land-use classes', () => {
  it("gives the GEP of the coded input to the fen, records each mapping and warns on the crosswalk's", () => {
    const coded = account(example(), { baseYear: 2015 });
    const r = account(written(), { baseYear: 2015, typeMapping: { '0301': 'forest.coniferous' } });
    expect(r.totals.gep.current).toBe(coded.totals.gep.current);
    expect(r.totals.gep.comparable).toBe(coded.totals.gep.comparable);
    expect(r.indicators.map((i) => [i.code, i.value.current])).toEqual(
      coded.indicators.map((i) => [i.code, i.value.current]),
    );
    expect(r.typeMappings?.map((m) => [m.given, m.code, m.via])).toEqual(
      expect.arrayContaining([
        ['阔叶林', 'forest.broadleaf', 'name'],
        ['0301', 'forest.coniferous', 'user'],
        ['0101', 'cropland.paddy', 'crosswalk'],
        ['水库水面', 'wetland.reservoir', 'crosswalk'],
      ]),
    );
    // One warning per crosswalk form (0101, 水库水面, 1101, 0701); none for the name or the user's mapping.
    expect(
      r.warnings
        .filter((w) => w.code === 'ECOSYSTEM_TYPE_MAPPED')
        .map((w) => w.params?.given)
        .sort(),
    ).toEqual(['0101', '0701', '1101', '水库水面']);
    // The coded input's result has no type mappings at all (its JSON is unchanged).
    expect('typeMappings' in coded).toBe(false);
  });

  it('refuses 乔木林地 without a mapping, naming the forest types it could be', () => {
    const e = (() => {
      try {
        account(written());
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(GepError);
    const issues = (e as GepError).issues;
    // Every place it is written is named, each with the candidates.
    expect(issues.length).toBe(JSON.stringify(written()).split('"0301"').length - 1);
    for (const i of issues) {
      expect(i.code).toBe('ECOSYSTEM_TYPE_AMBIGUOUS');
      expect(i.params?.candidates).toBe('forest.broadleaf, forest.coniferous, forest.mixed');
    }
  });

  it('the CLI takes --type-map CLASS=CODE for account and validate, and refuses a malformed pair', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gepkit-')), 'input.json');
    writeFileSync(file, JSON.stringify(written()));
    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
    };
    const a = io();
    expect(run(['account', file, '--type-map', '0301=forest.coniferous', '--base-year', '2015'], a.io)).toBe(
      0,
    );
    expect(JSON.parse(a.out.join('')).totals.gep.current).toBe(
      account(example(), { baseYear: 2015 }).totals.gep.current,
    );
    const v = io();
    expect(run(['validate', file, '--type-map', '0301=forest.coniferous'], v.io)).toBe(0);
    expect(v.err.join('')).toContain('ECOSYSTEM_TYPE_MAPPED');
    const bad = io();
    expect(run(['account', file, '--type-map', '0301'], bad.io)).toBe(1);
    expect(bad.err.join('')).toContain('--type-map takes CLASS=CODE');
  });
});
