import { describe, expect, it } from 'vitest';
import type { Issue } from '../../core/errors';
import { type Entry, GENESIS, bodyOf, entryHash, sha256Hex } from './entry';
import { type Draft, Ledger } from './ledger';
import { rootHash, rootText } from './partition';
import { PartitionedVerifier, headsOf, ledgersBalances, mergeBalances } from './partitioned';
import { type Balances, balancesOf } from './state';

const T = (d: number) => `2024-05-${String(d).padStart(2, '0')}T08:00:00+08:00`;
const CERTIFIED = {
  verifier: 'verifier:test',
  vintage: '2024',
  methodology: 'travel/per-trip@1',
  factorSets: `sha256:${'0'.repeat(64)}`,
};
const amounts = (available: string, pending = '0', expired = '0', redeemed = '0', retired = '0') => ({
  available,
  pending,
  expired,
  redeemed,
  retired,
});
const issue = (to: string, ref: string, amount: number | bigint = 10, d = 1): Draft => ({
  type: 'issue',
  ts: T(d),
  amount,
  unit: 'g_CO2',
  to,
  ref,
});
const issuesOf = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.path, i.params]);

/** Two partitions of a ledger of 2, their entries as a store interleaves them. */
function twoPartitions() {
  const p0 = new Ledger({ partitions: 2, partition: 0 });
  const p1 = new Ledger({ partitions: 2, partition: 1 });
  const entries = [
    p0.append(issue('u', 'a', 10, 1)),
    p1.append(issue('v', 'b', 20, 1)),
    p1.append(issue('v', 'c', 5, 2)),
    p0.append({ type: 'transfer', ts: T(3), amount: 4, unit: 'g_CO2', from: 'u', to: 'w', ref: 't' }),
  ];
  return { p0, p1, entries };
}

describe('mergeBalances', () => {
  it('one part: the part itself, as it is (not re-sorted)', () => {
    const only = { 'user:z': { point: amounts('1') }, 'user:a': { point: amounts('2') } } as Balances;
    const out = mergeBalances([only]);
    expect(out).toBe(only);
    expect(Object.keys(out)).toEqual(['user:z', 'user:a']);
  });

  it('several parts: an account in two has its amounts added per unit; accounts and units sorted', () => {
    const a: Balances = {
      'user:b': { point: amounts('1') },
      'registry:pool': { point: amounts('5', '1', '2', '3', '4') },
    };
    const b: Balances = {
      'registry:pool': { point: amounts('3', '2', '1', '0', '6'), g_CO2: amounts('7') },
      'user:a': { t_CO2: amounts('9') },
    };
    const out = mergeBalances([a, b]);
    // registry:pool point: 5 + 3 = 8 available, 1 + 2 = 3 pending, 2 + 1 = 3 expired, 3 + 0 = 3 redeemed,
    // 4 + 6 = 10 retired; its g_CO2 from b alone.
    expect(out).toEqual({
      'registry:pool': { g_CO2: amounts('7'), point: amounts('8', '3', '3', '3', '10') },
      'user:a': { t_CO2: amounts('9') },
      'user:b': { point: amounts('1') },
    });
    expect(Object.keys(out)).toEqual(['registry:pool', 'user:a', 'user:b']);
    expect(Object.keys(out['registry:pool'] as object)).toEqual(['g_CO2', 'point']);
    // The parts are read, never changed.
    expect(Object.keys(a)).toEqual(['user:b', 'registry:pool']);
    expect(b['registry:pool']?.point).toEqual(amounts('3', '2', '1', '0', '6'));
  });

  it('amounts beyond 2⁵³ are added exactly; an amount a part lacks counts as 0', () => {
    const big = '9007199254740993'; // 2⁵³ + 1
    const partial = { u: { point: { available: '1' } } } as unknown as Balances;
    const out = mergeBalances([{ u: { point: amounts(big, big) } }, partial, {}]);
    // 9007199254740993 + 1 = 9007199254740994; pending 9007199254740993 + 0
    expect(out).toEqual({ u: { point: amounts('9007199254740994', big) } });
    // A part with only some amounts, alone with an empty part: the others are written as 0.
    expect(mergeBalances([partial, {}])).toEqual({ u: { point: amounts('1') } });
    expect(mergeBalances([{}, {}])).toEqual({});
  });
});

