import { describe, expect, it } from 'vitest';
import { only, tinyInput } from '../../test/helpers';

describe('C1 recreation and tourism', () => {
  it('travel cost: Σ visits × (spending + time cost + consumer surplus)', () => {
    // 10 万人次 = 100 000 visits × (100 + 20 + 30) 元 = 15 000 000 元
    const input = tinyInput();
    const seg = (input.tourism as { segments: Record<string, unknown>[] }).segments[0]!;
    seg.consumerSurplusPerVisit = { value: '30', unit: 'yuan/person_time', priceYear: 2020 };
    const { ind } = only('C1', input);
    expect(ind.physical).toEqual({ value: '100000', unit: 'person_time', symbol: '人次' });
    expect(ind.value.current).toBe('15000000');
    expect(ind.lines[0]?.valuations.map((v) => [v.label, v.value.current])).toEqual([
      ['spending', '10000000'],
      ['time-cost', '2000000'],
      ['consumer-surplus', '3000000'],
    ]);
  });

  it('leaves out components the switch does not list, with a warning', () => {
    // 100 000 × (100 + 20) = 12 000 000 元; the surplus is ignored and said so.
    const input = tinyInput();
    const seg = (input.tourism as { segments: Record<string, unknown>[] }).segments[0]!;
    seg.consumerSurplusPerVisit = { value: '30', unit: 'yuan/person_time', priceYear: 2020 };
    const { ind } = only('C1', input, { switches: { C1: { components: ['spending', 'time-cost'] } } });
    expect(ind.value.current).toBe('12000000');
    expect(ind.warnings.map((w) => w.code)).toEqual(['INPUT_IGNORED']);
  });

  it('revenue basis: revenue × ecological share', () => {
    // 2 亿元 × 0.4 = 80 000 000 元
    const input = tinyInput();
    input.tourism = {
      revenue: [{ amount: { value: '2', unit: 'yi_yuan', priceYear: 2020 }, ecologicalShare: '0.4' }],
    };
    const { ind } = only('C1', input, { methods: { C1: 'recreation/revenue-share@1' } });
    expect(ind.method).toBe('recreation/revenue-share@1');
    expect(ind.value.current).toBe('80000000');
    expect(ind.physical).toBeNull();
  });
});
