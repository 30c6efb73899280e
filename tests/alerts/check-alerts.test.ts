import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAlerts } from '../../src/alerts/check-alerts.js';
import { deliverAlerts } from '../../src/alerts/deliver-alerts.js';
import { runAlerts } from '../../src/jobs/alert-job.js';
import { createWatchlist } from '../../src/review/watchlist-service.js';
import type { Store } from '../../src/storage/store.js';
import { rng } from '../../bench/alert-data.js';
import { startSmtpSink } from '../digest/smtp-sink.js';
import { tempStore } from '../helpers/foundation.js';
import { addUser } from '../review-ui/harness.js';
import { importAt, post, quietStream, TOPICS, type Stream } from './alert-stream.js';

const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-11-20T08:40:00Z'); // 15:40 in Hà Nội
const HOUR = new Date('2026-11-20T08:00:00Z');
const meta = { now: new Date('2026-11-01T00:00:00Z') };

let store: Store;
let dir: string;
let stream: Stream;
let admin: { id: number; username: string; role: 'admin'; unit: string };
let watchId: number;

beforeAll(async () => {
  ({ store, dir } = await tempStore());
  admin = { id: await addUser(store, 'admin', 'admin', 'hq'), username: 'admin', role: 'admin', unit: 'hq' };
  // 17 quiet days up to NOW, imported hour by hour through the import path.
  stream = await quietStream(store, dir, NOW, 17);
  watchId = await createWatchlist(store, admin, { name: 'Ép tăng ca', query: '"tang ca" OR "tăng giờ"', labels: [], from: undefined, to: undefined, unit: undefined, source: undefined }, meta);
}, 120_000);
afterAll(async () => {
  await store.close();
});

