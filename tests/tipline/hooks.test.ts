import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeApi } from './fake-apis.js';
import { tipHarness, type TipHarness } from './tip-harness.js';

const APP_ID = '4242424242';
const OA_SECRET = 'oa-secret-key-for-tests';
const TG_SECRET = 'tg_webhook_secret_0123456789';
const TG_TOKEN = '123456:test-bot-token';

let h: TipHarness;
let zaloApi: Awaited<ReturnType<typeof fakeApi>>;
let tgApi: Awaited<ReturnType<typeof fakeApi>>;
let site: Server;
let siteBase: string;

const ARTICLE = `<!doctype html><html lang="vi"><head><title>Uống nước lá ổi chữa khỏi cúm - Tin nhanh</title>
<meta property="article:published_time" content="2026-11-18T09:00:00+07:00"></head><body><nav><a href="/">Trang chủ</a></nav>
<article><h1>Uống nước lá ổi chữa khỏi cúm</h1><p>Một tin nhắn lan truyền nói rằng uống nước lá ổi ba lần một ngày sẽ chữa khỏi COVID chỉ sau một đêm, bác sĩ giấu.</p>
<p>Tin nhắn còn khuyên công nhân không cần đi khám khi sốt cao, chỉ cần uống nước lá ổi và chia sẻ cho mười người.</p></article><footer>© Tin nhanh</footer></body></html>`;

beforeAll(async () => {
  zaloApi = await fakeApi();
  tgApi = await fakeApi();
  site = createServer((req, res) => {
    if (req.url === '/robots.txt') return res.end('User-agent: *\nAllow: /\n');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(ARTICLE);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
  siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  h = await tipHarness({
    KC_ZALO_APP_ID: APP_ID, KC_ZALO_OA_SECRET: OA_SECRET, KC_ZALO_ACCESS_TOKEN: 'oa-access-token-test', KC_ZALO_API: zaloApi.base,
    KC_TELEGRAM_BOT_TOKEN: TG_TOKEN, KC_TELEGRAM_WEBHOOK_SECRET: TG_SECRET, KC_TELEGRAM_API: tgApi.base,
    KC_CRAWL_ALLOW_HOSTS: new URL(siteBase).host, KC_TIP_UNIT: 'hanoi',
  });
});

afterAll(async () => {
  await h?.close();
  await zaloApi?.close();
  await tgApi?.close();
  await new Promise<void>((r) => site.close(() => r()));
});

/** A Zalo OA event as the platform sends it, signed as its documentation specifies. */
function zaloEvent(over: { text?: string; link?: string; msgId: string; ts?: number; sender?: string }) {
  const ts = String(over.ts ?? h.now.value.getTime());
  const body = JSON.stringify({
    app_id: APP_ID,
    sender: { id: over.sender ?? '8123456789012345678' },
    user_id_by_app: '552177279717587730',
    recipient: { id: '388613280878808645' },
    event_name: over.link ? 'user_send_link' : 'user_send_text',
    message: over.link
      ? { msg_id: over.msgId, text: over.text ?? over.link, attachments: [{ type: 'link', payload: { url: over.link, description: '', thumbnail: '' } }] }
      : { msg_id: over.msgId, text: over.text },
    timestamp: ts,
  });
  const mac = createHash('sha256').update(APP_ID + body + ts + OA_SECRET).digest('hex');
  return { body, mac };
}

const postZalo = (body: string, signature?: string) =>
  h.app.request('/hooks/zalo', { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature !== undefined && { 'x-zevent-signature': signature }) } });

async function tipsRows() {
  return h.store.db.all<{ receipt: string; item_id: number; channel: string; sender_pseudonym: string | null; reply_to: string | null; worry: string | null; source_id: string; text: string }>(
    'SELECT t.receipt, t.item_id, t.channel, t.sender_pseudonym, t.reply_to, t.worry, i.source_id, i.text FROM tips t JOIN items i ON i.id = t.item_id ORDER BY t.id',
  );
}

