// The package as a consumer sees it: `npm pack` the built package (run `npm run build` first), install the tarball
// into a scratch ESM TypeScript project and a scratch CommonJS TypeScript project (module NodeNext, strict,
// skipLibCheck false), type check test/consumer/consumer.ts in each with `tsc --noEmit`, and load every subpath
// at run time with `import` (ESM) and `require` (CommonJS), and run the installed command on the installed example
// (node_modules/gepkit/examples/…). Then a lean install (`--omit=optional`, as a browser or library user installs):
// no optional dependency is installed, every subpath loads (gepkit/xlsx loads exceljs on first use: its functions
// refuse without it), the account, carbon and VEP commands run on the installed examples, and a command or function
// that needs a missing package says which (DEPENDENCY_MISSING).
// Exit code 1 on any failure.
// Run: npm run check:consumer   (KEEP=1 keeps the scratch folder and prints its path)
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const scratch = mkdtempSync(join(tmpdir(), 'gepkit-consumer-'));
const t0 = Date.now();

const sh = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const step = (what) => console.log(`consumer: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

let failed = false;
try {
  const [packed] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', scratch], root));
  const tarball = join(scratch, packed.filename);
  const maps = packed.files.filter((f) => f.path.endsWith('.map'));
  step(
    `packed ${packed.filename}: ${(packed.size / 1024).toFixed(0)} KB (${(packed.unpackedSize / 1024).toFixed(0)} KB unpacked), ${packed.files.length} files`,
  );
  if (maps.length > 0) throw new Error(`the package holds ${maps.length} source maps (${maps[0].path}, …)`);

  for (const type of ['module', 'commonjs']) {
    const dir = join(scratch, type);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `consumer-${type}`, private: true, type }),
    );
    // Installed once (dependencies from the npm cache where present); the second project shares node_modules.
    if (type === 'module') {
      sh('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
      step('installed the tarball');
      // The examples ship in the package: the installed command accounts the installed example.
      const example = join('node_modules', pkg.name, 'examples', 'jiangxi-county', 'input.json');
      const bin = join('node_modules', pkg.name, pkg.bin.gepkit);
      const md = sh(process.execPath, [bin, 'account', example, '--format', 'md'], dir);
      if (!md.startsWith('# GEP account'))
        throw new Error(`gepkit account ${example} printed ${md.slice(0, 80)}`);
      step(`gepkit account ${example} passed`);
    } else symlinkSync(join(scratch, 'module', 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    copyFileSync(join(root, 'test', 'consumer', 'consumer.ts'), join(dir, 'consumer.ts'));
    try {
      sh(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
      step(`${type}: tsc --noEmit passed`);
    } catch (e) {
      failed = true;
      console.error(`consumer: ${type}: tsc --noEmit failed\n${e.stdout}${e.stderr}`);
    }
    const load =
      type === 'module'
        ? `await Promise.all(${JSON.stringify(subpaths)}.map((s) => import(s)))`
        : `${JSON.stringify(subpaths)}.forEach((s) => require(s))`;
    try {
      sh(process.execPath, [...(type === 'module' ? ['--input-type=module'] : []), '-e', load], dir);
      step(`${type}: ${type === 'module' ? 'import' : 'require'} of ${subpaths.join(', ')} passed`);
    } catch (e) {
      failed = true;
      console.error(`consumer: ${type}: loading the subpaths failed\n${e.stderr}`);
    }
  }
  // One process that loads both builds (a CommonJS dependency beside ES modules): a GepError of either is an
  // instanceof the other's GepError.
  const dual = `
    const cjs = require('${pkg.name}');
    import('${pkg.name}').then((esm) => {
      const thrown = (f) => { try { f({}); } catch (e) { return e; } };
      const a = thrown(esm.account), b = thrown(cjs.account);
      if (esm.GepError === cjs.GepError) throw new Error('one GepError class: the check proves nothing');
      if (!(a instanceof cjs.GepError) || !(b instanceof esm.GepError) || !(a instanceof esm.GepError))
        throw new Error('a GepError of one build is no instanceof GepError of the other build');
    });`;
  try {
    sh(process.execPath, ['-e', dual], join(scratch, 'commonjs'));
    step('ESM and CommonJS builds in one process: instanceof GepError holds across them');
  } catch (e) {
    failed = true;
    console.error(`consumer: GepError across the ESM and CommonJS builds failed\n${e.stderr}`);
  }
  try {
    leanInstall(tarball);
  } catch (e) {
    failed = true;
    console.error(`consumer: lean install (--omit=optional) failed\n${e.message}${e.stderr ?? ''}`);
  }
} finally {
  if (process.env.KEEP === '1') console.log(`consumer: scratch kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
step(failed ? 'FAILED' : 'ok');
process.exitCode = failed ? 1 : 0;

/**
 * `npm install <tarball> --omit=optional` into a project of its own, then what a user of that install does. Every
 * subpath loads; those whose functions need an optional package are named in NEEDS with a function to call (the
 * check holds each call to DEPENDENCY_MISSING naming the package).
 */
function leanInstall(tarball) {
  const NEEDS = {
    [`${pkg.name}/xlsx`]: ['exceljs', 'inputTemplate'],
    [`${pkg.name}/report/docx`]: ['docx', 'reportDocx'],
  };
  const dir = join(scratch, 'lean');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer-lean', private: true, type: 'module' }),
  );
  sh(
    'npm',
    [
      'install',
      tarball,
      '--omit=optional',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
    ],
    dir,
  );
  const optional = Object.keys(pkg.optionalDependencies);
  const present = optional.filter((name) => {
    try {
      readFileSync(join(dir, 'node_modules', name, 'package.json'));
      return true;
    } catch {
      return false;
    }
  });
  if (present.length > 0) throw new Error(`--omit=optional installed ${present.join(', ')}`);
  const size = sh('du', ['-sk', 'node_modules'], dir).split('\t')[0];
  step(
    `lean: installed without ${optional.length} optional packages, node_modules ${(Number(size) / 1024).toFixed(1)} MB`,
  );

  const lean = subpaths;
  sh(
    process.execPath,
    ['--input-type=module', '-e', `await Promise.all(${JSON.stringify(lean)}.map((s) => import(s)))`],
    dir,
  );
  sh(process.execPath, ['-e', `${JSON.stringify(lean)}.forEach((s) => require(s))`], dir);
  for (const [subpath, [name, fn]] of Object.entries(NEEDS)) {
    const refused = `(e) => process.exit(e?.code === 'DEPENDENCY_MISSING' && JSON.stringify(e.issues).includes('${name}') ? 0 : 4)`;
    const fails = `import('${subpath}').then((m) => m.${fn}()).then(() => process.exit(3), ${refused})`;
    sh(process.execPath, ['--input-type=module', '-e', fails], dir);
  }
  step(
    `lean: import and require of ${lean.length} subpaths passed; ${Object.entries(NEEDS)
      .map(([s, [name, fn]]) => `${s} ${fn}() refused without ${name}`)
      .join(', ')}`,
  );

  // The examples hold bad lines on purpose: `carbon` and `vep value` report them and exit 1 after the good ones.
  const gepkit = (...args) =>
    spawnSync(process.execPath, [join('node_modules', pkg.name, pkg.bin.gepkit), ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
  const ex = (...p) => join('node_modules', pkg.name, 'examples', ...p);
  const md = gepkit('account', ex('jiangxi-county', 'input.json'), '--format', 'md');
  if (md.status !== 0 || !md.stdout.startsWith('# GEP account'))
    throw new Error(`lean: gepkit account: exit ${md.status}, ${md.stderr.slice(0, 400)}`);
  const rules = ex('carbon', 'rules.json');
  const activities = ex('carbon', 'activities.jsonl');
  const carbon = gepkit('carbon', activities, '--rules', rules, '--out-dir', 'carbon-out');
  const credited = spawnSync('wc', ['-l', join(dir, 'carbon-out', 'results.jsonl')], {
    encoding: 'utf8',
  }).stdout;
  if (carbon.stderr.includes('DEPENDENCY_MISSING') || !(Number.parseInt(credited, 10) > 0))
    throw new Error(`lean: gepkit carbon: exit ${carbon.status}, ${carbon.stderr.slice(0, 400)}`);
  const parcels = gepkit('vep', 'value', ex('vep', 'parcels.csv'), '--context', ex('vep', 'context.json'));
  if (parcels.stderr.includes('DEPENDENCY_MISSING') || !parcels.stdout.includes('"ok":true'))
    throw new Error(`lean: gepkit vep value: exit ${parcels.status}, ${parcels.stderr.slice(0, 400)}`);
  step('lean: gepkit account, carbon and vep value ran on the installed examples');

  // Each command that needs an optional package refuses with its name and version, exit code 1.
  const refusals = [
    [
      ['carbon', activities, '--rules', rules, '--ledger', 'ledger', '--out-dir', 'ledger-out'],
      'better-sqlite3',
    ],
    [['template', '--out', 'input.xlsx'], 'exceljs'],
    [['serve', '--port', '0'], '@hono/zod-openapi'],
  ];
  for (const [args, name] of refusals) {
    const r = gepkit(...args);
    const wanted = `npm install ${name}@${pkg.optionalDependencies[name]}`;
    if (args.includes('--ledger') && (existsSync(join(dir, 'ledger')) || existsSync(join(dir, 'ledger-out'))))
      throw new Error('lean: gepkit carbon --ledger made the ledger or out-dir directory before it refused');
    if (r.status !== 1 || !r.stderr.includes('DEPENDENCY_MISSING') || !r.stderr.includes(wanted))
      throw new Error(
        `lean: gepkit ${args.join(' ')} without ${name}: exit ${r.status}, ${r.stderr.slice(0, 600)}`,
      );
  }
  step(
    `lean: ${refusals.map(([a, n]) => `gepkit ${a[0]}${a.includes('--ledger') ? ' --ledger' : ''} → DEPENDENCY_MISSING ${n}`).join('; ')}`,
  );
}
