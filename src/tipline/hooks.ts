import type { Store } from '../storage/store.js';
import type { TiplineConfig } from './tip-config.js';
import { parseTelegramUpdate, sendTelegramText, telegramSecretValid, telegramTip } from './telegram.js';
import type { TipIntake, TipOutcome } from './types.js';
import { parseZaloEvent, sendZaloText, zaloSignatureValid, zaloTip } from './zalo.js';

export interface HookDeps {
  store: Store;
  intake: TipIntake;
  config: TiplineConfig;
  clock: () => Date;
  log: (msg: string) => void;
}

/** What the webhook route answers. 2xx: accepted (or not a tip); 4xx: refused, nothing stored. */
export interface HookAnswer {
  status: 200 | 401 | 403 | 404 | 409 | 400;
  reason: string;
}

/** The short receipt sent back to the member (Vietnamese: the members' language). */
export function receiptText(o: TipOutcome): string {
  return `Cảm ơn bạn đã gửi tin. Mã số tin báo của bạn: ${o.receipt}. Cán bộ công đoàn sẽ kiểm chứng; không cần gửi thêm thông tin cá nhân.`;
}

/**
 * Webhook work after the checks runs in the background, so the platform gets its 200 within its
 * deadline (Zalo waits 2 s) even when a link has to be fetched; `settled()` waits for it (tests, shutdown).
 */
export class HookRunner {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly d: HookDeps) {}

  settled(): Promise<void> {
    return Promise.all([...this.pending]).then(() => undefined);
  }

  private later(work: () => Promise<void>): void {
    const p = work().catch((err: unknown) => this.d.log(`tipline: ${err instanceof Error ? err.message : String(err)}`));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** A webhook event seen before is refused: the key is recorded before any work starts. */
  private async fresh(channel: string, key: string, now: Date): Promise<boolean> {
    return this.d.store.write(() => this.d.store.tips.firstSighting(channel, key, now.toISOString()));
  }

  private tooOld(eventMs: number, now: Date): boolean {
    return !Number.isFinite(eventMs) || Math.abs(now.getTime() - eventMs) > this.d.config.hookMaxAgeSeconds * 1000;
  }

  async zalo(rawBody: string, signature: string | undefined): Promise<HookAnswer> {
    const cfg = this.d.config.zalo;
    if (!cfg) return { status: 404, reason: 'not configured' };
    const now = this.d.clock();
    const event = parseZaloEvent(rawBody);
    // The signature covers the timestamp inside the body, so the body is read (not trusted) first.
    if (!event || !zaloSignatureValid(cfg, rawBody, event.timestamp, signature)) return { status: 401, reason: 'bad signature' };
    if (event.app_id !== undefined && event.app_id !== cfg.appId) return { status: 401, reason: 'other app' };
    if (this.tooOld(Number(event.timestamp), now)) return { status: 403, reason: 'stale event' };
    const tip = zaloTip(event);
    if (!tip) return { status: 200, reason: 'not a tip' };
    if (!(await this.fresh('zalo', tip.key, now))) return { status: 409, reason: 'replayed event' };
    this.later(async () => {
      const out = await this.d.intake.submit({ channel: 'zalo', text: tip.text, url: tip.url, senderId: tip.senderId, replyTo: tip.senderId, unit: this.d.config.unit ?? undefined }, now);
      if (cfg.accessToken) await sendZaloText(cfg, tip.senderId, receiptText(out));
    });
    return { status: 200, reason: 'accepted' };
  }

  async telegram(rawBody: string, secret: string | undefined): Promise<HookAnswer> {
    const cfg = this.d.config.telegram;
    if (!cfg) return { status: 404, reason: 'not configured' };
    if (!telegramSecretValid(cfg, secret)) return { status: 401, reason: 'bad secret token' };
    const now = this.d.clock();
    const update = parseTelegramUpdate(rawBody);
    if (!update) return { status: 400, reason: 'not an update' };
    const tip = telegramTip(update);
    if (!tip) return { status: 200, reason: 'not a tip' };
    if (this.tooOld(tip.dateSec * 1000, now)) return { status: 403, reason: 'stale message' };
    if (!(await this.fresh('telegram', tip.key, now))) return { status: 409, reason: 'replayed update' };
    this.later(async () => {
      const out = await this.d.intake.submit({ channel: 'telegram', text: tip.text, url: tip.url, senderId: tip.senderId, replyTo: tip.chatId, unit: this.d.config.unit ?? undefined }, now);
      await sendTelegramText(cfg, tip.chatId, receiptText(out));
    });
    return { status: 200, reason: 'accepted' };
  }
}
