/**
 * API keys and roles. The keys file holds each key's id, role and the SHA-256 of the key (never the key), so a
 * copy of the file grants nothing. Keys are 32 random bytes (base64url, prefixed `gk_`): a fast hash is the right
 * store for a secret of that entropy (a password hash is for guessable secrets).
 *
 * Roles: `read-only` (reference data, computations, balances and ledger head), `operator` (also appends carbon
 * activities), `verifier` (also verifies the ledger), `auditor` (also verifies and reads the operator audit trail).
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import * as z from 'zod';
import { serveFail } from './errors';

export const ROLES = ['read-only', 'operator', 'verifier', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** What a route needs: nothing (public), any role (read), or one of a list of roles. */
export type Access = 'public' | 'read' | readonly Role[];

export const keyEntrySchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .meta({ description: 'Who holds the key: named in the audit trail.' }),
    role: z.enum(ROLES),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .meta({ description: 'SHA-256 of the key, lower-case hex.' }),
    perMinute: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Requests per minute (default: --rate).' }),
    note: z.string().optional(),
  })
  .strict();

export const keysFileSchema = z.object({ keys: z.array(keyEntrySchema) }).strict();

export type KeyEntry = z.output<typeof keyEntrySchema>;

/** Who is calling: a key's id and role, or anonymous (only when the server runs without a keys file). */
export interface Caller {
  id: string;
  role: Role;
  perMinute?: number;
  anonymous: boolean;
}

/** SHA-256 of a key as the keys file stores it. */
export function keyHash(key: string): string {
  return bytesToHex(sha256(utf8ToBytes(key)));
}

/** A new key: `gk_` and 32 random bytes in base64url (crypto.getRandomValues, in Node and browsers). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return `gk_${btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
}

/** The keys of a keys file, by hash; SERVE_KEYS_INVALID for a file that does not fit the schema or repeats an id. */
export function loadKeys(json: unknown, file: string): ReadonlyMap<string, KeyEntry> {
  const parsed = keysFileSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0] as z.core.$ZodIssue;
    serveFail('SERVE_KEYS_INVALID', [], { file, detail: `${i.path.join('.') || '(root)'}: ${i.message}` });
  }
  const byHash = new Map<string, KeyEntry>();
  const ids = new Set<string>();
  for (const k of parsed.data.keys) {
    if (ids.has(k.id)) serveFail('SERVE_KEYS_INVALID', [], { file, detail: `the id ${k.id} appears twice` });
    if (byHash.has(k.sha256))
      serveFail('SERVE_KEYS_INVALID', [], {
        file,
        detail: `the keys of ${k.id} and ${byHash.get(k.sha256)?.id} are one`,
      });
    ids.add(k.id);
    byHash.set(k.sha256, k);
  }
  return byHash;
}

/**
 * The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`; `conflict` when both headers
 * carry keys and they differ (the request would act as one of two callers).
 */
export function keyOf(
  authorization: string | undefined,
  apiKey: string | undefined,
): { key: string | undefined; conflict: boolean } {
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const header = apiKey?.trim() || undefined;
  return {
    key: bearer ?? header,
    conflict: bearer !== undefined && header !== undefined && bearer !== header,
  };
}

/** Whether a caller's role may use a route. */
export function allows(access: Access, role: Role): boolean {
  return access === 'public' || access === 'read' || access.includes(role);
}
