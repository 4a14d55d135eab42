import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { compare } from '../src/account/compare';
import { changeAccounting } from '../src/vep/change';

// The three ways a review found the change accounting splitting ΔV wrongly while its identity held: the zoning of a
// county changed, a product renamed, products given as a gross output. Each now splits as the same accounts
// without the change would, or says why it cannot.
const read = (f: string) => JSON.parse(readFileSync(new URL(`../examples/${f}`, import.meta.url), 'utf8'));
type Json = Record<string, unknown>;
const codes = (ws: readonly { code: string }[]) => ws.map((w) => w.code);

describe('change accounting when the accounts are given differently', () => {
  it('a good moved from the region-wide line to a township: its price change stays price (COMPARE_GOOD_REZONED)', () => {
    // The example county, zoned Z01–Z03 in both years. Hydropower (M6): 9,800 万kWh region-wide at 0.33 元/kWh in
    // 2020; in 2021 the same 9,800 万kWh given for township Z01 at 0.40 (priceYear 2020 both, base year 2020).
    //   line (region-wide) leaves: QE = −98,000,000 kWh × 0.33 = −32,340,000.00
    //   line Z01 enters at the good's 2020 unit value 0.33: QE = [98,000,000 × 0.33] = 32,340,000.00,
    //     PE = 98,000,000 × 0.40 − 32,340,000 = 39,200,000 − 32,340,000 = 6,860,000.00
    //   M6: ΔV 6,860,000.00 = volume 0.00 + mix 0.00 + price 6,860,000.00 (it was mix 6,860,000.00, price 0.00)
    const before = read('jiangxi-county/input.json') as Json;
    const after = read('jiangxi-county/input.json') as Json;
    const [hydro] = after.energy as Json[];
    after.energy = [{ ...hydro, zone: 'Z01', tariff: { value: '0.40', unit: 'yuan/kWh', priceYear: 2020 } }];
    const r = compare(before, after, { baseYear: 2020 });
    const m6 = r.byIndicator.find((x) => x.indicator === 'M6');
    expect(m6).toMatchObject({
      change: '6860000.00',
      quantityEffect: '0.00',
      mixEffect: '0.00',
      priceEffect: '6860000.00',
    });
    const w = r.warnings.filter((x) => x.code === 'COMPARE_GOOD_REZONED');
    expect(w.map((x) => x.params)).toEqual([
      { indicator: 'M6', ecosystem: '(none)', item: 'hydropower', before: '(none)', after: 'Z01' },
    ]);
    expect(codes(r.warnings)).not.toContain('COMPARE_ZONES_DIFFER');
  });

  it('a township renumbered (Z03 → Z04): the zones’ rows add up to the region’s, price effects included', () => {
    // Hydropower given for Z03 in 2020 at 0.33 元/kWh; in 2021 Z03 is Z04 (renumbered, every line with it) and the
    // tariff 0.40. M6's price effect in the region: 98,000,000 kWh × 0.07 = 6,860,000.00. Decomposed zone by zone,
    // Z04's hydropower was a new good, its whole value volume: the zones' price effects fell 6,860,000.00 short.
    const before = read('jiangxi-county/input.json') as Json;
    const [hydro] = before.energy as Json[];
    before.energy = [{ ...hydro, zone: 'Z03' }];
    // every reference to Z03 (zones, ecosystems, climate, water bodies) renumbered Z04
    const after = JSON.parse(JSON.stringify(before).replaceAll('"Z03"', '"Z04"')) as Json;
    after.energy = [{ ...hydro, zone: 'Z04', tariff: { value: '0.40', unit: 'yuan/kWh', priceYear: 2020 } }];
    const r = compare(before, after, { baseYear: 2020 });
    expect(codes(r.warnings)).toContain('COMPARE_ZONES_DIFFER');
    expect(r.byIndicator.find((x) => x.indicator === 'M6')).toMatchObject({ priceEffect: '6860000.00' });
    const fen = (x: string) => BigInt(x.replace('.', ''));
    for (const f of ['change', 'priceEffect', 'unsplit'] as const)
      expect(r.byZone.reduce((n, z) => n + fen(z[f]), 0n)).toBe(fen(r.gep[f]));
    expect(r.byZone.reduce((n, z) => n + fen(z.quantityEffect) + fen(z.mixEffect), 0n)).toBe(
      fen(r.gep.quantityEffect) + fen(r.gep.mixEffect),
    );
    // Z04's row holds the hydropower's price change: 6,860,000.00 of its price effect
    const z4 = r.byZone.find((z) => z.zone === 'Z04');
    expect(fen(z4?.priceEffect ?? '0')).toBeGreaterThanOrEqual(686000000n);
  });

  it('a coefficient corrected for one year only is named (COMPARE_COEFFICIENTS_DIFFER)', () => {
    // The 2020 input overlays the reservoir storage price with 8 元/m³ at 2020 prices; 2021 reads the bundled 7.06
    // at 2010 prices. At comparable prices of 2020 the bundled value is 7.06 × 686.5 / 536.1 = 9.04: the difference
    // is the correction, which the comparison can only show as a price effect of R1 and R3.
    const before = read('jiangxi-county/input.json') as Json;
    const after = read('jiangxi-county/input-2021.json') as Json;
    const overrides = before.overrides as { tables: Json[] };
    overrides.tables.push({
      kind: 'coefficients',
      id: 'storage-corrected',
      version: '1.0.0',
      title: { zh: '库容价格更正', en: 'Storage price corrected' },
      effective: { from: '2020-01-01', to: null },
      supersedes: null,
      overlays: 'rcees-2013-reference',
      records: [
        {
          key: 'price.reservoir_storage',
          value: '8',
          unit: 'yuan/m3',
          priceYear: 2020,
          source: { document: 'county water bureau, 2020', clause: 'table 3' },
          grade: 'derived',
        },
      ],
    });
    const r = compare(before, after);
    const w = r.warnings.filter((x) => x.code === 'COMPARE_COEFFICIENTS_DIFFER');
    expect(w.map((x) => [x.path, x.params])).toEqual([
      [
        ['after', 'coefficients'],
        {
          count: 1,
          list: 'price.reservoir_storage: 8 yuan/m3 at 2020 prices (rcees-2013-reference@1.4.0+storage-corrected@1.0.0) → 7.06 yuan/m3 at 2010 prices (rcees-2013-reference@1.4.0)',
        },
      ],
    ]);
    // the same tables both years: no warning
    expect(codes(compare(read('jiangxi-county/input.json'), after).warnings)).not.toContain(
      'COMPARE_COEFFICIENTS_DIFFER',
    );
  });

  it('a township renamed keeps its id: the later name is shown, the change warned (COMPARE_ZONE_RENAMED)', () => {
    const before = read('jiangxi-county/input.json') as Json;
    const after = read('jiangxi-county/input.json') as Json;
    after.zones = (after.zones as Json[]).map((z) =>
      z.id === 'Z02' ? { ...z, name: '清溪镇 Qingxi (town)' } : z,
    );
    const r = compare(before, after);
    expect(r.byZone.find((z) => z.zone === 'Z02')?.name).toBe('清溪镇 Qingxi (town)');
    const w = r.warnings.filter((x) => x.code === 'COMPARE_ZONE_RENAMED');
    // at the input's field where the later year names it (zones[1].name), not at the account's byZone
    expect(w.map((x) => [x.path, x.params])).toEqual([
      [
        ['after', 'zones', 1, 'name'],
        { zone: 'Z02', before: '清溪乡 Qingxi (illustrative)', after: '清溪镇 Qingxi (town)' },
      ],
    ]);
    // a result names it in its byZone (Z02 is its second zone there too)
    const result = account(after, { rounding: 'exact' }) as { byZone: { zone: string | null }[] };
    const k = result.byZone.findIndex((z) => z.zone === 'Z02');
    expect(
      compare(before, result)
        .warnings.filter((x) => x.code === 'COMPARE_ZONE_RENAMED')
        .map((x) => x.path),
    ).toEqual([['after', 'byZone', k, 'name']]);
    expect(w[0]?.message.zh).toBe(
      '分区 Z02 两期名称不同（前期“清溪乡 Qingxi (illustrative)”，后期“清溪镇 Qingxi (town)”）：比较中按后期名称显示',
    );
  });

  it('a county that begins to report by zone: the price effect stays price (COMPARE_ZONES_DIFFER)', () => {
    // examples/vep: 2022 without zones; 2023 the same input with one zone Z1 holding both ecosystems. docs/vep.md
    // gives the change without zones: ΔV 16,055,660.36 = volume 14,756,451.89 + mix 0.00 + price 1,291,051.15 +
    // unsplit 8,157.32. Zoned in 2023 only, every 2023 line enters in Z1 and each 2022 line (zone null) leaves; each
    // good is one across zones, so the entering lines are valued at its 2022 unit value: the same split to the fen
    // (before: mix 1,201,397.15 and price 89,653.99).
    const a = read('vep/account-2022.json');
    const input = read('vep/account-input-2023.json') as Json;
    const zoned = {
      ...input,
      zones: [{ id: 'Z1', name: 'whole county', area: { value: '12.4', unit: 'km2' } }],
      ecosystems: (input.ecosystems as Json[]).map((e) => ({ ...e, zone: 'Z1' })),
    };
    const b = account(zoned, { rounding: 'exact' });
    const plain = changeAccounting(a, read('vep/account-2023.json'));
    const r = changeAccounting(a, b);
    expect(r.total).toEqual(plain.total);
    expect(r.total).toMatchObject({ mixEffect: '0.00', priceEffect: '1291051.15' });
    expect(codes(r.warnings)).toContain('COMPARE_ZONES_DIFFER');
    const w = r.warnings.find((x) => x.code === 'COMPARE_ZONES_DIFFER');
    // 2022 in no zone (its lines region-wide), 2023 in Z1
    expect(w?.params).toEqual({ before: '(none)', after: 'Z1' });
    expect(w?.path).toEqual(['b', 'zones']);
    expect(w?.message.zh).toContain('两期的分区不同（前期 （无）；后期 Z1）');
  });

  it('a product renamed between the years is named (COMPARE_ITEMS_UNMATCHED)', () => {
    // input-2021 with 稻谷 Rice written 稻谷: one good leaving, another entering; the comparison names both
    const before = read('jiangxi-county/input.json');
    const after = JSON.parse(
      JSON.stringify(read('jiangxi-county/input-2021.json')).replace('稻谷 Rice', '稻谷'),
    );
    const r = compare(before, after);
    const w = r.warnings.find((x) => x.code === 'COMPARE_ITEMS_UNMATCHED');
    expect(w?.params).toMatchObject({ indicator: 'M1', before: '稻谷 Rice', after: '稻谷' });
    expect(w?.message.en).toContain(
      'if one is the other renamed, its price change is counted as a change of quantity',
    );
    // the example as it is has no such warning
    expect(codes(compare(before, read('jiangxi-county/input-2021.json')).warnings)).not.toContain(
      'COMPARE_ITEMS_UNMATCHED',
    );
  });

  it('products one year, the gross output the next: no volume falls, the lines are unsplit (COMPARE_BASIS_CHANGED)', () => {
    // The example county's agriculture (368,800,000 元 of products in 2020) given in 2021 as the same gross output
    // of 36,880 万元 at 2020 prices: ΔV 0.00 for M1's agriculture lines, and with the rule none of it is volume
    // (before: GEP volume −368,800,000.00 and unsplit +368,800,000.00).
    const before = read('jiangxi-county/input.json') as Json;
    const sectors = before.materialProducts as Json[];
    const after = {
      ...before,
      year: 2021,
      materialProducts: sectors.map((s, i) =>
        i === 0
          ? { sector: s.sector, grossOutput: { value: '36880', unit: 'wan_yuan', priceYear: 2020 } }
          : s,
      ),
    };
    const r = compare(before, after, { baseYear: 2020 });
    expect(codes(r.warnings)).toContain('COMPARE_BASIS_CHANGED');
    const m1 = r.byIndicator.find((i) => i.indicator === 'M1');
    expect(m1?.quantityEffect).toBe('0.00');
    expect(m1?.unsplit).toBe(m1?.change);
    expect(r.warnings.find((x) => x.code === 'COMPARE_BASIS_CHANGED')?.params).toMatchObject({
      indicator: 'M1',
    });
  });
});

