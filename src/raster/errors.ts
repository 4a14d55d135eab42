/**
 * Error codes of the raster module (gepkit/raster): this module's own catalogue, in the form core/catalogue.ts describes; src/errors.ts
 * composes it with the others for the CLI and docs/errors.md.
 */
import {
  type CatalogueEntry,
  type DetailPattern,
  type IssueBuilders,
  detailZhOf,
  entry,
  issuesOf,
  ownValue,
} from '../core/catalogue';
import { fileDetailZh, invalidDetailZh, switchDetailZh } from '../core/errors';

/**
 * The Chinese of a problem the configuration's schema reports (config.ts): its own refinements (the land-cover
 * layer required, a zone's value or id given twice) by form; any other goes to invalidDetailZh (zod's forms).
 */
const schemaProblemZh = detailZhOf(
  { 'layers.landcover is required': '缺少 layers.landcover' },
  [
    [
      /^zone (value|id) (.+) is given twice \(zones\[(\d+)\] and zones\[(\d+)\]\)$/s,
      (m) => `分区的 ${m[1]} ${m[2]} 出现了两次（zones[${m[3]}] 与 zones[${m[4]}]）`,
    ],
    [
      /^crosswalk keys "(\d+)" and "(\d+)" are both land-cover code (\d+)$/,
      (m) => `对照表的键 "${m[1]}" 与 "${m[2]}" 是同一个土地覆被代码 ${m[3]}`,
    ],
    [
      /^land-cover code (\d+) is not below 2\^20 \((\d+)\), the largest code a raster may hold$/,
      (m) => `土地覆被代码 ${m[1]} 不小于 2^20（${m[2]}），超出栅格代码的上限`,
    ],
  ],
  invalidDetailZh,
);

const CONFIG_PATTERNS_ZH: readonly DetailPattern[] = [
  // The schema's problems (config.ts): `<path>: Invalid input: <problem>`, the path "(root)" for the whole file.
  [
    /^(\S+): Invalid input: (.+)$/s,
    (m) => `${m[1] === '(root)' ? '（根）' : m[1]}：${schemaProblemZh(m[2] as string)}`,
  ],
  // An indicator's switches (params.ts): `<indicator> (<method>): ` and the switch schema's problems.
  [/^\S+ \([^)]*\): /, (m) => switchDetailZh(m.input)],
  [
    /^models\.(\S+)\.groups \((.*)\) differ from account\.options\.switches\.(\S+)\.groups \((.*)\)$/s,
    (m) => `models.${m[1]}.groups（${m[2]}）与 account.options.switches.${m[3]}.groups（${m[4]}）不一致`,
  ],
  [/^unknown method (\S+) for (\S+)$/, (m) => `${m[2]} 的方法 ${m[1]} 不存在`],
  [
    /^account\.options\.profile differs from profile \((.*)\): give the profile once, as "profile"$/s,
    (m) => `account.options.profile 与 profile（${m[1]}）不一致：请只在 "profile" 中给出一次核算方案`,
  ],
  [
    /^ecosystem type "(.*)" is not in the classification (\S+) \((.*)\)$/s,
    (m) => `生态系统类型“${m[1]}”不在分类 ${m[2]} 中（${m[3]}）`,
  ],
  // The command line's options (cli/raster.ts).
  [/^--(\S+) must be a whole number, got (.*)$/s, (m) => `--${m[1]} 必须是非负整数，实际为 ${m[2]}`],
];

/**
 * The Chinese of a RASTER_CONFIG_INVALID detail: the schema's problems (in invalidDetailZh's forms, or the schema's
 * own refinements), an indicator's switches (switchDetailZh), and the checks params.ts and the command line make
 * in fixed forms; any other detail is kept as it is.
 */
const configDetailZh = detailZhOf(
  {
    '"zones" are declared but there is no zones layer': '声明了 "zones"，但没有分区图层（layers.zones）',
    'no model chosen (water, soil, productivity)': '未选择任何模型（water、soil、productivity）',
    '--run-id needs --queue': '--run-id 需要与 --queue 一起使用',
    "--workers sets a local run's threads: with --queue the tiles are computed by gepkit worker processes; give one or the other":
      '--workers 设置本地运行的线程数：使用 --queue 时由 gepkit worker 进程计算图块；两者只能给出其一',
  },
  CONFIG_PATTERNS_ZH,
  (detail) => detail,
);

/** A TIFF tag's value as blocks.ts's tagText writes it: a list by its length, a missing tag ("undefined"), else as written. */
const tagZh = (v: string) => {
  if (v === 'undefined') return '未声明';
  const m = /^a list of (\d+) values$/.exec(v);
  return m === null ? v : `含 ${m[1]} 个值的列表`;
};
/** A block of a TIFF's layout (blocks.ts), in Chinese. */
const blockZh = (kind: string) => (kind === 'tile' ? '瓦片' : '条带');

/**
 * The Chinese of a RASTER_FILE_TRUNCATED detail: the layout checks of blocks.ts (a size that is not a positive whole
 * number, blocks missing, or lying past the file's end); any other detail is kept as it is.
 */
