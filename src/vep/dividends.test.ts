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

  it('an id given twice is DUPLICATE_ID at the second: its parts would be one entry and fen would be lost', () => {
    // 100 fen by a:1, a:1, b:1 would be 34 + 33 + 33, of which the map could keep a once: 66 fen, 34 lost
    let err: unknown;
    try {
      allocateFen(100n, [
        { id: 'a', weight: 1n },
        { id: 'b', weight: 1n },
        { id: 'a', weight: 1n },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GepError);
    expect((err as GepError).issues.map((i) => [i.code, i.path])).toEqual([
      ['DUPLICATE_ID', ['depositors', 2, 'id']],
    ]);
    expect((err as GepError).hint).toMatch(/^Each depositor of a package is given once/);
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
    expect(short.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'VEP_DUES_PAID_SHORT',
        ['package', 'tranches'],
        { what: 'fixed returns', due: '500.00', paid: '350.00' },
      ],
    ]);
    expect(r.warnings).toEqual([]);
    // a fee above the revenue takes it all: 30 of 50 paid, nothing else
    const tiny = allocatePackage({ ...pkg, revenue: y('30') });
    expect([tiny.fees[0]?.paid, tiny.residual, tiny.parts.map((p) => p.amount)]).toEqual([
      '30.00',
      '0.00',
      ['0.00', '0.00', '0.00'],
    ]);
    expect(tiny.warnings.map((w) => [w.params, w.message.en])).toEqual([
      [
        { what: 'fees', due: '50.00', paid: '30.00' },
        'The fees due, 50.00 yuan, were paid 30.00 yuan: the revenue falls short',
      ],
      [
        { what: 'fixed returns', due: '500.00', paid: '0.00' },
        'The fixed returns due, 500.00 yuan, were paid 0.00 yuan: the revenue falls short',
      ],
    ]);
    expect(tiny.warnings[1]?.message.zh).toBe('固定收益应付 500.00 元，实付 0.00 元：收益不足以足额支付');
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

  it('fixed returns only (all weights zero): the revenue goes to the fixed returns, short pro rata and warned', () => {
    // The reviewer's case: revenue 800, fixed 600 (A) + 400 (B) = 1 000 due > 800 → shared 600 : 400 of 800:
    // A 800 × 0.6 = 480.00, B 800 × 0.4 = 320.00 (no remainder); residual 0, so the zero weights share nothing
    const y = (value: string) => ({ value, unit: 'yuan', priceYear: 2024 });
    const pkg = {
      package: 'SAV-1',
      period: '2024',
      revenue: y('800'),
      basis: 'contract',
      tranches: [
        { depositor: 'A', fixed: y('600') },
        { depositor: 'B', fixed: y('400') },
      ],
      depositors: [
        { id: 'A', weight: '0' },
        { id: 'B', weight: '0' },
      ],
    };
    const r = allocatePackage(pkg);
    expect(r.tranches).toEqual([
      { depositor: 'A', due: '600.00', paid: '480.00' },
      { depositor: 'B', due: '400.00', paid: '320.00' },
    ]);
    expect(r.residual).toBe('0.00');
    expect(r.parts.map((p) => [p.id, p.share, p.fixed, p.proRata, p.amount])).toEqual([
      ['A', '0', '480.00', '0.00', '480.00'],
      ['B', '0', '320.00', '0.00', '320.00'],
    ]);
    expect(r.check).toEqual({ sum: '800.00', equalsRevenue: true });
    expect(r.warnings.map((w) => [w.code, w.params])).toEqual([
      ['VEP_DUES_PAID_SHORT', { what: 'fixed returns', due: '1000.00', paid: '800.00' }],
    ]);
    // 1 000 covers them exactly: no warning, nothing left; 1 000.01 leaves a fen that zero weights cannot share
    expect(allocatePackage({ ...pkg, revenue: y('1000') }).warnings).toEqual([]);
    expect(errorOf(() => allocatePackage({ ...pkg, revenue: y('1000.01') })).code).toBe('VEP_WEIGHTS_ZERO');
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

describe('dividends: the rule’s order, every refusal and what the result names', () => {
  const y = (value: string, priceYear = 2024) => ({ value, unit: 'yuan', priceYear });
  const pkg = (over: Record<string, unknown> = {}) => ({
    package: 'PKG',
    revenue: y('100'),
    basis: 'contract',
    depositors: [
      { id: 'a', weight: '1' },
      { id: 'b', weight: '2' },
    ],
    ...over,
  });

  it('the fen left go to the largest remainders, not the largest weights', () => {
    // 3 fen by 4 : 3 : 3 (W = 10): quotas 1.2, 0.9, 0.9 → floors 1, 0, 0; 2 fen left → remainders 0.2, 0.9, 0.9:
    // y and z get one each → 1, 1, 1 (by weight, x would get the second fen)
    const m = allocateFen(3n, [
      { id: 'x', weight: 4n },
      { id: 'y', weight: 3n },
      { id: 'z', weight: 3n },
    ]);
    expect([m.get('x'), m.get('y'), m.get('z')]).toEqual([1n, 1n, 1n]);
  });

  it('equal remainders: the larger weight first, whatever the tie keys and the input order', () => {
    // 2 fen by 1 : 3 (W = 4): 2 × 1 = 2 and 2 × 3 = 6, remainders 2 mod 4 = 2 and 6 mod 4 = 2 (equal); floors 0, 1;
    // the fen left goes to the weight 3 (b), though a's tie key (022a6979…) is smaller than b's (57eb3561…)
    const w = [
      { id: 'a', weight: 1n },
      { id: 'b', weight: 3n },
    ];
    for (const order of [w, [...w].reverse()]) {
      const m = allocateFen(2n, order);
      expect([m.get('a'), m.get('b')]).toEqual([0n, 2n]);
    }
  });

  it('refuses a negative total, negative weights and weights that are all zero', () => {
    expect(() => allocateFen(-1n, [{ id: 'a', weight: 1n }])).toThrow(
      new RangeError('total must be non-negative'),
    );
    expect(() => allocateFen(1n, [{ id: 'a', weight: -1n }])).toThrow(
      new RangeError('weights must be non-negative'),
    );
    const e = errorOf(() => allocateFen(5n, [{ id: 'a', weight: 0n }]));
    expect(e.issues[0]).toMatchObject({ code: 'VEP_WEIGHTS_ZERO', path: ['depositors'] });
  });

  it('the result: shares in lowest common terms, names, the period and the rule', () => {
    // weights 0.25 and 0.5 over a common denominator of 100: 25 and 50, W = 75
    const r = allocatePackage(
      pkg({
        period: '2024',
        depositors: [
          { id: 'a', name: '张三', weight: '0.25' },
          { id: 'b', weight: '0.5' },
        ],
      }),
    );
    // 10 000 fen × 25/75 = 3333.33… → 3333; × 50/75 = 6666.66… → 6666; 1 fen left to b (remainder 0.67 > 0.33).
    // The shares over the least common denominator: gcd(25, 50) = 25, so 25/75 = 1/3 and 50/75 = 2/3
    expect(r.parts).toStrictEqual([
      { id: 'a', name: '张三', share: '1/3', fixed: '0.00', proRata: '33.33', amount: '33.33' },
      { id: 'b', share: '2/3', fixed: '0.00', proRata: '66.67', amount: '66.67' },
    ]);
    expect([r.package, r.period, r.basis, r.revenue]).toEqual([
      'PKG',
      '2024',
      'contract',
      { value: '100.00', unit: 'yuan', priceYear: 2024 },
    ]);
    expect(r.rule).toBe(
      'fees in order, then fixed returns (pro rata to what is due if short), then the rest by largest remainder ' +
        '(Hamilton) in fen; ties: larger weight, then smaller sha256(period ‖ U+0000 ‖ id)',
    );
    expect(allocatePackage(pkg()).period).toBeNull();
  });

  it('the shares share one denominator, the least that holds them all, not each reduced alone', () => {
    // weights 2, 4, 0, 6: W = 12, gcd of the weights 2 → 1/6, 2/6, 0/6, 3/6 (sum 6/6; 2/6 is not written 1/3)
    const r = allocatePackage(
      pkg({
        depositors: [
          { id: 'a', weight: '2' },
          { id: 'b', weight: '4' },
          { id: 'c', weight: '0' },
          { id: 'd', weight: '6' },
        ],
      }),
    );
    expect(r.parts.map((p) => p.share)).toEqual(['1/6', '2/6', '0/6', '3/6']);
  });

  it('each basis reads its own field, whatever else a depositor carries', () => {
    const depositors = [
      { id: 'a', weight: '1', area: { value: '3', unit: 'hm2' }, value: y('1') },
      { id: 'b', weight: '3', area: { value: '1', unit: 'hm2' }, value: y('1') },
    ];
    const amounts = (basis: string) =>
      allocatePackage(pkg({ basis, depositors })).parts.map((p) => [p.share, p.amount]);
    // contract 1 : 3 → 25.00, 75.00; area 3 : 1 → 75.00, 25.00; value 1 : 1 → 50.00, 50.00
    expect(amounts('contract')).toEqual([
      ['1/4', '25.00'],
      ['3/4', '75.00'],
    ]);
    expect(amounts('area').map(([, a]) => a)).toEqual(['75.00', '25.00']);
    expect(amounts('value').map(([, a]) => a)).toEqual(['50.00', '50.00']);
  });

  it('depositor ids are read by the id rule; two that read alike are refused, not merged', () => {
    // The reviewer's case: "A", "A " and "Ａ" (full-width) are one id, A: the second and third are duplicates of the
    // first, each refused at its row; the warnings after them say how each was read
    const e = errorOf(() =>
      allocatePackage(
        pkg({
          depositors: [
            { id: 'A', weight: '1' },
            { id: 'A ', weight: '1' },
            { id: 'Ａ', weight: '1' },
          ],
        }),
      ),
    );
    expect(e.issues.map((i) => [i.code, i.severity, i.path, i.params])).toEqual([
      ['DUPLICATE_ID', 'error', ['package', 'depositors', 1, 'id'], { id: 'A' }],
      ['DUPLICATE_ID', 'error', ['package', 'depositors', 2, 'id'], { id: 'A' }],
      ['VEP_DEPOSITOR_ID_NORMALISED', 'warning', ['package', 'depositors', 1, 'id'], { id: 'A' }],
      ['VEP_DEPOSITOR_ID_NORMALISED', 'warning', ['package', 'depositors', 2, 'id'], { id: 'A' }],
    ]);
    expect(e.issues[3]?.message.zh).toBe(
      '存入人编号按规则规范为“A”（去除首尾空白，全角字母数字等按 NFKC 转为半角）',
    );
    // read alone, " Ｂ１ " is B1, matched by the tranche that names "B1 ", and reported as B1: 100 − 10 = 90 split
    // 1 : 1 → A 45, B1 10 + 45 = 55
    const r = allocatePackage(
      pkg({
        tranches: [{ depositor: 'B1 ', fixed: y('10') }],
        depositors: [
          { id: 'A', weight: '1' },
          { id: ' Ｂ１ ', weight: '1' },
        ],
      }),
    );
    expect(r.parts.map((p) => [p.id, p.amount])).toEqual([
      ['A', '45.00'],
      ['B1', '55.00'],
    ]);
    expect(r.tranches).toEqual([{ depositor: 'B1', due: '10.00', paid: '10.00' }]);
    expect(r.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['VEP_DEPOSITOR_ID_NORMALISED', ['package', 'depositors', 1, 'id'], { id: 'B1' }],
      ['VEP_DEPOSITOR_ID_NORMALISED', ['package', 'tranches', 0, 'depositor'], { id: 'B1' }],
    ]);
    // an id of white space only is refused
    expect(
      errorOf(() => allocatePackage(pkg({ depositors: [{ id: '　', weight: '1' }] }))).issues.map((i) => [
        i.code,
        i.path,
        i.message.zh,
      ]),
    ).toEqual([
      [
        'VEP_PACKAGE_INVALID',
        ['package', 'depositors', 0, 'id'],
        '资产包/分红文件格式错误：去除首尾空白后编号为空',
      ],
    ]);
  });

  it('a weight the basis does not read is warned INPUT_IGNORED: weights 5 : 1 on equal areas split 50 / 50', () => {
    // basis area, 1 mu each, weights 5 and 1: 100.00 元 → 50.00 / 50.00 by area; each weight named as unused
    const r = allocatePackage(
      pkg({
        basis: 'area',
        depositors: [
          { id: 'a', area: { value: '1', unit: 'mu' }, weight: '5' },
          { id: 'b', area: { value: '1', unit: 'mu' }, weight: '1' },
        ],
      }),
    );
    expect(r.parts.map((x) => x.amount)).toEqual(['50.00', '50.00']);
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([
      ['INPUT_IGNORED', ['package', 'depositors', 0, 'weight']],
      ['INPUT_IGNORED', ['package', 'depositors', 1, 'weight']],
    ]);
    expect(r.warnings[0]?.message.zh).toBe('输入项未被使用：a 的 depositor weight（area 口径下不使用）');
  });

  it('names every refusal of a package: where it is and what it holds', () => {
    const issuesOf = (over: Record<string, unknown>) =>
      errorOf(() => allocatePackage(pkg(over))).issues.map((i) => [i.code, i.path, i.params]);
    expect(issuesOf({ revenue: y('0.001') })).toEqual([
      ['VEP_AMOUNT_NOT_FEN', ['package', 'revenue', 'value'], { what: 'The revenue', value: '0.001' }],
    ]);
    expect(
      issuesOf({
        depositors: [
          { id: 'a', weight: '1' },
          { id: 'a', weight: '1' },
        ],
      }),
    ).toEqual([['DUPLICATE_ID', ['package', 'depositors', 1, 'id'], { id: 'a' }]]);
    expect(issuesOf({ basis: 'area' })).toEqual([
      [
        'VEP_PACKAGE_INVALID',
        ['package', 'depositors', 0, 'area'],
        { detail: 'basis "area" needs "area" on every depositor' },
      ],
      [
        'VEP_PACKAGE_INVALID',
        ['package', 'depositors', 1, 'area'],
        { detail: 'basis "area" needs "area" on every depositor' },
      ],
      // the weights given instead are named as unused, after the refusals
      [
        'INPUT_IGNORED',
        ['package', 'depositors', 0, 'weight'],
        { field: 'depositor weight of a', reason: 'not used on the area basis' },
      ],
      [
        'INPUT_IGNORED',
        ['package', 'depositors', 1, 'weight'],
        { field: 'depositor weight of b', reason: 'not used on the area basis' },
      ],
    ]);
    expect(
      issuesOf({
        basis: 'value',
        depositors: [
          { id: 'a', value: y('1', 2024) },
          { id: 'b', value: y('1', 2023) },
        ],
      }),
    ).toEqual([
      [
        'VEP_PRICE_YEAR_MISMATCH',
        ['package', 'depositors', 1, 'value', 'priceYear'],
        { what: 'the value of b', a: 2023, b: 2024 },
      ],
    ]);
    expect(issuesOf({ fees: [{ id: 'f', amount: y('0.001', 2023) }] })).toEqual([
      ['VEP_AMOUNT_NOT_FEN', ['package', 'fees', 0, 'amount', 'value'], { what: 'fee f', value: '0.001' }],
      [
        'VEP_PRICE_YEAR_MISMATCH',
        ['package', 'fees', 0, 'amount', 'priceYear'],
        { what: 'fee f', a: 2023, b: 2024 },
      ],
    ]);
    expect(issuesOf({ tranches: [{ depositor: 'z', fixed: y('1') }] })).toEqual([
      ['VEP_PACKAGE_INVALID', ['package', 'tranches', 0, 'depositor'], { detail: 'no depositor "z"' }],
    ]);
    expect(issuesOf({ tranches: [{ depositor: 'a', fixed: y('0.001') }] })).toEqual([
      [
        'VEP_AMOUNT_NOT_FEN',
        ['package', 'tranches', 0, 'fixed', 'value'],
        { what: 'the fixed return of a', value: '0.001' },
      ],
    ]);
    expect(
      issuesOf({
        tranches: [
          { depositor: 'a', fixed: y('1') },
          { depositor: 'a', fixed: y('2') },
        ],
      }),
    ).toEqual([['DUPLICATE_ID', ['package', 'tranches'], { id: 'a' }]]);
    // a fee given twice would be paid twice: refused at the second, with a hint in a package's terms
    const twice = errorOf(() =>
      allocatePackage(
        pkg({
          fees: [
            { id: 'f', amount: y('50') },
            { id: 'g', amount: y('1') },
            { id: 'f', amount: y('50') },
          ],
        }),
      ),
    ).issues;
    expect(twice.map((i) => [i.code, i.path, i.params])).toEqual([
      ['DUPLICATE_ID', ['package', 'fees', 2, 'id'], { id: 'f' }],
    ]);
    expect(twice[0]?.hint).toBe(
      'Each fee of a package is given once (a fee given twice would be paid twice): merge the two or rename one.',
    );
    expect(twice[0]?.hintZh).toBe(
      '一个资产包中每个费用只列一次（列了两次就会支付两次）：合并这两条，或为其中一条改名。',
    );
    // the hints of a depositor and a tranche given twice name them
    const hintOf = (over: Record<string, unknown>) =>
      errorOf(() => allocatePackage(pkg(over))).issues[0]?.hint;
    const hintZhOf = (over: Record<string, unknown>) =>
      errorOf(() => allocatePackage(pkg(over))).issues[0]?.hintZh;
    expect(
      hintZhOf({
        depositors: [
          { id: 'a', weight: '1' },
          { id: 'a', weight: '1' },
        ],
      }),
    ).toBe('一个资产包中每个存入人只列一次（列了两次就会支付两次）：合并这两条，或为其中一条改名。');
    expect(
      hintZhOf({
        tranches: [
          { depositor: 'a', fixed: y('1') },
          { depositor: 'a', fixed: y('2') },
        ],
      }),
    ).toBe('一个资产包中每个固定收益只列一次（列了两次就会支付两次）：合并这两条，或为其中一条改名。');
    expect(
      hintOf({
        depositors: [
          { id: 'a', weight: '1' },
          { id: 'a', weight: '1' },
        ],
      }),
    ).toBe(
      'Each depositor of a package is given once (a depositor given twice would be paid twice): merge the two or rename one.',
    );
    expect(
      hintOf({
        tranches: [
          { depositor: 'a', fixed: y('1') },
          { depositor: 'a', fixed: y('2') },
        ],
      }),
    ).toContain('Each tranche of a package is given once');
    // what the schema refuses names the value read
    expect(issuesOf({ depositors: [{ id: 'a', weight: 'x' }] })).toEqual([
      ['NUMBER_NOT_FINITE', ['package', 'depositors', 0, 'weight'], { value: 'x' }],
    ]);
    // a price year of the wrong type is invalid, not missing (the schema reports the value it read)
    expect(issuesOf({ revenue: { value: '1', unit: 'yuan', priceYear: '2024' } })[0]?.slice(0, 2)).toEqual([
      'VEP_PACKAGE_INVALID',
      ['package', 'revenue', 'priceYear'],
    ]);
    expect(errorOf(() => allocatePackage(null)).issues[0]).toMatchObject({
      code: 'VEP_PACKAGE_INVALID',
      path: ['package'],
    });
  });

  it('check: a part that is not whole fen is named', () => {
    const e = errorOf(() => allocationCheck(1n, [{ id: 'a', amount: '0.005' }]));
    expect(e.issues[0]).toMatchObject({
      code: 'VEP_PACKAGE_INVALID',
      path: ['package', 'parts'],
      params: { detail: 'the part of "a" (0.005 yuan) is not a whole number of fen' },
    });
  });
});
