import type { Claim } from '../storage/claims.js';
import type { ClaimResponse } from '../storage/responses.js';
import type { Store } from '../storage/store.js';
import { canDecide, type Actor } from './access.js';
import { auditEntry, textFingerprint, type ActionMeta } from './audit.js';
import { claimFor } from './claim-service.js';
import { ReviewError } from './errors.js';
import { plainText } from './plain-text.js';
import { responseFor } from './response-service.js';

export type CardFormat = 'png' | 'pdf';
export const CARD_SUMMARY_MAX = 600;

/**
 * A shareable card (image or PDF) is made by a person from an approved response, to post
 * themselves on Facebook or Zalo; the tool never posts it. Each card made is audited.
 */
export async function makeCard(store: Store, actor: Actor, input: { id: number; format: CardFormat; summary: string }, meta: ActionMeta): Promise<{ r: ClaimResponse; claim: Claim }> {
  const r = await responseFor(store, actor, input.id);
  const claim = await claimFor(store, actor, r.claimId);
  if (!canDecide(actor, claim.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  if (r.status === 'draft') throw new ReviewError('conflict', 'error.card_not_approved');
  await store.write(() =>
    store.audit.append(auditEntry(actor, 'response_card', meta, { type: 'response', id: r.id }, { claim: claim.id, format: input.format, summary: textFingerprint(input.summary) })),
  );
  return { r, claim };
}

/**
 * The card's short explanation to start from: the verdict's reason, else the first paragraph of
 * the response that is more than a heading. The person edits it before making the card.
 */
export function defaultSummary(claim: Claim, body: string): string {
  if (claim.verdictReason?.trim()) return claim.verdictReason.trim().slice(0, CARD_SUMMARY_MAX);
  const paragraphs = plainText(body).split(/\n\s*\n/).map((p) => p.trim());
  const first = paragraphs.find((p) => p.length >= 60 && !p.includes(claim.statement) && !p.startsWith('-')) ?? paragraphs[0] ?? '';
  return first.length > CARD_SUMMARY_MAX ? `${first.slice(0, CARD_SUMMARY_MAX - 1).trimEnd()}…` : first;
}
