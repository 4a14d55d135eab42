import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GepError } from '../src/core/errors';
import { defaultWorkerFile } from '../src/raster/pool-node';
import { defaultPoolWorkerFile } from '../src/vep/pool-node';

/** The issue a call throws. */
function issueOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e.issues[0];
    throw e;
  }
  throw new Error('no error');
}

// Run from the sources, no worker file is built beside either pool: each raises its module's own error, naming
// the two places it looked (beside the module, and beside a CLI bundle one folder over: the same folder here).
describe('the bundled worker files, missing', () => {
  it('raster: RASTER_WORKER_FAILED, with the way round it', () => {
    const here = join(process.cwd(), 'src', 'raster', 'worker.js');
    const i = issueOf(() => defaultWorkerFile());
    expect(i?.code).toBe('RASTER_WORKER_FAILED');
    expect(i?.params).toEqual({
      detail: `no worker file (looked for ${here}, ${here}); pass workerFile or run with workers 0`,
    });
  });

  it('vep: VEP_WORKER_FAILED, with the way round it', () => {
    const here = join(process.cwd(), 'src', 'vep', 'pool-worker.js');
    const i = issueOf(() => defaultPoolWorkerFile());
    expect(i?.code).toBe('VEP_WORKER_FAILED');
    expect(i?.params).toEqual({ detail: `no worker file (looked for ${here}, ${here}); run with workers 0` });
  });
});
