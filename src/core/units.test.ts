import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dec } from './decimal';
import { GepError } from './errors';
import {
  UNITS,
  type UnitId,
  add,
  carbonToCO2,
  co2ToCarbon,
  convert,
  convertValue,
  depthOverArea,
  dimensionOf,
  oxygenFromCO2,
  parseUnit,
  qty,
  scale,
  subtract,
  total,
  unitAliases,
  unitList,
  unitPerIn,
  unitSymbol,
  unitSymbolIn,
} from './units';

const v = (x: { value: { toFixed(): string } }) => x.value.toFixed();

describe('unit conversions, one by one', () => {
  it('area: m², hm², km², 亩', () => {
    expect(v(convert(qty('1', 'hm2'), 'm2'))).toBe('10000');
    expect(v(convert(qty('1', 'km2'), 'hm2'))).toBe('100');
    expect(v(convert(qty('1', 'km2'), 'm2'))).toBe('1000000');
    expect(v(convert(qty('15', 'mu'), 'hm2'))).toBe('1'); // 15 亩 = 1 hm² exactly
    expect(v(convert(qty('1', 'hm2'), 'mu'))).toBe('15');
    expect(v(convert(qty('3', 'mu'), 'm2'))).toBe('2000'); // 1 亩 = 2000/3 m²
  });
  it('length: mm, m', () => {
    expect(v(convert(qty('1930', 'mm'), 'm'))).toBe('1.93');
    expect(v(convert(qty('0.3', 'm'), 'mm'))).toBe('300');
  });
  it('volume: m³, 万m³, 亿m³', () => {
    expect(v(convert(qty('1', 'wan_m3'), 'm3'))).toBe('10000');
    expect(v(convert(qty('1', 'yi_m3'), 'wan_m3'))).toBe('10000');
    expect(v(convert(qty('123456789', 'm3'), 'yi_m3'))).toBe('1.23456789');
  });
  it('mass: g, kg, t, 万t, and the substance masses', () => {
    expect(v(convert(qty('1', 't'), 'kg'))).toBe('1000');
    expect(v(convert(qty('1', 'kg'), 'g'))).toBe('1000');
    expect(v(convert(qty('2.1', 'wan_t'), 't'))).toBe('21000');
    expect(v(convert(qty('1', 't_C'), 'kg_C'))).toBe('1000');
    expect(v(convert(qty('1', 't_CO2'), 'g_CO2'))).toBe('1000000');
    expect(v(convert(qty('1', 'wan_t_CO2'), 'kg_CO2'))).toBe('10000000');
    expect(v(convert(qty('1', 't_O2'), 'kg_O2'))).toBe('1000');
    expect(v(convert(qty('1', 't_DM'), 'kg_DM'))).toBe('1000');
  });
  it('energy: kJ, MJ, kWh, 万kWh, 亿kWh', () => {
    expect(v(convert(qty('3600', 'kJ'), 'kWh'))).toBe('1'); // 1 kWh = 3600 kJ
    expect(v(convert(qty('3.6', 'MJ'), 'kWh'))).toBe('1');
    expect(v(convert(qty('1', 'wan_kWh'), 'kWh'))).toBe('10000');
    expect(v(convert(qty('1', 'yi_kWh'), 'wan_kWh'))).toBe('10000');
  });
  it('money and visits: 元, 万元, 亿元, 人次, 万人次; counts: 头, 万头', () => {
    expect(v(convert(qty('1', 'yi_yuan'), 'wan_yuan'))).toBe('10000');
    expect(v(convert(qty('1', 'wan_yuan'), 'yuan'))).toBe('10000');
    expect(v(convert(qty('120', 'wan_person_time'), 'person_time'))).toBe('1200000');
    expect(v(convert(qty('3', 'wan_head'), 'head'))).toBe('30000');
  });
  it('every unit round-trips through its base unit', () => {
    for (const u of Object.keys(UNITS) as (keyof typeof UNITS)[]) {
      const base = (Object.keys(UNITS) as (keyof typeof UNITS)[]).find(
        (b) => UNITS[b].dim === UNITS[u].dim && UNITS[b].num === 1 && UNITS[b].den === 1,
      );
      expect(base, `dimension ${UNITS[u].dim} has a base unit`).toBeDefined();
      const there = convertValue(dec('12.5'), u, base!);
      expect(convertValue(there, base!, u).toFixed()).toBe('12.5');
    }
  });
  it('refuses conversion across dimensions at run time (units read from data)', () => {
    expect(() => convertValue(dec(1), 'km2', 'm3')).toThrow(GepError);
    expect(() => convertValue(dec(1), 't_C', 't_CO2')).toThrow(/UNIT_MISMATCH/);
  });
});

