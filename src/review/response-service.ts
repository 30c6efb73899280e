import { z } from 'zod';
import type { ClaimResponse, ResponseSource } from '../storage/responses.js';
import type { Store } from '../storage/store.js';
import type { ItemStatus } from '../types.js';
import { canDecide, isAdmin, type Actor } from './access.js';
import { auditEntry, type ActionMeta } from './audit.js';
import { claimFor } from './claim-service.js';
import { ReviewError } from './errors.js';
import { assertNoGrievanceMember } from './grievance-guard.js';
import { canMove } from './status.js';
import { unfilledPrompts } from './templates.js';

export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  });
export const sourceSchema = z.object({ url: httpUrl, title: z.string().trim().min(1).max(300) });

/** Verdicts whose answer must cite at least one source. */
export const NEEDS_SOURCE = new Set(['false', 'misleading']);

async function moveMembers(store: Store, claimId: number, to: ItemStatus, now: string): Promise<void> {
  for (const m of await store.claims.members(claimId, 'confirmed')) {
    if (m.status !== to && canMove(m.status, to)) await store.reviewItems.setStatus(m.itemId, to, now);
  }
}

async function draftable(store: Store, actor: Actor, claimId: number) {
  const claim = await claimFor(store, actor, claimId);
  if (!canDecide(actor, claim.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  if (!claim.verdict) throw new ReviewError('conflict', 'error.claim_undecided');
  // Grievances are followed up, never answered with counter-messaging.
  if (claim.verdict === 'grievance') throw new ReviewError('conflict', 'error.grievance_no_response');
  await assertNoGrievanceMember(store, claim.id); // a grievance member, even one whose follow-up is closed
  return claim;
}

function checkSources(verdict: string, sources: ResponseSource[]): void {
  if (NEEDS_SOURCE.has(verdict) && sources.length === 0) throw new ReviewError('invalid', 'error.source_required');
}

export async function draftResponse(store: Store, actor: Actor, input: { claimId: number; template: string | null; body: string; sources: ResponseSource[] }, meta: ActionMeta): Promise<number> {
  const claim = await draftable(store, actor, input.claimId);
  checkSources(claim.verdict!, input.sources);
  const now = meta.now.toISOString();
  return store.write(async () => {
    const id = await store.responses.create({ ...input, userId: actor.id, now });
    await moveMembers(store, claim.id, 'response_drafted', now);
    await store.audit.append(auditEntry(actor, 'response_draft', meta, { type: 'response', id }, { claim: claim.id, template: input.template }));
    return id;
  });
}

export async function responseFor(store: Store, actor: Actor, id: number): Promise<ClaimResponse> {
  const r = Number.isSafeInteger(id) ? await store.responses.get(id) : undefined;
  if (!r) throw new ReviewError('not_found', 'error.not_found');
  await claimFor(store, actor, r.claimId);
  return r;
}

export async function updateResponse(store: Store, actor: Actor, input: { id: number; body: string; sources: ResponseSource[] }, meta: ActionMeta): Promise<void> {
  const r = await responseFor(store, actor, input.id);
  if (r.status === 'published') throw new ReviewError('conflict', 'error.response_published');
  const claim = await draftable(store, actor, r.claimId);
  checkSources(claim.verdict!, input.sources);
  const now = meta.now.toISOString();
  await store.write(async () => {
    if (!(await store.responses.update(r.id, { ...input, userId: actor.id, now }))) throw new ReviewError('conflict', 'error.response_published');
    await moveMembers(store, claim.id, 'response_drafted', now);
    await store.audit.append(auditEntry(actor, 'response_update', meta, { type: 'response', id: r.id }, { claim: claim.id, was: r.status }));
  });
}

export async function approveResponse(store: Store, actor: Actor, id: number, meta: ActionMeta): Promise<void> {
  const r = await responseFor(store, actor, id); // visibility first: a hidden id stays "not found"
  if (!isAdmin(actor)) throw new ReviewError('forbidden', 'error.forbidden');
  if (r.status !== 'draft') throw new ReviewError('conflict', 'error.response_not_draft');
  const claim = await claimFor(store, actor, r.claimId);
  await assertNoGrievanceMember(store, claim.id); // drafted before a member was flagged as a grievance
  const now = meta.now.toISOString();
  // Sources and status are checked and changed in one transaction (see responsesRepo).
  await store.write(async () => {
    checkSources(claim.verdict ?? '', await store.responses.sources(id));
    // Read inside the transaction: an edit saved meanwhile is what gets approved.
    if (unfilledPrompts((await store.responses.get(id))?.body ?? '').length) throw new ReviewError('conflict', 'error.prompts_left');
    if (!(await store.responses.approve(id, actor.id, now))) throw new ReviewError('conflict', 'error.response_not_draft');
    await moveMembers(store, r.claimId, 'response_approved', now);
    await store.audit.append(auditEntry(actor, 'response_approve', meta, { type: 'response', id }, { claim: r.claimId }));
  });
}

/** Records where a person posted the approved text. The tool itself never posts anything. */
export async function recordPublished(store: Store, actor: Actor, input: { id: number; url: string }, meta: ActionMeta): Promise<void> {
  const r = await responseFor(store, actor, input.id);
  const claim = await claimFor(store, actor, r.claimId);
  if (!canDecide(actor, claim.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  if (r.status !== 'approved') throw new ReviewError('conflict', 'error.response_not_approved');
  const now = meta.now.toISOString();
  await store.write(async () => {
    if (!(await store.responses.publish(r.id, input.url, actor.id, now))) throw new ReviewError('conflict', 'error.response_not_approved');
    await moveMembers(store, r.claimId, 'closed', now);
    await store.audit.append(auditEntry(actor, 'response_publish', meta, { type: 'response', id: r.id }, { claim: r.claimId, url: input.url }));
  });
}
