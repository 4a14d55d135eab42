import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activitySchema } from '../../src/carbon/activity';
import { fastActivity } from '../../src/carbon/activity-fast';
import { processActivities } from '../../src/carbon/batch';
import { toJsonLine } from '../../src/io/jsonl';
import { type EntryBody, canonicalEntry } from '../../src/carbon/ledger/entry';
import { Ledger, shapeEntry } from '../../src/carbon/ledger/ledger';
import { canonicalJson } from '../../src/core/canonical';
import { GepError } from '../../src/core/errors';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';

/** Values that are valid for some member and invalid for others, so both paths are exercised. */
const text = fc.oneof(
  fc.constantFrom(
    '',
    'a1',
    'u1',
    'bus',
    'metro',
    'shared_bike',
    'upload',
    '420102',
    '1',
    ' u1 ',
    'ｕ１',
    '\u3000',
  ),
  fc.string({ maxLength: 4 }),
);
const num = fc.oneof(
  fc.constantFrom('0', '-0', '1', '2.5', '-1', '1e3', ' 3 ', 'x', '', '1.', '.5', 'NaN', 'Infinity'),
  fc.constantFrom(0, -0, 1, 2.5, -1, 1e21, Number.NaN, Number.POSITIVE_INFINITY),
);
const quantity = fc.oneof(
  fc.record(
    { value: num, unit: fc.constantFrom('km', 'm', 'pkm', 'min', 'h', 'kWh', 'x') },
    { requiredKeys: [] },
  ),
  fc.record({ value: num, unit: fc.constantFrom('km', 'm', 'min'), extra: text }),
);
const member = fc.oneof(
  text,
  num,
  quantity,
  fc.constant(null),
  fc.constant(true),
  fc.array(num, { maxLength: 2 }),
);
const ts = fc.oneof(
  fc.constantFrom(
    '2024-05-01T08:00:00+08:00',
    '2024-05-01T00:00:00.000Z',
    '2024-02-30T08:00:00Z',
    '2024-05-01T08:00:00',
    '2024-05-01T24:00:00Z',
  ),
  member,
);
const activity = fc.record(
  {
    id: fc.oneof(text, member),
    user: fc.oneof(text, member),
    ts,
    scenario: fc.oneof(text, member),
    region: fc.oneof(fc.constantFrom('420102', '4', 'x1'), member),
    behaviour: member,
    evidence: member,
    factorKey: member,
    distance: quantity,
    duration: quantity,
    stepLength: quantity,
    steps: num,
    count: num,
    rides: num,
    passengers: num,
    use: quantity,
    toString: text,
    __proto__: text,
  },
  { requiredKeys: [] },
);
/** Common valid lines: the fast path must take (not just tolerate) them. */
const common = fc.record(
  {
    id: fc.constantFrom('a1', 'b'),
    user: fc.constantFrom('u1', 'u2'),
    ts: fc.constant('2024-05-01T08:00:00+08:00'),
    scenario: fc.constantFrom('bus', 'metro', 'walking'),
    region: fc.constantFrom('420102', '44'),
    evidence: fc.constantFrom('upload', 'app'),
    distance: fc.record({ value: fc.constantFrom('1.5', 2, '0'), unit: fc.constantFrom('km', 'm') }),
    duration: fc.record({ value: fc.constantFrom('5', 1.25), unit: fc.constantFrom('min', 'h') }),
    rides: fc.constantFrom('1', 2),
    steps: fc.constantFrom('0', 4000),
  },
  { requiredKeys: ['id', 'user', 'ts', 'scenario'] },
);