describe('alert check on a stream of imported posts (real SQLite file)', () => {
  it('a quiet stream fires no alert, however often the check runs', async () => {
    expect(stream.items.filter((i) => i.topic === 'overtime').length).toBeGreaterThan(40);
    for (const minutes of [-120, -60, -30, 0]) {
      const r = await checkAlerts(store, { now: new Date(NOW.getTime() + minutes * 60_000), timeZone: TZ });
      expect(r.created).toEqual([]);
      expect(r.subjects).toBe(2); // the watchlist and the known claim the classifier matched
    }
  });

  it('a spike planted in the stream fires exactly one alert, with the items of its hour', async () => {
    const rand = rng(99);
    const planted = [
      ...(await importAt(store, dir, new Date('2026-11-20T08:05:00Z'), Array.from({ length: 6 }, (_, i) => ({ text: post(TOPICS.overtime, 10_000 + i, rand), author: 'someone_loud' })))),
      ...(await importAt(store, dir, new Date('2026-11-20T08:31:00Z'), Array.from({ length: 7 }, (_, i) => ({ text: post(TOPICS.overtime, 20_000 + i, rand) })))),
    ];
    expect(new Set(planted).size).toBe(13);
    const r = await checkAlerts(store, { now: NOW, timeZone: TZ });
    expect(r.created.length).toBe(1);
    const alert = (await store.alerts.get(r.created[0]))!;
    const background = stream.items.filter((i) => i.topic === 'overtime' && i.at >= HOUR).map((i) => i.id);
    expect({ kind: alert.kind, subject: alert.subjectType, id: alert.subjectId, name: alert.subjectName, start: alert.windowStart, end: alert.windowEnd }).toEqual({
      kind: 'spike_hour', subject: 'watchlist', id: String(watchId), name: 'Ép tăng ca', start: HOUR.toISOString(), end: '2026-11-20T09:00:00.000Z',
    });
    expect(alert.itemIds).toEqual([...planted, ...background].sort((a, b) => a - b));
    expect(alert.count).toBe(alert.itemIds.length);
    expect(alert.pValue!).toBeLessThan(0.001);
    expect(alert.baseline!).toBeLessThan(1);
  });

  it('at most one alert per window: later checks and more posts in the same hour add none', async () => {
    const rand = rng(5);
    await importAt(store, dir, new Date('2026-11-20T08:45:00Z'), [{ text: post(TOPICS.overtime, 30_000, rand) }, { text: post(TOPICS.overtime, 30_001, rand) }]);
    for (const at of ['2026-11-20T08:50:00Z', '2026-11-20T09:05:00Z']) expect((await checkAlerts(store, { now: new Date(at), timeZone: TZ })).created).toEqual([]);
    expect((await store.alerts.list({ limit: 10 })).length).toBe(1);
  });

  it('a decided claim reappearing (a new copy after the verdict) fires once, with that copy', async () => {
    const garlic = stream.items.find((i) => i.topic === 'garlic')!;
    const original = (await store.reviewItems.get(garlic.id))!;
    const decidedAt = '2026-11-20T09:00:00.000Z';
    const claimId = await store.db.write(async () => {
      const id = await store.claims.create({ statement: 'Nước tỏi chữa khỏi COVID', label: 'covid_false', unit: 'binhduong', knownClaimId: null, userId: admin.id, now: decidedAt });
      await store.claims.setMember({ claimId: id, itemId: garlic.id, state: 'confirmed', userId: admin.id, now: decidedAt });
      await store.claims.decide(id, { verdict: 'false', reason: 'Bộ Y tế: không có bằng chứng', userId: admin.id, now: decidedAt });
      return id;
    });
    expect((await checkAlerts(store, { now: new Date('2026-11-20T09:10:00Z'), timeZone: TZ })).created).toEqual([]);
    // The same text pasted again in another group: stored as a copy (sighting) of the judged item.
    await importAt(store, dir, new Date('2026-11-20T09:20:00Z'), [{ text: original.text }]);
    const r = await checkAlerts(store, { now: new Date('2026-11-20T09:25:00Z'), timeZone: TZ });
    expect(r.created.length).toBe(1);
    const a = (await store.alerts.get(r.created[0]))!;
    expect([a.kind, a.subjectType, a.subjectId, a.itemIds, a.count, a.windowStart]).toEqual(['claim_reappears', 'claim', String(claimId), [garlic.id], 1, '2026-11-20T09:00:00.000Z']);
    await importAt(store, dir, new Date('2026-11-20T09:40:00Z'), [{ text: `${original.text} ` }]);
    expect((await checkAlerts(store, { now: new Date('2026-11-20T09:45:00Z'), timeZone: TZ })).created).toEqual([]);
  });

  it("a spike of a known claim the classifier matched fires one alert about that claim, with its hour's items", async () => {
    const rand = rng(2024);
    const planted = await importAt(store, dir, new Date('2026-11-20T11:10:00Z'), Array.from({ length: 8 }, (_, i) => ({ text: post(TOPICS.garlic, 50_000 + i, rand) })));
    const r = await checkAlerts(store, { now: new Date('2026-11-20T11:40:00Z'), timeZone: TZ });
    expect(r.created.length).toBe(1);
    const a = (await store.alerts.get(r.created[0]))!;
    const background = stream.items.filter((i) => i.topic === 'garlic' && i.at >= new Date('2026-11-20T11:00:00Z')).map((i) => i.id);
    expect([a.kind, a.subjectType, a.subjectId, a.subjectName, a.unit, a.windowStart]).toEqual(['spike_hour', 'known_claim', 'garlic-cure', 'Tỏi chữa khỏi COVID', null, '2026-11-20T11:00:00.000Z']);
    expect(a.itemIds).toEqual([...planted, ...background].sort((x, y) => x - y));
  });
});

