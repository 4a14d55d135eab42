import { describe, expect, it } from 'vitest';
import { NEGATIVE_FILL, barChart, tornadoChart } from './svg';

/** The bars (rect) of a chart: x, width and fill, in order. */
const rects = (svg: string) =>
  [...svg.matchAll(/<rect x="([\d.-]+)" y="[\d.]+" width="([\d.]+)" height="\d+" fill="([^"]+)"/g)].map(
    (m) => ({
      x: Number(m[1]),
      width: Number(m[2]),
      fill: m[3],
    }),
  );
const axisAt = (svg: string) => /<line class="axis" x1="([\d.]+)"/.exec(svg)?.[1];

describe('barChart', () => {
  it('draws a negative value left of a zero axis, on the scale of the positive ones, in its own colour', () => {
    // width 640: labels 190, text 130, plot 320. Values +100 and −50 span 150 → 320 / 150 = 2.1333 px each;
    // the axis at 190 + 50 × 2.1333 = 296.7. +100: from 296.7, 213.3 wide; −50: 106.7 wide, from 296.7 − 106.7 = 190.0.
    const svg = barChart([
      { label: 'up', value: 100, text: '0.01' },
      { label: 'down', value: -50, text: '−0.01' },
    ]);
    expect(axisAt(svg)).toBe('296.7');
    const [up, down] = rects(svg);
    expect(up).toMatchObject({ x: 296.7, width: 213.3 });
    expect(down).toMatchObject({ x: 190, width: 106.7, fill: NEGATIVE_FILL });
    expect(svg).toContain('stroke-dasharray="3 2"');
    expect(up?.fill).not.toBe(NEGATIVE_FILL);
    // the decrease's figure right of the axis (296.7 + 4), clear of its label (right-aligned at 184)
    expect(svg).toContain('<text x="300.7" y="41">−0.01</text>');
  });

  it('keeps positive charts from the label edge, without an axis', () => {
    // one bar of 10 fills the plot: 320 px from 190
    const svg = barChart([{ label: 'a', value: 10, text: '10' }]);
    expect(rects(svg)).toEqual([{ x: 190, width: 320, fill: '#2f6f4f' }]);
    expect(axisAt(svg)).toBeUndefined();
  });

  it('draws an all-negative chart right-aligned on the axis', () => {
    // −20 and −5: the axis at 190 + 320 = 510; −20 from 190, 320 wide; −5 80 wide from 430
    const svg = barChart([
      { label: 'a', value: -20, text: '' },
      { label: 'b', value: -5, text: '' },
    ]);
    expect(axisAt(svg)).toBe('510.0');
    expect(rects(svg).map((r) => [r.x, r.width])).toEqual([
      [190, 320],
      [430, 80],
    ]);
  });
});

describe('tornadoChart', () => {
  it('writes each bar’s figure at its outer end and the point GEP on an axis under the bars', () => {
    // width 640: labels 260, 70 px each side for the figures, 10 px margin → plot 640 − 260 − 10 − 140 = 230 px from
    // 330. GEP 100 between 90 (low end) and 120 (high end): 90 at 330, 100 at 330 + 230 × 10/30 = 406.7, 120 at 560.
    const svg = tornadoChart(
      [{ label: 'k', low: 90, high: 120, lowText: '−10.00', highText: '+20.00' }],
      100,
      640,
      'GEP 100',
    );
    expect(svg).toContain('<text x="327.0" y="19" text-anchor="end" class="end">−10.00</text>');
    expect(svg).toContain('<text x="563.0" y="19" class="end">+20.00</text>');
    // one row: bars end at 4 + 22 + 4 = 30; the axis there, the point's tick and its figure below
    expect(svg).toContain('<line class="axis" x1="330" x2="560" y1="30" y2="30" stroke="#333"/>');
    expect(svg).toContain('<text x="406.7" y="47" text-anchor="middle">GEP 100</text>');
  });
});
