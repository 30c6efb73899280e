import type { Hono } from 'hono';
import type { SourceAdminTools } from '../../src/jobs/source-admin-tools.js';
import type { AppEnv, Deps } from '../context.js';
import type { IsoWeek } from '../../src/digest/iso-week.js';
import type { Store } from '../../src/storage/store.js';
import type { MessageKey } from '../i18n.js';
import enBase from '../locales/en.json' with { type: 'json' };
import viBase from '../locales/vi.json' with { type: 'json' };
import { NAV } from '../views/layout.js';
import { digestRoutes } from './digests-routes.js';
import en from './locales/en.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };
import { modelRoutes } from './model-routes.js';
import { requestRoutes } from './requests-routes.js';
import { apiTokenRoutes } from './api-tokens-routes.js';
import { ruleRoutes } from './rules-routes.js';
import { sourceRoutes } from './sources-routes.js';
import { unitRoutes } from './units-routes.js';
import { userRoutes } from './users-routes.js';

export interface AdminOptions {
  /** Crawler-side source tools, built in the composition root (the UI never imports crawlers/). */
  sources?: SourceAdminTools;
  /** Held-out evaluation set for /admin/model (config.heldoutPath). */
  heldoutPath: string;
  /** Real development set for /admin/model (config.realEvalPath); null or missing: "not available". */
  realEvalPath?: string | null;
  /** Where retrained model files go (e.g. <dataDir>/models). */
  modelsDir: string;
  /**
   * Makes, stores and writes one digest (no mail) for "Tạo bản tin" on /digests; built in the
   * composition root from src/jobs (the UI never imports jobs). Absent: the form says it is unavailable.
   */
  makeDigest?: MakeDigest;
  /** Called after a rule or model change so the running ingest reloads its classifier. */
  onClassifierChange?: () => void | Promise<void>;
}

/** One digest for a past week and a unit (null: all units) in a language; resolves to its stored id. */
export type MakeDigest = (store: Store, request: { week: IsoWeek; unit: string | null; lang: 'vi' | 'en'; now: Date }) => Promise<{ id: number }>;

let installed = false;
/** Admin strings join the UI catalogs once; navigation gains the admin entries. */
function install(): void {
  if (installed) return;
  installed = true;
  Object.assign(viBase, vi);
  Object.assign(enBase, en);
  NAV.push(
    { href: '/digests', key: 'nav.digests' as MessageKey },
    { href: '/admin/rules', key: 'nav.rules' as MessageKey, roles: ['admin'] },
    { href: '/admin/sources', key: 'nav.sources' as MessageKey, roles: ['admin'] },
    { href: '/admin/users', key: 'nav.users' as MessageKey, roles: ['admin'] },
    { href: '/admin/units', key: 'nav.units' as MessageKey, roles: ['admin'] },
    { href: '/admin/model', key: 'nav.model' as MessageKey, roles: ['admin'] },
    { href: '/admin/requests', key: 'nav.requests' as MessageKey, roles: ['admin'] },
    { href: '/admin/api-tokens', key: 'nav.api_tokens' as MessageKey, roles: ['admin'] },
  );
}

/**
 * Digests and admin tools, mounted into the review UI through createApp's `extend` hook so they
 * sit behind the same login, CSRF checks and security headers.
 */
export function adminExtension(options: AdminOptions): (app: Hono<AppEnv>, deps: Deps) => void {
  install();
  return (app) => {
    app.route('/digests', digestRoutes(options));
    app.route('/admin/rules', ruleRoutes(options));
    app.route('/admin/sources', sourceRoutes(options));
    app.route('/admin/users', userRoutes());
    app.route('/admin/units', unitRoutes());
    app.route('/admin/model', modelRoutes(options));
    app.route('/admin/requests', requestRoutes());
    app.route('/admin/api-tokens', apiTokenRoutes());
  };
}
