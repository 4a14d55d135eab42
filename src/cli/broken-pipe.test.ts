import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BROKEN_PIPE_EXIT, stopOnBrokenPipe } from './shared';

describe('stopOnBrokenPipe: a reader that stops reading stops the command', () => {
  it('EPIPE exits with 141 (128 + SIGPIPE 13); another error of the stream is thrown', () => {
    const stream = new EventEmitter();
    const codes: number[] = [];
    stopOnBrokenPipe(stream, (c) => codes.push(c));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([141]);
    expect(BROKEN_PIPE_EXIT).toBe(128 + 13);
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow(
      'write EIO',
    );
    expect(codes).toEqual([141]);
  });

  it('the command line (bin.ts, bundled): `vep value … | head -c 100` ends with 141 and no stack trace', async () => {
    const root = resolve(__dirname, '..', '..');
    const work = mkdtempSync(join(tmpdir(), 'gepkit-pipe-'));
    const cli = join(work, 'gepkit.cjs');
    await build({
      entryPoints: [join(root, 'src', 'cli', 'bin.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: cli,
      logLevel: 'error',
    });
    const rows = ['id,package,key,unit,area:forest.broadleaf,right,certificate'];
    for (let i = 0; i < 20_000; i++) rows.push(`P${i},PKG-1,hills,mu,${(i % 97) + 1}.5,forest,C-${i}`);
    writeFileSync(join(work, 'parcels.csv'), `${rows.join('\n')}\n`);
    const child = spawn(
      process.execPath,
      [
        cli,
        'vep',
        'value',
        join(work, 'parcels.csv'),
        '--context',
        join(root, 'examples', 'vep', 'context.json'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    // Read the first bytes, then close the pipe, as `head -c 100` does.
    let first = '';
    child.stdout.once('data', (b: Buffer) => {
      first = b.toString().slice(0, 100);
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(first).toMatch(/^\{"line":2,"ok":true,"id":"P0"/);
    expect(code).toBe(141);
    // Only the context's warnings (VEP_METHOD_NOT_PARCEL) reach stderr: no error, no stack.
    expect(err).not.toMatch(/EPIPE|Error:|node:/);
    expect(err).toMatch(/^warning VEP_METHOD_NOT_PARCEL/);
  }, 60_000);
});
