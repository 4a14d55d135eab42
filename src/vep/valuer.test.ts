import { describe, expect, it, vi } from 'vitest';
import { GepError, type Issue, type Path } from '../core/errors';

/**
 * The engine as it is, watched: `engine.runs` counts its runs (a reference costs two: 1 hm² and the probe area),
 * and `engine.fault`, when set, is called with each run's input and may throw or return warnings to add.
 */
const engine = vi.hoisted(() => ({
  runs: 0,
  fault: undefined as
    undefined | ((input: { ecosystems: { area: { value: string } }[] }) => unknown[] | void),
}));
vi.mock('../account/account', async (importOriginal) => {
  const real = await importOriginal<typeof import('../account/account')>();
  return {
    ...real,
    account: (input: never, opts: never) => {
      engine.runs += 1;
      const extra = engine.fault?.(input) ?? [];
      const r = real.account(input, opts);
      return extra.length === 0 ? r : { ...r, warnings: [...r.warnings, ...extra] };
    },
  };
});

const { ParcelValuer, locateWarning } = await import('./valuer');
const { prepareContext } = await import('./context');
const { parseParcel } = await import('./parse-parcel');
const { exampleContext, parcel } = await import('../../test/vep/helpers');
import type { ParcelValue } from './valuer';
import type { Parcel } from './schema';

const ctx = exampleContext();
const prepared = prepareContext(ctx);
/** The example context on 2024-03-31, with the hills' broadleaf ion concentration below the threshold. */
const lowIons = (() => {
  const c = structuredClone(ctx) as { keys: { hills: { airIons: { concentration: { value: string } }[] } } };
  (c.keys.hills.airIons[0] as { concentration: { value: string } }).concentration.value = '1';
  return prepareContext(c);
})();

function asParcel(raw: unknown): Parcel {
  const p = parseParcel(raw, ['line', 1]);
  if (Array.isArray(p)) throw new Error(JSON.stringify(p));
  return p;
}
const shrub = (extra: object = {}, id = 'P') => asParcel(parcel(id, 'hills', { shrub: ['1', 'hm2'] }, extra));
function valued(r: ParcelValue | Issue[]): ParcelValue {
  if (Array.isArray(r)) throw new Error(JSON.stringify(r.map((i) => [i.code, i.path])));
  return r;
}
function refused(r: ParcelValue | Issue[]): Issue[] {
  if (!Array.isArray(r)) throw new Error(`valued: ${r.total}`);
  return r;
}
const codesPaths = (is: readonly Issue[]) => is.map((i) => [i.code, i.path]);
const vepWarnings = (r: ParcelValue) => r.warnings.filter((w) => w.code.startsWith('VEP_'));
const fresh = (opts = {}) => new ParcelValuer(prepared, opts);

describe('ParcelValuer: refusals before any engine run', () => {
  it('no key and no inline context: VEP_KEY_MISSING at the parcel', () => {
    const p = asParcel({ id: 'P', areas: { shrub: { value: '1', unit: 'hm2' } } });
    const is = refused(fresh().value(p, ['line', 5]));
    expect(codesPaths(is)).toEqual([['VEP_KEY_MISSING', ['line', 5]]]);
  });

  it('an undeclared key names the declared ones, or says there are none', () => {
    engine.runs = 0;
    const is = refused(fresh().value(asParcel(parcel('P', 'coast', { shrub: ['1', 'hm2'] })), ['line', 5]));
    expect(codesPaths(is)).toEqual([['VEP_KEY_UNKNOWN', ['line', 5, 'key']]]);
    expect(is[0]?.params).toEqual({ key: 'coast', allowed: 'hills, valley' });
    const none = new ParcelValuer(prepareContext({ ...ctx, keys: {} }));
    expect(
      refused(none.value(asParcel(parcel('P', 'hills', { shrub: ['1', 'hm2'] })), []))[0]?.params,
    ).toEqual({
      key: 'hills',
      allowed: '(no keys declared)',
    });
    expect(engine.runs).toBe(0);
  });

  it('each type outside the classification, with the key’s problem, all at once', () => {
    const p = asParcel(
      parcel('P', 'coast', { moss: ['1', 'hm2'], shrub: ['1', 'hm2'], lichen: ['2', 'mu'] }),
    );
    const is = refused(fresh().value(p, ['line', 2]));
    expect(codesPaths(is)).toEqual([
      ['VEP_KEY_UNKNOWN', ['line', 2, 'key']],
      ['ECOSYSTEM_TYPE_UNKNOWN', ['line', 2, 'areas', 'lichen']],
      ['ECOSYSTEM_TYPE_UNKNOWN', ['line', 2, 'areas', 'moss']],
    ]);
    expect(is[1]?.params).toEqual({
      type: 'lichen',
      classification: prepared.classificationRef,
      allowed: [...prepared.classification].join(', '),
    });
    expect(is[1]?.params?.['allowed']).toContain('forest.broadleaf, ');
  });
});

