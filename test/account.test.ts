import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { accountResultSchema } from '../src/account/result-schema';
import { canonicalJson } from '../src/core/canonical';
import { Decimal } from '../src/core/decimal';
import { errorOf, tinyInput } from './helpers';

const example = () =>
  JSON.parse(readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'));
const GOLDEN = new URL('./golden/jiangxi-county.result.json', import.meta.url);

describe('account() on the example county', () => {
  const r = account(example(), { baseYear: 2015 });

  it('matches the result schema', () => {
    expect(accountResultSchema.safeParse(r).success).toBe(true);
  });

  it('adds up: indicators → categories → GEP, sub-items → indicators, lines → indicators (exact)', () => {
    const exact = account(example(), { baseYear: 2015, rounding: 'exact' });
    const d = (s: string) => new Decimal(s);
    // Sums taken in different orders agree to the 40th significant digit (the configured precision).
    const same = (a: Decimal, b: Decimal) =>
      expect(a.minus(b).abs().lte(b.abs().times('1e-30')), `${a} vs ${b}`).toBe(true);
    for (const cat of ['material', 'regulating', 'cultural'] as const) {
      const s = exact.indicators
        .filter((i) => i.category === cat)
        .reduce((a, i) => a.plus(d(i.value.current)), new Decimal(0));
      same(s, d(exact.totals[cat].current));
    }
    const gep = d(exact.totals.material.current)
      .plus(exact.totals.regulating.current)
      .plus(exact.totals.cultural.current);
    same(gep, d(exact.totals.gep.current));
    for (const i of exact.indicators) {
      const lines = i.lines.reduce((a, l) => a.plus(d(l.value.comparable)), new Decimal(0));
      same(lines, d(i.value.comparable));
      if (i.subItems.length > 0) {
        const subs = i.subItems.reduce((a, s) => a.plus(d(s.value.current)), new Decimal(0));
        same(subs, d(i.value.current));
      }
    }
    const zones = exact.byZone.reduce((a, z) => a.plus(d(z.value.current)), new Decimal(0));
    same(zones, d(exact.totals.gep.current));
  });

  it('records the profile, tables with hashes, price index values and every coefficient with its grade', () => {
    expect(r.profile).toMatchObject({ id: 'jx-db36-1402-2021', version: '0.3.1' });
    expect(r.prices).toMatchObject({
      currentYear: 2020,
      baseYear: 2015,
      policy: 'deflate-to-accounting-year',
    });
    expect(r.prices.indexValuesUsed.map((p) => p.year)).toEqual([2008, 2010, 2015, 2016, 2018, 2020, 2021]); // 2008 ion price, 2018 tax rates, 2021 carbon price
    for (const t of r.tables) expect(t.hash).toMatch(/^sha256:/);
    const alpha = r.coefficients.find(
      (c) => c.key === 'runoff.coefficient' && c.ecosystem === 'forest.bamboo',
    );
    expect(alpha).toMatchObject({
      value: '0.03',
      grade: 'assumed',
      table: 'runoff-coefficients-redline@1.0.0+example-county-local@1.0.0',
    });
    // The overlay's four records, then every record of the example's own table (searched first, ADR 0010).
    const overlay = r.overrides.filter((o) => o.overlay === 'example-county-local@1.0.0');
    expect(overlay.map((o) => o.ecosystem)).toEqual([
      'forest.bamboo',
      'wetland.reservoir',
      'wetland.river',
      'wetland.marsh',
    ]);
    const own = r.overrides.filter((o) => o.overlay !== 'example-county-local@1.0.0');
    expect(own.length).toBe(r.overrides.length - 4);
    expect(
      own.every((o) =>
        r.tables.some((t) => t.ref === o.overlay && t.hash === o.overlayHash && t.origin === 'user'),
      ),
    ).toBe(true);
  });

  it('gives a zone without an area the sum of its ecosystem rows, and each indicator its zone lines', () => {
    const input = example() as { zones: { area?: unknown }[] };
    delete input.zones[0]!.area;
    const z = account(input, { baseYear: 2015 }).byZone;
    // Z01's rows: 120 + 110 + 60 + 40 + 18 + 6 + 4 + 3 + 30 + 6 + 8 + 12 + 3 = 420 km²
    expect(z[0]?.area?.value).toBe('420.0000');
    expect(z[0]?.indicators).toEqual(r.byZone[0]?.indicators);
  });

  it('breaks down by ecosystem type and by zone, with areas', () => {
    expect(r.byZone.map((z) => [z.zone, z.area === null ? null : z.area.value])).toEqual([
      ['Z01', '420.0000'],
      ['Z02', '455.0000'],
      ['Z03', '376.0000'],
      [null, null],
    ]);
    const broadleaf = r.byEcosystem.find((e) => e.ecosystem === 'forest.broadleaf');
    expect(broadleaf?.area?.value).toBe('380.0000');
    expect(r.checks.find((c) => c.id === 'area-balance:region')?.status).toBe('pass');
  });

  it('is deterministic: two runs give byte-identical JSON', () => {
    expect(canonicalJson(account(example(), { baseYear: 2015 }))).toBe(canonicalJson(r));
  });

  it('equals the golden result (regenerate on purpose with UPDATE_GOLDEN=1)', () => {
    const text = `${JSON.stringify(JSON.parse(canonicalJson(r)), null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});

describe('account() options and checks', () => {
  it('warns when the ecosystem areas do not sum to the total area', () => {
    const input = tinyInput();
    input.totalArea = { value: '13', unit: 'km2' }; // areas sum to 12 km²: 1/13 = 7.7 % off
    const r = account(input);
    expect(r.warnings.map((w) => w.code)).toContain('AREA_SUM_MISMATCH');
    expect(r.checks.find((c) => c.id === 'area-balance:region')?.status).toBe('warn');
  });

  it('checks zone areas against their ecosystem rows', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A', area: { value: '20', unit: 'km2' } }];
    (input.ecosystems as { zone?: string }[]).forEach((e) => (e.zone = 'A'));
    const w = account(input).warnings.find((x) => x.code === 'AREA_SUM_MISMATCH');
    expect(w?.path).toEqual(['zones', 0, 'area']);
  });

  it('rounds money to the fen by default and keeps every digit with rounding: exact', () => {
    const rounded = account(tinyInput());
    expect(rounded.totals.gep.current).toMatch(/^\d+\.\d{2}$/);
    expect(rounded.rounding).toEqual({ money: 2, quantity: 4, share: 6, mode: 'halfEven' });
    expect(account(tinyInput(), { rounding: 'exact' }).totals.gep.current.length).toBeGreaterThan(20);
  });

  it('excludes indicators on request and says so', () => {
    const r = account(tinyInput(), { exclude: ['C1'] });
    expect(r.indicators.map((i) => i.code)).toEqual([
      'M1',
      'M2',
      'M3',
      'M4',
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'R8',
      'R9',
    ]);
    expect(r.skipped).toContainEqual({ code: 'C1', reason: 'excluded by the caller' });
  });

  it('shares are fractions of the category and of GEP', () => {
    const r = account(tinyInput(), { rounding: 'exact' });
    const c1 = r.indicators.find((i) => i.code === 'C1');
    expect(c1?.shares.ofCategory).toBe('1');
    const total = r.indicators.reduce((a, i) => a.plus(i.shares.ofGep ?? '0'), new Decimal(0));
    expect(total.toDecimalPlaces(30).toFixed()).toBe('1');
  });

  it('collects every error of every indicator before failing, and returns nothing partial', () => {
    const input = tinyInput();
    input.materialProducts = [];
    input.climate = [];
    const err = errorOf(() => account(input));
    // M1–M4 have no data; R1 lacks P for both rows, R3 the storm rainfall, R8 the air-conditioning days
    // (one issue a row: the first missing field of the row).
    expect(err.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['INDICATOR_INPUT_MISSING', 'materialProducts'],
      ['INDICATOR_INPUT_MISSING', 'materialProducts'],
      ['INDICATOR_INPUT_MISSING', 'materialProducts'],
      ['INDICATOR_INPUT_MISSING', 'materialProducts'],
      ['CLIMATE_MISSING', 'ecosystems.0'],
      ['CLIMATE_MISSING', 'ecosystems.1'],
      ['CLIMATE_MISSING', 'ecosystems.0'],
      ['CLIMATE_MISSING', 'ecosystems.1'],
      ['CLIMATE_MISSING', 'ecosystems.0'],
      ['CLIMATE_MISSING', 'ecosystems.1'],
    ]);
    expect(err.issues.slice(4).map((i) => i.params?.field)).toEqual([
      'precipitation',
      'precipitation',
      'stormPrecipitation',
      'stormPrecipitation',
      'acDays',
      'acDays',
    ]);
  });
});
