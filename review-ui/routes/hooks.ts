import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

/**
 * Webhooks of the tipline: POST /hooks/zalo (Zalo Official Account) and /hooks/telegram (bot).
 * Mounted before the session and form-token checks: the platforms authenticate with their own
 * signature / secret token, checked in src/tipline/hooks.ts on the raw body. 404 when not configured.
 */
export function hookRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/zalo', async (c) => {
    const hooks = c.get('deps').tipline?.hooks;
    if (!hooks) return c.json({ ok: false }, 404);
    const a = await hooks.zalo(await c.req.text(), c.req.header('x-zevent-signature'));
    return c.json({ ok: a.status === 200, reason: a.reason }, a.status);
  });
  app.post('/telegram', async (c) => {
    const hooks = c.get('deps').tipline?.hooks;
    if (!hooks) return c.json({ ok: false }, 404);
    const a = await hooks.telegram(await c.req.text(), c.req.header('x-telegram-bot-api-secret-token'));
    return c.json({ ok: a.status === 200, reason: a.reason }, a.status);
  });
  return app;
}