describe('ParcelValuer: values, paths and keys', () => {
  it('a key parcel by the fast path: cells by type, then in profile order; the total is their sum', () => {
    const r = valued(
      fresh().value(
        asParcel(parcel('P', 'valley', { shrub: ['1', 'hm2'], 'forest.broadleaf': ['2', 'mu'] })),
        ['line', 4],
      ),
    );
    expect([r.key, r.path]).toEqual(['valley', 'fast']);
    expect(r.cells.map((c) => `${c.type} ${c.code}`)).toEqual([
      'forest.broadleaf R1',
      'forest.broadleaf R2',
      'forest.broadleaf R3',
      'forest.broadleaf R6',
      'forest.broadleaf R7',
      'forest.broadleaf R8',
      'forest.broadleaf R9',
      'shrub R1',
      'shrub R2',
      'shrub R3',
      'shrub R6',
      'shrub R7',
      'shrub R8',
    ]);
    expect(r.total).toBe(r.cells.reduce((s, c) => s + c.fen, 0n));
    expect(r.total).toBe(53634499n);
  });

  it('the decimal path gives the same cells in the same order, the same total and warnings', () => {
    const p = asParcel(
      parcel('P', 'hills', {
        shrub: ['3.7', 'hm2'],
        'forest.broadleaf': ['2', 'mu'],
        'cropland.paddy': ['9', 'm2'],
      }),
    );
    const a = valued(fresh().value(p, ['line', 4]));
    const b = valued(fresh({ fastPath: false }).value(p, ['line', 4]));
    expect([a.path, b.path]).toEqual(['fast', 'decimal']);
    expect(b.cells).toEqual(a.cells);
    expect(b.cells.map((c) => c.type)).toEqual([...b.cells.map((c) => c.type)].sort());
    expect(b.total).toBe(a.total);
    expect(b.warnings).toEqual(a.warnings);
  });

  it('names the key, "inline" or "<key>+inline"; an inline context is valued with its own records', () => {
    const v = fresh();
    const climate = (
      (ctx as { keys: { hills: { climate: unknown[] } } }).keys.hills.climate as { precipitation?: unknown }[]
    ).map((c) =>
      c.precipitation === undefined ? c : { ...c, precipitation: { value: '2400', unit: 'mm' } },
    );
    const plain = valued(v.value(shrub(), []));
    const over = valued(v.value(shrub({ context: { climate } }), []));
    expect([plain.key, over.key]).toEqual(['hills', 'hills+inline']);
    // more rain: more water conservation (R1) than the key's climate gives
    expect((over.cells[0]?.fen ?? 0n) > (plain.cells[0]?.fen ?? 0n)).toBe(true);
    const hills = (ctx as { keys: { hills: Record<string, unknown> } }).keys.hills;
    const { note: _note, ...records } = hills;
    const inline = valued(
      v.value(asParcel({ id: 'Q', context: records, areas: { shrub: { value: '1', unit: 'hm2' } } }), []),
    );
    // the key's own records written inline: the same cells as the key
    expect([inline.key, inline.cells]).toEqual(['inline', plain.cells]);
    const wet = valued(
      v.value(
        shrub({
          waterBodies: {
            reservoirs: [
              {
                name: 'R',
                totalStorage: { value: '5000', unit: 'm3' },
                floodStorage: { value: '1000', unit: 'm3' },
              },
            ],
          },
        }),
        [],
      ),
    );
    expect([wet.key, wet.path]).toEqual(['hills+inline', 'decimal']);
  });

  it('a cell no ecosystem row owns (a reservoir’s flood storage) comes before the types’ cells', () => {
    // a profile of R3 alone: the engine gives R3 on shrub, then R3 of the reservoir (no type)
    const r3 = new ParcelValuer(prepareContext({ ...ctx, exclude: ['R1', 'R2', 'R6', 'R7', 'R8', 'R9'] }));
    const reservoirs = [
      { name: 'R', totalStorage: { value: '5000', unit: 'm3' }, floodStorage: { value: '1000', unit: 'm3' } },
    ];
    const r = valued(r3.value(shrub({ waterBodies: { reservoirs } }), []));
    expect(r.path).toBe('decimal');
    expect(r.cells.map((c) => [c.code, c.type])).toEqual([
      ['R3', null],
      ['R3', 'shrub'],
    ]);
    expect(r.total).toBe((r.cells[0]?.fen ?? 0n) + (r.cells[1]?.fen ?? 0n));
  });

  it('a parcel the engine refuses on its own run (not its references) is refused at its location', () => {
    // 10³⁴ hm²: the 1 hm² and 37.3 hm² references run, the parcel's own decimal run is out of range
    // (past the number limits, which the parcel reader refuses: the parcel is built past it)
    const p: Parcel = {
      ...shrub(),
      areas: [{ type: 'shrub', value: '9999999999999999999999999999999999', unit: 'hm2' }],
    };
    const is = refused(fresh({ fastPath: false }).value(p, ['line', 4]));
    expect(codesPaths(is)).toEqual([['NUMBER_OUT_OF_RANGE', ['line', 4, 'areas', 'shrub', 'area', 'value']]]);
  });

  it('what the engine throws that is not a GepError propagates, from a reference or from the parcel’s run', () => {
    engine.fault = () => {
      throw new TypeError('boom');
    };
    try {
      expect(() => fresh().value(shrub(), [])).toThrow('boom');
    } finally {
      engine.fault = undefined;
    }
    const v = fresh({ fastPath: false });
    valued(v.value(shrub(), [])); // references made
    engine.fault = () => {
      throw new TypeError('bang');
    };
    try {
      expect(() => v.value(asParcel(parcel('P', 'hills', { shrub: ['2', 'hm2'] })), [])).toThrow('bang');
    } finally {
      engine.fault = undefined;
    }
  });

  it('a type whose reference the engine refuses: its issues at the parcel, every type tried, kept for the next', () => {
    // minGrade secondary: the example's placeholders (`assumed`) refuse paddy (1 coefficient) and broadleaf (3),
    // in the order of the parcel's areas (sorted by type)
    const v = new ParcelValuer(prepareContext({ ...ctx, minGrade: 'secondary' }));
    const p = (id: string) =>
      asParcel(parcel(id, 'hills', { 'forest.broadleaf': ['1', 'hm2'], 'cropland.paddy': ['1', 'hm2'] }));
    engine.runs = 0;
    const is = refused(v.value(p('A'), ['line', 3]));
    // each distinct refusal once (both references read soil.bulk_density), at the line, sorted by message
    expect(is.map((i) => [i.code, i.path, i.params?.['item']])).toEqual([
      ['GRADE_BELOW_MINIMUM', ['line', 3], 'ions.lifetime @ example-local@1.0.0'],
      [
        'GRADE_BELOW_MINIMUM',
        ['line', 3],
        'runoff.storm_coefficient [forest.broadleaf] @ example-local@1.0.0',
      ],
      ['GRADE_BELOW_MINIMUM', ['line', 3], 'soil.bulk_density @ example-local@1.0.0'],
    ]);
    expect(engine.runs).toBe(2); // the first run of each reference throws
    // the next parcel: the refusals come from the cache, located at its own line
    const again = refused(v.value(p('B'), ['line', 8]));
    expect(engine.runs).toBe(2);
    expect(again.map((i) => i.path[1])).toEqual([8, 8, 8]);
    expect(again.map((i) => i.params)).toEqual(is.map((i) => i.params));
  });

  it('an inline context without the records the engine needs: issues re-pointed at the parcel and the context', () => {
    const p = asParcel({ id: 'Q', context: { climate: [] }, areas: { shrub: { value: '1', unit: 'hm2' } } });
    const is = refused(fresh().value(p, ['line', 4]));
    // (each once, sorted by code and message)
    expect(codesPaths(is)).toEqual(
      expect.arrayContaining([
        ['CLIMATE_MISSING', ['line', 4, 'areas', 'shrub']],
        ['INDICATOR_INPUT_MISSING', ['context', 'keys', '?', 'soilFactors']],
      ]),
    );
    expect(is.map((i) => i.code)).toEqual([...is.map((i) => i.code)].sort());
  });
});

