import { describe, expect, it } from 'vitest';
import { AreaTypes, ambiguousArea } from './area-types';

const types = () => new AreaTypes('jx-ecosystem-types');

describe('the types of parcel areas', () => {
  it("reads the classification's Chinese and English names as their codes, without a warning", () => {
    const t = types();
    expect(t.of('阔叶林')).toEqual({ ok: true, code: 'forest.broadleaf', warnings: [] });
    expect(t.of('Paddy field')).toEqual({ ok: true, code: 'cropland.paddy', warnings: [] });
    // 水田 is also a land-use class (0101): the classification's name wins, and says nothing
    expect(t.of('水田')).toEqual({ ok: true, code: 'cropland.paddy', warnings: [] });
  });

  it('reads a land-use class through the crosswalk as its code, with ECOSYSTEM_TYPE_MAPPED in a parcel’s terms, kept per form', () => {
    const t = types();
    const r = t.of('0305');
    expect(r.ok && r.code).toBe('shrub');
    const [w] = r.ok ? r.warnings : [];
    expect([w?.code, w?.severity, w?.path, w?.params]).toEqual([
      'ECOSYSTEM_TYPE_MAPPED',
      'warning',
      [],
      {
        given: '0305',
        code: 'shrub',
        via: 'the crosswalk landuse-to-jx-ecosystem-types@0.1.1',
        viaZh: '对照表 landuse-to-jx-ecosystem-types@0.1.1',
        grade: 'assumed',
      },
    ]);
    expect(w?.message.en).toBe(
      '"0305" is read as ecosystem type shrub by the crosswalk landuse-to-jx-ecosystem-types@0.1.1 (evidence grade assumed)',
    );
    // a valuation context has no typeMapping: the hint says to write the code
    expect(w?.hint).not.toContain('typeMapping');
    expect(w?.hint).toContain('area:<code>');
    expect(w?.hintZh).toContain('area:<code>');
    // the same form gives the same reading (one warnings list for every parcel that writes it)
    expect(t.of('0305')).toBe(r);
    expect(t.of('灌木林地')).toMatchObject({ ok: true, code: 'shrub' });
  });

  it('refuses a class of several types with its candidates (ECOSYSTEM_TYPE_AMBIGUOUS), anything else as ECOSYSTEM_TYPE_UNKNOWN', () => {
    const t = types();
    const a = t.of('0301');
    expect(a.ok).toBe(false);
    const i = a.ok ? undefined : a.refusal(['line', 3, 'areas', '0301']);
    expect([i?.code, i?.path, i?.params?.candidates]).toEqual([
      'ECOSYSTEM_TYPE_AMBIGUOUS',
      ['line', 3, 'areas', '0301'],
      'forest.broadleaf, forest.coniferous, forest.mixed',
    ]);
    expect(i?.hint).toBe(
      'Tree forest land: the forest type (broadleaf, coniferous, mixed) is not in the land-use code. Write the code of the type the area is (forest.broadleaf, forest.coniferous, forest.mixed) in its place: the key in "areas", or the column area:<code> of a CSV.',
    );
    expect(i?.hintZh).toMatch(
      /^乔木林地：.*。请改为填写该面积实际所属类型的代码（forest\.broadleaf, forest\.coniferous, forest\.mixed）：写作 "areas" 中的键，或 CSV 的列名 area:<code>。$/,
    );
    const u = t.of('desert');
    const j = u.ok ? undefined : u.refusal(['line', 4, 'areas', 'desert']);
    expect([j?.code, j?.path, j?.params?.type, j?.params?.classification]).toEqual([
      'ECOSYSTEM_TYPE_UNKNOWN',
      ['line', 4, 'areas', 'desert'],
      'desert',
      'jx-ecosystem-types@1.0.0',
    ]);
    expect(j?.params?.allowed).toMatch(/^forest\.broadleaf, forest\.coniferous, .*, other$/);
  });

  it('writes the crosswalk’s note before the hint only when it has one, a space after a Chinese note without a full stop', () => {
    const reading = (note: string, noteZh: string) => ({
      kind: 'ambiguous' as const,
      candidates: ['shrub', 'grassland'],
      note,
      noteZh,
    });
    const tail =
      'Write the code of the type the area is (shrub, grassland) in its place: the key in "areas", or the column area:<code> of a CSV.';
    const tailZh =
      '请改为填写该面积实际所属类型的代码（shrub, grassland）：写作 "areas" 中的键，或 CSV 的列名 area:<code>。';
    const none = ambiguousArea('9999', reading('', ''), ['areas', '9999']);
    expect([none.code, none.path, none.hint, none.hintZh]).toEqual([
      'ECOSYSTEM_TYPE_AMBIGUOUS',
      ['areas', '9999'],
      tail,
      tailZh,
    ]);
    const open = ambiguousArea('9999', reading('Scrub or grass.', '灌丛或草地'), ['areas', '9999']);
    expect([open.hint, open.hintZh]).toEqual([`Scrub or grass. ${tail}`, `灌丛或草地 ${tailZh}`]);
    for (const end of ['。', '！', '？']) {
      const closed = ambiguousArea('9999', reading('Scrub or grass.', `灌丛或草地${end}`), ['areas', '9999']);
      expect(closed.hintZh).toBe(`灌丛或草地${end}${tailZh}`);
    }
  });

  it('keeps the reading of at most 1,000 forms: a form written with other white space is another form', () => {
    const t = types();
    // ' 0305', '  0305', … each read as shrub through the crosswalk; the first 1,000 are kept (the same reading,
    // object and all, on the next look-up), the 1,001st is read again each time
    const form = (k: number) => `${' '.repeat(k)}0305`;
    for (let k = 1; k <= 1000; k++) expect(t.of(form(k))).toMatchObject({ ok: true, code: 'shrub' });
    expect(t.of(form(1000))).toBe(t.of(form(1000)));
    const late = t.of(form(1001));
    expect(late).toMatchObject({ ok: true, code: 'shrub' });
    expect(t.of(form(1001))).not.toBe(late);
    expect(t.of(form(1001))).toEqual(late);
  });
});
