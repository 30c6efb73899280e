import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDigest, scheduleDigest, type RunDigestResult } from '../../src/jobs/digest-job.js';
import { buildFixture, type Fixture, HANDLES, WEEK } from './fixture-db.js';
import { pdfText } from './pdf-text.js';
import { startSmtpSink } from './smtp-sink.js';

const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
const run = promisify(execFile);

/** Every file under `dir`, as text (PDFs also as their extracted text). */
async function outputs(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    const buf = await readFile(path).catch(() => null);
    if (!buf) continue;
    out.set(path, buf.toString('utf8') + (name.endsWith('.pdf') ? `\n${pdfText(buf)}` : ''));
  }
  return out;
}

function expectNoHandles(files: Map<string, string>) {
  expect(files.size).toBeGreaterThan(0);
  for (const [path, text] of files) {
    for (const h of HANDLES) {
      expect(text.includes(h) || text.includes(h.replace(/^@/, '')), `${h} in ${path}`).toBe(false);
    }
  }
}

describe('digest job', () => {
  let fx: Fixture;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    fx = await buildFixture();
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
    await fx?.close();
  });

  it('fires on its cron schedule (Monday 07:00 Ho Chi Minh) for last week, stores, writes and mails it', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T23:58:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    let resolveResult!: (r: RunDigestResult) => void;
    const done = new Promise<RunDigestResult>((r) => (resolveResult = r));
    const errors: unknown[] = [];
    const job = scheduleDigest(fx.store, {
      cron: '0 7 * * 1',
      timeZone: 'Asia/Ho_Chi_Minh',
      lang: 'vi',
      dir: join(fx.dir, 'digests'),
      chromiumPath: CHROMIUM,
      mail: { smtpUrl: sink.url, from: 'kc@example.test', to: ['hq@example.test'], outboxDir: join(fx.dir, 'outbox') },
      clock: () => new Date(),
      onResult: resolveResult,
      onError: (e) => errors.push(e),
    });
    // A second server process on the same database: its firing finds the week taken.
    const skipped: string[] = [];
    const second = scheduleDigest(fx.store, {
      cron: '0 7 * * 1', timeZone: 'Asia/Ho_Chi_Minh', lang: 'vi', dir: join(fx.dir, 'digests-2'), chromiumPath: CHROMIUM,
      mail: { smtpUrl: sink.url, from: 'kc@example.test', to: ['hq@example.test'], outboxDir: join(fx.dir, 'outbox') },
      clock: () => new Date(),
      onResult: (r) => errors.push(new Error(`second process also sent digest #${r.id}`)),
      onError: (e) => errors.push(e),
      onSkip: (w) => skipped.push(w),
    });
    try {
      await vi.advanceTimersByTimeAsync(60_000); // Monday 06:59 local: nothing yet
      expect(await fx.store.digests.list()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(90_000); // passes 07:00 local
      vi.useRealTimers();
      const result = await done;
      expect(errors).toEqual([]);
      expect(skipped).toEqual(['2026-W47']);
      const stored = await fx.store.digests.get(result.id);
      expect(stored).toMatchObject({ week: '2026-W47', unit: '', lang: 'vi' });
      expect(stored!.delivery).toBe('smtp:hq@example.test');
      expect(result.files.html).toBe(join(fx.dir, 'digests', '2026-W47', 'digest.html'));
      const html = await readFile(result.files.html, 'utf8');
      expect(html.match(/<svg[\s>]/g)?.length).toBe(3);
      const pdf = await readFile(result.files.pdf);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfText(pdf)).toContain('2026-W47');
      // The mail went through a real SMTP server with the PDF attached.
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0].raw).toMatch(/filename=kiem-chung-digest-2026-W47\.pdf/);
      expect(sink.received[0].raw).toContain(pdf.subarray(0, 48).toString('base64').slice(0, 60));
      const files = await outputs(join(fx.dir, 'digests'));
      files.set('mail', sink.received[0].raw + Buffer.from(sink.received[0].raw.split('application/pdf')[1] ?? '', 'base64').toString('latin1'));
      files.set('db:html', stored!.html);
      files.set('db:markdown', stored!.markdown);
      files.set('db:data', JSON.stringify(stored!.data));
      expectNoHandles(files);
      expect((await readdir(join(fx.dir, 'digests', '2026-W47'))).some((f) => f.endsWith('.tmp'))).toBe(false);
    } finally {
      vi.useRealTimers();
      await job.stop();
      await second.stop();
    }
  }, 60_000);

  it('an English unit digest goes to the outbox without SMTP; no raw handle in any file', async () => {
    const out = join(fx.dir, 'tkv-en');
    const r = await runDigest(fx.store, {
      week: WEEK, unit: 'tkv', lang: 'en', outDir: out, chromiumPath: CHROMIUM,
      mail: { from: 'kc@example.test', to: ['hq@example.test'], outboxDir: join(fx.dir, 'outbox') },
    });
    expect(r.mail?.via).toBe('outbox');
    expect(await readFile(r.files.md, 'utf8')).toContain('Unit: tkv');
    const files = await outputs(out);
    for (const [p, t] of await outputs(join(fx.dir, 'outbox'))) files.set(p, t);
    expectNoHandles(files);
  }, 60_000);

  it('cli digest --week --out writes the three files; a bad week exits 2 with a clear message', async () => {
    const env = { ...process.env, KC_DATA_DIR: fx.dir, KC_RULES_DIR: resolve('rules') };
    const out = join(fx.dir, 'cli-out');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'digest', '--week', '2026-W47', '--db', join(fx.dir, 'kc.db'), '--out', out, '--json'], { env });
    const res = JSON.parse(stdout);
    expect(res).toMatchObject({ week: '2026-W47', files: { html: join(out, 'digest.html') } });
    expect((await readdir(out)).sort()).toEqual(['digest.html', 'digest.md', 'digest.pdf']);
    const bad = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'digest', '--week', '2026-W54', '--db', join(fx.dir, 'kc.db')], { env }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/2026 has weeks 01 to 53/);
  }, 120_000);
});
