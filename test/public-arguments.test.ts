/**
 * A JavaScript caller's argument of another kind (null, a number, a text, an object of another shape) is refused
 * at the public function's boundary with a GepError at the argument's name, never a TypeError from deep inside: an
 * account result (REPORT_RESULT_INVALID), a parsed input (INPUT_INVALID), ledger entries (LEDGER_ENTRY_INVALID), a
 * comparison or another argument no code of what it is fits (ARGUMENT_INVALID), options (OPTIONS_INVALID).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { compare } from '../src/account/compare';
import { compareCsv, compareMarkdown } from '../src/account/compare-format';
import { tableMarkdown, toCsv, toMarkdown } from '../src/account/format';
import { checkInput, parseInput } from '../src/account/validate';
import { processActivities, processActivitiesAsync } from '../src/carbon/batch';
import { GENESIS } from '../src/carbon/ledger/entry';
import { Ledger } from '../src/carbon/ledger/ledger';
import { emptyHead, rootHash, rootText } from '../src/carbon/ledger/partition';
import { headsOf, mergeBalances } from '../src/carbon/ledger/partitioned';
import {
  RegistryState,
  registryPolicies,
  registryPolicy,
  registrySnapshot,
  restoreRegistry,
  serialsText,
} from '../src/carbon/ledger/registry';
import { reexecuteStore } from '../src/carbon/reexecute';
import { bundledRuleSet } from '../src/carbon/rules/bundled';
import { verifyStore } from '../src/carbon/verify-store';
import { LedgerState } from '../src/carbon/ledger/state';
import { foldBalances, verifyLedger, verifyLedgerAsync } from '../src/carbon/ledger/verify';
import { openLedgerStore } from '../src/carbon/open-store-node';
import { MemoryLedgerStore, checkpointMessage, ledgerHead } from '../src/carbon/store';
import { openSqliteStore } from '../src/carbon/store-sqlite-node';
import { bundledClassification, bundledTables } from '../src/coefficients/bundled';
import { type CoefficientTable, CoefficientSet, applyOverlay } from '../src/coefficients/registry';
import { dec } from '../src/core/decimal';
import { GepError } from '../src/core/errors';
import { bundledProfile } from '../src/profiles/bundled';
import { comparisonMarkdown, diffMarkdown, diffProfiles, profileMarkdown } from '../src/profiles/compare';
import { reportHtml } from '../src/report/html';
import { traceData } from '../src/report/trace';
import type { Multiplier } from '../src/uncertainty/distributions';
import { evaluatePlan, runDraws, targetCount } from '../src/uncertainty/evaluate';
import { Kind, compilePlan } from '../src/uncertainty/plan';
import { sobolFirstOrder, tornado } from '../src/uncertainty/sensitivity';
import { decomposeChange } from '../src/change/decompose';
import { allocateFen } from '../src/vep/dividends';
import { findOverlaps } from '../src/vep/geometry';
import type { Geometry } from '../src/input/geometry';
import { parcelProfile } from '../src/vep/profile';
import { reconcile, unexplainedIssues } from '../src/vep/reconcile';
import { resultCsvHeader, resultCsvRow } from '../src/vep/result-csv';
import { compactResult, toCompactLine } from '../src/vep/result-line';
import { compareXlsx } from '../src/xlsx/compare';
import { toXlsx } from '../src/xlsx/index';
import { locateIssues, locateResult, readInputWorkbook } from '../src/xlsx/input-read';
import { inputTemplate } from '../src/xlsx/input-template';
import { tinyInput } from './helpers';
import { planOf } from './uncertainty/plan-fixture';

/** The [code, path] of the first issue `f` throws (sync or async); a throw of anything else fails the test. */
async function refusal(f: () => unknown): Promise<[string, string] | undefined> {
  try {
    await f();
  } catch (e) {
    if (!(e instanceof GepError)) throw e;
    const [i] = e.issues;
    return i === undefined ? undefined : [i.code, i.path.join('.')];
  }
  return undefined;
}

const NOT_AN_OBJECT = [
  ['nothing', undefined],
  ['null', null],
  ['a number', 42],
  ['a text', 'x'],
  ['an array', []],
] as const;

const result = account(tinyInput());

