import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from environment variables (documented in README.md), validated once at
 * start-up and passed down explicitly; nothing deeper reads process.env.
 */
const envSchema = z.object({
  KC_DATA_DIR: z.string().default('data'),
  KC_DB: z.string().optional(),
  KC_RULES_DIR: z.string().default('rules'),
  KC_SOURCES_DIR: z.string().default('crawlers/sources'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KC_CONTACT_URL: z.string().url().default('https://github.com/kiem-chung/kiem-chung'),
  KC_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  PUPPETEER_EXECUTABLE_PATH: z.string().default('/usr/bin/chromium'),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${msg}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.KC_DATA_DIR);
  return {
    dataDir,
    dbPath: resolve(e.KC_DB ?? `${dataDir}/kiemchung.db`),
    rulesDir: resolve(e.KC_RULES_DIR),
    sourcesDir: resolve(e.KC_SOURCES_DIR),
    host: e.HOST,
    port: e.PORT,
    contactUrl: e.KC_CONTACT_URL,
    retentionDays: e.KC_RETENTION_DAYS,
    chromiumPath: e.PUPPETEER_EXECUTABLE_PATH,
  };
}
