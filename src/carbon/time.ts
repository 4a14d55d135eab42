/** Local days and months at a fixed UTC offset (rule sets state theirs; China is +08:00 without DST). */
const DAY = 86_400_000;

export function offsetMs(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number) as [number, number];
  return sign * (h * 60 + m) * 60_000;
}

/** The local day number (days since 1970-01-01 local) of an instant. */
export function localDay(ms: number, off: number): number {
  return Math.floor((ms + off) / DAY);
}

/** The local month number (year × 12 + month) of an instant. */
export function localMonth(ms: number, off: number): number {
  const d = new Date(ms + off);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The instant local day `day` begins. */
export function dayStart(day: number, off: number): number {
  return day * DAY - off;
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(ms: number, off: number): string {
  return new Date(ms + off).toISOString().slice(0, 10);
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Parse an ISO 8601 time that states its offset (Z or ±hh:mm); undefined otherwise. The calendar date and the
 * clock must exist as written: Date.parse rolls 2024-02-30 over to 2024-03-01 and reads 24:00 as the next
 * day, so the fields are checked against the date they build (a time without an offset would be read in the
 * host's zone, so it is refused too).
 */
export function parseInstant(s: string): number | undefined {
  // One-entry memo: a batch line's time is read by validation, then by the time-order check (pure function).
  if (s === memoIn) return memoOut;
  const out = parseInstantUncached(s);
  memoIn = s;
  memoOut = out;
  return out;
}
let memoIn: string | undefined;
let memoOut: number | undefined;

const field = (m: RegExpExecArray, i: number): number => (m[i] === undefined ? 0 : Number(m[i]));

/** Days in a month of the proleptic Gregorian calendar (what Date uses). */
function daysIn(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

function parseInstantUncached(s: string): number | undefined {
  const m = INSTANT.exec(s);
  if (m === null) return undefined;
  const y = field(m, 1);
  const mo = field(m, 2);
  const d = field(m, 3);
  if (field(m, 4) > 23 || field(m, 5) > 59 || field(m, 6) > 59) return undefined;
  if (field(m, 7) > 23 || field(m, 8) > 59) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : undefined;
}
