import * as z from 'zod/mini';
import { SECTORS } from '../input/input';
import type { AccountInput } from '../input/input';
import { GepError, issue } from '../core/errors';
import { type Money, subtractMoney } from '../core/money';
import { convertValue } from '../core/units';
import type { Factor, Line, MethodContext, MethodSpec, Valuation } from './spec';

/**
 * M1–M4 material products (物质产品) by the market value method (市场价值法): V = Σ E_i × P_i over products,
 * or the sector output taken from the yearbook on the basis the profile chooses: gross output (总产值), value
 * added (增加值 = gross − intermediate consumption), net output (净产值 = value added − depreciation), or gross
 * output × the ecosystem's contribution share.
 */

const switches = z.strictObject({
  sector: z.enum(SECTORS),
  basis: z._default(z.enum(['gross', 'value-added', 'net', 'gross-share']), 'gross'),
});
type Switches = z.output<typeof switches>;

type SectorRecord = AccountInput['materialProducts'][number];

export const materialProducts: MethodSpec<Switches> = {
  id: 'material-products/market-value',
  version: 1,
  title: { zh: '物质产品（市场价值法）', en: 'Material products (market value)' },
  category: 'material',
  physicalUnit: null,
  subItems: [],
  coefficientKeys: [],
  inputs: [
    'materialProducts[].products',
    'materialProducts[].grossOutput',
    'materialProducts[].valueAdded',
    'materialProducts[].netOutput',
  ],
  switches,
  hasInput: (input, s) => input.materialProducts.some((r) => r.sector === s.sector),
  compute(ctx) {
    const lines: Line[] = [];
    ctx.input.materialProducts.forEach((rec, i) => {
      if (rec.sector !== ctx.switches.sector) return;
      const path = ['materialProducts', i];
      lines.push(...sectorLines(ctx, rec, path));
    });
    return lines;
  },
};

function sectorLines(ctx: MethodContext<Switches>, rec: SectorRecord, path: (string | number)[]): Line[] {
  const basis = ctx.switches.basis;
  const zone = rec.zone ?? null;
  const share: Factor | undefined =
    basis === 'gross-share'
      ? {
          value: requireShare(ctx, rec, path),
          label: 'ecological share',
          origin: { kind: 'input', path: [...path, 'ecologicalShare'] },
        }
      : undefined;

  if (
    (basis === 'gross' || basis === 'gross-share') &&
    rec.products !== undefined &&
    rec.products.length > 0
  ) {
    if (rec.grossOutput !== undefined) {
      ctx.warn(
        issue('INPUT_IGNORED', [...path, 'grossOutput'], {
          field: 'grossOutput',
          reason: 'products are given and valued instead',
        }),
      );
    }
    warnUnused(ctx, rec, path, ['products', 'grossOutput', ...(share ? ['ecologicalShare'] : [])]);
    return rec.products.map((p, j) => {
      const ppath = [...path, 'products', j];
      // The quantity must be convertible to the price's unit (t and 万t, head and 万head); the engine
      // converts when it prices the line. Checked here so the error points at the product.
      convertValue(p.quantity.value, p.quantity.unit, p.price.per, [...ppath, 'quantity']);
      const v: Valuation = {
        kind: 'unit-price',
        label: 'market price',
        price: p.price,
        origin: { kind: 'input', path: [...ppath, 'price'] },
      };
      return {
        subItem: p.name,
        ecosystem: null,
        zone,
        physical: p.quantity,
        valuations: [share ? { ...v, factor: share } : v],
        path: ppath,
      };
    });
  }

  const amount = basisAmount(ctx, rec, path);
  warnUnused(ctx, rec, path, [...amount.used, ...(share ? ['ecologicalShare'] : [])]);
  const v: Valuation = {
    kind: 'amount',
    label: amount.label,
    money: amount.money,
    origin: { kind: 'input', path: amount.path },
  };
  return [
    {
      subItem: null,
      ecosystem: null,
      zone,
      physical: null,
      valuations: [share ? { ...v, factor: share } : v],
      ...(amount.terms ? { terms: amount.terms } : {}),
      path,
    },
  ];
}

