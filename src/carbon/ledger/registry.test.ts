import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GepError } from '../../core/errors';
import { ruleSetWith } from '../../../test/carbon/helpers';
import { type Entry, type EntryBody, GENESIS, bodyOf, entryHash } from './entry';
import { type Draft, Ledger } from './ledger';
import {
  RegistryState,
  certificationRef,
  checkRecord,
  completeRecord,
  registryPolicies,
  registryPolicy,
  registrySnapshot,
  restoreRegistry,
} from './registry';
import { verifyLedger } from './verify';

const T = (d: number, h = 8) =>
  `2024-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`;
const CERT = {
  verifier: 'verifier:cqc',
  vintage: '2024',
  methodology: 'travel/per-trip@1',
  factorSets: `sha256:${'a'.repeat(64)},sha256:${'b'.repeat(64)}`,
};
/** A fresh record ref per call: a record's ref is unique per kind (LEDGER_RECORD_DUPLICATE). */
let refs = 0;
const nextRef = (prefix: string): string => `${prefix}-${++refs}`;
const RETIRE = { beneficiary: 'Shenzhen marathon 2024', purpose: 'event carbon neutrality' };

/** A rule set with the given registry members (the test rule set of test/carbon/helpers.ts, named registry-test). */
const rules = (extra: Record<string, unknown> = {}) => ruleSetWith({ id: 'registry-test', ...extra });
const item = (id: string, points: string) => ({
  id,
  points,
  label: { zh: id, en: id },
  source: { document: 'test' },
  grade: 'assumed',
});
const offsets = (maxShare: string) => ({
  offsets: { maxShare, source: { document: 'test' }, grade: 'assumed' },
});

/** The first issue of the refusal `f` throws. */
function refusal(f: () => unknown): { code: string; params?: Readonly<Record<string, unknown>> } {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError && e.issues[0] !== undefined) return e.issues[0];
    throw e;
  }
  throw new Error('no refusal');
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e.issues[0]?.code ?? '';
    throw e;
  }
  return 'no refusal';
}

/** Re-link and re-hash a chain from entry `from` on, as a forger rewriting the ledger would. */
function rechain(es: Entry[], from: number): Entry[] {
  const out = es.slice(0, from);
  let prev = from === 0 ? GENESIS : (es[from - 1] as Entry).hash;
  for (const e of es.slice(from)) {
    const body = bodyOf(e);
    const hash = entryHash(body, prev);
    out.push({ ...body, prev, hash });
    prev = hash;
  }
  return out;
}

/** A ledger whose account holds `grams` of CO₂ to certify. */
function funded(grams: bigint, opts: ConstructorParameters<typeof Ledger>[0] = {}) {
  const l = new Ledger(opts);
  const es = [
    l.append({ type: 'issue', ts: T(1), amount: grams, unit: 'g_CO2', to: 'platform', ref: 'pooled' }),
  ];
  return { l, es };
}
const certify = (amount: bigint, ref: string, to: string, ts = T(2)): Draft => ({
  type: 'certify',
  ts,
  amount,
  unit: 't_CO2',
  from: 'platform',
  to,
  ref,
  meta: CERT,
});

