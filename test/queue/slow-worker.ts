/**
 * A queue worker for the fault tests, bundled and run as its own process: `node slow-worker.mjs URL DELAY_MS`.
 * Each job waits DELAY_MS before it runs (so a test can kill the process mid-job), with a short lock so that
 * another worker takes the job over soon after. Prints one line per job event on stdout.
 */
import { startWorker } from '../../src/queue/worker-node';

const [url, delay] = process.argv.slice(2);
const worker = await startWorker(url as string, {
  lockDuration: 2000,
  stalledInterval: 500,
  beforeJob: async () => {
    await new Promise((r) => setTimeout(r, Number(delay)));
  },
  onJob: (e) => process.stdout.write(`${e.state} ${e.id}\n`),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
