/**
 * The input workbook's layout, as data: one sheet per section of the account input (docs/input-format.md), one
 * row per record, one column per field (a quantity takes a value and a unit column; a price or an amount of money
 * a value, a unit and a price-year column). The template writer and the reader both follow this list, so a sheet
 * or column added here is written and read alike.
 */
import type { Dimension } from '../core/units';
import { AIR_POLLUTANTS, ENERGY_KINDS, SECTORS, WATER_POLLUTANTS, WATER_USES } from '../input/input';
import { airPurification, ecologicalEnergy, waterPurification, waterSupply } from '../indicators/index';

/** A validation list of the 代码表 sheet. */
export type ListName =
  | 'types'
  | 'zones'
  | 'level'
  | 'sector'
  | 'water-pollutant'
  | 'air-pollutant'
  | 'water-use'
  | 'energy-kind'
  | 'json-section';

export interface Field {
  /** Dot path of the field inside the record (`area`, `region.name`). */
  key: string;
  kind: 'text' | 'number' | 'year' | 'quantity' | 'price' | 'money';
  zh: string;
  en: string;
  /** Quantity: the dimension whose units the unit column lists. */
  dim?: Dimension;
  /** The unit read when the unit cell is blank (stated in the header note). */
  unit?: string;
  list?: ListName;
  /**
   * A code or id without a list (a zone's id, a division code): Text in the template, as a list's column is, so that
   * Excel keeps what is typed (a leading zero).
   */
  code?: true;
  /**
   * A number between 0 and 1 typed as a fraction (a share, a rate, a 0–1 factor): a percent format shows it as it is
   * (0.35 as 35%), where in any other number column it shows a hundred times the number held.
   */
  fraction?: true;
  required?: boolean;
}

export interface SheetSpec {
  /** Sheet name (Chinese, as researchers name their tables; at most 31 characters). */
  name: string;
  en: string;
  /** Where the records go in the input (`[]`: fields of the input itself, one row). */
  path: readonly string[];
  fields: readonly Field[];
  about: { zh: string; en: string };
  /** One row only (the region). */
  single?: boolean;
  /** Every input has it (region and year, ecosystem areas): a workbook without it is XLSX_SHEET_MISSING. */
  required?: boolean;
  /**
   * Rows that belong to a record of another sheet (products of a sector record): the keys that name the parent
   * record, the sheet holding it and the field of the parent that collects them.
   */
  parent?: { sheet: string; keys: readonly string[]; field: string };
}

const note: Field = { key: 'note', kind: 'text', zh: '备注', en: 'Note' };
const zone: Field = { key: 'zone', kind: 'text', zh: '分区', en: 'Zone', list: 'zones' };
const type = (required: boolean): Field => ({
  key: 'ecosystem',
  kind: 'text',
  zh: '生态系统类型',
  en: 'Ecosystem type',
  list: 'types',
  required,
});
const q = (key: string, zh: string, en: string, dim: Dimension, unit: string, required = true): Field => ({
  key,
  kind: 'quantity',
  zh,
  en,
  dim,
  unit,
  required,
});
const num = (key: string, zh: string, en: string, required = true): Field => ({
  key,
  kind: 'number',
  zh,
  en,
  required,
});
const fraction = (key: string, zh: string, en: string, required = true): Field => ({
  ...num(key, zh, en, required),
  fraction: true,
});
const money = (key: string, zh: string, en: string, required = false): Field => ({
  key,
  kind: 'money',
  zh,
  en,
  unit: 'wan_yuan',
  required,
});
const price = (key: string, zh: string, en: string, unit?: string, required = true): Field => ({
  key,
  kind: 'price',
  zh,
  en,
  ...(unit !== undefined ? { unit } : {}),
  required,
});
const text = (key: string, zh: string, en: string, required = true): Field => ({
  key,
  kind: 'text',
  zh,
  en,
  required,
});

