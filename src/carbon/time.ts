/** Local days and months at a fixed UTC offset (rule sets state theirs; China is +08:00 without DST). */
const DAY = 86_400_000;

/** The time zone of a batch without a rule set (China Standard Time), and a rule set's default (rules/schema.ts). */
export const DEFAULT_UTC_OFFSET = '+08:00';

/** A UTC offset as a rule set states it: ±hh:mm from -14:00 to +14:00 (the offsets in use), minutes below 60. */
export const UTC_OFFSET = /^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/;

export function offsetMs(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number) as [number, number];
  return sign * (h * 60 + m) * 60_000;
}

/**
 * How far past the run's `now` an activity may be dated (clocks of devices and platform disagree): one day. A line
 * dated later is refused (CARBON_TIMESTAMP_FUTURE) and, being refused, does not move the batch's clock.
 */
export const FUTURE_TOLERANCE_MS = DAY;

/**
 * How late a user's activity may arrive by default, in hours (a rule set's `lateWindowHours`): 7 days, so a phone
 * that syncs once a week is not refused. A line dated more than the window before its user's latest accepted
 * activity is refused (CARBON_TOO_LATE); the per-user cap and day-total history is kept for the window only.
 */
export const DEFAULT_LATE_WINDOW_HOURS = 168;
/** The longest late window a rule set may state, in hours (366 days): the per-user history stays bounded. */
export const MAX_LATE_WINDOW_HOURS = 8784;
export const HOUR_MS = 3_600_000;

/**
 * The refusal of an activity at `ms` more than `windowMs` before its user's latest accepted activity `latest`, or
 * earlier than `since`, the user's stored horizon: the first instant whose local day and month the user's stored
 * counters still hold in full, a run under a narrower window having dropped the periods before it (undefined when it
 * is within both or the user has none). `since` is '' in the refusal by the window, the horizon's ISO instant when
 * the line is within the window but before it.
 */
export function tooLate(
  ms: number,
  latest: number,
  windowMs: number,
  since: number = Number.NEGATIVE_INFINITY,
): { ts: string; latest: string; window: string; since: string } | undefined {
  // Comparisons with `<`: an unreadable stored time (NaN) refuses nothing, as the verification reports it.
  const byWindow = ms < latest - windowMs;
  if (!byWindow && !(ms < since)) return undefined;
  return {
    ts: new Date(ms).toISOString(),
    latest: new Date(latest).toISOString(),
    window: String(windowMs / HOUR_MS),
    since: byWindow ? '' : new Date(since).toISOString(),
  };
}

/** `now` as an ISO instant when `ms` lies more than the tolerance after it; undefined otherwise or without `now`. */
export function beyondNow(ms: number, now: number | undefined): string | undefined {
  return now !== undefined && ms > now + FUTURE_TOLERANCE_MS ? new Date(now).toISOString() : undefined;
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

/**
 * localMonth memoised by local day: the month is a function of the day alone, and a stream in time order stays on
 * one day for many instants, so the last day's month is kept (one Date per day instead of per instant).
 */
export class LocalMonths {
  private day = Number.NaN;
  private month = 0;

  constructor(private readonly off: number) {}

  /** The local month of `ms`, an instant on local day `day` (localDay(ms, off)). */
  of(day: number, ms: number): number {
    if (day !== this.day) {
      this.day = day;
      this.month = localMonth(ms, this.off);
    }
    return this.month;
  }
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
/** The form of an instant (INSTANT without its groups), for JSON Schema readers. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parse an ISO 8601 time that states its offset (Z or ±hh:mm); undefined otherwise. The calendar date and the
 * clock must exist as written: Date.parse rolls 2024-02-30 over to 2024-03-01 and reads 24:00 as the next
 * day, so the fields are checked against the date they build (a time without an offset would be read in the
 * host's zone, so it is refused too).
 */
export function parseInstant(s: string): number | undefined {
  const z = parseUtcMillis(s);
  return z !== null ? z : parseInstantUncached(s);
}

const field = (m: RegExpExecArray, i: number): number => (m[i] === undefined ? 0 : Number(m[i]));

/** Days in a month of the proleptic Gregorian calendar (what Date uses). */
function daysIn(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (y ≥ 0, 1 ≤ mo ≤ 12): Hinnant's days_from_civil. */
function daysFromCivil(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The number written by the `len` ASCII digits of s at i; NaN when one is not a digit. */
function digits(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * parseInstantUncached for toISOString's own form YYYY-MM-DDTHH:mm:ss.sssZ (what platforms send), without
 * the regular expression and Date.parse: the same field checks, then the instant by integer arithmetic.
 * null means "another form" (the general parser decides). test/carbon/fast-paths.test.ts compares the two.
 */
export function parseUtcMillis(s: string): number | undefined | null {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 || // .
    s.charCodeAt(23) !== 90 // Z
  )
    return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  const frac = digits(s, 20, 3);
  if (Number.isNaN(y + mo + d + h + mi + sec + frac)) return null;
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  return daysFromCivil(y, mo, d) * DAY + h * 3_600_000 + mi * 60_000 + sec * 1000 + frac;
}

const NO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/** The form parseInstant reads, as the activity schema names it. */
export const INSTANT_FORM = 'an ISO 8601 time with offset, e.g. 2024-05-01T08:00:00+08:00';

/**
 * Why parseInstant refuses `s`, in words a user can act on (a missing offset, a date or time of day that does not
 * exist, an offset past ±23:59), or undefined when it reads it. Anything else is named by INSTANT_FORM.
 */
export function instantProblem(s: string): string | undefined {
  if (parseInstant(s) !== undefined) return undefined;
  if (NO_OFFSET.test(s)) return `${INSTANT_FORM}: ${s} has no offset (Z or ±hh:mm)`;
  const m = INSTANT.exec(s);
  if (m === null) return INSTANT_FORM;
  const y = field(m, 1);
  const mo = field(m, 2);
  const d = field(m, 3);
  const date = s.slice(0, 10);
  if (mo < 1 || mo > 12) return `no such date: ${date} (months 01–12)`;
  if (d < 1 || d > daysIn(y, mo)) return `no such date: ${date} (${y}-${m[2]} has ${daysIn(y, mo)} days)`;
  if (field(m, 4) > 23 || field(m, 5) > 59 || field(m, 6) > 59)
    return `no such time of day: ${s.slice(11, m[6] === undefined ? 16 : 19)} (hours 00–23, minutes and seconds 00–59)`;
  return `no such UTC offset: ${s.slice(s.length - 6)} (hours 00–23, minutes 00–59)`;
}

/** The general parser (any offset, optional seconds and fraction): the regular expression, then Date.parse. */
export function parseInstantUncached(s: string): number | undefined {
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
