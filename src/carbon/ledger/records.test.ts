import { describe, expect, it } from 'vitest';
import { GepError } from '../../core/errors';
import { bundledRuleSet } from '../rules/bundled';
import { Ledger } from './ledger';
import { certifyDraft, emissionsDraft, offsetDraft, redeemDraft, retireDraft } from './records';
import { registryPolicy } from './registry';
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
