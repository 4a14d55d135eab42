import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { detailTable } from '../src/account/detail';
import type { AccountResult } from '../src/account/result-schema';
import { TABLE_IDS, type Table, allTables } from '../src/account/tables';
import { Decimal } from '../src/core/decimal';

/**
 * Every table gepkit writes adds up, exactly (decimal.js), in its units: rows to their row total, columns to the
 * total row, groups of rows to the row they belong to, what rounding left shown in the 舍入差 Rounding entries.
 * Physical totals are never sums over unlike sub-items (blank, or the method's own quantity).
 */

const EXAMPLE = JSON.parse(
  readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
) as {
  zones: { id: string; name: string }[];
  ecosystems: Record<string, unknown>[];
  climate: Record<string, unknown>[];
};

/** A second input: each of the example's three townships split in two (37 % and 63 % of every row), six zones. */
function sixZones(): unknown {
  const input = structuredClone(EXAMPLE);
  input.zones = input.zones.flatMap((z) => [
    { id: z.id, name: `${z.name} 甲` },
    { id: `${z.id}b`, name: `${z.name} 乙` },
  ]);
  input.ecosystems = input.ecosystems.flatMap((e) => {
    const area = e.area as { value: string; unit: string };
    const a = new Decimal(area.value).times('0.37');
    return [
      { ...e, area: { ...area, value: a.toFixed() } },
      {
        ...e,
        zone: `${e.zone as string}b`,
        area: { ...area, value: new Decimal(area.value).minus(a).toFixed() },
      },
    ];
  });
  input.climate = input.climate.flatMap((c) =>
    c.zone === undefined ? [c] : [c, { ...c, zone: `${c.zone as string}b` }],
  );
  return input;
}

const num = (s: string | undefined): s is string => s !== undefined && /^-?\d+(\.\d+)?$/.test(s);
const sum = (xs: readonly (string | undefined)[]) =>
  xs.filter(num).reduce((a, x) => a.plus(x), new Decimal(0));
const wan = (yuan: string) => new Decimal(yuan).div(10_000).toFixed(2);
const isRounding = (s: string | undefined) => (s ?? '').trim().replace(/^└ /, '').startsWith('舍入差');

function expectSum(parts: readonly (string | undefined)[], total: string | undefined, what: string): void {
  expect(num(total), `${what}: total ${total}`).toBe(true);
  expect(sum(parts).toFixed(), `${what}: Σ ${parts.join(' + ')} = ${total}`).toBe(
    new Decimal(total as string).toFixed(),
  );
}

/** Rows add up along `parts` (and a rounding column) to `total`; columns `summed` add up to the last row. */
function expectGrid(
  t: Table,
  parts: (h: string) => boolean,
  total: string,
  summed: (h: string) => boolean,
): void {
  const cols = t.headers.flatMap((h, i) => (parts(h) || h.startsWith('舍入差') ? [i] : []));
  const at = t.headers.indexOf(total);
  expect(at, `${t.id}: column ${total}`).toBeGreaterThan(0);
  for (const row of t.rows)
    if (row[at] === '')
      expect(
        cols.map((c) => row[c]).filter((c) => c !== ''),
        `${t.id} ${row[0]}`,
      ).toEqual([]);
    else
      expectSum(
        cols.map((c) => row[c]),
        row[at],
        `${t.id} row ${row[0]}`,
      );
  const last = t.rows[t.rows.length - 1] as string[];
  t.headers.forEach((h, c) => {
    if (c === 0 || !summed(h)) return;
    const column = t.rows.slice(0, -1).map((r) => r[c]);
    if (last[c] === '') expect(column.filter(num), `${t.id} column ${h}`).toEqual([]);
    else expectSum(column, last[c], `${t.id} column ${h}`);
  });
}

function countyAddsUp(r: AccountResult, t: Table): void {
  // Groups: a category row, its indicators (each with its sub-items), the category's rounding row; GEP last.
  const rows = t.rows;
  const gep = rows[rows.length - 1] as string[];
  expect(gep[3]).toBe(wan(r.totals.gep.current));
  const categories = rows.filter((x) => /^(物质产品|调节服务|文化服务)/.test(x[0] as string));
  const gepRounding = rows.filter((x) => x[0] === '舍入差 Rounding (GEP)');
  for (const c of [3, 4, 6])
    expectSum(
      [...categories, ...gepRounding].map((x) => x[c]),
      gep[c],
      `county GEP column ${c}`,
    );
  for (const cat of categories) {
    const from = rows.indexOf(cat);
    const end = rows.findIndex(
      (x, k) =>
        k > from &&
        (/^(物质产品|调节服务|文化服务|GEP)/.test(x[0] as string) || x[0] === '舍入差 Rounding (GEP)'),
    );
    const group = rows.slice(from + 1, end);
    const inds = group.filter((x) => /^[A-Z]\d+ /.test(x[0] as string));
    const rest = group.filter((x) => x[0] === `舍入差 Rounding (${cat[0]})`);
    for (const c of [3, 4, 5, 6])
      expectSum(
        [...inds, ...rest].map((x) => x[c]),
        cat[c],
        `county ${cat[0]} column ${c}`,
      );
    for (const ind of inds) {
      const k = group.indexOf(ind);
      const subs: string[][] = [];
      for (let j = k + 1; j < group.length && (group[j]?.[0] as string).startsWith('  └ '); j++)
        subs.push(group[j] as string[]);
      if (subs.length === 0) continue;
      for (const c of [3, 4])
        expectSum(
          subs.map((x) => x[c]),
          ind[c],
          `county ${ind[0]} column ${c}`,
        );
      const items = subs.filter((x) => !isRounding(x[0]));
      const units = new Set(items.map((x) => x[2]));
      if (ind[1] === '') continue;
      if (units.size === 1 && units.has(ind[2])) {
        // Sub-items in the total's unit add up to it.
        expectSum(
          subs.map((x) => x[1]),
          ind[1],
          `county ${ind[0]} physical`,
        );
        continue;
      }
      // Sub-items in unlike units: the total is never their sum. A total shown is the method's own quantity (R2:
      // the soil retained, of which siltation in m³ and N and P in t are valued), its lines' quantity in one unit.
      expect(sum(items.map((x) => x[1])).eq(ind[1] as string), `${ind[0]} physical`).toBe(false);
      const i = r.indicators.find((x) => ind[0]?.startsWith(`${x.code} `));
      expect(
        i?.lines.every((l) => l.physical?.unit === i.physical?.unit),
        `${ind[0]} lines`,
      ).toBe(true);
    }
  }
}

