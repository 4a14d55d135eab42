import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, TYPES, exampleContext } from '../../test/vep/helpers';
import { toJsonLine } from '../io/jsonl';
import { type ParcelResult, valueParcels } from './batch';
import { type CompactParcelResult, type CompactType, compactResult, toCompactLine } from './result-line';

const full: ParcelResult = {
  line: 2,
  ok: true,
  id: 'ZX-0001',
  package: 'PKG-A',
  key: 'hills',
  path: 'fast',
  basis: 'sha256:00',
  value: '6.00',
  byType: [
    { type: 'forest.broadleaf', area: { value: '120', unit: 'mu' }, value: '4.50' },
    { type: 'shrub', area: { value: '1.5', unit: 'hm2' }, value: '1.50' },
  ],
  cells: [
    { indicator: 'R1', type: 'forest.broadleaf', value: '4.00' },
    { indicator: 'R8', type: 'forest.broadleaf', value: '0.50' },
    { indicator: 'R1', type: 'shrub', value: '1.50' },
  ],
  issues: [],
  warnings: ['W1', 'W2'],
};

describe('the compact result line', () => {
  it('groups the cells under their type, keeps every other field but the basis, in the full line’s order', () => {
    // The parcel's 6.00 元 is 4.50 (broadleaf: R1 4.00 + R8 0.50) + 1.50 (shrub: R1 1.50), as the full line says.
    expect(toCompactLine(full)).toBe(
      '{"line":2,"ok":true,"id":"ZX-0001","package":"PKG-A","key":"hills","path":"fast","value":"6.00",' +
        '"types":{"forest.broadleaf":{"area":["120","mu"],"value":"4.50","cells":{"R1":"4.00","R8":"0.50"}},' +
        '"shrub":{"area":["1.5","hm2"],"value":"1.50","cells":{"R1":"1.50"}}},"warnings":["W1","W2"]}\n',
    );
  });

  it('writes issues only when there are some (warnings inline), and a package of null as null', () => {
    const warning: ParcelResult['issues'][number] = {
      code: 'VEP_RIGHT_EXPIRED',
      severity: 'warning',
      path: ['line', 2, 'rights', 0, 'until'],
      message: { zh: '权利已到期', en: 'The right has ended' },
      hint: 'Renew the right.',
    };
    const inline = compactResult({ ...full, package: null, issues: [warning], warnings: undefined });
    expect(inline.issues).toEqual([warning]);
    expect('warnings' in inline).toBe(false);
    expect(inline.package).toBeNull();
    expect('issues' in compactResult(full)).toBe(false);
  });

  it('a refused parcel is written as its full line (it has no cells)', () => {
    const refused: ParcelResult = { line: 5, ok: false, id: 'X', issues: [] };
    expect(toCompactLine(refused)).toBe(toJsonLine(refused));
  });

  it('cells without a type go under untyped; a type with cells and no area has cells alone', () => {
    const r = compactResult({
      ...full,
      cells: [
        ...(full.cells ?? []),
        { indicator: 'R4', type: null, value: '0.10' },
        { indicator: 'R3', type: 'wetland.lake', value: '0.20' },
      ],
    });
    expect(r.untyped).toEqual({ R4: '0.10' });
    expect(r.types['wetland.lake']).toEqual({ cells: { R3: '0.20' } });
    expect(Object.keys(r.types)).toEqual(['forest.broadleaf', 'shrub', 'wetland.lake']);
  });

  it('a type or indicator named "__proto__" (a code the classification pattern allows) is an own key, not lost', () => {
    const r = compactResult({
      ...full,
      byType: [{ type: '__proto__', area: { value: '1', unit: 'hm2' }, value: '1.00' }],
      cells: [{ indicator: '__proto__', type: '__proto__', value: '1.00' }],
    });
    expect(JSON.parse(toJsonLine(r))).toMatchObject({
      types: JSON.parse('{"__proto__":{"area":["1","hm2"],"value":"1.00","cells":{"__proto__":"1.00"}}}'),
    });
    expect(Object.getPrototypeOf(r.types)).toBe(Object.prototype);
  });

  it('"__proto__" is an ordinary own property wherever it is a key: enumerable, writable, configurable, written out', () => {
    const full4: ParcelResult = {
      line: 4,
      ok: true,
      issues: [],
      cells: [
        { indicator: '__proto__', type: '__proto__', value: '2.00' },
        { indicator: '__proto__', type: null, value: '3.00' },
        { indicator: 'R1', type: '__proto__', value: '1.00' },
      ],
    };
    const r = compactResult(full4);
    // the type has cells and no area: cells alone
    expect(toCompactLine(full4)).toBe(
      '{"line":4,"ok":true,"types":{"__proto__":{"cells":{"__proto__":"2.00","R1":"1.00"}}},' +
        '"untyped":{"__proto__":"3.00"}}\n',
    );
    const plain = { R1: '1.00' };
    const like = (value: unknown) => ({ ...Object.getOwnPropertyDescriptor(plain, 'R1'), value });
    const types = r.types as Record<string, CompactType>;
    expect(Object.getOwnPropertyDescriptor(types, '__proto__')).toEqual(like(types.__proto__));
    expect(Object.getOwnPropertyDescriptor(types.__proto__!.cells, '__proto__')).toEqual(like('2.00'));
    expect(Object.getOwnPropertyDescriptor(r.untyped, '__proto__')).toEqual(like('3.00'));
    expect(like('x')).toEqual({ value: 'x', enumerable: true, writable: true, configurable: true });
  });

  it('a valued result with no optional field has line, ok and its (empty) types only', () => {
    const bare: ParcelResult = { line: 3, ok: true, issues: [] };
    const r = compactResult(bare);
    expect(r).toStrictEqual({ line: 3, ok: true, types: {} });
    expect(Object.keys(r)).toEqual(['line', 'ok', 'types']);
    expect(toCompactLine(bare)).toBe('{"line":3,"ok":true,"types":{}}\n');
    // each optional field alone, in the full line's order
    const one = (extra: Partial<ParcelResult>) => Object.keys(compactResult({ ...bare, ...extra }));
    expect(one({ id: 'A' })).toEqual(['line', 'ok', 'id', 'types']);
    expect(one({ package: null })).toEqual(['line', 'ok', 'package', 'types']);
    expect(one({ key: 'hills' })).toEqual(['line', 'ok', 'key', 'types']);
    expect(one({ path: 'decimal' })).toEqual(['line', 'ok', 'path', 'types']);
    expect(one({ value: '0.00' })).toEqual(['line', 'ok', 'value', 'types']);
    expect(one({ warnings: [] })).toEqual(['line', 'ok', 'types', 'warnings']);
  });
});

