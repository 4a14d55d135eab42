/**
 * gepkit/carbon/node: the Node-only adapters of the carbon module (files, Node's crypto). The platform-neutral
 * engine is gepkit/carbon.
 */
export { JsonlWriter, fileLines, nodeSha256 } from './jsonl-node';
export { type RefStore, type RefStoreOptions, type RefStoreStats, openRefStore } from './ref-store-node';