describe('ParcelValuer: reference values cached per key, type and records', () => {
  it('two engine runs per (key, type) on first use, none after; the decimal path adds one per parcel', () => {
    const v = fresh();
    engine.runs = 0;
    valued(v.value(shrub(), []));
    expect(engine.runs).toBe(2);
    valued(v.value(asParcel(parcel('P', 'hills', { shrub: ['7', 'mu'] })), []));
    expect(engine.runs).toBe(2);
    // another key, another type: new references
    valued(v.value(asParcel(parcel('P', 'valley', { shrub: ['7', 'mu'] })), []));
    valued(v.value(asParcel(parcel('P', 'hills', { 'forest.broadleaf': ['7', 'mu'] })), []));
    expect(engine.runs).toBe(6);
    // an inline context: references of its own records, once
    const hills = (ctx as { keys: { hills: { productivity: unknown } } }).keys.hills;
    const inline = shrub({ context: { productivity: hills.productivity } });
    valued(v.value(inline, []));
    valued(v.value(inline, []));
    expect(engine.runs).toBe(8);
    const slow = fresh({ fastPath: false });
    engine.runs = 0;
    valued(slow.value(shrub(), []));
    valued(slow.value(shrub(), []));
    expect(engine.runs).toBe(2 + 1 + 1);
  });

  it('at most cacheSize references, the oldest dropped first', () => {
    const types = ['shrub', 'forest.broadleaf', 'cropland.paddy'];
    const runsFor = (size: number, order: number[]) => {
      const v = fresh({ cacheSize: size });
      return order.map((i) => {
        engine.runs = 0;
        valued(v.value(asParcel(parcel('P', 'hills', { [types[i] as string]: ['1', 'hm2'] })), []));
        return engine.runs;
      });
    };
    // two kept: shrub, broadleaf, shrub (kept), paddy (drops shrub, the oldest), broadleaf (kept), shrub (again)
    expect(runsFor(2, [0, 1, 0, 2, 1, 0])).toEqual([2, 2, 0, 2, 0, 2]);
    // one kept: every change of type runs again
    expect(runsFor(1, [0, 1, 1, 0])).toEqual([2, 2, 0, 2]);
    // the default keeps them all
    expect(runsFor(10_000, [0, 1, 2, 0, 1, 2])).toEqual([2, 2, 2, 0, 0, 0]);
    const v = new ParcelValuer(prepared);
    engine.runs = 0;
    for (const t of [...types, ...types])
      valued(v.value(asParcel(parcel('P', 'hills', { [t]: ['1', 'hm2'] })), []));
    expect(engine.runs).toBe(6);
  });

  it('referenceWarnings: each reference-run warning once, without a path', () => {
    const v = fresh();
    valued(
      v.value(asParcel(parcel('P', 'hills', { shrub: ['1', 'hm2'], 'forest.broadleaf': ['1', 'hm2'] })), [
        'line',
        3,
      ]),
    );
    valued(v.value(asParcel(parcel('P', 'valley', { shrub: ['1', 'hm2'] })), ['line', 4]));
    const ws = [...v.referenceWarnings];
    expect(ws.map(([k]) => k)).toEqual([
      // broadleaf's reference first (a parcel's areas are sorted by type), then shrub's new one; the valley's
      // shrub adds nothing new
      'GRADE_BELOW_THRESHOLD|Evidence grade below secondary: soil.bulk_density @ example-local@1.0.0 is assumed',
      'GRADE_BELOW_THRESHOLD|Evidence grade below secondary: runoff.storm_coefficient [forest.broadleaf] @ example-local@1.0.0 is assumed',
      'GRADE_BELOW_THRESHOLD|Evidence grade below secondary: ions.lifetime @ example-local@1.0.0 is assumed',
      'GRADE_BELOW_THRESHOLD|Evidence grade below secondary: runoff.storm_coefficient [shrub] @ example-local@1.0.0 is assumed',
    ]);
    expect(ws.every(([, w]) => w.path.length === 0 && w.code === 'GRADE_BELOW_THRESHOLD')).toBe(true);
  });
});