describe('issuance: serial numbers are contiguous, unique and derived by the ledger', () => {
  it('verified without the rule set its transfer names: that entry is reported, the ones after it not judged', () => {
    // The case above under a rule set: the transfer of 1..2 names it (meta.ruleSet). Verified without the rule set,
    // the transfer is not replayed; judged against a state without it, the retire of "1-2,6-6" would read as an
    // altered range (the replay would derive 6-8). Only the transfer is reported.
    const policy = registryPolicy(rules());
    const { l, es } = funded(20_000_000n, { policy });
    es.push(l.append(certify(3n, 'GD-2024-101', 'org:a')), l.append(certify(2n, 'GD-2024-102', 'org:a')));
    const tr = l.append({
      type: 'transfer',
      ts: T(3),
      amount: 2n,
      unit: 't_CO2',
      from: 'org:a',
      to: 'org:b',
      ref: 's',
    });
    expect(tr.meta).toMatchObject({ ruleSet: 'registry-test@1.0.0', serials: '1-2' });
    es.push(tr, l.append(certify(4n, 'GD-2024-103', 'org:b', T(3))));
    es.push(
      l.append({
        type: 'retire',
        ts: T(4),
        amount: 3n,
        unit: 't_CO2',
        from: 'org:b',
        ref: 'r',
        meta: RETIRE,
      }),
    );
    expect(es[5]?.meta?.serials).toBe('1-2,6-6');
    expect(verifyLedger(es, { policy, anchor: l.anchor() }).issues).toEqual([]);
    const v = verifyLedger(es, { anchor: l.anchor() });
    expect(v.issues.map((i) => [i.code, i.path])).toEqual([['LEDGER_RULES_MISMATCH', [3]]]);
    // The balances are those before the transfer: org:a's 5 t, org:b none.
    expect(v.balances['org:a']?.t_CO2).toMatchObject({ available: '5' });
    expect(v.balances['org:b']).toBeUndefined();
    // A hash altered after the mismatch is still caught: the chain is checked to its end.
    const altered = es.map((e, i) => (i === 5 ? { ...e, ref: 'r2' } : e));
    expect(verifyLedger(altered, { anchor: l.anchor() }).issues.map((i) => i.code)).toEqual([
      'LEDGER_RULES_MISMATCH',
      'LEDGER_HASH_MISMATCH',
    ]);
  });

  it('ranges follow each other; t CO₂ debits move the lowest serials held', () => {
    const { l, es } = funded(20_000_000n);
    // users' grams pooled into the platform account first (an aggregate needs no registry member)
    es.push(l.append({ type: 'issue', ts: T(1), amount: 5n, unit: 'g_CO2', to: 'user:u', ref: 'u1' }));
    es.push(
      l.append({
        type: 'aggregate',
        ts: T(1),
        amount: 5n,
        unit: 'g_CO2',
        from: 'user:u',
        to: 'platform',
        ref: 'agg',
      }),
    );
    // certify 3 t → serials 1..3; then 2 t → 4..5 (1 + 3 = 4 is next; 4 + 2 − 1 = 5)
    es.push(l.append(certify(3n, 'GD-2024-001', 'org:a')));
    es.push(l.append(certify(2n, 'GD-2024-002', 'org:a')));
    expect(es.slice(3).map((e) => e.meta?.serials)).toEqual(['1-3', '4-5']);
    // org:a holds 1..5 as one run; a transfer of 2 t moves the lowest two, 1..2
    const tr = l.append({
      type: 'transfer',
      ts: T(3),
      amount: 2n,
      unit: 't_CO2',
      from: 'org:a',
      to: 'org:b',
      ref: 'sale-1',
    });
    expect(tr.meta?.serials).toBe('1-2');
    // certify 4 t to org:b → 6..9 (next is 1 + 3 + 2 = 6; 6 + 4 − 1 = 9); org:b holds 1..2 and 6..9
    es.push(tr, l.append(certify(4n, 'GD-2024-003', 'org:b', T(3))));
    expect(es[6]?.meta?.serials).toBe('6-9');
    // retiring 3 t of org:b takes 1, 2, then 6: "1-2,6-6"; 7..9 stay
    const ret = l.append({
      type: 'retire',
      ts: T(4),
      amount: 3n,
      unit: 't_CO2',
      from: 'org:b',
      ref: 'ret-1',
      meta: RETIRE,
    });
    expect(ret.meta?.serials).toBe('1-2,6-6');
    es.push(ret);
    const held = Object.fromEntries(
      [...l.state.registry.held].map(([k, v]) => [k, v.map(([a, b]) => `${a}-${b}`)]),
    );
    expect(held).toEqual({ 'org:a': ['3-5'], 'org:b': ['7-9'] });
    expect(l.state.registry.nextSerial).toBe(10n);
    const v = verifyLedger(es, { anchor: l.anchor() });
    expect(v.issues).toEqual([]);
    expect(v.balances['org:b']?.t_CO2).toMatchObject({ available: '3', retired: '3' });
    // the state as data, and back: a stored ledger continues with the same serials
    const snap = registrySnapshot(l.state.registry);
    expect(snap).toEqual({
      nextSerial: '10',
      held: { 'org:a': '3-5', 'org:b': '7-9' },
      certifications: ['GD-2024-001', 'GD-2024-002', 'GD-2024-003'],
      emissions: {},
      offsets: {},
    });
    // accounts, references and periods come out sorted, whatever order they were recorded in
    const r2 = new RegistryState();
    restoreRegistry(r2, {
      nextSerial: '4',
      held: { z: '3-3', a: '1-2' },
      certifications: ['C-2', 'C-1'],
      emissions: { 'z|2024': '1', 'a|2024': '2' },
      offsets: { 'z|2024': '1', 'a|2024': '1' },
    });
    expect(JSON.stringify(registrySnapshot(r2))).toBe(
      '{"nextSerial":"4","held":{"a":"1-2","z":"3-3"},"certifications":["C-1","C-2"],' +
        '"emissions":{"a|2024":"2","z|2024":"1"},"offsets":{"a|2024":"1","z|2024":"1"}}',
    );
    const back = new RegistryState();
    restoreRegistry(back, JSON.parse(JSON.stringify(snap)));
    expect(registrySnapshot(back)).toEqual(snap);
    expect(back.held.get('org:a')).toEqual([[3n, 5n]]);
  });

  it('verification recomputes the ranges: a forged range, even re-hashed, is refused', () => {
    const { l, es } = funded(5_000_000n);
    es.push(l.append(certify(2n, 'GD-1', 'org:a')), l.append(certify(3n, 'GD-2', 'org:a')));
    expect(verifyLedger(es).ok).toBe(true);
    // the second issuance claims 1..3, overlapping the first (1..2): rewritten and re-hashed to the end
    const forged = es.map((e, i) => (i === 2 ? { ...e, meta: { ...e.meta, serials: '1-3' } } : e));
    const v = verifyLedger(rechain(forged, 2));
    expect(v.issues.map((i) => [i.code, i.path])).toEqual([['LEDGER_SERIAL_MISMATCH', [2]]]);
    // a range of the right length but shifted (4..6 instead of 3..5) is refused the same way
    const shifted = es.map((e, i) => (i === 2 ? { ...e, meta: { ...e.meta, serials: '4-6' } } : e));
    expect(verifyLedger(rechain(shifted, 2)).issues[0]?.code).toBe('LEDGER_SERIAL_MISMATCH');
  });

  it('runs arriving below those held are merged in order; debits take whole runs and stop when served', () => {
    const { l } = funded(10_000_000n);
    l.append(certify(2n, 'C1', 'a')); // a: 1-2
    l.append(certify(2n, 'C2', 'b')); // b: 3-4
    const move = (from: string, to: string, n: bigint) =>
      l.append({ type: 'transfer', ts: T(3), amount: n, unit: 't_CO2', from, to, ref: nextRef('m') }).meta
        ?.serials;
    // a gives 1 to b: b holds 1-1 and 3-4, the lower run first
    expect(move('a', 'b', 1n)).toBe('1-1');
    const runs = (acc: string) => l.state.registry.held.get(acc)?.map(([x, y]) => `${x}-${y}`);
    expect(runs('b')).toEqual(['1-1', '3-4']);
    // a gives its last tonne (2): b's runs 1, 2 and 3-4 merge into 1-4; a holds none and has no record left
    expect(move('a', 'b', 1n)).toBe('2-2');
    expect(runs('b')).toEqual(['1-4']);
    expect(l.state.registry.held.has('a')).toBe(false);
    // b gives 2 back: exactly the run 1-2 leaves, 3-4 stays whole
    expect(move('b', 'a', 2n)).toBe('1-2');
    expect(runs('b')).toEqual(['3-4']);
    // b gives 1 while a run above remains: the debit stops at 3 (no empty run after it)
    expect(move('b', 'c', 1n)).toBe('3-3');
    // more tonnes than b holds: the ledger's refusal, not a serial one
    expect(codeOf(() => move('b', 'c', 5n))).toBe('LEDGER_INSUFFICIENT');
    // a retirement of grams by an account holding tonnes carries no serials
    l.append({ type: 'transfer', ts: T(3), amount: 10n, unit: 'g_CO2', from: 'platform', to: 'b', ref: 'g' });
    const g = l.append({
      type: 'retire',
      ts: T(3),
      amount: 1n,
      unit: 'g_CO2',
      from: 'b',
      ref: 'r',
      meta: RETIRE,
    });
    expect(g.meta).toEqual(RETIRE);
  });

  it('a debit that ends with a run stops there, with runs above it still held', () => {
    const { l } = funded(10_000_000n);
    l.append(certify(2n, 'C1', 'a')); // a: 1-2
    l.append(certify(2n, 'C2', 'b')); // b: 3-4
    const move = (from: string, to: string, n: bigint) =>
      l.append({ type: 'transfer', ts: T(3), amount: n, unit: 't_CO2', from, to, ref: nextRef('m') }).meta
        ?.serials;
    move('a', 'b', 1n); // b: 1-1, 3-4
    // 1 t from b: the run 1-1 exactly; 3-4 is neither touched nor named
    expect(move('b', 'c', 1n)).toBe('1-1');
    expect(l.state.registry.held.get('b')?.map(([x, y]) => `${x}-${y}`)).toEqual(['3-4']);
  });

  it('a draft may state the serials it expects; the caller’s draft is never changed', () => {
    const { l } = funded(2_000_001n);
    const d = certify(1n, 'GD-1', 'org:a');
    expect(l.append({ ...d, meta: { ...CERT, serials: '1-1' } }).meta?.serials).toBe('1-1');
    const d2 = certify(1n, 'GD-2', 'org:a');
    const e = l.append(d2);
    expect(e.meta?.serials).toBe('2-2');
    expect(d2.meta).toEqual(CERT);
    // a stated range other than the derived one is refused, and names both
    expect(
      refusal(() => l.append({ ...certify(1n, 'GD-3', 'org:a'), meta: { ...CERT, serials: '9-9' } })),
    ).toMatchObject({
      code: 'LEDGER_SERIAL_MISMATCH',
      params: { expected: '3-3', given: '9-9' },
    });
    // an entry without meta and nothing to derive keeps no meta
    const plain = l.append({
      type: 'transfer',
      ts: T(2),
      amount: 1n,
      unit: 'g_CO2',
      from: 'platform',
      to: 'u',
      ref: 't',
    });
    expect(plain.meta).toBeUndefined();
  });

  it('a stored certification without its serials is refused, naming what is missing', () => {
    const { l, es } = funded(1_000_000n);
    es.push(l.append(certify(1n, 'GD-1', 'org:a')));
    const { serials: _s, ...meta } = es[1]?.meta as Record<string, string>;
    const v = verifyLedger(
      rechain(
        es.map((e, i) => (i === 1 ? { ...e, meta } : e)),
        1,
      ),
    );
    expect(v.issues[0]?.params).toEqual({ expected: '1-1', given: '(none)' });
  });

  it('a partition gives serial numbers up to its last one and no further; one partition has no last', () => {
    const T12 = 10n ** 12n; // serial numbers a partition holds
    // partition 0 of 2 numbers 1 … 10¹²: 10¹² − 1 t, then 1 t ends exactly at 10¹²; 1 t more would be 10¹² + 1
    const { l } = funded((T12 + 1n) * 1_000_000n, { partitions: 2, partition: 0 });
    expect(l.append(certify(T12 - 1n, 'GD-1', 'org:a')).meta?.serials).toBe('1-999999999999');
    expect(refusal(() => l.append(certify(2n, 'GD-2', 'org:a')))).toEqual(
      expect.objectContaining({
        code: 'LEDGER_ENTRY_INVALID',
        params: { detail: "serial 1000000000001 is beyond the partition's last serial number 1000000000000" },
      }),
    );
    expect(l.append(certify(1n, 'GD-2', 'org:a')).meta?.serials).toBe('1000000000000-1000000000000');
    const one = funded((T12 + 1n) * 1_000_000n).l;
    expect(one.append(certify(T12 + 1n, 'GD-1', 'org:a')).meta?.serials).toBe('1-1000000000001');
  });

  it('a stored tonne transfer with no meta at all is refused like one without its serials', () => {
    const { l, es } = funded(2_000_000n);
    es.push(l.append(certify(2n, 'GD-1', 'org:a')));
    // org:a holds 1-2 and moves the lowest tonne: the ledger writes meta = { serials: '1-1' } and nothing else
    es.push(
      l.append({
        type: 'transfer',
        ts: T(3),
        amount: 1n,
        unit: 't_CO2',
        from: 'org:a',
        to: 'org:b',
        ref: 't',
      }),
    );
    expect(es[2]?.meta).toEqual({ serials: '1-1' });
    const { meta: _m, ...bare } = es[2] as Entry;
    const v = verifyLedger(rechain([es[0] as Entry, es[1] as Entry, bare as Entry], 2));
    expect(v.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['LEDGER_SERIAL_MISMATCH', [2], { expected: '1-1', given: '(none)' }],
    ]);
  });

  it('certification references are unique; a certify entry names verifier, vintage, methodology, factor sets', () => {
    const { l } = funded(10_000_000n);
    l.append(certify(1n, 'GD-1', 'org:a'));
    expect(refusal(() => l.append(certify(1n, 'GD-1', 'org:b')))).toMatchObject({
      code: 'LEDGER_CERTIFICATION_DUPLICATE',
      params: { ref: 'GD-1' },
    });
    expect(
      refusal(() => l.append({ ...certify(1n, 'GD-9', 'org:a'), meta: { ...CERT, vintage: '24' } })),
    ).toMatchObject({
      params: {
        type: 'certify',
        detail: 'meta.vintage must be a year (YYYY) from 1900, not after the certification, got 24',
      },
    });
    // four digits, but before any year gepkit reads
    expect(
      refusal(() => l.append({ ...certify(1n, 'GD-9', 'org:a'), meta: { ...CERT, vintage: '0999' } })),
    ).toMatchObject({
      params: {
        detail: 'meta.vintage must be a year (YYYY) from 1900, not after the certification, got 0999',
      },
    });
    expect(
      refusal(() => l.append({ ...certify(1n, 'GD-9', 'org:a'), meta: { ...CERT, methodology: 'm' } })),
    ).toMatchObject({ params: { detail: 'meta.methodology must be id@version, got m' } });
    expect(
      refusal(() =>
        l.append({ ...certify(1n, 'GD-9', 'org:a'), meta: { ...CERT, factorSets: `${CERT.factorSets},x` } }),
      ),
    ).toMatchObject({
      params: { detail: 'meta.factorSets lists factor-set hashes (sha256:<64 hex>), got x' },
    });
    expect(
      refusal(() => l.append({ ...certify(1n, 'GD-9', 'org:a'), meta: { ...CERT, verifier: '' } })),
    ).toMatchObject({
      params: { detail: 'meta.verifier is required' },
    });
    for (const meta of [
      { ...CERT, verifier: ' ' },
      { ...CERT, vintage: '24' },
      { ...CERT, methodology: 'travel/per-trip' },
      { ...CERT, factorSets: 'sha256:abc' },
      { verifier: 'v', vintage: '2024', methodology: 'm@1' },
    ])
      expect(codeOf(() => l.append({ ...certify(1n, 'GD-9', 'org:a'), meta }))).toBe(
        'LEDGER_RECORD_INCOMPLETE',
      );
    expect(l.state.registry.nextSerial).toBe(2n);
  });

  it('a vintage no time zone has reached at the certification is refused (UTC+14 decides)', () => {
    const { l } = funded(2_000_000n);
    const at = (ts: string, ref: string) => () =>
      l.append({ ...certify(1n, ref, 'org:a', ts), meta: { ...CERT, vintage: '2025' } });
    // 2024-12-31T09:59Z + 14 h = 2024-12-31T23:59 at UTC+14: still 2024 everywhere
    expect(codeOf(at('2024-12-31T09:59:00Z', 'early'))).toBe('LEDGER_RECORD_INCOMPLETE');
    // 2024-12-31T10:00Z + 14 h = 2025-01-01T00:00 at UTC+14: 2025 has begun there
    expect(at('2024-12-31T10:00:00Z', 'late')().meta?.vintage).toBe('2025');
  });

  it('certificationRef gives a certify entry’s reference, and undefined for the others', () => {
    const { l, es } = funded(1_000_000n);
    const c = l.append(certify(1n, 'GD-1', 'org:a'));
    expect(certificationRef(c)).toBe('GD-1');
    expect(certificationRef(es[0] as Entry)).toBeUndefined();
  });
});

