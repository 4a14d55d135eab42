/**
 * Error codes of the workbook module (gepkit/xlsx: the input workbook and the account workbook): this module's own
 * catalogue, in the form core/catalogue.ts describes; src/errors.ts composes it with the others for the CLI and
 * docs/errors.md. A problem in a cell has the path `sheet!cell` (`生态系统面积!C7`).
 */
import {
  type CatalogueEntry,
  type IssueBuilders,
  detailZhOf,
  entry,
  issuesOf,
  ownValue,
} from '../core/catalogue';
import { jsonDetailZh, notFiniteZh } from '../core/errors';

/** What a cell should hold, in Chinese, for XLSX_CELL_INVALID. */
const EXPECTED_ZH: Readonly<Record<string, string>> = {
  number: '数值',
  year: '年份',
  text: '文本',
  section: '节名（overrides、customIndicators、notes 或 meta）',
};

/**
 * The Chinese of an XLSX_CELL_INVALID detail: what input-read.ts found in the cell (TRUE/FALSE, a date, an error
 * value, a formula without its result, a number no double holds in shortValue's words) or a section name that is not
 * one of the JSON sheet's; any other detail is kept as it is.
 */
const cellDetailZh = detailZhOf(
  {
    'a formula without a saved result': '没有保存计算结果的公式',
    'an unsupported cell value': '无法识别的单元格内容',
  },
  [
    [/^TRUE\/FALSE \((true|false)\)$/, (m) => `逻辑值 TRUE/FALSE（${m[1]}）`],
    [/^a date \((.*)\)$/s, (m) => `日期（${m[1]}）`],
    [/^the error value (.*)$/s, (m) => `错误值 ${m[1]}`],
    [
      /^shared string (.*), of (\d+) in the workbook$/s,
      (m) => `共享字符串 ${m[1]}，而工作簿中只有 ${m[2]} 个`,
    ],
    [/^"(.*)" is not one of (.+)$/s, (m) => `“${m[1]}”不是以下节名之一：${m[2]}`],
  ],
  notFiniteZh,
);

/** The Chinese of an XLSX_NOT_WORKBOOK detail gepkit writes; the zip and workbook libraries' messages are kept as written. */
const notWorkbookDetailZh = detailZhOf(
  {},
  [
    [/^the zip archive holds no workbook part \((.+)\)$/, (m) => `该 zip 压缩包中没有工作簿部件（${m[1]}）`],
    [
      /^the zip entry (.+) expands to more than the (\d+) bytes it declares$/,
      (m) => `zip 条目 ${m[1]} 解压后超过其声明的 ${m[2]} 字节`,
    ],
  ],
  (detail) => detail,
);

