import { describe, expect, it } from 'vitest';
import { dec } from '../../src/core/decimal';
import { afforestationEligibility } from '../../src/carbon/forestry/eligibility';
import { treeBiomass, treeCarbonStock } from '../../src/carbon/forestry/biomass';
import { netRemovals, standSink, stockDifference } from '../../src/carbon/forestry/change';
import { shrubCarbonStock, shrubDefaultsTable } from '../../src/carbon/forestry/shrub';
import { CoefficientSet, loadCoefficientTable } from '../../src/coefficients/registry';
import { errorOf } from './helpers';
import { aggregateToTonnes } from '../../src/carbon/ledger/aggregate';
import { residentialSaving } from '../../src/carbon/methods/electricity';
import { pvReduction } from '../../src/carbon/methods/pv';
import { creditGrams, netReduction } from '../../src/carbon/methods/reduction';
import {
  carpool,
  factorReduction,
  perTripReduction,
  regionalTravel,
  stepsToKm,
} from '../../src/carbon/methods/travel';
import { gramsPerBase, parseFactorUnit } from '../../src/carbon/activity-units';

const t = (v: string) => ({ value: dec(v), unit: 't_CO2' as const });

describe('reduction core: ER = BE − PE − LE, never negative, integer grams truncated', () => {
  it('truncates toward zero', () => {
    // 1000 − 420.7 − 0 = 579.3 g → 579 g credited
    const r = netReduction(dec(1000), dec('420.7'));
    expect(r.exact.toFixed()).toBe('579.3');
    expect(r.grams).toBe(579n);
    expect(r.negative).toBeUndefined();
  });
  it('records a negative result as zero reduction with the value kept', () => {
    // 400 − 500 − 10 = −110 g → 0 g credited, negative −110 recorded
    const r = netReduction(dec(400), dec(500), dec(10));
    expect(r.grams).toBe(0n);
    expect(r.negative?.toFixed()).toBe('-110');
  });
  it('zero is not negative', () => {
    expect(creditGrams(dec(0))).toMatchObject({ grams: 0n });
    expect(creditGrams(dec(0)).negative).toBeUndefined();
  });
});

describe('factor units', () => {
  it('converts kg/kWh, t/MWh, kg/trip and g/pkm exactly to grams per base unit', () => {
    // 0.5366 kg/kWh = 536.6 g/kWh; 0.42 t/MWh = 420000 g / 1000 kWh = 420 g/kWh
    expect(gramsPerBase(dec('0.5366'), parseFactorUnit('kg_CO2/kWh')!).toFixed()).toBe('536.6');
    expect(gramsPerBase(dec('0.42'), parseFactorUnit('t_CO2/MWh')!).toFixed()).toBe('420');
    // 0.5155 kg/trip = 515.5 g/ride; 46.7 g/pkm = 46.7 g/km (one person)
    expect(gramsPerBase(dec('0.5155'), parseFactorUnit('kg_CO2/trip')!).toFixed()).toBe('515.5');
    expect(gramsPerBase(dec('46.7'), parseFactorUnit('g_CO2/pkm')!).toFixed()).toBe('46.7');
    // per metre: 0.05 g/m = 50 g/km
    expect(gramsPerBase(dec('0.05'), parseFactorUnit('g_CO2/m')!).toFixed()).toBe('50');
    expect(parseFactorUnit('yuan/kWh')).toBeUndefined();
    expect(parseFactorUnit('kg_CO2/parsec')).toBeUndefined();
  });
});

