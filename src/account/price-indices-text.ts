/**
 * The price indices that moved an account's values, as its reports name them: the index, then each deflator rule in
 * order with the prices it moves (the first whose prefix starts a price's key wins; an empty prefix is every price).
 */
export function priceIndicesText(
  index: string,
  deflators: readonly { match: string; index: string }[],
): string {
  if (deflators.length === 0) return index;
  const rules = deflators.map((d) => `${d.match === '' ? 'every price' : `${d.match}…`} → ${d.index}`);
  return `${index}; deflators, first match wins: ${rules.join(', ')}`;
}
