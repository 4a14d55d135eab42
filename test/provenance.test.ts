import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { bundledPriceIndex, bundledTable } from '../src/coefficients/bundled';
import {
  CoefficientSet,
  applyOverlay,
  loadCoefficientTable,
  loadPriceIndex,
} from '../src/coefficients/registry';
import { canonicalJson } from '../src/core/canonical';
import { errorOf, tinyInput } from './helpers';

/** Provenance that cannot be borrowed: bundled ids are the bundled content; user grades are the user's claim. */

const borrowed = () => {
  // The bundled environmental-tax table, its rates raised 1000× and graded "verified", under the bundled id.
  const t = JSON.parse(canonicalJson(bundledTable('cn-environmental-tax-2018'))) as Record<string, any>;
  delete t.ref;
  delete t.hash;
  delete t.origin;
  t.records = t.records.map((r: Record<string, any>) => ({
    ...r,
    value: r.key.startsWith('envtax.rate') ? String(Number(r.value) * 1000) : r.value,
    grade: 'verified',
  }));
  return t;
};
const userTable = (records: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'coefficients',
  id: 'my-table',
  version: '1.0.0',
  title: { zh: '用户', en: 'User' },
  effective: { from: '2020-01-01' },
  records,
  ...extra,
});
const rec = (key: string, value: string, more: Record<string, unknown> = {}) => ({
  key,
  value,
  unit: 'one',
  source: { document: 'my survey' },
  grade: 'verified',
  ...more,
});

describe('a user table cannot take a bundled id', () => {
  it('cn-environmental-tax-2018 with rates × 1000 is refused (TABLE_ID_RESERVED), in the input and the library', () => {
    const input = tinyInput() as Record<string, any>;
    input.overrides = { tables: [...(input.overrides?.tables ?? []), borrowed()] };
    const e = errorOf(() => account(input));
    expect(e.issues.map((i) => `${i.code} ${i.path.join('.')}`)).toEqual([
      `TABLE_ID_RESERVED overrides.tables.${input.overrides.tables.length - 1}.id`,
    ]);
    expect(() => loadCoefficientTable(borrowed())).toThrow(/TABLE_ID_RESERVED/);
  });
  it('a price index under the bundled CPI id is refused too', () => {
    const cpi = JSON.parse(canonicalJson(bundledPriceIndex('cn-cpi-1978'))) as Record<string, unknown>;
    delete cpi.ref;
    delete cpi.hash;
    expect(() => loadPriceIndex(cpi)).toThrow(/TABLE_ID_RESERVED/);
  });
  it('the same change as an overlay is accepted and listed in result.overrides with the overlay hash', () => {
    const over = userTable([rec('runoff.coefficient', '0.05', { applies: { ecosystem: 'shrub' } })], {
      id: 'my-runoff',
      overlays: 'runoff-coefficients-redline',
    });
    const input = tinyInput() as Record<string, any>;
    input.overrides = { tables: [...(input.overrides?.tables ?? []), over] };
    const r = account(input);
    const o = r.overrides.find((x) => x.key === 'runoff.coefficient' && x.ecosystem === 'shrub');
    expect(o?.overlay).toBe('my-runoff@1.0.0');
    expect(o?.overlayHash).toBe(loadCoefficientTable(over).hash);
  });
});

describe('every user table is listed in result.overrides with its hash', () => {
  it('a table without overlays: each record, with the bundled record it shadows', () => {
    // The user's table is searched first: its runoff coefficient for shrub shadows the red-line table's.
    const mine = userTable([rec('runoff.coefficient', '0.07', { applies: { ecosystem: 'shrub' } })], {
      id: 'mine',
    });
    const input = tinyInput() as Record<string, any>;
    input.overrides = { tables: [...(input.overrides?.tables ?? []), mine] };
    const r = account(input);
    const o = r.overrides.find((x) => x.overlay === 'mine@1.0.0');
    expect(o).toMatchObject({
      table: 'runoff-coefficients-redline@1.0.0',
      overlayHash: loadCoefficientTable(mine).hash,
      key: 'runoff.coefficient',
      ecosystem: 'shrub',
      to: { value: '0.07', grade: 'verified' },
    });
    expect(o?.from).not.toBeNull();
    // The coefficient the account read carries the user's grade as the user's claim; the table its origin.
    const used = r.coefficients.find((c) => c.table === 'mine@1.0.0');
    expect(used?.gradeDeclaredBy).toBe('user');
    expect(r.tables.find((t) => t.ref === 'mine@1.0.0')?.origin).toBe('user');
    expect(
      r.coefficients.filter((c) => c.table.startsWith('cn-')).every((c) => c.gradeDeclaredBy === undefined),
    ).toBe(true);
  });
});

