import { join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../src/config.js';
import { installationSecret } from '../src/privacy/installation-secret.js';
import { ReviewError, STATUS_OF_CODE } from '../src/review/errors.js';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../src/review/login-throttle.js';
import { createQueueService } from '../src/review/queue-service.js';
import type { ScryptParams } from '../src/review/passwords.js';
import type { SessionPolicy } from '../src/review/sessions.js';
import type { Store } from '../src/storage/store.js';
import { formToken, readOnlyViewers, requireUser } from './auth/guards.js';
import { sessionLoader } from './auth/session.js';
import type { AppEnv, Deps } from './context.js';
import { i18n, translator } from './i18n.js';
import { auditRoutes } from './routes/audit.js';
import { claimRoutes } from './routes/claims.js';
import { grievanceRoutes } from './routes/grievances.js';
import { alertBadge, alertRoutes } from './routes/alerts.js';
import { watchlistRoutes } from './routes/watchlists.js';
import { itemActionRoutes } from './routes/item-actions.js';
import { itemRoutes } from './routes/items.js';
import { authRoutes } from './routes/login.js';
import { setupRoutes } from './routes/setup.js';
import { apiRoutes } from './api/api-routes.js';
import { queueRoutes } from './routes/queue.js';
import { claimResponseRoutes, responseRoutes } from './routes/responses.js';
import { staticRoutes } from './routes/static.js';
import { hookRoutes } from './routes/hooks.js';
import { tipReplyRoutes, tipRoutes } from './routes/tip.js';
import { HookRunner } from '../src/tipline/hooks.js';
import { createRateLimiter } from '../src/review/rate-limiter.js';
import type { TipIntake } from '../src/tipline/types.js';
import { ErrorPage } from './views/error-page.js';
import { viewCtx } from './views/view-context.js';

export interface AppOptions {
  store: Store;
  config: Config;
  /** Injectable clock (tests move time to check session expiry and throttling). */
  clock?: () => Date;
  sessionPolicy?: Partial<SessionPolicy>;
  throttle?: Partial<ThrottlePolicy>;
  /** Default: <rulesDir>/responses. */
  responsesDir?: string;
  /** Default: config.dataDir. */
  evidenceDir?: string;
  trustProxy?: boolean;
  /** scrypt cost of the stand-in hash for unknown usernames (tests use cheap accounts). */
  scrypt?: ScryptParams;
  /** Installation secret (pseudonyms, request hashes). Default: the one in the data folder (config), which holds the database by default; the application passes the one beside its database. */
  secret?: string;
  /** Calls per API token per minute (default: config.api.ratePerMinute). */
  apiRatePerMinute?: number;
  /** Extra routes (admin tools, digests) mounted behind the same login, headers and CSRF checks. */
  extend?: (app: Hono<AppEnv>, deps: Deps) => void;
  /** Tipline: the intake (src/jobs/tip-intake.ts) and optionally the webhook runner (tests await its work). Absent: no /tip, no hooks. */
  tipline?: { intake: TipIntake; hooks?: HookRunner };
}

export const BODY_LIMIT_BYTES = 256 * 1024;

function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    // The rightmost entry is the one the trusted proxy appended; anything left of it came from the
    // client and can be forged (one fake address per request would dodge the per-address throttle).
    const fwd = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (fwd) return fwd.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // in-process requests (app.request) have no socket
  }
}

