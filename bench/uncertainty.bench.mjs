// Draw speed of the uncertainty plan on the example county, against the exact account.
// Run: npm run bench:uncertainty  (builds first). Goals: ≥ 50,000 draws/s on one core; one draw ≤ 1/1000 of an
// exact account. DRAWS (default 200,000) and ACCOUNTS (default 50) set the sample sizes.
import { readFileSync } from 'node:fs';
import { account } from '../dist/index.js';
import { buildPlan, runDraws } from '../dist/uncertainty/index.js';

const DRAWS = Number(process.env.DRAWS ?? 200_000);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 50);
const input = JSON.parse(
  readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
);
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

let t0 = process.hrtime.bigint();
const plan = buildPlan(input, { baseYear: 2015 }, {});
const build = seconds(t0);

for (let i = 0; i < 5; i++) account(input, { baseYear: 2015 });
t0 = process.hrtime.bigint();
for (let i = 0; i < ACCOUNTS; i++) account(input, { baseYear: 2015 });
const perAccount = seconds(t0) / ACCOUNTS;

runDraws(plan, 5_000, 1); // warm up
t0 = process.hrtime.bigint();
runDraws(plan, DRAWS, 7);
const perDraw = seconds(t0) / DRAWS;

const ok = (b) => (b ? 'met' : 'NOT met');
console.log(
  `example county: ${plan.parameters.length} parameters, ${plan.monomialIndicator.length} monomials; plan built from ${plan.accounts} exact accounts in ${build.toFixed(2)} s`,
);
console.log(`  exact account: ${(perAccount * 1000).toFixed(2)} ms (${(1 / perAccount).toFixed(0)}/s)`);
console.log(
  `  draws: ${(1 / perDraw).toFixed(0)}/s on one core (${(perDraw * 1e6).toFixed(2)} µs each); goal ≥ 50,000/s ${ok(1 / perDraw >= 50_000)}`,
);
console.log(
  `  one draw = 1/${(perAccount / perDraw).toFixed(0)} of an exact account; goal ≤ 1/1000 ${ok(perAccount / perDraw >= 1000)}`,
);
