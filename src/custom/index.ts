/** Custom indicators declared in data, with formulas evaluated in a sandbox (docs/custom-indicators.md). */
export { CUSTOM_ERRORS, type CustomErrorCode } from './errors';
export { type CustomSwitches, customMethod, customMethodId } from './method';
export {
  type CompiledFormula,
  FUNCTIONS,
  MAX_FORMULA_LENGTH,
  compileFormula,
  evaluate,
  symbolNameProblem,
} from './sandbox';
export {
  type CustomIndicator,
  type CustomIndicatorJson,
  type CustomInputValue,
  customIndicatorSchema,
  customIndicatorsSchema,
  formulaValue,
  parseCustomIndicator,
  parseCustomIndicators,
} from './schema';
