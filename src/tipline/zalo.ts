import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface ZaloConfig {
  appId: string;
  /** The OA secret key of the linked Official Account (not the app secret). */
  oaSecret: string;
  /** OA access token for the receipt message; without it no receipt is sent. */
  accessToken?: string;
  /** https://openapi.zalo.me by default; tests point it at a fake on 127.0.0.1. */
  apiBase: string;
}

/**
 * Zalo OA webhook signature, as Zalo's OA documentation specifies: header X-ZEvent-Signature is
 * `mac=` + hex SHA-256 of appId + the raw JSON body + the event's `timestamp` (from that body) +
 * the OA secret key. Compared in constant time over the raw bytes received (never re-serialised).
 */
export function zaloMac(cfg: Pick<ZaloConfig, 'appId' | 'oaSecret'>, rawBody: string, timestamp: string): string {
  return createHash('sha256').update(cfg.appId + rawBody + timestamp + cfg.oaSecret, 'utf8').digest('hex');
}

export function zaloSignatureValid(cfg: Pick<ZaloConfig, 'appId' | 'oaSecret'>, rawBody: string, timestamp: string, header: string | undefined): boolean {
  if (!header) return false;
  const sent = header.trim().replace(/^mac=/i, '').toLowerCase();
  const expected = zaloMac(cfg, rawBody, timestamp);
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const idish = z.union([z.string(), z.number()]).transform(String);
const event = z.object({
  app_id: idish.optional(),
  event_name: z.string(),
  // Milliseconds since the epoch, sent as a string.
  timestamp: idish,
  sender: z.object({ id: idish }).optional(),
  message: z
    .object({
      msg_id: idish.optional(),
      text: z.string().max(20_000).optional(),
      attachments: z.array(z.object({ type: z.string(), payload: z.object({ url: z.string().max(4000).optional() }).passthrough().optional() })).optional(),
    })
    .optional(),
});

export type ZaloEvent = z.infer<typeof event>;

/** The event's timestamp field as the string that was signed (null when the body is not a Zalo event). */
export function parseZaloEvent(rawBody: string): ZaloEvent | null {
  try {
    const r = event.safeParse(JSON.parse(rawBody));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** A member's text or link message as a tip; other events (follow, sticker, image, ...) are not tips. */
export function zaloTip(e: ZaloEvent): { senderId: string; text?: string; url?: string; key: string } | null {
  if (!e.sender || !e.message) return null;
  if (e.event_name !== 'user_send_text' && e.event_name !== 'user_send_link') return null;
  const url = e.message.attachments?.find((a) => a.type === 'link')?.payload?.url;
  const text = e.message.text?.trim() || undefined;
  if (!text && !url) return null;
  return { senderId: e.sender.id, text, url, key: e.message.msg_id ?? `${e.sender.id}:${e.timestamp}` };
}

/** Sends a short text to the member through the OA API (customer-service message, v3). */
export async function sendZaloText(cfg: ZaloConfig, userId: string, text: string, timeoutMs = 10_000): Promise<void> {
  if (!cfg.accessToken) throw new Error('Zalo: no OA access token configured (KC_ZALO_ACCESS_TOKEN)');
  const res = await fetch(new URL('/v3.0/oa/message/cs', cfg.apiBase), {
    method: 'POST',
    headers: { 'content-type': 'application/json', access_token: cfg.accessToken },
    body: JSON.stringify({ recipient: { user_id: userId }, message: { text } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json().catch(() => null)) as { error?: number; message?: string } | null;
  // The OA API answers 200 with {"error": <non-zero>} on failure.
  if (!res.ok || !body || (body.error ?? 0) !== 0) throw new Error(`Zalo OA API: ${res.status} ${body?.message ?? ''}`.trim());
}
