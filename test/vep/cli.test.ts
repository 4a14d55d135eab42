import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vepCommand } from '../../src/cli/vep';
import { account } from '../../src/account/account';
import { MEMORY_KEYS } from '../../src/vep/batch';
import { MAX_LINE_LENGTH } from '../../src/io/jsonl';
import { EXAMPLES } from './helpers';

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await vepCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}
const ex = (f: string) => join(EXAMPLES, f);

describe('gepkit vep', () => {
  it('value: streams the CSV, reports bad lines on stderr, exit 1 when any was refused', async () => {
    const r = await cli('value', ex('parcels.csv'), '--context', ex('context.json'));
    expect(r.code).toBe(1);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = (lines.at(-1) as { summary: { valued: number; value: string } }).summary;
    expect(summary.valued).toBe(6);
    expect(summary.value).toBe('17824669.16');
    expect(r.err).toContain('VEP_PARCEL_DUPLICATE');
    expect(r.err).toContain('line[8]');
  });

  it('value --out-dir writes results.jsonl and summary.json; JSON Lines in, exit 0 when all valued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-'));
    const file = join(dir, 'p.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'A', key: 'hills', areas: { shrub: { value: '3', unit: 'mu' } } })}\n`,
    );
    const r = await cli('value', file, '--context', ex('context.json'), '--out-dir', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 parcels: 1 valued \(1 fast, 0 decimal\)/);
    const s = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { valued: number };
    expect(s.valued).toBe(1);
  });

  it('value --min-grade verified refuses the example’s placeholder coefficients', async () => {
    const r = await cli(
      'value',
      ex('parcels.csv'),
      '--context',
      ex('context.json'),
      '--min-grade',
      'verified',
    );
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    const summary = (
      JSON.parse(lines.at(-1) as string) as { summary: { valued: number; basis: { minGrade: string } } }
    ).summary;
    // every row uses the context's local table of `assumed` placeholders: none is valued
    expect(summary.valued).toBe(0);
    expect(summary.basis.minGrade).toBe('verified');
    expect(r.err).toContain('GRADE_BELOW_MINIMUM');
    // without the flag the same rows are valued, the grades only warned
    const plain = await cli('value', ex('parcels.csv'), '--context', ex('context.json'));
    expect(plain.err).not.toContain('GRADE_BELOW_MINIMUM');
  });

  it('value --min-grade never loosens the context’s own minGrade: the stricter of the two applies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-'));
    const context = JSON.parse(readFileSync(ex('context.json'), 'utf8')) as Record<string, unknown>;
    const withGrade = (g: string) => {
      const f = join(dir, `context-${g}.json`);
      writeFileSync(f, JSON.stringify({ ...context, minGrade: g }));
      return f;
    };
    const basisOf = async (ctx: string, flag: string) => {
      const r = await cli('value', ex('parcels.csv'), '--context', ctx, '--min-grade', flag);
      const last = JSON.parse(r.out.trim().split('\n').at(-1) as string) as {
        summary: { valued: number; basis: { minGrade: string } };
      };
      return [last.summary.basis.minGrade, last.summary.valued > 0];
    };
    // The bank's context asks for verified; an operator's --min-grade assumed does not lower it: nothing valued.
    expect(await basisOf(withGrade('verified'), 'assumed')).toEqual(['verified', false]);
    // A context of assumed and a flag of verified: the flag is the stricter.
    expect(await basisOf(withGrade('assumed'), 'verified')).toEqual(['verified', false]);
    expect(await basisOf(withGrade('assumed'), 'assumed')).toEqual(['assumed', true]);
  });

  it('value --min-grade with no such grade is a usage error; --rejected may name a file in a new --out-dir', async () => {
    const bad = await cli(
      'value',
      ex('parcels.csv'),
      '--context',
      ex('context.json'),
      '--min-grade',
      'Verified',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('CLI_USAGE');
    expect(bad.err).toContain(
      '--min-grade must be one of verified, published, derived, secondary, assumed, got Verified',
    );
    expect(bad.err).not.toContain('VEP_CONTEXT_INVALID');
    const dir = mkdtempSync(join(tmpdir(), 'vep-od-'));
    const od = join(dir, 'od');
    const r = await cli(
      'value',
      ex('parcels.csv'),
      '--context',
      ex('context.json'),
      '--out-dir',
      od,
      '--rejected',
      join(od, 'rejected.csv'),
    );
    expect(r.err).not.toContain('OUTPUT_UNWRITABLE');
    expect(readdirSync(od).sort()).toEqual(['rejected.csv', 'results.jsonl', 'summary.json']);
    // elsewhere, --rejected in a folder that does not exist is refused before anything is made
    const elsewhere = join(dir, 'od2');
    const refused = await cli(
      'value',
      ex('parcels.csv'),
      '--context',
      ex('context.json'),
      '--out-dir',
      elsewhere,
      '--rejected',
      join(dir, 'no', 'r.csv'),
    );
    expect(refused.err).toContain('OUTPUT_UNWRITABLE');
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('reconcile of the CSV results says it reads JSON Lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-rc-'));
    await cli(
      'value',
      ex('parcels.csv'),
      '--context',
      ex('context.json'),
      '--format',
      'csv',
      '--out-dir',
      join(dir, 'oc'),
    );
    const r = await cli('reconcile', join(dir, 'oc', 'results.csv'), ex('account-2023.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('VEP_LINE_NOT_JSON');
    expect(r.err).toContain(
      'hint: reconcile reads the results of vep value as JSON Lines (--format json or compact',
    );
    expect(r.err).not.toContain('valued regardless');
  });

  it('value --rejected: the id cell of a row refused before its record, where it can be read; else (unread)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-rej-id-'));
    const rows = (file: string) =>
      readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(0, 4).join(','));
    // CSV, the id column first. Line 2: a note with an unquoted comma (6 cells for 5 columns): its first cell is its
    // id. Line 3: a quote left open in the note: the same. Line 4: the id cell itself broken: (unread). Line 5: the
    // id cell empty, refused by the schema: an empty id, told apart from (unread). Line 6: valued.
    const csv = join(dir, 'p.csv');
    writeFileSync(
      csv,
      [
        'id,key,unit,area:shrub,note',
        'R1,hills,hm2,1,north, by the river',
        'R2,hills,hm2,1,"open',
        'R"3,hills,hm2,1,',
        ',hills,hm2,1,',
        'R5,hills,hm2,1,',
      ].join('\n'),
    );
    const rejected = join(dir, 'rejected.csv');
    const r = await cli('value', csv, '--context', ex('context.json'), '--rejected', rejected);
    expect(r.code).toBe(1);
    expect(rows(rejected)).toEqual([
      '2,R1,,VEP_CSV_INVALID',
      '3,R2,,VEP_CSV_INVALID',
      '4,(unread),,VEP_CSV_INVALID',
      '5,,,VEP_PARCEL_INVALID',
    ]);
    // JSON Lines. Line 1: not JSON: (unread). Line 2: "id" twice: (unread). Line 3: an area's value twice, "id"
    // once: its id. Line 4: an id that is no string: (unread).
    const jsonl = join(dir, 'p.jsonl');
    const area = '"areas":{"shrub":{"value":"1","unit":"hm2"}}';
    writeFileSync(
      jsonl,
      [
        '{"id":"J0",',
        `{"id":"J1","id":"J2","key":"hills",${area}}`,
        `{"id":"J3","key":"hills","areas":{"shrub":{"value":"1","unit":"hm2","value":"2"}}}`,
        `{"id":7,"key":"hills",${area}}`,
      ].join('\n'),
    );
    const rejected2 = join(dir, 'rejected2.csv');
    expect((await cli('value', jsonl, '--context', ex('context.json'), '--rejected', rejected2)).code).toBe(
      1,
    );
    expect(rows(rejected2)).toEqual([
      '1,(unread),,VEP_LINE_NOT_JSON',
      '2,(unread),,VEP_LINE_NOT_JSON',
      '3,J3,,VEP_LINE_NOT_JSON',
      '4,(unread),,VEP_PARCEL_INVALID',
    ]);
  });

  it('value --rejected: one row per error with its path; --min-grade errors of a parcel each once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-rej-'));
    const file = join(dir, 'p.csv');
    // G1: two types, so two reference runs that read the same prices: each refusal once, at the line.
    // G2: a right without its kind and a negative area, two errors of one row told apart by their paths.
    // Each row names its package (G1's read by the id rule: full-width ＰＫＧ-A is PKG-A; G2 has none).
    writeFileSync(
      file,
      'id,package,key,unit,area:forest.broadleaf,area:shrub,certificate\nG1,ＰＫＧ-A,hills,mu,15,15,\nG2,,hills,mu,-1,,C1\n',
    );
    const rejected = join(dir, 'rejected.csv');
    const r = await cli(
      'value',
      file,
      '--context',
      ex('context.json'),
      '--min-grade',
      'verified',
      '--rejected',
      rejected,
    );
    expect(r.code).toBe(1);
    const rows = readFileSync(rejected, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rows[0]).toBe('line,id,package,code,path,message,message_zh');
    const g1 = rows.filter((l) => l.startsWith('2,G1,'));
    expect(g1.length).toBeGreaterThan(1);
    expect(new Set(g1).size).toBe(g1.length); // no row twice
    expect(g1.filter((l) => l.includes('price.reservoir_storage @'))).toHaveLength(1);
    expect(g1.every((l) => l.startsWith('2,G1,PKG-A,GRADE_BELOW_MINIMUM,line[2],'))).toBe(true);
    expect(rows.filter((l) => l.startsWith('3,G2,,')).length).toBe(2);
    const g2 = rows.filter((l) => l.startsWith('3,G2,')).map((l) => l.split(',').slice(3, 5).join(','));
    expect(g2).toEqual(
      expect.arrayContaining([
        'VEP_PARCEL_INVALID,line[3].right',
        'NEGATIVE_VALUE,line[3].area:forest.broadleaf',
      ]),
    );
  });

  it('change: decomposes two accounts', async () => {
    const r = await cli('change', ex('account-2022.json'), ex('account-2023.json'));
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out) as {
      total: {
        change: string;
        quantityEffect: string;
        mixEffect: string;
        priceEffect: string;
        unsplit: string;
      };
    };
    const f = (s: string) => BigInt(s.replace('.', ''));
    // the example accounts (docs/vep.md): 16 055 660.36 = 14 756 451.89 + 0.00 + 1 291 051.15 + 8 157.32; no mix:
    // the cells of one line have none, and R4's and R5's pollutants are the same tonnes in both years
    expect(c.total).toMatchObject({
      change: '16055660.36',
      quantityEffect: '14756451.89',
      mixEffect: '0.00',
      priceEffect: '1291051.15',
    });
    expect(f(c.total.change)).toBe(
      f(c.total.quantityEffect) + f(c.total.mixEffect) + f(c.total.priceEffect) + f(c.total.unsplit),
    );
  });

  it('allocate: parts sum to the revenue', async () => {
    const r = await cli('allocate', ex('package.json'));
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as { parts: { amount: string }[]; revenue: { value: string } };
    const sum = a.parts.reduce((s, p) => s + BigInt(p.amount.replace('.', '')), 0n);
    expect(sum).toBe(BigInt(a.revenue.value.replace('.', '')));
  });

  it('allocate: fixed returns paid short are allocated pro rata and warned on stderr, exit 0', async () => {
    // revenue 800, fixed 600 + 400 due, weights 0 → 480.00 and 320.00, nothing left to split
    const dir = mkdtempSync(join(tmpdir(), 'vep-'));
    const file = join(dir, 'fixed.json');
    const y = (value: string) => ({ value, unit: 'yuan', priceYear: 2024 });
    writeFileSync(
      file,
      JSON.stringify({
        package: 'SAV-1',
        revenue: y('800'),
        basis: 'contract',
        tranches: [
          { depositor: 'A', fixed: y('600') },
          { depositor: 'B', fixed: y('400') },
        ],
        depositors: [
          { id: 'A', weight: '0' },
          { id: 'B', weight: '0' },
        ],
      }),
    );
    const r = await cli('allocate', file);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as { parts: { amount: string }[]; warnings: { code: string }[] };
    expect(a.parts.map((p) => p.amount)).toEqual(['480.00', '320.00']);
    expect(a.warnings.map((w) => w.code)).toEqual(['VEP_DUES_PAID_SHORT']);
    expect(r.err).toContain('VEP_DUES_PAID_SHORT');
    expect(r.err).toContain('The fixed returns due, 1000.00 yuan, were paid 800.00 yuan');
  });

  it('value --index: the duplicate checks give the same output with their keys on disk or in memory', async () => {
    const memory = await cli(
      'value',
      ex('parcels.csv'),
      '--context',
      ex('context.json'),
      '--index',
      'memory',
    );
    expect(memory.err).toContain('VEP_PARCEL_DUPLICATE'); // ZX-0003 twice (line 8)
    for (const index of ['disk', 'auto']) {
      const r = await cli('value', ex('parcels.csv'), '--context', ex('context.json'), '--index', index);
      expect({ index, ...r }).toEqual({ index, ...memory });
    }
  });

  it('value --index disk: an index that cannot be made stops the run before any output is claimed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-'));
    const saved = process.env.TMPDIR;
    // The index goes into a new directory of the system's temporary directory: point that at a missing folder.
    process.env.TMPDIR = join(dir, 'missing');
    try {
      const out = join(dir, 'out');
      const r = await cli(
        'value',
        ex('parcels.csv'),
        '--context',
        ex('context.json'),
        '--index',
        'disk',
        '--out-dir',
        out,
      );
      expect(r.code).toBe(1);
      expect(r.err).toContain('OUTPUT_UNWRITABLE');
      expect(r.err).toContain('nothing was computed or written');
      // neither the output folder nor a results.jsonl.partial in it: the hint holds
      expect(existsSync(out)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('value --index auto: an index that cannot be made when the keys move to disk stops the run, no .partial left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-'));
    // Two keys per parcel (its id and its certificate): the keys move to disk at the 100,001st, parcel 50,001.
    const n = MEMORY_KEYS / 2 + 500;
    const rows = ['id,package,key,unit,area:shrub,right,certificate'];
    for (let i = 0; i < n; i++) rows.push(`P${i},PKG,hills,mu,3,forest,C-${i}`);
    writeFileSync(join(dir, 'parcels.csv'), `${rows.join('\n')}\n`);
    const saved = process.env.TMPDIR;
    // The index goes into a new directory of the system's temporary directory: point that at a missing folder.
    process.env.TMPDIR = join(dir, 'missing');
    try {
      const out = join(dir, 'out');
      const rejected = join(dir, 'rejected.csv');
      const r = await cli(
        'value',
        join(dir, 'parcels.csv'),
        '--context',
        ex('context.json'),
        '--out-dir',
        out,
        '--rejected',
        rejected,
      );
      expect(r.code).toBe(1);
      // The error names the index and its folder, and its hint does not claim that nothing was computed.
      expect(r.err).toContain('VEP_INDEX_FAILED');
      expect(r.err).toContain(join(dir, 'missing'));
      expect(r.err).not.toContain('nothing was computed or written');
      expect(r.err).toContain('--index memory');
      // The outputs the run had claimed are gone: no results.jsonl(.partial), no summary.json, no rejected file.
      expect(readdirSync(out)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['out', 'parcels.csv']);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }, 120_000);

  it('a folder as the parcels file (or the results of reconcile) is FILE_UNREADABLE naming it, before any output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-vep-dir-'));
    const folder = join(dir, 'parcels.jsonl');
    mkdirSync(folder);
    const out = join(dir, 'out');
    for (const workers of ['0', '2']) {
      const r = await cli(
        'value',
        folder,
        '--context',
        ex('context.json'),
        '--out-dir',
        out,
        '--workers',
        workers,
      );
      expect(r.code).toBe(1);
      expect(r.err).toContain(`FILE_UNREADABLE`);
      expect(r.err).toContain(`Cannot read file ${folder}: it is a folder, not a file`);
      expect(r.err).not.toContain('OUTPUT_WRITE_FAILED');
      expect(existsSync(out)).toBe(false);
    }
    const rec = await cli('reconcile', folder, ex('account-2022.json'));
    expect(rec.code).toBe(1);
    expect(rec.err).toContain(`Cannot read file ${folder}: it is a folder, not a file`);
  });

  it('a line longer than 2²⁰ characters is refused as that line (LINE_TOO_LONG), the others valued; a header that long stops the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-vep-long-'));
    const pad = 'x'.repeat(1_100_000); // past the limit of 1,048,576 characters
    const csv = readFileSync(ex('parcels.csv'), 'utf8').split('\n');
    // The example's CSV with a line of 1,100,000 characters and more after the header (now line 2).
    const csvFile = join(dir, 'parcels.csv');
    writeFileSync(csvFile, [csv[0], `ZX-9999,PKG-A,hills,mu,${pad}`, ...csv.slice(1)].join('\n'));
    const jsonlFile = join(dir, 'parcels.jsonl');
    const parcel = (id: string) =>
      JSON.stringify({ id, key: 'hills', areas: { shrub: { value: '3', unit: 'mu' } } });
    writeFileSync(jsonlFile, [parcel('A'), `{"id":"B","pad":"${pad}"}`, parcel('C')].join('\n'));
    const base = await cli('value', ex('parcels.csv'), '--context', ex('context.json'));
    const c = await cli('value', csvFile, '--context', ex('context.json'));
    expect(c.code).toBe(1);
    expect(c.err).toContain('error LINE_TOO_LONG\n  at line[2]\n');
    // Every line of the example after it is valued or refused as without it: the same six valued, the same value.
    const summary = (r: { out: string }) => JSON.parse(r.out.trim().split('\n').at(-1) as string).summary;
    expect(summary(c)).toMatchObject({ valued: 6, value: summary(base).value });
    expect(summary(c).lines).toBe(summary(base).lines + 1);
    const j = await cli('value', jsonlFile, '--context', ex('context.json'));
    expect(j.code).toBe(1);
    expect(j.err).toContain('error LINE_TOO_LONG\n  at line[2]\n');
    expect(summary(j)).toMatchObject({ valued: 2, refused: 1 });
    const headerFile = join(dir, 'header.csv');
    writeFileSync(headerFile, [`${csv[0]}${pad}`, ...csv.slice(1)].join('\n'));
    const h = await cli('value', headerFile, '--context', ex('context.json'));
    expect(h.code).toBe(1);
    expect(h.err).toContain('error LINE_TOO_LONG\n  at line[1]\n');
  });

  it('a CSV whose lines end in CR alone (“CSV (Macintosh)”) is refused once at its header, naming the cause, whatever its size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-vep-cr-'));
    const cause = 'Invalid CSV header: its lines end in a carriage return alone (CR)';
    const small = join(dir, 'cr.csv');
    writeFileSync(small, 'id,key,unit,area:shrub\rP1,hills,hm2,1\r');
    const s = await cli('value', small, '--context', ex('context.json'));
    expect(s.code).toBe(1);
    expect(s.out).toBe('');
    expect(s.err.split('error ').length - 1).toBe(1);
    expect(s.err).toContain(`error VEP_CSV_HEADER\n  at line[1]\n`);
    expect(s.err).toContain(cause);
    expect(s.err).toContain('hint: Save the file again as “CSV UTF-8 (Comma delimited)”');
    expect(s.err).not.toContain('unknown column');
    // Past the line limit as one LF line (the example's rows, CR-ended, until over 1 MiB): the same refusal, not
    // LINE_TOO_LONG, and the outputs claimed are removed.
    const rows = readFileSync(ex('parcels.csv'), 'utf8').trimEnd().split('\n');
    const body = rows.slice(1);
    const big = join(dir, 'big.csv');
    const many = Array.from({ length: 25_000 }, (_, i) =>
      (body[i % body.length] as string).replace(/^[^,]*/, `B-${i}`),
    );
    writeFileSync(big, `${[rows[0], ...many].join('\r')}\r`);
    expect(readFileSync(big, 'utf8').length).toBeGreaterThan(MAX_LINE_LENGTH);
    const out = join(dir, 'out');
    const b = await cli(
      'value',
      big,
      '--context',
      ex('context.json'),
      '--out-dir',
      out,
      '--rejected',
      join(dir, 'r.csv'),
    );
    expect(b.code).toBe(1);
    expect(b.err).toContain(`error VEP_CSV_HEADER\n  at line[1]\n`);
    expect(b.err).toContain(cause);
    expect(b.err).not.toContain('LINE_TOO_LONG');
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['big.csv', 'cr.csv', 'out']);
    // A CR inside a quoted cell of a CRLF file is the cell's text: the row is valued.
    const quoted = join(dir, 'quoted.csv');
    writeFileSync(quoted, 'id,key,unit,area:shrub,note\r\nP1,hills,hm2,1,"line 1\rline 2"\r\n');
    const q = await cli('value', quoted, '--context', ex('context.json'));
    expect(q.code).toBe(0);
    expect(JSON.parse(q.out.split('\n')[0] as string)).toMatchObject({ ok: true, id: 'P1' });
  });

  it('a CSV without a "right" column: rows that give a certificate are refused naming the column; blank ones are valued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-vep-noright-'));
    const rows = readFileSync(ex('parcels.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    const at = (rows[0] as string[]).indexOf('right');
    const cut = (cells: string[]) => cells.filter((_, i) => i !== at).join(',');
    const noRight = join(dir, 'no-right.csv');
    writeFileSync(noRight, rows.map(cut).join('\n'));
    const r = await cli('value', noRight, '--context', ex('context.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('error VEP_PARCEL_INVALID\n  at line[2].right\n');
    expect(r.err).toContain('no "right" column: the row gives a right (certificate, holder or right_until)');
    // The same rows with their certificate and holder cells blank: no right, and the column is not needed.
    const [cert, holder] = ['certificate', 'holder'].map((c) => (rows[0] as string[]).indexOf(c));
    const blank = join(dir, 'blank.csv');
    writeFileSync(
      blank,
      [
        cut(rows[0] as string[]),
        ...rows.slice(1).map((c) => cut(c.map((v, i) => (i === cert || i === holder ? '' : v)))),
      ].join('\n'),
    );
    const b = await cli('value', blank, '--context', ex('context.json'));
    expect(b.err).not.toContain('.right\n');
    expect(b.err).not.toContain('"right"');
  });

  it('value: a context table that cannot be loaded refuses the run once, up front, with nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-'));
    const context = JSON.parse(readFileSync(ex('context.json'), 'utf8')) as {
      tables: { records: { unit: string }[] }[];
    };
    (context.tables[0]?.records[0] as { unit: string }).unit = 't_per_m3x';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(context));
    for (const workers of ['0', '2']) {
      const out = join(dir, `out-${workers}`);
      const args = ['--context', join(dir, 'bad.json'), '--out-dir', out, '--workers', workers];
      const r = await cli('value', ex('parcels.csv'), ...args);
      expect(r.code).toBe(1);
      // one error, at the table's record: not one per parcel, no summary, no VEP_METHOD_NOT_PARCEL before it
      expect(r.err.match(/^error /gm)).toEqual(['error ']);
      expect(r.err).toContain('error TABLE_INVALID\n  at context.tables[0].records[0].unit\n');
      expect(r.err).not.toContain('warning');
      expect(r.out).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('usage errors and missing files are structured', async () => {
    expect((await cli('value', ex('parcels.csv'))).err).toContain('CLI_USAGE');
    expect(
      (await cli('value', ex('parcels.csv'), '--context', ex('context.json'), '--index', 'ram')).err,
    ).toContain('--index must be auto, memory or disk');
    expect((await cli('value', 'nope.csv', '--context', ex('context.json'))).err).toContain(
      'FILE_UNREADABLE',
    );
    expect((await cli('frobnicate')).err).toContain('CLI_USAGE');
    expect((await cli('--help')).out).toContain('gepkit vep value');
  });
});

describe('the example account results', () => {
  it('are what gepkit account --exact writes of the example inputs (regenerate them when the engine changes)', () => {
    for (const year of [2022, 2023]) {
      const input = JSON.parse(readFileSync(ex(`account-input-${year}.json`), 'utf8')) as unknown;
      const stored = JSON.parse(readFileSync(ex(`account-${year}.json`), 'utf8')) as unknown;
      expect(JSON.parse(JSON.stringify(account(input, { rounding: 'exact' }))), String(year)).toEqual(stored);
    }
  });
});
