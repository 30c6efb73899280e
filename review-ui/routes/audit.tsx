import { Hono } from 'hono';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { AuditPage } from '../views/audit-page.js';
import { viewCtx } from '../views/view-context.js';

const PAGE = 100;

/** The append-only audit log, admins only; `?verify=1` re-checks the whole hash chain. */
export function auditRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', async (c) => {
    const { store } = c.get('deps');
    const action = /^[a-z_]{1,40}$/.test(c.req.query('action') ?? '') ? c.req.query('action') : undefined;
    const before = /^\d{1,15}$/.test(c.req.query('before') ?? '') ? Number(c.req.query('before')) : undefined;
    const [rows, actions, chain] = await Promise.all([
      store.audit.page({ beforeId: before, action, limit: PAGE + 1 }),
      store.audit.actions(),
      c.req.query('verify') === '1' ? store.audit.verify() : Promise.resolve(null),
    ]);
    return c.html(<AuditPage ctx={viewCtx(c)} rows={rows.slice(0, PAGE)} actions={actions} action={action} next={rows.length > PAGE ? rows[PAGE - 1].id : null} chain={chain} />);
  });
  return app;
}