describe('ParcelValuer: onReference', () => {
  it('is told the warnings of each reference a valuation reads, computed or kept; not of references that fail', () => {
    const seen: (readonly Issue[])[] = [];
    const v = new ParcelValuer(prepared, { onReference: (ws) => seen.push(ws) });
    const p = asParcel(parcel('P', 'hills', { shrub: ['1', 'hm2'], 'forest.broadleaf': ['1', 'hm2'] }));
    valued(v.value(p, ['line', 1]));
    // two types: two references computed, each reported with its warnings (broadleaf's three: bulk density,
    // its storm runoff coefficient, ions' lifetime; shrub's two: bulk density, its storm runoff coefficient)
    expect(seen.map((ws) => ws.length)).toEqual([3, 2]);
    valued(v.value(p, ['line', 2]));
    // the same two again, kept: the very same lists
    expect(seen).toHaveLength(4);
    expect(seen[2]).toBe(seen[0]);
    expect(seen[3]).toBe(seen[1]);
    // a reference that fails (paddy below the minimum grade) is not reported; an unknown key reads none
    const strict = new ParcelValuer(prepareContext({ ...ctx, minGrade: 'secondary' }), {
      onReference: (ws) => seen.push(ws),
    });
    strict.value(asParcel(parcel('Q', 'hills', { 'cropland.paddy': ['1', 'hm2'] })), ['line', 3]);
    // the failed reference again, now kept: still not reported (it has no warnings list to give)
    expect(
      Array.isArray(
        strict.value(asParcel(parcel('Q2', 'hills', { 'cropland.paddy': ['1', 'hm2'] })), ['line', 4]),
      ),
    ).toBe(true);
    strict.value(asParcel(parcel('R', 'nowhere', { shrub: ['1', 'hm2'] })), ['line', 5]);
    expect(seen).toHaveLength(4);
  });
});

