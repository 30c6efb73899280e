import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { DigestLang } from './locales.js';
import { digestStrings } from './locales.js';
import { writeFileAtomic } from '../files/write-atomic.js';

export interface MailSettings {
  /** smtp:// or smtps:// URL; when absent the message goes to `outboxDir` as an .eml file. */
  smtpUrl?: string;
  from: string;
  to: string[];
  outboxDir: string;
}

export interface DigestMail {
  week: string;
  lang: DigestLang;
  html: string;
  pdf: Uint8Array;
}

export type MailResult = { via: 'smtp'; messageId: string; accepted: string[] } | { via: 'outbox'; path: string };

const WEEK_RE = /^\d{4}-W\d{2}$/;

/** Header values never carry CR or LF, whatever produced them. */
export function headerSafe(value: string): string {
  return value.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ').trim();
}

/** The subject is built only from the (validated) week and fixed text, never from crawled content. */
export function digestSubject(week: string, lang: DigestLang): string {
  if (!WEEK_RE.test(week)) throw new Error(`invalid week for a mail subject: ${JSON.stringify(week)}`);
  return headerSafe(digestStrings(lang).mailSubject(week));
}

// One plain address, nothing a parser could read as a display name, group or second address.
const ADDRESS_RE = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/;

function address(value: string, what: string): string {
  if (!ADDRESS_RE.test(value)) throw new Error(`invalid ${what} e-mail address: ${JSON.stringify(value)}`);
  return value;
}

function message(settings: MailSettings, mail: DigestMail): SendMailOptions {
  const t = digestStrings(mail.lang);
  return {
    from: address(settings.from, 'sender'),
    to: settings.to.map((a) => address(a, 'recipient')),
    subject: digestSubject(mail.week, mail.lang),
    text: t.mailText(mail.week),
    html: mail.html,
    attachments: [
      {
        filename: `kiem-chung-digest-${mail.week}.pdf`,
        content: Buffer.from(mail.pdf),
        contentType: 'application/pdf',
      },
    ],
    // Our own headers only: nothing from crawled text.
    headers: { 'X-Kiem-Chung-Digest': mail.week },
  };
}

/** Sends the digest over SMTP, or writes it to the outbox folder when no SMTP server is configured. */
export async function deliverDigestMail(settings: MailSettings, mail: DigestMail): Promise<MailResult> {
  if (settings.to.length === 0) throw new Error('no digest recipients configured (KC_DIGEST_TO)');
  const msg = message(settings, mail);
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(settings.smtpUrl);
    try {
      const info = await transport.sendMail(msg);
      return { via: 'smtp', messageId: info.messageId, accepted: (info.accepted as Array<string | { address: string }>).map((a) => (typeof a === 'string' ? a : a.address)) };
    } finally {
      transport.close();
    }
  }
  // Same MIME message, built by nodemailer, stored as .eml for someone to forward by hand.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await transport.sendMail(msg);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(settings.outboxDir, `digest-${mail.week}-${stamp}.eml`);
  await writeFileAtomic(path, info.message as Buffer);
  return { via: 'outbox', path };
}
