/**
 * Two tiny account results by hand (the fields compare() reads), for the comparison's hand-computed tests and its
 * error tests. Before (2020, comparable = current prices of 2020):
 *   M1 rice (zone Z1)          100 t,   260,000.00 元 (2,600 元/t)
 *   R4 water cod (zone Z2)     100 t,   140,000.00 元 (1,400 元/t)
 *   R4 water tp  (zone Z2)       1 t,     5,959.41 元 (5,959.41 元/t)
 *   C1 (no zone, no quantity)            1,000.00 元
 * After (2021, comparable at 2020 prices; current values in brackets):
 *   M1 rice                    110 t,   297,000.00 元 (2,700 元/t)   [300,000.00]
 *   R4 water cod                50 t,    70,000.00 元                 [70,700.00]
 *   R4 water tp                 51 t,   303,929.91 元                 [306,969.21]
 *   C1                                   1,500.00 元                  [1,515.00]
 */
type Line = [
  indicator: string,
  item: string | null,
  zone: string | null,
  q: string | null,
  comparable: string,
  current: string,
];

const CATEGORY: Record<string, string> = { M1: 'material', R4: 'regulating', C1: 'cultural' };
const ECOSYSTEM: Record<string, string | null> = { M1: null, R4: 'wetland.river', C1: null };

export function side(year: number, lines: Line[], gep: { comparable: string; current: string }) {
  const codes = [...new Set(lines.map((l) => l[0]))];
  return {
    gepkit: { version: 'test', resultSchema: 1 },
    region: { name: 'Hand county' },
    year,
    profile: { id: 'jx-db36-1402-2021', version: '0.3.0' },
    classification: { ref: 'jx-ecosystem-types@1.0.0' },
    prices: {
      currentYear: year,
      baseYear: 2020,
      index: { ref: 'cn-cpi-1978@1.0.0' },
      deflators: [] as { match: string; index: string }[],
    },
    rounding: 'exact',
    totals: { gep },
    indicators: codes.map((code) => ({
      code,
      name: { zh: `指标${code}`, en: `Indicator ${code}` },
      category: CATEGORY[code],
      method: `${code.toLowerCase()}/m@1`,
      lines: lines
        .filter((l) => l[0] === code)
        .map(([, item, zone, q, comparable, current]) => ({
          subItem: item,
          ecosystem: ECOSYSTEM[code],
          zone,
          physical: q === null ? null : { value: q, unit: 't', symbol: 't' },
          value: { comparable, current },
        })),
    })),
    byZone: [
      { zone: 'Z1', name: '一镇' },
      { zone: 'Z2', name: '二乡' },
      { zone: null, name: '全域' },
    ],
  };
}

export const BEFORE = side(
  2020,
  [
    ['M1', 'rice', 'Z1', '100', '260000', '260000'],
    ['R4', 'cod', 'Z2', '100', '140000', '140000'],
    ['R4', 'tp', 'Z2', '1', '5959.41', '5959.41'],
    ['C1', null, null, null, '1000', '1000'],
  ],
  { comparable: '406959.41', current: '406959.41' },
);

export const AFTER = side(
  2021,
  [
    ['M1', 'rice', 'Z1', '110', '297000', '300000'],
    ['R4', 'cod', 'Z2', '50', '70000', '70700'],
    ['R4', 'tp', 'Z2', '51', '303929.91', '306969.21'],
    ['C1', null, null, null, '1500', '1515'],
  ],
  { comparable: '672429.91', current: '679184.21' },
);