describe('an account result of another kind is REPORT_RESULT_INVALID at result', () => {
  const renderings: [string, (r: never) => unknown][] = [
    ['toMarkdown', toMarkdown],
    ['toCsv', toCsv],
    ['tableMarkdown', (r) => tableMarkdown(r, 'county')],
    ['reportHtml', reportHtml],
    ['traceData', traceData],
    ['toXlsx', toXlsx],
  ];
  it.each(renderings)('%s', async (_name, f) => {
    for (const [, bad] of NOT_AN_OBJECT)
      expect(await refusal(() => f(bad as never))).toEqual(['REPORT_RESULT_INVALID', 'result']);
    // {}: "Cannot read properties of undefined (reading 'name')" before.
    expect(await refusal(() => f({} as never))).toEqual(['REPORT_RESULT_INVALID', 'result.gepkit']);
    expect(await refusal(() => f({ ...result, byZone: null } as never))).toEqual([
      'REPORT_RESULT_INVALID',
      'result.byZone',
    ]);
  });

  it('names the function in its message, and a result passes', async () => {
    expect(() => toCsv(null as never)).toThrow(
      'The account result toCsv(result) cannot be reported: expected object, received null',
    );
    expect(toMarkdown(result)).toContain('# GEP account');
    expect(toCsv(result, 'township')).toContain('\r\n');
  });

  it('toXlsx refuses options it cannot read', async () => {
    expect(await refusal(() => toXlsx(result, null as never))).toEqual(['OPTIONS_INVALID', 'options']);
    expect(await refusal(() => toXlsx(result, { locate: 1 } as never))).toEqual([
      'OPTIONS_INVALID',
      'options.locate',
    ]);
  });
});

describe('a comparison of another kind is ARGUMENT_INVALID at comparison', () => {
  const comparison = compare(tinyInput(), tinyInput());
  it.each([
    ['compareMarkdown', compareMarkdown],
    ['compareCsv', compareCsv],
    ['compareXlsx', compareXlsx],
  ] as [string, (c: never) => unknown][])('%s', async (_name, f) => {
    for (const [, bad] of NOT_AN_OBJECT)
      expect(await refusal(() => f(bad as never))).toEqual(['ARGUMENT_INVALID', 'comparison']);
    expect(await refusal(() => f({} as never))).toEqual(['ARGUMENT_INVALID', 'comparison.before']);
    // a comparison without its sides' skipped indicators (every rendering lists them)
    const { skipped: _s, ...before } = comparison.before;
    expect(await refusal(() => f({ ...comparison, before } as never))).toEqual([
      'ARGUMENT_INVALID',
      'comparison.before.skipped',
    ]);
    expect(await refusal(() => f(comparison as never))).toBeUndefined();
  });
});

describe('checkInput refuses what is not a parsed input, a classification or a Decimal', () => {
  const classification = bundledClassification(result.classification.ref.split('@')[0] as string);
  const parsed = parseInput(tinyInput(), classification);
  it('input: INPUT_INVALID at input', async () => {
    // null: "Cannot read properties of null (reading 'zones')" before.
    for (const [, bad] of NOT_AN_OBJECT)
      expect(await refusal(() => checkInput(bad as never, classification, dec('0.05')))).toEqual([
        'INPUT_INVALID',
        'input',
      ]);
    expect(await refusal(() => checkInput({} as never, classification, dec('0.05')))).toEqual([
      'INPUT_INVALID',
      'input.zones',
    ]);
  });
  it('classification and areaTolerance: ARGUMENT_INVALID at their names', async () => {
    expect(await refusal(() => checkInput(parsed, null as never, dec('0.05')))).toEqual([
      'ARGUMENT_INVALID',
      'classification',
    ]);
    expect(await refusal(() => checkInput(parsed, classification, 0.05 as never))).toEqual([
      'ARGUMENT_INVALID',
      'areaTolerance',
    ]);
    expect(await refusal(() => checkInput(parsed, classification, dec('0.05')))).toBeUndefined();
  });
});

describe('ledger entries that are no list are LEDGER_ENTRY_INVALID at entries', () => {
  it.each([
    ['verifyLedger', verifyLedger],
    ['verifyLedgerAsync', verifyLedgerAsync],
    ['foldBalances', foldBalances],
  ] as [string, (e: never) => unknown][])('%s', async (_name, f) => {
    // null: "entries is not iterable" before; a text was walked character by character.
    for (const bad of [undefined, null, 42, 'x', {}])
      expect(await refusal(() => f(bad as never))).toEqual(['LEDGER_ENTRY_INVALID', 'entries']);
    expect(await refusal(() => f([] as never))).toBeUndefined();
    expect(await refusal(() => f(new Set() as never))).toBeUndefined();
  });
});

