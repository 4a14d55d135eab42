import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { exampleContext, parcel } from '../../test/vep/helpers';
import { VepBatch } from './batch';
import { valueParcel } from './parcel';

const ctx = exampleContext();

describe('valueParcel', () => {
  it("gives the batch's result for one parcel, with the basis hash and the valuation basis", () => {
    const raw = parcel('P1', 'hills', { 'forest.broadleaf': ['15', 'mu'] });
    const v = valueParcel(raw, ctx);
    const b = new VepBatch(ctx, {});
    const r = b.process(raw, 1);
    expect(r?.ok).toBe(true);
    // the same figures as a batch of one line, plus the basis
    expect(v).toEqual({ ...r, basis: b.valuer.basis.hash, valuation: b.valuer.basis });
    expect(v.basis).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(v.valuation.validUntil).toBe('2025-03-30');
  });

  it('throws one GepError with every problem of the parcel, each path relative to the parcel', () => {
    let e: unknown;
    try {
      valueParcel({ id: '', key: 'nowhere', areas: {} }, ctx);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(GepError);
    const issues = (e as GepError).issues;
    expect(issues.length).toBeGreaterThanOrEqual(2);
    // the batch's paths start ['line', 1]; a parcel's own start at its fields
    for (const i of issues) expect(i.path[0]).not.toBe('line');
    expect(issues.map((i) => i.path)).toContainEqual(['areas']);
    expect(issues.map((i) => i.path)).toContainEqual(['id']);
  });

  it('a type written as a land-use class is warned among the issues, at the area as written; the result is by code', () => {
    const v = valueParcel(parcel('P1', 'hills', { 灌木林地: ['15', 'mu'] }), ctx);
    const mapped = v.issues.filter((i) => i.code === 'ECOSYSTEM_TYPE_MAPPED');
    expect(mapped.map((i) => i.path)).toEqual([['line', 1, 'areas', '灌木林地']]);
    expect(mapped[0]?.params?.given).toBe('灌木林地');
    // valued as the same parcel written by code, with no such warning
    const byCode = valueParcel(parcel('P1', 'hills', { shrub: ['15', 'mu'] }), ctx);
    expect(byCode.issues.some((i) => i.code === 'ECOSYSTEM_TYPE_MAPPED')).toBe(false);
    expect(v.value).toBe(byCode.value);
    expect(v.issues.filter((i) => i.code !== 'ECOSYSTEM_TYPE_MAPPED')).toEqual(byCode.issues);
  });

  it('passes the options on to the valuer: without the fast path the exact decimal path values the parcel, to the same fen', () => {
    const raw = parcel('P1', 'hills', { 'forest.broadleaf': ['15', 'mu'] });
    const fast = valueParcel(raw, ctx);
    const engine = valueParcel(raw, ctx, { fastPath: false });
    expect([fast.path, engine.path]).toEqual(['fast', 'decimal']);
    expect(engine.value).toBe(fast.value);
  });
});
