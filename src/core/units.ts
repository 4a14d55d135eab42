import { Decimal, type DecimalInput, decimalRefusal, readDecimal, shortValue } from './decimal';
import { type CORE_ERRORS, GepError, type Path, fail, issueFromData } from './errors';

/**
 * The unit catalogue. Each unit belongs to one dimension and has an exact rational factor to the dimension's
 * base unit (`num / den`), so conversions multiply first and divide once (亩 = 2000/3 m² stays exact as far
 * as 40 digits go). Mass carries its substance as part of the dimension: t C, t CO₂, t O₂ and t dry matter
 * are different dimensions, so neither the compiler nor the runtime converts between them; only the
 * stoichiometric functions below do, explicitly.
 */
export const UNITS = {
  m2: { dim: 'area', num: 1, den: 1, symbol: 'm²', zh: '平方米' },
  hm2: { dim: 'area', num: 10_000, den: 1, symbol: 'hm²', zh: '公顷' },
  km2: { dim: 'area', num: 1_000_000, den: 1, symbol: 'km²', zh: '平方千米' },
  mu: { dim: 'area', num: 2000, den: 3, symbol: '亩', zh: '亩' },
  wan_mu: { dim: 'area', num: 20_000_000, den: 3, symbol: '万亩', zh: '万亩' },
  qian_hm2: { dim: 'area', num: 10_000_000, den: 1, symbol: '千hm²', zh: '千公顷' },
  wan_hm2: { dim: 'area', num: 100_000_000, den: 1, symbol: '万hm²', zh: '万公顷' },
  wan_km2: { dim: 'area', num: 10_000_000_000, den: 1, symbol: '万km²', zh: '万平方千米' },
  mm: { dim: 'length', num: 1, den: 1000, symbol: 'mm', zh: '毫米' },
  m: { dim: 'length', num: 1, den: 1, symbol: 'm', zh: '米' },
  m3: { dim: 'volume', num: 1, den: 1, symbol: 'm³', zh: '立方米' },
  wan_m3: { dim: 'volume', num: 10_000, den: 1, symbol: '万m³', zh: '万立方米' },
  yi_m3: { dim: 'volume', num: 100_000_000, den: 1, symbol: '亿m³', zh: '亿立方米' },
  g: { dim: 'mass', num: 1, den: 1_000_000, symbol: 'g', zh: '克' },
  kg: { dim: 'mass', num: 1, den: 1000, symbol: 'kg', zh: '千克' },
  t: { dim: 'mass', num: 1, den: 1, symbol: 't', zh: '吨' },
  wan_t: { dim: 'mass', num: 10_000, den: 1, symbol: '万t', zh: '万吨' },
  yi_t: { dim: 'mass', num: 100_000_000, den: 1, symbol: '亿t', zh: '亿吨' },
  kg_C: { dim: 'mass_C', num: 1, den: 1000, symbol: 'kg C', zh: '千克碳' },
  t_C: { dim: 'mass_C', num: 1, den: 1, symbol: 't C', zh: '吨碳' },
  g_CO2: { dim: 'mass_CO2', num: 1, den: 1_000_000, symbol: 'g CO₂', zh: '克二氧化碳' },
  kg_CO2: { dim: 'mass_CO2', num: 1, den: 1000, symbol: 'kg CO₂', zh: '千克二氧化碳' },
  t_CO2: { dim: 'mass_CO2', num: 1, den: 1, symbol: 't CO₂', zh: '吨二氧化碳' },
  wan_t_CO2: { dim: 'mass_CO2', num: 10_000, den: 1, symbol: '万t CO₂', zh: '万吨二氧化碳' },
  yi_t_CO2: { dim: 'mass_CO2', num: 100_000_000, den: 1, symbol: '亿t CO₂', zh: '亿吨二氧化碳' },
  kg_O2: { dim: 'mass_O2', num: 1, den: 1000, symbol: 'kg O₂', zh: '千克氧气' },
  t_O2: { dim: 'mass_O2', num: 1, den: 1, symbol: 't O₂', zh: '吨氧气' },
  kg_DM: { dim: 'mass_DM', num: 1, den: 1000, symbol: 'kg d.m.', zh: '千克干物质' },
  t_DM: { dim: 'mass_DM', num: 1, den: 1, symbol: 't d.m.', zh: '吨干物质' },
  kJ: { dim: 'energy', num: 1, den: 3600, symbol: 'kJ', zh: '千焦' },
  MJ: { dim: 'energy', num: 1000, den: 3600, symbol: 'MJ', zh: '兆焦' },
  kWh: { dim: 'energy', num: 1, den: 1, symbol: 'kWh', zh: '千瓦时' },
  wan_kWh: { dim: 'energy', num: 10_000, den: 1, symbol: '万kWh', zh: '万千瓦时' },
  yi_kWh: { dim: 'energy', num: 100_000_000, den: 1, symbol: '亿kWh', zh: '亿千瓦时' },
  yuan: { dim: 'money', num: 1, den: 1, symbol: '元', zh: '元' },
  wan_yuan: { dim: 'money', num: 10_000, den: 1, symbol: '万元', zh: '万元' },
  yi_yuan: { dim: 'money', num: 100_000_000, den: 1, symbol: '亿元', zh: '亿元' },
  person_time: { dim: 'visits', num: 1, den: 1, symbol: '人次', zh: '人次' },
  wan_person_time: { dim: 'visits', num: 10_000, den: 1, symbol: '万人次', zh: '万人次' },
  yi_person_time: { dim: 'visits', num: 100_000_000, den: 1, symbol: '亿人次', zh: '亿人次' },
  head: { dim: 'count', num: 1, den: 1, symbol: '头', zh: '头（只）' },
  wan_head: { dim: 'count', num: 10_000, den: 1, symbol: '万头', zh: '万头（只）' },
  // Soil loss (RUSLE): R × K = t/(hm²·a); factors are per-hectare and per-year by construction.
  MJ_mm_per_hm2_h_a: { dim: 'rusle_R', num: 1, den: 1, symbol: 'MJ·mm/(hm²·h·a)', zh: '降雨侵蚀力' },
  t_hm2_h_per_hm2_MJ_mm: { dim: 'rusle_K', num: 1, den: 1, symbol: 't·hm²·h/(hm²·MJ·mm)', zh: '土壤可蚀性' },
  t_per_hm2_a: { dim: 'mass_per_area', num: 1, den: 1, symbol: 't/(hm²·a)', zh: '吨每公顷每年' },
  kg_per_hm2_a: { dim: 'mass_per_area', num: 1, den: 1000, symbol: 'kg/(hm²·a)', zh: '千克每公顷每年' },
  t_per_m3: { dim: 'density', num: 1, den: 1, symbol: 't/m³', zh: '吨每立方米' },
  g_per_cm3: { dim: 'density', num: 1, den: 1, symbol: 'g/cm³', zh: '克每立方厘米' },
  // Productivity: dry matter and carbon per area and year (72/162 and 44/12 bridge them, never a unit factor).
  t_DM_per_hm2_a: {
    dim: 'mass_DM_per_area',
    num: 1,
    den: 1,
    symbol: 't d.m./(hm²·a)',
    zh: '吨干物质每公顷每年',
  },
  g_DM_per_m2_a: {
    dim: 'mass_DM_per_area',
    num: 1,
    den: 100,
    symbol: 'g d.m./(m²·a)',
    zh: '克干物质每平方米每年',
  },
  t_C_per_hm2_a: { dim: 'mass_C_per_area', num: 1, den: 1, symbol: 't C/(hm²·a)', zh: '吨碳每公顷每年' },
  g_C_per_m2_a: { dim: 'mass_C_per_area', num: 1, den: 100, symbol: 'g C/(m²·a)', zh: '克碳每平方米每年' },
  // Climate regulation: heat absorbed per area and day, latent heat, humidifier energy per m³ of water.
  kJ_per_m2_d: { dim: 'heat_flux', num: 1, den: 1, symbol: 'kJ/(m²·d)', zh: '千焦每平方米每天' },
  kJ_per_kg: { dim: 'specific_energy', num: 1, den: 1, symbol: 'kJ/kg', zh: '千焦每千克' },
  J_per_g: { dim: 'specific_energy', num: 1, den: 1, symbol: 'J/g', zh: '焦每克' },
  kWh_per_m3: { dim: 'energy_per_volume', num: 1, den: 1, symbol: 'kWh/m³', zh: '千瓦时每立方米' },
  minute: { dim: 'time', num: 1, den: 1, symbol: 'min', zh: '分钟' },
  day: { dim: 'time', num: 1440, den: 1, symbol: 'd', zh: '天' },
  // Negative air ions: counts and concentrations.
  ion: { dim: 'ions', num: 1, den: 1, symbol: '个', zh: '个（负离子）' },
  ions_per_cm3: { dim: 'ion_concentration', num: 1, den: 1, symbol: '个/cm³', zh: '个每立方厘米' },
  // 污染当量 of the Environmental Protection Tax Law: the tax is levied per equivalent.
  pollution_equivalent: { dim: 'pollution_equivalent', num: 1, den: 1, symbol: '污染当量', zh: '污染当量' },
  one: { dim: 'ratio', num: 1, den: 1, symbol: '1', zh: '无量纲' },
} as const;

