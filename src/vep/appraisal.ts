import * as z from 'zod';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, type Path } from '../core/errors';
import type { Money } from '../core/money';
import { decimal, money, nonNegativeDecimal, price, unitOf } from '../core/schema';
import { CO2_PER_C, type Quantity, type UnitsOf, convertValue } from '../core/units';
import { vepIssue } from './errors';
import { floorFen, yuanOfFen } from './fen';
import { decimalOfRatio, mul, ratio, ratioOf, reduce, roundFenOf } from './ratio';
import { vepZodIssues } from './issues';

/**
 * Conventional appraisal beside ecological value (docs/vep.md, Appraisal): income capitalisation, carbon-asset
 * value, collateral, and the realisation rate. Inputs are validated JSON (money with unit and price year);
 * results are in 元, exact to the fen, with every digit of the unrounded figure alongside.
 */

export function parse<T extends z.ZodType>(schema: T, json: unknown, path: Path): z.output<T> {
  const r = schema.safeParse(json, { reportInput: true });
  if (!r.success) throw new GepError(vepZodIssues(r.error.issues, path, 'VEP_APPRAISAL_INVALID'));
  return r.data;
}

const yuan = (m: Money) => convertValue(m.amount, m.unit, 'yuan');

/**
 * A decimal in a range: `lo`/`hi` bounds, open (`(`, `)`) or closed (`[`, `]`); out of range it is
 * VEP_APPRAISAL_INVALID naming `what` and the range.
 */
export function ranged(what: string, lo: string, hi: string, open: '()' | '[)' | '(]' | '[]') {
  const range = `${open[0]}${lo}, ${hi}${open[1]}`;
  return decimal.check(
    z.superRefine((d, ctx) => {
      const ok = (open[0] === '(' ? d.gt(lo) : d.gte(lo)) && (open[1] === ')' ? d.lt(hi) : d.lte(hi));
      if (!ok)
        ctx.addIssue({
          code: 'custom',
          message: `${what} ${d.toFixed()} is outside ${range}`,
          params: { gepkit: 'VEP_APPRAISAL_INVALID', detail: `${what} ${d.toFixed()} is outside ${range}` },
        });
    }),
  );
}

/** A discount or capitalisation rate: 0 < r < 1 (−0.9 would multiply a flow by 10 each year). */
export const rate = ranged('discount rate', '0', '1', '()');

/** Above this capitalisation rate a VEP_RATE_HIGH warning is given (gepkit's level, not a standard's). */
export const RATE_WARNING_LEVEL = '0.12';

/** VEP_RATE_HIGH at `path` for a capitalisation rate above RATE_WARNING_LEVEL; none otherwise. */
export function rateWarnings(r: Decimal, path: Path): Issue[] {
  return r.gt(RATE_WARNING_LEVEL)
    ? [vepIssue('VEP_RATE_HIGH', path, { rate: r.toFixed(), level: RATE_WARNING_LEVEL })]
    : [];
}

const flow = z.object({ revenue: money('revenue'), cost: money('cost') }).strict();
export const incomeSchema = z
  .object({
    rate: rate.check(
      z.meta({ description: 'Discount (capitalisation) rate r per year, a fraction (0.05 = 5 %).' }),
    ),
    flows: z.array(flow).min(1).optional().meta({ description: 'R_t and C_t for t = 1, 2, …' }),
    annual: z
      .object({ revenue: money('revenue'), cost: money('cost'), term: z.number().int().min(1).max(200) })
      .strict()
      .optional()
      .meta({ description: 'The same R and C every year for `term` years.' }),
  })
  .strict()
  .refine((o) => (o.flows === undefined) !== (o.annual === undefined), {
    message: 'give either flows or annual, not both or neither',
  });

/**
 * Income capitalisation V = Σ_{t=1..n} (R_t − C_t) / (1 + r)^t, 0 < r < 1, summed as an exact fraction and rounded
 * to the fen once (half to even); `exact` is V to 40 significant digits. All amounts must share one price year
 * (constant prices with a real rate, or nominal amounts with a nominal rate: the caller's choice, recorded by the
 * price year). A rate above RATE_WARNING_LEVEL is computed and warned (`warnings`: VEP_RATE_HIGH at `rate`).
 */
export function incomeCapitalisation(json: unknown) {
  const i = parse(incomeSchema, json, ['income']);
  const flows =
    i.flows ??
    Array.from({ length: i.annual?.term ?? 0 }, () => ({ revenue: i.annual!.revenue, cost: i.annual!.cost }));
  const year = flows[0]?.revenue.priceYear as number;
  flows.forEach((f, t) => {
    for (const [what, m] of [
      ['revenue', f.revenue],
      ['cost', f.cost],
    ] as const)
      if (m.priceYear !== year)
        throw new GepError(
          vepIssue(
            'VEP_PRICE_YEAR_MISMATCH',
            ['income', i.flows ? 'flows' : 'annual', ...(i.flows ? [t] : []), what],
            {
              what: `${what} of year ${t + 1}`,
              a: m.priceYear,
              b: year,
            },
          ),
        );
  });
  // Summed exactly, then rounded to the fen once: terms each rounded to 40 digits could put a half-fen tie on the
  // wrong side. With 1 + r = a/b and net_t = m_t / 10^s (one scale s for all), the year-t term is
  // m_t b^t / (10^s a^t), and V = Σ m_t b^t a^(n−t) / (10^s a^n): one denominator, no fraction of fractions.
  const { n: a, d: b } = reduce(ratioOf(new Decimal(1).plus(i.rate)));
  const nets = flows.map((f) => ratioOf(yuan(f.revenue).minus(yuan(f.cost))));
  const scale = nets.reduce((m, q) => (q.d > m ? q.d : m), 1n);
  const n = nets.length;
  let sum = 0n;
  let bt = 1n;
  let at = 1n;
  const terms = nets.map((net, t) => {
    bt *= b;
    at *= a;
    sum += net.n * (scale / net.d) * bt * a ** BigInt(n - t - 1);
    return {
      t: t + 1,
      net: decimalOfRatio(net).toFixed(),
      discount: decimalOfRatio({ n: at, d: bt }).toFixed(),
      presentValue: decimalOfRatio({ n: net.n * bt, d: net.d * at }).toFixed(),
    };
  });
  const value = { n: sum, d: scale * at };
  return {
    method: 'income-capitalisation',
    value: yuanOfFen(roundFenOf(value)),
    exact: decimalOfRatio(value).toFixed(),
    priceYear: year,
    terms,
    warnings: rateWarnings(i.rate, ['income', 'rate']),
  };
}

