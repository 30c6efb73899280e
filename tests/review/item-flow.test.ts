import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/review/access.js';
import { canResolve, holdOrEscalate, resolveFlow } from '../../src/review/flow-service.js';
import { itemFor, recordVerdict } from '../../src/review/item-actions.js';
import { eraseItems } from '../../src/privacy/erase-items.js';
import { createQueueService } from '../../src/review/queue-service.js';
import { addUnit, updateUnit } from '../../src/review/unit-service.js';
import { queueQuerySchema } from '../../src/review/queue-service.js';
import { addUser, harness, type Harness } from '../review-ui/harness.js';

// Escalation and hold (issue 13, §3) on a real SQLite file: who may ask, who sees it, who answers.
let h: Harness;
const meta = () => ({ now: h.now.value });
let admin: Actor, hanoi: Actor, hcm: Actor, federation: Actor;

beforeAll(async () => {
  h = await harness();
  admin = { id: h.users.admin, username: 'admin', role: 'admin', unit: 'hq' };
  hanoi = { id: h.users.reviewer, username: 'reviewer', role: 'reviewer', unit: 'hanoi' };
  hcm = { id: h.users.reviewer2, username: 'reviewer2', role: 'reviewer', unit: 'hcm' };
  // Hà Nội's union sits under a federation; Hồ Chí Minh City's has no parent in this list.
  const fed = await addUnit(h.store, admin, { code: 'ldld-mb', name: 'Liên đoàn Lao động miền Bắc', parentId: null }, meta());
  const hn = (await h.store.units.byCode('hanoi'))!;
  await updateUnit(h.store, admin, { id: hn.id, name: 'Công đoàn Hà Nội', parentId: fed }, meta());
  federation = { id: await addUser(h.store, 'fedrev', 'reviewer', 'ldld-mb'), username: 'fedrev', role: 'reviewer', unit: 'ldld-mb' };
});
afterAll(() => h.close());

