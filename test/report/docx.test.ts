import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { compare } from '../../src/account/compare';
import { runCli } from '../../src/cli/main';
import { reportDocx } from '../../src/report/docx';
import { wan } from '../../src/report/html';

const BEFORE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

/** One file of a zip archive (a .docx), found through the central directory and inflated. */
function unzip(zip: Uint8Array, name: string): string {
  const b = Buffer.from(zip);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = b.readUInt32LE(end + 16);
  for (let n = b.readUInt16LE(end + 10); n > 0; n--) {
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLength = b.readUInt16LE(at + 28);
    const skip = nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    if (b.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const data = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      const raw = b.subarray(data, data + size);
      return (method === 0 ? raw : inflateRawSync(raw)).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`${name} is not in the archive`);
}
const text = (xml: string) => [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');

describe('the Word report', () => {
  it(
    'has the county report layout: summary, a section per category, townships, change, method notes',
    { timeout: 60_000 },
    async () => {
      const r = account(read(AFTER));
      const c = compare(read(BEFORE), read(AFTER));
      const doc = text(unzip(await reportDocx(r, { compare: c }), 'word/document.xml'));
      expect(doc).toContain(`${r.region.name} 2021 年生态系统生产总值（GEP）核算报告`);
      expect(doc).toContain(`GEP|${wan(r.totals.gep.current)}|${wan(r.totals.gep.comparable)}`);
      for (const heading of [
        '物质产品',
        '调节服务',
        '文化服务',
        '乡镇核算结果',
        '2020—2021 年变化',
        '核算方法说明',
        '质量控制',
      ])
        expect(doc).toContain(`|${heading}|`);
      const z = r.byZone[0]!;
      expect(doc).toContain(`|${z.name}|${z.area?.value}|${wan(z.value.current)}|`);
      expect(doc).toContain(`GEP 增长 ${c.gep.growthPercent} %`);
      // Method notes name every coefficient with its source and grade.
      const used = r.coefficients[0]!;
      expect(doc).toContain(`${used.key}`);
      expect(doc).toContain(`证据等级 ${used.grade}`);
    },
  );

  it('gepkit report --format docx writes it; the language follows --lang', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gepkit-docx-')), 'report.docx');
    const err: string[] = [];
    const code = await runCli(['report', AFTER, '--format', 'docx', '--lang', 'en', '--out', out], {
      out: () => undefined,
      err: (s) => err.push(s),
    });
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const doc = text(unzip(readFileSync(out), 'word/document.xml'));
    expect(doc).toContain('Gross Ecosystem Product (GEP) account 2021');
    expect(doc).toContain('|Method notes|');
    const bad = await runCli(['report', AFTER, '--format', 'pdf', '--out', out], {
      out: () => undefined,
      err: (s) => err.push(s),
    });
    expect(bad).toBe(1);
    expect(err.join('')).toContain('--format must be html or docx');
  });

  it(
    'the same account gives the same bytes on every run, with the fixed document time',
    { timeout: 60_000 },
    async () => {
      const r = account(read(BEFORE));
      const first = await reportDocx(r);
      // The docx package stamps the time of writing; a later run must not differ by it.
      await new Promise((done) => setTimeout(done, 1100));
      const second = await reportDocx(r);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      const core = unzip(first, 'docProps/core.xml');
      expect(core).toContain(
        '<dcterms:created xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00.000Z</dcterms:created>',
      );
      expect(core).toContain(`<dc:title>${r.region.name} 2020 GEP</dc:title>`);
      expect(core).toContain(`<dc:creator>gepkit ${r.gepkit.version}</dc:creator>`);
    },
  );
});
