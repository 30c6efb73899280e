/**
 * Dates as feeds write them, read strictly: RFC 822/2822 (RSS pubDate), ISO 8601/W3CDTF (Atom,
 * dc:date, dcterms:*) and the Vietnamese "dd/mm/yyyy[ hh:mm]" of local sites. Anything else gives no
 * date rather than a guess: Date.parse turns "Sun, Dec x 2012" into a date and ignores zone names it
 * does not know. A time without a zone is local time in `timeZone` (KC_TZ), as `import` reads it.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 822 §5.1 zone names (hours from UTC). Military letters are unreliable (RFC 2822 §4.3): no date.
const ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };

const RFC822 =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([a-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2}))?)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const DMY = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[\s,T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/;

interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Offset from UTC in minutes; undefined = local time in the configured zone. */
  offset?: number;
}

/** "+0700", "-05:00", "+07", "GMT", "EST" → minutes; null for a zone name we do not know. */
function zoneMinutes(zone: string | undefined): number | undefined | null {
  if (zone === undefined) return undefined;
  const z = zone.toUpperCase();
  if (z in ZONES) return ZONES[z] * 60;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return minutes > 14 * 60 ? null : m[1] === '-' ? -minutes : minutes;
}

function fieldsOf(v: string): Fields | null {
  let m = ISO.exec(v);
  if (m) {
    const offset = zoneMinutes(m[8]);
    if (offset === null) return null;
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    return { y: +m[1], mo: +m[2], d: +m[3], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), ms, offset };
  }
  m = RFC822.exec(v);
  if (m) {
    const mo = MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1;
    const offset = zoneMinutes(m[7]);
    if (mo === 0 || offset === null) return null;
    // RFC 822 two-digit years: 00-49 are 20xx, 50-99 are 19xx (RFC 2822 §4.3).
    const y = m[3].length === 2 ? (+m[3] < 50 ? 2000 : 1900) + +m[3] : +m[3];
    return { y, mo, d: +m[1], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), ms: 0, offset };
  }
  m = DMY.exec(v);
  if (m) return { y: +m[3], mo: +m[2], d: +m[1], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), ms: 0 };
  return null;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Offset (ms) of `timeZone` from UTC at instant `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** A feed date as an ISO 8601 UTC string, or undefined when it is not a real date. */
export function parseFeedDate(value: string | undefined, timeZone = DEFAULT_TIME_ZONE): string | undefined {
  const v = value?.trim();
  if (!v || v.length > 64) return undefined;
  const f = fieldsOf(v);
  if (!f) return undefined;
  // 2024-02-30 and 25:00 are not dates (Date.UTC would roll them over).
  const wall = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, Math.min(f.s, 59), f.ms);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== f.y || check.getUTCMonth() !== f.mo - 1 || check.getUTCDate() !== f.d) return undefined;
  if (f.h > 23 || f.mi > 59 || f.s > 60) return undefined;
  let t: number;
  if (f.offset !== undefined) t = wall - f.offset * 60_000;
  else {
    // Two passes settle the offset across a DST change.
    t = wall - zoneOffsetMs(wall, timeZone);
    t = wall - zoneOffsetMs(t, timeZone);
  }
  return new Date(t).toISOString();
}
