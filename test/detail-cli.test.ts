import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { DETAIL_HEADERS, detailRows } from '../src/account/detail';
import { run } from '../src/cli/main';
import { Decimal } from '../src/core/decimal';

const EXAMPLE = new URL('../examples/jiangxi-county/input.json', import.meta.url).pathname;

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) }) as number;
  return { code, out: out.join(''), err: err.join('') };
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line ends. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) field += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  return records;
}

describe('gepkit account --table detail', () => {
  const result = account(JSON.parse(readFileSync(EXAMPLE, 'utf8')), { baseYear: 2015 });

  it('CSV: the rows of the 计算明细 sheet, every valuation of every line, with headers and a BOM', () => {
    const r = cli(['account', EXAMPLE, '--base-year', '2015', '--format', 'csv', '--table', 'detail']);
    expect(r.code).toBe(0);
    expect(r.out.charCodeAt(0)).toBe(0xfeff);
    const [headers, ...rows] = parseCsv(r.out.slice(1));
    expect(headers).toEqual([...DETAIL_HEADERS]);
    expect(rows).toEqual(detailRows(result));
    // One row per valuation of each line, one for a line without valuation.
    const expected = result.indicators.reduce(
      (n, i) => n + i.lines.reduce((m, l) => m + Math.max(1, l.valuations.length), 0),
      0,
    );
    expect(rows).toHaveLength(expected);
    // The coefficient cell lists several coefficients on separate lines, quoted in the CSV.
    expect(rows.some((x) => (x[DETAIL_HEADERS.length - 1] as string).includes('\n'))).toBe(true);
    // 万元 keeps every digit of the 元: each indicator's rows add up to its valuations, exactly.
    const col = DETAIL_HEADERS.indexOf('当年价 Current (万元)');
    for (const i of result.indicators) {
      const sum = rows
        .filter((x) => (x[0] as string).startsWith(`${i.code} `))
        .reduce((s, x) => s.plus(x[col] as string), new Decimal(0));
      const valuations = i.lines.flatMap((l) =>
        l.valuations.length === 0 ? [l.value.current] : l.valuations.map((v) => v.value.current),
      );
      expect(sum.times(10_000).toFixed(2), i.code).toBe(
        valuations.reduce((s, v) => s.plus(v), new Decimal(0)).toFixed(2),
      );
    }
  });

  it('Markdown: the one table, multi-line cells with <br>', () => {
    const r = cli(['account', EXAMPLE, '--base-year', '2015', '--format', 'md', '--table', 'detail']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe(`## ${result.region.name} ${result.year} 计算明细 Calculation detail`);
    expect(lines[2]).toBe(`| ${DETAIL_HEADERS.join(' | ')} |`);
    expect(lines.length).toBe(4 + detailRows(result).length);
    expect(r.out).toContain('<br>');
    // --table with Markdown gives that table alone, not the report.
    expect(cli(['account', EXAMPLE, '--format', 'md', '--table', 'township']).out).toMatch(/^## 乡镇/);
  });

  it('--table with a format that renders no single table is refused', () => {
    for (const format of ['json', 'xlsx']) {
      const r = cli(['account', EXAMPLE, '--format', format, '--table', 'detail', '--out', '/dev/null']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('--table applies to --format csv or md');
    }
    expect(cli(['account', EXAMPLE, '--format', 'csv', '--table', 'details']).err).toContain(
      '--table must be one of county, township, ecosystem, seea-physical, seea-monetary, detail',
    );
  });
});
