/**
 * Parcel results as JSON Lines (`gepkit vep value`, POST /v1/vep/value): the text `toJsonLine(result)` gives,
 * written by a writer of the fixed shape of a valued parcel's result (VepBatch.accept builds it, always with
 * the same keys in the same order) instead of JSON.stringify walking the object. Anything else (a refused line,
 * a field of another type) is written by toJsonLine. The property test in result-json.test.ts holds the two to
 * the same bytes over random parcels, in both warning modes.
 */
import { toJsonLine } from '../io/jsonl';
import type { ParcelResult } from './batch';

/** Characters JSON.stringify writes escaped: '"', '\', controls, and (alone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it. */
const q = (s: string): string => (ESCAPED.test(s) ? JSON.stringify(s) : `"${s}"`);

/** One result as a JSON line, the same text as `toJsonLine(r)`. */
export function resultJsonLine(r: ParcelResult): string {
  const { byType, cells, issues, warnings } = r;
  if (
    r.ok !== true ||
    !Number.isSafeInteger(r.line) ||
    typeof r.id !== 'string' ||
    r.package === undefined ||
    typeof r.key !== 'string' ||
    typeof r.path !== 'string' ||
    typeof r.basis !== 'string' ||
    typeof r.value !== 'string' ||
    byType === undefined ||
    cells === undefined ||
    (warnings !== undefined && issues.length > 0)
  )
    return toJsonLine(r);
  let s = `{"line":${r.line},"ok":true,"id":${q(r.id)},"package":${r.package === null ? 'null' : q(r.package)},"key":${q(r.key)},"path":${q(r.path)},"basis":${q(r.basis)},"value":${q(r.value)},"byType":[`;
  for (let i = 0; i < byType.length; i++) {
    const t = byType[i] as (typeof byType)[number];
    s += `${i === 0 ? '' : ','}{"type":${q(t.type)},"area":{"value":${q(t.area.value)},"unit":${q(t.area.unit)}},"value":${q(t.value)}}`;
  }
  s += '],"cells":[';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as (typeof cells)[number];
    s += `${i === 0 ? '' : ','}{"indicator":${q(c.indicator)},"type":${c.type === null ? 'null' : q(c.type)},"value":${q(c.value)}}`;
  }
  if (warnings === undefined) {
    if (issues.length === 0) return `${s}],"issues":[]}\n`;
    let text: string;
    try {
      text = JSON.stringify(issues);
    } catch {
      return toJsonLine(r); // a value JSON.stringify cannot write alone (a bigint parameter)
    }
    return `${s}],"issues":${text}}\n`;
  }
  s += '],"issues":[],"warnings":[';
  for (let i = 0; i < warnings.length; i++) s += `${i === 0 ? '' : ','}${q(warnings[i] as string)}`;
  return `${s}]}\n`;
}
