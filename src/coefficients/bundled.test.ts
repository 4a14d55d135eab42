import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import {
  bundledClassification,
  bundledClassifications,
  bundledPriceIndex,
  bundledPriceIndices,
  bundledTable,
  bundledTableFile,
  bundledTables,
} from './bundled';
import { BUNDLED_DATA } from './data';

/** The issue a call throws, as code, path and the table it names. */
function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (!(e instanceof GepError)) throw e;
    const i = e.issues[0];
    return { code: i?.code, path: i?.path, table: i?.params?.table };
  }
  throw new Error('no error');
}

describe('bundled tables, price indices and classifications', () => {
  it('are the files of BUNDLED_DATA, validated, each with its ref and hash, loaded once', () => {
    expect(bundledTables().map((t) => t.id)).toEqual(BUNDLED_DATA.tables.map(([j]) => j.id));
    expect(bundledPriceIndices().map((t) => t.id)).toEqual(BUNDLED_DATA.indices.map(([j]) => j.id));
    expect(bundledClassifications().map((t) => t.id)).toEqual(BUNDLED_DATA.classifications.map(([j]) => j.id));
    expect(bundledTables().every((t) => t.origin === 'bundled' && /^sha256:[0-9a-f]{64}$/.test(t.hash))).toBe(true);
    // the same objects on every call: validated and hashed on first use only
    expect(bundledTables()).toBe(bundledTables());
    expect(bundledPriceIndices()[0]).toBe(bundledPriceIndices()[0]);
    expect(bundledClassifications()[0]).toBe(bundledClassifications()[0]);
  });

  it('are found by id or by id@version', () => {
    const t = bundledTable('cn-carbon-market');
    expect(bundledTable(t.ref)).toBe(t);
    expect(t.ref).toBe(`cn-carbon-market@${t.version}`);
    const p = bundledPriceIndex('cn-cpi-1978');
    expect(bundledPriceIndex('cn-cpi-1978@1.0.0')).toBe(p);
    const c = bundledClassification('jx-ecosystem-types');
    expect(bundledClassification('jx-ecosystem-types@1.0.0')).toBe(c);
  });

  it('name the file each table was read from, by id (bundledTableFile), and refuse an id not bundled', () => {
    for (const [json, path] of BUNDLED_DATA.tables) expect(bundledTableFile(json.id)).toBe(path);
    expect(bundledTableFile('cn-environmental-tax-2018')).toBe('coefficients/environmental-tax/cn-2018.json');
    // by id only: a ref (id@version) names no file
    expect(refusal(() => bundledTableFile('cn-carbon-market@1.1.0'))).toEqual({
      code: 'TABLE_UNKNOWN',
      path: [],
      table: 'cn-carbon-market@1.1.0',
    });
  });

  it('TABLE_UNKNOWN for an id or version not bundled, naming what was asked', () => {
    expect(refusal(() => bundledTable('cn-carbon-market@0.0.1'))).toEqual({
      code: 'TABLE_UNKNOWN',
      path: [],
      table: 'cn-carbon-market@0.0.1',
    });
    expect(refusal(() => bundledPriceIndex('cn-cpi-2000'))).toEqual({
      code: 'TABLE_UNKNOWN',
      path: [],
      table: 'cn-cpi-2000',
    });
    expect(refusal(() => bundledClassification('cn-carbon-market'))).toEqual({
      code: 'TABLE_UNKNOWN',
      path: [],
      table: 'cn-carbon-market',
    });
  });
});
