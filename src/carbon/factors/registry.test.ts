import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/carbon/helpers';
import { dec } from '../../core/decimal';
import { FactorChain, type FactorSet, factorArea, loadFactorSet, whenOf } from './registry';
import { bundledProvinceGrid } from './province-grid';

type Rec = Record<string, unknown>;

/** A factor record as written: `grid.average`, an emission in g CO₂/kWh, graded `assumed`, with `applies`. */
const rec = (value: string, applies: Rec = {}, extra: Rec = {}): Rec => ({
  key: 'grid.average',
  value,
  unit: 'g_CO2/kWh',
  kind: 'emission',
  applies,
  source: { document: 'test fixture' },
  grade: 'assumed',
  ...extra,
});

/** A factor set as written, id `s`, version 1.0.0, data year 2024, with the given members added or replaced. */
const written = (factors: Rec[], extra: Rec = {}): Rec => ({
  kind: 'carbon-factors',
  id: 's',
  version: '1.0.0',
  title: { zh: '测试', en: 'Test' },
  dataYear: 2024,
  publication: { document: 'test fixture' },
  factors,
  ...extra,
});

const set = (factors: Rec[], extra: Rec = {}): FactorSet => loadFactorSet(written(factors, extra));

/** The activity's local date `d` (YYYY-MM-DD), at 12:00 Beijing time. */
const on = (d: string) => whenOf(`${d}T12:00:00+08:00`);

/** The value of the factor found, as text ('none' when none applies). */
const valueOf = (c: FactorChain, region: string | null, d?: string, capacityKw?: string): string =>
  c
    .find(
      'grid.average',
      region,
      d === undefined ? undefined : on(d),
      capacityKw === undefined ? undefined : dec(capacityKw),
    )
    ?.value.toFixed() ?? 'none';

describe('loadFactorSet', () => {
  it('names the set id@version, applies the defaults and hashes the content, not its spelling', () => {
    const s = set([rec('500')]);
    expect(s.ref).toBe('s@1.0.0');
    expect(s.validity).toBe('data-year');
    expect(s.supersedes).toBeNull();
    expect(s.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The same content with its members in another order hashes alike; another value does not.
    const reordered = loadFactorSet(Object.fromEntries(Object.entries(written([rec('500')])).reverse()));
    expect(reordered.hash).toBe(s.hash);
    expect(set([rec('501')]).hash).not.toBe(s.hash);
  });

  it('refuses a set nested deeper than 100 levels (INPUT_TOO_DEEP), at its path under the given one', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 150; i++) deep = [deep];
    const e = errorOf(() => loadFactorSet(written([rec('500')], { extra: deep }), ['sets', 2]));
    expect(e.code).toBe('INPUT_TOO_DEEP');
    // The set itself is level 1 and `extra` level 2: the 101st level is `extra`'s 99th nested array, [0] 99 times.
    expect(e.path).toEqual(['sets', 2, 'extra', ...Array<number>(99).fill(0)]);
    expect(e.issues[0]?.params).toEqual({ file: 'the factor set', limit: 100 });
  });

  it('reads a set of exactly 100 levels (the schema then refuses the unknown member)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 99; i++) deep = [deep];
    const e = errorOf(() => loadFactorSet(written([rec('500')], { extra: deep }), ['sets', 2]));
    expect(e.code).toBe('CARBON_FACTORS_INVALID');
    expect(e.path).toEqual(['sets', 2]);
  });

  it('refuses a record without grade (CARBON_FACTORS_INVALID), at its path under the given one', () => {
    const { grade: _, ...ungraded } = rec('500');
    const e = errorOf(() => loadFactorSet(written([rec('1'), ungraded]), ['f.json']));
    expect(e.code).toBe('CARBON_FACTORS_INVALID');
    expect(e.path).toEqual(['f.json', 'factors', 1, 'grade']);
  });

  it('refuses a data year that is not finite (NUMBER_NOT_FINITE), naming the value', () => {
    const e = errorOf(() => loadFactorSet(written([rec('1')], { dataYear: Infinity }), ['f.json']));
    expect(e.code).toBe('NUMBER_NOT_FINITE');
    expect(e.path).toEqual(['f.json', 'dataYear']);
    expect(e.issues[0]?.params).toEqual({ value: 'a number too large for a double' });
  });

  it('points at the set itself when no path is given', () => {
    const win = rec('1', { effective: { from: '2024-01-01', to: null } });
    expect(errorOf(() => loadFactorSet(written([win, win]))).path).toEqual(['factors', 1]);
    expect(errorOf(() => loadFactorSet(written([rec('1')], { dataYear: 'x' }))).path).toEqual(['dataYear']);
  });

  describe('records of one key and scope whose windows overlap (both ends included)', () => {
    const win = (from: string, to: string | null, region = '36'): Rec =>
      rec('500', { region, effective: { from, to } });
    const refusal = (factors: Rec[]) => {
      const e = errorOf(() => loadFactorSet(written(factors), ['f.json']));
      expect(e.code).toBe('CARBON_FACTORS_INVALID');
      return { path: e.path, detail: e.issues[0]?.params?.detail };
    };

    it('a window that begins on the last day of another overlaps it, in either order', () => {
      expect(refusal([win('2024-01-01', '2024-06-30'), win('2024-06-30', null)])).toEqual({
        path: ['f.json', 'factors', 1],
        detail:
          'factor grid.average for region 36 has overlapping effective windows (2024-01-01 to 2024-06-30 and 2024-06-30 to open)',
      });
      expect(refusal([win('2024-06-30', '2024-12-31'), win('2024-01-01', '2024-06-30')])).toEqual({
        path: ['f.json', 'factors', 1],
        detail:
          'factor grid.average for region 36 has overlapping effective windows (2024-06-30 to 2024-12-31 and 2024-01-01 to 2024-06-30)',
      });
    });

    it('windows that meet day to day do not overlap, in either order', () => {
      expect(() => set([win('2024-01-01', '2024-06-30'), win('2024-07-01', null)])).not.toThrow();
      expect(() => set([win('2024-07-01', null), win('2024-01-01', '2024-06-30')])).not.toThrow();
      expect(() => set([win('2024-07-01', '2024-12-31'), win('2024-01-01', '2024-06-30')])).not.toThrow();
    });

    it('two open-ended windows overlap; a record without a window overlaps every other', () => {
      expect(refusal([win('2025-01-01', null), win('2024-01-01', null)]).detail).toBe(
        'factor grid.average for region 36 has overlapping effective windows (2025-01-01 to open and 2024-01-01 to open)',
      );
      expect(refusal([rec('1', { region: '36' }), win('2030-01-01', '2030-01-01')]).detail).toBe(
        'factor grid.average for region 36 has overlapping effective windows (always and 2030-01-01 to 2030-01-01)',
      );
      expect(refusal([win('2030-01-01', '2030-01-01'), rec('1', { region: '36' })]).detail).toBe(
        'factor grid.average for region 36 has overlapping effective windows (2030-01-01 to 2030-01-01 and always)',
      );
    });

    it('names a grid record and a record for all regions by what they cover', () => {
      expect(refusal([rec('1', { grid: 'south' }), rec('2', { grid: 'south' })]).detail).toBe(
        'factor grid.average for grid south has overlapping effective windows (always and always)',
      );
      expect(refusal([rec('1'), rec('3', { region: '44' }), rec('2')])).toEqual({
        path: ['f.json', 'factors', 2],
        detail:
          'factor grid.average for the whole country has overlapping effective windows (always and always)',
      });
    });

    it('the third record clashing with the first is found past a second that does not', () => {
      expect(
        refusal([
          win('2024-01-01', '2024-03-31'),
          win('2024-04-01', '2024-06-30'),
          win('2024-03-01', '2024-03-01'),
        ]),
      ).toEqual({
        path: ['f.json', 'factors', 2],
        detail:
          'factor grid.average for region 36 has overlapping effective windows (2024-01-01 to 2024-03-31 and 2024-03-01 to 2024-03-01)',
      });
    });

    it('other keys, regions, grids and the region/grid/national levels are separate scopes', () => {
      expect(() =>
        set([
          rec('1'),
          rec('2', {}, { key: 'grid.other' }),
          rec('3', { region: '36' }),
          rec('4', { region: '3601' }),
          rec('5', { region: '44' }),
          rec('6', { grid: 'south' }),
          rec('7', { grid: 'central' }),
        ]),
      ).not.toThrow();
    });
  });
});

