import { describe, expect, it } from 'vitest';
import type { AccountResult } from '../account/result-schema';
import { bundledTables } from '../coefficients/bundled';
import { dec } from '../core/decimal';
import { GepError } from '../core/errors';
import { type Multiplier, multiplierOf } from './distributions';
import { type Parameter, collectParameters } from './parameters';

type Use = AccountResult['coefficients'][number];

/** A coefficient as result.coefficients lists it (only the members collectParameters reads matter). */
function use(
  key: string,
  table: string,
  value: string,
  more: { ecosystem?: string; region?: string; unit?: string; grade?: Use['grade'] } = {},
): Use {
  const ecosystem = more.ecosystem ?? null;
  const region = more.region ?? null;
  return {
    id: `${key}|${ecosystem ?? ''}|${region ?? ''}|${table}`,
    key,
    ecosystem,
    region,
    value,
    unit: more.unit ?? 'mm',
    table,
    hash: 'sha256:0',
    grade: more.grade ?? 'published',
    source: { document: 'the account' },
    usedBy: ['W1'],
  } as Use;
}
const resultOf = (coefficients: Use[]) => ({ coefficients }) as unknown as AccountResult;

const about = (doc: string, grade = 'derived') => ({ source: { document: doc }, grade });
/** The caller's own table: three records with distributions in their own unit. */
const OWN = {
  kind: 'coefficients',
  id: 'own',
  version: '1.0.0',
  title: { zh: '自有', en: 'Own' },
  effective: { from: '2020-01-01' },
  records: [
    {
      key: 'k.rain',
      value: '2',
      unit: 'mm',
      source: { document: 'gauge' },
      grade: 'published',
      uncertainty: { distribution: 'uniform', min: '1.6', max: '2.4', ...about('gauge spread') },
    },
    {
      key: 'k.et',
      value: '4',
      unit: 'mm',
      applies: { ecosystem: 'forest.broadleaf', region: '36' },
      source: { document: 'plots' },
      grade: 'published',
      uncertainty: { distribution: 'normal', sd: '0.5', ...about('plot spread', 'secondary') },
    },
    {
      key: 'k.et',
      value: '5',
      unit: 'mm',
      applies: { ecosystem: 'forest.broadleaf' },
      source: { document: 'plots' },
      grade: 'published',
      uncertainty: { distribution: 'lognormal', gsd: '2', ...about('national spread') },
    },
    {
      key: 'k.et',
      value: '8',
      unit: 'mm',
      source: { document: 'plots' },
      grade: 'published',
      uncertainty: { distribution: 'uniform', min: '6', max: '10', ...about('any type') },
    },
  ],
};
/** An overlay on it: k.rain without a distribution, k.et (forest, Jiangxi) with its own. */
const OVERLAY = {
  kind: 'coefficients',
  id: 'own-2024',
  version: '2.0.0',
  title: { zh: '更新', en: 'Update' },
  effective: { from: '2024-01-01' },
  overlays: 'own',
  records: [
    { key: 'k.rain', value: '3', unit: 'mm', source: { document: 'gauge 2024' }, grade: 'verified' },
    {
      key: 'k.et',
      value: '4',
      unit: 'mm',
      applies: { ecosystem: 'forest.broadleaf', region: '36' },
      source: { document: 'plots 2024' },
      grade: 'verified',
      uncertainty: {
        distribution: 'triangular',
        min: '3',
        mode: '4',
        max: '6',
        ...about('plot spread 2024', 'verified'),
      },
    },
  ],
};

/** A table as the account was given it, at `overrides.tables[i]`. */
const placed = (json: unknown, i: number) => ({ json, path: ['overrides', 'tables', i] });

const U: Multiplier = { distribution: 'uniform', min: 0.9, max: 1.1 };
const N: Multiplier = { distribution: 'normal', sd: 0.2 };

