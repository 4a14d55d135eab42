import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { compare } from '../src/account/compare';
import { compareMarkdown } from '../src/account/compare-format';
import { toMarkdown } from '../src/account/format';
import { run } from '../src/cli/main';
import { errorOf, some, tinyInput } from './helpers';

const construction = {
  kind: 'price-index',
  id: 'test-construction-index',
  version: '1.0.0',
  title: { zh: '建安工程价格指数（测试）', en: 'Construction price index (test)' },
  region: 'CN',
  vintage: 'test',
  base: { year: 2010, value: '100' },
  values: [
    { year: 2015, value: '120', grade: 'assumed', source: { document: 'test' } },
    { year: 2020, value: '150', grade: 'assumed', source: { document: 'test' } },
  ],
};

describe('per-price deflators', () => {
  it('moves the reservoir cost with the index its rule names, other prices with CPI, and records both', () => {
    // Q = 11 566 040 m³ × 7.06 元/m³ (2010) = 81 656 242.40 元 × 150 / 100 = 122 484 363.60 元 at 2020 prices
    const input = {
      ...tinyInput(),
      overrides: { ...(tinyInput().overrides as object), priceIndices: [construction] },
    };
    const r = some(['R1', 'M2'], input, {
      deflators: [{ match: 'price.reservoir_storage', index: 'test-construction-index' }],
    });
    const r1 = r.indicators.find((i) => i.code === 'R1');
    expect(r1?.value.current).toBe('122484363.6');
    expect(r1?.lines[0]?.valuations[0]?.index).toBe('test-construction-index@1.0.0');
    expect(r.indicators.find((i) => i.code === 'M2')?.lines[0]?.valuations[0]?.index).toBe(
      'cn-cpi-1978@1.0.0',
    );
    expect(r.prices.deflators).toEqual([
      expect.objectContaining({ match: 'price.reservoir_storage', index: 'test-construction-index@1.0.0' }),
    ]);
    expect(r.prices.indexValuesUsed.map((p) => `${p.index} ${p.year}`)).toEqual([
      'test-construction-index@1.0.0 2010',
      'test-construction-index@1.0.0 2020',
    ]);
  });

  it('the Markdown report and the comparison name the deflators beside the index, not the index alone', () => {
    const input = {
      ...tinyInput(),
      overrides: { ...(tinyInput().overrides as object), priceIndices: [construction] },
    };
    const options = { deflators: [{ match: 'price.reservoir_storage', index: 'test-construction-index' }] };
    const r = some(['R1', 'M2'], input, options);
    expect(toMarkdown(r)).toContain(
      '(index `cn-cpi-1978@1.0.0; deflators, first match wins: price.reservoir_storage… → test-construction-index@1.0.0`',
    );
    // and the rounding rule the tables follow, stated in the report
    expect(toMarkdown(account(tinyInput()))).toContain(
      "Rounding 舍入: the result's 元 to 2 decimals, halfEven; the tables' 万元 are those 元 ÷ 10,000 to two decimals",
    );
    expect(toMarkdown(some(['M2'], input, { rounding: 'exact' }))).toContain(
      'Rounding 舍入: the result is exact (no rounding);',
    );
    const c = compare(input, input, { account: options });
    expect(c.prices.deflators).toEqual([
      { match: 'price.reservoir_storage', index: 'test-construction-index@1.0.0' },
    ]);
    expect(compareMarkdown(c)).toContain(
      'index cn-cpi-1978@1.0.0; deflators, first match wins: price.reservoir_storage… → test-construction-index@1.0.0)',
    );
  });

  it('an unknown index in a rule is refused', () => {
    const err = errorOf(() =>
      some(['R1'], tinyInput(), { deflators: [{ match: 'price.', index: 'no-such-index' }] }),
    );
    expect(err.code).toBe('TABLE_UNKNOWN');
    expect(err.path).toEqual(['options', 'deflators', 0, 'index']);
  });
});

