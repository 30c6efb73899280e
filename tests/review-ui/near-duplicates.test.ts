import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';
import { translator } from '../../review-ui/i18n.js';

// Strings from the catalogue: the wording may be improved without breaking what is checked here.
const t = translator('vi');

// Issue 13, §3: bulk confirmation of near-duplicates of a decided item, one POST, each item through
// the usual services (verdict with reason, claim membership, grievance guard, audit).
const GARLIC = 'uống nước tỏi ngâm mật ong mỗi sáng sẽ chữa khỏi COVID chỉ sau ba ngày, bệnh viện không muốn cho dân biết';
let h: Harness;
const ids = { base: 0, copy: 0, reworded: 0, grievance: 0, hcm: 0, other: 0 };
let claim = 0;

beforeAll(async () => {
  h = await harness({
    items: [
      { title: 'Nước tỏi chữa COVID', text: `Tin đồn: ${GARLIC}.`, source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/n/1' },
      { title: 'Nước tỏi chữa COVID (chia sẻ lại)', text: `Chia sẻ lại: ${GARLIC}, mọi người lưu ý.`, source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/n/2' },
      { title: 'Tỏi mật ong', text: 'Nghe nói uống nước tỏi ngâm mật ong mỗi sáng thì chữa khỏi COVID chỉ sau ba ngày, bệnh viện giấu không cho dân biết.', source: 'forum-b', unit: 'hanoi', url: 'https://forum.example/n/3' },
      { title: 'Nợ lương và tỏi', text: `Công ty nợ lương, công nhân truyền tai nhau ${GARLIC}.`, source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/n/4' },
      { title: 'Tỏi ở TP.HCM', text: `TP.HCM: ${GARLIC}.`, source: 'forum-b', unit: 'hcm', url: 'https://forum.example/n/5' },
      { title: 'Tỏi và sức khoẻ', text: 'Bác sĩ khuyên ăn tỏi tốt cho sức khoẻ nhưng tỏi không chữa khỏi COVID, hãy tiêm vắc xin đầy đủ.', source: 'forum-a', unit: 'hanoi', url: 'https://forum.example/n/6' },
    ],
  });
  [ids.base, ids.copy, ids.reworded, ids.grievance, ids.hcm, ids.other] = h.ids;
});
afterAll(() => h.close());

async function reviewer() {
  const c = new Client(h);
  await c.login('reviewer');
  return c;
}
const section = (html: string) => (html.includes('id="near-dups-h"') ? html.slice(html.indexOf('id="near-dups-h"'), html.indexOf('</section>', html.indexOf('id="near-dups-h"'))) : '');

describe('near-duplicates of a decided item', () => {
  it('are offered only once the item has a verdict', async () => {
    const c = await reviewer();
    expect(section((await c.page(`/items/${ids.base}`)).html)).toBe('');
    expect((await c.post(`/items/${ids.base}/near-duplicates`, { item: String(ids.copy) })).status).toBe(303);
    expect((await c.page(`/items/${ids.base}`)).html).toContain(t('error.bulk_no_verdict'));
    expect((await h.store.reviewItems.head(ids.copy))!.verdict).toBeNull();
  });

  it('lists the undecided near-duplicates the reviewer may decide, a held grievance disabled', async () => {
    const c = await reviewer();
    await c.page(`/items/${ids.base}`);
    await c.post(`/items/${ids.base}/verdict`, { verdict: 'false', reason: 'Bộ Y tế khẳng định tỏi không chữa được COVID' });
    const res = await c.post(`/items/${ids.base}/claims`, { statement: 'Nước tỏi mật ong chữa khỏi COVID trong ba ngày', label: 'covid_false' });
    claim = Number(/\/claims\/(\d+)/.exec(res.headers.get('location') ?? '')![1]);
    const s = section((await c.page(`/items/${ids.base}`)).html);
    expect(s).toContain(t('near.legend', { verdict: t('verdict.false') }));
    for (const id of [ids.copy, ids.reworded]) expect(s).toMatch(new RegExp(`<input type="checkbox" name="item" value="${id}" id="near-${id}"/>`));
    expect(s).toMatch(new RegExp(`value="${ids.grievance}"[^>]*disabled[^>]*aria-describedby="near-${ids.grievance}-held"`));
    expect(s).toContain(t('near.held'));
    expect(s).not.toContain(`value="${ids.hcm}"`); // another unit's
    expect(s).not.toContain(`value="${ids.other}"`); // same topic, not the same text
  });

  it('confirms the chosen ones with the same verdict, reason and claim, item by item', async () => {
    const c = await reviewer();
    await c.page(`/items/${ids.base}`);
    const res = await c.post(`/items/${ids.base}/near-duplicates`, { item: [String(ids.copy), String(ids.reworded)] });
    expect(res.status).toBe(303);
    expect((await c.page(`/items/${ids.base}`)).html).toContain(t('flash.bulk_confirmed', { n: 2 }));
    for (const id of [ids.copy, ids.reworded]) {
      expect(await h.store.reviewItems.head(id)).toMatchObject({ verdict: 'false', status: 'decided' });
      expect(await h.store.claims.memberState(claim, id)).toBe('confirmed');
      const [v] = await h.store.verdicts.forItem(id);
      expect(v).toMatchObject({ verdict: 'false', reason: 'Bộ Y tế khẳng định tỏi không chữa được COVID', username: 'reviewer', claimId: claim });
    }
    const audited = await h.store.db.all<{ action: string; target_id: string }>(`SELECT action, target_type || ':' || target_id AS target_id FROM audit_log WHERE action IN ('claim_member', 'verdict', 'bulk_confirm') AND username = 'reviewer' ORDER BY id`);
    expect(audited.filter((a) => a.action === 'claim_member').length).toBe(2); // one per confirmed copy (the first member came with claim_create)
    expect(audited.filter((a) => a.action === 'verdict').map((a) => a.target_id)).toEqual([`item:${ids.base}`, `item:${ids.copy}`, `item:${ids.reworded}`]);
    expect(audited.at(-1)).toMatchObject({ action: 'bulk_confirm', target_id: `item:${ids.base}` });
    expect(section((await c.page(`/items/${ids.base}`)).html)).not.toContain(`value="${ids.copy}"`); // decided now
  });

  it('refuses a held grievance and another unit\'s item even by a crafted POST, and says why', async () => {
    const c = await reviewer();
    await c.page(`/items/${ids.base}`);
    expect((await c.post(`/items/${ids.base}/near-duplicates`, { item: [String(ids.grievance), String(ids.hcm)] })).status).toBe(303);
    const html = (await c.page(`/items/${ids.base}`)).html;
    const refused = `#${ids.grievance} (${t('error.grievance_held_claim')}); #${ids.hcm} (${t('error.bulk_not_candidate')})`;
    expect(html).toContain(t('flash.bulk_partly', { n: 0, refused }));
    for (const id of [ids.grievance, ids.hcm]) {
      expect((await h.store.reviewItems.head(id))!.verdict).toBeNull();
      expect(await h.store.claims.memberState(claim, id)).toBeUndefined();
    }
  });

  it('lets an admin confirm a near-duplicate of another unit; a viewer never', async () => {
    const admin = new Client(h);
    await admin.login('admin');
    expect(section((await admin.page(`/items/${ids.base}`)).html)).toContain(`value="${ids.hcm}"`);
    expect((await admin.post(`/items/${ids.base}/near-duplicates`, { item: String(ids.hcm) })).status).toBe(303);
    expect(await h.store.reviewItems.head(ids.hcm)).toMatchObject({ verdict: 'false' });
    const viewer = new Client(h);
    await viewer.login('viewer');
    await viewer.page(`/items/${ids.base}`);
    expect((await viewer.post(`/items/${ids.base}/near-duplicates`, { item: String(ids.other) })).status).toBe(403);
    expect((await h.store.audit.verify()).ok).toBe(true);
  });
});