export const INPUT_SHEETS: readonly SheetSpec[] = [
  {
    name: '基本信息',
    en: 'Region and year',
    path: [],
    single: true,
    required: true,
    about: {
      zh: '核算区域、年份与总面积（只填一行）',
      en: 'Region, accounting year and total area (one row)',
    },
    fields: [
      text('region.name', '区域名称', 'Region name'),
      { ...text('region.code', '行政区划代码', 'Division code', false), code: true },
      { key: 'region.level', kind: 'text', zh: '区域级别', en: 'Level', list: 'level', required: true },
      { key: 'year', kind: 'year', zh: '核算年份', en: 'Accounting year', required: true },
      q('totalArea', '总面积', 'Total area', 'area', 'km2', false),
      { key: 'region.note', kind: 'text', zh: '备注', en: 'Note' },
    ],
  },
  {
    name: '分区',
    en: 'Zones',
    path: ['zones'],
    about: { zh: '乡镇等分区（可不填）', en: 'Townships or other zones (optional)' },
    fields: [
      { ...text('id', '分区编号', 'Zone id'), code: true },
      text('name', '分区名称', 'Zone name'),
      q('area', '面积', 'Area', 'area', 'km2', false),
      note,
    ],
  },
  {
    name: '生态系统面积',
    en: 'Ecosystem areas',
    path: ['ecosystems'],
    required: true,
    about: {
      zh: '各类生态系统面积（类型可填代码、中文名称或国土调查地类编码）',
      en: 'Ecosystem areas by type (a code, a Chinese name or a land-use survey code)',
    },
    fields: [zone, { ...type(true), key: 'type' }, q('area', '面积', 'Area', 'area', 'km2'), note],
  },
  {
    name: '气候',
    en: 'Climate',
    path: ['climate'],
    about: {
      zh: '降水、蒸散发等（最具体的一行适用：分区+类型 > 类型 > 分区 > 全区）',
      en: 'Precipitation, evapotranspiration… (the most specific row applies: zone+type > type > zone > region)',
    },
    fields: [
      zone,
      type(false),
      q('precipitation', '降水量', 'Precipitation', 'length', 'mm', false),
      q('evapotranspiration', '蒸散发量', 'Evapotranspiration', 'length', 'mm', false),
      q('acDays', '日最高气温超过26℃天数', 'Days above 26 °C', 'time', 'day', false),
      fraction('relativeHumidity', '相对湿度（0–1）', 'Relative humidity (0–1)', false),
      q('stormPrecipitation', '暴雨降水量', 'Storm precipitation', 'length', 'mm', false),
      note,
    ],
  },
  {
    name: '土壤因子',
    en: 'RUSLE factors',
    path: ['soilFactors'],
    about: { zh: '通用土壤流失方程因子（按类型）', en: 'RUSLE factors by ecosystem type' },
    fields: [
      zone,
      type(true),
      q('R', '降雨侵蚀力R', 'Rainfall erosivity R', 'rusle_R', 'MJ_mm_per_hm2_h_a'),
      q('K', '土壤可蚀性K', 'Soil erodibility K', 'rusle_K', 't_hm2_h_per_hm2_MJ_mm'),
      num('LS', '坡长坡度因子LS', 'Slope length-steepness LS'),
      fraction('C', '植被覆盖因子C', 'Cover-management C'),
      fraction('P', '水土保持措施因子P', 'Support practice P', false),
      note,
    ],
  },
  {
    name: '土壤保持量',
    en: 'Soil retention totals',
    path: ['soilRetention'],
    about: {
      zh: '已由GIS算得的土壤保持量（按类型）',
      en: 'Soil retention computed elsewhere (GIS), by type',
    },
    fields: [zone, type(true), q('amount', '土壤保持量', 'Soil retained', 'mass', 't'), note],
  },
  {
    name: '水源涵养量',
    en: 'Water conservation totals',
    path: ['waterConservation'],
    about: {
      zh: '已另行算得的水源涵养量（按类型；R1 开关 source = totals 时使用）',
      en: 'Water conservation computed elsewhere, by type (read when R1’s switch source is totals)',
    },
    fields: [zone, type(true), q('amount', '水源涵养量', 'Water conserved', 'volume', 'm3'), note],
  },
  {
    name: '气候调节量',
    en: 'Climate regulation totals',
    path: ['climateRegulation'],
    about: {
      zh: '已另行算得的气候调节耗电量（按类型；R8 开关 source = totals 时使用）',
      en: 'Climate regulation energy computed elsewhere, by type (read when R8’s switch source is totals)',
    },
    fields: [zone, type(true), q('amount', '调节耗电量', 'Energy saved', 'energy', 'kWh'), note],
  },
  {
    name: '湖泊',
    en: 'Lakes',
    path: ['waterBodies', 'lakes'],
    about: {
      zh: '湖泊面积与年换水次数，或已知洪水调蓄量（洪水调蓄）',
      en: 'Lake areas and exchange counts, or a known flood-regulation storage (flood regulation)',
    },
    fields: [
      text('name', '名称', 'Name'),
      zone,
      q('area', '面积', 'Area', 'area', 'km2'),
      num('exchangeCount', '年换水次数', 'Exchange count per year', false),
      q('floodStorage', '洪水调蓄量', 'Flood-regulation storage', 'volume', 'm3', false),
      note,
    ],
  },
  {
    name: '湿地',
    en: 'Wetlands',
    path: ['waterBodies', 'wetlands'],
    about: {
      zh: '已知洪水调蓄量的湿地（替代同一分区、同一类型沼泽的 S × h）',
      en: 'Wetlands with a known flood-regulation storage (replaces S × h for marshes of the same zone and type)',
    },
    fields: [
      text('name', '名称', 'Name'),
      zone,
      type(true),
      q('floodStorage', '洪水调蓄量', 'Flood-regulation storage', 'volume', 'm3'),
      note,
    ],
  },
  {
    name: '水库',
    en: 'Reservoirs',
    path: ['waterBodies', 'reservoirs'],
    about: { zh: '水库总库容与防洪库容', en: 'Reservoir total and flood-control storage' },
    fields: [
      text('name', '名称', 'Name'),
      zone,
      q('totalStorage', '总库容', 'Total storage', 'volume', 'wan_m3'),
      q('floodStorage', '防洪库容', 'Flood-control storage', 'volume', 'wan_m3', false),
      note,
    ],
  },
  {
    name: '水污染物',
    en: 'Water pollutants',
    path: ['emissions', 'water'],
    about: { zh: '水污染物排放量', en: 'Water pollutant emissions' },
    fields: [
      {
        key: 'pollutant',
        kind: 'text',
        zh: '污染物',
        en: 'Pollutant',
        list: 'water-pollutant',
        required: true,
      },
      zone,
      q('amount', '排放量', 'Emission', 'mass', 't'),
      note,
    ],
  },
  {
    name: '大气污染物',
    en: 'Air pollutants',
    path: ['emissions', 'air'],
    about: { zh: '大气污染物排放量', en: 'Air pollutant emissions' },
    fields: [
      {
        key: 'pollutant',
        kind: 'text',
        zh: '污染物',
        en: 'Pollutant',
        list: 'air-pollutant',
        required: true,
      },
      zone,
      q('amount', '排放量', 'Emission', 'mass', 't'),
      note,
    ],
  },
  {
    name: '生产力',
    en: 'Productivity',
    path: ['productivity'],
    about: { zh: '净初级生产力与净生态系统生产力（按类型）', en: 'NPP and NEP by ecosystem type' },
    fields: [
      zone,
      type(true),
      q('npp', '净初级生产力NPP', 'NPP (dry matter)', 'mass_DM_per_area', 't_DM_per_hm2_a', false),
      q('nep', '净生态系统生产力NEP', 'NEP (carbon)', 'mass_C_per_area', 't_C_per_hm2_a', false),
      note,
    ],
  },
  {
    name: '森林资源',
    en: 'Forest inventory',
    path: ['forestInventory'],
    about: { zh: '森林蓄积量、生长率与采伐率', en: 'Standing volume, growth and harvest rates' },
    fields: [
      zone,
      type(true),
      q('stockVolume', '蓄积量', 'Standing volume', 'volume', 'm3'),
      fraction('grossGrowthRate', '总生长率（0–1）', 'Gross growth rate (0–1)'),
      fraction('harvestRate', '采伐率（0–1）', 'Harvest rate (0–1)'),
      note,
    ],
  },
  {
    name: '负氧离子',
    en: 'Negative air ions',
    path: ['airIons'],
    about: { zh: '负氧离子浓度与林分高度', en: 'Negative ion concentration and stand height' },
    fields: [
      zone,
      type(true),
      q('concentration', '负氧离子浓度', 'Ion concentration', 'ion_concentration', 'ions_per_cm3'),
      q('standHeight', '林分高度', 'Stand height', 'length', 'm'),
      note,
    ],
  },
  {
    name: '防风固沙',
    en: 'Sand fixation',
    path: ['sandFixation'],
    about: { zh: '固沙量（RWEQ，已另行算得）', en: 'Sand fixed (RWEQ, computed elsewhere)' },
    fields: [zone, type(false), q('amount', '固沙量', 'Sand fixed', 'mass', 't'), note],
  },
  {
    name: '病虫害控制',
    en: 'Pest control',
    path: ['pestControl'],
    about: { zh: '病虫害自然恢复面积', en: 'Area recovering from pests without intervention' },
    fields: [zone, type(true), q('area', '自然恢复面积', 'Self-recovering area', 'area', 'hm2'), note],
  },
  {
    name: '海岸防护',
    en: 'Coastal protection',
    path: ['coastalProtection'],
    about: { zh: '受保护海岸线长度', en: 'Protected coastline length' },
    fields: [
      zone,
      text('name', '名称', 'Name'),
      q('length', '海岸线长度', 'Coastline length', 'length', 'm'),
      note,
    ],
  },
  {
    name: '降噪',
    en: 'Noise reduction',
    path: ['noiseReduction'],
    about: { zh: '林带降噪长度', en: 'Noise barrier length of vegetation' },
    fields: [
      zone,
      type(false),
      text('name', '名称', 'Name'),
      q('length', '长度', 'Length', 'length', 'm'),
      note,
    ],
  },
  {
    name: '景观',
    en: 'Landscape',
    path: ['landscape'],
    about: {
      zh: '景观溢价：受益面积×单位面积溢价',
      en: 'Landscape premium: benefiting area × premium per area',
    },
    fields: [
      zone,
      text('name', '名称', 'Name'),
      q('area', '受益面积', 'Benefiting area', 'area', 'm2'),
      price('premium', '单位面积溢价', 'Premium per area', 'yuan/m2'),
      note,
    ],
  },
  {
    name: '产业',
    en: 'Sectors',
    path: ['materialProducts'],
    about: {
      zh: '农林牧渔产值等（每个产业、分区一行；产品明细填“产品”表）',
      en: 'Gross output and accounts by sector (one row per sector and zone; products on sheet 产品)',
    },
    fields: [
      { key: 'sector', kind: 'text', zh: '产业', en: 'Sector', list: 'sector', required: true },
      zone,
      money('grossOutput', '总产值', 'Gross output'),
      money('intermediateConsumption', '中间消耗', 'Intermediate consumption'),
      money('valueAdded', '增加值', 'Value added'),
      money('depreciation', '折旧', 'Depreciation'),
      money('netOutput', '净产值', 'Net output'),
      fraction('ecologicalShare', '生态贡献比例（0–1）', 'Ecological share (0–1)', false),
      note,
    ],
  },
  {
    name: '产品',
    en: 'Products',
    path: ['products'],
    parent: { sheet: '产业', keys: ['sector', 'zone'], field: 'products' },
    about: { zh: '产品产量与价格（市场价值法）', en: 'Product quantities and prices (market value method)' },
    fields: [
      { key: 'sector', kind: 'text', zh: '产业', en: 'Sector', list: 'sector', required: true },
      zone,
      text('name', '产品名称', 'Product'),
      { key: 'quantity', kind: 'quantity', zh: '产量', en: 'Quantity', required: true },
      price('price', '价格', 'Price'),
      note,
    ],
  },
  {
    name: '水资源',
    en: 'Water supply',
    path: ['waterSupply'],
    about: { zh: '生活、工业、农业用水量', en: 'Domestic, industrial and agricultural water use' },
    fields: [
      { key: 'use', kind: 'text', zh: '用途', en: 'Use', list: 'water-use', required: true },
      zone,
      q('volume', '用水量', 'Volume', 'volume', 'wan_m3'),
      price('price', '水价（空=系数表）', 'Water price (blank = table)', 'yuan/m3', false),
      note,
    ],
  },
  {
    name: '能源',
    en: 'Energy',
    path: ['energy'],
    about: { zh: '水电等清洁能源发电量与上网电价', en: 'Clean energy generation and tariffs' },
    fields: [
      { key: 'kind', kind: 'text', zh: '能源类型', en: 'Kind', list: 'energy-kind', required: true },
      zone,
      q('generation', '发电量', 'Generation', 'energy', 'wan_kWh'),
      price('tariff', '上网电价', 'Tariff', 'yuan/kWh'),
      note,
    ],
  },
  {
    name: '旅游人次',
    en: 'Tourism visits',
    path: ['tourism', 'segments'],
    about: { zh: '旅游人次与人均花费（旅行费用法）', en: 'Visits and spending per visit (travel cost)' },
    fields: [
      text('name', '游客类别', 'Segment'),
      zone,
      q('visits', '人次', 'Visits', 'visits', 'wan_person_time'),
      price('spendingPerVisit', '人均花费', 'Spending per visit', 'yuan/person_time'),
      price('timeCostPerVisit', '人均时间成本', 'Time cost per visit', 'yuan/person_time', false),
      price(
        'consumerSurplusPerVisit',
        '人均消费者剩余',
        'Consumer surplus per visit',
        'yuan/person_time',
        false,
      ),
      note,
    ],
  },
  {
    name: '旅游收入',
    en: 'Tourism revenue',
    path: ['tourism', 'revenue'],
    about: { zh: '旅游总收入与生态贡献比例', en: 'Tourism revenue and its ecological share' },
    fields: [
      zone,
      money('amount', '旅游收入', 'Revenue', true),
      fraction('ecologicalShare', '生态贡献比例（0–1）', 'Ecological share (0–1)'),
      note,
    ],
  },
];

