/**
 * gepkit/vep/node: the Node-only adapters of the VEP module (files, the on-disk duplicate index). The
 * platform-neutral engine is gepkit/vep.
 */
export { type DiskIndexSizes, openDiskIndex } from './disk-index-node';
export { TextWriter, fileLines, formatOf } from './files-node';