describe('low-carbon travel', () => {
  it('per trip: (EF_baseline − EF_mode) × d', () => {
    // (135 − 40) g/pkm × 5 km = 95 × 5 = 475 g
    expect(perTripReduction(dec(135), dec(40), dec(5)).toFixed()).toBe('475');
  });
  it('published reduction factor × distance or rides', () => {
    // Shenzhen metro 46.7 g/pkm × 12.4 km = 579.08 g
    expect(factorReduction(dec('46.7'), dec('12.4')).toFixed()).toBe('579.08');
    // Wuhan bus 150 g/ride × 1 ride = 150 g
    expect(factorReduction(dec(150), dec(1)).toFixed()).toBe('150');
  });
  it('regional DB11/T 3043 form: BE = Σ EF_i × BD_i, PE = Σ EF_k × PD_k', () => {
    // BE = 200 × 10 = 2000; PE = 60 × 6 + 30 × 4 = 360 + 120 = 480; ER = 1520
    const { be, pe } = regionalTravel(
      [{ ef: dec(200), distanceKm: dec(10) }],
      [
        { ef: dec(60), distanceKm: dec(6) },
        { ef: dec(30), distanceKm: dec(4) },
      ],
    );
    expect([be.toFixed(), pe.toFixed()]).toEqual(['2000', '480']);
    expect(netReduction(be, pe).grams).toBe(1520n);
  });
  it('carpooling: ER = BE − (PE_car + PE_sys)', () => {
    // BE = 2 × 150 × 10 = 3000; PE_car = 180 × 10 × 1.2 = 2160; PE_sys = 5; ER = 3000 − 2165 = 835
    const r = carpool({
      passengers: dec(2),
      distanceKm: dec(10),
      efBaseline: dec(150),
      efCar: dec(180),
      detour: dec('1.2'),
      peSystem: dec(5),
    });
    expect([r.be.toFixed(), r.peCar.toFixed(), r.peSys.toFixed()]).toEqual(['3000', '2160', '5']);
    expect(netReduction(r.be, r.peCar.plus(r.peSys)).grams).toBe(835n);
  });
  it('steps → km with a stated step length', () => {
    // 8650 steps × 0.7 m = 6055 m = 6.055 km
    expect(stepsToKm(dec(8650), dec('0.7')).toFixed()).toBe('6.055');
  });
});

describe('residential electricity saving', () => {
  const ef = dec('536.6'); // 2022 national average 0.5366 kg/kWh in g/kWh
  it('baseline rule when PE < BE', () => {
    // BE = 3 × 2.5 × 536.6 = 4024.5; PE = 6.2 × 536.6 = 3326.92; ER = 697.58 → 697 g
    const r = residentialSaving({
      useKwh: dec('6.2'),
      householdSize: dec(3),
      perCapitaKwh: dec('2.5'),
      efGrid: ef,
    });
    expect(r.rule).toBe('baseline');
    expect([r.be.toFixed(), r.pe.toFixed()]).toEqual(['4024.5', '3326.92']);
    expect(netReduction(r.be, r.pe).grams).toBe(697n);
  });
  it('own 7-day average when PE ≥ BE', () => {
    // PE = 8 × 536.6 = 4292.8 ≥ BE 4024.5; MA7 = (7 × 9 × 536.6) / 7 = 4829.4; ER = 536.6 → 536 g
    const r = residentialSaving({
      useKwh: dec(8),
      householdSize: dec(3),
      perCapitaKwh: dec('2.5'),
      efGrid: ef,
      previousDaysKwh: Array.from({ length: 7 }, () => dec(9)),
    });
    expect(r.rule).toBe('own-7-day');
    if (r.rule !== 'own-7-day') return;
    expect(r.ma7.toFixed()).toBe('4829.4');
    expect(netReduction(r.ma7, r.pe).grams).toBe(536n);
  });
  it('own 7-day average below today is zero reduction, recorded', () => {
    // PE = 10 × 536.6 = 5366; MA7 = 4829.4; ER = −536.6 → 0 g, negative kept
    const r = residentialSaving({
      useKwh: dec(10),
      householdSize: dec(3),
      perCapitaKwh: dec('2.5'),
      efGrid: ef,
      previousDaysKwh: Array.from({ length: 7 }, () => dec(9)),
    });
    if (r.rule !== 'own-7-day') throw new Error(r.rule);
    const n = netReduction(r.ma7, r.pe);
    expect([n.grams, n.negative?.toFixed()]).toEqual([0n, '-536.6']);
  });
  it('says when the 7-day history is missing instead of guessing', () => {
    expect(
      residentialSaving({ useKwh: dec(8), householdSize: dec(3), perCapitaKwh: dec('2.5'), efGrid: ef }).rule,
    ).toBe('own-7-day-missing');
  });
});

describe('distributed PV: ER = EG × EF_grid', () => {
  it('Shanghai factor and national factor', () => {
    // 1250 kWh × 420 g/kWh = 525000 g; 1250 × 536.6 = 670750 g
    expect(pvReduction(dec(1250), dec(420)).toFixed()).toBe('525000');
    expect(pvReduction(dec(1250), dec('536.6')).toFixed()).toBe('670750');
  });
});

