// Ordered list: position N (1-based) is schema version N. Append only; never edit a shipped migration.
import { core } from './001-core.js';
import { crawl } from './002-crawl.js';
import { review } from './003-review.js';
import { admin } from './004-admin.js';
import { dedupeIndexes } from './006-dedupe-indexes.js';
import { reviewQueue } from './007-review-queue.js';
import { digestIndex } from './008-digest-index.js';
import { privacy } from './009-privacy.js';
import { modelEvaluations } from './010-model-evaluations.js';
import { postedWeekIndex } from './011-posted-week-index.js';
import { units } from './013-units.js';
import { grievanceFollowup } from './014-grievance-followup.js';

export interface Migration {
  name: string;
  sql: string;
}

export const migrations: Migration[] = [core, crawl, review, admin, dedupeIndexes, reviewQueue, digestIndex, privacy, modelEvaluations, postedWeekIndex, units, grievanceFollowup];
