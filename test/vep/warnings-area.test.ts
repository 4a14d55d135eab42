import { describe, expect, it, vi } from 'vitest';

// The engine, with one extra warning that names the area of the first ecosystem row: a warning that depends on
// the area, which no parcel-level method emits today but a future or custom one could.
vi.mock('../../src/account/account', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/account/account')>();
  return {
    ...real,
    account: (input: { ecosystems: { area: { value: string } }[] }, opts: unknown) => {
      const r = real.account(input as never, opts as never);
      const area = input.ecosystems[0]?.area.value ?? '?';
      const w = {
        code: 'NEGATIVE_TERM',
        severity: 'warning',
        path: ['ecosystems', 0],
        message: { zh: `面积 ${area}`, en: `area ${area}` },
        hint: 'test',
      };
      return { ...r, warnings: [...r.warnings, w] };
    },
  };
});

const { prepareContext } = await import('../../src/vep/context');
const { ParcelValuer } = await import('../../src/vep/valuer');
const { parseParcel } = await import('../../src/vep/parse-parcel');
const { exampleContext, parcel } = await import('./helpers');

describe('a warning that depends on the area', () => {
  it('sends the type to the engine, so the parcel gets its own warning, not the reference run’s', () => {
    const v = new ParcelValuer(prepareContext(exampleContext()));
    const p = parseParcel(parcel('P', 'hills', { shrub: ['5', 'hm2'] }), ['line', 1]);
    if (Array.isArray(p)) throw new Error('refused');
    const r = v.value(p, ['line', 1]);
    if (Array.isArray(r)) throw new Error('refused');
    expect(r.path).toBe('decimal');
    const own = r.warnings.filter((w) => w.message.en.startsWith('area '));
    expect(own.map((w) => [w.message.en, w.path])).toEqual([['area 5', ['line', 1, 'areas', 'shrub']]]);
  });
});
