/**
 * The options of the VEP and carbon batches are checked as account()'s are: a misspelt key, a value of another type
 * or options that are no object are OPTIONS_INVALID at the option's path, before anything is read or stored.
 */
import { describe, expect, it } from 'vitest';
import { CarbonBatch, processActivities } from '../src/carbon/batch';
import { bundledRuleSet } from '../src/carbon/rules/bundled';
import { MemoryLedgerStore } from '../src/carbon/store';
import { StoredBatch } from '../src/carbon/stored-batch';
import { GepError } from '../src/core/errors';
import { ParcelValuer } from '../src/vep/valuer';
import { VepBatch } from '../src/vep/batch';
import { valueParcelsPooled } from '../src/vep/pool-node';
import { exampleContext } from './vep/helpers';

/** The [code, path] of each issue `f` throws (sync or async). */
async function refusal(f: () => unknown): Promise<[string, string][]> {
  try {
    await f();
  } catch (e) {
    if (!(e instanceof GepError)) throw e;
    return e.issues.map((i) => [i.code, i.path.join('.')]);
  }
  return [];
}

const ctx = exampleContext();

describe('VEP batch options', () => {
  it.each([
    ['no object', null, 'options'],
    ['a misspelt key', { fromat: 'csv' }, 'options'],
    ['a format it cannot read', { format: 'xml' }, 'options.format'],
    ['keys in memory below 0', { memoryKeys: -1 }, 'options.memoryKeys'],
    ['warnings neither inline nor refs', { warnings: 'summary' }, 'options.warnings'],
    ['a disk index that is no function', { diskIndex: {} }, 'options.diskIndex'],
    ['a cache of no entry', { cacheSize: 0 }, 'options.cacheSize'],
  ])('VepBatch refuses %s', async (_what, opts, path) => {
    expect(await refusal(() => new VepBatch(ctx, opts as never))).toEqual([['OPTIONS_INVALID', path]]);
  });

  it('VepBatch takes what it reads; a ParcelValuer given as context refuses valuer options it would not use', async () => {
    expect(
      await refusal(() => new VepBatch(ctx, { format: 'csv', checkDuplicates: false, cacheSize: 5 })),
    ).toEqual([]);
    const valuer = new ParcelValuer(ctx, { fastPath: false });
    expect(await refusal(() => new VepBatch(valuer, { format: 'csv' }))).toEqual([]);
    expect(await refusal(() => new VepBatch(valuer, { fastPath: true }))).toEqual([
      ['OPTIONS_INVALID', 'options.fastPath'],
    ]);
  });

  it('ParcelValuer refuses batch options and a cache of no entry', async () => {
    expect(await refusal(() => new ParcelValuer(ctx, { format: 'csv' } as never))).toEqual([
      ['OPTIONS_INVALID', 'options'],
    ]);
    expect(await refusal(() => new ParcelValuer(ctx, { cacheSize: 0.5 }))).toEqual([
      ['OPTIONS_INVALID', 'options.cacheSize'],
    ]);
  });

  it('the pool refuses no workers, a chunk of no line and a key it does not have before any worker starts', async () => {
    const run = (opts: object) => async () => {
      const gen = valueParcelsPooled([], ctx, { output: { kind: 'jsonl' }, workers: 1, ...opts } as never);
      await gen.next();
    };
    expect(await refusal(run({ workers: 0 }))).toEqual([['OPTIONS_INVALID', 'options.workers']]);
    expect(await refusal(run({ chunkLines: 0 }))).toEqual([['OPTIONS_INVALID', 'options.chunkLines']]);
    expect(await refusal(run({ chunks: 64 }))).toEqual([['OPTIONS_INVALID', 'options']]);
  });
});

describe('carbon batch options', () => {
  it.each([
    ['no object', null, 'options'],
    // `rule` for `rules`: without the check the batch ran without points, silently.
    ['a misspelt key', { rule: bundledRuleSet('jx-lvbao-example') }, 'options'],
    ['reductions neither required nor when-available', { reductions: 'maybe' }, 'options.reductions'],
    ['a rule set not loaded (its JSON)', { rules: { version: 1 } }, 'options.rules'],
    ['an account that is no function', { account: 'user:' }, 'options.account'],
    ['a partition below 0', { only: [-1] }, 'options.only.0'],
    ['strict as text', { strict: 'yes' }, 'options.strict'],
  ])('processActivities and CarbonBatch refuse %s', async (_what, opts, path) => {
    expect(await refusal(() => [...processActivities([], opts as never)])).toEqual([
      ['OPTIONS_INVALID', path],
    ]);
    expect(await refusal(() => new CarbonBatch(opts as never))).toEqual([['OPTIONS_INVALID', path]]);
  });

  it('StoredBatch.open refuses a chunk of no line and options of the in-memory batch only, before it reads the store', async () => {
    const store = new MemoryLedgerStore();
    expect(await refusal(() => StoredBatch.open(store, { chunk: 0 }))).toEqual([
      ['OPTIONS_INVALID', 'options.chunk'],
    ]);
    expect(await refusal(() => StoredBatch.open(store, { partitions: 4 } as never))).toEqual([
      ['OPTIONS_INVALID', 'options'],
    ]);
    expect(await refusal(() => StoredBatch.open(store, { attempts: 2, chunk: 10 }))).toEqual([]);
  });
});