describe('the zones’ rows add up to the region’s in every effect', () => {
  const fen = (x: string) => BigInt(x.replace('.', ''));
  const FIELDS = ['v0', 'v1', 'change', 'quantityEffect', 'mixEffect', 'priceEffect', 'unsplit'] as const;
  const addsUp = (r: ReturnType<typeof compare>) => {
    for (const f of FIELDS)
      expect([f, r.byZone.reduce((n, z) => n + fen(z[f]), 0n)]).toEqual([f, fen(r.gep[f])]);
  };
  const gross = (value: string, zone?: string) => ({
    sector: 'agriculture',
    ...(zone === undefined ? {} : { zone }),
    grossOutput: { value, unit: 'wan_yuan', priceYear: 2020 },
  });
  /** The 2020 input with agriculture (its first sector) replaced by `agriculture`, as a 2021 account. */
  const regiven = (agriculture: Json[], base = read('jiangxi-county/input.json') as Json): Json => ({
    ...base,
    year: 2021,
    materialProducts: [...agriculture, ...(base.materialProducts as Json[]).slice(1)],
  });
  const row = (r: ReturnType<typeof compare>, zone: string | null) => {
    const z = r.byZone.find((x) => x.zone === zone);
    return [z?.change, z?.quantityEffect, z?.mixEffect, z?.priceEffect, z?.unsplit];
  };

  it('agriculture as products region-wide, then the same gross output by township: each row unsplit (COMPARE_BASIS_CHANGED)', () => {
    // 2020: rice 52,000 t × 2,600 + vegetables 38,000 t × 3.2 元/kg + oil crops 2,500 t × 7,000 + fruit 2.1 万t × 4,500
    //   = 135,200,000 + 121,600,000 + 17,500,000 + 94,500,000 = 368,800,000.00 元, region-wide.
    // 2021: gross output Z01 12,000 + Z02 14,000 + Z03 10,880 = 36,880 万元 = 368,800,000.00 元. Region: ΔV 0.00,
    //   all of M1's lines unsplit. By zone: region-wide −368,800,000.00, Z01 +120,000,000.00, Z02 +140,000,000.00,
    //   Z03 +108,800,000.00, all unsplit (decomposed zone by zone, the region-wide row was a volume of
    //   −368,800,000.00 against the region's 0.00).
    const before = read('jiangxi-county/input.json') as Json;
    const after = regiven([gross('12000', 'Z01'), gross('14000', 'Z02'), gross('10880', 'Z03')]);
    const r = compare(before, after, { baseYear: 2020 });
    expect(codes(r.warnings)).toContain('COMPARE_BASIS_CHANGED');
    expect(r.gep).toMatchObject({ change: '0.00', quantityEffect: '0.00', unsplit: '0.00' });
    expect(row(r, null)).toEqual(['-368800000.00', '0.00', '0.00', '0.00', '-368800000.00']);
    expect(row(r, 'Z01')).toEqual(['120000000.00', '0.00', '0.00', '0.00', '120000000.00']);
    expect(row(r, 'Z02')).toEqual(['140000000.00', '0.00', '0.00', '0.00', '140000000.00']);
    expect(row(r, 'Z03')).toEqual(['108800000.00', '0.00', '0.00', '0.00', '108800000.00']);
    addsUp(r);
  });

  it('agriculture as products in Z01, then as the gross output in Z02: Z01 −368,800,000.00 and Z02 +368,800,000.00 unsplit', () => {
    const base = read('jiangxi-county/input.json') as Json;
    const [agriculture] = base.materialProducts as Json[];
    const before = {
      ...base,
      materialProducts: [{ ...agriculture, zone: 'Z01' }, ...(base.materialProducts as Json[]).slice(1)],
    };
    const r = compare(before, regiven([gross('36880', 'Z02')]), { baseYear: 2020 });
    expect(codes(r.warnings)).toContain('COMPARE_BASIS_CHANGED');
    expect(row(r, 'Z01')).toEqual(['-368800000.00', '0.00', '0.00', '0.00', '-368800000.00']);
    expect(row(r, 'Z02')).toEqual(['368800000.00', '0.00', '0.00', '0.00', '368800000.00']);
    addsUp(r);
  });

  it('a good moved to a township, or a township added, leaves the other goods’ mix where it is', () => {
    // The example's comparison: C1's 50,160,000.00 of mix (day visits became overnight stays, region-wide lines)
    // is the region-wide row's, beside its volume 45,844,685.82. Hydropower moved from the region-wide line to Z01
    // (tariff 0.33 → 0.40, COMPARE_GOOD_REZONED) takes its 9,800 万kWh × 0.33 = 32,340,000.00 out of that row's
    // volume into Z01's, with its price effect 6,860,000.00 (98,000,000 kWh × 0.07): the row's volume is
    // 45,844,685.82 − 32,340,000.00 = 13,504,685.82 and its mix still 50,160,000.00 (it was 63,664,685.82 and 0.00:
    // every cell's mix went to volume once a good was rezoned).
    const before = read('jiangxi-county/input.json');
    const after = read('jiangxi-county/input-2021.json') as Json;
    const plain = compare(before, after);
    expect(row(plain, null)).toEqual(['102712845.92', '45844685.82', '50160000.00', '6708160.10', '0.00']);
    const [hydro] = after.energy as Json[];
    const moved = {
      ...after,
      energy: [{ ...hydro, zone: 'Z01', tariff: { value: '0.40', unit: 'yuan/kWh', priceYear: 2020 } }],
    };
    const r = compare(before, moved);
    expect(codes(r.warnings)).toContain('COMPARE_GOOD_REZONED');
    expect(row(r, null)).toEqual(['70372845.92', '13504685.82', '50160000.00', '6708160.10', '0.00']);
    addsUp(r);
    // A township Z04 added (5 km² of Z01's broadleaf forest, COMPARE_ZONES_DIFFER): the region-wide row as before.
    const zones = (after.zones as Json[]).map((z) =>
      z.id === 'Z01' ? { ...z, area: { value: '415', unit: 'km2' } } : z,
    );
    const ecosystems = (after.ecosystems as Json[]).flatMap((e, i) =>
      i === 0
        ? [
            { ...e, area: { value: '118', unit: 'km2' } },
            { ...e, zone: 'Z04', area: { value: '5', unit: 'km2' } },
          ]
        : [e],
    );
    const z04 = compare(before, {
      ...after,
      zones: [...zones, { id: 'Z04', name: '新镇 New', area: { value: '5', unit: 'km2' } }],
      ecosystems,
    });
    expect(codes(z04.warnings)).toContain('COMPARE_ZONES_DIFFER');
    expect(row(z04, null)).toEqual(row(plain, null));
    addsUp(z04);
  });
});