function addsUp(r: AccountResult): void {
  for (const t of allTables(r)) {
    if (t.id === 'county') countyAddsUp(r, t);
    // Both tables are at current prices, named in each money heading with the year (the county table gives
    // comparable prices beside them).
    const at = `万元，${r.prices.currentYear} 当年价`;
    if (t.id === 'township') {
      expectGrid(
        t,
        (h) => h.endsWith(`价值量 (${at})`),
        `GEP (${at})`,
        (h) => !h.startsWith('GEP/km²'),
      );
      expect(t.rows[t.rows.length - 1]?.[t.headers.indexOf(`GEP (${at})`)]).toBe(wan(r.totals.gep.current));
    }
    if (t.id === 'ecosystem')
      expectGrid(
        t,
        (h) => /^[A-Z]\d+ \(/.test(h) && h.endsWith(`(${at})`),
        `合计 Total (${at})`,
        (h) => !h.startsWith('单位面积'),
      );
    if (t.id === 'seea-physical' || t.id === 'seea-monetary') {
      const types = new Set([...r.byEcosystem.map((e) => e.ecosystem), '未归属 not attributed']);
      const monetary = t.id === 'seea-monetary';
      expectGrid(
        t,
        (h) => types.has(h),
        '合计 Total',
        (h) => monetary && h !== '单位 Unit',
      );
      if (monetary) expect(t.rows[t.rows.length - 1]?.[t.headers.length - 1]).toBe(wan(r.totals.gep.current));
      else {
        // No total row: the last row is a service (a physical table in unlike units has no column totals).
        expect(t.rows.map((x) => x[0])).toEqual(
          r.indicators.map((i) => expect.stringMatching(new RegExp(`^${i.code} `))),
        );
        // Purification (COD, NH₃-N, TP) and air purification (SO₂, NOx) have no physical total: blank rows.
        for (const code of ['R4', 'R5']) {
          const row = t.rows.find((x) => x[0]?.startsWith(`${code} `)) as string[];
          expect(
            row.slice(2).every((c) => c === ''),
            code,
          ).toBe(true);
        }
      }
    }
  }
}

describe('every table adds up, exactly, in its units', () => {
  it('lists every table kind the code writes', () => {
    expect([...allTables(account(EXAMPLE)).map((t) => t.id), 'detail']).toEqual(TABLE_IDS);
  });

  it('the example (rounded to the fen, and exact)', { timeout: 60_000 }, () => {
    addsUp(account(EXAMPLE, { baseYear: 2015 }));
    addsUp(account(EXAMPLE, { baseYear: 2015, rounding: 'exact' }));
  });

  it('a second input with six zones', { timeout: 60_000 }, () => {
    const r = account(sixZones(), { baseYear: 2015 });
    expect(r.byZone.length).toBe(7);
    addsUp(r);
    const township = allTables(r).find((t) => t.id === 'township') as Table;
    // Six townships, the region-wide lines, (a rounding row) and the total row.
    expect(township.rows.filter((x) => / Z0\db?$/.test(x[0] as string))).toHaveLength(6);
  });

  it('the calculation detail: each indicator’s rows add up to its valuations, in 万元 with every digit', () => {
    const r = account(sixZones(), { baseYear: 2015 });
    const t = detailTable(r);
    const col = t.headers.indexOf('当年价 Current (万元)');
    for (const i of r.indicators) {
      const rows = t.rows.filter((x) => x[0]?.startsWith(`${i.code} `));
      const valuations = i.lines.flatMap((l) =>
        l.valuations.length === 0 ? [l.value.current] : l.valuations.map((v) => v.value.current),
      );
      expect(
        sum(rows.map((x) => x[col]))
          .times(10_000)
          .eq(sum(valuations)),
        i.code,
      ).toBe(true);
    }
  });
});
