import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { stagedOutput, writeOutputFile } from './output-file';

const root = mkdtempSync(join(tmpdir(), 'gepkit-output-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** The GepError `f` throws. */
function errorOf(f: () => void): GepError {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('no error');
}
const folder = () => {
  const d = join(root, String((n += 1)));
  mkdirSync(d);
  return d;
};

describe('stagedOutput', () => {
  it('a new or regular file is written under .partial beside it and renamed over it', () => {
    const d = folder();
    const file = join(d, 'r.json');
    const out = stagedOutput(file);
    expect(out.path).toBe(`${file}.partial`);
    writeFileSync(out.path, 'new');
    expect(existsSync(file)).toBe(false);
    out.commit();
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('through a symbolic link, the file it names is replaced and the link kept', () => {
    const d = folder();
    writeFileSync(join(d, 'real.json'), 'old');
    symlinkSync(join(d, 'real.json'), join(d, 'link.json'));
    const out = stagedOutput(join(d, 'link.json'));
    expect(out.path).toBe(`${join(d, 'real.json')}.partial`);
    writeFileSync(out.path, 'new');
    out.commit();
    expect(lstatSync(join(d, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.json'))).toBe(join(d, 'real.json'));
    expect(readFileSync(join(d, 'real.json'), 'utf8')).toBe('new');
  });

  it('a device is written directly, never renamed over (/dev/null stays a device)', () => {
    const out = stagedOutput('/dev/null');
    expect(out.path).toBe('/dev/null');
    writeFileSync(out.path, 'x');
    out.commit();
    out.abort();
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('abort removes the .partial file, and leaves a folder of that name alone', () => {
    const d = folder();
    const out = stagedOutput(join(d, 'a.json'));
    writeFileSync(out.path, 'half');
    out.abort();
    expect(existsSync(out.path)).toBe(false);
    out.abort(); // nothing there: nothing to do
    mkdirSync(out.path);
    out.abort();
    expect(statSync(out.path).isDirectory()).toBe(true);
  });
});

describe('writeOutputFile', () => {
  it('writes the file whole, replacing an earlier one, with the mode asked', () => {
    const d = folder();
    const file = join(d, 'keys.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    writeFileSync(`${file}.partial`, 'left by a killed run', { mode: 0o644 });
    writeOutputFile(file, 'new', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('a write that fails is OUTPUT_WRITE_FAILED naming the file; the earlier file is left as it was', () => {
    const d = folder();
    const file = join(d, 'r.json');
    writeFileSync(file, 'old');
    mkdirSync(`${file}.partial`); // the staged write cannot open its file
    const [i] = errorOf(() => writeOutputFile(file, 'new')).issues;
    expect(i?.code).toBe('OUTPUT_WRITE_FAILED');
    expect(i?.params?.file).toBe(file);
    expect(i?.params?.detail).toContain('EISDIR');
    expect(readFileSync(file, 'utf8')).toBe('old');
  });

  it.skipIf(!existsSync('/dev/full') || !statSync('/dev/full').isCharacterDevice())(
    'a full device (/dev/full) is OUTPUT_WRITE_FAILED naming it, and stays a device',
    () => {
      const e = errorOf(() => writeOutputFile('/dev/full', 'x'));
      expect(e.issues[0]).toMatchObject({ code: 'OUTPUT_WRITE_FAILED', params: { file: '/dev/full' } });
      expect(e.issues[0]?.params?.detail).toContain('ENOSPC');
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    },
  );

  it('text in chunks is written as it comes, whole: UTF-8 across chunks, the mode asked', () => {
    const d = folder();
    const file = join(d, 'r.json');
    writeFileSync(file, 'old');
    writeOutputFile(
      file,
      (sink) => {
        for (const c of ['{"a": ', '"生态', '系统"', '}\n']) sink(c);
      },
      0o600,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"a": "生态系统"}\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('chunks that stop part-way leave the earlier file as it was and no .partial; the error goes on', () => {
    const d = folder();
    const file = join(d, 'r.json');
    writeFileSync(file, 'old');
    const boom = new TypeError('Do not know how to serialize a BigInt');
    expect(() =>
      writeOutputFile(file, (sink) => {
        sink('{"a": 1,');
        throw boom;
      }),
    ).toThrow(boom);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it.skipIf(!existsSync('/dev/full') || !statSync('/dev/full').isCharacterDevice())(
    'chunks to a full device are OUTPUT_WRITE_FAILED naming it',
    () => {
      const e = errorOf(() => writeOutputFile('/dev/full', (sink) => sink('x'.repeat(100))));
      expect(e.issues[0]).toMatchObject({ code: 'OUTPUT_WRITE_FAILED', params: { file: '/dev/full' } });
    },
  );
});
