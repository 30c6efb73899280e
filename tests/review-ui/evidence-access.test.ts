import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

/**
 * Evidence (screenshots, HTML snapshots) holds faces and names of people in public posts: it is
 * served only to signed-in reviewers (own unit) and admins, never cached, never from any path
 * other than the one guarded route, and never outside <dataDir>/evidence/<item id>/.
 */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const SQLITE_MAGIC = 'SQLite format 3';
const SECRET = 'nội-dung-mật-8f3a';
let h: Harness & { sourcesDir: string };
let dataDir: string;
let own: number; // hanoi item with evidence
let hcm: number; // other unit
let tricky: number; // evidence rows pointing outside their folder
const clients: Record<'anon' | 'viewer' | 'reviewer' | 'reviewer2' | 'admin', Client> = {} as never;

beforeAll(async () => {
  h = await adminHarness();
  dataDir = dirname(h.sourcesDir); // adminHarness: config.dataDir is the sources folder's parent
  [own, , hcm, tricky] = [h.ids[0], h.ids[1], h.ids[2], h.ids[3]];
  mkdirSync(join(dataDir, 'evidence', String(own)), { recursive: true });
  writeFileSync(join(dataDir, 'evidence', String(own), 'a.png'), PNG);
  writeFileSync(join(dataDir, 'evidence', String(own), 'a.html'), '<html><body><p>bài đăng</p><script>alert(1)</script></body></html>');
  writeFileSync(join(dataDir, 'secret.txt'), SECRET);
  writeFileSync(join(dataDir, 'kiemchung.db'), `${SQLITE_MAGIC}\0 not really`);
  // A symlink planted inside an item's folder must not lead out of it.
  mkdirSync(join(dataDir, 'evidence', String(tricky)), { recursive: true });
  symlinkSync(join(dataDir, 'kiemchung.db'), join(dataDir, 'evidence', String(tricky), 'link.png'));
  const insert = (id: number, html: string, png: string) =>
    h.store.db.run(
      `INSERT INTO evidence (item_id, url, status, queued_at, not_before, captured_at, html_path, html_sha256, png_path, png_sha256)
       VALUES (?, 'https://forum.example/p', 'done', 'now', 'now', '2026-11-19T00:00:00Z', ?, 'aa', ?, 'bb')`,
      [id, html, png],
    );
  await insert(own, `evidence/${own}/a.html`, `evidence/${own}/a.png`);
  await insert(hcm, `evidence/${own}/a.html`, `evidence/${own}/a.png`); // another item's files
  await insert(tricky, '../secret.txt', `evidence/${tricky}/link.png`);
  for (const r of ['anon', 'viewer', 'reviewer', 'reviewer2', 'admin'] as const) {
    clients[r] = new Client(h);
    if (r !== 'anon') expect((await clients[r].login(r)).status).toBe(303);
  }
});
afterAll(() => h.close());

