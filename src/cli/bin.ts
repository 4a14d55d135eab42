import { processIo, stopOnBrokenPipe } from './shared';
import { start } from './start';

stopOnBrokenPipe(process.stdout, (code) => process.exit(code));
start(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
