/** Node adapters for parcel files (the file readers and writers of src/io, and the batch format by extension). */
export { TextWriter, fileLines } from '../io/jsonl-node';

/** The batch format of a file, from its extension: .csv is CSV, anything else JSON Lines. */
export function formatOf(file: string): 'csv' | 'jsonl' {
  return file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}
