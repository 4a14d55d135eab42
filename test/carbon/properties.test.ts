import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GepError } from '../../src/core/errors';
import { processActivities } from '../../src/carbon/batch';
import { type Entry, bodyOf, entryHash } from '../../src/carbon/ledger/entry';
import { type Draft, Ledger } from '../../src/carbon/ledger/ledger';
import { registryPolicy } from '../../src/carbon/ledger/registry';
import { verifyLedger } from '../../src/carbon/ledger/verify';
import { loadRuleSet } from '../../src/carbon/rules/rules';
import { CERTIFIED, RETIRED, ruleSetWith } from './helpers';

const ACCOUNTS = ['a', 'b', 'c'];
const DAY = 86_400_000;
const BASE = Date.parse('2024-05-01T00:00:00Z');

/** A random operation; most will be legal, some refused: the ledger must stay consistent either way. */
const op = fc.record({
  kind: fc.constantFrom(
    'issue',
    'issue-window',
    'issue-expiring',
    'claim',
    'transfer',
    'redeem',
    'retire',
    'aggregate',
    'certify',
    'expire-due',
  ),
  from: fc.constantFrom(...ACCOUNTS),
  to: fc.constantFrom(...ACCOUNTS),
  amount: fc.bigInt({ min: 1n, max: 3_000_000n }),
  ref: fc.integer({ min: 0, max: 30 }),
  dt: fc.integer({ min: 0, max: 3 * DAY }),
  unit: fc.constantFrom('point' as const, 'g_CO2' as const, 't_CO2' as const),
});