const truncatedDetailZh = detailZhOf(
  {},
  [
    [
      /^the first directory lies at byte (\d+), the file has (\d+)$/,
      (m) => `第一个目录位于第 ${m[1]} 字节，而文件只有 ${m[2]} 字节`,
    ],
    [
      /^the first directory's (\d+) entries run to byte (\d+), the file has (\d+)$/,
      (m) => `第一个目录的 ${m[1]} 个条目延伸到第 ${m[2]} 字节，而文件只有 ${m[3]} 字节`,
    ],
    [
      /^tag (\d+) declares bytes (\d+)–(\d+), the file has (\d+)$/,
      (m) => `标签 ${m[1]} 声明的字节范围为 ${m[2]}–${m[3]}，而文件只有 ${m[4]} 字节`,
    ],
    [/^image size (.+) × (.+)$/s, (m) => `图像尺寸 ${tagZh(m[1] as string)} × ${tagZh(m[2] as string)} 无效`],
    [
      /^block size (.+) × (.+)$/s,
      (m) => `数据块尺寸 ${tagZh(m[1] as string)} × ${tagZh(m[2] as string)} 无效`,
    ],
    [/^no (tile|strip) offsets or byte counts$/, (m) => `没有${blockZh(m[1] as string)}的偏移量或字节数`],
    [
      /^(\d+) (tile|strip)s needed, (\d+) listed$/,
      (m) => `需要 ${m[1]} 个${blockZh(m[2] as string)}，只列出了 ${m[3]} 个`,
    ],
    [
      /^(tile|strip) (\d+) declares bytes (\S+)–(\S+), the file has (\d+)$/,
      (m) => `${blockZh(m[1] as string)} ${m[2]} 声明的字节范围为 ${m[3]}–${m[4]}，而文件只有 ${m[5]} 字节`,
    ],
    [
      /^(tile|strip) (\d+) holds (\d+) bytes, (\d+) needed$/,
      (m) => `${blockZh(m[1] as string)} ${m[2]} 只有 ${m[3]} 字节，需要 ${m[4]} 字节`,
    ],
  ],
  (detail) => detail,
);

/** What a window's read failed with (reader-node.ts): gepkit's count of the values decoded, else the library's message as written. */
const windowErrorZh = detailZhOf(
  {},
  [[/^(\d+) values decoded, (\d+) needed$/, (m) => `解码出 ${m[1]} 个值，需要 ${m[2]} 个`]],
  (detail) => detail,
);

/** The Chinese of a RASTER_DECODE_FAILED detail (reader-node.ts); any other detail is kept as it is. */
const decodeDetailZh = detailZhOf(
  { 'the GDAL_NODATA tag is not text (a damaged tag type)': 'GDAL_NODATA 标签不是文本（标签类型已损坏）' },
  [
    [/^the GDAL_NODATA tag is (".*"), not a number$/s, (m) => `GDAL_NODATA 标签为 ${m[1]}，不是数值`],
    [
      /^window (\d+),(\d+)–(\d+),(\d+): (.*)$/s,
      (m) => `窗口 ${m[1]},${m[2]}–${m[3]},${m[4]}：${windowErrorZh(m[5] as string)}`,
    ],
  ],
  (detail) => detail,
);

/** A RASTER_NOT_GEOTIFF detail: gepkit's own, in Chinese; the TIFF library's messages are kept as written. */
const notGeotiffDetailZh = detailZhOf(
  {
    'a TIFF without georeferencing': '该 TIFF 没有地理参考信息',
    'the file does not begin with a TIFF byte order mark (II or MM)':
      '文件开头不是 TIFF 字节序标记（II 或 MM）',
  },
  [
    [
      /^the file is (\d+) bytes long, shorter than a (TIFF|BigTIFF) header \((\d+) bytes\)$/,
      (m) => `文件只有 ${m[1]} 字节，短于 ${m[2]} 文件头（${m[3]} 字节）`,
    ],
    [
      /^the TIFF version is (\d+), not 42 \(TIFF\) or 43 \(BigTIFF\)$/,
      (m) => `TIFF 版本号为 ${m[1]}，不是 42（TIFF）或 43（BigTIFF）`,
    ],
    [
      /^BigTIFF offsets of (\d+) bytes; only 8 are defined$/,
      (m) => `BigTIFF 偏移量为 ${m[1]} 字节，规范只定义了 8 字节`,
    ],
  ],
  (detail) => detail,
);

/** The Chinese of a RASTER_NODATA_EVERYWHERE detail (run-node.ts). */
const nodataDetailZh = detailZhOf(
  {
    'land cover or zones are NoData on every pixel': '土地覆被或分区图层在每个像元上都是无数据',
    'land cover is NoData on every pixel': '土地覆被图层在每个像元上都是无数据',
  },
  [
    [
      /^every pixel model (\S+) covers has NoData in a layer it needs$/,
      (m) => `模型 ${m[1]} 覆盖的每个像元在其所需的某个图层中都是无数据`,
    ],
  ],
  (detail) => detail,
);

/** The Chinese of a RASTER_PROFILE_GROUPS_MISSING detail (params.ts), which follows the profile's id. */
const groupsDetailZh = detailZhOf(
  {
    'has no water-conservation indicator (R1)': '没有水源涵养指标（R1）',
    'has no soil-retention indicator (R2)': '没有土壤保持指标（R2）',
    'has no carbon-sequestration indicator (R6)': '没有固碳指标（R6）',
    'has no oxygen-release indicator (R7)': '没有释氧指标（R7）',
  },
  [
    [/^lists (\S+) \(([^)]*)\) without groups$/, (m) => `列出了 ${m[1]}（${m[2]}），但未给出 groups`],
    [
      /^lists (\S+) \(([^)]*)\) without groups or negativeTerms$/,
      (m) => `列出了 ${m[1]}（${m[2]}），但未给出 groups 或 negativeTerms`,
    ],
  ],
  (detail) => detail,
);

