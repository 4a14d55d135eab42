import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { runCli } from '../../src/cli/main';
import { GepError } from '../../src/core/errors';
import { parseReportableResult, reportHtml } from '../../src/report';
import { totalsProblems } from '../../src/report/reportable';
import { Decimal } from '../../src/core/decimal';
import { uncertainty } from '../../src/uncertainty';
import { tinyInput } from '../helpers';

/**
 * `gepkit report` on an account result file: the file is checked as compare() checks a side given as a result,
 * with the figures the report prints beside those, before any HTML or Word file is built; an edited file is
 * REPORT_RESULT_INVALID at its place, naming the file, and nothing is written at --out.
 */
async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

type Json = Record<string, any>;
const RESULT = account(tinyInput()) as unknown as Json;

/**
 * `gepkit report` of the result edited in place by `edit` (or of the JSON `edit` is), as --format `format`: its
 * exit code, errors, the file and whether --out exists.
 */
async function reportOf(edit: ((r: Json) => unknown) | Json, format: 'html' | 'docx' = 'html') {
  const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
  const file = join(dir, 'res.json');
  const r = structuredClone(RESULT);
  if (typeof edit === 'function') edit(r);
  writeFileSync(file, JSON.stringify(typeof edit === 'function' ? r : edit));
  const out = join(dir, `t.${format}`);
  const run = await cli(['report', file, '--out', out, '--format', format]);
  return { ...run, file, written: existsSync(out) };
}

/** What a report that is written prints: the result's warnings counted on one line, when it has any. */
const COUNTED =
  /^(警告 \d+ 条 \/ \d+ warning\(s\): [^\n]*\(见报告的“质量控制”一节 \/ see the report’s Quality control\)\n)?$/;

/** The refusal printed for one issue: its code, then its place. */
const refusal = (at: string) => `error REPORT_RESULT_INVALID\n  at ${at}\n`;

