/**
 * The evidence grades' names in Chinese (已核实 verified … 假定 assumed), for the messages and reports that write a grade
 * in Chinese. The grades themselves are data of the coefficient tables (src/coefficients/schema.ts, GRADES).
 */
export const GRADE_ZH: Readonly<Record<string, string>> = {
  verified: '已核实',
  published: '已公开发布',
  derived: '推导',
  secondary: '转引',
  assumed: '假定',
};

/** A grade's name in Chinese with its code in brackets (`转引（secondary）`); another text as it is. */
export const gradeNamedZh = (g: string): string => (GRADE_ZH[g] === undefined ? g : `${GRADE_ZH[g]}（${g}）`);
