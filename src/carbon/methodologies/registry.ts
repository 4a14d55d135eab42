import { carbonFail } from '../errors';
import { bundledBounds } from './bounds';
import { electricityResidential } from './electricity-residential';
import { pvDistributed } from './pv-distributed';
import type { CarbonMethodology } from './spec';
import { travelCarpool } from './travel-carpool';
import { travelPerTrip } from './travel-per-trip';
import { travelRegional } from './travel-regional';

/** The built-in methodologies, one module each: the one place they are registered. */
const MODULES: readonly CarbonMethodology[] = [
  travelPerTrip,
  travelRegional,
  travelCarpool,
  electricityResidential,
  pvDistributed,
];

// The registered modules joined with their bounds once, frozen: a constant loaded lazily.
let loaded: readonly CarbonMethodology[] | undefined;

/** The built-in methodologies with their plausibility bounds (coefficients/carbon/plausibility.json). */
export function methodologies(): readonly CarbonMethodology[] {
  loaded ??= Object.freeze(MODULES.map((m) => Object.freeze({ ...m, bounds: bundledBounds(m.id) })));
  return loaded;
}

/** The methodology of a scenario among `list` (each built-in scenario has one). */
export function methodologyFor(
  scenario: string,
  list: readonly CarbonMethodology[] = methodologies(),
): CarbonMethodology | undefined {
  return list.find((m) => m.scenarios.includes(scenario));
}

/** A methodology by id or `id@version`. */
export function methodology(
  ref: string,
  list: readonly CarbonMethodology[] = methodologies(),
): CarbonMethodology {
  const m = list.find((x) => x.ref === ref || x.id === ref);
  if (m === undefined)
    carbonFail('CARBON_METHODOLOGY_UNKNOWN', [], {
      methodology: ref,
      allowed: list.map((x) => x.ref).join(', '),
    });
  return m;
}
