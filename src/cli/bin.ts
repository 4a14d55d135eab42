import { exitWith, processIo, stopOnBrokenPipe } from './shared';
import { start } from './start';

stopOnBrokenPipe(process.stdout, (code) => process.exit(code));
exitWith(start(process.argv.slice(2), processIo));
