// The generated activities of the carbon benches (carbon.bench.mjs, ledger-store.bench.mjs): bus, shared bike and
// metro lines of USERS users (default 10,000), 20 per second of platform time.
// VARIETY=low (default): quantities repeat as rides, metro station pairs and 0.1 km bike distances do (40 bike
// distances, 30 durations, 200 metro distances). VARIETY=high: metre-precision distances (10⁴ bike, 4 × 10⁴ metro
// values) and durations to 0.001 min (3 × 10⁴ values). Bike durations keep the implied speed within the
// methodology's plausibility bound (30 km/h), so no line is refused.
const VARIETY = process.env.VARIETY ?? 'low';
const USERS = Number(process.env.USERS ?? 10_000);
const bikeKm = (i) =>
  VARIETY === 'high' ? (0.3 + ((i * 7919) % 99_991) / 10_000).toFixed(3) : (1 + (i % 40) / 10).toFixed(1);
const bikeMin = (i) =>
  VARIETY === 'high' ? (21 + ((i * 104_729) % 99_989) / 3000).toFixed(3) : `${10 + (i % 30)}`;
const metroKm = (i) =>
  VARIETY === 'high' ? (1 + ((i * 6_151) % 99_971) / 2500).toFixed(3) : (2 + (i % 200) / 10).toFixed(1);
const T0 = Date.parse('2024-05-01T00:00:00Z');
export function* activities(n) {
  for (let i = 0; i < n; i++) {
    const ts = new Date(T0 + i * 50).toISOString(); // 20 activities per second of platform time
    const user = `u${i % USERS}`;
    switch (i % 3) {
      case 0:
        yield `{"id":"a${i}","user":"${user}","ts":"${ts}","scenario":"bus","region":"420102","rides":"1"}`;
        break;
      case 1:
        yield `{"id":"a${i}","user":"${user}","ts":"${ts}","scenario":"shared_bike","region":"420102","distance":{"value":"${bikeKm(i)}","unit":"km"},"duration":{"value":"${bikeMin(i)}","unit":"min"}}`;
        break;
      default:
        yield `{"id":"a${i}","user":"${user}","ts":"${ts}","scenario":"metro","region":"440305","distance":{"value":"${metroKm(i)}","unit":"km"}}`;
    }
  }
}