function requireShare(ctx: MethodContext<Switches>, rec: SectorRecord, path: (string | number)[]) {
  if (rec.ecologicalShare === undefined) missing(ctx, [...path, 'ecologicalShare'], 'ecologicalShare');
  return rec.ecologicalShare;
}

function missing(ctx: MethodContext<Switches>, path: (string | number)[], field: string): never {
  throw new GepError(issue('INDICATOR_INPUT_MISSING', path, { indicator: ctx.indicator.code, field }));
}

type Amount = {
  money: Money;
  label: string;
  path: (string | number)[];
  terms?: Record<string, string>;
  used: Field[];
};
type Field = 'grossOutput' | 'intermediateConsumption' | 'valueAdded' | 'depreciation' | 'netOutput';
const FIELDS: Field[] = ['grossOutput', 'intermediateConsumption', 'valueAdded', 'depreciation', 'netOutput'];
const show = (m: Money) => `${m.amount.toFixed()} ${m.unit}`;

/** The sector amount on the chosen basis, derived from its parts where the yearbook gives only those. */
function basisAmount(ctx: MethodContext<Switches>, rec: SectorRecord, path: (string | number)[]): Amount {
  const basis = ctx.switches.basis;
  if (basis === 'gross' || basis === 'gross-share') {
    if (rec.grossOutput === undefined) missing(ctx, [...path, 'grossOutput'], 'grossOutput or products');
    return {
      money: rec.grossOutput,
      label: 'gross output',
      path: [...path, 'grossOutput'],
      used: ['grossOutput'],
    };
  }
  if (basis === 'net' && rec.netOutput !== undefined) {
    return { money: rec.netOutput, label: 'net output', path: [...path, 'netOutput'], used: ['netOutput'] };
  }
  const va = valueAdded(ctx, rec, path);
  if (basis === 'value-added') return va;
  if (rec.depreciation === undefined)
    missing(ctx, [...path, 'netOutput'], 'netOutput, or depreciation with value added');
  const net = nonNegative(subtractMoney(va.money, rec.depreciation, path), path, 'net output');
  return {
    money: net,
    label: 'net output (value added − depreciation)',
    path,
    terms: { ...va.terms, valueAdded: show(va.money), depreciation: show(rec.depreciation) },
    used: [...va.used, 'depreciation'],
  };
}

function valueAdded(ctx: MethodContext<Switches>, rec: SectorRecord, path: (string | number)[]): Amount {
  if (rec.valueAdded !== undefined) {
    return {
      money: rec.valueAdded,
      label: 'value added',
      path: [...path, 'valueAdded'],
      used: ['valueAdded'],
    };
  }
  if (rec.grossOutput === undefined || rec.intermediateConsumption === undefined) {
    missing(ctx, [...path, 'valueAdded'], 'valueAdded, or grossOutput with intermediateConsumption');
  }
  const va = nonNegative(
    subtractMoney(rec.grossOutput, rec.intermediateConsumption, path),
    path,
    'value added',
  );
  return {
    money: va,
    label: 'value added (gross output − intermediate consumption)',
    path,
    terms: { grossOutput: show(rec.grossOutput), intermediateConsumption: show(rec.intermediateConsumption) },
    used: ['grossOutput', 'intermediateConsumption'],
  };
}

/**
 * Say (once per record) which given fields the chosen basis leaves unused, so nobody believes they were counted: at
 * the field when it is one (a workbook names its cell), at the record when they are several.
 */
function warnUnused(
  ctx: MethodContext<Switches>,
  rec: SectorRecord,
  path: (string | number)[],
  used: string[],
) {
  const fields: string[] = [...FIELDS, 'products', 'ecologicalShare'];
  const unused = fields.filter((f) => {
    const v = rec[f as keyof SectorRecord];
    return v !== undefined && !used.includes(f) && !(Array.isArray(v) && v.length === 0);
  });
  if (unused.length === 0) return;
  ctx.warn(
    issue('INPUT_IGNORED', unused.length === 1 ? [...path, unused[0] as string] : path, {
      field: unused.join(', '),
      reason: `not used on the ${ctx.switches.basis} basis`,
    }),
  );
}

function nonNegative(m: Money, path: (string | number)[], what: string): Money {
  if (m.amount.isNegative())
    throw new GepError(issue('NEGATIVE_VALUE', path, { what, value: m.amount.toFixed() }));
  return m;
}
