import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import { GepError, type Issue, issue } from '../../core/errors';
import { errorOf } from '../../../test/helpers';
import type { MethodContext } from '../spec';
import {
  type Eco,
  type NegativeRule,
  erosionDifference,
  nppOf,
  nutrientPrice,
  rowLines,
  signRule,
  waterBalance,
} from './common';

/**
 * The shared parts of the forestry lineage on a context written by hand: coefficients and climate from plain maps
 * (keyed by name, no table machinery), `specific` as the first record of the type that passes the filter, and
 * every call's zone and every warning recorded.
 */
interface Fake {
  scalars?: Record<string, string>;
  prices?: Record<string, string>;
  climate?: { precipitation: string; evapotranspiration: string };
  productivity?: Record<string, unknown>[];
  ecosystems?: Eco[];
}
function fakeCtx<S>(switches: S, fake: Fake = {}) {
  const warnings: Issue[] = [];
  const zones: (string | null)[] = [];
  const ctx = {
    input: { ecosystems: fake.ecosystems ?? [], productivity: fake.productivity ?? [] },
    switches,
    scalar(key: string) {
      const v = fake.scalars?.[key];
      if (v === undefined) throw new Error(`no scalar ${key} in the fake`);
      return new Decimal(v);
    },
    tablePrice(key: string) {
      const v = fake.prices?.[key];
      if (v === undefined) throw new Error(`no price ${key} in the fake`);
      return {
        price: { value: new Decimal(v), money: 'yuan', per: 't', priceYear: 2020 },
        origin: { kind: 'coefficient', key, table: 'fake', ecosystem: null },
      };
    },
    climate(field: 'precipitation' | 'evapotranspiration', zone: string | null) {
      zones.push(zone);
      const v = fake.climate?.[field];
      if (v === undefined) throw new Error(`no ${field} in the fake`);
      return { value: { value: new Decimal(v), unit: 'mm' }, path: ['climate', 0] };
    },
    specific(
      records: { ecosystem?: string }[],
      zone: string | null,
      type: string,
      has?: (r: never) => boolean,
    ) {
      zones.push(zone);
      const index = records.findIndex((r) => r.ecosystem === type && (has === undefined || has(r as never)));
      return index < 0 ? undefined : { record: records[index], index };
    },
    groupOf: (type: string) => type.split('.')[0],
    warn: (i: Issue) => warnings.push(i),
  } as unknown as MethodContext<S>;
  return { ctx, warnings, zones };
}

const forest = (zone?: string): Eco =>
  ({
    type: 'forest.broadleaf',
    area: { value: new Decimal(1500), unit: 'mu' },
    ...(zone ? { zone } : {}),
  }) as Eco;

describe('rowLines', () => {
  it('collects every failing row of the groups, a path-less issue placed at its row; other rows are skipped', () => {
    const ecosystems = [
      forest(),
      { type: 'shrub', area: { value: new Decimal(1), unit: 'hm2' } },
      forest(),
      forest(),
    ] as Eco[];
    const { ctx } = fakeCtx({ groups: ['forest'] }, { ecosystems });
    const seen: unknown[] = [];
    const err = errorOf(() =>
      rowLines(ctx, (_eco, path) => {
        seen.push(path);
        if (path[1] === 0) throw new GepError(issue('VALUE_NOT_POSITIVE', [], { what: 'a', value: '0' }));
        if (path[1] === 2)
          throw new GepError(issue('VALUE_NOT_POSITIVE', ['x', 1], { what: 'b', value: '-1' }));
        return [];
      }),
    );
    // rows 0, 2 and 3 are forest; row 1 (shrub) is never made
    expect(seen).toEqual([
      ['ecosystems', 0],
      ['ecosystems', 2],
      ['ecosystems', 3],
    ]);
    expect(err.issues.map((i) => [i.code, i.path, i.params?.what])).toEqual([
      ['VALUE_NOT_POSITIVE', ['ecosystems', 0], 'a'],
      ['VALUE_NOT_POSITIVE', ['x', 1], 'b'],
    ]);
  });

  it('an error that is not a GepError propagates as it is', () => {
    const { ctx } = fakeCtx({ groups: ['forest'] }, { ecosystems: [forest()] });
    expect(() =>
      rowLines(ctx, () => {
        throw new RangeError('boom');
      }),
    ).toThrow(new RangeError('boom'));
  });
});

