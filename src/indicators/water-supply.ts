import * as z from 'zod/mini';
import type { Line, MethodSpec, Valuation } from './spec';

/**
 * M5 water supply (水资源): V = Σ_k Q_k × P_k over uses k ∈ {domestic 生活, industrial 工业, agricultural 农业},
 * Q in m³/a, P in 元/m³. A price given in the input wins; otherwise the table's `price.water.<use>`.
 */
const switches = z.strictObject({});

export const waterSupply: MethodSpec<z.output<typeof switches>> = {
  id: 'water-supply/market-value',
  version: 1,
  title: { zh: '水资源（市场价值法）', en: 'Water supply (market value)' },
  category: 'material',
  physicalUnit: 'm3',
  subItems: [
    { code: 'domestic', name: { zh: '生活用水', en: 'Domestic use' } },
    { code: 'industrial', name: { zh: '工业用水', en: 'Industrial use' } },
    { code: 'agricultural', name: { zh: '农业用水', en: 'Agricultural use' } },
  ],
  coefficientKeys: ['price.water.domestic', 'price.water.industrial', 'price.water.agricultural'],
  inputs: ['waterSupply[]'],
  switches,
  hasInput: (input) => input.waterSupply.length > 0,
  compute(ctx) {
    return ctx.input.waterSupply.map((rec, i): Line => {
      const path = ['waterSupply', i];
      let valuation: Valuation;
      if (rec.price !== undefined) {
        valuation = {
          kind: 'unit-price',
          label: 'water price',
          price: rec.price,
          origin: { kind: 'input', path: [...path, 'price'] },
        };
      } else {
        const p = ctx.tablePrice(`price.water.${rec.use}`, null, path);
        valuation = { kind: 'unit-price', label: 'water price', ...p };
      }
      return {
        subItem: rec.use,
        ecosystem: null,
        zone: rec.zone ?? null,
        physical: rec.volume,
        valuations: [valuation],
        path,
      };
    });
  },
};
