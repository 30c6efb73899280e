import { Hono } from 'hono';
import { z } from 'zod';
import { createFirstAdmin, setupTokenValid } from '../../src/review/first-admin.js';
import { MIN_PASSWORD_LENGTH } from '../../src/review/passwords.js';
import { UserError, usernameSchema } from '../../src/review/user-service.js';
import type { AppEnv } from '../context.js';
import { SetupPage } from '../views/setup-page.js';
import { viewCtx } from '../views/view-context.js';
import { meta } from './helpers.js';
import { ensurePreloginToken } from './login.js';

const formSchema = z.object({
  username: z.string().trim().max(64),
  password: z.string().max(256),
  confirm: z.string().max(256),
});

/** /setup/:token — the one-time link `npm start` prints while no administrator exists. */
export function setupRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/:token', async (c) => {
    const valid = await setupTokenValid(c.get('deps').store, c.req.param('token'));
    if (valid) ensurePreloginToken(c);
    return c.html(<SetupPage ctx={viewCtx(c)} action={c.req.path} valid={valid} />, valid ? 200 : 410);
  });

  app.post('/:token', async (c) => {
    const { store, clock } = c.get('deps');
    const token = c.req.param('token');
    if (!(await setupTokenValid(store, token))) return c.html(<SetupPage ctx={viewCtx(c)} action={c.req.path} valid={false} />, 410);
    const t = c.get('t');
    const parsed = formSchema.safeParse(await c.req.parseBody());
    const form = parsed.success ? parsed.data : { username: '', password: '', confirm: '' };
    const again = (field: 'username' | 'password' | 'confirm', message: string) =>
      c.html(<SetupPage ctx={viewCtx(c)} action={c.req.path} valid error={{ field, message }} username={form.username} />, 400);
    if (!usernameSchema.safeParse(form.username).success) return again('username', t('setup.bad_username'));
    if ([...form.password].length < MIN_PASSWORD_LENGTH) return again('password', t('setup.bad_password', { min: MIN_PASSWORD_LENGTH }));
    if (form.password !== form.confirm) return again('confirm', t('setup.mismatch'));
    try {
      await createFirstAdmin(store, token, { username: form.username, password: form.password }, meta(c));
    } catch (err) {
      if (err instanceof UserError) return c.html(<SetupPage ctx={viewCtx(c)} action={c.req.path} valid={false} />, 410);
      throw err;
    }
    return c.redirect('/login?setup=done', 303);
  });
  return app;
}
