import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { type JsonSchemaName, JSON_SCHEMA_NAMES, jsonSchemaOf } from '../src/schema';
import { account } from '../src/account/account';
import { accountResultSchema } from '../src/account/result-schema';
import { uncertainty } from '../src/uncertainty';
import { tinyInput } from './helpers';

const root = join(__dirname, '..');
const json = (f: string) => JSON.parse(readFileSync(join(root, f), 'utf8')) as unknown;
const lines = (f: string) =>
  readFileSync(join(root, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

/** A validator per schema, as an editor or a JSON Schema validator reads docs/schema (formats not checked). */
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map(JSON_SCHEMA_NAMES.map((n) => [n, ajv.compile(jsonSchemaOf(n))]));
function check(name: JsonSchemaName, doc: unknown): string[] {
  const v = validators.get(name);
  if (v === undefined) throw new Error(`no schema ${name}`);
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Every JSON file under a folder. */
function jsonFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((f) => {
    const rel = join(dir, f);
    if (statSync(join(root, rel)).isDirectory()) return jsonFiles(rel);
    return f.endsWith('.json') ? [rel] : [];
  });
}

describe('the JSON Schemas of docs/schema accept the files gepkit ships', () => {
  it('the examples: account input and result, valuation context, activities, rule set, methodology, raster job', () => {
    expect(check('input', json('examples/jiangxi-county/input.json'))).toEqual([]);
    expect(check('vep-context', json('examples/vep/context.json'))).toEqual([]);
    for (const a of lines('examples/carbon/activities.jsonl'))
      expect(check('carbon-activity', a)).toEqual([]);
    expect(check('carbon-rules', json('examples/carbon/rules.json'))).toEqual([]);
    expect(check('carbon-methodology', json('examples/carbon/methodology-bike-commute.json'))).toEqual([]);
    expect(check('raster-config', json('examples/raster/config.json'))).toEqual([]);
    expect(check('result', json('examples/vep/account-2023.json'))).toEqual([]);
  });

  it('dates and times by their form: what the readers refuse as no date is refused by the schema too', () => {
    const context = json('examples/vep/context.json') as Record<string, unknown>;
    expect(check('vep-context', { ...context, valuationDate: '2024/03/31' })).not.toEqual([]);
    const parcel = { id: 'P1', key: 'hills', areas: { shrub: { value: '1', unit: 'mu' } } };
    expect(check('vep-parcel', { ...parcel, rights: [{ kind: 'forest', until: 'soon' }] })).not.toEqual([]);
    expect(check('vep-parcel', { ...parcel, rights: [{ kind: 'forest', until: '2030-12-31' }] })).toEqual([]);
    const [activity] = lines('examples/carbon/activities.jsonl') as Record<string, unknown>[];
    expect(check('carbon-activity', { ...activity, ts: 'yesterday' })).not.toEqual([]);
    // an instant without seconds, as gepkit reads it, is in the form
    expect(check('carbon-activity', { ...activity, ts: '2024-05-01T08:15+08:00' })).toEqual([]);
  });

  it('a result with uncertainty (gepkit account --uncertainty N): the schema and accountResultSchema keep it', () => {
    const r = uncertainty(tinyInput(), { draws: 4, seed: 7 });
    expect(check('result', JSON.parse(JSON.stringify(r)))).toEqual([]);
    expect(accountResultSchema.parse(JSON.parse(JSON.stringify(r)))).toHaveProperty('uncertainty.draws', 4);
    // A result without it, as before.
    expect(check('result', JSON.parse(JSON.stringify(account(tinyInput()))))).toEqual([]);
  });

  it('the bundled tables: each coefficient table, factor set and rule set by its kind', () => {
    const byKind: Record<string, JsonSchemaName> = {
      coefficients: 'coefficient-table',
      'carbon-factors': 'carbon-factors',
      'carbon-point-rules': 'carbon-rules',
      'price-index': 'price-index',
    };
    const checked = new Map<string, number>();
    for (const f of jsonFiles('coefficients')) {
      const doc = json(f) as { kind?: string };
      const name = byKind[doc.kind ?? ''];
      if (name === undefined) continue;
      expect(check(name, doc), f).toEqual([]);
      checked.set(name, (checked.get(name) ?? 0) + 1);
    }
    // nine coefficient tables, ten factor sets, two rule sets and one price index are bundled
    expect(Object.fromEntries(checked)).toEqual({
      'coefficient-table': 9,
      'carbon-factors': 10,
      'carbon-rules': 2,
      'price-index': 1,
    });
  });

  it('a scenario as docs/profiles/README.md writes one, and refuses one without its kind', () => {
    const scenario = {
      kind: 'scenario',
      id: 'reservoir-price-2020',
      version: '1.0.0',
      title: { zh: '库容价格 2020', en: 'Reservoir price 2020' },
      exclude: ['M5'],
    };
    expect(check('scenario', scenario)).toEqual([]);
    const { kind: _k, ...noKind } = scenario;
    expect(check('scenario', noKind)).not.toEqual([]);
  });

  it('a parcel line as docs/vep.md writes it, and the example deposit package', () => {
    const parcel = {
      id: 'ZX-0001',
      package: 'PKG-A',
      key: 'hills',
      areas: { 'forest.broadleaf': { value: '120', unit: 'mu' } },
      rights: [{ kind: 'forest', certificate: '赣(2024)示例县不动产权第0000001号', holder: '甲' }],
    };
    expect(check('vep-parcel', parcel)).toEqual([]);
    expect(check('vep-package', json('examples/vep/package.json'))).toEqual([]);
  });

  it('a custom indicator’s inputs in every form, with or without source and grade, as the parser reads them', () => {
    const withInputs = (inputs: Record<string, unknown>) => ({
      ...tinyInput(),
      customIndicators: [
        {
          code: 'X1',
          name: { zh: '油茶籽', en: 'Camellia oil seed' },
          category: 'material',
          unit: 't',
          inputs,
          physical: 'area * yield',
          value: 'physical * price',
          priceYear: 2020,
        },
      ],
    });
    const one = (a: unknown) => withInputs({ area: '20', yield: '1.2', price: a });
    const source = 'County statistical yearbook 2020, table 4-2';
    for (const ok of [
      '9000',
      { value: '9', unit: 'wan_yuan', as: 'yuan' },
      { value: '9000', source, grade: 'verified' },
      { value: '9', unit: 'wan_yuan', as: 'yuan', source, grade: 'assumed' },
    ]) {
      expect(check('input', one(ok)), JSON.stringify(ok)).toEqual([]);
      // the parser reads it too, and the result the account gives is one the result schema accepts
      expect(check('result', JSON.parse(JSON.stringify(account(one(ok)))))).toEqual([]);
    }
    for (const bad of [
      { value: '9000' },
      { value: '9000', source },
      { value: '9000', grade: 'verified' },
      { value: '9000', source: '', grade: 'verified' },
      { value: '9000', source, grade: 'good' },
      { value: '9', as: 'yuan', source, grade: 'verified' },
      { value: '9000', source, grade: 'verified', note: 'x' },
    ])
      expect(check('input', one(bad)), JSON.stringify(bad)).not.toEqual([]);
  });

  it('and refuse what gepkit refuses: a document without its required fields, a field gepkit does not know', () => {
    for (const name of JSON_SCHEMA_NAMES) expect(check(name, {}), name).not.toEqual([]);
    const context = json('examples/vep/context.json') as Record<string, unknown>;
    expect(check('vep-context', { ...context, colour: 'green' })).toEqual([
      ' must NOT have additional properties',
    ]);
    // A decimal string: the pattern of the strings gepkit reads (readDecimal), spaces around it allowed.
    const area = (value: unknown) => {
      const input = tinyInput() as Record<string, unknown>;
      return check('input', { ...input, totalArea: { value, unit: 'km2' } });
    };
    for (const ok of ['12', ' 12.5 ', '-0.5', '.5', '5.', '1.5e3', '2E-3', 12.5])
      expect(area(ok), String(ok)).toEqual([]);
    for (const bad of [
      '1,234',
      '12 km2',
      'NaN',
      'Infinity',
      '',
      '1e',
      '１２',
      '12%',
      '0x10',
      'x'.repeat(101),
    ])
      expect(area(bad), bad).not.toEqual([]);
    const activity = lines('examples/carbon/activities.jsonl')[0] as Record<string, unknown>;
    const { user: _user, ...anonymous } = activity;
    expect(check('carbon-activity', anonymous)).toEqual([" must have required property 'user'"]);
  });
});
