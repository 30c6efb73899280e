import nodemailer from 'nodemailer';
import { z } from 'zod';
import { headerSafe } from '../digest/deliver-mail.js';
import type { Alert } from '../storage/alerts.js';
import type { Store } from '../storage/store.js';

export interface AlertChannels {
  /** Base URL of the review UI, for the links in messages (KC_PUBLIC_URL). */
  publicUrl: string;
  mail?: { smtpUrl: string; from: string; to: string[] };
  telegram?: { apiBase: string; token: string; chatId: string };
  timeZone: string;
  /** Per request to the Telegram API. */
  timeoutMs?: number;
}

export const MAX_DELIVERY_ATTEMPTS = 5;

const KIND_VI = { spike_hour: 'tăng đột biến trong giờ', spike_day: 'tăng đột biến trong ngày', claim_reappears: 'luận điệu đã kết luận xuất hiện lại' } as const;
const KIND_EN = { spike_hour: 'hourly spike', spike_day: 'daily spike', claim_reappears: 'a decided claim reappears' } as const;
const SUBJECT_VI = { watchlist: 'Danh sách theo dõi', known_claim: 'Luận điệu đã biết', claim: 'Luận điệu' } as const;
const SUBJECT_EN = { watchlist: 'Watchlist', known_claim: 'Known claim', claim: 'Claim' } as const;

const when = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/**
 * The message of one alert, in Vietnamese then English. Built from the alert's own fields (a
 * watchlist's name, a claim's neutral statement, counts, the window) and a link: never a post's
 * words, never an author.
 */
export function alertMessage(a: Alert, o: Pick<AlertChannels, 'publicUrl' | 'timeZone'>): { subject: string; text: string } {
  const link = `${o.publicUrl.replace(/\/+$/, '')}/alerts/${a.id}`;
  const name = a.subjectName.replace(/\s+/g, ' ').slice(0, 120);
  const span = `${when(a.windowStart, o.timeZone)} – ${when(a.windowEnd, o.timeZone)}`;
  const base = a.baseline !== null ? ` (mức thường: ${a.baseline.toLocaleString('vi-VN', { maximumFractionDigits: a.baseline < 1 ? 2 : 1 })})` : '';
  const baseEn = a.baseline !== null ? ` (usual: ${a.baseline.toLocaleString('en-GB', { maximumFractionDigits: a.baseline < 1 ? 2 : 1 })})` : '';
  const text = [
    `Cảnh báo #${a.id}: ${KIND_VI[a.kind]}`,
    `${SUBJECT_VI[a.subjectType]}: ${name}`,
    `${a.count} bài${base}, ${span}`,
    `Xem các bài: ${link}`,
    '',
    `Alert #${a.id}: ${KIND_EN[a.kind]}`,
    `${SUBJECT_EN[a.subjectType]}: ${name}`,
    `${a.count} posts${baseEn}, ${span}`,
    `See the posts: ${link}`,
  ].join('\n');
  return { subject: headerSafe(`[Kiểm Chứng] Cảnh báo #${a.id}: ${KIND_VI[a.kind]} – ${name}`), text };
}

const telegramReply = z.object({ ok: z.boolean(), description: z.string().optional() });

async function sendTelegram(t: NonNullable<AlertChannels['telegram']>, text: string, timeoutMs: number): Promise<void> {
  const res = await fetch(`${t.apiBase.replace(/\/+$/, '')}/bot${t.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: t.chatId, text, disable_web_page_preview: true }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = telegramReply.safeParse(await res.json().catch(() => null));
  if (!res.ok || !body.success || !body.data.ok) throw new Error(`telegram: HTTP ${res.status}${body.success && body.data.description ? `: ${body.data.description}` : ''}`);
}

/**
 * Sends every alert a configured channel has not delivered yet. Each channel is marked delivered
 * on its own; a failure is counted and retried at the next run, up to MAX_DELIVERY_ATTEMPTS.
 */
export async function deliverAlerts(store: Store, o: AlertChannels, now: () => Date = () => new Date()): Promise<{ mailed: number; telegram: number; failed: number }> {
  const out = { mailed: 0, telegram: 0, failed: 0 };
  if (!o.mail && !o.telegram) return out;
  const pending = await store.alerts.undelivered({ mail: Boolean(o.mail), telegram: Boolean(o.telegram) }, MAX_DELIVERY_ATTEMPTS);
  if (pending.length === 0) return out;
  const transport = o.mail ? nodemailer.createTransport(o.mail.smtpUrl) : undefined;
  try {
    for (const a of pending) {
      const msg = alertMessage(a, o);
      try {
        if (o.mail && transport && !a.mailedAt) {
          await transport.sendMail({ from: o.mail.from, to: o.mail.to, subject: msg.subject, text: msg.text, headers: { 'X-Kiem-Chung-Alert': String(a.id) } });
          await store.write(() => store.alerts.delivered(a.id, 'mail', now().toISOString()));
          out.mailed++;
        }
        if (o.telegram && !a.telegramAt) {
          await sendTelegram(o.telegram, msg.text, o.timeoutMs ?? 15_000);
          await store.write(() => store.alerts.delivered(a.id, 'telegram', now().toISOString()));
          out.telegram++;
        }
      } catch (err) {
        out.failed++;
        await store.write(() => store.alerts.deliveryFailed(a.id, err instanceof Error ? err.message : String(err)));
      }
    }
  } finally {
    transport?.close();
  }
  return out;
}
