import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import { only, tinyInput } from '../../../test/helpers';

/** The lineage's 提供负离子 item is negative-ions/forestry@1 (R9 of the default profile): not duplicated here. */
describe('提供负离子 negative ions: regression for the lineage (negative-ions/forestry@1)', () => {
  const withLifetime = (minutes: string) => {
    const input = tinyInput();
    const local = (input.overrides as { tables: { records: Record<string, unknown>[] }[] }).tables[0]!;
    local.records = local.records.map((r) => (r.key === 'ions.lifetime' ? { ...r, value: minutes } : r));
    return input;
  };

  it('regression: G and U divide by the ion lifetime L (a missing /L gives 10× the numbers at L = 10 min)', () => {
    // A 1000 hm², H 12 m, Q 2600 ions/cm³, L 10 min:
    // G = 5.256e15 × 2600 × 1000 × 12 / 10 = 1.639872e22 ions; without /L: 1.639872e23
    // U = 5.256e15 × 1000 × 12 × 5.8185e-18 × (2600 − 600) / 10 = 73 396.8864 元; without /L: 733 968.864 元
    const at10 = only('R9', withLifetime('10')).ind;
    expect(at10.physical?.value).toBe('16398720000000000000000');
    expect(at10.lines[0]?.valuations[0]?.atPriceYear).toBe('73396.8864');
    // L = 20 min halves both (the bug would leave them unchanged)
    const at20 = only('R9', withLifetime('20')).ind;
    expect(new Decimal(at20.physical?.value ?? 'NaN').times(2).toFixed()).toBe('16398720000000000000000');
    expect(at20.lines[0]?.valuations[0]?.atPriceYear).toBe('36698.4432');
  });
});
