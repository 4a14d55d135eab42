import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { GENESIS, bodyOf, canonicalEntry, entryHash } from './entry';
import { type Draft, Ledger, instantMemo, shapeEntry } from './ledger';
import { registryPolicy } from './registry';
import { verifyLedger } from './verify';

/** 2024-05-dd at 08:00 Beijing time (00:00Z). */
const T = (d: number) => `2024-05-${String(d).padStart(2, '0')}T08:00:00+08:00`;

describe('Ledger.expireDue: the instant it is given', () => {
  const bad = ['garbage', '2024-05-10', '2024-02-30T08:00:00+08:00', new Date(Number.NaN)] as const;

  it('refuses a time that is not an instant, on a ledger with nothing due (LEDGER_ENTRY_INVALID at ts)', () => {
    const l = new Ledger();
    for (const ts of bad) {
      const e = errorOf(() => l.expireDue(ts));
      expect(e.issues.map((i) => [i.code, i.path])).toEqual([['LEDGER_ENTRY_INVALID', ['ts']]]);
      expect(e.issues[0]?.message.en).toContain('ts is not an ISO 8601 time with its offset');
    }
    // nothing appended by the refusals
    expect(l.anchor().count).toBe(0);
  });

  it('refuses it on a ledger with lots to expire too, and changes nothing', () => {
    const l = new Ledger();
    l.append({ type: 'issue', ts: T(1), amount: 5, unit: 'point', to: 'u', ref: 'a', expiresAt: T(3) });
    for (const ts of bad) expect(errorOf(() => l.expireDue(ts)).issues[0]?.code).toBe('LEDGER_ENTRY_INVALID');
    expect(l.anchor().count).toBe(1);
    // a real instant still expires the lot: 5 points issued on the 1st, expiring on the 3rd, due on the 4th
    expect(l.expireDue(T(4)).map((e) => [e.type, e.from, e.amount])).toEqual([['expire', 'u', '5']]);
  });

  it('a valid instant on a ledger with nothing due returns no entries', () => {
    const l = new Ledger();
    expect(l.expireDue(T(4))).toEqual([]);
    expect(l.expireDue(new Date('2024-05-04T00:00:00Z'))).toEqual([]);
  });
});

/** The code, path and detail of the refusal of `f`. */
const refusal = (f: () => unknown) => {
  const e = errorOf(f);
  return e.issues.map((i) => [i.code, i.path, i.params?.detail]);
};
const invalid = (detail: string, path: (string | number)[] = []) => [['LEDGER_ENTRY_INVALID', path, detail]];
const ISSUE: Draft = { type: 'issue', ts: T(1), amount: 5n, unit: 'point', to: 'u', ref: 'a' };
const NOT_A_TIME = (what: string, v: string) =>
  `${what} is not an ISO 8601 time with its offset (Z or ±hh:mm): ${v}`;