describe('factorArea', () => {
  it('names a record’s region, else its grid, else the whole country; a resolved factor’s null region is none', () => {
    expect(factorArea({ region: '36' })).toBe('region 36');
    expect(factorArea({ region: '36', grid: 'central' })).toBe('region 36');
    expect(factorArea({ grid: 'central' })).toBe('grid central');
    expect(factorArea({ region: null, grid: 'south' })).toBe('grid south');
    expect(factorArea({ region: null })).toBe('the whole country');
    expect(factorArea({})).toBe('the whole country');
  });
});

describe('whenOf', () => {
  it('reads the local date and year in Beijing time by default, whatever the offset written', () => {
    // 23:30 at −05:00 on 1987-12-31 is 04:30 UTC on 1988-01-01, 12:30 in Beijing: the next year.
    expect(whenOf('1987-12-31T23:30:00-05:00')).toEqual({ date: '1988-01-01', year: 1988 });
    expect(whenOf('2024-05-01T07:50+08:00')).toEqual({ date: '2024-05-01', year: 2024 });
    // 16:30 UTC on 31 December is 00:30 on 1 January in Beijing (ADR 0050's bus ride in Wuhan).
    expect(whenOf('2022-12-31T16:30:00.000Z')).toEqual({ date: '2023-01-01', year: 2023 });
    expect(whenOf('2022-12-31T15:59:59Z')).toEqual({ date: '2022-12-31', year: 2022 });
    expect(whenOf('2650-01-01T00:00:00Z')).toEqual({ date: '2650-01-01', year: 2650 });
  });

  it('reads in the time zone given, as a batch under a rule set’s utcOffset does', () => {
    expect(whenOf('1987-12-31T23:30:00-05:00', '-05:00')).toEqual({ date: '1987-12-31', year: 1987 });
    // 00:30 on 1 January in Beijing is 16:30 UTC on 31 December, the date at +00:00.
    expect(whenOf('2023-01-01T00:30:00+08:00', '+00:00')).toEqual({ date: '2022-12-31', year: 2022 });
    // 10:00 UTC on 28 February is 00:00 on the 29th at +14:00 (2024 is a leap year) and 23:00 on the 27th at −11:00.
    expect(whenOf('2024-02-28T10:00:00Z', '+14:00')).toEqual({ date: '2024-02-29', year: 2024 });
    expect(whenOf('2024-02-28T10:00:00Z', '-11:00')).toEqual({ date: '2024-02-27', year: 2024 });
  });

  it('refuses a time without an offset or on no date, and an offset not ±hh:mm', () => {
    const noOffset = errorOf(() => whenOf('2024-05-01T07:50:00'));
    expect(noOffset.code).toBe('CARBON_ACTIVITY_INVALID');
    expect(noOffset.path).toEqual(['ts']);
    expect(noOffset.message).toContain('has no offset');
    const noDate = errorOf(() => whenOf('2023-02-29T12:00:00+08:00'));
    expect(noDate.code).toBe('CARBON_ACTIVITY_INVALID');
    expect(noDate.message).toContain('no such date: 2023-02-29');
    const badOffset = errorOf(() => whenOf('2024-05-01T07:50:00+08:00', '8:00'));
    expect(badOffset.code).toBe('CARBON_RULES_INVALID');
    expect(badOffset.path).toEqual(['utcOffset']);
    expect(() => whenOf('2024-05-01T07:50:00+08:00', '+15:00')).toThrow(/utcOffset/);
  });
});