describe('unit parsing', () => {
  it('accepts ids and Chinese/typographic aliases', () => {
    expect(parseUnit('km²')).toBe('km2');
    expect(parseUnit('亩')).toBe('mu');
    expect(parseUnit('万元')).toBe('wan_yuan');
    expect(parseUnit('万m³')).toBe('wan_m3');
    expect(parseUnit('人次')).toBe('person_time');
    expect(parseUnit('tCO2')).toBe('t_CO2');
    expect(parseUnit('furlong')).toBeUndefined();
  });
});

describe('arithmetic on quantities', () => {
  it('adds, subtracts, scales and totals in one unit', () => {
    expect(v(add(qty('1.5', 't_CO2'), qty('2.25', 't_CO2')))).toBe('3.75');
    expect(v(subtract(qty('10', 'm3'), qty('12', 'm3')))).toBe('-2');
    expect(v(scale(qty('100', 'hm2'), dec('0.35')))).toBe('35');
    expect(v(total('m3', [qty('1', 'm3'), qty('2', 'm3')]))).toBe('3');
    expect(v(total('m3', []))).toBe('0');
  });
  it('depth over area: 1 mm over 1 km² is 10³ m³', () => {
    // 1 mm = 0.001 m; 1 km² = 10⁶ m²; 0.001 × 10⁶ = 1000 m³.
    expect(v(depthOverArea(qty('1', 'mm'), qty('1', 'km2')))).toBe('1000');
    // 1028 mm over 250 hm²: 1.028 m × 2 500 000 m² = 2 570 000 m³.
    expect(v(depthOverArea(qty('1028', 'mm'), qty('250', 'hm2')))).toBe('2570000');
  });
});

describe('stoichiometric conversions (exact ratios)', () => {
  it('t C → t CO₂ is × 44/12 and back', () => {
    // 12 t C × 44/12 = 44 t CO₂ exactly; 3 t C → 11 t CO₂.
    expect(v(carbonToCO2(qty('12', 't_C')))).toBe('44');
    expect(v(carbonToCO2(qty('3', 't_C')))).toBe('11');
    expect(v(co2ToCarbon(qty('11', 't_CO2')))).toBe('3');
  });
  it('t CO₂ → t O₂ is × 32/44 (8/11)', () => {
    // 44 t CO₂ × 32/44 = 32 t O₂; 11 t CO₂ → 8 t O₂.
    expect(v(oxygenFromCO2(qty('44', 't_CO2')))).toBe('32');
    expect(v(oxygenFromCO2(qty('11', 't_CO2')))).toBe('8');
  });
});

/** The [code, dotted path] of the GepError `f` throws. */
function refusal(f: () => unknown): [string, string][] {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e.issues.map((i) => [i.code, i.path.join('.')]);
    throw e;
  }
  throw new Error('not refused');
}

