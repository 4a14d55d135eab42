/**
 * Node adapter: a carbon partition held by one job at a time on a PostgreSQL ledger. The job takes a session-level
 * advisory lock keyed by the ledger's schema and the partition, on a connection of its own, for as long as it runs;
 * a worker that dies loses its connection and with it the lock. A second job on the partition (BullMQ ran the
 * job twice: a worker that lost its job lock while still running) finds the lock taken and throws PartitionHeld: the
 * worker puts the job back to wait (./worker-node.ts), without using up an attempt, until the first copy has
 * ended, so that one job's journal and results file are written by one process.
 */
import pg from 'pg';

/** Released by `release()` (or by the connection's end when the process dies). */
export interface PartitionLock {
  release(): Promise<void>;
}

/**
 * Another job holds the partition: not a failure of this job, which waits for the other to end (however long it
 * runs), as the worker delays it.
 */
export class PartitionHeld extends Error {
  override readonly name = 'PartitionHeld';
}

/**
 * Take partition `partition`'s job lock on the ledger at `url`, or throw PartitionHeld when another connection
 * holds it.
 */
export async function holdPartition(url: string, partition: number): Promise<PartitionLock> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  const key = "hashtext('gepkit-queue-partition:' || current_schema())";
  try {
    // A connection refused during sign-in is closed here: left open, the server would hold it until its
    // authentication timeout (60 s by default), and the worker's process with it.
    await client.connect();
    const r = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${key}, $1) AS ok`, [
      partition,
    ]);
    if (r.rows[0]?.ok !== true)
      throw new PartitionHeld(`partition ${partition} of the ledger is held by another job: retried later`);
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  return {
    async release() {
      await client.end().catch(() => undefined);
    },
  };
}