describe('FactorChain.find: dates', () => {
  // March 2024 at 31, April at 40, each month's record closed at both ends; 2024 is a leap year.
  const months = new FactorChain(
    [],
    [
      set([
        rec('31', { effective: { from: '2024-03-01', to: '2024-03-31' } }),
        rec('40', { effective: { from: '2024-04-01', to: null } }),
      ]),
    ],
  );

  it('a record applies from the first to the last day of its window, both included', () => {
    expect(valueOf(months, null, '2024-02-29')).toBe('none');
    expect(valueOf(months, null, '2024-03-01')).toBe('31');
    expect(valueOf(months, null, '2024-03-31')).toBe('31');
    expect(valueOf(months, null, '2024-04-01')).toBe('40');
    expect(valueOf(months, null, '2024-12-31')).toBe('40');
  });

  it('the date is the activity’s local date in the time zone given, not the date as written', () => {
    // 2024-03-31 23:30 at −05:00 is 2024-04-01 04:30 UTC, 12:30 in Beijing: April's 40.
    // 2024-04-01 00:30 at +08:00 is 2024-03-31 16:30 UTC, 00:30 on 1 April in Beijing: 40 too.
    // Read at −05:00 the first is 31 March (March's 31); the second, 11:30 on 31 March there, 31 too.
    const at = (ts: string, off?: string) =>
      months.find('grid.average', null, whenOf(ts, off))?.value.toFixed();
    expect(at('2024-03-31T23:30:00-05:00')).toBe('40');
    expect(at('2024-04-01T00:30:00+08:00')).toBe('40');
    expect(at('2024-03-31T23:30:00-05:00', '-05:00')).toBe('31');
    expect(at('2024-04-01T00:30:00+08:00', '-05:00')).toBe('31');
  });

  it('a set applies from the first to the last day of its own window, both included', () => {
    const c = new FactorChain(
      [],
      [
        set([rec('1')], { id: 'q2', effective: { from: '2024-04-01', to: '2024-06-30' } }),
        set([rec('2')], { id: 'rest', dataYear: 2023 }),
      ],
    );
    // q2 (data year 2024) wins inside its window; the 2023 set outside it.
    expect(valueOf(c, null, '2024-03-31')).toBe('2');
    expect(valueOf(c, null, '2024-04-01')).toBe('1');
    expect(valueOf(c, null, '2024-06-30')).toBe('1');
    expect(valueOf(c, null, '2024-07-01')).toBe('2');
    const open = new FactorChain([], [set([rec('1')], { effective: { from: '2024-04-01', to: null } })]);
    expect(valueOf(open, null, '2024-03-31')).toBe('none');
    expect(valueOf(open, null, '2199-12-31')).toBe('1');
  });

  it('a record window must lie inside the window of its set: a day outside would silently take the bundled factor', () => {
    // A platform's 2024 set (2024-01-01 to 2024-12-31) with a record dated 2025: the record never applied, and a
    // 2025 metro trip in Shenzhen took the bundled 46.7 g/pkm instead of the platform's value, without a word.
    const year = { effective: { from: '2024-01-01', to: '2024-12-31' } };
    const e = errorOf(() => set([rec('1', { effective: { from: '2025-01-01', to: '2025-12-31' } })], year));
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_FACTORS_INVALID',
      path: ['factors', 0, 'applies', 'effective'],
    });
    expect(e.issues[0]?.message.zh).toBe(
      '因子集格式错误：因子 grid.average 的有效期（2025-01-01 至 2025-12-31）不在其因子集的有效期（2024-01-01 至 2024-12-31）之内',
    );
    // a record starting before its set, or ending after it, is refused too
    expect(
      errorOf(() => set([rec('1', { effective: { from: '2023-07-01', to: '2024-06-30' } })], year)).code,
    ).toBe('CARBON_FACTORS_INVALID');
    expect(
      errorOf(() => set([rec('1', { effective: { from: '2024-07-01', to: '2025-06-30' } })], year)).code,
    ).toBe('CARBON_FACTORS_INVALID');
    // inside, or open-ended (it ends with its set): accepted; 2024-07-01 takes it, 2025-01-01 nothing of this set
    const c = new FactorChain([], [set([rec('7', { effective: { from: '2024-07-01', to: null } })], year)]);
    expect(valueOf(c, null, '2024-07-01')).toBe('7');
    expect(valueOf(c, null, '2025-01-01')).toBe('none');
  });

  it('a record window equal to the window of its set, a set or record without a window, and open-ended sets are accepted', () => {
    const year = { effective: { from: '2024-01-01', to: '2024-12-31' } };
    // the same window: both ends inside (closed)
    const same = new FactorChain([], [set([rec('3', year)], year)]);
    expect(valueOf(same, null, '2024-01-01')).toBe('3');
    expect(valueOf(same, null, '2024-12-31')).toBe('3');
    // a record without a window in a set with one: the set's window
    const bare = new FactorChain([], [set([rec('4')], year)]);
    expect(valueOf(bare, null, '2024-06-01')).toBe('4');
    expect(valueOf(bare, null, '2025-01-01')).toBe('none');
    // a set without a window, a record with one: the record's
    const noSet = new FactorChain([], [set([rec('5', year)])]);
    expect(valueOf(noSet, null, '2024-06-01')).toBe('5');
    expect(valueOf(noSet, null, '2025-01-01')).toBe('none');
    // an open-ended set: a record ending any time after its start is inside
    const open = { effective: { from: '2024-01-01', to: null } };
    const later = new FactorChain(
      [],
      [set([rec('6', { effective: { from: '2024-01-01', to: '2030-12-31' } })], open)],
    );
    expect(valueOf(later, null, '2030-12-31')).toBe('6');
    // but a record starting the day before an open-ended set is refused
    expect(errorOf(() => set([rec('1', { effective: { from: '2023-12-31', to: null } })], open)).code).toBe(
      'CARBON_FACTORS_INVALID',
    );
  });

  it('without a date, windows are not checked', () => {
    expect(valueOf(months, null)).toBe('31');
    const future = new FactorChain(
      [],
      [set([rec('9')], { effective: { from: '2030-01-01', to: '2030-12-31' } })],
    );
    expect(valueOf(future, null)).toBe('9');
    expect(valueOf(future, null, '2024-05-01')).toBe('none');
  });

  it('a set whose data year is after the activity’s year does not apply; one of the same year does', () => {
    const c = new FactorChain(
      [],
      [set([rec('25')], { id: 'y2025', dataYear: 2025 }), set([rec('24')], { id: 'y2024', dataYear: 2024 })],
    );
    expect(valueOf(c, null, '2024-12-31')).toBe('24');
    expect(valueOf(c, null, '2025-01-01')).toBe('25');
    // Without a date the latest data year wins.
    expect(valueOf(c, null)).toBe('25');
  });

  it('the latest data year wins, whatever the order of the sets; at the same year the set listed first', () => {
    const y22 = set([rec('22')], { id: 'y2022', dataYear: 2022 });
    const y23 = set([rec('23')], { id: 'y2023', dataYear: 2023 });
    const y23b = set([rec('230')], { id: 'y2023b', dataYear: 2023 });
    expect(valueOf(new FactorChain([], [y22, y23]), null, '2024-05-01')).toBe('23');
    expect(valueOf(new FactorChain([], [y23, y22]), null, '2024-05-01')).toBe('23');
    expect(valueOf(new FactorChain([], [y23, y23b]), null, '2024-05-01')).toBe('23');
    expect(valueOf(new FactorChain([], [y23b, y23]), null, '2024-05-01')).toBe('230');
  });

  it('a set without data year loses to one with a year; of two without, the first listed wins', () => {
    const none1 = set([rec('1')], { id: 'n1', dataYear: null });
    const none2 = set([rec('2')], { id: 'n2', dataYear: null });
    const y1990 = set([rec('1990')], { id: 'old', dataYear: 1990 });
    expect(valueOf(new FactorChain([], [none1, y1990]), null, '2024-05-01')).toBe('1990');
    expect(valueOf(new FactorChain([], [none1, none2]), null, '2024-05-01')).toBe('1');
    expect(valueOf(new FactorChain([], [none2, none1]), null, '2024-05-01')).toBe('2');
    // A set without data year applies to any year.
    expect(valueOf(new FactorChain([], [none2]), null, '1900-01-01')).toBe('2');
  });
});

