import type { GrievanceStatus } from '../storage/grievances.js';
import type { Store } from '../storage/store.js';
import { canDecide, isAdmin, type Actor } from './access.js';
import { auditEntry, textFingerprint, type ActionMeta } from './audit.js';
import { ReviewError } from './errors.js';
import { itemFor } from './item-actions.js';

/** The item whose follow-up this actor may update: its own unit's reviewers, the unit it was forwarded to, admins. */
export async function grievanceEditable(store: Store, actor: Actor, itemId: number) {
  const item = await itemFor(store, actor, itemId);
  if (!canDecide(actor, item.unit) && !canDecide(actor, (await store.grievances.get(itemId))?.unit ?? null)) throw new ReviewError('forbidden', 'error.forbidden');
  return item;
}

/** Units a follow-up can be routed to: the managed list of units (admin page /admin/units). */
export const routingUnits = (store: Store) => store.units.list();

/** People who can own a follow-up: active reviewers and admins. */
export async function possibleOwners(store: Store) {
  return (await store.users.list()).filter((u) => !u.disabled && (u.role === 'reviewer' || u.role === 'admin'));
}

export interface GrievanceUpdate {
  itemId: number;
  status: GrievanceStatus;
  unit: string | null;
  note: string | null;
  ownerId?: number | null;
  dueDate?: string | null;
  finding?: string | null;
}

/**
 * Updates the follow-up of a grievance: status, the unit it is routed to (from the list), an owner,
 * a due date, a note; every change is kept in its history. Only an admin records the finding that
 * closes it, and only when resolving: that finding is what lifts the grievance guard.
 */
export async function updateGrievance(store: Store, actor: Actor, input: GrievanceUpdate, meta: ActionMeta): Promise<void> {
  const item = await grievanceEditable(store, actor, input.itemId);
  if (input.unit !== null && !(await routingUnits(store)).some((u) => u.code === input.unit)) throw new ReviewError('invalid', 'error.bad_unit');
  if (input.ownerId != null && !(await possibleOwners(store)).some((u) => u.id === input.ownerId)) throw new ReviewError('invalid', 'error.bad_owner');
  const previous = await store.grievances.full(item.id);
  let finding = input.finding ?? null;
  if (finding && !isAdmin(actor)) throw new ReviewError('forbidden', 'error.finding_admin_only');
  if (finding && input.status !== 'resolved') throw new ReviewError('invalid', 'error.finding_needs_resolved');
  // A reviewer saving the form keeps a finding an admin recorded, unless the follow-up is reopened.
  if (!finding && !isAdmin(actor) && input.status === 'resolved') finding = previous?.finding ?? null;
  const now = meta.now.toISOString();
  const kept = !!finding && finding === previous?.finding;
  const closed = finding ? (kept ? { closedBy: previous!.closedBy, closedAt: previous!.closedAt } : { closedBy: actor.id, closedAt: now }) : {};
  await store.write(async () => {
    await store.grievances.upsert({ ...input, finding, ...closed, userId: actor.id, now });
    await store.audit.append(auditEntry(actor, 'grievance_update', meta, { type: 'item', id: item.id }, {
      status: input.status, unit: input.unit, owner: input.ownerId ?? null, due: input.dueDate ?? null, finding: finding ? textFingerprint(finding) : null,
    }));
  });
}
