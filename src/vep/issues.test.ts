import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { vepZodIssues } from './issues';

/** The zod issues of `schema` refusing `value` (with their input, as gepkit parses). */
function zodIssues(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) throw new Error('the schema took the value');
  return r.error.issues;
}

describe('vepZodIssues', () => {
  it('builds a VEP_ code of a refinement with its other params as text, at the prefix and the issue path', () => {
    const schema = z.object({
      rates: z.array(
        z.number().check(
          z.superRefine((r, ctx) => {
            if (r > 0.2)
              ctx.addIssue({
                code: 'custom',
                message: 'high',
                params: { gepkit: 'VEP_RATE_HIGH', rate: r, level: '0.2' },
              });
          }),
        ),
      ),
    });
    const [i, ...rest] = vepZodIssues(
      zodIssues(schema, { rates: [0.1, 0.25] }),
      ['appraisal'],
      'VEP_APPRAISAL_INVALID',
    );
    expect(rest).toEqual([]);
    expect(i?.code).toBe('VEP_RATE_HIGH');
    expect(i?.severity).toBe('warning');
    // the array index stays a number after the prefix
    expect(i?.path).toEqual(['appraisal', 'rates', 1]);
    // the rate, a number, as text; no gepkit member
    expect(i?.params).toEqual({ rate: '0.25', level: '0.2' });
    expect(i?.message.en).toBe('Capitalisation rate 0.25 is above 0.2; check it');
    expect(i?.message.zh).toBe('资本化率 0.25 高于 0.2，请核实');
  });

  it('writes a symbol of an issue path as its text', () => {
    const zi = {
      code: 'custom',
      message: 'high',
      path: [Symbol('s'), 0],
      input: 1,
      params: { gepkit: 'VEP_RATE_HIGH', rate: 1, level: 0.5 },
    } as unknown as z.core.$ZodIssue;
    const [i] = vepZodIssues([zi], ['p'], 'VEP_PACKAGE_INVALID');
    expect([i?.code, i?.path, i?.params]).toEqual([
      'VEP_RATE_HIGH',
      ['p', 'Symbol(s)', 0],
      { rate: '1', level: '0.5' },
    ]);
  });

  it('passes a core code of a refinement to the core mapping, kept as it is', () => {
    const schema = z.object({
      area: z.number().check(
        z.superRefine((a, ctx) => {
          if (a < 0)
            ctx.addIssue({
              code: 'custom',
              message: 'neg',
              params: { gepkit: 'NEGATIVE_VALUE', what: 'area', value: a },
            });
        }),
      ),
    });
    const [i] = vepZodIssues(zodIssues(schema, { area: -3 }), ['parcels', 4], 'VEP_PARCEL_INVALID');
    expect([i?.code, i?.path, i?.params]).toEqual([
      'NEGATIVE_VALUE',
      ['parcels', 4, 'area'],
      { what: 'area', value: '-3' },
    ]);
    expect(i?.message.en).toBe('area cannot be negative (-3)');
  });

  it('keeps a core issue other than INPUT_INVALID (a number that is not finite)', () => {
    const [i] = vepZodIssues(
      zodIssues(z.object({ x: z.number() }), { x: Infinity }),
      ['c'],
      'VEP_CONTEXT_INVALID',
    );
    expect([i?.code, i?.path]).toEqual(['NUMBER_NOT_FINITE', ['c', 'x']]);
  });

  it('turns INPUT_INVALID into the fallback code at the same place with the same detail', () => {
    const schema = z.object({ id: z.string(), holder: z.string() }).strict();
    const issues = vepZodIssues(zodIssues(schema, { holder: 3 }), ['package'], 'VEP_PACKAGE_INVALID');
    expect(issues.map((i) => [i.code, i.severity, i.path, i.params])).toEqual([
      ['VEP_PACKAGE_INVALID', 'error', ['package', 'id'], { detail: 'missing (expected string)' }],
      ['VEP_PACKAGE_INVALID', 'error', ['package', 'holder'], { detail: 'expected string, received number' }],
    ]);
    expect(issues[0]?.message.en).toBe('Invalid asset package: missing (expected string)');
    expect(issues[0]?.message.zh).toBe('资产包/分红文件格式错误：缺少该字段（应为字符串）');
  });

  it('gives no issue for none', () => {
    expect(vepZodIssues([], ['x'], 'VEP_PARCEL_INVALID')).toEqual([]);
  });
});
