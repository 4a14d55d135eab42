/**
 * gepkit/carbon/node: the Node-only adapters of the carbon module (files, Node's crypto). The platform-neutral
 * engine is gepkit/carbon.
 */
export { JsonlWriter, fileLines } from '../io/jsonl-node';
export { nodeSha256 } from './hash-node';
export { type RefStore, type RefStoreOptions, type RefStoreStats, openRefStore } from './ref-store-node';
