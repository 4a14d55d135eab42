// Load test of `gepkit serve` (the built CLI) on loopback with autocannon:
//   1. POST /v1/account on the bundled example (examples/jiangxi-county/input.json): requests/s and latency
//      percentiles over DURATION seconds with CONNECTIONS connections;
//   2. POST /v1/vep/value: N generated parcels (default 100,000) streamed in as CSV, results streamed out as JSON
//      Lines and counted as they arrive; parcels/s and the server's resident memory (VmRSS sampled while the
//      stream runs, and the peak VmHWM, from /proc: Linux).
// Run: npm run build && node bench/serve.bench.mjs
//   N=...  DURATION=10  CONNECTIONS=4  CHECK_DUPLICATES=true|false (ids kept to refuse repeats: the state that
//   grows with N; default true)  INDEX=auto|memory|disk (where the server keeps those ids: docs/vep.md, Scale;
//   default auto)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';

const N = Number(process.env.N ?? 100_000);
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 4);
const CHECK = process.env.CHECK_DUPLICATES ?? 'true';
const INDEX = process.env.INDEX ?? 'auto';
const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');

// The server: the built CLI, any free port, a rate limit that does not throttle the bench.
const child = spawn(
  process.execPath,
  [join(root, 'dist/cli/gepkit.js'), 'serve', '--port', '0', '--rate', '100000000'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
});
const status = (field) => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${child.pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
};
const mb = (b) => (b / 1024 / 1024).toFixed(1);
/** The server's user + system CPU seconds so far (/proc/PID/stat fields 14 and 15, at 100 ticks per second). */
const serverCpu = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

try {
  // 1. /v1/account on the example.
  const body = readFileSync(join(root, 'examples/jiangxi-county/input.json'), 'utf8');
  const first = await fetch(`${url}/v1/account`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (first.status !== 200) throw new Error(`/v1/account answered ${first.status}: ${await first.text()}`);
  const gep = JSON.parse(await first.text()).totals.gep;
  const cpu0 = serverCpu();
  const r = await autocannon({
    url: `${url}/v1/account`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: DURATION,
  });
  const cpu = serverCpu() - cpu0;
  const non2xx = r.non2xx + r.errors + r.timeouts;
  console.log(
    `/v1/account (example, GEP ${JSON.stringify(gep.current ?? gep)}): ${r.requests.average.toFixed(1)} requests/s, ` +
      `latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms ` +
      `(${CONNECTIONS} connections, ${DURATION} s, ${r.requests.total} requests, ${non2xx} not 2xx/errors)`,
  );
  console.log(
    `server CPU ${cpu.toFixed(2)} s: ${(r.requests.total / cpu).toFixed(1)} requests per server CPU-second`,
  );
  console.log(`server RSS after /v1/account: ${mb(status('VmRSS'))} MB`);

  // 2. /v1/vep/value, N parcels streamed both ways.
  const context = readFileSync(join(root, 'examples/vep/context.json'), 'utf8');
  const ctx = await fetch(`${url}/v1/vep/contexts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: context,
  });
  const { id } = await ctx.json();
  const TYPES = ['forest.broadleaf', 'forest.coniferous', 'shrub', 'cropland.paddy'];
  const UNITS = ['mu', 'hm2', 'm2'];
  const area = (i) => {
    const x = ((i * 7919) % 100000) / 100;
    return UNITS[i % 3] === 'm2' ? (x * 100).toFixed(0) : x.toFixed(2);
  };
  let made = 0;
  const encoder = new TextEncoder();
  const parcels = new ReadableStream({
    start(c) {
      c.enqueue(
        encoder.encode(`id,package,key,unit,${TYPES.map((t) => `area:${t}`).join(',')},right,certificate\n`),
      );
    },
    pull(c) {
      let buf = '';
      while (buf.length < 1 << 16 && made < N) {
        const i = made++;
        const cells = TYPES.map((_, k) => (k < 1 + (i % 3) ? area(i) : ''));
        buf += `P${i},PKG-${i % 50},${i % 2 === 0 ? 'hills' : 'valley'},${UNITS[i % 3]},${cells.join(',')},forest,赣(2024)示例县不动产权第${i}号\n`;
      }
      if (buf !== '') c.enqueue(encoder.encode(buf));
      if (made >= N) c.close();
    },
  });
  const rss = [];
  const t0 = process.hrtime.bigint();
  const res = await fetch(
    `${url}/v1/vep/value?context=${encodeURIComponent(id)}&checkDuplicates=${CHECK}&index=${INDEX}`,
    {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: parcels,
      duplex: 'half',
    },
  );
  let lines = 0;
  let rest = '';
  let bytes = 0;
  let last = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    bytes += chunk.byteLength;
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop();
    for (const part of parts) {
      lines += 1;
      last = part;
      if (lines % 25_000 === 0) rss.push(`${lines}: ${mb(status('VmRSS'))}`);
    }
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const summary = JSON.parse(rest.trim() === '' ? last : rest).summary;
  if (summary === undefined) throw new Error('the stream ended without its summary line');
  console.log(
    `/v1/vep/value (checkDuplicates=${CHECK}, index=${INDEX}): ${summary.lines} parcels (${summary.valued} valued, ${summary.refused} refused) in ${s.toFixed(1)} s = ` +
      `${Math.round(summary.lines / s)} parcels/s; ${mb(bytes)} MB of JSON Lines out; ` +
      `server RSS (MB) at lines ${rss.join(', ')}; peak (VmHWM) ${mb(status('VmHWM'))} MB`,
  );
} finally {
  child.kill('SIGTERM');
}
