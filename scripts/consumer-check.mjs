// The package as a consumer sees it: `npm pack` the built package (run `npm run build` first), install the tarball
// into a scratch ESM TypeScript project and a scratch CommonJS TypeScript project (module NodeNext, strict,
// skipLibCheck false), type check test/consumer/consumer.ts in each with `tsc --noEmit`, and load every subpath
// at run time with `import` (ESM) and `require` (CommonJS), and run the installed command on the installed example
// (node_modules/gepkit/examples/…). Exit code 1 on any failure.
// Run: npm run check:consumer   (KEEP=1 keeps the scratch folder and prints its path)
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
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
} finally {
  if (process.env.KEEP === '1') console.log(`consumer: scratch kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
step(failed ? 'FAILED' : 'ok');
process.exitCode = failed ? 1 : 0;
