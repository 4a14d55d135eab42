/** gepkit/report: an account (with its uncertainty, when drawn) as one self-contained HTML file. */
export { reportHtml, type ReportableResult, type ReportUncertainty } from './html';
export type { ReportOptions } from './options';
export { traceData, type TraceEntry } from './trace';
export { parseReportableResult } from './reportable';
