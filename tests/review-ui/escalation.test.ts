import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnit, updateUnit } from '../../src/review/unit-service.js';
import { addUser, Client, harness, type Harness } from './harness.js';
import { translator } from '../../review-ui/i18n.js';

// Strings from the catalogue: the wording may be improved without breaking what is checked here.
const t = translator('vi');
const FED = 'Liên đoàn Lao động miền Bắc';

// Issue 13, §3: "Chuyển cấp trên" through the UI — a reason is required and kept when refused, the
// federation's reviewer finds the item in its "Chờ cấp trên" queue, answers it, and it goes back.
let h: Harness;
let id = 0;
beforeAll(async () => {
  h = await harness();
  id = h.ids[0];
  const admin = { id: h.users.admin, username: 'admin', role: 'admin' as const, unit: 'hq' };
  const meta = { now: h.now.value };
  const fed = await addUnit(h.store, admin, { code: 'ldld-mb', name: 'Liên đoàn Lao động miền Bắc', parentId: null }, meta);
  await updateUnit(h.store, admin, { id: (await h.store.units.byCode('hanoi'))!.id, name: 'Công đoàn Hà Nội', parentId: fed }, meta);
  await addUser(h.store, 'fedrev', 'reviewer', 'ldld-mb');
});
afterAll(() => h.close());

async function as(user: string) {
  const c = new Client(h);
  await c.login(user);
  return c;
}

describe('escalation in the review UI', () => {
  it('refuses a missing reason at its field, keeping what was typed', async () => {
    const c = await as('reviewer');
    const page = (await c.page(`/items/${id}`)).html;
    expect(page).toContain(`action="/items/${id}/escalate"`);
    expect(page).toContain(`formaction="/items/${id}/hold"`);
    expect(page).toContain(t('flow.reason_help', { unit: FED }));
    const res = await c.post(`/items/${id}/escalate`, { reason: 'ab' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<textarea id="flow-reason"[^>]*aria-invalid="true"[^>]*aria-describedby="flow-reason-error flow-reason-help"[^>]*autofocus[^>]*>ab<\/textarea>/);
    expect(html).toMatch(new RegExp(`<p id="flow-reason-error"[^>]*>${t('error.invalid_field', { field: t('field.reason') }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect((await h.store.itemFlow.state(id))!.escalated).toBe(false);
  });

  it('escalates with a reason; the item shows who asked and why', async () => {
    const c = await as('reviewer');
    await c.page(`/items/${id}`);
    const res = await c.post(`/items/${id}/escalate`, { reason: 'Cần liên đoàn cho ý kiến trước khi trả lời' });
    expect(res.status).toBe(303);
    const html = (await c.page(`/items/${id}`)).html;
    expect(html).toContain(t('flash.escalated'));
    expect(html).toContain(t('flow.waits_for', { unit: FED }));
    expect(html).toContain(`<strong>${t('flow.event.escalate', { unit: FED })}</strong> — Cần liên đoàn cho ý kiến trước khi trả lời · reviewer`);
    expect(html).not.toContain(`action="/items/${id}/flow/resolve"`); // the unit that asked does not answer itself
    expect((await c.post(`/items/${id}/flow/resolve`, { note: 'tự trả lời' })).status).toBe(403);
  });

  it('is in the federation reviewer\'s "Chờ cấp trên" queue, and hidden from other units', async () => {
    const fed = await as('fedrev');
    const queue = await (await fed.get('/queue')).text();
    expect(queue).toContain(`${t('queue.flow_escalated')}: <strong>1</strong>`);
    expect(queue).toContain('href="/queue?flow=escalated"');
    expect(queue).not.toContain(`href="/items/${id}"`); // its default queue is its own unit's
    expect(queue).toContain(t('queue.parent_unit_hint', { unit: FED })); // not "your unit has no items"
    expect(queue).not.toContain(t('queue.unit_no_items', { unit: FED }));
    const waiting = await (await fed.get('/queue?flow=escalated')).text();
    expect(waiting).toContain(`href="/items/${id}"`);
    expect(waiting).toMatch(/<option value="escalated" selected/);
    const other = await as('reviewer2');
    expect(await (await other.get('/queue?flow=escalated')).text()).not.toContain(`href="/items/${id}"`);
    expect((await other.get(`/items/${id}`)).status).toBe(404);
    await other.page('/queue');
    expect((await other.post(`/items/${id}/flow/resolve`, { note: 'không phải việc của tôi' })).status).toBe(404);
  });

  it('is answered by the federation: a note is required, then the item returns to its unit', async () => {
    const fed = await as('fedrev');
    const page = (await fed.page(`/items/${id}`)).html;
    expect(page).toContain(`action="/items/${id}/flow/resolve"`);
    expect(page).not.toContain('name="verdict"'); // deciding stays with the item's unit
    const bad = await fed.post(`/items/${id}/flow/resolve`, { note: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<textarea id="flow-note"[^>]*aria-invalid="true"/);
    expect((await fed.post(`/items/${id}/verdict`, { verdict: 'false', reason: 'x' })).status).toBe(404);
    const done = await fed.post(`/items/${id}/flow/resolve`, { note: 'Trả lời theo công văn của Bộ Y tế' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/queue?flow=escalated'); // not a 404: the item went back to its unit
    expect((await fed.get(`/items/${id}`)).status).toBe(404); // back in Hà Nội's flow
    const own = await as('reviewer');
    const html = (await own.page(`/items/${id}`)).html;
    expect(html).toContain(t('flow.normal'));
    expect(html).toContain(`<strong>${t('flow.event.resolve')}</strong> — Trả lời theo công văn của Bộ Y tế · fedrev`);
    const actions = (await h.store.db.all<{ action: string; username: string }>(`SELECT action, username FROM audit_log WHERE target_id = ? AND action IN ('escalate', 'flow_resolve') ORDER BY id`, [String(id)]));
    expect(actions).toEqual([{ action: 'escalate', username: 'reviewer' }, { action: 'flow_resolve', username: 'fedrev' }]);
  });

  it('offers units from the managed list in the queue filter, by name, and names them on the cards', async () => {
    const admin = await as('admin');
    const html = await (await admin.get('/queue?flow=escalated&all=1')).text();
    expect(html).toMatch(/<select name="unit" id="unit">.*<option value="hanoi">Công đoàn Hà Nội<\/option>.*<option value="ldld-mb">Liên đoàn Lao động miền Bắc<\/option>/s);
    const all = await (await admin.get('/queue?all=1')).text();
    expect(all).toContain(`#${h.ids[0]} · Công đoàn Hà Nội ·`);
  });

  it('lets the unit put an item on hold and release it itself', async () => {
    const c = await as('reviewer');
    await c.page(`/items/${h.ids[1]}`);
    expect((await c.post(`/items/${h.ids[1]}/hold`, { reason: 'Chờ công ty xác nhận' })).status).toBe(303);
    const page = (await c.page(`/items/${h.ids[1]}`)).html;
    expect(page).toContain(t('flow.waiting_held'));
    expect(page).toContain(`action="/items/${h.ids[1]}/flow/resolve"`);
    expect(await (await c.get('/queue?flow=held')).text()).toContain(`href="/items/${h.ids[1]}"`);
    expect((await c.post(`/items/${h.ids[1]}/flow/resolve`, { note: 'Công ty đã xác nhận' })).status).toBe(303);
    expect((await h.store.itemFlow.state(h.ids[1]))!.onHold).toBe(false);
  });
});
