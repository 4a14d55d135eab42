/**
 * The operator audit trail: one record per write to the carbon ledger, naming the key that made it, hash-chained
 * like the ledger (hash = H(prev ‖ canonical JSON of the record's body)), so that removing, reordering or editing
 * a record breaks the chain. The records cover the ledger: each names the range of ledger entries it appended,
 * and `verifyAudit` checks that the ranges follow one another from 0 to the ledger's count.
 */
import { canonicalJson } from '../core/canonical';

export const AUDIT_GENESIS = '0'.repeat(64);

/** What a write was: who, through which request, and which ledger entries it appended. */
export interface AuditBody {
  seq: number;
  /** Server time of the write (ISO 8601, UTC). */
  at: string;
  key: string;
  role: string;
  requestId: string;
  route: string;
  /** Ledger entries [from, to) appended, and the ledger head after them. */
  ledger: { from: number; to: number; head: string };
  /** Lines of the request this write covered, and how many were accepted or refused. */
  lines: { first: number; last: number; accepted: number; refused: number };
}

export interface AuditRecord extends AuditBody {
  prev: string;
  hash: string;
}

/** Where audit records are kept: appended in order, read in order. */
export interface AuditStore {
  append(r: AuditRecord): Promise<void>;
  head(): Promise<{ count: number; head: string }>;
  records(from?: number): AsyncIterable<AuditRecord>;
}

/** Audit records in memory (the embedded default; a persistent ledger needs a persistent trail beside it). */
export class MemoryAuditStore implements AuditStore {
  private readonly list: AuditRecord[] = [];

  append(r: AuditRecord): Promise<void> {
    this.list.push(structuredClone(r));
    return Promise.resolve();
  }

  head(): Promise<{ count: number; head: string }> {
    return Promise.resolve({ count: this.list.length, head: this.list.at(-1)?.hash ?? AUDIT_GENESIS });
  }

  async *records(from = 0): AsyncIterable<AuditRecord> {
    for (let i = from; i < this.list.length; i += 1) yield structuredClone(this.list[i] as AuditRecord);
  }
}

/** The record of a body after `prev`, hashed with `hash` (hex SHA-256 of a string). */
export function auditRecord(body: AuditBody, prev: string, hash: (s: string) => string): AuditRecord {
  return { ...body, prev, hash: hash(`${prev}${canonicalJson(body)}`) };
}

export interface AuditVerification {
  ok: boolean;
  count: number;
  head: string;
  /** Ledger entries the records account for (the `to` of the last record). */
  covered: number;
  problems: string[];
}

/** Check the chain and that the records' ledger ranges follow one another from 0. */
export async function verifyAudit(
  records: AsyncIterable<AuditRecord>,
  hash: (s: string) => string,
): Promise<AuditVerification> {
  const problems: string[] = [];
  let prev = AUDIT_GENESIS;
  let count = 0;
  let covered = 0;
  for await (const r of records) {
    const { prev: p, hash: h, ...body } = r;
    if (r.seq !== count) problems.push(`record ${count}: seq is ${r.seq}`);
    if (p !== prev) problems.push(`record ${count}: prev is not the previous hash`);
    if (auditRecord(body, p, hash).hash !== h) problems.push(`record ${count}: hash does not match its body`);
    if (r.ledger.from !== covered)
      problems.push(`record ${count}: appends ledger entries from ${r.ledger.from}, expected ${covered}`);
    covered = r.ledger.to;
    prev = h;
    count += 1;
  }
  return { ok: problems.length === 0, count, head: prev, covered, problems };
}
