import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import type { GepError, Issue } from '../../core/errors';
import type { Activity } from '../activity';
import { CarbonBatch } from '../batch';
import { bundledBounds, checkBounds, speedExceeds } from './bounds';

const trip = (km: string, duration: string, unit: 'min' | 'h' = 'min', distanceUnit: 'km' | 'm' = 'km') =>
  ({
    id: 'a',
    user: 'u',
    ts: '2024-05-01T08:00:00+08:00',
    scenario: 'shared_bike',
    distance: { value: new Decimal(km), unit: distanceUnit },
    duration: { value: new Decimal(duration), unit },
  }) as Activity;
const d = (s: string) => new Decimal(s);

describe('the implied-speed bound is decided exactly', () => {
  it('a trip exactly at the bound is within it (by hand)', () => {
    // 4 km in 8 min: 60 × 4 = 240 = 30 × 8, so exactly 30 km/h, not above a 30 km/h bound.
    // (Dividing first, 8 ÷ 60 = 0.1333…3 h to 40 digits, and 4 ÷ 0.1333…3 = 30.000…03 exceeded it.)
    expect(speedExceeds(trip('4', '8'), d('30'), undefined)).toBe(false);
    // 10 km in 20 min: 600 = 30 × 20. 31 km in 62 min: 1860 = 30 × 62.
    expect(speedExceeds(trip('10', '20'), d('30'), undefined)).toBe(false);
    expect(speedExceeds(trip('31', '62'), d('30'), undefined)).toBe(false);
    // 4.001 km in 8 min: 240.06 > 240.
    expect(speedExceeds(trip('4.001', '8'), d('30'), undefined)).toBe(true);
    // 25 km in 1 h: 60 × 25 = 1500 = 25 × (1 × 60); 25 001 m in 1 h: 60 × 25.001 = 1500.06 > 1500.
    expect(speedExceeds(trip('25', '1', 'h'), d('25'), undefined)).toBe(false);
    expect(speedExceeds(trip('25001', '1', 'h', 'm'), d('25'), undefined)).toBe(true);
  });

  it('a zero duration exceeds every bound, unless the distance is zero too (no speed)', () => {
    expect(speedExceeds(trip('0.001', '0'), d('1000'), undefined)).toBe(true);
    expect(speedExceeds(trip('0', '0'), d('30'), undefined)).toBeUndefined();
  });

  it('agrees with integer arithmetic on 40-digit inputs', () => {
    // A decimal string as an integer over a power of ten: "12.5" → [125n, 1].
    const scaled = (s: string): [bigint, number] => {
      const [i, f = ''] = s.split('.');
      return [BigInt(`${i}${f}`), f.length];
    };
    const digits = (max: number) =>
      fc
        .tuple(fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${max - 1}}$`)), fc.nat({ max }))
        .map(([m, point]) =>
          point === 0 || point >= m.length ? m : `${m.slice(0, m.length - point)}.${m.slice(-point)}`,
        );
    fc.assert(
      fc.property(
        digits(40),
        digits(40),
        digits(40),
        fc.constantFrom('min', 'h') as fc.Arbitrary<'min' | 'h'>,
        fc.constantFrom('km', 'm') as fc.Arbitrary<'km' | 'm'>,
        (km, t, max, unit, distanceUnit) => {
          // 60·D/10^p (÷ 1000 for m) > X/10^r · T/10^q (× 60 for h), both sides over 10^(p+q+r+3):
          const [D, p] = scaled(km);
          const [T, q] = scaled(t);
          const [X, r] = scaled(max);
          const left = 60n * D * 10n ** BigInt(q + r + (distanceUnit === 'km' ? 3 : 0));
          const right = X * T * (unit === 'h' ? 60n : 1n) * 10n ** BigInt(p + 3);
          expect(speedExceeds(trip(km, t, unit, distanceUnit), d(max), undefined)).toBe(left > right);
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('a shared-bike trip at exactly 30 km/h is credited, not refused as implausible', () => {
    const line = JSON.stringify({
      id: 'b1',
      user: 'u1',
      ts: '2024-05-01T08:00:00+08:00',
      scenario: 'shared_bike',
      region: '420102',
      distance: { value: '4', unit: 'km' },
      duration: { value: '8', unit: 'min' },
    });
    const r = new CarbonBatch().process(line, 1);
    expect(r?.ok).toBe(true);
    // 40 g/km × 4 km = 160 g (wuhan-travel-2023, shared bike)
    expect(r?.reduction?.grams).toBe('160');
  });
});

describe('a walk given as steps is bounded by the distance and speed it credits (steps × step length)', () => {
  const walk = (steps: string, stepLength: string, minutes?: string) =>
    ({
      id: 'w',
      user: 'u',
      ts: '2024-05-01T08:00:00+08:00',
      scenario: 'walking',
      steps: new Decimal(steps),
      stepLength: { value: new Decimal(stepLength), unit: 'm' },
      ...(minutes !== undefined ? { duration: { value: new Decimal(minutes), unit: 'min' } } : {}),
    }) as Activity;
  const bounds = bundledBounds('travel/per-trip');
  const refusal = (a: Activity) => {
    try {
      checkBounds(a, bounds, undefined, 'refuse', ['line', 1], []);
    } catch (e) {
      const i = (e as GepError).issues[0];
      return [i?.code, i?.path, i?.params?.measure, i?.params?.value, i?.params?.max];
    }
    return undefined;
  };

  it('refuses 50,000 steps of 100 m: 5,000 km, above the 50 km of a walk, at the steps', () => {
    // 50 000 × 100 m = 5 000 000 m = 5 000 km > 50 km (50 000 steps are within the 100 000-step bound)
    expect(refusal(walk('50000', '100'))).toEqual([
      'CARBON_IMPLAUSIBLE',
      ['line', 1, 'steps'],
      'distance',
      '5000',
      '50',
    ]);
  });

  it('refuses 10,000 steps of 0.7 m in 1 minute: 7 km at 420 km/h, above 10 km/h', () => {
    // 10 000 × 0.7 m = 7 km; 7 km in 1/60 h = 420 km/h > 10 km/h
    expect(refusal(walk('10000', '0.7', '1'))).toEqual([
      'CARBON_IMPLAUSIBLE',
      ['line', 1, 'steps'],
      'speed',
      '420',
      '10',
    ]);
  });

  it('passes 10,000 steps of 0.7 m in 70 minutes (7 km at 6 km/h), and a steps line without a step length', () => {
    // 7 km in 70/60 h = 6 km/h ≤ 10; without stepLength no distance is implied (the methodology refuses the line)
    expect(refusal(walk('10000', '0.7', '70'))).toBeUndefined();
    const noLength = { ...walk('10000', '0.7'), stepLength: undefined } as Activity;
    expect(refusal(noLength)).toBeUndefined();
  });

  it('caps 50,000 steps of 100 m at the 50 km of a walk, warned at the steps', () => {
    const warnings: Issue[] = [];
    const out = checkBounds(walk('50000', '100'), bounds, undefined, 'cap', ['line', 1], warnings);
    // the capped distance is what the methodology credits (a distance is read before steps)
    expect(out.distance).toEqual({ value: new Decimal(50), unit: 'km' });
    expect(warnings.map((w) => [w.code, w.path, w.params?.value])).toEqual([
      ['CARBON_QUANTITY_CAPPED', ['line', 1, 'steps'], '5000'],
    ]);
  });
});
