import type { Config } from '../src/config.js';
import type { Actor } from '../src/review/access.js';
import type { ScryptParams } from '../src/review/passwords.js';
import type { ThrottlePolicy } from '../src/review/login-throttle.js';
import type { QueueService } from '../src/review/queue-service.js';
import type { SessionPolicy } from '../src/review/sessions.js';
import type { SessionUser } from '../src/storage/sessions.js';
import type { Store } from '../src/storage/store.js';
import type { Lang, Translate } from './i18n.js';
import type { HookRunner } from '../src/tipline/hooks.js';
import type { RateLimiter } from '../src/review/rate-limiter.js';
import type { TipIntake } from '../src/tipline/types.js';

/** Everything route factories need, built once in createApp and passed down (no globals). */
export interface Deps {
  store: Store;
  config: Config;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
  throttle: ThrottlePolicy;
  queue: QueueService;
  responsesDir: string;
  /** Folder holding evidence files (screenshots, snapshots); paths outside it are never served. */
  evidenceDir: string;
  /** Cost of the stand-in hash checked for unknown usernames (match the real accounts' cost). */
  scrypt?: ScryptParams;
  /** Trust X-Forwarded-For/-Proto from a reverse proxy. */
  trustProxy: boolean;
  /** Installation secret: keys author pseudonyms and the hashes of data-subject requests. */
  secret: string;
  /** Tipline (issue 15, §2): the intake, the webhook runner and the public form's per-address limiter; absent = no /tip. */
  tipline?: { intake: TipIntake; hooks: HookRunner; limiter: RateLimiter };
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    lang: Lang;
    t: Translate;
    user: Actor | null;
    session: SessionUser | null;
    /** Session cookie value (raw), for logout/rotation. */
    sessionCookie: string | null;
    flash: Flash | null;
    ip: string;
    /** Set when this response issues a new pre-login form token. */
    preloginToken?: string;
    /** Alerts the signed-in user has not seen yet (the badge in the navigation). */
    alertsUnseen?: number;
    secure: boolean;
  };
}

export interface Flash {
  kind: 'ok' | 'error';
  key: string;
  /** Message key of the form field the error is about. */
  field?: string;
  /** Values for the message's {placeholders} (counts, item numbers), already in the reader's language. */
  params?: Record<string, string | number>;
}
