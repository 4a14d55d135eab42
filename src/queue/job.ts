/** The data of every gepkit job: the run it belongs to and the task, encoded (./codec.ts). */
export interface JobData {
  run: string;
  payload: string;
}

/** A GepError as the failure reason of a job: its issues, as JSON, behind a marker the coordinator reads. */
export const ISSUES_MARKER = 'gepkit-issues:';