describe('delivery', () => {
  let telegram: Server;
  let telegramUrl: string;
  const sent: { path: string; body: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    telegram = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        sent.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: { message_id: sent.length } }));
      });
    });
    await new Promise<void>((r) => telegram.listen(0, '127.0.0.1', r));
    telegramUrl = `http://127.0.0.1:${(telegram.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => telegram.close(() => r())));

  it('each alert is mailed to smtp-server and sent to the Telegram chat once, with a link and no post text or author', async () => {
    const smtp = await startSmtpSink();
    try {
      const channels = { publicUrl: 'http://kiemchung.local:3000', timeZone: TZ, mail: { smtpUrl: smtp.url, from: 'kiem-chung@localhost', to: ['truyenthong@congdoan.test'] }, telegram: { apiBase: telegramUrl, token: '123456:test-token', chatId: '-100200300' } };
      const alerts = await store.alerts.list({ limit: 10 });
      expect(alerts.length).toBe(3);
      const r = await deliverAlerts(store, channels);
      expect(r).toEqual({ mailed: 3, telegram: 3, failed: 0 });
      expect(smtp.received.length).toBe(3);
      const spike = alerts.find((a) => a.subjectType === 'watchlist')!;
      const mail = smtp.received.find((m) => m.raw.includes(`X-Kiem-Chung-Alert: ${spike.id}`))!;
      expect(mail.to).toEqual(['truyenthong@congdoan.test']);
      const decoded = mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      expect(decoded).toContain(`http://kiemchung.local:3000/alerts/${spike.id}`);
      expect(Buffer.from(decoded, 'latin1').toString('utf8')).toContain('Ép tăng ca');
      expect(decoded).not.toContain('someone_loud');
      expect(decoded).not.toMatch(/mã [0-9a-z]+x/); // no words of the posts
      expect(sent.map((s) => s.path)).toEqual(new Array(3).fill('/bot123456:test-token/sendMessage'));
      expect(sent[0].body.chat_id).toBe('-100200300');
      expect(String(sent[0].body.text)).toContain('/alerts/');
      expect(String(sent[0].body.text)).not.toContain('someone_loud');
      // Delivered once: nothing is sent again.
      expect(await deliverAlerts(store, channels)).toEqual({ mailed: 0, telegram: 0, failed: 0 });
      expect(smtp.received.length).toBe(3);
    } finally {
      await smtp.close();
    }
  });

  it('a failing channel is retried on the next run, without repeating what was delivered', async () => {
    const smtp = await startSmtpSink();
    try {
      const rand = rng(1234);
      // A second spike on the watchlist, the next day.
      for (const m of [5, 20, 40]) await importAt(store, dir, new Date(`2026-11-21T04:${String(m).padStart(2, '0')}:00Z`), Array.from({ length: 4 }, (_, i) => ({ text: post(TOPICS.overtime, 40_000 + m * 10 + i, rand) })));
      const bad = { publicUrl: 'http://x.test', mail: { smtpUrl: smtp.url, from: 'kiem-chung@localhost', to: ['a@congdoan.test'] }, telegram: { apiBase: 'http://127.0.0.1:9', token: '1:x', chatId: '1' } };
      const first = await runAlerts(store, { timeZone: TZ, channels: bad, clock: () => new Date('2026-11-21T04:50:00Z') });
      expect(first.created.length).toBe(1);
      expect([first.mailed, first.telegram, first.failed]).toEqual([1, 0, 1]);
      const alert = (await store.alerts.get(first.created[0]))!;
      expect(alert.mailedAt).not.toBeNull();
      expect(alert.telegramAt).toBeNull();
      expect(alert.deliveryError).toMatch(/fetch failed|ECONNREFUSED|telegram/);
      const second = await runAlerts(store, { timeZone: TZ, channels: { ...bad, telegram: { apiBase: telegramUrl, token: '1:x', chatId: '1' } }, clock: () => new Date('2026-11-21T05:00:00Z') });
      expect([second.created.length, second.mailed, second.telegram, second.failed]).toEqual([0, 0, 1, 0]);
      expect(smtp.received.length).toBe(1);
    } finally {
      await smtp.close();
    }
  });
});