/** The review UI: server-rendered pages, plain forms, post/redirect/get. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const clock = options.clock ?? (() => new Date());
  const trustProxy = options.trustProxy ?? options.config.review.trustProxy;
  const deps: Deps = {
    store: options.store,
    config: options.config,
    clock,
    sessionPolicy: { idleMs: options.config.review.sessionIdleMs, absoluteMs: options.config.review.sessionMaxMs, ...options.sessionPolicy },
    throttle: { ...DEFAULT_THROTTLE, ...options.throttle },
    queue: createQueueService(options.store, clock),
    responsesDir: options.responsesDir ?? join(options.config.rulesDir, 'responses'),
    evidenceDir: options.evidenceDir ?? options.config.dataDir,
    trustProxy,
    scrypt: options.scrypt,
    secret: options.secret ?? installationSecret(options.config.dataDir),
  };
  if (options.tipline) {
    const tl = options.config.tipline;
    deps.tipline = {
      intake: options.tipline.intake,
      hooks: options.tipline.hooks ?? new HookRunner({ store: options.store, intake: options.tipline.intake, config: tl, clock, log: (m) => console.error(m) }),
      limiter: createRateLimiter({ store: options.store, secret: deps.secret, bucket: 'tip', limit: tl.ratePerHour, windowMs: 3_600_000 }),
    };
  }
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('ip', clientIp(c, trustProxy));
    const proto = trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    c.set('secure', (proto ?? new URL(c.req.url).protocol.replace(':', '')) === 'https');
    await next();
    // A route serving crawled HTML sets its own, stricter (sandboxing) policy.
    const own = c.res.headers.get('x-kc-csp');
    if (own) {
      c.res.headers.set('Content-Security-Policy', own);
      c.res.headers.delete('x-kc-csp');
    }
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      xFrameOptions: 'DENY',
      strictTransportSecurity: false,
    }),
  );
  app.use('*', bodyLimit({ maxSize: BODY_LIMIT_BYTES, onError: () => { throw new HTTPException(413); } }));
  app.use('*', i18n());
  app.use(
    '*',
    csrf({
      // Behind a TLS-terminating proxy the request URL says http: compare with what the browser saw.
      origin: (origin, c) => {
        const url = new URL(c.req.url);
        const host = (trustProxy && c.req.header('x-forwarded-host')) || url.host;
        return origin === `${c.get('secure') ? 'https' : url.protocol.replace(':', '')}://${host}`;
      },
    }),
  );
  app.route('/static', staticRoutes());
  // Platform webhooks authenticate by signature / secret token, not by session or form token.
  app.route('/hooks', hookRoutes());
  // Every page past the static files carries personal data or a form token: never stored by a
  // browser or proxy cache (issue 14, finding 10). A route may still set a stricter value.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  // The read-only JSON API (issue 15, §4): bearer tokens only, so before sessions, form tokens and the login guard.
  app.route('/api/v1', apiRoutes({ ratePerMinute: options.apiRatePerMinute ?? options.config.api.ratePerMinute }));
  app.use('*', sessionLoader());
  app.use('*', formToken());

  app.route('/', authRoutes());
  app.route('/setup', setupRoutes());
  app.route('/tip', tipRoutes());
  app.use('*', requireUser());
  app.use('*', readOnlyViewers());
  app.use('*', alertBadge());
  app.get('/', (c) => c.redirect('/queue', 303));
  app.route('/queue', queueRoutes());
  app.route('/items', itemRoutes());
  app.route('/items', itemActionRoutes());
  app.route('/claims', claimRoutes());
  app.route('/claims', claimResponseRoutes());
  app.route('/responses', responseRoutes());
  app.route('/grievances', grievanceRoutes());
  app.route('/watchlists', watchlistRoutes());
  app.route('/alerts', alertRoutes());
  app.route('/tips', tipReplyRoutes());
  app.route('/admin/audit', auditRoutes());
  options.extend?.(app, deps);

  app.notFound((c) => errorPage(c, 404));
  app.onError((err, c) => {
    if (err instanceof ReviewError) return errorPage(c, STATUS_OF_CODE[err.code]);
    if (err instanceof HTTPException) {
      if (err.status === 401) return c.redirect('/login', 303);
      return errorPage(c, err.status);
    }
    console.error(`review-ui: ${c.req.method} ${c.req.path}:`, err);
    return errorPage(c, 500);
  });
  return app;
}

/** A generic page: status and a short localised sentence, never a stack trace or internal detail. */
function errorPage(c: Context<AppEnv>, status: number): Response | Promise<Response> {
  if (!c.get('t')) c.set('t', translator('vi'));
  if (!c.get('lang')) c.set('lang', 'vi');
  const ctx = viewCtx(c);
  return c.html(<ErrorPage ctx={ctx} status={status} />, status as 404);
}
