// Generated from the bundled profiles and the method registry by src/account/ids.test.ts
// (UPDATE_IDS=1 npx vitest run src/account/ids.test.ts); do not edit by hand.

/** A bundled profile id. */
export type BundledProfileId =
  | 'gbt-38582-2020'
  | 'gbt-46869-2025'
  | 'huzhou-db3305-271-2023'
  | 'jx-db36-1402-2021'
  | 'mee-2020'
  | 'ndrc-nbs-2022'
  | 'rcees-2013'
  | 'zj-db33-2274-2020'
  | 'zj-db33-2274-2025';

/** An indicator code of a bundled profile. */
export type BundledIndicatorCode =
  | 'C1'
  | 'C2'
  | 'M1'
  | 'M2'
  | 'M3'
  | 'M4'
  | 'M5'
  | 'M6'
  | 'R1'
  | 'R10'
  | 'R11'
  | 'R12'
  | 'R13'
  | 'R14'
  | 'R15'
  | 'R16'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  | 'R7'
  | 'R8'
  | 'R9';

/** A built-in method, `id@version`. */
export type BuiltInMethodRef =
  | 'air-purification/forestry@1'
  | 'air-purification/treatment-cost@1'
  | 'carbon-sequestration/forest-inventory@1'
  | 'carbon-sequestration/forestry@1'
  | 'carbon-sequestration/nep@1'
  | 'carbon-sequestration/npp-stoichiometry@1'
  | 'carbon-sequestration/rates@1'
  | 'climate-regulation/energy@1'
  | 'coastal-protection/replacement-cost@1'
  | 'ecological-energy/market-value@1'
  | 'flood-regulation/storage@1'
  | 'landscape/hedonic@1'
  | 'material-products/market-value@1'
  | 'negative-ions/forestry@1'
  | 'noise-reduction/replacement-cost@1'
  | 'nutrient-accumulation/forestry@1'
  | 'oxygen-release/molar@1'
  | 'oxygen-release/npp@1'
  | 'pest-control/replacement-cost@1'
  | 'recreation/revenue-share@1'
  | 'recreation/travel-cost@1'
  | 'sand-fixation/restoration-cost@1'
  | 'soil-fertility/forestry@1'
  | 'soil-fixation/forestry@1'
  | 'soil-retention/rusle@1'
  | 'species-conservation/forestry@1'
  | 'water-conservation/water-balance@1'
  | 'water-purification/forestry@1'
  | 'water-purification/treatment-cost@1'
  | 'water-regulation/forestry@1'
  | 'water-supply/market-value@1';

/** A profile id: a bundled one (offered by editors) or any other (a profile of one's own). */
export type ProfileId = BundledProfileId | (string & {});
/** An indicator code: a bundled profile's (offered by editors) or any other (a custom indicator's). */
export type IndicatorCode = BundledIndicatorCode | (string & {});
/** A method `id@version`: a built-in one (offered by editors) or any other. */
export type MethodRef = BuiltInMethodRef | (string & {});
/** Per indicator code: the bundled codes offered by editors, any other code accepted. */
export type PerIndicator<T> = { [K in BundledIndicatorCode]?: T } & { [code: string]: T };
