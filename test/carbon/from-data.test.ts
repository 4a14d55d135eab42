import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CarbonBatch } from '../../src/carbon/batch';
import { loadMethodology } from '../../src/carbon/methodologies/from-data';
import { carbonCommand } from '../../src/cli/carbon';
import { errorOf, userFactors } from './helpers';

const FILE = new URL('../../examples/carbon/methodology-bike-commute.json', import.meta.url).pathname;
const data = () => JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const baseline = userFactors([
  { key: 'travel.baseline.emission', value: '135', unit: 'g_CO2/pkm', kind: 'emission' },
]);
const act = (o: Record<string, unknown>) => ({
  id: 'a',
  user: 'u',
  ts: '2024-05-01T08:00:00+08:00',
  scenario: 'bike_commute',
  ...o,
});

describe('a methodology declared in data', () => {
  it('computes its formula in the sandbox with the activity’s quantities and the chain’s factors', () => {
    const m = loadMethodology(data());
    expect(m.ref).toBe('example/bike-commute@1');
    const b = new CarbonBatch({ methodologies: [m], factorSets: [baseline] });
    // ER = EF_b × d = 135 g/pkm × 10 km (one traveller: 10 pkm) = 1350 g
    const r = b.process(act({ distance: { value: '10', unit: 'km' } }), 1);
    expect(r?.reduction).toMatchObject({
      methodology: 'example/bike-commute@1',
      rule: 'formula',
      grams: '1350',
    });
    expect(r?.reduction?.factors[0]).toMatchObject({
      key: 'travel.baseline.emission',
      set: 'user-test@1.0.0',
    });
    // 2500 m = 2.5 km → 337.5 g: 337 credited, 0.5 carried
    const r2 = b.process(act({ id: 'b', distance: { value: '2500', unit: 'm' } }), 2);
    expect(r2?.reduction).toMatchObject({ grams: '337', remainder: '0.5' });
  });
  it('applies its own bounds', () => {
    const b = new CarbonBatch({ methodologies: [loadMethodology(data())], factorSets: [baseline] });
    const r = b.process(act({ distance: { value: '100', unit: 'km' } }), 1);
    expect(r?.issues.map((i) => i.code)).toEqual(['CARBON_IMPLAUSIBLE']);
  });
  it('refuses a bound that could never apply: a scenario it does not have, a km bound on pkm without passengers', () => {
    // A typo in the bound's scenario left every line unbounded: 900 km × 135 g/pkm = 121,500 g credited
    const typo = { ...data(), bounds: [{ ...(data().bounds as object[])[0], scenario: 'bike_comute' }] };
    const e = errorOf(() => loadMethodology(typo));
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_METHODOLOGY_INVALID',
      path: ['bounds', 0, 'scenario'],
    });
    expect(e.issues[0]?.message.zh).toBe(
      '方法学定义格式错误：上限的场景“bike_comute”不是该方法学的场景（bike_commute）之一',
    );
    // Without passengers a passengerDistance input takes pkm lines only, and a km bound cannot measure them:
    // 900 pkm × 135 g/pkm = 121,500 g was credited past the 60 km bound
    const pkm = { ...data(), passengers: undefined, inputs: { d: 'passengerDistance' } };
    expect(errorOf(() => loadMethodology(pkm)).issues[0]).toMatchObject({
      code: 'CARBON_METHODOLOGY_INVALID',
      path: ['bounds', 0, 'measure'],
    });
    // with passengers "one" the bound measures 900 pkm as 900 km and refuses it
    const b = new CarbonBatch({
      methodologies: [loadMethodology({ ...pkm, passengers: 'one' })],
      factorSets: [baseline],
    });
    const r = b.process(act({ distance: { value: '900', unit: 'pkm' } }), 1);
    expect(r?.issues.map((i) => i.code)).toEqual(['CARBON_IMPLAUSIBLE']);
  });
  it('refuses a formula the sandbox refuses, a bad declaration, and a scenario another methodology has', () => {
    expect(errorOf(() => loadMethodology({ ...data(), formula: 'import("fs")' })).code).toMatch(
      /^CUSTOM_FORMULA_/,
    );
    expect(errorOf(() => loadMethodology({ ...data(), formula: 'EF_b * speed' })).code).toBe(
      'CUSTOM_FORMULA_SYMBOL_UNKNOWN',
    );
    expect(errorOf(() => loadMethodology({ ...data(), scenarios: [] })).code).toBe(
      'CARBON_METHODOLOGY_INVALID',
    );
    const bus = loadMethodology({ ...data(), scenarios: ['bus'], bounds: [] });
    expect(errorOf(() => new CarbonBatch({ methodologies: [bus] })).code).toBe(
      'CARBON_METHODOLOGY_SCENARIO_TAKEN',
    );
  });
  it('without passengers, a distance in pkm for a km input is UNIT_MISMATCH', () => {
    const m = loadMethodology({ ...data(), passengers: undefined });
    const b = new CarbonBatch({ methodologies: [m], factorSets: [baseline] });
    const r = b.process(act({ distance: { value: '10', unit: 'pkm' } }), 1);
    expect(r?.issues.map((i) => i.code)).toEqual(['UNIT_MISMATCH']);
  });
  it('gepkit carbon --methodology FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-method-'));
    const input = join(dir, 'a.jsonl');
    const factors = join(dir, 'f.json');
    writeFileSync(input, `${JSON.stringify(act({ distance: { value: '4', unit: 'km' } }))}\n`);
    writeFileSync(
      factors,
      JSON.stringify({
        kind: 'carbon-factors',
        id: 'baseline',
        version: '1.0.0',
        title: { zh: '测试', en: 'Test' },
        dataYear: null,
        publication: { document: 'test' },
        factors: [
          {
            key: 'travel.baseline.emission',
            value: '135',
            unit: 'g_CO2/pkm',
            kind: 'emission',
            source: { document: 'test' },
            grade: 'assumed',
          },
        ],
      }),
    );
    const out: string[] = [];
    const code = await carbonCommand([input, '--methodology', FILE, '--factors', factors], {
      out: (s) => out.push(s),
      err: (s) => out.push(s),
    });
    expect(code).toBe(0);
    // 135 × 4 = 540 g
    expect(JSON.parse(out[0] as string).reduction).toMatchObject({
      grams: '540',
      methodology: 'example/bike-commute@1',
    });
  });
});
