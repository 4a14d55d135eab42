import { describe, expect, it } from 'vitest';
import { CarbonBatch } from '../../src/carbon/batch';
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