export const carbonAssetSchema = z
  .object({
    // one object of either mass (not a union of two): a negative value is then NEGATIVE_VALUE at its value, not
    // "matches none of the accepted forms"
    creditedSink: z.pipe(
      z.strictObject({ value: nonNegativeDecimal('credited sink'), unit: unitOf(['mass_CO2', 'mass_C']) }),
      z.transform((o) => o as Quantity as Quantity<UnitsOf<'mass_CO2'> | UnitsOf<'mass_C'>>),
    ),
    price: price(['mass_CO2', 'mass_C'], 'carbon price'),
  })
  .strict();

/**
 * Carbon-asset value = expected credited sink × reference carbon price. t C and t CO₂ meet only through 44/12,
 * applied as an exact ratio (multiply, then one division).
 */
export function carbonAssetValue(json: unknown) {
  const c = parse(carbonAssetSchema, json, ['carbon']);
  const sink = c.creditedSink;
  const sinkDim = sink.unit.includes('CO2') ? 'CO2' : 'C';
  const priceDim = c.price.per.includes('CO2') ? 'CO2' : 'C';
  const base = sinkDim === 'CO2' ? 't_CO2' : 't_C';
  const own = ratioOf(convertValue(sink.value, sink.unit, base)); // t of the sink's own substance
  // t C ↔ t CO₂ by 44/12 kept exact to the one rounding (2.75 t C × 44/12 × 52.50 元/t CO₂ is 529.375 元, a tie).
  const q =
    sinkDim === priceDim
      ? own
      : mul(own, sinkDim === 'C' ? ratio(CO2_PER_C.num, CO2_PER_C.den) : ratio(CO2_PER_C.den, CO2_PER_C.num));
  const perUnit = convertValue(new Decimal(1), priceDim === 'CO2' ? 't_CO2' : 't_C', c.price.per);
  const value = mul(q, ratioOf(convertValue(perUnit.times(c.price.value), c.price.money, 'yuan')));
  return {
    method: 'carbon-asset',
    quantity: { value: decimalOfRatio(q).toFixed(), unit: priceDim === 'CO2' ? 't_CO2' : 't_C' },
    value: yuanOfFen(roundFenOf(value)),
    exact: decimalOfRatio(value).toFixed(),
    priceYear: c.price.priceYear,
  };
}

export const collateralSchema = z
  .object({
    appraisedValue: money('appraised value'),
    pledgeRatio: ranged('pledge ratio', '0', '1', '(]'),
  })
  .strict();

/**
 * Collateral (loan amount) = appraised value × pledge ratio, the ratio being the lender's input (none is
 * published). Rounded DOWN to the fen: a loan ceiling never exceeds value × ratio.
 */
export function collateral(json: unknown) {
  const c = parse(collateralSchema, json, ['collateral']);
  const exact = yuan(c.appraisedValue).times(c.pledgeRatio);
  return {
    method: 'collateral',
    loan: yuanOfFen(floorFen(exact)),
    exact: exact.toFixed(),
    rounding: 'down to the fen',
    priceYear: c.appraisedValue.priceYear,
  };
}

export const realisationSchema = z.object({ realised: money('realised value'), gep: money('GEP') }).strict();

/**
 * The ecological product value realisation rate (生态产品价值实现率) = realised value ÷ GEP, both at one price year
 * (no silent deflation). `gep` is e.g. `{ value: result.totals.gep.current, unit: 'yuan', priceYear: result.year }`.
 */
export function realisationRate(json: unknown) {
  const r = parse(realisationSchema, json, ['realisation']);
  if (r.realised.priceYear !== r.gep.priceYear)
    throw new GepError(
      vepIssue('VEP_PRICE_YEAR_MISMATCH', ['realisation', 'realised', 'priceYear'], {
        what: 'the realised value',
        a: r.realised.priceYear,
        b: r.gep.priceYear,
      }),
    );
  const g = yuan(r.gep);
  if (g.isZero()) throw new GepError(vepIssue('VEP_GEP_ZERO', ['realisation', 'gep', 'value']));
  const x = yuan(r.realised).div(g);
  return { rate: x.toFixed(6, Decimal.ROUND_HALF_EVEN), exact: x.toFixed(), priceYear: r.gep.priceYear };
}