describe('retirement, transfers and redemptions', () => {
  it('more than held is LEDGER_INSUFFICIENT, even after retiring; LEDGER_RETIRED only for retired serials named', () => {
    const { l } = funded(10_000_000n);
    // the docs' example: a gets 1-3 and 4-5, gives 1-2 to b; b gets 6-9 and retires 3 t (1-2, 6-6), keeping 7-9
    l.append(certify(3n, 'C1', 'a'));
    l.append(certify(2n, 'C2', 'a'));
    l.append({ type: 'transfer', ts: T(3), amount: 2n, unit: 't_CO2', from: 'a', to: 'b', ref: 'T-1' });
    l.append(certify(4n, 'C3', 'b', T(3)));
    const retire = (ref: string, amount: bigint, serials?: string) => () =>
      l.append({
        type: 'retire',
        ts: T(3),
        amount,
        unit: 't_CO2',
        from: 'b',
        ref,
        meta: serials === undefined ? RETIRE : { ...RETIRE, serials },
      });
    expect(retire('R-1', 3n)().meta?.serials).toBe('1-2,6-6');
    // b holds 3 t (7-9) and has retired 3: 5 t asked is 2 more than held, not "retired" (3 + 3 ≥ 5 misled before)
    expect(refusal(retire('R-2', 5n))).toEqual(
      expect.objectContaining({
        code: 'LEDGER_INSUFFICIENT',
        params: { account: 'b', unit: 't_CO2', available: '3', amount: '5' },
      }),
    );
    // 2 t naming serials 6-7: 6 was retired by R-1 → the very unit asked for is retired
    expect(refusal(retire('R-3', 2n, '6-7'))).toEqual(
      expect.objectContaining({
        code: 'LEDGER_RETIRED',
        params: { account: 'b', unit: 't_CO2', available: '3', amount: '2', serials: '6-6' },
      }),
    );
    // 5 t naming 1-5: 1-2 retired; 3-5 are a's (in circulation), so only 1-2 are named
    expect(refusal(retire('R-4', 5n, '1-5')).params).toMatchObject({ serials: '1-2' });
    // serials held by another account (3-3) or never issued (10-10, the next is 10): a mismatch, not retired
    expect(codeOf(retire('R-5', 1n, '3-3'))).toBe('LEDGER_SERIAL_MISMATCH');
    expect(codeOf(retire('R-6', 1n, '10-10'))).toBe('LEDGER_SERIAL_MISMATCH');
    // nothing changed: b still holds 7-9
    expect(l.state.registry.held.get('b')).toEqual([[7n, 9n]]);
  });

  it('a retirement names its beneficiary and purpose', () => {
    const { l } = funded(10n);
    const retire = (meta?: Record<string, string>) => () =>
      l.append({
        type: 'retire',
        ts: T(2),
        amount: 1n,
        unit: 'g_CO2',
        from: 'platform',
        ref: 'r',
        ...(meta ? { meta } : {}),
      });
    expect(codeOf(retire())).toBe('LEDGER_RECORD_INCOMPLETE');
    // grams have no serial numbers: an entry of grams claiming some is refused
    expect(refusal(retire({ ...RETIRE, serials: '1-1' }))).toMatchObject({
      code: 'LEDGER_SERIAL_MISMATCH',
      params: { expected: '(none)', given: '1-1' },
    });
    expect(codeOf(retire({ beneficiary: 'x' }))).toBe('LEDGER_RECORD_INCOMPLETE');
    expect(retire(RETIRE)().meta).toEqual(RETIRE);
  });

  it('points are not transferable by default; a rule set listing them makes them so', () => {
    const point = (l: Ledger) => () =>
      l.append({ type: 'transfer', ts: T(2), amount: 1n, unit: 'point', from: 'u', to: 'v', ref: 'gift' });
    const fund = (l: Ledger) =>
      l.append({ type: 'issue', ts: T(1), amount: 5n, unit: 'point', to: 'u', ref: 'a' });
    const plain = new Ledger();
    fund(plain);
    expect(refusal(point(plain))).toMatchObject({
      code: 'LEDGER_TRANSFER_NOT_ALLOWED',
      params: { unit: 'point', ruleSet: '(default)', allowed: 'g_CO2, t_CO2' },
    });
    const none = new Ledger({ policy: registryPolicy(rules({ transferable: [] })) });
    fund(none);
    expect(refusal(point(none)).params).toMatchObject({ ruleSet: 'registry-test@1.0.0', allowed: '(none)' });
    // meta.ruleSet is free metadata on other entries (a retirement under the default policy keeps it)
    const d = new Ledger();
    const es = [
      d.append({ type: 'issue', ts: T(2), amount: 5n, unit: 'g_CO2', to: 'u', ref: 'g' }),
      d.append({ type: 'transfer', ts: T(2), amount: 1n, unit: 'g_CO2', from: 'u', to: 'v', ref: 'g1' }),
      d.append({
        type: 'retire',
        ts: T(2),
        amount: 1n,
        unit: 'g_CO2',
        from: 'u',
        ref: 'r',
        meta: { ...RETIRE, ruleSet: 'x@1' },
      }),
    ];
    // a gram transfer written under the default policy names no rule set, and replays under one allowing grams
    expect(es[1]?.meta).toBeUndefined();
    expect(verifyLedger(es, { policy: registryPolicy(rules({ transferable: ['g_CO2'] })) }).issues).toEqual(
      [],
    );
    expect(rules().transferable).toEqual(['g_CO2', 't_CO2']);
    const grams = new Ledger({ policy: registryPolicy(rules({ transferable: ['point'] })) });
    fund(grams);
    expect(point(grams)().meta).toEqual({ ruleSet: 'registry-test@1.0.0' });
    grams.append({ type: 'issue', ts: T(2), amount: 5n, unit: 'g_CO2', to: 'u', ref: 'b' });
    expect(
      codeOf(() =>
        grams.append({ type: 'transfer', ts: T(2), amount: 1n, unit: 'g_CO2', from: 'u', to: 'v', ref: 'g' }),
      ),
    ).toBe('LEDGER_TRANSFER_NOT_ALLOWED');
  });

  it('redemptions debit catalogue price × quantity, and only catalogue items', () => {
    const policy = registryPolicy(rules({ redemptions: [item('cinema', '105'), item('mug', '300')] }));
    const l = new Ledger({ policy });
    const es = [l.append({ type: 'issue', ts: T(1), amount: 300n, unit: 'point', to: 'u', ref: 'a' })];
    const redeem = (amount: bigint, meta: Record<string, string>) => () =>
      l.append({ type: 'redeem', ts: T(2), amount, unit: 'point', from: 'u', ref: nextRef('order'), meta });
    // 2 tickets at 105 = 210 points
    es.push(redeem(210n, { redemption: 'cinema', quantity: '2' })());
    expect(es[1]?.meta).toEqual({ redemption: 'cinema', quantity: '2', ruleSet: 'registry-test@1.0.0' });
    expect(codeOf(redeem(105n, { redemption: 'cinema', quantity: '2' }))).toBe('LEDGER_REDEMPTION_AMOUNT');
    expect(codeOf(redeem(100n, { redemption: 'cinema' }))).toBe('LEDGER_REDEMPTION_AMOUNT');
    expect(codeOf(redeem(105n, { redemption: 'cinema', quantity: '0' }))).toBe('LEDGER_RECORD_INCOMPLETE');
    expect(refusal(redeem(105n, { redemption: 'coffee' }))).toMatchObject({
      code: 'LEDGER_REDEMPTION_UNKNOWN',
      params: { item: 'coffee', ruleSet: 'registry-test@1.0.0', allowed: 'cinema, mug' },
    });
    expect(refusal(redeem(105n, { redemption: 'cinema', quantity: '2' })).params).toEqual({
      item: 'cinema',
      quantity: '2',
      points: '105',
      expected: '210',
      amount: '105',
    });
    expect(refusal(redeem(105n, { redemption: 'cinema', quantity: '1.5' })).params).toMatchObject({
      detail: 'meta.quantity must be a positive integer, got 1.5',
    });
    expect(refusal(redeem(105n, { redemption: 'cinema', ruleSet: 'other@2.0.0' })).params).toEqual({
      given: 'other@2.0.0',
      expected: 'registry-test@1.0.0',
    });
    expect(codeOf(redeem(105n, {}))).toBe('LEDGER_RECORD_INCOMPLETE');
    // 300 − 210 = 90 < 105: the catalogue is checked first, then the balance
    expect(codeOf(redeem(105n, { redemption: 'cinema' }))).toBe('LEDGER_INSUFFICIENT');
    expect(l.balances().u?.point).toMatchObject({ available: '90', redeemed: '210' });
    // replayed under the rule set it verifies; without it the entry names a rule set the replay does not run
    expect(verifyLedger(es, { policy }).ok).toBe(true);
    expect(verifyLedger(es).issues.map((i) => i.code)).toEqual(['LEDGER_RULES_MISMATCH']);
    expect(verifyLedger(es).issues[0]?.params).toMatchObject({ expected: '(none)' });
    expect(
      refusal(() =>
        new Ledger().append({
          type: 'redeem',
          ts: T(1),
          amount: 1n,
          unit: 'point',
          from: 'u',
          ref: 'o',
          meta: { redemption: 'cinema' },
        }),
      ).params,
    ).toEqual({ item: 'cinema', ruleSet: '(none)', allowed: '(empty)' });
  });
});

