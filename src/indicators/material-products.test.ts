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