/** Sections without a table form, written as JSON text on the JSON sheet (rows of one section are joined). */
export const JSON_SHEET = {
  name: 'JSON',
  sections: ['overrides', 'customIndicators', 'notes', 'meta'],
  headers: ['节 Section', 'JSON 文本 JSON text'],
  /** Row 2 of the sheet: what each column takes. */
  notes: [
    'overrides | customIndicators | notes | meta',
    'JSON，与输入文件中的写法相同 / as in a JSON input file',
  ],
} as const;

/** The sheets of the template that hold no input. */
export const README_SHEET = '说明';
export const LISTS_SHEET = '代码表';

/** The lists of the 代码表 sheet that do not depend on the profile (types) or the workbook (zones). */
export const FIXED_LISTS: Partial<Record<ListName, readonly string[]>> = {
  level: ['province', 'city', 'county', 'township', 'village', 'unit'],
  sector: SECTORS,
  'water-pollutant': WATER_POLLUTANTS,
  'air-pollutant': AIR_POLLUTANTS,
  'water-use': WATER_USES,
  'energy-kind': ENERGY_KINDS,
  'json-section': JSON_SHEET.sections,
};

/** The Chinese names of a method's sub-items (pollutants, water uses, energy kinds), by code. */
const subItemNames = (m: { subItems: readonly { code: string; name: { zh: string } }[] }) =>
  Object.fromEntries(m.subItems.map((i) => [i.code, i.name.zh]));

