import { describe, expect, it } from 'vitest';
import jx from '../../coefficients/classification/jx-ecosystem-types.json';
import { contentHash } from '../core/canonical';
import { GepError } from '../core/errors';
import { classificationSchema, loadClassification, typeInfo } from './classification';

/** A small classification: two groups, three types. */
function classification(types: unknown[]) {
  return {
    kind: 'classification',
    id: 'tiny-types',
    version: '2.0.1',
    title: { zh: '小分类', en: 'Tiny classification' },
    source: { document: 'by hand' },
    groups: [
      { code: 'forest', name: { zh: '森林', en: 'Forest' } },
      { code: 'wetland', name: { zh: '湿地', en: 'Wetland' } },
    ],
    types,
  };
}

const broadleaf = { code: 'forest.broadleaf', group: 'forest', name: { zh: '阔叶林', en: 'Broadleaf forest' } };
const marsh = { code: 'wetland.marsh', group: 'wetland', name: { zh: '沼泽', en: 'Marsh' }, note: 'inland' };
const mixed = { code: 'forest.mixed', group: 'forest', name: { zh: '混交林', en: 'Mixed forest' } };

function errorOf(f: () => unknown): GepError {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('no GepError thrown');
}

describe('loadClassification', () => {
  it('reads a classification with its ref (id@version) and the content hash of its data', () => {
    const json = classification([broadleaf, marsh, mixed]);
    const c = loadClassification(json);
    expect(c.ref).toBe('tiny-types@2.0.1');
    expect(c.hash).toBe(contentHash(json));
    expect(c.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(c.types).toEqual([broadleaf, marsh, mixed]);
    // the bundled Jiangxi classification, as bundled.ts reads it
    const j = loadClassification(jx);
    expect(j.ref).toBe('jx-ecosystem-types@1.0.0');
    expect(j.hash).toBe(contentHash(jx));
  });

  it("refuses a type whose group is not among the groups, at the type's group, naming it in both languages", () => {
    const grass = { code: 'grassland.meadow', group: 'grassland', name: { zh: '草甸', en: 'Meadow' } };
    const shrub = { code: 'shrub.evergreen', group: 'shrub', name: { zh: '常绿灌丛', en: 'Evergreen shrub' } };
    const e = errorOf(() => loadClassification(classification([broadleaf, grass, marsh, shrub]), ['c.json']));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['TABLE_INVALID', ['c.json', 'types', 1, 'group'], { detail: 'unknown group grassland' }],
      ['TABLE_INVALID', ['c.json', 'types', 3, 'group'], { detail: 'unknown group shrub' }],
    ]);
    expect(e.issues[0]?.message).toEqual({
      en: 'Invalid coefficient table: unknown group grassland',
      zh: '系数表格式错误：未知的类型组 grassland',
    });
  });

  it("the schema's own issue is a custom one at the type's group, with its message", () => {
    const r = classificationSchema.safeParse(classification([{ ...mixed, group: 'cropland' }]));
    expect(r.success).toBe(false);
    expect(r.error?.issues).toMatchObject([
      { code: 'custom', path: ['types', 0, 'group'], message: 'unknown group cropland' },
    ]);
  });

  it('places its issues at the root when no path is given', () => {
    const orphan = { ...mixed, group: 'cropland' };
    expect(errorOf(() => loadClassification(classification([orphan]))).issues.map((i) => i.path)).toEqual([
      ['types', 0, 'group'],
    ]);
    expect(errorOf(() => loadClassification(classification([]))).issues.map((i) => i.path)).toEqual([['types']]);
  });
});

describe('typeInfo', () => {
  it('finds a type by its code, or nothing', () => {
    const c = loadClassification(classification([broadleaf, marsh, mixed]));
    expect(typeInfo(c, 'wetland.marsh')).toEqual(marsh);
    expect(typeInfo(c, 'forest.mixed')?.group).toBe('forest');
    expect(typeInfo(c, 'forest')).toBeUndefined();
    expect(typeInfo(c, 'grassland.meadow')).toBeUndefined();
  });
});
