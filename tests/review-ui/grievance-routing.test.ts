import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';

// Issue 14, finding 12: a reviewer could forward a grievance to another unit, whose reviewers then
// saw it in their follow-up list but could neither open the item nor update the follow-up.
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('a grievance forwarded to another unit', () => {
  it('can be opened and followed up by that unit, which still cannot decide the item', async () => {
    const hanoi = new Client(h);
    await hanoi.login('reviewer');
    await hanoi.page('/grievances');
    const item = h.ids[3]; // "Công ty nợ lương ba tháng", unit hanoi
    expect((await hanoi.post(`/grievances/${item}`, { status: 'forwarded', unit: 'hcm', note: 'Công ty có xưởng ở Thủ Đức' })).status).toBe(303);

    const hcm = new Client(h);
    await hcm.login('reviewer2');
    const list = (await hcm.page('/grievances')).html;
    expect(list).toContain(`href="/items/${item}"`);
    expect(list).toContain(`href="/grievances/${item}"`);
    expect((await hcm.page(`/grievances/${item}`)).html).toContain(`action="/grievances/${item}"`);
    expect((await hcm.get(`/items/${item}`)).status).toBe(200);
    await hcm.page('/grievances');
    expect((await hcm.post(`/grievances/${item}`, { status: 'resolved', unit: 'hcm', note: 'Đã làm việc với công ty' })).status).toBe(303);
    expect(await h.store.grievances.get(item)).toEqual({ status: 'resolved', unit: 'hcm', note: 'Đã làm việc với công ty' });
    // Following up is not deciding: the verdict stays with the item's own unit.
    await hcm.page(`/items/${item}`);
    expect((await hcm.post(`/items/${item}/verdict`, { verdict: 'not_relevant', reason: 'x' })).status).toBe(404);
    // Items of the first unit that were not forwarded stay hidden.
    expect((await hcm.get(`/items/${h.ids[0]}`)).status).toBe(404);
  });

  it('checks permission before the form: another unit posting an invalid update gets 404', async () => {
    const hcm = new Client(h);
    await hcm.login('reviewer2');
    await hcm.page('/grievances');
    expect((await hcm.post(`/grievances/${h.ids[0]}`, { status: 'bogus' })).status).toBe(404);
  });
});