describe('units checked at run time (a unit read from data compiles as any UnitId)', () => {
  const unit = (s: string): UnitId => parseUnit(s)!;

  it('add, subtract and total convert another unit of the dimension exactly', () => {
    // 1 t + 1 kg = 1 t + 0.001 t = 1.001 t; 1 t − 1 kg = 0.999 t.
    expect(v(add(qty('1', unit('t')), qty('1', unit('kg'))))).toBe('1.001');
    expect(v(subtract(qty('1', unit('t')), qty('1', unit('kg'))))).toBe('0.999');
    // 1 kg + 2 kg = 3 kg = 0.003 t.
    expect(v(total(unit('t'), [qty('1', unit('kg')), qty('2', unit('kg'))]))).toBe('0.003');
    // 15 亩 = 1 hm² exactly: 2 hm² + 15 亩 = 3 hm².
    expect(v(add(qty('2', unit('hm2')), qty('15', unit('亩'))))).toBe('3');
    expect(add(qty('1', unit('t')), qty('1', unit('kg'))).unit).toBe('t');
  });

  it('refuses another dimension (t C + t CO₂, m³ in a total of t) with UNIT_MISMATCH at the operand', () => {
    expect(refusal(() => add(qty('1', unit('t_C')), qty('1', unit('t_CO2'))))).toEqual([
      ['UNIT_MISMATCH', 'b.unit'],
    ]);
    expect(refusal(() => subtract(qty('1', unit('t')), qty('1', unit('m3'))))).toEqual([
      ['UNIT_MISMATCH', 'b.unit'],
    ]);
    expect(refusal(() => total(unit('t'), [qty('1', unit('t')), qty('1', unit('t_CO2'))]))).toEqual([
      ['UNIT_MISMATCH', 'qs.1.unit'],
    ]);
  });

  it('the stoichiometric bridges take any unit of their substance and convert it to tonnes first', () => {
    // 3 kg C = 0.003 t C; × 44/12 = 0.011 t CO₂.
    expect(v(carbonToCO2(qty('3', 'kg_C')))).toBe('0.011');
    // 11 kg CO₂ = 0.011 t CO₂; × 12/44 = 0.003 t C.
    expect(v(co2ToCarbon(qty('11', 'kg_CO2')))).toBe('0.003');
    // 1 万t CO₂ = 10 000 t CO₂; × 12/44 = 2727.27… t C (12 × 10 000 / 44).
    expect(co2ToCarbon(qty('1', 'wan_t_CO2')).value.eq(dec(120_000).div(44))).toBe(true);
    // 44 kg CO₂ = 0.044 t CO₂; × 32/44 = 0.032 t O₂.
    expect(v(oxygenFromCO2(qty('44', 'kg_CO2')))).toBe('0.032');
    // t C in, t C assumed: 3 t C → 11 t CO₂ as before.
    expect(v(carbonToCO2(qty('3', 't_C')))).toBe('11');
  });

  it('refuses a quantity of another substance in a bridge (t CO₂ given to carbonToCO2)', () => {
    expect(refusal(() => carbonToCO2(qty('1', unit('t_CO2')) as never))).toEqual([
      ['UNIT_MISMATCH', 'q.unit'],
    ]);
    expect(refusal(() => oxygenFromCO2(qty('1', unit('t_C')) as never))).toEqual([
      ['UNIT_MISMATCH', 'q.unit'],
    ]);
  });

  it('a unit outside the catalogue is UNIT_UNKNOWN, in qty, convert and the arithmetic', () => {
    const nope = 'nope' as UnitId;
    expect(refusal(() => qty('1', nope))).toEqual([['UNIT_UNKNOWN', 'unit']]);
    expect(refusal(() => convert(qty('1', 't'), nope as 'kg'))).toEqual([['UNIT_UNKNOWN', 'to']]);
    expect(refusal(() => add({ value: dec(1), unit: nope }, qty('1', 't')))).toEqual([
      ['UNIT_UNKNOWN', 'a.unit'],
    ]);
    expect(refusal(() => total(unit('t'), [{ value: dec(1), unit: nope }]))).toEqual([
      ['UNIT_UNKNOWN', 'qs.0.unit'],
    ]);
    // each operand where it was given
    expect(refusal(() => convert({ value: dec(1), unit: nope }, 't'))).toEqual([['UNIT_UNKNOWN', 'q.unit']]);
    expect(refusal(() => subtract({ value: dec(1), unit: nope }, qty('1', 't')))).toEqual([
      ['UNIT_UNKNOWN', 'a.unit'],
    ]);
    expect(refusal(() => total(nope, []))).toEqual([['UNIT_UNKNOWN', 'unit']]);
    expect(refusal(() => qty('1', 5 as never))).toEqual([['UNIT_UNKNOWN', 'unit']]);
    try {
      qty('1', nope);
    } catch (e) {
      expect((e as GepError).issues[0]?.params).toMatchObject({ unit: 'nope' });
      expect(String((e as GepError).issues[0]?.params?.['allowed'])).toContain('t_CO2');
    }
  });

  it('a conversion to another dimension is UNIT_MISMATCH at `to`; a bridge given another substance at `q.unit`', () => {
    expect(refusal(() => convert(qty('1', 't'), unit('m3') as 'kg'))).toEqual([['UNIT_MISMATCH', 'to']]);
    expect(refusal(() => co2ToCarbon(qty('1', unit('t_C')) as never))).toEqual([['UNIT_MISMATCH', 'q.unit']]);
  });

  it('qty reads its value as an input, within NUMBER_LIMITS', () => {
    expect(refusal(() => qty('1e400', 't'))).toEqual([['NUMBER_OUT_OF_RANGE', 'value']]);
    expect(refusal(() => qty('1e21', 't'))).toEqual([['NUMBER_OUT_OF_RANGE', 'value']]);
    expect(refusal(() => qty('abc', 't'))).toEqual([['NUMBER_NOT_FINITE', 'value']]);
    expect(refusal(() => qty(Number.NaN, 't'))).toEqual([['NUMBER_NOT_FINITE', 'value']]);
    expect(refusal(() => qty(`0.${'1'.repeat(45)}`, 't'))).toEqual([['NUMBER_TOO_PRECISE', 'value']]);
    expect(v(qty(' 1e20 ', 't'))).toBe('100000000000000000000');
  });
});

