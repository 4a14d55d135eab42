import { VERSION } from '../version';
import { HELP } from './help';
import type { Io } from './shared';

/**
 * The command line as the installed binary runs it: `--version` and `--help` print without loading the library;
 * each subcommand's module is imported only when that subcommand runs (carbon, raster, vep, compare, worker and serve have their own;
 * account, validate, profiles, coefficients and schema share main.ts, which runs an account with --uncertainty through
 * report's).
 */
export async function start(argv: string[], io: Io): Promise<number> {
  const [first] = argv;
  if (argv.length === 1 && (first === '--version' || first === '-v')) {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (argv.length === 0 || (argv.length === 1 && (first === '--help' || first === '-h'))) {
    io.out(`${HELP}\n`);
    return 0;
  }
  try {
    return await dispatch(argv, io);
  } catch (e) {
    // A command whose module needs an optional package not installed fails as it is imported (loaded only then:
    // the error catalogue is library code).
    const { missingOptional } = await import('../core/optional-node');
    if (missingOptional(e) === undefined) throw e;
    return (await import('./shared')).reportError(e, io);
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [first] = argv;
  const rest = argv.slice(1);
  if (first === 'carbon') return (await import('./carbon')).carbonCommand(rest, io);
  if (first === 'raster') return (await import('./raster')).rasterCommand(rest, io);
  if (first === 'vep') return (await import('./vep')).vepCommand(rest, io);
  if (first === 'compare') return (await import('./compare')).compareCommand(rest, io);
  if (first === 'worker') return (await import('./worker')).workerCommand(rest, io);
  if (first === 'serve') return (await import('./serve')).serveCommand(rest, io);
  if (first === 'report') return (await import('./report')).reportCommand(argv, io);
  return (await import('./main')).run(argv, io);
}
