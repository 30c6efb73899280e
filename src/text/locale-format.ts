/**
 * How numbers, days and instants read in the reader's language, in one place for the review UI,
 * the admin pages and the digest. Vietnamese: 0,98 · 1.234 · 20/11/2026 14:30; English: 0.98 ·
 * 1,234 · 20 Nov 2026, 14:30. Instants are shown in the installation's time zone (KC_TZ), never UTC:
 * a team in Hà Nội reads "14:30", not "07:30Z". Pure: no clock, no config; callers pass both.
 */
export type FormatLang = 'vi' | 'en';

export interface LocaleFormat {
  lang: FormatLang;
  timeZone: string;
  /** A number with exactly `digits` decimals (grouped thousands); "—" for null/NaN. */
  number(n: number | null | undefined, digits?: number): string;
  /** A share 0..1 as a percentage ("98%"); "—" for null. */
  percent(p: number | null | undefined, digits?: number): string;
  /** An instant as local date and time: "20/11/2026 14:30" / "20 Nov 2026, 14:30". */
  dateTime(iso: string | null | undefined): string;
  /** The local day of an instant: "20/11/2026" / "20 Nov 2026". */
  date(iso: string | null | undefined): string;
  /** A calendar day "2026-11-20" (no time zone involved): "20/11/2026" / "20 Nov 2026". */
  day(ymd: string | null | undefined): string;
  /** How long ago, "3 ngày trước" / "3 days ago". */
  age(iso: string | null | undefined, now: Date): string;
}

const NUMBER_LOCALE: Record<FormatLang, string> = { vi: 'vi-VN', en: 'en-GB' };
const cache = new Map<string, LocaleFormat>();

// Building an Intl formatter costs far more than using one: keep one per language, zone and style.
const intl = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFmt(lang: FormatLang, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `d|${lang}|${timeZone}|${withTime}`;
  let f = intl.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    const time: Intl.DateTimeFormatOptions = withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {};
    // Vietnamese is assembled from parts: vi-VN puts the time first ("14:30 20/11/2026").
    const opts: Intl.DateTimeFormatOptions =
      lang === 'vi' ? { day: '2-digit', month: '2-digit', year: 'numeric', ...time } : { day: 'numeric', month: 'short', year: 'numeric', ...time };
    f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone });
    intl.set(key, f);
  }
  return f;
}

function numberFmt(lang: FormatLang, digits: number, style: 'decimal' | 'percent'): Intl.NumberFormat {
  const key = `n|${lang}|${digits}|${style}`;
  let f = intl.get(key) as Intl.NumberFormat | undefined;
  if (!f) intl.set(key, (f = new Intl.NumberFormat(NUMBER_LOCALE[lang], { style, minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

function formatInstant(lang: FormatLang, timeZone: string, iso: string | null | undefined, withTime: boolean): string {
  const d = parse(iso);
  if (!d) return iso ?? '';
  const f = dateFmt(lang, timeZone, withTime);
  if (lang === 'en') return f.format(d);
  const parts = f.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = `${get('day')}/${get('month')}/${get('year')}`;
  return withTime ? `${day} ${get('hour')}:${get('minute')}` : day;
}

/** Formatting for one reader: language and time zone bound once per request. */
export function localeFormat(lang: string, timeZone: string): LocaleFormat {
  const l: FormatLang = lang === 'en' ? 'en' : 'vi';
  const key = `${l}|${timeZone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rtf = new Intl.RelativeTimeFormat(l, { numeric: 'auto' });
  const f: LocaleFormat = {
    lang: l,
    timeZone,
    number: (n, digits = 0) => (n == null || !Number.isFinite(n) ? '—' : numberFmt(l, digits, 'decimal').format(n)),
    percent: (p, digits = 0) => (p == null || !Number.isFinite(p) ? '—' : numberFmt(l, digits, 'percent').format(p)),
    dateTime: (iso) => formatInstant(l, timeZone, iso, true),
    date: (iso) => formatInstant(l, timeZone, iso, false),
    day: (ymd) => {
      const m = ymd ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) : null;
      if (!m) return ymd ?? '';
      // A calendar day has no zone: format it at noon UTC so no zone can move it to another day.
      return l === 'vi' ? `${m[3]}/${m[2]}/${m[1]}` : dateFmt('en', 'UTC', false).format(new Date(`${ymd}T12:00:00Z`));
    },
    age: (iso, now) => {
      const d = parse(iso);
      if (!d) return '';
      const minutes = Math.max(0, Math.round((now.getTime() - d.getTime()) / 60_000));
      if (minutes < 60) return rtf.format(-minutes, 'minute');
      const hours = Math.round(minutes / 60);
      if (hours < 48) return rtf.format(-hours, 'hour');
      return rtf.format(-Math.round(hours / 24), 'day');
    },
  };
  cache.set(key, f);
  return f;
}
