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
    const d = distance(g, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= 2 && bestDistance * 2 < Math.max(given.length, best.length) ? best : undefined;
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] as number;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * cols + j] = v;
    }
  return at(a.length, b.length);
}
