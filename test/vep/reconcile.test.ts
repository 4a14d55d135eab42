import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { VepBatch, type ParcelResult } from '../../src/vep/batch';
import { engineInput, engineOptions, prepareContext } from '../../src/vep/context';
import { ParcelSums, type ReconcileRow, reconcile } from '../../src/vep/reconcile';
import { errorOf } from '../helpers';
import { TYPES, exampleContext, parcel } from './helpers';

const prepared = prepareContext(exampleContext());
const priceYear = prepared.basis.priceYear;

/** The county: the same key's records over the union of the parcels' areas, accounted exactly. */
function county(areas: { type: string; value: string; unit: string }[]) {
  const records = prepared.keys.get('hills') as Record<string, unknown>;
  return account(engineInput(prepared, records, areas) as never, engineOptions(prepared) as never);
}
function valued(ps: object[]): ParcelResult[] {
  const b = new VepBatch(prepared);
  return ps.map((p, i) => b.process(p, i + 1) as ParcelResult);
}

describe('reconciliation of parcels with the county account', () => {
  it('hand-made: two parcels of shrub tile a county of 3 hm²', () => {
    const ps = valued([
      parcel('A', 'hills', { shrub: ['1', 'hm2'] }),
      parcel('B', 'hills', { shrub: ['2', 'hm2'] }),
    ]);
    const r = reconcile(ps, county([{ type: 'shrub', value: '3', unit: 'hm2' }]), priceYear);
    expect(r.parcels).toBe(2);
    expect(r.prices).toBe('current');
    // each row: two parcel cells → bound ½ × (2 + 1) = 1.5 → 1 fen; all rows within it
    for (const row of r.rows) {
      expect(row.parcelCells).toBe(2);
      expect(row.bound).toBe('0.01');
      expect(row.status).toBe('rounding');
    }
    // the totals are the rows summed; the rounding line carries the whole difference, nothing unexplained
    const f = (s: string) => BigInt(s.replace('.', ''));
    expect(f(r.total.parcels)).toBe(r.rows.reduce((s, x) => s + f(x.parcels), 0n));
    expect(f(r.total.parcels)).toBe(ps.reduce((s, p) => s + f(p.value as string), 0n));
    expect(r.rounding).toBe(r.total.difference);
    expect([r.unexplained, r.countyOnly, r.parcelsOnly]).toEqual(['0.00', '0.00', '0.00']);
    // a county with one more hectare is not rounding: 1 hm² of shrub unexplained in every row
    const more = reconcile(ps, county([{ type: 'shrub', value: '4', unit: 'hm2' }]), priceYear);
    expect(more.rows.every((x) => x.status === 'unexplained')).toBe(true);
    expect(more.unexplained).toBe(more.total.difference);
    // parcels at another price year than the account's are refused
    const c3 = county([{ type: 'shrub', value: '3', unit: 'hm2' }]);
    expect(errorOf(() => reconcile(ps, c3, priceYear + 1)).code).toBe('VEP_PRICE_YEAR_MISMATCH');
  });

  it('property: random tilings of the county sum to it within n × 0.005 元', () => {
    const tiling = fc.array(
      fc.record({
        type: fc.constantFrom(...TYPES),
        hm2: fc.integer({ min: 1, max: 5_000_000 }), // in 10⁻⁴ hm²
      }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(tiling, (tiles) => {
        const ps = valued(
          tiles.map((t, i) => parcel(`P${i}`, 'hills', { [t.type]: [(t.hm2 / 10_000).toFixed(4), 'hm2'] })),
        );
        const total = new Map<string, number>();
        for (const t of tiles) total.set(t.type, (total.get(t.type) ?? 0) + t.hm2);
        const c = county(
          [...total].map(([type, v]) => ({ type, value: (v / 10_000).toFixed(4), unit: 'hm2' })),
        );
        const r = reconcile(ps, c, priceYear);
        const f = (s: string) => BigInt(s.replace('.', ''));
        const cells = ps.reduce((s, p) => s + (p.cells?.length ?? 0), 0);
        const d = f(r.total.difference);
        // n parcel cells each rounded by ≤ ½ fen, and each county cell once
        expect(2n * (d < 0n ? -d : d)).toBeLessThanOrEqual(BigInt(cells + r.rows.length));
        for (const row of r.rows) expect(row.status).toBe('rounding');
        expect(r.unexplained).toBe('0.00');
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('gepkit vep reconcile', () => {
  it('reads the results of vep value (summary line included) and a county account', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { vepCommand } = await import('../../src/cli/vep');
    const { EXAMPLES } = await import('./helpers');
    const dir = mkdtempSync(join(tmpdir(), 'vep-rec-'));
    const lines = [
      parcel('A', 'hills', { shrub: ['1', 'hm2'] }),
      parcel('B', 'hills', { shrub: ['2', 'hm2'] }),
    ].map((p) => JSON.stringify(p));
    writeFileSync(join(dir, 'p.jsonl'), `${lines.join('\n')}\n`);
    let out = '';
    const io = { out: (s: string) => (out += s), err: () => undefined, errIsTTY: false };
    expect(
      await vepCommand(['value', join(dir, 'p.jsonl'), '--context', join(EXAMPLES, 'context.json')], io),
    ).toBe(0);
    writeFileSync(join(dir, 'results.jsonl'), out);
    writeFileSync(
      join(dir, 'county.json'),
      JSON.stringify(county([{ type: 'shrub', value: '3', unit: 'hm2' }])),
    );
    out = '';
    const code = await vepCommand(['reconcile', join(dir, 'results.jsonl'), join(dir, 'county.json')], io);
    expect(code).toBe(0);
    const r = JSON.parse(out) as { parcels: number; priceYear: number; unexplained: string };
    expect(r).toMatchObject({ parcels: 2, priceYear, unexplained: '0.00' });
  });

  it('an edited result is reported: a line’s value or type value, the summary’s value, a cell (exit 1)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { vepCommand } = await import('../../src/cli/vep');
    const { EXAMPLES } = await import('./helpers');
    const dir = mkdtempSync(join(tmpdir(), 'vep-rec-'));
    writeFileSync(
      join(dir, 'p.jsonl'),
      `${[
        parcel('A', 'hills', { shrub: ['1', 'hm2'] }, { package: 'P' }),
        parcel('B', 'hills', { shrub: ['2', 'hm2'] }, { package: 'P' }),
      ]
        .map((p) => JSON.stringify(p))
        .join('\n')}\n`,
    );
    writeFileSync(
      join(dir, 'county.json'),
      JSON.stringify(county([{ type: 'shrub', value: '3', unit: 'hm2' }])),
    );
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const io = { out: (x: string) => (out += x), err: (x: string) => (err += x), errIsTTY: false };
      return { code: await vepCommand(args, io), out, err };
    };
    const value = async (format: string) =>
      (
        await run([
          'value',
          join(dir, 'p.jsonl'),
          '--context',
          join(EXAMPLES, 'context.json'),
          '--format',
          format,
        ])
      ).out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, any>);
    const reconcileLines = (lines: object[]) => {
      writeFileSync(join(dir, 'results.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      return run(['reconcile', join(dir, 'results.jsonl'), join(dir, 'county.json')]);
    };
    // amounts in fen, and back in 元 with two decimals
    const fen = (x: string) => BigInt(x.replace('.', ''));
    const yuan = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;
    const plus = (x: string, f: bigint) => yuan(fen(x) + f);

    const lines = await value('json');
    expect(lines).toHaveLength(3); // A, B, the summary
    const untouched = await reconcileLines(lines);
    expect(untouched.code).toBe(0);
    expect(untouched.err).toBe('');
    const edit = (f: (l: Record<string, any>[]) => void) => {
      const copy = structuredClone(lines);
      f(copy);
      return reconcileLines(copy);
    };
    const a = lines[0] as Record<string, any>;
    // A's value + 100 000.00 元: its cells still sum to the value written by vep value
    const v = await edit((l) => (l[0]!.value = plus(a.value, 10_000_000n)));
    expect(v.code).toBe(1);
    expect(v.out).toBe('');
    expect(v.err).toContain('error VEP_PARCEL_RESULT_INVALID\n  at line[1].value\n');
    expect(v.err).toContain(
      `value "${plus(a.value, 10_000_000n)}" is not the sum of the parcel's cells ${a.value}`,
    );
    // A's shrub value + 5 000.00 元
    const t = await edit((l) => (l[0]!.byType[0].value = plus(a.byType[0].value, 500_000n)));
    expect(t.code).toBe(1);
    expect(t.err).toContain('at line[1].byType[0].value\n');
    expect(t.err).toContain(`of type "shrub" is not the sum of its cells ${a.byType[0].value}`);
    // the summary's value set to 1.00: the lines add up to A + B
    const total = yuan(fen(a.value) + fen((lines[1] as { value: string }).value));
    const s = await edit((l) => (l[2]!.summary.value = '1.00'));
    expect(s.code).toBe(1);
    expect(s.err).toContain('at line[3].summary.value\n');
    expect(s.err).toContain(`the summary gives 1.00, the lines add up to ${total}`);
    // one cell + 1.00 元, nothing else: A's value and shrub value are no longer its cells' sums
    const c = await edit((l) => (l[0]!.cells[0].value = plus(a.cells[0].value, 100n)));
    expect(c.code).toBe(1);
    expect(c.err).toContain('at line[1].value\n');
    expect(c.err).toContain('at line[1].byType[0].value\n');
    // the same cell + 1.00 with every figure made of it (A's value and type value, the summary's totals): the
    // file is consistent, and the row of that cell is 1.00 元 beyond its bound of 1 fen (two parcel cells:
    // ½ fen × 3, rounded down): printed, warned on stderr, exit 1
    const indicator = a.cells[0].indicator as string;
    const all = await edit((l) => {
      const [x, , sum] = l as [Record<string, any>, unknown, Record<string, any>];
      x.cells[0].value = plus(x.cells[0].value, 100n);
      x.value = plus(x.value, 100n);
      x.byType[0].value = plus(x.byType[0].value, 100n);
      sum.summary.value = plus(sum.summary.value, 100n);
      sum.summary.byPackage[0].value = plus(sum.summary.byPackage[0].value, 100n);
      sum.summary.byType[0].value = plus(sum.summary.byType[0].value, 100n);
      const i = sum.summary.byIndicator.find((e: { indicator: string }) => e.indicator === indicator);
      i.value = plus(i.value, 100n);
    });
    expect(all.code).toBe(1);
    const r = JSON.parse(all.out) as { unexplained: string; rows: ReconcileRow[] };
    const row = r.rows.findIndex((x) => x.indicator === indicator && x.type === 'shrub');
    expect(r.rows[row]).toMatchObject({ status: 'unexplained', bound: '0.01' });
    expect(r.unexplained).toBe(r.rows[row]?.difference);
    // the county's cell is unchanged, so the row's difference (county − parcels) is 1.00 less than untouched
    const before = (JSON.parse(untouched.out) as { rows: ReconcileRow[] }).rows[row] as ReconcileRow;
    expect(fen(r.unexplained)).toBe(fen(before.difference) - 100n);
    expect(all.err).toContain(`warning VEP_RECONCILE_UNEXPLAINED\n  at rows[${row}]\n`);
    expect(all.err.split('VEP_RECONCILE_UNEXPLAINED').length - 1).toBe(1);

    // compact lines: a type's value + 5 000.00 元
    const compact = await value('compact');
    const shrub = (compact[0] as { types: { shrub: { value: string } } }).types.shrub.value;
    expect(shrub).toBe(a.byType[0].value);
    compact[0]!.types.shrub.value = plus(shrub, 500_000n);
    const k = await reconcileLines(compact);
    expect(k.code).toBe(1);
    expect(k.err).toContain('at line[1].types.shrub.value\n');
    expect(k.err).toContain(
      `value "${plus(shrub, 500_000n)}" of type "shrub" is not the sum of its cells ${shrub}`,
    );
  });
});

describe('gepkit vep reconcile refuses or fails what the county account does not hold', () => {
  it('parcels of types the example county lacks: every row one-sided, parcels-only warned, exit 1', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { vepCommand } = await import('../../src/cli/vep');
    const { EXAMPLES } = await import('./helpers');
    const dir = mkdtempSync(join(tmpdir(), 'vep-rec-'));
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const io = { out: (x: string) => (out += x), err: (x: string) => (err += x), errIsTTY: false };
      return { code: await vepCommand(args, io), out, err };
    };
    writeFileSync(
      join(dir, 'c.csv'),
      'id,key,unit,area:forest.coniferous,area:cropland.paddy\nC1,hills,hm2,500,\nC2,valley,hm2,,300\n',
    );
    const valued = await run(['value', join(dir, 'c.csv'), '--context', join(EXAMPLES, 'context.json')]);
    expect(valued.code).toBe(0);
    writeFileSync(join(dir, 'c.jsonl'), valued.out);
    const account = JSON.parse(readFileSync(join(EXAMPLES, 'account-2023.json'), 'utf8')) as {
      indicators: unknown[];
      classification: { ref: string };
    };
    const r = await run(['reconcile', join(dir, 'c.jsonl'), join(EXAMPLES, 'account-2023.json')]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out) as {
      rows: ReconcileRow[];
      total: { parcels: string; county: string; difference: string };
      rounding: string;
      unexplained: string;
      countyOnly: string;
      parcelsOnly: string;
    };
    // the county account has no forest.coniferous nor cropland.paddy line: the parcels' whole value is
    // parcels-only, the county's whole value county-only; difference = countyOnly + parcelsOnly
    expect(result.total).toEqual({
      parcels: '244037613.42',
      county: '657028260.26',
      difference: '412990646.84', // 657 028 260.26 − 244 037 613.42
    });
    expect([result.rounding, result.unexplained, result.countyOnly, result.parcelsOnly]).toEqual([
      '0.00',
      '0.00',
      '657028260.26',
      '-244037613.42',
    ]);
    // one warning per parcels-only row with a value, at its row
    const only = result.rows.flatMap((x, i) =>
      x.status === 'parcels-only' && x.parcels !== '0.00'
        ? [`warning VEP_RECONCILE_PARCELS_ONLY\n  at rows[${i}]\n`]
        : [],
    );
    expect(only.length).toBeGreaterThan(0);
    for (const w of only) expect(r.err).toContain(w);
    expect(r.err.split('warning ').length - 1).toBe(only.length);
    expect(r.err).not.toContain('VEP_RECONCILE_UNEXPLAINED');

    // an account of no indicator: refused, nothing printed
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ ...account, indicators: [] }));
    const empty = await run(['reconcile', join(dir, 'c.jsonl'), join(dir, 'empty.json')]);
    expect(empty.code).toBe(1);
    expect(empty.out).toBe('');
    expect(empty.err).toContain('error VEP_RESULT_INVALID\n  at account.indicators\n');

    // an account of another classification than the parcels' summary basis: refused as incomparable
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({ ...account, classification: { ...account.classification, ref: 'mee-types@2.0.0' } }),
    );
    const other = await run(['reconcile', join(dir, 'c.jsonl'), join(dir, 'other.json')]);
    expect(other.code).toBe(1);
    expect(other.out).toBe('');
    expect(other.err).toContain('error VEP_CHANGE_INCOMPARABLE\n  at account.classification\n');
    expect(other.err).toContain('classifications differ (jx-ecosystem-types@1.0.0, mee-types@2.0.0)');
  });
});