describe('Ledger.append: the entry it makes', () => {
  it('fills in seq, the UTC time, prev and hash, with no member the draft lacks', () => {
    // 08:00 at +08:00 is 00:00Z; the first entry links to GENESIS, the second to the first
    const l = new Ledger();
    const e = l.append({ type: 'issue', ts: T(1), amount: 150n, unit: 'g_CO2', to: 'u1', ref: 'a1' });
    expect(e).toStrictEqual({
      seq: 0,
      type: 'issue',
      ts: '2024-05-01T00:00:00.000Z',
      amount: '150',
      unit: 'g_CO2',
      ref: 'a1',
      to: 'u1',
      prev: GENESIS,
      hash: entryHash(bodyOf(e), GENESIS),
    });
    const e2 = l.append({ type: 'issue', ts: T(2), amount: 3, unit: 'point', to: 'u1', ref: 'a2' });
    expect([e2.seq, e2.ts, e2.amount, e2.prev]).toEqual([1, '2024-05-02T00:00:00.000Z', '3', e.hash]);
    expect(l.anchor()).toEqual({ count: 2, head: e2.hash });
  });

  it('hashes with the hasher it is given', () => {
    const hash = (s: string) => `h${s.length}`;
    const l = new Ledger({ hash });
    const e = l.append(ISSUE);
    expect(e.hash).toBe(`h${(canonicalEntry(bodyOf(e)) + GENESIS).length}`);
    expect(l.append({ ...ISSUE, ref: 'b' }).prev).toBe(e.hash);
  });

  it('a ledger of several partitions marks its entries with its partition (0 by default); one of one does not', () => {
    const p3 = new Ledger({ partitions: 4, partition: 3 });
    expect([p3.partition, p3.append(ISSUE).partition]).toEqual([3, 3]);
    const p0 = new Ledger({ partitions: 4 });
    expect([p0.partition, p0.append(ISSUE).partition]).toEqual([0, 0]);
    const one = new Ledger({ partitions: 1, partition: 2 });
    const e = one.append(ISSUE);
    expect([one.partition, 'partition' in e]).toEqual([undefined, false]);
  });

  it('derives a record’s members: serial numbers of a certification (from the partition’s first), the rule set of a transfer', () => {
    // partition 2 of 4: serial numbers start at 2 × 10¹² + 1; 2 t → 2000000000001-2000000000002
    const meta = {
      verifier: 'verifier:test',
      vintage: '2024',
      methodology: 'travel/per-trip@1',
      factorSets: `sha256:${'0'.repeat(64)}`,
    };
    const p = new Ledger({ partitions: 4, partition: 2 });
    p.append({ type: 'issue', ts: T(1), amount: 2_000_000n, unit: 'g_CO2', to: 'org:e', ref: 'x' });
    const c = p.append({
      type: 'certify',
      ts: T(2),
      amount: 2n,
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:e',
      ref: 'c1',
      meta,
    });
    expect(c.meta).toEqual({ ...meta, serials: '2000000000001-2000000000002' });
    const policy = registryPolicy({ ref: 'rules@1', transferable: ['point'], redemptions: [] });
    const l = new Ledger({ policy });
    l.append(ISSUE);
    const t = l.append({
      type: 'transfer',
      ts: T(2),
      amount: 2n,
      unit: 'point',
      from: 'u',
      to: 'v',
      ref: 'g',
    });
    expect(t.meta).toEqual({ ruleSet: 'rules@1' });
    expect(l.balances()).toEqual({
      u: { point: { available: '3', pending: '0', expired: '0', redeemed: '0', retired: '0' } },
      v: { point: { available: '2', pending: '0', expired: '0', redeemed: '0', retired: '0' } },
    });
  });

  it('keeps meta and the window and expiry of an issue, normalised to UTC', () => {
    const l = new Ledger();
    const e = l.append({
      ...ISSUE,
      availableFrom: T(2),
      claimBy: T(9),
      expiresAt: '2025-01-01T00:00:00+08:00',
      meta: { rule: 'r1' },
    });
    expect([e.availableFrom, e.claimBy, e.expiresAt, e.meta]).toEqual([
      '2024-05-02T00:00:00.000Z',
      '2024-05-09T00:00:00.000Z',
      '2024-12-31T16:00:00.000Z',
      { rule: 'r1' },
    ]);
    // pending until claimed: its window in epoch ms
    expect(l.pending('a', 'point')).toEqual({
      to: 'u',
      amount: 5n,
      availableFrom: Date.parse('2024-05-02T00:00:00Z'),
      claimBy: Date.parse('2024-05-09T00:00:00Z'),
      expiresAt: Date.parse('2024-12-31T16:00:00Z'),
      unit: 'point',
    });
    expect(l.pending('a', 'g_CO2')).toBeUndefined();
  });

  it('a refusal is at the path given (none: the top), and appends nothing', () => {
    const l = new Ledger();
    expect(refusal(() => l.append({ ...ISSUE, ref: '' }))).toEqual(invalid('ref is required'));
    expect(refusal(() => l.append({ ...ISSUE, ref: '' }, ['lines', 3]))).toEqual(
      invalid('ref is required', ['lines', 3]),
    );
    expect(l.anchor()).toEqual({ count: 0, head: GENESIS });
  });
});