describe('Zalo OA webhook (/hooks/zalo)', () => {
  it('refuses a missing or wrong signature and stores nothing', async () => {
    const { body, mac } = zaloEvent({ text: 'Uống nước tỏi chữa khỏi COVID, bác sĩ giấu', msgId: 'z-bad' });
    expect((await postZalo(body)).status).toBe(401);
    expect((await postZalo(body, `mac=${'0'.repeat(64)}`)).status).toBe(401);
    // Signed with the app secret instead of the OA secret key
    const wrongKey = createHash('sha256').update(APP_ID + body + JSON.parse(body).timestamp + 'app-secret').digest('hex');
    expect((await postZalo(body, `mac=${wrongKey}`)).status).toBe(401);
    // A valid signature over another body
    expect((await postZalo(body.replace('tỏi', 'gừng'), `mac=${mac}`)).status).toBe(401);
    await h.hooks.settled();
    expect(await tipsRows()).toEqual([]);
    expect(zaloApi.calls).toEqual([]);
  });

  it('a valid text message becomes a tip (source tip, pseudonymised sender) and the receipt reaches the OA API; the same event again is refused', async () => {
    const { body, mac } = zaloEvent({ text: 'Uống nước tỏi chữa khỏi COVID trong 3 ngày, bác sĩ giấu', msgId: 'z-1' });
    const res = await postZalo(body, `mac=${mac}`);
    expect(res.status).toBe(200);
    await h.hooks.settled();
    const rows = await tipsRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'zalo', source_id: 'tip', reply_to: '8123456789012345678', text: 'Uống nước tỏi chữa khỏi COVID trong 3 ngày, bác sĩ giấu' });
    expect(rows[0].sender_pseudonym).toMatch(/^tg-[0-9a-f]{8}$/);
    expect(rows[0].sender_pseudonym).not.toContain('8123456789012345678');
    expect(rows[0].receipt).toMatch(/^TB-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await zaloApi.waitFor(1);
    expect(zaloApi.calls).toHaveLength(1);
    expect(zaloApi.calls[0].path).toBe('/v3.0/oa/message/cs');
    expect(zaloApi.calls[0].headers.access_token).toBe('oa-access-token-test');
    expect(zaloApi.calls[0].body).toMatchObject({ recipient: { user_id: '8123456789012345678' } });
    expect(String((zaloApi.calls[0].body.message as { text: string }).text)).toContain(rows[0].receipt);
    // Replay: the same signed event again
    expect((await postZalo(body, `mac=${mac}`)).status).toBe(409);
    await h.hooks.settled();
    expect(await tipsRows()).toHaveLength(1);
    // The raw sender id is nowhere in the audit log
    const audit = await h.store.db.all<{ detail: string | null }>("SELECT detail FROM audit_log WHERE action = 'tip_submit'");
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('8123456789012345678');
  });

  it('refuses a correctly signed event whose timestamp is too old (a replay outside the window)', async () => {
    const { body, mac } = zaloEvent({ text: 'Tin cũ gửi lại', msgId: 'z-old', ts: h.now.value.getTime() - 3_600_000 });
    expect((await postZalo(body, `mac=${mac}`)).status).toBe(403);
  });

  it('a link message becomes the readable text of the page (fetched through the crawler, robots.txt honoured)', async () => {
    const link = `${siteBase}/tin/la-oi`;
    const { body, mac } = zaloEvent({ link, text: `${link} cái này đang lan trong nhóm xưởng`, msgId: 'z-link', sender: '999' });
    expect((await postZalo(body, `mac=${mac}`)).status).toBe(200);
    await h.hooks.settled();
    const row = (await tipsRows()).at(-1)!;
    expect(row.text).toContain('uống nước lá ổi ba lần một ngày sẽ chữa khỏi COVID');
    expect(row.text).not.toContain('Trang chủ');
    expect(row.worry).toBe('cái này đang lan trong nhóm xưởng');
    const item = await h.store.db.get<{ title: string; url: string; unit: string; published_at: string }>('SELECT title, url, unit, published_at FROM items WHERE id = ?', [row.item_id]);
    expect(item).toMatchObject({ title: 'Uống nước lá ổi chữa khỏi cúm', url: link, unit: 'hanoi', published_at: '2026-11-18T02:00:00.000Z' });
  });

  it('is off (404) when not configured', async () => {
    const off = await tipHarness();
    try {
      const { body, mac } = zaloEvent({ text: 'x', msgId: 'z-off' });
      expect((await off.app.request('/hooks/zalo', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` } })).status).toBe(404);
      expect((await off.app.request('/hooks/telegram', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET } })).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

function tgUpdate(updateId: number, text: string, dateSec = Math.floor(h.now.value.getTime() / 1000)) {
  return JSON.stringify({
    update_id: updateId,
    message: { message_id: updateId + 1000, date: dateSec, chat: { id: 777001, type: 'private', first_name: 'A' }, from: { id: 777001, is_bot: false, first_name: 'A' }, text },
  });
}
const postTg = (body: string, secret?: string) =>
  h.app.request('/hooks/telegram', { method: 'POST', body, headers: { 'content-type': 'application/json', ...(secret !== undefined && { 'x-telegram-bot-api-secret-token': secret }) } });

describe('Telegram bot webhook (/hooks/telegram)', () => {
  it('refuses a missing or wrong secret token', async () => {
    const body = tgUpdate(5001, 'Kêu gọi lập công đoàn độc lập ngoài hệ thống');
    expect((await postTg(body)).status).toBe(401);
    expect((await postTg(body, 'tg_webhook_secret_0123456788')).status).toBe(401);
    await h.hooks.settled();
    expect(tgApi.calls).toEqual([]);
  });

  it('a private text message becomes a tip, the receipt goes through sendMessage, the same update again is refused, an old one too', async () => {
    const before = (await tipsRows()).length;
    const body = tgUpdate(5002, 'Có người kêu gọi công nhân lập công đoàn độc lập ngoài hệ thống, nhắn tin khắp các nhóm');
    expect((await postTg(body, TG_SECRET)).status).toBe(200);
    await h.hooks.settled();
    const rows = await tipsRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ channel: 'telegram', source_id: 'tip', reply_to: '777001' });
    await tgApi.waitFor(1);
    expect(tgApi.calls[0].path).toBe(`/bot${TG_TOKEN}/sendMessage`);
    expect(tgApi.calls[0].body).toMatchObject({ chat_id: '777001' });
    expect(String(tgApi.calls[0].body.text)).toContain(rows.at(-1)!.receipt);
    expect((await postTg(body, TG_SECRET)).status).toBe(409);
    expect((await postTg(tgUpdate(5003, 'Tin nhắn cũ', Math.floor(h.now.value.getTime() / 1000) - 7200), TG_SECRET)).status).toBe(403);
    await h.hooks.settled();
    expect(await tipsRows()).toHaveLength(before + 1);
    expect(tgApi.calls).toHaveLength(1);
  });

  it('group messages and commands are not tips', async () => {
    const before = (await tipsRows()).length;
    const group = JSON.stringify({ update_id: 5010, message: { message_id: 1, date: Math.floor(h.now.value.getTime() / 1000), chat: { id: -100200, type: 'group' }, from: { id: 5 }, text: 'tin trong nhóm' } });
    expect((await postTg(group, TG_SECRET)).status).toBe(200);
    expect((await postTg(tgUpdate(5011, '/start'), TG_SECRET)).status).toBe(200);
    await h.hooks.settled();
    expect(await tipsRows()).toHaveLength(before);
  });
});
