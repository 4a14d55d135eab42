import { describe, expect, it } from 'vitest';
import { dec } from '../../src/core/decimal';
import { afforestationEligibility } from '../../src/carbon/forestry/eligibility';
import { treeBiomass, treeCarbonStock } from '../../src/carbon/forestry/biomass';
import { netRemovals, standSink, stockDifference } from '../../src/carbon/forestry/change';
import { shrubCarbonStock } from '../../src/carbon/forestry/shrub';
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
