/**
 * gepkit/schema — the schemas of what gepkit returns (an account result, a comparison) and the JSON Schemas
 * (draft 2020-12) of the account input and result, as `gepkit schema` writes them (docs/schema/). A subpath of its
 * own, so that the main entry carries neither zod's JSON-Schema generator nor the output schemas (docs/adr).
 *
 * @example
 * ```ts
 * import { inputJsonSchema } from 'gepkit/schema';
 * const schema = inputJsonSchema(); // { $schema: 'https://json-schema.org/draft/2020-12/schema', …, title: 'gepkit account input' }
 * ```
 */
export { inputJsonSchema, resultJsonSchema } from './account/json-schema';
export { accountResultSchema } from './account/result-schema';
export { compareResultSchema } from './account/compare-schema';