/** As the batch sees it: parsed from JSON text. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('fast activity validator', () => {
  it('accepts only what the zod schema accepts, with identical parsed activities', () => {
    fc.assert(
      fc.property(activity, (raw) => {
        const v = viaJson(raw);
        const fast = fastActivity(v);
        const slow = activitySchema.safeParse(v);
        if (fast !== undefined) {
          expect(slow.success).toBe(true);
          expect(fast).toEqual(slow.data);
          expect(Object.keys(fast).sort()).toEqual(Object.keys(slow.data as object).sort());
        }
      }),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('takes the common valid shapes and parses them as zod does', () => {
    fc.assert(
      fc.property(common, (raw) => {
        const v = viaJson(raw);
        const fast = fastActivity(v);
        const slow = activitySchema.safeParse(v);
        expect(slow.success).toBe(true);
        expect(fast).toBeDefined();
        expect(fast).toEqual(slow.data);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('leaves unusual members, bad values and missing members to zod', () => {
    const base = { id: 'a', user: 'u', ts: '2024-05-01T08:00:00Z', scenario: 'bus' };
    expect(fastActivity(base)).toBeDefined();
    for (const v of [
      { ...base, use: { value: '1', unit: 'kWh' } },
      { ...base, rides: '0' },
      { ...base, steps: '1.5' },
      { ...base, distance: { value: '-0', unit: 'km' } },
      { ...base, distance: { value: '1', unit: 'km', x: 1 } },
      { ...base, region: '4' },
      { ...base, id: '' },
      { ...base, ts: '2024-02-30T08:00:00Z' },
      { id: 'a', user: 'u', ts: '2024-05-01T08:00:00Z' },
      JSON.parse('{"id":"a","user":"u","ts":"2024-05-01T08:00:00Z","scenario":"bus","__proto__":"x"}'),
      [base],
      null,
      'x',
    ])
      expect(fastActivity(v)).toBeUndefined();
  });

  it('gives the batch the same results from text and from objects (zod path)', () => {
    const lines = [
      '{"id":"a1","user":"u1","ts":"2024-05-01T08:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}',
      '{"id":"a2","user":"u1","ts":"2024-05-01T08:01:00+08:00","scenario":"metro","distance":{"value":"3.5","unit":"km"}}',
      '{"id":"a3","user":"u2","ts":"2024-05-01T08:02:00+08:00","scenario":"shared_bike","distance":{"value":"1200","unit":"m"},"duration":{"value":"9","unit":"min"}}',
      '{"id":"a4","user":"u2","ts":"2024-05-01T08:03:00+08:00","scenario":"bus","rides":"0"}',
      '{"id":"a1","user":"u2","ts":"2024-05-01T08:04:00+08:00","scenario":"bus","rides":1}',
    ];
    const opts = { rules: bundledRuleSet('jx-lvbao-example') };
    const fromText = [...processActivities(lines, opts)].map((r) => toJsonLine(r));
    const fromObjects = [
      ...processActivities(
        lines.map((l) => JSON.parse(l) as unknown),
        opts,
      ),
    ].map((r) => toJsonLine(r));
    expect(fromText).toEqual(fromObjects);
  });
});

describe('toJsonLine', () => {
  it('writes bigints as strings, as before', () => {
    expect(toJsonLine({ a: 1n, b: [2n], c: 'x' })).toBe('{"a":"1","b":["2"],"c":"x"}\n');
    expect(toJsonLine({ a: 1 })).toBe('{"a":1}\n');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJsonLine(cyclic)).toThrow(TypeError);
  });
});

describe('ledger time normalisation fast path', () => {
  it('keeps toISOString strings as they are and still refuses impossible dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        const l = new Ledger();
        const e = l.append({ type: 'issue', ts: iso, amount: 1n, unit: 'point', to: 'u', ref: 'r' });
        expect(e.ts).toBe(iso);
      }),
      { numRuns: 500 },
    );
    const l = new Ledger();
    expect(() =>
      l.append({
        type: 'issue',
        ts: '2024-02-30T00:00:00.000Z',
        amount: 1n,
        unit: 'point',
        to: 'u',
        ref: 'r',
      }),
    ).toThrow(GepError);
    expect(() =>
      l.append({
        type: 'issue',
        ts: '2024-05-01T24:00:00.000Z',
        amount: 1n,
        unit: 'point',
        to: 'u',
        ref: 'r',
      }),
    ).toThrow(GepError);
  }, 60_000);
});

describe('canonicalEntry string fast path', () => {
  it('writes the same bytes as the generic canonical JSON for any strings', () => {
    const s = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('"', '\\', '\u0001', '\ud800', '😀'),
    );
    fc.assert(
      fc.property(s, s, s, s, (ref, to, a, b) => {
        const body: EntryBody = {
          seq: 3,
          type: 'issue',
          ts: '2024-05-01T00:00:00.000Z',
          amount: '12',
          unit: 'point',
          to,
          ref,
          meta: { [a]: b, rule: a, activity: ref },
        };
        expect(canonicalEntry(body)).toBe(canonicalJson(body));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});

describe('canonicalEntry of a shaped body', () => {
  it('writes the generic canonical JSON without escaping amount, ts, type and unit', () => {
    // Drafts as shapeEntry accepts them: any time with an offset, amounts as bigint, number or digit string.
    const instant = fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace('Z', '+00:00'), d));
    const amount = fc.bigInt({ min: 1n, max: 10n ** 30n }).chain((n) => fc.constantFrom(n, n.toString()));
    fc.assert(
      fc.property(
        instant,
        amount,
        fc.constantFrom('point', 'g_CO2') as fc.Arbitrary<'point' | 'g_CO2'>,
        fc.string(),
        (ts, amt, unit, ref) => {
          fc.pre(ref.length > 0);
          const body = shapeEntry({ type: 'issue', ts, amount: amt, unit, to: 'user:u', ref }, 7);
          expect(canonicalEntry(body, true)).toBe(canonicalJson(body));
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);
});