describe('signRule', () => {
  const minus = new Decimal('-2.5');
  it('a term that is not negative passes unchanged, without a warning, under every rule', () => {
    for (const rule of ['refuse', 'zero', 'keep'] as NegativeRule[]) {
      const { ctx, warnings } = fakeCtx({});
      expect(signRule(ctx, rule, 'T', new Decimal(0), 'mm', ['p']).toFixed()).toBe('0');
      expect(warnings).toEqual([]);
    }
  });

  it('zero: 0 with a warning naming the term, its value and unit, and the rule', () => {
    const { ctx, warnings } = fakeCtx({});
    expect(signRule(ctx, 'zero', 'T', minus, 'mm', ['p', 1]).toFixed()).toBe('0');
    expect(warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'NEGATIVE_TERM',
        ['p', 1],
        { what: 'T', value: '-2.5 mm', rule: 'counted as zero (negativeTerms = zero)' },
      ],
    ]);
  });

  it('keep: the negative value with a warning that says so', () => {
    const { ctx, warnings } = fakeCtx({});
    expect(signRule(ctx, 'keep', 'T', minus, 'mm', ['p']).toFixed()).toBe('-2.5');
    expect(warnings.map((w) => w.params)).toEqual([
      { what: 'T', value: '-2.5 mm', rule: 'kept as negative (negativeTerms = keep)' },
    ]);
  });

  it('refuse: NEGATIVE_TERM_REFUSED at the path with the term and its value, no warning', () => {
    const { ctx, warnings } = fakeCtx({});
    const err = errorOf(() => signRule(ctx, 'refuse', 'T', minus, 't', ['p', 2]));
    expect([err.code, err.path, err.issues[0]?.params]).toEqual([
      'NEGATIVE_TERM_REFUSED',
      ['p', 2],
      { what: 'T', value: '-2.5 t' },
    ]);
    expect(warnings).toEqual([]);
  });
});

describe('waterBalance', () => {
  // A = 1500 mu = 100 hm² (15 mu = 1 hm²)
  const climate = { precipitation: '1800', evapotranspiration: '800' };
  it('depth: G = 10 × A × (P − E − C), climate looked up in the row zone, by hand', () => {
    // P − E − C = 1800 − 800 − 200 = 800 mm; G = 10 × 100 × 800 = 800 000 m³
    const { ctx, zones, warnings } = fakeCtx(
      { runoff: 'depth' as const, negativeTerms: 'zero' as NegativeRule },
      { climate, scalars: { 'lyt.runoff_depth': '200' } },
    );
    const r = waterBalance(ctx, forest('north'), ['ecosystems', 0]);
    expect([r.volume.value.toFixed(), r.volume.unit]).toEqual(['800000', 'm3']);
    expect(r.terms).toEqual({ A: '100 hm²', P: '1800 mm', E: '800 mm', C: '200 mm', 'P-E-C': '800 mm' });
    expect(zones).toEqual(['north', 'north']);
    expect(warnings).toEqual([]);
  });

  it('coefficient: C = P × α, α among the terms; no zone is looked up as null', () => {
    // C = 1800 × 0.25 = 450 mm; P − E − C = 1800 − 800 − 450 = 550 mm; G = 10 × 100 × 550 = 550 000 m³
    const { ctx, zones } = fakeCtx(
      { runoff: 'coefficient' as const, negativeTerms: 'zero' as NegativeRule },
      { climate, scalars: { 'runoff.coefficient': '0.25' } },
    );
    const r = waterBalance(ctx, forest(), ['ecosystems', 0]);
    expect(r.volume.value.toFixed()).toBe('550000');
    expect(r.terms).toEqual({
      A: '100 hm²',
      P: '1800 mm',
      E: '800 mm',
      C: '450 mm',
      alpha: '0.25',
      'P-E-C': '550 mm',
    });
    expect(zones).toEqual([null, null]);
  });

  it('a negative P − E − C counted as zero shows the value used; the warning names the type and zone', () => {
    // P − E − C = 1800 − 1900 − 200 = −300 mm → 0 mm, G = 0
    const { ctx, warnings } = fakeCtx(
      { runoff: 'depth' as const, negativeTerms: 'zero' as NegativeRule },
      { climate: { ...climate, evapotranspiration: '1900' }, scalars: { 'lyt.runoff_depth': '200' } },
    );
    const r = waterBalance(ctx, forest('north'), ['ecosystems', 4]);
    expect(r.volume.value.toFixed()).toBe('0');
    expect(r.terms['P-E-C']).toBe('-300 mm');
    expect(r.terms['P-E-C used']).toBe('0 mm');
    expect(warnings.map((w) => [w.path, w.params?.what, w.params?.value])).toEqual([
      [['ecosystems', 4], 'P − E − C for forest.broadleaf in north', '-300 mm'],
    ]);
  });

  it('kept negative: no "used" term (it equals the raw one); the warning of a row without zone names the type only', () => {
    // −300 mm kept: G = 10 × 100 × (−300) = −300 000 m³
    const { ctx, warnings } = fakeCtx(
      { runoff: 'depth' as const, negativeTerms: 'keep' as NegativeRule },
      { climate: { ...climate, evapotranspiration: '1900' }, scalars: { 'lyt.runoff_depth': '200' } },
    );
    const r = waterBalance(ctx, forest(), ['ecosystems', 0]);
    expect(r.volume.value.toFixed()).toBe('-300000');
    expect(Object.keys(r.terms)).toEqual(['A', 'P', 'E', 'C', 'P-E-C']);
    expect(warnings.map((w) => w.params?.what)).toEqual(['P − E − C for forest.broadleaf']);
  });
});

