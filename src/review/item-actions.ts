import type { Store } from '../storage/store.js';
import type { Verdict } from '../storage/verdicts.js';
import type { ReviewItem } from '../storage/review-items.js';
import { canDecide, canSee, isAdmin, type Actor } from './access.js';
import { auditEntry, textFingerprint, type ActionMeta } from './audit.js';
import { ReviewError } from './errors.js';
import { assertVerdictAllowed } from './grievance-guard.js';
import { canMove, canRecordVerdict } from './status.js';

/**
 * The item if this actor may see it; otherwise "not found" (a reviewer never learns other units' ids).
 * A grievance forwarded to another unit is visible to that unit too, which follows it up (issue 14,
 * finding 12: it appeared in their list but could not be opened); deciding stays with the item's unit.
 * So is an item escalated or held, to the unit above that it waits for (issue 13, point 3).
 */
export async function itemFor(store: Store, actor: Actor, id: number): Promise<ReviewItem> {
  const item = Number.isSafeInteger(id) ? await store.reviewItems.get(id) : undefined;
  if (!item) throw new ReviewError('not_found', 'error.not_found');
  const waitingForMe = (item.onHold || item.escalated) && item.flowUnit !== null && canSee(actor, item.flowUnit);
  if (!canSee(actor, item.unit) && !waitingForMe && !canSee(actor, (await store.grievances.get(id))?.unit ?? null)) throw new ReviewError('not_found', 'error.not_found');
  return item;
}

/** The item's head if this actor may change it: "not found" when hidden, "forbidden" when only visible. */
export async function decidable(store: Store, actor: Actor, id: number) {
  const head = Number.isSafeInteger(id) ? await store.reviewItems.head(id) : undefined;
  if (!head || !canSee(actor, head.unit)) throw new ReviewError('not_found', 'error.not_found');
  if (!canDecide(actor, head.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  return head;
}

/** Records a person's verdict on one item; a grievance verdict opens a follow-up. */
export async function recordVerdict(store: Store, actor: Actor, input: { itemId: number; verdict: Verdict; reason: string; note?: string | null; claimId?: number | null }, meta: ActionMeta): Promise<void> {
  const head = await decidable(store, actor, input.itemId);
  if (!canRecordVerdict(head.status)) throw new ReviewError('conflict', 'error.verdict_locked');
  await assertVerdictAllowed(store, input.itemId, input.verdict);
  const now = meta.now.toISOString();
  await store.write(async () => {
    await store.verdicts.add({ ...input, userId: actor.id, now });
    await store.reviewItems.setVerdict(input.itemId, input.verdict, 'decided', now);
    if (input.verdict === 'grievance') await store.grievances.open(input.itemId, head.unit, now);
    await store.audit.append(auditEntry(actor, 'verdict', meta, { type: 'item', id: input.itemId }, { verdict: input.verdict, reason: textFingerprint(input.reason), claim: input.claimId ?? null }));
  });
}

/** Assigns to a reviewer of the item's unit (or an admin), or clears; a new item moves to in_review. */
export async function assignItem(store: Store, actor: Actor, itemId: number, assigneeId: number | null, meta: ActionMeta): Promise<void> {
  const head = await decidable(store, actor, itemId);
  if (assigneeId !== null) {
    const ok = (await store.users.assignable(head.unit)).some((u) => u.id === assigneeId);
    if (!ok) throw new ReviewError('invalid', 'error.bad_assignee');
  }
  const now = meta.now.toISOString();
  await store.write(async () => {
    await store.reviewItems.assign(itemId, assigneeId);
    if (assigneeId !== null && head.status === 'new') await store.reviewItems.setStatus(itemId, 'in_review', now);
    await store.audit.append(auditEntry(actor, 'assign', meta, { type: 'item', id: itemId }, { assignee: assigneeId }));
  });
}

/** Moves an item along the workflow by hand (start review, close, reopen). */
export async function moveItem(store: Store, actor: Actor, itemId: number, to: 'in_review' | 'closed', meta: ActionMeta): Promise<void> {
  const head = await decidable(store, actor, itemId);
  if (!canMove(head.status, to)) throw new ReviewError('conflict', 'error.bad_transition');
  await store.write(async () => {
    await store.reviewItems.setStatus(itemId, to, meta.now.toISOString());
    await store.audit.append(auditEntry(actor, 'status', meta, { type: 'item', id: itemId }, { from: head.status, to }));
  });
}

/** The raw author handle: admins only, and every reveal is audited before it is returned. */
export async function revealAuthor(store: Store, actor: Actor, itemId: number, meta: ActionMeta): Promise<string | null> {
  await itemFor(store, actor, itemId); // visibility first: a hidden id stays "not found"
  if (!isAdmin(actor)) throw new ReviewError('forbidden', 'error.forbidden');
  const raw = await store.reviewItems.rawAuthor(itemId);
  await store.write(() => store.audit.append(auditEntry(actor, 'author_reveal', meta, { type: 'item', id: itemId })));
  return raw ?? null;
}
