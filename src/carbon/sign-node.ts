/**
 * Signed checkpoints with Ed25519 (node:crypto): a signature over the ledger's head at a count of entries
 * (`checkpointMessage`), with the signer's public key, so that the head can be published elsewhere as an anchor
 * and checked by anyone holding the key. Ed25519 signatures are deterministic: the same head and key give the
 * same checkpoint.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { carbonFail } from './errors';
import { type Checkpoint, type StoredHead, checkpointMessage } from './store';

/** The SPKI DER (base64) of an Ed25519 key's public half. */
function publicKeyOf(key: ReturnType<typeof createPrivateKey>): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/**
 * A signer from an Ed25519 private key (PEM, PKCS#8): signs a head into a checkpoint dated by the ledger's last
 * entry (or the given time).
 *
 * @example
 * const { privateKey } = generateKeyPairSync('ed25519');
 * const signHead = checkpointSigner(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
 * const c = signHead(await store.head());
 */
export function checkpointSigner(privateKeyPem: string): (head: StoredHead, ts?: string) => Checkpoint {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (e) {
    return carbonFail('LEDGER_KEY_INVALID', [], {
      key: 'signing',
      detail: `it cannot be read: ${(e as Error).message}`,
    });
  }
  ed25519Only(key, 'signing');
  const publicKey = publicKeyOf(key);
  return (head, ts) => {
    const c = { count: head.seq, head: head.head, ts: ts ?? head.lastTs ?? '1970-01-01T00:00:00.000Z' };
    const out: Checkpoint = {
      ...c,
      publicKey,
      signature: sign(null, Buffer.from(checkpointMessage(c), 'utf8'), key).toString('base64'),
    };
    // The partition heads the root covers, so that a verifier finds each in its chain.
    if (head.partitions !== undefined) out.partitions = head.partitions.map((p) => ({ ...p }));
    return out;
  };
}

/** True when the checkpoint's signature verifies with its public key (and, when given, that key is `expectedKey`). */
export function checkpointSignatureValid(c: Checkpoint, expectedKey?: string): boolean {
  if (expectedKey !== undefined && c.publicKey !== expectedKey) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(c.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(checkpointMessage(c), 'utf8'), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The public key (SPKI DER, base64) of an Ed25519 public key in PEM, for `checkpointSignatureValid`'s expectedKey. */
export function publicKeyFromPem(pem: string): string {
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    return carbonFail('LEDGER_KEY_INVALID', [], {
      key: 'public',
      detail: `it cannot be read: ${(e as Error).message}`,
    });
  }
  ed25519Only(key, 'public');
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** LEDGER_KEY_INVALID unless `key` is an Ed25519 key. */
function ed25519Only(key: ReturnType<typeof createPublicKey>, which: 'public' | 'signing'): void {
  if (key.asymmetricKeyType !== 'ed25519')
    carbonFail('LEDGER_KEY_INVALID', [], {
      key: which,
      detail: `its type is ${key.asymmetricKeyType ?? '?'}, not Ed25519`,
    });
}
