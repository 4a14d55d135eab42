import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { GepError } from '../core/issue';
import { Drain } from './drain';

describe('Drain', () => {
  it('race gives what the promise gives, and leaves no listener behind (a long-running server calls it per step)', async () => {
    const drain = new Drain();
    for (let i = 0; i < 1000; i++) expect(await drain.race(Promise.resolve(i))).toBe(i);
    await expect(drain.race(Promise.reject(new Error('read failed')))).rejects.toThrow('read failed');
    expect(await drain.finishes(Promise.resolve('done'))).toBe(true);
    expect(getEventListeners(drain.signal, 'abort')).toHaveLength(0);
  });
  it('the drain time ending first: race throws SERVE_SHUTTING_DOWN, finishes says false; after it, at once', async () => {
    const drain = new Drain();
    const never = new Promise<number>(() => undefined);
    const racing = drain.race(never);
    const finishing = drain.finishes(never);
    expect(drain.draining).toBe(false);
    drain.begin();
    expect(drain.draining).toBe(true);
    drain.cut();
    const refused = await racing.catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GepError);
    expect((refused as GepError).issues[0]?.code).toBe('SERVE_SHUTTING_DOWN');
    expect(await finishing).toBe(false);
    await expect(drain.race(Promise.resolve(1))).rejects.toBeInstanceOf(GepError);
    expect(await drain.finishes(Promise.resolve())).toBe(false);
  });
});
