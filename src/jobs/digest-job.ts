import { join } from 'node:path';
import cron from 'node-cron';
import type { Browser } from 'puppeteer';
import { buildDigest, type BuildDigestOptions } from '../digest/build-digest.js';
import { deliverDigestMail, type MailResult, type MailSettings } from '../digest/deliver-mail.js';
import { previousWeek, type IsoWeek } from '../digest/iso-week.js';
import type { DigestLang } from '../digest/locales.js';
import { renderDigestHtml } from '../digest/render-html.js';
import { renderDigestMarkdown } from '../digest/render-md.js';
import { renderDigestPdf } from '../digest/render-pdf.js';
import { writeDigestFiles } from '../digest/write-digest-files.js';
import { loadRules } from '../rules-loader/load-rules.js';
import type { Store } from '../storage/store.js';
import { nodeName } from './node-name.js';

export interface RunDigestOptions {
  week: IsoWeek;
  unit?: string | null;
  lang: DigestLang;
  /** Folder for digest.html / .md / .pdf. */
  outDir: string;
  chromiumPath: string;
  browser?: Browser;
  /** Deliver by mail (SMTP or outbox); omit to only store and write. */
  mail?: MailSettings;
  rulesDir?: string;
  now?: Date;
  onProgress?: (step: string) => void;
}

export interface RunDigestResult {
  id: number;
  files: { html: string; md: string; pdf: string };
  mail?: MailResult;
}

/** Rule descriptions and labels for theme names; a broken rules folder only costs the names. */
async function ruleInfo(rulesDir: string | undefined, warn: (m: string) => void): Promise<Pick<BuildDigestOptions, 'rules' | 'labels'>> {
  if (!rulesDir) return {};
  try {
    const loaded = await loadRules(rulesDir);
    const rules = new Map<string, { description: string; label: string }>();
    for (const pack of loaded.packs) {
      for (const r of pack.spec.rules) rules.set(r.id, { description: r.description, label: r.label ?? pack.spec.label ?? '' });
    }
    return { rules, labels: loaded.labels.labels.map((l) => l.id) };
  } catch (err) {
    warn(`rules not loaded for digest names: ${err instanceof Error ? err.message : String(err)}`);
    return {};
  }
}

/** One whole digest: figures → HTML, Markdown, PDF → files (atomic) → database → mail. */
export async function runDigest(store: Store, o: RunDigestOptions): Promise<RunDigestResult> {
  const step = o.onProgress ?? (() => undefined);
  const now = o.now ?? new Date();
  step(`computing figures for ${o.week.label}`);
  const data = await buildDigest(store, { week: o.week, unit: o.unit ?? null, now, ...(await ruleInfo(o.rulesDir, step)) });
  step('rendering HTML, Markdown and PDF');
  const html = await renderDigestHtml(data, o.lang);
  const md = renderDigestMarkdown(data, o.lang);
  const pdf = await renderDigestPdf(html, { browser: o.browser, chromiumPath: o.chromiumPath });
  const files = await writeDigestFiles(o.outDir, { html, md, pdf });
  const id = await store.write(() =>
    store.digests.save({ week: data.week, unit: data.unit, lang: o.lang, createdAt: now.toISOString(), data, html, markdown: md, pdf, outDir: o.outDir }),
  );
  step(`stored digest #${id}, files in ${o.outDir}`);
  if (!o.mail) return { id, files };
  const mail = await deliverDigestMail(o.mail, { week: data.week, lang: o.lang, html, pdf });
  await store.write(() => store.digests.markDelivered(id, mail.via === 'smtp' ? `smtp:${mail.accepted.join(',')}` : `outbox:${mail.path}`, new Date().toISOString()));
  step(mail.via === 'smtp' ? `mailed to ${mail.accepted.join(', ')}` : `no SMTP configured: written to ${mail.path}`);
  return { id, files, mail };
}

export interface DigestScheduleOptions {
  cron: string;
  timeZone: string;
  lang: DigestLang;
  /** Base folder; each week goes to <dir>/<week>. */
  dir: string;
  chromiumPath: string;
  mail?: MailSettings;
  rulesDir?: string;
  /** Injectable clock (tests): decides which week "last week" is. */
  clock?: () => Date;
  onResult?: (r: RunDigestResult) => void;
  onError?: (err: unknown) => void;
  /** Another process (or an earlier firing) already took this week's digest. */
  onSkip?: (week: string) => void;
  /** This node's name in the schedule slots (default: host, pid and a random part). */
  node?: string;
}

/**
 * Schedules the weekly digest with node-cron (default Monday 07:00 Asia/Ho_Chi_Minh): each firing
 * reports on the last complete ISO week. Runs never overlap. Returns a stop function.
 */
export function scheduleDigest(store: Store, o: DigestScheduleOptions): { stop: () => Promise<void> } {
  if (!cron.validate(o.cron)) throw new Error(`invalid digest schedule KC_DIGEST_CRON "${o.cron}"`);
  const clock = o.clock ?? (() => new Date());
  const node = o.node ?? nodeName('digest');
  const task = cron.schedule(
    o.cron,
    async () => {
      const now = clock();
      const week = previousWeek(now, o.timeZone);
      // The database decides who sends: however many nodes fire, the week's slot is taken once
      // (schedule_slots). A failed run gives the slot back so a later firing can retry.
      const slot = `${week.label}:${o.lang}`;
      if (!(await store.leases.fireOnce('digest', slot, node, now))) {
        o.onSkip?.(week.label);
        return;
      }
      try {
        const r = await runDigest(store, {
          week, lang: o.lang, outDir: join(o.dir, week.label), chromiumPath: o.chromiumPath, mail: o.mail, rulesDir: o.rulesDir, now,
        });
        o.onResult?.(r);
      } catch (err) {
        await store.leases.unfire('digest', slot, node).catch(() => undefined);
        (o.onError ?? ((e) => process.stderr.write(`digest ${week.label} failed: ${e instanceof Error ? e.message : String(e)}\n`)))(err);
      }
    },
    { timezone: o.timeZone, noOverlap: true, name: 'weekly-digest' },
  );
  return { stop: async () => void (await task.destroy()) };
}
