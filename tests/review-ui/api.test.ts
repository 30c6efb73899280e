import { Ajv2020 } from 'ajv/dist/2020.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsQuery, digestsQuery, grievancesQuery, itemsQuery } from '../../src/api/api-service.js';
import { createApiToken, hashToken, revokeApiToken } from '../../src/api/token-service.js';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/review/access.js';
import type { RawItem } from '../../src/types.js';
import openapi from '../../review-ui/api/openapi.json' with { type: 'json' };
import { createApp } from '../../review-ui/app.js';
import { ingest } from '../../src/jobs/ingest.js';
import { installationSecret } from '../../src/privacy/installation-secret.js';
import { harness, ORIGIN, type Harness } from './harness.js';
import { keywordClassifier } from './keyword-classifier.js';

// Handles planted where a careless API would leak them: in the post URL and the text.
const ITEMS: RawItem[] = [
  { title: 'Tỏi chữa khỏi COVID', text: 'Theo @NguoiDung_Mot uống nước tỏi chữa khỏi COVID trong 3 ngày.', source: 'forum-a', unit: 'hanoi', url: 'https://social.example/nguoidung_mot/posts/1', author: 'NguoiDung_Mot', publishedAt: '2026-11-01T02:00:00Z' },
  { title: 'Chữa khỏi bằng tỏi', text: 'Mẹo: ăn tỏi sống chữa khỏi cúm, nhớ chia sẻ.', source: 'forum-a', unit: 'hanoi-kcn', url: 'https://forum.example/p/2', author: 'hai.nguoi' },
  { title: 'Công đoàn độc lập', text: 'Kêu gọi lập công đoàn độc lập ngoài hệ thống.', source: 'forum-b', unit: 'hcm', url: 'https://forum.example/p/3', author: 'ba_nguoi_hcm' },
  { title: 'Công ty nợ lương', text: 'Công nhân phản ánh công ty nợ lương ba tháng.', source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/p/4', author: 'bon_nguoi' },
  { title: 'Nhà máy nợ lương', text: 'Phản ánh nhà máy ở Thủ Đức nợ lương hai tháng.', source: 'forum-b', unit: 'hcm', url: 'https://forum.example/p/5', author: 'nam_nguoi' },
  { title: 'Trời nắng', text: 'Hà Nội hôm nay trời nắng nhẹ.', source: 'forum-a', unit: 'hanoi' },
  // A grievance nobody has followed up yet: counted as open in its own unit.
  { title: 'Xưởng may nợ lương', text: 'Công nhân xưởng may phản ánh bị nợ lương tháng 10.', source: 'forum-a', unit: 'hanoi-kcn', url: 'https://forum.example/p/7', author: 'sau_nguoi' },
];
const HANDLES = ['nguoidung_mot', 'hai.nguoi', 'ba_nguoi_hcm', 'bon_nguoi', 'nam_nguoi', 'sau_nguoi'];

let h: Harness;
let admin: Actor;
const tokens: Record<string, string> = {};
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(openapi, 'openapi');
let bodies: string[] = [];

async function call(path: string, token: string | null, app = h.app): Promise<{ status: number; body: any; res: Response }> {
  const res = await app.request(path, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null, res };
}

/** Validates a real response against the schema the OpenAPI file gives for that path and status. */
function conforms(template: string, status: number, body: unknown): void {
  const pointer = `openapi#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer);
  expect(validate, pointer).toBeTruthy();
  const ok = validate!(body);
  expect(ok ? [] : validate!.errors, `${template} ${status}`).toEqual([]);
}

beforeAll(async () => {
  h = await harness({ items: ITEMS, app: { apiRatePerMinute: 1000 } });
  const { store } = h;
  const now = new Date('2026-11-20T03:00:00Z');
  admin = { id: h.users.admin, username: 'admin', role: 'admin', unit: 'hq' };
  // A federation over Hà Nội and its industrial-zone union; HCM apart.
  await store.db.write(async () => {
    await store.units.create({ code: 'ldld-hn', name: 'LĐLĐ Hà Nội', nameKey: 'ldld ha noi', parentId: null, now: now.toISOString() });
  });
  const fed = (await store.units.byCode('ldld-hn'))!;
  for (const code of ['hanoi', 'hanoi-kcn']) {
    const u = (await store.units.byCode(code))!;
    await store.db.write(() => store.units.update(u.id, { name: u.name, nameKey: `imported:${u.code}`, parentId: fed.id, now: now.toISOString() }));
  }
  const [garlic, , indep, wagesHn, wagesHcm] = h.ids;
  await store.db.write(async () => {
    const c1 = await store.claims.create({ statement: 'Nước tỏi chữa khỏi COVID', label: 'covid_false', unit: 'hanoi', userId: admin.id, now: now.toISOString() });
    await store.claims.setMember({ claimId: c1, itemId: garlic, state: 'confirmed', userId: admin.id, now: now.toISOString() });
    await store.claims.decide(c1, { verdict: 'false', reason: 'Bộ Y tế khẳng định tỏi không chữa khỏi COVID', userId: admin.id, now: now.toISOString() });
    const draft = await store.responses.create({ claimId: c1, template: null, body: 'BẢN NHÁP chưa duyệt', sources: [], userId: admin.id, now: now.toISOString() });
    const approved = await store.responses.create({ claimId: c1, template: null, body: 'Tỏi không chữa khỏi COVID-19.', sources: [{ url: 'https://moh.gov.vn/tin', title: 'Bộ Y tế' }], userId: admin.id, now: now.toISOString() });
    await store.responses.approve(approved, admin.id, now.toISOString());
    expect(draft).toBeLessThan(approved);
    const c2 = await store.claims.create({ statement: 'Kêu gọi công đoàn độc lập', label: 'union_org', unit: 'hcm', userId: admin.id, now: now.toISOString() });
    await store.claims.setMember({ claimId: c2, itemId: indep, state: 'confirmed', userId: admin.id, now: now.toISOString() });
    await store.grievances.upsert({ itemId: wagesHn, status: 'forwarded', unit: 'hanoi', note: null, dueDate: '2026-11-10', userId: admin.id, now: now.toISOString() });
    await store.grievances.upsert({ itemId: wagesHcm, status: 'open', unit: 'hcm', note: null, dueDate: '2026-12-30', userId: admin.id, now: now.toISOString() });
    const data = (week: string) => ({ week, firstDay: '2026-11-09', lastDay: '2026-11-15', headline: { collected: { current: 6, previous: 0 } } });
    for (const unit of [null, 'hanoi', 'hcm']) {
      await store.digests.save({ week: '2026-W46', unit, lang: 'vi', createdAt: now.toISOString(), data: data('2026-W46'), html: '<p>x</p>', markdown: 'x', pdf: null, outDir: null });
    }
  });
  const meta = { now, ip: '127.0.0.1' };
  tokens.all = (await createApiToken(store, admin, { name: 'Bảng điều khiển HQ', unit: null, expiresOn: null }, meta)).token;
  tokens.hanoi = (await createApiToken(store, admin, { name: 'CĐ Hà Nội', unit: 'hanoi', expiresOn: '2026-12-31' }, meta)).token;
  tokens.fed = (await createApiToken(store, admin, { name: 'LĐLĐ Hà Nội', unit: 'ldld-hn', expiresOn: null }, meta)).token;
  tokens.hcm = (await createApiToken(store, admin, { name: 'CĐ HCM', unit: 'hcm', expiresOn: null }, meta)).token;
  const revoked = await createApiToken(store, admin, { name: 'Thu hồi', unit: null, expiresOn: null }, meta);
  await revokeApiToken(store, admin, revoked.id, meta);
  tokens.revoked = revoked.token;
  tokens.expiring = (await createApiToken(store, admin, { name: 'Sắp hết hạn', unit: null, expiresOn: '2026-11-21' }, meta)).token;
});
afterAll(() => h.close());

describe('read-only JSON API', () => {
  it('stores only a hash of each token, never the token', async () => {
    const rows = await h.store.db.all<{ token_hash: string; prefix: string }>('SELECT token_hash, prefix FROM api_tokens');
    expect(rows).toHaveLength(6);
    for (const t of Object.values(tokens)) {
      expect(rows.map((r) => r.token_hash)).toContain(hashToken(t));
      expect(JSON.stringify(rows)).not.toContain(t);
    }
  });

  it('refuses a call without a token, with a malformed or unknown one, a revoked and an expired one (401)', async () => {
    expect((await call('/api/v1/items', null)).status).toBe(401);
    expect((await call('/api/v1/items', 'not-a-token')).status).toBe(401);
    expect((await call('/api/v1/items', `kcapi_${'A'.repeat(43)}`)).status).toBe(401);
    const revoked = await call('/api/v1/items', tokens.revoked);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('token_revoked');
    conforms('/items', 401, revoked.body);
    expect((await call('/api/v1/items', tokens.expiring)).status).toBe(200);
    h.now.value = new Date('2026-11-22T00:00:00Z');
    try {
      const expired = await call('/api/v1/items', tokens.expiring);
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('token_expired');
    } finally {
      h.now.value = new Date('2026-11-20T03:00:00Z');
    }
    // A session cookie is no way in either: the API reads bearer tokens only.
    const page = await h.app.request('/api/v1/items', { headers: { cookie: 'kc_session=anything' } });
    expect(page.status).toBe(401);
  });

  it('is read-only: other methods are refused', async () => {
    // Same-origin, so the CSRF check lets it through and the API itself answers.
    const res = await h.app.request('/api/v1/items', { method: 'DELETE', headers: { authorization: `Bearer ${tokens.all}`, origin: ORIGIN } });
    expect(res.status).toBe(405);
    expect((await res.json()).error.code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('items: filtered like the queue, newest first, paged with an opaque cursor; responses match the OpenAPI file', async () => {
    const all = await call('/api/v1/items', tokens.all);
    expect(all.status).toBe(200);
    conforms('/items', 200, all.body);
    expect(all.body.data.map((i: { id: number }) => i.id)).toEqual([h.ids[6], ...h.ids.slice(0, 5).reverse()]);
    expect((await call('/api/v1/items?flagged=any', tokens.all)).body.data).toHaveLength(7);
    // The schema is strict: a field it does not document (a raw handle, say) fails validation.
    expect(ajv.getSchema('openapi#/components/schemas/ItemPage')!({ ...all.body, data: [{ ...all.body.data[0], raw_author: 'x' }] })).toBe(false);
    const label = await call('/api/v1/items?label=covid_false', tokens.all);
    expect(label.body.data.map((i: { id: number }) => i.id)).toEqual([h.ids[1], h.ids[0]]);
    expect((await call('/api/v1/items?q=no%20luong', tokens.all)).body.data.map((i: { id: number }) => i.id)).toEqual([h.ids[6], h.ids[4], h.ids[3]]);
    expect((await call('/api/v1/items?source=forum-b&unit=hcm', tokens.all)).body.data).toHaveLength(2);
    expect((await call('/api/v1/items?from=2026-11-20', tokens.all)).body.data).toHaveLength(0);
    expect((await call('/api/v1/items?to=2026-11-19&status=new', tokens.all)).body.data).toHaveLength(6);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: any } = await call(`/api/v1/items?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, tokens.all);
      conforms('/items', 200, r.body);
      seen.push(...r.body.data.map((i: { id: number }) => i.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.body.data.map((i: { id: number }) => i.id));

    const bad = await call('/api/v1/items?status=whatever&cursor=xyz', tokens.all);
    expect(bad.status).toBe(400);
    conforms('/items', 400, bad.body);
    expect((await call('/api/v1/items?colour=red', tokens.all)).status).toBe(400);
    const claimsCursor = (await call('/api/v1/claims?limit=1', tokens.all)).body.next_cursor;
    expect((await call(`/api/v1/items?cursor=${claimsCursor}`, tokens.all)).status).toBe(400);
  });

  it('claims carry verdicts and approved responses only, never drafts', async () => {
    const r = await call('/api/v1/claims', tokens.all);
    conforms('/claims', 200, r.body);
    const garlic = r.body.data.find((c: { label: string }) => c.label === 'covid_false');
    expect(garlic).toMatchObject({ verdict: 'false', unit: 'hanoi', members: 1 });
    expect(garlic.responses).toEqual([expect.objectContaining({ status: 'approved', body: 'Tỏi không chữa khỏi COVID-19.', sources: [{ url: 'https://moh.gov.vn/tin', title: 'Bộ Y tế' }] })]);
    expect(JSON.stringify(r.body)).not.toContain('BẢN NHÁP');
    expect((await call('/api/v1/claims?decided=false', tokens.all)).body.data.map((c: { unit: string }) => c.unit)).toEqual(['hcm']);
  });

  it('grievance follow-up counts by unit and status, with overdue', async () => {
    const r = await call('/api/v1/grievances/counts', tokens.all);
    conforms('/grievances/counts', 200, r.body);
    expect(r.body).toMatchObject({ as_of: '2026-11-20', total: 3, overdue: 1, by_status: { open: 2, forwarded: 1, resolved: 0 } });
    expect(r.body.by_unit).toEqual([
      { unit: 'hanoi', open: 0, forwarded: 1, resolved: 0, total: 1, overdue: 1 },
      { unit: 'hanoi-kcn', open: 1, forwarded: 0, resolved: 0, total: 1, overdue: 0 },
      { unit: 'hcm', open: 1, forwarded: 0, resolved: 0, total: 1, overdue: 0 },
    ]);
  });

  it('digests: list and one, with their figures', async () => {
    const list = await call('/api/v1/digests', tokens.all);
    conforms('/digests', 200, list.body);
    expect(list.body.data).toHaveLength(3);
    const one = await call(`/api/v1/digests/${list.body.data[0].id}`, tokens.all);
    conforms('/digests/{id}', 200, one.body);
    expect(one.body.data.headline.collected.current).toBe(6);
    const missing = await call('/api/v1/digests/99999', tokens.all);
    expect(missing.status).toBe(404);
    conforms('/digests/{id}', 404, missing.body);
  });

  it('a token scoped to a unit returns nothing outside its units (items, claims, grievances, digests)', async () => {
    const hanoi = await call('/api/v1/items?flagged=any', tokens.hanoi);
    expect(new Set(hanoi.body.data.map((i: { unit: string }) => i.unit))).toEqual(new Set(['hanoi']));
    // Asking for another unit gives nothing, not that unit's items.
    expect((await call('/api/v1/items?unit=hcm', tokens.hanoi)).body.data).toEqual([]);
    expect((await call('/api/v1/items?q=cong%20doan%20doc%20lap', tokens.hanoi)).body.data).toEqual([]);
    // A federation's token sees its member unions, never HCM.
    const fed = await call('/api/v1/items?flagged=any', tokens.fed);
    expect(new Set(fed.body.data.map((i: { unit: string }) => i.unit))).toEqual(new Set(['hanoi', 'hanoi-kcn']));
    const hcm = await call('/api/v1/items?flagged=any', tokens.hcm);
    expect(new Set(hcm.body.data.map((i: { unit: string }) => i.unit))).toEqual(new Set(['hcm']));

    expect((await call('/api/v1/claims', tokens.hanoi)).body.data.map((c: { unit: string }) => c.unit)).toEqual(['hanoi']);
    expect((await call('/api/v1/claims', tokens.hcm)).body.data.map((c: { unit: string }) => c.unit)).toEqual(['hcm']);
    const g = await call('/api/v1/grievances/counts', tokens.hanoi);
    expect(g.body.by_unit.map((u: { unit: string }) => u.unit)).toEqual(['hanoi']);
    expect(g.body.total).toBe(1);
    expect((await call('/api/v1/grievances/counts?unit=hcm', tokens.fed)).body).toMatchObject({ total: 0, by_unit: [] });
    expect((await call('/api/v1/grievances/counts', tokens.fed)).body.by_unit.map((u: { unit: string }) => u.unit)).toEqual(['hanoi', 'hanoi-kcn']);
    const digests = await call('/api/v1/digests', tokens.hanoi);
    expect(digests.body.data.map((d: { unit: string | null }) => d.unit)).toEqual(['hanoi']);
    const others = (await call('/api/v1/digests', tokens.all)).body.data.filter((d: { unit: string | null }) => d.unit !== 'hanoi');
    for (const d of others) expect((await call(`/api/v1/digests/${d.id}`, tokens.hanoi)).status).toBe(404);
  });

  it('never returns a raw handle, in any response; authors are pseudonyms', async () => {
    const items = await call('/api/v1/items?flagged=any', tokens.all);
    const first = items.body.data.find((i: { id: number }) => i.id === h.ids[0]);
    expect(first.author).toMatch(/^tg-[0-9a-f]{8}$/);
    expect(first.url).toBe(`https://social.example/${first.author}/posts/1`);
    expect(first.excerpt).toContain(`@${first.author}`);
    const every = bodies.join('\n').toLowerCase();
    expect(bodies.length).toBeGreaterThan(20);
    for (const handle of HANDLES) expect(every).not.toContain(handle);
  });

  it('audits every call with the token id, path and count, never the token itself', async () => {
    const rows = await h.store.db.all<{ username: string; target_id: string; detail: string }>(`SELECT username, target_id, detail FROM audit_log WHERE action = 'api_call' ORDER BY id`);
    expect(rows.length).toBeGreaterThan(20);
    const digestCall = rows.map((r) => JSON.parse(r.detail)).find((d) => d.path === '/api/v1/digests' && d.status === 200);
    expect(digestCall).toMatchObject({ count: 3, query: {} });
    const refused = rows.find((r) => JSON.parse(r.detail).status === 401)!;
    expect(refused.username).toBe('api:Thu hồi');
    const all = await h.store.db.all<{ detail: string; username: string }>('SELECT detail, username FROM audit_log');
    for (const t of Object.values(tokens)) expect(JSON.stringify(all)).not.toContain(t.slice(6));
    const used = await h.store.db.get<{ last_used_at: string }>(`SELECT last_used_at FROM api_tokens WHERE token_hash = ?`, [hashToken(tokens.hanoi)]);
    expect(used?.last_used_at).toBe('2026-11-20T03:00:00.000Z');
  });

  it('rate-limits per token: 429 with Retry-After, one audit row per refused minute, other tokens unaffected', async () => {
    const config = loadConfig({ KC_DATA_DIR: h.dir, KC_RULES_DIR: join(h.dir, 'rules') });
    const now = { value: new Date('2026-11-20T05:00:00Z') };
    const app = createApp({ store: h.store, config, clock: () => now.value, apiRatePerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await call('/api/v1/grievances/counts', tokens.hcm, app)).status).toBe(200);
    const before = (await h.store.db.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'api_call'`))!.n;
    const limited = await call('/api/v1/grievances/counts', tokens.hcm, app);
    expect(limited.status).toBe(429);
    conforms('/grievances/counts', 429, limited.body);
    expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('/api/v1/grievances/counts', tokens.hcm, app)).status).toBe(429);
    const after = (await h.store.db.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'api_call'`))!.n;
    expect(after - before).toBe(1);
    expect((await call('/api/v1/grievances/counts', tokens.fed, app)).status).toBe(200);
    now.value = new Date(now.value.getTime() + 61_000);
    expect((await call('/api/v1/grievances/counts', tokens.hcm, app)).status).toBe(200);
  });

  it('a new item arriving between two pages neither repeats nor hides one (stable order)', async () => {
    const first = await call('/api/v1/items?flagged=any&limit=3', tokens.all);
    await ingest(h.store, [{ title: 'Mới: tỏi chữa khỏi', text: 'Tin mới: tỏi chữa khỏi mọi bệnh, chia sẻ ngay.', source: 'forum-a', unit: 'hanoi' }], { classifier: keywordClassifier, secret: installationSecret(h.dir), now: new Date('2026-11-20T04:00:00Z') });
    const second = await call(`/api/v1/items?flagged=any&limit=3&cursor=${encodeURIComponent(first.body.next_cursor)}`, tokens.all);
    const ids = [...first.body.data, ...second.body.data].map((i: { id: number }) => i.id);
    expect(ids).toEqual([...h.ids].reverse().slice(0, 6));
    expect((await call('/api/v1/items?flagged=any&limit=1', tokens.all)).body.data[0].id).toBeGreaterThan(Math.max(...h.ids));
  });

  it('serves the OpenAPI document without a token, and it lists exactly the parameters the API accepts', async () => {
    const res = await h.app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const names = (path: string) => (doc.paths[path].get.parameters as { name: string; in: string }[]).filter((p) => p.in === 'query').map((p) => p.name).sort();
    expect(names('/items')).toEqual(Object.keys(itemsQuery.shape).sort());
    expect(names('/claims')).toEqual(Object.keys(claimsQuery.shape).sort());
    expect(names('/grievances/counts')).toEqual(Object.keys(grievancesQuery.shape).sort());
    expect(names('/digests')).toEqual(Object.keys(digestsQuery.shape).sort());
    // Every schema in the file compiles.
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`openapi#/components/schemas/${name}`), name).toBeTruthy();
  });
});
