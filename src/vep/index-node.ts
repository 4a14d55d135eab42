/**
 * gepkit/vep/node: the Node-only adapters of the VEP module (files, the on-disk duplicate index, the pool of
 * worker threads). The platform-neutral engine is gepkit/vep.
 */
export { type DiskIndexSizes, openDiskIndex } from './disk-index-node';
export { TextWriter, fileLines, formatOf } from './files-node';
export { type PoolItem, type PoolOptions, defaultPoolWorkerFile, valueParcelsPooled } from './pool-node';
