import { resolve } from 'node:path';
import { z } from 'zod';
import { isCalendarDate } from './privacy/request-deadlines.js';
import { tiplineConfig, tiplineEnv } from './tipline/tip-config.js';

/**
 * Configuration comes from environment variables (documented in README.md), validated once at
 * start-up and passed down explicitly; nothing deeper reads process.env.
 */
const envSchema = z.object({
  // Tipline (issue 15, §2): the public form, Zalo OA and Telegram webhooks (src/tipline/tip-config.ts).
  // First, so a variable shared with another part (KC_TELEGRAM_BOT_TOKEN, KC_TELEGRAM_API) is defined once below.
  ...tiplineEnv,
  KC_DATA_DIR: z.string().default('data'),
  KC_DB: z.string().optional(),
  // PostgreSQL instead of the SQLite file (federation scale, issue 16): postgres://user@host/db.
  KC_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  KC_RULES_DIR: z.string().default('rules'),
  KC_SOURCES_DIR: z.string().default('crawlers/sources'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KC_CONTACT_URL: z.string().url().default('https://github.com/kiem-chung/kiem-chung'),
  // Retention (issue 8): never-flagged items go this many days after collection; flagged or decided
  // items (their evidence and raw handles) this many days after the last decision.
  KC_RETENTION_UNFLAGGED_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  KC_RETENTION_FLAGGED_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // Labels whose flagged items get a screenshot and HTML snapshot (comma-separated; "" = none).
  KC_EVIDENCE_LABELS: z.string().default('covid_false'),
  // Daily retention purge (node-cron, in KC_TZ): erases what is past the two windows above.
  KC_PURGE_CRON: z.string().default('30 3 * * *'),
  PUPPETEER_EXECUTABLE_PATH: z.string().default('/usr/bin/chromium'),
  // Imported by `npm start` into an empty database on first run; set to "" to start empty.
  KC_DEMO_CORPUS: z.string().default('rules/demo/demo-corpus.jsonl'),
  // Weekly digest (F): SMTP delivery, else an outbox folder; cron and time zone of the schedule.
  KC_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  KC_DIGEST_TO: z.string().default(''),
  KC_DIGEST_FROM: z.string().email().default('kiem-chung@localhost'),
  KC_DIGEST_CRON: z.string().default('0 7 * * 1'),
  KC_DIGEST_LANG: z.enum(['vi', 'en']).default('vi'),
  KC_TZ: z.string().default('Asia/Ho_Chi_Minh'),
  // Non-working days besides weekends and 1/1, 30/4, 1/5, 2/9 (Tết, Hùng Kings, ...): request deadlines skip them.
  KC_HOLIDAYS: z
    .string()
    .default('')
    .transform((v) => v.split(/[,\s]+/).filter(Boolean))
    .refine((days) => days.every(isCalendarDate), 'list dates as YYYY-MM-DD, separated by commas'),
  KC_HELDOUT: z.string().default('tests/fixtures/eval/heldout.jsonl'),
  // Real-text development set, evaluated on (never trained on) by a model retrain when present; "" = none.
  KC_EVAL_REAL_PATH: z.string().default('../shared/data/realtext/dev.jsonl'),
  // Review UI (E): session lifetimes, and whether X-Forwarded-For/-Proto from a reverse proxy are trusted.
  KC_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(120),
  KC_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  KC_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  // Read-only JSON API (issue 15, §4): calls per token per minute.
  KC_API_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  // Crawlers (D): host[:port] entries exempt from the SSRF guard (tests: 127.0.0.1:PORT), politeness
  // delay per host, caps per request, and when a source counts as failing.
  KC_CRAWL_ALLOW_HOSTS: z.string().default(''),
  KC_CRAWL_DELAY_MS: z.coerce.number().int().min(0).default(2000),
  KC_CRAWL_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  KC_CRAWL_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  KC_CRAWL_FAILING_AFTER: z.coerce.number().int().positive().default(3),
  KC_CRAWL_JITTER_MS: z.coerce.number().int().min(0).default(60_000),
  // Crawl workers' job lease (issue 16, §5): a worker killed mid-crawl loses its sources this long after its last heartbeat.
  KC_CRAWL_LEASE_MS: z.coerce.number().int().min(1000).default(90_000),
  // How often a crawl worker asks the database for due sources.
  KC_CRAWL_POLL_MS: z.coerce.number().int().min(100).default(5000),
  // Sources one crawl worker crawls at the same time (they wait on different hosts' politeness).
  KC_CRAWL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // Watchlist and claim alerts (issue 15, §1): when the check runs, who is mailed (over KC_SMTP_URL),
  // an optional Telegram chat, and the UI address the messages link to.
  KC_ALERT_CRON: z.string().default('*/10 * * * *'),
  KC_ALERT_EMAILS: z.string().default(''),
  KC_ALERT_FROM: z.string().email().optional(),
  KC_PUBLIC_URL: z.string().url().regex(/^https?:\/\//, 'must start with http:// or https://').optional(),
  KC_TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-def').optional(),
  KC_TELEGRAM_ALERT_CHAT: z.string().regex(/^(-?\d+|@\w{4,})$/, 'must be a chat id or @channelname').optional(),
  KC_TELEGRAM_API: z.string().url().default('https://api.telegram.org'),
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
    /** When set, the store is this PostgreSQL database; dbPath then only places the secret beside it. */
    databaseUrl: e.KC_DATABASE_URL,
    rulesDir: resolve(e.KC_RULES_DIR),
    sourcesDir: resolve(e.KC_SOURCES_DIR),
    host: e.HOST,
    port: e.PORT,
    contactUrl: e.KC_CONTACT_URL,
    retention: { unflaggedDays: e.KC_RETENTION_UNFLAGGED_DAYS, flaggedDays: e.KC_RETENTION_FLAGGED_DAYS, cron: e.KC_PURGE_CRON },
    evidenceLabels: e.KC_EVIDENCE_LABELS.split(',').map((l) => l.trim()).filter(Boolean),
    chromiumPath: e.PUPPETEER_EXECUTABLE_PATH,
    demoCorpus: e.KC_DEMO_CORPUS === '' ? null : resolve(e.KC_DEMO_CORPUS),
    digest: {
      smtpUrl: e.KC_SMTP_URL,
      to: parseRecipients(e.KC_DIGEST_TO),
      from: e.KC_DIGEST_FROM,
      cron: e.KC_DIGEST_CRON,
      lang: e.KC_DIGEST_LANG,
      timeZone: parseTimeZone(e.KC_TZ),
      dir: resolve(`${dataDir}/digests`),
      outboxDir: resolve(`${dataDir}/outbox`),
    },
    heldoutPath: resolve(e.KC_HELDOUT),
    realEvalPath: e.KC_EVAL_REAL_PATH === '' ? null : resolve(e.KC_EVAL_REAL_PATH),
    holidays: e.KC_HOLIDAYS,
    api: { ratePerMinute: e.KC_API_RATE_PER_MINUTE },
    review: {
      sessionIdleMs: e.KC_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.KC_SESSION_MAX_HOURS * 3_600_000,
      trustProxy: e.KC_TRUST_PROXY === '1' || e.KC_TRUST_PROXY === 'true',
    },
    alerts: {
      cron: e.KC_ALERT_CRON,
      emails: parseRecipients(e.KC_ALERT_EMAILS, 'KC_ALERT_EMAILS'),
      from: e.KC_ALERT_FROM ?? e.KC_DIGEST_FROM,
      publicUrl: e.KC_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`,
      telegram: e.KC_TELEGRAM_BOT_TOKEN && e.KC_TELEGRAM_ALERT_CHAT ? { apiBase: e.KC_TELEGRAM_API, token: e.KC_TELEGRAM_BOT_TOKEN, chatId: e.KC_TELEGRAM_ALERT_CHAT } : undefined,
    },
    tipline: tiplineConfig(e),
    crawl: {
      userAgent: `KiemChung/0.1 (+${e.KC_CONTACT_URL})`,
      allowHosts: e.KC_CRAWL_ALLOW_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
      delayMs: e.KC_CRAWL_DELAY_MS,
      maxBytes: e.KC_CRAWL_MAX_BYTES,
      timeoutMs: e.KC_CRAWL_TIMEOUT_MS,
      failingAfter: e.KC_CRAWL_FAILING_AFTER,
      jitterMs: e.KC_CRAWL_JITTER_MS,
      leaseMs: e.KC_CRAWL_LEASE_MS,
      pollMs: e.KC_CRAWL_POLL_MS,
      concurrency: e.KC_CRAWL_CONCURRENCY,
      evidenceDir: resolve(`${dataDir}/evidence`),
      spoolDir: resolve(`${dataDir}/crawl-spool`),
    },
  };
}

function parseRecipients(list: string, variable = 'KC_DIGEST_TO'): string[] {
  const to = list.split(/[,;\s]+/).filter(Boolean);
  const bad = to.filter((a) => !z.string().email().safeParse(a).success);
  if (bad.length > 0) throw new Error(`invalid configuration: ${variable}: not an e-mail address: ${bad.join(', ')}`);
  return to;
}

function parseTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new Error(`invalid configuration: KC_TZ: unknown time zone "${tz}"`);
  }
  return tz;
}
