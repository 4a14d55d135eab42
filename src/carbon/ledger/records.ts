import type { Path } from '../../core/errors';
import { carbonFail } from '../errors';
import type { LedgerUnit } from './entry';
import type { Draft } from './ledger';
import type { RegistryPolicy } from './registry';

/**
 * Drafts of registry records from typed fields, so that callers need not know the meta members the ledger reads
 * (src/carbon/ledger/registry.ts). Each returns a plain Draft for `Ledger.append`; the ledger still checks it and
 * fills in what it derives (serial numbers, the rule set).
 */
type Amount = bigint | number | string;
type Time = string | Date;

/** Free meta members kept beside the registry's (they may not redefine them). */
type Extra = Record<string, string>;

function withExtra(meta: Record<string, string>, extra: Extra | undefined): Record<string, string> {
  return extra === undefined ? meta : { ...extra, ...meta };
}

export interface Issuance {
  ts: Time;
  tonnes: Amount;
  /** Account whose grams are certified (tonnes × 10⁶ g). */
  from: string;
  /** Account receiving the certified t CO₂. */
  to: string;
  /** The certification reference: unique in the ledger. */
  certification: string;
  verifier: string;
  vintage: number | string;
  /** `id@version`, as a methodology's `ref`. */
  methodology: string;
  /** Factor-set content hashes (`sha256:…`), or the sets themselves. */
  factorSets: readonly (string | { hash: string })[];
  meta?: Extra;
}

/**
 * A certify draft: the issuance of `tonnes` t CO₂ with its registry members.
 *
 * @example
 * const l = new Ledger();
 * l.append({ type: 'issue', ts: '2024-05-01T00:00:00Z', amount: 2_000_000n, unit: 'g_CO2', to: 'org:e', ref: 'pool' });
 * const e = l.append(certifyDraft({ ts: '2024-06-01T00:00:00Z', tonnes: 2n, from: 'org:e', to: 'org:e',
 *   certification: 'GD-2024-1', verifier: 'verifier:x', vintage: 2024, methodology: 'travel/per-trip@1',
 *   factorSets: [`sha256:${'0'.repeat(64)}`] }));
 * e.meta?.serials; // '1-2'
 */
export function certifyDraft(i: Issuance): Draft {
  return {
    type: 'certify',
    ts: i.ts,
    amount: i.tonnes,
    unit: 't_CO2',
    from: i.from,
    to: i.to,
    ref: i.certification,
    meta: withExtra(
      {
        verifier: i.verifier,
        vintage: String(i.vintage),
        methodology: i.methodology,
        factorSets: i.factorSets.map((f) => (typeof f === 'string' ? f : f.hash)).join(','),
      },
      i.meta,
    ),
  };
}

export interface Retirement {
  ts: Time;
  amount: Amount;
  unit: 'g_CO2' | 't_CO2';
  from: string;
  ref: string;
  beneficiary: string;
  purpose: string;
  meta?: Extra;
}

/** A retire draft naming its beneficiary and purpose. */
export function retireDraft(r: Retirement): Draft {
  return {
    type: 'retire',
    ts: r.ts,
    amount: r.amount,
    unit: r.unit,
    from: r.from,
    ref: r.ref,
    meta: withExtra({ beneficiary: r.beneficiary, purpose: r.purpose }, r.meta),
  };
}

export interface Redemption {
  ts: Time;
  from: string;
  /** The order's reference. */
  ref: string;
  /** An item id of the rule set's redemptions[]. */
  item: string;
  quantity?: number | bigint;
  meta?: Extra;
}

/**
 * A redeem draft for `quantity` (default 1) of a catalogue item, its amount the item's points × quantity read from
 * the policy; an item outside the catalogue is refused here as the ledger would (LEDGER_REDEMPTION_UNKNOWN).
 *
 * @example
 * const policy = registryPolicy(bundledRuleSet('jx-lvbao-example')); // cinema-ticket: 105 coins
 * redeemDraft(policy, { ts: '2024-05-02T00:00:00Z', from: 'user:u', ref: 'order-1', item: 'cinema-ticket', quantity: 2 })
 *   .amount; // 210n
 */
export function redeemDraft(policy: RegistryPolicy, r: Redemption, path: Path = []): Draft {
  const points = policy.redemptions.get(r.item);
  if (points === undefined)
    carbonFail('LEDGER_REDEMPTION_UNKNOWN', path, {
      item: r.item,
      ruleSet: policy.ruleSet ?? '(none)',
      allowed: [...policy.redemptions.keys()].join(', ') || '(empty)',
    });
  const quantity = BigInt(r.quantity ?? 1);
  return {
    type: 'redeem',
    ts: r.ts,
    amount: points * quantity,
    unit: 'point',
    from: r.from,
    ref: r.ref,
    meta: withExtra({ redemption: r.item, quantity: quantity.toString() }, r.meta),
  };
}

export interface EmissionsRecord {
  ts: Time;
  enterprise: string;
  amount: Amount;
  unit: 'g_CO2' | 't_CO2';
  /** The emissions report's reference. */
  report: string;
  period: number | string;
  verifier: string;
  meta?: Extra;
}

/** An emissions draft: an enterprise's verified emissions for a period (one per enterprise and period). */
export function emissionsDraft(e: EmissionsRecord): Draft {
  return {
    type: 'emissions',
    ts: e.ts,
    amount: e.amount,
    unit: e.unit,
    from: e.enterprise,
    ref: e.report,
    meta: withExtra({ period: String(e.period), verifier: e.verifier }, e.meta),
  };
}

export interface Offset {
  ts: Time;
  amount: Amount;
  unit: Extract<LedgerUnit, 'g_CO2' | 't_CO2'>;
  /** Account whose grams or tonnes are used. */
  from: string;
  /** The enterprise whose emissions of `period` are offset. */
  enterprise: string;
  period: number | string;
  ref: string;
  meta?: Extra;
}

/** An offset draft against an enterprise's recorded emissions of a period. */
export function offsetDraft(o: Offset): Draft {
  return {
    type: 'offset',
    ts: o.ts,
    amount: o.amount,
    unit: o.unit,
    from: o.from,
    to: o.enterprise,
    ref: o.ref,
    meta: withExtra({ period: String(o.period) }, o.meta),
  };
}
