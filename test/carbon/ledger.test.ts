import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical';
import { GENESIS, bodyOf, canonicalEntry, entryHash } from '../../src/carbon/ledger/entry';
import { type Draft, Ledger } from '../../src/carbon/ledger/ledger';
import { registryPolicy } from '../../src/carbon/ledger/registry';
import { foldBalances, verifyLedger, verifyLedgerAsync } from '../../src/carbon/ledger/verify';
import { CERTIFIED, RETIRED, errorOf, ruleSetWith } from './helpers';

const T = (d: number, h = 8) =>
  `2024-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`;

describe('ledger entries and the hash chain', () => {
  it('hash = sha256(canonical entry + previous hash), canonical = sorted keys, no whitespace', () => {
    const l = new Ledger();
    const e = l.append({
      type: 'issue',
      ts: T(1),
      amount: 150n,
      unit: 'g_CO2',
      to: 'user:u1',
      ref: 'a1',
      meta: { z: '1', a: '2' },
    });
    // the ledger normalises the time to UTC: 08:00 +08:00 = 00:00Z
    expect(e.ts).toBe('2024-05-01T00:00:00.000Z');
    expect(canonicalEntry(bodyOf(e))).toBe(canonicalJson(bodyOf(e)));
    expect(canonicalEntry(bodyOf(e))).toBe(
      '{"amount":"150","meta":{"a":"2","z":"1"},"ref":"a1","seq":0,"to":"user:u1","ts":"2024-05-01T00:00:00.000Z","type":"issue","unit":"g_CO2"}',
    );
    const expected = createHash('sha256')
      .update(canonicalJson(bodyOf(e)) + GENESIS)
      .digest('hex');
    expect(e).toMatchObject({ prev: GENESIS, hash: expected });
    const e2 = l.append({ type: 'issue', ts: T(1), amount: 1, unit: 'point', to: 'user:u1', ref: 'a1' });
    expect(e2.prev).toBe(e.hash);
    expect(e2.hash).toBe(entryHash(bodyOf(e2), e.hash));
  });
});

