/**
 * A k-way merge of sources each in increasing order of a key (numbers, or strings in UTF-16 code unit order, as
 * `<` compares them) into one stream in that order: a binary min-heap over the sources' heads (log k steps per
 * item), sources of equal keys taken in source order. Pure.
 */
export async function* mergeByKey<T, K extends number | string>(
  sources: readonly AsyncIterable<T>[],
  key: (item: T) => K,
): AsyncGenerator<T> {
  const its = sources.map((s) => s[Symbol.asyncIterator]());
  const heads: (T | undefined)[] = await Promise.all(
    its.map(async (it) => {
      const r = await it.next();
      return r.done === true ? undefined : r.value;
    }),
  );
  // The heap holds the indices of the sources that have a head, ordered by (key of the head, source index).
  const less = (a: number, b: number): boolean => {
    const ka = key(heads[a] as T);
    const kb = key(heads[b] as T);
    return ka < kb || (ka === kb && a < b);
  };
  const heap: number[] = [];
  const down = (from: number): void => {
    for (let i = from; ;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  heads.forEach((h, i) => {
    if (h !== undefined) heap.push(i);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const k = heap[0] as number;
    yield heads[k] as T;
    const r = await (its[k] as AsyncIterator<T>).next();
    if (r.done === true) {
      heads[k] = undefined;
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    } else heads[k] = r.value;
    down(0);
  }
}