describe('FactorChain.find: regions', () => {
  const levels = [
    rec('1'),
    rec('2', { region: '44' }),
    rec('3', { region: '4403' }),
    rec('4', { region: '440305' }),
    rec('5', { grid: 'south' }),
  ];
  const grids = bundledProvinceGrid();

  it('county → prefecture → province → regional grid → national, in either order of the records', () => {
    for (const factors of [levels, [...levels].reverse()]) {
      const c = new FactorChain([], [set(factors)], grids);
      expect(valueOf(c, '440305', '2024-05-01')).toBe('4');
      expect(valueOf(c, '440306', '2024-05-01')).toBe('3');
      expect(valueOf(c, '4403', '2024-05-01')).toBe('3');
      expect(valueOf(c, '440106', '2024-05-01')).toBe('2');
      expect(valueOf(c, '44', '2024-05-01')).toBe('2');
      // Guangxi (45) is in the southern grid; Beijing (11) in the northern one, which has no record here.
      expect(valueOf(c, '450102', '2024-05-01')).toBe('5');
      expect(valueOf(c, '110101', '2024-05-01')).toBe('1');
      expect(valueOf(c, null, '2024-05-01')).toBe('1');
    }
  });

  it('a province or prefecture written in six digits (440000, 440300) covers its counties as 44 and 4403 do', () => {
    // GB/T 2260 writes Guangdong 440000 and Shenzhen 440300: their trailing 00 pairs are no digits of a county
    const six = [
      rec('2', { region: '440000' }),
      rec('3', { region: '440300' }),
      rec('4', { region: '440305' }),
    ];
    const c = new FactorChain([], [set(six)], grids);
    expect(valueOf(c, '440305', '2024-05-01')).toBe('4');
    expect(valueOf(c, '440306', '2024-05-01')).toBe('3');
    expect(valueOf(c, '440300', '2024-05-01')).toBe('3');
    expect(valueOf(c, '440106', '2024-05-01')).toBe('2');
    expect(valueOf(c, '450102', '2024-05-01')).toBe('none');
    // a user's Jiangxi record written 360000 beats the bundled provincial factor as a record of 36 would
    const user = new FactorChain(
      [set([rec('600', { region: '360000' })], { id: 'u' })],
      [set(levels)],
      grids,
    );
    expect(valueOf(user, '361002', '2024-05-01')).toBe('600');
    // 4403 and 440300 are one area: two records of them in force together are refused as overlapping
    expect(errorOf(() => set([rec('1', { region: '4403' }), rec('2', { region: '440300' })])).code).toBe(
      'CARBON_FACTORS_INVALID',
    );
  });

  it('a region code shorter than the record’s, or another one, is not covered by it', () => {
    const c = new FactorChain([], [set([rec('4', { region: '440305' })])], grids);
    expect(valueOf(c, '4403', '2024-05-01')).toBe('none');
    expect(valueOf(c, '440306', '2024-05-01')).toBe('none');
    expect(valueOf(c, null, '2024-05-01')).toBe('none');
  });

  it('without the province → grid table, or for a province it lacks, grid records do not apply', () => {
    const c = new FactorChain([], [set(levels)]);
    expect(valueOf(c, '450102', '2024-05-01')).toBe('1');
    const only = new FactorChain([], [set([rec('5', { grid: 'south' })])], grids);
    expect(valueOf(only, '990101', '2024-05-01')).toBe('none');
    expect(valueOf(only, null, '2024-05-01')).toBe('none');
  });

  it('off the grids (81, 82, 71: no province row), a key given by grid has no national factor; another key has', () => {
    // Hong Kong (81), Macao (82) and Taiwan (71) are in no regional grid of the table: the national record of
    // grid.average is the mainland grids' average and does not apply there; a region record of their own does.
    const c = new FactorChain([], [set(levels)], grids);
    expect(valueOf(c, '810000', '2024-05-01')).toBe('none');
    expect(valueOf(c, '82', '2024-05-01')).toBe('none');
    expect(valueOf(c, '710000', '2024-05-01')).toBe('none');
    const own = new FactorChain([set([rec('7', { region: '81' })], { id: 'hk' })], [set(levels)], grids);
    expect(valueOf(own, '810000', '2024-05-01')).toBe('7');
    // A key no record gives by grid (a national factor by name) keeps its national record everywhere; so does a
    // key given by grid in a set of the user's when only another set holds its grid records: the chain decides.
    const national = new FactorChain([], [set([rec('3', {}, { key: 'grid.national.fossil' })])], grids);
    expect(national.find('grid.national.fossil', '810000', on('2024-05-01'))?.value.toFixed()).toBe('3');
    const split = new FactorChain(
      [set([rec('1')], { id: 'u' })],
      [set([rec('5', { grid: 'south' })])],
      grids,
    );
    expect(valueOf(split, '810000', '2024-05-01')).toBe('none');
    expect(valueOf(split, '440305', '2024-05-01')).toBe('1');
    // Without the province → grid table no region is known to be off the grids: the national record applies.
    expect(valueOf(new FactorChain([], [set(levels)]), '810000', '2024-05-01')).toBe('1');
    // The lookup without a region (no activity region) is national.
    expect(valueOf(c, null, '2024-05-01')).toBe('1');
  });

  it('a more specific record outside its window leaves the next level', () => {
    const c = new FactorChain(
      [],
      [
        set([
          rec('4', { region: '440305', effective: { from: '2024-06-01', to: null } }),
          rec('2', { region: '44' }),
          rec('1'),
        ]),
      ],
      grids,
    );
    expect(valueOf(c, '440305', '2024-05-31')).toBe('2');
    expect(valueOf(c, '440305', '2024-06-01')).toBe('4');
  });

  it('the most specific region beats a later data year', () => {
    const c = new FactorChain(
      [],
      [
        set([rec('1')], { id: 'new', dataYear: 2024 }),
        set([rec('2', { region: '44' })], { id: 'old', dataYear: 2021 }),
      ],
    );
    expect(valueOf(c, '440305', '2024-05-01')).toBe('2');
    expect(valueOf(c, '360102', '2024-05-01')).toBe('1');
  });

  it('any applicable user record beats the pinned ones; without one the pinned sets are searched', () => {
    const user = set([rec('100', { region: '36' })], { id: 'user', dataYear: 2020 });
    const pinned = set(levels, { id: 'pinned' });
    const c = new FactorChain([user], [pinned], grids);
    expect(valueOf(c, '360102', '2024-05-01')).toBe('100');
    expect(valueOf(c, '440305', '2024-05-01')).toBe('4');
  });
});

