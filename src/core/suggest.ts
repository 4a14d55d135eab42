/**
 * "Did you mean": the candidate closest to what was written, by edit distance (insertions, deletions,
 * substitutions, and swaps of two neighbours), if it is close enough to be a likely slip — at most 2 edits, and
 * fewer than half the length of the longer word. Case is ignored; ties go to the first candidate.
 *
 * @example
 * ```ts
 * closest('R99', ['R1', 'R9', 'C1']); // 'R9'
 * closest('--base-yaer', ['--base-year', '--profile']); // '--base-year'
 * closest('xyz', ['R1']); // undefined
 * ```
 */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  const g = given.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // Only a distance of at most MAX_EDITS is ever used: one past it stands for every larger one, and a candidate
    // whose length differs by more is that far at least (each insertion or deletion changes the length by one), so
    // a 200,000-character value costs one comparison of lengths per candidate.
    const d = boundedDistance(g, c.toLowerCase(), MAX_EDITS);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= MAX_EDITS && bestDistance * 2 < Math.max(given.length, best.length)
    ? best
    : undefined;
}

/** The most edits of a suggestion. */
const MAX_EDITS = 2;

/**
 * Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring) when it is at
 * most `k`, else k + 1. Only the band |i − j| ≤ k of the table is computed (a cell outside it is more than k), and
 * the computation stops at a row whose every cell is more than k: O(length × k) at most.
 */
export function boundedDistance(a: string, b: string, k: number): number {
  if (Math.abs(a.length - b.length) > k) return k + 1;
  const far = k + 1;
  const cols = b.length + 1;
  // Three rows: i − 2, i − 1 and i; a cell not computed holds `far`.
  let before = new Array<number>(cols).fill(far);
  let prev = new Array<number>(cols).fill(far);
  let row = new Array<number>(cols).fill(far);
  for (let j = 0; j <= Math.min(k, b.length); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row.fill(far, Math.max(0, i - k - 2), Math.min(cols, i + k + 2));
    if (i <= k) row[0] = i;
    let least = i <= k ? i : far;
    for (let j = Math.max(1, i - k); j <= Math.min(b.length, i + k); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (before[j - 2] as number) + 1);
      row[j] = Math.min(v, far);
      if (v < least) least = v;
    }
    if (least > k) return far;
    [before, prev, row] = [prev, row, before];
  }
  return Math.min(prev[b.length] as number, far);
}
