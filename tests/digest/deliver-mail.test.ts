import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDigestMail, digestSubject, headerSafe } from '../../src/digest/deliver-mail.js';
import { startSmtpSink } from './smtp-sink.js';

const PDF = Buffer.from('%PDF-1.4\n% test pdf body\n%%EOF\n');

describe('digest mail delivery', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let dir: string;
  beforeAll(async () => {
    sink = await startSmtpSink();
    dir = await mkdtemp(join(tmpdir(), 'kc-mail-'));
  });
  afterAll(async () => {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends HTML body plus the PDF attachment over SMTP', async () => {
    const result = await deliverDigestMail(
      { smtpUrl: sink.url, from: 'kc@example.test', to: ['hq@example.test', 'b@example.test'], outboxDir: dir },
      { week: '2026-W47', lang: 'vi', html: '<html><body><h1>Bản tin</h1></body></html>', pdf: PDF },
    );
    expect(result.via).toBe('smtp');
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0];
    expect(mail.to).toEqual(['hq@example.test', 'b@example.test']);
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.raw).toMatch(/Content-Type: application\/pdf; name=kiem-chung-digest-2026-W47\.pdf/);
    expect(mail.raw).toContain(PDF.toString('base64').slice(0, 40));
  });

  it('writes an .eml to the outbox when no SMTP server is configured', async () => {
    const result = await deliverDigestMail(
      { from: 'kc@example.test', to: ['hq@example.test'], outboxDir: join(dir, 'outbox') },
      { week: '2026-W47', lang: 'en', html: '<p>digest</p>', pdf: PDF },
    );
    expect(result.via).toBe('outbox');
    const files = await readdir(join(dir, 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    const eml = await readFile(join(dir, 'outbox', files[0]), 'utf8');
    const subject = eml.match(/^Subject: (.*(?:\n .*)*)/m)?.[1] ?? '';
    expect(subject).toMatch(/2026-W47/);
    expect(eml).toContain('application/pdf');
  });

  it('never lets CR/LF reach a header', async () => {
    expect(headerSafe('a\r\nBcc: evil@example.test')).toBe('a Bcc: evil@example.test');
    expect(() => digestSubject('2026-W47\r\nBcc: x@y', 'vi')).toThrow(/invalid week/);
    const before = sink.received.length;
    await expect(
      deliverDigestMail(
        { smtpUrl: sink.url, from: 'kc@example.test', to: ['hq@example.test\nBcc: evil2@example.test'], outboxDir: dir },
        { week: '2026-W47', lang: 'vi', html: '<p>x</p>', pdf: PDF },
      ),
    ).rejects.toThrow(/invalid recipient/);
    await expect(
      deliverDigestMail(
        { smtpUrl: sink.url, from: 'kc@example.test\r\nBcc: evil@example.test', to: ['hq@example.test'], outboxDir: dir },
        { week: '2026-W47', lang: 'vi', html: '<p>x</p>', pdf: PDF },
      ),
    ).rejects.toThrow(/invalid sender/);
    expect(sink.received.length).toBe(before);
    // Crawled text only ever reaches the body, where a CRLF is just text.
    await deliverDigestMail(
      { smtpUrl: sink.url, from: 'kc@example.test', to: ['hq@example.test'], outboxDir: dir },
      { week: '2026-W47', lang: 'vi', html: '<p>Subject: x\r\nBcc: evil3@example.test</p>', pdf: PDF },
    );
    for (const m of sink.received) {
      const headers = m.raw.slice(0, m.raw.indexOf('\r\n\r\n'));
      expect(headers).not.toMatch(/^Bcc:/im);
      expect(m.to.join(',')).not.toContain('evil');
    }
  });

  it('refuses to send without recipients', async () => {
    await expect(
      deliverDigestMail({ from: 'kc@example.test', to: [], outboxDir: dir }, { week: '2026-W47', lang: 'vi', html: '', pdf: PDF }),
    ).rejects.toThrow(/KC_DIGEST_TO/);
  });
});
