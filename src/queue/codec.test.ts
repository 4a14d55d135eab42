import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload } from './codec';

/** The bits of a float64, to compare NaN payloads and −0 exactly. */
const bits = (xs: Float64Array) => [...new BigUint64Array(xs.buffer, xs.byteOffset, xs.length)];

describe('job payloads', () => {
  it('carry typed arrays, NaN, ±Infinity and −0 bit for bit', () => {
    const value = {
      s: Float64Array.of(0.1, -0, Number.NaN, 1e308, -5e-324),
      out: Float32Array.of(1.5, Number.NaN),
      codes: Int32Array.of(-1, 7),
      on: Uint8Array.of(0, 1, 255),
      alpha: [0.0426, Number.NaN, Infinity, -Infinity, -0],
      name: 'tile',
    };
    const back = decodePayload(encodePayload(value)) as typeof value;
    expect(bits(back.s)).toEqual(bits(value.s));
    expect(back.out).toBeInstanceOf(Float32Array);
    expect([...back.out]).toEqual([1.5, Number.NaN]);
    expect(back.codes).toEqual(value.codes);
    expect(back.on).toEqual(value.on);
    expect(Object.is(back.alpha[4], -0)).toBe(true);
    expect(back.alpha.slice(0, 4)).toEqual([0.0426, Number.NaN, Infinity, -Infinity]);
    expect(back.name).toBe('tile');
  });

  it('a subarray is encoded as its own elements, not its whole buffer', () => {
    const whole = Float64Array.of(1, 2, 3, 4);
    const back = decodePayload(encodePayload({ a: whole.subarray(1, 3) })) as { a: Float64Array };
    expect([...back.a]).toEqual([2, 3]);
  });

  it('a mostly-zero Float64Array travels sparse: positions and values only, −0 and NaN kept', () => {
    const a = new Float64Array(10_000);
    a[3] = 1.25;
    a[9_999] = Number.NaN;
    a[500] = -0;
    const text = encodePayload({ a });
    expect(text).toContain('$sparse');
    // 3 values: 12 bytes of position and 24 of value in base64, not 80 000 bytes.
    expect(text.length).toBeLessThan(200);
    const back = decodePayload(text) as { a: Float64Array };
    expect(bits(back.a)).toEqual(bits(a));
    // A dense array is sent whole.
    expect(encodePayload({ d: new Float64Array(100).fill(1) })).not.toContain('$sparse');
  });

  it('any float64 array survives the round trip bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.float64Array({ maxLength: 200 }),
          // Mostly zeros, as partial sums are: the sparse form.
          fc
            .array(
              fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.double() }),
              {
                maxLength: 400,
              },
            )
            .map((xs) => Float64Array.from(xs)),
        ),
        fc.array(fc.double()),
        (xs, plain) => {
          const back = decodePayload(encodePayload({ xs, plain })) as { xs: Float64Array; plain: number[] };
          expect(bits(back.xs)).toEqual(bits(xs));
          back.plain.forEach((v, i) => expect(Object.is(v, plain[i])).toBe(true));
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
