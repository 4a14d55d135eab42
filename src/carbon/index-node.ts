/**
 * gepkit/carbon/node: the Node-only adapters of the carbon module (files, Node's crypto). The platform-neutral
 * engine is gepkit/carbon.
 */
export { JsonlWriter, fileLines } from '../io/jsonl-node';
export { nodeSha256 } from './hash-node';
export {
  type SqliteIdStore,
  SqliteLedgerStore,
  openSqliteIdStore,
  openSqliteStore,
} from './store-sqlite-node';
export { isPostgresUrl, openLedgerStore } from './open-store-node';
export { checkpointSignatureValid, checkpointSigner, publicKeyFromPem } from './sign-node';
// Methodologies declared in data run their formula in the custom-formula sandbox. They are exported
// here rather than from gepkit/carbon so that importing the engine does not load the formula engine; the
// function itself uses no Node module and runs anywhere.
export {
  INPUT_SOURCES,
  type MethodologyData,
  loadMethodology,
  methodologyDataSchema,
} from './methodologies/from-data';
