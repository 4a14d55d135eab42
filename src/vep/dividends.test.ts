import fc from 'fast-check';
import { Decimal } from '../core/decimal';
import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { allocateFen, allocatePackage, allocationCheck, tieKey } from './dividends';
import { errorOf } from '../../test/helpers';

describe('dividends', () => {
  it('hand-computed largest remainder', () => {
    // 100.00 元 = 10 000 fen by weights 1:1:1 → quotas 3333.33… each; floors 3333 × 3 = 9999; 1 fen left.
    // Remainders equal, weights equal → the smallest tie key sha256("" ‖ U+0000 ‖ id) first:
    //   a 022a6979…, b 57eb3561…, c 597fcb31… → "a".
    const m = allocateFen(10_000n, [
      { id: 'c', weight: 1n },
      { id: 'a', weight: 1n },
      { id: 'b', weight: 1n },
    ]);
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([3334n, 3333n, 3333n]);
    // 10 fen by 5:3:2 → 5, 3, 2 exactly. 7 fen by 5:3:2 → quotas 3.5, 2.1, 1.4 → floors 3, 2, 1 (6); remainders
    // 0.5, 0.1, 0.4 → the 1 fen left goes to the first.
    const w = [
      { id: 'x', weight: 5n },
      { id: 'y', weight: 3n },
      { id: 'z', weight: 2n },
    ];
    expect([...allocateFen(7n, w).values()].reduce((a, b) => a + b)).toBe(7n);
    expect(allocateFen(7n, w).get('x')).toBe(4n);
  });

  it('a package by area: 亩 and hm² weighed exactly; ties drawn by the period', () => {
    // 15 亩 = 1 hm²: weights 1 : 1 → 1 000.01 元 = 100 001 fen → 50 000.5 each → tie; equal weights → the tie key
    // sha256(period ‖ U+0000 ‖ id): no period: A c00b4d3c…, B 87afe608… → B first; period "2024": A 3d41962e…,
    // B 9ac7e348… → A first. No depositor wins every period.
    const pkg = {
      package: 'PKG',
      revenue: { value: '1000.01', unit: 'yuan', priceYear: 2024 },
      basis: 'area',
      depositors: [
        { id: 'B', area: { value: '1', unit: 'hm2' } },
        { id: 'A', area: { value: '15', unit: 'mu' } },
      ],
    };
    expect(allocatePackage(pkg).parts.map((p) => [p.id, p.amount])).toEqual([
      ['B', '500.01'],
      ['A', '500.00'],
    ]);
    expect(allocatePackage({ ...pkg, period: '2024' }).parts.map((p) => [p.id, p.amount])).toEqual([
      ['B', '500.00'],
      ['A', '500.01'],
    ]);
    expect(tieKey('2024', 'A').slice(0, 8)).toBe('3d41962e');
  });

  it('fees, then fixed-return tranches, then the pro-rata split', () => {
    const y = (value: string) => ({ value, unit: 'yuan', priceYear: 2024 });
    const pkg = {
      package: 'PKG',
      period: '2024',
      revenue: y('1000'),
      basis: 'contract',
      fees: [{ id: 'management', amount: y('50') }],
      tranches: [
        { depositor: 'A', fixed: y('300') },
        { depositor: 'B', fixed: y('200') },
      ],
      depositors: [
        { id: 'A', weight: '1' },
        { id: 'B', weight: '1' },
        { id: 'C', weight: '1' },
      ],
    };
    // 1 000 − fee 50 − fixed (300 + 200) = 450 left → 150 each (1 : 1 : 1)
    // A = 300 + 150 = 450; B = 200 + 150 = 350; C = 150; 50 + 450 + 350 + 150 = 1 000
    const r = allocatePackage(pkg);
    expect(r.fees).toEqual([{ id: 'management', due: '50.00', paid: '50.00' }]);
    expect(r.residual).toBe('450.00');
    expect(r.parts.map((p) => [p.id, p.fixed, p.proRata, p.amount])).toEqual([
      ['A', '300.00', '150.00', '450.00'],
      ['B', '200.00', '150.00', '350.00'],
      ['C', '0.00', '150.00', '150.00'],
    ]);
    expect(r.check).toEqual({ sum: '1000.00', equalsRevenue: true });
    // short: 400 − 50 = 350 < 500 due → shared 3 : 2 → A 210.00, B 140.00; nothing left for the split
    const short = allocatePackage({ ...pkg, revenue: y('400') });
    expect(short.tranches).toEqual([
      { depositor: 'A', due: '300.00', paid: '210.00' },
      { depositor: 'B', due: '200.00', paid: '140.00' },
    ]);
    expect(short.parts.map((p) => p.amount)).toEqual(['210.00', '140.00', '0.00']);
    // a fee above the revenue takes it all: 30 of 50 paid, nothing else
    const tiny = allocatePackage({ ...pkg, revenue: y('30') });
    expect([tiny.fees[0]?.paid, tiny.residual, tiny.parts.map((p) => p.amount)]).toEqual([
      '30.00',
      '0.00',
      ['0.00', '0.00', '0.00'],
    ]);
    // a tranche of an unknown depositor, or of a fraction of a fen, is refused
    expect(
      errorOf(() => allocatePackage({ ...pkg, tranches: [{ depositor: 'Z', fixed: y('1') }] })).code,
    ).toBe('VEP_PACKAGE_INVALID');
    expect(errorOf(() => allocatePackage({ ...pkg, fees: [{ id: 'f', amount: y('0.001') }] })).code).toBe(
      'VEP_AMOUNT_NOT_FEN',
    );
  });

  it('property: parts sum to the total to the fen, for any weights; order of depositors is irrelevant', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.uniqueArray(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 4 }),
            weight: fc.bigInt({ min: 0n, max: 10n ** 12n }),
          }),
          {
            selector: (w) => w.id,
            minLength: 1,
            maxLength: 30,
          },
        ),
        (total, weights) => {
          fc.pre(weights.some((w) => w.weight > 0n));
          const m = allocateFen(total, weights);
          expect([...m.values()].reduce((a, b) => a + b, 0n)).toBe(total);
          for (const w of weights) if (w.weight === 0n) expect(m.get(w.id)).toBe(0n);
          const r = allocateFen(total, [...weights].reverse());
          for (const w of weights) expect(r.get(w.id)).toBe(m.get(w.id));
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);

  it('check: computed from the parts returned — the sum and whether it equals the revenue', () => {
    const r = allocatePackage({
      package: 'PKG',
      revenue: { value: '100.00', unit: 'yuan', priceYear: 2024 },
      basis: 'contract',
      depositors: [
        { id: 'c', weight: '1' },
        { id: 'a', weight: '1' },
        { id: 'b', weight: '1' },
      ],
    });
    // 33.34 + 33.33 + 33.33 = 100.00
    expect(r.check).toEqual({ sum: '100.00', equalsRevenue: true });
  });

  it('check: parts that do not sum to the revenue are a structured error, never returned', () => {
    const parts = [
      { id: 'a', amount: '33.33' },
      { id: 'b', amount: '33.33' },
      { id: 'c', amount: '33.33' },
    ];
    expect(allocationCheck(9999n, parts)).toEqual({ sum: '99.99', equalsRevenue: true });
    const e = errorOf(() => allocationCheck(10_000n, parts));
    expect(e).toBeInstanceOf(GepError);
    expect(e.issues[0]).toMatchObject({ code: 'VEP_PACKAGE_INVALID', path: ['package', 'parts'] });
    expect(e.issues[0]?.message.en).toContain('99.99');
    // a part that is not whole fen is refused too
    expect(errorOf(() => allocationCheck(1n, [{ id: 'a', amount: '0.005' }])).issues[0]?.code).toBe(
      'VEP_PACKAGE_INVALID',
    );
  });

  it('negative weights are refused: with them the parts could miss the total', () => {
    // weights −1, −1, 4 (W = 2), 1 fen: truncated quotients 0, 0, 2 already exceed the total
    expect(() =>
      allocateFen(1n, [
        { id: 'a', weight: -1n },
        { id: 'b', weight: -1n },
        { id: 'c', weight: 4n },
      ]),
    ).toThrow(RangeError);
  });

  it('all weights zero: VEP_WEIGHTS_ZERO located at the package depositors', () => {
    const e = errorOf(() =>
      allocatePackage({
        package: 'P',
        revenue: { value: '1', unit: 'yuan', priceYear: 2024 },
        basis: 'contract',
        depositors: [{ id: 'a', weight: '0' }],
      }),
    );
    expect(e.issues[0]).toMatchObject({ code: 'VEP_WEIGHTS_ZERO', path: ['package', 'depositors'] });
  });

  it('property: any package (area, value or contract basis) returns a check that holds on its parts', () => {
    const units = { area: ['mu', 'hm2', 'm2'], value: ['yuan', 'wan_yuan'], contract: [''] } as const;
    fc.assert(
      fc.property(
        fc.constantFrom('area', 'value', 'contract'),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(
          fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 4 }), fc.nat(2)),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (basis, revenueFen, ws) => {
          fc.pre(ws.some(([w]) => w > 0n));
          const depositors = ws.map(([w, scale, u], i) => {
            const value = new Decimal(w.toString()).div(10 ** scale).toFixed();
            const list = units[basis] as readonly string[];
            const unit = list[u % list.length] as string;
            return basis === 'area'
              ? { id: `d${i}`, area: { value, unit } }
              : basis === 'value'
                ? { id: `d${i}`, value: { value, unit, priceYear: 2024 } }
                : { id: `d${i}`, weight: value };
          });
          const value = `${revenueFen / 100n}.${(revenueFen % 100n).toString().padStart(2, '0')}`;
          const revenue = { value, unit: 'yuan', priceYear: 2024 };
          const r = allocatePackage({ package: 'P', revenue, basis, depositors });
          const fen = (s: string) => BigInt(s.replace('.', ''));
          const sum = r.parts.reduce((s, p) => s + fen(p.amount), 0n);
          expect(r.check).toEqual({ sum: r.revenue.value, equalsRevenue: true });
          expect(sum).toBe(revenueFen);
          expect(fen(r.check.sum)).toBe(sum);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});
