/**
 * The data of the trace explorer: per clickable number (GEP, a category, an indicator), what it is made of. An
 * indicator carries its method, switches, lines (terms, valuations; the first 80) and every coefficient it read
 * with value, unit, grade and source. What the panel shows in words comes in both languages (a valuation's label and
 * chain, a grade); ids, keys, sources and switches once, as the result has them. The report embeds this as JSON; its script renders it on click.
 */
import { checkAccountResult } from '../account/format';
import { valuationChain } from '../account/detail';
import type { AccountResult } from '../account/result-schema';
import { CATEGORY, gradeZh, unitShown, valuationLabelZh } from './words';

const LINES = 80;

type Named = { zh: string; en: string };
export interface TraceEntry {
  title: Named;
  value: { current: string; comparable: string };
  method?: { id: string; title: Named; switches: Record<string, unknown> };
  parts?: { label: Named; current: string }[];
  lines?: {
    where: string;
    physical: string | null;
    terms: Record<string, string>;
    valuations: { label: Named; detail: Named; current: string }[];
  }[];
  moreLines?: number;
  coefficients?: {
    id: string;
    value: string;
    unit: string;
    /** The year of a price's prices. */
    priceYear?: number;
    grade: Named;
    source: string;
  }[];
}

/** A term as the method recorded it, its unit by its symbol: `120 km2` → `120 km²`; a bare figure as it is. */
const termShown = (t: string) =>
  t.replace(/^(\S+) (\S+)$/, (all, v: string, u: string) => `${v} ${unitShown(u)}`);

export function traceData(r: AccountResult): Record<string, TraceEntry> {
  checkAccountResult(r, 'traceData');
  const coefficients = new Map(r.coefficients.map((c) => [c.id, c]));
  const out: Record<string, TraceEntry> = {
    gep: {
      title: { zh: '生态系统生产总值 GEP', en: 'Gross Ecosystem Product' },
      value: r.totals.gep,
      parts: (['material', 'regulating', 'cultural'] as const).map((c) => ({
        label: { zh: CATEGORY[c][0], en: CATEGORY[c][1] },
        current: r.totals[c].current,
      })),
    },
  };
  for (const c of ['material', 'regulating', 'cultural'] as const) {
    out[`cat:${c}`] = {
      title: { zh: CATEGORY[c][0], en: CATEGORY[c][1] },
      value: r.totals[c],
      parts: r.indicators
        .filter((i) => i.category === c)
        .map((i) => ({
          label: { zh: `${i.code} ${i.name.zh}`, en: `${i.code} ${i.name.en}` },
          current: i.value.current,
        })),
    };
  }
  r.indicators.forEach((i, k) => {
    out[`ind:${k}`] = {
      title: { zh: `${i.code} ${i.name.zh}`, en: `${i.code} ${i.name.en}` },
      value: i.value,
      method: { id: i.method, title: i.methodTitle, switches: i.switches },
      lines: i.lines.slice(0, LINES).map((l) => ({
        where: [l.ecosystem, l.zone, l.subItem].filter((x) => x !== null).join(' · ') || '—',
        physical: l.physical === null ? null : `${l.physical.value} ${l.physical.symbol}`,
        terms: Object.fromEntries(Object.entries(l.terms ?? {}).map(([k, v]) => [k, termShown(v)])),
        valuations: l.valuations.map((v) => ({
          label: { zh: valuationLabelZh(v.label), en: v.label },
          detail: {
            zh: valuationChain(r, l, v, { factor: valuationLabelZh, input: '输入', unit: unitShown }),
            en: valuationChain(r, l, v, { factor: (label) => label, input: 'input', unit: unitShown }),
          },
          current: v.value.current,
        })),
      })),
      moreLines: Math.max(0, i.lines.length - LINES),
      coefficients: i.coefficients.flatMap((id) => {
        const c = coefficients.get(id);
        return c === undefined
          ? []
          : [
              {
                id,
                value: c.value,
                unit: unitShown(c.unit),
                ...(c.priceYear === undefined ? {} : { priceYear: c.priceYear }),
                grade: { zh: gradeZh(c.grade), en: c.grade },
                source: `${c.source.document}${c.source.clause === undefined ? '' : ` — ${c.source.clause}`}`,
              },
            ];
      }),
    };
  });
  return out;
}
