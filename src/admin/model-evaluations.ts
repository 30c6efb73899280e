// The figures a retrained model is judged by besides the held-out set, stored as JSON with its
// version (model_versions.evaluations, migration 009) and shown on /admin/model.
import type { SliceFigures } from '../classify/eval-breakdown.js';

/** Below this many verdicts a newest fifth (4 rows at 20) says nothing: the page says so instead. */
export const MIN_VERDICTS_FOR_TIME_SPLIT = 20;

export type TimeSplitFigures =
  | {
      status: 'ok';
      verdicts: number;
      /** Older verdicts the split model was trained on (with the training files). */
      trainVerdicts: number;
      /** Newest verdicts both models were evaluated on. */
      testVerdicts: number;
      /** Decision times of the first and last verdict in the newest fifth. */
      testFrom: string;
      testTo: string;
      /**
       * Of the newest fifth, verdicts decided before the active model was trained: the active
       * model may have learnt them, so its "before" figure flatters it by that much.
       */
      seenByActive: number;
      before: SliceFigures;
      after: SliceFigures;
    }
  | { status: 'too_few'; verdicts: number; minimum: number };

export type RealSetFigures = { status: 'ok'; path: string; before: SliceFigures; after: SliceFigures } | { status: 'not_available'; path: string | null };

export interface ModelEvaluations {
  heldout: { before: SliceFigures; after: SliceFigures };
  timeSplit: TimeSplitFigures;
  real: RealSetFigures;
}

/**
 * Orders rows by decision time (then by the given order, for equal times) and cuts off the newest
 * fifth (rounded up); null below MIN_VERDICTS_FOR_TIME_SPLIT rows.
 */
export function splitByDecisionTime<T extends { decidedAt: string }>(rows: T[]): { older: T[]; newest: T[] } | null {
  if (rows.length < MIN_VERDICTS_FOR_TIME_SPLIT) return null;
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => (a.r.decidedAt < b.r.decidedAt ? -1 : a.r.decidedAt > b.r.decidedAt ? 1 : a.i - b.i)).map((x) => x.r);
  const cut = sorted.length - Math.ceil(sorted.length / 5);
  return { older: sorted.slice(0, cut), newest: sorted.slice(cut) };
}
