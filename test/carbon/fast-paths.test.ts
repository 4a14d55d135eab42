import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonNegative } from '../../src/carbon/activity-fast';
import { PointEngine, accrueInt } from '../../src/carbon/rules/rules';
import { parseInstantUncached, parseUtcMillis } from '../../src/carbon/time';
import { needsEscape, needsEscapeRegex } from '../../src/carbon/ledger/entry';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { bundledFactorSets } from '../../src/carbon/factors/bundled';
import { FactorChain, whenOf } from '../../src/carbon/factors/registry';
import { Decimal, tryDecimal } from '../../src/core/decimal';

/** The Decimal path the integer accrual replaces: total = before + q, units = ⌊total / per⌋ (per = 1: total). */
function reference(before: bigint, q: bigint, per: bigint): { total: string; units: bigint } {
  const total = new Decimal(before.toString()).plus(new Decimal(q.toString()));
  const p = new Decimal(per.toString());
  const units = BigInt((p.eq(1) ? total : total.div(p)).toFixed(0, Decimal.ROUND_FLOOR));
  return { total: total.toFixed(), units };
}

const LIMIT = 10n ** 15n;
/** Integers spread over all magnitudes up to past the bound, with the edges (0, 1, bound − 1, bound) likely. */
const wide = fc.oneof(
  fc.bigInt({ min: 0n, max: 100n }),
  fc.bigInt({ min: 0n, max: LIMIT + 10n }),
  fc.constantFrom(0n, 1n, 2n, LIMIT - 1n, LIMIT, LIMIT + 1n, LIMIT / 2n, LIMIT / 3n),
  fc.integer({ min: 0, max: 17 }).chain((k) => fc.bigInt({ min: 0n, max: 10n ** BigInt(k) })),
);

describe('accrueInt (integer day totals of event and reduction rules)', () => {
  it('equals the Decimal path wherever it answers, and answers inside its bounds', () => {
    fc.assert(
      fc.property(wide, fc.oneof(wide, fc.bigInt({ min: -LIMIT, max: -1n })), wide, (before, q, per) => {
        const fast = accrueInt(before, q, per);
        const total = before + q;
        const inside = total >= 0n && total < LIMIT && per >= 1n && per < LIMIT;
        expect(fast !== undefined).toBe(inside);
        if (fast === undefined) return;
        const ref = reference(before, q, per);
        expect(fast.total.toString()).toBe(ref.total);
        expect(fast.units).toBe(ref.units);
      }),
      { numRuns: 20000 },
    );
  }, 60_000);

  it('holds at the hardest quotients: per near the bound, total = k·per + per − 1', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: LIMIT - 1n }), fc.bigInt({ min: 0n, max: 1000n }), (per, k) => {
        const total = k * per + per - 1n;
        if (total >= LIMIT) return;
        const fast = accrueInt(0n, total, per);
        const ref = reference(0n, total, per);
        expect(fast?.units).toBe(ref.units);
        expect(fast?.total.toString()).toBe(ref.total);
      }),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('a point engine gives the same awards whether a day total starts in integers or crosses the bound', () => {
    // Event rules accrue one per activity; past 10¹⁵ grams a reduction rule falls back to Decimals mid-day.
    const rules = bundledRuleSet('evidence-paths-demo');
    const e = new PointEngine(rules);
    const t = Date.parse('2024-05-01T02:00:00Z');
    const accrued: string[] = [];
    for (const g of [5n, LIMIT - 10n, 3n, 7n]) {
      const quote = e.quote('u1', t, 'shared_bike', undefined, { grams: g });
      quote?.commit();
      accrued.push(quote?.award.accrued ?? '');
    }
    expect(accrued).toEqual(['5', (LIMIT - 5n).toString(), (LIMIT - 2n).toString(), (LIMIT + 5n).toString()]);
  });
});

/** A Decimal's whole state (sign, exponent, digit words): equal states are indistinguishable. */
const state = (d: Decimal | undefined) =>
  d === undefined ? undefined : { s: d.s, e: d.e, d: [...(d.d ?? [])] };

/** What nonNegative computed before its memo: tryDecimal, refusing negatives (−0 included). */
function freshNonNegative(v: unknown): Decimal | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const d = tryDecimal(v);
  return d !== undefined && !d.isNegative() ? d : undefined;
}