describe('erosionDifference', () => {
  const moduli = (x2: string, x1: string) => ({
    scalars: { 'lyt.erosion_modulus.unforested': x2, 'lyt.erosion_modulus.forested': x1 },
  });
  it('moduli: X₂ − X₁ with both moduli among the terms', () => {
    // 30 − 5 = 25 t/(hm²·a)
    const { ctx } = fakeCtx(
      { erosion: 'moduli' as const, negativeTerms: 'refuse' as NegativeRule },
      moduli('30', '5'),
    );
    const r = erosionDifference(ctx, forest(), ['ecosystems', 0]);
    expect(r.rate.toFixed()).toBe('25');
    expect(r.terms).toEqual({ X2: '30 t/(hm²·a)', X1: '5 t/(hm²·a)', 'X2-X1': '25 t/(hm²·a)' });
  });

  it('swapped moduli counted as zero: the value used among the terms, a warning naming the type', () => {
    // 5 − 30 = −25 t/(hm²·a) → 0
    const { ctx, warnings } = fakeCtx(
      { erosion: 'moduli' as const, negativeTerms: 'zero' as NegativeRule },
      moduli('5', '30'),
    );
    const r = erosionDifference(ctx, forest('north'), ['ecosystems', 1]);
    expect(r.rate.toFixed()).toBe('0');
    expect(r.terms).toEqual({
      X2: '5 t/(hm²·a)',
      X1: '30 t/(hm²·a)',
      'X2-X1': '-25 t/(hm²·a)',
      'X2-X1 used': '0 t/(hm²·a)',
    });
    expect(warnings.map((w) => [w.path, w.params?.what, w.params?.value])).toEqual([
      [['ecosystems', 1], 'X₂ − X₁ for forest.broadleaf', '-25 t/(hm²·a)'],
    ]);
  });

  it('difference: the given X₂ − X₁ alone among the terms, kept negative by the keep rule', () => {
    const { ctx } = fakeCtx(
      { erosion: 'difference' as const, negativeTerms: 'keep' as NegativeRule },
      { scalars: { 'lyt.erosion_difference': '-4' } },
    );
    const r = erosionDifference(ctx, forest(), ['ecosystems', 0]);
    expect(r.rate.toFixed()).toBe('-4');
    expect(r.terms).toEqual({ 'X2-X1': '-4 t/(hm²·a)' });
  });
});

