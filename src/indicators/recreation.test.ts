import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { errorOf, only, tinyInput } from '../../test/helpers';

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

describe('C1: what each method reads, names and leaves out', () => {
  const revenue = [
    { amount: { value: '2', unit: 'yi_yuan', priceYear: 2020 }, ecologicalShare: '0.4', zone: 'A' },
    { amount: { value: '1', unit: 'wan_yuan', priceYear: 2020 }, ecologicalShare: '0.5' },
  ];
  const zones = [{ id: 'A', name: 'A', area: { value: '20', unit: 'km2' } }];

  it('travel cost: each line’s path, zone and origins; revenue given as well is ignored with a warning', () => {
    const input = tinyInput();
    input.zones = zones;
    const tourism = input.tourism as { segments: Record<string, unknown>[]; revenue?: unknown };
    tourism.segments.push({ ...tourism.segments[0], name: 'zoned', zone: 'A' });
    tourism.revenue = revenue;
    const { ind } = only('C1', input);
    expect(ind.lines.map((l) => [l.path, l.zone, l.valuations.map((v) => [v.label, v.origin])])).toEqual([
      [
        ['tourism', 'segments', 0],
        null,
        [
          ['spending', { kind: 'input', path: ['tourism', 'segments', 0, 'spendingPerVisit'] }],
          ['time-cost', { kind: 'input', path: ['tourism', 'segments', 0, 'timeCostPerVisit'] }],
        ],
      ],
      [
        ['tourism', 'segments', 1],
        'A',
        [
          ['spending', { kind: 'input', path: ['tourism', 'segments', 1, 'spendingPerVisit'] }],
          ['time-cost', { kind: 'input', path: ['tourism', 'segments', 1, 'timeCostPerVisit'] }],
        ],
      ],
    ]);
    expect(ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'INPUT_IGNORED',
        ['tourism', 'revenue'],
        { field: 'tourism.revenue', reason: 'the travel-cost method values visits, not revenue' },
      ],
    ]);
  });

  it('a component the switch leaves out is named with its field and path', () => {
    const input = tinyInput();
    const { ind } = only('C1', input, { switches: { C1: { components: ['spending'] } } });
    expect(ind.warnings.map((w) => [w.path, w.params])).toEqual([
      [
        ['tourism', 'segments', 0, 'timeCostPerVisit'],
        { field: 'timeCostPerVisit', reason: "component time-cost is not in the method's components" },
      ],
    ]);
  });

  it('revenue share: each line’s path, zone, amount and share origins; segments given as well are ignored', () => {
    const input = tinyInput();
    input.zones = zones;
    (input.tourism as { revenue?: unknown }).revenue = revenue;
    const { ind } = only('C1', input, { methods: { C1: 'recreation/revenue-share@1' } });
    expect(
      ind.lines.map((l) => [
        l.path,
        l.zone,
        l.valuations[0]?.label,
        l.valuations[0]?.origin,
        l.valuations[0]?.factor?.label,
        l.valuations[0]?.factor?.origin,
      ]),
    ).toEqual([
      [
        ['tourism', 'revenue', 0],
        'A',
        'tourism revenue',
        { kind: 'input', path: ['tourism', 'revenue', 0, 'amount'] },
        'ecological share',
        { kind: 'input', path: ['tourism', 'revenue', 0, 'ecologicalShare'] },
      ],
      [
        ['tourism', 'revenue', 1],
        null,
        'tourism revenue',
        { kind: 'input', path: ['tourism', 'revenue', 1, 'amount'] },
        'ecological share',
        { kind: 'input', path: ['tourism', 'revenue', 1, 'ecologicalShare'] },
      ],
    ]);
    // 2 亿元 × 0.4 + 1 万元 × 0.5 = 80 000 000 + 5 000 = 80 005 000 元
    expect(ind.value.current).toBe('80005000');
    expect(ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'INPUT_IGNORED',
        ['tourism', 'segments'],
        { field: 'tourism.segments', reason: 'the revenue-share method values revenue, not visits' },
      ],
    ]);
  });

  it('revenue share with no segments warns of nothing; its valuation is an amount', () => {
    const input = tinyInput();
    input.tourism = { segments: [], revenue: revenue.slice(1) };
    const { ind } = only('C1', input, { methods: { C1: 'recreation/revenue-share@1' } });
    expect(ind.warnings).toEqual([]);
    expect(ind.lines[0]?.valuations[0]?.kind).toBe('amount');
  });

  it('an input without tourism: C1 has nothing to value', () => {
    const input = tinyInput();
    delete input.tourism;
    for (const methods of [{}, { C1: 'recreation/revenue-share@1' }] as Record<string, string>[])
      expect(errorOf(() => account(input, { methods })).issues[0]).toMatchObject({
        code: 'INDICATOR_INPUT_MISSING',
        path: ['tourism'],
      });
  });

  it('each method needs its own input: revenue alone does not feed travel cost, nor segments revenue share', () => {
    const onlyRevenue = tinyInput();
    onlyRevenue.tourism = { revenue };
    onlyRevenue.zones = zones;
    expect(errorOf(() => account(onlyRevenue)).issues[0]).toMatchObject({
      code: 'INDICATOR_INPUT_MISSING',
      path: ['tourism'],
    });
    expect(
      errorOf(() => account(tinyInput(), { methods: { C1: 'recreation/revenue-share@1' } })).issues[0],
    ).toMatchObject({ code: 'INDICATOR_INPUT_MISSING', path: ['tourism'] });
  });
});
