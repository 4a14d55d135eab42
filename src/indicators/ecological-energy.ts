import * as z from 'zod/mini';
import type { Line, MethodSpec } from './spec';

/** M6 ecological energy (生态能源): V = Σ generation (kWh) × tariff (元/kWh), by kind (hydropower first). */
const switches = z.strictObject({});

export const ecologicalEnergy: MethodSpec<z.output<typeof switches>> = {
  id: 'ecological-energy/market-value',
  version: 1,
  title: { zh: '生态能源（市场价值法）', en: 'Ecological energy (market value)' },
  category: 'material',
  physicalUnit: 'kWh',
  subItems: [
    { code: 'hydropower', name: { zh: '水电', en: 'Hydropower' } },
    { code: 'wind', name: { zh: '风电', en: 'Wind power' } },
    { code: 'solar', name: { zh: '太阳能发电', en: 'Solar power' } },
    { code: 'biomass', name: { zh: '生物质能', en: 'Biomass energy' } },
    { code: 'other', name: { zh: '其他', en: 'Other' } },
  ],
  coefficientKeys: [],
  inputs: ['energy[]'],
  switches,
  hasInput: (input) => input.energy.length > 0,
  compute(ctx) {
    return ctx.input.energy.map((rec, i): Line => {
      const path = ['energy', i];
      return {
        subItem: rec.kind,
        ecosystem: null,
        zone: rec.zone ?? null,
        physical: rec.generation,
        valuations: [
          {
            kind: 'unit-price',
            label: 'tariff',
            price: rec.tariff,
            origin: { kind: 'input', path: [...path, 'tariff'] },
          },
        ],
        path,
      };
    });
  },
};