export type UnitId = keyof typeof UNITS;
export type Dimension = (typeof UNITS)[UnitId]['dim'];
export type DimOf<U extends UnitId> = (typeof UNITS)[U]['dim'];
export type UnitsOf<D extends Dimension> = { [K in UnitId]: DimOf<K> extends D ? K : never }[UnitId];

export type AreaUnit = UnitsOf<'area'>;
export type LengthUnit = UnitsOf<'length'>;
export type VolumeUnit = UnitsOf<'volume'>;
export type EnergyUnit = UnitsOf<'energy'>;
export type MoneyUnit = UnitsOf<'money'>;
export type VisitUnit = UnitsOf<'visits'>;
/** Units a price may be quoted per (anything but money itself). */
export type PerUnit = Exclude<UnitId, MoneyUnit>;

/** Written forms accepted in data files besides the ids above (Chinese and typographic spellings). */
const ALIASES: Record<string, UnitId> = {
  'm²': 'm2',
  平方米: 'm2',
  'hm²': 'hm2',
  ha: 'hm2',
  公顷: 'hm2',
  'km²': 'km2',
  平方千米: 'km2',
  平方公里: 'km2',
  亩: 'mu',
  千公顷: 'qian_hm2',
  千hm2: 'qian_hm2',
  kha: 'qian_hm2',
  万公顷: 'wan_hm2',
  万hm2: 'wan_hm2',
  万平方公里: 'wan_km2',
  万km2: 'wan_km2',
  毫米: 'mm',
  米: 'm',
  'm³': 'm3',
  立方米: 'm3',
  '万m³': 'wan_m3',
  万m3: 'wan_m3',
  万立方米: 'wan_m3',
  '亿m³': 'yi_m3',
  亿m3: 'yi_m3',
  亿立方米: 'yi_m3',
  克: 'g',
  千克: 'kg',
  公斤: 'kg',
  吨: 't',
  万吨: 'wan_t',
  万t: 'wan_t',
  亿t: 'yi_t',
  万tCO2: 'wan_t_CO2',
  万吨CO2: 'wan_t_CO2',
  亿tCO2: 'yi_t_CO2',
  亿吨CO2: 'yi_t_CO2',
  tC: 't_C',
  tCO2: 't_CO2',
  'tCO₂': 't_CO2',
  'gCO₂': 'g_CO2',
  gCO2: 'g_CO2',
  kgCO2: 'kg_CO2',
  tO2: 't_O2',
  千瓦时: 'kWh',
  度: 'kWh',
  万千瓦时: 'wan_kWh',
  万kWh: 'wan_kWh',
  亿千瓦时: 'yi_kWh',
  亿kWh: 'yi_kWh',
  元: 'yuan',
  万元: 'wan_yuan',
  亿元: 'yi_yuan',
  人次: 'person_time',
  万人次: 'wan_person_time',
  头: 'head',
  只: 'head',
  万头: 'wan_head',
  万只: 'wan_head',
  'MJ·mm/(hm²·h·a)': 'MJ_mm_per_hm2_h_a',
  't·hm²·h/(hm²·MJ·mm)': 't_hm2_h_per_hm2_MJ_mm',
  't/(hm²·a)': 't_per_hm2_a',
  'kg/(hm²·a)': 'kg_per_hm2_a',
  't/m³': 't_per_m3',
  'g/cm³': 'g_per_cm3',
  污染当量: 'pollution_equivalent',
  'kJ/(m2·d)': 'kJ_per_m2_d',
  'kJ/kg': 'kJ_per_kg',
  'J/g': 'J_per_g',
  'kWh/m3': 'kWh_per_m3',
  min: 'minute',
  d: 'day',
  天: 'day',
  '个/cm3': 'ions_per_cm3',
  '1': 'one',
};

