// Size of the main browser bundle: the public entry (src/index.ts) bundled by esbuild for the browser, minified,
// everything it imports included. Prints the total, the ten heaviest packages and source folders (the bundled
// coefficient tables and profiles each as one group), and the size of an application that imports `account` only.
// Goal: ≤ 400 KB (esbuild's default ASCII output). Run: npm run bench:size
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = process.env.ENTRY ?? 'src/index.ts';
const options = {
  bundle: true,
  minify: true,
  platform: 'browser',
  format: 'esm',
  write: false,
  metafile: true,
  logLevel: 'silent',
};
const output = (r) => Object.values(r.metafile.outputs)[0];
const out = output(await build({ ...options, entryPoints: [`${root}${entry}`] }));
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const groups = new Map();
for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  const top = file.split('/')[0];
  const key =
    pkg ??
    (top === 'coefficients' || top === 'profiles' ? `${top}/ (data)` : file.split('/').slice(0, 2).join('/'));
  groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
}
console.log(`${entry} minified for the browser: ${kb(out.bytes)} (goal ≤ 400 KB)`);
// esbuild's default output escapes every non-ASCII character (a Chinese character is a six-byte \uXXXX); Vite ≥ 4
// (esbuild with charset utf8), Rollup with Terser and webpack with Terser write it as UTF-8 (three bytes).
const utf8 = output(await build({ ...options, charset: 'utf8', entryPoints: [`${root}${entry}`] }));
console.log(`  the same written as UTF-8 (charset utf8): ${kb(utf8.bytes)}`);
for (const [key, bytes] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 10))
  console.log(`  ${key.padEnd(28)} ${kb(bytes)}`);
if (process.env.ENTRY === undefined) {
  const only = output(
    await build({
      ...options,
      stdin: { contents: "export { account } from './src/account/account';", resolveDir: root, loader: 'ts' },
    }),
  );
  console.log(`an application importing only account(): ${kb(only.bytes)}`);
}
