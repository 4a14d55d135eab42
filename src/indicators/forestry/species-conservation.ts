import * as z from 'zod/mini';
import { fail } from '../../core/errors';
import type { MethodSpec } from '../spec';
import { groupsSwitch, hectares, rowLines } from './common';

/**
 * 物种保育 species conservation, forestry-standard lineage (LY/T 1721—2008 form):
 *   U = S × A      元/a
 * A area (hm²), S the value per unit area and year of the stand's Shannon–Wiener class. The class of each type is
 * data (lyt.shannon_class, a whole number), and so is the value of each class (lyt.shannon_value.<class>, a price
 * per area): gepkit holds neither the class boundaries nor the values. No physical quantity.
 */
const switches = z.strictObject({ groups: groupsSwitch });
type Switches = z.output<typeof switches>;

export const forestSpeciesConservation: MethodSpec<Switches> = {
  id: 'species-conservation/forestry',
  version: 1,
  title: {
    zh: '物种保育（林业标准公式，Shannon–Wiener 指数分级）',
    en: 'Species conservation (forestry standard)',
  },
  category: 'regulating',
  physicalUnit: null,
  subItems: [],
  coefficientKeys: ['lyt.shannon_class', 'lyt.shannon_value.<class>'],
  inputs: ['ecosystems[]'],
  switches,
  hasInput: (input) => input.ecosystems.length > 0,
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const a = hectares(eco);
      const cls = ctx.scalar('lyt.shannon_class', eco.type, 'one', path);
      if (!cls.isInteger() || cls.lessThan(1))
        fail('VALUE_OUT_OF_RANGE', path, {
          what: `lyt.shannon_class of ${eco.type} (a whole class number)`,
          min: '1',
          max: 'the highest class of the lyt.shannon_value table',
          value: cls.toFixed(),
        });
      const key = `lyt.shannon_value.${cls.toFixed()}`;
      return [
        {
          subItem: null,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: null,
          valuations: [
            {
              kind: 'unit-price',
              label: `value of Shannon–Wiener class ${cls.toFixed()} (S) × area`,
              quantity: { value: a, unit: 'hm2' },
              ...ctx.tablePrice(key, eco.type, path),
            },
          ],
          terms: { A: `${a.toFixed()} hm²`, class: cls.toFixed(), S: key },
          path,
        },
      ];
    }),
};