describe('reconciliation streams: memory by cells, not parcels', () => {
  it('ParcelSums holds one entry per indicator × type however many parcels are added; same result as the list', () => {
    const ps = valued([
      parcel('A', 'hills', { shrub: ['1', 'hm2'] }),
      parcel('B', 'hills', { shrub: ['2', 'hm2'] }),
    ]);
    const sums = new ParcelSums();
    for (const p of ps) sums.add(p);
    const cells = sums.size;
    expect(cells).toBe(ps[0]?.cells?.length); // one parcel's cells: every indicator on shrub
    // 100 000 more parcel results of the same cells (each the first parcel again): the state does not grow
    for (let i = 0; i < 100_000; i++) sums.add(ps[0] as ParcelResult);
    expect(sums.size).toBe(cells);
    expect(sums.parcels).toBe(100_002);
    // and the sums give what the list gives: 1 + 2 + 100 000 × 1 hm² against a county of 100 003 hm² is
    // rounding only (each row within ½ fen × (cells + 1))
    const c = county([{ type: 'shrub', value: '100003', unit: 'hm2' }]);
    const list = reconcile(
      [...ps, ...Array.from({ length: 100_000 }, () => ps[0] as ParcelResult)],
      c,
      priceYear,
    );
    expect(reconcile(sums, c, priceYear)).toEqual(list);
    expect(list.unexplained).toBe('0.00');
    // reconciling the same sums again gives the same (the county is added to copies)
    expect(reconcile(sums, c, priceYear)).toEqual(list);
  }, 60_000);

  it('the CLI refuses a results line that is not JSON with its line number', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { vepCommand } = await import('../../src/cli/vep');
    const dir = mkdtempSync(join(tmpdir(), 'vep-rec-'));
    writeFileSync(join(dir, 'results.jsonl'), '{"ok":false,"issues":[]}\n{"ok":tru\n');
    writeFileSync(
      join(dir, 'county.json'),
      JSON.stringify(county([{ type: 'shrub', value: '3', unit: 'hm2' }])),
    );
    let err = '';
    const io = { out: () => undefined, err: (s: string) => (err += s), errIsTTY: false };
    const code = await vepCommand(
      ['reconcile', join(dir, 'results.jsonl'), join(dir, 'county.json'), '--price-year', String(priceYear)],
      io,
    );
    expect(code).toBe(1);
    expect(err).toContain('VEP_LINE_NOT_JSON');
    expect(err).toContain('line[2]');
  });

  it('the CLI refuses a results line with a number no double holds or a key given twice, at its field', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { vepCommand } = await import('../../src/cli/vep');
    const dir = mkdtempSync(join(tmpdir(), 'vep-rec-'));
    writeFileSync(
      join(dir, 'county.json'),
      JSON.stringify(county([{ type: 'shrub', value: '3', unit: 'hm2' }])),
    );
    const errOf = async (lines: string[]) => {
      writeFileSync(join(dir, 'results.jsonl'), `${lines.join('\n')}\n`);
      let err = '';
      const io = { out: () => undefined, err: (s: string) => (err += s), errIsTTY: false };
      const code = await vepCommand(
        [
          'reconcile',
          join(dir, 'results.jsonl'),
          join(dir, 'county.json'),
          '--price-year',
          String(priceYear),
        ],
        io,
      );
      return { code, err };
    };
    // 1e-400 is read by JSON.parse as a silent 0, 1e309 as Infinity: refused at the field, as written.
    const tiny = await errOf(['{"ok":false,"issues":[]}', '{"line":1e-400,"ok":false,"issues":[]}']);
    expect(tiny.code).toBe(1);
    expect(tiny.err).toContain('error NUMBER_OUT_OF_RANGE\n  at line[2].line\n');
    expect(tiny.err).toContain('1e-400');
    const huge = await errOf(['{"ok":false,"issues":[],"n":[1,1e309]}']);
    expect(huge.err).toContain('error NUMBER_OUT_OF_RANGE\n  at line[1].n[1]\n');
    const twice = await errOf(['{"ok":false,"ok":true,"issues":[]}']);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('error VEP_LINE_NOT_JSON\n  at line[1].ok\n');
    expect(twice.err).toContain('the key "ok" appears twice in one object');
  });
});

