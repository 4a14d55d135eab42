import type { Issue } from '../core/errors';

/**
 * Distinct warnings of a batch, each with an entry of the caller's (a catalogue entry with its ref, or a
 * worker's local number). Two warnings are the same entry when code, path after the line and the parameters
 * other than `id` agree (so "encumbered" warnings of many parcels share one entry): the key is
 * JSON.stringify([code, path after the line, params without the id]). `id` is text that differs from parcel to
 * parcel: the parcel id, or what the id rule read (VEP_FIELD_NORMALISED's package, certificate or holder), so that
 * the catalogue does not grow with the parcels when every certificate of a batch is rewritten (full-width brackets).
 *
 * The fast path hands every parcel of a (key, types) copies of the same warnings that share their `params`
 * object (ParcelValuer.fastWarnings copies the issue, not its params), and issues are never mutated; so the
 * params' text is kept per params object, with the entry it last led to and that entry's code and path text:
 * when those agree the key is the same string and so is the entry, and the key is not built again.
 */
export class WarningKeys<E> {
  private readonly entries = new Map<string, E>();
  private readonly memo = new WeakMap<
    object,
    { text: string; code: string; rest: string; entry: E | undefined }
  >();
  private readonly noParams: NonNullable<Issue['params']> = {};

  /** `make` builds the entry of a warning not seen before (its key, the warning, the line it is on). */
  constructor(private readonly make: (key: string, w: Issue, line: number) => E) {}

  /** The entry of a warning found on `line`. */
  entryOf(w: Issue, line: number): E {
    const rest = w.path.length === 2 ? '[]' : JSON.stringify(w.path.slice(2));
    const params = w.params ?? this.noParams;
    let memo = this.memo.get(params);
    if (memo === undefined) {
      const { id: _id, ...others } = params;
      memo = { text: JSON.stringify(others), code: '', rest: '', entry: undefined };
      this.memo.set(params, memo);
    } else if (memo.entry !== undefined && memo.code === w.code && memo.rest === rest) return memo.entry;
    const k = `[${JSON.stringify(w.code)},${rest},${memo.text}]`;
    let e = this.entries.get(k);
    if (e === undefined) this.entries.set(k, (e = this.make(k, w, line)));
    memo.code = w.code;
    memo.rest = rest;
    memo.entry = e;
    return e;
  }

  /** How many distinct warnings have entries. */
  get size(): number {
    return this.entries.size;
  }

  /** The entries, in the order they were made. */
  values(): IterableIterator<E> {
    return this.entries.values();
  }

  /** The entry of a key, if one was made (a key of another batch's WarningKeys is the same text). */
  get(key: string): E | undefined {
    return this.entries.get(key);
  }

  /** Enter an entry under a key (a catalogue built from keys that another batch made). */
  set(key: string, e: E): void {
    this.entries.set(key, e);
  }
}
