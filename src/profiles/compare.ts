import * as z from 'zod/mini';
import { canonicalJson } from '../core/canonical';
import { aDecimal, aRecord, anArray, checkArgument } from '../core/options';
import type { Profile } from './schema';

/** What differs between two profiles: indicators (inclusion, method, switches), tables and settings. */
export interface ProfileDiff {
  a: string;
  b: string;
  indicators: {
    code: string;
    changes: ('added' | 'removed' | 'inclusion' | 'method' | 'switches')[];
    a: { inclusion: string; method: string; switches: Record<string, unknown> } | null;
    b: { inclusion: string; method: string; switches: Record<string, unknown> } | null;
  }[];
  tables: { onlyA: string[]; onlyB: string[]; orderDiffers: boolean };
  settings: { field: string; a: string; b: string }[];
}

type Entry = Profile['indicators'][number];
const summary = (e: Entry) => ({ inclusion: e.inclusion, method: e.method, switches: e.switches });

/**
 * The outline of a profile that the pages and the diff read (loadProfile's or bundledProfile's value): its parts and
 * their kinds, not their contents. A JavaScript caller's null, text or object of another shape is ARGUMENT_INVALID
 * at the argument and the part's path, never a TypeError from deep inside.
 */
const profileOutline = z.looseObject({
  id: z.string(),
  version: z.string(),
  ref: z.string(),
  hash: z.string(),
  status: z.string(),
  title: aRecord,
  standard: aRecord,
  classification: z.string(),
  tables: anArray,
  priceIndex: z.string(),
  pricePolicy: z.string(),
  checks: z.looseObject({ areaTolerance: aDecimal }),
  doubleCounting: anArray,
  warnBelowGrade: z.string(),
  indicators: anArray,
});

// one outline per profile: a handful of them, checked once per page
const profilesOutline = z.array(profileOutline);

/** The outline of diffProfiles' value that diffMarkdown reads. */
const diffOutline = z.looseObject({
  a: z.string(),
  b: z.string(),
  indicators: anArray,
  tables: z.looseObject({ onlyA: anArray, onlyB: anArray }),
  settings: anArray,
});

/**
 * What differs between two profiles. A profile of another kind (null, `{}`) is ARGUMENT_INVALID at `a` or `b`.
 *
 * @example
 * const d = diffProfiles(bundledProfile('jx-db36-1402-2021'), bundledProfile('zj-db33-2274-2025')); // d.indicators, d.tables
 */
export function diffProfiles(a: Profile, b: Profile): ProfileDiff {
  checkArgument(profileOutline, a, ['a']);
  checkArgument(profileOutline, b, ['b']);
  const codes = [...new Set([...a.indicators.map((i) => i.code), ...b.indicators.map((i) => i.code)])];
  const indicators: ProfileDiff['indicators'] = [];
  for (const code of codes) {
    const x = a.indicators.find((i) => i.code === code);
    const y = b.indicators.find((i) => i.code === code);
    const changes: ProfileDiff['indicators'][number]['changes'] = [];
    if (x === undefined) changes.push('added');
    else if (y === undefined) changes.push('removed');
    else {
      if (x.inclusion !== y.inclusion) changes.push('inclusion');
      if (x.method !== y.method) changes.push('method');
      if (canonicalJson(x.switches) !== canonicalJson(y.switches)) changes.push('switches');
    }
    if (changes.length > 0) indicators.push({ code, changes, a: x ? summary(x) : null, b: y ? summary(y) : null });
  }
  const common = a.tables.filter((t) => b.tables.includes(t));
  const settings: ProfileDiff['settings'] = [];
  const compare = (field: string, x: string, y: string) => {
    if (x !== y) settings.push({ field, a: x, b: y });
  };
  compare('classification', a.classification, b.classification);
  compare('priceIndex', a.priceIndex, b.priceIndex);
  compare('pricePolicy', a.pricePolicy, b.pricePolicy);
  compare('warnBelowGrade', a.warnBelowGrade, b.warnBelowGrade);
  compare('checks.areaTolerance', a.checks.areaTolerance.toFixed(), b.checks.areaTolerance.toFixed());
  compare('doubleCounting', a.doubleCounting.map((d) => d.id).join(', '), b.doubleCounting.map((d) => d.id).join(', '));
  return {
    a: a.ref,
    b: b.ref,
    indicators,
    tables: {
      onlyA: a.tables.filter((t) => !b.tables.includes(t)),
      onlyB: b.tables.filter((t) => !a.tables.includes(t)),
      orderDiffers: canonicalJson(common) !== canonicalJson(b.tables.filter((t) => a.tables.includes(t))),
    },
    settings,
  };
}

const INCLUSION = { required: '●', optional: '○', excluded: '✕' } as const;
const switchText = (s: Record<string, unknown>) =>
  Object.entries(s)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join('; ');
