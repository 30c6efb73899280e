import { createHash } from 'node:crypto';
import { localeFormat } from '../../src/text/locale-format.js';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { createApiToken, revokeApiToken, tokenState } from '../../src/api/token-service.js';
import { ReviewError } from '../../src/review/errors.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { CsrfField, Select } from '../views/form.js';
import { metaOf, page } from './common.js';
import { unitOptions } from './units-routes.js';

const createForm = z.object({
  name: z.string().max(200),
  unit: z.string().max(100).transform((u) => u.trim() || null),
  expires: z.string().max(20).transform((d) => d.trim() || null),
});
type Typed = { name: string; unit: string; expires: string };
interface FormError {
  key: string;
  field: 'name' | 'unit' | 'expires';
}

/** A stored instant as the reader's local date and time (KC_TZ). */
const localTime = (iso: string, lang: string, timeZone: string) => localeFormat(lang, timeZone).dateTime(iso);

/** How long a just-created token waits, in this process only, for its one showing. */
const SHOW_ONCE_MS = 10 * 60_000;

/**
 * /admin/api-tokens: tokens for the read-only JSON API (issue 15, §4). A new token is shown once:
 * the POST keeps it in memory for the creating session only, the redirect's page takes it out and
 * shows it, and a reload finds nothing (post/redirect/get without the token ever stored).
 */
