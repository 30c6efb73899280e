import { foldText } from '../text/index.js';
import type { Claim } from '../storage/claims.js';
import type { Store } from '../storage/store.js';
import type { Verdict } from '../storage/verdicts.js';
import type { Reason } from '../types.js';
import { canDecide, canSee, type Actor } from './access.js';
import { auditEntry, textFingerprint, type ActionMeta } from './audit.js';
import { ReviewError } from './errors.js';
import { assertClaimable, COUNTER_VERDICTS, isHeld } from './grievance-guard.js';
import { itemFor } from './item-actions.js';
import { findSimilar, type SimilarItem } from './similarity.js';
import { canRecordVerdict } from './status.js';

export async function claimFor(store: Store, actor: Actor, id: number): Promise<Claim> {
  const claim = Number.isSafeInteger(id) ? await store.claims.get(id) : undefined;
  if (!claim || !canSee(actor, claim.unit)) throw new ReviewError('not_found', 'error.not_found');
  return claim;
}

async function editableClaim(store: Store, actor: Actor, id: number): Promise<Claim> {
  const claim = await claimFor(store, actor, id);
  if (!canDecide(actor, claim.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  return claim;
}

/** The known claim (rules/claims) the classifier matched most strongly, if any. */
export function knownClaimOf(reasons: Reason[]): string | null {
  const best = reasons.filter((r) => r.kind === 'claim').sort((a, b) => b.similarity - a.similarity)[0];
  return best?.kind === 'claim' ? best.claimId : null;
}

/**
 * Starts a claim from an item, which becomes its first confirmed member. The statement is the
 * reviewer's own neutral wording (the form starts empty); the audit log keeps only its fingerprint,
 * never the post's words. A verdict already given to the item becomes the claim's verdict, so it is
 * not typed twice and a response can be drafted at once.
 */
export async function createClaimFromItem(store: Store, actor: Actor, input: { itemId: number; statement: string; label: string | null }, meta: ActionMeta): Promise<number> {
  const item = await itemFor(store, actor, input.itemId);
  if (!canDecide(actor, item.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  await assertClaimable(store, item.id);
  const known = knownClaimOf(item.reasons);
  const last = item.verdict ? (await store.verdicts.forItem(item.id))[0] : undefined;
  const now = meta.now.toISOString();
  return store.write(async () => {
    const id = await store.claims.create({ statement: input.statement, label: input.label, unit: item.unit, knownClaimId: known, userId: actor.id, now });
    await store.claims.setMember({ claimId: id, itemId: item.id, state: 'confirmed', similarity: 1, userId: actor.id, now });
    await store.audit.append(auditEntry(actor, 'claim_create', meta, { type: 'claim', id }, { item: item.id, statement: textFingerprint(input.statement) }));
    if (last && last.verdict === item.verdict) {
      await store.claims.decide(id, { verdict: last.verdict, reason: last.reason, userId: actor.id, now });
      await store.audit.append(auditEntry(actor, 'claim_verdict', meta, { type: 'claim', id }, { verdict: last.verdict, reason: textFingerprint(last.reason), from_item: item.id }));
    }
    return id;
  });
}

export async function updateClaim(store: Store, actor: Actor, claimId: number, input: { statement: string; label: string | null }, meta: ActionMeta): Promise<void> {
  await editableClaim(store, actor, claimId);
  await store.write(async () => {
    await store.claims.update(claimId, input, meta.now.toISOString());
    await store.audit.append(auditEntry(actor, 'claim_update', meta, { type: 'claim', id: claimId }, { statement: textFingerprint(input.statement), label: input.label }));
  });
}

/**
 * Suggested members: items already stored as suggestions (from an earlier decision) plus items
 * resembling the claim and its confirmed members now. Never members until a person confirms.
 */
export async function suggestMembers(store: Store, actor: Actor, claim: Claim, limit = 10): Promise<SimilarItem[]> {
  const members = await store.claims.members(claim.id);
  const confirmed = members.filter((m) => m.state === 'confirmed').slice(0, 5);
  const texts = [foldText(claim.statement), ...(await store.reviewItems.folded(confirmed.map((m) => m.itemId))).map((r) => r.folded)];
  const unit = actor.role === 'reviewer' ? (actor.unit ?? undefined) : undefined;
  const stored = members
    .filter((m) => m.state === 'suggested' && (unit === undefined || m.unit === unit))
    .map((m) => ({ id: m.itemId, unit: m.unit, similarity: m.similarity ?? 0 }));
  const live = await findSimilar(store, texts.join(' '), { exclude: members.map((m) => m.itemId), unit, limit, minSimilarity: 0.08 });
  return [...stored, ...live].sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}

/** A person confirms or rejects membership; a confirmed member of a decided claim takes its verdict. */
export async function setClaimMember(store: Store, actor: Actor, input: { claimId: number; itemId: number; state: 'confirmed' | 'rejected'; similarity?: number | null }, meta: ActionMeta): Promise<void> {
  const claim = await editableClaim(store, actor, input.claimId);
  const item = await itemFor(store, actor, input.itemId);
  if (!canDecide(actor, item.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  if (input.state === 'confirmed') await assertClaimable(store, item.id);
  const now = meta.now.toISOString();
  await store.write(async () => {
    await store.claims.setMember({ ...input, userId: actor.id, now });
    await store.audit.append(auditEntry(actor, 'claim_member', meta, { type: 'claim', id: claim.id }, { item: item.id, state: input.state }));
    if (input.state === 'confirmed' && claim.verdict && canRecordVerdict(item.status)) {
      await applyVerdict(store, actor, claim, item.id, item.unit, now, meta);
    }
  });
}

async function applyVerdict(store: Store, actor: Actor, claim: Claim, itemId: number, unit: string | null, now: string, meta: ActionMeta): Promise<void> {
  const verdict = claim.verdict as Verdict;
  await store.verdicts.add({ itemId, claimId: claim.id, verdict, reason: claim.verdictReason ?? '', userId: actor.id, now });
  await store.reviewItems.setVerdict(itemId, verdict, 'decided', now);
  if (verdict === 'grievance') await store.grievances.open(itemId, unit, now);
  await store.audit.append(auditEntry(actor, 'verdict', meta, { type: 'item', id: itemId }, { verdict, claim: claim.id }));
}

/** A claim-level verdict, applied to every confirmed member that can still take one. */
export async function decideClaim(store: Store, actor: Actor, input: { claimId: number; verdict: Verdict; reason: string }, meta: ActionMeta): Promise<number> {
  const claim = await editableClaim(store, actor, input.claimId);
  const now = meta.now.toISOString();
  const members = (await store.claims.members(claim.id, 'confirmed')).filter((m) => canRecordVerdict(m.status) && canDecide(actor, m.unit));
  // A member flagged as a grievance after it joined (reclassification) is never called false.
  if (COUNTER_VERDICTS.has(input.verdict) && (await store.grievances.marks(members.map((m) => m.itemId))).some(isHeld)) {
    throw new ReviewError('conflict', 'error.grievance_held_claim');
  }
  // Remember close matches as suggestions, so the queue can point undecided look-alikes to this decision.
  const similar = (await suggestMembers(store, { ...actor, role: 'admin' }, claim, 20)).filter((s) => s.similarity >= 0.2);
  return store.write(async () => {
    for (const s of similar) if (!(await store.claims.memberState(claim.id, s.id))) await store.claims.setMember({ claimId: claim.id, itemId: s.id, state: 'suggested', similarity: s.similarity, userId: null, now });
    await store.claims.decide(claim.id, { verdict: input.verdict, reason: input.reason, userId: actor.id, now });
    await store.audit.append(auditEntry(actor, 'claim_verdict', meta, { type: 'claim', id: claim.id }, { verdict: input.verdict, reason: textFingerprint(input.reason), members: members.length }));
    const decided = { ...claim, verdict: input.verdict, verdictReason: input.reason };
    for (const m of members) await applyVerdict(store, actor, decided, m.itemId, m.unit, now, meta);
    return members.length;
  });
}