/** The aliases accepted for a unit besides its id, symbol and Chinese name (docs/units.md lists them). */
export function unitAliases(u: UnitId): string[] {
  return Object.keys(ALIASES).filter((a) => ALIASES[a] === u);
}

export function isUnitId(s: string): s is UnitId {
  return Object.prototype.hasOwnProperty.call(UNITS, s);
}

/** The canonical id of a written unit, or undefined. */
export function parseUnit(s: string): UnitId | undefined {
  const t = s.trim();
  if (isUnitId(t)) return t;
  // Own aliases only: "constructor" or "__proto__" is no unit.
  return (Object.hasOwn(ALIASES, t) ? ALIASES[t] : undefined) ?? BY_SYMBOL.get(t);
}

/** Every unit's display symbol and Chinese name are accepted too ("t CO₂", "千克碳"). */
const BY_SYMBOL = new Map<string, UnitId>(
  (Object.keys(UNITS) as UnitId[]).flatMap((u) => [[UNITS[u].symbol, u] as const, [UNITS[u].zh, u] as const]),
);

export function unitSymbol(u: UnitId): string {
  return UNITS[u].symbol;
}

/**
 * The English form, written after a number, of the units whose symbol is Chinese or reads only in Chinese (亩, 万t,
 * 人次, 个): 万, 千 and 亿 as a power of ten (2.1 万t is 2.1 × 10⁴ t), an English word for the rest. A unit not listed
 * reads the same in both languages (t, km², kWh).
 */
