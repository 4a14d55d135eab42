import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, TYPES, exampleContext, parcel } from '../../test/vep/helpers';
import { toJsonLine } from '../io/jsonl';
import { type ParcelResult, VepBatch, valueParcels } from './batch';
import { prepareContext } from './context';
import { ParcelValuer } from './valuer';
import { resultJsonLine } from './result-json';

const prepared = prepareContext(exampleContext());
/** One valuer for every run: its reference values are computed once. */
const valuer = new ParcelValuer(prepared);

describe('resultJsonLine', () => {
  it('writes every line of the example (CSV parcels, valued and refused) as toJsonLine does', () => {
    for (const warnings of ['refs', 'inline'] as const) {
      const lines = readFileSync(join(EXAMPLES, 'parcels.csv'), 'utf8').split('\n');
      const results = [...valueParcels(lines, prepared, { format: 'csv', warnings })];
      expect(results.some((r) => r.ok)).toBe(true);
      expect(results.some((r) => !r.ok)).toBe(true);
      for (const r of results) expect(resultJsonLine(r)).toBe(toJsonLine(r));
    }
  });

  it('writes random parcels (ids and packages with quotes, controls, CJK, lone surrogates) as toJsonLine does', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
      fc.string({
        unit: fc.constantFrom('"', '\\', '\n', '\u0001', '东', '山', 'a', '-', '\ud83c'),
        minLength: 1,
      }),
    );
    const arb = fc.array(
      fc.record({
        id: text,
        pkg: fc.option(text),
        key: fc.constantFrom('hills', 'valley'),
        types: fc.subarray([...TYPES], { minLength: 1 }),
        area: fc.integer({ min: 0, max: 9_999_999 }),
        unit: fc.constantFrom('mu', 'hm2', 'm2'),
        encumbered: fc.boolean(),
        holder: fc.option(text),
      }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(
        arb,
        fc.constantFrom('refs', 'inline') as fc.Arbitrary<'refs' | 'inline'>,
        (specs, warnings) => {
          const b = new VepBatch(valuer, { warnings });
          specs.forEach((s, i) => {
            const extra: Record<string, unknown> = {
              rights: [
                { kind: 'forest', certificate: `C${i}`, ...(s.holder === null ? {} : { holder: s.holder }) },
              ],
              ...(s.pkg === null ? {} : { package: s.pkg }),
              ...(s.encumbered ? { encumbrances: [{ kind: 'mortgage' }] } : {}),
            };
            const areas = Object.fromEntries(s.types.map((t) => [t, [(s.area / 100).toFixed(2), s.unit]]));
            const r = b.process(parcel(s.id, s.key, areas as Record<string, [string, string]>, extra), i + 1);
            expect(resultJsonLine(r as ParcelResult)).toBe(toJsonLine(r));
          });
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('falls back to toJsonLine for a shape it does not write (a bigint parameter in an issue)', () => {
    const r: ParcelResult = {
      line: 3,
      ok: true,
      id: 'A',
      package: null,
      key: 'hills',
      path: 'fast',
      basis: 'sha256:0',
      value: '1.00',
      byType: [],
      cells: [],
      issues: [
        {
          code: 'VEP_PARCEL_ENCUMBERED',
          severity: 'warning',
          path: ['line', 3],
          params: { n: 5n } as never,
          message: { zh: '甲', en: 'a' },
        } as never,
      ],
    };
    expect(resultJsonLine(r)).toBe(toJsonLine(r));
    expect(resultJsonLine(r)).toContain('"n":"5"');
  });
});