describe('the catalogue page (docs/units.md) is the catalogue', () => {
  // Each row: | `id` | symbol | 中文 | English | dimension | factor to base unit | accepted aliases |
  const rows = readFileSync(new URL('../../docs/units.md', import.meta.url), 'utf8')
    .split('## Catalogue')[1]!
    .split('\n## ')[0]!
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
  const ids = Object.keys(UNITS) as (keyof typeof UNITS)[];

  it('lists every unit once, in catalogue order, with its symbol, 中文 name, English form, dimension and factor', () => {
    expect(rows.map((r) => r[0]?.replace(/`/g, ''))).toEqual(ids);
    for (const [id, symbol, zh, en, dim, factor] of rows as string[][]) {
      const u = id!.replace(/`/g, '') as keyof typeof UNITS;
      expect([unitSymbol(u), UNITS[u].zh, unitSymbolIn(u, 'en'), dimensionOf(u)], u).toEqual([
        symbol,
        zh,
        en,
        dim,
      ]);
      // "10 000", "1/1000", "2000/3", "1 (base)": num/den of the catalogue as a fraction
      const [n, d = '1'] = factor!.replace(/\(base\)|\s/g, '').split('/');
      expect(UNITS[u].num * Number(d), `${u} factor`).toBe(UNITS[u].den * Number(n));
    }
  });

  it('parses every id, symbol, 中文 name and listed alias to its unit, with or without surrounding spaces', () => {
    for (const [id, symbol, zh, , , , aliases] of rows as string[][]) {
      const u = id!.replace(/`/g, '');
      const written = [
        u,
        symbol!,
        zh!,
        ...(aliases === '—' ? [] : aliases!.split(', ').map((a) => a.replace(/`/g, ''))),
      ];
      expect(unitAliases(u as keyof typeof UNITS), `${u} aliases`).toEqual(written.slice(3));
      for (const w of written) {
        expect(parseUnit(w), w).toBe(u);
        expect(parseUnit(`  ${w}\t`), `"${w}" with spaces`).toBe(u);
      }
    }
  });

  it('accepts no other spelling: an empty string or an inner space is no unit', () => {
    expect(parseUnit('')).toBeUndefined();
    expect(parseUnit(' ')).toBeUndefined();
    expect(parseUnit('k m2')).toBeUndefined();
  });

  it('lists the units of a dimension, or all of them', () => {
    expect(unitList('area')).toBe('m2, hm2, km2, mu, wan_mu, qian_hm2, wan_hm2, wan_km2');
    expect(unitList('money')).toBe('yuan, wan_yuan, yi_yuan');
    expect(unitList()).toBe(ids.join(', '));
  });

  it('a conversion across dimensions names both units and dimensions, at the path given', () => {
    try {
      convertValue(dec(1), 'km2', 'm3', ['ecosystems', 2, 'area']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GepError);
      const err = e as GepError;
      expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
        ['UNIT_MISMATCH', ['ecosystems', 2, 'area'], { expected: 'm³ (volume)', actual: 'km² (area)' }],
      ]);
    }
    expect(() => convertValue(dec(1), 't', 'kg')).not.toThrow();
    expect(
      (() => {
        try {
          return convertValue(dec(1), 't_C', 't');
        } catch (e) {
          return (e as GepError).path;
        }
      })(),
    ).toEqual([]);
  });

  it('a conversion to the same unit keeps every digit', () => {
    // 40 nines × 2000 × 3 ÷ 6000 would round the product at 40 digits and give back exactly 1.
    const x = '0.9999999999999999999999999999999999999999';
    expect(convertValue(dec(x), 'mu', 'mu').toFixed()).toBe(x);
  });
});

