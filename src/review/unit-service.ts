import { canonicalTone } from '../text/tone-placement.js';
import type { Store } from '../storage/store.js';
import { isAdmin, type Actor } from './access.js';
import { auditEntry, type ActionMeta } from './audit.js';
import { ReviewError } from './errors.js';

/**
 * One spelling per unit name: NFC, single spaces, the tone mark where the canonical style puts it
 * ("Hoà" → "Hòa"), so a list typed by different people does not hold the same unit twice.
 */
export function normaliseUnitName(name: string): string {
  return name.normalize('NFC').trim().split(/\s+/).map(canonicalTone).join(' ');
}

/** What must be unique: the normalised name, case folded. */
export const unitNameKey = (name: string) => normaliseUnitName(name).toLocaleLowerCase('vi');

const CODE = /^[a-z0-9][a-z0-9._-]{0,49}$/;

async function checkName(store: Store, name: string, self: number | null): Promise<{ name: string; nameKey: string }> {
  const n = normaliseUnitName(name);
  if (n.length < 2 || n.length > 120) throw new ReviewError('invalid', 'field.unit_name');
  const nameKey = unitNameKey(n);
  const other = await store.units.idByNameKey(nameKey);
  if (other !== undefined && other !== self) throw new ReviewError('conflict', 'error.unit_name_taken');
  return { name: n, nameKey };
}

async function checkParent(store: Store, parentId: number | null, self: number | null): Promise<void> {
  if (parentId === null) return;
  // Walk up from the parent: meeting this unit again would make a loop.
  for (let id: number | null = parentId, hops = 0; id !== null; hops++) {
    if (id === self || hops > 50) throw new ReviewError('invalid', 'error.unit_parent_loop');
    const u = await store.units.byId(id);
    if (!u) throw new ReviewError('invalid', 'field.parent');
    id = u.parentId;
  }
}

export async function addUnit(store: Store, actor: Actor, input: { code: string; name: string; parentId: number | null }, meta: ActionMeta): Promise<number> {
  if (!isAdmin(actor)) throw new ReviewError('forbidden', 'error.forbidden');
  const code = input.code.trim().toLowerCase();
  if (!CODE.test(code)) throw new ReviewError('invalid', 'field.code');
  return store.write(async () => {
    if (await store.units.byCode(code)) throw new ReviewError('conflict', 'error.unit_code_taken');
    const n = await checkName(store, input.name, null);
    await checkParent(store, input.parentId, null);
    const id = await store.units.create({ code, ...n, parentId: input.parentId, now: meta.now.toISOString() });
    await store.audit.append(auditEntry(actor, 'unit_add', meta, { type: 'unit', id }, { code, name: n.name, parent: input.parentId }));
    return id;
  });
}

/** Name and parent change; the code stays, since every stored row refers to it. */
export async function updateUnit(store: Store, actor: Actor, input: { id: number; name: string; parentId: number | null }, meta: ActionMeta): Promise<void> {
  if (!isAdmin(actor)) throw new ReviewError('forbidden', 'error.forbidden');
  await store.write(async () => {
    const u = await store.units.byId(input.id);
    if (!u) throw new ReviewError('not_found', 'error.not_found');
    const n = await checkName(store, input.name, u.id);
    await checkParent(store, input.parentId, u.id);
    await store.units.update(u.id, { ...n, parentId: input.parentId, now: meta.now.toISOString() });
    await store.audit.append(auditEntry(actor, 'unit_update', meta, { type: 'unit', id: u.id }, { code: u.code, name: n.name, was: u.name, parent: input.parentId }));
  });
}
