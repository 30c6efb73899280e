import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import type { ActionMeta } from '../../src/review/audit.js';
import { ReviewError } from '../../src/review/errors.js';
import type { Actor } from '../../src/review/access.js';
import { setFlash } from '../auth/session.js';
import type { AppEnv } from '../context.js';

export const meta = (c: Context<AppEnv>): ActionMeta => ({ now: c.get('deps').clock(), ip: c.get('ip') });

export function actor(c: Context<AppEnv>): Actor {
  const u = c.get('user');
  if (!u) throw new HTTPException(401);
  return u;
}

export function idParam(c: Context<AppEnv>, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new ReviewError('not_found', 'error.not_found');
  return id;
}

/** Parses the submitted form with a zod schema; a bad field is a 400 naming that field. */
export async function form<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  const body = await c.req.parseBody({ all: true });
  const r = schema.safeParse(body);
  if (!r.success) {
    const field = String(r.error.issues[0]?.path[0] ?? '');
    throw new ReviewError('invalid', field ? `field.${field}` : 'error.invalid_form');
  }
  return r.data;
}

/**
 * Runs a state change and redirects (post/redirect/get). Refusals a user can fix (invalid input,
 * a conflicting state) come back as a flash message on the page they came from.
 */
export async function act(c: Context<AppEnv>, back: string, fn: () => Promise<unknown>, okKey = 'flash.saved'): Promise<Response> {
  try {
    await fn();
    await setFlash(c, { kind: 'ok', key: okKey });
  } catch (err) {
    if (!(err instanceof ReviewError) || err.code === 'not_found' || err.code === 'forbidden') throw err;
    const isField = err.messageKey.startsWith('field.');
    await setFlash(c, { kind: 'error', key: isField ? 'error.invalid_field' : err.messageKey, field: isField ? err.messageKey : undefined });
  }
  return c.redirect(back, 303);
}