describe('collectParameters', () => {
  it('names in fixed and distributions must be ids or keys of coefficients the account used', () => {
    const c = use('price.electricity', 'nowhere@1.0.0', '0.53', { grade: 'published' });
    const why = (options: object) => {
      try {
        collectParameters(resultOf([c]), [], options);
      } catch (e) {
        const i = (e as GepError).issues[0];
        return [i?.path, i?.params?.detail];
      }
      return undefined;
    };
    // a key or an id passes (the id: key|ecosystem|region|table)
    expect(why({ fixed: ['price.electricity'] })).toBeUndefined();
    expect(why({ distributions: { 'price.electricity|||nowhere@1.0.0': U } })).toBeUndefined();
    expect(why({ fixed: ['price.electricty'] })).toEqual([
      ['fixed', 0],
      '"price.electricty" is no coefficient id or key the account used (did you mean price.electricity?)',
    ]);
    expect(why({ distributions: { zzz: U } })).toEqual([
      ['distributions', 'zzz'],
      '"zzz" is no coefficient id or key the account used',
    ]);
    expect(why({ fixed: 'price.electricity' })).toEqual([
      ['fixed'],
      'fixed is a list of coefficient ids or keys, got "price.electricity"',
    ]);
    expect(why({ fixed: [1] })?.[0]).toEqual(['fixed']);
  });

  it('a coefficient without a distribution gets its grade’s default, with every member of the use', () => {
    // published: half-width 0.1 → triangular 0.9 · 1 · 1.1; assumed: 0.5 → 0.5 · 1 · 1.5.
    const c = use('k.rain', 'nowhere@1.0.0', '1800', { ecosystem: 'shrub', grade: 'published' });
    const d = use('k.snow', 'nowhere@1.0.0', '7', { region: '3610', unit: 't', grade: 'assumed' });
    expect(collectParameters(resultOf([c, d]), [], {})).toEqual([
      {
        id: 'k.rain|shrub||nowhere@1.0.0',
        kind: 'coefficient',
        key: 'k.rain',
        ecosystem: 'shrub',
        table: 'nowhere@1.0.0',
        path: null,
        value: '1800',
        unit: 'mm',
        grade: 'published',
        distribution: { distribution: 'triangular', min: 0.9, mode: 1, max: 1.1 },
        origin: 'default',
        source: null,
      },
      {
        id: 'k.snow||3610|nowhere@1.0.0',
        kind: 'coefficient',
        key: 'k.snow',
        ecosystem: null,
        table: 'nowhere@1.0.0',
        path: null,
        value: '7',
        unit: 't',
        grade: 'assumed',
        distribution: { distribution: 'triangular', min: 0.5, mode: 1, max: 1.5 },
        origin: 'default',
        source: null,
      },
    ] satisfies Parameter[]);
  });

  it('defaults given by grade replace the built-in ones for that grade only', () => {
    const c = use('k.a', 'x@1.0.0', '1', { grade: 'published' });
    const d = use('k.b', 'x@1.0.0', '1', { grade: 'derived' });
    const ps = collectParameters(resultOf([c, d]), [], { defaults: { published: U } });
    // derived keeps its half-width 0.2: triangular 0.8 · 1 · 1.2.
    expect(ps.map((p) => [p.distribution, p.origin])).toEqual([
      [U, 'default'],
      [{ distribution: 'triangular', min: 0.8, mode: 1, max: 1.2 }, 'default'],
    ]);
  });

  it('a distribution given by id or by key comes first, the id before the key', () => {
    const a = use('k.rain', 'own@1.0.0', '2');
    const b = use('k.et', 'own@1.0.0', '5', { ecosystem: 'forest.broadleaf' });
    const c = use('k.other', 'own@1.0.0', '9', { grade: 'secondary' });
    const ps = collectParameters(resultOf([a, b, c]), [placed(OWN, 0)], {
      // k.rain by key (its record's uniform is passed over), k.et by its id and by its key: the id wins.
      distributions: { 'k.rain': U, [b.id]: N, 'k.et': U },
    });
    expect(ps.map((p) => [p.key, p.distribution, p.origin, p.grade, p.source])).toEqual([
      ['k.rain', U, 'option', 'published', null],
      ['k.et', N, 'option', 'published', null],
      // secondary: half-width 0.3 → 0.7 · 1 · 1.3
      ['k.other', { distribution: 'triangular', min: 0.7, mode: 1, max: 1.3 }, 'default', 'secondary', null],
    ]);
  });

  it('a record’s distribution, as a multiplier of the value, with the record’s grade and source', () => {
    // k.rain: uniform 1.6 … 2.4 around 2 → 0.8 … 1.2. k.et (forest, 36): normal sd 0.5 around 4 → sd 0.125.
    // k.et (forest, anywhere): lognormal gsd 2 → σ = ln 2. k.et (any type, anywhere): uniform 6 … 10 around 8
    // → 0.75 … 1.25.
    const ps = collectParameters(
      resultOf([
        use('k.rain', 'own@1.0.0', '2'),
        use('k.et', 'own@1.0.0', '4', { ecosystem: 'forest.broadleaf', region: '36' }),
        use('k.et', 'own@1.0.0', '5', { ecosystem: 'forest.broadleaf' }),
        use('k.et', 'own@1.0.0', '8'),
      ]),
      [placed(OWN, 0)],
      {},
    );
    expect(ps.map((p) => [p.distribution, p.origin, p.grade, p.source])).toEqual([
      [{ distribution: 'uniform', min: 0.8, max: 1.2 }, 'record', 'derived', { document: 'gauge spread' }],
      [{ distribution: 'normal', sd: 0.125 }, 'record', 'secondary', { document: 'plot spread' }],
      [
        { distribution: 'lognormal', sigma: Math.log(2) },
        'record',
        'derived',
        { document: 'national spread' },
      ],
      [{ distribution: 'uniform', min: 0.75, max: 1.25 }, 'record', 'derived', { document: 'any type' }],
    ]);
    expect(ps[0]).toMatchObject({ kind: 'coefficient', path: null, value: '2', table: 'own@1.0.0' });
  });

  it('a record of another ecosystem or region is not the coefficient’s record', () => {
    // k.et for shrub, or for forest in region 3601: no record of own holds that scope → the published default.
    const ps = collectParameters(
      resultOf([
        use('k.et', 'own@1.0.0', '4', { ecosystem: 'shrub' }),
        use('k.et', 'own@1.0.0', '4', { ecosystem: 'forest.broadleaf', region: '3601' }),
        use('k.et', 'own@1.0.0', '4', { region: '36' }),
      ]),
      [placed(OWN, 0)],
      {},
    );
    expect(ps.map((p) => p.origin)).toEqual(['default', 'default', 'default']);
  });

  it('through an overlay chain the last table holding the scope decides, even without a distribution', () => {
    const chain = 'own@1.0.0+own-2024@2.0.0';
    const ps = collectParameters(
      resultOf([
        use('k.rain', chain, '3', { grade: 'verified' }),
        use('k.et', chain, '4', { ecosystem: 'forest.broadleaf', region: '36', grade: 'verified' }),
        use('k.et', chain, '5', { ecosystem: 'forest.broadleaf' }),
      ]),
      [placed(OVERLAY, 0), placed(OWN, 1)],
      {},
    );
    expect(ps.map((p) => [p.key, p.distribution, p.origin, p.source])).toEqual([
      // The overlay holds k.rain without a distribution: verified's default 0.95 · 1 · 1.05, not own's uniform.
      ['k.rain', { distribution: 'triangular', min: 0.95, mode: 1, max: 1.05 }, 'default', null],
      // The overlay's triangular 3 · 4 · 6 around 4 → 0.75 · 1 · 1.5, not own's normal.
      [
        'k.et',
        { distribution: 'triangular', min: 0.75, mode: 1, max: 1.5 },
        'record',
        { document: 'plot spread 2024' },
      ],
      // Not in the overlay: own's lognormal.
      ['k.et', { distribution: 'lognormal', sigma: Math.log(2) }, 'record', { document: 'national spread' }],
    ]);
  });

  it('a chain ending on a bundled table reads it: a bundled record without a distribution takes its grade’s default', () => {
    // The bundled records that carry a distribution (docs/coefficient-tables.md): the RCEES afforestation carbon
    // price (both readings of its unit), the latent heat of vaporisation (its physical range), and the values a law or
    // a standard fixes or stoichiometry gives (zero width).
    const fixed = (
      ref: string,
      keys: string[],
    ): [string, { distribution: 'uniform'; min: number; max: number }][] =>
      keys.map((k) => [`${ref} ${k}`, { distribution: 'uniform', min: 1, max: 1 }]);
    const equivalents = ['cod', 'nh3n', 'tp', 'ss', 'bod5', 'so2', 'nox', 'soot', 'dust', 'fluoride'];
    expect(
      bundledTables().flatMap((t) =>
        t.records.flatMap((r) =>
          r.uncertainty === undefined
            ? []
            : [[`${t.ref} ${r.key}`, multiplierOf(r.uncertainty, r.value, [t.ref, r.key])] as const],
        ),
      ),
    ).toEqual([
      ...fixed('cn-environmental-tax-2018@1.2.0', [
        ...equivalents.map((p) => `envtax.equivalent.${p}`),
        'envtax.rate.air',
        'envtax.rate.water',
      ]),
      ...fixed('lyt-1721-2008@1.3.0', ['ions.threshold']),
      ...fixed('photosynthesis-stoichiometry@1.1.0', [
        'photosynthesis.co2_per_dm',
        'photosynthesis.o2_per_dm',
      ]),
      [
        'county-platform-constants@1.1.0 climate.latent_heat',
        // FAO-56: 2406.56 J/g at 40 °C, 2501 J/g at 0 °C, around the value 2450.
        { distribution: 'triangular', min: 2406.56 / 2450, mode: 1, max: 2501 / 2450 },
      ],
    ]);
    // The latent heat's bounds are FAO-56 Eq. 3-1, λ = 2.501 − 2.361 × 10⁻³ T MJ/kg (1 MJ/kg = 1000 J/g):
    //   T = 0 °C:  2.501 MJ/kg = 2501 J/g;  T = 40 °C: 2.501 − 0.09444 = 2.40656 MJ/kg = 2406.56 J/g
    //   mode 2450 J/g: T = (2.501 − 2.450) / 2.361 × 10⁻³ = 21.6 °C, inside the range
    const lambda = (celsius: number) => dec('2.501').minus(dec('2.361e-3').times(celsius)).times(1000);
    const latent = bundledTables()
      .find((x) => x.id === 'county-platform-constants')
      ?.records.find((x) => x.key === 'climate.latent_heat')?.uncertainty;
    const b = latent as { distribution: string; min: unknown; mode: unknown; max: unknown };
    expect([b.distribution, String(b.min), String(b.mode), String(b.max)]).toEqual([
      'triangular',
      lambda(40).toFixed(),
      '2450',
      lambda(0).toFixed(),
    ]);
    expect(lambda(40).toFixed()).toBe('2406.56');
    expect(dec('2.501').minus(dec('2.450')).div(dec('2.361e-3')).toFixed(1)).toBe('21.6');
    const t = bundledTables()[0];
    const r = t?.records[0];
    expect(r?.uncertainty).toBeUndefined();
    const c = use((r as NonNullable<typeof r>).key, `${t?.ref}+own@1.0.0`, '1', {
      ...((r?.applies.ecosystem ?? null) !== null ? { ecosystem: r?.applies.ecosystem } : {}),
      ...((r?.applies.region ?? null) !== null ? { region: r?.applies.region } : {}),
    });
    expect(collectParameters(resultOf([c]), [placed(OWN, 0)], {})[0]?.origin).toBe('default');
  });

  it('a chain ending on a bundled table reads its record’s distribution: the latent heat of vaporisation', () => {
    // 2450 J/g, triangular 2406.56 · 2450 · 2501 → multipliers 2406.56/2450 = 0.982269…, 1, 2501/2450 = 1.020816….
    const c = use('climate.latent_heat', 'county-platform-constants@1.1.0+own@1.0.0', '2450', {
      unit: 'J_per_g',
    });
    const [p] = collectParameters(resultOf([c]), [placed(OWN, 0)], {});
    expect([p?.origin, p?.grade, p?.source?.document]).toEqual([
      'record',
      'derived',
      'Allen R. G., Pereira L. S., Raes D., Smith M. (1998), Crop evapotranspiration: guidelines for computing crop water requirements, FAO Irrigation and Drainage Paper 56, FAO, Rome',
    ]);
    const d = p?.distribution as { distribution: string; min: number; mode: number; max: number };
    expect(d.distribution).toBe('triangular');
    expect(d.min).toBeCloseTo(2406.56 / 2450, 12);
    expect(d.mode).toBe(1);
    expect(d.max).toBeCloseTo(2501 / 2450, 12);
    // A ref that is neither the caller's nor bundled is skipped, not an error: the default of its grade.
    const other = use('climate.latent_heat', 'nowhere@1.0.0', '2450', { unit: 'J_per_g' });
    expect(collectParameters(resultOf([other]), [placed(OWN, 0)], {})[0]?.origin).toBe('default');
  });

  it('an invalid table of the caller is skipped (the account refuses it itself)', () => {
    const ps = collectParameters(
      resultOf([use('k.rain', 'own@1.0.0', '2')]),
      [placed({ kind: 'nonsense' }, 0), placed(OWN, 1)],
      {},
    );
    expect(ps[0]?.origin).toBe('record');
  });

  it('a record’s distribution that cannot scale its value is refused at the record, in its table’s place', () => {
    const issueOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof GepError)) throw e;
        return e.issues[0];
      }
      return undefined;
    };
    // A point value of 0: no multiplier of 0 gives the record's 1.6 … 2.4. The table was read from own.json, and
    // k.rain is its first record.
    const c = use('k.rain', 'own@1.0.0', '0');
    expect(
      issueOf(() => collectParameters(resultOf([c]), [{ json: OWN, path: ['own.json'] }], {})),
    ).toMatchObject({
      code: 'UNCERTAINTY_INVALID',
      path: ['own.json', 'records', 0, 'uncertainty'],
      params: { detail: 'the point value is 0: a distribution around it cannot scale' },
    });
    // In the input's second table, at overrides.tables[1].
    expect(
      issueOf(() => collectParameters(resultOf([c]), [placed(OVERLAY, 0), placed(OWN, 1)], {}))?.path,
    ).toEqual(['overrides', 'tables', 1, 'records', 0, 'uncertainty']);
    // A bundled record: at its file.
    const t = bundledTables().find((x) => x.id === 'county-platform-constants');
    const j = t?.records.findIndex((r) => r.key === 'climate.latent_heat');
    const bundled = use('climate.latent_heat', `${t?.ref}`, '0', { unit: 'J_per_g' });
    expect(j).toBeGreaterThanOrEqual(0);
    expect(issueOf(() => collectParameters(resultOf([bundled]), [], {}))?.path).toEqual([
      'coefficients/platform/county-platform-constants.json',
      'records',
      j,
      'uncertainty',
    ]);
  });

  it('fixed coefficients, by id or by key, are left out', () => {
    const a = use('k.a', 'x@1.0.0', '1');
    const b = use('k.b', 'x@1.0.0', '1');
    const c = use('k.c', 'x@1.0.0', '1');
    const ps = collectParameters(resultOf([a, b, c]), [], { fixed: [a.id, 'k.c'] });
    expect(ps.map((p) => p.id)).toEqual([b.id]);
  });

  it('input quantities follow the coefficients, named by their path', () => {
    const ps = collectParameters(resultOf([use('k.a', 'x@1.0.0', '1')]), [], {
      inputs: [
        { path: ['materialProducts', 0, 'grossOutput'], distribution: U },
        { path: ['year'], distribution: N },
      ],
    });
    expect(ps.slice(1)).toEqual([
      {
        id: 'input:materialProducts.0.grossOutput',
        kind: 'input',
        key: 'materialProducts.0.grossOutput',
        ecosystem: null,
        table: null,
        path: ['materialProducts', 0, 'grossOutput'],
        value: '',
        unit: '',
        grade: null,
        distribution: U,
        origin: 'option',
        source: null,
      },
      {
        id: 'input:year',
        kind: 'input',
        key: 'year',
        ecosystem: null,
        table: null,
        path: ['year'],
        value: '',
        unit: '',
        grade: null,
        distribution: N,
        origin: 'option',
        source: null,
      },
    ] satisfies Parameter[]);
  });

  it('a number named twice in inputs (the same path, or a quantity and its value) is refused at the second', () => {
    const refusal = (inputs: { path: (string | number)[]; distribution: Multiplier }[]) => {
      try {
        collectParameters(resultOf([use('k.a', 'x@1.0.0', '1')]), [], { inputs });
      } catch (e) {
        return (e as GepError).issues[0];
      }
      return undefined;
    };
    const q = ['materialProducts', 0, 'grossOutput'];
    for (const [a, b] of [
      [q, q],
      [q, [...q, 'value']],
      [[...q, 'value'], q],
    ]) {
      const r = refusal([
        { path: ['year'], distribution: N },
        { path: a as (string | number)[], distribution: U },
        { path: b as (string | number)[], distribution: U },
      ]);
      expect(r?.code).toBe('UNCERTAINTY_INVALID');
      expect(r?.path).toEqual(['inputs', 2, 'path']);
      expect(r?.message.en).toContain(
        `the input at ${(b as string[]).join('.')} is named already by inputs[1] (${(a as string[]).join('.')}): drawn twice`,
      );
    }
    // two numbers of one quantity's neighbours, and a path ending in value elsewhere, are distinct
    expect(
      refusal([
        { path: q, distribution: U },
        { path: ['materialProducts', 1, 'grossOutput'], distribution: U },
        { path: ['materialProducts', 0, 'value'], distribution: U },
      ]),
    ).toBeUndefined();
  });

  it("a custom indicator's graded input is drawn as its coefficient: naming it under inputs too is refused", () => {
    // X1's input y is graded: the account lists it as the coefficient X1.y (table customIndicators), declared at
    // customIndicators[1].inputs.y, X1's one line being customIndicators[1]. X0's y is not graded. A table of
    // another name holding a key X1.y is no custom input.
    const graded = use('X1.y', 'customIndicators', '1.2', { unit: '', grade: 'derived' });
    const other = use('X1.y', 'x@1.0.0', '3');
    const result = {
      coefficients: [other, graded],
      indicators: [
        { code: 'X0', lines: [{ path: ['customIndicators', 0] }] },
        { code: 'X1', lines: [{ path: ['customIndicators', 1] }] },
      ],
    } as unknown as AccountResult;
    const refused = (() => {
      try {
        collectParameters(result, [], {
          inputs: [
            { path: ['customIndicators', 0, 'inputs', 'y'], distribution: U },
            { path: ['customIndicators', 1, 'inputs', 'y'], distribution: N },
          ],
        });
      } catch (e) {
        return (e as GepError).issues[0];
      }
    })();
    expect(refused?.code).toBe('UNCERTAINTY_INVALID');
    expect(refused?.path).toEqual(['inputs', 1, 'path']);
    expect(refused?.message.en).toContain(
      'the input at customIndicators.1.inputs.y has a source and grade: it is drawn as the coefficient X1.y; give its distribution under distributions["X1.y"], not under inputs',
    );
    // the ungraded input of X0, and X1's input under another table's key, are drawn as named
    const ps = collectParameters(result, [], {
      inputs: [{ path: ['customIndicators', 0, 'inputs', 'y'], distribution: U }],
    });
    expect(ps.map((p) => [p.kind, p.id])).toEqual([
      ['coefficient', other.id],
      ['coefficient', graded.id],
      ['input', 'input:customIndicators.0.inputs.y'],
    ]);
  });
});