describe('ledger operations and balances', () => {
  it('issue, transfer, aggregate, certify (whole tonnes), retire, redeem', () => {
    // A rule set that makes points transferable and redeems 105 points for a cinema ticket.
    const policy = registryPolicy(
      ruleSetWith({
        transferable: ['point', 'g_CO2', 't_CO2'],
        redemptions: [
          {
            id: 'cinema-ticket',
            points: '105',
            label: { zh: '电影票', en: 'Cinema ticket' },
            source: { document: 'test' },
            grade: 'assumed',
          },
        ],
      }),
    );
    const l = new Ledger({ policy });
    const entries = [
      l.append({ type: 'issue', ts: T(1), amount: 1_800_000n, unit: 'g_CO2', to: 'user:a', ref: 'x1' }),
      l.append({ type: 'issue', ts: T(1), amount: 700_000n, unit: 'g_CO2', to: 'user:b', ref: 'x2' }),
      l.append({ type: 'issue', ts: T(1), amount: 300n, unit: 'point', to: 'user:a', ref: 'x1' }),
      l.append({
        type: 'transfer',
        ts: T(2),
        amount: 100n,
        unit: 'point',
        from: 'user:a',
        to: 'user:b',
        ref: 'gift',
      }),
      l.append({
        type: 'redeem',
        ts: T(2),
        amount: 105n,
        unit: 'point',
        from: 'user:a',
        ref: 'order-1',
        meta: { redemption: 'cinema-ticket' },
      }),
      l.append({
        type: 'aggregate',
        ts: T(3),
        amount: 1_800_000n,
        unit: 'g_CO2',
        from: 'user:a',
        to: 'org:e',
        ref: 'agg-1',
      }),
      l.append({
        type: 'aggregate',
        ts: T(3),
        amount: 700_000n,
        unit: 'g_CO2',
        from: 'user:b',
        to: 'org:e',
        ref: 'agg-1',
      }),
      // 2 500 000 g → 2 whole tonnes certified; 500 000 g stay
      l.append({
        type: 'certify',
        ts: T(4),
        amount: 2n,
        unit: 't_CO2',
        from: 'org:e',
        to: 'org:e',
        ref: 'cert-1',
        meta: CERTIFIED,
      }),
      l.append({
        type: 'retire',
        ts: T(5),
        amount: 1n,
        unit: 't_CO2',
        from: 'org:e',
        ref: 'offset-2024',
        meta: RETIRED,
      }),
    ];
    const b = l.balances();
    expect(b['user:a']?.point).toMatchObject({ available: '95', redeemed: '105' });
    expect(b['user:b']?.point?.available).toBe('100');
    expect(b['org:e']?.g_CO2?.available).toBe('500000');
    expect(b['org:e']?.t_CO2).toMatchObject({ available: '1', retired: '1' });
    expect(foldBalances(entries, policy)).toEqual(b);
    const v = verifyLedger(entries, { anchor: l.anchor(), policy });
    expect(v.ok).toBe(true);
    expect(v.balances).toEqual(b);
  });

  it('refuses double credit, overdraft, retired and expired amounts; a refusal changes nothing', () => {
    const redemption = (id: string, points: string) => ({
      id,
      points,
      label: { zh: id, en: id },
      source: { document: 'test' },
      grade: 'assumed',
    });
    const l = new Ledger({
      policy: registryPolicy(ruleSetWith({ redemptions: [redemption('r11', '11'), redemption('r5', '5')] })),
    });
    l.append({ type: 'issue', ts: T(1), amount: 10n, unit: 'point', to: 'u', ref: 'a', expiresAt: T(3, 0) });
    l.append({ type: 'issue', ts: T(1), amount: 2_000_000n, unit: 'g_CO2', to: 'u', ref: 'a' });
    expect(
      errorOf(() => l.append({ type: 'issue', ts: T(1), amount: 1n, unit: 'point', to: 'v', ref: 'a' })).code,
    ).toBe('LEDGER_DOUBLE_CREDIT');
    expect(
      errorOf(() =>
        l.append({
          type: 'redeem',
          ts: T(2),
          amount: 11n,
          unit: 'point',
          from: 'u',
          ref: 'r',
          meta: { redemption: 'r11' },
        }),
      ).code,
    ).toBe('LEDGER_INSUFFICIENT');
    const before = l.anchor();
    // past expiry (2024-05-03 00:00 +08:00) the 10 points cannot be used
    expect(
      errorOf(() =>
        l.append({
          type: 'redeem',
          ts: T(3, 9),
          amount: 5n,
          unit: 'point',
          from: 'u',
          ref: 'r',
          meta: { redemption: 'r5' },
        }),
      ).code,
    ).toBe('LEDGER_EXPIRED');
    expect(l.anchor()).toEqual(before);
    l.append({
      type: 'certify',
      ts: T(4),
      amount: 2n,
      unit: 't_CO2',
      from: 'u',
      to: 'u',
      ref: 'c',
      meta: CERTIFIED,
    });
    l.append({ type: 'retire', ts: T(4), amount: 2n, unit: 't_CO2', from: 'u', ref: 'ret', meta: RETIRED });
    // u holds 0 t: a transfer of 1 t is more than it holds; one naming serial 1 (retired above) uses retired units
    expect(
      errorOf(() =>
        l.append({ type: 'transfer', ts: T(4), amount: 1n, unit: 't_CO2', from: 'u', to: 'v', ref: 't' }),
      ).code,
    ).toBe('LEDGER_INSUFFICIENT');
    expect(
      errorOf(() =>
        l.append({
          type: 'transfer',
          ts: T(4),
          amount: 1n,
          unit: 't_CO2',
          from: 'u',
          to: 'v',
          ref: 't',
          meta: { serials: '1-1' },
        }),
      ).code,
    ).toBe('LEDGER_RETIRED');
    expect(
      errorOf(() =>
        l.append({ type: 'retire', ts: T(1), amount: 1n, unit: 'g_CO2', from: 'u', ref: 'r', meta: RETIRED }),
      ).code,
    ).toBe('LEDGER_TIMESTAMP_ORDER');
    // expire the lot when due
    const ex = l.expireDue(T(5));
    expect(ex.map((e) => [e.type, e.amount, e.ref])).toEqual([
      ['expire', '10', 'lot:2024-05-02T16:00:00.000Z'],
    ]);
    expect(l.balances().u?.point).toMatchObject({ available: '0', expired: '10' });
  });

  it('claim windows: claimable in [availableFrom, claimBy), then only expiry', () => {
    const l = new Ledger();
    const win = { availableFrom: T(3, 0), claimBy: T(10, 0) };
    l.append({ type: 'issue', ts: T(1), amount: 105n, unit: 'point', to: 'u', ref: 'a', ...win });
    l.append({ type: 'issue', ts: T(1), amount: 52n, unit: 'point', to: 'u', ref: 'b', ...win });
    expect(l.balances().u?.point).toMatchObject({ pending: '157', available: '0' });
    expect(
      errorOf(() => l.append({ type: 'claim', ts: T(2), amount: 105n, unit: 'point', to: 'u', ref: 'a' }))
        .code,
    ).toBe('LEDGER_CLAIM_WINDOW');
    expect(
      errorOf(() => l.append({ type: 'claim', ts: T(4), amount: 100n, unit: 'point', to: 'u', ref: 'a' }))
        .code,
    ).toBe('LEDGER_REF_UNKNOWN');
    l.append({ type: 'claim', ts: T(4), amount: 105n, unit: 'point', to: 'u', ref: 'a' });
    expect(
      errorOf(() => l.append({ type: 'expire', ts: T(5), amount: 52n, unit: 'point', from: 'u', ref: 'b' }))
        .code,
    ).toBe('LEDGER_NOT_DUE');
    expect(
      errorOf(() => l.append({ type: 'claim', ts: T(10, 1), amount: 52n, unit: 'point', to: 'u', ref: 'b' }))
        .code,
    ).toBe('LEDGER_CLAIM_WINDOW');
    l.append({ type: 'expire', ts: T(10, 1), amount: 52n, unit: 'point', from: 'u', ref: 'b' });
    expect(l.balances().u?.point).toMatchObject({ pending: '0', available: '105', expired: '52' });
  });

  it('refuses malformed drafts', () => {
    const l = new Ledger();
    const bad: Partial<Draft>[] = [
      { type: 'issue', ts: T(1), amount: 0n, unit: 'point', to: 'u', ref: 'a' },
      { type: 'issue', ts: T(1), amount: '1.5', unit: 'point', to: 'u', ref: 'a' },
      { type: 'issue', ts: T(1), amount: 1n, unit: 't_CO2', to: 'u', ref: 'a' },
      { type: 'issue', ts: 'yesterday', amount: 1n, unit: 'point', to: 'u', ref: 'a' },
      { type: 'redeem', ts: T(1), amount: 1n, unit: 'point', ref: 'a' },
      { type: 'transfer', ts: T(1), amount: 1n, unit: 'point', from: 'u', to: 'u', ref: 'a' },
      { type: 'mint' as never, ts: T(1), amount: 1n, unit: 'point', to: 'u', ref: 'a' },
    ];
    for (const d of bad) expect(errorOf(() => l.append(d as Draft)).code).toBe('LEDGER_ENTRY_INVALID');
  });
});

