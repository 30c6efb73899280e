import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';

let h: Harness;
let reviewer: Client;
beforeAll(async () => {
  h = await harness();
  reviewer = new Client(h);
  await reviewer.login('reviewer');
});
afterAll(() => h.close());

describe('"Bài tiếp theo" after a decision', () => {
  it('offers the next item of the reviewer\'s queue once an item is decided, then says when none is left', async () => {
    const first = h.ids[0];
    expect((await reviewer.page(`/items/${first}`)).html).not.toContain('/queue/next');
    expect((await reviewer.post(`/items/${first}/verdict`, { verdict: 'false', reason: 'Bộ Y tế bác bỏ' })).status).toBe(303);
    const page = (await reviewer.page(`/items/${first}`)).html;
    expect(page).toContain(`href="/queue/next?from=${first}"`);
    expect(page).toContain('Bài tiếp theo');
    const next = await reviewer.get(`/queue/next?from=${first}`);
    expect(next.status).toBe(303);
    const target = Number(/\/items\/(\d+)$/.exec(next.headers.get('location')!)![1]);
    expect(target).not.toBe(first);
    expect((await h.store.reviewItems.head(target))!.verdict).toBeNull();

    // Decide everything the reviewer can see: the next link then returns to the queue with a note.
    for (let i = 0; i < 10; i++) {
      const res = await reviewer.get(`/queue/next?from=${first}`);
      const m = /\/items\/(\d+)$/.exec(res.headers.get('location')!);
      if (!m) break;
      await reviewer.page(`/items/${m[1]}`);
      // A grievance cannot be judged true/false: it is recorded as a grievance for follow-up.
      const res2 = await reviewer.post(`/items/${m[1]}/verdict`, { verdict: 'true', reason: 'Đúng' });
      if (!(await h.store.reviewItems.head(Number(m[1])))!.verdict) await reviewer.post(`/items/${m[1]}/verdict`, { verdict: 'grievance', reason: 'Theo dõi' });
    }
    const done = await reviewer.get(`/queue/next?from=${first}`);
    expect(done.headers.get('location')).toBe('/queue');
    expect((await reviewer.page('/queue')).html).toContain('Bạn đã xử lý hết các bài trong hàng đợi.');
  });
});
