import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/helpers';
import { exampleContext, parcel } from '../../test/vep/helpers';
import { GepError } from '../core/errors';
import { type DuplicateIndex, VepBatch } from './batch';
import { prepareContext } from './context';
import { vepIssue } from './errors';
import { guardedIndex } from './index-guard';

const prepared = prepareContext(exampleContext());
const p = (id: string) => parcel(id, 'hills', { shrub: ['1', 'hm2'] });

/** An index in maps whose `set` throws `error` from its `failAt`-th call on (a disk that fills up part-way). */
function memoryIndex(
  failAt = Number.POSITIVE_INFINITY,
  error: unknown = new Error('ENOSPC: no space left on device, write'),
) {
  let sets = 0;
  let closed = 0;
  const store = <V>() => {
    const m = new Map<string, V>();
    return {
      get: (k: string) => m.get(k),
      set: (k: string, v: V) => {
        if (++sets >= failAt) throw error;
        m.set(k, v);
      },
    };
  };
  const index: DuplicateIndex = { ids: store(), certificates: store(), close: () => void (closed += 1) };
  return { index, closed: () => closed };
}

describe('guardedIndex: the failures of a disk index, named', () => {
  it('a write failing part-way through the batch is VEP_INDEX_FAILED with the error as its detail', () => {
    const { index, closed } = memoryIndex(3);
    // Keys move to the index after the first parcel (memoryKeys 1): P1 and P2 are set, P3's set fails.
    const b = new VepBatch(prepared, { diskIndex: guardedIndex(() => index), memoryKeys: 1 });
    expect(b.process(p('P1'), 1)?.ok).toBe(true);
    expect(b.process(p('P2'), 2)?.ok).toBe(true);
    const e = errorOf(() => b.process(p('P3'), 3));
    expect(e.issues.map((i) => [i.code, i.params])).toEqual([
      ['VEP_INDEX_FAILED', { detail: 'ENOSPC: no space left on device, write' }],
    ]);
    b.close();
    expect(closed()).toBe(1);
  });

  it('an index that cannot be opened is VEP_INDEX_FAILED; a GepError passes through as it is', () => {
    const cannot = guardedIndex(() => {
      throw Object.assign(new Error("EACCES: permission denied, mkdtemp '/ro/gepkit-vep-index-XXXXXX'"), {
        code: 'EACCES',
      });
    });
    expect(errorOf(() => cannot()).issues[0]).toMatchObject({
      code: 'VEP_INDEX_FAILED',
      params: { detail: "EACCES: permission denied, mkdtemp '/ro/gepkit-vep-index-XXXXXX'" },
    });
    const own = new GepError([vepIssue('VEP_PARCEL_INVALID', [], { detail: 'own' })]);
    const { index } = memoryIndex(1, own);
    expect(() => guardedIndex(() => index)().ids.set('x', 1)).toThrow(own);
  });

  it('a read failing is VEP_INDEX_FAILED too, at no path of its own; a thrown value that is no Error is its detail', () => {
    const { index } = memoryIndex();
    const broken = {
      ...index,
      certificates: {
        get: () => {
          throw 'EIO'; // what a native binding may throw: a bare string
        },
        set: index.certificates.set,
      },
    };
    const e = errorOf(() => guardedIndex(() => broken)().certificates.get('c'));
    // the guard places the issue nowhere: it names the index, not a field of the input
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['VEP_INDEX_FAILED', [], { detail: 'EIO' }],
    ]);
    // the other store still reads
    expect(guardedIndex(() => broken)().ids.get('x')).toBeUndefined();
  });

  it('otherwise reads and writes go to the index unchanged: a duplicate is found in it', () => {
    const { index } = memoryIndex();
    const b = new VepBatch(prepared, { diskIndex: guardedIndex(() => index), memoryKeys: 0 });
    expect(b.process(p('A'), 1)?.ok).toBe(true);
    expect(index.ids.get('A')).toBe(1);
    expect(b.process(p('A'), 2)?.issues?.[0]?.code).toBe('VEP_PARCEL_DUPLICATE');
  });

  it('says whether the index copies its keys as the index says it (absent when it does not say)', () => {
    const { index } = memoryIndex();
    expect(guardedIndex(() => index)()).not.toHaveProperty('copiesKeys');
    expect(guardedIndex(() => ({ ...index, copiesKeys: true }))().copiesKeys).toBe(true);
    expect(guardedIndex(() => ({ ...index, copiesKeys: false }))().copiesKeys).toBe(false);
  });
});
