import { afterEach, beforeEach, expect, it } from 'vitest';
import { eraseItems } from '../../src/privacy/erase-items.js';
import { Client, harness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

it('an erased item shows a placeholder where its text was; its verdict and claim stay visible', async () => {
  const id = h.ids[0];
  const claimId = await h.store.db.write(async () => {
    const claimId = await h.store.claims.create({ statement: 'Tỏi chữa khỏi COVID', label: 'covid_false', unit: 'hanoi', userId: h.users.reviewer, now: '2026-11-19T05:00:00Z' });
    await h.store.claims.setMember({ claimId, itemId: id, state: 'confirmed', userId: h.users.reviewer, now: '2026-11-19T05:00:00Z' });
    await h.store.verdicts.add({ itemId: id, claimId, verdict: 'false', reason: 'sai sự thật', userId: h.users.reviewer, now: '2026-11-19T05:00:00Z' });
    return claimId;
  });
  expect(await eraseItems(h.store, { dataDir: h.dir, ids: [id], now: new Date('2026-11-20T00:00:00Z') })).toMatchObject({ scrubbed: 1 });

  const c = new Client(h);
  expect((await c.login('reviewer')).status).toBe(303);
  const { res, html } = await c.page(`/items/${id}`);
  expect(res.status).toBe(200);
  expect(html).toContain('đã được xoá ngày 20/11/2026');
  expect(html).not.toMatch(/nước tỏi|forum\.example\/p\/1|nguoidung_1/);
  expect(html).toContain('sai sự thật');
  const claim = await c.page(`/claims/${claimId}`);
  expect(claim.html).toContain(`#${id} (nội dung đã xoá)`);
});