describe('headsOf and ledgersBalances', () => {
  it('each partition’s seq, head and last time in partition order; an empty partition has no time', () => {
    const { p0, p1 } = twoPartitions();
    const empty = new Ledger({ partitions: 3, partition: 2 });
    expect(headsOf([p0, p1, empty])).toEqual([
      { partition: 0, seq: 2, head: p0.anchor().head, lastTs: '2024-05-03T00:00:00.000Z' },
      { partition: 1, seq: 2, head: p1.anchor().head, lastTs: '2024-05-02T00:00:00.000Z' },
      { partition: 2, seq: 0, head: GENESIS, lastTs: null },
    ]);
  });

  it('the balances of every partition, merged', () => {
    const { p0, p1 } = twoPartitions();
    // u: 10 − 4 = 6; v: 20 + 5 = 25; w: 4
    expect(ledgersBalances([p0, p1])).toEqual({
      u: { g_CO2: amounts('6') },
      v: { g_CO2: amounts('25') },
      w: { g_CO2: amounts('4') },
    });
    expect(ledgersBalances([p1])).toEqual(p1.balances());
  });
});

describe('PartitionedVerifier', () => {
  it('refuses a number of partitions out of range (LEDGER_PARTITIONS_INVALID)', () => {
    for (const n of [0, 1.5, 4097])
      expect(() => new PartitionedVerifier(n), String(n)).toThrow(
        expect.objectContaining({ code: 'LEDGER_PARTITIONS_INVALID' }),
      );
    expect(new PartitionedVerifier(4096).n).toBe(4096);
  });

  it('verifies interleaved partitions: count, root, each partition’s head, merged balances', () => {
    const { p0, p1, entries } = twoPartitions();
    const v = new PartitionedVerifier(2);
    for (const e of entries) v.push(e);
    // each partition's replayed state is its own ledger's
    expect(balancesOf(v.replayed(0))).toEqual(p0.balances());
    expect(balancesOf(v.replayed(1))).toEqual(p1.balances());
    const root = rootHash([p0.anchor(), p1.anchor()].map((a) => ({ seq: a.count, head: a.head })));
    expect(root).toBe(sha256Hex(`gepkit-ledger-root:2\n0:2:${p0.anchor().head}\n1:2:${p1.anchor().head}`));
    expect(v.finish({ count: 4, head: root })).toEqual({
      ok: true,
      count: 4,
      head: root,
      issues: [],
      balances: ledgersBalances([p0, p1]),
      partitions: [
        { count: 2, head: p0.anchor().head },
        { count: 2, head: p1.anchor().head },
      ],
    });
  });

  it('a ledger of one partition: entries without a partition, the root its head', () => {
    const l = new Ledger();
    const es = [l.append(issue('u', 'a')), l.append(issue('v', 'b'))];
    const v = new PartitionedVerifier(1);
    for (const e of es) v.push(e);
    expect(v.finish(l.anchor())).toEqual({
      ok: true,
      count: 2,
      head: l.anchor().head,
      issues: [],
      balances: l.balances(),
      partitions: [{ count: 2, head: l.anchor().head }],
    });
  });

  it('the hash function reaches each partition’s chain and the root', () => {
    const salted = (s: string) => sha256Hex(`salt:${s}`);
    const p0 = new Ledger({ partitions: 2, partition: 0, hash: salted });
    const e = p0.append(issue('u', 'a'));
    const v = new PartitionedVerifier(2, salted);
    v.push(e);
    const r = v.finish();
    expect(r.issues).toEqual([]);
    // partition 1 is empty: its head is GENESIS with 0 entries
    expect(r.head).toBe(
      salted(
        rootText([
          { seq: 1, head: e.hash },
          { seq: 0, head: GENESIS },
        ]),
      ),
    );
    expect(r.partitions).toEqual([
      { count: 1, head: e.hash },
      { count: 0, head: GENESIS },
    ]);
    // under the default hash the same entry mismatches
    const d = new PartitionedVerifier(2);
    d.push(e);
    expect(d.finish().issues.map((i) => i.code)).toEqual(['LEDGER_HASH_MISMATCH']);
  });

  it('one guard of credited refs across the partitions, and the store given is the one used', () => {
    const credited = new Map<string, number>();
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const v = new PartitionedVerifier(2, sha256Hex, credited);
    v.push(p0.append(issue('u', 'a')));
    // the same ref credited in grams again, in the other partition
    v.push(p1.append(issue('v', 'a')));
    expect(issuesOf(v.finish().issues)).toEqual([
      ['LEDGER_DOUBLE_CREDIT', [1, 'partition', 1], { ref: 'a', unit: 'g_CO2' }],
    ]);
    // ref a credited in g CO₂ (bit 2)
    expect([...credited]).toEqual([['a', 2]]);
  });

  it('each partition numbers its serials from p × 10¹² + 1; one partition numbers past 10¹²', () => {
    const certify = (amount: bigint, ref: string): Draft => ({
      type: 'certify',
      ts: T(2),
      amount,
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:e',
      ref,
      meta: CERTIFIED,
    });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const es = [p1.append(issue('org:e', 'x', 2_000_000n)), p1.append(certify(2n, 'c1'))];
    expect(es[1]?.meta?.serials).toBe('1000000000001-1000000000002');
    const v = new PartitionedVerifier(2);
    for (const e of es) v.push(e);
    expect(v.finish().issues).toEqual([]);
    // One partition: 10¹² + 1 t certified, serials 1 … 10¹² + 1 (a partition of several ends at 10¹²).
    const T12 = 10n ** 12n;
    const l = new Ledger();
    const one = [l.append(issue('org:e', 'x', (T12 + 1n) * 1_000_000n)), l.append(certify(T12 + 1n, 'c1'))];
    expect(one[1]?.meta?.serials).toBe('1-1000000000001');
    const v1 = new PartitionedVerifier(1);
    for (const e of one) v1.push(e);
    expect(v1.finish().issues).toEqual([]);
  });

  it('refuses entries without a partition, of a partition beyond n, or with one in a ledger of one', () => {
    const { entries } = twoPartitions();
    const plain = new Ledger().append(issue('u', 'z'));
    const p2 = new Ledger({ partitions: 3, partition: 2 }).append(issue('u', 'y'));
    const v = new PartitionedVerifier(2);
    v.push(entries[0] as Entry);
    v.push(plain);
    v.push(p2);
    // a partition written as text names none, though parts['1'] would index partition 1
    v.push({ ...(entries[1] as Entry), partition: '1' } as unknown as Entry);
    v.push({ ...(entries[1] as Entry), partition: 0.5 } as unknown as Entry);
    // what is not an entry has no partition
    v.push(null as unknown as Entry);
    v.push(entries[1] as Entry);
    const r = v.finish();
    // The misplaced entries are named at their place in the input; each counts among the entries read.
    expect(issuesOf(r.issues)).toEqual([
      ['LEDGER_ENTRY_INVALID', [1], { detail: 'partition undefined in a ledger of 2 partitions' }],
      ['LEDGER_ENTRY_INVALID', [2], { detail: 'partition 2 in a ledger of 2 partitions' }],
      ['LEDGER_ENTRY_INVALID', [3], { detail: 'partition 1 in a ledger of 2 partitions' }],
      ['LEDGER_ENTRY_INVALID', [4], { detail: 'partition 0.5 in a ledger of 2 partitions' }],
      ['LEDGER_ENTRY_INVALID', [5], { detail: 'partition undefined in a ledger of 2 partitions' }],
    ]);
    expect(r.ok).toBe(false);
    expect(r.count).toBe(7);
    expect(r.partitions).toEqual([
      { count: 1, head: (entries[0] as Entry).hash },
      { count: 1, head: (entries[1] as Entry).hash },
    ]);
    expect(r.issues[0]?.message).toEqual({
      en: 'Invalid ledger entry: partition undefined in a ledger of 2 partitions',
      zh: '账本条目无效：条目未标明分区，不适用于共 2 个分区的账本',
    });
    expect(r.issues[1]?.message).toEqual({
      en: 'Invalid ledger entry: partition 2 in a ledger of 2 partitions',
      zh: '账本条目无效：条目的分区 2 不适用于共 2 个分区的账本',
    });

    const one = new PartitionedVerifier(1);
    one.push(entries[0] as Entry);
    one.push(plain);
    const r1 = one.finish();
    expect(issuesOf(r1.issues)).toEqual([
      ['LEDGER_ENTRY_INVALID', [0], { detail: 'partition 0 in a ledger of 1 partition' }],
    ]);
    expect(r1.issues[0]?.message).toEqual({
      en: 'Invalid ledger entry: partition 0 in a ledger of 1 partition',
      zh: '账本条目无效：条目的分区 0 不适用于共 1 个分区的账本',
    });
    expect(r1).toMatchObject({ count: 2, head: plain.hash, partitions: [{ count: 1, head: plain.hash }] });
  });

  it('the misplaced entries come first, then each partition’s issues in partition order', () => {
    const { entries } = twoPartitions();
    const v = new PartitionedVerifier(2);
    // partition 1's second entry and partition 0's second, each first in its chain, then a misplaced one
    v.push(entries[2] as Entry);
    v.push(entries[3] as Entry);
    v.push(new Ledger().append(issue('u', 'z')));
    // partition 0's transfer of 4 g from u finds nothing: its issue of 10 g to u was not read
    const issues = v.finish().issues;
    expect(issuesOf(issues)).toEqual([
      ['LEDGER_ENTRY_INVALID', [2], { detail: 'partition undefined in a ledger of 2 partitions' }],
      // each issue of an entry names its partition, in its path and (chain, hash) in its message
      ['LEDGER_CHAIN_BROKEN', [1, 'partition', 0], { seq: 0, partition: 0, detail: 'seq is 1, expected 0' }],
      [
        'LEDGER_INSUFFICIENT',
        [1, 'partition', 0],
        { account: 'u', unit: 'g_CO2', amount: '4', available: '0' },
      ],
      ['LEDGER_CHAIN_BROKEN', [0, 'partition', 1], { seq: 0, partition: 1, detail: 'seq is 1, expected 0' }],
    ]);
    expect(issues[1]?.message).toEqual({
      zh: '分区 0 的第 0 条账本条目与前一条不衔接（seq 为 1，应为 0）',
      en: 'Ledger entry 0 of partition 0 does not follow the previous one (seq is 1, expected 0)',
    });
  });

  it('checks the anchor: its count and its root, each on its own (LEDGER_HEAD_MISMATCH)', () => {
    const { p0, p1, entries } = twoPartitions();
    const root = rootHash([p0.anchor(), p1.anchor()].map((a) => ({ seq: a.count, head: a.head })));
    const run = (anchor?: { count: number; head: string }) => {
      const v = new PartitionedVerifier(2);
      for (const e of entries) v.push(e);
      return v.finish(anchor);
    };
    expect(run().ok).toBe(true);
    expect(run({ count: 4, head: root }).ok).toBe(true);
    const fewer = run({ count: 3, head: root });
    expect(issuesOf(fewer.issues)).toEqual([
      ['LEDGER_HEAD_MISMATCH', [], { detail: `anchor 3 entries / ${root}, ledger 4 entries / ${root}` }],
    ]);
    expect(fewer.ok).toBe(false);
    expect(fewer.issues[0]?.message).toEqual({
      en: `The ledger head does not match the anchor: anchor 3 entries / ${root}, ledger 4 entries / ${root}`,
      zh: `账本末端与锚定值不符：锚定值 3 条 / ${root}，账本 4 条 / ${root}`,
    });
    const other = run({ count: 4, head: GENESIS });
    expect(issuesOf(other.issues)).toEqual([
      ['LEDGER_HEAD_MISMATCH', [], { detail: `anchor 4 entries / ${GENESIS}, ledger 4 entries / ${root}` }],
    ]);
  });

  it('a certification reference is unique across partitions: refused at the later entry, in its partition', () => {
    const certify = (ref: string, d: number): Draft => ({
      type: 'certify',
      ts: T(d),
      amount: 1n,
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:e',
      ref,
      meta: CERTIFIED,
    });
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    // each partition gets 3 t of grams to certify from; each ledger alone accepts every certify below
    const es = [
      p0.append(issue('org:e', 'g0', 3_000_000n)), // 0
      p1.append(issue('org:e', 'g1', 3_000_000n)), // 1
      p0.append(certify('c1', 2)), // 2: c1 first used, in partition 0
      p1.append(certify('c1', 2)), // 3: c1 again, in partition 1 → refused here
      p1.append(certify('c2', 3)), // 4: c2 first used, in partition 1
      p0.append(certify('c2', 3)), // 5: c2 again, in partition 0 → refused here
      p0.append(certify('c3', 4)), // 6: c3 only in partition 0 (a fresh ref is no duplicate)
    ];
    const v = new PartitionedVerifier(2);
    for (const e of es) v.push(e);
    const r = v.finish();
    // path [entry index in the input, 'partition', the later partition]; the first use is never refused
    expect(issuesOf(r.issues)).toEqual([
      ['LEDGER_CERTIFICATION_DUPLICATE', [3, 'partition', 1], { ref: 'c1' }],
      ['LEDGER_CERTIFICATION_DUPLICATE', [5, 'partition', 0], { ref: 'c2' }],
    ]);
    expect(r.ok).toBe(false);
    expect(r.count).toBe(7);
  });

  it('a reference reused in its own partition is refused once, by that partition’s replay; only certify refs count', () => {
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const grams = p1.append(issue('org:e', 'g1', 3_000_000n));
    const first = p1.append({
      type: 'certify',
      ts: T(2),
      amount: 1n,
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:e',
      ref: 'c1',
      meta: CERTIFIED,
    });
    // The ledger will not append c1 twice, so the second is forged: the first again at seq 2, chained and hashed
    // right, its serials the next tonne's (1000000000002), so only the reference is wrong.
    const body = { ...bodyOf(first), seq: 2, ts: '2024-05-03T00:00:00.000Z', meta: { ...first.meta } };
    body.meta.serials = '1000000000002-1000000000002';
    const again: Entry = { ...body, prev: first.hash, hash: entryHash(body, first.hash) };
    // 'c1' as the ref of an issue in partition 0: a credited activity id, not a certification reference
    const other = p0.append(issue('org:e', 'c1', 1_000_000n));
    const v = new PartitionedVerifier(2);
    for (const e of [grams, first, other, again]) v.push(e);
    // one refusal of entry 3, the replay's; none for the issue of ref c1 in partition 0
    expect(issuesOf(v.finish().issues)).toEqual([
      ['LEDGER_CERTIFICATION_DUPLICATE', [3, 'partition', 1], { ref: 'c1' }],
    ]);
  });

  it('a certify entry whose ref is not text is no certification reference (its replay refuses it)', () => {
    const v = new PartitionedVerifier(2);
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const certify: Draft = {
      type: 'certify',
      ts: T(2),
      amount: 1n,
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:e',
      ref: 'x',
      meta: CERTIFIED,
    };
    const es = [
      p0.append(issue('org:e', 'g0', 3_000_000n)),
      p1.append(issue('org:e', 'g1', 3_000_000n)),
      p0.append(certify),
      p1.append(certify),
    ];
    // both certify entries lose their ref: were a missing ref a reference, the second would repeat the first's
    for (const [k, e] of es.entries()) v.push(k < 2 ? e : ({ ...e, ref: undefined } as unknown as Entry));
    expect(v.finish().issues.map((x) => x.code)).not.toContain('LEDGER_CERTIFICATION_DUPLICATE');
  });
});