describe('ParcelValuer: warnings located at the parcel', () => {
  it('the fast path’s reference warnings, once each, sorted, at the line; the same on the decimal path', () => {
    const p = asParcel(parcel('P', 'hills', { 'forest.broadleaf': ['1', 'hm2'], shrub: ['2', 'mu'] }));
    const a = valued(new ParcelValuer(lowIons).value(p, ['line', 1]));
    const b = valued(new ParcelValuer(lowIons, { fastPath: false }).value(p, ['line', 1]));
    expect(a.warnings.map((w) => [w.code, w.path, w.message.en])).toEqual([
      [
        'GRADE_BELOW_THRESHOLD',
        ['line', 1],
        'Evidence grade below secondary: ions.lifetime @ example-local@1.0.0 is assumed',
      ],
      [
        'GRADE_BELOW_THRESHOLD',
        ['line', 1],
        'Evidence grade below secondary: runoff.storm_coefficient [forest.broadleaf] @ example-local@1.0.0 is assumed',
      ],
      [
        'GRADE_BELOW_THRESHOLD',
        ['line', 1],
        'Evidence grade below secondary: runoff.storm_coefficient [shrub] @ example-local@1.0.0 is assumed',
      ],
      // shared by both types: once
      [
        'GRADE_BELOW_THRESHOLD',
        ['line', 1],
        'Evidence grade below secondary: soil.bulk_density @ example-local@1.0.0 is assumed',
      ],
      [
        'NEGATIVE_TERM',
        ['line', 1, 'areas', 'forest.broadleaf'],
        'Q − Q₀ for forest.broadleaf is negative (-599 ions/cm³): valued as zero (belowThreshold = zero)',
      ],
    ]);
    expect(b.warnings).toEqual(a.warnings);
  });

  it('re-located per line from a template per key and types; other locations computed afresh', () => {
    const both = asParcel(parcel('P', 'hills', { 'forest.broadleaf': ['1', 'hm2'], shrub: ['2', 'mu'] }));
    const one = asParcel(parcel('P', 'hills', { shrub: ['2', 'mu'] }));
    const v = new ParcelValuer(lowIons);
    const at = (p: Parcel, where: Path) => valued(v.value(p, where)).warnings;
    const line1 = at(both, ['line', 1]);
    const line9 = at(both, ['line', 9]);
    expect(line9).toEqual(valued(new ParcelValuer(lowIons).value(both, ['line', 9])).warnings);
    expect(line9.map((w) => w.path)).toEqual(line1.map((w) => [w.path[0], 9, ...w.path.slice(2)]));
    // shrub alone (same key, other types): its own warnings, not the template of both
    const shrubOnly = at(one, ['line', 2]);
    expect(shrubOnly.map((w) => w.message.en).some((m) => m.includes('forest'))).toBe(false);
    expect(shrubOnly).toHaveLength(2);
    // both again at line 3, then elsewhere than a line: each right for its location
    expect(at(both, ['line', 3]).map((w) => w.path.slice(0, 2))).toEqual(line1.map(() => ['line', 3]));
    expect(at(both, ['parcels', 3]).map((w) => w.path)).toEqual(
      line1.map((w) => ['parcels', 3, ...w.path.slice(2)]),
    );
    expect(at(both, ['parcels', 4]).map((w) => w.path)).toEqual(
      line1.map((w) => ['parcels', 4, ...w.path.slice(2)]),
    );
    expect(at(both, ['line', 4, 'x']).map((w) => w.path.slice(0, 3))).toEqual(
      line1.map(() => ['line', 4, 'x']),
    );
    expect(at(both, ['line', 5, 'y']).map((w) => w.path.slice(0, 3))).toEqual(
      line1.map(() => ['line', 5, 'y']),
    );
    expect(at(both, []).map((w) => w.path)).toEqual(line1.map((w) => w.path.slice(2)));
    // a small cache: templates dropped, the warnings the same
    const small = new ParcelValuer(lowIons, { cacheSize: 1 });
    for (const n of [1, 2, 3]) {
      expect(valued(small.value(both, ['line', n])).warnings).toEqual(
        line1.map((w) => ({ ...w, path: [w.path[0], n, ...w.path.slice(2)] })),
      );
      expect(valued(small.value(one, ['line', n])).warnings.map((w) => w.path)).toEqual([
        ['line', n],
        ['line', n],
      ]);
    }
  });

  it('a warning about the key’s records is located in the context, the same for every line', () => {
    engine.fault = () => [
      {
        code: 'NEGATIVE_TERM',
        severity: 'warning',
        path: ['climate', 0, 'relativeHumidity'],
        message: { zh: '湿', en: 'humid' },
        hint: '',
      },
    ];
    try {
      const v = fresh();
      const ws = [1, 2].map((n) =>
        valued(v.value(shrub(), ['line', n])).warnings.filter((w) => w.message.en === 'humid'),
      );
      expect(ws.map((w) => codesPaths(w))).toEqual([
        [['NEGATIVE_TERM', ['context', 'keys', 'hills', 'climate', 0, 'relativeHumidity']]],
        [['NEGATIVE_TERM', ['context', 'keys', 'hills', 'climate', 0, 'relativeHumidity']]],
      ]);
    } finally {
      engine.fault = undefined;
    }
  });

  it('VEP_ID_NORMALISED first, then rights and encumbrances, the outline, the engine’s', () => {
    const p = asParcel(
      parcel(
        'ＰＫ－０１',
        'hills',
        { shrub: ['500', 'hm2'] },
        {
          geometry: square,
          encumbrances: [{ kind: 'seizure' }],
        },
      ),
    );
    const r = valued(fresh().value(p, ['line', 6]));
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([
      ['VEP_ID_NORMALISED', ['line', 6, 'id']],
      ['VEP_PARCEL_ENCUMBERED', ['line', 6, 'encumbrances']],
      ['VEP_AREA_MISMATCH', ['line', 6, 'geometry']],
      ['GRADE_BELOW_THRESHOLD', ['line', 6]],
      ['GRADE_BELOW_THRESHOLD', ['line', 6]],
    ]);
    expect(r.warnings[0]?.params).toEqual({ id: 'PK-01' });
    // an id written by the rule: no VEP_ID_NORMALISED
    expect(valued(fresh().value(shrub(), [])).warnings.map((w) => w.code)).toEqual([
      'GRADE_BELOW_THRESHOLD',
      'GRADE_BELOW_THRESHOLD',
    ]);
  });

  it('VEP_FIELD_NORMALISED after the id, in the record’s order: the package, each padded or blank certificate and holder (a full-width one is read silently)', () => {
    const p = asParcel(
      parcel(
        ' P7',
        'hills',
        { shrub: ['1', 'hm2'] },
        {
          package: 'ＰＫ',
          rights: [
            // full-width holder: read as H1 without a warning (as the register writes it)
            { kind: 'forest', certificate: 'C-1', holder: 'Ｈ1' },
            { kind: 'forest', certificate: ' C-2 ', holder: '\u3000', until: '2020-01-01' },
          ],
        },
      ),
    );
    const r = valued(fresh().value(p, ['line', 3]));
    expect(r.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['VEP_ID_NORMALISED', ['line', 3, 'id'], { id: 'P7' }],
      ['VEP_FIELD_NORMALISED', ['line', 3, 'package'], { field: 'package', id: 'PK' }],
      ['VEP_FIELD_NORMALISED', ['line', 3, 'rights', 1, 'certificate'], { field: 'certificate', id: 'C-2' }],
      ['VEP_FIELD_NORMALISED', ['line', 3, 'rights', 1, 'holder'], { field: 'holder', id: '' }],
      [
        'VEP_RIGHT_EXPIRED',
        ['line', 3, 'rights', 1, 'until'],
        { id: 'P7', until: '2020-01-01', when: 'valuation date 2024-03-31' },
      ],
      ['GRADE_BELOW_THRESHOLD', ['line', 3], expect.anything()],
      ['GRADE_BELOW_THRESHOLD', ['line', 3], expect.anything()],
    ]);
    // The value does not depend on how the fields were written.
    expect(r.total).toBe(valued(fresh().value(shrub(), ['line', 3])).total);
  });
});

