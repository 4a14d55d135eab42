import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unplacedIssues } from './input-unplaced';

const example = JSON.parse(
  readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const fields = (input: unknown) =>
  unplacedIssues(input).map((i) => [i.params?.field, i.path, i.params?.count]);

describe('what of an input the workbook has no place for', () => {
  it('nothing of the example (every section has a sheet or the JSON sheet)', () => {
    expect(unplacedIssues(example)).toEqual([]);
  });

  it('members no sheet has a column for, one issue per field, at its first occurrence', () => {
    const input = {
      region: { name: '甲县', level: 'county', alias: '甲' },
      year: 2020,
      zones: [
        { id: 'Z1', name: '东乡', geometry: {} },
        { id: 'Z2', name: '西乡', geometry: {} },
      ],
      ecosystems: [{ type: 'shrub', area: { value: '40', unit: 'km2', source: '二调' } }],
      materialProducts: [
        {
          sector: 'agriculture',
          grossOutput: { value: '1', unit: 'wan_yuan', priceYear: 2020, basis: 'x' },
          products: [{ name: '稻谷', quantity: { value: '1', unit: 't' }, grade: 'A' }],
        },
      ],
      waterBodies: { lakes: [], ponds: [{ name: 'p' }] },
      tourism: { segments: 'none' },
      extra: 1,
      notes: ['JSON sections take anything'],
      meta: { anything: { nested: true } },
    };
    expect(fields(input)).toEqual([
      ['region.alias', ['region', 'alias'], 1],
      ['zones[].geometry', ['zones', 0, 'geometry'], 2],
      ['ecosystems[].area.source', ['ecosystems', 0, 'area', 'source'], 1],
      ['materialProducts[].grossOutput.basis', ['materialProducts', 0, 'grossOutput', 'basis'], 1],
      ['materialProducts[].products[].grade', ['materialProducts', 0, 'products', 0, 'grade'], 1],
      ['waterBodies.ponds', ['waterBodies', 'ponds'], 1],
      ['tourism.segments', ['tourism', 'segments'], 1],
      ['extra', ['extra'], 1],
    ]);
  });

  it('products of a second sector record of one sector and zone (they would join the first)', () => {
    const products = [{ name: '稻谷', quantity: { value: '1', unit: 't' } }];
    const input = {
      materialProducts: [
        { sector: 'agriculture', grossOutput: { value: '1', unit: 'wan_yuan', priceYear: 2020 } },
        { sector: 'agriculture', zone: 'Z1', products },
        { sector: 'agriculture', products },
        { sector: 'forestry', products },
      ],
    };
    expect(fields(input)).toEqual([['materialProducts[].products', ['materialProducts', 2, 'products'], 1]]);
  });

  it('a cell field holding an object, and a quantity that is not an object', () => {
    expect(
      fields({
        region: { name: { zh: '甲县' } },
        totalArea: '40',
        ecosystems: [{ type: 'shrub', note: ['a'] }],
      }),
    ).toEqual([
      ['region.name', ['region', 'name'], 1],
      ['totalArea', ['totalArea'], 1],
      ['ecosystems[].note', ['ecosystems', 0, 'note'], 1],
    ]);
  });
});
