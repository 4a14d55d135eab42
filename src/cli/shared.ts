import { readFileSync } from 'node:fs';
import { GepError, fail, formatIssue, issue } from '../core/errors';

/** Where a command writes: the process streams, or a test's collectors. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** The process's own streams. */
export const processIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** A JSON file (UTF-8, a BOM tolerated); FILE_UNREADABLE or INPUT_NOT_JSON otherwise. */
export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail('FILE_UNREADABLE', [], { file, detail: (e as Error).message });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return fail('INPUT_NOT_JSON', [], { detail: `${file}: ${(e as Error).message}` });
  }
}

/**
 * Print a GepError (every issue, both languages) or an argument-parsing error as CLI_USAGE and return exit code 1;
 * anything else is a bug and is rethrown.
 */
export function reportError(e: unknown, io: Io): number {
  if (e instanceof GepError) {
    for (const i of e.issues) io.err(`${formatIssue(i)}\n`);
    return 1;
  }
  if (e instanceof TypeError && String((e as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) {
    io.err(`${formatIssue(issue('CLI_USAGE', [], { detail: e.message }))}\n`);
    return 1;
  }
  throw e;
}

/** Run an asynchronous command and turn its errors into printed issues and exit code 1. */
export async function reported(io: Io, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (e) {
    return reportError(e, io);
  }
}
