import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { addUser, ROLES, setUserDisabled, updateUser, UserError } from '../../src/review/user-service.js';
import type { Role } from '../../src/types.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { CsrfField, Select } from '../views/form.js';
import { viewCtx } from '../views/view-context.js';
import { metaOf, page, Table, tr } from './common.js';
import { unitOptions } from './units-routes.js';

const role = z.enum(ROLES as [Role, ...Role[]]);
const unit = z.string().trim().max(100).transform((u) => u || null);
const addForm = z.object({ username: z.string(), role, unit, password: z.string() });
const changeForm = z.object({ role, unit });
const resetForm = z.object({ password: z.string() });

/** /admin/users: add, change role and unit, disable (ends sessions), reset password; via E's user service. */
export function userRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));

  const list = async (c: Context<AppEnv>, error?: string) => {
    const users = await c.get('deps').store.users.list();
    const units = await c.get('deps').store.units.list();
    const unitName = new Map(units.map((u) => [u.code, u.name]));
    const roles: [string, string][] = ROLES.map((r) => [r, tr(viewCtx(c))(`role.${r}`)]);
    return page(
      c,
      'adm.users.title',
      (ctx, t) => (
        <>
          <h1>{t('adm.users.title')}</h1>
          {error && <p class="flash error" role="alert">{error}</p>}
          <Table
            head={[t('adm.users.username'), t('adm.users.role'), t('adm.users.unit'), t('adm.users.status'), t('adm.common.actions')]}
            empty="—"
            rows={users.map((u) => [
              u.username,
              tr(viewCtx(c))(`role.${u.role}`),
              u.unit ? (unitName.get(u.unit) ?? u.unit) : '—',
              u.disabled ? t('adm.users.disabled') : t('adm.users.active'),
              <div class="stack">
                <form method="post" action={`/admin/users/${u.id}/change`} class="inline" aria-label={`${t('adm.users.change')} ${u.username}`}>
                  <CsrfField ctx={ctx} />
                  <label for={`role-${u.id}`} class="visually-hidden">{t('adm.users.role')}</label>
                  <Select name="role" id={`role-${u.id}`} value={u.role} options={roles} />
                  <label for={`unit-${u.id}`} class="visually-hidden">{t('adm.users.unit')}</label>
                  <Select name="unit" id={`unit-${u.id}`} value={u.unit ?? ''} options={unitOptions(units, t('adm.users.no_unit'))} />
                  <button type="submit" class="secondary">{t('adm.users.change')}</button>
                </form>
                <form method="post" action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`} class="inline">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="secondary">{u.disabled ? t('adm.users.enable') : t('adm.users.disable')}</button>
                </form>
                <form method="post" action={`/admin/users/${u.id}/password`} class="inline" aria-label={`${t('adm.users.reset')} ${u.username}`}>
                  <CsrfField ctx={ctx} />
                  <input type="password" name="password" autocomplete="new-password" aria-label={t('adm.users.password')} minlength={10} required />
                  <button type="submit" class="secondary">{t('adm.users.reset')}</button>
                </form>
              </div>,
            ])}
          />
          <h2>{t('adm.users.add')}</h2>
          <form method="post" action="/admin/users" class="stack narrow">
            <CsrfField ctx={ctx} />
            <label for="username">{t('adm.users.username')}</label>
            <input id="username" name="username" required pattern="[a-zA-Z0-9._\-]{2,64}" />
            <label for="role">{t('adm.users.role')}</label>
            <Select name="role" id="role" value="reviewer" options={roles} />
            <label for="unit">{t('adm.users.unit')}</label>
            <Select name="unit" id="unit" value="" options={unitOptions(units, t('adm.users.no_unit'))} />
            <label for="password">{t('adm.users.password')}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" minlength={10} required />
            <button type="submit">{t('adm.users.add')}</button>
          </form>
        </>
      ),
      error ? 400 : 200,
    );
  };

  const target = async (c: Context<AppEnv>) => {
    const id = Number(c.req.param('id'));
    const u = Number.isSafeInteger(id) ? await c.get('deps').store.users.byId(id) : undefined;
    if (!u) throw new HTTPException(404);
    return u;
  };
  /** Runs a user change; a UserError (bad name, weak password, ...) is shown on the list. */
  const change = async (c: Context<AppEnv>, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      // Said in the reader's language (the service's English message is for the command line).
      if (err instanceof UserError) return list(c, tr(viewCtx(c))(`error.user.${err.key}`, err.params));
      if (err instanceof z.ZodError) return list(c, tr(viewCtx(c))('error.user.invalid'));
      throw err;
    }
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect('/admin/users', 303);
  };
  const body = async <S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> => {
    const r = schema.safeParse(await c.req.parseBody());
    if (!r.success) throw new HTTPException(400);
    return r.data;
  };

  /** A unit is chosen from the managed list; a value not in it (a stale form, a crafted POST) is refused. */
  const knownUnit = async (c: Context<AppEnv>, unit: string | null) => unit === null || Boolean(await c.get('deps').store.units.byCode(unit));

  app.get('/', (c) => list(c));
  app.post('/', async (c) => {
    const f = await body(c, addForm);
    if (!(await knownUnit(c, f.unit))) return list(c, tr(viewCtx(c))('error.unit_unknown'));
    return change(c, () => addUser(c.get('deps').store, c.get('user')!, f, metaOf(c)));
  });
  app.post('/:id/change', async (c) => {
    const u = await target(c);
    const f = await body(c, changeForm);
    if (!(await knownUnit(c, f.unit))) return list(c, tr(viewCtx(c))('error.unit_unknown'));
    return change(c, () => updateUser(c.get('deps').store, c.get('user')!, u.username, { role: f.role, unit: f.unit }, metaOf(c)));
  });
  app.post('/:id/disable', async (c) => {
    const u = await target(c);
    if (u.id === c.get('user')!.id) return list(c, tr(viewCtx(c))('adm.users.self'));
    return change(c, () => setUserDisabled(c.get('deps').store, c.get('user')!, u.username, true, metaOf(c)));
  });
  app.post('/:id/enable', async (c) => {
    const u = await target(c);
    return change(c, () => setUserDisabled(c.get('deps').store, c.get('user')!, u.username, false, metaOf(c)));
  });
  app.post('/:id/password', async (c) => {
    const u = await target(c);
    const f = await body(c, resetForm);
    return change(c, () => updateUser(c.get('deps').store, c.get('user')!, u.username, { password: f.password }, metaOf(c)));
  });
  return app;
}
