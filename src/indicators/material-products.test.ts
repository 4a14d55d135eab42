import { describe, expect, it } from 'vitest';
import { errorOf, only, tinyInput } from '../../test/helpers';

type Sector = Record<string, unknown>;
function withSector(code: 'M1' | 'M3', sector: Sector) {
  const input = tinyInput();
  const name = code === 'M1' ? 'agriculture' : 'animal_husbandry';
  input.materialProducts = (input.materialProducts as Sector[]).map((s) =>
    s.sector === name ? { sector: name, ...sector } : s,
  );
  return input;
}
const wan = (v: string) => ({ value: v, unit: 'wan_yuan', priceYear: 2020 });

describe('M1–M4 material products (market value)', () => {
  it('values products as Σ quantity × price, converting the quantity to the price unit', () => {
    // 稻谷 52 t × 2600 元/t = 135 200 元; 蔬菜 3.8 t priced per kg: 3800 kg × 3.2 元/kg = 12 160 元;
    // M1 = 147 360 元. Comparable at 2015: 147 360 × 615.2 = 90 655 872; ÷ 686.5 = 132 055.1667…
    const input = withSector('M1', {
      products: [
        {
          name: '稻谷',
          quantity: { value: '52', unit: 't' },
          price: { value: '2600', unit: 'yuan/t', priceYear: 2020 },
        },
        {
          name: '蔬菜',
          quantity: { value: '3.8', unit: 't' },
          price: { value: '3.2', unit: 'yuan/kg', priceYear: 2020 },
        },
      ],
    });
    const { ind } = only('M1', input, { baseYear: 2015 });
    expect(ind.value.current).toBe('147360');
    expect(ind.value.comparable.startsWith('132055.1667')).toBe(true);
    expect(ind.subItems.map((s) => [s.key, s.physical?.value, s.physical?.unit, s.value.current])).toEqual([
      ['稻谷', '52', 't', '135200'],
      ['蔬菜', '3.8', 't', '12160'],
    ]);
    expect(ind.physical).toBeNull(); // mixed products have no summable physical quantity
  });

  it('takes the yearbook gross output on the gross basis', () => {
    // 100 万元 = 1 000 000 元
    expect(only('M2', tinyInput()).ind.value.current).toBe('1000000');
  });

  it('derives value added = gross − intermediate consumption, and net = value added − depreciation', () => {
    // 48 000 − 27 500 = 20 500 万元 = 205 000 000 元; net: 20 500 − 1 500 = 19 000 万元 = 190 000 000 元
    const sector = {
      grossOutput: wan('48000'),
      intermediateConsumption: wan('27500'),
      depreciation: wan('1500'),
    };
    const va = only('M3', withSector('M3', sector), { switches: { M3: { basis: 'value-added' } } });
    expect(va.ind.value.current).toBe('205000000');
    expect(va.ind.lines[0]?.terms).toEqual({
      grossOutput: '48000 wan_yuan',
      intermediateConsumption: '27500 wan_yuan',
    });
    const net = only('M3', withSector('M3', sector), { switches: { M3: { basis: 'net' } } });
    expect(net.ind.value.current).toBe('190000000');
  });

  it('uses value added or net output as given when the yearbook has them', () => {
    const sector = { grossOutput: wan('48000'), valueAdded: wan('21000'), netOutput: wan('18000') };
    expect(
      only('M3', withSector('M3', sector), { switches: { M3: { basis: 'value-added' } } }).ind.value.current,
    ).toBe('210000000');
    expect(
      only('M3', withSector('M3', sector), { switches: { M3: { basis: 'net' } } }).ind.value.current,
    ).toBe('180000000');
  });

  it('gross × ecological share', () => {
    // 48 000 万元 × 0.3 = 14 400 万元 = 144 000 000 元
    const { ind } = only('M3', withSector('M3', { grossOutput: wan('48000'), ecologicalShare: '0.3' }), {
      switches: { M3: { basis: 'gross-share' } },
    });
    expect(ind.value.current).toBe('144000000');
    expect(ind.lines[0]?.valuations[0]?.factor?.value).toBe('0.3');
  });

  it('refuses a basis whose inputs are missing, naming the field', () => {
    const noShare = errorOf(() =>
      only('M3', withSector('M3', { grossOutput: wan('48000') }), {
        switches: { M3: { basis: 'gross-share' } },
      }),
    );
    expect(noShare.code).toBe('INDICATOR_INPUT_MISSING');
    expect(noShare.path).toEqual(['materialProducts', 2, 'ecologicalShare']);
    const noNet = errorOf(() =>
      only('M3', withSector('M3', { grossOutput: wan('48000') }), { switches: { M3: { basis: 'net' } } }),
    );
    expect(noNet.code).toBe('INDICATOR_INPUT_MISSING');
  });

  it('refuses a derived negative value added instead of carrying it silently', () => {
    const err = errorOf(() =>
      only('M3', withSector('M3', { grossOutput: wan('100'), intermediateConsumption: wan('150') }), {
        switches: { M3: { basis: 'value-added' } },
      }),
    );
    expect(err.code).toBe('NEGATIVE_VALUE');
  });

  it('warns that a gross output is ignored when products are valued instead', () => {
    const input = withSector('M1', {
      grossOutput: wan('1'),
      products: [
        {
          name: 'x',
          quantity: { value: '1', unit: 't' },
          price: { value: '1', unit: 'yuan/t', priceYear: 2020 },
        },
      ],
    });
    expect(only('M1', input).ind.warnings.map((w) => w.code)).toEqual(['INPUT_IGNORED']);
  });

  it('refuses a product whose quantity unit does not match its price unit', () => {
    const input = withSector('M1', {
      products: [
        {
          name: 'x',
          quantity: { value: '1', unit: 'm3' },
          price: { value: '1', unit: 'yuan/t', priceYear: 2020 },
        },
      ],
    });
    const err = errorOf(() => only('M1', input));
    expect(err.code).toBe('UNIT_MISMATCH');
    expect(err.path).toEqual(['materialProducts', 0, 'products', 0, 'quantity']);
  });

  it('a required sector without data is an error naming the indicator', () => {
    const input = tinyInput();
    input.materialProducts = (input.materialProducts as Sector[]).filter((s) => s.sector !== 'fishery');
    const err = errorOf(() => only('M4', input));
    expect(err.code).toBe('INDICATOR_INPUT_MISSING');
    expect(err.message).toContain('M4');
  });
});

