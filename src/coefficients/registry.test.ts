import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { bundledPriceIndex, bundledTable, bundledTables } from './bundled';
import { CoefficientSet, applyOverlay, loadCoefficientTable } from './registry';

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
    expect(bundledTable('rcees-2013-reference').ref).toBe('rcees-2013-reference@1.2.0');
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
});