describe('PartitionedVerifier: the legs of a record crossing partitions', () => {
  /**
   * user:u1 (partition 1) gets 150 g (its seq 0) and transfers 100 g to user:u2 (partition 0) with meta.note: the
   * debit leg is partition 1's seq 1, naming 0:0; the credit leg partition 0's seq 0, naming 1:1; each carries the
   * lots 100@never. A second transfer of 30 g: debit leg 1:2 naming 0:1, credit leg 0:1 naming 1:2.
   */
  function crossing() {
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const i = p1.append({ type: 'issue', ts: T(1), amount: 150n, unit: 'g_CO2', to: 'user:u1', ref: 'a1' });
    const move: Draft = {
      type: 'transfer',
      ts: T(2),
      amount: 100n,
      unit: 'g_CO2',
      from: 'user:u1',
      to: 'user:u2',
      ref: 't-1',
      meta: { note: 'rent' },
    };
    const [d, c] = p1.appendPair(move, p0);
    const [d2, c2] = p1.appendPair({ ...move, ts: T(3), amount: 30n, ref: 't-2' }, p0);
    return { p0, p1, i, d, c, d2, c2 };
  }
  /** An entry with members changed, hashed again after `prev` (its chain re-hashed: only the pair can tell). */
  const forge = (e: Entry, change: object, prev = e.prev): Entry => {
    const body = { ...bodyOf(e), ...change };
    return { ...body, prev, hash: entryHash(body, prev) } as Entry;
  };
  const verify = (es: readonly Entry[], n = 2) => {
    const v = new PartitionedVerifier(n);
    for (const e of es) v.push(e);
    return v.finish();
  };
  const unmatched = (at: number, p: number, seq: number, leg: string, other: string, members = '') => {
    const [otherPartition, otherSeq] = other.split(':');
    return [
      'LEDGER_LEG_UNMATCHED',
      [at, 'partition', p],
      { leg, members, otherPartition, otherSeq, partition: p, seq },
    ];
  };

  it('legs in either order pair up: no issue; u1 150 − 100 − 30 = 20 g, u2 130 g', () => {
    const { p0, p1, i, d, c, d2, c2 } = crossing();
    expect([d.pair, c.pair, d2.pair, c2.pair]).toEqual(['0:0', '1:1', '0:1', '1:2']);
    for (const order of [
      [i, d, c, d2, c2],
      [c, i, d, c2, d2],
      [i, c, c2, d, d2],
    ]) {
      const r = verify(order);
      expect(r.issues).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.balances).toEqual(ledgersBalances([p0, p1]));
      expect(r.balances['user:u1']?.g_CO2?.available).toBe('20');
      expect(r.balances['user:u2']?.g_CO2?.available).toBe('130');
    }
  });

  it('legs differing in members: the later leg is unmatched, naming them in order (meta compared as JSON)', () => {
    const { i, d, c } = crossing();
    // the credit leg (partition 0's first entry) altered in every member its partition's replay takes
    const all = forge(
      c,
      {
        type: 'aggregate',
        ts: '2024-05-04T00:00:00.000Z',
        amount: '101',
        from: 'user:u9',
        to: 'user:u3',
        ref: 't-9',
        lots: '101@never',
        meta: { note: 'rest' },
      },
      GENESIS,
    );
    expect(issuesOf(verify([i, d, all]).issues)).toEqual([
      unmatched(2, 0, 0, 'credit', '1:1', 'type, ts, amount, from, to, ref, lots, meta'),
    ]);
    // meta alone, both legs with one: two objects, compared by their JSON
    const meta = forge(c, { meta: { note: 'rest' } }, GENESIS);
    expect(issuesOf(verify([i, d, meta]).issues)).toEqual([unmatched(2, 0, 0, 'credit', '1:1', 'meta')]);
    // the credit leg first: the debit leg, coming second, is the one named
    expect(issuesOf(verify([meta, i, d]).issues)).toEqual([unmatched(2, 1, 1, 'debit', '0:0', 'meta')]);
    // a leg without meta against one with it
    const none = forge(c, { meta: undefined }, GENESIS);
    expect(issuesOf(verify([i, d, none]).issues)).toEqual([unmatched(2, 0, 0, 'credit', '1:1', 'meta')]);
  });

  it('a leg at the place named that does not name it back, or is of the same side: leg, pair', () => {
    const { i, d, c } = crossing();
    // the debit leg waits on 0:0; the entry there names 1:5, not 1:1
    const elsewhere = forge(c, { pair: '1:5' }, GENESIS);
    const r = verify([i, d, elsewhere]);
    expect(issuesOf(r.issues)).toEqual([unmatched(2, 0, 0, 'credit', '1:5', 'leg, pair')]);
    // two credit legs naming each other
    const twin = forge(d, { leg: 'credit' });
    expect(issuesOf(verify([i, twin, c]).issues)).toEqual([unmatched(2, 0, 0, 'credit', '1:1', 'leg, pair')]);
    // two debit legs: the one in partition 0 holds the ref a second time (one guard of refs across partitions)
    const debit0 = forge(c, { leg: 'debit' }, GENESIS);
    expect(verify([i, d, debit0]).issues.map((x) => [x.code, x.path])).toEqual([
      ['LEDGER_LEG_UNMATCHED', [2, 'partition', 0]],
      ['LEDGER_RECORD_DUPLICATE', [2, 'partition', 0, 'ref']],
    ]);
  });

  it('two legs naming one place: the earlier waits on and pairs, the later is unmatched', () => {
    const { i, d, c } = crossing();
    // a copy of the credit leg as partition 0's seq 1, naming 1:1 too
    const copy = forge(c, { seq: 1 }, c.hash);
    const r = verify([i, c, copy, d]);
    expect(issuesOf(r.issues)).toEqual([unmatched(2, 0, 1, 'credit', '1:1')]);
    expect(r.issues[0]?.message.en).toBe(
      'Ledger entry 1 of partition 0 is the credit leg of a record crossing partitions, but entry 1 of partition 1 is not its debit leg (a leg is missing)',
    );
  });

  it('legs never matched are unmatched at the end, in the order they came', () => {
    const { i, d, c, d2, c2 } = crossing();
    expect(issuesOf(verify([i, d, d2]).issues)).toEqual([
      unmatched(1, 1, 1, 'debit', '0:0'),
      unmatched(2, 1, 2, 'debit', '0:1'),
    ]);
    expect(issuesOf(verify([c2, c]).issues.filter((x) => x.code === 'LEDGER_LEG_UNMATCHED'))).toEqual([
      unmatched(0, 0, 1, 'credit', '1:2'),
      unmatched(1, 0, 0, 'credit', '1:1'),
    ]);
  });

  it('a pair naming the leg’s own partition, or one beyond n, is invalid; its other leg then waits in vain', () => {
    const { i, d, c } = crossing();
    for (const [pair, q] of [
      ['1:0', 1],
      ['2:0', 2],
      ['3:1', 3],
    ] as const) {
      const bad = forge(d, { pair });
      expect(issuesOf(verify([i, bad, c]).issues)).toEqual([
        [
          'LEDGER_ENTRY_INVALID',
          [1, 'partition', 1],
          { detail: `the leg's pair names partition ${q} in a ledger of 2 partitions` },
        ],
        unmatched(2, 0, 0, 'credit', '1:1'),
      ]);
    }
    // a negative partition (its chain's replay refuses the malformed pair as well)
    const negative = forge(d, { pair: '-1:0' });
    expect(issuesOf(verify([i, negative, c]).issues)).toEqual([
      [
        'LEDGER_ENTRY_INVALID',
        [1, 'partition', 1],
        { detail: `the leg's pair names partition -1 in a ledger of 2 partitions` },
      ],
      unmatched(2, 0, 0, 'credit', '1:1'),
      [
        'LEDGER_ENTRY_INVALID',
        [1, 'partition', 1],
        { detail: `a leg's pair is "<partition>:<seq>", got -1:0` },
      ],
    ]);
    // partition 2 of 3 is a place
    const p = [0, 1, 2].map((k) => new Ledger({ partitions: 3, partition: k }));
    const [p0, , p2] = p as [Ledger, Ledger, Ledger];
    const j = p2.append({ type: 'issue', ts: T(1), amount: 9n, unit: 'g_CO2', to: 'user:x', ref: 'a' });
    const [dd, cc] = p2.appendPair(
      { type: 'aggregate', ts: T(2), amount: 9n, unit: 'g_CO2', from: 'user:x', to: 'org:e', ref: 'g' },
      p0,
    );
    expect([dd.pair, cc.pair]).toEqual(['0:0', '2:1']);
    expect(verify([j, dd, cc], 3).issues).toEqual([]);
  });

  it('a leg in a ledger of one partition is its chain’s to refuse, not paired', () => {
    const { d } = crossing();
    const { partition: _p, ...body } = { ...bodyOf(d), seq: 0 };
    const alone = { ...body, prev: GENESIS, hash: entryHash(body, GENESIS) } as Entry;
    expect(issuesOf(verify([alone], 1).issues)).toEqual([
      ['LEDGER_ENTRY_INVALID', [0], { detail: 'a leg in a ledger of one partition' }],
    ]);
  });
});
