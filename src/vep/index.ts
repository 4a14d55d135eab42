/**
 * gepkit/vep — two-mountains-bank (两山银行) calculations: parcel-level ecological value (VEP) in streamed
 * batches with an exact fast path, change accounting, appraisal (income capitalisation, carbon assets,
 * collateral, realisation rate) and exact dividend allocation. Platform-neutral: no node: imports here; the
 * file adapters and the on-disk duplicate index are in gepkit/vep/node (index-node.ts).
 */
export { VEP_ERRORS, type VepErrorCode, vepIssue } from './errors';
export {
  contextSchema,
  parcelSchema,
  keyContextSchema,
  RIGHT_KINDS,
  ENCUMBRANCE_KINDS,
  type NormalisedField,
  type Parcel,
  type ParcelJson,
  type VepContext,
  type VepContextInput,
} from './schema';
export { PARCEL_METHODS, parcelProfile } from './profile';
export { prepareContext, validUntil, type ValuationBasis, type Prepared } from './context';
export { parseParcel } from './parse-parcel';
export { ParcelValuer, type ParcelValue, type ValuerOptions } from './valuer';
export { valueByEngine, type Cell } from './decimal-path';
export { referenceValues, fastCells, type UnitValues } from './unit-values';
export {
  VepBatch,
  valueParcels,
  valueParcelsAsync,
  type BatchOptions,
  type BatchSummary,
  type CertificateOwner,
  type CertificateSeen,
  type DuplicateIndex,
  type IndexMode,
  type KeyStore,
  indexOptions,
  MEMORY_KEYS,
  type ParcelResult,
  type ValuedParcel,
  valuedResult,
} from './batch';
export { valueParcel } from './parcel';
export { CsvParcels } from './csv';
export { splitCsv } from '../io/csv';
export { changeAccounting, parseAccountResult, type ChangeOptions, type ChangeResult } from './change';
export {
  incomeCapitalisation,
  carbonAssetValue,
  collateral,
  realisationRate,
  incomeSchema,
  carbonAssetSchema,
  collateralSchema,
  realisationSchema,
} from './appraisal';
export {
  decomposeChange,
  type CellChange,
  type Decomposition,
  type Effects,
  type LineChange,
  type PricedLine,
} from '../change';
export { loanAppraisal, loanSchema, wholeYears, GROWTH_WARNING_LEVEL } from './lending';
export { RATE_WARNING_LEVEL } from './appraisal';
export {
  marketComparison,
  replacementCost,
  marketSchema,
  replacementSchema,
  ADJUSTMENT_BANDS,
} from './comparison';
export {
  reconcile,
  unexplainedIssues,
  ParcelSums,
  type ReconcileOptions,
  type ReconcileResult,
  type ReconcileRow,
  type ParcelCells,
} from './reconcile';
export {
  findOverlaps,
  overlapArea,
  geodesicArea,
  geometrySchema,
  AREA_TOLERANCE,
  type Geometry,
  type Overlap,
} from './geometry';
export { allocateFen, allocatePackage, packageSchema, tieKey, type PackageJson } from './dividends';
export { yuanOfFen, fenOfYuan, roundFen, floorFen } from './fen';
export { MAX_LINE_LENGTH, splitLineBlocks, splitLines, toJsonLine } from '../io/jsonl';
export { resultCsvHeader, resultCsvRow } from './result-csv';
export { compactResult, toCompactLine, type CompactParcelResult, type CompactType } from './result-line';
export { CompactLineWriter, compactLinesAsync, type CompactItem } from './compact-bytes';
