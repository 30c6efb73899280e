import type { ReviewItem } from '../storage/review-items.js';
import type { Store } from '../storage/store.js';
import { canSee, isAdmin, type Actor } from './access.js';
import { auditEntry, textFingerprint, type ActionMeta } from './audit.js';
import { ReviewError } from './errors.js';
import { decidable } from './item-actions.js';

/** How long a reason or resolution may be; it must say something (at least a few characters). */
const MIN_REASON = 3;
const MAX_REASON = 1000;

function checkReason(reason: string, key: string): string {
  const r = reason.trim();
  if (r.length < MIN_REASON || r.length > MAX_REASON) throw new ReviewError('invalid', key);
  return r;
}

/** An escalated or held item is waiting for the unit above (or for an admin). */
export const isWaiting = (item: Pick<ReviewItem, 'onHold' | 'escalated'>) => item.onHold || item.escalated;

/**
 * Who may return a waiting item to normal flow: an admin, a reviewer of the unit it waits for
 * (the parent federation), and, for a hold only, the item's own unit, which put it on hold.
 * An escalation is answered by the unit above, never withdrawn quietly by the unit that asked.
 */
export function canResolve(actor: Actor, item: Pick<ReviewItem, 'unit' | 'onHold' | 'escalated' | 'flowUnit'>): boolean {
  if (!isWaiting(item) || actor.role === 'viewer') return false;
  if (isAdmin(actor)) return true;
  if (actor.unit !== null && item.flowUnit !== null && actor.unit === item.flowUnit) return true;
  return !item.escalated && actor.unit !== null && actor.unit === item.unit;
}

/** A reviewer of the unit above sees the items waiting for it, on top of their own unit's. */
export const canSeeWaiting = (actor: Actor, item: Pick<ReviewItem, 'onHold' | 'escalated' | 'flowUnit'>) =>
  isWaiting(item) && item.flowUnit !== null && canSee(actor, item.flowUnit);

/**
 * Puts an item on hold ("Tạm giữ") or escalates it ("Chuyển cấp trên"), with the reason the unit
 * above reads. The item then waits for the parent federation of its unit (admins when it has none)
 * and appears in that unit's "Chờ cấp trên" / "Đang giữ" queue. Who and why go to the item's
 * history; the audit log keeps who and a fingerprint of the reason (it may quote the post).
 */
export async function holdOrEscalate(store: Store, actor: Actor, input: { itemId: number; kind: 'hold' | 'escalate'; reason: string }, meta: ActionMeta): Promise<string | null> {
  const head = await decidable(store, actor, input.itemId);
  const reason = checkReason(input.reason, 'error.flow_reason');
  const parent = head.unit ? ((await store.units.byCode(head.unit))?.parentCode ?? null) : null;
  const now = meta.now.toISOString();
  await store.write(async () => {
    const s = (await store.itemFlow.state(input.itemId))!;
    if (input.kind === 'hold' ? s.onHold : s.escalated) throw new ReviewError('conflict', input.kind === 'hold' ? 'error.already_held' : 'error.already_escalated');
    await store.itemFlow.set(input.itemId, { onHold: s.onHold || input.kind === 'hold', escalated: s.escalated || input.kind === 'escalate', flowUnit: parent });
    await store.itemFlow.addEvent({ itemId: input.itemId, kind: input.kind, toUnit: parent, reason, userId: actor.id, now });
    if (head.status === 'new') await store.reviewItems.setStatus(input.itemId, 'in_review', now);
    await store.audit.append(auditEntry(actor, input.kind, meta, { type: 'item', id: input.itemId }, { on: true, to: parent, reason: textFingerprint(reason) }));
  });
  return parent;
}

/**
 * The unit above (or an admin) answers: the item leaves hold and escalation and returns to its
 * unit's normal flow, with the resolution recorded next to the request it answers.
 */
export async function resolveFlow(store: Store, actor: Actor, input: { itemId: number; note: string }, meta: ActionMeta): Promise<void> {
  const item = Number.isSafeInteger(input.itemId) ? await store.reviewItems.get(input.itemId) : undefined;
  if (!item || !(canSee(actor, item.unit) || canSeeWaiting(actor, item))) throw new ReviewError('not_found', 'error.not_found');
  if (!isWaiting(item)) throw new ReviewError('conflict', 'error.flow_not_waiting');
  if (!canResolve(actor, item)) throw new ReviewError('forbidden', 'error.forbidden');
  const note = checkReason(input.note, 'error.flow_reason');
  const now = meta.now.toISOString();
  await store.write(async () => {
    await store.itemFlow.set(item.id, { onHold: false, escalated: false, flowUnit: null });
    await store.itemFlow.addEvent({ itemId: item.id, kind: 'resolve', toUnit: item.unit, reason: note, userId: actor.id, now });
    await store.audit.append(auditEntry(actor, 'flow_resolve', meta, { type: 'item', id: item.id }, { held: item.onHold, escalated: item.escalated, note: textFingerprint(note) }));
  });
}
