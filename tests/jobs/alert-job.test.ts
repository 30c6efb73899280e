import { afterEach, expect, it } from 'vitest';
import { alertChannels, scheduleAlerts } from '../../src/jobs/alert-job.js';
import { loadConfig } from '../../src/config.js';
import type { Store } from '../../src/storage/store.js';
import { startSmtpSink } from '../digest/smtp-sink.js';
import { tempStore } from '../helpers/foundation.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
});

it('the scheduled job (node-cron) runs the check and mails an alert the database holds undelivered, once', async () => {
  ({ store } = await tempStore());
  const smtp = await startSmtpSink();
  const id = (await store.db.write(() =>
    store!.alerts.insert({
      kind: 'claim_reappears', subjectType: 'claim', subjectId: '7', subjectName: 'Nước tỏi chữa khỏi COVID', unit: null,
      windowStart: '2026-11-20T08:00:00.000Z', windowEnd: '2026-11-20T09:00:00.000Z', count: 1, baseline: null, pValue: null, itemIds: [], createdAt: '2026-11-20T08:10:00.000Z',
    }),
  ))!;
  const results: number[] = [];
  const job = scheduleAlerts(store, {
    cron: '* * * * * *', // every second, so the test does not wait for minutes
    timeZone: 'Asia/Ho_Chi_Minh',
    channels: { publicUrl: 'http://127.0.0.1:3000', mail: { smtpUrl: smtp.url, from: 'kiem-chung@localhost', to: ['a@congdoan.test'] } },
    clock: () => new Date('2026-11-20T08:20:00Z'),
    onResult: (r) => results.push(r.mailed),
  });
  try {
    const deadline = Date.now() + 10_000;
    while (results.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await job.stop();
    await smtp.close();
  }
  expect(results.slice(0, 2)).toEqual([1, 0]);
  expect(smtp.received.length).toBe(1);
  expect(smtp.received[0].raw).toContain(`X-Kiem-Chung-Alert: ${id}`);
  expect(smtp.received[0].raw).toContain('http://127.0.0.1:3000/alerts/');
});

it('channels come from configuration: e-mail needs KC_SMTP_URL and KC_ALERT_EMAILS, Telegram a token and a chat', () => {
  const base = { KC_DATA_DIR: '/tmp/kc-x', HOST: '127.0.0.1', PORT: '3999' };
  expect(alertChannels(loadConfig(base))).toEqual({ publicUrl: 'http://127.0.0.1:3999', mail: undefined, telegram: undefined });
  expect(alertChannels(loadConfig({ ...base, KC_ALERT_EMAILS: 'a@congdoan.test' })).mail).toBeUndefined();
  const on = alertChannels(loadConfig({
    ...base, KC_SMTP_URL: 'smtp://127.0.0.1:2525', KC_ALERT_EMAILS: 'a@congdoan.test, b@congdoan.test', KC_PUBLIC_URL: 'https://kc.congdoan.test',
    KC_TELEGRAM_BOT_TOKEN: '123:abc', KC_TELEGRAM_ALERT_CHAT: '-1001', KC_TELEGRAM_API: 'http://127.0.0.1:9',
  }));
  expect(on).toEqual({
    publicUrl: 'https://kc.congdoan.test',
    mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'kiem-chung@localhost', to: ['a@congdoan.test', 'b@congdoan.test'] },
    telegram: { apiBase: 'http://127.0.0.1:9', token: '123:abc', chatId: '-1001' },
  });
  expect(() => loadConfig({ ...base, KC_ALERT_EMAILS: 'not-an-address' })).toThrow(/KC_ALERT_EMAILS/);
});
