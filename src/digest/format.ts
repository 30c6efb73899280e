import type { Delta, DigestData } from './digest-data.js';
import { MIN_BASELINE_WEEKS } from './emerging-terms.js';
import { type DigestLang, type DigestStrings, lookup } from './locales.js';
import { localeFormat } from '../text/locale-format.js';

/** Number and change formatting shared by the HTML and Markdown renderers. */
export function formatNumber(n: number | null, lang: DigestLang, digits = 0): string {
  // One formatter for the UI and the digest (src/text/locale-format.ts): 1.234 and 0,98 in Vietnamese.
  return localeFormat(lang, 'UTC').number(n, digits);
}

export function formatChange(d: Delta, lang: DigestLang): string {
  const diff = d.current - d.previous;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const abs = formatNumber(Math.abs(diff), lang);
  if (d.previous === 0) return `${sign}${abs}`;
  const pct = Math.round((diff / d.previous) * 100);
  return `${sign}${abs} (${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}%)`;
}

export function formatPercent(p: number | null, lang: DigestLang): string {
  return p == null ? '—' : `${formatNumber(p * 100, lang)}%`;
}

export interface HeadlineRow {
  name: string;
  current: string;
  previous: string;
  change: string;
}

/** The headline table rows in display order. */
export function headlineRows(data: DigestData, t: DigestStrings, lang: DigestLang): HeadlineRow[] {
  const h = data.headline;
  const row = (name: string, d: Delta): HeadlineRow => ({
    name,
    current: formatNumber(d.current, lang),
    previous: formatNumber(d.previous, lang),
    change: formatChange(d, lang),
  });
  const rows: HeadlineRow[] = [row(t.collected, h.collected), row(t.flagged, h.flagged)];
  for (const [label, d] of Object.entries(h.flaggedByLabel)) rows.push(row(t.flaggedAs(lookup(t.labels, label)), d));
  rows.push(row(t.reviewed, h.reviewed));
  for (const [v, d] of Object.entries(h.verdicts)) rows.push(row(t.verdictOf(lookup(t.verdicts, v)), d));
  rows.push(row(t.responsesApproved, h.responsesApproved), row(t.responsesPublished, h.responsesPublished));
  const m = h.medianHoursToDecision;
  rows.push({
    name: t.medianHours,
    current: formatNumber(m.current, lang, 1),
    previous: formatNumber(m.previous, lang, 1),
    change: m.current != null && m.previous != null ? formatNumber(m.current - m.previous, lang, 1) : '—',
  });
  return rows;
}

export function statusSummary(status: Record<string, number>, t: DigestStrings, lang: DigestLang): string {
  return Object.entries(status)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${lookup(t.statuses, s)}: ${formatNumber(n, lang)}`)
    .join(', ');
}

/**
 * The emerging-terms table: a rise against the four previous weeks only when they all hold data;
 * before that, "new this week" with counts (a ratio against a thin history would mislead).
 */
export function emergingTable(data: DigestData, t: DigestStrings, lang: DigestLang): { note: string; head: string[]; rows: string[][] } {
  const weeks = data.emergingBaselineWeeks ?? MIN_BASELINE_WEEKS;
  const n = (x: number | null | undefined, d = 0) => formatNumber(x ?? null, lang, d);
  if (weeks < MIN_BASELINE_WEEKS) {
    return {
      note: t.emergingNew(weeks),
      head: [t.term, t.thisWeekCount, t.baselineCount],
      rows: data.emergingTerms.map((e) => [e.term, n(e.count), n(e.baseline)]),
    };
  }
  return {
    note: t.emergingRise,
    head: [t.term, t.thisWeekCount, t.expected, t.ratio],
    rows: data.emergingTerms.map((e) => [e.term, n(e.count), n(e.expected, 1), n(e.ratio, 1)]),
  };
}

/** A calendar day "2026-11-16" as the reader writes it: 16/11/2026 (vi), 16 Nov 2026 (en). */
export function formatDay(ymd: string, lang: DigestLang = 'vi'): string {
  return localeFormat(lang, 'UTC').day(ymd);
}

/** An instant in the digest's local time zone (KC_TZ): "02/12/2026 08:36" (vi), "2 Dec 2026, 08:36" (en). */
export function formatInstant(iso: string, timeZone: string, lang: DigestLang = 'vi'): string {
  return localeFormat(lang, timeZone).dateTime(iso);
}