/**
 * The Chinese name of each code of the fixed lists, as sheet 代码表 shows it beside the code. A cell may hold the code
 * or this name (or the name without its bracketed note or its 用水 suffix: 颗粒物, 生活); the reader takes either.
 * Pollutants, water uses and energy kinds are named as their methods name their sub-items.
 */
export const LIST_NAMES_ZH: Partial<Record<ListName, Readonly<Record<string, string>>>> = {
  level: { province: '省', city: '市', county: '县', township: '乡镇', village: '村', unit: '特定地域单元' },
  sector: { agriculture: '农业', forestry: '林业', animal_husbandry: '畜牧业', fishery: '渔业' },
  'water-pollutant': subItemNames(waterPurification),
  'air-pollutant': subItemNames(airPurification),
  'water-use': subItemNames(waterSupply),
  'energy-kind': subItemNames(ecologicalEnergy),
};

/** The field names of the fixed lists, as the 代码表 sheet heads their codes. */
export const LIST_TITLES: Partial<Record<ListName, string>> = {
  level: '区域级别 Level',
  sector: '产业 Sector',
  'water-pollutant': '水污染物 Water pollutant',
  'air-pollutant': '大气污染物 Air pollutant',
  'water-use': '用水用途 Water use',
  'energy-kind': '能源类型 Energy kind',
};