export function apiTokenRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const pending = new Map<string, { token: string; at: number }>();
  const sessionKey = (c: Context<AppEnv>, id: number) => `${createHash('sha256').update(c.get('sessionCookie') ?? '').digest('hex')}:${id}`;

  const list = async (c: Context<AppEnv>, error?: FormError, typed: Typed = { name: '', unit: '', expires: '' }) => {
    const { store, clock, config } = c.get('deps');
    const when = (iso: string) => localTime(iso, c.get('lang'), config.digest.timeZone);
    const [tokens, units] = await Promise.all([store.apiTokens.list(), store.units.list()]);
    const unitName = new Map(units.map((u) => [u.code, u.name]));
    const now = clock();
    const invalid = (f: FormError['field']) => (error?.field === f ? 'true' : undefined);
    const described = (f: FormError['field'], help?: string) => [error?.field === f ? `${f}-error` : '', help ?? ''].filter(Boolean).join(' ') || undefined;
    return page(
      c,
      'adm.api.title',
      (ctx, t) => {
        const FieldError = (p: { f: FormError['field'] }) => (error?.field === p.f ? <p class="field-error" id={`${p.f}-error`}>{t(error.key)}</p> : null);
        return (
          <>
            <h1>{t('adm.api.title')}</h1>
            <p class="muted">{t('adm.api.intro')}</p>
            <p>
              <a href="/api/v1/openapi.json">{t('adm.api.openapi')}</a>
            </p>
            <h2>{t('adm.api.list')}</h2>
            {tokens.length === 0 ? (
              <p class="muted">{t('adm.api.empty')}</p>
            ) : (
              // Cards rather than an eight-column table: each token reads on a phone without sideways scrolling.
              <ul class="cards">
                {tokens.map((tok) => {
                  const state = tokenState(tok, now);
                  return (
                    <li class="card" id={`token-${tok.id}`}>
                      <h3>{tok.name}</h3>
                      <dl class="facts">
                        <dt>{t('adm.api.state')}</dt>
                        <dd>{t(`adm.api.state_${state}`)}</dd>
                        <dt>{t('adm.api.scope')}</dt>
                        <dd>{tok.unit ? `${unitName.get(tok.unit) ?? tok.unit} ${t('adm.api.and_below')}` : t('adm.api.all_units')}</dd>
                        <dt>{t('adm.api.prefix')}</dt>
                        <dd>
                          <code>{tok.prefix}…</code>
                        </dd>
                        <dt>{t('adm.api.created_at')}</dt>
                        <dd>{`${when(tok.createdAt)} · ${tok.createdByName ?? '—'}`}</dd>
                        <dt>{t('adm.api.expires')}</dt>
                        <dd>{tok.expiresAt ? when(tok.expiresAt) : t('adm.api.never')}</dd>
                        <dt>{t('adm.api.last_used')}</dt>
                        <dd>{tok.lastUsedAt ? when(tok.lastUsedAt) : t('adm.api.unused')}</dd>
                      </dl>
                      {state !== 'revoked' && (
                        <form method="post" action={`/admin/api-tokens/${tok.id}/revoke`}>
                          <CsrfField ctx={ctx} />
                          <button type="submit" class="secondary" aria-label={`${t('adm.api.revoke')}: ${tok.name}`}>
                            {t('adm.api.revoke')}
                          </button>
                        </form>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            <h2>{t('adm.api.create')}</h2>
            {error && (
              <p class="flash error" role="alert">
                {t('adm.api.not_created')}
              </p>
            )}
            <form method="post" action="/admin/api-tokens" class="stack narrow">
              <CsrfField ctx={ctx} />
              <label for="name">{t('adm.api.name')}</label>
              <FieldError f="name" />
              <input id="name" name="name" required minlength={2} maxlength={80} value={typed.name} aria-invalid={invalid('name')} aria-describedby={described('name', 'name-help')} autofocus={error?.field === 'name'} />
              <p id="name-help" class="muted small">{t('adm.api.name_help')}</p>
              <label for="unit">{t('adm.api.scope')}</label>
              <FieldError f="unit" />
              <Select name="unit" id="unit" value={typed.unit} options={unitOptions(units, t('adm.api.all_units'))} invalid={invalid('unit')} describedBy={described('unit', 'unit-help')} />
              <p id="unit-help" class="muted small">{t('adm.api.scope_help')}</p>
              <label for="expires">{t('adm.api.expires_label')}</label>
              <FieldError f="expires" />
              <input id="expires" name="expires" type="date" value={typed.expires} aria-invalid={invalid('expires')} aria-describedby={described('expires', 'expires-help')} autofocus={error?.field === 'expires'} />
              <p id="expires-help" class="muted small">{t('adm.api.expires_help')}</p>
              <button type="submit">{t('adm.api.create')}</button>
            </form>
          </>
        );
      },
      error ? 400 : 200,
    );
  };

  app.get('/', (c) => list(c));

  app.post('/', async (c) => {
    const raw = await c.req.parseBody();
    const typed: Typed = { name: String(raw.name ?? ''), unit: String(raw.unit ?? ''), expires: String(raw.expires ?? '') };
    const f = createForm.safeParse(typed);
    if (!f.success) return list(c, { key: 'field.api_token_name', field: 'name' }, typed);
    if (f.data.expires !== null && !/^\d{4}-\d{2}-\d{2}$/.test(f.data.expires)) return list(c, { key: 'field.api_token_expiry', field: 'expires' }, typed);
    try {
      const { id, token } = await createApiToken(c.get('deps').store, c.get('user')!, { name: f.data.name, unit: f.data.unit, expiresOn: f.data.expires, timeZone: c.get('deps').config.digest.timeZone }, metaOf(c));
      const now = Date.now();
      for (const [k, v] of pending) if (now - v.at > SHOW_ONCE_MS) pending.delete(k);
      pending.set(sessionKey(c, id), { token, at: now });
      return c.redirect(`/admin/api-tokens/${id}/created`, 303);
    } catch (err) {
      if (!(err instanceof ReviewError) || err.code !== 'invalid') throw err;
      const field = err.messageKey === 'field.unit' ? 'unit' : err.messageKey === 'field.api_token_expiry' ? 'expires' : 'name';
      return list(c, { key: err.messageKey === 'field.unit' ? 'adm.api.unit_unknown' : err.messageKey, field }, typed);
    }
  });

  app.get('/:id/created', async (c) => {
    const id = Number(c.req.param('id'));
    const tok = Number.isSafeInteger(id) ? await c.get('deps').store.apiTokens.byId(id) : undefined;
    if (!tok) throw new HTTPException(404);
    const key = sessionKey(c, id);
    const shown = pending.get(key);
    pending.delete(key);
    const fresh = shown && Date.now() - shown.at <= SHOW_ONCE_MS ? shown.token : null;
    return page(c, 'adm.api.created_title', (_ctx, t) => (
      <>
        <h1>{t('adm.api.created_title')}</h1>
        {fresh ? (
          <>
            <p class="flash ok" role="status">
              {t('adm.api.created', { name: tok.name })}
            </p>
            <label for="new-token">{t('adm.api.token')}</label>
            <textarea id="new-token" readonly rows={2} class="mono" aria-describedby="new-token-help">
              {fresh}
            </textarea>
            <p id="new-token-help" class="muted">{t('adm.api.shown_once')}</p>
            <button type="button" data-copy="new-token" hidden>
              {t('adm.api.copy')}
            </button>
            <p>
              {t('adm.api.usage')} <code>Authorization: Bearer {fresh.slice(0, 12)}…</code>
            </p>
          </>
        ) : (
          <p class="flash error" role="alert">
            {t('adm.api.gone')}
          </p>
        )}
        <p>
          <a href="/admin/api-tokens">{t('adm.api.back')}</a>
        </p>
      </>
    ));
  });

  app.post('/:id/revoke', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw new HTTPException(404);
    try {
      await revokeApiToken(c.get('deps').store, c.get('user')!, id, metaOf(c));
    } catch (err) {
      if (err instanceof ReviewError && err.code === 'conflict') {
        await setFlash(c, { kind: 'error', key: 'error.api_token_revoked' });
        return c.redirect('/admin/api-tokens', 303);
      }
      throw err;
    }
    await setFlash(c, { kind: 'ok', key: 'adm.api.revoked' });
    return c.redirect('/admin/api-tokens', 303);
  });
  return app;
}
