import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_DATA, BUNDLED_IDS } from './data';

const all = [...BUNDLED_DATA.tables, ...BUNDLED_DATA.indices, ...BUNDLED_DATA.classifications];

describe('BUNDLED_DATA: the data files shipped with gepkit', () => {
  it('each entry names, under coefficients/, the file whose JSON it holds', () => {
    expect(all.length).toBe(10);
    for (const [json, path] of all) {
      expect(path).toMatch(/^coefficients\/[a-z0-9-]+\/[a-z0-9-]+\.json$/);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(json);
    }
  });

  it('sorts the files by kind: eight coefficient tables, one price index, one classification', () => {
    expect(BUNDLED_DATA.tables.map(([j]) => j.id)).toEqual([
      'rcees-2013-reference',
      'runoff-coefficients-redline',
      'cn-environmental-tax-2018',
      'flood-lake-pairs',
      'lyt-1721-2008',
      'cn-carbon-market',
      'photosynthesis-stoichiometry',
      'county-platform-constants',
    ]);
    expect(BUNDLED_DATA.indices.map(([j]) => j.id)).toEqual(['cn-cpi-1978']);
    expect(BUNDLED_DATA.classifications.map(([j]) => j.id)).toEqual(['jx-ecosystem-types']);
  });

  it('BUNDLED_IDS reserves the id of every file, and nothing else', () => {
    expect([...BUNDLED_IDS].sort()).toEqual(all.map(([j]) => j.id).sort());
    expect(BUNDLED_IDS.size).toBe(10);
  });
});