describe('results carry their unit', () => {
  it('depth over area is in m³; the stoichiometric bridges in t CO₂, t C and t O₂', () => {
    expect(depthOverArea(qty('1', 'mm'), qty('1', 'hm2')).unit).toBe('m3');
    expect(carbonToCO2(qty('3', 't_C')).unit).toBe('t_CO2');
    expect(co2ToCarbon(qty('11', 't_CO2')).unit).toBe('t_C');
    expect(oxygenFromCO2(qty('11', 't_CO2')).unit).toBe('t_O2');
  });
});

describe('unit names are looked up as own entries only', () => {
  it('Object.prototype names are no units (found by the fuzz suite: "constructor" crashed the schema)', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(parseUnit(name)).toBeUndefined();
  });
});

describe('units in English', () => {
  it('every unit has an English form without a Chinese character; Latin symbols are kept as they are', () => {
    const cjk = /[\u3000-\u9fff]/;
    for (const u of Object.keys(UNITS) as (keyof typeof UNITS)[]) {
      expect(cjk.test(unitSymbolIn(u, 'en')), u).toBe(false);
      if (!cjk.test(UNITS[u].symbol)) expect(unitSymbolIn(u, 'en'), u).toBe(UNITS[u].symbol);
      expect(unitSymbolIn(u, 'zh'), u).toBe(UNITS[u].symbol);
    }
    // The forms a GEP report uses most: 万t, 万m³, 万人次, 亩, 元/万元.
    expect(
      ['wan_t', 'wan_m3', 'wan_person_time', 'mu', 'yuan', 'wan_yuan'].map((u) =>
        unitSymbolIn(u as keyof typeof UNITS, 'en'),
      ),
    ).toEqual(['× 10⁴ t', '× 10⁴ m³', '× 10⁴ visits', 'mu', 'yuan', '× 10⁴ yuan']);
    // After a slash: no ×, a singular word (yuan/visit, yuan/ion), the Chinese symbol in Chinese.
    expect(
      ['wan_t', 'person_time', 'ion', 'pollution_equivalent', 'hm2'].map((u) =>
        unitPerIn(u as keyof typeof UNITS, 'en'),
      ),
    ).toEqual(['10⁴ t', 'visit', 'ion', 'pollution equivalent', 'hm²']);
    expect(unitPerIn('person_time', 'zh')).toBe('人次');
  });
});