const ENGLISH: Partial<Record<UnitId, string>> = {
  mu: 'mu',
  wan_mu: '× 10⁴ mu',
  qian_hm2: '× 10³ hm²',
  wan_hm2: '× 10⁴ hm²',
  wan_km2: '× 10⁴ km²',
  wan_m3: '× 10⁴ m³',
  yi_m3: '× 10⁸ m³',
  wan_t: '× 10⁴ t',
  yi_t: '× 10⁸ t',
  wan_t_CO2: '× 10⁴ t CO₂',
  yi_t_CO2: '× 10⁸ t CO₂',
  wan_kWh: '× 10⁴ kWh',
  yi_kWh: '× 10⁸ kWh',
  yuan: 'yuan',
  wan_yuan: '× 10⁴ yuan',
  yi_yuan: '× 10⁸ yuan',
  person_time: 'visits',
  wan_person_time: '× 10⁴ visits',
  yi_person_time: '× 10⁸ visits',
  head: 'head',
  wan_head: '× 10⁴ head',
  ion: 'ions',
  ions_per_cm3: 'ions/cm³',
  pollution_equivalent: 'pollution equivalents',
};

/** The English units whose form after a slash is a singular word (yuan/visit, yuan/ion). */
const ENGLISH_PER: Partial<Record<UnitId, string>> = {
  person_time: 'visit',
  ion: 'ion',
  pollution_equivalent: 'pollution equivalent',
};

/**
 * A unit after a number as a reader of one language writes it: its symbol in Chinese (2.1 万t), its English form in
 * English (2.1 × 10⁴ t).
 */
