import type { z } from 'zod';
import type { Issue, Path } from '../core/errors';
import { fromZodIssues } from '../core/zod-issues';
import { type VepErrorCode, vepIssueFromData } from './errors';

/**
 * zod issues → gepkit issues. Core codes (NEGATIVE_VALUE, UNIT_MISMATCH, NUMBER_NOT_FINITE…) go through the core
 * mapping; VEP_ codes attached to refinements, and the generic fallback, are built with this module's catalogue.
 */
export function vepZodIssues(
  issues: readonly z.core.$ZodIssue[],
  path: Path,
  fallback: VepErrorCode,
): Issue[] {
  return issues.map((zi) => {
    const params = (zi as { params?: Record<string, unknown> }).params;
    const code = params?.gepkit;
    const where = [...path, ...zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (typeof code === 'string' && code.startsWith('VEP_')) {
      const rest: Record<string, string> = {};
      for (const [k, v] of Object.entries(params ?? {})) if (k !== 'gepkit') rest[k] = String(v);
      return vepIssueFromData(code as VepErrorCode, where, rest);
    }
    const [i] = fromZodIssues([zi], path) as [Issue];
    return i.code === 'INPUT_INVALID' ? vepIssueFromData(fallback, i.path, i.params ?? {}) : i;
  });
}
