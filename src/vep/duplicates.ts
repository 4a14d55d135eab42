import type { Issue, Path } from '../core/errors';
import { normalizeId } from '../core/ids';
import { vepIssue } from './errors';

/** One key set of the duplicate checks (a Map is one). */
export interface KeyStore<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
}

/**
 * The package and holder a certificate was read under, null for none. Two owners are the same when both fields
 * are (sameOwner): no package is not a package named `(none)`, and the pair is never compared as one text.
 */
export interface CertificateOwner {
  package: string | null;
  holder: string | null;
}

/** Where a certificate was first valued: its package and holder, and the parcel id. */
export interface CertificateSeen {
  owner: CertificateOwner;
  id: string;
}

/** What the duplicate checks remember of valued parcels: id → the line it was valued on; certificate → where. */
export interface DuplicateIndex {
  ids: KeyStore<number>;
  certificates: KeyStore<CertificateSeen>;
  /** Release the index (its files); the batch calls it once, from `close()`. */
  close(): void;
  /**
   * True when the stores keep copies of their keys (as bytes, on disk): the checks then hand them the keys as
   * they are. Otherwise each key is copied first, so that a key cut from a line does not keep the line alive.
   */
  copiesKeys?: boolean;
}

/** Ids and certificates a batch keeps in memory before it moves them to its disk index. */
export const MEMORY_KEYS = 100_000;

/** What the checks read of a parcel: its id, package, and the certificates and holders of its rights. */
export interface ParcelKeys {
  id: string;
  package: string | null;
  rights: readonly { certificate?: string | undefined; holder?: string | undefined }[];
}

/** A parcel's certificates not seen on a valued parcel, with their owners. */
export type FreshCertificates = Map<string, CertificateOwner>;

/** Most distinct owners kept (one object each, shared between parcels); beyond, each parcel builds its own. */
const OWNERS_KEPT = 10_000;

/**
 * The duplicate checks of a batch: a parcel id valued earlier, and a certificate valued earlier under another
 * package or holder. The ids and certificates are kept in memory until `memoryKeys` of them, then moved to the
 * index `diskIndex` opens (when given), where the rest of the batch keeps them.
 */
export class DuplicateChecks {
  /** Parcel id → the line it was valued on. */
  private seen: KeyStore<number> = new Map();
  /** Certificate → the package and holder it first appeared under (with the parcel id). */
  private certificates: KeyStore<CertificateSeen> = new Map();
  /** Keys set in the memory maps; undefined once they have moved to the disk index (or with no index). */
  private keysInMemory: number | undefined;
  private index: DuplicateIndex | undefined;
  /** Package → holder → their owner (null as the key for none). */
  private readonly owners = new Map<string | null, Map<string | null, CertificateOwner>>();
  private ownersKept = 0;

  constructor(
    private readonly diskIndex: (() => DuplicateIndex) | undefined,
    private readonly memoryKeys = MEMORY_KEYS,
  ) {
    this.keysInMemory = diskIndex === undefined ? undefined : 0;
  }

  /**
   * VEP_PARCEL_DUPLICATE when the id was valued earlier; VEP_CERTIFICATE_DUPLICATE when a certificate of the
   * parcel appeared earlier under another package or holder (one certificate may back several parcels of one
   * package and holder): on a valued parcel, or on an earlier right of this parcel. Certificates and holders are
   * compared as ids are (core/ids.ts: white space trimmed, NFKC), so `"CERT-1 "` and `ＣＥＲＴ－１` are `CERT-1`, and a
   * JSON Lines parcel is judged as the same parcel in CSV (whose cells are trimmed); one that is empty so is none,
   * as a blank CSV cell is. Owners are compared field by field (sameOwner): a package or holder named `(none)`, or
   * whose text holds `, holder `, is not another owner in disguise. The refusal names the first owner as text
   * (ownerText). Otherwise the parcel's certificates not seen on a valued parcel (as read), with their owners
   * (undefined: none); nothing is remembered here (claim does it once the parcel is valued).
   */
  check(parcel: ParcelKeys, path: Path): Issue | FreshCertificates | undefined {
    const first = this.seen.get(parcel.id);
    if (first !== undefined)
      return vepIssue('VEP_PARCEL_DUPLICATE', [...path, 'id'], { id: parcel.id, first });
    let own: FreshCertificates | undefined;
    for (const [i, r] of parcel.rights.entries()) {
      const certificate = readKey(r.certificate);
      if (certificate === undefined) continue;
      const owner = this.owner(parcel.package, readKey(r.holder) ?? null);
      const valued = this.certificates.get(certificate);
      const earlier = own?.get(certificate);
      const seen = valued ?? (earlier === undefined ? undefined : { owner: earlier, id: parcel.id });
      if (seen === undefined) (own ??= new Map()).set(certificate, owner);
      else if (!sameOwner(seen.owner, owner))
        return vepIssue('VEP_CERTIFICATE_DUPLICATE', [...path, 'rights', i, 'certificate'], {
          certificate,
          first: `${seen.id}: ${ownerText(seen.owner)}`,
          id: parcel.id,
        });
    }
    return own;
  }

