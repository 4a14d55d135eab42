import { describe, expect, it } from 'vitest';
import { bundledClassification } from '../coefficients/bundled';
import { bundledCrosswalks, loadCrosswalk } from '../coefficients/crosswalk';
import { resolveTypeNames, typeReader } from './type-names';

const jx = () => bundledClassification('jx-ecosystem-types');
const area = (v: string) => ({ value: v, unit: 'hm2' });

describe('ecosystem types by name, land-use code and user mapping', () => {
  it("reads the classification's Chinese and English names as its codes, with no warning", () => {
    const json = {
      ecosystems: [
        { type: '阔叶林', area: area('10') },
        { type: 'Bamboo forest', area: area('2') },
        { type: 'shrub', area: area('1') },
      ],
    };
    const r = resolveTypeNames(json, jx(), bundledCrosswalks());
    expect((r.json as typeof json).ecosystems.map((e) => e.type)).toEqual([
      'forest.broadleaf',
      'forest.bamboo',
      'shrub',
    ]);
    expect(r.mappings.map((m) => [m.given, m.code, m.via])).toEqual([
      ['阔叶林', 'forest.broadleaf', 'name'],
      ['Bamboo forest', 'forest.bamboo', 'name'],
    ]);
    expect(r.issues).toEqual([]);
    // The given object is not changed; the rows not rewritten are shared with it.
    expect(json.ecosystems[0]?.type).toBe('阔叶林');
    expect((r.json as typeof json).ecosystems[2]).toBe(json.ecosystems[2]);
  });

  it('maps land-use codes and names through the crosswalk, records every place and warns once per form', () => {
    const json = {
      ecosystems: [
        { type: '0101', zone: 'a', area: area('5') },
        { type: '0101', zone: 'b', area: area('6') },
        { type: '水库水面', area: area('3') },
      ],
      climate: [{ ecosystem: '0101', precipitation: { value: '1600', unit: 'mm' } }],
    };
    const r = resolveTypeNames(json, jx(), bundledCrosswalks());
    const out = r.json as typeof json;
    expect(out.ecosystems.map((e) => e.type)).toEqual([
      'cropland.paddy',
      'cropland.paddy',
      'wetland.reservoir',
    ]);
    expect(out.climate[0]?.ecosystem).toBe('cropland.paddy');
    const paddy = r.mappings.find((m) => m.given === '0101');
    expect(paddy?.paths).toEqual([
      ['ecosystems', 0, 'type'],
      ['ecosystems', 1, 'type'],
      ['climate', 0, 'ecosystem'],
    ]);
    expect(paddy?.crosswalk).toMatchObject({ ref: 'landuse-to-jx-ecosystem-types@0.1.1', grade: 'assumed' });
    expect(r.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'ECOSYSTEM_TYPE_MAPPED',
        ['ecosystems', 0, 'type'],
        {
          given: '0101',
          code: 'cropland.paddy',
          via: 'the crosswalk landuse-to-jx-ecosystem-types@0.1.1',
          viaZh: '对照表 landuse-to-jx-ecosystem-types@0.1.1',
          grade: 'assumed',
        },
      ],
      [
        'ECOSYSTEM_TYPE_MAPPED',
        ['ecosystems', 2, 'type'],
        expect.objectContaining({ given: '水库水面', code: 'wetland.reservoir' }),
      ],
    ]);
    expect(r.issues[0]?.message.zh).toBe(
      '“0101”按对照表 landuse-to-jx-ecosystem-types@0.1.1记为生态系统类型 cropland.paddy（证据等级：assumed）',
    );
  });

  it('refuses a land-use class that does not determine one type, naming the candidates', () => {
    const r = resolveTypeNames(
      { ecosystems: [{ type: '乔木林地', area: area('1') }] },
      jx(),
      bundledCrosswalks(),
    );
    expect(r.issues.map((i) => [i.code, i.path, i.params?.candidates])).toEqual([
      [
        'ECOSYSTEM_TYPE_AMBIGUOUS',
        ['ecosystems', 0, 'type'],
        'forest.broadleaf, forest.coniferous, forest.mixed',
      ],
    ]);
    expect(r.issues[0]?.severity).toBe('error');
    // The crosswalk entry's note, in each language's hint.
    expect(r.issues[0]?.hint).toMatch(
      /^Tree forest land: the forest type \(broadleaf, coniferous, mixed\) is not in the land-use code\. Write/,
    );
    expect(r.issues[0]?.hintZh).toMatch(
      /^乔木林地：土地利用代码不含森林类型（阔叶林、针叶林、针阔混交林）。改为直接填写类型代码/,
    );
    expect(r.mappings).toEqual([]);
  });

  it("the user's mapping wins over the crosswalk and settles an ambiguous class; a mapping to no code is refused", () => {
    const json = {
      ecosystems: [
        { type: '0301', area: area('1') },
        { type: '1104', area: area('1') },
      ],
    };
    const r = resolveTypeNames(json, jx(), bundledCrosswalks(), {
      '0301': 'forest.mixed',
      '1104': 'wetland.pond',
    });
    expect((r.json as typeof json).ecosystems[0]?.type).toBe('forest.mixed');
    expect(r.mappings[0]).toMatchObject({ given: '0301', code: 'forest.mixed', via: 'user' });
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['ECOSYSTEM_TYPE_UNKNOWN', ['options', 'typeMapping', '1104']],
      ['ECOSYSTEM_TYPE_AMBIGUOUS', ['ecosystems', 1, 'type']],
    ]);
  });

  it('leaves codes and unknown forms as they are (validation reports the unknown ones)', () => {
    const json = {
      ecosystems: [
        { type: 'urban', area: area('1') },
        { type: '火星', area: area('1') },
      ],
    };
    const r = resolveTypeNames(json, jx(), bundledCrosswalks());
    expect(r.json).toEqual(json);
    expect(r.issues).toEqual([]);
    // Nothing to rewrite: the same object comes back, not a copy.
    expect(r.json).toBe(json);
  });

  it('the bundled crosswalk covers GB/T 21010—2017 and third-survey codes, each entry a type or candidates', () => {
    const [w] = bundledCrosswalks();
    const codes = new Set(jx().types.map((t) => t.code));
    expect(w?.entries.length).toBeGreaterThan(100);
    for (const e of w?.entries ?? []) {
      if (e.type !== null) expect(codes.has(e.type), e.code).toBe(true);
      else for (const c of e.candidates ?? []) expect(codes.has(c), `${e.code} → ${c}`).toBe(true);
      // A note has its Chinese: the reader of a Chinese hint sees the crosswalk's reason in Chinese.
      expect(e.noteZh === undefined, e.code).toBe(e.note === undefined);
      if (e.noteZh !== undefined) expect(e.noteZh, e.code).toMatch(/\p{Script=Han}/u);
    }
    expect(() =>
      loadCrosswalk({ ...w, entries: [{ code: '0301', system: 'sandiao', name: 'x', type: null }] }),
    ).toThrow(/TABLE_INVALID|either a type/);
  });
});

describe('typeReader: the same rule, one written form at a time', () => {
  it('a code or a form it does not know: undefined; a name, a mapping of the user, a crosswalk class or an ambiguous one, read', () => {
    const read = typeReader(jx(), bundledCrosswalks(), { 'my pines': 'forest.coniferous' });
    expect(read('shrub')).toBeUndefined();
    expect(read('火星')).toBeUndefined();
    expect(read(' 阔叶林 ')).toEqual({ kind: 'name', code: 'forest.broadleaf' });
    expect(read('my pines')).toEqual({ kind: 'user', code: 'forest.coniferous' });
    expect(read('1103')).toEqual({
      kind: 'crosswalk',
      code: 'wetland.reservoir',
      crosswalk: {
        ref: 'landuse-to-jx-ecosystem-types@0.1.1',
        hash: bundledCrosswalks()[0]?.hash,
        grade: 'assumed',
      },
    });
    expect(read('1104')).toMatchObject({
      kind: 'ambiguous',
      candidates: ['wetland.lake', 'wetland.reservoir'],
    });
  });
});
