import type { GrievanceStatus } from '../storage/grievances.js';
import type { Store } from '../storage/store.js';
import { canDecide, type Actor } from './access.js';
import { auditEntry, type ActionMeta } from './audit.js';
import { ReviewError } from './errors.js';
import { itemFor } from './item-actions.js';

/** The item whose follow-up this actor may update: its own unit's reviewers, the unit it was forwarded to, admins. */
export async function grievanceEditable(store: Store, actor: Actor, itemId: number) {
  const item = await itemFor(store, actor, itemId);
  if (!canDecide(actor, item.unit) && !canDecide(actor, (await store.grievances.get(itemId))?.unit ?? null)) throw new ReviewError('forbidden', 'error.forbidden');
  return item;
}

/** Updates the follow-up of a grievance: status, the unit it is routed to, a note. */
export async function updateGrievance(store: Store, actor: Actor, input: { itemId: number; status: GrievanceStatus; unit: string | null; note: string | null }, meta: ActionMeta): Promise<void> {
  const item = await grievanceEditable(store, actor, input.itemId);
  const now = meta.now.toISOString();
  await store.db.write(async () => {
    await store.grievances.upsert({ ...input, userId: actor.id, now });
    await store.audit.append(auditEntry(actor, 'grievance_update', meta, { type: 'item', id: item.id }, { status: input.status, unit: input.unit }));
  });
}
