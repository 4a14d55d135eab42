/**
 * The one rule for identifiers written by people (parcel ids, activity ids, user ids): surrounding white space
 * is removed and the rest is brought to Unicode normalisation form NFKC, so that full-width letters and digits
 * (ＰＫ１, what Chinese input methods type in full-width mode), ligatures and compatibility forms read as their
 * plain characters, and `b1 `, `ｂ1` and `b1` are one id. Case is kept: `B1` and `b1` are two ids. Text that is
 * already ASCII is NFKC as it stands, so only its white space is trimmed (no normalisation is run).
 *
 * @example
 * ```ts
 * normalizeId(' ＰＫ－０１ '); // 'PK-01'
 * normalizeId('B1'); // 'B1'
 * ```
 */
export function normalizeId(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s.normalize('NFKC').trim();
  return s.trim();
}
