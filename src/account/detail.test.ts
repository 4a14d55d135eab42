import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { account } from './account';
import { DETAIL_HEADERS, DETAIL_NUMBER_COLUMNS, detailRows, detailTable } from './detail';
import { ONLY, small } from '../../test/detail-fixture';

const at = (row: string[], h: (typeof DETAIL_HEADERS)[number]) => row[DETAIL_HEADERS.indexOf(h)];

describe('the calculation detail rows', () => {
  const r = account(small, ONLY);
  const rows = detailRows(r);

  it('a unit-price line: 5200 t × 2600 yuan/t = 13 520 000 元 = 1352.00 万元, factor 1 (priced in 2020)', () => {
    const rice = rows.find((x) => at(x, '子项 Sub-item') === '稻谷') as string[];
    expect(rice).toHaveLength(DETAIL_HEADERS.length);
    expect(at(rice, '功能量 Physical')).toBe('5200.0000');
    expect(at(rice, '价格或金额 Price or amount')).toBe('2600');
    expect(at(rice, '价格年 Price year')).toBe('2020');
    expect(at(rice, '指数因子 Index factor')).toBe('1');
    expect(at(rice, '价格年价值 At price year (元)')).toBe('13520000.00');
    // 13 520 000.00 元 ÷ 10 000 = 1352.000000 万元, shown with every digit: "1352.00".
    expect(at(rice, '当年价 Current (万元)')).toBe('1352.00');
    expect(at(rice, '份额 Share')).toBe('');
    // the price multiplies the physical quantity itself
    expect([at(rice, '计价量 Quantity priced'), at(rice, '计价量单位 Unit priced')]).toEqual([
      '5200.0000',
      't',
    ]);
  });

  it('a valuation with a quantity of its own (R9: ions above the background) shows the quantity it prices', () => {
    const ex = account(
      JSON.parse(readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8')),
    );
    const r9 = detailRows(ex).filter((x) => at(x, '指标 Indicator')?.startsWith('R9'));
    expect(r9.length).toBeGreaterThan(0);
    for (const row of r9) {
      const priced = new Decimal(at(row, '计价量 Quantity priced') as string);
      // Q − Q₀ < Q: fewer ions are priced than counted
      expect(priced.lessThan(at(row, '功能量 Physical') as string)).toBe(true);
      // quantity priced × price = the value at the price year, to the fen it is printed with
      expect(priced.times(at(row, '价格或金额 Price or amount') as string).toFixed(2)).toBe(
        at(row, '价格年价值 At price year (元)'),
      );
    }
  });

  it('the quantity priced is in the unit the price is per, so that 计价量 × price × share is the value of every row', () => {
    const ex = account(
      JSON.parse(readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8')),
    );
    const all = detailRows(ex);
    // 蔬菜: 38000 t at 3.2 yuan/kg is 38 000 000 kg; 38 000 000 × 3.2 = 121 600 000.00 元
    const veg = all.find((x) => at(x, '子项 Sub-item')?.startsWith('蔬菜')) as string[];
    expect([
      at(veg, '功能量 Physical'),
      at(veg, '计价量 Quantity priced'),
      at(veg, '计价量单位 Unit priced'),
    ]).toEqual(['38000.0000', '38000000', 'kg']);
    expect(at(veg, '价格年价值 At price year (元)')).toBe('121600000.00');
    let priced = 0;
    for (const row of all) {
      const q = at(row, '计价量 Quantity priced');
      const price = at(row, '价格或金额 Price or amount');
      if (q === '' || price === '' || at(row, '计价量单位 Unit priced') === '') continue;
      priced += 1;
      const share = at(row, '份额 Share') || '1';
      const value = new Decimal(q as string).times(price as string).times(share);
      // within what the printing removed: half a unit of the quantity's last place (76266.6667 t O₂ is printed to
      // 4 places) times price × share, and half a fen of the value
      const places = (q as string).split('.')[1]?.length ?? 0;
      const bound = new Decimal(10)
        .pow(-places)
        .div(2)
        .times(price as string)
        .times(share)
        .plus('0.005');
      const shown = at(row, '价格年价值 At price year (元)') as string;
      expect(value.minus(shown).abs().lessThanOrEqualTo(bound)).toBe(true);
    }
    expect(priced).toBeGreaterThan(100);
  });

  it('a coefficient-priced line names key, table and grade; the coefficients of its type with table@version', () => {
    const r1 = rows.find((x) => (x[0] as string).startsWith('R1')) as string[];
    expect(at(r1, '价格来源 Price source')).toMatch(
      /^price\.reservoir_storage @ \S+@\S+ \((verified|published|derived|secondary|assumed)\)$/,
    );
    expect(at(r1, '系数 Coefficients (value unit; table; grade; source)')).toMatch(
      /runoff\.coefficient\[forest\.broadleaf\] = [\d.]+ \S+; \S+@\S+; (verified|published|derived|secondary|assumed); /,
    );
    // Price year 2010 moved to 2020: factor = I(2020) / I(2010) to six decimals, from the index values used.
    const used = (y: number) => r.prices.indexValuesUsed.find((v) => v.year === y)?.value as string;
    expect(at(r1, '指数因子 Index factor')).toBe(
      new Decimal(used(2020)).div(used(2010)).toDecimalPlaces(6).toFixed(),
    );
  });

  it('number columns hold decimal strings or nothing; 万元 keeps every digit of the 元', () => {
    for (const row of rows)
      DETAIL_HEADERS.forEach((h, i) => {
        if (DETAIL_NUMBER_COLUMNS.has(h)) expect(row[i], h).toMatch(/^(-?\d+(\.\d+)?)?$/);
      });
    for (const i of r.indicators) {
      const mine = rows.filter((x) => (x[0] as string).startsWith(`${i.code} `));
      const sum = mine.reduce((s, x) => s.plus(at(x, '当年价 Current (万元)') as string), new Decimal(0));
      const lines = i.lines.reduce((s, l) => s.plus(l.value.current), new Decimal(0)).div(10_000);
      expect(sum.eq(lines), i.code).toBe(true);
    }
    expect(detailTable(r).headers).toEqual([...DETAIL_HEADERS]);
  });
});
