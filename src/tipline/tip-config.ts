import { z } from 'zod';
import type { TelegramConfig } from './telegram.js';
import type { ZaloConfig } from './zalo.js';

/**
 * The tipline's environment variables (README, "Tipline"). Merged into src/config.ts's schema so
 * everything is still read and validated once there; kept here so the tipline's settings stay together.
 * Webhooks are off unless their credentials are all set.
 */
export const tiplineEnv = {
  // Who may open the public /tip form: nobody, the local network (loopback/private addresses), or anyone.
  KC_TIP_FORM: z.enum(['off', 'local', 'public']).default('local'),
  KC_TIP_RATE_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  KC_TIP_MAX_CHARS: z.coerce.number().int().min(100).max(200_000).default(10_000),
  // How long the channel's chat id is kept so a reviewer can answer through it; then it is cleared.
  KC_TIP_REPLY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // Unit of tips from Zalo/Telegram (a chat has no unit picker); empty: admins route them.
  KC_TIP_UNIT: z.string().max(64).default(''),
  // Webhook events older than this (by their signed timestamp / message date) are refused as replays.
  KC_HOOK_MAX_AGE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  KC_ZALO_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric app id').optional(),
  KC_ZALO_OA_SECRET: z.string().min(8).optional(),
  KC_ZALO_ACCESS_TOKEN: z.string().min(8).optional(),
  KC_ZALO_API: z.string().url().default('https://openapi.zalo.me'),
  KC_TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-def').optional(),
  KC_TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters A-Z a-z 0-9 _ -').optional(),
  KC_TELEGRAM_API: z.string().url().default('https://api.telegram.org'),
};

const tiplineSchema = z.object(tiplineEnv);
type TiplineEnv = z.infer<typeof tiplineSchema>;

export interface TiplineConfig {
  form: 'off' | 'local' | 'public';
  ratePerHour: number;
  maxChars: number;
  replyDays: number;
  unit: string | null;
  hookMaxAgeSeconds: number;
  zalo: ZaloConfig | null;
  telegram: TelegramConfig | null;
}

export function tiplineConfig(e: TiplineEnv): TiplineConfig {
  return {
    form: e.KC_TIP_FORM,
    ratePerHour: e.KC_TIP_RATE_PER_HOUR,
    maxChars: e.KC_TIP_MAX_CHARS,
    replyDays: e.KC_TIP_REPLY_DAYS,
    unit: e.KC_TIP_UNIT.trim() || null,
    hookMaxAgeSeconds: e.KC_HOOK_MAX_AGE_SECONDS,
    zalo: e.KC_ZALO_APP_ID && e.KC_ZALO_OA_SECRET ? { appId: e.KC_ZALO_APP_ID, oaSecret: e.KC_ZALO_OA_SECRET, accessToken: e.KC_ZALO_ACCESS_TOKEN, apiBase: e.KC_ZALO_API } : null,
    telegram: e.KC_TELEGRAM_BOT_TOKEN && e.KC_TELEGRAM_WEBHOOK_SECRET ? { botToken: e.KC_TELEGRAM_BOT_TOKEN, secretToken: e.KC_TELEGRAM_WEBHOOK_SECRET, apiBase: e.KC_TELEGRAM_API } : null,
  };
}