describe('an entry that is no object is LEDGER_ENTRY_INVALID at its index, and verification goes on', () => {
  it.each([
    ['verifyLedger', verifyLedger],
    ['verifyLedgerAsync', verifyLedgerAsync],
  ] as [string, (e: unknown[]) => unknown][])('%s', async (_name, f) => {
    // "Cannot destructure property 'prev'" before; now one issue per entry, each at its place
    const v = (await f([null, 7, []])) as {
      ok: boolean;
      issues: { code: string; path: unknown[]; params?: { detail?: string } }[];
    };
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => [i.code, i.path, i.params?.detail])).toEqual([
      ['LEDGER_ENTRY_INVALID', [0], 'an entry is an object, not null'],
      ['LEDGER_ENTRY_INVALID', [1], 'an entry is an object, not number'],
      ['LEDGER_ENTRY_INVALID', [2], 'an entry is an object, not an array'],
    ]);
  });
});

describe('the workbook helpers refuse arguments and options of another kind', () => {
  it('locateIssues and locateResult', async () => {
    const book = { locate: () => undefined, warnings: [] };
    expect(await refusal(() => locateIssues(null as never, book))).toEqual(['ARGUMENT_INVALID', 'issues']);
    expect(await refusal(() => locateIssues([], {} as never))).toEqual(['ARGUMENT_INVALID', 'book.locate']);
    expect(await refusal(() => locateResult(null as never, book))).toEqual(['ARGUMENT_INVALID', 'result']);
    expect(await refusal(() => locateResult(result, null as never))).toEqual(['ARGUMENT_INVALID', 'book']);
    expect(await refusal(() => locateResult(result, book))).toBeUndefined();
  });
  it('inputTemplate and readInputWorkbook: OPTIONS_INVALID', async () => {
    // null: "Cannot read properties of null (reading 'profile')" before; a misspelt key was ignored.
    expect(await refusal(() => inputTemplate(null as never))).toEqual(['OPTIONS_INVALID', 'options']);
    expect(await refusal(() => inputTemplate({ profil: 'x' } as never))).toEqual([
      'OPTIONS_INVALID',
      'options',
    ]);
    expect(await refusal(() => readInputWorkbook(new Uint8Array(0), 'f.xlsx', null as never))).toEqual([
      'OPTIONS_INVALID',
      'options',
    ]);
    expect(
      await refusal(() => readInputWorkbook(new Uint8Array(0), 'f.xlsx', { maxExpandedBytes: -1 })),
    ).toEqual(['OPTIONS_INVALID', 'options.maxExpandedBytes']);
  });
  it('readInputWorkbook at bytes and file', async () => {
    // null: "Cannot read properties of null (reading 'buffer')" before; a path: a TypeError of DataView
    for (const bad of [undefined, null, 'input.xlsx', {}, [1, 2]])
      expect(await refusal(() => readInputWorkbook(bad as never))).toEqual(['ARGUMENT_INVALID', 'bytes']);
    expect(await refusal(() => readInputWorkbook(new Uint8Array(0), null as never))).toEqual([
      'ARGUMENT_INVALID',
      'file',
    ]);
    // bytes of the right kind go on to be read (these are no workbook)
    expect((await refusal(() => readInputWorkbook(new Uint8Array(0))))?.[0]).not.toBe('ARGUMENT_INVALID');
  });
});

describe('reconcile refuses options it cannot read', () => {
  it.each([
    ['no object', null, 'options'],
    ['a misspelt key', { yaer: 2020 }, 'options'],
    ['a year of another type', { year: '2020' }, 'options.year'],
  ])('%s', async (_what, opts, path) => {
    expect(await refusal(() => reconcile([], result, 2020, opts as never))).toEqual([
      'OPTIONS_INVALID',
      path,
    ]);
  });
});

