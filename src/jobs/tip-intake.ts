import { tipFromText, tipFromUrl } from '../../crawlers/adapters/tips.js';
import { CrawlError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import type { Config } from '../config.js';
import { pseudonymize } from '../privacy/pseudonymize.js';
import { auditEntry } from '../review/audit.js';
import type { Store } from '../storage/store.js';
import { newReceipt } from '../tipline/receipt.js';
import { TipRefused, type TipInput, type TipIntake, type TipOutcome } from '../tipline/types.js';
import type { Classifier, RawItem } from '../types.js';
import { createLoader } from './crawl-runtime.js';
import { ingest } from './ingest.js';

export interface TipIntakeOptions {
  store: Store;
  classifier: Classifier;
  secret: string;
  /** The crawler's loader (robots.txt, SSRF guard, politeness): a pasted link is fetched like any crawl. */
  loader: Loader;
  maxChars: number;
  evidenceLabels: string[];
  onError?: (msg: string) => void;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/i;

/**
 * Builds the item of a tip: the readable text of the linked page, or what was pasted. A link that
 * cannot be read is kept as a link with the member's words when there are any (a chat message is
 * never lost); a form with only an unreadable link is refused so the member can paste the text.
 */
async function tipItem(o: TipIntakeOptions, input: TipInput): Promise<{ raw: RawItem; page: URL | null }> {
  const text = input.text?.trim() ?? '';
  const url = input.url?.trim() || (input.channel === 'zalo' || input.channel === 'telegram' ? URL_IN_TEXT.exec(text)?.[0] : undefined);
  if (text.length > o.maxChars || (input.worry?.length ?? 0) > o.maxChars) throw new TipRefused('too_long');
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TipRefused('bad_url');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TipRefused('bad_url');
    try {
      return { raw: await tipFromUrl(o.loader, parsed.href, { unit: input.unit }), page: parsed };
    } catch (err) {
      o.onError?.(`tip link ${parsed.host}: ${err instanceof Error ? err.message : String(err)}`);
      if (!text) throw new TipRefused('unreadable');
      if (!(err instanceof CrawlError) && !(err instanceof Error)) throw err;
      return { raw: tipFromText(text, { url: parsed.href, unit: input.unit }), page: null };
    }
  }
  if (!text) throw new TipRefused('empty');
  return { raw: tipFromText(text, { unit: input.unit }), page: null };
}

/** The tip intake: item through ingest (source `tip`), then the tip row and an audit row, in one transaction. */
export function createTipIntake(o: TipIntakeOptions): TipIntake {
  return {
    async submit(input: TipInput, now: Date): Promise<TipOutcome> {
      const { raw, page } = await tipItem(o, input);
      if (input.title?.trim()) raw.title = input.title.trim();
      // When a chat message's link was read, the page is the tip and the member's other words say
      // what worries them; they are never mixed into the page's text.
      const rest = page ? (input.text ?? '').replace(URL_IN_TEXT, '').trim() : '';
      const worry = [input.worry?.trim(), rest].filter(Boolean).join('\n\n') || null;
      const r = await ingest(o.store, [{ ...raw, source: 'tip' }], { classifier: o.classifier, secret: o.secret, now, defaultSource: 'tip', sourceType: 'tip' });
      const outcome = r.outcomes[0];
      const receipt = newReceipt();
      const at = now.toISOString();
      const actor = input.userId ? { id: input.userId, username: input.username ?? '' } : { id: null, username: `tipline:${input.channel}` };
      if (outcome.status === 'suppressed') {
        await o.store.write(() => o.store.audit.append(auditEntry(actor, 'tip_submit', { now, ip: null }, undefined, { channel: input.channel, receipt, status: 'suppressed' })));
        return { status: 'suppressed', receipt, itemId: null };
      }
      await o.store.write(async () => {
        await o.store.tips.add({
          receipt, itemId: outcome.id, channel: input.channel, worry,
          senderPseudonym: input.senderId ? pseudonymize(`${input.channel}:${input.senderId}`, o.secret) : null,
          replyTo: input.replyTo ?? null, createdBy: input.userId ?? null, receivedAt: at,
        });
        // Counts and ids only: never the text, the sender or the address.
        await o.store.audit.append(auditEntry(actor, 'tip_submit', { now, ip: null }, { type: 'item', id: outcome.id }, { channel: input.channel, receipt, status: outcome.status }));
      });
      const queued = outcome.status === 'new' ? await o.store.evidence.enqueueFlagged([outcome.id], at, o.evidenceLabels) : 0;
      return { status: outcome.status === 'new' ? 'stored' : 'duplicate', receipt, itemId: outcome.id, evidenceQueued: queued > 0 };
    },
  };
}

/** The tipline as the server runs it: its own loader (robots.txt, SSRF guard, KC_CRAWL_* limits) and the intake. */
export function createTipline(config: Config, store: Store, classifier: Classifier, secret: string, log: (m: string) => void): { intake: TipIntake; close(): Promise<void> } {
  const loader = createLoader(config);
  const intake = createTipIntake({ store, classifier, secret, loader, maxChars: config.tipline.maxChars, evidenceLabels: config.evidenceLabels, onError: log });
  return { intake, close: () => loader.close() };
}
