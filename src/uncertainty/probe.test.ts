import { describe, expect, it } from 'vitest';
import { tinyInput } from '../../test/helpers';
import { account } from '../account/account';
import type { AccountOptions } from '../account/options';
import { GepError, type Path } from '../core/errors';
import type { Parameter } from './parameters';
import { type Flat, probe } from './probe';

const inputParam = (path: Path): Parameter => ({
  id: `input:${path.join('.')}`,
  kind: 'input',
  key: path.join('.'),
  ecosystem: null,
  table: null,
  path,
  value: '',
  unit: '',
  grade: null,
  distribution: { distribution: 'uniform', min: 0.9, max: 1.1 },
  origin: 'option',
  source: null,
});
const coefficientParam = (id: string): Parameter => ({
  ...inputParam([]),
  id,
  kind: 'coefficient',
  path: null,
});

/** The probe base of an input: the exact account's coefficients by id. */
function baseOf(json: unknown, options: AccountOptions = {}) {
  const exact = account(json, { ...options, rounding: 'exact' });
  return { json, options, uses: new Map(exact.coefficients.map((c) => [c.id, c])) };
}
/** The valuations (current) of indicator `code` in a flat account, found through its shape. */
function valuesOf(f: Flat, code: string): number[] {
  const k = f.shape.split(';').findIndex((s) => s.startsWith(`${code}:`));
  return [...f.current].filter((_, v) => f.indicator[v] === k);
}
const issueOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e.issues[0];
    throw e;
  }
  return undefined;
};

// The tiny county (test/helpers.ts), exact: M1 … M4 one valuation each; R1 a line per ecosystem; R2 two lines of
// three valuations; R3 forest, shrub and the reservoir; R4 the three water pollutants; R5 the two air
// pollutants; R6, R7, R8 two lines each; R9 one; C1 one line of two valuations.
const SHAPE = 'M1:1;M2:1;M3:1;M4:1;R1:1,1;R2:3,3;R3:1,1,1;R4:1,1,1;R5:1,1;R6:1,1;R7:1,1;R8:1,1;R9:1;C1:2';

