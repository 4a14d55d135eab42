/**
 * Exact accounts with some parameters scaled: the probes from which plan.ts learns how each valuation depends on
 * each parameter. A coefficient of a bundled table (or of an overlay chain on one) is scaled by one more overlay
 * on that table; a coefficient of a caller's own table, and an input quantity, are scaled in a copy of the JSON.
 * Every probe is the public `account()` at full precision (`rounding: 'exact'`).
 */
import { account } from '../account/account';
import type { AccountOptions } from '../account/options';
import type { AccountResult } from '../account/result-schema';
import { dec } from '../core/decimal';
import { GepError, type Path } from '../core/errors';
import { uncertaintyFail } from './errors';
import type { Parameter } from './parameters';

/** The valuations of an account, flattened in the order indicators → lines → valuations. */
export interface Flat {
  current: Float64Array;
  comparable: Float64Array;
  /** Indicator index of each valuation. */
  indicator: Int32Array;
  /** Indicator codes and line / valuation counts: two accounts of one shape give equal strings. */
  shape: string;
}

function flatten(r: AccountResult): Flat {
  const cur: number[] = [];
  const cmp: number[] = [];
  const ind: number[] = [];
  const shape: string[] = [];
  r.indicators.forEach((i, k) => {
    shape.push(`${i.code}:${i.lines.map((l) => l.valuations.length).join(',')}`);
    for (const l of i.lines)
      for (const v of l.valuations) {
        cur.push(Number(v.value.current));
        cmp.push(Number(v.value.comparable));
        ind.push(k);
      }
  });
  return {
    current: Float64Array.from(cur),
    comparable: Float64Array.from(cmp),
    indicator: Int32Array.from(ind),
    shape: shape.join(';'),
  };
}

type Json = Record<string, unknown>;
/** A deep copy of JSON data (inputs, options and tables are JSON by definition). */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
type Use = AccountResult['coefficients'][number];

function at(root: unknown, path: Path): { parent: Json | unknown[]; last: string | number } | undefined {
  let node = root;
  for (const step of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[String(step)];
  }
  if (node === null || typeof node !== 'object') return undefined;
  return { parent: node as Json, last: path[path.length - 1] as string | number };
}

/** A number as an input writes one: a finite JSON number, or a decimal as text ("4", "-0.5", "1e3"). */
const isNumber = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v));

function scaleInput(json: unknown, path: Path, s: number, drawnInput: boolean): void {
  const spot = at(json, path);
  const node = spot === undefined ? undefined : (spot.parent as Json)[String(spot.last)];
  const plain = spot !== undefined && isNumber(node);
  const quantity = !plain && node !== null && typeof node === 'object' && isNumber((node as Json).value);
  if (!plain && !quantity)
    uncertaintyFail('UNCERTAINTY_INVALID', path, { detail: `no number at input path ${path.join('.')}` });
  // × 1 leaves the value as written (a year stays a number): the path is checked, nothing moved. An input of
  // `inputs` at 0 is refused there: every multiple of it is 0, so its distribution would move nothing (as a
  // coefficient record's point value of 0 is refused).
  if (s === 1) {
    if (drawnInput && dec((plain ? node : (node as Json).value) as string).isZero())
      uncertaintyFail('UNCERTAINTY_INVALID', path, {
        detail: `the input at ${path.join('.')} is 0: every draw of it as a multiple of its value is 0, so its distribution would move nothing`,
      });
    return;
  }
  const scaled = (v: unknown) =>
    dec(v as string)
      .times(s)
      .toFixed();
  if (plain) (spot.parent as Json)[String(spot.last)] = scaled(node);
  else (node as Json).value = scaled((node as Json).value);
}

const isTable = (t: unknown): t is Json & { records: Json[] } =>
  t !== null && typeof t === 'object' && Array.isArray((t as Json).records);

/** Scale a coefficient inside a caller's own table (not an overlay); false when no such table holds it. */
function scaleOwnTable(tables: unknown[], use: Use, value: string): boolean {
  const ref = use.table;
  for (const t of tables) {
    if (!isTable(t) || t.overlays !== undefined || `${String(t.id)}@${String(t.version)}` !== ref) continue;
    for (const r of t.records) {
      const applies = (r.applies ?? {}) as Json;
      if (
        r.key === use.key &&
        (applies.ecosystem ?? null) === use.ecosystem &&
        (applies.region ?? null) === use.region
      ) {
        r.value = value;
        return true;
      }
    }
  }
  return false;
}

export interface ProbeBase {
  json: unknown;
  options: AccountOptions;
  /** result.coefficients of the unscaled account, by id (the records to overlay). */
  uses: ReadonlyMap<string, Use>;
}

/** The account with parameter k scaled by scales[k] (1 = unchanged), flattened. */
export function probe(
  base: ProbeBase,
  params: readonly Parameter[],
  scales: ReadonlyMap<number, number>,
): Flat {
  const json = copy(base.json) as Json;
  // Only the JSON parts a probe may edit are copied (a loaded profile holds Decimals and stays shared).
  const options: AccountOptions = {
    ...base.options,
    rounding: 'exact',
    ...(base.options.tables !== undefined ? { tables: copy(base.options.tables) } : {}),
    ...(base.options.scenario !== undefined ? { scenario: copy(base.options.scenario) } : {}),
  };
  const own = [
    ...(((json.overrides as Json | undefined)?.tables as unknown[] | undefined) ?? []),
    ...(options.tables ?? []),
    ...(((options.scenario as Json | undefined)?.tables as unknown[] | undefined) ?? []),
  ];
  const overlays = new Map<string, Json[]>();
  for (const [k, s] of scales) {
    const p = params[k] as Parameter;
    // An input, or a custom indicator's graded input (a coefficient declared in the input): scaled where it is written.
    if (p.kind === 'input' || p.path !== null) {
      scaleInput(json, p.path as Path, s, p.kind === 'input');
      continue;
    }
    // × 1 moves nothing: the coefficient keeps its table (a joint draw holds a zero-width parameter there).
    if (s === 1) continue;
    const use = base.uses.get(p.id);
    if (use === undefined) continue;
    const value = dec(use.value).times(s).toFixed();
    if (scaleOwnTable(own, use, value)) continue;
    const target = (use.table.split('+')[0] as string).split('@')[0] as string;
    const list = overlays.get(target) ?? [];
    list.push({
      key: use.key,
      value,
      unit: use.unit,
      ...(use.priceYear !== undefined ? { priceYear: use.priceYear } : {}),
      applies: {
        ...(use.ecosystem !== null ? { ecosystem: use.ecosystem } : {}),
        ...(use.region !== null ? { region: use.region } : {}),
      },
      source: use.source,
      grade: use.grade,
    });
    overlays.set(target, list);
  }
  const probeTables = [...overlays].map(([target, records], i) => ({
    kind: 'coefficients',
    id: `uncertainty-probe-${i}`,
    version: '1.0.0',
    title: { zh: '不确定性探测', en: 'Uncertainty probe' },
    effective: { from: '2000-01-01' },
    overlays: target,
    records,
  }));
  const names = [...scales.keys()].map((k) => params[k]?.id ?? '').join(', ');
  try {
    return flatten(account(json, { ...options, tables: [...(options.tables ?? []), ...probeTables] }));
  } catch (e) {
    if (e instanceof GepError)
      uncertaintyFail('UNCERTAINTY_PROBE_FAILED', [], {
        parameter: names,
        detail: e.issues[0]?.message.en ?? e.message,
        detailZh: e.zh,
      });
    throw e;
  }
}
