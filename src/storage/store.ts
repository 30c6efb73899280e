import type { SqlDb, WriteOptions } from './sql-db.js';
import { alertsRepo } from './alerts.js';
import { apiReadsRepo } from './api-reads.js';
import { apiSummariesRepo } from './api-summaries.js';
import { apiTokensRepo } from './api-tokens.js';
import { rateLimitsRepo } from './rate-limits.js';
import { auditRepo } from './audit.js';
import { claimsRepo } from './claims.js';
import { grievancesRepo } from './grievances.js';
import { loginAttemptsRepo } from './login-attempts.js';
import { queueRepo } from './queue.js';
import { responsesRepo } from './responses.js';
import { reviewItemsRepo } from './review-items.js';
import { sessionsRepo } from './sessions.js';
import { unitsRepo } from './units.js';
import { usersRepo } from './users.js';
import { verdictsRepo } from './verdicts.js';
import { watchlistsRepo } from './watchlists.js';
import { classificationsRepo } from './classifications.js';
import { crawlRunsRepo } from './crawl-runs.js';
import { crawlStateRepo } from './crawl-state.js';
import { evidenceRepo } from './evidence.js';
import { httpCacheRepo } from './http-cache.js';
import { itemsRepo } from './items.js';
import { itemFlowRepo } from './item-flow.js';
import { leasesRepo } from './leases.js';
import { openSqlDb } from './open-store.js';
import { retentionRepo } from './retention.js';
import { erasureRepo } from './erasure.js';
import { adminQueriesRepo } from './admin-queries.js';
import { digestQueriesRepo } from './digest-queries.js';
import { digestsRepo } from './digests.js';
import { modelVersionsRepo } from './model-versions.js';
import { ruleOverridesRepo } from './rule-overrides.js';
import { settingsRepo } from './settings.js';
import { sourcesRepo } from './sources.js';
import { statsRepo } from './stats.js';
import { subjectDataRepo } from './subject-data.js';
import { subjectRequestsRepo } from './subject-requests.js';
import { suppressionsRepo } from './suppressions.js';
import { tipsRepo } from './tips.js';

/**
 * The storage facade handed to jobs, CLI and the review UI. One repository per concern, each
 * in its own file (`items.ts`, `sources.ts`, …) exporting a factory `xxxRepo(db)`; add new
 * ones here. Nothing outside src/storage writes SQL.
 */
export function createStore(db: SqlDb) {
  return {
    db,
    /**
     * One transaction: the repository calls `fn` makes run in it, all or nothing (rolled back when
     * `fn` throws). Callers outside src/storage use this, never `db` (tests/storage/store-boundary).
     */
    write: <T>(fn: () => Promise<T>, options?: WriteOptions): Promise<T> => db.write(() => fn(), options),
    close: () => db.close(),
    // digest and admin (helper F)
    digestQueries: digestQueriesRepo(db),
    adminQueries: adminQueriesRepo(db),
    digests: digestsRepo(db),
    ruleOverrides: ruleOverridesRepo(db),
    modelVersions: modelVersionsRepo(db),
    // review (helper E)
    users: usersRepo(db),
    units: unitsRepo(db),
    sessions: sessionsRepo(db),
    loginAttempts: loginAttemptsRepo(db),
    audit: auditRepo(db),
    queue: queueRepo(db),
    reviewItems: reviewItemsRepo(db),
    verdicts: verdictsRepo(db),
    claims: claimsRepo(db),
    responses: responsesRepo(db),
    grievances: grievancesRepo(db),
    // escalation and hold (issue 13, §3)
    itemFlow: itemFlowRepo(db),
    items: itemsRepo(db),
    sources: sourcesRepo(db),
    classifications: classificationsRepo(db),
    settings: settingsRepo(db),
    stats: statsRepo(db),
    // crawl (helper D)
    crawlRuns: crawlRunsRepo(db),
    crawlState: crawlStateRepo(db),
    httpCache: httpCacheRepo(db),
    evidence: evidenceRepo(db),
    // retention purge (helper G)
    retention: retentionRepo(db),
    erasure: erasureRepo(db),
    // data-subject requests and the suppression list (issue 8, helper B)
    subjectRequests: subjectRequestsRepo(db),
    subjectData: subjectDataRepo(db),
    suppressions: suppressionsRepo(db),
    // read-only JSON API: tokens and its reads (issue 15, §4)
    apiTokens: apiTokensRepo(db),
    rateLimits: rateLimitsRepo(db),
    apiReads: apiReadsRepo(db),
    apiSummaries: apiSummariesRepo(db),
    // watchlists and alerts (issue 15, §1)
    watchlists: watchlistsRepo(db),
    alerts: alertsRepo(db),
    // tipline (issue 15, §2)
    tips: tipsRepo(db),
    // job leases, host slots and once-per-slot schedules shared by workers (issue 16, §5)
    leases: leasesRepo(db),
  };
}

export type Store = ReturnType<typeof createStore>;

/** The SQLite file at `path`, or the PostgreSQL database at `databaseUrl` when given (KC_DATABASE_URL). */
export async function openStore(path: string, databaseUrl?: string): Promise<Store> {
  return createStore(await openSqlDb({ path, databaseUrl }));
}