describe('offsetting against an enterprise’s emissions, under the rule set’s share cap', () => {
  const emissions = (
    l: Ledger,
    amount: bigint,
    unit: 'g_CO2' | 't_CO2',
    period = '2024',
    enterprise = 'org:steel',
    extra: Record<string, string> = { verifier: 'verifier:cqc' },
  ) =>
    l.append({
      type: 'emissions',
      ts: T(2),
      amount,
      unit,
      from: enterprise,
      ref: `report-${enterprise}-${period}`,
      meta: { period, ...extra },
    });
  const offset =
    (l: Ledger, amount: bigint, unit: 'g_CO2' | 't_CO2', period = '2024', to = 'org:steel') =>
    () =>
      l.append({
        type: 'offset',
        ts: T(3),
        amount,
        unit,
        from: 'platform',
        to,
        ref: nextRef('off'),
        meta: { period },
      });

  it('5 % of 1 000 t is 50 t: 30 t and 20 t pass, one gram more is refused', () => {
    const policy = registryPolicy(rules(offsets('0.05')));
    const { l, es } = funded(60_000_000n, { policy });
    es.push(l.append(certify(60n, 'GD-1', 'platform')));
    // the platform records its own emissions too, in tonnes while it holds certified ones: no serials on a record
    es.push(emissions(l, 1n, 't_CO2', '2024', 'platform'));
    expect(es[2]?.meta).toEqual({ period: '2024', verifier: 'verifier:cqc' });
    es.push(emissions(l, 1000n, 't_CO2'));
    // cap = 1 000 t × 0.05 = 50 t = 50 000 000 g; (0 + 30 t) × 100 = 3·10⁹ ≤ 5 × 10⁹ g
    es.push(offset(l, 30n, 't_CO2')());
    expect(es[4]?.meta).toEqual({ period: '2024', serials: '1-30', ruleSet: 'registry-test@1.0.0' });
    // (30 + 20) t = 50 t: exactly the cap, (5·10⁷) × 100 = 5·10⁹ = 5 × 10⁹
    es.push(offset(l, 20n, 't_CO2')());
    es.push(l.append({ type: 'issue', ts: T(3), amount: 1n, unit: 'g_CO2', to: 'platform', ref: 'one' }));
    // 50 000 001 g × 100 = 5 000 000 100 > 5 × 1 000 000 000 = 5 000 000 000
    expect(codeOf(offset(l, 1n, 'g_CO2'))).toBe('LEDGER_OFFSET_CAP');
    // another period and another enterprise each need their own record
    expect(refusal(offset(l, 1n, 'g_CO2'))).toMatchObject({
      params: {
        enterprise: 'org:steel',
        period: '2024',
        emissions: '1000000000',
        share: '0.05',
        cap: '50000000',
        used: '50000000',
        amount: '1',
      },
    });
    expect(refusal(offset(l, 1n, 'g_CO2', '2025'))).toMatchObject({
      code: 'LEDGER_EMISSIONS_UNKNOWN',
      params: { enterprise: 'org:steel', period: '2025' },
    });
    expect(codeOf(offset(l, 1n, 'g_CO2', '2024', 'org:cement'))).toBe('LEDGER_EMISSIONS_UNKNOWN');
    expect(l.balances().platform?.t_CO2).toMatchObject({ available: '10', retired: '50' });
    expect(registrySnapshot(l.state.registry)).toMatchObject({
      emissions: { 'org:steel|2024': '1000000000' },
      offsets: { 'org:steel|2024': '50000000' },
    });
    expect(verifyLedger(es, { policy }).issues).toEqual([]);
  });

  it('the cap is exact where share × emissions is not whole: 10 % of 1 234 567 g is 123 456.7 g', () => {
    const { l } = funded(200_000n, { policy: registryPolicy(rules(offsets('0.1'))) });
    emissions(l, 1_234_567n, 'g_CO2');
    // 123 456 g × 10 = 1 234 560 ≤ 1 × 1 234 567
    offset(l, 123_456n, 'g_CO2')();
    // 123 457 g × 10 = 1 234 570 > 1 234 567: refused, though 123 457 rounds to the cap's 123 456.7
    let refusal: GepError | undefined;
    try {
      offset(l, 1n, 'g_CO2')();
    } catch (e) {
      refusal = e as GepError;
    }
    expect(refusal?.issues[0]?.code).toBe('LEDGER_OFFSET_CAP');
    expect(refusal?.issues[0]?.message.en).toBe(
      'Offset cap exceeded for org:steel in 2024: emissions 1234567 g × share 0.1 = 123456.7 g, 123456 g already offset, 1 g more requested',
    );
    expect(l.state.registry.offsets.get('org:steel|2024')).toBe(123_456n);
  });

  it('the cap in a refusal is written exactly: 5 % of 1 g is 0.05 g, 100 % of 3 g is 3 g', () => {
    const small = funded(10n, { policy: registryPolicy(rules(offsets('0.05'))) }).l;
    emissions(small, 1n, 'g_CO2');
    // 1 g × 100 = 100 > 5 × 1 g
    expect(refusal(offset(small, 1n, 'g_CO2')).params).toMatchObject({ cap: '0.05', share: '0.05' });
    const whole = funded(10n, { policy: registryPolicy(rules(offsets('1'))) }).l;
    emissions(whole, 3n, 'g_CO2');
    // 4 g × 1 > 1 × 3 g
    expect(refusal(offset(whole, 4n, 'g_CO2')).params).toMatchObject({ cap: '3', share: '1' });
  });

  it('no cap in the rule set: no offsetting; one emissions record per enterprise and period', () => {
    const { l } = funded(10n);
    emissions(l, 10n, 't_CO2');
    expect(refusal(() => emissions(l, 11n, 't_CO2'))).toMatchObject({
      code: 'LEDGER_EMISSIONS_DUPLICATE',
      params: { enterprise: 'org:steel', period: '2024' },
    });
    expect(refusal(offset(l, 1n, 'g_CO2'))).toMatchObject({
      code: 'LEDGER_OFFSET_NOT_ALLOWED',
      params: { ruleSet: '(none)' },
    });
    expect(refusal(() => emissions(l, 1n, 't_CO2', '2025', 'org:x', {}))).toMatchObject({
      params: { detail: 'meta.verifier is required' },
    });
    expect(refusal(() => emissions(l, 1n, 't_CO2', '24')).params).toEqual({
      type: 'emissions',
      detail: 'meta.period must be a year (YYYY), got 24',
    });
    expect(rules(offsets('0.05')).offsets?.maxShare.toString()).toBe('0.05');
    for (const bad of ['0', '1.5', '-0.1'])
      expect(codeOf(() => rules(offsets(bad)))).toBe('CARBON_RULES_INVALID');
    expect(codeOf(() => rules({ redemptions: [item('cup', '1'), item('cup', '2')] }))).toBe(
      'CARBON_RULES_INVALID',
    );
    // a share with more digits than any default precision is still read exactly: 1/3 to 30 places
    const third = `0.${'3'.repeat(30)}`;
    expect(registryPolicy(rules(offsets(third))).offsetShare).toEqual({
      num: BigInt('3'.repeat(30)),
      den: 10n ** 30n,
      text: third,
    });
  });
});

