import { z } from 'zod';
import { parseSearch } from '../text/search-query.js';
import type { Watchlist, WatchlistInput } from '../storage/watchlists.js';
import type { Store } from '../storage/store.js';
import { canSee, scopeUnit, type Actor } from './access.js';
import { auditEntry, textFingerprint, type ActionMeta } from './audit.js';
import { ReviewError } from './errors.js';

const blank = (v: unknown) => (v === '' ? undefined : v);
const day = z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional());

/**
 * What a watchlist is made of. There is deliberately no author, handle or pseudonym field, and
 * anything else a form sends is dropped: a watchlist follows words and topics, never a person.
 */
export const watchlistSchema = z.object({
  name: z.string().trim().min(1).max(100),
  query: z.string().trim().min(1).max(300),
  labels: z.preprocess((v) => (v === undefined || v === '' ? [] : [v].flat()), z.array(z.string().regex(/^[a-z0-9_]{1,64}$/)).max(10)),
  unit: z.preprocess(blank, z.string().trim().max(100).optional()),
  source: z.preprocess(blank, z.string().trim().max(100).optional()),
  from: day,
  to: day,
});
export type WatchlistForm = z.infer<typeof watchlistSchema>;

/** Reviewers see the watchlists of their unit and those of no unit; admins and viewers see all. */
export function canSeeWatchlist(actor: Actor, w: Pick<Watchlist, 'unit'>): boolean {
  return w.unit === null || canSee(actor, w.unit);
}

/** Its creator or an admin; never a viewer. */
export function canEditWatchlist(actor: Actor, w: Pick<Watchlist, 'createdBy' | 'unit'>): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'reviewer' && w.createdBy === actor.id && canSeeWatchlist(actor, w);
}

function toInput(actor: Actor, f: WatchlistForm): WatchlistInput {
  const parsed = parseSearch(f.query);
  if (!parsed.ok) throw new ReviewError('invalid', `watch.error_${parsed.error}`);
  if (f.from && f.to && f.from > f.to) throw new ReviewError('invalid', 'watch.error_dates');
  return {
    name: f.name,
    query: f.query,
    match: parsed.match,
    labels: [...new Set(f.labels)],
    // A reviewer's watchlist covers their own unit, as their queue does.
    unit: actor.role === 'reviewer' ? actor.unit : (f.unit ?? null),
    sourceId: f.source ?? null,
    dateFrom: f.from ?? null,
    dateTo: f.to ?? null,
  };
}

export async function createWatchlist(store: Store, actor: Actor, f: WatchlistForm, meta: ActionMeta): Promise<number> {
  if (actor.role !== 'admin' && actor.role !== 'reviewer') throw new ReviewError('forbidden', 'error.forbidden');
  const input = toInput(actor, f);
  const now = meta.now.toISOString();
  return store.write(async () => {
    const id = await store.watchlists.create(input, actor.id, now);
    await store.audit.append(auditEntry(actor, 'watchlist_create', meta, { type: 'watchlist', id }, { query: textFingerprint(input.query), labels: input.labels, unit: input.unit }));
    return id;
  });
}

export async function visibleWatchlist(store: Store, actor: Actor, id: number): Promise<Watchlist> {
  const w = await store.watchlists.get(id);
  if (!w || !canSeeWatchlist(actor, w)) throw new ReviewError('not_found', 'error.not_found');
  return w;
}

export async function updateWatchlist(store: Store, actor: Actor, id: number, f: WatchlistForm, meta: ActionMeta): Promise<void> {
  const w = await visibleWatchlist(store, actor, id);
  if (!canEditWatchlist(actor, w)) throw new ReviewError('forbidden', 'error.forbidden');
  const input = toInput(actor, f);
  await store.write(async () => {
    await store.watchlists.update(id, input, meta.now.toISOString());
    await store.audit.append(auditEntry(actor, 'watchlist_update', meta, { type: 'watchlist', id }, { query: textFingerprint(input.query), labels: input.labels, unit: input.unit }));
  });
}

export async function deleteWatchlist(store: Store, actor: Actor, id: number, meta: ActionMeta): Promise<void> {
  const w = await visibleWatchlist(store, actor, id);
  if (!canEditWatchlist(actor, w)) throw new ReviewError('forbidden', 'error.forbidden');
  await store.write(async () => {
    await store.watchlists.remove(id);
    await store.audit.append(auditEntry(actor, 'watchlist_delete', meta, { type: 'watchlist', id }));
  });
}

/** The watchlists an actor sees, each with the count of matches new since their last visit. */
export async function watchlistsFor(store: Store, actor: Actor): Promise<{ watchlist: Watchlist; fresh: number; canEdit: boolean }[]> {
  const all = (await store.watchlists.list()).filter((w) => canSeeWatchlist(actor, w));
  return Promise.all(all.map(async (w) => ({ watchlist: w, fresh: await store.watchlists.newSince(w, actor.id, scopeUnit(actor)), canEdit: canEditWatchlist(actor, w) })));
}

/** Opening the queue on a watchlist is a visit: its "new" count starts again from what is stored now. */
export async function visitWatchlist(store: Store, actor: Actor, id: number, now: Date): Promise<void> {
  await visibleWatchlist(store, actor, id);
  await store.write(() => store.watchlists.visit(id, actor.id, now.toISOString()));
}