describe('a user table’s price in the wrong unit is the table’s error', () => {
  it('a reservoir price per t (R1 prices m³ of water): COEFFICIENT_UNIT_MISMATCH naming the key, not a line’s unit', () => {
    const input = tinyInput() as Record<string, any>;
    const price = rec('price.reservoir_storage', '8', { unit: 'yuan/t', priceYear: 2020 });
    const e = errorOf(() => account(input, { tables: [userTable([price])] }));
    expect(e.issues[0]).toMatchObject({
      code: 'COEFFICIENT_UNIT_MISMATCH',
      // At the record in the options' table, not at the ecosystem row whose line read it.
      path: ['options', 'tables', 0, 'records', 0],
      params: { key: 'price.reservoir_storage', actual: 'yuan/t', expected: 'money per volume' },
    });
    expect(e.issues[0]?.message.en).toBe(
      'Coefficient "price.reservoir_storage" is in yuan/t; the formula needs money per volume',
    );
  });
});

describe('a unit mismatch of a user record is located at the record', () => {
  it('a reservoir price per t, second record of the input’s second table: overrides.tables[1].records[1]', () => {
    const input = tinyInput() as Record<string, any>;
    const other = rec('price.water.domestic', '3', { unit: 'yuan/m3', priceYear: 2020 });
    const bad = rec('price.reservoir_storage', '8', { unit: 'yuan/t', priceYear: 2020 });
    // The tiny input's own tables first (n of them), then the two tables here: the bad record is table n + 1's second.
    const n = (input.overrides?.tables ?? []).length;
    input.overrides = {
      ...input.overrides,
      tables: [
        ...(input.overrides?.tables ?? []),
        userTable([other], { id: 'a' }),
        userTable([other, bad], { id: 'b' }),
      ],
    };
    const e = errorOf(() => account(input));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['COEFFICIENT_UNIT_MISMATCH', ['overrides', 'tables', n + 1, 'records', 1]],
    ]);
  });
});

