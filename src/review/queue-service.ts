import { z } from 'zod';
import { ftsQuery } from '../storage/item-reads.js';
import type { Claim } from '../storage/claims.js';
import type { LabelCounts, QueueCursor, QueueFilter, QueueRow, QueueSort } from '../storage/queue.js';
import type { Store } from '../storage/store.js';
import { canSee, scopeUnit, type Actor } from './access.js';
import { knownClaimOf } from './claim-service.js';
import { STATUSES } from './status.js';
import { parseSearch } from '../text/search-query.js';
import type { Watchlist } from '../storage/watchlists.js';
import { visibleWatchlist } from './watchlist-service.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
export const queueQuerySchema = z.object({
  label: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  status: z.preprocess(blankToUndefined, z.enum(STATUSES as [string, ...string[]]).optional()),
  unit: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  source: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  min: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1).optional()),
  // The watchlist language (words, "phrases", AND/OR/NOT); a search about an author is dropped, never run.
  q: z.preprocess(blankToUndefined, z.string().max(200).refine((q) => { const r = parseSearch(q); return r.ok || r.error !== 'author'; }).optional()),
  /** Open the queue on a saved watchlist (its words, labels, unit, source and dates). */
  watch: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,15}$/).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(['new', 'score']).default('new')),
  all: z.preprocess(blankToUndefined, z.literal('1').optional()),
  mine: z.preprocess(blankToUndefined, z.literal('1').optional()),
  /** "Chờ cấp trên" (escalated) or "Đang giữ" (held): what waits for the unit above. */
  flow: z.preprocess(blankToUndefined, z.enum(['escalated', 'held']).optional()),
  after: z.preprocess(blankToUndefined, z.string().regex(/^(-?[\d.]+_)?\d+$/).optional()),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export interface DecidedMatch {
  claim: Claim;
  response: { id: number; status: string; publishedUrl: string | null } | null;
}
export interface QueueEntry extends QueueRow {
  labels: { label: string; score: number }[];
  decided: DecidedMatch | null;
}
export interface QueuePage {
  rows: QueueEntry[];
  next: string | null;
  counts: Record<string, number>;
  /** Counts cover only the newest matches of a very common search. */
  countsCapped: boolean;
  filter: QueueQuery;
  /** The watchlist the queue is opened on. */
  watchlist?: Watchlist;
}

export const PAGE_SIZE = 50;
const COUNT_TTL_MS = 15_000;

function parseCursor(s: string | undefined, sort: QueueSort): QueueCursor | undefined {
  if (!s) return undefined;
  const [a, b] = s.includes('_') ? s.split('_') : [undefined, s];
  return sort === 'score' ? { id: Number(b), score: Number(a ?? 0) } : { id: Number(b) };
}

/**
 * Builds queue pages. Label counts are cached for a few seconds per filter: they cost a scan of
 * the matching rows, and reviewers paging through a list do not need them to the second.
 */
