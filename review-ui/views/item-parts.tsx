import { segments, spanTexts, type Mark } from '../../src/review/highlight.js';
import type { Reason, ScreenshotScope, SnapshotScope } from '../../src/types.js';
import type { Translate } from '../i18n.js';
import { describeRule, type RuleDescription } from '../../src/review/rule-descriptions.js';
import type { LocaleFormat } from '../../src/text/locale-format.js';
import { labelName, LabelBadge } from './badges.js';

/** Text with matched spans wrapped in <mark>: built as elements, so crawled text is always escaped. */
export function Highlighted(props: { text: string; marks: Mark[]; t: Translate }) {
  return (
    <>
      {segments(props.text, props.marks).map((s) =>
        s.marks.length === 0 ? (
          s.text
        ) : (
          <mark class={`hl label-${s.marks[0].label.replace(/[^a-z_]/g, '')}`} title={s.marks.map((m) => `${labelName(props.t, m.label)}: ${m.ruleId}`).join(', ')}>
            {s.text}
          </mark>
        ),
      )}
    </>
  );
}

export function ReasonsList(props: { reasons: Reason[]; text: string; title: string; t: Translate; fmt: LocaleFormat; descriptions?: Map<string, RuleDescription> }) {
  const { t, fmt } = props;
  const pct = (x: number) => fmt.percent(x);
  // The rule's description in the reader's language (description_vi in vi, never English there).
  const description = (id: string, stored?: string) => describeRule(props.descriptions?.get(id), fmt.lang, stored);
  if (props.reasons.length === 0) return <p class="muted">{t('item.no_reasons')}</p>;
  // A rule that fired on both the title and the text is one line, with the words matched in either.
  const words = new Map<Reason, string[]>();
  const first = new Map<string, Reason>();
  const shown: Reason[] = [];
  for (const r of props.reasons) {
    if (r.kind !== 'rule' && r.kind !== 'guard') {
      shown.push(r);
      continue;
    }
    const found = spanTexts(r.kind === 'rule' && r.field === 'title' ? props.title : props.text, r.spans);
    const key = `${r.kind}\u0000${r.ruleId}\u0000${r.label}`;
    const seen = first.get(key);
    if (seen) {
      const all = words.get(seen)!;
      for (const w of found) if (!all.includes(w)) all.push(w);
      continue;
    }
    first.set(key, r);
    words.set(r, [...found]);
    shown.push(r);
  }
  return (
    <ul class="reasons">
      {shown.map((r) => {
        if (r.kind === 'rule' || r.kind === 'guard') {
          const matched = words.get(r) ?? [];
          return (
            <li>
              <LabelBadge t={t} label={r.label} /> <strong>{t(r.kind === 'rule' ? 'reason.rule' : 'reason.guard')}</strong> <code>{r.ruleId}</code>
              {` (${t('reason.weight')} ${fmt.number(r.weight, 2)})`}
              {description(r.ruleId, r.description) && <span> — {description(r.ruleId, r.description)}</span>}
              {matched.length > 0 && (
                <span class="matched">
                  {' '}
                  {t('reason.matched')}: {matched.map((w, i) => <>{i > 0 && ', '}<q>{w}</q></>)}
                </span>
              )}
            </li>
          );
        }
        if (r.kind === 'model') {
          return (
            <li>
              <LabelBadge t={t} label={r.label} /> <strong>{t('reason.model')}</strong> {t('reason.probability')} {pct(r.probability)}
              {r.features.length > 0 && (
                <span class="matched">
                  {' '}
                  {t('reason.features')}: {r.features.slice(0, 8).map((f, i) => <>{i > 0 && ', '}<q>{f.feature}</q> ({fmt.number(f.weight, 2)})</>)}
                </span>
              )}
            </li>
          );
        }
        if (r.kind === 'passage') {
          const quote = props.text.slice(r.start, r.end);
          return (
            <li>
              <LabelBadge t={t} label={r.label} /> <strong>{t('reason.passage')}</strong> ({t('reason.score')} {pct(r.score)}):{' '}
              <q class="passage">{quote.length > 280 ? `${quote.slice(0, 280)}…` : quote}</q>
            </li>
          );
        }
        return (
          <li>
            <LabelBadge t={t} label={r.label} /> <strong>{t('reason.claim')}</strong> <q>{r.statement}</q> ({t('reason.similarity')} {pct(r.similarity)}
            {r.confirmed ? `, ${t('reason.confirmed')}` : ''}) <code>{r.claimId}</code>
          </li>
        );
      })}
    </ul>
  );
}

export interface EvidenceView {
  status: string;
  capturedAt: string | null;
  hasHtml: boolean;
  hasPng: boolean;
  htmlSha256: string | null;
  pngSha256: string | null;
  /** Viewers are told evidence exists but get no links (only reviewers and admins open it). */
  restricted?: boolean;
  /** What the screenshot shows: the post element, or the first screen (fallback when the element was missing). */
  scope?: ScreenshotScope | null;
  /** What the HTML snapshot holds: the post element only, or the whole page. */
  htmlScope?: SnapshotScope | null;
}

export function EvidenceBlock(props: { itemId: number; evidence: EvidenceView | null; t: Translate }) {
  const { t, evidence: e } = props;
  if (!e) return <p class="muted">{t('evidence.none')}</p>;
  if (e.status !== 'done') return <p class="muted">{t(e.status === 'failed' ? 'evidence.failed' : 'evidence.pending')}</p>;
  if (e.restricted) return <p class="muted">{t('evidence.restricted')}</p>;
  return (
    <ul>
      {e.hasPng && (
        <li>
          <a href={`/items/${props.itemId}/evidence/screenshot`}>{t('evidence.screenshot')}</a>
          {e.scope && <> ({t(`evidence.scope.${e.scope}`)})</>} <small>SHA-256 {e.pngSha256?.slice(0, 16)}…</small>
        </li>
      )}
      {e.hasHtml && (
        <li>
          <a href={`/items/${props.itemId}/evidence/snapshot`}>{t('evidence.snapshot')}</a>
          {e.htmlScope && <> ({t(`evidence.htmlScope.${e.htmlScope}`)})</>} <small>SHA-256 {e.htmlSha256?.slice(0, 16)}…</small>
        </li>
      )}
    </ul>
  );
}
