import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { reportHtml } from '../../src/report';
import { errorOf } from '../helpers';

const EXAMPLE = new URL('../../examples/jiangxi-county/input.json', import.meta.url);

/** A rectangle [west, south] – [east, north] as a closed GeoJSON ring. */
const box = (w: number, s: number, e: number, n: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

/** The example county with outlines: three townships side by side (illustrative). */
function withOutlines() {
  const input = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
  input.zones[0].geometry = box(116.4, 27.8, 116.6, 28.0);
  input.zones[1].geometry = box(116.6, 27.8, 116.8, 28.0);
  input.zones[2].geometry = {
    type: 'MultiPolygon',
    coordinates: [box(116.8, 27.8, 117.0, 28.0).coordinates, box(117.0, 27.9, 117.05, 27.95).coordinates],
  };
  return input;
}

describe('the zone map', () => {
  it('draws zones that carry GeoJSON outlines, shaded by value per km², with names and figures', () => {
    const r = account(withOutlines());
    expect(r.byZone[0]?.geometry).toEqual(box(116.4, 27.8, 116.6, 28.0));
    expect(r.byZone.at(-1)?.geometry).toBeUndefined(); // "not zoned" has no outline
    const html = reportHtml(r, { lang: 'en' });
    expect(html).toContain('<section id="zone-map">');
    const map = html.slice(
      html.indexOf('<section id="zone-map">'),
      html.indexOf('</section>', html.indexOf('id="zone-map"')),
    );
    // One path per zone with an outline (the MultiPolygon is one path of two rings).
    expect(map.match(/<path /g)).toHaveLength(3);
    expect(map).toContain('东山镇 Dongshan (illustrative)');
    // The densest zone (largest GEP per km²) is shaded darkest: rgb(47,111,79).
    const perKm2 = r.byZone.slice(0, 3).map((z) => Number(z.valuePerKm2?.current));
    const darkest = perKm2.indexOf(Math.max(...perKm2));
    expect(map.split('<g>')[darkest + 1]).toContain('fill="rgb(47,111,79)"');
  });

  it('is left out when no zone has an outline', () => {
    const html = reportHtml(account(JSON.parse(readFileSync(EXAMPLE, 'utf8'))));
    expect(html).not.toContain('id="zone-map"');
  });

  it('refuses an outline that is not a closed GeoJSON polygon (INPUT_INVALID at its path)', () => {
    const input = withOutlines();
    input.zones[1].geometry.coordinates[0].pop();
    const e = errorOf(() => account(input));
    expect(e.issues[0]?.code).toBe('INPUT_INVALID');
    expect(e.issues[0]?.path.slice(0, 3)).toEqual(['zones', 1, 'geometry']);
  });

  it('takes outlines whose positions carry an altitude (RFC 7946 §3.1.1), drawn as without it', () => {
    const lifted = withOutlines();
    const lift = (v: unknown): unknown =>
      typeof (v as unknown[])[0] === 'number' ? [...(v as number[]), 88.5] : (v as unknown[]).map(lift);
    for (const z of lifted.zones.slice(0, 3)) z.geometry.coordinates = lift(z.geometry.coordinates);
    const r = account(lifted);
    // copied to the result as given, altitudes and all
    expect(r.byZone[0]?.geometry?.coordinates[0]?.[0]).toEqual([116.4, 27.8, 88.5]);
    expect(reportHtml(r, { lang: 'en' })).toBe(reportHtml(account(withOutlines()), { lang: 'en' }));
  });

  it('refuses a position of four numbers, or an altitude that is no number, naming the cause', () => {
    const input = withOutlines();
    input.zones[1].geometry.coordinates[0][0] = [116.6, 27.8, 0, 0];
    input.zones[2].geometry.coordinates[0][0][1] = [117.0, 27.8, null];
    const e = errorOf(() => account(input));
    expect(e.issues.map((i) => [i.code, i.path, i.message.en, i.message.zh])).toEqual([
      [
        'INPUT_INVALID',
        ['zones', 1, 'geometry', 'coordinates', 0, 0],
        'Invalid input: a position is [longitude, latitude] or [longitude, latitude, altitude]: 4 elements given',
        '输入格式错误：坐标点应为 [经度, 纬度] 或 [经度, 纬度, 高程]：给出了 4 个元素',
      ],
      [
        'INPUT_INVALID',
        ['zones', 2, 'geometry', 'coordinates', 0, 0, 1, 2],
        "Invalid input: an altitude (a position's third element) is a number, not null",
        '输入格式错误：高程（坐标点的第三个元素）应为数值，实际为空值',
      ],
    ]);
  });
});
