import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaimFromItem, decideClaim } from '../../src/review/claim-service.js';
import { approveResponse, draftResponse, recordPublished } from '../../src/review/response-service.js';
import { Client, harness, type Harness } from './harness.js';

// Issue 14, finding 7: the queue's "matches a decided claim" hint was not filtered by unit, so a
// reviewer of Hà Nội saw the number, verdict and published response of a Hồ Chí Minh City claim.
const GARLIC = { kind: 'claim', label: 'covid_false', claimId: 'garlic-cures', statement: 'Tỏi chữa COVID', similarity: 0.8, confirmed: true };
let h: Harness;
let claim = 0;
let response = 0;

beforeAll(async () => {
  h = await harness({
    items: [
      { title: 'Tỏi chữa COVID', text: 'Ở Thủ Đức người ta nói ăn tỏi sống chữa khỏi COVID, bác sĩ giấu.', source: 'forum-b', unit: 'hcm', url: 'https://forum.example/hcm/1' },
      { title: 'Lại chuyện tỏi', text: 'Hà Nội: mẹo uống nước tỏi mỗi sáng chữa khỏi COVID đang lan trong xóm trọ.', source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/hn/1' },
    ],
  });
  const admin = { id: h.users.admin, username: 'admin', role: 'admin' as const, unit: 'hq' };
  const meta = { now: h.now.value };
  claim = await createClaimFromItem(h.store, admin, { itemId: h.ids[0], statement: 'Tỏi chữa khỏi COVID (TP.HCM)', label: 'covid_false' }, meta);
  await decideClaim(h.store, admin, { claimId: claim, verdict: 'false', reason: 'Bộ Y tế bác bỏ' }, meta);
  response = await draftResponse(h.store, admin, { claimId: claim, template: null, body: 'Tỏi không chữa được COVID.', sources: [{ url: 'https://who.int/x', title: 'WHO' }] }, meta);
  await approveResponse(h.store, admin, response, meta);
  await recordPublished(h.store, admin, { id: response, url: 'https://www.facebook.com/congdoan-hcm/posts/9' }, meta);
  // Both ways a queue row finds a decided claim: the same known claim, and a suggested membership.
  await h.store.db.run(`UPDATE claims SET known_claim_id = 'garlic-cures' WHERE id = ?`, [claim]);
  await h.store.db.run(`UPDATE classifications SET reasons = json_insert(reasons, '$[#]', json(?)) WHERE item_id = ?`, [JSON.stringify(GARLIC), h.ids[1]]);
});
afterAll(() => h.close());

const hint = (html: string) => ({ claim: html.includes(`href="/claims/${claim}"`), response: html.includes(`/responses/${response}`), published: html.includes('Đã đăng') });

describe('the decided-claim hint in the queue', () => {
  it('never shows a reviewer a claim or response of another unit', async () => {
    const reviewer = new Client(h);
    await reviewer.login('reviewer');
    const html = await (await reviewer.get('/queue')).text();
    expect(html).toContain(`href="/items/${h.ids[1]}"`); // the Hà Nội item is listed…
    expect(hint(html)).toEqual({ claim: false, response: false, published: false }); // …without the other unit's claim
  });

  it('nor through a suggested membership', async () => {
    await h.store.db.run(`UPDATE claims SET known_claim_id = NULL WHERE id = ?`, [claim]);
    await h.store.db.write(() => h.store.claims.setMember({ claimId: claim, itemId: h.ids[1], state: 'suggested', similarity: 0.7, userId: h.users.admin, now: h.now.value.toISOString() }));
    const reviewer = new Client(h);
    await reviewer.login('reviewer');
    expect(hint(await (await reviewer.get('/queue')).text())).toEqual({ claim: false, response: false, published: false });
  });

  it('still shows it to those who may open the claim', async () => {
    const admin = new Client(h);
    await admin.login('admin');
    expect(hint(await (await admin.get('/queue')).text())).toEqual({ claim: true, response: true, published: true });
  });
});
