import type { ReviewItem } from '../storage/review-items.js';
import type { Store } from '../storage/store.js';
import type { Verdict } from '../storage/verdicts.js';
import { canDecide, type Actor } from './access.js';
import { auditEntry, type ActionMeta } from './audit.js';
import { setClaimMember } from './claim-service.js';
import { ReviewError } from './errors.js';
import { COUNTER_VERDICTS, isHeld } from './grievance-guard.js';
import { itemFor, recordVerdict } from './item-actions.js';
import { findSimilar } from './similarity.js';
import { canRecordVerdict } from './status.js';

/**
 * Ingest folds copies within a few bits of simhash into one item (a sighting); what reaches the
 * queue as separate items are reworded copies. Word-bigram cosine ≥ 0.5 means most of the text is
 * the same sentence for sentence (a changed word breaks two bigrams, an added line a few): a
 * near-duplicate a reviewer can confirm in one go, not merely a post on the same topic (~0.1–0.3).
 */
export const NEAR_DUPLICATE_SIMILARITY = 0.5;
const LIMIT = 30;

export interface NearDuplicate {
  id: number;
  title: string | null;
  snippet: string;
  unit: string | null;
  similarity: number;
  /** A grievance held in follow-up that the same verdict or claim would be refused for. */
  held: boolean;
}

/**
 * Undecided near-duplicates of a decided item that this actor may decide. Empty when the item has
 * no verdict yet: there is nothing to confirm them with.
 */
export async function nearDuplicatesOf(store: Store, actor: Actor, item: Pick<ReviewItem, 'id' | 'verdict'>): Promise<NearDuplicate[]> {
  if (!item.verdict || actor.role === 'viewer') return [];
  const folded = (await store.reviewItems.folded([item.id]))[0]?.folded ?? '';
  const unit = actor.role === 'reviewer' ? (actor.unit ?? '') : undefined;
  const similar = await findSimilar(store, folded, { exclude: [item.id], unit, limit: LIMIT, minSimilarity: NEAR_DUPLICATE_SIMILARITY });
  const briefs = await store.reviewItems.briefs(similar.map((s) => s.id));
  const open = similar.flatMap((s) => {
    const b = briefs.find((x) => x.id === s.id);
    return b && b.verdict === null && canRecordVerdict(b.status) && canDecide(actor, b.unit) ? [{ ...b, similarity: s.similarity }] : [];
  });
  const marks = await store.grievances.marks(open.map((o) => o.id));
  // What the services would refuse: a held grievance may not join a claim nor be called false/misleading.
  const guarded = COUNTER_VERDICTS.has(item.verdict) || (await store.claims.forItem(item.id)).some((c) => c.state === 'confirmed');
  return open.map((o) => ({ id: o.id, title: o.title, snippet: o.snippet, unit: o.unit, similarity: o.similarity, held: guarded && isHeld(marks.find((m) => m.itemId === o.id)) }));
}

export interface BulkResult {
  confirmed: number[];
  refused: { id: number; messageKey: string }[];
}

/**
 * One confirmation for the chosen near-duplicates of a decided item: each joins the item's
 * confirmed claims and gets its verdict and reason, through the same services as one by one
 * (setClaimMember, recordVerdict), so the grievance guard, the reason and the audit row apply to
 * every item. An item a service refuses (a grievance held in follow-up, a change in the meantime)
 * is reported and left as it was; the others go ahead.
 */
export async function confirmNearDuplicates(store: Store, actor: Actor, input: { itemId: number; ids: number[]; note: string | null }, meta: ActionMeta): Promise<BulkResult> {
  const item = await itemFor(store, actor, input.itemId);
  if (!canDecide(actor, item.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  const last = (await store.verdicts.forItem(item.id))[0];
  if (!item.verdict || !last) throw new ReviewError('conflict', 'error.bulk_no_verdict');
  const ids = [...new Set(input.ids)];
  if (ids.length === 0) throw new ReviewError('invalid', 'error.bulk_none_chosen');
  const candidates = new Map((await nearDuplicatesOf(store, actor, item)).map((c) => [c.id, c]));
  const claims = (await store.claims.forItem(item.id)).filter((c) => c.state === 'confirmed');
  const result: BulkResult = { confirmed: [], refused: [] };
  for (const id of ids) {
    const near = candidates.get(id);
    if (!near) {
      // Decided since, another unit's, or not a near-duplicate: never confirmed by a crafted POST.
      result.refused.push({ id, messageKey: 'error.bulk_not_candidate' });
      continue;
    }
    try {
      for (const c of claims) await setClaimMember(store, actor, { claimId: c.id, itemId: id, state: 'confirmed', similarity: near.similarity }, meta);
      // A decided claim has already given its verdict; otherwise the item's own is recorded.
      if (!(await store.reviewItems.head(id))?.verdict) {
        await recordVerdict(store, actor, { itemId: id, verdict: last.verdict as Verdict, reason: last.reason, note: input.note }, meta);
      }
      result.confirmed.push(id);
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err;
      result.refused.push({ id, messageKey: err.messageKey });
    }
  }
  await store.write(() =>
    store.audit.append(auditEntry(actor, 'bulk_confirm', meta, { type: 'item', id: item.id }, { verdict: last.verdict, claims: claims.map((c) => c.id), confirmed: result.confirmed, refused: result.refused.map((r) => r.id) })),
  );
  return result;
}
