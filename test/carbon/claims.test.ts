import { describe, expect, it } from 'vitest';
import { CarbonBatch } from '../../src/carbon/batch';
import { MemoryLedgerStore } from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { ruleSetWith } from './helpers';

/** 10 points a bus ride, claimable from 2 days after the ride for 7 days. */
const rules = ruleSetWith({
  id: 'claim-test',
  utcOffset: '+08:00',
  rules: [
    {
      id: 'bus',
      scenario: 'bus',
      basis: 'event',
      points: '10',
      claim: { availableAfterDays: 2, claimWithinDays: 7 },
      source: { document: 'test' },
      grade: 'assumed',
    },
  ],
});
const ride = (id: string, behaviour?: string) => ({
  id,
  user: 'u1',
  ts: '2024-05-01T08:00:00+08:00',
  scenario: 'bus',
  region: '420102',
  rides: '1',
  ...(behaviour !== undefined ? { behaviour } : {}),
});
const claim = (ref: string) => ({ claim: ref, user: 'u1', ts: '2024-05-03T09:00:00+08:00' });

describe('claims name the ref the points were issued under', () => {
  it('with a behaviour id, the points are pending under it: a claim by the activity id is refused and says so', () => {
    const b = new CarbonBatch({ rules });
    const r = b.process(ride('b1', 'trip-1'), 1);
    // 10 points pending under the behaviour id, not the activity id
    expect(r?.entries.find((e) => e.unit === 'point')).toMatchObject({ ref: 'trip-1', amount: '10' });
    const byId = b.process(claim('b1'), 2);
    expect(byId?.ok).toBe(false);
    expect(byId?.issues[0]).toMatchObject({ code: 'LEDGER_REF_UNKNOWN', path: ['line', 2, 'claim'] });
    expect(byId?.issues[0]?.message.en).toContain(
      'the activity’s behaviour id when it gave one, else its id',
    );
    expect(byId?.issues[0]?.message.zh).toContain('活动给出 behaviour 时为其行为编号');
    expect(byId?.issues[0]?.hint).toContain('behaviour id');
    // the behaviour id claims the 10 points
    const byBehaviour = b.process(claim('trip-1'), 3);
    expect(byBehaviour?.ok).toBe(true);
    expect(b.summary().balances['user:u1']?.point).toMatchObject({ available: '10', pending: '0' });
  });

  it('without a behaviour id, the activity id is the ref', () => {
    const b = new CarbonBatch({ rules });
    b.process(ride('b2'), 1);
    expect(b.process(claim('b2'), 2)?.ok).toBe(true);
  });
});

describe('a claim of points no longer pending says so, not that the key is wrong', () => {
  // The ride of 2024-05-01 (local) is claimable from 05-03 00:00 to 05-10 00:00 (+08:00): 10 points.
  const later = (id: string, ts: string) => ({ ...ride(id), ts });
  const claimAt = (ref: string, ts: string) => ({ claim: ref, user: 'u1', ts });
  const NOT_PENDING = 'no longer pending: claimed already, or expired at the end of their claim window';

  it('a second claim of the same ref (a retried request)', () => {
    const b = new CarbonBatch({ rules });
    b.process(ride('b1'), 1);
    expect(b.process(claim('b1'), 2)?.ok).toBe(true);
    const again = b.process(claim('b1'), 3);
    expect(again?.issues[0]).toMatchObject({ code: 'LEDGER_REF_UNKNOWN', path: ['line', 3, 'claim'] });
    expect(again?.issues[0]?.message.en).toContain(NOT_PENDING);
    expect(again?.issues[0]?.message.en).not.toContain('behaviour id');
    expect(again?.issues[0]?.message.zh).toContain('已不在待领状态');
  });

  it('a claim after the window, once a later line has written the expiry', () => {
    const b = new CarbonBatch({ rules });
    b.process(ride('b1'), 1);
    // 05-10 08:00 is after claimBy (05-10 00:00): this ride's line writes the expiry of b1's 10 points first
    const next = b.process(later('b2', '2024-05-10T08:00:00+08:00'), 2);
    expect(next?.entries.map((e) => [e.type, e.ref, e.amount])).toContainEqual(['expire', 'b1', '10']);
    const late = b.process(claimAt('b1', '2024-05-10T09:00:00+08:00'), 3);
    expect(late?.issues[0]?.code).toBe('LEDGER_REF_UNKNOWN');
    expect(late?.issues[0]?.message.en).toContain(NOT_PENDING);
    // a ref nothing was issued under keeps the advice on the key
    const unknown = b.process(claimAt('nothing', '2024-05-10T09:00:00+08:00'), 4);
    expect(unknown?.issues[0]?.message.en).toContain('the activity’s behaviour id when it gave one');
  });

  it('in a stored ledger, the claim of a later run reads the ref issued by an earlier one', async () => {
    const store = new MemoryLedgerStore();
    const first = await StoredBatch.open(store, { rules });
    await first.processChunk([JSON.stringify(ride('b1')), JSON.stringify(claim('b1'))], 1);
    const second = await StoredBatch.open(store, { rules });
    const [again] = await second.processChunk([JSON.stringify(claim('b1'))], 1);
    expect(again?.issues[0]?.code).toBe('LEDGER_REF_UNKNOWN');
    expect(again?.issues[0]?.message.en).toContain(NOT_PENDING);
  });
});