export function createQueueService(store: Store, clock: () => Date = () => new Date()) {
  const counts = new Map<string, { at: number; value: LabelCounts }>();

  async function labelCounts(f: QueueFilter): Promise<LabelCounts> {
    const key = JSON.stringify(f);
    const now = clock().getTime();
    const hit = counts.get(key);
    if (hit && now - hit.at < COUNT_TTL_MS) return hit.value;
    const value = await store.queue.labelCounts(f);
    if (counts.size > 500) counts.clear();
    counts.set(key, { at: now, value });
    return value;
  }

  /** Only claims the actor may open: another unit's claim number, verdict and response stay hidden (issue 14, finding 7). */
  async function decidedMatches(actor: Actor, rows: QueueRow[]): Promise<Map<number, DecidedMatch>> {
    const open = rows.filter((r) => r.status === 'new' || r.status === 'in_review');
    const out = new Map<number, DecidedMatch>();
    if (open.length === 0) return out;
    // Known-claim matches need the reasons JSON of every row: read it only if some decided
    // claim is linked to a known claim at all.
    const knownDecided = new Set(await store.claims.decidedKnownIds());
    const known = new Map<number, string>();
    if (knownDecided.size > 0) {
      for (const r of await store.reviewItems.reasonsFor(open.map((r) => r.id))) {
        const k = knownClaimOf(r.reasons);
        if (k && knownDecided.has(k)) known.set(r.itemId, k);
      }
    }
    const claims = (await store.claims.decidedFor(open.map((r) => r.id), [...new Set(known.values())])).filter((c) => canSee(actor, c.unit));
    for (const row of open) {
      const c = claims.find((c) => c.itemId === row.id) ?? claims.find((c) => c.knownClaimId !== null && c.knownClaimId === known.get(row.id));
      if (!c) continue;
      const latest = (await store.responses.forClaim(c.id))[0];
      out.set(row.id, { claim: c, response: latest ? { id: latest.id, status: latest.status, publishedUrl: latest.publishedUrl } : null });
    }
    return out;
  }

  return {
    /** Escalated and held items this actor's queue can show (links above the queue). */
    flowCounts(actor: Actor): Promise<{ escalated: number; held: number }> {
      return store.itemFlow.counts(actor.role === 'reviewer' ? scopeUnit(actor) : undefined);
    },
    async page(actor: Actor, query: QueueQuery): Promise<QueuePage> {
      // A reviewer's escalated/held queue holds their unit's items and those waiting for their unit.
      const flowScope = query.flow && actor.role === 'reviewer' ? scopeUnit(actor) : undefined;
      const filter: QueueFilter = {
        label: query.label,
        status: query.status as QueueFilter['status'],
        unit: flowScope !== undefined ? undefined : scopeUnit(actor, query.unit),
        flow: query.flow,
        flowScope,
        source: query.source,
        from: query.from,
        to: query.to ? `${query.to}T23:59:59.999Z` : undefined,
        minScore: query.min,
        match: query.q ? searchMatch(query.q) : undefined,
        flaggedOnly: query.all !== '1',
        assignedTo: query.mine === '1' ? actor.id : undefined,
      };
      const watchlist = query.watch ? await visibleWatchlist(store, actor, Number(query.watch)) : undefined;
      if (watchlist) Object.assign(filter, watchFilter(actor, watchlist, query, filter));
      const sort = query.sort as QueueSort;
      const rows = await store.queue.page(filter, sort, PAGE_SIZE + 1, parseCursor(query.after, sort));
      const more = rows.length > PAGE_SIZE;
      const pageRows = rows.slice(0, PAGE_SIZE);
      const last = pageRows[pageRows.length - 1];
      const [labels, decided, c] = await Promise.all([
        store.queue.labelsFor(pageRows.map((r) => r.id)),
        decidedMatches(actor, pageRows),
        labelCounts({ ...filter, label: undefined, minScore: undefined }),
      ]);
      return {
        rows: pageRows.map((r) => ({ ...r, labels: labels.filter((l) => l.itemId === r.id), decided: decided.get(r.id) ?? null })),
        next: more && last ? (sort === 'score' ? `${last.score ?? 0}_${last.id}` : String(last.id)) : null,
        counts: c.counts,
        countsCapped: c.capped,
        filter: query,
        watchlist,
      };
    },
  };
}
export type QueueService = ReturnType<typeof createQueueService>;

/** The queue's search box speaks the watchlist language; what it cannot parse is searched as plain words, as before. */
function searchMatch(q: string): string | undefined {
  const r = parseSearch(q);
  return r.ok ? r.match : (ftsQuery(q) ?? undefined);
}

/**
 * A watchlist's conditions on top of the queue's own: its words (ANDed with a typed search), any
 * of its labels, its unit within what the actor may see, its source, the narrower of the date
 * ranges; every item, flagged or not (a watchlist listens to all that is collected).
 */
function watchFilter(actor: Actor, w: Watchlist, query: QueueQuery, f: QueueFilter): Partial<QueueFilter> {
  const later = (a?: string, b?: string | null) => (!a ? (b ?? undefined) : !b ? a : a > b ? a : b);
  const earlier = (a?: string, b?: string | null) => (!a ? (b ?? undefined) : !b ? a : a < b ? a : b);
  return {
    match: f.match ? `(${w.match}) AND (${f.match})` : w.match,
    anyLabel: w.labels.length ? w.labels : undefined,
    unit: actor.role === 'reviewer' ? f.unit : (w.unit ?? f.unit),
    source: w.sourceId ?? f.source,
    from: later(query.from, w.dateFrom),
    to: earlier(f.to, w.dateTo ? `${w.dateTo}T23:59:59.999Z` : null),
    flaggedOnly: false,
  };
}