/** A square of 0.01° × 0.01° at 30° N: 1 070 729.8 m² ≈ 107.07 hm² on the ellipsoid. */
const square = {
  type: 'Polygon',
  coordinates: [
    [
      [120, 30],
      [120.01, 30],
      [120.01, 30.01],
      [120, 30.01],
      [120, 30],
    ],
  ],
};

describe('ParcelValuer: the outline against the declared areas', () => {
  const mismatch = (areas: Record<string, [string, string]>, prep = prepared) =>
    vepWarnings(
      valued(
        new ParcelValuer(prep).value(asParcel(parcel('P', 'hills', areas, { geometry: square })), [
          'line',
          1,
        ]),
      ),
    );

  it('the declared areas summed in m², within 5 % by default', () => {
    // 107 hm² = 1 070 000 m²: 0.07 % off
    expect(mismatch({ shrub: ['107', 'hm2'] })).toEqual([]);
    // 50 hm² + 855 亩 (57 hm²) = 107 hm², two units summed
    expect(mismatch({ shrub: ['50', 'hm2'], 'forest.broadleaf': ['855', 'mu'] })).toEqual([]);
    // 50 hm² alone: 53 % off
    const w = mismatch({ shrub: ['50', 'hm2'] });
    expect(codesPaths(w)).toEqual([['VEP_AREA_MISMATCH', ['line', 1, 'geometry']]]);
    expect(w[0]?.params).toMatchObject({ id: 'P', declared: '500000.0', tolerance: '5 %' });
    // 115 hm²: 7.4 % off, beyond 5 %
    expect(mismatch({ shrub: ['115', 'hm2'] })).toHaveLength(1);
  });

  it('the context’s areaTolerance replaces the default', () => {
    const loose = prepareContext({ ...ctx, areaTolerance: 0.1 });
    expect(mismatch({ shrub: ['115', 'hm2'] }, loose)).toEqual([]);
    expect(mismatch({ shrub: ['125', 'hm2'] }, loose)[0]?.params?.['tolerance']).toBe('10 %');
  });

  it('no outline, no check', () => {
    expect(
      vepWarnings(valued(fresh().value(asParcel(parcel('P', 'hills', { shrub: ['1', 'km2'] })), []))),
    ).toEqual([]);
  });
});

