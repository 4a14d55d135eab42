// What one message between threads costs, as the parcel pool (src/vep/pool-node.ts) sends them: a thread posts a
// message to a worker, which answers each with one; with `depth` messages in flight the worker finds the next one
// queued instead of sleeping until it comes. Prints, per depth, wall µs per message and CPU µs per message in the
// worker and in this thread (process.cpuUsage of each). No gepkit code runs: this is the floor under the pool.
// Run: node bench/pool-messages.bench.mjs   (N=messages per depth, default 20,000; DEPTHS=1,4,16)
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

if (isMainThread) {
  const N = Number(process.env.N ?? 20_000);
  const depths = (process.env.DEPTHS ?? '1,4,16').split(',').map(Number);
  for (const depth of depths) {
    const w = new Worker(new URL(import.meta.url));
    let got = 0;
    let sent = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((done) => {
      w.on('message', () => {
        if (++got === N) done();
        else if (sent < N) {
          w.postMessage(1);
          sent += 1;
        }
      });
      for (; sent < depth; sent++) w.postMessage(1);
    });
    const wall = performance.now() - t0;
    const mine = process.cpuUsage(c0);
    w.postMessage('cpu');
    const theirs = await new Promise((r) => w.once('message', r));
    console.log(
      `depth ${String(depth).padStart(2)}: ${((wall / N) * 1000).toFixed(1)} µs per message; CPU µs per message: ` +
        `worker ${(theirs / N).toFixed(1)}, this thread ${((mine.user + mine.system) / N).toFixed(1)}`,
    );
    await w.terminate();
  }
} else {
  const c0 = process.cpuUsage();
  parentPort.on('message', (m) => {
    if (m !== 'cpu') return parentPort.postMessage(1);
    const c = process.cpuUsage(c0);
    parentPort.postMessage(c.user + c.system);
  });
}
