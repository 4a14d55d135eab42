import { describe, expect, it } from 'vitest';
import { GepError } from '../../core/errors';
import { bundledRuleSet } from '../rules/bundled';
import { Ledger } from './ledger';
import { certifyDraft, emissionsDraft, offsetDraft, redeemDraft, retireDraft } from './records';
import { type RegistryPolicy, registryPolicy } from './registry';
import { verifyLedger } from './verify';

const HASH = `sha256:${'c'.repeat(64)}`;

describe('drafts of registry records', () => {
  it('certify, retire and emissions drafts carry the members the ledger reads, and pass', () => {
    const l = new Ledger();
    const es = [
      l.append({
        type: 'issue',
        ts: '2024-05-01T00:00:00Z',
        amount: 3_000_000n,
        unit: 'g_CO2',
        to: 'org:e',
        ref: 'p',
      }),
    ];
    const c = certifyDraft({
      ts: '2024-06-01T00:00:00Z',
      tonnes: 3n,
      from: 'org:e',
      to: 'org:e',
      certification: 'GD-2024-7',
      verifier: 'verifier:x',
      vintage: 2024,
      methodology: 'travel/per-trip@1',
      factorSets: [HASH, { hash: `sha256:${'d'.repeat(64)}` }],
      meta: { note: 'pooled', verifier: 'ignored: the registry member wins' },
    });
    expect(c).toMatchObject({ type: 'certify', amount: 3n, unit: 't_CO2', ref: 'GD-2024-7' });
    expect(c.meta).toEqual({
      note: 'pooled',
      verifier: 'verifier:x',
      vintage: '2024',
      methodology: 'travel/per-trip@1',
      factorSets: `${HASH},sha256:${'d'.repeat(64)}`,
    });
    es.push(l.append(c));
    expect(es[1]?.meta?.serials).toBe('1-3');
    const r = retireDraft({
      ts: '2024-06-02T00:00:00Z',
      amount: 1n,
      unit: 't_CO2',
      from: 'org:e',
      ref: 'ret-1',
      beneficiary: 'Marathon 2024',
      purpose: 'event neutrality',
    });
    es.push(l.append(r));
    expect(es[2]?.meta).toEqual({
      beneficiary: 'Marathon 2024',
      purpose: 'event neutrality',
      serials: '1-1',
    });
    const m = emissionsDraft({
      ts: '2024-06-02T00:00:00Z',
      enterprise: 'org:steel',
      amount: 100n,
      unit: 't_CO2',
      report: 'MRV-2024',
      period: 2024,
      verifier: 'verifier:y',
    });
    es.push(l.append(m));
    expect(es[3]).toMatchObject({
      type: 'emissions',
      from: 'org:steel',
      ref: 'MRV-2024',
      meta: { period: '2024' },
    });
    expect(verifyLedger(es, { anchor: l.anchor() }).issues).toEqual([]);
  });

  it('a redemption draft prices the item from the catalogue: 2 cinema tickets × 105 coins = 210', () => {
    const policy = registryPolicy(bundledRuleSet('jx-lvbao-example'));
    const d = redeemDraft(policy, {
      ts: '2024-05-02T00:00:00Z',
      from: 'user:u',
      ref: 'o-1',
      item: 'cinema-ticket',
      quantity: 2,
    });
    expect(d).toMatchObject({ amount: 210n, meta: { redemption: 'cinema-ticket', quantity: '2' } });
    const l = new Ledger({ policy });
    l.append({
      type: 'issue',
      ts: '2024-05-01T00:00:00Z',
      amount: 300n,
      unit: 'point',
      to: 'user:u',
      ref: 'a',
    });
    expect(l.append(d).meta?.ruleSet).toBe('jx-lvbao-example@1.0.0');
    let code = '';
    try {
      redeemDraft(policy, { ts: '2024-05-02T00:00:00Z', from: 'user:u', ref: 'o-2', item: 'popcorn' });
    } catch (e) {
      code = (e as GepError).issues[0]?.code ?? '';
    }
    expect(code).toBe('LEDGER_REDEMPTION_UNKNOWN');
  });

  it('an offset draft names the enterprise and period', () => {
    expect(
      offsetDraft({
        ts: '2024-07-01T00:00:00Z',
        amount: 5n,
        unit: 'g_CO2',
        from: 'p',
        enterprise: 'org:s',
        period: 2024,
        ref: 'o',
      }),
    ).toEqual({
      type: 'offset',
      ts: '2024-07-01T00:00:00Z',
      amount: 5n,
      unit: 'g_CO2',
      from: 'p',
      to: 'org:s',
      ref: 'o',
      meta: { period: '2024' },
    });
  });
});

