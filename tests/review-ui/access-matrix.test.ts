import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaimFromItem, decideClaim } from '../../src/review/claim-service.js';
import { draftResponse } from '../../src/review/response-service.js';
import { Client, harness, type Harness } from './harness.js';

type Role = 'anon' | 'viewer' | 'reviewer' | 'admin';
const ROLES: Role[] = ['anon', 'viewer', 'reviewer', 'admin'];

let h: Harness;
const clients = {} as Record<Role, Client>;
const f = { hanoi: 0, hanoi2: 0, hcm: 0, claim: 0, claimHcm: 0, resp: 0, respHcm: 0, grievance: 0 };

beforeAll(async () => {
  h = await harness();
  const admin = { id: h.users.admin, username: 'admin', role: 'admin' as const, unit: 'hq' };
  const meta = { now: h.now.value };
  [f.hanoi, f.hanoi2, f.hcm, f.grievance] = [h.ids[0], h.ids[1], h.ids[2], h.ids[3]];
  f.claim = await createClaimFromItem(h.store, admin, { itemId: f.hanoi, statement: 'Tỏi chữa khỏi COVID', label: 'covid_false' }, meta);
  f.claimHcm = await createClaimFromItem(h.store, admin, { itemId: f.hcm, statement: 'Lập công đoàn độc lập', label: 'union_org' }, meta);
  for (const id of [f.claim, f.claimHcm]) await decideClaim(h.store, admin, { claimId: id, verdict: 'misleading', reason: 'r' }, meta);
  const sources = [{ url: 'https://moh.gov.vn/a', title: 'Bộ Y tế' }];
  f.resp = await draftResponse(h.store, admin, { claimId: f.claim, template: null, body: 'Phản hồi', sources }, meta);
  f.respHcm = await draftResponse(h.store, admin, { claimId: f.claimHcm, template: null, body: 'Phản hồi', sources }, meta);
  for (const r of ROLES) {
    clients[r] = new Client(h);
    if (r === 'anon') await clients[r].page('/login'); // has a pre-login form token: tests the guard, not CSRF
    else await clients[r].login(r);
  }
});
afterAll(() => h.close());

// Expected status per role: anon, viewer, reviewer (unit hanoi), admin (303 = redirect after success or to /login).
const GETS: [string, () => string, [number, number, number, number]][] = [
  ['queue', () => '/queue', [303, 200, 200, 200]],
  ['queue filtered', () => '/queue?label=covid_false&sort=score', [303, 200, 200, 200]],
  ['queue awaiting the unit above', () => '/queue?flow=escalated', [303, 200, 200, 200]],
  ['own-unit item', () => `/items/${f.hanoi}`, [303, 200, 200, 200]],
  ['other-unit item', () => `/items/${f.hcm}`, [303, 200, 404, 200]],
  ['claims', () => '/claims', [303, 200, 200, 200]],
  ['own-unit claim', () => `/claims/${f.claim}`, [303, 200, 200, 200]],
  ['other-unit claim', () => `/claims/${f.claimHcm}`, [303, 200, 404, 200]],
  ['response editor', () => `/claims/${f.claim}/responses/new`, [303, 403, 200, 200]],
  ['other-unit response editor', () => `/claims/${f.claimHcm}/responses/new`, [303, 403, 404, 200]],
  ['responses', () => '/responses', [303, 200, 200, 200]],
  ['own-unit response', () => `/responses/${f.resp}`, [303, 200, 200, 200]],
  ['other-unit response', () => `/responses/${f.respHcm}`, [303, 200, 404, 200]],
  ['response text', () => `/responses/${f.resp}/text`, [303, 200, 200, 200]],
  ['other-unit response text', () => `/responses/${f.respHcm}/text`, [303, 200, 404, 200]],
  ['grievances', () => '/grievances', [303, 200, 200, 200]],
  ['watchlists', () => '/watchlists', [303, 200, 200, 200]],
  ['new watchlist form', () => '/watchlists/new', [303, 403, 200, 200]],
  ['alerts', () => '/alerts', [303, 200, 200, 200]],
  ['missing alert', () => '/alerts/999999', [303, 404, 404, 404]],
  ['audit log', () => '/admin/audit', [303, 403, 403, 200]],
  ['audit verify', () => '/admin/audit?verify=1', [303, 403, 403, 200]],
  ['evidence (none)', () => `/items/${f.hanoi}/evidence/screenshot`, [303, 403, 404, 404]], // viewers never open evidence
];

