import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { coef, forestInput, price, run, zonedInput } from '../../../test/forestry-support';

const NA = 'nutrient-accumulation/forestry@1';
const F = 'forest.broadleaf'; // 100 hm², B = 10 t d.m./(hm²·a)
const records = [
  coef('lyt.tree_nitrogen_content', '0.005', 'one', F),
  coef('lyt.tree_phosphorus_content', '0.001', 'one', F),
  coef('lyt.tree_potassium_content', '0.003', 'one', F),
  price('lyt.fertiliser.dap.price', '2400', 'yuan/t'), // C₁
  coef('lyt.fertiliser.dap.n_content', '0.16', 'one'), // R₁
  coef('lyt.fertiliser.dap.p_content', '0.2', 'one'), // R₂
  price('lyt.fertiliser.kcl.price', '2200', 'yuan/t'), // C₂
  coef('lyt.fertiliser.kcl.k_content', '0.5', 'one'), // R₃
  price('lyt.fertiliser.organic_matter.price', '320', 'yuan/t'), // C₃ (must not be read)
];

describe('林木积累营养物质 nutrient accumulation (nutrient-accumulation/forestry@1)', () => {
  it('G_k = A × k × B, U = A × B × (N C₁/R₁ + P C₁/R₂ + K C₂/R₃), by hand', () => {
    // A × B = 100 × 10 = 1000 t d.m.; G_N = 5 t, G_P = 1 t, G_K = 3 t (no total: N, P, K are different substances)
    // U_N = 5 × 2400 / 0.16 = 75 000; U_P = 1 × 2400 / 0.2 = 12 000; U_K = 3 × 2200 / 0.5 = 13 200 元
    // U = 100 200 元 = 1000 × (75 + 12 + 13.2)
    const { ind } = run('R8', NA, records);
    expect(ind.subItems.map((s) => [s.key, s.physical?.value, s.value.current])).toEqual([
      ['n', '5', '75000'],
      ['p', '1', '12000'],
      ['k', '3', '13200'],
    ]);
    expect(ind.physical).toBeNull();
    expect(ind.value.current).toBe('100200');
    expect(ind.coefficients.some((c) => c.includes('organic_matter'))).toBe(false);
  });

  it('regression: K at C₂/R₃, not C₃/R₃ (which gives 1920 元 for K and 88 920 元 in all)', () => {
    // K: 3 t × 2200 / 0.5 = 13 200 元; the bug 3 × 320 / 0.5 = 1920 元
    const { ind } = run('R8', NA, records);
    expect(ind.subItems.find((s) => s.key === 'k')?.value.current).toBe('13200');
  });

  it('needs NPP (B) for each row', () => {
    const input = forestInput();
    input.productivity = [{ ecosystem: 'shrub', npp: { value: '5', unit: 't_DM_per_hm2_a' } }];
    const err = errorOf(() => run('R8', NA, records, { input }));
    expect(err.code).toBe('SPATIAL_INPUT_MISSING');
    expect(err.path).toEqual(['ecosystems', 0]);
  });

  it('NPP in g d.m./(m²·a) is converted: 1000 g/(m²·a) = 10 t/(hm²·a)', () => {
    const input = forestInput();
    input.productivity = [{ ecosystem: F, npp: { value: '1000', unit: 'g_DM_per_m2_a' } }];
    expect(run('R8', NA, records, { input }).ind.value.current).toBe('100200');
  });

  it('is accounted when some productivity record has an NPP, refused as missing input when none has', () => {
    // a shrub record with NEP only beside the broadleaf NPP: the same 100 200 元
    const some = forestInput();
    some.productivity = [
      { ecosystem: F, npp: { value: '10', unit: 't_DM_per_hm2_a' } },
      { ecosystem: 'shrub', nep: { value: '1.5', unit: 't_C_per_hm2_a' } },
    ];
    expect(run('R8', NA, records, { input: some }).ind.value.current).toBe('100200');
    const none = forestInput();
    none.productivity = [{ ecosystem: F, nep: { value: '3', unit: 't_C_per_hm2_a' } }];
    const err = errorOf(() => run('R8', NA, records, { input: none }));
    // the NPP is what is missing (as for R6's vegetation part), not the ecosystem rows
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['productivity'], { indicator: 'R8', field: 'productivity[].npp' }],
    ]);
  });

  it("a line carries its row's type and zone, the nutrient's price label and every term", () => {
    // N: A × B = 100 × 10 = 1000 t d.m., content 0.005; priced at 2400 ÷ 0.16
    const line = run('R8', NA, records, { input: zonedInput(), switches: { nutrients: ['n'] } }).ind.lines[0];
    expect([line?.subItem, line?.ecosystem, line?.zone, line?.valuations[0]?.label]).toEqual([
      'n',
      'forest.broadleaf',
      'N',
      'N at C₁/R₁ (lyt.fertiliser.dap.price ÷ lyt.fertiliser.dap.n_content = 2400 ÷ 0.16)',
    ]);
    expect(line?.terms).toEqual({
      A: '100 hm²',
      B: '10 t d.m./(hm²·a) (productivity[0].npp)',
      'A×B': '1000 t d.m.',
      content: '0.005 (lyt.tree_nitrogen_content)',
    });
  });
});
