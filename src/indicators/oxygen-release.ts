import * as z from 'zod/mini';
import { type Path, fail } from '../core/errors';
import { Decimal } from '../core/decimal';
import { O2_PER_CO2, type Quantity, convertValue } from '../core/units';
import { collect } from './carbon-sequestration';
import { perHectare } from './carbon';
import type { Line, MethodSpec, Valuation } from './spec';

/**
 * R7 oxygen release (释氧), valued at the industrial oxygen price:
 *   molar  Q_O2 = 32/44 × Q_CO2, line by line from the carbon sequestration indicator (R6) of the same account
 *   npp    Q_O2 = 1.19 × NPP (t O₂ per t dry matter; 1.2 in some cases: the table value)
 */
const molarSwitches = z.strictObject({ carbonIndicator: z._default(z.string(), 'R6') });
export const oxygenMolar: MethodSpec<z.output<typeof molarSwitches>> = {
  id: 'oxygen-release/molar',
  version: 1,
  title: { zh: '释氧（按固碳量折算 32/44）', en: 'Oxygen release (32/44 of CO₂ fixed)' },
  category: 'regulating',
  physicalUnit: 't_O2',
  subItems: [],
  coefficientKeys: ['price.oxygen'],
  inputs: ['the lines of the carbon sequestration indicator'],
  switches: molarSwitches,
  hasInput: () => true,
  compute(ctx) {
    const carbon = ctx.linesOf(ctx.switches.carbonIndicator);
    return collect(
      carbon.map((l) => () => {
        const path = l.path ?? [];
        if (l.physical === null || l.physical.unit !== 't_CO2') {
          fail('UNIT_MISMATCH', path, {
            expected: 't CO₂ lines from the carbon indicator',
            actual: l.physical?.unit ?? 'none',
          });
        }
        // O₂ = CO₂ × 32/44, on the exact fraction of the CO₂ line where it has one: one rounding, no drift.
        const co2 = l.exact ?? { num: l.physical.value, den: new Decimal(1) };
        const exact = { num: co2.num.times(O2_PER_CO2.num), den: co2.den.times(O2_PER_CO2.den) };
        const o2: Quantity<'t_O2'> = { value: exact.num.div(exact.den), unit: 't_O2' };
        const line = oxygenLine(
          ctx.tablePrice('price.oxygen', l.ecosystem, path),
          l.ecosystem,
          l.zone,
          o2,
          path,
          {
            CO2: `${l.physical.value.toFixed()} t CO₂`,
          },
        );
        return { ...line, exact };
      }),
    );
  },
};

const nppSwitches = z.strictObject({
  groups: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), [
    'forest',
    'shrub',
    'grassland',
  ]),
});
export const oxygenNpp: MethodSpec<z.output<typeof nppSwitches>> = {
  id: 'oxygen-release/npp',
  version: 1,
  title: { zh: '释氧（NPP 光合作用方程）', en: 'Oxygen release (NPP stoichiometry)' },
  category: 'regulating',
  physicalUnit: 't_O2',
  subItems: [],
  coefficientKeys: ['photosynthesis.o2_per_dm', 'price.oxygen'],
  inputs: ['productivity[].npp'],
  switches: nppSwitches,
  hasInput: (input) => input.productivity.some((p) => p.npp !== undefined),
  compute(ctx) {
    return collect(
      ctx.input.ecosystems.flatMap((eco, i) => {
        if (!ctx.switches.groups.includes(ctx.groupOf(eco.type))) return [];
        return [
          () => {
            const path: Path = ['ecosystems', i];
            const zone = eco.zone ?? null;
            const npp = ctx.specific(ctx.input.productivity, zone, eco.type, (p) => p.npp !== undefined)
              ?.record.npp;
            if (npp === undefined)
              fail('SPATIAL_INPUT_MISSING', path, {
                field: 'npp',
                zone: zone ?? '(region)',
                type: eco.type,
                section: 'productivity',
              });
            const factor = ctx.scalar('photosynthesis.o2_per_dm', eco.type, 'one', path);
            const dm = perHectare(convertValue(npp.value, npp.unit, 't_DM_per_hm2_a'), eco.area);
            const o2: Quantity<'t_O2'> = { value: dm.times(factor), unit: 't_O2' };
            return oxygenLine(ctx.tablePrice('price.oxygen', eco.type, path), eco.type, zone, o2, path, {
              NPP: `${dm.toFixed()} t d.m.`,
              'O2/DM': factor.toFixed(),
            });
          },
        ];
      }),
    );
  },
};

function oxygenLine(
  p: Pick<Extract<Valuation, { kind: 'unit-price' }>, 'price' | 'origin'>,
  ecosystem: string | null,
  zone: string | null,
  o2: Quantity<'t_O2'>,
  path: Path,
  terms: Record<string, string>,
): Line {
  return {
    subItem: null,
    ecosystem,
    zone,
    physical: o2,
    valuations: [{ kind: 'unit-price', label: 'industrial oxygen price', ...p }],
    terms,
    path,
  };
}
