import { tryKey, type Translate } from '../i18n.js';

export const LABELS = ['covid_false', 'union_org', 'grievance'];

export const labelName = (t: Translate, label: string) => tryKey(t, `label.${label}`, label);
export const statusName = (t: Translate, s: string) => tryKey(t, `status.${s}`, s);
export const verdictName = (t: Translate, v: string) => tryKey(t, `verdict.${v}`, v);

export function LabelBadge(props: { t: Translate; label: string; score?: number | null }) {
  return (
    <span class={`badge label-${props.label.replace(/[^a-z_]/g, '')}`}>
      {labelName(props.t, props.label)}
      {props.score != null && ` ${props.score.toFixed(2)}`}
    </span>
  );
}

export function StatusBadge(props: { t: Translate; status: string }) {
  return <span class={`badge status status-${props.status.replace(/[^a-z_]/g, '')}`}>{statusName(props.t, props.status)}</span>;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${opts.hour ? 't' : 'd'}`;
  let f = formats.get(key);
  // Building a formatter costs far more than using one: keep one per locale and style.
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'Asia/Ho_Chi_Minh' })));
  return f;
}

/** Dates as the team reads them: hh:mm dd/mm/yyyy in Vietnamese, dd/mm/yyyy, hh:mm in English. */
export function formatDate(lang: string, iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return format(lang === 'vi' ? 'vi-VN' : 'en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** dd/mm/yyyy in Vietnam's time zone: the {{date}} of a response. */
export function formatDay(iso: string): string {
  return format('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

/** How long ago, in the reader's language ("3 ngày trước", "2 hours ago"): an item's age in the queue. */
export function formatAge(lang: string, iso: string | null | undefined, now: Date): string {
  if (!iso) return '';
  const ms = now.getTime() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const rtf = new Intl.RelativeTimeFormat(lang === 'vi' ? 'vi' : 'en', { numeric: 'auto' });
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.round(hours / 24), 'day');
}

export function Time(props: { lang: string; iso: string | null | undefined }) {
  return props.iso ? <time datetime={props.iso}>{formatDate(props.lang, props.iso)}</time> : <span></span>;
}