describe('FactorChain.find: capacity', () => {
  // 1 MW = 1000 kW; a 1000 kW project is within it, 1000.001 kW is not.
  const c = new FactorChain(
    [],
    [
      set([rec('7', { region: '31', capacityMax: { value: '1', unit: 'MW' } }), rec('1')]),
      set([rec('8', { region: '31', capacityMax: { value: '6', unit: 'kW' } })], {
        id: 'small',
        dataYear: 2023,
      }),
    ],
  );

  it('a record limited to a smaller capacity is skipped, one of equal capacity applies', () => {
    expect(valueOf(c, '310101', '2024-05-01', '1000')).toBe('7');
    expect(valueOf(c, '310101', '2024-05-01', '1000.001')).toBe('1');
    expect(valueOf(c, '310101', undefined, '1000.001')).toBe('1');
    // The 6 kW record of 2023 loses to the 1 MW record of 2024 at the same level, as long as that applies.
    expect(valueOf(c, '310101', '2024-05-01', '6')).toBe('7');
  });

  it('without a capacity the record applies and carries its limit in kW', () => {
    expect(c.find('grid.average', '310101', on('2024-05-01'))?.capacityMaxKw?.toFixed()).toBe('1000');
    const small = new FactorChain([], [c.pinned[1]!]);
    expect(small.find('grid.average', '310101', on('2024-05-01'))?.capacityMaxKw?.toFixed()).toBe('6');
    expect(small.find('grid.average', '310101', on('2024-05-01'), dec('6.5'))).toBeUndefined();
    expect(c.find('grid.average', '440101', on('2024-05-01'))?.capacityMaxKw).toBeUndefined();
  });
});

