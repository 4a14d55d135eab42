import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { checkOutputsApart } from './shared';

const root = mkdtempSync(join(tmpdir(), 'gepkit-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => {
  const d = join(root, String((n += 1)));
  mkdirSync(d);
  return d;
};

/** The message of the issue `f` throws (OUTPUT_SAME_FILE), or undefined when it throws none. */
function refusal(f: () => void): string | undefined {
  try {
    f();
  } catch (e) {
    if (!(e instanceof GepError)) throw e;
    expect(e.issues.map((i) => i.code)).toEqual(['OUTPUT_SAME_FILE']);
    return e.issues[0]?.message.en;
  }
  return undefined;
}

describe('checkOutputsApart', () => {
  it('refuses an output that is an input, by another spelling, a link or a hard link', () => {
    const d = folder();
    const input = join(d, 'in.csv');
    writeFileSync(input, 'x');
    symlinkSync(input, join(d, 'sym.csv'));
    linkSync(input, join(d, 'hard.csv'));
    for (const out of [input, join(d, '.', 'in.csv'), join(d, 'sym.csv'), join(d, 'hard.csv')])
      expect(refusal(() => checkOutputsApart([{ file: out, option: '--rejected' }], [{ file: input }]))).toBe(
        `Writing ${out} (--rejected) would replace ${input}, a file this command reads; nothing was written`,
      );
  });

  it('refuses an output whose staged .partial is an input (beside the file a link names)', () => {
    const d = folder();
    const target = join(d, 'target.csv');
    writeFileSync(target, 'x');
    writeFileSync(`${target}.partial`, 'an input');
    symlinkSync(target, join(d, 'sym.csv'));
    const inputs = [{ file: `${target}.partial`, option: '--context' }];
    expect(refusal(() => checkOutputsApart([{ file: join(d, 'sym.csv') }], inputs))).toBe(
      `Writing ${join(d, 'sym.csv')} would replace ${target}.partial (--context), a file this command reads; nothing was written`,
    );
  });

  it('refuses two outputs on one path, also where neither is there yet, through a linked folder', () => {
    const d = folder();
    mkdirSync(join(d, 'real'));
    symlinkSync(join(d, 'real'), join(d, 'linked'));
    const outputs = [
      { file: join(d, 'real', 'new', 'summary.json'), option: '--out-dir' },
      { file: join(d, 'linked', 'new', 'summary.json'), option: '--rejected' },
    ];
    expect(refusal(() => checkOutputsApart(outputs, []))).toBe(
      `Writing ${outputs[1]?.file} (--rejected) would replace ${outputs[0]?.file} (--out-dir), another output of this command; nothing was written`,
    );
    // one output staged under the other's name
    expect(
      refusal(() => checkOutputsApart([{ file: join(d, 'a') }, { file: join(d, 'a.partial') }], [])),
    ).toBe(
      `Writing ${join(d, 'a.partial')} would replace ${join(d, 'a')}, another output of this command; nothing was written`,
    );
  });

  it('leaves standard input, devices and distinct files alone', () => {
    const d = folder();
    writeFileSync(join(d, 'in.csv'), 'x');
    const inputs = [{ file: '-' }, { file: '/dev/null' }, { file: join(d, 'in.csv') }];
    const outputs = [
      { file: '/dev/null' },
      { file: '-' },
      { file: join(d, 'out.csv') },
      { file: join(d, 'in.csv2') },
    ];
    expect(refusal(() => checkOutputsApart(outputs, inputs))).toBeUndefined();
    // an input that is not there (refused when it is read) is told apart by its path
    expect(
      refusal(() => checkOutputsApart([{ file: join(d, 'out.csv') }], [{ file: join(d, 'gone') }])),
    ).toBe(undefined);
    expect(refusal(() => checkOutputsApart([{ file: join(d, 'gone') }], [{ file: join(d, 'gone') }]))).toBe(
      `Writing ${join(d, 'gone')} would replace ${join(d, 'gone')}, a file this command reads; nothing was written`,
    );
  });
});
