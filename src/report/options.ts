/**
 * The options of the HTML and Word reports, checked before anything is written: a language other than zh or en (it
 * is written into the page's markup and selects its stylesheet), a key the reports do not have, or a comparison that
 * is not what compare() returns is OPTIONS_INVALID at its path under `options`.
 */
import * as z from 'zod/mini';
import { type CompareResult, compareResultSchema } from '../account/compare-schema';
import { type OptionsShape, checkOptions, optionsSchema } from '../core/options';

export interface ReportOptions {
  /** The language shown first; both are in the file. Default zh. */
  lang?: 'zh' | 'en';
  /** A year-on-year comparison (compare() from gepkit, prior year → this account): a section of its own. */
  compare?: CompareResult;
}

const reportOptions = optionsSchema<ReportOptions>({
  lang: z.enum(['zh', 'en']),
  compare: compareResultSchema,
} satisfies OptionsShape<ReportOptions>);

/** Refuse report options the reports cannot read (OPTIONS_INVALID at `options.<path>`); undefined passes. */
export function checkReportOptions(options: unknown): void {
  checkOptions(reportOptions, options);
}