describe('FactorChain.find: the factor as found', () => {
  it('carries the record’s value, unit, grade, source and note, and its set’s name, hash and data year', () => {
    const s = set(
      [
        rec(
          '0.5306',
          { grid: 'south' },
          {
            unit: 't_CO2/MWh',
            grade: 'published',
            source: { document: 'MEE & NBS 2023', clause: '表2' },
            note: 'southern grid',
          },
        ),
        rec('0.25', { region: '44' }, { kind: 'reduction', unit: 'kg_CO2/kWh', grade: 'derived' }),
      ],
      { id: 'grid', version: '2.1.0', dataYear: 2023, validity: 'until-superseded' },
    );
    const c = new FactorChain([], [s], bundledProvinceGrid());
    const f = c.find('grid.average', '450102', on('2024-05-01'))!;
    expect(f).toEqual({
      key: 'grid.average',
      region: null,
      grid: 'south',
      value: dec('0.5306'),
      unit: 't_CO2/MWh',
      parsedUnit: { mass: 't_CO2', per: 'MWh', dim: 'energy' },
      kind: 'emission',
      set: 'grid@2.1.0',
      hash: s.hash,
      dataYear: 2023,
      grade: 'published',
      source: { document: 'MEE & NBS 2023', clause: '表2' },
      note: 'southern grid',
      // 0.5306 t/MWh = 530 600 g / 1000 kWh = 530.6 g/kWh
      gramsPerBase: dec('530.6'),
      use: {
        key: 'grid.average',
        value: '0.5306',
        unit: 't_CO2/MWh',
        kind: 'emission',
        set: 'grid@2.1.0',
        hash: s.hash,
        grade: 'published',
        year: 2023,
        region: null,
        grid: 'south',
      },
    });
    expect(Object.isFrozen(f.use)).toBe(true);
    // A region record: no grid, no note; 0.25 kg/kWh = 250 g/kWh.
    const r = c.find('grid.average', '440305', on('2024-05-01'))!;
    expect(r).toEqual({
      key: 'grid.average',
      region: '44',
      value: dec('0.25'),
      unit: 'kg_CO2/kWh',
      parsedUnit: { mass: 'kg_CO2', per: 'kWh', dim: 'energy' },
      kind: 'reduction',
      set: 'grid@2.1.0',
      hash: s.hash,
      dataYear: 2023,
      grade: 'derived',
      source: { document: 'test fixture' },
      gramsPerBase: dec('250'),
      use: {
        key: 'grid.average',
        value: '0.25',
        unit: 'kg_CO2/kWh',
        kind: 'reduction',
        set: 'grid@2.1.0',
        hash: s.hash,
        grade: 'derived',
        year: 2023,
        region: '44',
      },
    });
    expect(Object.isFrozen(r.use)).toBe(true);
    // Members it has no value for are left out, not set to undefined.
    expect(r).not.toHaveProperty('grid');
    expect(r).not.toHaveProperty('note');
    expect(r.use).not.toHaveProperty('grid');
    // until-superseded: a later year reads the set as it is, unmarked.
    expect(r.fallbackFor).toBeUndefined();
  });

  it('marks a data-year set read for a later year (fallbackFor), not one of the same year or without a date', () => {
    const c = new FactorChain([], [set([rec('1')], { dataYear: 2022 })]);
    expect(c.find('grid.average', null, on('2024-05-01'))?.fallbackFor).toBe(2024);
    expect(c.find('grid.average', null, on('2023-01-01'))?.fallbackFor).toBe(2023);
    expect(c.find('grid.average', null, on('2022-12-31'))).not.toHaveProperty('fallbackFor');
    expect(c.find('grid.average', null)).not.toHaveProperty('fallbackFor');
    const undated = new FactorChain([], [set([rec('1')], { dataYear: null })]);
    expect(undated.find('grid.average', null, on('2024-05-01'))).not.toHaveProperty('fallbackFor');
  });

  it('finds nothing for another key', () => {
    const c = new FactorChain([], [set([rec('1')])]);
    expect(c.find('grid.other', null, on('2024-05-01'))).toBeUndefined();
    expect(c.find('grid.other', null)).toBeUndefined();
  });
});