describe('nppOf', () => {
  it('the first record of the type with an NPP, converted to t d.m./(hm²·a), looked up in the row zone', () => {
    // 1000 g/(m²·a) × 10⁴ m²/hm² × 10⁻⁶ t/g = 10 t/(hm²·a); record 0 has no npp and is passed over
    const productivity = [
      { ecosystem: 'forest.broadleaf' },
      { ecosystem: 'forest.broadleaf', npp: { value: new Decimal(1000), unit: 'g_DM_per_m2_a' } },
    ];
    const { ctx, zones } = fakeCtx({}, { productivity });
    const r = nppOf(ctx, forest('north'), ['ecosystems', 0]);
    expect([r.b.toFixed(), r.source]).toEqual(['10', 'productivity[1].npp']);
    expect(zones).toEqual(['north']);
  });

  it('no NPP for the type: SPATIAL_INPUT_MISSING at the row, zone or (region), type and section named', () => {
    const productivity = [{ ecosystem: 'shrub', npp: { value: new Decimal(5), unit: 't_DM_per_hm2_a' } }];
    const { ctx } = fakeCtx({}, { productivity });
    const region = errorOf(() => nppOf(ctx, forest(), ['ecosystems', 3]));
    expect([region.code, region.path, region.issues[0]?.params]).toEqual([
      'SPATIAL_INPUT_MISSING',
      ['ecosystems', 3],
      { field: 'npp', zone: '(region)', type: 'forest.broadleaf', section: 'productivity' },
    ]);
    expect(errorOf(() => nppOf(ctx, forest('north'), ['ecosystems', 3])).issues[0]?.params?.zone).toBe(
      'north',
    );
  });

  it('an NPP in a unit of another dimension is refused at its record', () => {
    const productivity = [{ ecosystem: 'forest.broadleaf', npp: { value: new Decimal(5), unit: 'mm' } }];
    const { ctx } = fakeCtx({}, { productivity });
    const err = errorOf(() => nppOf(ctx, forest(), ['ecosystems', 0]));
    expect([err.code, err.path]).toEqual(['UNIT_MISMATCH', ['productivity', 0, 'npp']]);
    expect(err.issues[0]?.message.zh).toBe(
      '单位不符：需要t d.m./(hm²·a)（单位面积干物质质量），实际为mm（长度）',
    );
  });
});

describe('nutrientPrice', () => {
  const prices = { 'lyt.fertiliser.dap.price': '2400', 'lyt.fertiliser.organic_matter.price': '320' };
  it('N at C₁ / R₁, with the division shown in the label', () => {
    // 2400 元/t ÷ 0.16 = 15 000 元/t of N
    const { ctx } = fakeCtx({}, { prices, scalars: { 'lyt.fertiliser.dap.n_content': '0.16' } });
    const r = nutrientPrice(ctx, 'n', 'forest.broadleaf', ['ecosystems', 0]);
    expect([r.price.value.toFixed(), r.price.per, r.price.priceYear]).toEqual(['15000', 't', 2020]);
    expect(r.origin).toEqual({
      kind: 'coefficient',
      key: 'lyt.fertiliser.dap.price',
      table: 'fake',
      ecosystem: null,
    });
    expect(r.label).toBe(
      'N at C₁/R₁ (lyt.fertiliser.dap.price ÷ lyt.fertiliser.dap.n_content = 2400 ÷ 0.16)',
    );
  });

  it('organic matter at C₃ as it is', () => {
    const { ctx } = fakeCtx({}, { prices });
    const r = nutrientPrice(ctx, 'om', 'forest.broadleaf', ['ecosystems', 0]);
    expect(r.price.value.toFixed()).toBe('320');
    expect(r.label).toBe('OM at C₃ (lyt.fertiliser.organic_matter.price)');
  });

  it('a content of 0 is refused with VALUE_NOT_POSITIVE naming the content key', () => {
    const { ctx } = fakeCtx({}, { prices, scalars: { 'lyt.fertiliser.dap.p_content': '0' } });
    const err = errorOf(() => nutrientPrice(ctx, 'p', 'forest.broadleaf', ['ecosystems', 2]));
    expect([err.code, err.path, err.issues[0]?.params]).toEqual([
      'VALUE_NOT_POSITIVE',
      ['ecosystems', 2],
      { what: 'lyt.fertiliser.dap.p_content', value: '0' },
    ]);
  });
});