describe('Ledger.append refuses a malformed draft, saying why', () => {
  const l = new Ledger();
  const refused = (d: unknown, path?: (string | number)[]) => refusal(() => l.append(d as Draft, path));

  it('not an object, an unknown type, a unit the type does not take', () => {
    expect(refused(null)).toEqual(invalid('not an object'));
    expect(refused('issue')).toEqual(invalid('not an object'));
    expect(refused({ ...ISSUE, type: 'mint' })).toEqual(
      invalid(
        'type must be one of issue, claim, expire, redeem, transfer, aggregate, certify, retire, emissions, offset',
      ),
    );
    expect(refused({ ...ISSUE, unit: 't_CO2' })).toEqual(
      invalid('issue takes unit point or g_CO2, not t_CO2'),
    );
  });

  it('an amount that is not a positive integer without leading zeros', () => {
    for (const [amount, text] of [
      [0n, '0'],
      [-1n, '-1'],
      [0, '0'],
      ['007', '007'],
      ['-1', '-1'],
      ['1.5', '1.5'],
      [undefined, 'undefined'],
    ] as const)
      expect(refused({ ...ISSUE, amount })).toEqual(
        invalid(`amount must be a positive integer, got ${text}`),
      );
    // bigint, number and decimal text of a positive integer are taken
    expect(
      [7n, 12, '12', '150'].map((amount, i) => l.append({ ...ISSUE, ref: `n${i}`, amount }).amount),
    ).toEqual(['7', '12', '12', '150']);
  });

  it('a missing ref, a missing or empty account the type needs, an account it takes none of', () => {
    expect(refused({ ...ISSUE, ref: undefined })).toEqual(invalid('ref is required'));
    expect(refused({ ...ISSUE, to: undefined })).toEqual(invalid('issue needs "to"'));
    expect(refused({ ...ISSUE, to: '' })).toEqual(invalid('issue needs "to"'));
    expect(refused({ ...ISSUE, from: 'x' })).toEqual(invalid('issue takes no "from"'));
    expect(refused({ type: 'redeem', ts: T(1), amount: 1n, unit: 'point', ref: 'r' })).toEqual(
      invalid('redeem needs "from"'),
    );
    expect(
      refused({ type: 'expire', ts: T(1), amount: 1n, unit: 'point', from: 'u', to: 'v', ref: 'r' }),
    ).toEqual(invalid('expire takes no "to"'));
  });

  it('a transfer to the account it debits; another transfer goes through', () => {
    const t = new Ledger();
    t.append({ ...ISSUE, unit: 'g_CO2' });
    const transfer = { type: 'transfer', ts: T(2), amount: 2n, unit: 'g_CO2', ref: 'g' } as const;
    expect(refusal(() => t.append({ ...transfer, from: 'u', to: 'u' }))).toEqual(
      invalid('transfer to the same account'),
    );
    expect(t.append({ ...transfer, from: 'u', to: 'v' }).to).toBe('v');
  });

  it('a time that is not an instant with its offset', () => {
    const before = l.anchor().count;
    const bad = ['', 'garbage', '2024-05-01T08:00:00', '2024-02-30T00:00:00.000Z'];
    for (const ts of bad) expect(refused({ ...ISSUE, ts })).toEqual(invalid(NOT_A_TIME('ts', ts)));
    // a number, or a String object (even of a canonical instant), is not a time string
    expect(refused({ ...ISSUE, ts: 1714521600000 })).toEqual(invalid(NOT_A_TIME('ts', '1714521600000')));
    for (const ts of ['2024-05-01T00:00:00.000Z', T(1)])
      expect(refused({ ...ISSUE, ts: new String(ts) })).toEqual(invalid(NOT_A_TIME('ts', ts)));
    expect(l.anchor().count).toBe(before);
  });

  it('a claim window or expiry out of place, incomplete, empty or with an invalid time', () => {
    expect(refused({ ...ISSUE, availableFrom: T(2) })).toEqual(
      invalid('a claim window needs availableFrom and claimBy'),
    );
    expect(refused({ ...ISSUE, claimBy: T(2) })).toEqual(
      invalid('a claim window needs availableFrom and claimBy'),
    );
    expect(refused({ ...ISSUE, availableFrom: T(2), claimBy: T(2) })).toEqual(
      invalid('claimBy must come after availableFrom'),
    );
    expect(refused({ ...ISSUE, availableFrom: T(3), claimBy: T(2) })).toEqual(
      invalid('claimBy must come after availableFrom'),
    );
    expect(refused({ ...ISSUE, availableFrom: 'soon', claimBy: T(2) })).toEqual(
      invalid(NOT_A_TIME('availableFrom', 'soon')),
    );
    expect(refused({ ...ISSUE, availableFrom: T(2), claimBy: 'later' })).toEqual(
      invalid(NOT_A_TIME('claimBy', 'later')),
    );
    expect(refused({ ...ISSUE, expiresAt: 'never' })).toEqual(invalid(NOT_A_TIME('expiresAt', 'never')));
    const claim = { type: 'claim', ts: T(1), amount: 1n, unit: 'point', to: 'u', ref: 'a' };
    for (const extra of [{ expiresAt: T(3) }, { availableFrom: T(2), claimBy: T(3) }, { claimBy: T(3) }])
      expect(refused({ ...claim, ...extra })).toEqual(invalid('only an issue has a window or expiry'));
  });

  it('meta values that are not strings, at the member', () => {
    expect(refused({ ...ISSUE, meta: { rule: 'r1', n: 1 } })).toEqual(
      invalid('meta values must be strings', ['meta', 'n']),
    );
    expect(refused({ ...ISSUE, meta: { rule: null } }, ['line', 2])).toEqual(
      invalid('meta values must be strings', ['line', 2, 'meta', 'rule']),
    );
  });

  it('a meta that is not an object of strings (null, text, an array, a number), at meta; nothing appended', () => {
    const before = l.anchor().count;
    for (const meta of [null, 'abc', ['a', 'b'], [], 5, true])
      expect(refused({ ...ISSUE, meta }, ['line', 2])).toEqual(
        invalid('meta must be an object of string members', ['line', 2, 'meta']),
      );
    expect(l.anchor().count).toBe(before);
    // an empty meta, and one of strings, are kept
    expect(l.append({ ...ISSUE, ref: 'm0', meta: {} }).meta).toEqual({});
    expect(l.append({ ...ISSUE, ref: 'm1', meta: { rule: 'r1' } }).meta).toEqual({ rule: 'r1' });
  });
});