/** What a layer's unit should be (RASTER_UNIT_INVALID's `expected`, params.ts unitFactor), in Chinese. */
const expectedUnitZh = detailZhOf(
  {
    'a depth in mm or m': '以 mm 或 m 计的深度',
    'metres (m), like the grid': '米（m），与栅格网格的单位一致',
    'MJ_mm_per_hm2_h_a (MJ·mm/(hm²·h·a))': '单位 MJ_mm_per_hm2_h_a（MJ·mm/(hm²·h·a)）',
    't_hm2_h_per_hm2_MJ_mm (t·hm²·h/(hm²·MJ·mm))': '单位 t_hm2_h_per_hm2_MJ_mm（t·hm²·h/(hm²·MJ·mm)）',
    'dry matter (t_DM_per_hm2_a or g_DM_per_m2_a); carbon → dry matter is × 162/72, convert explicitly':
      '干物质单位（t_DM_per_hm2_a 或 g_DM_per_m2_a）；碳换算为干物质需乘以 162/72，请先显式换算',
    't_DM_per_hm2_a or g_DM_per_m2_a': '单位 t_DM_per_hm2_a 或 g_DM_per_m2_a',
    'no unit (a dimensionless factor)': '无单位（无量纲因子）',
  },
  [],
  (expected) => expected,
);

/** Why a configured layer is not used (RASTER_LAYER_UNUSED's `reason`, run-node.ts unusedReason), in Chinese. */
const unusedReasonZh = detailZhOf(
  {},
  [
    [
      /^models\.soil\.(cover|practice) = "(.*)" gives (C|P) by land cover$/s,
      (m) => `models.soil.${m[1]} = "${m[2]}" 已按土地覆被给出 ${m[3]} 因子`,
    ],
    [/^models\.soil\.ls is "(layer|dem)"$/, (m) => `models.soil.ls 为 "${m[1]}"`],
    [
      /^the (\S+) switch practice "c-only" takes P = 1$/,
      (m) => `${m[1]} 的开关 practice 为 "c-only"，取 P = 1`,
    ],
    [/^model (\S+) is not in "models"$/, (m) => `模型 ${m[1]} 不在 "models" 中`],
  ],
  (reason) => reason,
);

/** What a layer declares too large (RASTER_TOO_LARGE's `what`: blocks.ts, run-node.ts), in Chinese. */
const tooLargeWhatZh = detailZhOf(
  { grid: '栅格', block: '数据块' },
  [[/^tile list \((\d+) tiles of (\d+) pixels\)$/, (m) => `瓦片列表（${m[1]} 个边长 ${m[2]} 像元的瓦片）`]],
  (what) => what,
);

/** What differs between two grids (RASTER_GRID_MISMATCH's `what`, grid.ts), in Chinese. */
const GRID_WHAT_ZH: Readonly<Record<string, string>> = {
  size: '尺寸',
  CRS: '坐标系',
  transform: '仿射变换参数',
};

/** What makes an output layer (RASTER_OUTPUT_UNPRODUCED's `producer`, config.ts), in Chinese. */
const producerZh = detailZhOf(
  { 'model soil with models.soil.ls "dem"': '土壤保持模型（models.soil.ls 为 "dem"）' },
  [[/^model (\S+)$/, (m) => `模型 ${m[1]}`]],
  (producer) => producer,
);

/** The Chinese of a RASTER_SUM_RANGE detail (tile.ts). */
const sumRangeDetailZh = detailZhOf(
  {},
  [
    [
      /^(\d+) pixels, Σ\|k\| ≥ 2\^78 quanta or > 2\^26 pixels(?:; the largest value: (\S+), row (\d+), column (\d+): (\S+))?$/,
      (m) =>
        `${m[1]} 个像元；Σ|k| ≥ 2^78 个量化单位，或像元数超过 2^26${m[2] === undefined ? '' : `；绝对值最大的值：图层 ${m[2]} 第 ${m[3]} 行第 ${m[4]} 列：${m[5]}`}`,
    ],
  ],
  (detail) => detail,
);

/** The Chinese of a RASTER_WORKER_FAILED detail gepkit writes (pool-node.ts); a worker's own error is kept as written. */
const workerDetailZh = detailZhOf(
  {},
  [
    [
      /^no worker file \(looked for (.*)\); pass workerFile or run with workers 0$/s,
      (m) => `找不到工作线程文件（查找了 ${m[1]}）；请传入 workerFile，或以 workers 0 运行`,
    ],
  ],
  (detail) => detail,
);

