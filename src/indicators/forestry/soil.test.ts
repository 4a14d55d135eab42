import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { atPriceYear, coef, price, run, zonedInput } from '../../../test/forestry-support';

const SF = 'soil-fixation/forestry@1';
const FE = 'soil-fertility/forestry@1';
const F = 'forest.broadleaf'; // 100 hm²
const erosion = [
  coef('lyt.erosion_modulus.unforested', '30', 't_per_hm2_a', F), // X₂, without forest
  coef('lyt.erosion_modulus.forested', '5', 't_per_hm2_a', F), // X₁, with forest
];
const fixation = [
  ...erosion,
  coef('soil.bulk_density', '1.25', 't_per_m3'),
  price('lyt.soil_earthwork_cost', '12.6', 'yuan/m3'),
];
const fertiliser = [
  price('lyt.fertiliser.dap.price', '2400', 'yuan/t'), // C₁
  coef('lyt.fertiliser.dap.n_content', '0.16', 'one'), // R₁
  coef('lyt.fertiliser.dap.p_content', '0.2', 'one'), // R₂
  price('lyt.fertiliser.kcl.price', '2200', 'yuan/t'), // C₂
  coef('lyt.fertiliser.kcl.k_content', '0.5', 'one'), // R₃
  price('lyt.fertiliser.organic_matter.price', '320', 'yuan/t'), // C₃
];
const fertility = [
  ...erosion,
  ...fertiliser,
  coef('soil.nitrogen_content', '0.002', 'one', F),
  coef('soil.phosphorus_content', '0.0008', 'one', F),
  coef('soil.potassium_content', '0.02', 'one', F),
  coef('soil.organic_matter_content', '0.04', 'one', F),
];