const decimalText = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '1',
    '01',
    '2.5',
    '2.50',
    '-1',
    '1e3',
    ' 3 ',
    '.5',
    '1.',
    'x',
    '',
    '1.00000000000000000001',
  ),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => n.toString()),
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 12 }))
    .map(([n, k]) =>
      k === 0
        ? n.toString()
        : `${n / 10n ** BigInt(k)}.${(n % 10n ** BigInt(k)).toString().padStart(k, '0')}`,
    ),
  fc.string({ maxLength: 6 }),
);

describe('nonNegative (memoised decimal strings of activity-fast)', () => {
  it('returns what a fresh read returns, first time, repeated, and after the memo is cleared', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(decimalText, fc.double(), fc.integer())), (values) => {
        for (const v of [...values, ...values]) {
          expect(state(nonNegative(v))).toEqual(state(freshNonNegative(v)));
          expect(nonNegative(v)?.toFixed()).toBe(freshNonNegative(v)?.toFixed());
        }
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});

/** 0000-01-01T00:00:00.000Z (Date.UTC maps years 0–99 to 1900–1999, so it is parsed). */
const MIN_MS = Date.parse('0000-01-01T00:00:00.000Z');

describe('parseUtcMillis (the YYYY-MM-DDTHH:mm:ss.sssZ form of parseInstant without regex and Date.parse)', () => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const z24 = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(
      ([y, mo, d, h, mi, s, ms]) =>
        `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`,
    );
  /** Real instants in toISOString's form, the years 0000–9999 (what platforms send). */
  const iso = fc
    .integer({
      min: MIN_MS,
      max: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    })
    .map((ms) => new Date(ms).toISOString());
  /** One character of a string replaced (digits by non-digits, separators by others). */
  const mutated = fc
    .tuple(
      fc.oneof(z24, iso),
      fc.nat(23),
      fc.constantFrom('0', '9', 'a', ' ', '-', ':', '.', 'Z', 'T', '+', '٣'),
    )
    .map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1));

  it('equals the general parser on every string of its form and declines every other', () => {
    fc.assert(
      fc.property(fc.oneof(z24, iso, mutated, fc.string({ maxLength: 26 })), (s) => {
        const fast = parseUtcMillis(s);
        if (fast === null) {
          // Declined: not of the 24-character Z form (the general parser decides those).
          expect(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s)).toBe(false);
          return;
        }
        expect(fast).toBe(parseInstantUncached(s));
      }),
      { numRuns: 50000 },
    );
  }, 60_000);

  it('reads real instants exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_MS, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const s = new Date(ms).toISOString();
        if (s.length !== 24) return;
        expect(parseUtcMillis(s)).toBe(Date.parse(s));
      }),
      { numRuns: 20000 },
    );
  }, 60_000);
});

describe('needsEscape (the JSON-escape check of canonicalEntry without a regex)', () => {
  it('agrees with the regular expression on any string', () => {
    const chars = fc.constantFrom(
      'a',
      'Z',
      '0',
      ':',
      '"',
      '\\',
      '\u0000',
      '\u001f',
      ' ',
      '\u007f',
      '中',
      '\ud7ff',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\ue000',
      '😀',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 30 }),
          fc.array(chars, { maxLength: 12 }).map((a) => a.join('')),
        ),
        (s) => {
          expect(needsEscape(s)).toBe(needsEscapeRegex(s));
        },
      ),
      { numRuns: 20000 },
    );
  }, 60_000);
});

describe('factor chain cache', () => {
  it('stays bounded over many distinct regions and keeps finding what an uncached search finds', () => {
    const sets = bundledFactorSets();
    const chain = new FactorChain([], sets);
    const when = whenOf('2024-05-01T08:00:00+08:00');
    for (let i = 0; i < 10_000; i++) {
      // Village-level codes under Wuhan (4201…) and Shenzhen (4403…): the city record applies to each.
      const region = `${i % 2 ? '4201' : '4403'}${String(i).padStart(8, '0')}`;
      const key = i % 2 ? 'travel.bus.reduction' : 'travel.metro.reduction';
      const got = chain.find(key, region, when);
      const fresh = new FactorChain([], sets).find(key, region, when);
      expect(got).toBeDefined();
      expect(got?.value.toFixed()).toBe(fresh?.value.toFixed());
      expect(got?.set).toBe(fresh?.set);
    }
    // What the chain keeps: at most CACHE_MAX (4096) regions over all keys, not one per region looked up.
    const cache = (chain as unknown as { cache: Map<string, Map<string, Map<string, unknown>>> }).cache;
    const kept = [...cache.values()].reduce((n, m) => n + [...m.values()].reduce((k, d) => k + d.size, 0), 0);
    expect(kept).toBeLessThanOrEqual(4096);
    expect(kept).toBeGreaterThan(0);
  });
});