/** The spellings a cell may give a fixed list's code: its Chinese name and that name's short forms, to the code. */
export const LIST_SPELLINGS: Partial<Record<ListName, ReadonlyMap<string, string>>> = Object.fromEntries(
  Object.entries(LIST_NAMES_ZH).map(([list, names]) => [
    list,
    new Map(
      Object.entries(names).flatMap(([code, zh]) =>
        [zh, withoutNote(zh), zh.replace(/用水$/, '')].map((s): [string, string] => [s, code]),
      ),
    ),
  ]),
);

/** One column of a sheet: the field it fills and which part (value, unit or price year). */
export interface Column {
  field: Field;
  part: 'value' | 'unit' | 'priceYear';
  header: string;
  /** Headers of the same column in templates of earlier releases, which the reader still reads. */
  formerHeaders?: readonly string[];
  note: string;
}

/** The columns of a sheet, in order: the template's headers are these, and the reader looks columns up by them. */
export function columnsOf(sheet: SheetSpec): Column[] {
  return sheet.fields.flatMap((f): Column[] => {
    const req = f.required === true ? '必填 required' : '选填 optional';
    const value: Column = { field: f, part: 'value', header: `${f.zh} ${f.en}`, note: valueNote(f, req) };
    if (f.kind !== 'quantity' && f.kind !== 'price' && f.kind !== 'money') return [value];
    const zh = withoutNote(f.zh);
    const en = withoutNote(f.en);
    const unit: Column = {
      field: f,
      part: 'unit',
      header: `${zh}单位 ${en} unit`,
      ...former(`${zh}单位 ${en} unit`, `${f.zh}单位 ${f.en} unit`),
      note: f.unit !== undefined ? `空 = ${f.unit} / blank = ${f.unit}` : '必填 required',
    };
    if (f.kind === 'quantity') return [value, unit];
    const priceYear = `${zh.endsWith('价格') ? zh : `${zh}价格`}年 ${/price$/i.test(en) ? en : `${en} price`} year`;
    return [
      value,
      unit,
      {
        field: f,
        part: 'priceYear',
        header: priceYear,
        ...former(priceYear, `${f.zh}价格年 ${f.en} price year`),
        note: '年份 year, e.g. 2020',
      },
    ];
  });
}

/** A field's name without its note in brackets: 水价（空=系数表） → 水价, Water price (blank = table) → Water price. */
function withoutNote(name: string): string {
  return name.replace(/\s*[（(][^）)]*[）)]\s*$/, '');
}

/** The header earlier templates gave a column, where it differs from today's. */
function former(header: string, earlier: string): { formerHeaders?: readonly string[] } {
  return header === earlier ? {} : { formerHeaders: [earlier] };
}

function valueNote(f: Field, req: string): string {
  switch (f.kind) {
    case 'number':
    case 'quantity':
    case 'price':
    case 'money':
      return `数值 number; ${req}`;
    case 'year':
      return `年份 year; ${req}`;
    case 'text':
      return f.list === 'types'
        ? `代码或名称 code or name; ${req}`
        : f.list !== undefined
          ? `见代码表 see 代码表; ${req}`
          : `文本 text; ${req}`;
  }
}