const POSTS: [string, () => string, Record<string, string>, [number, number, number, number]][] = [
  ['save a watchlist', () => '/watchlists', { name: 'Tỏi', query: 'toi' }, [303, 403, 303, 303]],
  ['verdict own unit', () => `/items/${f.grievance}/verdict`, { verdict: 'grievance', reason: 'nợ lương' }, [303, 403, 303, 303]],
  ['verdict other unit', () => `/items/${f.hcm}/verdict`, { verdict: 'false', reason: 'x' }, [303, 403, 404, 303]],
  ['assign', () => `/items/${f.hanoi}/assign`, { assignee: '' }, [303, 403, 303, 303]],
  ['hold', () => `/items/${f.hanoi}/hold`, { reason: 'chờ xác minh' }, [303, 403, 303, 409]], // the admin finds it already held
  ['escalate other unit', () => `/items/${f.hcm}/escalate`, { reason: 'cần cấp trên' }, [303, 403, 404, 303]],
  ['resolve other unit', () => `/items/${f.hcm}/flow/resolve`, { note: 'đã cho ý kiến' }, [303, 403, 404, 303]],
  ['confirm near-duplicates', () => `/items/${f.hanoi}/near-duplicates`, { item: '999999' }, [303, 403, 303, 303]],
  ['confirm other-unit near-duplicates', () => `/items/${f.hcm}/near-duplicates`, { item: '999999' }, [303, 403, 404, 303]],
  ['status', () => `/items/${f.hanoi}/status`, { to: 'in_review' }, [303, 403, 303, 303]],
  ['new claim', () => `/items/${f.hanoi}/claims`, { statement: 'Một nhận định' }, [303, 403, 303, 303]],
  ['reveal author', () => `/items/${f.hanoi}/reveal-author`, {}, [303, 403, 403, 200]],
  ['reveal other-unit author', () => `/items/${f.hcm}/reveal-author`, {}, [303, 403, 404, 200]],
  ['edit claim', () => `/claims/${f.claim}`, { statement: 'Tỏi chữa khỏi COVID-19' }, [303, 403, 303, 303]],
  ['edit other-unit claim', () => `/claims/${f.claimHcm}`, { statement: 'x y z' }, [303, 403, 404, 303]],
  ['claim verdict', () => `/claims/${f.claim}/verdict`, { verdict: 'false', reason: 'Bộ Y tế bác bỏ' }, [303, 403, 303, 303]],
  ['claim member', () => `/claims/${f.claim}/members`, { state: 'confirmed' }, [303, 403, 303, 303]],
  ['draft response', () => `/claims/${f.claim}/responses`, { body: 'Nội dung', source_url: 'https://who.int/x', source_title: 'WHO' }, [303, 403, 303, 303]],
  ['edit response', () => `/responses/${f.resp}`, { body: 'Sửa', source_url: 'https://who.int/x', source_title: 'WHO' }, [303, 403, 303, 303]],
  ['approve response', () => `/responses/${f.resp}/approve`, {}, [303, 403, 403, 303]],
  ['approve other-unit response', () => `/responses/${f.respHcm}/approve`, {}, [303, 403, 404, 303]],
  ['record published', () => `/responses/${f.resp}/publish`, { url: 'https://facebook.com/congdoan/posts/1' }, [303, 403, 303, 303]],
  ['grievance follow-up', () => `/grievances/${f.grievance}`, { status: 'forwarded', unit: 'hanoi', note: 'đã chuyển' }, [303, 403, 303, 303]],
];

describe('every route against anonymous, viewer, reviewer, admin', () => {
  it.each(GETS)('GET %s', async (_name, path, expected) => {
    for (const [i, role] of ROLES.entries()) {
      const res = await clients[role].get(path());
      expect({ role, status: res.status }).toEqual({ role, status: expected[i] });
      if (res.status === 303) expect(res.headers.get('location')).toMatch(role === 'anon' ? /^\/login/ : /^\/(?!login)/);
    }
  });

  it.each(POSTS)('POST %s', async (_name, path, fields, expected) => {
    for (const [i, role] of ROLES.entries()) {
      const c = clients[role];
      if (role !== 'anon') await c.page('/queue');
      const res = await c.post(path(), path().endsWith('/members') ? { ...fields, item: String(f.hanoi2) } : fields);
      expect({ role, status: res.status }).toEqual({ role, status: expected[i] });
      if (res.status === 303) expect(res.headers.get('location')).toMatch(role === 'anon' ? /^\/login/ : /^\/(?!login)/);
    }
  });

  it('leaves a trace of every allowed change in the audit log and none of the refused ones', async () => {
    const rows = await h.store.db.all<{ username: string; action: string }>('SELECT username, action FROM audit_log');
    // A viewer changes nothing; reading is recorded too (item_view), so it is not a change.
    expect(rows.filter((r) => r.username === 'viewer' && r.action !== 'login' && r.action !== 'item_view')).toEqual([]);
    expect(rows.some((r) => r.username === 'viewer' && r.action === 'item_view')).toBe(true);
    expect(rows.some((r) => r.username === 'admin' && r.action === 'author_reveal')).toBe(true);
    expect(rows.some((r) => r.username === 'reviewer' && r.action === 'author_reveal')).toBe(false);
    expect((await h.store.audit.verify()).ok).toBe(true);
  });
});
