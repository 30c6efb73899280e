import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLocalNetwork } from '../../src/tipline/local-network.js';
import { newReceipt } from '../../src/tipline/receipt.js';
import { parseTelegramUpdate, telegramTip } from '../../src/tipline/telegram.js';
import { parseZaloEvent, zaloSignatureValid, zaloTip } from '../../src/tipline/zalo.js';

describe('tipline parts', () => {
  it('Zalo signature: sha256(appId + raw body + timestamp + OA secret key), with or without the "mac=" prefix; any other key, body or timestamp fails', () => {
    const cfg = { appId: '123', oaSecret: 'oa-secret' };
    const body = '{"event_name":"user_send_text","timestamp":"1795000000000","sender":{"id":"9"},"message":{"text":"xin chào","msg_id":"m"}}';
    const mac = createHash('sha256').update(`123${body}1795000000000oa-secret`).digest('hex');
    expect(zaloSignatureValid(cfg, body, '1795000000000', `mac=${mac}`)).toBe(true);
    expect(zaloSignatureValid(cfg, body, '1795000000000', mac.toUpperCase())).toBe(true);
    expect(zaloSignatureValid(cfg, body, '1795000000001', `mac=${mac}`)).toBe(false);
    expect(zaloSignatureValid({ ...cfg, oaSecret: 'app-secret' }, body, '1795000000000', `mac=${mac}`)).toBe(false);
    expect(zaloSignatureValid(cfg, `${body} `, '1795000000000', `mac=${mac}`)).toBe(false);
    expect(zaloSignatureValid(cfg, body, '1795000000000', undefined)).toBe(false);
    expect(zaloSignatureValid(cfg, body, '1795000000000', 'mac=')).toBe(false);
    const e = parseZaloEvent(body)!;
    expect(zaloTip(e)).toEqual({ senderId: '9', text: 'xin chào', url: undefined, key: 'm' });
    expect(zaloTip(parseZaloEvent('{"event_name":"follow","timestamp":"1","follower":{"id":"9"}}')!)).toBeNull();
    expect(parseZaloEvent('not json')).toBeNull();
  });

  it('Telegram: a URL entity is cut by UTF-16 offsets (Vietnamese text before it), text_link carries its own URL', () => {
    const text = 'Xem tin này 👉 https://vi.example/bai?x=1 nhé';
    const offset = text.indexOf('https');
    const u = parseTelegramUpdate(JSON.stringify({ update_id: 1, message: { message_id: 1, date: 1, chat: { id: 5, type: 'private' }, from: { id: 5 }, text, entities: [{ type: 'url', offset, length: 'https://vi.example/bai?x=1'.length }] } }))!;
    expect(telegramTip(u)?.url).toBe('https://vi.example/bai?x=1');
    const l = parseTelegramUpdate(JSON.stringify({ update_id: 2, message: { message_id: 2, date: 1, chat: { id: 5, type: 'private' }, from: { id: 5 }, text: 'bài này', entities: [{ type: 'text_link', offset: 0, length: 7, url: 'https://x.example/' }] } }))!;
    expect(telegramTip(l)).toMatchObject({ url: 'https://x.example/', chatId: '5', key: '2' });
  });

  it('local network: loopback and private ranges (v4, v6, v4-mapped) yes; public addresses no', () => {
    for (const ip of ['127.0.0.1', '10.2.3.4', '172.16.0.9', '172.31.255.1', '192.168.1.1', '::1', 'fd00::5', 'fe80::1', '::ffff:192.168.0.7', 'local']) expect(isLocalNetwork(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '203.0.113.9', '2001:db8::1', '::ffff:8.8.8.8', 'unknown', '', undefined]) expect(isLocalNetwork(ip), String(ip)).toBe(false);
  });

  it('receipt numbers avoid look-alike characters and differ', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newReceipt()));
    expect(seen.size).toBe(500);
    for (const r of seen) expect(r).toMatch(/^TB-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  });
});