describe('ParcelValuer: rights and encumbrances against the valuation date (2024-03-31)', () => {
  const warn = (extra: object) => vepWarnings(valued(fresh().value(shrub(extra), ['line', 2])));

  it('a right that ended before the valuation date; not one ending on it or without an end', () => {
    const w = warn({
      rights: [
        { kind: 'forest', until: '2024-03-30' },
        { kind: 'forest', until: '2024-03-31' },
        { kind: 'water' },
        { kind: 'house', until: '2019-01-01' },
      ],
    });
    expect(codesPaths(w)).toEqual([
      ['VEP_RIGHT_EXPIRED', ['line', 2, 'rights', 0, 'until']],
      ['VEP_RIGHT_EXPIRED', ['line', 2, 'rights', 3, 'until']],
    ]);
    expect(w[0]?.params).toEqual({ id: 'P', until: '2024-03-30', when: 'valuation date 2024-03-31' });
  });

  it('an encumbrance ending before it starts', () => {
    const w = warn({
      encumbrances: [
        { kind: 'lease', from: '2030-01-02', until: '2030-01-01' },
        { kind: 'lease', from: '2030-01-01', until: '2030-01-01' },
        { kind: 'lease', until: '2020-01-01' },
        { kind: 'lease', from: '2030-01-01' },
      ],
    });
    expect(codesPaths(w)).toEqual([['VEP_ENCUMBRANCE_DATES', ['line', 2, 'encumbrances', 0]]]);
    expect(w[0]?.params).toEqual({ id: 'P', detail: 'it ends 2030-01-01 before it starts 2030-01-02' });
  });

  it('an encumbrance outlasting every right it can burden, when every right has an end', () => {
    const rights = [
      { kind: 'forest', until: '2030-12-31' },
      { kind: 'land-contract', until: '2028-06-30' },
    ];
    const w = warn({
      rights,
      encumbrances: [
        { kind: 'lease', until: '2029-12-31' }, // within the latest right (2030-12-31)
        { kind: 'lease', until: '2030-12-31' }, // ends with it
        { kind: 'lease', until: '2031-01-01' },
        { kind: 'lease' },
      ],
    });
    expect(w.map((i) => [i.path, i.params?.['detail']])).toEqual([
      [['line', 2, 'encumbrances', 2], "it runs until 2031-01-01, beyond the rights' end 2030-12-31"],
      [['line', 2, 'encumbrances', 3], "it runs until released, beyond the rights' end 2030-12-31"],
    ]);
    // the latest of three ends, whatever their order: 2030-12-31, so an encumbrance until 2029-06-30 is within
    const three = [...rights, { kind: 'water', until: '2029-01-01' }];
    expect(warn({ rights: three, encumbrances: [{ kind: 'lease', until: '2029-06-30' }] })).toEqual([]);
    // one right without an end: no end to outlast; no rights at all: the same
    expect(warn({ rights: [...rights, { kind: 'water' }], encumbrances: [{ kind: 'lease' }] })).toEqual([]);
    expect(warn({ encumbrances: [{ kind: 'lease', until: '2099-01-01' }] })).toEqual([]);
    // both problems of one encumbrance, in that order
    const two = warn({ rights, encumbrances: [{ kind: 'lease', from: '2040-01-01', until: '2035-01-01' }] });
    expect(two.map((i) => i.params?.['detail'])).toEqual([
      'it ends 2035-01-01 before it starts 2040-01-01',
      "it runs until 2035-01-01, beyond the rights' end 2030-12-31",
    ]);
  });

  it('a mortgage, pledge or seizure in force on the valuation date, named in order; other kinds not', () => {
    const w = warn({
      encumbrances: [
        { kind: 'pledge', from: '2024-03-31' }, // starts on the date: in force
        { kind: 'lease' },
        { kind: 'mortgage', until: '2024-03-31' }, // ends on it: in force
        { kind: 'easement' },
        { kind: 'other' },
        { kind: 'seizure', from: '2024-04-01' }, // not yet
        { kind: 'mortgage', until: '2024-03-30' }, // released
        { kind: 'seizure', from: '2020-01-01', until: '2025-01-01' },
      ],
    });
    expect(codesPaths(w)).toEqual([['VEP_PARCEL_ENCUMBERED', ['line', 2, 'encumbrances']]]);
    expect(w[0]?.params).toEqual({ id: 'P', kinds: 'pledge, mortgage, seizure' });
    expect(warn({ encumbrances: [{ kind: 'lease' }, { kind: 'easement' }] })).toEqual([]);
    expect(warn({ encumbrances: [{ kind: 'mortgage', from: '2024-04-01' }] })).toEqual([]);
  });
});

describe('locateWarning', () => {
  const w = (path: Path): Issue => ({
    code: 'NEGATIVE_TERM',
    severity: 'warning',
    path,
    message: { zh: 'x', en: 'x' },
    hint: '',
  });
  const p = shrub();
  it('a path into the engine input is re-pointed at what the user wrote', () => {
    expect(locateWarning(w(['ecosystems', 0, 'area']), p, ['shrub'], ['line', 3]).path).toEqual([
      'line',
      3,
      'areas',
      'shrub',
      'area',
    ]);
    expect(locateWarning(w(['soilFactors', 1, 'K']), p, ['shrub'], ['line', 3]).path).toEqual([
      'context',
      'keys',
      'hills',
      'soilFactors',
      1,
      'K',
    ]);
  });
  it('a path into the result (coefficients, price index values) becomes the parcel’s location', () => {
    expect(locateWarning(w(['coefficients', 4]), p, ['shrub'], ['line', 3]).path).toEqual(['line', 3]);
    expect(locateWarning(w(['prices', 'indexValuesUsed', 0]), p, ['shrub'], ['line', 3]).path).toEqual([
      'line',
      3,
    ]);
    expect(locateWarning(w([]), p, ['shrub'], ['line', 3]).path).toEqual(['line', 3]);
    expect(locateWarning(w([0, 'x']), p, ['shrub'], ['line', 3]).path).toEqual(['line', 3]);
    // the rest of the warning is kept; the location is a copy
    const at: Path = ['line', 3];
    const out = locateWarning(w(['coefficients', 4]), p, ['shrub'], at);
    expect(out).toMatchObject({ code: 'NEGATIVE_TERM', message: { en: 'x' } });
    expect(out.path).not.toBe(at);
  });
});

