import { describe, expect, it } from 'vitest';
import landuseJx from '../../coefficients/classification/landuse-jx-crosswalk.json';
import { contentHash } from '../core/canonical';
import { GepError } from '../core/errors';
import { bundledCrosswalks, crosswalkSchema, loadCrosswalk } from './crosswalk';

/** A small crosswalk: one class with its type, one ambiguous class with its candidates. */
function crosswalk(entries: unknown[]) {
  return {
    kind: 'crosswalk',
    id: 'tiny-crosswalk',
    version: '1.2.3',
    title: { zh: '小对照', en: 'Tiny crosswalk' },
    classification: 'jx-ecosystem-types',
    source: { document: 'by hand' },
    grades: { codes: 'secondary', mapping: 'assumed' },
    entries,
  };
}

const orchard = { code: '02', system: 'gbt-21010-2017', name: '园地', type: 'cropland.orchard' };
const cropland = {
  code: '01',
  system: 'gbt-21010-2017',
  name: '耕地',
  type: null,
  candidates: ['cropland.paddy', 'cropland.dry'],
};

function errorOf(f: () => unknown): GepError {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('no GepError thrown');
}

const EITHER = 'an entry has either a type or (type null) its candidates';

describe('loadCrosswalk', () => {
  it('reads a crosswalk with its ref (id@version) and the content hash of its data', () => {
    const json = crosswalk([orchard, cropland]);
    const c = loadCrosswalk(json);
    expect(c.ref).toBe('tiny-crosswalk@1.2.3');
    expect(c.hash).toBe(contentHash(json));
    expect(c.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(c.entries).toEqual([orchard, cropland]);
    expect(c.grades).toEqual({ codes: 'secondary', mapping: 'assumed' });
  });

  it('refuses an entry with both a type and candidates, or with neither, at the entry, in both languages', () => {
    const both = { ...orchard, candidates: ['cropland.orchard', 'forest.shrub'] };
    const neither = { ...orchard, type: null };
    const e = errorOf(() => loadCrosswalk(crosswalk([orchard, both, cropland, neither]), ['cw.json']));
    expect(e.issues).toHaveLength(2);
    expect(e.issues.map((i) => i.code)).toEqual(['TABLE_INVALID', 'TABLE_INVALID']);
    // the entries at index 1 (type and candidates) and 3 (type null, no candidates), under the path given
    expect(e.issues.map((i) => i.path)).toEqual([
      ['cw.json', 'entries', 1],
      ['cw.json', 'entries', 3],
    ]);
    expect(e.issues[0]?.params).toEqual({ detail: EITHER });
    expect(e.issues[0]?.message).toEqual({
      en: `Invalid coefficient table: ${EITHER}`,
      zh: '系数表格式错误：每个条目要么给出 type，要么（type 为 null 时）给出候选类型',
    });
  });

  it("the schema's own issue is a custom one at the entry, with its message", () => {
    const r = crosswalkSchema.safeParse(crosswalk([orchard, { ...orchard, type: null }]));
    expect(r.success).toBe(false);
    expect(r.error?.issues).toMatchObject([{ code: 'custom', path: ['entries', 1], message: EITHER }]);
  });

  it('places its issues at the root when no path is given', () => {
    const e = errorOf(() => loadCrosswalk(crosswalk([{ ...orchard, type: null }])));
    expect(e.issues.map((i) => i.path)).toEqual([['entries', 0]]);
    expect(errorOf(() => loadCrosswalk({ ...crosswalk([orchard]), kind: 'table' })).issues[0]?.path).toEqual([
      'kind',
    ]);
  });
});

describe('bundledCrosswalks', () => {
  it('holds the land-use crosswalk of the Jiangxi classification, read once', () => {
    const all = bundledCrosswalks();
    expect(all).toHaveLength(1);
    const [jx] = all;
    expect(jx?.ref).toBe('landuse-to-jx-ecosystem-types@0.1.1');
    expect(jx?.hash).toBe(contentHash(landuseJx));
    expect(jx?.classification).toBe('jx-ecosystem-types');
    expect(jx?.entries.find((e) => e.code === '02')?.type).toBe('cropland.orchard');
    expect(bundledCrosswalks()).toBe(all);
  });
});