describe('escalation to the unit above', () => {
  it('needs a reason, then waits for the parent federation with who and why recorded', async () => {
    const id = h.ids[0];
    await expect(holdOrEscalate(h.store, hanoi, { itemId: id, kind: 'escalate', reason: '  ' }, meta())).rejects.toMatchObject({ code: 'invalid' });
    await expect(holdOrEscalate(h.store, hcm, { itemId: id, kind: 'escalate', reason: 'không phải của tôi' }, meta())).rejects.toMatchObject({ code: 'not_found' });
    expect(await holdOrEscalate(h.store, hanoi, { itemId: id, kind: 'escalate', reason: 'Cần liên đoàn cho ý kiến về cách trả lời' }, meta())).toBe('ldld-mb');
    expect(await h.store.itemFlow.state(id)).toEqual({ onHold: false, escalated: true, flowUnit: 'ldld-mb' });
    expect((await h.store.reviewItems.head(id))!.status).toBe('in_review');
    const [e] = await h.store.itemFlow.events(id);
    expect(e).toMatchObject({ kind: 'escalate', toUnit: 'ldld-mb', reason: 'Cần liên đoàn cho ý kiến về cách trả lời', username: 'reviewer' });
    // The never-erased audit log names who, and fingerprints the reason (it may quote the post).
    const [a] = await h.store.audit.page({ action: 'escalate', limit: 1 });
    expect(a).toMatchObject({ username: 'reviewer', target_id: String(id) });
    expect(JSON.parse(a.detail)).toMatchObject({ on: true, to: 'ldld-mb', reason: { chars: 'Cần liên đoàn cho ý kiến về cách trả lời'.length } });
    expect(a.detail).not.toContain('liên đoàn');
    await expect(holdOrEscalate(h.store, hanoi, { itemId: id, kind: 'escalate', reason: 'lần nữa' }, meta())).rejects.toMatchObject({ code: 'conflict' });
  });

  it('is visible to a reviewer of the federation, in its escalated queue, and to nobody else', async () => {
    const id = h.ids[0];
    expect((await itemFor(h.store, federation, id)).id).toBe(id);
    await expect(itemFor(h.store, hcm, id)).rejects.toMatchObject({ code: 'not_found' });
    const queue = createQueueService(h.store, () => h.now.value);
    const ids = async (a: Actor, q: Record<string, string>) => (await queue.page(a, queueQuerySchema.parse(q))).rows.map((r) => r.id);
    expect(await ids(federation, { flow: 'escalated' })).toEqual([id]);
    expect(await ids(federation, {})).toEqual([]); // its own default queue is its own unit's items
    expect(await ids(hanoi, { flow: 'escalated' })).toEqual([id]); // the unit that asked sees what it sent up
    expect(await ids(hcm, { flow: 'escalated' })).toEqual([]);
    expect(await ids(admin, { flow: 'escalated' })).toEqual([id]);
    expect(await ids(admin, { flow: 'held' })).toEqual([]);
    expect(await queue.flowCounts(federation)).toEqual({ escalated: 1, held: 0 });
    expect(await queue.flowCounts(hcm)).toEqual({ escalated: 0, held: 0 });
  });

  it('is answered by the unit above, not withdrawn by the unit that asked; then it returns to normal flow', async () => {
    const id = h.ids[0];
    const item = (await h.store.reviewItems.get(id))!;
    expect([canResolve(hanoi, item), canResolve(federation, item), canResolve(admin, item), canResolve(hcm, item)]).toEqual([false, true, true, false]);
    await expect(resolveFlow(h.store, hanoi, { itemId: id, note: 'thôi' }, meta())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(resolveFlow(h.store, hcm, { itemId: id, note: 'thôi' }, meta())).rejects.toMatchObject({ code: 'not_found' });
    await expect(resolveFlow(h.store, federation, { itemId: id, note: '' }, meta())).rejects.toMatchObject({ code: 'invalid' });
    await resolveFlow(h.store, federation, { itemId: id, note: 'Trả lời theo công văn của Bộ Y tế' }, meta());
    expect(await h.store.itemFlow.state(id)).toEqual({ onHold: false, escalated: false, flowUnit: null });
    expect((await h.store.itemFlow.events(id)).map((e) => [e.kind, e.username])).toEqual([['resolve', 'fedrev'], ['escalate', 'reviewer']]);
    const [a] = await h.store.audit.page({ action: 'flow_resolve', limit: 1 });
    expect(a).toMatchObject({ username: 'fedrev', target_id: String(id) });
    // Back to its own unit: the federation no longer sees it, and there is nothing left to resolve.
    await expect(itemFor(h.store, federation, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(resolveFlow(h.store, admin, { itemId: id, note: 'lại lần nữa' }, meta())).rejects.toMatchObject({ code: 'conflict' });
    expect((await h.store.audit.verify()).ok).toBe(true);
  });
});

describe('hold', () => {
  it('waits for the unit above too, and its own unit may release it', async () => {
    const id = h.ids[1];
    await holdOrEscalate(h.store, hanoi, { itemId: id, kind: 'hold', reason: 'Chờ công ty xác nhận' }, meta());
    const item = (await h.store.reviewItems.get(id))!;
    expect(item).toMatchObject({ onHold: true, escalated: false, flowUnit: 'ldld-mb' });
    expect([canResolve(hanoi, item), canResolve(federation, item)]).toEqual([true, true]);
    expect(await createQueueService(h.store).flowCounts(federation)).toEqual({ escalated: 0, held: 1 });
    await resolveFlow(h.store, hanoi, { itemId: id, note: 'Công ty đã xác nhận' }, meta());
    expect(await h.store.itemFlow.state(id)).toEqual({ onHold: false, escalated: false, flowUnit: null });
  });

  it('of a unit with no parent waits for the admins only', async () => {
    const id = h.ids[2]; // Hồ Chí Minh City
    expect(await holdOrEscalate(h.store, hcm, { itemId: id, kind: 'escalate', reason: 'Cần trung ương quyết' }, meta())).toBeNull();
    await expect(itemFor(h.store, federation, id)).rejects.toMatchObject({ code: 'not_found' });
    expect(canResolve(hcm, (await h.store.reviewItems.get(id))!)).toBe(false);
    await resolveFlow(h.store, admin, { itemId: id, note: 'Đã trao đổi với ban tuyên giáo' }, meta());
    expect((await h.store.itemFlow.events(id))[0]).toMatchObject({ kind: 'resolve', username: 'admin' });
  });

  it('is never asked by a viewer', async () => {
    const viewer: Actor = { id: h.users.viewer, username: 'viewer', role: 'viewer', unit: 'hq' };
    await expect(holdOrEscalate(h.store, viewer, { itemId: h.ids[3], kind: 'hold', reason: 'xem thử' }, meta())).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('erasure', () => {
  it('takes the words of the post out of an escalation reason, and keeps the reviewer\'s own', async () => {
    const id = h.ids[4]; // "Hà Nội hôm nay trời nắng nhẹ, không có gì đặc biệt."
    await holdOrEscalate(h.store, hanoi, { itemId: id, kind: 'escalate', reason: 'Bài viết "trời nắng nhẹ, không có gì đặc biệt" có cần theo dõi?' }, meta());
    await recordVerdict(h.store, hanoi, { itemId: id, verdict: 'not_relevant', reason: 'không liên quan' }, meta()); // decided: its shell is kept
    await eraseItems(h.store, { dataDir: h.dir, ids: [id] });
    const [e] = await h.store.itemFlow.events(id);
    expect(e.reason).not.toContain('trời nắng nhẹ');
    expect(e.reason).toContain('có cần theo dõi');
  });
});

describe('queue reads', () => {
  it('read escalated and held items through their partial indexes, never a walk of all items', async () => {
    for (const flow of ['escalated', 'held'] as const) {
      for (const scope of [undefined, 'hanoi']) {
        const plan = await h.store.queue.plan({ flow, flowScope: scope, flaggedOnly: true }, 'new');
        expect(plan.join(' | ')).toMatch(new RegExp(`SCAN i USING (COVERING )?INDEX items_q_${flow}`));
      }
    }
  });
});