describe('options of opening a ledger store that are not its options are OPTIONS_INVALID', () => {
  it('MemoryLedgerStore, openSqliteStore, openLedgerStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-args-'));
    try {
      for (const open of [
        (o: unknown) => new MemoryLedgerStore(o as never),
        (o: unknown) => openSqliteStore(join(dir, 'a'), o as never),
        (o: unknown) => openLedgerStore(join(dir, 'b'), o as never),
      ]) {
        // a misspelt `partition` opened a ledger of the default number silently
        expect(await refusal(() => open({ partition: 4 }))).toEqual(['OPTIONS_INVALID', 'options']);
        expect(await refusal(() => open(42))).toEqual(['OPTIONS_INVALID', 'options']);
        expect(await refusal(() => open(null))).toEqual(['OPTIONS_INVALID', 'options']);
        // the number itself is judged as before
        expect(await refusal(() => open({ partitions: 'x' }))).toEqual(['LEDGER_PARTITIONS_INVALID', '']);
      }
      const s = openSqliteStore(join(dir, 'c'), { partitions: 2 });
      expect(s.partitions).toBe(2);
      await s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const NOT_A_LIST = [
  ['nothing', undefined],
  ['null', null],
  ['a number', 42],
  ['a text', 'x'],
  ['an object', {}],
] as const;

/** Each bad value of NOT_AN_OBJECT (NOT_A_LIST for a list) refused by `f` as ARGUMENT_INVALID at `path`. */
async function refusesEach(
  f: (bad: never) => unknown,
  path: string,
  bads: readonly (readonly [string, unknown])[] = NOT_AN_OBJECT,
): Promise<void> {
  for (const [, bad] of bads)
    expect(await refusal(() => f(bad as never))).toEqual(['ARGUMENT_INVALID', path]);
}

describe('profiles: the pages and the diff refuse what is no profile (ARGUMENT_INVALID)', () => {
  const a = bundledProfile('jx-db36-1402-2021');
  const b = bundledProfile('zj-db33-2274-2025');
  it('diffProfiles at a and b', async () => {
    // null: "Cannot read properties of null (reading 'indicators')" before
    await refusesEach((bad) => diffProfiles(bad, b), 'a');
    await refusesEach((bad) => diffProfiles(a, bad), 'b');
    expect(await refusal(() => diffProfiles(a, {} as never))).toEqual(['ARGUMENT_INVALID', 'b.id']);
    expect(await refusal(() => diffProfiles(a, { ...b, checks: { areaTolerance: 0.05 } } as never))).toEqual([
      'ARGUMENT_INVALID',
      'b.checks.areaTolerance',
    ]);
    expect(diffProfiles(a, b).a).toBe(a.ref);
  });
  it('profileMarkdown at profile', async () => {
    // {}: "Cannot read properties of undefined (reading 'zh')" before
    await refusesEach((bad) => profileMarkdown(bad), 'profile');
    expect(await refusal(() => profileMarkdown({ ...a, title: 'x' } as never))).toEqual([
      'ARGUMENT_INVALID',
      'profile.title',
    ]);
    expect(profileMarkdown(a)).toContain(`\`${a.ref}\``);
  });
  it('comparisonMarkdown at profiles and the member', async () => {
    // a text was read as a list of profiles, one per character
    await refusesEach((bad) => comparisonMarkdown(bad), 'profiles', NOT_A_LIST);
    expect(await refusal(() => comparisonMarkdown([a, null] as never))).toEqual([
      'ARGUMENT_INVALID',
      'profiles.1',
    ]);
    expect(comparisonMarkdown([a, b])).toContain('# Profiles compared');
  });
  it('diffMarkdown at diff', async () => {
    await refusesEach((bad) => diffMarkdown(bad), 'diff');
    expect(await refusal(() => diffMarkdown({ ...diffProfiles(a, b), tables: {} } as never))).toEqual([
      'ARGUMENT_INVALID',
      'diff.tables.onlyA',
    ]);
    expect(diffMarkdown(diffProfiles(a, b))).toContain(`# ${a.ref} → ${b.ref}`);
  });
});

describe('coefficient tables: applyOverlay and CoefficientSet refuse what is no loaded table (ARGUMENT_INVALID)', () => {
  const [t] = bundledTables();
  const table = t as CoefficientTable;
  it('applyOverlay at base and overlay', async () => {
    // undefined: "Cannot read properties of undefined (reading 'records')" before
    await refusesEach((bad) => applyOverlay(bad, table), 'base');
    await refusesEach((bad) => applyOverlay(table, bad), 'overlay');
    // a table's JSON not loaded: no ref, no hash
    const { ref: _ref, ...json } = table;
    expect(await refusal(() => applyOverlay(table, json as never))).toEqual([
      'ARGUMENT_INVALID',
      'overlay.ref',
    ]);
    expect(applyOverlay(table, table).table.ref).toBe(`${table.ref}+${table.ref}`);
  });
  it('new CoefficientSet at tables and the member', async () => {
    await refusesEach((bad) => new CoefficientSet(bad), 'tables', NOT_A_LIST);
    expect(await refusal(() => new CoefficientSet([table, { ref: 'x', hash: 'y' }] as never))).toEqual([
      'ARGUMENT_INVALID',
      'tables.1.records',
    ]);
    expect(new CoefficientSet([table]).tables).toEqual([table]);
  });
});

describe('the uncertainty plan functions refuse what is no plan, and numbers they cannot use (ARGUMENT_INVALID)', () => {
  const fixed: Multiplier = { distribution: 'uniform', min: 0.9, max: 1.1 };
  // one indicator, one parameter: I0 = 10 · x₀ (current), 20 · x₀ (comparable)
  const plan = planOf(['material'], [fixed], [{ ind: 0, wc: 10, wk: 20, factors: [{ p: 0, kind: Kind.X }] }]);
  const f64 = (n: number) => new Float64Array(n);
  it('targetCount, runDraws, tornado, sobolFirstOrder and evaluatePlan at plan', async () => {
    // {}: "Cannot read properties of undefined (reading 'length')" before
    await refusesEach((bad) => targetCount(bad), 'plan');
    await refusesEach((bad) => runDraws(bad, 2, 1), 'plan');
    await refusesEach((bad) => tornado(bad), 'plan');
    await refusesEach((bad) => sobolFirstOrder(bad, 2, 1), 'plan');
    await refusesEach((bad) => evaluatePlan(bad, f64(1), f64(1), f64(1)), 'plan');
    // a plan through JSON: its typed arrays are objects of numbered keys
    expect(await refusal(() => runDraws(JSON.parse(JSON.stringify(plan)) as never, 2, 1))).toEqual([
      'ARGUMENT_INVALID',
      'plan.monomialIndicator',
    ]);
    expect(targetCount(plan)).toBe(2 * (1 + 3 + 1));
  });
  it('evaluatePlan at x, cur and cmp: no Float64Array, or one too short', async () => {
    await refusesEach((bad) => evaluatePlan(plan, bad, f64(1), f64(1)), 'x', NOT_A_LIST);
    await refusesEach((bad) => evaluatePlan(plan, f64(1), bad, f64(1)), 'cur', NOT_A_LIST);
    await refusesEach((bad) => evaluatePlan(plan, f64(1), f64(1), bad), 'cmp', NOT_A_LIST);
    expect(await refusal(() => evaluatePlan(plan, [2] as never, f64(1), f64(1)))).toEqual([
      'ARGUMENT_INVALID',
      'x',
    ]);
    // x[0] read past the end was NaN, and I0 with it
    expect(() => evaluatePlan(plan, f64(0), f64(1), f64(1))).toThrow(
      'Not the value this function takes: expected Float64Array of 1 (one per parameter), received one of 0',
    );
    expect(await refusal(() => evaluatePlan(plan, f64(1), f64(1), f64(0)))).toEqual([
      'ARGUMENT_INVALID',
      'cmp',
    ]);
    const [cur, cmp] = [f64(1), f64(1)];
    evaluatePlan(plan, Float64Array.of(2), cur, cmp);
    expect([cur[0], cmp[0]]).toEqual([20, 40]);
  });
  it('runDraws at draws and seed, sobolFirstOrder at n and seed, tornado at percent', async () => {
    // 'x' draws made an empty matrix; a seed 'x', -1 or 2³² was read as another seed (x >>> 0)
    for (const bad of [undefined, null, 'x', 0, 1.5, -1])
      expect(await refusal(() => runDraws(plan, bad as never, 1))).toEqual(['ARGUMENT_INVALID', 'draws']);
    for (const bad of [undefined, null, 'x', 1.5, -1, 2 ** 32])
      expect(await refusal(() => runDraws(plan, 2, bad as never))).toEqual(['ARGUMENT_INVALID', 'seed']);
    for (const bad of [undefined, 'x', 0])
      expect(await refusal(() => sobolFirstOrder(plan, bad as never, 1))).toEqual(['ARGUMENT_INVALID', 'n']);
    expect(await refusal(() => sobolFirstOrder(plan, 2, -1))).toEqual(['ARGUMENT_INVALID', 'seed']);
    // 'x' made every bar's multipliers and GEP "NaN"
    for (const bad of [null, 'x', 0, 100])
      expect(await refusal(() => tornado(plan, bad as never))).toEqual(['ARGUMENT_INVALID', 'percent']);
    expect(await refusal(() => tornado(plan, Number.NaN))).toEqual(['NUMBER_NOT_FINITE', 'percent']);
    expect(runDraws(plan, 2, 4_294_967_295)).toHaveLength(2 * targetCount(plan));
    expect(tornado(plan, 10).map((b) => b.swing)).toEqual(['2.00']);
    expect(sobolFirstOrder(plan, 8, 0)).toEqual([{ parameter: 'p0', index: expect.any(String) }]);
  });
  it('compilePlan at base, exact and parameters', async () => {
    const base = { json: tinyInput(), options: {}, uses: new Map() };
    // undefined: "Cannot read properties of undefined (reading 'map')" before
    await refusesEach((bad) => compilePlan(bad, result, []), 'base');
    await refusesEach((bad) => compilePlan(base, bad, []), 'exact');
    await refusesEach((bad) => compilePlan(base, result, bad), 'parameters', NOT_A_LIST);
    expect(await refusal(() => compilePlan({ ...base, uses: {} } as never, result, []))).toEqual([
      'ARGUMENT_INVALID',
      'base.uses',
    ]);
    expect(await refusal(() => compilePlan(base, result, [{ id: 'p0' }] as never))).toEqual([
      'ARGUMENT_INVALID',
      'parameters.0.distribution',
    ]);
    expect(compilePlan(base, result, []).indicators).toHaveLength(result.indicators.length);
  });
});

describe('the ledger heads and snapshots refuse what is no list, head, checkpoint or registry (ARGUMENT_INVALID)', () => {
  const heads = [emptyHead(0), emptyHead(1)];
  it('headsOf, mergeBalances, rootText, rootHash and ledgerHead at their list', async () => {
    // a text was read as a list of one-character heads (rootText) or walked into "undefined" (mergeBalances)
    await refusesEach((bad) => headsOf(bad), 'ledgers', NOT_A_LIST);
    await refusesEach((bad) => mergeBalances(bad), 'parts', NOT_A_LIST);
    await refusesEach((bad) => rootText(bad), 'heads', NOT_A_LIST);
    await refusesEach((bad) => rootHash(bad), 'heads', NOT_A_LIST);
    await refusesEach((bad) => ledgerHead(bad), 'heads', NOT_A_LIST);
    expect(headsOf([new Ledger()])).toEqual([emptyHead(0)]);
    expect(mergeBalances([{}, {}])).toEqual({});
    expect(rootText(heads)).toBe(`gepkit-ledger-root:2\n0:0:${GENESIS}\n1:0:${GENESIS}`);
    expect(ledgerHead(heads).head).toBe(rootHash(heads));
  });
  it('rootHash and ledgerHead at hash: no function', async () => {
    for (const bad of [null, 'sha256', 42, {}]) {
      expect(await refusal(() => rootHash(heads, bad as never))).toEqual(['ARGUMENT_INVALID', 'hash']);
      expect(await refusal(() => ledgerHead(heads, bad as never))).toEqual(['ARGUMENT_INVALID', 'hash']);
    }
    expect(rootHash(heads, () => 'h')).toBe('h');
  });
  it('checkpointMessage at checkpoint and its members', async () => {
    // {}: "gepkit-ledger-checkpoint:undefined:undefined:undefined" was signed before
    await refusesEach((bad) => checkpointMessage(bad), 'checkpoint');
    expect(await refusal(() => checkpointMessage({} as never))).toEqual([
      'ARGUMENT_INVALID',
      'checkpoint.count',
    ]);
    expect(await refusal(() => checkpointMessage({ count: 1, head: 'h' } as never))).toEqual([
      'ARGUMENT_INVALID',
      'checkpoint.ts',
    ]);
    expect(checkpointMessage({ count: 2, head: 'h', ts: 't' })).toBe('gepkit-ledger-checkpoint:2:h:t');
  });
  it('registrySnapshot and restoreRegistry at registry and snapshot, serialsText at runs', async () => {
    // null: "Cannot read properties of null (reading 'nextSerial')" before
    await refusesEach((bad) => registrySnapshot(bad), 'registry');
    await refusesEach((bad) => restoreRegistry(bad, registrySnapshot(new RegistryState())), 'registry');
    await refusesEach((bad) => restoreRegistry(new RegistryState(), bad), 'snapshot');
    // a snapshot's nextSerial "x": a SyntaxError of BigInt before
    expect(
      await refusal(() =>
        restoreRegistry(new RegistryState(), { ...registrySnapshot(new RegistryState()), nextSerial: 'x' }),
      ),
    ).toEqual(['ARGUMENT_INVALID', 'snapshot.nextSerial']);
    expect(await refusal(() => registrySnapshot(new LedgerState() as never))).toEqual([
      'ARGUMENT_INVALID',
      'registry.nextSerial',
    ]);
    await refusesEach((bad) => serialsText(bad), 'runs', NOT_A_LIST);
    expect(serialsText([[1n, 3n]])).toBe('1-3');
    const r = new RegistryState();
    restoreRegistry(r, {
      nextSerial: '4',
      held: { a: '1-3' },
      certifications: [],
      emissions: {},
      offsets: {},
    });
    expect(registrySnapshot(r).held).toEqual({ a: '1-3' });
  });
});

describe('gepkit/vep: the change, the compact line, the CSV row, the fen allocation and the reconciliation refuse arguments of another kind (ARGUMENT_INVALID)', () => {
  const line = (value: string, quantity: string | null = '1') => ({
    indicator: 'M1',
    ecosystem: null,
    item: null,
    quantity: quantity === null ? null : dec(quantity),
    unit: (quantity === null ? null : 't') as never,
    value: dec(value),
  });
  it('decomposeChange at a and b, and a line at its place', async () => {
    // null: "Cannot read properties of null (reading 'forEach')" before
    await refusesEach((bad) => decomposeChange(bad, []), 'a', NOT_A_LIST);
    await refusesEach((bad) => decomposeChange([], bad), 'b', NOT_A_LIST);
    expect(await refusal(() => decomposeChange([line('1')], [null] as never))).toEqual([
      'ARGUMENT_INVALID',
      'b.0',
    ]);
    // a value as a number: "v.minus is not a function" deep inside before
    expect(await refusal(() => decomposeChange([{ ...line('1'), value: 1 }] as never, []))).toEqual([
      'ARGUMENT_INVALID',
      'a.0.value',
    ]);
    expect(await refusal(() => decomposeChange([], [{ ...line('1'), quantity: '1' }] as never))).toEqual([
      'ARGUMENT_INVALID',
      'b.0.quantity',
    ]);
    expect(await refusal(() => decomposeChange([{ ...line('1'), indicator: 1 }] as never, []))).toEqual([
      'ARGUMENT_INVALID',
      'a.0.indicator',
    ]);
    // 1 t at 1 元 → 2 t at 1 元: a volume effect of 1 元
    expect(decomposeChange([line('1')], [line('2', '2')]).total.quantityEffect).toBe('1.00');
  });
  const parcel = {
    line: 2,
    ok: true,
    id: 'P1',
    value: '1.00',
    cells: [{ indicator: 'R1', type: 'forest', value: '1.00' }],
    issues: [],
  };
  it('compactResult, toCompactLine and resultCsvRow at result; resultCsvHeader and resultCsvRow at indicators', async () => {
    // undefined: "Cannot read properties of undefined (reading 'byType')" before
    await refusesEach((bad) => compactResult(bad), 'result');
    await refusesEach((bad) => toCompactLine(bad), 'result');
    await refusesEach((bad) => resultCsvRow(bad, ['R1']), 'result');
    expect(await refusal(() => compactResult({ ...parcel, issues: undefined } as never))).toEqual([
      'ARGUMENT_INVALID',
      'result.issues',
    ]);
    // a text of indicators was split into a column per character
    await refusesEach((bad) => resultCsvHeader(bad), 'indicators', NOT_A_LIST);
    await refusesEach((bad) => resultCsvRow(parcel, bad), 'indicators', NOT_A_LIST);
    expect(toCompactLine(parcel)).toBe(
      '{"line":2,"ok":true,"id":"P1","value":"1.00","types":{"forest":{"cells":{"R1":"1.00"}}}}\n',
    );
    expect(resultCsvRow(parcel, ['R1'])).toBe('2,P1,,,,1.00,,1.00\n');
  });
  it('allocateFen at total, weights (and each weight) and period', async () => {
    const w = [
      { id: 'a', weight: 1n },
      { id: 'b', weight: 2n },
    ];
    // a total in 元 as a number: "Cannot mix BigInt and other types" before
    for (const bad of [undefined, null, 100, '100'])
      expect(await refusal(() => allocateFen(bad as never, w))).toEqual(['ARGUMENT_INVALID', 'total']);
    // undefined: "Cannot read properties of undefined (reading 'some')" before
    await refusesEach((bad) => allocateFen(100n, bad), 'weights', NOT_A_LIST);
    expect(await refusal(() => allocateFen(100n, [null] as never))).toEqual([
      'ARGUMENT_INVALID',
      'weights.0',
    ]);
    expect(await refusal(() => allocateFen(100n, [w[0], { id: 'b', weight: 2 }] as never))).toEqual([
      'ARGUMENT_INVALID',
      'weights.1.weight',
    ]);
    expect(await refusal(() => allocateFen(100n, [{ id: 7, weight: 1n }] as never))).toEqual([
      'ARGUMENT_INVALID',
      'weights.0.id',
    ]);
    expect(await refusal(() => allocateFen(100n, w, null as never))).toEqual(['ARGUMENT_INVALID', 'period']);
    // 100 fen by 1 : 2 → 33.3 and 66.6: the fen left goes to the larger remainder (b's 0.67)
    expect([...allocateFen(100n, w)]).toEqual([
      ['b', 67n],
      ['a', 33n],
    ]);
  });
  it('unexplainedIssues at result', async () => {
    await refusesEach((bad) => unexplainedIssues(bad), 'result');
    expect(unexplainedIssues({ rows: [] } as never)).toEqual([]);
  });
});

describe('the carbon batch, store checks and registry policies refuse arguments of another kind (ARGUMENT_INVALID)', () => {
  it('processActivities and processActivitiesAsync at items, when called', async () => {
    // null: "items is not iterable" at the first next() before; a text was walked character by character
    await refusesEach((bad) => processActivities(bad), 'items', NOT_A_LIST);
    await refusesEach((bad) => processActivitiesAsync(bad), 'items', NOT_A_LIST);
    expect([...processActivities([])]).toEqual([]);
  });
  it('verifyStore and reexecuteStore at store, reexecuteStore at runs and each run', async () => {
    // null: "Cannot read properties of null (reading 'partitions')" before
    await refusesEach((bad) => verifyStore(bad), 'store');
    await refusesEach((bad) => reexecuteStore(bad, []), 'store');
    const store = new MemoryLedgerStore();
    expect(await refusal(() => verifyStore({ partitions: 1 } as never))).toEqual([
      'ARGUMENT_INVALID',
      'store.load',
    ]);
    await refusesEach((bad) => reexecuteStore(store, bad), 'runs', NOT_A_LIST);
    expect(await refusal(() => reexecuteStore(store, [[], 'x'] as never))).toEqual([
      'ARGUMENT_INVALID',
      'runs.1',
    ]);
    expect((await verifyStore(store)).ok).toBe(true);
    expect((await reexecuteStore(store, [[]])).ok).toBe(true);
  });
  it('registryPolicy at rules, registryPolicies at list', async () => {
    const rules = bundledRuleSet('jx-lvbao-example');
    // null: "Cannot read properties of null (reading 'ref')" before
    for (const bad of [null, 42, 'x', [], {}])
      expect(await refusal(() => registryPolicy(bad as never))).toEqual([
        'ARGUMENT_INVALID',
        bad !== null && typeof bad === 'object' && !Array.isArray(bad) ? 'rules.ref' : 'rules',
      ]);
    await refusesEach((bad) => registryPolicies(bad), 'list', NOT_A_LIST);
    expect(await refusal(() => registryPolicies([rules, null] as never))).toEqual([
      'ARGUMENT_INVALID',
      'list.1',
    ]);
    expect(registryPolicy().ruleSet).toBeUndefined();
    expect(registryPolicies([rules]).ruleSet).toBe(rules.ref);
  });
});

describe('gepkit/vep: findOverlaps and parcelProfile refuse arguments of another kind (ARGUMENT_INVALID)', () => {
  const square = (x: number): Geometry => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, 0],
        [x + 1, 0],
        [x + 1, 1],
        [x, 1],
        [x, 0],
      ],
    ],
  });
  it('findOverlaps at parcels and each parcel', async () => {
    // undefined: "Cannot read properties of undefined (reading 'length')" before
    await refusesEach((bad) => findOverlaps(bad), 'parcels', NOT_A_LIST);
    const a = { id: 'a', geometry: square(0) };
    expect(await refusal(() => findOverlaps([a, null] as never))).toEqual(['ARGUMENT_INVALID', 'parcels.1']);
    expect(await refusal(() => findOverlaps([a, { id: 'b' }] as never))).toEqual([
      'ARGUMENT_INVALID',
      'parcels.1.geometry',
    ]);
    expect(findOverlaps([a, { id: 'b', geometry: square(2) }])).toEqual([]);
  });
  it('parcelProfile at base, exclude and at', async () => {
    // null: "Cannot read properties of null (reading 'indicators')" before
    for (const bad of [null, 42, []])
      expect(await refusal(() => parcelProfile(bad as never))).toEqual(['ARGUMENT_INVALID', 'base']);
    expect(await refusal(() => parcelProfile({} as never))).toEqual(['ARGUMENT_INVALID', 'base']);
    await refusesEach((bad) => parcelProfile(undefined, bad), 'exclude', [
      ['null', null],
      ['a text', 'R1'],
      ['an object', {}],
    ]);
    expect(await refusal(() => parcelProfile(undefined, [], 'x' as never))).toEqual([
      'ARGUMENT_INVALID',
      'at',
    ]);
    expect(parcelProfile().profile.id).toMatch(/-parcel$/);
  });
});