// The library's reading of result lines (every refusal's place and detail, the fen of each amount) is tested
// beside it, in src/vep/reconcile.test.ts; here the CLI around it.
describe('the CLI reads parcel result lines strictly', () => {
  const cell = (value: unknown, indicator = 'R1') => ({ indicator, type: 'shrub', value });

  it('the CLI refuses a null line and a value "12,50" (exit 1, the line named), and reads "440000" as 440 000 元', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { vepCommand } = await import('../../src/cli/vep');
    const dir = mkdtempSync(join(tmpdir(), 'vep-rec-'));
    writeFileSync(
      join(dir, 'county.json'),
      JSON.stringify(county([{ type: 'shrub', value: '3', unit: 'hm2' }])),
    );
    const runWith = async (text: string) => {
      writeFileSync(join(dir, 'results.jsonl'), text);
      let err = '';
      let out = '';
      const io = { out: (s: string) => (out += s), err: (s: string) => (err += s), errIsTTY: false };
      const args = [
        'reconcile',
        join(dir, 'results.jsonl'),
        join(dir, 'county.json'),
        '--price-year',
        String(priceYear),
      ];
      return { code: await vepCommand(args, io), err, out };
    };
    const good = JSON.stringify({ ok: true, cells: [cell('440000')] });
    const nul = await runWith(`${good}\nnull\n`);
    expect(nul.code).toBe(1);
    expect(nul.err).toContain('VEP_PARCEL_RESULT_INVALID');
    expect(nul.err).toContain('at line[2]\n');
    const comma = await runWith(`${good}\n${JSON.stringify({ ok: true, cells: [cell('12,50')] })}\n`);
    expect(comma.code).toBe(1);
    expect(comma.err).toContain('at line[2].cells[0].value');
    // A parcel's result given twice (the sweep's repeated line raised the parcels' sum 1,994,808.20 → 2,468,177.90),
    // results out of the batch's order, and a second summary are refused at the file line that breaks the order.
    const at = (line: number) => JSON.stringify({ line, ok: true, cells: [cell('440000')] });
    const again = await runWith(`${at(2)}\n${at(3)}\n${at(3)}\n`);
    expect(again.code).toBe(1);
    expect(again.err).toContain('VEP_PARCEL_RESULT_INVALID');
    expect(again.err).toContain('at line[3]\n');
    expect(again.err).toContain('the result of batch line 3 comes after that of batch line 3 (line 2)');
    const back = await runWith(`${at(5)}\n\n${at(4)}\n`);
    expect(back.err).toContain('at line[3]\n');
    expect(back.err).toContain('batch line 4 comes after that of batch line 5 (line 1)');
    const summary = JSON.stringify({ summary: { basis: { priceYear } } });
    const two = await runWith(`${at(2)}\n${summary}\n${summary}\n`);
    expect(two.code).toBe(1);
    expect(two.err).toContain('at line[3]\n');
    expect(two.err).toContain('a second summary line (the first is line 2)');
    // one summary, after the results, is read (440 000 元 of R1 on shrub is far from the county's: exit 1 for that)
    const once = await runWith(`${at(2)}\n${at(3)}\n${summary}\n`);
    expect(once.err).not.toContain('VEP_PARCEL_RESULT_INVALID');
    expect(once.err).toContain('VEP_RECONCILE_UNEXPLAINED');
    const ok = await runWith(`${good}\n`);
    expect(ok.err).not.toContain('VEP_PARCEL_RESULT_INVALID');
    const r = JSON.parse(ok.out) as { total: { parcels: string } };
    expect(r.total.parcels).toBe('440000.00');
  });
});