export function unitSymbolIn(u: UnitId, lang: 'zh' | 'en'): string {
  return lang === 'en' ? (ENGLISH[u] ?? UNITS[u].symbol) : UNITS[u].symbol;
}

/** A unit after a slash (the unit a price is per): 元/万t and 元/人次 in Chinese, yuan/10⁴ t and yuan/visit in English. */
export function unitPerIn(u: UnitId, lang: 'zh' | 'en'): string {
  return lang === 'en' ? (ENGLISH_PER[u] ?? unitSymbolIn(u, 'en').replace(/^× /, '')) : UNITS[u].symbol;
}

export function dimensionOf(u: UnitId): Dimension {
  return UNITS[u].dim;
}

export function unitList(dim?: Dimension): string {
  return (Object.keys(UNITS) as UnitId[]).filter((u) => dim === undefined || UNITS[u].dim === dim).join(', ');
}

/** A measured amount in a unit of the catalogue. */
export interface Quantity<U extends UnitId = UnitId> {
  readonly value: Decimal;
  readonly unit: U;
}

/**
 * A quantity from a value and a unit. Both are checked at run time, as a unit read from data compiles as any
 * UnitId: a unit outside the catalogue is UNIT_UNKNOWN at `unit`; a value readDecimal refuses (not a finite decimal,
 * beyond NUMBER_LIMITS) is NUMBER_NOT_FINITE, NUMBER_OUT_OF_RANGE, NUMBER_TOO_PRECISE or NUMBER_TOO_LONG at `value`.
 *
 * @example
 * ```ts
 * qty('1.5', 'hm2'); // { value: Decimal(1.5), unit: 'hm2' }
 * qty('1e400', 't'); // throws NUMBER_OUT_OF_RANGE at value
 * ```
 */
export function qty<U extends UnitId>(value: DecimalInput, unit: U): Quantity<U> {
  return { value: inputValue(value, ['value']), unit: knownUnit(unit, ['unit']) };
}

/** `u` if it is a unit of the catalogue; UNIT_UNKNOWN at `path` otherwise. */
function knownUnit<U extends UnitId>(u: U, path: Path): U {
  if (!isUnitId(u)) fail('UNIT_UNKNOWN', path, { unit: shortValue(u), allowed: unitList() });
  return u;
}

/** A value as readDecimal reads an input (NUMBER_LIMITS); a refusal is the code that names the problem, at `path`. */
function inputValue(x: DecimalInput, path: Path): Decimal {
  const r = readDecimal(x);
  if (r.ok) return r.value;
  const { gepkit, ...params } = decimalRefusal(x) ?? { gepkit: 'NUMBER_NOT_FINITE', value: shortValue(x) };
  throw new GepError([issueFromData(String(gepkit) as keyof typeof CORE_ERRORS, path, params)]);
}

/**
 * Convert within a dimension. A unit of another dimension is a compile error, and at run time (a unit read from
 * data) UNIT_MISMATCH at `to`; a unit outside the catalogue is UNIT_UNKNOWN.
 */
export function convert<U extends UnitId, T extends UnitsOf<DimOf<U>>>(q: Quantity<U>, to: T): Quantity<T> {
  knownUnit(q.unit, ['q', 'unit']);
  return { value: convertValue(q.value, q.unit, knownUnit(to, ['to']), ['to']), unit: to };
}

/** Runtime-checked conversion for units read from data; throws UNIT_MISMATCH across dimensions. */
export function convertValue(value: Decimal, from: UnitId, to: UnitId, path: Path = []): Decimal {
  if (from === to) return value;
  const f = UNITS[from];
  const t = UNITS[to];
  if (f.dim !== t.dim)
    fail('UNIT_MISMATCH', path, { expected: `${t.symbol} (${t.dim})`, actual: `${f.symbol} (${f.dim})` });
  // value × (f.num/f.den) / (t.num/t.den), with a single division.
  return value.times(f.num).times(t.den).div(new Decimal(f.den).times(t.num));
}

/**
 * `q`'s value in `unit`, checked at run time: the compiler sees only literal units, a unit read from data compiles
 * as any UnitId. Another unit of the dimension is converted exactly (1 kg in t is 0.001); another dimension is
 * UNIT_MISMATCH at `path`, a unit outside the catalogue UNIT_UNKNOWN.
 */