describe('drafts of registry records, member by member', () => {
  it('certify: every member, the factor sets joined by commas, no meta beyond the registry’s', () => {
    expect(
      certifyDraft({
        ts: '2024-06-01T00:00:00Z',
        tonnes: '2',
        from: 'org:a',
        to: 'org:b',
        certification: 'C-1',
        verifier: 'verifier:v',
        vintage: '2023',
        methodology: 'm@1',
        factorSets: [{ hash: 'sha256:1' }, 'sha256:2'],
      }),
    ).toEqual({
      type: 'certify',
      ts: '2024-06-01T00:00:00Z',
      amount: '2',
      unit: 't_CO2',
      from: 'org:a',
      to: 'org:b',
      ref: 'C-1',
      meta: { verifier: 'verifier:v', vintage: '2023', methodology: 'm@1', factorSets: 'sha256:1,sha256:2' },
    });
  });

  it('retire: every member; extra meta kept beside, the registry’s members winning', () => {
    const when = new Date('2024-06-02T00:00:00Z');
    expect(
      retireDraft({
        ts: when,
        amount: 5,
        unit: 'g_CO2',
        from: 'user:u',
        ref: 'ret-2',
        beneficiary: 'B',
        purpose: 'P',
        meta: { purpose: 'not this', channel: 'app' },
      }),
    ).toEqual({
      type: 'retire',
      ts: when,
      amount: 5,
      unit: 'g_CO2',
      from: 'user:u',
      ref: 'ret-2',
      meta: { channel: 'app', beneficiary: 'B', purpose: 'P' },
    });
  });

  it('emissions: every member, the period and verifier in meta', () => {
    expect(
      emissionsDraft({
        ts: '2025-01-10T00:00:00Z',
        enterprise: 'org:steel',
        amount: '100',
        unit: 't_CO2',
        report: 'MRV-1',
        period: '2024',
        verifier: 'verifier:y',
        meta: { site: 's1', period: 'not this' },
      }),
    ).toEqual({
      type: 'emissions',
      ts: '2025-01-10T00:00:00Z',
      amount: '100',
      unit: 't_CO2',
      from: 'org:steel',
      ref: 'MRV-1',
      meta: { site: 's1', period: '2024', verifier: 'verifier:y' },
    });
  });

  it('offset: extra meta kept beside the period', () => {
    expect(
      offsetDraft({
        ts: '2025-02-01T00:00:00Z',
        amount: 1n,
        unit: 't_CO2',
        from: 'org:p',
        enterprise: 'org:s',
        period: '2024',
        ref: 'o-2',
        meta: { note: 'n' },
      }).meta,
    ).toEqual({ note: 'n', period: '2024' });
  });

  const policy: RegistryPolicy = {
    ruleSet: 'rs@1.0.0',
    transferable: [],
    redemptions: new Map([
      ['tea', 30n],
      ['bus', 7n],
    ]),
    offsetShare: undefined,
  };

  it('redeem: one item by default (30 points), a quantity of 3 × 7 = 21 points, with every member', () => {
    expect(
      redeemDraft(policy, { ts: '2024-05-02T00:00:00Z', from: 'user:u', ref: 'o-1', item: 'tea' }),
    ).toEqual({
      type: 'redeem',
      ts: '2024-05-02T00:00:00Z',
      amount: 30n,
      unit: 'point',
      from: 'user:u',
      ref: 'o-1',
      meta: { redemption: 'tea', quantity: '1' },
    });
    expect(
      redeemDraft(policy, {
        ts: '2024-05-02T00:00:00Z',
        from: 'user:u',
        ref: 'o-2',
        item: 'bus',
        quantity: 3n,
        meta: { shop: 'kiosk', quantity: '9' },
      }),
    ).toMatchObject({ amount: 21n, meta: { shop: 'kiosk', redemption: 'bus', quantity: '3' } });
  });

  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof GepError) return e.issues[0];
      throw e;
    }
    return undefined;
  };

  it('redeem: an item outside the catalogue is refused at the path given, naming the rule set and catalogue', () => {
    const r = { ts: '2024-05-02T00:00:00Z', from: 'user:u', ref: 'o-3', item: 'popcorn' };
    expect(refusal(() => redeemDraft(policy, r, ['orders', 4]))).toMatchObject({
      code: 'LEDGER_REDEMPTION_UNKNOWN',
      path: ['orders', 4],
      params: { item: 'popcorn', ruleSet: 'rs@1.0.0', allowed: 'tea, bus' },
    });
    // The default policy: no rule set, an empty catalogue; the path defaults to the top.
    expect(refusal(() => redeemDraft(registryPolicy(), r))).toMatchObject({
      code: 'LEDGER_REDEMPTION_UNKNOWN',
      path: [],
      params: { item: 'popcorn', ruleSet: '(none)', allowed: '(empty)' },
    });
  });
});