describe('a record of the user that the account never reads says so (COEFFICIENT_RECORDS_UNREAD)', () => {
  // Each record below was listed in result.overrides as if it applied, while R1 went on reading the bundled
  // 7.06 元/m³ and the red-line coefficients: GEP unchanged, no warning.
  const price = (more: Record<string, unknown> = {}) =>
    rec('price.reservoir_storage', '8', { unit: 'yuan/m3', priceYear: 2020, ...more });
  const withTables = (...tables: unknown[]) => {
    const input = tinyInput() as Record<string, any>;
    input.overrides = { tables: [...(input.overrides?.tables ?? []), ...tables] };
    return input;
  };
  const unread = (r: ReturnType<typeof account>) =>
    r.warnings.filter((w) => w.code === 'COEFFICIENT_RECORDS_UNREAD');
  const r1 = (r: ReturnType<typeof account>) => r.indicators.find((i) => i.code === 'R1')?.value.current;
  const plain = account(tinyInput());

  it('the bundled input reads every record of its own table: no warning', () => {
    expect(unread(plain)).toEqual([]);
  });
  it('a misspelt key: the nearest key gepkit knows is suggested', () => {
    const r = account(withTables(userTable([price({ key: 'price.reservior_storage' })], { id: 'typo' })));
    expect(r1(r)).toBe(r1(plain));
    expect(unread(r)).toEqual([
      expect.objectContaining({
        path: ['overrides', 'tables', 1],
        params: {
          table: 'typo@1.0.0',
          count: 1,
          records: 'price.reservior_storage',
          suggestions: 'price.reservior_storage → price.reservoir_storage',
        },
      }),
    ]);
    expect(unread(r)[0]?.message.en).toBe(
      '1 record(s) of the table typo@1.0.0 were read by no indicator of this account and change nothing: ' +
        'price.reservior_storage; possible misspellings: price.reservior_storage → price.reservoir_storage',
    );
  });
  it('a region that does not start the input’s code (361099), in an overlay: no suggestion for a real key', () => {
    const over = userTable([price({ applies: { region: '3699' } })], {
      id: 'elsewhere',
      overlays: 'rcees-2013-reference',
    });
    const r = account(withTables(over));
    expect(r1(r)).toBe(r1(plain));
    expect(r.overrides.find((o) => o.overlay === 'elsewhere@1.0.0')?.to.value).toBe('8');
    expect(unread(r).map((w) => w.params)).toEqual([
      {
        table: 'elsewhere@1.0.0',
        count: 1,
        records: 'price.reservoir_storage [region 3699]',
        suggestions: '',
      },
    ]);
  });
  it('a group record overlaid beside type records of the same table, and a record an earlier table answers', () => {
    // The red-line table has forest.broadleaf: a type record beats the overlay's group record for every forest type
    // of the input. The second user table repeats a scope the first one already answers.
    const group = userTable([rec('runoff.coefficient', '0.02', { applies: { ecosystem: 'forest' } })], {
      id: 'forest-group',
      overlays: 'runoff-coefficients-redline',
    });
    const first = userTable([price()], { id: 'first' });
    const second = userTable([price({ value: '9' })], { id: 'second' });
    const r = account(withTables(group, first, second));
    expect(unread(r).map((w) => [w.path, w.params?.records])).toEqual([
      [['overrides', 'tables', 1], 'runoff.coefficient [forest]'],
      [['overrides', 'tables', 3], 'price.reservoir_storage'],
    ]);
    // the first table's record is read: 8 元/m³ at 2020 prices
    expect(r.coefficients.find((c) => c.key === 'price.reservoir_storage')?.table).toBe('first@1.0.0');
  });
  it('records the caller read itself (options.readElsewhere, a raster run’s factors) are not listed', () => {
    const t = userTable([price(), rec('rusle.c', '0.006', { applies: { ecosystem: 'forest' } })], {
      id: 'own',
    });
    const scope = { table: 'own@1.0.0', key: 'rusle.c', ecosystem: 'forest', region: null };
    expect(unread(account(withTables(t))).map((w) => w.params?.records)).toEqual(['rusle.c [forest]']);
    expect(unread(account(withTables(t), { readElsewhere: [scope] }))).toEqual([]);
    // another scope of the key is still unread
    expect(
      unread(account(withTables(t), { readElsewhere: [{ ...scope, ecosystem: 'shrub' }] })).map(
        (w) => w.params?.records,
      ),
    ).toEqual(['rusle.c [forest]']);
  });
  it('two overlays of one scope: the one replaced is unread; records from the options are placed there', () => {
    const a = userTable([price()], { id: 'a', overlays: 'rcees-2013-reference' });
    const b = userTable([price({ value: '9' })], { id: 'b', overlays: 'rcees-2013-reference' });
    const r = account(tinyInput(), { tables: [a, b] });
    expect(unread(r).map((w) => [w.path, w.params?.table])).toEqual([[['options', 'tables', 0], 'a@1.0.0']]);
  });
  it('a key read only by an indicator the account does not compute (R9 excluded: ions.lifetime)', () => {
    const r = account(tinyInput(), { exclude: ['R9'] });
    expect(unread(r).map((w) => [w.path, w.params?.records])).toEqual([
      [['overrides', 'tables', 0], 'ions.lifetime'],
    ]);
  });
});

describe('user-declared grades are marked', () => {
  it('a record of a user table or overlay resolves with gradeDeclaredBy "user"; a bundled one without', () => {
    const mine = loadCoefficientTable(userTable([rec('k.mine', '1')]));
    const redline = bundledTable('runoff-coefficients-redline');
    const overlay = loadCoefficientTable(
      userTable([rec('runoff.coefficient', '0.05', { applies: { ecosystem: 'shrub' } })], {
        id: 'o',
        overlays: redline.id,
      }),
    );
    const merged = applyOverlay(redline, overlay).table;
    const set = new CoefficientSet([mine, merged]);
    expect(set.find('k.mine', null, null)?.gradeDeclaredBy).toBe('user');
    expect(set.find('runoff.coefficient', 'shrub', null)?.gradeDeclaredBy).toBe('user');
    const bundledRecord = set.find('runoff.coefficient', 'forest.broadleaf', null);
    expect(bundledRecord).toBeDefined();
    expect(bundledRecord?.gradeDeclaredBy).toBeUndefined();
    expect(merged.origin).toBe('overlaid');
    expect(redline.origin).toBe('bundled');
  });
});

describe('negative prices in tables are refused as in the input', () => {
  it('a negative price (R4 came out at −72 M with exit 0) is NEGATIVE_VALUE at the record', () => {
    const t = userTable([rec('price.cod', '-1.4', { unit: 'yuan/t', priceYear: 2020 })]);
    const e = errorOf(() => loadCoefficientTable(t, ['overrides', 'tables', 0]));
    expect(e.issues.map((i) => `${i.code} ${i.path.join('.')}`)).toEqual([
      'NEGATIVE_VALUE overrides.tables.0.records.0.value',
    ]);
    // A dimensionless coefficient may be negative where its method allows it: only prices are refused.
    expect(loadCoefficientTable(userTable([rec('k', '-1')])).records[0]?.value.toFixed()).toBe('-1');
  });
});