describe('an indicator of another category or unit in each year', () => {
  const camellia = (category: string, unit: string, q: string) => ({
    code: 'X1',
    name: { zh: '油茶籽', en: 'Camellia' },
    category,
    unit,
    inputs: { q, p: '9000' },
    physical: 'q',
    value: 'physical * p',
    priceYear: 2020,
  });
  it('each year’s value sits in its own year’s category; the change is unsplit (COMPARE_CATEGORY_DIFFERS, COMPARE_UNIT_DIFFERS)', () => {
    // X1 = q × 9,000: 2020 material, 10 t → 90,000.00 元; 2021 cultural, 12 kg → 108,000.00 元 (2020 prices).
    //   material V₀ = 1,662,778,825.50 + 90,000.00 = 1,662,868,825.50; V₁ = 1,673,386,985.60 (X1 gone: unsplit −90,000.00)
    //   cultural V₀ = 1,760,000,000.00; V₁ = 1,852,400,000.00 + 108,000.00 = 1,852,508,000.00, the 2021 account's
    //     cultural total (X1 entering: unsplit +108,000.00); X1: ΔV 18,000.00, all unsplit
    //   (the earlier year's category held both: material V₁ 1,673,494,985.60, cultural V₁ 1,852,400,000.00)
    const before = {
      ...(read('jiangxi-county/input.json') as Json),
      customIndicators: [camellia('material', 't', '10')],
    };
    const after = {
      ...(read('jiangxi-county/input-2021.json') as Json),
      customIndicators: [camellia('cultural', 'kg', '12')],
    };
    const r = compare(before, after);
    const cat = (c: string) => r.byCategory.find((x) => x.category === c);
    expect(cat('material')).toMatchObject({ v0: '1662868825.50', v1: '1673386985.60', unsplit: '-90000.00' });
    expect(cat('cultural')).toMatchObject({ v0: '1760000000.00', v1: '1852508000.00', unsplit: '108000.00' });
    expect(r.byIndicator.find((i) => i.indicator === 'X1')).toMatchObject({
      category: 'cultural',
      change: '18000.00',
      quantityEffect: '0.00',
      priceEffect: '0.00',
      unsplit: '18000.00',
    });
    const fen = (x: string) => BigInt(x.replace('.', ''));
    for (const f of ['v0', 'v1', 'change', 'quantityEffect', 'mixEffect', 'priceEffect', 'unsplit'] as const)
      expect(r.byCategory.reduce((n, c) => n + fen(c[f]), 0n)).toBe(fen(r.gep[f]));
    const w = r.warnings.filter(
      (x) => x.code === 'COMPARE_CATEGORY_DIFFERS' || x.code === 'COMPARE_UNIT_DIFFERS',
    );
    expect(w.map((x) => [x.code, x.path, x.params])).toEqual([
      [
        'COMPARE_CATEGORY_DIFFERS',
        ['after', 'customIndicators', 0, 'category'],
        { indicator: 'X1', before: 'material', after: 'cultural' },
      ],
      [
        'COMPARE_UNIT_DIFFERS',
        ['after', 'customIndicators', 0, 'unit'],
        { indicator: 'X1', before: 't', after: 'kg' },
      ],
    ]);
    expect(w[0]?.message.zh).toBe(
      '指标 X1 两期所属类别不同（前期 物质产品 material，后期 文化服务 cultural）：各期价值计入本期的类别，其变化全部计为未分解部分',
    );
  });

  it('a unit changed alone is warned; its quantities are converted (12 kg = 0.012 t)', () => {
    // X1 material both years: 10 t × 9,000 = 90,000.00; 12 kg × 9,000 = 108,000.00.
    //   line: q₁ = 0.012 t, p₀ = 9,000 元/t: QE = [0.012 × 9,000] − 90,000.00 = 108.00 − 90,000.00 = −89,892.00;
    //   PE = 108,000.00 − 108.00 = 107,892.00: the unit value "rose" a thousandfold, which the warning questions
    const before = {
      ...(read('jiangxi-county/input.json') as Json),
      customIndicators: [camellia('material', 't', '10')],
    };
    const after = {
      ...(read('jiangxi-county/input-2021.json') as Json),
      customIndicators: [camellia('material', 'kg', '12')],
    };
    const r = compare(before, after);
    expect(r.byIndicator.find((i) => i.indicator === 'X1')).toMatchObject({
      category: 'material',
      quantityEffect: '-89892.00',
      priceEffect: '107892.00',
      unsplit: '0.00',
    });
    expect(codes(r.warnings)).toContain('COMPARE_UNIT_DIFFERS');
    expect(codes(r.warnings)).not.toContain('COMPARE_CATEGORY_DIFFERS');
  });
});
