import { describe, expect, it, vi } from 'vitest';

/** Worker threads whose second construction fails, as when the process runs out of threads or memory. */
const started: { terminated: boolean }[] = [];
vi.mock('node:worker_threads', () => ({
  Worker: class {
    terminated = false;
    constructor() {
      if (started.length === 1) throw new Error('ERR_WORKER_INIT_FAILED');
      started.push(this);
    }
    on() {
      return this;
    }
    async terminate() {
      this.terminated = true;
      return 0;
    }
  },
}));

describe('workerPool', () => {
  it('a worker that cannot start stops the pool: the workers started before it are terminated', async () => {
    const { workerPool } = await import('./pool-node');
    expect(() => workerPool(3, 'worker.js')).toThrow('ERR_WORKER_INIT_FAILED');
    expect(started).toHaveLength(1);
    expect(started[0]?.terminated).toBe(true);
  });
});
