import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { compare } from '../../src/account/compare';
import { reportHtml } from '../../src/report';
import { NEGATIVE_FILL } from '../../src/report/svg';

const BEFORE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
type Json = Record<string, any>;
const read = (f: string): Json => JSON.parse(readFileSync(f, 'utf8'));

/** The bar of `label` in the first chart of the section `id` (in Chinese): its x and width, and the chart's axis. */
function barOf(html: string, id: string, label: string) {
  const section = html.slice(html.indexOf(`<section id="${id}">`));
  const svg = section.slice(section.indexOf('<svg'), section.indexOf('</svg>'));
  const g = new RegExp(
    `>${label}</text><rect x="([\\d.]+)" y="[\\d.]+" width="([\\d.]+)" height="\\d+" fill="([^"]+)"`,
  ).exec(svg);
  const axis = /<line class="axis" x1="([\d.]+)"/.exec(svg);
  return {
    x: Number(g?.[1]),
    width: Number(g?.[2]),
    fill: g?.[3],
    axis: axis === null ? undefined : Number(axis[1]),
  };
}

describe('the report’s bar charts', () => {
  it(
    'draw a decrease left of the zero axis, in the colour of a decrease (the change chart of a tourism drop)',
    { timeout: 60_000 },
    () => {
      // 2021 with far fewer visits (segment 0: 60, segment 1: 250 万人次): C1 falls by 74,800.00 万元, R8 rises by
      // 18,557.67 万元; C1 was drawn rightwards from the labels like R8.
      const after = read(AFTER);
      after.tourism.segments[0].visits.value = '60';
      after.tourism.segments[1].visits.value = '250';
      const c = compare(read(BEFORE), after);
      const html = reportHtml(account(after, { baseYear: 2020 }), { compare: c });
      const c1 = barOf(html, 'compare', 'C1 休闲旅游');
      const r8 = barOf(html, 'compare', 'R8 气候调节');
      expect(c1.axis).toBeDefined();
      // C1 ends at the axis, R8 starts there; C1's bar is 74 800 / 18 557.67 ≈ 4.03 times R8's
      expect(c1.x + c1.width).toBeCloseTo(c1.axis as number, 0);
      expect(r8.x).toBe(c1.axis);
      expect(c1.width / r8.width).toBeCloseTo(74800 / 18557.67, 1);
      expect(c1.fill).toBe(NEGATIVE_FILL);
      expect(r8.fill).not.toBe(NEGATIVE_FILL);
    },
  );

  it('account for all of GEP by ecosystem type: the lines attributed to no type as a bar of their own', () => {
    // the example county: the types 66 519 890 387.95 元 and the lines of no type (material products, tourism)
    // 3 962 005 571.38 元 = 396,200.56 万元 (5.6 % of GEP 70 481 895 959.32); 66 519 890 387.95 + 3 962 005 571.38 =
    // 70 481 895 959.33, GEP within the fen of rounding. The chart left the 5.6 % out.
    const html = reportHtml(account(read(BEFORE)));
    const heading = '<h3><span lang="zh">按生态系统类型</span><span lang="en">By ecosystem type</span></h3>';
    const part = html.slice(html.indexOf(heading), html.indexOf('</div></div>', html.indexOf(heading)));
    const [zh, en] = part.split('<div lang="en">');
    expect(zh).toMatch(/>未归属<\/text><rect [^>]*\/><text [^>]*>396,200\.56<\/text><\/g><\/svg>/);
    expect(en).toMatch(/>Not attributed<\/text><rect [^>]*\/><text [^>]*>396,200\.56<\/text><\/g><\/svg>/);
  });
});
