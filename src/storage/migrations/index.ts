// Ordered list: position N (1-based) is schema version N. Append only; never edit a shipped migration.
import { core } from './001-core.js';
import { crawl } from './002-crawl.js';
import { review } from './003-review.js';
import { admin } from './004-admin.js';
import { dedupeIndexes } from './005-dedupe-indexes.js';
import { reviewQueue } from './006-review-queue.js';
import { digestIndex } from './007-digest-index.js';
import { privacy } from './008-privacy.js';
import { modelEvaluations } from './009-model-evaluations.js';
import { postedWeekIndex } from './010-posted-week-index.js';
import { units } from './011-units.js';
import { grievanceFollowup } from './012-grievance-followup.js';
import { itemFlow } from './013-item-flow.js';
import { watchlistsAlerts } from './014-watchlists-alerts.js';
import { tipline } from './015-tipline.js';
import { apiTokens } from './016-api-tokens.js';
import { leases } from './017-leases.js';
import { rateLimits } from './018-rate-limits.js';
import { crawlResume } from './019-crawl-resume.js';
import { evidenceLeases } from './020-evidence-leases.js';

export interface Migration {
  name: string;
  sql: string;
}

export const migrations: Migration[] = [core, crawl, review, admin, dedupeIndexes, reviewQueue, digestIndex, privacy, modelEvaluations, postedWeekIndex, units, grievanceFollowup, itemFlow, watchlistsAlerts, tipline, apiTokens, leases, rateLimits, crawlResume, evidenceLeases];
