import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ReviewError } from '../../src/review/errors.js';
import { addUnit, updateUnit } from '../../src/review/unit-service.js';
import type { Unit } from '../../src/storage/units.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { CsrfField, Select } from '../views/form.js';
import { metaOf, page, Table, type T } from './common.js';

const parent = z.string().regex(/^\d{0,15}$/).transform((p) => (p ? Number(p) : null));
const addForm = z.object({ code: z.string().max(100), name: z.string().max(200), parent });
const editForm = z.object({ name: z.string().max(200), parent });

/** Options for a unit <select>: "Name (code)", optionally with an empty first choice. */
export function unitOptions(units: Unit[], empty?: string): [string, string][] {
  return [...(empty === undefined ? [] : [['', empty] as [string, string]]), ...units.map((u): [string, string] => [u.code, `${u.name} (${u.code})`])];
}

/** /admin/units: the managed list of units (name, parent federation, code) chosen everywhere else. */
export function unitRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));

  const list = async (c: Context<AppEnv>, error?: { key: string; form?: Record<string, string> }) => {
    const units = await c.get('deps').store.units.list();
    const parents = (t: T, self?: number) => [['', t('adm.units.no_parent')] as [string, string], ...units.filter((u) => u.id !== self).map((u): [string, string] => [String(u.id), u.name])];
    return page(
      c,
      'adm.units.title',
      (ctx, t) => (
        <>
          <h1>{t('adm.units.title')}</h1>
          <p class="muted">{t('adm.units.intro')}</p>
          {error && <p class="flash error" role="alert">{t(error.key)}</p>}
          <Table
            head={[t('adm.units.name'), t('adm.units.code'), t('adm.units.parent'), t('adm.common.actions')]}
            empty={t('adm.units.empty')}
            rows={units.map((u) => [
              u.name,
              <code>{u.code}</code>,
              u.parentName ?? '—',
              <form method="post" action={`/admin/units/${u.id}`} class="inline" aria-label={`${t('adm.units.save')} ${u.name}`}>
                <CsrfField ctx={ctx} />
                <label for={`name-${u.id}`} class="visually-hidden">{t('adm.units.name')}</label>
                <input id={`name-${u.id}`} name="name" value={u.name} required maxlength={120} size={18} />
                <label for={`parent-${u.id}`} class="visually-hidden">{t('adm.units.parent')}</label>
                <Select name="parent" id={`parent-${u.id}`} value={u.parentId === null ? '' : String(u.parentId)} options={parents(t, u.id)} />
                <button type="submit" class="secondary">{t('adm.units.save')}</button>
              </form>,
            ])}
          />
          <h2>{t('adm.units.add')}</h2>
          <form method="post" action="/admin/units" class="stack narrow">
            <CsrfField ctx={ctx} />
            <label for="name">{t('adm.units.name')}</label>
            <input id="name" name="name" required maxlength={120} value={error?.form?.name ?? ''} />
            <label for="code">{t('adm.units.code')}</label>
            <input id="code" name="code" required pattern="[a-z0-9][a-z0-9._\-]{0,49}" aria-describedby="code-help" value={error?.form?.code ?? ''} />
            <p id="code-help" class="muted small">{t('adm.units.code_help')}</p>
            <label for="parent">{t('adm.units.parent')}</label>
            <Select name="parent" id="parent" value={error?.form?.parent ?? ''} options={parents(t)} />
            <button type="submit">{t('adm.units.add')}</button>
          </form>
        </>
      ),
      error ? 400 : 200,
    );
  };

  /** A refusal (taken name, bad code, loop) comes back on the list with what was typed. */
  const change = async (c: Context<AppEnv>, typed: Record<string, string>, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof ReviewError) || err.code === 'forbidden' || err.code === 'not_found') throw err;
      return list(c, { key: err.messageKey.startsWith('field.') ? 'adm.units.invalid' : err.messageKey, form: typed });
    }
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect('/admin/units', 303);
  };
  const body = async (c: Context<AppEnv>) => Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));

  app.get('/', (c) => list(c));
  app.post('/', async (c) => {
    const typed = await body(c);
    const f = addForm.safeParse(typed);
    if (!f.success) return list(c, { key: 'adm.units.invalid', form: typed });
    return change(c, typed, () => addUnit(c.get('deps').store, c.get('user')!, { code: f.data.code, name: f.data.name, parentId: f.data.parent }, metaOf(c)));
  });
  app.post('/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const typed = await body(c);
    const f = editForm.safeParse(typed);
    if (!f.success || !Number.isSafeInteger(id)) return list(c, { key: 'adm.units.invalid' });
    return change(c, {}, () => updateUnit(c.get('deps').store, c.get('user')!, { id, name: f.data.name, parentId: f.data.parent }, metaOf(c)));
  });
  return app;
}
