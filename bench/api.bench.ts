// Read-only JSON API (issue 15, §4) at scale: p50/p95 latency of /api/v1 pages, sequential over
// HTTP on 127.0.0.1, against the review bench's database of 1,000,000 items (bench/ui-data.ts;
// KC_BENCH_API_ITEMS to change, KC_BENCH_API_DB for another file; built once and reused). Each call
// includes its bearer-token lookup and its audit row, as in production. Prints JSON lines.
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { encodeCursor } from '../src/api/api-service.js';
import { createApiToken } from '../src/api/token-service.js';
import { createApp } from '../review-ui/app.js';
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/review/passwords.js';
import { ftsQuery } from '../src/storage/item-reads.js';
import { openStore } from '../src/storage/store.js';
import { ensureUiDatabase, SOURCES, UNITS } from './ui-data.js';

const COUNT = Number(process.env.KC_BENCH_API_ITEMS ?? 1_000_000);
const DB = resolve(process.env.KC_BENCH_API_DB ?? `data/bench/ui-v2-${COUNT}.db`);
const log = (s: string) => process.stderr.write(`${s}\n`);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}\n`);

await ensureUiDatabase(DB, COUNT, log);
const store = await openStore(DB);
let admin = await store.users.byUsername('bench-admin');
if (!admin) {
  await store.db.write(async () => store.users.create({ username: 'bench-admin', role: 'admin', unit: 'hq', passwordHash: await hashPassword('bench-password-long-enough', { N: 1024, r: 8, p: 1 }), now: new Date().toISOString() }));
  admin = (await store.users.byUsername('bench-admin'))!;
}
const actor = { id: admin.id, username: admin.username, role: 'admin' as const, unit: null };
const meta = { now: new Date(), ip: '127.0.0.1' };
const tokens = {
  all: (await createApiToken(store, actor, { name: 'bench all units', unit: null, expiresOn: null }, meta)).token,
  unit: (await createApiToken(store, actor, { name: 'bench one unit', unit: UNITS[3], expiresOn: null }, meta)).token,
};

log('query plans (items page):');
const plans: [string, Parameters<typeof store.apiReads.itemsPlan>[0]][] = [
  ['newest flagged', { units: null, flaggedOnly: true }],
  ['one unit', { units: [UNITS[3]], flaggedOnly: true }],
  ['three units', { units: UNITS.slice(0, 3), flaggedOnly: true }],
  ['label', { units: null, label: 'covid_false', flaggedOnly: true }],
  ['search', { units: null, match: ftsQuery('cong nhan') ?? undefined, flaggedOnly: true }],
  ['filters', { units: null, status: 'new', source: SOURCES[7].id, from: '2026-06-01', to: '2026-08-31T23:59:59.999Z', minScore: 0.6, flaggedOnly: true }],
];
for (const [name, f] of plans) log(`  ${name}: ${(await store.apiReads.itemsPlan(f)).join(' | ')}`);

// Rate limit out of the way: the bench measures the reads, not the 429 path.
const app = createApp({ store, config: loadConfig({ KC_DATA_DIR: join(DB, '..') }), apiRatePerMinute: 1_000_000 });
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function timed(path: string, token: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  return performance.now() - t;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// A cursor 10,000 flagged items deep (fewer in a small database): keyset pagination costs the same there as on page 1.
const deep = (await store.db.get<{ id: number }>('SELECT id FROM items WHERE flagged = 1 ORDER BY id DESC LIMIT 1 OFFSET ?', [Math.min(10_000, Math.floor(COUNT / 10))]))!.id;
const scenarios: [string, string, string][] = [
  ['items', '/api/v1/items', tokens.all],
  ['items_limit_200', '/api/v1/items?limit=200', tokens.all],
  ['items_unit_token', '/api/v1/items', tokens.unit],
  ['items_label', '/api/v1/items?label=covid_false', tokens.all],
  ['items_search', '/api/v1/items?q=ch%E1%BB%AFa+kh%E1%BB%8Fi+vac+xin', tokens.all],
  ['items_filters', `/api/v1/items?status=new&source=${SOURCES[7].id}&from=2026-06-01&to=2026-08-31&min_score=0.6`, tokens.all],
  ['items_deep_cursor', `/api/v1/items?cursor=${encodeCursor({ k: 'items', id: deep })}`, tokens.all],
  ['claims', '/api/v1/claims', tokens.all],
  ['grievance_counts', '/api/v1/grievances/counts', tokens.all],
  ['grievance_counts_unit_token', '/api/v1/grievances/counts', tokens.unit],
  ['digests', '/api/v1/digests', tokens.all],
];
for (const [name, path, token] of scenarios) {
  for (let i = 0; i < 10; i++) await timed(path, token);
  const xs: number[] = [];
  for (let i = 0; i < 100; i++) xs.push(await timed(path, token));
  emit(`api.${name}.p50`, pct(xs, 50), 'ms');
  emit(`api.${name}.p95`, pct(xs, 95), 'ms');
}
emit('api.items_in_db', COUNT, 'items');
await new Promise<void>((r) => {
  server.close(() => r());
  if ('closeAllConnections' in server) server.closeAllConnections();
});
// The bench's tokens are revoked so a reused database does not collect live ones.
for (const row of await store.apiTokens.list()) if (!row.revokedAt) await store.db.write(() => store.apiTokens.revoke(row.id, actor.id, new Date().toISOString()));
await store.close();
