// Review UI under load: queue and item page latency (p50/p95, sequential) and throughput under
// autocannon running in a second process, against a database of 1,000,000 items
// (KC_BENCH_UI_ITEMS to change; built once under data/bench/ and reused). Prints JSON lines.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../review-ui/app.js';
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/review/passwords.js';
import { ftsQuery } from '../src/storage/item-reads.js';
import type { QueueFilter, QueueSort } from '../src/storage/queue.js';
import { openStore } from '../src/storage/store.js';
import { ensureUiDatabase, UNITS } from './ui-data.js';

const COUNT = Number(process.env.KC_BENCH_UI_ITEMS ?? 1_000_000);
const DB = resolve(process.env.KC_BENCH_UI_DB ?? `data/bench/ui-v2-${COUNT}.db`);
const SECONDS = Number(process.env.KC_BENCH_UI_SECONDS ?? 10);
const log = (s: string) => process.stderr.write(`${s}\n`);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}\n`);
const PASSWORD = 'bench-password-long-enough';
const CHEAP = { N: 1024, r: 8, p: 1 };

await ensureUiDatabase(DB, COUNT, log);
const store = await openStore(DB);
for (const [username, role, unit] of [['bench-admin', 'admin', 'hq'], ['bench-reviewer', 'reviewer', UNITS[3]]] as const) {
  if (!(await store.users.byUsername(username)))
    await store.db.write(async () => store.users.create({ username, role, unit, passwordHash: await hashPassword(PASSWORD, CHEAP), now: new Date().toISOString() }));
}

log('query plans:');
const plans: [string, QueueFilter, QueueSort][] = [
  ['newest', {}, 'new'],
  ['unit', { unit: UNITS[3] }, 'new'],
  ['label by score', { label: 'covid_false' }, 'score'],
  ['unit by score', { unit: UNITS[3] }, 'score'],
  ['status', { status: 'decided' }, 'new'],
  ['search', { match: ftsQuery('cong nhan') ?? undefined }, 'new'],
];
for (const [name, f, sort] of plans) log(`  ${name}: ${(await store.queue.plan(f, sort)).join(' | ')}`);

const app = createApp({ store, config: loadConfig({ KC_DATA_DIR: join(DB, '..') }), scrypt: CHEAP });
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function login(username: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const pre = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: pre, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, username, password: PASSWORD }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('kc_session='));
  if (!session) throw new Error(`bench login failed for ${username}: ${res.status}`);
  return session.split(';')[0];
}
const cookies = { admin: await login('bench-admin'), reviewer: await login('bench-reviewer') };

async function timed(url: string, cookie: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { cookie, 'accept-language': 'vi' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// A cursor deep in the list: keyset pagination must cost the same on page 200 as on page 1.
const deep = (await store.db.get<{ id: number }>('SELECT id FROM items WHERE flagged = 1 ORDER BY id DESC LIMIT 1 OFFSET 10000'))!.id;
const randomItem = () => 1 + Math.floor(Math.random() * COUNT);
const scenarios: [string, () => string, string][] = [
  ['queue', () => '/queue', cookies.admin],
  ['queue_reviewer_unit', () => '/queue', cookies.reviewer],
  ['queue_label_by_score', () => '/queue?label=covid_false&sort=score', cookies.admin],
  ['queue_filters', () => `/queue?status=new&source=src-7&from=2026-06-01&to=2026-08-31&min=0.6`, cookies.admin],
  ['queue_search', () => '/queue?q=ch%E1%BB%AFa+kh%E1%BB%8Fi+vac+xin', cookies.admin],
  ['queue_deep_page', () => `/queue?after=${deep}`, cookies.admin],
  ['item', () => `/items/${randomItem()}`, cookies.admin],
];
for (const [name, url, cookie] of scenarios) {
  for (let i = 0; i < 10; i++) await timed(url(), cookie);
  const xs: number[] = [];
  for (let i = 0; i < 100; i++) xs.push(await timed(url(), cookie));
  emit(`ui.${name}.p50`, pct(xs, 50), 'ms');
  emit(`ui.${name}.p95`, pct(xs, 95), 'ms');
}

/** autocannon in its own process, so the load generator does not share this event loop. */
function autocannon(url: string, cookie: string): Promise<{ requests: { average: number }; latency: { p50: number; p97_5: number; p99: number }; non2xx: number; errors: number }> {
  const bin = resolve('node_modules/.bin/autocannon');
  const child = spawn(bin, ['-j', '-c', '8', '-d', String(SECONDS), '-H', `cookie=${cookie}`, '-H', 'accept-language=vi', url], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((res, rej) => child.on('close', (code) => (code === 0 ? res(JSON.parse(out)) : rej(new Error(`autocannon exited ${code}`)))));
}
const itemId = Math.floor(COUNT / 2);
for (const [name, path] of [['queue', '/queue'], ['item', `/items/${itemId}`]] as const) {
  const r = await autocannon(`${base}${path}`, cookies.admin);
  emit(`ui.${name}.load.requests_per_s`, r.requests.average, 'req/s');
  emit(`ui.${name}.load.latency_p50`, r.latency.p50, 'ms');
  emit(`ui.${name}.load.latency_p97_5`, r.latency.p97_5, 'ms');
  if (r.non2xx || r.errors) log(`  ${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
}
emit('ui.items_in_db', COUNT, 'items');
// Let in-flight requests finish before the database closes under them.
await new Promise<void>((r) => {
  server.close(() => r());
  if ('closeAllConnections' in server) server.closeAllConnections();
});
await store.close();
