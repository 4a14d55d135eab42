import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dec } from '../src/core/decimal';
import { UNITS, type UnitId, convertValue, parseUnit, unitAliases, unitSymbolIn } from '../src/core/units';

/**
 * docs/units.md's catalogue table is the unit catalogue of src/core/units.ts, row for row. Run with UPDATE_DOCS=1
 * to rewrite the table from the source.
 */
const DOC = new URL('../docs/units.md', import.meta.url);

const grouped = (n: number) => (n >= 10_000 ? n.toLocaleString('en-US').replaceAll(',', ' ') : String(n));

function row(u: UnitId, base: boolean): string {
  const x = UNITS[u];
  const factor = x.den === 1 ? grouped(x.num) : `${grouped(x.num)}/${grouped(x.den)}`;
  const aliases = unitAliases(u);
  return `| \`${u}\` | ${x.symbol} | ${x.zh} | ${unitSymbolIn(u, 'en')} | ${x.dim} | ${base ? `${factor} (base)` : factor} | ${
    aliases.length > 0 ? aliases.map((a) => `\`${a}\``).join(', ') : '—'
  } |`;
}

function table(): string {
  const seen = new Set<string>();
  return (Object.keys(UNITS) as UnitId[])
    .map((u) => {
      const x = UNITS[u];
      const base = x.num === 1 && x.den === 1 && !seen.has(x.dim);
      if (base) seen.add(x.dim);
      return row(u, base);
    })
    .join('\n');
}

describe('docs/units.md', () => {
  it('lists every unit of the catalogue with its symbol, name, English form, dimension, factor and aliases', () => {
    const md = readFileSync(DOC, 'utf8');
    const start = md.indexOf('|---|---|---|---|---|---|---|\n') + '|---|---|---|---|---|---|---|\n'.length;
    const end = md.indexOf('\n\n', start);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, md.slice(0, start) + table() + md.slice(end));
    expect(readFileSync(DOC, 'utf8').slice(start, readFileSync(DOC, 'utf8').indexOf('\n\n', start))).toBe(
      table(),
    );
  });

  it('the yearbook units convert exactly: 1 亿t = 10⁸ t, 1 万hm² = 10⁴ hm², 1 千公顷 = 10³ hm², 1 万亩 = 10⁴ × 2000/3 m²', () => {
    expect(UNITS.yi_t.num / UNITS.t.num).toBe(100_000_000);
    expect(UNITS.wan_hm2.num / UNITS.hm2.num).toBe(10_000);
    expect(UNITS.qian_hm2.num / UNITS.hm2.num).toBe(1000);
    expect(UNITS.wan_mu.num / UNITS.wan_mu.den).toBe((10_000 * 2000) / 3);
    // 1.5 万hm² = 1.5 × 10⁴ hm² = 15 000 hm²; 3 万亩 = 3 × 10⁴ × 2000/3 m² = 2 × 10⁷ m² = 2000 hm²
    expect(convertValue(dec('1.5'), 'wan_hm2', 'hm2').toString()).toBe('15000');
    expect(convertValue(dec('3'), 'wan_mu', 'hm2').toString()).toBe('2000');
    // 0.25 亿t = 2.5 × 10⁷ t = 2500 万t
    expect(convertValue(dec('0.25'), 'yi_t', 'wan_t').toString()).toBe('2500');
    // The spellings yearbooks use are read as these units.
    expect(['亿t', '万公顷', '千公顷', '万亩', '亿人次', '万吨CO2'].map((s) => parseUnit(s))).toEqual([
      'yi_t',
      'wan_hm2',
      'qian_hm2',
      'wan_mu',
      'yi_person_time',
      'wan_t_CO2',
    ]);
  });
});
