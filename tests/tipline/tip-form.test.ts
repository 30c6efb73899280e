import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../review-ui/harness.js';
import { fakeApi } from './fake-apis.js';
import { tipHarness, type TipHarness } from './tip-harness.js';

let h: TipHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An anonymous visitor at `ip` (the harness trusts X-Forwarded-For, as behind KC_TRUST_PROXY=1). */
async function visitor(hh: TipHarness, ip: string) {
  const c = new Client(hh);
  const get = c.get.bind(c);
  const post = c.post.bind(c);
  c.get = (path, headers = {}) => get(path, { 'x-forwarded-for': ip, ...headers });
  // Client.post has no header hook: the address is added to that one request.
  c.post = async (path, fields, opts) => {
    const orig = hh.app.request.bind(hh.app);
    hh.app.request = ((input: string, init?: RequestInit) => orig(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': ip } })) as typeof hh.app.request;
    try {
      return await post(path, fields, opts);
    } finally {
      hh.app.request = orig;
    }
  };
  await c.page('/tip');
  return c;
}

const tipCount = async (hh: TipHarness) => (await hh.store.db.get<{ n: number }>('SELECT count(*) AS n FROM tips'))!.n;

describe('/tip, the public tip form', () => {
  it('is open to the local network by default, not to the internet; KC_TIP_FORM=public opens it, off closes it', async () => {
    h = await tipHarness();
    expect((await new Client(h).get('/tip', { 'x-forwarded-for': '192.168.1.20' })).status).toBe(200);
    expect((await new Client(h).get('/tip', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
    expect((await new Client(h).get('/tip', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
    await h.close();
    h = await tipHarness({ KC_TIP_FORM: 'public' });
    expect((await new Client(h).get('/tip', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
    await h.close();
    h = await tipHarness({ KC_TIP_FORM: 'off' });
    expect((await new Client(h).get('/tip', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(404);
    // Signed-in reviewers keep their form whatever KC_TIP_FORM says.
    const r = new Client(h);
    await r.login('reviewer');
    expect((await r.get('/tip')).status).toBe(200);
  });

  it('takes pasted text with a concern and a unit from the managed list, gives a receipt, and the tip reaches the queue with its badge', async () => {
    h = await tipHarness();
    const v = await visitor(h, '10.1.2.3');
    const { html } = await v.page('/tip');
    expect(html).toContain('name="website"');
    expect(html).not.toMatch(/name="(name|phone|email)"/);
    const res = await v.post('/tip', { text: 'Nhóm Zalo xưởng chuyền nhau: uống nước tỏi chữa khỏi COVID, bác sĩ giấu.', worry: 'Nhiều chị em tin và không đi khám', unit: 'hanoi', url: '', website: '' });
    expect(res.status).toBe(303);
    const receipt = /\/tip\/received\/(TB-[2-9A-Z]{4}-[2-9A-Z]{4})$/.exec(res.headers.get('location') ?? '')?.[1];
    expect(receipt).toBeTruthy();
    const done = await v.page(res.headers.get('location')!);
    expect(done.html).toContain(receipt);
    const tip = (await h.store.db.get<{ item_id: number; channel: string; worry: string; sender_pseudonym: string | null; reply_to: string | null }>('SELECT item_id, channel, worry, sender_pseudonym, reply_to FROM tips WHERE receipt = ?', [receipt!]))!;
    expect(tip).toMatchObject({ channel: 'web', worry: 'Nhiều chị em tin và không đi khám', sender_pseudonym: null, reply_to: null });
    const item = await h.store.db.get<{ source_id: string; unit: string }>('SELECT source_id, unit FROM items WHERE id = ?', [tip.item_id]);
    expect(item).toEqual({ source_id: 'tip', unit: 'hanoi' });
    // The reviewer of that unit sees it with the "Tin báo" badge and the member's concern.
    const r = new Client(h);
    await r.login('reviewer');
    const queue = await (await r.get('/queue?source=tip')).text();
    expect(queue).toContain('class="badge tip"');
    const page = await (await r.get(`/items/${tip.item_id}`)).text();
    expect(page).toContain(receipt);
    expect(page).toContain('Nhiều chị em tin và không đi khám');
    // The audit row names the receipt and channel, not the text or the address.
    const audit = await h.store.db.all<{ detail: string; ip: string | null }>("SELECT detail, ip FROM audit_log WHERE action = 'tip_submit'");
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toContain(receipt);
    expect(JSON.stringify(audit)).not.toContain('10.1.2.3');
    expect(JSON.stringify(audit)).not.toContain('tỏi');
  });

  it('refuses a flood from one address (rate limit), while another address still gets through', async () => {
    h = await tipHarness({ KC_TIP_RATE_PER_HOUR: '3' });
    const v = await visitor(h, '192.168.5.5');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await v.post('/tip', { text: `Tin báo số ${i}: công ty nợ lương ba tháng ở xưởng ${i}` })).status);
    expect(statuses).toEqual([303, 303, 303, 429, 429, 429]);
    expect(await tipCount(h)).toBe(3);
    const other = await visitor(h, '192.168.5.6');
    expect((await other.post('/tip', { text: 'Tin từ máy khác trong mạng' })).status).toBe(303);
    // An hour later the first address may send again.
    h.now.value = new Date(h.now.value.getTime() + 3_600_001);
    expect((await v.post('/tip', { text: 'Một giờ sau' })).status).toBe(303);
    expect(await tipCount(h)).toBe(5);
  });

  it('a filled honeypot looks accepted but stores nothing', async () => {
    h = await tipHarness();
    const v = await visitor(h, '127.0.0.1');
    const res = await v.post('/tip', { text: 'Mua thuốc giá rẻ tại đây', website: 'http://spam.example' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/tip\/received\/TB-/);
    expect(await tipCount(h)).toBe(0);
    expect((await h.store.db.get<{ n: number }>("SELECT count(*) AS n FROM items WHERE source_id = 'tip'"))!.n).toBe(0);
  });

  it('refuses oversize text at its field (aria-invalid, aria-describedby), an empty form, a bad link and a unit outside the list', async () => {
    h = await tipHarness({ KC_TIP_MAX_CHARS: '200' });
    const v = await visitor(h, '127.0.0.1');
    const long = await v.post('/tip', { text: 'nợ lương '.repeat(40) });
    expect(long.status).toBe(400);
    const html = await long.text();
    expect(html).toMatch(/id="tip-text"[^>]*aria-describedby="text-error"[^>]*aria-invalid="true"|id="tip-text"[^>]*aria-invalid="true"/);
    expect(html).toContain('id="text-error"');
    expect(html).toContain('200');
    // what was typed comes back
    expect(html).toContain('nợ lương nợ lương');
    expect((await v.post('/tip', { text: '  ', url: '' })).status).toBe(400);
    const bad = await v.post('/tip', { url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="url-error"');
    expect((await v.post('/tip', { text: 'Tin báo', unit: 'khong-co' })).status).toBe(400);
    // the whole request is capped too
    const huge = await v.post('/tip', { text: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect(await tipCount(h)).toBe(0);
  });

  it('a link that cannot be read (private address, no text pasted) asks for the text instead of storing nothing silently', async () => {
    h = await tipHarness();
    const v = await visitor(h, '127.0.0.1');
    const res = await v.post('/tip', { url: 'http://10.0.0.1/noi-bo' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="url-error"');
    expect(await tipCount(h)).toBe(0);
  });
});

describe('tips from signed-in reviewers, and the one-press answer back through the channel', () => {
  it('a reviewer records a tip (channel ui, their unit by default); viewers cannot', async () => {
    h = await tipHarness({ KC_TIP_FORM: 'off' });
    const r = new Client(h);
    await r.login('reviewer');
    const { html } = await r.page('/tip');
    expect(html).toMatch(/<option value="hanoi" selected/);
    const res = await r.post('/tip', { text: 'Công nhân gọi điện báo: công ty nợ lương hai tháng, chưa đóng bảo hiểm.', unit: 'hanoi' });
    expect(res.status).toBe(303);
    const row = await h.store.db.get<{ channel: string; created_by: number }>('SELECT channel, created_by FROM tips');
    expect(row).toEqual({ channel: 'ui', created_by: h.users.reviewer });
    const viewer = new Client(h);
    await viewer.login('viewer');
    expect((await viewer.get('/tip')).status).toBe(403);
    expect((await viewer.post('/tip', { text: 'x' })).status).toBe(403);
  });

  it('sends the decided claim\'s verdict and approved response to the Telegram member once, when a reviewer presses the button; audited', async () => {
    const tg = await fakeApi();
    try {
      h = await tipHarness({ KC_TELEGRAM_BOT_TOKEN: '42:abc', KC_TELEGRAM_WEBHOOK_SECRET: 'secret_secret_secret', KC_TELEGRAM_API: tg.base, KC_TIP_UNIT: 'hanoi' });
      const now = Math.floor(h.now.value.getTime() / 1000);
      const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: now, chat: { id: 555, type: 'private' }, from: { id: 555 }, text: 'Uống nước tỏi mỗi sáng chữa khỏi COVID trong 3 ngày, bác sĩ giấu.' } });
      expect((await h.app.request('/hooks/telegram', { method: 'POST', body: update, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'secret_secret_secret' } })).status).toBe(200);
      await h.hooks.settled();
      await tg.waitFor(1);
      const tip = (await h.store.db.get<{ id: number; item_id: number; receipt: string }>('SELECT id, item_id, receipt FROM tips'))!;
      const r = new Client(h);
      await r.login('reviewer');
      // Not decided yet: no button, and a forged press is refused.
      let page = await (await r.page(`/items/${tip.item_id}`)).html;
      expect(page).not.toContain(`/tips/${tip.id}/reply`);
      expect(page).toContain('Nút trả lời hiện ra');
      await r.post(`/tips/${tip.id}/reply`, {});
      expect(tg.calls).toHaveLength(1);
      // A claim with a verdict and an approved response, the tip's item a confirmed member.
      const claimId = await h.store.db.write(async () => {
        const id = await h!.store.claims.create({ statement: 'Nước tỏi chữa khỏi COVID', label: 'covid_false', unit: 'hanoi', userId: h!.users.reviewer, now: h!.now.value.toISOString() });
        await h!.store.claims.setMember({ claimId: id, itemId: tip.item_id, state: 'confirmed', userId: h!.users.reviewer, now: h!.now.value.toISOString() });
        await h!.store.claims.decide(id, { verdict: 'false', reason: 'Bộ Y tế khẳng định tỏi không chữa được COVID', userId: h!.users.reviewer, now: h!.now.value.toISOString() });
        const resp = await h!.store.responses.create({ claimId: id, template: null, body: '**Tỏi không chữa được COVID.** Hãy đi khám khi sốt.', sources: [], userId: h!.users.reviewer, now: h!.now.value.toISOString() });
        await h!.store.responses.approve(resp, h!.users.admin, h!.now.value.toISOString());
        return id;
      });
      page = (await r.page(`/items/${tip.item_id}`)).html;
      expect(page).toContain(`action="/tips/${tip.id}/reply"`);
      const res = await r.post(`/tips/${tip.id}/reply`, {});
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/items/${tip.item_id}#tips`);
      await tg.waitFor(2);
      expect(tg.calls).toHaveLength(2);
      const text = String(tg.calls[1].body.text);
      expect(tg.calls[1].body.chat_id).toBe('555');
      expect(text).toContain(tip.receipt);
      expect(text).toContain('Nước tỏi chữa khỏi COVID');
      expect(text).toContain('Sai sự thật');
      expect(text).toContain('Tỏi không chữa được COVID.');
      expect(text).not.toContain('**');
      // Once: a second press sends nothing.
      await r.page(`/items/${tip.item_id}`);
      await r.post(`/tips/${tip.id}/reply`, {});
      expect(tg.calls).toHaveLength(2);
      const audit = await h.store.db.all<{ username: string; detail: string }>("SELECT username, detail FROM audit_log WHERE action = 'tip_reply'");
      expect(audit).toHaveLength(1);
      expect(audit[0].username).toBe('reviewer');
      expect(JSON.parse(audit[0].detail)).toMatchObject({ tip: tip.receipt, channel: 'telegram', claim: claimId, verdict: 'false' });
      expect(audit[0].detail).not.toContain('555');
      // A reviewer of another unit cannot press it.
      const other = new Client(h);
      await other.login('reviewer2');
      expect((await other.post(`/tips/${tip.id}/reply`, {})).status).toBe(403);
    } finally {
      await tg.close();
    }
  });

  it('the daily purge clears the chat id after KC_TIP_REPLY_DAYS; erasing the item takes the tip with it', async () => {
    h = await tipHarness();
    const itemId = h.ids[0];
    await h.store.db.write(() => h!.store.tips.add({ receipt: 'TB-2222-3333', itemId, channel: 'zalo', worry: null, senderPseudonym: 'tg-00000000', replyTo: '123', createdBy: null, receivedAt: '2026-10-01T00:00:00.000Z' }));
    const { purgeExpired } = await import('../../src/jobs/purge-expired.js');
    await purgeExpired(h.store, { unflaggedDays: 3650, flaggedDays: 3650, dataDir: h.dir, actor: 'test', now: h.now.value, tipReplyDays: 30 });
    expect(await h.store.tips.replyRef((await h.store.tips.forItem(itemId))[0].id)).toBeUndefined();
    const { eraseItems } = await import('../../src/privacy/erase-items.js');
    await eraseItems(h.store, { dataDir: h.dir, ids: [itemId], now: h.now.value });
    expect(await h.store.tips.forItem(itemId)).toEqual([]);
  });
});
