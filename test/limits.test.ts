import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main';
import { tinyInput } from './helpers';

/** Numbers at the edge (docs/limits.md): refused quickly with a code by `account` and `validate`, never Infinity. */

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}
function inputWithArea(value: unknown): string {
  const i = tinyInput() as { ecosystems: { area: { value: unknown } }[] };
  (i.ecosystems[0] as { area: { value: unknown } }).area.value = value;
  const file = join(mkdtempSync(join(tmpdir(), 'gepkit-limits-')), 'input.json');
  writeFileSync(file, JSON.stringify(i));
  return file;
}

describe('huge areas are refused at the edge, quickly', () => {
  // Each of these grew memory until killed, ran past two minutes, or printed GEP "Infinity" with exit 0.
  for (const value of ['1e9000000000000000', '1e1000000', '1e10000000', '-1e90000000000000000', '1e21']) {
    it(`${value}: account and validate exit 1 with NUMBER_OUT_OF_RANGE`, async () => {
      const file = inputWithArea(value);
      for (const command of ['account', 'validate']) {
        const t = Date.now();
        const r = await cli([command, file]);
        expect(r.code).toBe(1);
        expect(r.err).toContain('NUMBER_OUT_OF_RANGE');
        expect(r.out).not.toContain('Infinity');
        expect(Date.now() - t).toBeLessThan(5000);
      }
    });
  }
  it('a JSON number beyond the range (1e300) is refused the same way', async () => {
    const r = await cli(['validate', inputWithArea(1e300)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('NUMBER_OUT_OF_RANGE');
  });
  it('the largest accepted area still gives a finite account', async () => {
    // 10²⁰ km² is within the limits (|x| < 10²¹); the account is absurd but finite, and written.
    const r = await cli(['account', inputWithArea('1e20'), '--exclude', 'R1,R2,R3']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).totals).toBeDefined();
    expect(r.out).not.toMatch(/Infinity|NaN/);
  });
});

describe('a JSON number no double holds is refused at its field, as written', () => {
  /** The tiny input's text with `"year": 2020` or the first area's value written as `literal`. */
  function written(field: 'year' | 'area', literal: string): string {
    const i = tinyInput() as { year: unknown; ecosystems: { area: { value: unknown } }[] };
    const marker = 424242;
    if (field === 'year') i.year = marker;
    else (i.ecosystems[0] as { area: { value: unknown } }).area.value = marker;
    const file = join(mkdtempSync(join(tmpdir(), 'gepkit-limits-')), 'input.json');
    writeFileSync(file, JSON.stringify(i, null, 2).replace(String(marker), literal));
    return file;
  }

  for (const [field, literal, path] of [
    ['year', '1e309', 'year'],
    ['area', '1e309', 'ecosystems[0].area.value'],
    ['area', '-1.5E+400', 'ecosystems[0].area.value'],
    // Read by JSON.parse as 0: a silent zero.
    ['area', '1e-400', 'ecosystems[0].area.value'],
  ] as const)
    it(`${field} ${literal}: NUMBER_OUT_OF_RANGE at ${path} naming ${literal}, never "Infinity"`, async () => {
      for (const command of ['validate', 'account']) {
        const r = await cli([command, written(field, literal)]);
        expect(r.code).toBe(1);
        expect(r.err).toContain(`error NUMBER_OUT_OF_RANGE\n  at ${path}\n`);
        expect(r.err).toContain(`Number out of range: ${literal};`);
        expect(r.err + r.out).not.toMatch(/Infinity|NaN/);
      }
    });

  it('zero written with an exponent (0e-400) is zero, not refused', async () => {
    const r = await cli(['validate', written('area', '0e-400')]);
    expect(r.err).not.toContain('NUMBER_OUT_OF_RANGE');
  });
});