function valueIn(q: Quantity, unit: UnitId, path: Path): Decimal {
  return convertValue(q.value, knownUnit(q.unit, path), unit, path);
}

/** a + b in a's unit; b in another unit of the dimension is converted first (1 t + 1 kg = 1.001 t). */
export function add<U extends UnitId>(a: Quantity<U>, b: Quantity<NoInfer<U>>): Quantity<U> {
  const unit = knownUnit(a.unit, ['a', 'unit']);
  return { value: a.value.plus(valueIn(b, unit, ['b', 'unit'])), unit };
}

/** a − b in a's unit; b in another unit of the dimension is converted first (1 t − 1 kg = 0.999 t). */
export function subtract<U extends UnitId>(a: Quantity<U>, b: Quantity<NoInfer<U>>): Quantity<U> {
  const unit = knownUnit(a.unit, ['a', 'unit']);
  return { value: a.value.minus(valueIn(b, unit, ['b', 'unit'])), unit };
}

/** Multiply by a dimensionless factor (a share, a coefficient of the same unit). */
export function scale<U extends UnitId>(q: Quantity<U>, factor: Decimal): Quantity<U> {
  return { value: q.value.times(factor), unit: q.unit };
}

/**
 * Sum of quantities in `unit`; one in another unit of the dimension is converted first (1 kg + 2 kg in t is
 * 0.003 t), one of another dimension is UNIT_MISMATCH at `qs[i].unit`. The empty sum is zero in that unit.
 */
export function total<U extends UnitId>(unit: U, qs: Iterable<Quantity<NoInfer<U>>>): Quantity<U> {
  knownUnit(unit, ['unit']);
  let v = new Decimal(0);
  let i = 0;
  for (const q of qs) v = v.plus(valueIn(q, unit, ['qs', i++, 'unit']));
  return { value: v, unit };
}

/** Water depth over an area gives a volume: mm × km² → m³ (1 mm × 1 km² = 10³ m³). */
export function depthOverArea(depth: Quantity<LengthUnit>, area: Quantity<AreaUnit>): Quantity<'m3'> {
  return { value: convert(depth, 'm').value.times(convert(area, 'm2').value), unit: 'm3' };
}

/** An exact ratio of integers, applied as × num ÷ den so that 44/12 and 32/44 never round before use. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

export function applyRatio(value: Decimal, r: Ratio): Decimal {
  return value.times(r.num).div(r.den);
}

/** Molar mass ratios (C = 12, O = 16): the only bridges between mass substances. */
export const CO2_PER_C: Ratio = { num: 44, den: 12 };
export const O2_PER_CO2: Ratio = { num: 32, den: 44 };

/** A mass of carbon (kg C, t C) → t CO₂: converted to t C first, then × 44/12 (3 kg C = 0.003 t C → 0.011 t CO₂). */
export function carbonToCO2(q: Quantity<UnitsOf<'mass_C'>>): Quantity<'t_CO2'> {
  return { value: applyRatio(valueIn(q, 't_C', ['q', 'unit']), CO2_PER_C), unit: 't_CO2' };
}

/** A mass of CO₂ (g, kg, t, 万t, 亿t CO₂) → t C: converted to t CO₂ first, then × 12/44. */
export function co2ToCarbon(q: Quantity<UnitsOf<'mass_CO2'>>): Quantity<'t_C'> {
  return { value: valueIn(q, 't_CO2', ['q', 'unit']).times(CO2_PER_C.den).div(CO2_PER_C.num), unit: 't_C' };
}

/**
 * O₂ released with the fixation of CO₂ by photosynthesis: a mass of CO₂, converted to t CO₂ first, × 32/44 → t O₂.
 */
export function oxygenFromCO2(q: Quantity<UnitsOf<'mass_CO2'>>): Quantity<'t_O2'> {
  return { value: applyRatio(valueIn(q, 't_CO2', ['q', 'unit']), O2_PER_CO2), unit: 't_O2' };
}
