/**
 * The data of the trace explorer: per clickable number (GEP, a category, an indicator), what it is made of. An
 * indicator carries its method, switches, lines (terms, valuations; the first 80) and every coefficient it read
 * with value, unit, grade and source. What the panel shows in words comes in both languages (a valuation's label and
 * chain, a grade); ids, keys, sources and switches once, as the result has them. The report embeds this as JSON; its script renders it on click.
 */
import { checkAccountResult } from '../account/format';
import { type ChainWords, valuationChain } from '../account/detail';
import type { AccountResult } from '../account/result-schema';
import { CATEGORY, gradeZh, physicalUnit, unitShown, valuationLabelZh } from './words';

const LINES = 80;

type Named = { zh: string; en: string };
export interface TraceEntry {
  title: Named;
  value: { current: string; comparable: string };
  method?: { id: string; title: Named; switches: Record<string, unknown> };
  parts?: { label: Named; current: string }[];
  lines?: {
    where: string;
    physical: Named | null;
    terms: Record<string, Named>;
    valuations: { label: Named; detail: Named; current: string }[];
  }[];
  moreLines?: number;
  coefficients?: {
    id: string;
    value: string;
    unit: Named;
    /** The year of a price's prices. */
    priceYear?: number;
    grade: Named;
    source: string;
  }[];
}

/**
 * A term as the method recorded it, its unit by its symbol in each language: `120 km2` → `120 km²`, `3 wan_t` → `3
 * 万t` and `3 10⁴ t`; a bare figure as it is.
 */
const termShown = (t: string): Named => {
  const shown = (lang: 'zh' | 'en') =>
    t.replace(/^(\S+) (\S+)$/, (all, v: string, u: string) => `${v} ${unitShown(u, lang)}`);
  return { zh: shown('zh'), en: shown('en') };
};

/** The words of a valuation chain in each language: units by their symbols, the share factor's label, 元. */
const CHAIN_WORDS: Record<'zh' | 'en', ChainWords> = {
  zh: {
    factor: valuationLabelZh,
    input: '输入',
    unit: (u) => unitShown(u, 'zh'),
    quantity: (q) => physicalUnit(q, 'zh'),
    yuan: '元',
  },
  en: {
    factor: (label) => label,
    input: 'input',
    unit: (u) => unitShown(u, 'en'),
    quantity: (q) => physicalUnit(q, 'en'),
    yuan: 'yuan',
  },
};

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
        physical:
          l.physical === null
            ? null
            : {
                zh: `${l.physical.value} ${physicalUnit(l.physical, 'zh')}`,
                en: `${l.physical.value} ${physicalUnit(l.physical, 'en')}`,
              },
        terms: Object.fromEntries(Object.entries(l.terms ?? {}).map(([k, v]) => [k, termShown(v)])),
        valuations: l.valuations.map((v) => ({
          label: { zh: valuationLabelZh(v.label), en: v.label },
          detail: {
            zh: valuationChain(r, l, v, CHAIN_WORDS.zh),
            en: valuationChain(r, l, v, CHAIN_WORDS.en),
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
                unit: { zh: unitShown(c.unit, 'zh'), en: unitShown(c.unit, 'en') },
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
