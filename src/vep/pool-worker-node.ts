/** The worker thread of the parcel pool (./pool-node.ts): a PoolWorker answering the coordinator's messages. */
import { parentPort, workerData } from 'node:worker_threads';
import { GepError } from '../core/errors';
import { type ChunkIn, type ChunkVerdicts, type PoolSetup, PoolWorker } from './pool-worker';

const port = parentPort;
if (port !== null) {
  const worker = new PoolWorker(workerData as PoolSetup);
  port.on('message', (m: ChunkIn | ChunkVerdicts | { end: true }) => {
    try {
      if ('text' in m) {
        const keys = worker.read(m);
        const transfer = [keys.lines, keys.kinds, keys.counts, keys.warnings].map(
          (a) => a.buffer as ArrayBuffer,
        );
        port.postMessage({ keys }, transfer);
      } else if ('duplicates' in m) {
        const out = worker.write(m);
        // Runs of one chunk share their buffer: each buffer is handed over once.
        const transfer = [
          ...new Set(out.parts.filter((p) => p instanceof Uint8Array).map((p) => p.buffer as ArrayBuffer)),
        ];
        port.postMessage({ out }, transfer);
      } else port.postMessage({ totals: worker.totals() });
    } catch (e) {
      if (e instanceof GepError) port.postMessage({ issues: e.issues });
      else port.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  });
}
