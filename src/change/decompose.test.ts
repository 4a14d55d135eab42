import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import type { UnitId } from '../core/units';
import { type PricedLine, decomposeChange } from './decompose';

/** A line [indicator, ecosystem, item, quantity or null, unit, value 元]. */
type Row = [string, string | null, string | null, string | null, string, string];
const lines = (rows: Row[]): PricedLine[] =>
  rows.map(([indicator, ecosystem, item, q, unit, v]) => ({
    indicator,
    ecosystem,
    item,
    quantity: q === null ? null : new Decimal(q),
    unit: q === null ? null : (unit as UnitId),
    value: new Decimal(v),
  }));

describe('change by line: volume, mix, price, unsplit', () => {
  it('hand-computed: a composition shift at unchanged prices is mix, not price', () => {
    // COD 1,400 元/t, TP 5,959.41 元/t in both years.
    //   a: COD 100 t = 140,000.00; TP 1 t = 5,959.41;   V₀ = 145,959.41
    //   b: COD  50 t =  70,000.00; TP 51 t = 303,929.91; V₁ = 373,929.91;  ΔV = 227,970.50
    // lines: QE(COD) = (50 − 100) × 1,400 = −70,000.00, PE 0; QE(TP) = (51 − 1) × 5,959.41 = 297,970.50, PE 0
    // cell: Q₀ = Q₁ = 101 t → volume 0.00; mix = −70,000.00 + 297,970.50 − 0 = 227,970.50
    const d = decomposeChange(
      lines([
        ['R4', 'water.river', 'cod', '100', 't', '140000'],
        ['R4', 'water.river', 'tp', '1', 't', '5959.41'],
      ]),
      lines([
        ['R4', 'water.river', 'cod', '50', 't', '70000'],
        ['R4', 'water.river', 'tp', '51', 't', '303929.91'],
      ]),
    );
    expect(d.lines.map((l) => [l.item, l.kind, l.quantityEffect, l.priceEffect])).toEqual([
      ['cod', 'split', '-70000.00', '0.00'],
      ['tp', 'split', '297970.50', '0.00'],
    ]);
    expect(d.cells).toEqual([
      {
        indicator: 'R4',
        ecosystem: 'water.river',
        item: null,
        unit: 't',
        q0: '101',
        q1: '101',
        lines: 2,
        v0: '145959.41',
        v1: '373929.91',
        change: '227970.50',
        quantityEffect: '0.00',
        mixEffect: '227970.50',
        priceEffect: '0.00',
        unsplit: '0.00',
      },
    ]);
    expect(d.total.priceEffect).toBe('0.00');
    expect(d.fen).toEqual({ v0: 14595941n, v1: 37392991n });
  });

  it('hand-computed: goods of their own (separateItem) are a cell each; a shift between them is volume, not mix', () => {
    // The lines of the test above, COD and TP as goods of their own (an account gives R4 no physical total):
    //   cell R4 × water.river × cod: QE = (50 − 100) × 1,400 = −70,000.00, one line: volume −70,000.00, mix 0
    //   cell R4 × water.river × tp:  QE = (51 − 1) × 5,959.41 = 297,970.50, one line: volume 297,970.50, mix 0
    //   total: volume 227,970.50 = ΔV, mix 0.00, price 0.00
    const separate = (ls: PricedLine[]) => ls.map((l) => ({ ...l, separateItem: true }));
    const d = decomposeChange(
      separate(
        lines([
          ['R4', 'water.river', 'cod', '100', 't', '140000'],
          ['R4', 'water.river', 'tp', '1', 't', '5959.41'],
        ]),
      ),
      separate(
        lines([
          ['R4', 'water.river', 'cod', '50', 't', '70000'],
          ['R4', 'water.river', 'tp', '51', 't', '303929.91'],
        ]),
      ),
    );
    expect(d.cells.map((c) => [c.item, c.q0, c.q1, c.quantityEffect, c.mixEffect, c.priceEffect])).toEqual([
      ['cod', '100', '50', '-70000.00', '0.00', '0.00'],
      ['tp', '1', '51', '297970.50', '0.00', '0.00'],
    ]);
    expect(d.total).toMatchObject({ change: '227970.50', quantityEffect: '227970.50', mixEffect: '0.00' });
  });

  it('hand-computed: one good of its own in two zones is one cell, whose mix is the move between the zones', () => {
    // COD removed in two zones at 1,400 and 2,000 元/t (another basis per zone), TP beside it, all separateItem:
    //   a: cod Z1 10 t = 14,000.00, cod Z2 10 t = 20,000.00, tp Z1 1 t = 5,959.41
    //   b: cod Z1  5 t =  7,000.00, cod Z2 15 t = 30,000.00, tp Z1 1 t = 5,959.41
    // cell cod: Q₀ = Q₁ = 20 t → volume 0.00; Σ QE = −7,000.00 + 10,000.00 = 3,000.00 = mix; cell tp: 0.00
    // An indicator is separate when any line of it says so: the TP line without the flag is still a cell of its own.
    const l = (zone: string, item: string, q: string, v: string, separateItem?: boolean): PricedLine => ({
      indicator: 'R4',
      ecosystem: null,
      item,
      zone,
      quantity: new Decimal(q),
      unit: 't' as UnitId,
      value: new Decimal(v),
      ...(separateItem === undefined ? {} : { separateItem }),
    });
    const d = decomposeChange(
      [
        l('Z1', 'cod', '10', '14000', true),
        l('Z2', 'cod', '10', '20000', true),
        l('Z1', 'tp', '1', '5959.41'),
      ],
      [l('Z1', 'cod', '5', '7000'), l('Z2', 'cod', '15', '30000'), l('Z1', 'tp', '1', '5959.41')],
    );
    expect(d.cells.map((c) => [c.item, c.lines, c.q0, c.q1, c.quantityEffect, c.mixEffect])).toEqual([
      ['cod', 2, '20', '20', '0.00', '3000.00'],
      ['tp', 1, '1', '1', '0.00', '0.00'],
    ]);
  });

  it('hand-computed: lines of one dimension without separateItem are one cell (a cut of one moves the composition)', () => {
    // COD 1,400 元/t, TP 5,959.41 元/t in both years, one cell (no separateItem):
    //   a: COD 100 t = 140,000.00; TP 1 t = 5,959.41; V₀ = 145,959.41, Q₀ = 101 t
    //   b: COD  50 t =  70,000.00; TP 1 t = 5,959.41; V₁ =  75,959.41, Q₁ =  51 t;  ΔV = −70,000.00
    // lines: QE(COD) = (50 − 100) × 1,400 = −70,000.00, QE(TP) = 0.00, PE 0
    // cell: P̄₀ = 145,959.41 / 101 = 1,445.1426…; volume = [(51 − 101) × 1,445.1426…] = [−72,257.1336…] = −72,257.13
    //   mix = −70,000.00 − (−72,257.13) = 2,257.13
    const d = decomposeChange(
      lines([
        ['R4', 'water.river', 'cod', '100', 't', '140000'],
        ['R4', 'water.river', 'tp', '1', 't', '5959.41'],
      ]),
      lines([
        ['R4', 'water.river', 'cod', '50', 't', '70000'],
        ['R4', 'water.river', 'tp', '1', 't', '5959.41'],
      ]),
    );
    expect(d.lines.map((l) => [l.item, l.quantityEffect, l.priceEffect])).toEqual([
      ['cod', '-70000.00', '0.00'],
      ['tp', '0.00', '0.00'],
    ]);
    expect(
      d.cells.map((c) => [c.item, c.change, c.quantityEffect, c.mixEffect, c.priceEffect, c.unsplit]),
    ).toEqual([[null, '-70000.00', '-72257.13', '2257.13', '0.00', '0.00']]);
  });

  it('hand-computed: quantity moved between zones at unchanged tariffs is mix, not price', () => {
    // Hydropower (M6) by zone, tariffs unchanged: Z01 0.30 元/kWh = 3,000 元/万kWh, Z02 0.36 = 3,600 元/万kWh.
    //   a: Z01 5,000 万kWh = 15,000,000.00; Z02 4,800 万kWh = 17,280,000.00; V₀ = 32,280,000.00
    //   b: Z01 3,000 万kWh =  9,000,000.00; Z02 6,800 万kWh = 24,480,000.00; V₁ = 33,480,000.00
    //   ΔV = 1,200,000.00 = 2,000 万kWh × (3,600 − 3,000)
    // zone lines, each at its own p₀: QE(Z01) = (3,000 − 5,000) × 3,000 = −6,000,000.00, PE 0;
    //   QE(Z02) = (6,800 − 4,800) × 3,600 = 7,200,000.00, PE 0
    // cell (zones added): Q₀ = Q₁ = 9,800 万kWh → volume 0.00; mix = −6,000,000 + 7,200,000 = 1,200,000.00
    const zoned = (z01: string, v01: string, z02: string, v02: string): PricedLine[] =>
      [
        ['Z01', z01, v01],
        ['Z02', z02, v02],
      ].map(([zone, q, v]) => ({
        indicator: 'M6',
        ecosystem: null,
        item: 'hydropower',
        zone: zone as string,
        quantity: new Decimal(q as string),
        unit: 'wan_kWh' as UnitId,
        value: new Decimal(v as string),
      }));
    const d = decomposeChange(
      zoned('5000', '15000000', '4800', '17280000'),
      zoned('3000', '9000000', '6800', '24480000'),
    );
    expect(d.lines.map((l) => [l.zone, l.kind, l.quantityEffect, l.priceEffect])).toEqual([
      ['Z01', 'split', '-6000000.00', '0.00'],
      ['Z02', 'split', '7200000.00', '0.00'],
    ]);
    expect(d.cells).toEqual([
      {
        indicator: 'M6',
        ecosystem: null,
        item: null,
        unit: 'wan_kWh',
        q0: '9800',
        q1: '9800',
        lines: 2,
        v0: '32280000.00',
        v1: '33480000.00',
        change: '1200000.00',
        quantityEffect: '0.00',
        mixEffect: '1200000.00',
        priceEffect: '0.00',
        unsplit: '0.00',
      },
    ]);
    expect(d.total).toMatchObject({ priceEffect: '0.00', mixEffect: '1200000.00', quantityEffect: '0.00' });
  });

  it('hand-computed: a cell of several lines at one base unit value has no mix; the lines’ rounding is volume', () => {
    // R2 dry cropland by zone, every zone at 10.005 元/m3 in both sets (one base unit value, unchanged):
    //   Z1: q 1 → 2 m3, v 10.005 → 20.01;  Z2: q 1 → 1 m3, v 10.005 → 10.005
    //   [10.005] = 10.00 (1,000.5 fen, half to even), [20.01] = 20.01
    // lines: Z1 [q₁ × p₀] = [2 × 10.005] = 20.01, QE = 20.01 − 10.00 = 10.01, PE = 20.01 − 20.01 = 0.00
    //        Z2 [q₁ × p₀] = [1 × 10.005] = 10.00, QE = 10.00 − 10.00 = 0.00, PE 0.00
    // cell: V₀ = 10.00 + 10.00 = 20.00, V₁ = 20.01 + 10.00 = 30.01, ΔV = 10.01; Q₀ = 2, Q₁ = 3, P̄₀ = 20.01/2 = 10.005
    //   mix = Σ (q₁ᵢ − q₀ᵢ)(p₀ᵢ − P̄₀) = 0 exactly (every p₀ᵢ = P̄₀): composition cannot change the value
    //   re-rounded, [(3 − 2) × 10.005] = 10.00 would leave 10.01 − 10.00 = 0.01 as mix; the volume is Σ QE = 10.01
    //   10.01 = volume 10.01 + mix 0.00 + price 0.00 + unsplit 0.00
    const zoned = (rows: [string, string, string][]): PricedLine[] =>
      rows.map(([zone, q, v]) => ({ ...line(null, q, 'm3', v, 'R2', 'cropland.dry'), zone }));
    const d = decomposeChange(
      zoned([
        ['Z1', '1', '10.005'],
        ['Z2', '1', '10.005'],
      ]),
      zoned([
        ['Z1', '2', '20.01'],
        ['Z2', '1', '10.005'],
      ]),
    );
    expect(d.lines.map((l) => [l.zone, l.kind, l.quantityEffect, l.priceEffect])).toEqual([
      ['Z1', 'split', '10.01', '0.00'],
      ['Z2', 'split', '0.00', '0.00'],
    ]);
    const up = {
      v0: '20.00',
      v1: '30.01',
      change: '10.01',
      quantityEffect: '10.01',
      mixEffect: '0.00',
      priceEffect: '0.00',
      unsplit: '0.00',
    };
    expect(d.cells).toEqual([
      {
        indicator: 'R2',
        ecosystem: 'cropland.dry',
        item: null,
        unit: 'm3',
        q0: '2',
        q1: '3',
        lines: 2,
        ...up,
      },
    ]);
    expect(d.byIndicator).toEqual([{ indicator: 'R2', ...up }]);
    expect(d.byEcosystem).toEqual([{ ecosystem: 'cropland.dry', ...up }]);
    expect(d.total).toEqual(up);
    // The other way: Z1 q 2 → 1, v 20.01 → 10.005: [q₁ × p₀] = [10.005] = 10.00, QE = 10.00 − 20.01 = −10.01.
    //   Q 3 → 2; re-rounded [(2 − 3) × 10.005] = [−10.005] = −10.00 would leave −0.01 as mix; volume −10.01, mix 0.
    const e = decomposeChange(
      zoned([
        ['Z1', '2', '20.01'],
        ['Z2', '1', '10.005'],
      ]),
      zoned([
        ['Z1', '1', '10.005'],
        ['Z2', '1', '10.005'],
      ]),
    );
    expect(e.total).toEqual({
      v0: '30.01',
      v1: '20.00',
      change: '-10.01',
      quantityEffect: '-10.01',
      mixEffect: '0.00',
      priceEffect: '0.00',
      unsplit: '0.00',
    });
    // The total quantity unchanged: Z1 q 1 → 2 (QE 10.01), Z2 q 1 → 0, v 10.005 → 0 (QE [0] − [10.005] = −10.00).
    //   Q 2 → 2, ΔV = 20.01 − 20.00 = 0.01: nothing but the rounding of the lines (real ΔV = 0). Mix and volume
    //   are both 0 in real terms; the fen stays where the lines put it, in the volume (Σ QE = 0.01), mix 0.00.
    const same = decomposeChange(
      zoned([
        ['Z1', '1', '10.005'],
        ['Z2', '1', '10.005'],
      ]),
      zoned([
        ['Z1', '2', '20.01'],
        ['Z2', '0', '0'],
      ]),
    );
    expect(same.total).toMatchObject({ change: '0.01', quantityEffect: '0.01', mixEffect: '0.00' });
    // A zone entering at the same unit value: its whole value is quantity effect, counted at v₁/q₁ = 10.005,
    //   the cell's base unit value, so the mix is still 0 exactly.
    //   Z1 q 1 → 2 (QE 10.01, as above); Z3 new, q 3 m3 for 30.015: [30.015] = 30.02 (3,001.5 fen, to even), QE 30.02
    //   cell: V₀ = 10.00, V₁ = 20.01 + 30.02 = 50.03, ΔV = 40.03; Q 1 → 5, P̄₀ = 10.005
    //   re-rounded [(5 − 1) × 10.005] = [40.02] = 40.02 would leave 0.01 as mix; volume 40.03, mix 0.00
    // Both sets carry zones Z1 and Z3 (Z3's R1 line, unchanged: v 5.00 in both), so Z3's R2 line is a zone that
    // begins to hold the good.
    const z3 = { ...line(null, '1', 'm3', '5', 'R1', 'forest'), zone: 'Z3' };
    const g = decomposeChange(
      [...zoned([['Z1', '1', '10.005']]), z3],
      [
        ...zoned([
          ['Z1', '2', '20.01'],
          ['Z3', '3', '30.015'],
        ]),
        z3,
      ],
    );
    expect(g.rezoned).toBeUndefined();
    expect(g.lines.map((l) => [l.zone, l.kind, l.quantityEffect])).toEqual([
      ['Z1', 'split', '10.01'],
      ['Z3', 'split', '0.00'],
      ['Z3', 'entry', '30.02'],
    ]);
    expect(g.total).toMatchObject({ change: '40.03', quantityEffect: '40.03', mixEffect: '0.00' });
    // At another unit value the entering zone does change the composition: Z3 3 m3 for 36.00 (12 元/m3):
    //   QE(Z3) = 36.00; ΣQE = 46.01; volume [(5 − 1) × 10.005] = 40.02, mix 46.01 − 40.02 = 5.99
    //   (= 3 m3 × (12 − 10.005) = 5.985, within a fen)
    const h = decomposeChange(
      [...zoned([['Z1', '1', '10.005']]), z3],
      [
        ...zoned([
          ['Z1', '2', '20.01'],
          ['Z3', '3', '36'],
        ]),
        z3,
      ],
    );
    expect(h.total).toMatchObject({ change: '46.01', quantityEffect: '40.02', mixEffect: '5.99' });
  });

  it('hand-computed: products in one year, a gross output in the other: the basis changed, the lines unsplit', () => {
    // M1 on cropland: a gives rice 100 t for 1,000 and tea 10 t for 500 (goods of their own, no physical total);
    // b gives the same 1,500 元 as the sector's gross output, no quantity. Nothing fell: the basis changed.
    //   rice: unsplit −1,000.00; tea: unsplit −500.00; gross output: unsplit +1,500.00; ΔV 0.00, volume 0.00
    //   (without the rule: volume −1,500.00 and unsplit +1,500.00)
    const m1 = (item: string, q: string | null, v: string): PricedLine => ({
      ...lines([['M1', 'cropland', item, q, 't', v]])[0]!,
      separateItem: true,
    });
    const d = decomposeChange(
      [m1('rice', '100', '1000'), m1('tea', '10', '500')],
      [m1('agriculture', null, '1500')],
    );
    expect(d.basisChanged).toEqual([{ indicator: 'M1', ecosystem: 'cropland' }]);
    expect(d.lines.map((l) => [l.item, l.kind, l.quantityEffect, l.unsplit])).toEqual([
      ['rice', 'unsplit', '0.00', '-1000.00'],
      ['tea', 'unsplit', '0.00', '-500.00'],
      ['agriculture', 'unsplit', '0.00', '1500.00'],
    ]);
    expect(d.total).toMatchObject({
      change: '0.00',
      quantityEffect: '0.00',
      mixEffect: '0.00',
      unsplit: '0.00',
    });
    // a group whose basis changed is not also named for its sub-items (rice, tea against agriculture)
    expect(d.unmatchedItems).toBeUndefined();
    // a product of both years in the group keeps its split: tea 10 t in both, at 50 then 55 元/t (price 50.00)
    const withTea = decomposeChange(
      [m1('rice', '100', '1000'), m1('tea', '10', '500')],
      [m1('agriculture', null, '1000'), m1('tea', '10', '550')],
    );
    expect(withTea.basisChanged).toEqual([{ indicator: 'M1', ecosystem: 'cropland' }]);
    expect(withTea.lines.map((l) => [l.item, l.kind, l.priceEffect])).toEqual([
      ['rice', 'unsplit', '0.00'],
      ['tea', 'split', '50.00'],
      ['agriculture', 'unsplit', '0.00'],
    ]);
    // Zoned anew (region-wide, then Z1), a group of products and a value line: each good is in both years, in other
    // zones, so nothing is of one year alone and the basis did not change; rice enters in Z1 at its 2020 unit value
    // 10 元/t: QE [100 × 10] = 1,000.00, PE 1,100 − 1,000 = 100.00; services (no quantity) unsplit −400 + 500 = 100.00
    const zoned = (p: PricedLine, zone: string | null): PricedLine => ({ ...p, zone });
    const anew = decomposeChange(
      [zoned(m1('rice', '100', '1000'), null), zoned(m1('services', null, '400'), null)],
      [zoned(m1('rice', '100', '1100'), 'Z1'), zoned(m1('services', null, '500'), 'Z1')],
    );
    expect(anew.basisChanged).toBeUndefined();
    expect(anew.total).toMatchObject({ quantityEffect: '0.00', priceEffect: '100.00', unsplit: '100.00' });
    // a value line added beside a product of both years: no line of quantity of one year alone, no basis change
    const added = decomposeChange(
      [m1('tea', '10', '500')],
      [m1('tea', '10', '500'), m1('agriculture', null, '300')],
    );
    expect(added.basisChanged).toBeUndefined();
    // A product of both years beside them keeps its split; a group with no line of a value alone is untouched:
    // rice 100 → 120 t at 10 元/t in both: QE 200.00; tea leaves (a gross output of another ecosystem enters).
    const kept = decomposeChange(
      [m1('rice', '100', '1000'), m1('tea', '10', '500')],
      [m1('rice', '120', '1200'), { ...m1('agriculture', null, '500'), ecosystem: 'forest' }],
    );
    expect(kept.basisChanged).toBeUndefined();
    expect(kept.lines.map((l) => [l.item, l.kind])).toEqual([
      ['rice', 'split'],
      ['tea', 'split'],
      ['agriculture', 'unsplit'],
    ]);
    expect(kept.total).toMatchObject({ quantityEffect: '-300.00', unsplit: '500.00' });
    expect(kept.unmatchedItems).toBeUndefined();
  });

  it('a basis change needs lines of one set alone on both sides, one of them with a quantity and one without', () => {
    const m1 = (item: string, q: string | null, v: string): PricedLine => ({
      ...lines([['M1', 'cropland', item, q, 't', v]])[0]!,
      separateItem: true,
    });
    // the other way round: a gross output before, products after → the same rule, the lines unsplit
    const back = decomposeChange(
      [m1('agriculture', null, '1500')],
      [m1('rice', '100', '1000'), m1('tea', '10', '500')],
    );
    expect(back.basisChanged).toEqual([{ indicator: 'M1', ecosystem: 'cropland' }]);
    expect(back.lines.map((l) => l.kind)).toEqual(['unsplit', 'unsplit', 'unsplit']);
    expect(back.total).toMatchObject({ quantityEffect: '0.00', unsplit: '0.00' });
    // a line without quantity in both sets (not of one set alone) beside rice leaving: no basis change, rice's
    // leaving is its volume (−1,000.00); the value line is unsplit as ever (+100.00)
    const both = decomposeChange(
      [m1('rice', '100', '1000'), m1('services', null, '400')],
      [m1('services', null, '500')],
    );
    expect(both.basisChanged).toBeUndefined();
    expect(both.lines.map((l) => [l.item, l.kind, l.quantityEffect, l.unsplit])).toEqual([
      ['rice', 'split', '-1000.00', '0.00'],
      ['services', 'unsplit', '0.00', '100.00'],
    ]);
    expect(both.unmatchedItems).toBeUndefined();
    // lines of one set alone with quantities on both sides (a rename, not a basis change): split as written
    const renamed = decomposeChange([m1('rice', '100', '1000')], [m1('paddy', '100', '1100')]);
    expect(renamed.basisChanged).toBeUndefined();
    expect(renamed.lines.map((l) => l.kind)).toEqual(['split', 'entry']);
    // one set alone holding both a quantity line and a value line, the other nothing alone: no basis change
    const oneSide = decomposeChange(
      [m1('rice', '100', '1000'), m1('agriculture', null, '500'), m1('tea', '1', '50')],
      [m1('tea', '1', '50')],
    );
    expect(oneSide.basisChanged).toBeUndefined();
    expect(oneSide.lines.map((l) => [l.item, l.kind])).toEqual([
      ['rice', 'split'],
      ['agriculture', 'unsplit'],
      ['tea', 'split'],
    ]);
  });

  it('sub-items of one set alone on both sides (a rename) are named; a new product alone is not', () => {
    // 稻谷 Rice renamed 稻谷: the decomposition sees one good leave and another enter, and names both
    const m1 = (item: string, q: string, v: string): PricedLine => ({
      ...lines([['M1', null, item, q, 't', v]])[0]!,
      separateItem: true,
    });
    const d = decomposeChange(
      [m1('稻谷 Rice', '100', '260000'), m1('茶叶', '5', '100000')],
      [m1('稻谷', '100', '275000'), m1('茶叶', '5', '100000')],
    );
    expect(d.unmatchedItems).toEqual([{ indicator: 'M1', ecosystem: null, a: ['稻谷 Rice'], b: ['稻谷'] }]);
    // a line of no sub-item beside them is no sub-item: 茶叶 gone, 稻谷 new, the item-less line (before only) not named
    const withNull = decomposeChange(
      [m1('茶叶', '5', '100000'), { ...m1('x', '1', '10'), item: null }],
      [m1('稻谷', '1', '2750')],
    );
    expect(withNull.unmatchedItems).toEqual([{ indicator: 'M1', ecosystem: null, a: ['茶叶'], b: ['稻谷'] }]);
    // a product added in the second year, none gone: nothing to name
    const added = decomposeChange(
      [m1('茶叶', '5', '100000')],
      [m1('茶叶', '5', '100000'), m1('稻谷', '1', '2750')],
    );
    expect(added.unmatchedItems).toBeUndefined();
  });

  it('hand-computed: zoned differently, an entering line of a good the base holds is valued at its base unit value', () => {
    // A county that begins to report by township (the finding of a review): R1 broadleaf 100 m3 for 1,000 元 region-
    // wide (zone null, 10 元/m3), then the same 100 m3 for 1,200 元 in Z1 (12 元/m3). The good is one: its price rose.
    //   line (null): leaves, QE = [0 × 10] − 1,000 = −1,000.00
    //   line Z1: enters; at the good's base unit value P₀ = 1,000 / 100 = 10: QE = [100 × 10] = 1,000.00,
    //            PE = 1,200 − 1,000 = 200.00
    //   cell: Q 100 → 100, every base unit value 10 (the entering line at P₀): volume Σ QE = 0.00, mix 0.00
    //   ΔV 200.00 = volume 0.00 + mix 0.00 + price 200.00 (zoned alike, it was mix 200.00 and price 0.00)
    const r1 = (zone: string | null, q: string, v: string): PricedLine => ({
      ...line(null, q, 'm3', v, 'R1', 'forest.broadleaf'),
      zone,
    });
    const d = decomposeChange([r1(null, '100', '1000')], [r1('Z1', '100', '1200')]);
    expect(d.rezoned).toEqual({ a: [], b: ['Z1'] });
    expect(d.lines.map((l) => [l.zone, l.kind, l.quantityEffect, l.priceEffect])).toEqual([
      [null, 'split', '-1000.00', '0.00'],
      ['Z1', 'entry', '1000.00', '200.00'],
    ]);
    expect(d.total).toEqual({
      v0: '1000.00',
      v1: '1200.00',
      change: '200.00',
      quantityEffect: '0.00',
      mixEffect: '0.00',
      priceEffect: '200.00',
      unsplit: '0.00',
    });
    // Split over two townships, Z1 60 m3 for 720 and Z2 40 m3 for 480 (12 元/m3 each):
    //   Z1: QE [60 × 10] = 600.00, PE 120.00; Z2: QE [40 × 10] = 400.00, PE 80.00; total price 200.00, mix 0.00
    const two = decomposeChange([r1(null, '100', '1000')], [r1('Z1', '60', '720'), r1('Z2', '40', '480')]);
    expect(two.lines.map((l) => [l.zone, l.quantityEffect, l.priceEffect])).toEqual([
      [null, '-1000.00', '0.00'],
      ['Z1', '600.00', '120.00'],
      ['Z2', '400.00', '80.00'],
    ]);
    expect(two.total).toMatchObject({ quantityEffect: '0.00', mixEffect: '0.00', priceEffect: '200.00' });
    // In 亩-free units: the base in m3, the entering line in 万m3 (0.01 万m3 = 100 m3): converted, the same effects
    const wan = decomposeChange(
      [r1(null, '100', '1000')],
      [{ ...r1('Z1', '0.01', '1200'), unit: 'wan_m3' as UnitId }],
    );
    expect(wan.lines[1]).toMatchObject({ quantityEffect: '1000.00', priceEffect: '200.00' });
    // Zones of both sets partly alike (Z1 in both, Z2 before, Z3 after) are zoned differently too. Z1 stays and keeps
    // its own unit value (10, not the good's 15); Z3 enters at the good's base unit value (100 + 200) / 20 = 15:
    //   Z1: QE 0.00, PE 0.00; Z2 leaves: QE −200.00; Z3: QE [10 × 15] = 150.00, PE 150 − 150 = 0.00
    const part = decomposeChange(
      [r1('Z1', '10', '100'), r1('Z2', '10', '200')],
      [r1('Z1', '10', '100'), r1('Z3', '10', '150')],
    );
    expect(part.rezoned).toEqual({ a: ['Z1', 'Z2'], b: ['Z1', 'Z3'] });
    expect(part.lines.map((l) => [l.zone, l.kind, l.quantityEffect, l.priceEffect])).toEqual([
      ['Z1', 'split', '0.00', '0.00'],
      ['Z2', 'split', '-200.00', '0.00'],
      ['Z3', 'entry', '150.00', '0.00'],
    ]);
    // a set with a zone more (Z1 before; Z1 and Z3 after) is zoned differently: Z3's line is valued at Z1's 10
    const more = decomposeChange([r1('Z1', '10', '100')], [r1('Z1', '10', '100'), r1('Z3', '10', '120')]);
    expect(more.rezoned).toEqual({ a: ['Z1'], b: ['Z1', 'Z3'] });
    expect(more.lines[1]).toMatchObject({ quantityEffect: '100.00', priceEffect: '20.00' });
    // the entering line counts at the good's base unit value when the cell's composition is judged: Z1 1 → 2 m3 at
    //   10.005, Z3 enters 3 m3 for 36.00: QE(Z1) = 10.01, QE(Z3) = [3 × 10.005] = 30.02, PE(Z3) = 5.98; every line
    //   at 10.005, one unit value: volume Σ QE = 40.03, mix 0.00 (at Z3's own 12 元/m3 it would be [(5 − 1) ×
    //   10.005] = 40.02 and a mix of 0.01)
    const fen = decomposeChange([r1('Z1', '1', '10.005')], [r1('Z1', '2', '20.01'), r1('Z3', '3', '36')]);
    expect(fen.total).toMatchObject({
      change: '46.01',
      quantityEffect: '40.03',
      mixEffect: '0.00',
      priceEffect: '5.98',
    });
    // a good whose base lines are of two dimensions (m3 in Z1, t in Z2) has no base unit value: Z3 enters as new
    const mixed = decomposeChange(
      [r1('Z1', '10', '100'), { ...r1('Z2', '10', '100'), unit: 't' as UnitId }],
      [r1('Z1', '10', '100'), r1('Z3', '10', '150')],
    );
    expect(mixed.lines.at(-1)).toMatchObject({ zone: 'Z3', quantityEffect: '150.00', priceEffect: '0.00' });
    // zoned alike, no rezoned member at all
    expect('rezoned' in decomposeChange([r1('Z1', '1', '10')], [r1('Z1', '1', '11')])).toBe(false);
    // A good new to the cell (a sub-item the base holds nowhere) keeps its whole change as quantity: tp enters
    const newGood = decomposeChange(
      [{ ...line('cod', '100', 't', '1000', 'R4', 'lake'), zone: null }],
      [
        { ...line('cod', '100', 't', '1000', 'R4', 'lake'), zone: 'Z1' },
        { ...line('tp', '10', 't', '300', 'R4', 'lake'), zone: 'Z1' },
      ],
    );
    expect(newGood.lines.map((l) => [l.item, l.zone, l.kind, l.quantityEffect, l.priceEffect])).toEqual([
      ['cod', null, 'split', '-1000.00', '0.00'],
      ['cod', 'Z1', 'entry', '1000.00', '0.00'],
      ['tp', 'Z1', 'entry', '300.00', '0.00'],
    ]);
  });

  it('hand-computed: zoned alike, a good moved from the region-wide line to a zone is valued at its base unit value', () => {
    // Both sets hold zones Z1 and Z2 (R1 water in each). Hydropower M6: 100 kWh region-wide for 33.00 (0.33 元/kWh)
    // in a, 100 kWh in Z1 for 40.00 in b: the same good, its tariff rose.
    //   M6 (null) leaves: QE = −33.00; M6 Z1 enters at the good's base unit value 33 / 100 = 0.33:
    //     QE = [100 × 0.33] = 33.00, PE = 40.00 − 33.00 = 7.00; M6: ΔV 7.00 = volume 0.00 + mix 0.00 + price 7.00
    // R1 in Z2 enters in b (a township's first water, 5 m3 for 50.00) while R1 stays in Z1: zoned alike and never
    // region-wide, it keeps its whole change as quantity (QE 50.00, PE 0.00).
    const z = (l: PricedLine, zone: string | null): PricedLine => ({ ...l, zone });
    const a = [
      z(line('hydro', '100', 'kWh', '33', 'M6', null), null),
      z(line(null, '10', 'm3', '100'), 'Z1'),
      z(line(null, '1', 'm3', '10', 'R1', 'lake'), 'Z2'),
    ];
    const b = [
      z(line('hydro', '100', 'kWh', '40', 'M6', null), 'Z1'),
      z(line(null, '10', 'm3', '100'), 'Z1'),
      z(line(null, '5', 'm3', '50'), 'Z2'),
      z(line(null, '1', 'm3', '10', 'R1', 'lake'), 'Z2'),
    ];
    const d = decomposeChange(a, b);
    expect(d.rezoned).toBeUndefined();
    expect(d.rezonedGoods).toEqual([
      { indicator: 'M6', ecosystem: null, item: 'hydro', a: [null], b: ['Z1'] },
    ]);
    expect(d.lines.map((l) => [l.indicator, l.zone, l.kind, l.quantityEffect, l.priceEffect])).toEqual([
      ['M6', null, 'split', '-33.00', '0.00'],
      ['R1', 'Z1', 'split', '0.00', '0.00'],
      ['R1', 'Z2', 'split', '0.00', '0.00'],
      ['M6', 'Z1', 'entry', '33.00', '7.00'],
      ['R1', 'Z2', 'entry', '50.00', '0.00'],
    ]);
    expect(d.byIndicator.find((x) => x.indicator === 'M6')).toMatchObject({
      change: '7.00',
      quantityEffect: '0.00',
      mixEffect: '0.00',
      priceEffect: '7.00',
    });
    // a good region-wide in both sets, or by zone in both, is not rezoned; nor one held in one set alone
    const same = decomposeChange(
      [z(line('hydro', '1', 'kWh', '1', 'M6', null), null)],
      [
        z(line('hydro', '1', 'kWh', '2', 'M6', null), null),
        z(line('solar', '1', 'kWh', '2', 'M6', null), 'Z1'),
      ],
    );
    expect('rezonedGoods' in same).toBe(false);
    // both ways: by zone in a, region-wide in b
    const back = decomposeChange(
      [z(line('hydro', '1', 'kWh', '1', 'M6', null), 'Z1'), z(line(null, '1', 'm3', '1'), null)],
      [z(line('hydro', '1', 'kWh', '1', 'M6', null), null), z(line(null, '1', 'm3', '1'), 'Z1')],
    );
    expect(back.rezonedGoods?.map((g) => [g.indicator, g.a, g.b])).toEqual([
      ['M6', ['Z1'], [null]],
      ['R1', [null], ['Z1']],
    ]);
  });

  it('lines without a zone carry no zone field (parcel valuations)', () => {
    const d = decomposeChange(
      lines([['R4', 'lake', 'cod', '1', 't', '1400']]),
      lines([['R4', 'lake', 'cod', '2', 't', '2800']]),
    );
    expect(d.lines[0]).not.toHaveProperty('zone');
  });

  it('hand-computed: volume at the average base price, mix and price together', () => {
    // a: COD 100 t × 10 = 1,000; TP 100 t × 30 = 3,000; V₀ = 4,000, Q₀ = 200 t, P̄₀ = 20 元/t
    // b: COD 200 t × 10 = 2,000; TP 100 t × 36 = 3,600; V₁ = 5,600, Q₁ = 300 t;  ΔV = 1,600
    // lines: QE(COD) = 100 × 10 = 1,000, PE 0; QE(TP) = 0, PE = 600
    // volume = (300 − 200) × 20 = 2,000; mix = 1,000 − 2,000 = −1,000; 2,000 − 1,000 + 600 + 0 = 1,600
    const d = decomposeChange(
      lines([
        ['R4', 'lake', 'cod', '100', 't', '1000'],
        ['R4', 'lake', 'tp', '100', 't', '3000'],
      ]),
      lines([
        ['R4', 'lake', 'cod', '200', 't', '2000'],
        ['R4', 'lake', 'tp', '100', 't', '3600'],
      ]),
    );
    expect(d.total).toEqual({
      v0: '4000.00',
      v1: '5600.00',
      change: '1600.00',
      quantityEffect: '2000.00',
      mixEffect: '-1000.00',
      priceEffect: '600.00',
      unsplit: '0.00',
    });
  });

  it('lines of different dimensions have no volume: quantity = Σ line effects, mix 0', () => {
    // R5 SO₂ 10 t → 12 t at 1,200 元/t: QE = 2 × 1,200 = 2,400; dust 5 m3 → 5 m3, 100 → 110: PE 10;
    //   NOx 2,000 kg → 1,000 kg at 2 元/kg (4,000 → 2,000): QE = (1,000 − 2,000) × 2 = −2,000
    // The cell's unit is SO₂'s (t), which m3 does not convert into: no unit, no quantities, no volume/mix split.
    //   volume = Σ QE = 2,400 − 2,000 = 400.00, mix 0; ΔV = (14,400 + 110 + 2,000) − (12,000 + 100 + 4,000) = 410
    //   (had dust been left out, SO₂ and NOx in t would give Q 12 → 13 t, P̄₀ = 16,000 / 12: volume 1,333.33)
    const d = decomposeChange(
      lines([
        ['R5', 'forest', 'so2', '10', 't', '12000'],
        ['R5', 'forest', 'dust', '5', 'm3', '100'],
        ['R5', 'forest', 'nox', '2000', 'kg', '4000'],
      ]),
      lines([
        ['R5', 'forest', 'so2', '12', 't', '14400'],
        ['R5', 'forest', 'dust', '5', 'm3', '110'],
        ['R5', 'forest', 'nox', '1000', 'kg', '2000'],
      ]),
    );
    expect(d.lines.map((l) => [l.item, l.kind, l.unit, l.q0, l.q1, l.quantityEffect, l.priceEffect])).toEqual(
      [
        ['so2', 'split', 't', '10', '12', '2400.00', '0.00'],
        ['dust', 'split', 'm3', '5', '5', '0.00', '10.00'],
        ['nox', 'split', 'kg', '2000', '1000', '-2000.00', '0.00'],
      ],
    );
    expect(d.cells).toEqual([
      {
        indicator: 'R5',
        ecosystem: 'forest',
        item: null,
        unit: null,
        q0: null,
        q1: null,
        lines: 3,
        v0: '16100.00',
        v1: '16510.00',
        change: '410.00',
        quantityEffect: '400.00',
        mixEffect: '0.00',
        priceEffect: '10.00',
        unsplit: '0.00',
      },
    ]);
    // The odd line first: the cell's unit would be m3, which t and kg do not convert into; the same effects.
    const e = decomposeChange(
      lines([
        ['R5', 'forest', 'dust', '5', 'm3', '100'],
        ['R5', 'forest', 'so2', '10', 't', '12000'],
      ]),
      lines([
        ['R5', 'forest', 'dust', '5', 'm3', '110'],
        ['R5', 'forest', 'so2', '12', 't', '14400'],
      ]),
    );
    expect(e.cells[0]).toMatchObject({
      unit: null,
      q0: null,
      q1: null,
      quantityEffect: '2400.00',
      mixEffect: '0.00',
    });
  });

  it('hand-computed: a key whose unit changes dimension between the sets is unsplit', () => {
    // R1 forest dust: 10 t (100) in a, 10 m3 (150) in b: m3 does not convert into t, so b's quantity is null and
    //   the line is unsplit: ΔV = 150 − 100 = 50.00 unsplit, unit t (a's), q0 10, q1 null.
    // R1 forest so2: 4 t (40) → 6,000 kg = 6 t (66): QE = (6 − 4) × 10 = 20.00, PE = 66 − 60 = 6.00
    // The cell: its one summable line is so2 (unit t), Q 4 → 6; volume 20.00, mix 0, price 6, unsplit 50: ΔV 76
    const d = decomposeChange(
      [line('dust', '10', 't', '100'), line('so2', '4', 't', '40')],
      [line('dust', '10', 'm3', '150'), line('so2', '6000', 'kg', '66')],
    );
    expect(
      d.lines.map((l) => [l.item, l.kind, l.unit, l.q0, l.q1, l.quantityEffect, l.priceEffect, l.unsplit]),
    ).toEqual([
      ['dust', 'unsplit', 't', '10', null, '0.00', '0.00', '50.00'],
      ['so2', 'split', 't', '4', '6', '20.00', '6.00', '0.00'],
    ]);
    expect(d.cells[0]).toMatchObject({
      unit: 't',
      q0: '4',
      q1: '6',
      change: '76.00',
      quantityEffect: '20.00',
      mixEffect: '0.00',
      priceEffect: '6.00',
      unsplit: '50.00',
    });
  });

  it('hand-computed: a cell with no base quantity has no volume/mix split', () => {
    // R4 lake, new in b: cod 10 t for 100 (10 元/t), tp 1 t for 50 (50 元/t): two entries at two unit values.
    //   Q₀ = 0: no average base price, so volume = Σ QE = 100 + 50 = 150.00, mix 0.00
    const d = decomposeChange(
      [line('cod', '5', 't', '50', 'R4', 'river')],
      [line('cod', '10', 't', '100', 'R4', 'lake'), line('tp', '1', 't', '50', 'R4', 'lake')],
    );
    expect(
      d.cells.map((c) => [c.ecosystem, c.unit, c.q0, c.q1, c.change, c.quantityEffect, c.mixEffect]),
    ).toEqual([
      ['river', 't', '5', '0', '-50.00', '-50.00', '0.00'],
      ['lake', 't', '0', '11', '150.00', '150.00', '0.00'],
    ]);
  });

  it('units converted within a line; entry, exit and unsplit lines; levels sum', () => {
    // R4 cod: 100 t (a) → 150,000 kg = 150 t (b) at 10 元/t: QE = 50 × 10 = 500
    // R4 tp: new in b, 2 kg for 20 元: entry, QE 20. Cell: Q₀ = 100 t, Q₁ = 150 t + 0.002 t = 150.002 t,
    //   P̄₀ = 1,000/100 = 10 元/t: volume = 50.002 × 10 = 500.02; mix = (500 + 20) − 500.02 = 19.98
    // R2 (no quantity) 50 → 80: unsplit 30. R1 shrub 30 m3 → gone, 90 → 0: QE −90.
    const d = decomposeChange(
      lines([
        ['R4', 'lake', 'cod', '100', 't', '1000'],
        ['R2', 'forest', null, null, 'm3', '50'],
        ['R1', 'shrub', null, '30', 'm3', '90'],
      ]),
      lines([
        ['R4', 'lake', 'cod', '150000', 'kg', '1500'],
        ['R4', 'lake', 'tp', '2', 'kg', '20'],
        ['R2', 'forest', null, null, 'm3', '80'],
      ]),
    );
    expect(d.lines.map((l) => [l.indicator, l.item, l.kind, l.q1, l.quantityEffect, l.unsplit])).toEqual([
      ['R4', 'cod', 'split', '150', '500.00', '0.00'],
      ['R2', null, 'unsplit', null, '0.00', '30.00'],
      ['R1', null, 'split', '0', '-90.00', '0.00'],
      ['R4', 'tp', 'entry', '2', '20.00', '0.00'],
    ]);
    expect(d.cells[0]).toMatchObject({ q1: '150.002', quantityEffect: '500.02', mixEffect: '19.98' });
    // total: ΔV = (1,500 + 20 + 80) − (1,000 + 50 + 90) = 460
    //   = volume (500.02 − 90 = 410.02) + mix 19.98 + unsplit 30
    expect(d.total).toMatchObject({
      change: '460.00',
      quantityEffect: '410.02',
      mixEffect: '19.98',
      unsplit: '30.00',
    });
    expect(d.byIndicator.map((x) => [x.indicator, x.change])).toEqual([
      ['R4', '520.00'],
      ['R2', '30.00'],
      ['R1', '-90.00'],
    ]);
    expect(d.byEcosystem.map((x) => [x.ecosystem, x.change])).toEqual([
      ['lake', '520.00'],
      ['forest', '30.00'],
      ['shrub', '-90.00'],
    ]);
  });

  it('property: ΔV = volume + mix + price + unsplit at every level; prices unchanged → price 0', () => {
    const row = fc.tuple(
      fc.constantFrom('R4', 'R5'),
      fc.constantFrom('lake', 'forest'),
      fc.constantFrom('cod', 'tp', 'nh3n'),
      fc.integer({ min: 0, max: 100_000 }),
      fc.constantFrom('Z1', 'Z2'),
    );
    const set = fc.uniqueArray(row, {
      selector: (r) => [r[0], r[1], r[2], r[4]].join('|'),
      maxLength: 12,
    });
    // Unit values differ by zone (Z2 dearer), unchanged between the two sets.
    const price: Record<string, string> = { cod: '1400', tp: '5959.41', nh3n: '1750.3' };
    const factor: Record<string, string> = { Z1: '1', Z2: '1.37' };
    const mk = (rs: [string, string, string, number, string][], uniform = false): PricedLine[] =>
      rs.map(([indicator, ecosystem, item, q, zone]) => ({
        indicator,
        ecosystem,
        item,
        zone,
        quantity: new Decimal(q).div(100),
        unit: 't' as UnitId,
        value: new Decimal(price[item] as string)
          .times(uniform ? '1' : (factor[zone] as string))
          .times(q)
          .div(100),
      }));
    fc.assert(
      fc.property(set, set, (x, y) => {
        const d = decomposeChange(mk(x), mk(y));
        const f = (s: string) => BigInt(s.replace('.', ''));
        for (const p of [d.total, ...d.cells, ...d.byIndicator, ...d.byEcosystem])
          expect(f(p.change)).toBe(f(p.quantityEffect) + f(p.mixEffect) + f(p.priceEffect) + f(p.unsplit));
        // Zoned alike, every line keeps its zone's unit value: no price effect. Zoned differently, a good entering
        // in a zone is valued at its base unit value over the other zones, and Z2's dearer one is a price effect.
        if (d.rezoned === undefined) for (const l of d.lines) expect(l.priceEffect).toBe('0.00');
        // a cell of one line has no composition to change
        for (const c of d.cells) if (c.lines === 1) expect(c.mixEffect).toBe('0.00');
        expect(f(d.total.change)).toBe(d.fen.v1 - d.fen.v0);
        expect(f(d.total.mixEffect)).toBe(d.cells.reduce((n, c) => n + f(c.mixEffect), 0n));
      }),
      { numRuns: 200 },
    );
    // One unit value per good in every zone, unchanged: no price effect on any line, zoned alike or not.
    fc.assert(
      fc.property(set, set, (x, y) => {
        for (const l of decomposeChange(mk(x, true), mk(y, true)).lines) expect(l.priceEffect).toBe('0.00');
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('change by line: a cell at one base unit value', () => {
  it('hand-computed: one price is one base unit value, not one current unit value', () => {
    // a: COD 100 t for 1,000 (10 元/t), TP 100 t for 3,000 (30 元/t): two base unit values
    // b: COD 200 t for 4,000, TP 100 t for 2,000: both at 20 元/t now
    // lines: COD [200 × 10] = 2,000, QE = 2,000 − 1,000 = 1,000, PE = 4,000 − 2,000 = 2,000
    //        TP  [100 × 30] = 3,000, QE 0, PE = 2,000 − 3,000 = −1,000
    // cell: Q₀ = 200, Q₁ = 300, P̄₀ = 4,000 / 200 = 20: volume = 100 × 20 = 2,000.00, mix = 1,000 − 2,000 = −1,000.00
    //   ΔV = 6,000 − 4,000 = 2,000 = 2,000 − 1,000 + 1,000 (at one current price the volume would be Σ QE, mix 0)
    const d = decomposeChange(
      [line('cod', '100', 't', '1000', 'R4', 'lake'), line('tp', '100', 't', '3000', 'R4', 'lake')],
      [line('cod', '200', 't', '4000', 'R4', 'lake'), line('tp', '100', 't', '2000', 'R4', 'lake')],
    );
    expect(d.total).toEqual({
      v0: '4000.00',
      v1: '6000.00',
      change: '2000.00',
      quantityEffect: '2000.00',
      mixEffect: '-1000.00',
      priceEffect: '1000.00',
      unsplit: '0.00',
    });
  });

  it('hand-computed: a line entering with a value but no quantity is not at the cell’s unit value', () => {
    // fee: 0 t worth 0 in a (listed first), 0 t worth 5 in b: an entry, QE = 5.00, and no unit value
    // cod: 10 t (100) → 20 t (200) at 10 元/t: QE = [20 × 10] − 100 = 100.00, PE 0
    // cell: not at one price (fee has none), so split: Q₀ = 10, Q₁ = 20, P̄₀ = (0 + 100) / 10 = 10
    //   volume = (20 − 10) × 10 = 100.00, mix = (5 + 100) − 100 = 5.00 (at one price: volume 105.00, mix 0)
    const d = decomposeChange(
      [line('fee', '0', 't', '0'), line('cod', '10', 't', '100')],
      [line('fee', '0', 't', '5'), line('cod', '20', 't', '200')],
    );
    expect(d.lines.map((l) => [l.item, l.kind, l.quantityEffect])).toEqual([
      ['fee', 'entry', '5.00'],
      ['cod', 'split', '100.00'],
    ]);
    expect(d.total).toMatchObject({ change: '105.00', quantityEffect: '100.00', mixEffect: '5.00' });
    // The same key with no value in b either (0 t worth 0 in both) adds nothing: the cell is at cod's unit value.
    //   cod 1 m3 (10.005) → 2 m3 (20.01): QE = [2 × 10.005] − [10.005] = 20.01 − 10.00 = 10.01
    //   volume = Σ QE = 10.01, mix 0.00 (a split would give [(2 − 1) × 10.005] = 10.00 and 0.01 of mix)
    const e = decomposeChange(
      [line('fee', '0', 'm3', '0'), line('cod', '1', 'm3', '10.005')],
      [line('fee', '0', 'm3', '0'), line('cod', '2', 'm3', '20.01')],
    );
    expect(e.total).toMatchObject({ change: '10.01', quantityEffect: '10.01', mixEffect: '0.00' });
  });

  it('property: every line of a cell at one unit value → mix 0.00 at every level, the identity exact', () => {
    // Unit values of one cell are equal, as a deflated price gives them: p = price × 686.5 / 692.7 (40 digits), the
    // value v = q × p rounded to 40 digits again, so v/q differs from p (and between lines) in the last digits
    // only. Quantities in t or kg (converted into one unit in the cell), lines entering and leaving.
    const row = fc.tuple(
      fc.constantFrom('R2', 'R3'),
      fc.constantFrom('forest', 'cropland'),
      fc.constantFrom('Z1', 'Z2', 'Z3', 'Z4'),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.constantFrom('t', 'kg'),
    );
    const set = fc.uniqueArray(row, { selector: (r) => [r[0], r[1], r[2]].join('|'), maxLength: 12 });
    const price: Record<string, string> = { R2: '2600.005', R3: '11.7013' };
    const mk = (rs: [string, string, string, number, string][]): PricedLine[] =>
      rs.map(([indicator, ecosystem, zone, n, unit]) => {
        const q = new Decimal(n).div(1000);
        const perT = new Decimal(price[indicator] as string).times('686.5').div('692.7');
        return {
          indicator,
          ecosystem,
          item: null,
          zone,
          quantity: q,
          unit: unit as UnitId,
          value: q.times(unit === 'kg' ? perT.div(1000) : perT),
        };
      });
    fc.assert(
      fc.property(set, set, (x, y) => {
        const d = decomposeChange(mk(x), mk(y));
        const f = (s: string) => BigInt(s.replace('.', ''));
        for (const p of [d.total, ...d.cells, ...d.byIndicator, ...d.byEcosystem]) {
          expect(p.mixEffect).toBe('0.00');
          expect(f(p.change)).toBe(f(p.quantityEffect) + f(p.priceEffect) + f(p.unsplit));
        }
        for (const l of d.lines) expect(l.priceEffect).toBe('0.00');
        expect(f(d.total.change)).toBe(d.fen.v1 - d.fen.v0);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

/** A line of indicator R1 (or `indicator`), ecosystem forest, with its quantity and unit given apart. */
const line = (
  item: string | null,
  q: string | null,
  unit: string | null,
  v: string,
  indicator = 'R1',
  ecosystem: string | null = 'forest',
): PricedLine => ({
  indicator,
  ecosystem,
  item,
  quantity: q === null ? null : new Decimal(q),
  unit: unit as UnitId | null,
  value: new Decimal(v),
});

describe('change by line: lines of one key, kinds at their edges, cells and levels', () => {
  it('hand-computed: lines of one key in a set are added, quantities in the first line’s unit', () => {
    // a: cod 100 t (1,000) + 50,000 kg = 50 t (500)        → 150 t,  V₀ = 1,500, p₀ = 10 元/t
    // b: cod 150,000 kg (2,000) + 50 t = 50,000 kg (600)   → 200,000 kg = 200 t (the line's unit is a's), V₁ = 2,600
    // QE = (200 − 150) × 10 = 500.00; PE = 2,600 − 200 × 10 = 600.00; ΔV = 1,100.00
    const d = decomposeChange(
      [line('cod', '100', 't', '1000'), line('cod', '50000', 'kg', '500')],
      [line('cod', '150000', 'kg', '2000'), line('cod', '50', 't', '600')],
    );
    expect(d.lines).toEqual([
      {
        indicator: 'R1',
        ecosystem: 'forest',
        item: 'cod',
        kind: 'split',
        unit: 't',
        q0: '150',
        q1: '200',
        v0: '1500.00',
        v1: '2600.00',
        change: '1100.00',
        quantityEffect: '500.00',
        priceEffect: '600.00',
        unsplit: '0.00',
      },
    ]);
  });

  it('hand-computed: one line of a key without a summable quantity makes the key’s quantity null', () => {
    // Each key of a holds a line whose quantity cannot be added to the others; b holds 20 t for 400 元 of each.
    //   gap:       10 t (100) + no quantity (50) + 5 t (25)   → V₀ 175, unsplit 400 − 175 = 225
    //   no-q:      10 t (100) + quantity null in t (50)        → V₀ 150, unsplit 250
    //   no-unit:   10 t (100) + 5 without a unit (50)          → V₀ 150, unsplit 250
    //   dims:      10 t (100) + 5 m³ (50)                      → V₀ 150, unsplit 250
    //   null-first: no quantity (100) + 10 t (50)              → V₀ 150, unsplit 250
    // The cell has no summable line: no unit, no quantities, its change all unsplit, 225 + 4 × 250 = 1,225.
    const keys = ['gap', 'no-q', 'no-unit', 'dims', 'null-first'];
    const d = decomposeChange(
      [
        line('gap', '10', 't', '100'),
        line('gap', null, null, '50'),
        line('gap', '5', 't', '25'),
        line('no-q', '10', 't', '100'),
        line('no-q', null, 't', '50'),
        line('no-unit', '10', 't', '100'),
        line('no-unit', '5', null, '50'),
        line('dims', '10', 't', '100'),
        line('dims', '5', 'm3', '50'),
        line('null-first', null, null, '100'),
        line('null-first', '10', 't', '50'),
      ],
      keys.map((k) => line(k, '20', 't', '400')),
    );
    expect(
      d.lines.map((l) => [l.item, l.kind, l.unit, l.q0, l.q1, l.v0, l.quantityEffect, l.unsplit]),
    ).toEqual([
      ['gap', 'unsplit', 't', null, '20', '175.00', '0.00', '225.00'],
      ['no-q', 'unsplit', 't', null, '20', '150.00', '0.00', '250.00'],
      ['no-unit', 'unsplit', 't', null, '20', '150.00', '0.00', '250.00'],
      ['dims', 'unsplit', 't', null, '20', '150.00', '0.00', '250.00'],
      ['null-first', 'unsplit', 't', null, '20', '150.00', '0.00', '250.00'],
    ]);
    expect(d.cells).toEqual([
      {
        indicator: 'R1',
        ecosystem: 'forest',
        item: null,
        unit: null,
        q0: null,
        q1: null,
        lines: 5,
        v0: '775.00',
        v1: '2000.00',
        change: '1225.00',
        quantityEffect: '0.00',
        mixEffect: '0.00',
        priceEffect: '0.00',
        unsplit: '1225.00',
      },
    ]);
    expect(d.total.unsplit).toBe('1225.00');
  });

  it('hand-computed: unsplit at its edges — no quantity on one side, a zero base quantity with a value', () => {
    // R2: 100 元 with a quantity null in t, gone in b        → unsplit −100, no unit, no quantities
    // R3: new in b, 40 元 without a quantity                 → unsplit 40, no unit, no quantities
    // R4 q1-null: 10 t (100) → no quantity (150)             → unsplit 50
    // R4 zero-base: 0 t worth 100 → 10 t (300)               → unsplit 200 (no base price, not an entry)
    // R5: 5 without a unit (100) → 20 t (400)                → unsplit 300, unit t from b
    // R6: new in b, 5 t for 60                               → entry, quantity effect 60
    const d = decomposeChange(
      [
        line(null, null, 't', '100', 'R2'),
        line('q1-null', '10', 't', '100', 'R4'),
        line('zero-base', '0', 't', '100', 'R4'),
        line(null, '5', null, '100', 'R5'),
      ],
      [
        line(null, null, null, '40', 'R3'),
        line('q1-null', null, null, '150', 'R4'),
        line('zero-base', '10', 't', '300', 'R4'),
        line(null, '20', 't', '400', 'R5'),
        line(null, '5', 't', '60', 'R6'),
      ],
    );
    expect(
      d.lines.map((l) => [l.indicator, l.item, l.kind, l.unit, l.q0, l.q1, l.quantityEffect, l.unsplit]),
    ).toEqual([
      ['R2', null, 'unsplit', null, null, null, '0.00', '-100.00'],
      ['R4', 'q1-null', 'unsplit', 't', '10', null, '0.00', '50.00'],
      ['R4', 'zero-base', 'unsplit', 't', '0', '10', '0.00', '200.00'],
      ['R5', null, 'unsplit', 't', null, '20', '0.00', '300.00'],
      ['R3', null, 'unsplit', null, null, null, '0.00', '40.00'],
      ['R6', null, 'entry', 't', '0', '5', '60.00', '0.00'],
    ]);
    // ΔV = (40 + 150 + 300 + 400 + 60) − (100 + 100 + 100 + 100) = 550 = 60 + (−100 + 50 + 200 + 300 + 40)
    expect(d.total).toMatchObject({ change: '550.00', quantityEffect: '60.00', unsplit: '490.00' });
  });

  it('hand-computed: unsplit lines stay out of a cell’s volume; cells of one indicator add up', () => {
    // lake:  cod 100 t (1,000) → 200 t (2,000): split, QE 1,000;  tp 0 t worth 50 → 10 t (300): unsplit 250
    //        volume over cod alone: Q₀ 100, Q₁ 200, P̄₀ = 1,000 / 100 = 10 → (200 − 100) × 10 = 1,000; mix 0
    //        (with tp counted: Q₁ 210, P̄₀ = 1,050 / 100 → volume 1,155, mix −155)
    // river: cod 10 t (100) → 10 t (120): QE 0, PE 20;  tp without a quantity 20 → 30: unsplit 10
    //        volume over cod: Q₀ = Q₁ = 10 → 0; mix 0
    // R4: V₀ 1,170, V₁ 2,450, ΔV 1,280 = volume 1,000 + mix 0 + price 20 + unsplit 260
    const d = decomposeChange(
      [
        line('cod', '100', 't', '1000', 'R4', 'lake'),
        line('tp', '0', 't', '50', 'R4', 'lake'),
        line('cod', '10', 't', '100', 'R4', 'river'),
        line('tp', null, null, '20', 'R4', 'river'),
      ],
      [
        line('cod', '200', 't', '2000', 'R4', 'lake'),
        line('tp', '10', 't', '300', 'R4', 'lake'),
        line('cod', '10', 't', '120', 'R4', 'river'),
        line('tp', null, null, '30', 'R4', 'river'),
      ],
    );
    expect(d.cells).toEqual([
      {
        indicator: 'R4',
        ecosystem: 'lake',
        item: null,
        unit: 't',
        q0: '100',
        q1: '200',
        lines: 2,
        v0: '1050.00',
        v1: '2300.00',
        change: '1250.00',
        quantityEffect: '1000.00',
        mixEffect: '0.00',
        priceEffect: '0.00',
        unsplit: '250.00',
      },
      {
        indicator: 'R4',
        ecosystem: 'river',
        item: null,
        unit: 't',
        q0: '10',
        q1: '10',
        lines: 2,
        v0: '120.00',
        v1: '150.00',
        change: '30.00',
        quantityEffect: '0.00',
        mixEffect: '0.00',
        priceEffect: '20.00',
        unsplit: '10.00',
      },
    ]);
    const r4 = {
      v0: '1170.00',
      v1: '2450.00',
      change: '1280.00',
      quantityEffect: '1000.00',
      mixEffect: '0.00',
      priceEffect: '20.00',
      unsplit: '260.00',
    };
    expect(d.byIndicator).toEqual([{ indicator: 'R4', ...r4 }]);
    expect(d.total).toEqual(r4);
    expect(d.byEcosystem.map((x) => [x.ecosystem, x.change, x.unsplit])).toEqual([
      ['lake', '1250.00', '250.00'],
      ['river', '30.00', '10.00'],
    ]);
    expect(d.fen).toEqual({ v0: 117000n, v1: 245000n });
  });

  it('hand-computed: a cell of one line has no mix; its volume is the line’s quantity effect', () => {
    // R1 forest, one line: q 1 → 2 m3, v 10.005 → 20.01 元 (p₀ = p₁ = 10.005 元/m3, the price unchanged)
    //   [v₀] = [10.005] = 10.00 (half to even), [v₁] = 20.01, [q₁ × p₀] = [2 × 10.005] = 20.01
    //   line: QE = 20.01 − 10.00 = 10.01, PE = 20.01 − 20.01 = 0.00; ΔV = 20.01 − 10.00 = 10.01
    //   cell: volume = the line's QE = 10.01, mix 0.00 (re-rounded, [(2 − 1) × 10.005] = 10.00 would leave
    //   0.01 as mix); 10.01 = 10.01 + 0 + 0 + 0
    const d = decomposeChange([line(null, '1', 'm3', '10.005')], [line(null, '2', 'm3', '20.01')]);
    const one = {
      v0: '10.00',
      v1: '20.01',
      change: '10.01',
      quantityEffect: '10.01',
      mixEffect: '0.00',
      priceEffect: '0.00',
      unsplit: '0.00',
    };
    expect(d.lines[0]).toMatchObject({ kind: 'split', quantityEffect: '10.01', priceEffect: '0.00' });
    expect(d.cells).toEqual([
      { indicator: 'R1', ecosystem: 'forest', item: null, unit: 'm3', q0: '1', q1: '2', lines: 1, ...one },
    ]);
    expect(d.byIndicator).toEqual([{ indicator: 'R1', ...one }]);
    expect(d.byEcosystem).toEqual([{ ecosystem: 'forest', ...one }]);
    expect(d.total).toEqual(one);
    // One summable line beside an unsplit one (no quantity): still one line to compose, mix 0.00.
    //   shrub: the same line (QE 10.01); R1 shrub dust without a quantity 5 → 7: unsplit 2.00
    //   cell ΔV = 12.01 = volume 10.01 + mix 0 + price 0 + unsplit 2.00; the total adds the forest cell: 22.02
    const e = decomposeChange(
      [
        line(null, '1', 'm3', '10.005'),
        line(null, '1', 'm3', '10.005', 'R1', 'shrub'),
        line('dust', null, null, '5', 'R1', 'shrub'),
      ],
      [
        line(null, '2', 'm3', '20.01'),
        line(null, '2', 'm3', '20.01', 'R1', 'shrub'),
        line('dust', null, null, '7', 'R1', 'shrub'),
      ],
    );
    expect(
      e.cells.map((c) => [c.ecosystem, c.lines, c.change, c.quantityEffect, c.mixEffect, c.unsplit]),
    ).toEqual([
      ['forest', 1, '10.01', '10.01', '0.00', '0.00'],
      ['shrub', 2, '12.01', '10.01', '0.00', '2.00'],
    ]);
    expect(e.total).toMatchObject({
      change: '22.02',
      quantityEffect: '20.02',
      mixEffect: '0.00',
      unsplit: '2.00',
    });
  });
});

describe('change by line: units outside the catalogue', () => {
  it('a line whose unit is not a unit of the catalogue is refused with UNIT_UNKNOWN at its set and index', () => {
    const ok = lines([['R4', 'water', 'cod', '1', 't', '1400']]);
    const bad = lines([
      ['R4', 'water', 'cod', '1', 't', '1400'],
      ['R4', 'water', 'tp', '1', 'tonnes', '5959.41'],
    ]);
    for (const [a, b, path] of [
      [bad, ok, ['a', 1, 'unit']],
      [ok, bad, ['b', 1, 'unit']],
    ] as const) {
      let issues: { code: string; path: unknown[]; params: Record<string, unknown> }[] = [];
      try {
        decomposeChange(a, b);
      } catch (e) {
        issues = (e as { issues: typeof issues }).issues;
      }
      expect(issues.map((i) => [i.code, i.path, i.params.unit])).toEqual([['UNIT_UNKNOWN', path, 'tonnes']]);
    }
  });
});

describe('change by line: by zone, each line’s share of its cell’s effects', () => {
  const f = (s: string) => BigInt(s.replace('.', ''));
  const FIELDS = ['v0', 'v1', 'change', 'quantityEffect', 'mixEffect', 'priceEffect', 'unsplit'] as const;
  /** Σ of the zones' rows equals the total, effect by effect, to the fen. */
  const addsUp = (d: ReturnType<typeof decomposeChange>) => {
    for (const k of FIELDS)
      expect([k, (d.byZone ?? []).reduce((n, z) => n + f(z[k]), 0n)]).toEqual([k, f(d.total[k])]);
  };
  const at = (zone: string | null, l: PricedLine): PricedLine => ({ ...l, zone });

  it('hand-computed: quantity moved between zones is each zone’s volume at the cell’s average, and its mix', () => {
    // Hydropower, tariffs unchanged: Z01 3,000 元/万kWh, 5,000 → 3,000 万kWh; Z02 3,600, 4,800 → 6,800 万kWh.
    //   cell: V₀ = 32,280,000, Q₀ = 9,800 万kWh, P̄₀ = 32,280,000 / 9,800 = 3,293.877551… 元/万kWh;
    //   volume [(9,800 − 9,800) × P̄₀] = 0.00, mix 1,200,000.00 (the test of the cell above)
    //   Z01: volume [−2,000 × 3,293.877551…] = [−6,587,755.102…] = −6,587,755.10;
    //        mix = QE − volume = −6,000,000.00 + 6,587,755.10 = 587,755.10 (= −2,000 × (3,000 − 3,293.877…))
    //   Z02: volume [2,000 × 3,293.877551…] = 6,587,755.10; mix = 7,200,000.00 − 6,587,755.10 = 612,244.90
    //   Σ: volume 0.00, mix 1,200,000.00: the cell's
    const m6 = (zone: string, q: string, v: string) =>
      at(zone, line('hydropower', q, 'wan_kWh', v, 'M6', null));
    const d = decomposeChange(
      [m6('Z01', '5000', '15000000'), m6('Z02', '4800', '17280000')],
      [m6('Z01', '3000', '9000000'), m6('Z02', '6800', '24480000')],
    );
    expect(d.byZone?.map((z) => [z.zone, z.change, z.quantityEffect, z.mixEffect, z.priceEffect])).toEqual([
      ['Z01', '-6000000.00', '-6587755.10', '587755.10', '0.00'],
      ['Z02', '7200000.00', '6587755.10', '612244.90', '0.00'],
    ]);
    addsUp(d);
  });

  it('hand-computed: the shares’ rounding goes to the line of the largest share', () => {
    // Three zones at 1.004, 1.005 and 1.006 元/t, 1 → 2 t each, prices unchanged.
    //   v₀: [1.004] = 1.00, [1.005] = 1.00 (100.5 fen, half to even), [1.006] = 1.01; v₁ [2.008] = [2.010] =
    //   [2.012] = 2.01; QE: 2.01 − 1.00 = 1.01, 1.01, 2.01 − 1.01 = 1.00; Σ QE 3.02
    //   cell: P̄₀ = 3.015 / 3 = 1.005, volume [(6 − 3) × 1.005] = [3.015] = 3.02 (301.5 fen, to even), mix 0.00
    //   shares: [1 × 1.005] = 1.00 each, Σ 3.00: the 0.02 left goes to the largest share, the first of three equal
    //   Z1 volume 1.02, mix 1.01 − 1.02 = −0.01; Z2 1.00, mix 0.01; Z3 1.00, mix 0.00 (real: −0.001, 0, +0.001)
    const r2 = (zone: string, q: string, v: string) => at(zone, line(null, q, 't', v));
    const d = decomposeChange(
      [r2('Z1', '1', '1.004'), r2('Z2', '1', '1.005'), r2('Z3', '1', '1.006')],
      [r2('Z1', '2', '2.008'), r2('Z2', '2', '2.010'), r2('Z3', '2', '2.012')],
    );
    expect(d.total).toMatchObject({ change: '3.02', quantityEffect: '3.02', mixEffect: '0.00' });
    expect(d.byZone?.map((z) => [z.zone, z.quantityEffect, z.mixEffect])).toEqual([
      ['Z1', '1.02', '-0.01'],
      ['Z2', '1.00', '0.01'],
      ['Z3', '1.00', '0.00'],
    ]);
    addsUp(d);
  });

  it('hand-computed: products region-wide, a gross output by zone: each zone’s lines unsplit, adding up to 0', () => {
    // M1 on cropland: a gives rice 100 t for 1,000 and tea 10 t for 500, region-wide; b the same 1,500 元 as a gross
    // output, 600 in Z1 and 900 in Z2. R1 (10 m3 for 100 in each zone, both sets) keeps the zones alike.
    //   region: basis changed, every M1 line unsplit: ΔV 0.00, volume 0.00, unsplit 0.00
    //   by zone: region-wide unsplit −1,500.00; Z1 +600.00; Z2 +900.00 (Σ 0.00); volume 0.00 in each
    //   (decomposed zone by zone, the region-wide row showed a volume of −1,500.00 against the region's 0.00)
    const m1 = (zone: string | null, item: string, q: string | null, v: string): PricedLine => ({
      ...at(zone, line(item, q, 't', v, 'M1', 'cropland')),
      separateItem: true,
    });
    const r1 = (zone: string) => at(zone, line(null, '10', 'm3', '100'));
    const d = decomposeChange(
      [m1(null, 'rice', '100', '1000'), m1(null, 'tea', '10', '500'), r1('Z1'), r1('Z2')],
      [m1('Z1', 'gross', null, '600'), m1('Z2', 'gross', null, '900'), r1('Z1'), r1('Z2')],
    );
    expect(d.basisChanged).toEqual([{ indicator: 'M1', ecosystem: 'cropland' }]);
    expect(d.byZone?.map((z) => [z.zone, z.change, z.quantityEffect, z.unsplit])).toEqual([
      [null, '-1500.00', '0.00', '-1500.00'],
      ['Z1', '600.00', '0.00', '600.00'],
      ['Z2', '900.00', '0.00', '900.00'],
    ]);
    addsUp(d);
  });

  it('property: the zones add up to the total in every effect, whatever the lines, zones and bases', () => {
    // Lines of two indicators (R4 one cell of its pollutants, M1 goods of their own), in a zone or region-wide, with a
    // quantity or without (a gross output), at unit values that differ by zone and between the sets.
    const row = fc.tuple(
      fc.constantFrom('R4', 'M1'),
      fc.constantFrom('cod', 'tp', 'gross'),
      fc.constantFrom<string | null>(null, 'Z1', 'Z2', 'Z3'),
      fc.integer({ min: 0, max: 100_000 }),
      fc.integer({ min: 1, max: 9_999 }),
    );
    const set = fc.uniqueArray(row, { selector: (r) => [r[0], r[1], r[2]].join('|'), maxLength: 10 });
    const mk = (rs: [string, string, string | null, number, number][]): PricedLine[] =>
      rs.map(([indicator, item, zone, q, p]) => ({
        indicator,
        ecosystem: 'lake',
        item,
        zone,
        separateItem: indicator === 'M1',
        quantity: item === 'gross' ? null : new Decimal(q).div(100),
        unit: item === 'gross' ? null : ('t' as UnitId),
        value: new Decimal(q).times(p).div(1000),
      }));
    fc.assert(
      fc.property(set, set, (x, y) => {
        const d = decomposeChange(mk(x), mk(y));
        if (x.length + y.length > 0) addsUp(d);
        for (const z of d.byZone ?? [])
          expect(f(z.change)).toBe(f(z.quantityEffect) + f(z.mixEffect) + f(z.priceEffect) + f(z.unsplit));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