describe('probe', () => {
  it('with nothing scaled: the exact account flattened, indicators → lines → valuations', () => {
    const json = tinyInput();
    const f = probe(baseOf(json), [], new Map());
    expect(f.shape).toBe(SHAPE);
    expect([...f.indicator]).toEqual([
      0, 1, 2, 3, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 13, 13,
    ]);
    // M1: agriculture's gross output, 100 万元 = 1 000 000 元; C1: 10 万人次 × (100 + 20) 元 = 1.2 · 10⁷ 元,
    // split 10⁷ (spending) and 2 · 10⁶ (time) — 2020 prices in a 2020 account: comparable = current.
    expect(f.current[0]).toBe(1_000_000);
    expect([...f.current.slice(27)]).toEqual([10_000_000, 2_000_000]);
    expect([...f.comparable.slice(27)]).toEqual([10_000_000, 2_000_000]);
    // At full precision, not rounded to the fen: R4's COD line (the 16th valuation) is 147657.0901828… 元.
    expect(f.current[15]).toBeCloseTo(147657.090182823, 6);
    expect(f.current[15]).not.toBe(147657.09);
  });

  it('an input quantity ({ value, unit }) scaled in a copy of the JSON', () => {
    const json = tinyInput();
    const before = JSON.stringify(json);
    const path: Path = ['materialProducts', 0, 'grossOutput'];
    // M1 = 100 万元 × 1.5 = 150 万元 = 1 500 000 元; M2 … M4 unchanged.
    const f = probe(baseOf(json), [inputParam(path)], new Map([[0, 1.5]]));
    expect([...f.current.slice(0, 4)]).toEqual([1_500_000, 1_000_000, 1_000_000, 1_000_000]);
    expect(JSON.stringify(json)).toBe(before);
  });

  it('an input given as a text or as a number, scaled where it stands', () => {
    // Soil retention (R2) is R · K · LS · (1 − C · P) of each ecosystem's area, linear in LS: the forest's LS (the
    // text '4') × 2 doubles its line's three valuations, the shrub's LS (the number 2) × 0.5 halves its line's.
    const json = tinyInput() as { soilFactors: Record<string, unknown>[] };
    (json.soilFactors[1] as Record<string, unknown>).LS = 2;
    const b = baseOf(json);
    const r2 = valuesOf(probe(b, [], new Map()), 'R2');
    const params = [inputParam(['soilFactors', 0, 'LS']), inputParam(['soilFactors', 1, 'LS'])];
    const f = probe(b, params, new Map([[0, 2]]));
    valuesOf(f, 'R2').forEach((v, i) => expect(v / (r2[i] as number)).toBeCloseTo(i < 3 ? 2 : 1, 12));
    const g = probe(b, params, new Map([[1, 0.5]]));
    valuesOf(g, 'R2').forEach((v, i) => expect(v / (r2[i] as number)).toBeCloseTo(i < 3 ? 1 : 0.5, 12));
  });

  it('an input path to a text, or to a quantity whose value is one, is refused; numbers as written pass', () => {
    // the area of the first ecosystem (10 km²) written as each form a number may take: read and scaled
    const withArea = (value: unknown) => {
      const json = tinyInput() as { ecosystems: { area: { value: unknown } }[] };
      (json.ecosystems[0] as { area: { value: unknown } }).area.value = value;
      return json;
    };
    const refused = (value: unknown) =>
      issueOf(() =>
        probe(
          { json: withArea(value), options: {}, uses: new Map() },
          [inputParam(['ecosystems', 0, 'area'])],
          new Map([[0, 1.1]]),
        ),
      )?.params?.detail;
    for (const v of ['10', '+10', '10.', '1e1', '1E+1', '0.1e2', '.1e2', 10])
      expect(refused(v), String(v)).not.toBe('no number at input path ecosystems.0.area');
    // not numbers: a text, a comma decimal, empty, a trailing space, hex, a bare exponent or sign or point, Infinity
    for (const v of ['forest', '1,5', '', '10 ', '0x10', 'e5', '1e', '-', '.', Number.POSITIVE_INFINITY])
      expect(refused(v), String(v)).toBe('no number at input path ecosystems.0.area');
  });

  it('an input of inputs at 0 is refused at the point; a custom graded input at 0, or a probe off the point, is not', () => {
    const at = (value: unknown) => {
      const json = tinyInput() as { ecosystems: { area: { value: unknown } }[] };
      (json.ecosystems[1] as { area: { value: unknown } }).area.value = value;
      return json;
    };
    const point = (value: unknown, p: Parameter) =>
      issueOf(() => probe({ json: at(value), options: {}, uses: new Map() }, [p], new Map([[0, 1]])));
    const area = inputParam(['ecosystems', 1, 'area']);
    for (const zero of ['0', '0.00', '-0', 0])
      expect(point(zero, area), String(zero)).toMatchObject({
        code: 'UNCERTAINTY_INVALID',
        path: ['ecosystems', 1, 'area'],
        params: {
          detail:
            'the input at ecosystems.1.area is 0: every draw of it as a multiple of its value is 0, so its distribution would move nothing',
        },
      });
    expect(point('200', area)).toBeUndefined();
    // drawn as a coefficient (a custom indicator's graded input, kind coefficient with a path): not this check
    expect(point('0', { ...area, kind: 'coefficient' })?.params?.detail ?? '').not.toContain('is 0');
    // off the point (× 1.1) the check is not made: 0 × 1.1 is 0
    expect(
      issueOf(() => probe({ json: at('0'), options: {}, uses: new Map() }, [area], new Map([[0, 1.1]]))),
    ).toBeUndefined();
  });

  it('an input path without a number is refused with the path', () => {
    const json = { ...tinyInput(), nothing: null };
    const b = { json, options: {}, uses: new Map() };
    const refusal = (path: Path) => issueOf(() => probe(b, [inputParam(path)], new Map([[0, 1.1]])));
    // Through a missing member, a null, a number, a text; at a null, at an object without value, past the end.
    for (const path of [
      ['missing', 'deeper', 'here'],
      ['nothing', 'here', 'there'],
      ['nothing', 'here'],
      ['region', 'code', '0'],
      ['year', 'here'],
      ['nothing'],
      ['region'],
      ['materialProducts', 9],
    ] as Path[])
      expect(refusal(path)).toMatchObject({
        code: 'UNCERTAINTY_INVALID',
        path,
        params: { detail: `no number at input path ${path.join('.')}` },
      });
  });

  it('a coefficient of a bundled table scaled by an overlay on it, in its ecosystem or region only', () => {
    const json = tinyInput();
    const b = baseOf(json);
    const f0 = probe(b, [], new Map());
    const at = (id: string, s: number) => probe(b, [coefficientParam(id)], new Map([[0, s]]));
    // Water conservation (R1) of the forest: A · (P − P · α − ET) · price with P = 1800 mm, ET = 800 mm and the
    // forest's runoff coefficient α = 0.0267: 1800 − 48.06 − 800 = 951.94 mm; α × 2 → 1800 − 96.12 − 800 =
    // 903.88 mm: the forest's line × 903.88 / 951.94, the shrub's unchanged.
    const r1 = valuesOf(
      at('runoff.coefficient|forest.broadleaf|*|runoff-coefficients-redline@1.0.0', 2),
      'R1',
    );
    const r10 = valuesOf(f0, 'R1');
    expect((r1[0] as number) / (r10[0] as number)).toBeCloseTo(903.88 / 951.94, 12);
    expect(r1[1]).toBe(r10[1]);
    // The water pollutants' tax rate of Jiangxi (region 36), 1.4 元 per equivalent, × 1.1: R4 × 1.1.
    const r4 = valuesOf(at('envtax.rate.water|*|36|cn-environmental-tax-2018@1.2.0', 1.1), 'R4');
    valuesOf(f0, 'R4').forEach((v, i) => expect((r4[i] as number) / v).toBeCloseTo(1.1, 12));
    // The carbon price (2021 prices) × 0.5: R6 × 0.5; the oxygen price (R7) untouched.
    const g = at('price.carbon.cea-average-2021|*|*|cn-carbon-market@1.1.0', 0.5);
    valuesOf(f0, 'R6').forEach((v, i) => expect((valuesOf(g, 'R6')[i] as number) / v).toBeCloseTo(0.5, 12));
    expect(valuesOf(g, 'R7')).toEqual(valuesOf(f0, 'R7'));
    // Two at once: both.
    const h = probe(
      b,
      [
        coefficientParam('envtax.rate.water|*|36|cn-environmental-tax-2018@1.2.0'),
        coefficientParam('price.carbon.cea-average-2021|*|*|cn-carbon-market@1.1.0'),
      ],
      new Map([
        [0, 2],
        [1, 3],
      ]),
    );
    valuesOf(f0, 'R4').forEach((v, i) => expect((valuesOf(h, 'R4')[i] as number) / v).toBeCloseTo(2, 12));
    valuesOf(f0, 'R6').forEach((v, i) => expect((valuesOf(h, 'R6')[i] as number) / v).toBeCloseTo(3, 12));
  });

  it('a coefficient of the input’s own table scaled in its record (the matching ecosystem only)', () => {
    // Flood regulation (R3) of an ecosystem: A · P_storm · (1 − c) · price. The shrub's c = 0.3 × 2 = 0.6:
    // (1 − 0.6) / (1 − 0.3) = 4/7 of the shrub's line; the forest's line and the reservoir's unchanged.
    const json = tinyInput();
    const before = JSON.stringify(json);
    const b = baseOf(json);
    const r3 = valuesOf(probe(b, [], new Map()), 'R3');
    const f = probe(
      b,
      [coefficientParam('runoff.storm_coefficient|shrub|*|test-local@1.0.0')],
      new Map([[0, 2]]),
    );
    const s = valuesOf(f, 'R3');
    expect(s[0]).toBe(r3[0]);
    expect((s[1] as number) / (r3[1] as number)).toBeCloseTo(4 / 7, 12);
    expect(s[2]).toBe(r3[2]);
    expect(JSON.stringify(json)).toBe(before);
  });

  it('a coefficient of the own table scaled in the record of its key, not another of the same scope', () => {
    // The own table holds soil.bulk_density and then ions.lifetime, neither with an ecosystem or region. Negative
    // ions (R9) are 5.256 · 10¹⁵ · (c − threshold) · A · H / L with L the ions' lifetime: L × 2 → R9 × 0.5, and
    // soil retention (R2), which reads the bulk density, unchanged.
    const b = baseOf(tinyInput());
    const f0 = probe(b, [], new Map());
    const f = probe(b, [coefficientParam('ions.lifetime|*|*|test-local@1.0.0')], new Map([[0, 2]]));
    expect((valuesOf(f, 'R9')[0] as number) / (valuesOf(f0, 'R9')[0] as number)).toBeCloseTo(0.5, 12);
    expect(valuesOf(f, 'R2')).toEqual(valuesOf(f0, 'R2'));
  });

  it('a table of the caller that the account did not read is left alone', () => {
    // The carbon price region-less in a table of the options and in one of the scenario: the account reads the
    // scenario's (50 元), whose record the probe scales (R6 × 1.2), not the one of the same key and scope before it.
    const scenario = {
      kind: 'scenario',
      id: 'own',
      version: '1.0.0',
      title: { zh: '情景', en: 'Scenario' },
      tables: [{ ...ownPrices(), id: 'scenario-prices' }],
    };
    const b = baseOf(tinyInput(), { tables: [ownPrices()], scenario });
    const id = 'price.carbon.cea-average-2021|*|*|scenario-prices@1.0.0';
    expect(b.uses.has(id)).toBe(true);
    const r6 = valuesOf(probe(b, [], new Map()), 'R6');
    const f = probe(b, [coefficientParam(id)], new Map([[0, 1.2]]));
    valuesOf(f, 'R6').forEach((v, i) => expect(v / (r6[i] as number)).toBeCloseTo(1.2, 12));
  });

  /** A table of the caller's with the carbon price: a record for Fujian (35) first, then one for anywhere. */
  const ownPrices = () => ({
    kind: 'coefficients',
    id: 'own-prices',
    version: '1.0.0',
    title: { zh: '自有', en: 'Own' },
    effective: { from: '2020-01-01' },
    records: ['35', null].map((region) => ({
      key: 'price.carbon.cea-average-2021',
      value: '50',
      unit: 'yuan/t_CO2',
      priceYear: 2021,
      ...(region !== null ? { applies: { region } } : {}),
      source: { document: 'own' },
      grade: 'published',
    })),
  });
  const OWN_PRICE = 'price.carbon.cea-average-2021|*|*|own-prices@1.0.0';

  it('a coefficient of a table in the options, or in the scenario, scaled in a copy of that table', () => {
    const scenario = {
      kind: 'scenario',
      id: 'own',
      version: '1.0.0',
      title: { zh: '情景', en: 'Scenario' },
      tables: [ownPrices()],
    };
    for (const options of [{ tables: [ownPrices()] }, { scenario }] as AccountOptions[]) {
      const before = JSON.stringify(options);
      const b = baseOf(tinyInput(), options);
      expect(b.uses.has(OWN_PRICE)).toBe(true);
      const r6 = valuesOf(probe(b, [], new Map()), 'R6');
      // 50 元 × 1.2 = 60 元 per t CO₂: R6 × 1.2, the region-less record's (Fujian's does not apply here).
      const f = probe(b, [coefficientParam(OWN_PRICE)], new Map([[0, 1.2]]));
      valuesOf(f, 'R6').forEach((v, i) => expect(v / (r6[i] as number)).toBeCloseTo(1.2, 12));
      expect(JSON.stringify(options)).toBe(before);
    }
  });

  it('a coefficient the account did not read is skipped', () => {
    const b = baseOf(tinyInput());
    const f0 = probe(b, [], new Map());
    const f = probe(b, [coefficientParam('no.such|*|*|x@1.0.0')], new Map([[0, 2]]));
    expect([...f.current]).toEqual([...f0.current]);
  });

  it('an account that fails once moved is refused, naming the parameters moved', () => {
    // The year × 1.1 is no year (2222 as text); the area × −1 is negative.
    const json = tinyInput();
    const params = [inputParam(['year']), inputParam(['ecosystems', 0, 'area'])];
    const direct = issueOf(() => account({ ...json, year: '2222' }));
    expect(direct).toBeDefined();
    expect(issueOf(() => probe(baseOf(json), params, new Map([[0, 1.1]])))).toMatchObject({
      code: 'UNCERTAINTY_PROBE_FAILED',
      path: [],
      params: { parameter: 'input:year', detail: direct?.message.en, detailZh: direct?.message.zh },
      message: { zh: `参数 input:year 微调后核算失败或结构改变，无法编制抽样计划：${direct?.message.zh}` },
    });
    expect(
      issueOf(() =>
        probe(
          baseOf(json),
          params,
          new Map([
            [1, -1],
            [0, 1],
          ]),
        ),
      ),
    ).toMatchObject({
      code: 'UNCERTAINTY_PROBE_FAILED',
      params: { parameter: 'input:ecosystems.0.area, input:year' },
    });
  });
});