describe('serial numbers under random certifications, transfers, retirements and offsets', () => {
  const ACCOUNTS = ['a', 'b', 'c'] as const;
  const op = fc.record({
    kind: fc.constantFrom('certify', 'transfer', 'retire', 'offset'),
    from: fc.constantFrom(...ACCOUNTS),
    to: fc.constantFrom(...ACCOUNTS),
    amount: fc.bigInt({ min: 1n, max: 7n }),
  });
  it('every serial issued is held by exactly one account or retired, and the runs match the balances', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const policy = registryPolicy(rules(offsets('1')));
        const l = new Ledger({ policy });
        const es: Entry[] = [
          l.append({
            type: 'issue',
            ts: T(1),
            amount: 10n ** 9n,
            unit: 'g_CO2',
            to: 'platform',
            ref: 'pool',
          }),
          l.append({
            type: 'emissions',
            ts: T(1),
            amount: 10n ** 6n,
            unit: 't_CO2',
            from: 'e',
            ref: 'rep',
            meta: { period: '2024', verifier: 'v' },
          }),
        ];
        const retired: [bigint, bigint][] = [];
        ops.forEach((o, i) => {
          const drafts: Record<string, Draft> = {
            certify: { ...certify(o.amount, `c${i}`, o.to) },
            transfer: {
              type: 'transfer',
              ts: T(2),
              amount: o.amount,
              unit: 't_CO2',
              from: o.from,
              to: o.to,
              ref: `t${i}`,
            },
            retire: {
              type: 'retire',
              ts: T(2),
              amount: o.amount,
              unit: 't_CO2',
              from: o.from,
              ref: `r${i}`,
              meta: RETIRE,
            },
            offset: {
              type: 'offset',
              ts: T(2),
              amount: o.amount,
              unit: 't_CO2',
              from: o.from,
              to: 'e',
              ref: `o${i}`,
              meta: { period: '2024' },
            },
          };
          try {
            const e = l.append(drafts[o.kind] as Draft);
            es.push(e);
            if (o.kind === 'retire' || o.kind === 'offset')
              for (const run of (e.meta?.serials as string).split(','))
                retired.push(run.split('-').map(BigInt) as [bigint, bigint]);
          } catch (err) {
            if (!(err instanceof GepError)) throw err;
          }
        });
        const seen = new Map<bigint, string>();
        const mark = (a: bigint, b: bigint, who: string) => {
          for (let s = a; s <= b; s++) {
            expect(seen.has(s), `serial ${s}`).toBe(false);
            seen.set(s, who);
          }
        };
        for (const [acc, runs] of l.state.registry.held) {
          let n = 0n;
          for (const [a, b] of runs) {
            mark(a, b, acc);
            n += b - a + 1n;
          }
          expect(n.toString()).toBe(l.balances()[acc]?.t_CO2?.available);
        }
        for (const [a, b] of retired) mark(a, b, 'retired');
        // every certification passes (the pool holds 1 000 t, at most 40 × 7 = 280 are certified)
        const certified = ops.filter((o) => o.kind === 'certify').reduce((n, o) => n + o.amount, 0n);
        expect(l.state.registry.nextSerial).toBe(1n + certified);
        expect(seen.size).toBe(Number(certified));
        expect(verifyLedger(es, { policy, anchor: l.anchor() }).issues).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('retired serials named by a debit, and rule-set versions', () => {
  const retireFrom = (l: Ledger, from: string, amount: bigint, serials?: string) => (): Entry =>
    l.append({
      type: 'retire',
      ts: T(3),
      amount,
      unit: 't_CO2',
      from,
      ref: nextRef('R'),
      meta: serials === undefined ? RETIRE : { ...RETIRE, serials },
    });

  it('only the named serials held by no account are retired, whatever order the accounts were filled in', () => {
    const { l } = funded(6_000_000n);
    // a gets 1-2, b 3-4, c 5-6; a gives 1-2 to c (a holds nothing and leaves the map: b is now listed before c)
    l.append(certify(2n, 'C1', 'a'));
    l.append(certify(2n, 'C2', 'b'));
    l.append(certify(2n, 'C3', 'c'));
    l.append({ type: 'transfer', ts: T(3), amount: 2n, unit: 't_CO2', from: 'a', to: 'c', ref: 'T-1' });
    // c retires 1 (its lowest), b retires 3: held b 4-4, c 2-2,5-6 (listed as 4-4, 2-2, 5-6); out: 1 and 3; next 7
    expect(retireFrom(l, 'c', 1n)().meta?.serials).toBe('1-1');
    expect(retireFrom(l, 'b', 1n)().meta?.serials).toBe('3-3');
    expect([...l.state.registry.held]).toEqual([
      ['b', [[4n, 4n]]],
      [
        'c',
        [
          [2n, 2n],
          [5n, 6n],
        ],
      ],
    ]);
    // c names 1-6 for its 3 t (it would move 2-2,5-6): 1 and 3 are out of circulation, 2, 4, 5, 6 held
    expect(refusal(retireFrom(l, 'c', 3n, '1-6'))).toEqual(
      expect.objectContaining({
        code: 'LEDGER_RETIRED',
        params: { account: 'c', unit: 't_CO2', available: '3', amount: '3', serials: '1-1,3-3' },
      }),
    );
    // 1-1: below every held run (the walk stops at 2-2 and gives no more than asked)
    expect(refusal(retireFrom(l, 'c', 1n, '1-1')).params).toMatchObject({ serials: '1-1' });
    // 2-3: 2-2 ends where the range starts (2 is held), 3 is the gap before 4-4: one serial left at the end
    expect(refusal(retireFrom(l, 'c', 2n, '2-3')).params).toMatchObject({ serials: '3-3' });
    // a holds nothing (it gave 1-2 away) and names the retired 1: retired, with nothing available
    expect(refusal(retireFrom(l, 'a', 1n, '1-1')).params).toEqual({
      account: 'a',
      unit: 't_CO2',
      available: '0',
      amount: '1',
      serials: '1-1',
    });
    // 4-4 is b's: 2-2 below it is passed over, nothing retired → a plain mismatch
    expect(codeOf(retireFrom(l, 'c', 1n, '4-4'))).toBe('LEDGER_SERIAL_MISMATCH');
    // serials that are not runs are a mismatch, never read as numbers
    expect(codeOf(retireFrom(l, 'c', 1n, 'x'))).toBe('LEDGER_SERIAL_MISMATCH');
    expect(codeOf(retireFrom(l, 'c', 1n, '2-2;'))).toBe('LEDGER_SERIAL_MISMATCH');
  });

  it('a partition reports retired serials from its own first serial on, never those of partitions below', () => {
    // partition 1 of 2 numbers 10¹² + 1 … 2 × 10¹²: a gets 10¹² + 1 and 10¹² + 2, retires the first
    const { l } = funded(2_000_000n, { partitions: 2, partition: 1 });
    expect(l.append(certify(2n, 'C1', 'a')).meta?.serials).toBe('1000000000001-1000000000002');
    expect(retireFrom(l, 'a', 1n)().meta?.serials).toBe('1000000000001-1000000000001');
    // naming 1 … 10¹² + 1: 1 … 10¹² are partition 0's (not issued here), so only 10¹² + 1 is retired
    expect(refusal(retireFrom(l, 'a', 1n, '1-1000000000001')).params).toMatchObject({
      serials: '1000000000001-1000000000001',
    });
  });

  it('a debit of more tonnes than held is given no serials (the ledger refuses it as insufficient)', () => {
    const r = new RegistryState();
    r.held.set('c', [
      [2n, 2n],
      [5n, 6n],
    ]);
    const draft = (amount: bigint): EntryBody => ({
      seq: 0,
      type: 'retire',
      ts: T(3),
      amount: String(amount),
      unit: 't_CO2',
      from: 'c',
      ref: 'R',
      meta: RETIRE,
    });
    // 3 t: all c holds, 2-2 then 5-6
    const three = draft(3n);
    completeRecord(r, three, 3n);
    expect(three.meta?.serials).toBe('2-2,5-6');
    // 4 t: c holds 3; no partial list of serials is written
    const four = draft(4n);
    completeRecord(r, four, 4n);
    expect(four.meta).toEqual(RETIRE);
  });

  it('registryPolicies judges each entry by the rule-set version it names; other entries by the last version', () => {
    const v1 = rules({ version: '1.0.0', redemptions: [item('mug', '300')] });
    const v2 = rules({ version: '2.0.0', redemptions: [item('mug', '250')] });
    // no rule set: the default policy; one: that rule set's policy, with no versions
    expect(registryPolicies([])).toEqual(registryPolicy());
    expect(registryPolicies([v1])).toEqual(registryPolicy(v1));
    const both = registryPolicies([v1, v2]);
    // the last version is the policy's own (a mug costs 250), both are listed by ref
    expect(both.ruleSet).toBe('registry-test@2.0.0');
    expect(both.redemptions.get('mug')).toBe(250n);
    expect([...(both.versions?.keys() ?? [])]).toEqual(['registry-test@1.0.0', 'registry-test@2.0.0']);
    // a ledger written under v1: a mug for 300 points
    const l = new Ledger({ policy: registryPolicy(v1) });
    const es = [l.append({ type: 'issue', ts: T(1), amount: 600n, unit: 'point', to: 'u', ref: 'a' })];
    es.push(
      l.append({
        type: 'redeem',
        ts: T(2),
        amount: 300n,
        unit: 'point',
        from: 'u',
        ref: 'o1',
        meta: { redemption: 'mug' },
      }),
    );
    // replayed under v1 and v2: judged by v1 (under v2's prices 300 ≠ 250 would be LEDGER_REDEMPTION_AMOUNT)
    expect(verifyLedger(es, { policy: both }).ok).toBe(true);
    // under v2 alone the entry names a rule set the replay does not run
    expect(verifyLedger(es, { policy: registryPolicy(v2) }).issues[0]).toMatchObject({
      code: 'LEDGER_RULES_MISMATCH',
      params: { given: 'registry-test@1.0.0', expected: 'registry-test@2.0.0' },
    });
    // a stored redeem naming no rule set is judged by the replay's own (last) policy: 300 is v1's price
    const bare = rechain([es[0] as Entry, { ...(es[1] as Entry), meta: { redemption: 'mug' } }], 1);
    expect(verifyLedger(bare, { policy: registryPolicy(v1) }).ok).toBe(true);
    expect(verifyLedger(bare, { policy: both }).issues.map((i) => i.code)).toEqual([
      'LEDGER_REDEMPTION_AMOUNT',
    ]);
    // appending under both: the last version's prices, named; a version neither lists is refused, naming both
    const l2 = new Ledger({ policy: both });
    l2.append({ type: 'issue', ts: T(1), amount: 600n, unit: 'point', to: 'u', ref: 'a' });
    const redeem = (amount: bigint, meta: Record<string, string>) => () =>
      l2.append({ type: 'redeem', ts: T(2), amount, unit: 'point', from: 'u', ref: nextRef('o'), meta });
    expect(redeem(250n, { redemption: 'mug' })().meta).toEqual({
      redemption: 'mug',
      ruleSet: 'registry-test@2.0.0',
    });
    expect(refusal(redeem(250n, { redemption: 'mug', ruleSet: 'registry-test@0.9.0' })).params).toEqual({
      given: 'registry-test@0.9.0',
      expected: 'registry-test@1.0.0, registry-test@2.0.0',
    });
  });
});

describe('serials moving with the legs of a record crossing partitions (docs/adr/0056-two-leg-booking.md)', () => {
  const held = (r: RegistryState) => Object.fromEntries([...r.held].map(([k, v]) => [k, serialsOf(v)]));
  const serialsOf = (runs: readonly (readonly [bigint, bigint])[]) =>
    runs.map(([a, b]) => `${a}-${b}`).join(',');
  // partition 1 of 2 numbers from 10¹² + 1
  const S = (n: number) => String(1_000_000_000_000 + n);

  it('the debit leg takes the payer’s lowest serials out of its partition; the credit leg adds them to the payee’s', () => {
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    p1.append({ type: 'issue', ts: T(1), amount: 5_000_000n, unit: 'g_CO2', to: 'platform', ref: 'pooled' });
    // 5 t certified in partition 1: S(1)…S(5)
    expect(p1.append(certify(5n, 'GD-P1-1', 'org:a')).meta?.serials).toBe(`${S(1)}-${S(5)}`);
    // partition 0 certifies 1 t of its own to org:b: serial 1
    p0.append({
      type: 'issue',
      ts: T(1),
      amount: 1_000_000n,
      unit: 'g_CO2',
      to: 'platform',
      ref: 'pooled-0',
    });
    p0.append(certify(1n, 'GD-P0-1', 'org:b'));
    const [debit, credit] = p1.appendPair(
      { type: 'transfer', ts: T(3), amount: 3n, unit: 't_CO2', from: 'org:a', to: 'org:b', ref: 'sale-1' },
      p0,
    );
    // the lowest 3 of org:a: S(1)…S(3), on both legs
    expect([debit.meta, credit.meta]).toEqual([
      { serials: `${S(1)}-${S(3)}` },
      { serials: `${S(1)}-${S(3)}` },
    ]);
    // partition 1 keeps S(4)…S(5) with org:a and nothing for org:b; partition 0 holds org:b's 1 and S(1)…S(3)
    expect(held(p1.state.registry)).toEqual({ 'org:a': `${S(4)}-${S(5)}` });
    expect(held(p0.state.registry)).toEqual({ 'org:b': `1-1,${S(1)}-${S(3)}` });
    // nothing is certified anew: each partition's next serial is where it was
    expect([p0.state.registry.nextSerial, p1.state.registry.nextSerial]).toEqual([2n, BigInt(S(6))]);
    // the serials go on from the payee's partition: org:b's lowest 2 are 1 and S(1)
    const t = p0.append({
      type: 'transfer',
      ts: T(4),
      amount: 2n,
      unit: 't_CO2',
      from: 'org:b',
      to: 'org:c',
      ref: 'sale-2',
    });
    expect(t.meta?.serials).toBe(`1-1,${S(1)}-${S(1)}`);
    expect(held(p0.state.registry)).toEqual({ 'org:b': `${S(2)}-${S(3)}`, 'org:c': `1-1,${S(1)}-${S(1)}` });
  });

  /** A credit leg of `amount` t to org:b with the serials given (none: no meta). */
  const creditLeg = (amount: bigint, serials?: string): EntryBody => ({
    seq: 0,
    type: 'transfer',
    ts: '2024-05-03T00:00:00.000Z',
    amount: String(amount),
    unit: 't_CO2',
    from: 'org:a',
    to: 'org:b',
    ref: 'sale-1',
    leg: 'credit',
    pair: '1:0',
    lots: `${amount}@never`,
    partition: 0,
    ...(serials !== undefined ? { meta: { serials } } : {}),
  });
  const AT = Date.parse('2024-05-03T00:00:00.000Z');

  it('a credit leg adds its serials, runs adding up to the amount in ascending order, to its payee', () => {
    const r = new RegistryState();
    // 2 + 3 = 5 t in two runs with a gap between them
    const effect = checkRecord(r, creditLeg(5n, '1-2,4-6'), 5n, AT, []);
    expect(held(r)).toEqual({});
    (effect as () => void)();
    expect(held(r)).toEqual({ 'org:b': '1-2,4-6' });
    // a run of one serial
    (checkRecord(r, creditLeg(1n, '9-9'), 1n, AT, []) as () => void)();
    expect(held(r)).toEqual({ 'org:b': '1-2,4-6,9-9' });
    // grams have no serials: nothing to add
    expect(checkRecord(r, { ...creditLeg(5n), unit: 'g_CO2' }, 5n, AT, [])).toBeUndefined();
  });

  it('completeRecord derives no serials for a credit leg (its debit leg’s are given), even where `from` holds some', () => {
    const r = new RegistryState();
    restoreRegistry(r, {
      nextSerial: '6',
      held: { 'org:a': '1-5' },
      certifications: [],
      emissions: {},
      offsets: {},
    });
    const credit = creditLeg(3n);
    completeRecord(r, credit, 3n);
    expect(credit.meta).toBeUndefined();
    // the debit leg of the same record takes org:a's lowest 3
    const debit: EntryBody = { ...creditLeg(3n), leg: 'debit' };
    completeRecord(r, debit, 3n);
    expect(debit.meta).toEqual({ serials: '1-3' });
  });

  it('a credit leg whose serials are missing, malformed, not adding up or not ascending: LEDGER_SERIAL_MISMATCH', () => {
    const r = new RegistryState();
    const refused = (amount: bigint, serials?: string) =>
      refusalAt(() => checkRecord(r, creditLeg(amount, serials), amount, AT, ['line', 3]));
    const mismatch = (amount: bigint, given: string) => [
      'LEDGER_SERIAL_MISMATCH',
      ['line', 3],
      { expected: `runs of ${amount} serials, ascending`, given },
    ];
    expect(refused(3n)).toEqual(mismatch(3n, '(none)'));
    for (const serials of [
      '',
      'x',
      '1-3,',
      '1',
      '1-2-3',
      // 3 − 1 + 1 = 3 serials, not 4; 2 + 3 = 5, not 4
      '1-3',
      '1-2,4-6',
      // a run going down; runs out of order, overlapping or touching (one run written as two)
      '5-2',
      // 4 + 0 = 4, the empty run going down from 7 to 6
      '1-4,7-6',
      '5-6,1-2',
      '1-3,3-3',
      '1-2,3-4',
    ])
      expect(refused(4n, serials), serials).toEqual(mismatch(4n, serials));
    expect(held(r)).toEqual({});
    // the good ones: 4 t as one run, or two runs a serial apart
    for (const serials of ['1-4', '1-2,4-5', '10-11,13-14'])
      expect(refused(4n, serials), serials).toEqual([]);
  });
});

/** The code, path and params of the first issue `f` throws, or [] when it throws none. */
function refusalAt(f: () => unknown): unknown[] {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError && e.issues[0] !== undefined)
      return [e.issues[0].code, e.issues[0].path, e.issues[0].params];
    throw e;
  }
  return [];
}