describe('shapeEntry', () => {
  it('keeps a partition that is a non-negative integer and refuses any other, at the top by default', () => {
    expect(shapeEntry({ ...ISSUE, partition: 0 }, 7).partition).toBe(0);
    expect(shapeEntry({ ...ISSUE, partition: 2 }, 7)).toEqual({
      seq: 7,
      type: 'issue',
      ts: '2024-05-01T00:00:00.000Z',
      amount: '5',
      unit: 'point',
      ref: 'a',
      to: 'u',
      partition: 2,
    });
    for (const partition of [-1, 1.5])
      expect(refusal(() => shapeEntry({ ...ISSUE, partition }, 0))).toEqual(
        invalid(`partition must be a non-negative integer, got ${partition}`),
      );
  });

  it('records in its memo the last time string it normalised, with the result and its instant; a Date leaves it', () => {
    // T(1) = 2024-05-01T08:00:00+08:00 = 2024-05-01T00:00:00.000Z = 1 714 521 600 000 ms
    const memo = instantMemo();
    shapeEntry(ISSUE, 0, [], memo);
    expect(memo).toEqual({ lastIn: T(1), lastOut: '2024-05-01T00:00:00.000Z', lastMs: 1_714_521_600_000 });
    shapeEntry({ ...ISSUE, ts: new Date('2024-06-01T00:00:00Z') }, 1, [], memo);
    expect(memo.lastIn).toBe(T(1));
    // a time already in UTC normalises to itself: 2024-05-02T00:00:00Z is one day (86 400 000 ms) later
    shapeEntry({ ...ISSUE, ts: '2024-05-02T00:00:00.000Z' }, 2, [], memo);
    expect(memo).toEqual({
      lastIn: '2024-05-02T00:00:00.000Z',
      lastOut: '2024-05-02T00:00:00.000Z',
      lastMs: 1_714_608_000_000,
    });
  });

  it('a draft without "to" has no "to" member', () => {
    const redeem: Draft = { type: 'redeem', ts: T(1), amount: 1n, unit: 'point', from: 'u', ref: 'r' };
    expect(shapeEntry(redeem, 3)).toStrictEqual({
      seq: 3,
      type: 'redeem',
      ts: '2024-05-01T00:00:00.000Z',
      amount: '1',
      unit: 'point',
      ref: 'r',
      from: 'u',
    });
  });

  it('a fresh memo matches no string, not even the empty one', () => {
    expect(refusal(() => shapeEntry({ ...ISSUE, ts: '' }, 0, [], instantMemo()))).toEqual(
      invalid(NOT_A_TIME('ts', '')),
    );
    // nor after a Date, which leaves the memo fresh
    const memo = instantMemo();
    shapeEntry({ ...ISSUE, ts: new Date('2024-05-01T00:00:00Z') }, 0, [], memo);
    expect(
      refusal(() =>
        shapeEntry(
          { ...ISSUE, ts: new Date('2024-05-01T00:00:00Z'), availableFrom: '', claimBy: T(2) },
          0,
          [],
          memo,
        ),
      ),
    ).toEqual(invalid(NOT_A_TIME('availableFrom', '')));
  });
});