export const XLSX_ERRORS = {
  XLSX_NOT_WORKBOOK: entry<'detail' | 'file'>(
    'error',
    (p) => `无法作为 Excel 工作簿（.xlsx）读取 ${p.file}：${notWorkbookDetailZh(String(p.detail))}`,
    (p) => `${p.file} cannot be read as an Excel workbook (.xlsx): ${p.detail}`,
    () =>
      'Save the file as an Excel workbook (.xlsx, not .xls or .csv), or start from `gepkit template --out input.xlsx`.',
    () =>
      '请将文件另存为 Excel 工作簿（.xlsx，而不是 .xls 或 .csv），或从模板开始：`gepkit template --out input.xlsx`',
  ),
  XLSX_TOO_LARGE: entry<'expanded' | 'file' | 'limit'>(
    'error',
    (p) => `${p.file} 解压后为 ${p.expanded} 字节，超过上限 ${p.limit} 字节，未读取`,
    (p) => `${p.file} expands to ${p.expanded} bytes, more than the limit of ${p.limit}; it was not read`,
    () =>
      'Split the workbook (by township or section), or send the input as JSON (`gepkit account input.xlsx --format json` converts it); the operator sets the limit with `gepkit serve --workbook-limit`.',
    () =>
      '请拆分工作簿（按乡镇或工作表），或以 JSON 发送输入（`gepkit account input.xlsx --format json` 可转换）；上限由运维人员以 `gepkit serve --workbook-limit` 设置。',
  ),
  XLSX_COLUMN_UNKNOWN: entry<'header' | 'sheet' | 'suggestion'>(
    'error',
    (p) => `工作表“${p.sheet}”的列标题“${p.header}”无法识别，该列数据不能读入`,
    (p) =>
      `The column header "${p.header}" of sheet "${p.sheet}" is not one gepkit reads; its cells would be lost`,
    (p) =>
      `${p.suggestion ? `Did you mean "${p.suggestion}"? ` : ''}Keep the headers of the template (gepkit template); put remarks in the 备注 Note column.`,
    (p) =>
      `${p.suggestion ? `是否应为“${p.suggestion}”？` : ''}请保留模板的列标题（gepkit template）；备注写在“备注 Note”列中。`,
  ),
  XLSX_COLUMN_DUPLICATE: entry<'first' | 'header' | 'sheet'>(
    'error',
    (p) => `工作表“${p.sheet}”的列标题“${p.header}”与 ${p.first} 列对应同一字段，两列中只能保留一列`,
    (p) =>
      `The column header "${p.header}" of sheet "${p.sheet}" names the same field as the header at ${p.first}; one of the two columns would be lost`,
    () =>
      'Keep one column per field: delete or rename the other (remarks go in the 备注 Note column). A header merged across two columns counts as two headers: unmerge it.',
    () =>
      '每个字段只保留一列：删除或重命名另一列（备注写在“备注 Note”列中）。跨两列合并的列标题算作两个列标题：请取消合并。',
  ),
  XLSX_COLUMN_MISSING: entry<'header' | 'sheet'>(
    'error',
    (p) => `工作表“${p.sheet}”缺少必填列“${p.header}”：每条记录都需要它`,
    (p) => `Sheet "${p.sheet}" has no column "${p.header}", which every record needs`,
    () =>
      'Restore the column with its header as the template writes it (gepkit template writes every column), or type the header back in row 1.',
    () => '请按模板的写法恢复该列及其列标题（gepkit template 会写出所有列），或在第 1 行重新输入该列标题。',
  ),
  XLSX_COLUMN_NO_HEADER: entry<'cells' | 'column' | 'sheet'>(
    'error',
    (p) => `工作表“${p.sheet}”第 ${p.column} 列没有列标题，其中 ${p.cells} 个非空单元格无法读入`,
    (p) =>
      `Column ${p.column} of sheet "${p.sheet}" has no header in row 1; its ${p.cells} cell(s) with content would be lost`,
    () =>
      'Give the column a header of the template (gepkit template), move remarks to the 备注 Note column, or clear the cells.',
    () => '请为该列填写模板中的列标题（gepkit template），把备注移到“备注 Note”列，或清空这些单元格。',
  ),
  XLSX_CELL_MERGED: entry<'range' | 'sheet'>(
    'error',
    (p) =>
      `工作表“${p.sheet}”的单元格 ${p.range} 已合并：合并区域只在左上角单元格保存数值，其余单元格的数据无法确定`,
    (p) =>
      `Cells ${p.range} of sheet "${p.sheet}" are merged: a merge keeps one value, in its top-left cell, so what the other cells hold cannot be told`,
    () =>
      'Unmerge the cells (Excel: 取消单元格合并 / Unmerge Cells) and type the value into each cell of the range that needs it.',
    () =>
      '请取消合并这些单元格（Excel：取消单元格合并 / Unmerge Cells），并在该区域中每个需要该值的单元格中分别输入。',
  ),
  XLSX_CELL_INVALID: entry<'detail' | 'expected'>(
    'error',
    (p) =>
      `单元格内容无法读取（应为${ownValue(EXPECTED_ZH, String(p.expected)) ?? p.expected}）：${cellDetailZh(String(p.detail))}`,
    (p) => `The cell cannot be read as ${p.expected}: ${p.detail}`,
    () =>
      'Type the value itself: a number or text, not a date, TRUE/FALSE, an error value (#N/A) or a formula without a saved result (open and save the file in Excel or WPS).',
    () =>
      '请直接输入值本身：数值或文本，而不是日期、TRUE/FALSE、错误值（#N/A）或没有保存计算结果的公式（在 Excel 或 WPS 中打开并保存该文件）。',
  ),
  XLSX_CELL_FORMAT: entry<'format' | 'holds' | 'percent' | 'scaled' | 'words'>(
    'error',
    (p) =>
      `单元格存的数值是 ${p.holds}，但其数字格式 ${p.format} 并未如实显示这个数：${[
        ...(p.scaled === 'yes' ? ['数字后的每个逗号把它除以 1,000'] : []),
        ...(p.percent === 'yes' ? ['百分号把它乘以 100 显示（本列不是以小数填写的比例）'] : []),
        ...(p.words === '' ? [] : [`附上文字“${p.words}”`]),
      ].join('，并')}`,
    (p) =>
      `The cell holds ${p.holds}, but its number format ${p.format} does not show that number as it is: ${[
        ...(p.scaled === 'yes' ? ['it divides it by 1,000 for each comma after its digits'] : []),
        ...(p.percent === 'yes'
          ? ['its percent sign shows it multiplied by 100 (this column is not a share typed as a fraction)']
          : []),
        ...(p.words === '' ? [] : [`it adds the words "${p.words}"`]),
      ].join(' and ')}`,
    () =>
      'gepkit reads the number the cell holds, which this format does not show as it is. Format the cell as a plain number (General or 0.00), type the value in the unit of its unit column (or write the unit there), and read the cell again.',
    () =>
      'gepkit 读取的是单元格中存的数值，而该格式并未如实显示它。请把单元格设为常规数字格式（常规或 0.00），按单位列的单位填写数值（或在单位列写明单位），再读取。',
  ),
  XLSX_JSON_INVALID: entry<'detail' | 'section'>(
    'error',
    (p) => `“${p.section}”一节的 JSON 文本无效：${jsonDetailZh(String(p.detail))}`,
    (p) => `The JSON text of section "${p.section}" is not valid JSON: ${p.detail}`,
    () =>
      'The JSON sheet holds what has no table form (coefficient overrides, custom indicators); the rows of one section are joined in order before parsing. Check quotes and brackets.',
    () =>
      'JSON 工作表存放没有表格形式的内容（系数覆盖、自定义指标）；同一节的各行按顺序拼接后再解析。请检查引号和括号。',
  ),
  XLSX_SHEET_ONE_ROW: entry<'rows' | 'sheet'>(
    'error',
    (p) => `工作表“${p.sheet}”只能填写一行数据，实际填写了 ${p.rows} 行`,
    (p) => `Sheet "${p.sheet}" takes one row of data; it has ${p.rows}`,
    () =>
      'One workbook describes one region and year: keep the first row, and account other regions in their own workbooks.',
    () => '一个工作簿只描述一个地区和一个年份：请保留第一行，其他地区请在各自的工作簿中核算。',
  ),
  XLSX_ROW_NOTE_ONLY: entry<'needs' | 'needsZh' | 'note' | 'row' | 'sheet'>(
    'error',
    (p) =>
      `工作表“${p.sheet}”第 ${p.row} 行只有备注（${p.note}），不是一条完整的记录：记录需填写${p.needsZh}`,
    (p) =>
      `Row ${p.row} of sheet "${p.sheet}" holds only a note (${p.note}), not a record: a record needs ${p.needs}`,
    () =>
      'If the row is a heading or a comment between records, write the note in a record’s 备注 Note cell or on a sheet of your own; if it is a record, fill in its other cells.',
    () =>
      '如果该行是记录之间的标题或注释，请把备注写在某条记录的“备注 Note”单元格中，或写在自建的工作表上；如果它是一条记录，请填写其他单元格。',
  ),
  XLSX_TITLE_ROW: entry<'sheet' | 'title'>(
    'error',
    (p) =>
      `工作表“${p.sheet}”第 1 行${p.title === '' ? '为空行' : `是标题（${p.title}）`}，模板的列标题在第 2 行：该表未读入`,
    (p) =>
      `Row 1 of sheet "${p.sheet}" is ${p.title === '' ? 'blank' : `a title (${p.title})`} and the template's headers are in row 2: the sheet was not read`,
    () =>
      'gepkit reads the headers in row 1, the note row in row 2 and the records below. Delete row 1 (put a title in the sheet name or a 备注 Note), and read the workbook again.',
    () =>
      'gepkit 从第 1 行读取列标题、第 2 行为说明行、其下为记录。请删除第 1 行（标题可写入工作表名或“备注 Note”列），再读取。',
  ),
  XLSX_NOTE_ROW_READ: entry<'sheet'>(
    'warning',
    (p) => `工作表“${p.sheet}”第 2 行不是模板的说明行，已作为数据读入`,
    (p) => `Row 2 of sheet "${p.sheet}" is not the template's note row; it was read as a record`,
    () =>
      'Row 2 of a template sheet holds units and notes; a sheet whose records start in row 2 is read from there. If row 2 holds your own notes, clear it or move them to the 备注 Note column.',
    () =>
      '模板工作表的第 2 行为单位和说明；记录从第 2 行开始的工作表从该行起读入。如果第 2 行是自己的说明，请清空该行，或把说明移到“备注 Note”列。',
  ),
  XLSX_ROWS_HIDDEN: entry<'rows' | 'sheet'>(
    'warning',
    (p) => `工作表“${p.sheet}”的隐藏行 ${p.rows} 已读入核算：隐藏或筛选掉的行不会被排除`,
    (p) =>
      `Hidden rows ${p.rows} of sheet "${p.sheet}" were read into the account: hiding or filtering a row does not leave it out`,
    () =>
      'Delete the rows, or move them to a sheet of your own, to leave them out; unhide them to check what they hold.',
    () => '要排除这些行，请删除它们或将其移到自建的工作表；取消隐藏后可检查其内容。',
  ),
  XLSX_COLUMNS_HIDDEN: entry<'columns' | 'sheet'>(
    'warning',
    (p) => `工作表“${p.sheet}”的隐藏列 ${p.columns} 中的值已读入核算：隐藏列不会被排除`,
    (p) =>
      `Values in hidden columns ${p.columns} of sheet "${p.sheet}" were read into the account: hiding a column does not leave it out`,
    () =>
      'Unhide the columns to check what they hold; clear the cells, or delete the column, to leave them out.',
    () => '请取消隐藏以核对其内容；要排除这些值，请清空单元格或删除该列。',
  ),
  XLSX_SHEET_HIDDEN: entry<'sheet'>(
    'warning',
    (p) => `隐藏的工作表“${p.sheet}”中的记录已读入核算：隐藏工作表不会将其排除`,
    (p) =>
      `The records of hidden sheet "${p.sheet}" were read into the account: hiding a sheet does not leave it out`,
    () =>
      'Unhide the sheet to check what it holds; delete its records, or rename the sheet (a sheet of another name is ignored), to leave them out.',
    () => '请取消隐藏以核对其内容；要排除这些记录，请删除它们，或将工作表改名（其他名称的工作表不读入）。',
  ),
  XLSX_TYPE_NUMBER: entry<'code' | 'read' | 'value' | 'why'>(
    'warning',
    (p) =>
      `生态系统类型单元格是数字 ${p.value}；${
        p.why === 'restored'
          ? `已补回 Excel 去掉的前导零，按地类编码 ${p.read} 读取`
          : p.why === 'number'
            ? `已按地类编码 ${p.read} 读取（不存在编码 ${p.code}）`
            : p.why === 'mapped'
              ? `已按类型映射（--type-map）所列的 ${p.read} 读取`
              : `已按 ${p.read} 读取：无论是否补回前导零，它都不是地类编码`
      }`,
    (p) =>
      `The ecosystem-type cell holds the number ${p.value}; ${
        p.why === 'restored'
          ? `it was read as the land-use code ${p.read}, with the leading zero Excel drops restored`
          : p.why === 'number'
            ? `it was read as the land-use code ${p.read} (there is no code ${p.code})`
            : p.why === 'mapped'
              ? `it was read as ${p.read}, which the type mapping (--type-map) names`
              : `it was read as ${p.read}, which is no land-use code with or without a leading zero`
      }`,
    (p) =>
      `Type codes as text, so that Excel keeps them as typed: format the column as Text (the template's type columns are), or write '${p.read} with a leading apostrophe.`,
    (p) =>
      `请以文本形式输入编码，使 Excel 按原样保存：将该列设置为文本格式（模板的类型列已是文本格式），或写成 '${p.read}（前面加一个撇号）。`,
  ),
  XLSX_DEFAULT_UNIT_LARGE: entry<'plain' | 'unit' | 'value' | 'yi' | 'yiUnit'>(
    'warning',
    (p) =>
      `单位为空，按该列的默认单位读作 ${p.value} ${p.unit}，即 ${p.yi} ${p.yiUnit}：数值如此之大，像是以 ${p.plain} 计`,
    (p) =>
      `The unit cell is blank, so ${p.value} is read in the column's default unit, ${p.unit}: ${p.yi} ${p.yiUnit}, a figure that large looks written in ${p.plain}`,
    (p) =>
      `If the figure is in ${p.plain}, write ${p.plain} in its unit cell; if it is in ${p.unit}, write ${p.unit} there, and the figure is read without this warning.`,
    (p) =>
      `若该数以 ${p.plain} 计，请在其单位单元格填写 ${p.plain}；若确以 ${p.unit} 计，请填写 ${p.unit}，即不再警告。`,
  ),
  XLSX_TYPE_NUMBER_AMBIGUOUS: entry<'code' | 'codeName' | 'name' | 'value'>(
    'error',
    (p) =>
      `生态系统类型单元格是数字 ${p.value}，有两种读法：地类编码 ${p.value}（${p.name}），或补回 Excel 去掉的前导零后的 ${p.code}（${p.codeName}）`,
    (p) =>
      `The ecosystem-type cell holds the number ${p.value}, which reads two ways: as the land-use code ${p.value} (${p.name}), or with the leading zero Excel drops restored as ${p.code} (${p.codeName})`,
    (p) =>
      `Format the column as Text and type the code meant (${p.code} or ${p.value}), or write '${p.code} with a leading apostrophe; or name the code meant with --type-map ${p.code}=TYPE or ${p.value}=TYPE (options.typeMapping).`,
    (p) =>
      `请将该列设置为文本格式并输入所指的编码（${p.code} 或 ${p.value}），或写成 '${p.code}（前面加一个撇号）；也可用 --type-map ${p.code}=类型代码 或 ${p.value}=类型代码（options.typeMapping）指明所指的编码。`,
  ),
  XLSX_INPUT_UNPLACED: entry<'count' | 'field'>(
    'error',
    (p) => `输入中的 ${p.field}（${p.count} 处）在输入工作簿中没有位置，写成工作簿会丢失`,
    (p) =>
      `The input's ${p.field} (${p.count} place(s)) has no place in the input workbook; written as a workbook it would be lost`,
    () =>
      'Keep this input as JSON (gepkit account and validate read it directly), or remove the field from a copy before writing the workbook. Zone outlines (zones[].geometry) have no table form; products of a second materialProducts record of one sector and zone would join the first (join the two records).',
    () =>
      '请将此输入保留为 JSON（gepkit account 和 validate 可直接读取），或在写成工作簿之前从副本中删除该字段。分区图形（zones[].geometry）没有表格形式；同一产业和分区的第二条 materialProducts 记录中的产品会并入第一条（请合并这两条记录）。',
  ),
  XLSX_SHEET_MISSING: entry<'expected' | 'found' | 'sheet'>(
    'error',
    (p) =>
      `工作簿没有工作表“${p.sheet}”（输入工作簿必须有的工作表：${p.expected}；此工作簿的工作表：${p.found}）`,
    (p) =>
      `The workbook has no sheet "${p.sheet}" (every input workbook has the sheets ${p.expected}; this one has ${p.found})`,
    () =>
      'Start from the template (gepkit template --out input.xlsx) and copy your rows into its sheets, or rename the sheet that holds them; the sheet names are those of the template.',
    () =>
      '请从模板开始（gepkit template --out input.xlsx），把数据行复制到其工作表中，或重命名存放这些行的工作表；工作表名称以模板为准。',
  ),
  XLSX_SHEET_RENAMED: entry<'sheet' | 'template'>(
    'error',
    (p) =>
      `工作表“${p.sheet}”像是模板的工作表“${p.template}”被改了名，而工作簿中没有“${p.template}”：其记录未被读入`,
    (p) =>
      `Sheet "${p.sheet}" looks like the template's sheet "${p.template}" renamed, and the workbook has no "${p.template}": its records were not read`,
    (p) => `Rename the sheet to "${p.template}", as the template names it.`,
    (p) => `请将该工作表重命名为“${p.template}”，与模板一致。`,
  ),
  XLSX_SHEET_IGNORED: entry<'sheet'>(
    'warning',
    (p) => `工作表“${p.sheet}”不是输入模板的工作表，其内容未读入`,
    (p) => `Sheet "${p.sheet}" is not a sheet of the input template; nothing in it was read`,
    () =>
      'Rename it to a template sheet if it holds input, or keep it as your own notes (this warning then only confirms that it was left out).',
    () =>
      '如果该工作表存放的是输入，请将其重命名为模板中的工作表名；或将其保留为自己的笔记（此时此警告仅确认其未被读入）。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

const builders: IssueBuilders<typeof XLSX_ERRORS> = issuesOf(XLSX_ERRORS);
export const xlsxIssue: IssueBuilders<typeof XLSX_ERRORS>['issue'] = builders.issue;