describe('FactorChain: the lookup memo', () => {
  /** The n-th day from 2000-01-01 as YYYY-MM-DD. */
  const day = (n: number) => new Date(Date.UTC(2000, 0, 1 + n)).toISOString().slice(0, 10);

  it('a dated lookup is remembered (the same object), a missing one too; by key, region and date', () => {
    const c = new FactorChain([], [set([rec('1'), rec('2', { region: '44' })], { dataYear: null })]);
    const f = c.find('grid.average', '440305', on('2024-05-01'));
    expect(c.find('grid.average', '440305', on('2024-05-01'))).toBe(f);
    expect(c.find('grid.average', '440305', on('2024-05-02'))).not.toBe(f);
    expect(c.find('grid.average', '440305', on('2024-05-02'))?.value.toFixed()).toBe('2');
    expect(c.find('grid.average', '360102', on('2024-05-01'))?.value.toFixed()).toBe('1');
    expect(c.find('grid.average', null, on('2024-05-01'))?.value.toFixed()).toBe('1');
    expect(c.find('grid.other', '440305', on('2024-05-01'))).toBeUndefined();
    expect(c.find('grid.other', '440305', on('2024-05-01'))).toBeUndefined();
  });

  it('lookups without a date or with a capacity are not remembered', () => {
    const c = new FactorChain([], [set([rec('1')])]);
    const undated = c.find('grid.average', null);
    expect(c.find('grid.average', null)).not.toBe(undated);
    expect(c.find('grid.average', null)).toEqual(undated);
    const sized = c.find('grid.average', null, on('2024-05-01'), dec('5'));
    expect(c.find('grid.average', null, on('2024-05-01'), dec('5'))).not.toBe(sized);
    expect(c.find('grid.average', null, on('2024-05-01'))).not.toBe(sized);
  });

  it('holds 4096 lookups, then starts again from the one that overflowed it', () => {
    const c = new FactorChain([], [set([rec('1')], { dataYear: null })]);
    const first = c.find('grid.average', '44', on(day(0)));
    for (let i = 1; i < 4096; i++) c.find('grid.average', null, on(day(i)));
    // 4096 remembered: the first is still there.
    expect(c.find('grid.average', '44', on(day(0)))).toBe(first);
    const overflow = c.find('grid.average', null, on(day(4096)));
    expect(overflow?.value.toFixed()).toBe('1');
    // The 4097th cleared the memo and is its first entry; the first lookup is made afresh.
    expect(c.find('grid.average', null, on(day(4096)))).toBe(overflow);
    const again = c.find('grid.average', '44', on(day(0)));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(c.find('grid.average', '44', on(day(0)))).toBe(again);
  });
});

