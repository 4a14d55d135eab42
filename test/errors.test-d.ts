import { expectTypeOf, test } from 'vitest';
import { issue } from '../src/core/errors';
import { vepIssue } from '../src/vep/errors';
import type { Issue } from '../src/core/errors';
import { type ErrorCode, hasCode } from '../src/errors';
import { hasCode as hasCodeMain } from '../src/index';

test('a code is built with exactly the parameters its messages read', () => {
  expectTypeOf(issue('UNIT_UNKNOWN', [], { unit: 'x', allowed: 'm, km' })).toEqualTypeOf<Issue>();
  // @ts-expect-error UNIT_UNKNOWN reads `allowed` too: leaving it out does not compile
  issue('UNIT_UNKNOWN', [], { unit: 'x' });
  // @ts-expect-error a code of another module's catalogue is not a core code
  issue('VEP_GEP_ZERO', []);
  // A code that reads no parameter needs none.
  expectTypeOf(vepIssue('VEP_GEP_ZERO', [])).toEqualTypeOf<Issue>();
  // @ts-expect-error the params argument is required where the messages read one
  vepIssue('VEP_APPRAISAL_INVALID', []);
});

test('hasCode takes the catalogue’s codes only, from the main entry and gepkit/errors', () => {
  expectTypeOf(hasCode).parameter(1).toEqualTypeOf<ErrorCode>();
  expectTypeOf(hasCodeMain).toEqualTypeOf(hasCode);
  hasCode(new Error('x'), 'VEP_RIGHT_EXPIRED');
  // @ts-expect-error a misspelt code does not compile
  hasCode(new Error('x'), 'VEP_RIGHT_EXPIRD');
  // @ts-expect-error nor in the main entry's
  hasCodeMain(new Error('x'), 'ZONE_UNKNWN');
});
