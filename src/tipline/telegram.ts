import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface TelegramConfig {
  botToken: string;
  /** The secret_token given to setWebhook: Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
  secretToken: string;
  /** https://api.telegram.org by default; tests point it at a fake on 127.0.0.1. */
  apiBase: string;
}

export function telegramSecretValid(cfg: Pick<TelegramConfig, 'secretToken'>, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(cfg.secretToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

const update = z.object({
  update_id: z.number().int(),
  message: z
    .object({
      message_id: z.number().int(),
      date: z.number().int(),
      chat: z.object({ id: z.number().int(), type: z.string() }),
      from: z.object({ id: z.number().int(), is_bot: z.boolean().optional() }).optional(),
      text: z.string().max(20_000).optional(),
      caption: z.string().max(20_000).optional(),
      entities: z.array(z.object({ type: z.string(), offset: z.number().int(), length: z.number().int(), url: z.string().optional() })).optional(),
    })
    .optional(),
});

export type TelegramUpdate = z.infer<typeof update>;

export function parseTelegramUpdate(rawBody: string): TelegramUpdate | null {
  try {
    const r = update.safeParse(JSON.parse(rawBody));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * A member's private text message as a tip. Group chats are not read (a bot in a group would see
 * other people's messages); commands such as /start get a receipt-less greeting from nobody.
 */
export function telegramTip(u: TelegramUpdate): { senderId: string; chatId: string; text: string; url?: string; dateSec: number; key: string } | null {
  const m = u.message;
  if (!m || m.chat.type !== 'private' || m.from?.is_bot) return null;
  const raw = m.text ?? m.caption ?? '';
  const text = raw.trim();
  if (!text || /^\/\w+$/.test(text)) return null;
  // Entity offsets count UTF-16 code units, as JavaScript strings do.
  const ent = m.entities?.find((e) => e.type === 'url' || e.type === 'text_link');
  const url = ent ? (ent.type === 'text_link' ? ent.url : raw.slice(ent.offset, ent.offset + ent.length)) : undefined;
  return { senderId: String(m.from?.id ?? m.chat.id), chatId: String(m.chat.id), text, url, dateSec: m.date, key: String(u.update_id) };
}

export async function sendTelegramText(cfg: TelegramConfig, chatId: string, text: string, timeoutMs = 10_000): Promise<void> {
  const res = await fetch(new URL(`/bot${cfg.botToken}/sendMessage`, cfg.apiBase), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json().catch(() => null)) as { ok?: boolean; description?: string } | null;
  if (!res.ok || !body?.ok) throw new Error(`Telegram Bot API: ${res.status} ${body?.description ?? ''}`.trim());
}
