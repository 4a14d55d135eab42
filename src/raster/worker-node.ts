/** The worker thread of the raster pool: runs tasks (./tasks-node.ts) and posts their results back. */
import { parentPort } from 'node:worker_threads';
import { GepError } from '../core/errors';
import { type Task, closeLayers, runTask } from './tasks-node';

const port = parentPort;
if (port !== null) {
  port.on('message', async (msg: { id: number; task?: Task; close?: boolean }) => {
    if (msg.close) {
      await closeLayers();
      port.postMessage({ id: msg.id, closed: true });
      return;
    }
    try {
      const result = await runTask(msg.task as Task);
      const transfer = Object.values(result)
        .filter((v): v is Float64Array => ArrayBuffer.isView(v))
        .map((v) => v.buffer as ArrayBuffer);
      port.postMessage({ id: msg.id, result }, transfer);
    } catch (e) {
      if (e instanceof GepError) port.postMessage({ id: msg.id, issues: e.issues });
      else
        port.postMessage({
          id: msg.id,
          error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e),
        });
    }
  });
}