describe('price policy "as-published"', () => {
  it('keeps prices of other years unadjusted in the current column, deflates the comparable one, and warns', async () => {
    const { loadProfile } = await import('../src/profiles/schema');
    const jx = (await import('../profiles/jx-db36-1402-2021.json')).default;
    const profile = loadProfile({ ...jx, pricePolicy: 'as-published' });
    // R1: 11 566 040 m³ × 7.06 元/m³ = 81 656 242.40 元 as published (2010 prices), not moved to 2020;
    // comparable at 2015: × 615.2 / 536.1 = 93 704 384.1157…
    const r = some(['R1'], tinyInput(), { profile, baseYear: 2015 });
    expect(r.indicators[0]?.value.current).toBe('81656242.4');
    expect(r.indicators[0]?.value.comparable.startsWith('93704384.1157')).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('PRICE_LEVELS_MIXED');
  });
});

describe("a price index of one's own: scenarios, unused indices and the command line", () => {
  const withIndex = () => ({
    ...tinyInput(),
    overrides: { ...(tinyInput().overrides as object), priceIndices: [construction] },
  });

  it('an index that no rule names is a PRICE_INDEX_UNUSED warning, not silently ignored', () => {
    const r = some(['R1'], withIndex());
    const w = r.warnings.filter((i) => i.code === 'PRICE_INDEX_UNUSED');
    expect(w.map((i) => [i.path, i.params?.index])).toEqual([
      [['overrides', 'priceIndices', 0], 'test-construction-index@1.0.0'],
    ]);
    // Named by a rule, it gives no warning.
    const named = some(['R1'], withIndex(), {
      deflators: [{ match: 'price.reservoir_storage', index: 'test-construction-index' }],
    });
    expect(named.warnings.filter((i) => i.code === 'PRICE_INDEX_UNUSED')).toEqual([]);
  });

  it("a scenario carries price indices and deflator rules; the caller's rules come first", () => {
    const scenario = {
      kind: 'scenario',
      id: 'construction-deflator',
      version: '1.0.0',
      title: { zh: '建安指数平减', en: 'Construction deflator' },
      priceIndices: [construction],
      deflators: [{ match: 'price.reservoir_storage', index: 'test-construction-index' }],
    };
    const r = some(['R1'], tinyInput(), { scenario });
    // 81 656 242.40 元 (2010) × 150 / 100 = 122 484 363.60 元, as with the rule given directly
    expect(r.indicators.find((i) => i.code === 'R1')?.value.current).toBe('122484363.6');
    expect(r.scenario?.id).toBe('construction-deflator');
    // A caller's rule for the same prices wins over the scenario's: CPI (cn-cpi-1978) again.
    const caller = some(['R1'], tinyInput(), {
      scenario,
      deflators: [{ match: 'price.reservoir_storage', index: 'cn-cpi-1978' }],
    });
    expect(caller.indicators.find((i) => i.code === 'R1')?.lines[0]?.valuations[0]?.index).toBe(
      'cn-cpi-1978@1.0.0',
    );
  });

  it('--price-index FILE alone deflates every price with it; --deflator PREFIX=INDEX names what it moves', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-'));
    const input = join(dir, 'input.json');
    const index = join(dir, 'index.json');
    writeFileSync(input, JSON.stringify({ ...tinyInput(), year: 2020 }));
    // An index for every year the tiny input's prices use (2000–2025), so every price can move with it; its base is
    // the first year (2000 = 100), which the values list with the same value.
    const full = {
      ...construction,
      base: { year: 2000, value: '100' },
      values: Array.from({ length: 26 }, (_, k) => ({
        year: 2000 + k,
        value: String(100 + 2 * k),
        grade: 'assumed',
        source: { document: 'test' },
      })),
    };
    writeFileSync(index, JSON.stringify(full));
    const cli = (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) }) as number;
      return { code, out: out.join(''), err: err.join('') };
    };
    const all = cli(['account', input, '--price-index', index]);
    expect(all.code, all.err).toBe(0);
    const r = JSON.parse(all.out);
    expect(r.prices.deflators).toEqual([
      expect.objectContaining({ match: '', index: 'test-construction-index@1.0.0' }),
    ]);
    const some = cli([
      'account',
      input,
      '--price-index',
      index,
      '--deflator',
      'price.reservoir_storage=test-construction-index',
    ]);
    expect(some.code, some.err).toBe(0);
    expect(JSON.parse(some.out).prices.deflators).toEqual([
      expect.objectContaining({ match: 'price.reservoir_storage', index: 'test-construction-index@1.0.0' }),
    ]);
    const bad = cli(['account', input, '--deflator', 'price.reservoir_storage']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--deflator takes PREFIX=INDEX');
  });
});
