/**
 * ISO 8601 weeks (Monday start, week 1 holds the year's first Thursday) anchored in a time zone:
 * "2026-W47" in Asia/Ho_Chi_Minh is the half-open instant range [Monday 00:00 local, next Monday 00:00 local).
 */
export interface IsoWeek {
  year: number;
  week: number;
  /** "2026-W47" */
  label: string;
  /** First instant of the week (inclusive), UTC ISO string. */
  start: string;
  /** First instant after the week (exclusive), UTC ISO string. */
  end: string;
  /** Monday and Sunday as local calendar dates, "YYYY-MM-DD". */
  firstDay: string;
  lastDay: string;
  timeZone: string;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** Number of ISO weeks (52 or 53) in an ISO week-numbering year. */
export function weeksInYear(year: number): number {
  // A year has 53 weeks when 1 January or 31 December is a Thursday.
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const dec31 = new Date(Date.UTC(year, 11, 31)).getUTCDay();
  return jan1 === 4 || dec31 === 4 ? 53 : 52;
}

/** Monday of ISO week 1 of `year`, as a UTC-midnight Date standing for a local calendar day. */
function week1Monday(year: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const dow = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(jan4.getTime() - dow * DAY_MS);
}

/** Offset (ms) of `timeZone` from UTC at instant `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** UTC instant of local midnight of the calendar day `day` (a UTC-midnight Date) in `timeZone`. */
function localMidnight(day: Date, timeZone: string): Date {
  const guess = day.getTime();
  // Two passes settle the offset even on a DST change day.
  let t = guess - zoneOffsetMs(guess, timeZone);
  t = guess - zoneOffsetMs(t, timeZone);
  return new Date(t);
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Builds the week; throws a clear error for an out-of-range week. */
export function isoWeek(year: number, week: number, timeZone: string): IsoWeek {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new Error(`invalid ISO week year: ${year}`);
  const max = weeksInYear(year);
  if (!Number.isInteger(week) || week < 1 || week > max) {
    throw new Error(`invalid ISO week ${year}-W${pad2(week)}: ${year} has weeks 01 to ${max}`);
  }
  const monday = new Date(week1Monday(year).getTime() + (week - 1) * 7 * DAY_MS);
  const nextMonday = new Date(monday.getTime() + 7 * DAY_MS);
  return {
    year,
    week,
    label: `${year}-W${pad2(week)}`,
    start: localMidnight(monday, timeZone).toISOString(),
    end: localMidnight(nextMonday, timeZone).toISOString(),
    firstDay: ymd(monday),
    lastDay: ymd(new Date(nextMonday.getTime() - DAY_MS)),
    timeZone,
  };
}

/** Parses "2026-W47" (also accepts lowercase "2026-w47"). */
export function parseIsoWeek(text: string, timeZone: string): IsoWeek {
  const m = WEEK_RE.exec(text.trim().toUpperCase());
  if (!m) throw new Error(`invalid ISO week "${text}": expected YYYY-Www, e.g. 2026-W47`);
  return isoWeek(Number(m[1]), Number(m[2]), timeZone);
}

/** The ISO week containing instant `at` as seen in `timeZone`. */
export function weekContaining(at: Date, timeZone: string): IsoWeek {
  const local = new Date(at.getTime() + zoneOffsetMs(at.getTime(), timeZone));
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - week1Monday(year).getTime()) / (7 * DAY_MS)) + 1;
  return isoWeek(year, week, timeZone);
}

/** The week `n` weeks after `w` (negative n goes back). */
export function shiftWeek(w: IsoWeek, n: number): IsoWeek {
  const midweek = new Date(Date.parse(w.start) + 3.5 * DAY_MS + n * 7 * DAY_MS);
  return weekContaining(midweek, w.timeZone);
}

/** The last complete week before instant `at`: what a Monday-morning digest reports on. */
export function previousWeek(at: Date, timeZone: string): IsoWeek {
  return shiftWeek(weekContaining(at, timeZone), -1);
}
