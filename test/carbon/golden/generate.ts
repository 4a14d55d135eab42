/**
 * A deterministic carbon activity stream for the golden CLI test: `generate(n, seed)` returns n JSON Lines built
 * from a seeded PRNG (mulberry32), in time order from 2021 to 2024, over travel (bus, metro, shared bike and
 * e-bike, walking by steps), residential electricity and distributed PV in several provinces, with a few bad lines
 * (malformed JSON, an implausible trip, an unknown scenario, a duplicate id) and claims of nothing.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['420102', '440305', '440106', '500103', '360102', '310115', '110101', '540102'];

export function generate(n: number, seed = 20241201): string[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const t0 = Date.UTC(2021, 0, 1);
  const span = Date.UTC(2024, 11, 31) - t0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = new Date(t0 + Math.floor((span * i) / n)).toISOString();
    const user = `u${Math.floor(rnd() * 500)}`;
    const region = pick(REGIONS);
    const base = { id: `g${i}`, user, ts, region };
    const r = rnd();
    let a: Record<string, unknown>;
    if (r < 0.25) a = { ...base, scenario: 'bus', rides: String(1 + Math.floor(rnd() * 3)) };
    else if (r < 0.45)
      a = { ...base, scenario: 'metro', distance: { value: (0.5 + rnd() * 30).toFixed(2), unit: 'km' } };
    else if (r < 0.6) {
      const km = 0.2 + rnd() * 6;
      a = {
        ...base,
        scenario: 'shared_bike',
        distance: { value: km.toFixed(3), unit: 'km' },
        duration: { value: (km * 4 + rnd() * 10).toFixed(1), unit: 'min' },
      };
    } else if (r < 0.68)
      a = {
        ...base,
        scenario: 'shared_ebike',
        distance: { value: (0.5 + rnd() * 8).toFixed(1), unit: 'km' },
      };
    else if (r < 0.78)
      a = {
        ...base,
        scenario: 'walking',
        steps: String(Math.floor(rnd() * 20000)),
        ...(rnd() < 0.5 ? { stepLength: { value: '0.7', unit: 'm' } } : {}),
      };
    else if (r < 0.86)
      a = {
        ...base,
        scenario: 'residential_electricity',
        use: { value: (2 + rnd() * 8).toFixed(2), unit: 'kWh' },
        householdSize: String(1 + Math.floor(rnd() * 5)),
        perCapitaBaseline: { value: '2.5', unit: 'kWh' },
        previousDays: Array.from({ length: 7 }, () => ({ value: (3 + rnd() * 10).toFixed(1), unit: 'kWh' })),
      };
    else if (r < 0.94)
      a = {
        ...base,
        scenario: 'distributed_pv',
        generation: { value: (rnd() * 40).toFixed(2), unit: 'kWh' },
        capacity: { value: String(3 + Math.floor(rnd() * 20)), unit: 'kW' },
      };
    else if (r < 0.96) a = { ...base, scenario: 'garbage_sorting', count: '1' };
    else if (r < 0.97) a = { ...base, scenario: 'metro', distance: { value: '100000', unit: 'km' } };
    else if (r < 0.98) a = { ...base, scenario: 'teleport' };
    else if (r < 0.99) a = { ...base, id: `g${Math.max(0, i - 1)}`, scenario: 'bus', rides: '1' };
    else {
      out.push(`{"id":"g${i}","user":"${user}",`);
      continue;
    }
    out.push(JSON.stringify(a));
  }
  return out;
}
