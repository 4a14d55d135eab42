import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../src/report';
import { wan } from '../../src/report/html';
import { gradeZh } from '../../src/report/words';
import { uncertainty } from '../../src/uncertainty';
import { tinyInput } from '../helpers';

/**
 * The report in a real browser: Debian's Chromium, driven headless by playwright-core (no browser is downloaded).
 * In CI (CI=true) a missing /usr/bin/chromium fails the test; elsewhere the test is skipped with the apt line.
 */
const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present && process.env.CI === 'true')
  throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the browser test must run in CI)`);
if (!present)
  console.warn(`report browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** Distinct byte values of a PNG's inflated image data: a blank page filters to (almost) all zeros. */
function pngVariety(png: Buffer): number {
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    if (type === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return new Set(inflateSync(Buffer.concat(chunks))).size;
}

describe.skipIf(!present)('the report in Chromium', () => {
  it(
    'opens from a file, shows a trace when a number is clicked, and renders a non-blank page',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-browser-'));
      const file = join(dir, 'report.html');
      const result = uncertainty(tinyInput(), { draws: 200, seed: 1, tornado: true });
      writeFileSync(file, reportHtml(result, { lang: 'en' }));
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`file://${file}`);
        expect(await page.locator('#trace').isHidden()).toBe(true);
        const first = result.indicators[0];
        await page.locator('#indicators button.num').first().click();
        await page.locator('#trace').waitFor({ state: 'visible' });
        const text = await page.locator('#trace-body').innerText();
        expect(text).toContain(first?.method ?? '?');
        expect(text).toContain('Lines (terms and valuations)');
        // The panel's figure is the table's: 万元 rounded half to even on the digits (figures.ts wan).
        expect(text).toContain(
          `Current prices ${wan(first?.value.current ?? '0')} × 10⁴ yuan; comparable prices ${wan(first?.value.comparable ?? '0')} × 10⁴ yuan`,
        );
        // an indicator that read coefficients lists them with grade and source; one that read none says so (each
        // indicator's row has two numbers: its 2k-th button is indicator k's current value)
        const read = result.indicators.findIndex((i) => i.coefficients.length > 0);
        const bare = result.indicators.findIndex((i) => i.coefficients.length === 0);
        expect([read, bare].every((k) => k >= 0)).toBe(true);
        const traceOf = async (k: number) => {
          await page
            .locator('#indicators button.num')
            .nth(2 * k)
            .click();
          return page.locator('#trace-body').innerText();
        };
        const coefficient = result.coefficients.find(
          (c) => c.id === result.indicators[read]?.coefficients[0],
        );
        const withCoefficients = await traceOf(read);
        expect(withCoefficients).toContain('Coefficients (source and grade)');
        expect(withCoefficients).toContain(coefficient?.grade ?? '?');
        expect(withCoefficients).not.toContain('read no coefficient table');
        expect(await traceOf(bare)).toContain('(this indicator read no coefficient table)');
        // the units in each language: C1's 10 万人次 × 100 元/人次 is 10.0000 × 10⁴ visits × 100 yuan/visit in English
        const tourism = result.indicators.findIndex((i) => i.code === 'C1');
        const visitsInEnglish = await traceOf(tourism);
        expect(visitsInEnglish).toContain('10.0000 × 10⁴ visits × 100 yuan/visit');
        expect(visitsInEnglish).not.toMatch(/万人次|元/);
        await page.locator('#lang-zh').click();
        expect(await page.locator('#trace-body').innerText()).toContain('10.0000 万人次 × 100 元/人次');
        await page.locator('#lang-en').click();
        await traceOf(bare);
        // the language switch stays reachable with the trace open, and the open trace follows it
        await page.locator('#lang-zh').click();
        expect(await page.locator('body').getAttribute('class')).toBe('zh');
        const inChinese = await page.locator('#trace-body').innerText();
        expect(inChinese).toContain('系数（来源与证据等级）');
        expect(inChinese).toContain('万元；可比价');
        expect(inChinese).not.toContain('Coefficients (source and grade)');
        // the open trace (an indicator valued at its gross output from the input) in Chinese: its headings, its
        // valuation's label, the input its amount came from, the close button
        expect(result.indicators[bare]?.lines[0]?.valuations[0]?.label).toBe('gross output');
        for (const zh of [
          '当年价',
          '方法与开关',
          '核算行（各项与定价）',
          '总产值',
          '← 输入 ',
          '（本指标未读取任何系数表）',
        ])
          expect(inChinese).toContain(zh);
        for (const en of ['Method and switches', 'Lines (terms and valuations)', 'gross output', '← input '])
          expect(inChinese).not.toContain(en);
        expect(await page.locator('#trace-close').getAttribute('title')).toBe('关闭');
        expect(await page.locator('#trace-close').getAttribute('aria-label')).toBe('关闭');
        // an indicator that read coefficients, clicked in the Chinese view: its valuation's label in Chinese, its
        // coefficients' grades in Chinese beside their codes (已核实 verified … 假定 assumed)
        expect(result.indicators[read]?.lines[0]?.valuations[0]?.label).toBe('reservoir construction cost');
        const readInChinese = await traceOf(read);
        expect(readInChinese).toContain('水库建设成本');
        expect(readInChinese).not.toContain('reservoir construction cost');
        expect(readInChinese).toContain(gradeZh(coefficient?.grade ?? '?'));
        const shot = await page.screenshot();
        expect(pngVariety(shot)).toBeGreaterThan(40);
        expect(errors).toEqual([]);
        expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