describe('forestry sinks', () => {
  const stratum = {
    volumeM3: dec(100),
    density: dec('0.4'),
    bef: dec('1.5'),
    rootShoot: dec('0.25'),
    carbonFraction: dec('0.5'),
  };
  it('volume–BEF: B = V × D × BEF × (1 + R); C = 44/12 × Σ B × CF', () => {
    // B = 100 × 0.4 × 1.5 × 1.25 = 75 t d.m.; C = 75 × 0.5 = 37.5 t C × 44/12 = 137.5 t CO₂
    expect(treeBiomass(stratum).toFixed()).toBe('75');
    expect(treeCarbonStock([stratum]).value.toFixed()).toBe('137.5');
    // two strata add: 2 × 137.5 = 275
    expect(treeCarbonStock([stratum, stratum]).value.toFixed()).toBe('275');
  });
  it('stock difference: (C_t2 − C_t1) / (t2 − t1)', () => {
    // (1300 − 1000) / (2021 − 2018) = 100 t CO₂/yr
    expect(stockDifference(t('1000'), t('1300'), 2018, 2021).value.toFixed()).toBe('100');
  });
  it('stand growth − harvest: 44/12 × D × BEF × (1 + R) × CF × (V × GR − V × CR)', () => {
    // V×GR − V×CR = 1000 × 0.05 − 1000 × 0.02 = 30 m³; 0.4 × 1.5 × 1.25 × 0.5 = 0.375; × 30 = 11.25 t C
    // × 44/12 = 41.25 t CO₂
    const r = standSink({
      ...stratum,
      volumeM3: dec(1000),
      growthRate: dec('0.05'),
      harvestRate: dec('0.02'),
    });
    expect(r.value.toFixed()).toBe('41.25');
    // harvest above growth keeps its sign: 1000 × (0.02 − 0.05) = −30 → −41.25
    expect(
      standSink({
        ...stratum,
        volumeM3: dec(1000),
        growthRate: dec('0.02'),
        harvestRate: dec('0.05'),
      }).value.toFixed(),
    ).toBe('-41.25');
  });
  it('shrubs with AR-TOOL14 defaults; crown cover < 5 % counts zero with a reason', () => {
    // b1 = 0.10 × 100 × 0.5 = 5 t/hm²; A1 × b1 = 10 × 5 = 50; stratum 2 (CC 0.04) counts zero
    // C = 44/12 × 0.47 × 1.4 × 50 = 44/12 × 32.9 = 1447.6 / 12 = 120.6333…
    const r = shrubCarbonStock([
      { id: 's1', areaHm2: dec(10), forestBiomass: dec(100), crownCover: dec('0.5') },
      { id: 's2', areaHm2: dec(4), forestBiomass: dec(100), crownCover: dec('0.04') },
    ]);
    expect(r.stock.value.toFixed()).toBe(dec('1447.6').div(12).toFixed());
    expect(r.stock.value.toFixed(4)).toBe('120.6333');
    expect(r.strata[1]).toMatchObject({ counted: false });
    expect(r.strata[1]?.reason).toContain('0.04');
    expect(r.parameters.carbon_fraction).toMatchObject({ value: '0.47', grade: 'secondary' });
  });
  it('net removals: ΔC_NET = (ΣΔC_P − GHG_E) − ΔC_BSL − LK', () => {
    // ΔC_P = 137.5 + 41.25 = 178.75; actual = 178.75 − 0.75 = 178; net = 178 − 20 − 8 = 150
    const r = netRemovals({
      poolChanges: [t('137.5'), t('41.25')],
      projectEmissions: t('0.75'),
      baseline: t('20'),
      leakage: t('8'),
    });
    expect([r.actual.value.toFixed(), r.net.value.toFixed()]).toEqual(['178', '150']);
  });
  it('a percentage given for a fraction is refused, not multiplied in (CF 52, GR 5, crown cover 30 or 3)', () => {
    // CF 52 (for 52 %) would be 75 t d.m. × 52 = 3900 t C × 44/12 = 14300 t CO₂, 100 × the 143 of CF 0.52
    // (75 × 0.52 = 39 t C × 44/12 = 143): refused at the stratum's member
    const cf = errorOf(() => treeCarbonStock([stratum, { ...stratum, carbonFraction: dec(52) }], ['trees']));
    expect(cf.issues[0]).toMatchObject({
      code: 'CARBON_FORESTRY_PARAMETER_INVALID',
      path: ['trees', 1, 'carbonFraction'],
      params: { parameter: 'carbonFraction', value: '52', expected: 'a fraction in [0, 1] (0.47, not 47)' },
    });
    expect(cf.issues[0]?.message.zh).toBe(
      '林业碳汇参数 含碳率 CF 无效（52）：应为 [0, 1] 之间的比例（写 0.47，而非 47）',
    );
    // GR 5 (for 5 %): 1000 × 5 − 1000 × 0.02 = 4980 m³ instead of 30 m³
    const gr = { ...stratum, volumeM3: dec(1000), growthRate: dec(5), harvestRate: dec('0.02') };
    expect(errorOf(() => standSink(gr)).issues[0]).toMatchObject({ path: ['growthRate'] });
    // crown cover 30 (for 30 %): b = 0.10 × 100 × 30 = 300 t/hm², 100 × the 3 of CC 0.30; crown cover 3 (3 %,
    // below the 5 % minimum, counts zero) would give b = 30 and be counted
    for (const cc of ['30', '3']) {
      const e = errorOf(() =>
        shrubCarbonStock([{ id: 's1', areaHm2: dec(10), forestBiomass: dec(100), crownCover: dec(cc) }]),
      );
      expect(e.issues[0]).toMatchObject({
        code: 'CARBON_FORESTRY_PARAMETER_INVALID',
        path: [0, 'crownCover'],
      });
    }
  });
  it('a negative volume or area, or a missing parameter, is refused, never computed or read as zero', () => {
    // V = −100 m³ would give B = −75 t d.m.
    expect(errorOf(() => treeBiomass({ ...stratum, volumeM3: dec(-100) })).issues[0]).toMatchObject({
      code: 'CARBON_FORESTRY_PARAMETER_INVALID',
      path: ['volumeM3'],
      params: { value: '-100', expected: 'a decimal ≥ 0' },
    });
    // A = −10 hm² would give −120.6333… t CO₂ (the shrub case above, negated)
    expect(
      errorOf(() =>
        shrubCarbonStock([{ id: 's1', areaHm2: dec(-10), forestBiomass: dec(100), crownCover: dec('0.5') }]),
      ).issues[0],
    ).toMatchObject({ path: [0, 'areaHm2'] });
    // R missing (a species table without it): refused by name, not a TypeError and not R = 0
    const noR = { ...stratum, rootShoot: undefined } as unknown as typeof stratum;
    const e = errorOf(() => treeCarbonStock([noR]));
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_FORESTRY_PARAMETER_INVALID',
      path: [0, 'rootShoot'],
      params: { value: 'missing' },
    });
    expect(e.issues[0]?.message.zh).toBe(
      '林业碳汇参数 根茎比 R 无效（缺失）：应为Decimal 十进制数，且为不小于 0 的十进制数',
    );
    // A plain number is not a Decimal: refused rather than crashing on .times
    const num = { ...stratum, density: 0.4 } as unknown as typeof stratum;
    expect(errorOf(() => treeBiomass(num)).issues[0]).toMatchObject({
      path: ['density'],
      params: { value: 'number 0.4' },
    });
  });
  it('t C is never read as t CO₂: stock difference and net removals refuse another unit', () => {
    // (130 − 100) t C / 3 yr = 10 t C/yr = 36.67 t CO₂/yr, not "10 t CO₂"
    const c = (v: string) => ({ value: dec(v), unit: 't_C' }) as unknown as ReturnType<typeof t>;
    expect(errorOf(() => stockDifference(c('100'), c('130'), 2018, 2021)).issues[0]).toMatchObject({
      code: 'UNIT_MISMATCH',
      path: ['c1', 'unit'],
      params: { expected: 't_CO2', actual: 't_C' },
    });
    // LK 0.1 t C is 0.3667 t CO₂; read as 0.1 t CO₂ it would overstate the net removals by 0.2667 t CO₂
    expect(
      errorOf(() =>
        netRemovals({
          poolChanges: [t('10')],
          projectEmissions: t('0'),
          baseline: t('0'),
          leakage: c('0.1'),
        }),
      ).issues[0],
    ).toMatchObject({ code: 'UNIT_MISMATCH', path: ['leakage', 'unit'] });
    // a negative pool change (a stand losing stock) is kept with its sign: 10 − 4 − 0 = 6; 6 − 1 − 2 = 3
    const r = netRemovals({
      poolChanges: [t('10'), t('-4')],
      projectEmissions: t('0'),
      baseline: t('1'),
      leakage: t('2'),
    });
    expect([r.actual.value.toFixed(), r.net.value.toFixed()]).toEqual(['6', '3']);
  });
  it("a caller's shrub overlay must be dimensionless and in range", () => {
    const overlay = (value: string, unit: string) =>
      new CoefficientSet([
        loadCoefficientTable({
          kind: 'coefficients',
          id: 'my-shrub',
          version: '1.0.0',
          title: { zh: '灌木', en: 'Shrub' },
          effective: { from: '2024-01-01', to: null },
          supersedes: null,
          records: [
            {
              key: 'forestry.shrub.carbon_fraction',
              value,
              unit,
              source: { document: 'local survey' },
              grade: 'assumed',
            },
          ],
        }),
        shrubDefaultsTable(),
      ]);
    const s = [{ id: 's1', areaHm2: dec(10), forestBiomass: dec(100), crownCover: dec('0.5') }];
    // CF 47 (a percentage) would multiply the stock by 100
    expect(errorOf(() => shrubCarbonStock(s, overlay('47', 'one'))).issues[0]).toMatchObject({
      code: 'CARBON_FORESTRY_PARAMETER_INVALID',
      params: { parameter: 'forestry.shrub.carbon_fraction', value: '47' },
    });
    expect(errorOf(() => shrubCarbonStock(s, overlay('0.47', 't'))).issues[0]).toMatchObject({
      code: 'COEFFICIENT_UNIT_MISMATCH',
      params: { key: 'forestry.shrub.carbon_fraction', actual: 't' },
    });
    // CF 0.45 overlaid: 44/12 × 0.45 × 1.4 × 50 = 44/12 × 31.5 = 1386 / 12 = 115.5 t CO₂
    const r = shrubCarbonStock(s, overlay('0.45', 'one'));
    expect(r.stock.value.toFixed()).toBe('115.5');
    expect(r.parameters.carbon_fraction).toMatchObject({ table: 'my-shrub@1.0.0', grade: 'assumed' });
  });
  it('CCER-14-001 eligibility returns reasons', () => {
    const site = {
      startYear: 2019,
      yearsNotForestBeforeStart: 5,
      tenureClear: true,
      wetland: false,
      removesExistingTrees: false,
      shrubRemovalShare: dec('0.1'),
      parcels: [
        { id: 'p1', areaM2: dec(700) },
        { id: 'p2', areaM2: dec(500) },
      ],
    };
    const r = afforestationEligibility(site);
    // started in 2019: parcels need ≥ 667 m² → p2 (500 m²) fails
    expect(r.eligible).toBe(false);
    expect(r.reasons.filter((x) => !x.passed).map((x) => x.criterion)).toEqual(['parcel-min-area:p2']);
    // started in 2020: 400 m² suffices
    expect(afforestationEligibility({ ...site, startYear: 2020 }).eligible).toBe(true);
    const bad = afforestationEligibility({
      ...site,
      yearsNotForestBeforeStart: 2,
      wetland: true,
      shrubRemovalShare: dec('0.25'),
      parcels: [],
    });
    expect(bad.reasons.filter((x) => !x.passed).map((x) => x.criterion)).toEqual([
      'not-forest-3-years',
      'not-wetland',
      'shrub-removal-max-20pct',
      'parcels-present',
    ]);
    expect(bad.reasons[0]?.zh).toContain('3');
  });
});

describe('aggregation to t CO₂ truncates', () => {
  it('never rounds up', () => {
    // 2 999 999 g = 2 t + 999 999 g
    expect(aggregateToTonnes(2_999_999n)).toEqual({ tonnes: 2n, remainderGrams: 999_999n });
    expect(aggregateToTonnes(1_000_000n)).toEqual({ tonnes: 1n, remainderGrams: 0n });
  });
});
