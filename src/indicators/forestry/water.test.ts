import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { atPriceYear, coef, forestInput, price, run, zonedInput } from '../../../test/forestry-support';

const WR = 'water-regulation/forestry@1';
const WP = 'water-purification/forestry@1';
// forest.broadleaf 100 hm²; tinyInput climate: P = 1800 mm (region), E = 800 mm (forest), 700 mm (shrub)
const base = [
  coef('lyt.runoff_depth', '200', 'mm', 'forest.broadleaf'),
  price('price.reservoir_storage', '6', 'yuan/m3'),
  price('lyt.water_purification_cost', '2.5', 'yuan/t'),
];

describe('调节水量 water regulation (water-regulation/forestry@1)', () => {
  it('G = 10 × A × (P − E − C), U = 10 × C_res × A × (P − E − C), by hand', () => {
    // P − E − C = 1800 − 800 − 200 = 800 mm; G = 10 × 100 hm² × 800 mm = 800 000 m³
    // U = 800 000 m³ × 6 元/m³ = 4 800 000 元 (2020 prices, the accounting year: no deflation)
    // shrub is outside the default groups (forest): no line
    const { ind } = run('R1', WR, base);
    expect(ind.method).toBe(WR);
    expect(ind.physical).toEqual({ value: '800000', unit: 'm3', symbol: 'm³' });
    expect(ind.lines).toHaveLength(1);
    expect(ind.lines[0]?.terms).toMatchObject({
      A: '100 hm²',
      P: '1800 mm',
      E: '800 mm',
      C: '200 mm',
      'P-E-C': '800 mm',
    });
    expect(ind.value.current).toBe('4800000');
  });

  it('C from P × the runoff coefficient when runoff = "coefficient"', () => {
    // C = 1800 × 0.1 = 180 mm; P − E − C = 820 mm; G = 10 × 100 × 820 = 820 000 m³; U = 4 920 000 元
    const { ind } = run('R1', WR, [...base, coef('runoff.coefficient', '0.1', 'one', 'forest.broadleaf')], {
      switches: { runoff: 'coefficient' },
    });
    expect(ind.physical?.value).toBe('820000');
    expect(ind.value.current).toBe('4920000');
  });

  it('regression: (P − E − C), not (P − C − C)', () => {
    // right: 1800 − 800 − 200 = 800 mm → 800 000 m³; the bug 1800 − 200 − 200 = 1400 mm → 1 400 000 m³.
    // E must enter: raising E by 100 mm lowers G by 10 × 100 × 100 = 100 000 m³ (the bug would not move).
    expect(run('R1', WR, base).ind.physical?.value).toBe('800000');
    const input = forestInput();
    (input.climate as Record<string, unknown>[])[1]!.evapotranspiration = { value: '900', unit: 'mm' };
    expect(run('R1', WR, base, { input }).ind.physical?.value).toBe('700000');
  });

  it('a negative P − E − C is zero with a warning by default, kept or refused by switch', () => {
    // E = 1700: 1800 − 1700 − 200 = −100 mm → 0 (zero), −100 000 m³ (keep), refused (refuse)
    const input = forestInput();
    (input.climate as Record<string, unknown>[])[1]!.evapotranspiration = { value: '1700', unit: 'mm' };
    const zero = run('R1', WR, base, { input }).ind;
    expect(zero.physical?.value).toBe('0');
    expect(zero.warnings.map((w) => w.code)).toEqual(['NEGATIVE_TERM']);
    expect(run('R1', WR, base, { input, switches: { negativeTerms: 'keep' } }).ind.physical?.value).toBe(
      '-100000',
    );
    expect(errorOf(() => run('R1', WR, base, { input, switches: { negativeTerms: 'refuse' } })).code).toBe(
      'NEGATIVE_TERM_REFUSED',
    );
  });

  it('every row of the groups needs its runoff depth (listed together)', () => {
    const err = errorOf(() => run('R1', WR, base, { switches: { groups: ['forest', 'shrub'] } }));
    expect(err.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['COEFFICIENT_MISSING', 'ecosystems.1'],
    ]);
    expect(err.message).toContain('lyt.runoff_depth');
  });

  it("a line carries its row's type and zone and the reservoir cost's label", () => {
    // the same 800 000 m³ and 4 800 000 元 in zone N (the region's climate records apply there)
    const { ind } = run('R1', WR, base, { input: zonedInput() });
    const line = ind.lines[0];
    expect([line?.ecosystem, line?.zone, line?.valuations[0]?.label]).toEqual([
      'forest.broadleaf',
      'N',
      'reservoir construction cost (C_res)',
    ]);
    expect(ind.value.current).toBe('4800000');
  });
});

describe('净化水质 water purification (water-purification/forestry@1)', () => {
  it('G as water regulation, U = 10 × K × A × (P − E − C), K per t of water, by hand', () => {
    // G = 800 000 m³ = 800 000 t of water; U = 800 000 × 2.5 元/t = 2 000 000 元
    const { ind } = run('R4', WP, base);
    expect(ind.physical?.value).toBe('800000');
    expect(ind.lines[0]?.valuations[0]?.quantity).toEqual({ value: '800000', unit: 't', symbol: 't' });
    expect(atPriceYear(ind)).toBe('2000000');
  });

  it('K per m³ is applied to the volume; K per anything else is refused', () => {
    const perM3 = [...base.slice(0, 2), price('lyt.water_purification_cost', '2.5', 'yuan/m3')];
    expect(atPriceYear(run('R4', WP, perM3).ind)).toBe('2000000');
    const perKWh = [...base.slice(0, 2), price('lyt.water_purification_cost', '2.5', 'yuan/kWh')];
    const err = errorOf(() => run('R4', WP, perKWh));
    expect([err.code, err.path, err.issues[0]?.params]).toEqual([
      'COEFFICIENT_UNIT_MISMATCH',
      ['ecosystems', 0],
      { key: 'lyt.water_purification_cost', actual: 'yuan/kWh', expected: 'money per t or per m³ of water' },
    ]);
  });

  it("a line carries its row's type and zone; the label says how K was applied", () => {
    const perT = run('R4', WP, base, { input: zonedInput() }).ind.lines[0];
    expect([perT?.ecosystem, perT?.zone, perT?.valuations[0]?.label]).toEqual([
      'forest.broadleaf',
      'N',
      'water purification cost (K), water at 1 t/m³',
    ]);
    const perM3 = [...base.slice(0, 2), price('lyt.water_purification_cost', '2.5', 'yuan/m3')];
    expect(run('R4', WP, perM3).ind.lines[0]?.valuations[0]?.label).toBe('water purification cost (K)');
  });

  it('regression: (P − E − C), not (P − C − C), in the value too', () => {
    // right: 2 000 000 元; the bug: 1 400 000 m³ × 2.5 = 3 500 000 元
    expect(run('R4', WP, base).ind.value.current).toBe('2000000');
  });
});
