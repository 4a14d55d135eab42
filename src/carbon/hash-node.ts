import * as crypto from 'node:crypto';
import type { Hasher } from './ledger/entry';

/**
 * sha256 hex with Node's crypto (same digest as the pure-JS default, faster). The one-shot `crypto.hash`
 * (Node ≥ 20.12) costs half of a createHash object per entry; older Node 20 releases use createHash.
 */
export const nodeSha256: Hasher =
  typeof crypto.hash === 'function'
    ? (s) => crypto.hash('sha256', s, 'hex')
    : (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
