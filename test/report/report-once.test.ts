import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { account } from '../../src/account/account';
import { compare } from '../../src/account/compare';
import { runCli } from '../../src/cli/main';
import { wan } from '../../src/report/html';

// Every call of account(), from the report command and from inside compare(), goes through this spy.
vi.mock('../../src/account/account', async (original) => {
  const m = await original<typeof import('../../src/account/account')>();
  return { ...m, account: vi.fn(m.account) };
});

const BEFORE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as { year: number };

describe('gepkit report --compare', () => {
  it(
    'accounts each year once: the later input once for the report and the comparison',
    { timeout: 120_000 },
    async () => {
      const spy = vi.mocked(account);
      spy.mockClear();
      const out = join(mkdtempSync(join(tmpdir(), 'gepkit-report-')), 'r.html');
      const io = { out: () => undefined, err: (s: string) => expect(s).toBe('') };
      expect(await runCli(['report', AFTER, '--compare', BEFORE, '--out', out, '--lang', 'en'], io)).toBe(0);
      // Two accounts: 2020 (inside compare) and 2021 (for the report, read by compare as a result).
      expect(spy.mock.calls.map((c) => (c[0] as { year: number }).year).sort()).toEqual([2020, 2021]);
      // The comparison is the one compare() gives from the two inputs (growth at 2020 prices, to the hundredth of
      // a percent, and the change in 万元): the later account read as a rounded result changes no printed figure.
      const c = compare(read(BEFORE), read(AFTER));
      const html = readFileSync(out, 'utf8');
      expect(html).toContain(`<td class="r">${c.gep.growthPercent} %</td>`);
      expect(html).toContain(`<td class="r">${wan(c.gep.change)}</td>`);
      // The report's own account is at the comparison's base year.
      expect(html).toContain('Both years at comparable prices of 2020');
    },
  );
});