/** Every unit transferable and a 1-point catalogue item, so that random transfers and redemptions can pass. */
const POLICY = registryPolicy(
  ruleSetWith({
    transferable: ['point', 'g_CO2', 't_CO2'],
    redemptions: [
      {
        id: 'unit',
        points: '1',
        label: { zh: '一', en: 'one' },
        source: { document: 't' },
        grade: 'assumed',
      },
    ],
  }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function play(ops: Op[]) {
  const l = new Ledger({ policy: POLICY });
  const entries: Entry[] = [];
  let t = BASE;
  const neg: string[] = [];
  for (const o of ops) {
    t += o.dt;
    const ts = new Date(t).toISOString();
    const iso = (d: number) => new Date(t + d).toISOString();
    const drafts: Draft[] = [];
    switch (o.kind) {
      case 'issue':
        drafts.push({ type: 'issue', ts, amount: o.amount, unit: o.unit, to: o.to, ref: `r${o.ref}` });
        break;
      case 'issue-window':
        drafts.push({
          type: 'issue',
          ts,
          amount: o.amount,
          unit: 'point',
          to: o.to,
          ref: `w${o.ref}`,
          availableFrom: iso(DAY),
          claimBy: iso(3 * DAY),
        });
        break;
      case 'issue-expiring':
        drafts.push({
          type: 'issue',
          ts,
          amount: o.amount,
          unit: 'point',
          to: o.to,
          ref: `e${o.ref}`,
          expiresAt: iso(2 * DAY),
        });
        break;
      case 'claim': {
        const p = l.pending(`w${o.ref}`, 'point');
        if (p)
          drafts.push({ type: 'claim', ts, amount: p.amount, unit: 'point', to: p.to, ref: `w${o.ref}` });
        break;
      }
      case 'transfer':
        if (o.from !== o.to)
          drafts.push({
            type: 'transfer',
            ts,
            amount: o.unit === 't_CO2' ? 1n + (o.amount % 3n) : o.amount,
            unit: o.unit,
            from: o.from,
            to: o.to,
            ref: 'x',
          });
        break;
      case 'redeem':
        drafts.push({
          type: 'redeem',
          ts,
          amount: o.amount,
          unit: 'point',
          from: o.from,
          ref: 'x',
          meta: { redemption: 'unit', quantity: o.amount.toString() },
        });
        break;
      case 'retire':
        drafts.push({
          type: 'retire',
          ts,
          amount: o.unit === 't_CO2' ? 1n + (o.amount % 3n) : o.amount,
          unit: o.unit === 't_CO2' ? 't_CO2' : 'g_CO2',
          from: o.from,
          ref: 'x',
          meta: RETIRED,
        });
        break;
      case 'aggregate':
        drafts.push({
          type: 'aggregate',
          ts,
          amount: o.amount,
          unit: 'g_CO2',
          from: o.from,
          to: 'org',
          ref: 'x',
        });
        break;
      case 'certify':
        drafts.push({
          type: 'certify',
          ts,
          amount: 1n,
          unit: 't_CO2',
          from: o.from,
          to: o.to,
          ref: `c${entries.length}`,
          meta: CERTIFIED,
        });
        break;
      case 'expire-due':
        entries.push(...l.expireDue(ts));
        break;
    }
    for (const d of drafts) {
      try {
        entries.push(l.append(d));
      } catch (e) {
        if (!(e instanceof GepError)) throw e;
      }
    }
    for (const [acc, units] of Object.entries(l.balances()))
      for (const [u, b] of Object.entries(units))
        for (const [k, v] of Object.entries(b)) if (v.startsWith('-')) neg.push(`${acc}.${u}.${k}=${v}`);
  }
  return { l, entries, neg };
}

const ops = fc.array(op, { minLength: 1, maxLength: 60 });

describe('ledger properties', () => {
  it('balances are never negative', () => {
    fc.assert(
      fc.property(ops, (o) => {
        expect(play(o).neg).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
  it('replaying a verified ledger gives the same balances', () => {
    fc.assert(
      fc.property(ops, (o) => {
        const { l, entries } = play(o);
        const v = verifyLedger(entries, { anchor: l.anchor(), policy: POLICY });
        expect(v.issues).toEqual([]);
        expect(v.balances).toEqual(l.balances());
      }),
      { numRuns: 300 },
    );
  }, 60_000);
  it('any single-entry tamper is detected', () => {
    const tamper = fc.record({
      how: fc.constantFrom('edit', 'edit-rehash', 'drop', 'swap', 'duplicate'),
      field: fc.constantFrom('amount', 'ts', 'ref', 'unit', 'seq'),
      at: fc.nat(),
    });
    fc.assert(
      fc.property(ops, tamper, (o, t) => {
        const { l, entries } = play(o);
        fc.pre(entries.length >= 2);
        const i = t.at % entries.length;
        const es = [...entries];
        const e = es[i] as Entry;
        const edited = { ...e } as Record<string, unknown>;
        if (t.field === 'amount') edited.amount = `${BigInt(e.amount) + 1n}`;
        if (t.field === 'ts') edited.ts = new Date(Date.parse(e.ts) + 1000).toISOString();
        if (t.field === 'ref') edited.ref = `${e.ref}x`;
        if (t.field === 'unit') edited.unit = e.unit === 'point' ? 'g_CO2' : 'point';
        if (t.field === 'seq') edited.seq = e.seq + 1;
        if (t.how === 'edit') es[i] = edited as unknown as Entry;
        if (t.how === 'edit-rehash')
          es[i] = {
            ...(edited as unknown as Entry),
            hash: entryHash(bodyOf(edited as unknown as Entry), e.prev),
          };
        if (t.how === 'drop') es.splice(i, 1);
        if (t.how === 'swap') {
          const j = i === es.length - 1 ? i - 1 : i + 1;
          [es[i], es[j]] = [es[j] as Entry, es[i] as Entry];
        }
        if (t.how === 'duplicate') es.splice(i, 0, e);
        expect(verifyLedger(es, { anchor: l.anchor(), policy: POLICY }).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});

const CAPS = loadRuleSet({
  kind: 'carbon-point-rules',
  id: 'caps-test',
  version: '1.0.0',
  title: { zh: '上限测试', en: 'Caps test' },
  jurisdiction: 'test',
  pointName: { zh: '分', en: 'point' },
  source: { document: 'test' },
  grade: 'assumed',
  rules: [
    {
      id: 'bus',
      scenario: 'bus',
      basis: 'event',
      points: '2',
      caps: { daily: { points: '5', events: 2 }, monthly: { points: '12' } },
      source: { document: 'test' },
      grade: 'assumed',
    },
    {
      id: 'steps',
      scenario: 'walking',
      basis: 'steps',
      per: '1000',
      points: '1',
      caps: { daily: { points: '7' } },
      source: { document: 'test' },
      grade: 'assumed',
    },
  ],
});

describe('rule and batch properties', () => {
  it('caps are never exceeded', () => {
    const acts = fc.array(
      fc.record({
        user: fc.constantFrom('u1', 'u2'),
        scenario: fc.constantFrom('bus', 'walking'),
        minute: fc.integer({ min: 0, max: 60 * 24 * 45 }),
        steps: fc.integer({ min: 0, max: 20000 }),
      }),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(acts, (as) => {
        const sorted = [...as].sort((a, b) => a.minute - b.minute);
        const items = sorted.map((a, i) => ({
          id: `a${i}`,
          user: a.user,
          scenario: a.scenario,
          ts: new Date(BASE + a.minute * 60_000).toISOString(),
          ...(a.scenario === 'walking' ? { steps: String(a.steps) } : {}),
        }));
        const per = new Map<string, bigint>();
        for (const r of processActivities(items, { rules: CAPS, reductions: 'when-available' })) {
          expect(r.ok).toBe(true);
          if (r.points === undefined) continue;
          const ts = Date.parse(items[r.line - 1]!.ts) + 8 * 3_600_000;
          const day = new Date(ts).toISOString().slice(0, 10);
          const month = day.slice(0, 7);
          for (const k of [
            `d|${r.user}|${r.points.rule}|${day}`,
            `m|${r.user}|${r.points.rule}|${month}`,
            `e|${r.user}|${r.points.rule}|${day}`,
          ])
            per.set(
              k,
              (per.get(k) ?? 0n) +
                (k.startsWith('e|') ? (BigInt(r.points.points) > 0n ? 1n : 0n) : BigInt(r.points.points)),
            );
        }
        for (const [k, v] of per) {
          if (k.startsWith('d|') && k.includes('|bus|')) expect(v).toBeLessThanOrEqual(5n);
          if (k.startsWith('e|') && k.includes('|bus|')) expect(v).toBeLessThanOrEqual(2n);
          if (k.startsWith('m|') && k.includes('|bus|')) expect(v).toBeLessThanOrEqual(12n);
          if (k.startsWith('d|') && k.includes('|steps|')) expect(v).toBeLessThanOrEqual(7n);
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('the same activity is never credited twice, whatever the input order', () => {
    const acts = fc.array(
      fc.record({
        id: fc.integer({ min: 0, max: 12 }),
        user: fc.constantFrom('u1', 'u2'),
        behaviour: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(acts, fc.infiniteStream(fc.nat()), (as, rnd) => {
        const items = as.map((a) => ({
          id: `act-${a.id}`,
          user: a.user,
          ts: '2024-05-01T08:00:00+08:00',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          ...(a.behaviour !== undefined ? { behaviour: `trip-${a.behaviour}` } : {}),
        }));
        // a random permutation (Fisher–Yates driven by the stream)
        const it = rnd[Symbol.iterator]();
        const perm = [...items];
        for (let i = perm.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        for (const order of [items, perm]) {
          const issued = new Map<string, number>();
          const activities = new Map<string, number>();
          for (const r of processActivities(order))
            for (const e of r.entries)
              if (e.type === 'issue') {
                const k = `${e.unit}|${e.ref}`;
                issued.set(k, (issued.get(k) ?? 0) + 1);
                const a = `${e.unit}|${e.meta?.activity}`;
                activities.set(a, (activities.get(a) ?? 0) + 1);
              }
          // no behaviour (ledger ref) and no activity id is credited twice in any unit
          expect([...issued.values()].filter((n) => n > 1)).toEqual([]);
          expect([...activities.values()].filter((n) => n > 1)).toEqual([]);
          // and exactly the lines whose id and behaviour are both new (in this order) are credited
          const seen = new Set<string>();
          let expected = 0;
          for (const a of order) {
            const k = 'behaviour' in a ? (a.behaviour as string) : a.id;
            if (seen.has(a.id) || seen.has(k)) continue;
            expected += 1;
            seen.add(a.id).add(k);
          }
          expect(issued.size).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
