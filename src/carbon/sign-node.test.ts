import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointSignatureValid, checkpointSigner, publicKeyFromPem } from './sign-node';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    priv: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    pub: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
};
const head = { seq: 42, head: 'ab'.repeat(32), lastTs: '2024-05-01T08:00:00.000Z' };

describe('signed checkpoints (Ed25519)', () => {
  it('sign a head dated by its last entry; the signature verifies, by the expected key only', () => {
    const k = pair();
    const c = checkpointSigner(k.priv)(head);
    expect(c).toMatchObject({ count: 42, head: head.head, ts: head.lastTs });
    expect(checkpointSignatureValid(c)).toBe(true);
    expect(checkpointSignatureValid(c, publicKeyFromPem(k.pub))).toBe(true);
    expect(checkpointSignatureValid(c, publicKeyFromPem(pair().pub))).toBe(false);
    // Deterministic: the same head and key sign to the same checkpoint.
    expect(checkpointSigner(k.priv)(head)).toEqual(c);
  });

  it('a checkpoint with any signed member changed no longer verifies', () => {
    const c = checkpointSigner(pair().priv)(head);
    expect(checkpointSignatureValid({ ...c, count: 43 })).toBe(false);
    expect(checkpointSignatureValid({ ...c, head: 'cd'.repeat(32) })).toBe(false);
    expect(checkpointSignatureValid({ ...c, ts: '2024-05-02T08:00:00.000Z' })).toBe(false);
    expect(checkpointSignatureValid({ ...c, signature: 'AAAA' })).toBe(false);
    expect(checkpointSignatureValid({ ...c, publicKey: 'not a key' })).toBe(false);
  });

  it('refuses a key that is not Ed25519, or not a key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => checkpointSigner(rsa)).toThrow(expect.objectContaining({ code: 'LEDGER_KEY_INVALID' }));
    expect(() => checkpointSigner('nope')).toThrow(expect.objectContaining({ code: 'LEDGER_KEY_INVALID' }));
  });
});
