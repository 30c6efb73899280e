import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';

// Issue 13, point 1: follow-up routing (unit from the list, owner, due date, history) on a page per
// grievance, a list that filters by unit, status and overdue and carries no form per card.
let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await harness({
    items: [
      { title: 'Nợ lương ở xưởng may', text: 'Công nhân bị nợ lương hai tháng.', source: 'forum-a', unit: 'hanoi' },
      { title: 'Nợ lương ở khu chế xuất', text: 'Công ty nợ lương, chưa trả thưởng Tết.', source: 'forum-b', unit: 'hcm' },
    ],
  });
  admin = new Client(h);
  await admin.login('admin');
});
afterAll(() => h.close());

describe('grievance follow-up', () => {
  it('routes to a unit from the list, an owner and a due date, keeps a history, and comes back to the same grievance', async () => {
    const [hanoi] = h.ids;
    const page = (await admin.page(`/grievances/${hanoi}`)).html;
    expect(page).toMatch(/<select name="unit" id="g-unit">[\s\S]*<option value="hcm"/);
    expect(page).toContain(`<option value="${h.users.reviewer2}"`);
    const res = await admin.post(`/grievances/${hanoi}`, { status: 'forwarded', unit: 'hcm', owner: String(h.users.reviewer2), due: '2026-11-18', note: 'Chuyển công đoàn KCX' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/grievances/${hanoi}#followup`);
    expect(await h.store.grievances.full(hanoi)).toMatchObject({ status: 'forwarded', unit: 'hcm', ownerId: h.users.reviewer2, dueDate: '2026-11-18' });
    await admin.post(`/grievances/${hanoi}`, { status: 'open', unit: 'hcm', owner: String(h.users.reviewer2), due: '2026-11-25', note: 'Gia hạn' });
    const again = (await admin.page(`/grievances/${hanoi}`)).html;
    expect(again).toContain('Lịch sử theo dõi');
    expect(again.indexOf('Gia hạn')).toBeLessThan(again.indexOf('Chuyển công đoàn KCX')); // newest first
    expect(again).toContain('hạn 25/11/2026');
    // A unit not in the list is refused with a message; nothing changes.
    await admin.post(`/grievances/${hanoi}`, { status: 'forwarded', unit: 'không-có-đơn-vị-này' });
    expect((await admin.page(`/grievances/${hanoi}`)).html).toContain('Hãy chọn đơn vị trong danh sách.');
    expect((await h.store.grievances.full(hanoi))!.unit).toBe('hcm');
    expect(await h.store.grievances.history(hanoi)).toHaveLength(2);
  });

  it('filters by unit, status and overdue; the list has no form on each card', async () => {
    const [hanoi, hcm] = h.ids;
    await admin.page(`/grievances/${hcm}`);
    await admin.post(`/grievances/${hcm}`, { status: 'open', unit: 'hcm', due: '2026-11-10' }); // overdue on 20/11
    const all = (await admin.page('/grievances')).html;
    expect(all).not.toMatch(/<form method="post" action="\/grievances\//);
    expect(all).toContain(`href="/grievances/${hanoi}"`);
    const overdue = (await admin.page('/grievances?overdue=1')).html;
    expect(overdue).toContain(`id="g${hcm}"`);
    expect(overdue).not.toContain(`id="g${hanoi}"`); // due 25/11
    expect(overdue).toContain('Quá hạn');
    const byUnit = (await admin.page('/grievances?unit=hanoi')).html;
    expect(byUnit).toContain(`id="g${hanoi}"`); // an item of hanoi, forwarded to hcm: both units see it
    expect(byUnit).not.toContain(`id="g${hcm}"`);
    const hcmList = (await admin.page('/grievances?unit=hcm&status=open')).html;
    expect(hcmList).toContain(`id="g${hcm}"`);
    expect(hcmList).toContain(`id="g${hanoi}"`);
  });
});
