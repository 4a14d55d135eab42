/**
 * The Chinese-message probe (scripts/zh-probe.mjs; vitest.config.ts loads this file only when GEPKIT_ZH_PROBE names
 * a log file): every issue the tests build in-process is checked for three English words in a row in its Chinese
 * message, and each such message is appended to the log as a JSON line { code, zh, english }. The CLI's child
 * processes are not seen. A message listed is a place to look, not a failure: many tests build a detail in no known
 * form on purpose, to show it kept as written.
 */
import { appendFileSync } from 'node:fs';
import { vi } from 'vitest';
import type * as Catalogue from '../src/core/catalogue';
import { GepError, type Issue, type ParamValue, type Path } from '../src/core/issue';

const ENGLISH = /[A-Za-z][A-Za-z'-]*(?:[ ,;:]+[A-Za-z][A-Za-z'-]*){2,}/;

vi.mock('../src/core/catalogue', async (importOriginal) => {
  const original = await importOriginal<typeof Catalogue>();
  const log = process.env.GEPKIT_ZH_PROBE as string;
  const issuesOf: typeof original.issuesOf = (catalogue) => {
    const built = original.issuesOf(catalogue);
    const issue = (code: string, path?: Path, params?: Readonly<Record<string, ParamValue>>): Issue => {
      const i = (built.issueFromData as (c: string, p: Path, v: Record<string, ParamValue>) => Issue)(
        code,
        path ?? [],
        params ?? {},
      );
      const hit = ENGLISH.exec(i.message.zh);
      if (hit !== null)
        appendFileSync(log, `${JSON.stringify({ code, zh: i.message.zh, english: hit[0] })}\n`);
      return i;
    };
    return {
      ...built,
      issue,
      issueFromData: issue,
      fail: (code: string, path?: Path, params?: Readonly<Record<string, ParamValue>>) => {
        throw new GepError(issue(code, path, params));
      },
    } as unknown as typeof built;
  };
  return { ...original, issuesOf };
});