describe('evidence routes', () => {
  it('sends anonymous visitors to the login page and never the file', async () => {
    for (const kind of ['screenshot', 'snapshot']) {
      const res = await clients.anon.get(`/items/${own}/evidence/${kind}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
      expect(res.headers.get('content-type') ?? '').not.toMatch(/image|octet/);
      const head = await h.app.request(`/items/${own}/evidence/${kind}`, { method: 'HEAD' });
      expect(head.status).toBe(303);
    }
  });

  it('refuses viewers (403) and shows them no evidence links', async () => {
    expect((await clients.viewer.get(`/items/${own}/evidence/screenshot`)).status).toBe(403);
    expect((await clients.viewer.get(`/items/${own}/evidence/snapshot`)).status).toBe(403);
    const page = await (await clients.viewer.get(`/items/${own}`)).text();
    expect(page).not.toContain('/evidence/');
    expect(page).toContain('chỉ người duyệt và quản trị viên');
  });

  it('serves reviewers of the unit and admins, private and uncached, with nosniff', async () => {
    for (const who of ['reviewer', 'admin'] as const) {
      expect(await (await clients[who].get(`/items/${own}`)).text()).toContain(`/items/${own}/evidence/screenshot`);
      const png = await clients[who].get(`/items/${own}/evidence/screenshot`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(png.headers.get('cache-control')).toMatch(/private/);
      expect(png.headers.get('cache-control')).toMatch(/no-store/);
      expect(png.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true);
      const snap = await clients[who].get(`/items/${own}/evidence/snapshot`);
      expect(snap.status).toBe(200);
      expect(snap.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(snap.headers.get('cache-control')).toMatch(/no-store/);
      expect(snap.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // The page says what the screenshot shows (recorded by the worker).
    await h.store.db.run(`UPDATE evidence SET png_scope = 'viewport_fallback' WHERE item_id = ?`, [own]);
    expect(await (await clients.reviewer.get(`/items/${own}`)).text()).toContain('không tìm thấy phần bài viết');
    // …and what the HTML snapshot holds.
    await h.store.db.run(`UPDATE evidence SET html_scope = 'element' WHERE item_id = ?`, [own]);
    expect(await (await clients.reviewer.get(`/items/${own}`)).text()).toMatch(/evidence\/snapshot">[^<]*<\/a>\s*\(chỉ phần bài viết\)/);
    // A reviewer of another unit does not learn the item exists.
    expect((await clients.reviewer2.get(`/items/${own}/evidence/screenshot`)).status).toBe(404);
  });

  it('never serves a file outside the item\'s own evidence folder', async () => {
    // hcm's row points at the hanoi item's files; tricky's at ../secret.txt and a symlink to the database.
    for (const [id, kind] of [[hcm, 'screenshot'], [hcm, 'snapshot'], [tricky, 'snapshot'], [tricky, 'screenshot']] as const) {
      const res = await clients.admin.get(`/items/${id}/evidence/${kind}`);
      expect(res.status, `${id} ${kind}`).toBe(404);
      const body = await res.text();
      expect(body).not.toContain(SQLITE_MAGIC);
      expect(body).not.toContain(SECRET);
    }
    await h.store.db.run(`UPDATE evidence SET png_path = ? WHERE item_id = ?`, [join(dataDir, 'evidence', String(own), 'a.png'), hcm]);
    expect((await clients.admin.get(`/items/${hcm}/evidence/screenshot`)).status).toBe(404); // absolute paths are refused
  });

  it('has no other way to the data or evidence folder (static files, /data, encoded traversal)', async () => {
    const probes = [
      '/static/kiemchung.db', '/static/..%2Fkiemchung.db', '/static/..%2F..%2Fdata%2Fkiemchung.db', '/static/%2e%2e/secret.txt',
      '/data/kiemchung.db', '/data/evidence/' + own + '/a.png', '/evidence/' + own + '/a.png', '/kiemchung.db', '/secret.txt',
      `/items/${own}/evidence/a.png`, `/items/${own}/evidence/..%2F..%2Fsecret.txt`, `/items/${own}/evidence/screenshot/..%2F..%2F..%2Fsecret.txt`,
      `/items/${own}/evidence/%2e%2e%2f%2e%2e%2fkiemchung.db`, '/digests/..%2Fkiemchung.db', '/digests/..%2Fevidence%2F' + own + '%2Fa.png',
    ];
    for (const c of [clients.anon, clients.admin]) {
      for (const p of probes) {
        const res = await c.get(p);
        expect(res.status, p).not.toBe(200);
        const body = Buffer.from(await res.arrayBuffer());
        expect(body.includes(Buffer.from(SQLITE_MAGIC)), p).toBe(false);
        expect(body.includes(PNG), p).toBe(false);
        expect(body.toString(), p).not.toContain(SECRET);
      }
    }
  });

  it('the route table has exactly one evidence route and nothing that serves folders', () => {
    const paths = [...new Set(h.app.routes.map((r) => r.path))];
    const evidence = paths.filter((p) => /evidence/i.test(p));
    expect(evidence.sort()).toEqual(['/items/:id/evidence/screenshot', '/items/:id/evidence/snapshot']);
    // Only fixed, named files are served statically; no route is about the data folder.
    for (const p of paths) {
      expect(p, p).not.toMatch(/(^|\/)(data|uploads|files)(\/|$)/i);
      expect(p, p).not.toMatch(/\.db\b|sqlite/i);
    }
    expect(paths.filter((p) => p.startsWith('/static'))).toEqual(['/static/:file']);
  });
});
