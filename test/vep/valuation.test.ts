import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { Decimal } from '../../src/core/decimal';
import { engineInput, engineOptions, prepareContext, validUntil } from '../../src/vep/context';
import { valuesByCell } from '../../src/vep/decimal-path';
import { fastCells } from '../../src/vep/unit-values';
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

  it('validity: same day N months later, minus one day; short months take their last day', () => {
    // 2024-03-31 + 12 months = 2025-03-31 → last valid day 2025-03-30
    expect(validUntil('2024-03-31', 12)).toBe('2025-03-30');
    // 2024-01-31 + 1 month: February 2024 has 29 days → anniversary 2024-02-29 → until 2024-02-28
    expect(validUntil('2024-01-31', 1)).toBe('2024-02-28');
    // 2023-12-15 + 3 months = 2024-03-15 → 2024-03-14
    expect(validUntil('2023-12-15', 3)).toBe('2024-03-14');
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

  it('fast path: area × unit value, rounded half to even at the fen, as integers', () => {
    // Unit values 1234.5 fen/hm² (R1) and 0.5 fen/hm² (R2) at scale 1 → integers 12345 and 5.
    const uv = {
      type: 't',
      linear: true,
      codes: ['R1', 'R2'],
      fenPerHm2: [12345n, 5n],
      scale: 1,
      warnings: [],
    };
    // 3 亩 = 0.2 hm²: R1 = 0.2 × 1234.5 = 246.9 fen → 247 fen; R2 = 0.2 × 0.5 = 0.1 fen → 0 fen
    expect(fastCells([{ type: 't', value: '3', unit: 'mu' }], [uv])?.map((c) => c.fen)).toEqual([247n, 0n]);
    // 1 hm²: R1 = 1234.5 fen exactly, a tie → the fast path declines (the engine decides)
    expect(fastCells([{ type: 't', value: '1', unit: 'hm2' }], [uv])).toBeUndefined();
    // 2.2 hm²: R1 = 2.2 × 1234.5 = 2715.9 fen → 2716; R2 = 2.2 × 0.5 = 1.1 fen → 1
    expect(fastCells([{ type: 't', value: '2.2', unit: 'hm2' }], [uv])?.map((c) => c.fen)).toEqual([
      2716n,
      1n,
    ]);
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

describe('fast path kernel against exact rational rounding, half-fen ties included (property)', () => {
  // The exact path at the kernel: area (hm², a fraction of integers) × unit value (F / 10^s fen per hm²), rounded
  // half to even with bigints. fastCells must give that fen, or decline; it may decline only within ρ = 10⁻³⁰ of
  // the value from a half-fen, and must decline on an exact tie (the engine decides those).
  const TO_HM2: Record<string, [bigint, bigint]> = {
    m2: [1n, 10_000n],
    hm2: [1n, 1n],
    km2: [100n, 1n],
    mu: [1n, 15n],
  };
  const exact = (area: string, unit: string, f: bigint, s: number) => {
    const dot = area.indexOf('.');
    const digits = BigInt(area.replace('.', ''));
    const aScale = dot < 0 ? 0 : area.length - dot - 1;
    const [un, ud] = TO_HM2[unit] as [bigint, bigint];
    const num = digits * un * f;
    const den = 10n ** BigInt(aScale + s) * ud;
    const q = num / den;
    const twice = 2n * (num - q * den);
    const fen = twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
    return { fen, tie: twice === den, gap: twice > den ? twice - den : den - twice, num };
  };
  const uv = (f: bigint, s: number) => ({
    type: 't',
    linear: true,
    codes: ['R'],
    fenPerHm2: [f],
    scale: s,
    approx: [Number.parseFloat(new Decimal(f.toString()).div(new Decimal(10).pow(s)).toString())],
    warnings: [],
  });
  const check = (area: string, unit: string, f: bigint, s: number) => {
    const e = exact(area, unit, f, s);
    const got = fastCells([{ type: 't', value: area, unit: unit as 'hm2' }], [uv(f, s)]);
    if (e.tie) expect(got).toBeUndefined();
    else if (got === undefined)
      expect(e.gap * 10n ** 30n <= 2n * e.num).toBe(true); // declined only within ρ
    else expect(got.map((c) => c.fen)).toEqual([e.fen]);
    return got;
  };

  it('exact ties decline; near ties (a unit in the 20th decimal either side) round as the exact value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.constantFrom('hm2', 'mu', 'm2', 'km2'),
        fc.constantFrom(-1n, 0n, 1n),
        (k, unit, delta) => {
          // k + ½ fen per hm², over exactly 1 hm² in `unit`; δ moves it a unit of the 20th decimal off the tie.
          const area = { hm2: '1', mu: '15', m2: '10000', km2: '0.01' }[unit] as string;
          const s = 20;
          const f = (2n * k + 1n) * 5n * 10n ** BigInt(s - 1) + delta;
          const got = check(area, unit, f, s);
          // off the tie by 10⁻²⁰ fen, farther than ρ × value (below 10⁻³⁰ × 10⁹ = 10⁻²¹): the fast path decides
          if (delta !== 0n) expect(got?.[0]?.fen).toBe(delta > 0n ? k + 1n : k);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('random areas and unit values, many on or next to half-fens, give the exactly rounded fen', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('hm2', 'mu', 'm2', 'km2'),
        fc.oneof(
          fc.bigInt({ min: 0n, max: 10n ** 18n }),
          // unit values of k + ½ fen per hm², and a unit of the last digit either side
          fc
            .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.constantFrom(-1n, 0n, 1n))
            .map(([k, d]) => (2n * k + 1n) * 5n * 10n ** 5n + d),
        ),
        (digits, aScale, unit, f) => {
          const area = new Decimal(digits.toString()).div(new Decimal(10).pow(aScale)).toFixed(aScale);
          check(area, unit, f, 6);
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);
});
