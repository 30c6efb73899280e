import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ApiQueryError, claimsQuery, createApiService, digestsQuery, grievancesQuery, itemsQuery, localDay } from '../../src/api/api-service.js';
import { createRateLimiter, type RateLimiter } from '../../src/review/rate-limiter.js';
import { findBearer, tokenState } from '../../src/api/token-service.js';
import type { ApiToken } from '../../src/storage/api-tokens.js';
import type { AppEnv } from '../context.js';
import openapi from './openapi.json' with { type: 'json' };

export interface ApiOptions {
  /** Calls per token per minute (KC_API_RATE_PER_MINUTE). */
  ratePerMinute: number;
}

type ApiEnv = { Variables: AppEnv['Variables'] & { token: ApiToken; count: number } };

const jsonError = (c: Context, status: 400 | 401 | 404 | 405 | 429 | 500, code: string, message: string) => c.json({ error: { code, message } }, status);

/** Query parameters as one object; a repeated parameter is refused rather than silently picked. */
function params(c: Context): Record<string, string> {
  const all = c.req.queries();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (v.length > 1) throw new ApiQueryError(`${k}: given more than once`);
    out[k] = v[0];
  }
  return out;
}

function parse<S extends z.ZodTypeAny>(schema: S, c: Context): z.infer<S> {
  const r = schema.safeParse(params(c));
  if (!r.success) throw new ApiQueryError(r.error.issues.map((i) => `${i.path.join('.') || i.code}: ${i.message}`).join('; '));
  return r.data;
}

/**
 * `/api/v1`: read-only JSON for HQ dashboards (issue 15, §4), mounted before the login guard.
 * Bearer tokens only (no cookies, so no CSRF concern and no session riding along); rate-limited
 * per token; every call by a known token, refused or not, is one `api_call` audit row with the
 * token id, path, parameters (never the token) and how many records it returned.
 */
export function apiRoutes(options: ApiOptions): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  // One per store (made on the first call): the limit is counted in the database, shared by every web node.
  let limiter: RateLimiter | undefined;

  app.get('/openapi.json', (c) => c.json(openapi));
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      c.header('Allow', 'GET, HEAD');
      return jsonError(c, 405, 'method_not_allowed', 'this API is read-only');
    }
    const { store, clock } = c.get('deps');
    const token = await findBearer(store, c.req.header('authorization'));
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer realm="kiem-chung"');
      return jsonError(c, 401, 'unauthorized', 'send Authorization: Bearer <token>');
    }
    const now = clock();
    const audit = async (status: number, count: number) => {
      const query = Object.fromEntries(Object.entries(c.req.queries()).filter(([k]) => k !== 'cursor').map(([k, v]) => [k, v.join(',').slice(0, 200)]));
      await store.write(async () => {
        await store.audit.append({
          at: now.toISOString(), userId: null, username: `api:${token.name}`, action: 'api_call', targetType: 'api_token', targetId: token.id,
          detail: { path: c.req.path, query, status, count }, ip: c.get('ip'),
        });
        if (status !== 429) await store.apiTokens.touch(token.id, now.toISOString());
      });
    };
    limiter ??= createRateLimiter({ store, secret: c.get('deps').secret, bucket: 'api', limit: options.ratePerMinute, windowMs: 60_000 });
    const rate = await limiter.take(`token:${token.id}`, now.getTime());
    c.header('RateLimit-Limit', String(rate.limit));
    c.header('RateLimit-Remaining', String(rate.remaining));
    c.header('RateLimit-Reset', String(rate.resetS));
    if (!rate.ok) {
      // One row per minute of refusals: a client stuck in a retry loop must not flood the log.
      if (rate.firstRefusal) await audit(429, 0);
      c.header('Retry-After', String(rate.resetS));
      return jsonError(c, 429, 'rate_limited', `at most ${rate.limit} calls a minute; retry after ${rate.resetS} s`);
    }
    const state = tokenState(token, now);
    if (state !== 'active') {
      await audit(401, 0);
      c.header('WWW-Authenticate', `Bearer realm="kiem-chung", error="invalid_token"`);
      return jsonError(c, 401, `token_${state}`, `this token is ${state}`);
    }
    c.set('token', token);
    c.set('count', 0);
    await next();
    await audit(c.res.status, c.get('count'));
  });

  const service = (c: Context<ApiEnv>) => createApiService(c.get('deps').store);

  app.get('/items', async (c) => {
    const page = await service(c).items(c.get('token'), parse(itemsQuery, c));
    c.set('count', page.data.length);
    return c.json(page);
  });
  app.get('/claims', async (c) => {
    const page = await service(c).claims(c.get('token'), parse(claimsQuery, c));
    c.set('count', page.data.length);
    return c.json(page);
  });
  app.get('/grievances/counts', async (c) => {
    const { clock, config } = c.get('deps');
    const counts = await service(c).grievanceCounts(c.get('token'), parse(grievancesQuery, c), localDay(clock(), config.digest.timeZone));
    c.set('count', counts.by_unit.length);
    return c.json(counts);
  });
  app.get('/digests', async (c) => {
    const page = await service(c).digests(c.get('token'), parse(digestsQuery, c));
    c.set('count', page.data.length);
    return c.json(page);
  });
  app.get('/digests/:id', async (c) => {
    parse(z.object({}).strict(), c);
    const id = /^\d{1,15}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : 0;
    const d = id ? await service(c).digest(c.get('token'), id) : undefined;
    if (!d) return jsonError(c, 404, 'not_found', 'no such digest for this token');
    c.set('count', 1);
    return c.json(d);
  });
  app.all('*', (c) => jsonError(c, 404, 'not_found', 'no such endpoint; see /api/v1/openapi.json'));

  app.onError((err, c) => {
    if (err instanceof ApiQueryError) return jsonError(c, 400, 'invalid_parameter', err.message);
    console.error(`api: ${c.req.method} ${c.req.path}:`, err);
    return jsonError(c, 500, 'internal', 'internal error');
  });
  return app;
}
