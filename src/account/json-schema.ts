import * as z from 'zod/mini';
import { inputSchema } from '../input/input';
import { accountResultSchema } from './result-schema';

/** JSON Schema (draft 2020-12) of the input, as a user writes it (before parsing). */
export function inputJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(inputSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'gepkit account input',
  };
}

/** JSON Schema of the account result. */
export function resultJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(accountResultSchema, { io: 'output', unrepresentable: 'any' }),
    title: 'gepkit account result',
  };
}