  /**
   * Remember a valued parcel's id (with its line) and its certificates not seen before (`fresh`, with their
   * package and holder, and the parcel id): a refused parcel claims neither, so a corrected copy after it is
   * valued, and a later duplicate names the valued line.
   */
  claim(id: string, line: number, fresh: FreshCertificates | undefined): void {
    const kept = this.index?.copiesKeys === true ? id : detached(id);
    this.remember(this.seen, kept, line);
    if (fresh === undefined) return;
    for (const [certificate, owner] of fresh)
      this.remember(
        this.certificates,
        this.index?.copiesKeys === true ? certificate : detached(certificate),
        { owner, id: kept },
      );
  }

  /** Release the disk index, if the checks opened one (its files are removed). */
  close(): void {
    const index = this.index;
    this.index = undefined;
    index?.close();
  }

  /** The owner of a package and holder, one object per distinct pair (a batch has few of them, many parcels). */
  private owner(pkg: string | null, holder: string | null): CertificateOwner {
    const holders = this.owners.get(pkg);
    const known = holders?.get(holder);
    if (known !== undefined) return known;
    // detached: the owner of a claimed certificate is kept for the whole batch, not the line it was cut from
    const kept = {
      package: pkg === null ? null : detached(pkg),
      holder: holder === null ? null : detached(holder),
    };
    if (this.ownersKept >= OWNERS_KEPT) return kept;
    this.ownersKept += 1;
    if (holders === undefined) this.owners.set(kept.package, new Map([[kept.holder, kept]]));
    else holders.set(kept.holder, kept);
    return kept;
  }

  /** Set a key of a check; past `memoryKeys` keys in memory, all of them move to the disk index. */
  private remember<V>(store: KeyStore<V>, key: string, value: V): void {
    store.set(key, value);
    if (this.keysInMemory === undefined || ++this.keysInMemory <= this.memoryKeys) return;
    const index = (this.diskIndex as () => DuplicateIndex)();
    this.index = index;
    for (const [k, v] of this.seen as Map<string, number>) index.ids.set(k, v);
    for (const [k, v] of this.certificates as Map<string, CertificateSeen>) index.certificates.set(k, v);
    this.seen = index.ids;
    this.certificates = index.certificates;
    this.keysInMemory = undefined;
  }
}

/** Whether two owners are one: the same package (or none on both) and the same holder (or none on both). */
export const sameOwner = (a: CertificateOwner, b: CertificateOwner): boolean =>
  a.package === b.package && a.holder === b.holder;

/**
 * An owner as a refusal names it: `package P, holder H`, `(none)` for either that is absent. A package or holder
 * that could be read as something else — one named `(none)`, or holding a comma or a double quote — is written as
 * a JSON string (`package "(none)", holder H`; `package "A, holder X", holder (none)`), so that two owners the
 * checks tell apart never read alike.
 */
export function ownerText(o: CertificateOwner): string {
  const shown = (s: string | null) =>
    s === null ? '(none)' : s === '(none)' || /[,"]/.test(s) ? JSON.stringify(s) : s;
  return `package ${shown(o.package)}, holder ${shown(o.holder)}`;
}

/** A certificate or holder as the checks compare it: by the id rule (normalizeId); empty or absent is none. */
function readKey(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const k = normalizeId(s);
  return k === '' ? undefined : k;
}

/**
 * A copy of a string kept for the whole batch (an id, a certificate) that does not hold on to the line it was
 * cut from: engines may keep a substring as a view of its parent (V8 does from 13 characters on), so a key
 * sliced from a CSV line would keep the whole line alive. Concatenating and cutting back gives the same
 * characters in a string of their own size.
 */
const detached = (s: string): string => (s.length < 13 ? s : `${s} `.slice(0, -1));
