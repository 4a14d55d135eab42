/** gepkit/carbon — carbon-inclusion (碳普惠) reductions, forestry sinks, point rules and a verifiable ledger. */
export { CARBON_ERRORS } from './errors';

// Activities, scenarios and methodologies
export {
  type Activity,
  type ClaimRecord,
  SCENARIOS_POINTS_ONLY,
  SCENARIOS_REDUCTION,
  SCENARIOS_TRAVEL,
  activitySchema,
  claimSchema,
} from './activity';
export {
  ACTIVITY_UNITS,
  type ActivityUnit,
  type FactorUnit,
  gramsPerBase,
  parseFactorUnit,
} from './activity-units';
export { methodologies, methodology, methodologyFor } from './methodologies/registry';
export {
  type CarbonMethodology,
  type MethodContext,
  type ReductionResult,
  type UnusedQuantity,
  distanceIn,
} from './methodologies/spec';
export {
  type Bound,
  type BoundPolicy,
  MEASURES,
  boundsTableSchema,
  checkBounds,
} from './methodologies/bounds';
export { travelPerTrip } from './methodologies/travel-per-trip';
export { travelRegional } from './methodologies/travel-regional';
export { travelCarpool } from './methodologies/travel-carpool';
export { electricityResidential } from './methodologies/electricity-residential';
export { pvDistributed } from './methodologies/pv-distributed';

// Formulas (pure, Decimal in, Decimal out)
export { type NetReduction, creditGrams, netReduction } from './methods/reduction';
export {
  type ModeDistance,
  carpool,
  factorReduction,
  perTripReduction,
  regionalTravel,
  stepsToKm,
} from './methods/travel';
export { type ElectricityInput, type ElectricityResult, residentialSaving } from './methods/electricity';
export { pvReduction } from './methods/pv';
export { type TreeStratum, treeBiomass, treeCarbonStock } from './forestry/biomass';
export { netRemovals, standSink, stockDifference } from './forestry/change';
export { type ShrubResult, type ShrubStratum, shrubCarbonStock, shrubDefaultsTable } from './forestry/shrub';
export {
  type AfforestationSite,
  CCER_14_001,
  type Reason,
  afforestationEligibility,
} from './forestry/eligibility';

// Factor sets
export { type FactorRecord, type FactorSetData, factorSetSchema } from './factors/schema';
export {
  type ActivityWhen,
  FactorChain,
  type FactorSet,
  type FactorUse,
  type ResolvedFactor,
  loadFactorSet,
  whenOf,
} from './factors/registry';
export {
  type ProvinceGridTable,
  bundledProvinceGrid,
  gridOf,
  provinceGridSchema,
} from './factors/province-grid';
export { GRIDS, type Grid } from './factors/schema';
export { ReductionCaps } from './rules/reduction-caps';
export { bundledFactorSet, bundledFactorSets } from './factors/bundled';

// Point rules
export { type Conversion, type PointRule, type RuleSetData, ruleSetSchema } from './rules/schema';
export { type Award, type Measures, PointEngine, type Quote, type RuleSet, loadRuleSet } from './rules/rules';
export { bundledRuleSet, bundledRuleSets } from './rules/bundled';

// Ledger
export {
  ENTRY_TYPES,
  type Entry,
  type EntryBody,
  type EntryType,
  GENESIS,
  type Hasher,
  LEDGER_UNITS,
  type LedgerUnit,
  canonicalEntry,
  entryHash,
  sha256Hex,
} from './ledger/entry';
export { type Anchor, type Draft, Ledger } from './ledger/ledger';
export {
  type Balance,
  type Balances,
  type CreditStore,
  type HoldingRecord,
  LedgerState,
  type PendingRecord,
} from './ledger/state';
export {
  type Checkpoint,
  type DerivedState,
  type InPartition,
  type LedgerStore,
  MemoryLedgerStore,
  type RefRecord,
  type RemainderRecord,
  type RuleSetRecord,
  type StoreCommit,
  type StoreOpenOptions,
  type StoredHead,
  type StoredState,
  type UserRecord,
  checkpointMessage,
  ledgerHead,
} from './store';
export { StoredBatch, type StoredBatchOptions, processStored } from './stored-batch';
export { type StoreVerification, type StoreVerifyOptions, verifyStore } from './verify-store';
export { type Reexecution, type ReexecuteOptions, reexecuteStore } from './reexecute';
export { type CapCheckResult, reductionBoundHolds } from './cap-check';
export {
  type Verification,
  type VerifyOptions,
  Verifier,
  foldBalances,
  verifyLedger,
  verifyLedgerAsync,
} from './ledger/verify';
export { aggregateToTonnes } from './ledger/aggregate';
export {
  DEFAULT_PARTITIONS,
  MAX_PARTITIONS,
  type PartitionHead,
  firstSerial,
  partitionOf,
  accountPartition,
  rootHash,
  rootText,
} from './ledger/partition';
export {
  type PartitionedVerification,
  PartitionedVerifier,
  headsOf,
  mergeBalances,
} from './ledger/partitioned';
export {
  type RegistryPolicy,
  type RegistryRules,
  type RegistrySnapshot,
  RegistryState,
  certificationRef,
  registryPolicies,
  registryPolicy,
  registrySnapshot,
  restoreRegistry,
  serialsText,
} from './ledger/registry';
export {
  type EmissionsRecord,
  type Issuance,
  type Offset,
  type Redemption,
  type Retirement,
  certifyDraft,
  emissionsDraft,
  offsetDraft,
  redeemDraft,
  retireDraft,
} from './ledger/records';

// Batch
export {
  type BatchOptions,
  type SeenStore,
  type BatchCounters,
  type PreparedLine,
  type BatchSummary,
  CarbonBatch,
  type LineResult,
  processActivities,
  processActivitiesAsync,
} from './batch';
export { MAX_LINE_LENGTH, splitLines, toJsonLine } from '../io/jsonl';
