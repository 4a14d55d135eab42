import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../carbon/ledger/entry';
import { canonicalJson } from '../core/canonical';
import { AUDIT_GENESIS, type AuditBody, type AuditRecord, auditRecord, verifyAudit } from './audit';

const body = (seq: number, from: number, to: number): AuditBody => ({
  seq,
  at: '2026-01-01T00:00:00.000Z',
  key: 'op-a',
  role: 'operator',
  requestId: `r${seq}`,
  route: '/v1/carbon/activities',
  ledger: { from, to, head: `h${to}` },
  lines: { first: 1, last: 10, accepted: to - from, refused: 0 },
});

function chain(): AuditRecord[] {
  const a = auditRecord(body(0, 0, 4), AUDIT_GENESIS, sha256Hex);
  const b = auditRecord(body(1, 4, 9), a.hash, sha256Hex);
  return [a, b];
}

async function* of(rs: AuditRecord[]) {
  yield* rs;
}

describe('the audit trail', () => {
  it('hashes prev ‖ canonical body', () => {
    const [a] = chain() as [AuditRecord];
    expect(a.hash).toBe(sha256Hex(`${AUDIT_GENESIS}${canonicalJson(body(0, 0, 4))}`));
  });

  it('verifies an intact chain and reports the entries it covers', async () => {
    const [a, b] = chain() as [AuditRecord, AuditRecord];
    expect(await verifyAudit(of([a, b]), sha256Hex)).toEqual({
      ok: true,
      count: 2,
      head: b.hash,
      covered: 9,
      problems: [],
    });
  });

  it('finds an edited record, a removed one and a gap in the ledger ranges', async () => {
    const [a, b] = chain() as [AuditRecord, AuditRecord];
    const edited = await verifyAudit(of([{ ...a, key: 'op-b' }, b]), sha256Hex);
    expect(edited.problems).toEqual(['record 0: hash does not match its body']);
    const removed = await verifyAudit(of([b]), sha256Hex);
    expect(removed.ok).toBe(false);
    expect(removed.problems).toContain('record 0: prev is not the previous hash');
    expect(removed.problems).toContain('record 0: appends ledger entries from 4, expected 0');
  });
});
