import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };
const FILES = ['app.css', 'copy.js', 'drafts.js'];

/** The app's own CSS and its one small script, read once: CSP allows only 'self' for both. */
export function staticRoutes(): Hono<AppEnv> {
  const files = new Map(FILES.map((f) => [f, readFileSync(new URL(`../static/${f}`, import.meta.url), 'utf8')]));
  const app = new Hono<AppEnv>();
  app.get('/:file', (c) => {
    const name = c.req.param('file');
    const body = files.get(name);
    if (body === undefined) return c.notFound();
    c.header('Content-Type', TYPES[name.split('.').pop()!]);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(body);
  });
  return app;
}
