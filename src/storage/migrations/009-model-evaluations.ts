import type { Migration } from './index.js';

/**
 * Model admin (issue 12 item 6): the figures a retrained model is judged by besides the held-out
 * set (eval_before / eval_after), as one JSON document: the time split on reviewers' verdicts
 * (newest fifth, active model vs a model trained on the older four fifths) and the real
 * development set when it was available. NULL for versions trained before this migration.
 */
export const modelEvaluations: Migration = {
  name: '009-model-evaluations',
  sql: `ALTER TABLE model_versions ADD COLUMN evaluations TEXT;`,
};