describe('ParcelValuer: the context', () => {
  it('takes a prepared context as it is, or prepares a raw one', () => {
    const raw = new ParcelValuer(exampleContext());
    expect(raw.basis).toEqual(prepared.basis);
    expect(new ParcelValuer(prepared).prepared).toBe(prepared);
    expect(new ParcelValuer(prepared).basis).toBe(prepared.basis);
    expect(() => new ParcelValuer({ ...ctx, validityMonths: 0 })).toThrow(GepError);
  });

  it('takes as prepared only what prepareContext returned: a JSON context with a basis key is read as a context', () => {
    // `'basis' in context` skipped the validation, and the valuer crashed on the missing profile (a TypeError).
    const codes = (c: unknown) => {
      try {
        new ParcelValuer(c);
      } catch (e) {
        if (e instanceof GepError) return e.issues.map((i) => [i.code, i.path]);
        throw e;
      }
      return 'accepted';
    };
    expect(codes({ ...ctx, basis: {} })).toEqual([['VEP_CONTEXT_INVALID', ['context']]]);
    expect(codes({ basis: prepared.basis })).toContainEqual(['VEP_CONTEXT_INVALID', ['context']]);
    // A copy of a prepared context is no prepared context either: its keys are not a context's.
    expect(codes({ ...prepared })[0]?.[0]).toBe('VEP_CONTEXT_INVALID');
  });
});

describe('ParcelValuer: area types written by name or land-use class', () => {
  const mappedIn = (v: InstanceType<typeof ParcelValuer>) =>
    [...v.referenceWarnings.values()]
      .filter((w) => w.code === 'ECOSYSTEM_TYPE_MAPPED')
      .map((w) => [w.params?.given, w.params?.code]);

  it('a name or a class is valued as its code; a class is warned once, and told to onReference each time', () => {
    const told: (readonly Issue[])[] = [];
    const v = fresh({ onReference: (ws: readonly Issue[]) => told.push(ws) });
    const coded = valued(
      fresh().value(
        asParcel(parcel('P', 'valley', { shrub: ['1', 'hm2'], 'forest.broadleaf': ['2', 'mu'] })),
        ['line', 4],
      ),
    );
    // 灌木林地 (0305) is shrub through the crosswalk; 阔叶林 is forest.broadleaf by its name
    for (const n of [4, 5]) {
      const r = valued(
        v.value(asParcel(parcel('P', 'valley', { 灌木林地: ['1', 'hm2'], 阔叶林: ['2', 'mu'] })), [
          'line',
          n,
        ]),
      );
      expect(r.cells).toEqual(coded.cells);
      expect(r.total).toBe(coded.total);
    }
    expect(mappedIn(v)).toEqual([['灌木林地', 'shrub']]);
    // told at each parcel that read the class (the pool's workers count them per parcel), the name never
    expect(told.filter((ws) => ws.some((w) => w.code === 'ECOSYSTEM_TYPE_MAPPED')).length).toBe(2);
    expect(mappedIn(fresh())).toEqual([]);
  });

  it('a class of several types, a form of no type and a type given twice are refused at the area as written', () => {
    const v = fresh();
    expect(
      codesPaths(refused(v.value(asParcel(parcel('A', 'hills', { '0301': ['1', 'hm2'] })), ['line', 1]))),
    ).toEqual([['ECOSYSTEM_TYPE_AMBIGUOUS', ['line', 1, 'areas', '0301']]]);
    expect(
      codesPaths(refused(v.value(asParcel(parcel('B', 'hills', { 火星: ['1', 'hm2'] })), ['line', 2]))),
    ).toEqual([['ECOSYSTEM_TYPE_UNKNOWN', ['line', 2, 'areas', '火星']]]);
    // the later written form of the two is named (sorted by code, then as written), with both in the hint
    const twice = refused(
      v.value(
        asParcel(
          parcel('C', 'hills', {
            阔叶林: ['1', 'hm2'],
            'forest.broadleaf': ['2', 'hm2'],
            shrub: ['1', 'hm2'],
          }),
        ),
        ['line', 3],
      ),
    );
    expect(twice.map((i) => [i.code, i.path, i.params])).toEqual([
      ['DUPLICATE_ID', ['line', 3, 'areas', '阔叶林'], { id: 'forest.broadleaf' }],
    ]);
    expect(twice[0]?.hint).toBe(
      '"forest.broadleaf" and "阔叶林" are both ecosystem type forest.broadleaf: give the type once, with its whole area.',
    );
    expect(twice[0]?.hintZh).toBe(
      '“forest.broadleaf”与“阔叶林”是同一生态系统类型 forest.broadleaf：该类型只写一次，填写其全部面积。',
    );
    const classTwice = refused(
      v.value(asParcel(parcel('D', 'hills', { '0305': ['1', 'hm2'], 灌丛: ['2', 'hm2'] })), ['line', 4]),
    );
    expect(classTwice.map((i) => [i.code, i.path])).toEqual([['DUPLICATE_ID', ['line', 4, 'areas', '灌丛']]]);
    expect(classTwice[0]?.hint).toBe(
      '"0305" and "灌丛" are both ecosystem type shrub: give the type once, with its whole area.',
    );
    // D read 0305 before it was refused: the reading is warned
    expect(mappedIn(v)).toEqual([['0305', 'shrub']]);
  });

  it('areaType: a code as itself, a name or class as its code (a class warned), a form of no type as written', () => {
    const v = fresh();
    expect(['shrub', '灌丛', 'Coniferous forest', '0101', '火星', '0301'].map((t) => v.areaType(t))).toEqual([
      'shrub',
      'shrub',
      'forest.coniferous',
      'cropland.paddy',
      '火星',
      '0301',
    ]);
    expect(mappedIn(v)).toEqual([['0101', 'cropland.paddy']]);
  });
});
