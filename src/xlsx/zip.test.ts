import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { formatIssue } from '../core/issue';
import { inputTemplate } from './input-template';
import { zipEntries } from '../io/zip';
import { checkExpansion, dateCells } from './zip';

/** A zip archive of deflated entries; `declared` replaces an entry's size in both headers (a lying archive). */
function zipOf(entries: { name: string; data: Uint8Array; declared?: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data);
    const name = Buffer.from(e.name, 'latin1');
    const size = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

async function issueOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof GepError) return e.issues[0];
    throw e;
  }
  return undefined;
}

describe('zipEntries', () => {
  it('reads the template’s parts with the sizes they inflate to', async () => {
    const t = await inputTemplate();
    const entries = zipEntries(t);
    expect(entries.map((e) => e.name)).toContain('xl/workbook.xml');
    const v = Buffer.from(t);
    for (const e of entries) {
      const start = e.offset + 30 + v.readUInt16LE(e.offset + 26) + v.readUInt16LE(e.offset + 28);
      const data = v.subarray(start, start + e.compressedSize);
      expect(e.method === 8 ? inflateRawSync(data).length : data.length).toBe(e.size);
    }
  });
  it('finds none in bytes that are no zip archive', () => {
    expect(zipEntries(new TextEncoder().encode('{"region":'))).toEqual([]);
  });
});

describe('checkExpansion', () => {
  const a = new Uint8Array(1000).fill(65);
  const b = new Uint8Array(500).fill(66);
  it('passes an archive whose entries expand to the limit or less', async () => {
    // 1,000 + 500 = 1,500 bytes declared and held
    await expect(
      checkExpansion(
        zipOf([
          { name: 'a', data: a },
          { name: 'b', data: b },
        ]),
        1500,
        'x',
      ),
    ).resolves.toBe(undefined);
  });
  it('refuses one whose declared sizes add up to more: XLSX_TOO_LARGE with both figures', async () => {
    const i = await issueOf(
      checkExpansion(
        zipOf([
          { name: 'a', data: a },
          { name: 'b', data: b },
        ]),
        1499,
        'x',
      ),
    );
    expect(i).toMatchObject({
      code: 'XLSX_TOO_LARGE',
      params: { file: 'x', expanded: '1500', limit: '1499' },
    });
  });
  it('refuses an entry that inflates past the size it declares, however small the declared size', async () => {
    // 10,000,000 bytes of zeros deflate to about 10 KB and declare 100
    const bomb = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(10_000_000), declared: 100 },
    ]);
    expect(bomb.length).toBeLessThan(20_000);
    const i = await issueOf(checkExpansion(bomb, 1_000_000, 'body'));
    expect(i).toMatchObject({
      code: 'XLSX_NOT_WORKBOOK',
      params: {
        file: 'body',
        detail: 'the zip entry xl/worksheets/sheet1.xml expands to more than the 100 bytes it declares',
      },
    });
    expect(formatIssue(i as NonNullable<typeof i>)).toContain(
      'zip 条目 xl/worksheets/sheet1.xml 解压后超过其声明的 100 字节',
    );
  });
  it('leaves a damaged entry to the workbook library (it is no expansion)', async () => {
    const z = zipOf([{ name: 'a', data: a }]);
    z.fill(0xff, 30 + 1, 30 + 6); // the deflate stream's first bytes
    await expect(checkExpansion(z, 1000, 'x')).resolves.toBe(undefined);
  });
});

describe('dateCells', () => {
  const ns = 'http://schemas.openxmlformats.org/';
  const book = (sheet: string) =>
    zipOf(
      Object.entries({
        'xl/workbook.xml': `<workbook xmlns="${ns}spreadsheetml/2006/main" xmlns:r="${ns}officeDocument/2006/relationships"><sheets><sheet name="面积 &amp; 类型" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${ns}package/2006/relationships"><Relationship Id="rId1" Type="${ns}officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
        'xl/worksheets/sheet1.xml': `<worksheet xmlns="${ns}spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`,
      }).map(([name, text]) => ({ name, data: new TextEncoder().encode(text) })),
    );

  it('finds the cells of type d by their address, in either quotes, the sheet named as the workbook names it', async () => {
    const cells = await dateCells(
      book(
        `<row r="3"><c r="B3" s="1" t="d"><v>2020-01-05T00:00:00Z</v></c><c r="C3" t='d'><v>2021-02-03</v></c><c r="D3"><v>7</v></c></row>`,
      ),
    );
    expect([...cells]).toEqual([
      ['面积 & 类型!B3', '2020-01-05T00:00:00Z'],
      ['面积 & 类型!C3', '2021-02-03'],
    ]);
  });

  it('a cell of type d without a value is none: the next cell’s value is not taken for it', async () => {
    const cells = await dateCells(book(`<row r="3"><c r="E3" t="d"/><c r="F3" t="s"><v>127</v></c></row>`));
    expect(cells.size).toBe(0);
  });

  it('cells and rows without r follow the one before, as the workbook library places them', async () => {
    // row 1 given, row 2 without r; in row 2 the cells A, B (no r), then D given, then E (no r)
    const cells = await dateCells(
      book(
        `<row r="1"><c r="A1"><v>1</v></c></row><row><c><v>1</v></c><c t="d"><v>2020-01-01</v></c><c r="D2"><v>2</v></c><c t="d"><v>2020-01-02</v></c></row>`,
      ),
    );
    expect([...cells]).toEqual([
      ['面积 & 类型!B2', '2020-01-01'],
      ['面积 & 类型!E2', '2020-01-02'],
    ]);
  });

  it('columns past Z: AA and beyond', async () => {
    const cells = await dateCells(
      book(`<row r="9"><c r="AB9" t="d"><v>x</v></c><c t="d"><v>y</v></c></row>`),
    );
    expect([...cells.keys()]).toEqual(['面积 & 类型!AB9', '面积 & 类型!AC9']);
  });
});