/** The full result a compact line stands for, given the batch's basis hash (the summary's basis.hash). */
function expand(c: CompactParcelResult, basis: string): ParcelResult {
  const byType: NonNullable<ParcelResult['byType']> = [];
  const cells: NonNullable<ParcelResult['cells']> = [];
  for (const [type, t] of Object.entries(c.types)) {
    if (t.area !== undefined && t.value !== undefined)
      byType.push({ type, area: { value: t.area[0], unit: t.area[1] }, value: t.value });
    for (const [indicator, value] of Object.entries(t.cells)) cells.push({ indicator, type, value });
  }
  for (const [indicator, value] of Object.entries(c.untyped ?? {}))
    cells.push({ indicator, type: null, value });
  const { types: _types, untyped: _untyped, issues, warnings, ...head } = c;
  return {
    ...head,
    basis,
    byType,
    cells,
    issues: issues ?? [],
    ...(warnings === undefined ? {} : { warnings }),
  } as ParcelResult;
}

describe('the compact line holds what the full line holds', () => {
  it('property: batches of the example context, fast and decimal path, refs or inline warnings: expanded back, each result is the full one', () => {
    const ctx = exampleContext();
    const parcel = fc.record({
      types: fc.subarray([...TYPES], { minLength: 1, maxLength: 4 }),
      value: fc.integer({ min: 0, max: 9_999_999 }),
      unit: fc.constantFrom('mu', 'hm2', 'm2'),
      key: fc.constantFrom('hills', 'valley', 'nowhere'),
      expired: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(parcel, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.constantFrom<'refs' | 'inline'>('refs', 'inline'),
        (parcels, fastPath, warnings) => {
          const lines = parcels.map((p, i) =>
            JSON.stringify({
              id: `P${i}`,
              key: p.key,
              areas: Object.fromEntries(
                p.types.map((t, k) => [t, { value: ((p.value + k) / 100).toFixed(2), unit: p.unit }]),
              ),
              rights: [
                { kind: 'forest', certificate: `C${i}`, ...(p.expired ? { until: '2020-01-01' } : {}) },
              ],
            }),
          );
          const gen = valueParcels(lines, ctx, { fastPath, warnings });
          const results: ParcelResult[] = [];
          for (let s = gen.next(); ; s = gen.next()) {
            if (s.done === true) {
              const basis = s.value.basis.hash;
              for (const r of results) {
                const line = JSON.parse(toCompactLine(r)) as CompactParcelResult | ParcelResult;
                expect(r.ok ? expand(line as CompactParcelResult, basis) : line).toEqual(r);
                if (r.ok) expect(r.basis).toBe(basis);
              }
              return;
            }
            results.push(s.value);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('is smaller: the example’s valued parcels (warnings as refs, as the CLI writes them) in under half the bytes', async () => {
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(`${EXAMPLES}/parcels.csv`, 'utf8').split('\n');
    let compact = 0;
    let fullBytes = 0;
    let valued = 0;
    for (const r of valueParcels(lines, exampleContext(), { format: 'csv', warnings: 'refs' })) {
      if (!r.ok) continue;
      valued += 1;
      compact += toCompactLine(r).length;
      fullBytes += toJsonLine(r).length;
    }
    expect(valued).toBe(6);
    expect(compact / fullBytes).toBeLessThan(0.5);
  });
});
