/** gepkit/report: an account (with its uncertainty, when drawn) as one self-contained HTML file. */
export { reportHtml, type ReportOptions, type ReportableResult, type ReportUncertainty } from './html';
export { traceData, type TraceEntry } from './trace';
export { parseReportableResult } from './reportable';
