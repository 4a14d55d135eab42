import { carbonCommand } from '../../src/cli/carbon';

/** `gepkit carbon …` run in process: its exit code and what it wrote to stdout and stderr. */
export async function carbonCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await carbonCommand(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}
