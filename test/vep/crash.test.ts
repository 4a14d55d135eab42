import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers';

/**
 * Crash safety of `vep value --out-dir`: a run killed with SIGKILL while it writes leaves nothing that looks like
 * a finished run (no results.jsonl, no summary.json: only results.jsonl.partial); a rerun into the folder is
 * refused without --force (OUTPUT_DIR_NOT_EMPTY) and, with it, gives the same files as a run that was never
 * interrupted. The CLI runs in a child process, bundled from the sources for the test.
 */
const ROOT = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'gepkit-vep-crash-'));
const cli = join(work, 'vep-cli.cjs');
const N = 40_000;

function parcels(): string {
  const rows = ['id,package,key,unit,area:forest.broadleaf,area:shrub,right,certificate'];
  for (let i = 0; i < N; i++)
    rows.push(`P${i},PKG-${i % 7},${i % 2 === 0 ? 'hills' : 'valley'},mu,${(i % 997) + 1}.5,3,forest,C-${i}`);
  return `${rows.join('\n')}\n`;
}

function run(
  args: string[],
  killWhen?: () => boolean,
): Promise<{ code: number | null; signal: string | null; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const timer =
      killWhen === undefined
        ? undefined
        : setInterval(() => {
            if (killWhen()) {
              clearInterval(timer);
              child.kill('SIGKILL');
            }
          }, 5);
    child.on('exit', (code, signal) => {
      if (timer !== undefined) clearInterval(timer);
      done({ code, signal, err });
    });
  });
}

beforeAll(async () => {
  await build({
    stdin: {
      contents:
        "import { vepCommand } from './src/cli/vep';\n" +
        'vepCommand(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), errIsTTY: false })' +
        '.then((c) => { process.exitCode = c; });\n',
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: cli,
    logLevel: 'error',
  });
  writeFileSync(join(work, 'parcels.csv'), parcels());
}, 60_000);

describe('vep value --out-dir after SIGKILL', () => {
  it('leaves only a .partial file; a rerun needs --force and then matches an uninterrupted run', async () => {
    const ctx = join(EXAMPLES, 'context.json');
    const input = join(work, 'parcels.csv');
    const out = join(work, 'out');
    const partial = join(out, 'results.jsonl.partial');
    // Killed once results have started to reach the disk, well before the end.
    const killed = await run(['value', input, '--context', ctx, '--out-dir', out], () => {
      try {
        return statSync(partial).size > 0;
      } catch {
        return false;
      }
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(out).sort()).toEqual(['results.jsonl.partial']);
    // What reached the disk is a prefix of the results, short of the whole batch.
    const lines = readFileSync(partial, 'utf8').split('\n').length - 1;
    expect(lines).toBeLessThan(N);

    const refused = await run(['value', input, '--context', ctx, '--out-dir', out]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('OUTPUT_DIR_NOT_EMPTY');
    expect(existsSync(partial)).toBe(true);

    const rerun = await run(['value', input, '--context', ctx, '--out-dir', out, '--force']);
    expect(rerun.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['results.jsonl', 'summary.json']);
    const clean = join(work, 'clean');
    expect((await run(['value', input, '--context', ctx, '--out-dir', clean])).code).toBe(0);
    for (const f of ['results.jsonl', 'summary.json'])
      expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(clean, f), 'utf8'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { valued: number };
    expect(summary.valued).toBe(N);
  }, 300_000);
});
