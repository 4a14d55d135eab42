import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { bundledPriceIndex, bundledTable, bundledTables } from './bundled';
import { errorOf } from '../../test/helpers';
import {
  CoefficientSet,
  applyOverlay,
  loadBundledPriceIndex,
  loadBundledTable,
  loadCoefficientTable,
  loadPriceIndex,
  userTableOverrides,
} from './registry';

const src = { document: 'test document', clause: 'Table 1' };
const table = (records: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'coefficients',
  id: 'test-table',
  version: '1.0.0',
  title: { zh: '测试', en: 'Test' },
  effective: { from: '2020-01-01' },
  records,
  ...extra,
});
const rec = (key: string, value: string, applies: Record<string, string> = {}, more: Record<string, unknown> = {}) => ({
  key,
  value,
  unit: 'one',
  applies,
  source: src,
  grade: 'published',
  ...more,
});

describe('coefficient tables', () => {
  it('bundled tables load, validate and carry a sha256 content hash', () => {
    for (const t of bundledTables()) expect(t.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(bundledTable('rcees-2013-reference').ref).toBe('rcees-2013-reference@1.4.0');
    expect(bundledPriceIndex('cn-cpi-1978').values.length).toBeGreaterThan(20);
  });

  it('the hash depends on content, not on key order or number spelling', () => {
    const a = loadCoefficientTable(table([rec('a.b', '0.50')]));
    // Same content written with members in another order and the value as a JSON number.
    const { records: _unused, ...header } = table([]);
    const reordered = loadCoefficientTable({ records: [{ grade: 'published', source: src, applies: {}, unit: 'one', value: 0.5, key: 'a.b' }], ...header });
    expect(reordered.hash).toBe(a.hash); // "0.50" and 0.5 are the same decimal
    const changed = loadCoefficientTable(table([rec('a.b', '0.51')]));
    expect(changed.hash).not.toBe(a.hash);
  });

  it('refuses a table with a duplicate record, a bad grade, a price without price year', () => {
    expect(() => loadCoefficientTable(table([rec('a', '1'), rec('a', '2')]))).toThrow(/TABLE_DUPLICATE_RECORD/);
    expect(() => loadCoefficientTable(table([rec('a', '1', {}, { grade: 'probably' })]))).toThrow(/TABLE_INVALID/);
    try {
      loadCoefficientTable(table([rec('p', '7.06', {}, { unit: 'yuan/m3' })]));
      expect.unreachable();
    } catch (e) {
      expect((e as GepError).code).toBe('PRICE_YEAR_MISSING');
      expect((e as GepError).path).toEqual(['records', 0, 'priceYear']);
    }
  });

  it('finds the most specific record: type + region > type > region > general', () => {
    const t = loadCoefficientTable(
      table([
        rec('k', '1'),
        rec('k', '2', { region: '36' }),
        rec('k', '3', { ecosystem: 'forest.broadleaf' }),
        rec('k', '4', { ecosystem: 'forest.broadleaf', region: '36' }),
      ]),
    );
    const set = new CoefficientSet([t]);
    expect(set.find('k', 'forest.broadleaf', '361028')?.value.toFixed()).toBe('4');
    expect(set.find('k', 'forest.broadleaf', '330000')?.value.toFixed()).toBe('3');
    expect(set.find('k', 'shrub', '361028')?.value.toFixed()).toBe('2');
    expect(set.find('k', 'shrub', null)?.value.toFixed()).toBe('1');
    expect(set.find('missing', null, null)).toBeUndefined();
  });

  it('searches tables in order: the first table with a match wins', () => {
    const first = loadCoefficientTable(table([rec('k', '10')], { id: 'first' }));
    const second = loadCoefficientTable(table([rec('k', '20', { ecosystem: 'shrub' })], { id: 'second' }));
    const r = new CoefficientSet([first, second]).find('k', 'shrub', null);
    expect(r?.value.toFixed()).toBe('10');
    expect(r?.table).toBe('first@1.0.0');
  });

  it('a missing coefficient names the key, the ecosystem type and the tables searched', () => {
    const set = new CoefficientSet([bundledTable('runoff-coefficients-redline')]);
    try {
      set.require('runoff.coefficient', 'cropland.paddy', null, ['ecosystems', 3]);
      expect.unreachable();
    } catch (e) {
      const err = e as GepError;
      expect(err.code).toBe('COEFFICIENT_MISSING');
      expect(err.path).toEqual(['ecosystems', 3]);
      expect(err.message).toContain('runoff.coefficient');
      expect(err.message).toContain('cropland.paddy');
      expect(err.message).toContain('runoff-coefficients-redline@1.0.0');
      expect(err.zh).toContain('缺少系数');
    }
  });

  it('an overlay replaces and adds records, and lists every overridden key', () => {
    const base = loadCoefficientTable(table([rec('k', '1', { ecosystem: 'shrub' }), rec('j', '5')], { id: 'base' }));
    const over = loadCoefficientTable(
      table([rec('k', '1.5', { ecosystem: 'shrub' }, { grade: 'verified' }), rec('k', '9', { ecosystem: 'grassland' }, { grade: 'assumed' })], { id: 'mine', overlays: 'base' }),
    );
    const { table: merged, overrides } = applyOverlay(base, over);
    const set = new CoefficientSet([merged]);
    expect(set.find('k', 'shrub', null)?.value.toFixed()).toBe('1.5');
    expect(set.find('k', 'grassland', null)?.value.toFixed()).toBe('9');
    expect(set.find('j', null, null)?.value.toFixed()).toBe('5');
    expect(merged.ref).toBe('base@1.0.0+mine@1.0.0');
    expect(merged.hash).not.toBe(base.hash);
    expect(overrides).toHaveLength(2);
    expect(overrides[0]).toMatchObject({ key: 'k', ecosystem: 'shrub', from: { value: '1', grade: 'published' }, to: { value: '1.5', grade: 'verified' } });
    expect(overrides[1]).toMatchObject({ key: 'k', ecosystem: 'grassland', from: null, to: { value: '9', grade: 'assumed' } });
  });

  it('an override of a price names the price year of both values (7.06 at 2010 prices → 7.06 at 2020 prices)', () => {
    // the same figure at another price level is another value: at 2020 prices 7.06 @2010 is 7.06 × 686.5 / 536.1
    const price = (v: string, y: number) => rec('price.storage', v, {}, { unit: 'yuan/m3', priceYear: y });
    const base = loadCoefficientTable(table([price('7.06', 2010), rec('j', '5')], { id: 'base' }));
    const over = loadCoefficientTable(table([price('7.06', 2020)], { id: 'mine', overlays: 'base' }));
    const { overrides } = applyOverlay(base, over);
    expect(overrides.map((o) => [o.from?.value, o.from?.priceYear, o.to.value, o.to.priceYear])).toEqual([
      ['7.06', 2010, '7.06', 2020],
    ]);
    // a unit that is no price has no price year
    const plain = applyOverlay(base, loadCoefficientTable(table([rec('j', '6')], { id: 'm2', overlays: 'base' })));
    expect([plain.overrides[0]?.from?.priceYear, plain.overrides[0]?.to.priceYear]).toEqual([null, null]);
  });
});

/** The bundled CPI as written in its file (without the ref and hash loading adds). */
function cpiJson(): Record<string, unknown> {
  const { ref: _ref, hash: _hash, ...json } = bundledPriceIndex('cn-cpi-1978');
  return JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
}

describe('coefficient lookups: groups, regions, what a found coefficient carries', () => {
  it('a record for the type beats one for its group, which beats a general one; regions by prefix at each level', () => {
    const set = new CoefficientSet([
      loadCoefficientTable(
        table([
          rec('k', '1'),
          rec('k', '2', { ecosystem: 'forest' }),
          rec('k', '3', { ecosystem: 'forest', region: '36' }),
          rec('k', '4', { ecosystem: 'forest.broadleaf' }),
          rec('k', '5', { ecosystem: 'grassland' }),
        ]),
      ),
    ]);
    const v = (eco: string | null, region: string | null, group: string | null) =>
      set.find('k', eco, region, group)?.value.toFixed();
    expect(v('forest.broadleaf', '361028', 'forest')).toBe('4'); // the type (4) beats group + region (2 + 1)
    expect(v('forest.coniferous', '361028', 'forest')).toBe('3'); // group + region
    expect(v('forest.coniferous', '330000', 'forest')).toBe('2'); // group; the region 36 is not a prefix of 33…
    expect(v('forest.coniferous', null, 'forest')).toBe('2'); // no region asked: no regional record
    expect(v('forest.coniferous', '361028', null)).toBe('1'); // without its group, a type finds the general one
    expect(v('shrub', '361028', 'shrub')).toBe('1'); // another group's record is not read
  });

  it('of two regional records, the longer code wins, whatever their order', () => {
    for (const records of [
      [rec('k', '2', { region: '36' }), rec('k', '5', { region: '3610' })],
      [rec('k', '5', { region: '3610' }), rec('k', '2', { region: '36' })],
    ]) {
      const set = new CoefficientSet([loadCoefficientTable(table(records))]);
      expect(set.find('k', null, '361028')?.value.toFixed()).toBe('5');
      expect(set.find('k', null, '362000')?.value.toFixed()).toBe('2');
      expect(set.require('k', null, '361028').region).toBe('3610');
    }
  });

  it('remembers each question apart: a type, a region or a group asked differs from another', () => {
    const set = new CoefficientSet([
      loadCoefficientTable(
        table([rec('k', '1'), rec('k', '2', { ecosystem: 'shrub' }), rec('k', '3', { region: '36' }), rec('k', '4', { ecosystem: 'forest' })]),
      ),
    ]);
    expect(set.find('k', 'shrub', null)?.value.toFixed()).toBe('2');
    expect(set.find('k', 'grassland', null)?.value.toFixed()).toBe('1');
    expect(set.find('k', 'grassland', '36')?.value.toFixed()).toBe('3');
    expect(set.find('k', 'forest.broadleaf', null, 'forest')?.value.toFixed()).toBe('4');
    expect(set.find('k', 'forest.broadleaf', null)?.value.toFixed()).toBe('1');
    expect(set.find('k', 'forest.broadleaf', null, 'grassland')?.value.toFixed()).toBe('1');
    // the same question twice: the same object
    expect(set.find('k', 'shrub', null)).toBe(set.find('k', 'shrub', null));
  });

  it('a found coefficient carries its scope, price year, note, table, hash, grade and source; a user’s grade is marked', () => {
    const user = loadCoefficientTable(
      table([rec('p', '7.06', { ecosystem: 'shrub', region: '36' }, { unit: 'yuan/m3', priceYear: 2010, note: 'n' }), rec('q', '1')]),
    );
    const p = new CoefficientSet([user]).find('p', 'shrub', '3610');
    expect(p).toEqual({
      key: 'p',
      ecosystem: 'shrub',
      region: '36',
      value: p?.value,
      unit: 'yuan/m3',
      priceYear: 2010,
      table: 'test-table@1.0.0',
      hash: user.hash,
      grade: 'published',
      gradeDeclaredBy: 'user',
      source: src,
      note: 'n',
    });
    const q = new CoefficientSet([user]).find('q', null, null);
    expect(q && Object.keys(q)).not.toContain('priceYear');
    expect(q && Object.keys(q)).not.toContain('note');
    expect([q?.ecosystem, q?.region]).toEqual([null, null]);
    // a bundled table's grade is not the user's claim
    const bundled = loadBundledTable(table([rec('q', '1')], { id: 'b' }));
    expect(new CoefficientSet([bundled]).find('q', null, null)?.gradeDeclaredBy).toBeUndefined();
  });

  it('in an overlaid table only the overlay’s records are the user’s claim', () => {
    const base = loadBundledTable(table([rec('k', '1'), rec('j', '2')], { id: 'base' }));
    const over = loadCoefficientTable(table([rec('k', '3')], { id: 'mine', overlays: 'base' }));
    const { table: merged, overrides } = applyOverlay(base, over);
    const set = new CoefficientSet([merged]);
    expect(set.find('k', null, null)?.gradeDeclaredBy).toBe('user');
    expect(set.find('j', null, null)?.gradeDeclaredBy).toBeUndefined();
    expect(merged.overlayRecords).toEqual(over.records);
    expect(merged.version).toBe('1.0.0');
    expect(overrides[0]).toMatchObject({
      table: 'base@1.0.0',
      overlay: 'mine@1.0.0',
      overlayHash: over.hash,
      region: null,
      from: { value: '1', unit: 'one', grade: 'published', source: src },
    });
    // overlaid twice: the records of both overlays are the user's
    const again = applyOverlay(merged, loadCoefficientTable(table([rec('j', '4')], { id: 'more', overlays: 'base' })));
    expect(again.table.overlayRecords?.map((r) => r.key)).toEqual(['k', 'j']);
    // where records come from stays out of the hash: the same content from a user table hashes alike
    const asUser = applyOverlay(loadCoefficientTable(table([rec('k', '1'), rec('j', '2')], { id: 'base2' })), over);
    expect(asUser.table.hash).not.toBe(merged.hash); // the ids differ…
    const sameId = applyOverlay({ ...base, origin: 'user' }, over);
    expect(sameId.table.hash).toBe(merged.hash); // …the origin does not count
  });

  it('a user’s own table lists each record with the first bundled record it shadows, or none', () => {
    const b1 = loadBundledTable(table([rec('k', '1', { region: '36' })], { id: 'b1' }));
    const b2 = loadBundledTable(table([rec('k', '2', { region: '36' }), rec('j', '3', { ecosystem: 'shrub' })], { id: 'b2' }));
    const user = loadCoefficientTable(
      table([rec('k', '5', { region: '36' }), rec('j', '6', { ecosystem: 'shrub' }), rec('new', '7')], { id: 'u' }),
    );
    expect(userTableOverrides(user, [b1, b2])).toEqual([
      {
        table: 'b1@1.0.0',
        overlay: 'u@1.0.0',
        overlayHash: user.hash,
        key: 'k',
        ecosystem: null,
        region: '36',
        from: { value: '1', unit: 'one', priceYear: null, grade: 'published', source: src },
        to: { value: '5', unit: 'one', priceYear: null, grade: 'published', source: src },
      },
      {
        table: 'b2@1.0.0',
        overlay: 'u@1.0.0',
        overlayHash: user.hash,
        key: 'j',
        ecosystem: 'shrub',
        region: null,
        from: { value: '3', unit: 'one', priceYear: null, grade: 'published', source: src },
        to: { value: '6', unit: 'one', priceYear: null, grade: 'published', source: src },
      },
      {
        table: '(none)',
        overlay: 'u@1.0.0',
        overlayHash: user.hash,
        key: 'new',
        ecosystem: null,
        region: null,
        from: null,
        to: { value: '7', unit: 'one', priceYear: null, grade: 'published', source: src },
      },
    ]);
  });

  it('tables are listed by ref when none has the coefficient', () => {
    const a = loadCoefficientTable(table([rec('x', '1')], { id: 'a' }));
    const b = loadCoefficientTable(table([rec('y', '1')], { id: 'b' }));
    expect(errorOf(() => new CoefficientSet([a, b]).require('k', 'shrub', null)).issues[0]?.path).toEqual([]);
    expect(errorOf(() => new CoefficientSet([a, b]).require('k', 'shrub', null)).issues[0]?.params).toEqual({
      key: 'k',
      ecosystem: 'shrub',
      tables: 'a@1.0.0, b@1.0.0',
      held: '',
    });
  });

  it('a missing coefficient names the scopes the tables hold its key for, in table order, each once', () => {
    const a = loadCoefficientTable(
      table(
        [
          rec('k', '1', { ecosystem: 'forest', region: '36' }),
          rec('k', '2', { region: '36' }),
          rec('other', '3', { region: '33' }),
        ],
        { id: 'a' },
      ),
    );
    const b = loadCoefficientTable(
      table([rec('k', '4', { ecosystem: 'grassland' }), rec('k', '5', { region: '36' })], {
        id: 'b',
      }),
    );
    // a shrub in Zhejiang (33…): no record of k applies; region 36 is named once though both tables hold it
    expect(errorOf(() => new CoefficientSet([a, b]).require('k', 'shrub', '330781')).issues[0]?.params?.held).toBe(
      'ecosystem forest, region 36; region 36; ecosystem grassland',
    );
  });

  it('loads without a path: issues are placed at the table’s own members; bundled tables are marked so', () => {
    expect(errorOf(() => loadBundledTable(table([rec('a', '1'), rec('a', '2')]))).issues[0]?.path).toEqual(['records', 1]);
    expect(errorOf(() => loadCoefficientTable(table([rec('k', '1')], { id: 'rcees-2013-reference' }))).issues[0]?.path).toEqual(['id']);
    expect(errorOf(() => loadPriceIndex({ ...cpiJson(), id: 'cn-cpi-1978' })).issues[0]?.path).toEqual(['id']);
    expect(errorOf(() => loadBundledPriceIndex({ ...cpiJson(), values: 'x' })).issues[0]?.path).toEqual(['values']);
    expect(loadBundledTable(table([rec('k', '1')])).origin).toBe('bundled');
    expect(loadCoefficientTable(table([rec('k', '1')])).origin).toBe('user');
    // a repeated general record: its scope is written with * for anywhere
    expect(errorOf(() => loadCoefficientTable(table([rec('a', '1'), rec('a', '2')]))).issues[0]?.params).toEqual({
      key: 'a',
      scope: 'a|*|*',
    });
  });

  it('a missing coefficient of no type, in no table, says so', () => {
    expect(errorOf(() => new CoefficientSet([]).require('k', null, null, ['x'])).issues[0]).toMatchObject({
      code: 'COEFFICIENT_MISSING',
      path: ['x'],
      params: { key: 'k', ecosystem: '(any)', tables: '(none)' },
    });
  });
});

describe('loading tables: reserved ids and duplicates, named', () => {
  const cpi = cpiJson;
  it('a user table or price index may not take a bundled id; the bundled loaders may', () => {
    expect(errorOf(() => loadCoefficientTable(table([rec('k', '1')], { id: 'rcees-2013-reference' }), ['t'])).issues[0]).toMatchObject({
      code: 'TABLE_ID_RESERVED',
      path: ['t', 'id'],
      params: { id: 'rcees-2013-reference' },
    });
    expect(loadBundledTable(table([rec('k', '1')], { id: 'rcees-2013-reference' })).ref).toBe('rcees-2013-reference@1.0.0');
    expect(errorOf(() => loadPriceIndex(cpi(), ['p'])).issues[0]).toMatchObject({
      code: 'TABLE_ID_RESERVED',
      path: ['p', 'id'],
    });
    const mine = loadPriceIndex({ ...cpi(), id: 'my-cpi' });
    expect([mine.ref, mine.hash.startsWith('sha256:')]).toEqual([`my-cpi@${String(cpi().version)}`, true]);
  });
  it('a table built in JavaScript nested deeper than 100 levels is INPUT_TOO_DEEP at level 101 (not a stack overflow)', () => {
    // {x: {x: … 100,000 levels}} under "extra": the path given, "extra", then "x" 99 times (100 steps from the
    // table, whose own level is the first).
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { x: deep };
    const e = errorOf(() => loadCoefficientTable({ ...table([rec('k', '1')]), extra: deep }, ['t']));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INPUT_TOO_DEEP', ['t', 'extra', ...Array.from({ length: 99 }, () => 'x')], { file: 'the coefficient table', limit: 100 }],
    ]);
    // 100 levels pass the check: the schema refuses the unknown key.
    let hundred: Record<string, unknown> = {};
    for (let i = 0; i < 98; i++) hundred = { x: hundred };
    expect(errorOf(() => loadCoefficientTable({ ...table([rec('k', '1')]), extra: hundred })).code).toBe('TABLE_INVALID');
  });
  it('a repeated record or year is named with its key and scope', () => {
    expect(errorOf(() => loadCoefficientTable(table([rec('a', '1', { ecosystem: 'shrub' }), rec('a', '2', { ecosystem: 'shrub' })]), ['t'])).issues[0]).toMatchObject({
      code: 'TABLE_DUPLICATE_RECORD',
      path: ['t', 'records', 1],
      params: { key: 'a', scope: 'a|shrub|*' },
    });
    // the same key for another type or region is another record
    expect(loadCoefficientTable(table([rec('a', '1', { ecosystem: 'shrub' }), rec('a', '2', { region: '36' })])).records).toHaveLength(2);
    const c = cpi();
    const values = c.values as unknown[];
    expect(errorOf(() => loadBundledPriceIndex({ ...c, values: [...values, values[0]] }, ['p'])).issues[0]).toMatchObject({
      code: 'TABLE_DUPLICATE_RECORD',
      path: ['p', 'values'],
      params: { key: '2000', scope: 'year' },
    });
    expect(errorOf(() => loadBundledPriceIndex({ ...c, values: 'x' }, ['p'])).code).toBe('TABLE_INVALID');
  });
  it('a price index value of zero or below is refused: the index divides by it', () => {
    // P_to = P_from × I(to) / I(from): I(from) = 0 gave values of Infinity, I(to) = 0 a comparable value of 0 and a
    // negative I a negative value, all written into the result as if they were figures.
    const c: Record<string, unknown> = { ...cpi(), id: 'my-cpi' };
    const values = c.values as Record<string, unknown>[];
    const at = (k: number, value: string) => values.map((v, i) => (i === k ? { ...v, value } : v));
    expect(errorOf(() => loadPriceIndex({ ...c, values: at(0, '0') }, ['p'])).issues[0]).toMatchObject({
      code: 'VALUE_NOT_POSITIVE',
      path: ['p', 'values', 0, 'value'],
      params: { what: 'price index value', value: '0' },
    });
    expect(errorOf(() => loadPriceIndex({ ...c, values: at(1, '-5') }, ['p'])).issues[0]).toMatchObject({
      code: 'VALUE_NOT_POSITIVE',
      path: ['p', 'values', 1, 'value'],
      params: { value: '-5' },
    });
    expect(errorOf(() => loadPriceIndex({ ...c, base: { year: 1978, value: 0 } }, ['p'])).issues[0]).toMatchObject({
      code: 'VALUE_NOT_POSITIVE',
      path: ['p', 'base', 'value'],
    });
  });
  it('the base year listed among the values with another value is refused (the base value would win unseen)', () => {
    const c: Record<string, unknown> = { ...cpi(), id: 'my-cpi' };
    const values = c.values as Record<string, unknown>[];
    const src0 = values[0]?.source;
    const listed = (value: string) => [{ year: 1978, value, grade: 'published', source: src0 }, ...values];
    expect(errorOf(() => loadPriceIndex({ ...c, values: listed('101') }, ['p'])).issues[0]).toMatchObject({
      code: 'TABLE_DUPLICATE_RECORD',
      path: ['p', 'values', 0],
      params: { key: '1978', scope: 'base year' },
    });
    // the same value, written again, contradicts nothing
    expect(loadPriceIndex({ ...c, values: listed('100.0') }).values).toHaveLength(values.length + 1);
  });
});