describe('verification detects tampering', () => {
  const build = () => {
    const l = new Ledger();
    const es = [
      l.append({ type: 'issue', ts: T(1), amount: 100n, unit: 'g_CO2', to: 'u', ref: 'a' }),
      l.append({ type: 'issue', ts: T(1), amount: 50n, unit: 'g_CO2', to: 'v', ref: 'b' }),
      l.append({ type: 'retire', ts: T(2), amount: 30n, unit: 'g_CO2', from: 'u', ref: 'r', meta: RETIRED }),
    ];
    return { es, anchor: l.anchor() };
  };
  it('an edited amount (hash kept) → LEDGER_HASH_MISMATCH', () => {
    const { es, anchor } = build();
    es[1] = { ...es[1]!, amount: '5000' };
    expect(verifyLedger(es, { anchor }).issues.map((i) => i.code)).toContain('LEDGER_HASH_MISMATCH');
  });
  it('an edited entry re-hashed → the next link breaks', () => {
    const { es } = build();
    const body = { ...bodyOf(es[0]!), amount: '5000' };
    es[0] = { ...body, prev: GENESIS, hash: entryHash(body, GENESIS) };
    expect(verifyLedger(es).issues.map((i) => i.code)).toContain('LEDGER_CHAIN_BROKEN');
  });
  it('a dropped or reordered entry → LEDGER_CHAIN_BROKEN; a dropped last entry → LEDGER_HEAD_MISMATCH', () => {
    const { es, anchor } = build();
    expect(verifyLedger([es[0]!, es[2]!]).issues[0]?.code).toBe('LEDGER_CHAIN_BROKEN');
    expect(verifyLedger([es[1]!, es[0]!, es[2]!]).issues[0]?.code).toBe('LEDGER_CHAIN_BROKEN');
    expect(verifyLedger([es[0]!, es[1]!], { anchor }).issues.map((i) => i.code)).toEqual([
      'LEDGER_HEAD_MISMATCH',
    ]);
  });
  it('an added member is refused', () => {
    const { es } = build();
    const v = verifyLedger([{ ...es[0]!, bonus: '1' } as never, es[1]!, es[2]!]);
    expect(v.issues[0]?.code).toBe('LEDGER_ENTRY_INVALID');
  });
  it('options it cannot read are OPTIONS_INVALID, never ignored: a misspelt anchor would verify nothing', async () => {
    const { es, anchor } = build();
    // The last entry dropped: with the anchor, LEDGER_HEAD_MISMATCH; with `anchr`, the anchor was not read.
    const wrong = { count: anchor.count + 1, head: anchor.head };
    for (const opts of [
      { anchr: wrong },
      { anchor: { count: 3, hed: anchor.head } },
      { hash: 'sha256' },
      null,
    ]) {
      const e = errorOf(() => verifyLedger(es, opts as never));
      expect(e.issues.map((i) => i.code)).toEqual(['OPTIONS_INVALID']);
      await expect(verifyLedgerAsync(es, opts as never)).rejects.toMatchObject({
        issues: [{ code: 'OPTIONS_INVALID' }],
      });
    }
    expect(errorOf(() => verifyLedger(es, { anchr: wrong } as never)).issues[0]?.params?.detail).toBe(
      'Unrecognized key: "anchr"',
    );
    expect(errorOf(() => verifyLedger(es, { anchor: { count: 3 } } as never)).issues[0]?.path).toEqual([
      'options',
      'anchor',
      'head',
    ]);
    // A checkpoint given as the anchor: what it holds besides count and head is not read.
    expect(verifyLedger(es, { anchor: { ...anchor, root: 'x' } as never }).ok).toBe(true);
  });
});