describe('FactorChain.require and overlay', () => {
  const a = set([rec('1', { region: '36' })], { id: 'a' });
  const b = set([rec('2', { region: '44' })], { id: 'b', version: '2.0.0' });

  it('returns the factor found', () => {
    const c = new FactorChain([a], [b]);
    expect(c.require('grid.average', '440305', ['x'], on('2024-05-01'))).toBe(
      c.find('grid.average', '440305', on('2024-05-01')),
    );
    expect(c.require('grid.average', '440305').value.toFixed()).toBe('2');
    expect(c.require('grid.average', '440305', [], on('2024-05-01'), dec('5')).value.toFixed()).toBe('2');
  });

  it('refuses a missing factor (CARBON_FACTOR_MISSING) naming key, region, date and the sets searched', () => {
    const c = new FactorChain([a], [b]);
    const e = errorOf(() => c.require('grid.average', '110101', ['activities', 3], on('2024-05-01')));
    expect(e.code).toBe('CARBON_FACTOR_MISSING');
    expect(e.path).toEqual(['activities', 3]);
    expect(e.issues[0]?.params).toEqual({
      key: 'grid.average',
      region: '110101, 2024-05-01',
      sets: 'a@1.0.0 (grid.average only for region 36), b@2.0.0 (grid.average only for region 44)',
    });
    const none = errorOf(() => new FactorChain([], []).require('grid.average', null));
    expect(none.path).toEqual([]);
    expect(none.issues[0]?.params).toEqual({ key: 'grid.average', region: '(none)', sets: '(none)' });
    // A capacity above every record's limit: as missing.
    const capped = new FactorChain([], [set([rec('1', { capacityMax: { value: '5', unit: 'kW' } })])]);
    expect(
      errorOf(() => capped.require('grid.average', null, ['p'], on('2024-05-01'), dec('6'))).issues[0]
        ?.params,
    ).toEqual({
      key: 'grid.average',
      region: '(none), 2024-05-01',
      sets: 's@1.0.0 (grid.average only up to a smaller capacity)',
    });
  });

  it('names why each set that holds the key gave no factor', () => {
    // Each set holding the key says why it gave none: its data year after the activity's, the set or its records
    // out of force on the date; a set without the key is named alone.
    const why = (s: FactorSet, d: string) =>
      errorOf(() => new FactorChain([], [s]).require('grid.average', null, [], on(d))).issues[0]?.params
        ?.sets;
    expect(why(set([rec('1')], { dataYear: 2025 }), '2024-05-01')).toBe(
      's@1.0.0 (data year 2025, after 2024)',
    );
    expect(why(set([rec('1')], { effective: { from: '2024-06-01', to: null } }), '2024-05-01')).toBe(
      's@1.0.0 (not in force on 2024-05-01)',
    );
    expect(why(set([rec('1', { effective: { from: '2024-06-01', to: null } })]), '2024-05-01')).toBe(
      's@1.0.0 (grid.average not in force on 2024-05-01)',
    );
    expect(why(set([rec('1', {}, { key: 'grid.pv' })]), '2024-05-01')).toBe('s@1.0.0');
    // Records of other areas: named (a grid by its name), each area once; records of another key are not counted.
    const areas = (s: FactorSet, key = 'grid.average') =>
      errorOf(() =>
        new FactorChain([], [s], bundledProvinceGrid()).require(key, '360102', [], on('2024-05-01')),
      ).issues[0]?.params?.sets;
    expect(
      areas(
        set([
          rec('1', { region: '44' }),
          rec('2', { region: '4401' }),
          rec('3', { grid: 'south' }),
          rec('4', { region: '36' }, { key: 'grid.pv' }),
        ]),
      ),
    ).toBe('s@1.0.0 (grid.average only for region 44 and region 4401 and grid south)');
    // Off the grids (Hong Kong, 81): the national record is named as the grids' average, apart from the areas.
    expect(
      errorOf(() =>
        new FactorChain([], [set([rec('1'), rec('3', { grid: 'south' })])], bundledProvinceGrid()).require(
          'grid.average',
          '810000',
          [],
          on('2024-05-01'),
        ),
      ).issues[0]?.params?.sets,
    ).toBe(
      's@1.0.0 (grid.average national only for the grids of the province table, which do not supply 81)',
    );
    // a lookup of two forms, each given by grid with a national record: both keys named
    const twoForms = set([
      rec('1'),
      rec('3', { grid: 'south' }),
      rec('2', {}, { key: 'grid.pv' }),
      rec('4', { grid: 'east' }, { key: 'grid.pv' }),
    ]);
    expect(
      errorOf(() =>
        new FactorChain([], [twoForms], bundledProvinceGrid()).require(
          'grid.average (or grid.pv with grid.x)',
          '820000',
          [],
          on('2024-05-01'),
        ),
      ).issues[0]?.params?.sets,
    ).toBe(
      's@1.0.0 (grid.average and grid.pv national only for the grids of the province table, which do not supply 82)',
    );
    // a lookup without a date (windows and data years not checked): the areas only
    expect(
      errorOf(() =>
        new FactorChain([], [set([rec('1', { region: '44' })], { dataYear: 2030 })]).require(
          'grid.average',
          '36',
        ),
      ).issues[0]?.params?.sets,
    ).toBe('s@1.0.0 (grid.average only for region 44)');
    // a lookup of two forms (k (or b with e)) counts the set's records of either, naming the keys it holds
    expect(
      areas(
        set([rec('1', { region: '44' }), rec('2', { region: '44' }, { key: 'grid.pv' })]),
        'grid.average (or grid.pv with grid.x)',
      ),
    ).toBe('s@1.0.0 (grid.average and grid.pv only for region 44)');
    // Jiangxi's grid is central: a record of the central grid applies, so the lookup finds it (no refusal)
    expect(
      new FactorChain([], [set([rec('5', { grid: 'central' })])], bundledProvinceGrid())
        .find('grid.average', '360102', on('2024-05-01'))
        ?.value.toFixed(),
    ).toBe('5');
    // A grid record of the lookup's own grid (Jiangxi: central) limited to smaller projects: the capacity is named,
    // not the area; a lookup without a region has no grid, and without a date no window is read.
    const centralSmall = set([rec('8', { grid: 'central', capacityMax: { value: '5', unit: 'kW' } })]);
    const small = (region: string | null, d?: string) =>
      errorOf(() =>
        new FactorChain([], [centralSmall], bundledProvinceGrid()).require(
          'grid.average',
          region,
          [],
          d === undefined ? undefined : on(d),
          dec('6'),
        ),
      ).issues[0]?.params?.sets;
    expect(small('360102', '2024-05-01')).toBe('s@1.0.0 (grid.average only up to a smaller capacity)');
    expect(small('360102')).toBe('s@1.0.0 (grid.average only up to a smaller capacity)');
    expect(small(null, '2024-05-01')).toBe('s@1.0.0 (grid.average only for grid central)');
    // One record of the area out of force, one in force but for smaller projects: the capacity is named.
    const capped2 = set([
      rec('1', { effective: { from: '2025-01-01', to: null } }),
      rec('2', {
        capacityMax: { value: '5', unit: 'kW' },
        effective: { from: '2024-01-01', to: '2024-12-31' },
      }),
    ]);
    expect(
      errorOf(() =>
        new FactorChain([], [capped2]).require('grid.average', null, [], on('2024-05-01'), dec('6')),
      ).issues[0]?.params?.sets,
    ).toBe('s@1.0.0 (grid.average only up to a smaller capacity)');
  });

  it('overlay searches the new user sets first, then the earlier ones, then the pinned ones, with the same grids', () => {
    const newer = set([rec('3', { region: '36' }), rec('9', { grid: 'south' })], { id: 'newer' });
    const base = new FactorChain([a], [b], bundledProvinceGrid());
    const c = base.overlay([newer]);
    expect(c.sets.map((s) => s.ref)).toEqual(['newer@1.0.0', 'a@1.0.0', 'b@2.0.0']);
    expect(c.user.map((s) => s.ref)).toEqual(['newer@1.0.0', 'a@1.0.0']);
    expect(c.pinned.map((s) => s.ref)).toEqual(['b@2.0.0']);
    expect(valueOf(c, '360102', '2024-05-01')).toBe('3');
    // The overlay keeps the province → grid table: Guangxi (45) reads the southern grid record.
    expect(valueOf(c, '450102', '2024-05-01')).toBe('9');
    expect(valueOf(base, '360102', '2024-05-01')).toBe('1');
    expect(base.sets.map((s) => s.ref)).toEqual(['a@1.0.0', 'b@2.0.0']);
  });
});

describe('FactorChain.userTier: the user’s sets alone, for a computation with two forms of factor', () => {
  const user = set([rec('7', { region: '4201' })], { id: 'mine' });
  const pinned = set([rec('9', { region: '420102' })], { id: 'bundled' });

  it('searches the user’s sets only, and is one chain however often it is asked for', () => {
    const c = new FactorChain([user], [pinned]);
    // the whole chain: the user's prefecture record beats the pinned county record (tiers first)
    expect(valueOf(c, '420102', '2024-05-01')).toBe('7');
    const u = c.userTier() as FactorChain;
    expect(u.sets.map((s) => s.id)).toEqual(['mine']);
    expect(valueOf(u, '420102', '2024-05-01')).toBe('7');
    expect(valueOf(u, '310101', '2024-05-01')).toBe('none');
    expect(c.userTier()).toBe(u);
  });

  it('is undefined without user sets, or when nothing comes after them (the chain is its own user tier)', () => {
    expect(new FactorChain([], [pinned]).userTier()).toBeUndefined();
    expect(new FactorChain([user], []).userTier()).toBeUndefined();
  });
});
