import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { compare } from '../src/account/compare';
import { runCli } from '../src/cli/main';
import type { Io } from '../src/cli/shared';
import { start } from '../src/cli/start';

const BEFORE = new URL('../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
const GOLDEN = new URL('./golden/jiangxi-county.compare.json', import.meta.url);
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

async function cli(args: string[], via: (argv: string[], io: Io) => Promise<number> = runCli) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await via(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('gepkit compare on the example county, 2020 → 2021', () => {
  it('equals the golden comparison (regenerate on purpose with UPDATE_GOLDEN=1)', async () => {
    const r = await cli(['compare', BEFORE, AFTER]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, r.out);
    expect(r.out).toBe(readFileSync(GOLDEN, 'utf8'));
    const c = JSON.parse(r.out);
    // Both years at 2020 prices (the before year, by default); every effect adds up to the change, to the fen.
    expect(c.prices).toEqual({ basis: 'comparable', baseYear: 2020, index: 'cn-cpi-1978@1.0.0' });
    const fen = (s: string) => BigInt(s.replace('.', ''));
    for (const row of [c.gep, ...c.byIndicator, ...c.byZone])
      expect(fen(row.quantityEffect) + fen(row.mixEffect) + fen(row.priceEffect) + fen(row.unsplit)).toBe(
        fen(row.change),
      );
    // Only rice changed price (2,750 元/t in 2021 money): the only price effect is M1's.
    expect(
      c.byIndicator
        .filter((i: { priceEffect: string }) => i.priceEffect !== '0.00')
        .map((i: { indicator: string }) => i.indicator),
    ).toEqual(['M1']);
  });

  it('prints Markdown and CSV that name the price year', async () => {
    const md = await cli(['compare', BEFORE, AFTER, '--format', 'md', '--base-year', '2015']);
    expect(md.code).toBe(0);
    expect(md.out).toContain('Both years at comparable prices of 2015 (可比价, 2015 年价格');
    expect(md.out).toContain('| 东山镇 Dongshan (illustrative) |');
    const csv = await cli(['compare', BEFORE, AFTER, '--format', 'csv']);
    const [head, gep] = csv.out.split('\n');
    expect(head).toBe('level,key,name,base_year,v0,v1,change,growth_percent,volume,mix,price,unsplit');
    expect(gep?.startsWith('gep,,GEP,2020,')).toBe(true);
  });

  it('reads a result as well as an input, with the same figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-compare-'));
    const result = join(dir, 'after.json');
    writeFileSync(result, JSON.stringify(account(read(AFTER), { baseYear: 2020, rounding: 'exact' })));
    const fromInputs = compare(read(BEFORE), read(AFTER));
    const mixed = compare(read(BEFORE), read(result));
    expect(mixed.after.from).toBe('result');
    expect({ ...mixed, after: fromInputs.after }).toEqual(fromInputs);
    // A result at another base year than the input asked for is refused.
    const r = await cli(['compare', BEFORE, result, '--base-year', '2015']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('COMPARE_INCOMPARABLE');
  });

  it('loads lazily from the binary, has help, and refuses --exact and a bad format', async () => {
    const help = await cli(['compare', '--help'], start);
    expect(help.out).toContain('gepkit compare <before.json> <after.json>');
    expect((await cli(['compare', BEFORE, AFTER, '--exact'])).err).toContain('CLI_USAGE');
    expect((await cli(['compare', BEFORE, AFTER, '--format', 'xml'])).err).toContain(
      '--format must be json, csv, md or xlsx',
    );
    expect((await cli(['compare', BEFORE])).err).toContain('compare takes two files');
  });
});
