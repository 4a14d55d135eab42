import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { Decimal } from '../../src/core/decimal';
import type { GepError } from '../../src/core/errors';
import { engineInput, engineOptions, prepareContext, validUntil } from '../../src/vep/context';
import { valuesByCell } from '../../src/vep/decimal-path';
import { ParcelValuer } from '../../src/vep/valuer';
import { valueParcel } from '../../src/vep/parcel';
import { parseParcel } from '../../src/vep/parse-parcel';
import type { Parcel } from '../../src/vep/schema';
import { TYPES, exampleContext, parcel } from './helpers';

const ctx = exampleContext();
const prepared = prepareContext(ctx);

function asParcel(raw: unknown): Parcel {
  const p = parseParcel(raw, ['line', 1]);
  if (Array.isArray(p)) throw new Error(JSON.stringify(p));
  return p;
}

describe('valuation basis', () => {
  it('names profile, methods, tables with hashes, price year, valuation date and validity', () => {
    const b = prepared.basis;
    expect(b.profile.id).toBe('jx-db36-1402-2021-parcel');
    expect(b.profile.derivedFrom.ref).toMatch(/^jx-db36-1402-2021@/);
    expect(b.indicators.map((i) => i.code)).toEqual(['R1', 'R2', 'R3', 'R6', 'R7', 'R8', 'R9']);
    expect(b.excluded.map((e) => e.code)).toEqual([
      'M1',
      'M2',
      'M3',
      'M4',
      'M5',
      'M6',
      'R4',
      'R5',
      'C1',
      'C2',
    ]);
    expect(b.tables.every((t) => t.hash.startsWith('sha256:'))).toBe(true);
    expect(b.userTables[0]?.ref).toBe('example-local@1.0.0');
    expect(b.priceYear).toBe(2023);
    expect(b.validUntil).toBe('2025-03-30');
    expect(b.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('validity: the day before the same day N months later; a month without that day ends on its last day', () => {
    // 2024-03-31 + 12 months = 2025-03-31 → last valid day 2025-03-30
    expect(validUntil('2024-03-31', 12)).toBe('2025-03-30');
    // 2024-01-31 + 1 month: February 2024 has no 31st → until its last day, 2024-02-29
    expect(validUntil('2024-01-31', 1)).toBe('2024-02-29');
    // 2023-12-15 + 3 months = 2024-03-15 → 2024-03-14
    expect(validUntil('2023-12-15', 3)).toBe('2024-03-14');
    // Every year is itself, also below 100: 0050-01-31 + 1 month, February 50 has 28 days (50 is not divisible by
    // 4) → until 0050-02-28; 0052-01-31 → 0052-02-29 (52 is a leap year; Date.UTC would read 1950 and 1952 alike,
    // so the pair tells the years apart only through February 29 of year 52).
    expect(validUntil('0050-01-31', 1)).toBe('0050-02-28');
    expect(validUntil('0052-01-31', 1)).toBe('0052-02-29');
  });

  it('a valuation date outside the years 1900–2200 is refused at context.valuationDate', () => {
    // 0000-01-01 gave a validity until "1900-12-31", 9999-12-31 one until "+010000-12".
    for (const date of ['0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31']) {
      const e = (() => {
        try {
          prepareContext({ ...ctx, valuationDate: date });
        } catch (err) {
          return err as GepError;
        }
        return undefined;
      })();
      expect(e?.issues[0]?.code, date).toBe('VEP_CONTEXT_INVALID');
      expect(e?.issues[0]?.path).toEqual(['context', 'valuationDate']);
      expect(e?.issues[0]?.message.en).toContain('not a calendar date YYYY-MM-DD of the years 1900–2200');
    }
    // the bounds themselves are dates: 2200-12-31 in a context of 2020 is prepared (warned as old data); 1900-01-01
    // in a context of 1900 passes the date check and is refused for the year the price index lacks (it starts 1978)
    expect(prepareContext({ ...ctx, year: 2020, valuationDate: '2200-12-31' }).basis.valuationDate).toBe(
      '2200-12-31',
    );
    const early = (() => {
      try {
        prepareContext({ ...ctx, year: 1900, valuationDate: '1900-01-01' });
      } catch (err) {
        return err as GepError;
      }
      return undefined;
    })();
    expect(early?.issues.map((i) => [i.code, i.path])).toEqual([
      ['PRICE_INDEX_YEAR_MISSING', ['context', 'year']],
    ]);
  });
});

describe('parcel value', () => {
  it('15 亩 is exactly 1 hm²: the parcel equals the engine on 1 hm², each cell rounded once to the fen', () => {
    const v = valueParcel(parcel('P1', 'hills', { 'forest.broadleaf': ['15', 'mu'] }), ctx);
    const ref = account(
      engineInput(prepared, prepared.keys.get('hills') ?? {}, [
        { type: 'forest.broadleaf', value: '1', unit: 'hm2' },
      ]),
      engineOptions(prepared),
    );
    const expected = valuesByCell(ref).map((c) => c.yuan.toFixed(2, Decimal.ROUND_HALF_EVEN));
    expect(v.cells?.map((c) => c.value)).toEqual(expected);
    // total = Σ cells (in fen), so the parts always add up to the parcel value
    const sum = (v.cells ?? []).reduce((s, c) => s.plus(c.value), new Decimal(0));
    expect(v.value).toBe(sum.toFixed(2));
    expect(v.valuation.validUntil).toBe('2025-03-30');
    expect(v.path).toBe('fast');
  });

  it('zero area is valued at zero, not refused', () => {
    const v = valueParcel(parcel('P0', 'hills', { shrub: ['0', 'hm2'] }), ctx);
    expect(v.value).toBe('0.00');
  });

  it('a parcel in several types equals the sum of its types valued alone', () => {
    const valuer = new ParcelValuer(prepared);
    const both = valuer.value(
      asParcel(
        parcel('A', 'valley', { 'forest.broadleaf': ['6.25', 'hm2'], 'cropland.paddy': ['2.4', 'hm2'] }),
      ),
      [],
    );
    const f = valuer.value(asParcel(parcel('B', 'valley', { 'forest.broadleaf': ['6.25', 'hm2'] })), []);
    const c = valuer.value(asParcel(parcel('C', 'valley', { 'cropland.paddy': ['2.4', 'hm2'] })), []);
    if (Array.isArray(both) || Array.isArray(f) || Array.isArray(c)) throw new Error('refused');
    expect(both.total).toBe(f.total + c.total);
  });
});

describe('fast path equals the per-parcel decimal path exactly (property)', () => {
  const fast = new ParcelValuer(prepared);
  const slow = new ParcelValuer(prepared, { fastPath: false });
  const area = fc.tuple(
    fc.bigInt({ min: 0n, max: 10n ** 9n }),
    fc.integer({ min: 0, max: 6 }),
    fc.constantFrom('hm2', 'mu', 'm2', 'km2', '亩'),
  );
  it('every cell, every parcel, to the fen', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('hills', 'valley'),
        fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 }),
        fc.array(area, { minLength: 3, maxLength: 3 }),
        (key, types, areas) => {
          const rec: Record<string, [string, string]> = {};
          types.forEach((t, i) => {
            const [int, scale, unit] = areas[i] as [bigint, number, string];
            rec[t] = [new Decimal(int.toString()).div(10 ** scale).toFixed(), unit];
          });
          const p = asParcel(parcel('X', key, rec));
          const a = fast.value(p, []);
          const b = slow.value(p, []);
          if (Array.isArray(a) || Array.isArray(b)) throw new Error('refused');
          expect(b.path).toBe('decimal');
          expect(a.cells).toEqual(b.cells);
          expect(a.total).toBe(b.total);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