describe('固土 soil fixation (soil-fixation/forestry@1)', () => {
  it('G = A × (X₂ − X₁), U = A × C_soil × (X₂ − X₁) / ρ, by hand', () => {
    // X₂ − X₁ = 30 − 5 = 25 t/(hm²·a); G = 100 hm² × 25 = 2500 t
    // G / ρ = 2500 / 1.25 = 2000 m³; U = 2000 × 12.6 元/m³ = 25 200 元
    const { ind } = run('R2', SF, fixation);
    expect(ind.physical).toEqual({ value: '2500', unit: 't', symbol: 't' });
    expect(ind.lines[0]?.terms).toMatchObject({
      X2: '30 t/(hm²·a)',
      X1: '5 t/(hm²·a)',
      'X2-X1': '25 t/(hm²·a)',
    });
    expect(ind.lines[0]?.valuations[0]?.quantity).toEqual({ value: '2000', unit: 'm3', symbol: 'm³' });
    expect(ind.value.current).toBe('25200');
  });

  it('regression: the value divides by ρ (a missing /ρ gives 31 500 元, not 25 200 元)', () => {
    // without /ρ: 2500 t × 12.6 = 31 500; with ρ = 1.25: 25 200. Doubling ρ halves U: ρ = 2.5 → 12 600 元
    expect(run('R2', SF, fixation).ind.value.current).toBe('25200');
    const denser = [
      ...fixation.filter((r) => r.key !== 'soil.bulk_density'),
      coef('soil.bulk_density', '2.5', 't_per_m3'),
    ];
    expect(run('R2', SF, denser).ind.value.current).toBe('12600');
  });

  it('regression: no extra × 10 (an extra × 10 gives 25 000 t and 252 000 元)', () => {
    // A in hm² times a rate per hm² is already t: 100 × 25 = 2500 t, not 25 000 t; U 25 200 元, not 252 000 元
    const { ind } = run('R2', SF, fixation);
    expect(ind.physical?.value).toBe('2500');
    expect(ind.value.current).toBe('25200');
  });

  it('regression: (X₂ − X₁), not (X₁ − X₂); swapped moduli are refused by default', () => {
    // the code subtracts X₁ (with forest) from X₂ (without): +2500 t above. The opposite sign would give
    // 5 − 30 = −25 → −2500 t and −25 200 元. Moduli entered the wrong way round (X₂ = 5, X₁ = 30) are refused.
    const swapped = [
      coef('lyt.erosion_modulus.unforested', '5', 't_per_hm2_a', F),
      coef('lyt.erosion_modulus.forested', '30', 't_per_hm2_a', F),
      ...fixation.slice(2),
    ];
    const err = errorOf(() => run('R2', SF, swapped));
    expect(err.code).toBe('NEGATIVE_TERM_REFUSED');
    expect(err.message).toContain('-25 t/(hm²·a)');
    // kept knowingly: −2500 t, with a warning
    const kept = run('R2', SF, swapped, { switches: { negativeTerms: 'keep' } }).ind;
    expect(kept.physical?.value).toBe('-2500');
    expect(kept.warnings.map((w) => w.code)).toEqual(['NEGATIVE_TERM']);
  });

  it('takes X₂ − X₁ directly with erosion = "difference"', () => {
    const diff = [coef('lyt.erosion_difference', '25', 't_per_hm2_a', F), ...fixation.slice(2)];
    const { ind } = run('R2', SF, diff, { switches: { erosion: 'difference' } });
    expect(ind.physical?.value).toBe('2500');
    expect(ind.value.current).toBe('25200');
    const negative = [coef('lyt.erosion_difference', '-25', 't_per_hm2_a', F), ...fixation.slice(2)];
    expect(errorOf(() => run('R2', SF, negative, { switches: { erosion: 'difference' } })).code).toBe(
      'NEGATIVE_TERM_REFUSED',
    );
  });

  it('names each missing coefficient', () => {
    const err = errorOf(() => run('R2', SF, fixation.slice(0, 3)));
    expect(err.code).toBe('COEFFICIENT_MISSING');
    expect(err.message).toContain('lyt.soil_earthwork_cost');
  });

  it('a bulk density of 0 is refused with VALUE_NOT_POSITIVE at the row', () => {
    const zero = [
      ...fixation.filter((r) => r.key !== 'soil.bulk_density'),
      coef('soil.bulk_density', '0', 't_per_m3'),
    ];
    const err = errorOf(() => run('R2', SF, zero));
    expect([err.code, err.path, err.issues[0]?.params]).toEqual([
      'VALUE_NOT_POSITIVE',
      ['ecosystems', 0],
      { what: 'soil.bulk_density', value: '0' },
    ]);
  });

  it("a line carries its row's type and zone, the earthwork label and every term", () => {
    // 2500 t / 1.25 t/m³ = 2000 m³ of earthwork
    const line = run('R2', SF, fixation, { input: zonedInput() }).ind.lines[0];
    expect([line?.ecosystem, line?.zone, line?.valuations[0]?.label]).toEqual([
      'forest.broadleaf',
      'N',
      'earthwork cost (C_soil) on G / ρ',
    ]);
    expect(line?.terms).toEqual({
      A: '100 hm²',
      X2: '30 t/(hm²·a)',
      X1: '5 t/(hm²·a)',
      'X2-X1': '25 t/(hm²·a)',
      rho: '1.25 t/m³',
      'G/rho': '2000 m³',
    });
  });
});

