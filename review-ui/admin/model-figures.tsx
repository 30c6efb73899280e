import type { SliceFigures } from '../../src/classify/eval-breakdown.js';
import type { EvalReport } from '../../src/classify/metrics.js';
import type { ModelVersion } from '../../src/storage/model-versions.js';
import { labelName } from '../views/badges.js';
import { Table, when, type T } from './common.js';

type Pair = { before: SliceFigures | EvalReport | null; after: SliceFigures | EvalReport | null };

const reportOf = (f: SliceFigures | EvalReport | null): EvalReport | null => (f ? ('report' in f ? f.report : f) : null);
const num = (t: T, x: number | null | undefined) => t.fmt.number(x, 3);
const arrow = (a: string, b: string) => `${a} → ${b}`;

function flagged(t: T, f: SliceFigures | EvalReport | null): string {
  if (!f || !('report' in f) || f.negatives === 0) return '—';
  return `${t.fmt.percent(f.negativeFlagRate)} (${t.fmt.number(f.negativesFlagged)}/${t.fmt.number(f.negatives)})`;
}

/** One table row: the set, its size, macro-F1, F1 per label and flagged unlabelled posts, before → after. */
function figureRow(t: T, name: string, rows: string, p: Pair, labels: string[]): string[] {
  const b = reportOf(p.before);
  const a = reportOf(p.after);
  return [
    name,
    rows,
    arrow(num(t, p.before?.macroF1), num(t, p.after?.macroF1)),
    ...labels.map((l) => {
      const support = a?.labels[l]?.support ?? b?.labels[l]?.support;
      return `${arrow(num(t, b?.labels[l]?.f1), num(t, a?.labels[l]?.f1))}${support == null ? '' : ` (${t('adm.model.support', { n: support })})`}`;
    }),
    arrow(flagged(t, p.before), flagged(t, p.after)),
  ];
}

/**
 * A model version's figures, before (the model active when it was trained) and after (this one):
 * held-out set, newest fifth of reviewers' verdicts (time split), real development set.
 */
export function ModelFigures(props: { t: T; version: ModelVersion; open: boolean }) {
  const { t, version: v } = props;
  const ev = v.evaluations;
  const heldout: Pair = ev ? ev.heldout : { before: v.evalBefore, after: v.evalAfter };
  const labels = [...new Set([heldout, ...(ev?.timeSplit.status === 'ok' ? [ev.timeSplit] : []), ...(ev?.real.status === 'ok' ? [ev.real] : [])].flatMap((p) => Object.keys(reportOf(p.after)?.labels ?? {})))].sort();
  const dash = labels.map(() => '—');
  const heldoutRows = reportOf(heldout.after)?.examples;
  const rows: string[][] = [figureRow(t, t('adm.model.set_heldout'), heldoutRows == null ? '—' : String(heldoutRows), heldout, labels)];

  const ts = ev?.timeSplit;
  if (!ts) rows.push([t('adm.model.set_newest'), t('adm.model.not_recorded'), '—', ...dash, '—']);
  else if (ts.status === 'too_few') rows.push([t('adm.model.set_newest'), t('adm.model.too_few', { n: ts.verdicts, min: ts.minimum }), '—', ...dash, '—']);
  else rows.push(figureRow(t, t('adm.model.set_newest'), t('adm.model.newest_rows', { n: ts.testVerdicts, from: when(t.fmt, ts.testFrom), to: when(t.fmt, ts.testTo), m: ts.trainVerdicts }), ts, labels));

  const real = ev?.real;
  if (!real) rows.push([t('adm.model.set_real'), t('adm.model.not_recorded'), '—', ...dash, '—']);
  else if (real.status === 'not_available') rows.push([t('adm.model.set_real'), t('adm.model.not_available'), '—', ...dash, '—']);
  else rows.push(figureRow(t, t('adm.model.set_real'), String(real.after.rows), real, labels));

  return (
    <details class="model-figures" id={`figures-${v.id}`} open={props.open}>
      <summary>{t('adm.model.figures_of', { id: v.id })}</summary>
      <Table
        caption={t('adm.model.figures_caption')}
        head={[t('adm.model.set'), t('adm.model.rows'), t('adm.model.macro'), ...labels.map((l) => t('adm.model.label_f1', { label: labelName(t, l) })), t('adm.model.neg_flagged')]}
        empty="—"
        rows={rows}
      />
      {ts?.status === 'ok' && ts.seenByActive > 0 && <p class="muted">{t('adm.model.seen_by_active', { n: ts.seenByActive })}</p>}
    </details>
  );
}
