import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

type Role = 'anon' | 'viewer' | 'reviewer' | 'admin';
const ROLES: Role[] = ['anon', 'viewer', 'reviewer', 'admin'];

let h: Awaited<ReturnType<typeof adminHarness>>;
const clients = {} as Record<Role, Client>;
let digest = 0;

beforeAll(async () => {
  h = await adminHarness();
  digest = await h.store.db.write(() =>
    h.store.digests.save({ week: '2026-W47', unit: null, lang: 'vi', createdAt: '2026-11-23T00:00:00Z', data: {}, html: '<p>x</p>', markdown: '# x', pdf: Buffer.from('%PDF-1.4'), outDir: null }),
  );
  for (const r of ROLES) {
    clients[r] = new Client(h as Harness);
    if (r === 'anon') await clients[r].page('/login');
    else await clients[r].login(r);
  }
});
afterAll(() => h.close());

// Expected status per role: anon, viewer, reviewer, admin. Digests are for everyone signed in;
// every /admin page is for admins only. 303 for anon = sent to /login.
const GETS: [string, [number, number, number, number]][] = [
  ['/digests', [303, 200, 200, 200]],
  ['/digests/DIGEST', [303, 200, 200, 200]],
  ['/digests/DIGEST/md', [303, 200, 200, 200]],
  ['/admin/rules', [303, 403, 403, 200]],
  ['/admin/rules/grievance.unpaid-wages', [303, 403, 403, 200]],
  ['/admin/rules/export?pack=rules%2Fgrievance.yaml', [303, 403, 403, 200]],
  ['/admin/sources', [303, 403, 403, 200]],
  ['/admin/sources/new', [303, 403, 403, 200]],
  ['/admin/users', [303, 403, 403, 200]],
  ['/admin/model', [303, 403, 403, 200]],
  ['/admin/api-tokens', [303, 403, 403, 200]],
];
// State changes: anon is refused (sent to /login, then back), viewers and reviewers get 403.
const POSTS: [string, Record<string, string>][] = [
  ['/admin/rules/grievance.unpaid-wages', { yaml: 'id: x', days: '7', note: '' }],
  ['/admin/rules/grievance.unpaid-wages/backtest', { yaml: 'id: x', days: '7', note: '' }],
  ['/admin/rules/grievance.unpaid-wages/revert', {}],
  ['/admin/sources', { recipe: 'rss', url: 'https://tin.example/', name: 'x' }],
  ['/admin/sources/preview', { recipe: 'rss', url: 'https://tin.example/', name: 'x' }],
  ['/admin/users', { username: 'x', role: 'viewer', unit: '', password: 'y' }],
  ['/admin/users/1/disable', {}],
  ['/admin/model/retrain', {}],
  ['/admin/model/activate/shipped', {}],
  ['/admin/api-tokens', { name: 'Bảng điều khiển', unit: '', expires: '' }],
  ['/admin/api-tokens/1/revoke', {}],
  ['/digests', { week: '2026-W45', unit: '', lang: 'vi' }],
];

describe('admin routes × roles', () => {
  for (const [path, expected] of GETS) {
    it(`GET ${path}`, async () => {
      const got = [];
      for (const r of ROLES) got.push((await clients[r].get(path.replace('DIGEST', String(digest)))).status);
      expect(got).toEqual(expected);
    });
  }
  for (const [path, fields] of POSTS) {
    it(`POST ${path}`, async () => {
      for (const r of ['anon', 'viewer', 'reviewer'] as Role[]) {
        const res = await clients[r].post(path, fields);
        expect(res.status, r).toBe(r === 'anon' ? 303 : 403);
        // Without a live session a form is not run: the login page says the session expired (issue 13, §2).
        if (r === 'anon') expect(res.headers.get('location')).toBe('/login?next=%2Fqueue&expired=1');
      }
    });
  }
  it('a form POST without the token is refused even for an admin', async () => {
    expect((await clients.admin.post('/admin/model/activate/shipped', {}, { token: null })).status).toBe(403);
    expect((await clients.admin.post('/admin/users/1/disable', {}, { origin: 'https://evil.example' })).status).toBe(403);
  });
});
