import { canDecide, type Actor } from '../review/access.js';
import { auditEntry, textFingerprint, type ActionMeta } from '../review/audit.js';
import { ReviewError } from '../review/errors.js';
import { plainText } from '../review/plain-text.js';
import type { Store } from '../storage/store.js';
import { sendTelegramText } from './telegram.js';
import type { TiplineConfig } from './tip-config.js';
import { sendZaloText } from './zalo.js';

/** The decided claim a tip's item belongs to, with the response a person approved (if any). */
export interface TipAnswer {
  claimId: number;
  statement: string;
  verdict: string;
  responseBody: string | null;
}

/**
 * What can be sent back for an item: its confirmed claim that carries a verdict, and that claim's
 * latest approved or published response. Nothing else is ever sent (no draft, no reviewer note).
 */
export async function answerFor(store: Store, itemId: number): Promise<TipAnswer | null> {
  const claims = (await store.claims.forItem(itemId)).filter((c) => c.state === 'confirmed' && c.verdict);
  const claim = claims.sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))[0];
  if (!claim?.verdict) return null;
  const response = (await store.responses.forClaim(claim.id)).find((r) => r.status === 'approved' || r.status === 'published');
  return { claimId: claim.id, statement: claim.statement, verdict: claim.verdict, responseBody: response ? plainText(response.body) : null };
}

/** Channels whose reply API is configured; a tip from any other channel has no reply button. */
export function replyChannels(config: TiplineConfig): Set<string> {
  const s = new Set<string>();
  if (config.zalo?.accessToken) s.add('zalo');
  if (config.telegram) s.add('telegram');
  return s;
}

/**
 * Sends the existing verdict and response back to the member who sent tip `tipId`, through the
 * channel it came in by. Only when a person presses the button (a POST from the item page); once
 * per tip; refused unless the item's claim is decided. Audited with the claim and a fingerprint of
 * the text sent, never the chat id.
 */
export async function sendTipReply(store: Store, config: TiplineConfig, actor: Actor, tipId: number, compose: (a: TipAnswer, receipt: string) => string, meta: ActionMeta): Promise<void> {
  const tip = await store.tips.get(tipId);
  if (!tip) throw new ReviewError('not_found', 'error.not_found');
  const item = await store.reviewItems.get(tip.itemId);
  if (!item) throw new ReviewError('not_found', 'error.not_found');
  if (!canDecide(actor, item.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  if (tip.repliedAt) throw new ReviewError('conflict', 'tip.already_replied');
  const answer = await answerFor(store, tip.itemId);
  if (!answer) throw new ReviewError('conflict', 'tip.no_decided_claim');
  const ref = await store.tips.replyRef(tipId);
  if (!ref || !replyChannels(config).has(ref.channel)) throw new ReviewError('conflict', 'tip.cannot_reply');
  const text = compose(answer, tip.receipt);
  // Claimed before sending, so two clicks send one message; given back if the channel refuses.
  const claimed = await store.write(() => store.tips.markReplied(tipId, actor.id, meta.now.toISOString()));
  if (!claimed) throw new ReviewError('conflict', 'tip.already_replied');
  try {
    if (ref.channel === 'zalo' && config.zalo) await sendZaloText(config.zalo, ref.replyTo, text);
    else if (ref.channel === 'telegram' && config.telegram) await sendTelegramText(config.telegram, ref.replyTo, text);
  } catch {
    await store.write(() => store.tips.unmarkReplied(tipId));
    throw new ReviewError('conflict', 'tip.send_failed');
  }
  await store.write(() =>
    store.audit.append(auditEntry(actor, 'tip_reply', meta, { type: 'item', id: tip.itemId }, { tip: tip.receipt, channel: ref.channel, claim: answer.claimId, verdict: answer.verdict, text: textFingerprint(text) })),
  );
}