describe('parseReportableResult (gepkit/report): the check the CLI makes, for a library', () => {
  it('returns the result itself when it can be reported; refuses an edited one at its place, naming the file', () => {
    const r = structuredClone(RESULT);
    expect(parseReportableResult(r, 'res.json')).toBe(r);
    expect(reportHtml(parseReportableResult(r))).toContain('<!doctype html>');
    r.totals.gep.current = 'abc';
    delete r.byEcosystem[0].value;
    const e = (() => {
      try {
        parseReportableResult(r, 'res.json');
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(GepError);
    const issues = (e as GepError).issues;
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['REPORT_RESULT_INVALID', ['totals', 'gep', 'current']],
      ['REPORT_RESULT_INVALID', ['byEcosystem', 0, 'value']],
    ]);
    expect(issues[0]?.message.en).toBe(
      'The account result res.json cannot be reported: expected a decimal string such as "-1234.56"; received "abc"',
    );
    // Without a file name the message names "the result".
    expect(() => parseReportableResult({ gepkit: {}, totals: {} })).toThrow('The account result the result');
  });
});

describe('totals that are not the sums of their parts', () => {
  it('are refused at the total, at both prices, with the gap in the message (a hand-edited category, indicator or GEP)', async () => {
    const ind = RESULT.indicators.findIndex((i: Json) => i.category === 'regulating');
    const code = RESULT.indicators[ind].code as string;
    // the regulating total set to 1: it differs from the sum of its indicators by far more than rounding explains
    const cat = await reportOf((r) => (r.totals.regulating = { current: '1', comparable: '1' }));
    expect(cat.code).not.toBe(0);
    expect(cat.written).toBe(false);
    expect(cat.err).toContain(refusal('totals.regulating.current'));
    expect(cat.err).toContain(refusal('totals.regulating.comparable'));
    // …and GEP against its categories (the regulating total is one of them)
    expect(cat.err).toContain(refusal('totals.gep.current'));
    // an indicator's value raised by 1 元 (its lines unchanged): the indicator and its category
    const one = (v: string) => new Decimal(v).plus(1).toFixed();
    const raised = await reportOf((r) => {
      r.indicators[ind].value.comparable = one(r.indicators[ind].value.comparable);
    });
    expect(raised.err).toContain(refusal(`indicators[${ind}].value.comparable`));
    expect(raised.err).toContain(`indicator ${code}'s value`);
    expect(raised.err).toContain('differs from the sum of its lines');
    expect(raised.err).not.toContain(refusal(`indicators[${ind}].value.current`));
  });

  it('pass within rounding: each total within one unit of its last place per part of the sum', () => {
    // written to 2 places: an indicator of n lines may differ from their sum by up to (n + 1) fen
    const r = structuredClone(RESULT);
    const i = r.indicators.findIndex((x: Json) => x.lines.length > 0);
    const n = r.indicators[i].lines.length as number;
    const bump = (v: string, fen: number) => new Decimal(v).plus(new Decimal(fen).div(100)).toFixed(2);
    r.indicators[i].value.current = bump(r.indicators[i].value.current, n + 1);
    r.totals[r.indicators[i].category].current = bump(r.totals[r.indicators[i].category].current, n + 1);
    r.totals.gep.current = bump(r.totals.gep.current, n + 1);
    expect(totalsProblems(r as never)).toEqual([]);
    r.indicators[i].value.current = bump(r.indicators[i].value.current, 1);
    expect(totalsProblems(r as never).map((p) => p.path)).toEqual([['indicators', i, 'value', 'current']]);
  });
});

describe('zone and ecosystem-type values, and shares, that are not what their lines give', () => {
  const EXAMPLE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
  const county = () => account(JSON.parse(readFileSync(EXAMPLE, 'utf8'))) as unknown as Json;
  const paths = (r: Json) => totalsProblems(r as never).map((p) => p.path.join('.'));

  it('refuse a zone raised by 1 000 000 元 (printed as a rounding of −999,999.99 万元), at the zone and at byZone', () => {
    // Z01 21 794 125 687.94 元 → 31 794 125 687.94: its lines still give 21 794 125 687.94, and the zones sum to
    // GEP + 10 000 000 000 (the reviewer's edit: 1 000 000 万元)
    const r = county();
    expect(r.byZone[0].value.current).toBe('21794125687.94');
    r.byZone[0].value.current = '31794125687.94';
    expect(paths(r)).toEqual(['byZone.0.value.current', 'byZone']);
    const detail = totalsProblems(r as never)[0]?.detail;
    expect(detail).toContain(
      "zone Z01's value 31794125687.94 differs from the sum of its lines 21794125687.94 by 10000000000.00 yuan",
    );
  });

  it('refuse an ecosystem type edited at comparable prices, and a type deleted (its lines then in no row)', () => {
    const r = county();
    r.byEcosystem[1].value.comparable = new Decimal(r.byEcosystem[1].value.comparable).plus(100).toFixed(2);
    expect(paths(r)).toEqual(['byEcosystem.1.value.comparable', 'byEcosystem']);
    const d = county();
    d.byEcosystem.splice(0, 1);
    // the broadleaf forest's 20 516 189 283.15 元 missing from the types and the unattributed lines
    expect(paths(d)).toEqual(['byEcosystem', 'byEcosystem']);
  });

  it('refuse a share of GEP edited to 0.5 (printed as 50.00 % with a rounding of −49.47 %), and a null share', () => {
    const r = county();
    // M1 368 800 000.00 / 70 481 895 959.32 = 0.0052325… written 0.005233 (six places)
    expect(r.indicators[0].shares.ofGep).toBe('0.005233');
    r.indicators[0].shares.ofGep = '0.5';
    expect(paths(r)).toEqual(['indicators.0.shares.ofGep']);
    r.indicators[0].shares.ofGep = null;
    expect(paths(r)).toEqual(['indicators.0.shares.ofGep']);
  });

  it('pass what the account writes: the example at several roundings, and shares one unit of their last place off', () => {
    const input = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    for (const rounding of [
      undefined,
      'exact' as const,
      { money: 0, quantity: 0, share: 2, mode: 'down' as const },
      { money: 4, quantity: 2, share: 10, mode: 'up' as const },
    ]) {
      const r = account(input, rounding === undefined ? {} : { rounding });
      expect(totalsProblems(r as never)).toEqual([]);
    }
    // M1's share 368 800 000.00 / 70 481 895 959.32 = 0.00523254…: written 0.005233 (half to even); 0.005232
    // (rounded down) is 0.00000054 off, within the bound 0.000001 + (1 + 0.005) × 0.01 / 70 481 895 959.32
    const r = county();
    r.indicators[0].shares.ofGep = '0.005232';
    expect(paths(r)).toEqual([]);
    // 0.005234 is 0.00000146 off: more than one unit of the sixth place
    r.indicators[0].shares.ofGep = '0.005234';
    expect(paths(r)).toEqual(['indicators.0.shares.ofGep']);
  });

  it(
    'gepkit report refuses the reviewer’s edited zone at its place, writing nothing',
    { timeout: 60_000 },
    async () => {
      const r = county();
      r.byZone[0].value.current = '31794125687.94';
      const run = await reportOf(r);
      expect(run.code).not.toBe(0);
      expect(run.written).toBe(false);
      expect(run.err).toContain(refusal('byZone[0].value.current'));
    },
  );
});

describe('gepkit report on an account result file', () => {
  it(
    'refuses an uncertainty block whose statistics are no decimals or missing, at the field (p95 "abc", p95 deleted, a tornado bar, draws 1.5)',
    { timeout: 120_000 },
    async () => {
      const drawn = uncertainty(tinyInput(), { draws: 20, seed: 7, tornado: true }) as unknown as Json;
      expect(drawn.uncertainty.sensitivity.tornado.bars.length).toBeGreaterThan(0);
      const ok = await reportOf(drawn);
      expect(ok.err).toMatch(COUNTED);
      expect(ok.code).toBe(0);
      for (const [edit, at] of [
        [(u: Json) => (u.gep.current.p95 = 'abc'), 'uncertainty.gep.current.p95'],
        [(u: Json) => delete u.gep.current.p95, 'uncertainty.gep.current.p95'],
        [
          (u: Json) => (u.categories.regulating.current.mean = '1e309'),
          'uncertainty.categories.regulating.current.mean',
        ],
        [(u: Json) => (u.indicators[0].current.sd = null), 'uncertainty.indicators[0].current.sd'],
        [
          (u: Json) => (u.sensitivity.tornado.bars[0].low.gep = 'NaN'),
          'uncertainty.sensitivity.tornado.bars[0].low.gep',
        ],
        [(u: Json) => (u.draws = 1.5), 'uncertainty.draws'],
        [(u: Json) => delete u.plan, 'uncertainty.plan'],
      ] as const) {
        const edited = structuredClone(drawn);
        edit(edited.uncertainty);
        for (const format of ['html', 'docx'] as const) {
          const r = await reportOf(edited, format);
          expect(r.code, at).toBe(1);
          expect(r.err, at).toContain(refusal(at));
          expect(r.written, at).toBe(false);
        }
      }
    },
  );

  it(
    'reports an unedited result, and one of an input without region code (`code: null`)',
    { timeout: 60_000 },
    async () => {
      for (const edit of [() => undefined, (r: Json) => (r.region.code = null)]) {
        const r = await reportOf(edit);
        expect(r.err).toMatch(COUNTED);
        expect(r.code).toBe(0);
        expect(r.written).toBe(true);
      }
    },
  );

  it(
    'reports a result written by gepkit account --uncertainty, its bands shown',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
      const input = join(dir, 'input.json');
      const drawn = join(dir, 'drawn.json');
      writeFileSync(input, JSON.stringify(tinyInput()));
      const a = await cli(['account', input, '--uncertainty', '20', '--out', drawn]);
      expect(a.code).toBe(0);
      expect(a.err).toMatch(/^警告 \d+ 条 \/ \d+ warning\(s\): [^\n]*\n$/);
      const r = await cli(['report', drawn, '--out', join(dir, 'u.html')]);
      expect(r.err).toMatch(COUNTED);
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'u.html'), 'utf8')).toContain('<section id="uncertainty">');
    },
  );

  it(
    'refuses a figure that is no decimal: totals.gep.current "abc" or "1e309", an indicator value "abc"',
    { timeout: 60_000 },
    async () => {
      for (const [edit, at] of [
        [(r: Json) => (r.totals.gep.current = 'abc'), 'totals.gep.current'],
        [(r: Json) => (r.totals.gep.current = '1e309'), 'totals.gep.current'],
        [(r: Json) => (r.indicators[0].value.current = 'abc'), 'indicators[0].value.current'],
        [(r: Json) => (r.totals.material.comparable = 'NaN'), 'totals.material.comparable'],
      ] as const) {
        const r = await reportOf(edit);
        expect(r.code).toBe(1);
        expect(r.err).toContain(refusal(at));
        expect(r.err).toContain(
          `The account result ${r.file} cannot be reported: expected a decimal string such as "-1234.56"`,
        );
        expect(r.written).toBe(false);
      }
    },
  );

  it('refuses the same for --format docx, writing nothing', { timeout: 60_000 }, async () => {
    const r = await reportOf((r) => (r.totals.gep.current = 'abc'), 'docx');
    expect(r.code).toBe(1);
    expect(r.err).toContain(refusal('totals.gep.current'));
    expect(r.written).toBe(false);
  });

  it(
    'refuses a result without its region, totals or indicators, or with a year that is no number',
    { timeout: 60_000 },
    async () => {
      for (const [edit, at] of [
        [(r: Json) => delete r.region, 'region'],
        [(r: Json) => (r.totals = null), 'totals'],
        [(r: Json) => (r.indicators = null), 'indicators'],
        [(r: Json) => (r.year = 'abc'), 'year'],
      ] as const) {
        const r = await reportOf(edit);
        expect(r.code).toBe(1);
        expect(r.err).toContain(refusal(at));
        expect(r.written).toBe(false);
      }
    },
  );

  it('refuses a bare {"gepkit", "totals": {}} at each missing part', { timeout: 60_000 }, async () => {
    const r = await reportOf({ gepkit: { resultSchema: 1, version: '0.1.0' }, totals: {} });
    expect(r.code).toBe(1);
    for (const at of ['region', 'year', 'totals.gep', 'totals.material', 'indicators', 'quality'])
      expect(r.err).toContain(refusal(at));
    expect(r.written).toBe(false);
  });

  it(
    'refuses a result whose totals were deleted at its totals, not as an input missing its ecosystems',
    { timeout: 60_000 },
    async () => {
      // a file with `gepkit` is a result (an input's strict schema has no such field), whatever else it lacks
      const r = await reportOf((res) => delete res.totals);
      expect(r.code).toBe(1);
      expect(r.err).toContain(refusal('totals'));
      expect(r.err).not.toContain('INPUT_INVALID');
      expect(r.written).toBe(false);
    },
  );

  it(
    'takes the years of the input schema (1900–2200): 2200 is reported, 10000 and 1899 refused',
    { timeout: 60_000 },
    async () => {
      const ok = await reportOf((r) => (r.year = 2200));
      expect(ok.err).toMatch(COUNTED);
      expect(readFileSync(ok.file.replace('res.json', 't.html'), 'utf8')).toContain(
        '<title>测试县 2200 GEP</title>',
      );
      for (const [year, detail] of [
        [10000, 'Too big: expected number to be <=2200'],
        [1899, 'Too small: expected number to be >=1900'],
      ] as const) {
        const r = await reportOf((res) => (res.year = year));
        expect(r.code).toBe(1);
        expect(r.err).toContain(refusal('year'));
        expect(r.err).toContain(detail);
        expect(r.written).toBe(false);
      }
    },
  );
});

describe('a result file dated 10000 (the input schema takes 1900–2200)', () => {
  it('is refused by compare and vep change at its year, as by report', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
    const good = join(dir, 'res.json');
    const late = join(dir, 'res-10000.json');
    writeFileSync(good, JSON.stringify(RESULT));
    writeFileSync(late, JSON.stringify({ ...RESULT, year: 10000 }));
    const compared = await cli(['compare', good, late]);
    expect(compared.code).toBe(1);
    expect(compared.err).toContain('error COMPARE_RESULT_INVALID\n  at after.year\n');
    expect(compared.out).toBe('');
    const changed = await cli(['vep', 'change', late, good]);
    expect(changed.code).toBe(1);
    expect(changed.err).toContain('error VEP_RESULT_INVALID\n  at a.year\n');
    expect(changed.out).toBe('');
  });
});
