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

/** Parse an ISO 8601 time that states its offset (Z or ±hh:mm); undefined otherwise. */
export function parseInstant(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : undefined;
}