describe('M1–M4: which fields each basis reads, what each line names, what is said of the rest', () => {
  const product = (name: string) => ({
    name,
    quantity: { value: '2', unit: 't' },
    price: { value: '10', unit: 'yuan/t', priceYear: 2020 },
  });
  // animal husbandry is materialProducts[2] of tinyInput
  const P = ['materialProducts', 2];
  const run = (sector: Sector, basis?: string) => {
    const input = withSector('M3', sector);
    input.zones = [{ id: 'A', name: 'A', area: { value: '20', unit: 'km2' } }];
    return only('M3', input, basis === undefined ? {} : { switches: { M3: { basis } } }).ind;
  };
  const facts = (ind: ReturnType<typeof run>) =>
    ind.lines.map((l) => [
      l.path,
      l.zone,
      l.valuations[0]?.kind,
      l.valuations[0]?.label,
      l.valuations[0]?.origin,
    ]);
  const warned = (ind: ReturnType<typeof run>) => ind.warnings.map((w) => [w.code, w.path, w.params]);

  it('products on the gross basis: one line each, priced at its own path; other given fields are named', () => {
    const ind = run({ products: [product('a'), product('b')], valueAdded: wan('1'), zone: 'A' });
    expect(facts(ind)).toEqual([
      [
        [...P, 'products', 0],
        'A',
        'unit-price',
        'market price',
        { kind: 'input', path: [...P, 'products', 0, 'price'] },
      ],
      [
        [...P, 'products', 1],
        'A',
        'unit-price',
        'market price',
        { kind: 'input', path: [...P, 'products', 1, 'price'] },
      ],
    ]);
    // no gross output given: nothing said of it; the value added is not used on this basis (said at it)
    expect(warned(ind)).toEqual([
      ['INPUT_IGNORED', [...P, 'valueAdded'], { field: 'valueAdded', reason: 'not used on the gross basis' }],
    ]);
  });

  it('products with a gross output: the gross output is ignored, and said so once, at its path', () => {
    const ind = run({ products: [product('a')], grossOutput: wan('1') });
    expect(warned(ind)).toEqual([
      [
        'INPUT_IGNORED',
        [...P, 'grossOutput'],
        { field: 'grossOutput', reason: 'products are given and valued instead' },
      ],
    ]);
  });

  it('gross × share values the products too, each with the share as its factor', () => {
    // 2 t × 10 元/t × 0.5 = 10 元
    const ind = run(
      { products: [product('a')], grossOutput: wan('1'), ecologicalShare: '0.5' },
      'gross-share',
    );
    expect(facts(ind)[0]?.[0]).toEqual([...P, 'products', 0]);
    expect(ind.lines[0]?.valuations[0]?.factor).toEqual({
      value: '0.5',
      label: 'ecological share',
      origin: { kind: 'input', path: [...P, 'ecologicalShare'] },
    });
    expect(ind.value.current).toBe('10');
    // the share is used, the gross output is not
    expect(warned(ind).map(([, path]) => path)).toEqual([[...P, 'grossOutput']]);
  });

  it('a share given on a basis that does not use it is named as unused, at the share', () => {
    const share = [...P, 'ecologicalShare'];
    expect(warned(run({ products: [product('a')], ecologicalShare: '0.5' }))).toEqual([
      ['INPUT_IGNORED', share, { field: 'ecologicalShare', reason: 'not used on the gross basis' }],
    ]);
    expect(warned(run({ grossOutput: wan('1'), ecologicalShare: '0.5' }))).toEqual([
      ['INPUT_IGNORED', share, { field: 'ecologicalShare', reason: 'not used on the gross basis' }],
    ]);
    // two unused fields: one warning, at the record
    expect(warned(run({ grossOutput: wan('1'), ecologicalShare: '0.5', valueAdded: wan('1') }))).toEqual([
      ['INPUT_IGNORED', P, { field: 'valueAdded, ecologicalShare', reason: 'not used on the gross basis' }],
    ]);
    expect(run({ grossOutput: wan('1'), ecologicalShare: '0.5' }, 'gross-share').warnings).toEqual([]);
  });

  it('an empty product list is no products: the gross output is valued, and nothing is said', () => {
    const ind = run({ products: [], grossOutput: wan('1') });
    expect(facts(ind)).toEqual([
      [P, null, 'amount', 'gross output', { kind: 'input', path: [...P, 'grossOutput'] }],
    ]);
    expect(ind.warnings).toEqual([]);
  });

  it('the value-added basis values the value added, even with products, and names what it left', () => {
    const ind = run(
      {
        products: [product('a')],
        valueAdded: wan('2'),
        grossOutput: wan('5'),
        intermediateConsumption: wan('1'),
      },
      'value-added',
    );
    expect(facts(ind)).toEqual([
      [P, null, 'amount', 'value added', { kind: 'input', path: [...P, 'valueAdded'] }],
    ]);
    expect(warned(ind)).toEqual([
      [
        'INPUT_IGNORED',
        P,
        {
          field: 'grossOutput, intermediateConsumption, products',
          reason: 'not used on the value-added basis',
        },
      ],
    ]);
  });

  it('derived amounts: their labels, the record as origin, and their terms', () => {
    // value added = 5 − 1 = 4 万元 = 40 000 元; net = 40 000 − 5 000 = 35 000 元
    const va = run({ grossOutput: wan('5'), intermediateConsumption: wan('1') }, 'value-added');
    expect(facts(va)).toEqual([
      [
        P,
        null,
        'amount',
        'value added (gross output − intermediate consumption)',
        { kind: 'input', path: P },
      ],
    ]);
    const net = run(
      { grossOutput: wan('5'), intermediateConsumption: wan('1'), depreciation: wan('0.5') },
      'net',
    );
    expect(facts(net)).toEqual([
      [P, null, 'amount', 'net output (value added − depreciation)', { kind: 'input', path: P }],
    ]);
    expect(net.lines[0]?.terms).toEqual({
      grossOutput: '5 wan_yuan',
      intermediateConsumption: '1 wan_yuan',
      valueAdded: '40000 yuan', // the difference, in 元
      depreciation: '0.5 wan_yuan',
    });
    expect(net.value.current).toBe('35000');
    expect(net.warnings).toEqual([]);
    const given = run({ netOutput: wan('3'), grossOutput: wan('5') }, 'net');
    expect(facts(given)).toEqual([
      [P, null, 'amount', 'net output', { kind: 'input', path: [...P, 'netOutput'] }],
    ]);
    expect(warned(given)).toEqual([
      ['INPUT_IGNORED', [...P, 'grossOutput'], { field: 'grossOutput', reason: 'not used on the net basis' }],
    ]);
  });

  it('each missing input is named with the fields that would do', () => {
    const missing = (sector: Sector, basis: string) =>
      errorOf(() => run(sector, basis)).issues.map((i) => [i.code, i.path, i.params]);
    expect(missing({ grossOutput: wan('1') }, 'gross-share')).toEqual([
      ['INDICATOR_INPUT_MISSING', [...P, 'ecologicalShare'], { indicator: 'M3', field: 'ecologicalShare' }],
    ]);
    expect(missing({ valueAdded: wan('1') }, 'gross')).toEqual([
      [
        'INDICATOR_INPUT_MISSING',
        [...P, 'grossOutput'],
        { indicator: 'M3', field: 'grossOutput or products' },
      ],
    ]);
    expect(missing({ grossOutput: wan('1') }, 'value-added')).toEqual([
      [
        'INDICATOR_INPUT_MISSING',
        [...P, 'valueAdded'],
        { indicator: 'M3', field: 'valueAdded, or grossOutput with intermediateConsumption' },
      ],
    ]);
    expect(missing({ intermediateConsumption: wan('1') }, 'value-added')[0]?.slice(0, 2)).toEqual([
      'INDICATOR_INPUT_MISSING',
      [...P, 'valueAdded'],
    ]);
    expect(missing({ valueAdded: wan('1') }, 'net')).toEqual([
      [
        'INDICATOR_INPUT_MISSING',
        [...P, 'netOutput'],
        { indicator: 'M3', field: 'netOutput, or depreciation with value added' },
      ],
    ]);
  });

  it('a negative derived amount is refused with what it is and its value', () => {
    expect(
      errorOf(() => run({ grossOutput: wan('1'), intermediateConsumption: wan('3') }, 'value-added'))
        .issues[0],
    ).toMatchObject({ code: 'NEGATIVE_VALUE', path: P, params: { what: 'value added', value: '-20000' } });
    expect(
      errorOf(() => run({ valueAdded: wan('1'), depreciation: wan('3') }, 'net')).issues[0],
    ).toMatchObject({
      code: 'NEGATIVE_VALUE',
      path: P,
      params: { what: 'net output', value: '-20000' }, // 1 − 3 万元, in 元
    });
  });
});
