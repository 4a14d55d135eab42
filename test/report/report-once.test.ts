import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { account } from '../../src/account/account';
import { compare } from '../../src/account/compare';
import { runCli } from '../../src/cli/main';
import { grouped } from '../../src/report/figures';

// Every call of account(), from the report command and from inside compare(), goes through this spy.
vi.mock('../../src/account/account', async (original) => {
  const m = await original<typeof import('../../src/account/account')>();
  return { ...m, account: vi.fn(m.account) };
});

const BEFORE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
/** The comparison's warnings counted on one line, none of a rounded result. */
const COUNTED =
  /^警告 \d+ 条 \/ \d+ warning\(s\): (?![^\n]*COMPARE_RESULT_ROUNDED)[^\n]*\(见报告的“变化”一节 \/ see the report’s Change section\)\n$/;
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as { year: number };

describe('gepkit report --compare', () => {
  it(
    'compares the exact accounts, as gepkit compare does: the same figures, no warning of a rounded result',
    { timeout: 120_000 },
    async () => {
      const spy = vi.mocked(account);
      spy.mockClear();
      const out = join(mkdtempSync(join(tmpdir(), 'gepkit-report-')), 'r.html');
      // nothing on standard error but the comparison's warnings counted, COMPARE_RESULT_ROUNDED not among them
      const io = { out: () => undefined, err: (s: string) => expect(s).toMatch(COUNTED) };
      expect(await runCli(['report', AFTER, '--compare', BEFORE, '--out', out, '--lang', 'en'], io)).toBe(0);
      // 2021 for the report (rounded to the fen, as gepkit account prints it), 2020 and 2021 inside compare(),
      // exactly. Read as the rounded result, 2021's unit values carried the fen: GEP's price effect came out
      // 6,708,160.08 元 for 6,708,160.10, R7's −0.02 元 (oxygen, whose price did not change), with the warning
      // COMPARE_RESULT_ROUNDED although both years were given as inputs.
      expect(spy.mock.calls.map((c) => (c[0] as { year: number }).year).sort()).toEqual([2020, 2021, 2021]);
      const c = compare(read(BEFORE), read(AFTER));
      // The only price effect is rice's: (2,750 × 686.5 / 692.7 − 2,600) 元/t × 53,500 t = 6,708,160.10 元.
      expect(c.gep.priceEffect).toBe('6708160.10');
      expect(c.byIndicator.find((i) => i.indicator === 'R7')?.priceEffect).toBe('0.00');
      const html = readFileSync(out, 'utf8');
      expect(html).not.toContain('COMPARE_RESULT_ROUNDED');
      expect(html).toContain(`<td class="r">${c.gep.growthPercent}\u00a0%</td>`);
      // a fall is written with the minus sign of the amounts (U+2212), not a hyphen
      const fall = c.byIndicator.find((i) => i.growthPercent?.startsWith('-') === true);
      expect(fall?.growthPercent).toBeDefined();
      expect(html).toContain(`<td class="r">−${fall?.growthPercent?.slice(1)}\u00a0%</td>`);
      // In 元 to the fen, as gepkit compare prints it, GEP's row adds up exactly: 70,847,992,732.69 − 70,481,895,959.33
      // = 366,096,773.36 = 309,228,613.26 + 50,160,000.00 + 6,708,160.10 + 0.00. In 万元 each rounded alone it read
      // 7,084,799.27 − 7,048,189.60 = 36,609.67 against a change of 36,609.68 and effects of 36,609.69.
      const gep = html
        .slice(html.indexOf('<tr class="total"><td>GEP</td><td class="r">70,'))
        .split('</tr>')[0]!;
      expect([...gep.matchAll(/<td class="r">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual([
        '70,481,895,959.33',
        '70,847,992,732.69',
        '366,096,773.36',
        '0.52\u00a0%',
        '309,228,613.26',
        '50,160,000.00',
        '6,708,160.10',
        '0.00',
      ]);
      const r7 = html.slice(html.indexOf('<tr><td>R7 <span lang="zh">释氧')).split('</tr>')[0]!;
      expect([...r7.matchAll(/<td class="r">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(
        [c.byIndicator.find((i) => i.indicator === 'R7')!].flatMap((i) => [
          grouped(i.v0),
          grouped(i.v1),
          grouped(i.change),
          `${i.growthPercent}\u00a0%`,
          ...[i.quantityEffect, i.mixEffect, i.priceEffect, i.unsplit].map(grouped),
        ]),
      );
      // The report's own account is at the comparison's base year.
      expect(html).toContain('Both years at comparable prices of 2020');
    },
  );

  it(
    'reads an exact account (--exact) as the later side: each year accounted once',
    { timeout: 120_000 },
    async () => {
      const spy = vi.mocked(account);
      spy.mockClear();
      const out = join(mkdtempSync(join(tmpdir(), 'gepkit-report-')), 'r.html');
      // nothing on standard error but the comparison's warnings counted, COMPARE_RESULT_ROUNDED not among them
      const io = { out: () => undefined, err: (s: string) => expect(s).toMatch(COUNTED) };
      expect(await runCli(['report', AFTER, '--compare', BEFORE, '--exact', '--out', out], io)).toBe(0);
      expect(spy.mock.calls.map((c) => (c[0] as { year: number }).year).sort()).toEqual([2020, 2021]);
      expect(readFileSync(out, 'utf8')).not.toContain('COMPARE_RESULT_ROUNDED');
    },
  );
});
