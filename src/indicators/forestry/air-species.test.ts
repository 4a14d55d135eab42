import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { coef, price, run, zonedInput } from '../../../test/forestry-support';

const AP = 'air-purification/forestry@1';
const SC = 'species-conservation/forestry@1';
const F = 'forest.broadleaf'; // 100 hm²

describe('吸收污染物 / 滞尘 air purification (air-purification/forestry@1)', () => {
  const records = [
    coef('purification.air.so2', '100', 'kg_per_hm2_a', F),
    coef('purification.air.fluoride', '5', 'kg_per_hm2_a', F),
    coef('purification.air.nox', '6', 'kg_per_hm2_a', F),
    coef('purification.air.dust', '20', 't_per_hm2_a', F),
    price('price.treatment.so2', '1.20', 'yuan/kg'),
    price('price.treatment.fluoride', '0.69', 'yuan/kg'),
    price('price.treatment.nox', '0.63', 'yuan/kg'),
    price('price.treatment.dust', '0.15', 'yuan/kg'),
  ];

  it('G_k = Q_k × A, U_k = K_k × Q_k × A, by hand, no emission cap', () => {
    // SO₂ 100 kg × 100 hm² = 10 t × 1.20 元/kg = 12 000 元; fluoride 0.5 t × 0.69 = 345 元;
    // NOx 0.6 t × 0.63 = 378 元; dust 20 t × 100 = 2000 t × 0.15 元/kg = 300 000 元
    // U = 312 723 元 (tinyInput emits 95 t SO₂: not a cap here); no physical total: SO₂, fluoride, NOx and dust
    // are different substances (10 + 0.5 + 0.6 + 2000 t is not 2011.1 t of anything)
    const { ind } = run('R5', AP, records);
    expect(ind.subItems.map((s) => [s.key, s.physical?.value, s.value.current])).toEqual([
      ['so2', '10', '12000'],
      ['fluoride', '0.5', '345'],
      ['nox', '0.6', '378'],
      ['dust', '2000', '300000'],
    ]);
    expect(ind.physical).toBeNull();
    expect(ind.value.current).toBe('312723');
  });

  it('pollutants by switch; a missing uptake rate is named', () => {
    expect(run('R5', AP, records, { switches: { pollutants: ['so2'] } }).ind.value.current).toBe('12000');
    const err = errorOf(() => run('R5', AP, records.slice(1)));
    expect(err.message).toContain('purification.air.so2');
  });

  it("a line carries its row's type and zone, the pollutant's cost label, A and Q", () => {
    // SO₂: Q = 100 kg/(hm²·a) = 0.1 t/(hm²·a), A = 100 hm²
    const { ind } = run('R5', AP, records, { input: zonedInput(), switches: { pollutants: ['so2'] } });
    const line = ind.lines[0];
    expect([line?.ecosystem, line?.zone, line?.valuations[0]?.label]).toEqual([
      'forest.broadleaf',
      'N',
      'so2 treatment cost (K_k)',
    ]);
    expect(line?.terms).toEqual({ A: '100 hm²', Q: '0.1 t/(hm²·a)' });
  });
});

describe('物种保育 species conservation (species-conservation/forestry@1)', () => {
  const records = [
    coef('lyt.shannon_class', '4', 'one', F),
    price('lyt.shannon_value.4', '20000', 'yuan/hm2'),
    price('lyt.shannon_value.5', '30000', 'yuan/hm2'),
  ];

  it('U = S × A with S the value of the type’s Shannon–Wiener class, by hand', () => {
    // class 4 → S = 20 000 元/(hm²·a); U = 20 000 × 100 hm² = 2 000 000 元; no physical quantity
    const { ind } = run('R9', SC, records);
    expect(ind.physical).toBeNull();
    expect(ind.lines[0]?.terms).toMatchObject({ class: '4', S: 'lyt.shannon_value.4' });
    expect(ind.value.current).toBe('2000000');
  });

  it('the class must be a whole number ≥ 1, and its value must exist', () => {
    const half = [coef('lyt.shannon_class', '4.5', 'one', F), ...records.slice(1)];
    const err45 = errorOf(() => run('R9', SC, half));
    expect([err45.code, err45.path, err45.issues[0]?.params]).toEqual([
      'VALUE_OUT_OF_RANGE',
      ['ecosystems', 0],
      {
        what: 'lyt.shannon_class of forest.broadleaf (a whole class number)',
        min: '1',
        max: 'the highest class of the lyt.shannon_value table',
        value: '4.5',
      },
    ]);
    const six = [coef('lyt.shannon_class', '6', 'one', F), ...records.slice(1)];
    const err = errorOf(() => run('R9', SC, six));
    expect(err.code).toBe('COEFFICIENT_MISSING');
    expect(err.message).toContain('lyt.shannon_value.6');
  });

  it("a line carries its row's type and zone, the class's label, A, the class and its key", () => {
    const line = run('R9', SC, records, { input: zonedInput() }).ind.lines[0];
    expect([line?.ecosystem, line?.zone, line?.valuations[0]?.label]).toEqual([
      'forest.broadleaf',
      'N',
      'value of Shannon–Wiener class 4 (S) × area',
    ]);
    expect(line?.terms).toEqual({ A: '100 hm²', class: '4', S: 'lyt.shannon_value.4' });
  });
});
