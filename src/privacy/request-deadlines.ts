/**
 * Deadlines of a data-subject request (Decree 356/2025): acknowledge within 2 working days,
 * act within 20 days of receipt. Days are calendar days in the installation's time zone (KC_TZ);
 * working days are Monday to Friday except the fixed-date public holidays (FIXED_HOLIDAYS) and the
 * installation's list (KC_HOLIDAYS: Tết, Hùng Kings' day, ...). A holiday missing from the list
 * only makes the acknowledge-by date earlier than the legal one, never later.
 */
const DAY_MS = 86_400_000;
export const ACK_WORKING_DAYS = 2;
export const DUE_DAYS = 20;
/** Within this many days of a deadline a request is marked "due soon". */
export const DUE_SOON_DAYS = 3;

/** "YYYY-MM-DD" naming a real day (2026-02-30 is not one, though Date.parse rolls it over). */
export function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
}

/** The local calendar date ("YYYY-MM-DD") of an instant in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function offsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** The instant local midnight starts calendar day `ymd` in `timeZone`. */
export function localMidnight(ymd: string, timeZone: string): Date {
  const guess = Date.parse(`${ymd}T00:00:00Z`);
  let t = guess - offsetMs(guess, timeZone);
  t = guess - offsetMs(t, timeZone); // second pass settles a DST change day
  return new Date(t);
}

const addDays = (ymd: string, n: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (ymd: string) => [0, 6].includes(new Date(`${ymd}T00:00:00Z`).getUTCDay());

/**
 * Public holidays on fixed solar dates (Labour Code 2019, art. 112): New Year, Reunification Day,
 * Labour Day, National Day. Lunar ones (Tết, Hùng Kings) and the second National Day holiday move
 * every year: the installation lists them in KC_HOLIDAYS.
 */
export const FIXED_HOLIDAYS = ['01-01', '04-30', '05-01', '09-02'];

/** The working day `n` working days after local date `ymd` (the day of receipt itself does not count). */
export function addWorkingDays(ymd: string, n: number, holidays: readonly string[] = []): string {
  const off = new Set(holidays);
  let d = ymd;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (!isWeekend(d) && !FIXED_HOLIDAYS.includes(d.slice(5)) && !off.has(d)) left--;
  }
  return d;
}

export interface RequestDeadlines {
  /** End (exclusive: next local midnight) of the 2nd working day after receipt. */
  ackDueAt: string;
  /** End of the 20th calendar day after receipt. */
  dueAt: string;
}

/** `holidays`: extra non-working days ("YYYY-MM-DD", KC_HOLIDAYS) besides weekends and FIXED_HOLIDAYS. */
export function requestDeadlines(receivedAt: Date, timeZone: string, holidays: readonly string[] = []): RequestDeadlines {
  const day = localDate(receivedAt, timeZone);
  return {
    ackDueAt: localMidnight(addDays(addWorkingDays(day, ACK_WORKING_DAYS, holidays), 1), timeZone).toISOString(),
    dueAt: localMidnight(addDays(day, DUE_DAYS + 1), timeZone).toISOString(),
  };
}

/** The last local day before a deadline (deadlines are exclusive local midnights), "YYYY-MM-DD". */
export const lastLocalDay = (endIso: string, timeZone: string): string => localDate(new Date(Date.parse(endIso) - 1), timeZone);

export type DeadlineMark = 'done' | 'ok' | 'due_soon' | 'overdue';

/** How a deadline stands at `now`: done once `doneAt` is set, otherwise by the time left. */
export function deadlineMark(dueAt: string, doneAt: string | null, now: Date, soonDays = DUE_SOON_DAYS): DeadlineMark {
  if (doneAt) return 'done';
  const left = Date.parse(dueAt) - now.getTime();
  return left <= 0 ? 'overdue' : left <= soonDays * DAY_MS ? 'due_soon' : 'ok';
}
