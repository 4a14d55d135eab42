import { describe, expect, it } from 'vitest';
import { squareRing as sq } from '../../test/vep/helpers';
import { geometryExtent } from './geometry-extent';

type Pt = [number, number];
const extent = (coordinates: unknown, type = 'Polygon') => {
  const i = geometryExtent({ type, coordinates }, ['line', 1, 'geometry']);
  return i === undefined ? undefined : { code: i.code, path: i.path, ...i.params, hint: i.hint };
};

describe('geometryExtent (China, 73–136° E, 3–54° N)', () => {
  it('inside, on the edges of the box: nothing', () => {
    expect(extent([sq(120, 30, 0.01)])).toBeUndefined();
    // the box's corners themselves: 73 ≤ x ≤ 136, 3 ≤ y ≤ 54
    expect(
      extent([
        [
          [73, 3],
          [136, 3],
          [136, 54],
          [73, 54],
          [73, 3],
        ],
      ]),
    ).toBeUndefined();
  });

  it('swapped: Xinjiang, longitude 80 and latitude 40, written [40, 80]', () => {
    // [40, 80]: longitude 40 < 73, outside; swapped, [80, 40]: 73 ≤ 80 ≤ 136 and 3 ≤ 40 ≤ 54, inside — for each of
    // the 5 positions
    const swapped = sq(40, 80, 0.01);
    expect(extent([swapped])).toMatchObject({
      code: 'VEP_GEOMETRY_EXTENT',
      path: ['line', 1, 'geometry'],
      position: '[40, 80]',
      at: 'coordinates[0][0]',
      outside: 5,
      total: 5,
      look: 'swapped',
      swapped: '[80, 40]',
    });
    expect(extent([swapped])?.hint).toContain('[40, 80] → [80, 40]');
  });

  it('projected: CGCS2000 Gauss–Krüger metres, once for the outline, in a MultiPolygon too', () => {
    // 39 500 000 > 180: no longitude; 10 positions (two parts of 5), all outside, one issue
    const gk = [[sq(39_500_000, 3_300_000, 100)], [sq(39_500_200, 3_300_000, 100)]];
    expect(extent(gk, 'MultiPolygon')).toMatchObject({
      position: '[39500000, 3300000]',
      at: 'coordinates[0][0][0]',
      outside: 10,
      total: 10,
      look: 'projected',
      swapped: '',
    });
  });

  it('outside and not swapped: Paris, [2.35, 48.85] (swapped, latitude 2.35 < 3); one position of five', () => {
    expect(extent([sq(2.35, 48.85, 0.01)])).toMatchObject({ look: 'outside', outside: 5, total: 5 });
    // one stray position (ring 0, position 2: longitude 12 for 120) in a ring inside China: outside, not swapped
    // (the others are inside)
    const stray = sq(120, 30, 0.01);
    stray[2] = [12, 30.01];
    expect(extent([stray])).toMatchObject({
      position: '[12, 30.01]',
      at: 'coordinates[0][2]',
      outside: 1,
      total: 5,
      look: 'outside',
    });
  });

  it('reads what it can of an outline that failed its schema', () => {
    expect(geometryExtent(null, [])).toBeUndefined();
    expect(
      geometryExtent(
        {
          coordinates: [
            [
              ['a', 1],
              [200, 'b'],
              [200, 100],
            ],
          ],
        },
        [],
      )?.params,
    ).toMatchObject({
      position: '[200, 100]',
      at: 'coordinates[0][2]',
      outside: 1,
      total: 1,
    });
  });
});

describe('geometryExtent at each side of the box and of the degree range', () => {
  const one = (p: Pt) => extent([[p, [120, 30], [120.01, 30], [120, 30.01], p]]);
  it('a position just past each side is outside (each bound tested alone)', () => {
    for (const p of [
      [72.99, 30],
      [136.01, 30],
      [100, 2.99],
      [100, 54.01],
    ] as Pt[])
      expect(one(p), String(p)).toMatchObject({
        look: 'outside',
        outside: 2,
        total: 5,
        position: `[${p[0]}, ${p[1]}]`,
      });
  });
  it('projected when either number alone is past ±180 or ±90; 180 and 90 themselves are degrees', () => {
    expect(one([181, 30])).toMatchObject({ look: 'projected' });
    expect(one([-181, 30])).toMatchObject({ look: 'projected' });
    expect(one([100, 91])).toMatchObject({ look: 'projected' });
    expect(one([100, -91])).toMatchObject({ look: 'projected' });
    expect(one([180, 90])).toMatchObject({ look: 'outside' });
    expect(one([-180, -90])).toMatchObject({ look: 'outside' });
  });
});