export const RASTER_ERRORS = {
  RASTER_CONFIG_INVALID: entry<'detail'>(
    'error',
    (p) => `栅格核算配置错误：${configDetailZh(String(p.detail))}`,
    (p) => `Invalid raster configuration: ${p.detail}`,
    () => 'Check the configuration against docs/raster.md (Configuration).',
    () => '请对照 docs/raster.md（Configuration 一节）检查配置。',
  ),
  RASTER_FILE_UNREADABLE: entry<'detail' | 'file' | 'layer'>(
    'error',
    (p) => `无法读取栅格图层 ${p.layer}（${p.file}）：${fileDetailZh(String(p.detail))}`,
    (p) => `Cannot read raster layer ${p.layer} (${p.file}): ${p.detail}`,
    () => 'Check the path (relative paths are read from the configuration file’s folder) and permissions.',
    () => '请检查路径（相对路径从配置文件所在目录读取）和访问权限。',
  ),
  RASTER_NOT_GEOTIFF: entry<'detail' | 'file' | 'layer'>(
    'error',
    (p) => `图层 ${p.layer}（${p.file}）不是 GeoTIFF 文件：${notGeotiffDetailZh(String(p.detail))}`,
    (p) => `Layer ${p.layer} (${p.file}) is not a GeoTIFF: ${p.detail}`,
    () =>
      'Convert the layer to a single-band GeoTIFF (e.g. gdal_translate -of GTiff) with its georeferencing.',
    () => '请将该图层转换为带地理参考信息的单波段 GeoTIFF（如 gdal_translate -of GTiff）。',
  ),
  RASTER_FILE_TRUNCATED: entry<'detail' | 'file' | 'layer'>(
    'error',
    (p) => `栅格图层 ${p.layer}（${p.file}）不完整或已损坏：${truncatedDetailZh(String(p.detail))}`,
    (p) => `Raster layer ${p.layer} (${p.file}) is truncated or damaged: ${p.detail}`,
    () =>
      'Copy or export the file again and compare its size with the original; gepkit never reads a missing block as zeros.',
    () => '请重新复制或导出该文件，并将其大小与原文件比对；gepkit 绝不会把缺失的数据块当作 0 读取。',
  ),
  RASTER_TOO_LARGE: entry<'bytes' | 'file' | 'layer' | 'max' | 'what'>(
    'error',
    (p) =>
      `栅格图层 ${p.layer}（${p.file}）声明的${tooLargeWhatZh(String(p.what))}需要 ${p.bytes} 字节，超过上限 ${p.max}`,
    (p) =>
      `Raster layer ${p.layer} (${p.file}) declares a ${p.what} of ${p.bytes} bytes, above the limit of ${p.max}`,
    () =>
      'Rewrite the layer tiled (gdal_translate -co TILED=YES) or in smaller strips; check the declared width and height against the file.',
    () =>
      '请将该图层改写为瓦片存储（gdal_translate -co TILED=YES）或更小的条带；并对照文件检查所声明的宽度和高度。',
  ),
  RASTER_DECODE_FAILED: entry<'detail' | 'file' | 'layer'>(
    'error',
    (p) => `栅格图层 ${p.layer}（${p.file}）的数据块无法解码：${decodeDetailZh(String(p.detail))}`,
    (p) => `A data block of raster layer ${p.layer} (${p.file}) cannot be decoded: ${p.detail}`,
    () =>
      'The file is damaged or uses a compression gepkit cannot read; export it again (e.g. gdal_translate -co COMPRESS=DEFLATE).',
    () =>
      '文件已损坏，或使用了 gepkit 无法读取的压缩方式；请重新导出（如 gdal_translate -co COMPRESS=DEFLATE）。',
  ),
  RASTER_OUTPUT_OUTSIDE: entry<'base' | 'dir'>(
    'error',
    (p) => `输出目录 ${p.dir} 不在配置文件所在目录 ${p.base} 之内`,
    (p) => `The output folder ${p.dir} lies outside the configuration's folder ${p.base}`,
    () =>
      'Give outputs.dir as a folder inside the configuration’s folder (e.g. "out"); ".." and outside absolute paths are refused.',
    () =>
      '请将 outputs.dir 设为配置文件所在目录内的文件夹（如 "out"）；".." 以及指向该目录之外的绝对路径会被拒绝。',
  ),
  RASTER_OUTPUT_UNPRODUCED: entry<'output' | 'producer'>(
    'error',
    (p) =>
      `输出图层 ${p.output} 只能由以下模型生成：${producerZh(String(p.producer))}；本配置未运行它，该图层将全部为无数据`,
    (p) =>
      `Output layer ${p.output} is made by ${p.producer}, which this configuration does not run: it would be all NoData`,
    (p) => `Remove ${p.output} from outputs.layers, or run ${p.producer}.`,
    (p) => `请从 outputs.layers 中删除 ${p.output}，或运行：${producerZh(String(p.producer))}。`,
  ),
  RASTER_NOT_SINGLE_BAND: entry<'bands' | 'layer'>(
    'error',
    (p) => `图层 ${p.layer} 有 ${p.bands} 个波段，只接受单波段栅格`,
    (p) => `Layer ${p.layer} has ${p.bands} bands; only single-band rasters are accepted`,
    () => 'Extract the band you mean (gdal_translate -b N) into its own file.',
    () => '请将所需的波段提取为单独的文件（gdal_translate -b N）。',
  ),
  RASTER_GRID_MISMATCH: entry<'actual' | 'expected' | 'layer' | 'reference' | 'what'>(
    'error',
    (p) =>
      `图层 ${p.layer} 的${ownValue(GRID_WHAT_ZH, String(p.what)) ?? p.what}与参考图层 ${p.reference} 不一致：${p.actual}，应为 ${p.expected}`,
    (p) =>
      `Layer ${p.layer} differs from the reference layer ${p.reference} in ${p.what}: ${p.actual}, expected ${p.expected}`,
    () =>
      'All layers must share CRS, transform and size; gepkit never resamples. Align them first (gdalwarp -tr -te -t_srs with the reference layer’s grid).',
    () =>
      '所有图层的坐标系、仿射变换参数和尺寸必须一致；gepkit 从不重采样。请先对齐各图层（以参考图层的网格为准，使用 gdalwarp -tr -te -t_srs）。',
  ),
  RASTER_CRS_NOT_PROJECTED: entry<'crs' | 'layer'>(
    'error',
    (p) => `图层 ${p.layer} 的坐标系不是以米为单位的投影坐标系（${p.crs}）`,
    (p) => `Layer ${p.layer} is not in a projected CRS in metres (${p.crs})`,
    () =>
      'Pixel areas and slopes need metres: reproject all layers to a projected CRS (e.g. CGCS2000 / Gauss–Kruger or UTM).',
    () => '像元面积和坡度需以米为单位：请将所有图层重投影到投影坐标系（如 CGCS2000 / Gauss–Kruger 或 UTM）。',
  ),
  RASTER_CRS_AREA_DISTORTED: entry<'crs' | 'layer' | 'projection'>(
    'error',
    (p) =>
      p.projection === 'mercator'
        ? `图层 ${p.layer} 的坐标系为墨卡托投影（${p.crs}）：其“米”不是地面的米，像元面积是地面面积的 1/cos²φ 倍（北纬 28° 约 1.28 倍）`
        : `图层 ${p.layer} 的坐标系为等距圆柱投影（${p.crs}）：像元面积是地面面积的 1/cos φ 倍（北纬 28° 约 1.13 倍）`,
    (p) =>
      p.projection === 'mercator'
        ? `Layer ${p.layer} is in a Mercator projection (${p.crs}): its metres are not ground metres, and a pixel's area is 1/cos²φ times its ground area (× 1.28 at 28° N)`
        : `Layer ${p.layer} is in an equirectangular projection (${p.crs}): a pixel's area is 1/cos φ times its ground area (× 1.13 at 28° N)`,
    () =>
      'Pixel areas are taken from the grid: reproject all layers to a projection that keeps areas near the ground’s (CGCS2000 / Gauss–Kruger, UTM, or an Albers equal-area projection), e.g. gdalwarp -t_srs EPSG:4547.',
    () =>
      '像元面积取自栅格网格：请将所有图层重投影到面积接近地面实际面积的投影（CGCS2000 / Gauss–Kruger、UTM 或 Albers 等积投影），如 gdalwarp -t_srs EPSG:4547',
  ),
  RASTER_PIXEL_NOT_SQUARE: entry<'size'>(
    'error',
    (p) =>
      `坡度坡长因子需要正方形像元，${p.size === 'not square' ? '当前像元不是正方形' : `当前像元为 ${p.size}`}`,
    (p) => `The LS factor needs square pixels; the grid's pixels are ${p.size}`,
    () => 'Resample the DEM (and every other layer) to square pixels, or supply an LS raster.',
    () => '请将 DEM（及其他所有图层）重采样为正方形像元，或提供坡度坡长因子（LS）栅格。',
  ),
  RASTER_PIXEL_SIZE_INVALID: entry<'layer' | 'size'>(
    'error',
    (p) => `图层 ${p.layer} 的像元大小 ${p.size} 不可用：像元边长须为不小于 0.01 m 的有限正数`,
    (p) => `Layer ${p.layer} has pixels of ${p.size}: a pixel's sides must be finite and at least 0.01 m`,
    () =>
      'A pixel scale of 0, or of a few ten-thousandths, is a grid in degrees (or none) tagged with a projected CRS in metres: reproject the layer (gdalwarp -t_srs with the projected CRS of the region, e.g. EPSG:4547, CGCS2000 3-degree Gauss–Krüger with central meridian 114°E) rather than assign the CRS, and check ModelPixelScale.',
    () =>
      '像元尺度为 0 或仅为万分之几，说明这是以度为单位（或没有坐标系）的网格被标注成了以米为单位的投影坐标系：请用所在地区的投影坐标系重投影该图层（gdalwarp -t_srs，例如中央经线为 114°E 的 CGCS2000 三度带高斯–克吕格投影 EPSG:4547），而不是直接指定坐标系，并检查 ModelPixelScale。',
  ),
  RASTER_VALUE_OUT_OF_RANGE: entry<'col' | 'layer' | 'max' | 'min' | 'pixels' | 'row' | 'value'>(
    'error',
    (p) =>
      `图层 ${p.layer} 有 ${p.pixels} 个像元的值${p.max === 'none' ? `小于 ${p.min}` : `超出 ${p.min} 至 ${p.max} 的范围`}（如第 ${p.row} 行第 ${p.col} 列：${p.value}），这些值不是测量值`,
    (p) =>
      `Layer ${p.layer} has ${p.pixels} pixels ${p.max === 'none' ? `below ${p.min}` : `outside ${p.min} to ${p.max}`} (e.g. row ${p.row}, column ${p.col}: ${p.value}); such values are no measurement`,
    (p) =>
      `Most often a NoData value the file does not declare (−9999, −3.4e38): declare it with layers.${p.layer}.nodata (or the file's GDAL_NODATA tag), and check the layer's unit and scale factor.`,
    (p) =>
      `最常见的原因是文件未声明的无数据值（−9999、−3.4e38）：请用 layers.${p.layer}.nodata（或文件的 GDAL_NODATA 标签）声明它，并检查该图层的单位和比例因子。`,
  ),
  RASTER_LAYER_MISSING: entry<'layer' | 'model'>(
    'error',
    (p) => `模型 ${p.model} 需要图层 ${p.layer}`,
    (p) => `Model ${p.model} needs the layer ${p.layer}`,
    (p) => `Add layers.${p.layer} to the configuration, or leave ${p.model} out of "models".`,
    (p) => `请在配置中添加 layers.${p.layer}，或将 ${p.model} 从 "models" 中移除。`,
  ),
  RASTER_UNIT_INVALID: entry<'expected' | 'layer' | 'unit'>(
    'error',
    (p) =>
      `图层 ${p.layer} ${p.unit === '(none)' ? '未声明单位' : `的单位“${p.unit}”不可用`}，需要${expectedUnitZh(String(p.expected))}`,
    (p) => `Layer ${p.layer} has the unit "${p.unit}"; it needs ${p.expected}`,
    () => 'State the unit the raster values are in (docs/raster.md lists the accepted units per layer).',
    () => '请声明栅格数值所用的单位（docs/raster.md 列出了各图层可接受的单位）。',
  ),
  RASTER_CLASS_INVALID: entry<'layer' | 'pixels' | 'value'>(
    'error',
    (p) =>
      `图层 ${p.layer} 含不是 0 至 1048575（2^20 − 1）之间整数的类别值（如 ${p.value}，${p.pixels} 个像元）`,
    (p) =>
      `Layer ${p.layer} holds class values that are not whole numbers from 0 to 1048575 (2^20 − 1) (e.g. ${p.value}; ${p.pixels} pixels)`,
    () =>
      'Land-cover and zone rasters hold whole-number codes from 0 to 1048575; declare the NoData value, or recode the layer (a code of 2^20 or more is not read).',
    () =>
      '土地覆被栅格和分区栅格存放 0 至 1048575 的整数代码；请声明无数据值，或为该图层重新编码（2^20 及以上的代码不被读取）。',
  ),
  RASTER_CLASS_UNMAPPED: entry<'code' | 'pixels'>(
    'error',
    (p) => `土地覆被代码 ${p.code} 未在对照表中（${p.pixels} 个像元）`,
    (p) => `Land-cover code ${p.code} is not in the crosswalk (${p.pixels} pixels)`,
    () =>
      'Map the code to an ecosystem type in landcover.crosswalk, or declare it NoData if it is outside the region.',
    () => '请在 landcover.crosswalk 中将该代码对应到某个生态系统类型；若它位于区域之外，则将其声明为无数据。',
  ),
  RASTER_ZONE_UNDECLARED: entry<'pixels' | 'value'>(
    'error',
    (p) => `分区栅格值 ${p.value} 未在 zones 中声明（${p.pixels} 个像元）`,
    (p) => `Zone raster value ${p.value} is not declared under "zones" (${p.pixels} pixels)`,
    () => 'Declare the zone ({"value": N, "id": ..., "name": ...}) or mark the value NoData.',
    () => '请声明该分区（{"value": N, "id": ..., "name": ...}），或将该值标为无数据。',
  ),
  RASTER_ZONE_EMPTY: entry<'id' | 'value'>(
    'warning',
    (p) => `分区 ${p.id}（栅格值 ${p.value}）在分区栅格中没有任何有土地覆被的像元：其核算结果为空`,
    (p) =>
      `Zone ${p.id} (raster value ${p.value}) has no pixel with a land cover in the zone raster: its account is empty`,
    () =>
      "Check the zone's value against the zone raster's values (gdalinfo -hist); a zone whose value is the raster's NoData value never holds a pixel.",
    () =>
      '请对照分区栅格中的实际取值（gdalinfo -hist）检查该分区的值；取值等于栅格无数据值的分区永远不会有像元。',
  ),
  RASTER_CLASS_IS_NODATA: entry<'code' | 'nodata' | 'type'>(
    'warning',
    (p) =>
      `对照表中的土地覆被代码 ${p.code}（${p.type}）等于土地覆被栅格的无数据值 ${p.nodata}：该代码的像元按无数据读取，不计入核算`,
    (p) =>
      `Land-cover code ${p.code} of the crosswalk (${p.type}) is the land-cover raster's NoData value ${p.nodata}: its pixels are read as NoData and left out of the account`,
    () =>
      'Declare another NoData value for the land cover (layers.landcover.nodata, one no class uses), or recode the class; a code that is the NoData value never holds a pixel.',
    () =>
      '请为土地覆被声明另一个无数据值（layers.landcover.nodata，取任何类别都不用的值），或为该类别重新编码；等于无数据值的代码永远不会有像元。',
  ),
  RASTER_COEFFICIENT_MISSING: entry<'code' | 'key' | 'pixels' | 'tables' | 'type'>(
    'error',
    (p) =>
      `缺少系数“${p.key}”：生态系统 ${p.type}（土地覆被代码 ${p.code}，${p.pixels} 个像元；查找的系数表：${p.tables}）`,
    (p) =>
      `Missing coefficient "${p.key}" for ecosystem ${p.type} (land-cover code ${p.code}, ${p.pixels} pixels; tables searched: ${p.tables})`,
    () =>
      'Add the value in a coefficient table of the configuration ("tables") with its source and grade, or leave the type out of the model’s groups.',
    () => '请在配置的系数表（"tables"）中添加该值，并注明其来源和等级；或将该类型从模型的 groups 中移除。',
  ),
  RASTER_NODATA_EVERYWHERE: entry<'detail'>(
    'error',
    (p) => `没有可核算的像元：${nodataDetailZh(String(p.detail))}`,
    (p) => `No pixel to account: ${p.detail}`,
    () =>
      'Check the NoData values of the land-cover and zone layers and that the layers cover the same area.',
    () => '请检查土地覆被图层和分区图层的无数据值，并确认各图层覆盖同一范围。',
  ),
  RASTER_NODATA_INSIDE: entry<'layer' | 'model' | 'pixels'>(
    'error',
    (p) => `图层 ${p.layer} 在核算范围内有 ${p.pixels} 个无数据像元（模型 ${p.model}）`,
    (p) => `Layer ${p.layer} has ${p.pixels} NoData pixels inside the accounted area (model ${p.model})`,
    () =>
      'Fill the gaps in the layer, or set "nodata": "exclude" to leave those pixels out of the account (reported).',
    () => '请填补该图层中的缺失，或设置 "nodata": "exclude" 将这些像元排除在核算之外（会在报告中列出）。',
  ),
  RASTER_ZONE_NODATA_ON_LAND: entry<'area' | 'pixels'>(
    'warning',
    (p) =>
      `${p.pixels} 个有土地覆被的像元在分区栅格中为无数据，不属于任何分区，未计入核算（面积 ${p.area} m²）`,
    (p) =>
      `${p.pixels} pixels with a land cover are NoData in the zone raster: in no zone, so left out of the account (${p.area} m²)`,
    () =>
      'Expected where the land cover reaches beyond the region; if that land lies in the region, the zone raster misses part of it (zones rasterised with another extent or cell alignment): rasterise the zones on the land-cover grid again.',
    () =>
      '在土地覆被超出区域范围之处，这属正常；若这些土地位于区域内，则分区栅格漏掉了其中一部分（分区栅格化时使用了不同的范围或像元对齐方式）：请在土地覆被的网格上重新栅格化分区。',
  ),
  RASTER_PIXELS_EXCLUDED: entry<'area' | 'layers' | 'model' | 'pixels'>(
    'warning',
    (p) =>
      `${p.pixels} 个像元因 ${p.layers} 无数据未计入模型 ${p.model}（面积 ${p.area} m²），但仍计入生态系统面积和其他模型`,
    (p) =>
      `${p.pixels} pixels (${p.area} m²) left out of model ${p.model}: NoData in ${p.layers}; they still count in the ecosystem areas and the other models`,
    (p) =>
      `Model ${p.model}'s quantities cover its other pixels only (never extrapolated to these); fill the gaps to account them.`,
    (p) => `模型 ${p.model} 的物理量只覆盖其余像元（不会外推到这些像元）；如需核算这些像元，请填补缺失。`,
  ),
  RASTER_PROFILE_GROUPS_MISSING: entry<'detail' | 'indicator' | 'model' | 'profile'>(
    'error',
    (p) =>
      `无法确定模型 ${p.model} 适用的生态系统组：核算方案 ${p.profile} ${groupsDetailZh(String(p.detail))}`,
    (p) => `Cannot tell which ecosystem groups model ${p.model} applies to: profile ${p.profile} ${p.detail}`,
    (p) =>
      `The raster models take their groups (and rules) from the profile's indicators so that the rasters and the account agree: choose a profile whose ${p.indicator} states its groups, or leave ${p.model} out of "models".`,
    (p) =>
      `栅格模型从核算方案的指标中获取生态系统组（及规则），以使栅格与核算结果一致：请选择其 ${p.indicator} 给出了 groups 的核算方案，或将 ${p.model} 从 "models" 中移除。`,
  ),
  RASTER_WATER_NEGATIVE: entry<'col' | 'indicator' | 'pixels' | 'row' | 'value'>(
    'error',
    (p) =>
      `${p.pixels} 个像元的水量平衡 P − P×α − ET 为负（如第 ${p.row} 行第 ${p.col} 列：${p.value} mm），${p.indicator} 的 negativeTerms = refuse`,
    (p) =>
      `${p.pixels} pixels have a negative water balance P − P×α − ET (e.g. row ${p.row}, column ${p.col}: ${p.value} mm); ${p.indicator} has negativeTerms = refuse`,
    () =>
      'Check the precipitation and evapotranspiration layers (units, years), or set the switch negativeTerms to "zero" or "keep" in account.options.switches.',
    () =>
      '请检查降水和蒸散发图层（单位、年份），或在 account.options.switches 中将开关 negativeTerms 设为 "zero" 或 "keep"。',
  ),
  RASTER_WATER_NEGATIVE_ZEROED: entry<'col' | 'pixels' | 'row' | 'value'>(
    'warning',
    (p) =>
      `${p.pixels} 个像元的水量平衡为负，按 negativeTerms = zero 逐像元计为 0（如第 ${p.row} 行第 ${p.col} 列：${p.value} mm）`,
    (p) =>
      `${p.pixels} pixels have a negative water balance, counted as zero pixel by pixel (negativeTerms = zero; e.g. row ${p.row}, column ${p.col}: ${p.value} mm)`,
    () =>
      'R1 totals are Σ max(0, P − P×α − ET) over the pixels; the evapotranspiration passed to the account for the affected (zone, type) rows is the effective mean that reproduces that sum (docs/raster.md).',
    () =>
      'R1 的合计为各像元的 Σ max(0, P − P×α − ET)；对受影响的（分区，类型）行，传给核算的蒸散发是能重现该合计的等效均值（docs/raster.md）。',
  ),
  RASTER_PRACTICE_ASSUMED: entry<'pixels'>(
    'warning',
    (p) =>
      `土壤保持模型未给出水土保持措施因子 P（无 practice 图层或系数键），按 P = 1 计（${p.pixels} 个像元）`,
    (p) =>
      `No support-practice factor P for the soil model (neither a practice layer nor models.soil.practice): P = 1 assumed on ${p.pixels} pixels`,
    () =>
      'Give layers.practice or models.soil.practice (a coefficient key) to state P; the assumption is listed among the coefficients used.',
    () => '请给出 layers.practice 或 models.soil.practice（系数键）以指定 P；该假定会列在所用系数之中。',
  ),
  RASTER_LAYER_UNUSED: entry<'layer' | 'reason'>(
    'warning',
    (p) => `图层 ${p.layer} 已配置但没有模型使用它（${unusedReasonZh(String(p.reason))}），其数值未参与计算`,
    (p) => `Layer ${p.layer} is configured but no model uses it (${p.reason}); its values are not used`,
    () => 'Remove the layer from the configuration, or add the model (or option) that needs it.',
    () => '请从配置中删除该图层，或添加需要它的模型（或选项）。',
  ),
  RASTER_VALUES_SCALED: entry<'layer' | 'offset' | 'scale'>(
    'warning',
    (p) => `图层 ${p.layer} 的像元值按文件的 GDAL 元数据换算：存储值 × ${p.scale} + ${p.offset}`,
    (p) =>
      `Layer ${p.layer}'s pixel values are read as the file's GDAL metadata gives: stored value × ${p.scale} + ${p.offset}`,
    () =>
      "Check that the scaled values are in the layer's unit (docs/raster.md); a file whose SCALE or OFFSET is wrong must be corrected (gdal_edit.py -scale -offset).",
    () =>
      '请核对换算后的数值是否为该图层的单位（docs/raster.md）；SCALE 或 OFFSET 有误的文件须先更正（gdal_edit.py -scale -offset）。',
  ),
  RASTER_SUM_RANGE: entry<'detail' | 'tile'>(
    'error',
    (p) => `瓦片 ${p.tile} 的精确求和超出范围（${sumRangeDetailZh(String(p.detail))}）`,
    (p) => `Exact summation out of range in tile ${p.tile} (${p.detail})`,
    () =>
      'A value as large as the one named is most often a NoData value the file does not declare (±3.4e38): declare it with layers.<layer>.nodata (or the file’s GDAL_NODATA tag); check the layer’s unit and scale. Else use a smaller tile size.',
    () =>
      '与所列数值同样大的值最常见的是文件未声明的无数据值（±3.4e38）：请用 layers.<图层>.nodata（或文件的 GDAL_NODATA 标签）声明它，并检查图层的单位和比例因子；否则请使用更小的瓦片尺寸。',
  ),
  RASTER_OUTPUT_TOO_LARGE: entry<'bytes' | 'layer'>(
    'error',
    (p) => `输出栅格 ${p.layer} 需要 ${p.bytes} 字节，超过经典 TIFF 的 4 GiB 上限`,
    (p) => `Output raster ${p.layer} needs ${p.bytes} bytes, beyond the 4 GiB limit of classic TIFF`,
    () => 'Write fewer or smaller outputs (clip the region), or compute zonal tables only.',
    () => '请减少或缩小输出（裁剪区域），或只计算分区统计表。',
  ),
  RASTER_WORKER_FAILED: entry<'detail'>(
    'error',
    (p) => `栅格工作线程失败：${workerDetailZh(String(p.detail))}`,
    (p) => `A raster worker failed: ${p.detail}`,
    () => 'Run with "workers": 0 to compute in the main thread and see the full error.',
    () => '请以 "workers": 0 运行，在主线程中计算并查看完整的错误信息。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type RasterErrorCode = keyof typeof RASTER_ERRORS;

/** Build and throw issues of this catalogue. */
// Declared with their type so that TypeScript treats a call of `rasterFail` as never returning.
const builders: IssueBuilders<typeof RASTER_ERRORS> = issuesOf(RASTER_ERRORS);
export const rasterIssue: IssueBuilders<typeof RASTER_ERRORS>['issue'] = builders.issue;
export const rasterFail: IssueBuilders<typeof RASTER_ERRORS>['fail'] = builders.fail;