describe('保肥 soil fertility (soil-fertility/forestry@1)', () => {
  it('G_k = A × k × (X₂ − X₁), U = A × (X₂ − X₁) × (N C₁/R₁ + P C₁/R₂ + K C₂/R₃ + M C₃), by hand', () => {
    // A × (X₂ − X₁) = 100 × 25 = 2500 t of soil
    // G_N = 2500 × 0.002 = 5 t; G_P = 2500 × 0.0008 = 2 t; G_K = 2500 × 0.02 = 50 t; G_M = 2500 × 0.04 = 100 t
    // C₁/R₁ = 2400 / 0.16 = 15 000 元/t N → 75 000 元; C₁/R₂ = 2400 / 0.2 = 12 000 元/t P → 24 000 元
    // C₂/R₃ = 2200 / 0.5 = 4400 元/t K → 220 000 元; C₃ = 320 元/t M → 32 000 元
    // U = 351 000 元 = 2500 × (30 + 9.6 + 88 + 12.8) = 2500 × 140.4
    const { ind } = run('R2', FE, fertility);
    expect(ind.subItems.map((s) => [s.key, s.physical?.value, s.value.current])).toEqual([
      ['n', '5', '75000'],
      ['p', '2', '24000'],
      ['k', '50', '220000'],
      ['om', '100', '32000'],
    ]);
    // No physical total: N, P, K and organic matter are different substances (5 + 2 + 50 + 100 t is not 157 t).
    expect(ind.physical).toBeNull();
    expect(ind.value.current).toBe('351000');
  });

  it('regression: K is priced at C₂/R₃, not C₃/R₃ (which gives 32 000 元 for K, 163 000 元 in all)', () => {
    // K: 50 t × 2200 / 0.5 = 220 000 元; with C₃ (320) for K: 50 × 320 / 0.5 = 32 000 元
    const { ind } = run('R2', FE, fertility);
    expect(ind.subItems.find((s) => s.key === 'k')?.value.current).toBe('220000');
    expect(ind.lines.find((l) => l.subItem === 'k')?.valuations[0]?.price?.value).toBe('4400');
    // changing C₃ moves only the organic-matter value
    const om = run('R2', FE, [
      ...fertility.filter((r) => r.key !== 'lyt.fertiliser.organic_matter.price'),
      price('lyt.fertiliser.organic_matter.price', '640', 'yuan/t'),
    ]).ind;
    expect(om.subItems.map((s) => s.value.current)).toEqual(['75000', '24000', '220000', '64000']);
  });

  it('regression: (X₂ − X₁) sign, shared with soil fixation: swapped moduli are refused', () => {
    const swapped = [
      coef('lyt.erosion_modulus.unforested', '5', 't_per_hm2_a', F),
      coef('lyt.erosion_modulus.forested', '30', 't_per_hm2_a', F),
      ...fertility.slice(2),
    ];
    expect(errorOf(() => run('R2', FE, swapped)).code).toBe('NEGATIVE_TERM_REFUSED');
  });

  it('nutrients by switch; a zero fertiliser content is refused', () => {
    // N and P only: 75 000 + 24 000 = 99 000 元
    expect(run('R2', FE, fertility, { switches: { nutrients: ['n', 'p'] } }).ind.value.current).toBe('99000');
    const zero = [
      ...fertility.filter((r) => r.key !== 'lyt.fertiliser.dap.n_content'),
      coef('lyt.fertiliser.dap.n_content', '0', 'one'),
    ];
    expect(errorOf(() => run('R2', FE, zero)).code).toBe('VALUE_NOT_POSITIVE');
  });

  it('U at its price year matches the closed form', () => {
    expect(atPriceYear(run('R2', FE, fertility).ind)).toBe('351000');
  });

  it("a line carries its row's type and zone, the nutrient's price label and every term", () => {
    // N: soil 100 hm² × 25 t/(hm²·a) = 2500 t, content 0.002; priced at 2400 ÷ 0.16
    const line = run('R2', FE, fertility, { input: zonedInput(), switches: { nutrients: ['n'] } }).ind
      .lines[0];
    expect([line?.subItem, line?.ecosystem, line?.zone, line?.valuations[0]?.label]).toEqual([
      'n',
      'forest.broadleaf',
      'N',
      'N at C₁/R₁ (lyt.fertiliser.dap.price ÷ lyt.fertiliser.dap.n_content = 2400 ÷ 0.16)',
    ]);
    expect(line?.terms).toEqual({
      A: '100 hm²',
      X2: '30 t/(hm²·a)',
      X1: '5 t/(hm²·a)',
      'X2-X1': '25 t/(hm²·a)',
      soil: '2500 t',
      content: '0.002 (soil.nitrogen_content)',
    });
  });
});
