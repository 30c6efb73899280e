import type { LocaleFormat } from '../../src/text/locale-format.js';
import { tryKey, type Translate } from '../i18n.js';

export const LABELS = ['covid_false', 'union_org', 'grievance'];

export const labelName = (t: Translate, label: string) => tryKey(t, `label.${label}`, label);
export const statusName = (t: Translate, s: string) => tryKey(t, `status.${s}`, s);
export const verdictName = (t: Translate, v: string) => tryKey(t, `verdict.${v}`, v);

export function LabelBadge(props: { t: Translate; label: string; score?: number | null; fmt?: LocaleFormat }) {
  return (
    <span class={`badge label-${props.label.replace(/[^a-z_]/g, '')}`}>
      {labelName(props.t, props.label)}
      {props.score != null && props.fmt && ` ${props.fmt.number(props.score, 2)}`}
    </span>
  );
}

export function StatusBadge(props: { t: Translate; status: string }) {
  return <span class={`badge status status-${props.status.replace(/[^a-z_]/g, '')}`}>{statusName(props.t, props.status)}</span>;
}

/** An instant as the reader reads it (dd/mm/yyyy HH:mm in Vietnamese, in KC_TZ; see src/text/locale-format.ts). */
export function Time(props: { fmt: LocaleFormat; iso: string | null | undefined }) {
  return props.iso ? <time datetime={props.iso}>{props.fmt.dateTime(props.iso)}</time> : <span></span>;
}
