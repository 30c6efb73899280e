import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { localDate } from '../../src/privacy/request-deadlines.js';
import {
  acknowledgeRequest, closeRequest, createRequest, eraseForRequest, exportForRequest, findForRequest, previewForRequest, SubjectRequestError,
  type NewRequestInput, type RequestActor, type RequestMeta,
} from '../../src/review/subject-service.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { by, metaOf, page } from './common.js';
import { DeleteConfirm, RequestList, RequestPage, type Found, type NewRequestValues } from './requests-views.js';

const closeForm = z.object({ status: z.enum(['completed', 'rejected']), reason: z.string().trim().min(1).max(2000) });
const deleteForm = z.object({ confirm: z.literal('yes') });
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * /admin/requests (admins only): data-subject requests under Law 91/2025 and Decree 356/2025.
 * List with deadlines, new request, and per request: acknowledge, find, export (JSON download),
 * delete (after confirmation) and close. Every action is audited by the subject service with the
 * request id and counts only; the handle or URL never goes into the audit log.
 */
export function requestRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const tz = (c: Context<AppEnv>) => c.get('deps').config.digest.timeZone;
  const secret = (c: Context<AppEnv>) => c.get('deps').secret;
  const actor = (c: Context<AppEnv>): RequestActor => by(c);
  const meta = (c: Context<AppEnv>): RequestMeta => metaOf(c);

  const list = async (c: Context<AppEnv>, error?: string, values?: NewRequestValues) => {
    const rows = await c.get('deps').store.subjectRequests.list();
    const now = c.get('deps').clock();
    return page(c, 'adm.requests.title', (ctx, t) => <RequestList t={t} ctx={ctx} rows={rows} tz={tz(c)} now={now} today={localDate(now, tz(c))} error={error} values={values} />, error ? 400 : 200);
  };
  const target = async (c: Context<AppEnv>) => {
    const id = Number(c.req.param('id'));
    const r = Number.isSafeInteger(id) && id > 0 ? await c.get('deps').store.subjectRequests.get(id) : undefined;
    if (!r) throw new HTTPException(404);
    return r;
  };
  const show = async (c: Context<AppEnv>, found?: Found, error?: string) => {
    const r = await target(c);
    return page(c, 'adm.requests.title', (ctx, t) => <RequestPage t={t} ctx={ctx} r={r} tz={tz(c)} now={c.get('deps').clock()} found={found} error={error} />, error ? 409 : 200);
  };
  /** A refused action (closed request, bad reason) is shown on the request page, never as a crash. */
  const guarded = async (c: Context<AppEnv>, fn: () => Promise<Response>) => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof SubjectRequestError) {
        if (err.code === 'not_found') throw new HTTPException(404);
        return show(c, undefined, err.message);
      }
      throw err;
    }
  };
  const done = async (c: Context<AppEnv>, id: number) => {
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect(`/admin/requests/${id}`, 303);
  };
  /** `record`: a search the admin asked for (audited, counted); false on GET pages, which change nothing. */
  const foundOf = async (c: Context<AppEnv>, id: number, record = true): Promise<Found> => {
    const { store } = c.get('deps');
    const m = record ? await findForRequest(store, id, secret(c), actor(c), meta(c)) : await previewForRequest(store, id, secret(c));
    return { items: await store.subjectData.items([...m.itemIds, ...m.unconfirmedIds]), unconfirmed: m.unconfirmedIds, sightings: m.sightingIds.length };
  };

  app.get('/', (c) => list(c));
  app.post('/', async (c) => {
    const body = await c.req.parseBody();
    const values: NewRequestValues = { kind: text(body.kind), type: text(body.type), value: text(body.value), receivedOn: text(body.receivedOn), requester: text(body.requester), note: text(body.note) };
    // Validated by the service's zod schema (shared with the CLI); a refusal is shown with the form refilled.
    try {
      const id = await createRequest(c.get('deps').store, values as NewRequestInput, { secret: secret(c), timeZone: tz(c), holidays: c.get('deps').config.holidays, actor: actor(c), meta: meta(c) });
      return done(c, id);
    } catch (err) {
      if (err instanceof SubjectRequestError) return list(c, err.message, values);
      throw err;
    }
  });

  app.get('/:id', (c) => show(c));
  app.post('/:id/acknowledge', async (c) => {
    const r = await target(c);
    return guarded(c, async () => {
      await acknowledgeRequest(c.get('deps').store, r.id, actor(c), meta(c));
      return done(c, r.id);
    });
  });
  // Find renders its result directly: it changes nothing but the request's count (and the audit log).
  app.post('/:id/find', async (c) => {
    const r = await target(c);
    return guarded(c, async () => show(c, await foundOf(c, r.id)));
  });
  app.post('/:id/export', async (c) => {
    const r = await target(c);
    return guarded(c, async () => {
      const out = await exportForRequest(c.get('deps').store, r.id, secret(c), actor(c), meta(c));
      c.header('Content-Disposition', `attachment; filename="kiem-chung-yeu-cau-${r.id}.json"`);
      c.header('Cache-Control', 'no-store');
      return c.body(`${JSON.stringify(out, null, 2)}\n`, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    });
  });
  app.get('/:id/delete', async (c) => {
    const r = await target(c);
    return guarded(c, async () => {
      const found = await foundOf(c, r.id, false);
      return page(c, 'adm.requests.title', (ctx, t) => <DeleteConfirm t={t} ctx={ctx} r={r} tz={tz(c)} found={found} />);
    });
  });
  app.post('/:id/delete', async (c) => {
    const r = await target(c);
    if (!deleteForm.safeParse(await c.req.parseBody()).success) throw new HTTPException(400);
    return guarded(c, async () => {
      // deps.evidenceDir is the folder evidence paths are relative to (the data dir), as the evidence routes use it.
      const { store, evidenceDir } = c.get('deps');
      await eraseForRequest(store, r.id, { secret: secret(c), dataDir: evidenceDir, actor: actor(c), meta: meta(c) });
      return done(c, r.id);
    });
  });
  app.post('/:id/close', async (c) => {
    const r = await target(c);
    const form = closeForm.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    return guarded(c, async () => {
      await closeRequest(c.get('deps').store, r.id, form.data.status, form.data.reason, actor(c), meta(c));
      return done(c, r.id);
    });
  });
  return app;
}