const esc = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The side-by-side comparison page (docs/profiles/comparison.md is this output). A list of another kind, or a
 * member that is no profile, is ARGUMENT_INVALID at `profiles` (and the member's index).
 */
export function comparisonMarkdown(profiles: readonly Profile[]): string {
  checkArgument(profilesOutline, profiles, ['profiles']);
  const codes = [...new Set(profiles.flatMap((p) => p.indicators.map((i) => i.code)))].sort(codeOrder);
  const names = new Map(profiles.flatMap((p) => p.indicators.map((i) => [i.code, i.name] as const)));
  const out = [
    '# Profiles compared',
    '',
    'Generated from the profile files (`gepkit profiles compare`). ● required, ○ optional (counted when the input has data),',
    '✕ excluded, — not in the profile. Method ids in full; switches on the profile pages.',
    '',
    `| indicator | ${profiles.map((p) => `\`${p.id}@${p.version}\``).join(' | ')} |`,
    `|---|${profiles.map(() => '---').join('|')}|`,
  ];
  for (const code of codes) {
    const n = names.get(code);
    const cells = profiles.map((p) => {
      const e = p.indicators.find((i) => i.code === code);
      return e ? `${INCLUSION[e.inclusion]} \`${e.method}\`` : '—';
    });
    out.push(`| ${code} ${n?.zh ?? ''} | ${cells.join(' | ')} |`);
  }
  out.push('', '| setting | ' + profiles.map((p) => `\`${p.id}\``).join(' | ') + ' |', `|---|${profiles.map(() => '---').join('|')}|`);
  out.push(`| tables | ${profiles.map((p) => p.tables.join(', ')).join(' | ')} |`);
  out.push(`| price index | ${profiles.map((p) => `${p.priceIndex} (${p.pricePolicy})`).join(' | ')} |`);
  out.push(`| status | ${profiles.map((p) => p.status).join(' | ')} |`);
  return `${out.join('\n')}\n`;
}

/** One profile's page (docs/profiles/<id>.md is this output); a profile of another kind is ARGUMENT_INVALID at `profile`. */
export function profileMarkdown(p: Profile): string {
  checkArgument(profileOutline, p, ['profile']);
  const out = [
    `# ${p.title.zh}`,
    '',
    `${p.title.en} — profile \`${p.id}@${p.version}\` (${p.status}), content hash \`${p.hash}\`.`,
    '',
    `**Standard:** ${p.standard.document}`,
    '',
    `**What is confirmed:** ${p.standard.confirmed}`,
    '',
    ...(p.standard.override ? [`**Correcting a value:** ${p.standard.override}`, ''] : []),
    `Classification \`${p.classification}\`; coefficient tables searched in this order: ${p.tables.map((t) => `\`${t}\``).join(', ')};`,
    `price index \`${p.priceIndex}\` (${p.pricePolicy}); area tolerance ${p.checks.areaTolerance.toFixed()};`,
    `coefficients below \`${p.warnBelowGrade}\` are listed as warnings.`,
    '',
    '| code | indicator | inclusion | method | switches | note |',
    '|---|---|---|---|---|---|',
    ...p.indicators.map(
      (i) => `| ${i.code} | ${i.name.zh} ${i.name.en} | ${i.inclusion} | \`${i.method}\` | ${esc(switchText(i.switches))} | ${esc(bothLanguages(i.note, i.noteZh))} |`,
    ),
    '',
    '## Double counting rules',
    '',
    ...p.doubleCounting.map(
      (d) => `- \`${d.id}\` (${d.kind}, ${d.indicators.join(', ')}): ${bothLanguages(d.text, d.textZh)}`,
    ),
    '',
  ];
  return `${out.join('\n')}`;
}

/** A text and its Chinese, as a profile gives them: `English / 中文`, either alone where the other is missing. */
function bothLanguages(en: string | undefined, zh: string | undefined): string {
  return [en, zh].filter((t) => t !== undefined && t !== '').join(' / ');
}

/** M before R before C, then by number (R10 after R9). */
function codeOrder(a: string, b: string): number {
  const rank = (c: string) => 'MRCX'.indexOf(c[0] ?? '') * 1000 + (Number(c.slice(1)) || 0);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** diffProfiles' value as Markdown; a value of another kind is ARGUMENT_INVALID at `diff`. */
export function diffMarkdown(d: ProfileDiff): string {
  checkArgument(diffOutline, d, ['diff']);
  const out = [`# ${d.a} → ${d.b}`, '', '| indicator | changes | before | after |', '|---|---|---|---|'];
  const show = (x: ProfileDiff['indicators'][number]['a']) => (x ? esc(`${x.inclusion} ${x.method} ${switchText(x.switches)}`) : '—');
  for (const i of d.indicators) out.push(`| ${i.code} | ${i.changes.join(', ')} | ${show(i.a)} | ${show(i.b)} |`);
  out.push('', `Tables only in ${d.a}: ${d.tables.onlyA.join(', ') || '—'}; only in ${d.b}: ${d.tables.onlyB.join(', ') || '—'}${d.tables.orderDiffers ? '; search order differs' : ''}.`);
  for (const s of d.settings) out.push(`- ${s.field}: ${s.a} → ${s.b}`);
  return `${out.join('\n')}\n`;
}