describe('an empty time on the first entry', () => {
  it('is refused by a fresh ledger, and by the verification of a stored ledger', () => {
    expect(refusal(() => new Ledger().append({ ...ISSUE, ts: '' }))).toEqual(invalid(NOT_A_TIME('ts', '')));
    // nor is a missing time taken for the memo of a fresh ledger
    for (const ts of [null, undefined])
      expect(refusal(() => new Ledger().append({ ...ISSUE, ts: ts as unknown as string }))).toEqual(
        invalid(NOT_A_TIME('ts', String(ts))),
      );
    // a first entry dated '', hashed as a writer would have: the chain is intact, the time is not
    const e = new Ledger().append(ISSUE);
    const body = { ...bodyOf(e), ts: '' };
    const stored = { ...body, prev: GENESIS, hash: entryHash(body, GENESIS) };
    const v = verifyLedger([stored]);
    expect([v.ok, v.issues.map((i) => [i.code, i.params?.detail])]).toEqual([
      false,
      [['LEDGER_ENTRY_INVALID', NOT_A_TIME('ts', '')]],
    ]);
  });
});

describe('Ledger: what it tells of its state', () => {
  it('lastTime: none on an empty ledger, then the instant of the last entry (not of its expiry)', () => {
    const l = new Ledger();
    expect(l.lastTime()).toBeUndefined();
    l.append({ ...ISSUE, expiresAt: T(3) });
    expect(l.lastTime()).toEqual({ ms: Date.parse('2024-05-01T00:00:00Z'), iso: '2024-05-01T00:00:00.000Z' });
  });

  it('credited: whether a ref was issued in a unit', () => {
    const l = new Ledger();
    l.append({ ...ISSUE, unit: 'g_CO2' });
    expect([l.credited('a', 'g_CO2'), l.credited('a', 'point'), l.credited('b', 'g_CO2')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('shapeEntry: the members of a leg', () => {
  const LEG: Draft = {
    type: 'transfer',
    ts: T(3),
    amount: 120n,
    unit: 'g_CO2',
    from: 'user:u1',
    to: 'user:u2',
    ref: 't-1',
    leg: 'credit',
    pair: '1:2',
    lots: '100@2025-01-01T00:00:00.000Z,20@never',
  };

  it('keeps leg, pair and lots of a transfer or an aggregate (a stored leg under verification)', () => {
    expect(shapeEntry(LEG, 4)).toEqual({
      seq: 4,
      type: 'transfer',
      ts: '2024-05-03T00:00:00.000Z',
      amount: '120',
      unit: 'g_CO2',
      from: 'user:u1',
      to: 'user:u2',
      ref: 't-1',
      leg: 'credit',
      pair: '1:2',
      lots: '100@2025-01-01T00:00:00.000Z,20@never',
    });
    const agg = shapeEntry({ ...LEG, type: 'aggregate', leg: 'debit', pair: '0:10', lots: '7@never' }, 0);
    expect([agg.type, agg.leg, agg.pair, agg.lots]).toEqual(['aggregate', 'debit', '0:10', '7@never']);
  });

  it('refuses a leg of any other type, any one of the three missing, or each malformed, at the path given', () => {
    const refused = (d: object) => refusal(() => shapeEntry({ ...LEG, ...d } as Draft, 0, ['line', 2]));
    const at = (detail: string) => invalid(detail, ['line', 2]);
    expect(refused({ type: 'offset' })).toEqual(at('a offset is never a leg'));
    expect(refused({ type: 'claim', from: undefined })).toEqual(at('a claim is never a leg'));
    // any one of the three makes the draft a leg, which needs the other two
    expect(refused({ leg: undefined })).toEqual(at('leg must be debit or credit, got undefined'));
    expect(refused({ leg: 'both' })).toEqual(at('leg must be debit or credit, got both'));
    const PAIR_IS = `a leg's pair is "<partition>:<seq>", got`;
    for (const pair of [undefined, 12, '1', '01:2', '1:02', '1:2:3', ' 1:2', '1:-2', '1:2x'])
      expect(refused({ pair })).toEqual(at(`${PAIR_IS} ${String(pair)}`));
    // not text, though its text would be a place
    expect(refused({ pair: ['1:2'] })).toEqual(at(`${PAIR_IS} 1:2`));
    const LOTS_ARE = `a leg's lots are "<amount>@<expiresAt|never>" joined by commas, got`;
    for (const lots of [
      undefined,
      7,
      '',
      '0@never',
      '07@never',
      '7',
      '7@',
      '7@Never',
      // one good lot and one bad: every lot must be good
      '7@never,8',
      '8,7@never',
      '7@never,',
      '7@2025-01-01T00:00:00Z',
      '7@2025-01-01T00:00:00.000+08:00',
      '7@never x',
      'x7@never',
    ])
      expect(refused({ lots })).toEqual(at(`${LOTS_ARE} ${String(lots)}`));
    // only pair given, or only lots: the draft is a leg all the same (and refused for lacking the others)
    const { leg: _l, pair: _p, lots: _o, ...plain } = LEG;
    expect(refusal(() => shapeEntry({ ...plain, pair: '1:2' }, 0))).toEqual(
      invalid('leg must be debit or credit, got undefined'),
    );
    expect(refusal(() => shapeEntry({ ...plain, lots: '1@never' }, 0))).toEqual(
      invalid('leg must be debit or credit, got undefined'),
    );
    expect(refusal(() => shapeEntry({ ...plain, leg: 'debit' }, 0))).toEqual(invalid(`${PAIR_IS} undefined`));
  });
});

describe('Ledger.appendPair: a record crossing partitions, booked as two legs', () => {
  const EXPIRY = '2025-01-01T00:00:00.000Z';
  const amounts = (available: string) => ({
    available,
    pending: '0',
    expired: '0',
    redeemed: '0',
    retired: '0',
  });
  /**
   * Partition 1: user:u1 gets 100 g expiring 2025-01-01 (seq 0) and 50 g that never expire (seq 1); partition 0:
   * org:w gets 5 g on the 2nd (seq 0).
   */
  const setup = (opts: { policy0?: ReturnType<typeof registryPolicy> } = {}) => {
    const p0 = new Ledger({ partitions: 2, partition: 0, policy: opts.policy0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    p1.append({
      type: 'issue',
      ts: T(1),
      amount: 100n,
      unit: 'g_CO2',
      to: 'user:u1',
      ref: 'a',
      expiresAt: EXPIRY,
    });
    p1.append({ type: 'issue', ts: T(1), amount: 50n, unit: 'g_CO2', to: 'user:u1', ref: 'b' });
    p0.append({ type: 'issue', ts: T(2), amount: 5n, unit: 'g_CO2', to: 'org:w', ref: 'c' });
    return { p0, p1 };
  };
  const TRANSFER: Draft = {
    type: 'transfer',
    ts: T(3),
    amount: 120n,
    unit: 'g_CO2',
    from: 'user:u1',
    to: 'user:u2',
    ref: 't-1',
    meta: { note: 'rent' },
  };
  /** What each side holds: its seq, head, last time and balances. */
  const sides = (p0: Ledger, p1: Ledger) =>
    [p0, p1].map((l) => [l.state.seq, l.state.head, l.state.lastTsIso, l.balances()]);

  it('the debit leg in the payer’s chain and the credit leg in the payee’s, naming each other, with the lots', () => {
    const { p0, p1 } = setup();
    const [head0, head1] = [p0.state.head, p1.state.head];
    const [debit, credit] = p1.appendPair(TRANSFER, p0);
    // 120 g = 100 g @2025-01-01 + 20 g of the 50 g @never, earliest expiry first; the debit leg is partition 1's
    // third entry (seq 2), the credit leg partition 0's second (seq 1)
    const lots = `100@${EXPIRY},20@never`;
    const common = {
      type: 'transfer',
      ts: '2024-05-03T00:00:00.000Z',
      amount: '120',
      unit: 'g_CO2',
      from: 'user:u1',
      to: 'user:u2',
      ref: 't-1',
      meta: { note: 'rent' },
      lots,
    };
    expect(bodyOf(debit)).toEqual({ ...common, seq: 2, partition: 1, leg: 'debit', pair: '0:1' });
    expect(bodyOf(credit)).toEqual({ ...common, seq: 1, partition: 0, leg: 'credit', pair: '1:2' });
    // the credit leg's meta is a copy, not the debit leg's object
    expect(credit.meta).not.toBe(debit.meta);
    expect(canonicalEntry(bodyOf(credit))).toBe(
      `{"amount":"120","from":"user:u1","leg":"credit","lots":"${lots}","meta":{"note":"rent"},"pair":"1:2",` +
        `"partition":0,"ref":"t-1","seq":1,"to":"user:u2","ts":"2024-05-03T00:00:00.000Z","type":"transfer",` +
        `"unit":"g_CO2"}`,
    );
    // each leg is chained in its own partition
    expect([debit.prev, debit.hash]).toEqual([head1, entryHash(bodyOf(debit), head1)]);
    expect([credit.prev, credit.hash]).toEqual([head0, entryHash(bodyOf(credit), head0)]);
    // u1 150 − 120 = 30 g in partition 1; u2 120 g beside org:w's 5 g in partition 0; both clocks at the record's time
    expect(sides(p0, p1)).toEqual([
      [
        2,
        credit.hash,
        '2024-05-03T00:00:00.000Z',
        { 'org:w': { g_CO2: amounts('5') }, 'user:u2': { g_CO2: amounts('120') } },
      ],
      [3, debit.hash, '2024-05-03T00:00:00.000Z', { 'user:u1': { g_CO2: amounts('30') } }],
    ]);
    // the lots keep their expiry in the payee's partition: the 100 g of u2 expire on 2025-01-01
    expect(p0.expireDue(new Date('2025-01-02T00:00:00Z')).map((e) => [e.from, e.amount, e.ref])).toEqual([
      ['user:u2', '100', `lot:${EXPIRY}`],
    ]);
  });

  it('an aggregate, an amount given as text or a number, a payee whose clock is at the record’s time', () => {
    const { p0, p1 } = setup();
    // partition 0's clock moves to the 3rd: a record of the 3rd is not before it
    p0.append({ type: 'issue', ts: T(3), amount: 1n, unit: 'g_CO2', to: 'org:w', ref: 'd' });
    const [d1, c1] = p1.appendPair({ ...TRANSFER, type: 'aggregate', amount: '30', meta: undefined }, p0);
    expect(
      [d1, c1].map((e) => [e.type, e.partition, e.seq, e.leg, e.pair, e.lots, e.amount, 'meta' in e]),
    ).toEqual([
      ['aggregate', 1, 2, 'debit', '0:2', `30@${EXPIRY}`, '30', false],
      ['aggregate', 0, 2, 'credit', '1:2', `30@${EXPIRY}`, '30', false],
    ]);
    // 150 − 30 = 120 g left: 70 g @2025-01-01 and 50 g @never
    const [d2, c2] = p1.appendPair({ ...TRANSFER, ts: T(4), amount: 100, ref: 't-2' }, p0);
    expect([d2.lots, c2.lots, d2.amount, d2.pair, c2.pair]).toEqual([
      `70@${EXPIRY},30@never`,
      `70@${EXPIRY},30@never`,
      '100',
      '0:3',
      '1:3',
    ]);
    expect(p1.balances()).toEqual({ 'user:u1': { g_CO2: amounts('20') } });
  });

  it('refuses a record before the payee’s last entry, or the payer’s, before booking either leg', () => {
    const { p0, p1 } = setup();
    // partition 0's last entry is of the 2nd: a record of the 1st is before it (partition 1's is of the 1st too)
    const before = sides(p0, p1);
    const early = { ...TRANSFER, ts: T(1) };
    const e = errorOf(() => p1.appendPair(early, p0, ['line', 4]));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'LEDGER_TIMESTAMP_ORDER',
        ['line', 4],
        { ts: '2024-05-01T00:00:00.000Z', previous: '2024-05-02T00:00:00.000Z' },
      ],
    ]);
    expect(sides(p0, p1)).toEqual(before);
    // the payer's clock later than the record: the debit leg's own refusal
    p1.append({ type: 'issue', ts: T(5), amount: 1n, unit: 'g_CO2', to: 'user:u1', ref: 'e' });
    const before2 = sides(p0, p1);
    const e2 = errorOf(() => p1.appendPair(TRANSFER, p0, ['line', 5]));
    expect(e2.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'LEDGER_TIMESTAMP_ORDER',
        ['line', 5],
        { ts: '2024-05-03T00:00:00.000Z', previous: '2024-05-05T00:00:00.000Z' },
      ],
    ]);
    expect(sides(p0, p1)).toEqual(before2);
  });

  it('refuses too little to move, a retried ref, legs given, other types: nothing booked in either', () => {
    const { p0, p1 } = setup();
    const before = sides(p0, p1);
    const codeOf = (d: Draft) =>
      errorOf(() => p1.appendPair(d, p0)).issues.map((i) => [i.code, i.path, i.params?.detail]);
    // 150 g held, 151 asked
    expect(codeOf({ ...TRANSFER, amount: 151n })).toEqual([['LEDGER_INSUFFICIENT', [], undefined]]);
    expect(sides(p0, p1)).toEqual(before);
    expect(codeOf({ ...TRANSFER, leg: 'debit', pair: '0:1', lots: '120@never' })).toEqual(
      invalid('leg, pair and lots are written by the ledger (appendPair), not given'),
    );
    expect(codeOf({ type: 'issue', ts: T(3), amount: 1n, unit: 'g_CO2', to: 'user:u2', ref: 'x' })).toEqual(
      invalid('only a transfer or an aggregate is booked as two legs, not a issue'),
    );
    expect(codeOf({ ...TRANSFER, type: 'offset' })).toEqual(
      invalid('only a transfer or an aggregate is booked as two legs, not a offset'),
    );
    expect(sides(p0, p1)).toEqual(before);
    p1.appendPair({ ...TRANSFER, amount: 10n }, p0);
    const after = sides(p0, p1);
    // the same ref again: a retried transfer (the debit leg holds the ref)
    expect(codeOf({ ...TRANSFER, amount: 10n })).toEqual([['LEDGER_RECORD_DUPLICATE', ['ref'], undefined]]);
    expect(sides(p0, p1)).toEqual(after);
  });

  it('Ledger.append refuses a draft giving a leg’s members, even a well-formed one, and books nothing', () => {
    const { p0, p1 } = setup();
    const before = sides(p0, p1);
    const leg = { ...TRANSFER, leg: 'debit', pair: '0:1', lots: `100@${EXPIRY},20@never` } as Draft;
    expect(refusal(() => p1.append(leg, ['line', 7]))).toEqual(
      invalid('leg, pair and lots are written by the ledger (appendPair), not given', ['line', 7]),
    );
    expect(sides(p0, p1)).toEqual(before);
  });

  it('books between two partitions of one ledger only', () => {
    const { p0, p1 } = setup();
    const BETWEEN = 'gepkit carbon: appendPair books between two partitions of one ledger';
    expect(() => new Ledger().appendPair(TRANSFER, p0)).toThrow(new Error(BETWEEN));
    expect(() => p1.appendPair(TRANSFER, new Ledger())).toThrow(new Error(BETWEEN));
    expect(() => p1.appendPair(TRANSFER, new Ledger({ partitions: 2, partition: 1 }))).toThrow(
      new Error(BETWEEN),
    );
    expect([p0.state.seq, p1.state.seq]).toEqual([1, 2]);
  });

  it('refuses a record the payee’s partition refuses (partitions under different policies) before booking either leg', () => {
    // partition 0 transfers points only: the credit leg of a g CO₂ transfer is refused there, so the debit leg is
    // not booked either
    const { p0, p1 } = setup({
      policy0: registryPolicy({ ref: 'rules@1', transferable: ['point'], redemptions: [] }),
    });
    const before = sides(p0, p1);
    const e = errorOf(() => p1.appendPair(TRANSFER, p0, ['line', 9]));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['LEDGER_TRANSFER_NOT_ALLOWED', ['line', 9], { unit: 'g_CO2', ruleSet: 'rules@1', allowed: 'point' }],
    ]);
    expect(sides(p0, p1)).toEqual(before);
    // an aggregate has no transfer rule: it is booked in both
    const [d, c] = p1.appendPair({ ...TRANSFER, type: 'aggregate' }, p0);
    expect([d.leg, c.leg, p0.balances()['user:u2']?.g_CO2?.available]).toEqual(['debit', 'credit', '120']);
  });
});
