/** Node adapters for parcel files (the only module of gepkit/vep that imports node: built-ins, via carbon's). */
export { fileLines, JsonlWriter } from '../io/jsonl-node';

/** The batch format of a file, from its extension: .csv is CSV, anything else JSON Lines. */
export function formatOf(file: string): 'csv' | 'jsonl' {
  return file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}
