import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/foundation.js';
import { openStore } from '../../src/storage/store.js';
import { addUser, PASSWORD } from './harness.js';

// Issue 14, finding 4: `(a|a)*b` and `(.|\s)*z` passed the rule editor's check and then hung
// JavaScript's backtracking engine (2^n steps), freezing imports and the server's backtest. The
// server and the import run as real processes, so on a backtracking engine the test fails on its
// deadlines instead of freezing the test runner.
const PATTERNS: Array<{ id: string; regex: string; example: string }> = [
  { id: 'grievance.redos-alternation', regex: '(a|a)*b', example: 'aaab' },
  { id: 'grievance.redos-dot-space', regex: '(.|\\s)*z', example: 'xyz' },
];
const ADVERSARIAL = [`${'a'.repeat(40)}`, `${'x '.repeat(60)}x`];
const DEADLINE_MS = 60_000;

const dir = tempDir('kc-redos-');
const db = join(dir, 'kc.db');
const env = { KC_DATA_DIR: dir, KC_RULES_DIR: join(ROOT, 'rules'), KC_SOURCES_DIR: join(dir, 'sources') };
let server: { url: string; child: ChildProcess };
let cookie = '';

async function send(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const res = await fetch(new URL(path, server.url), {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { cookie, origin: server.url.replace(/\/$/, ''), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: init.form ? new URLSearchParams(init.form) : undefined,
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
  const jar = new Map(cookie.split('; ').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return res;
}

async function token(path: string): Promise<string> {
  return /name="_csrf" value="([^"]+)"/.exec(await (await send(path)).text())![1];
}

function runImport(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'import', file, '--db', db], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    child.on('close', (code) => {
      clearTimeout(guard);
      done({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  const store = await openStore(db);
  await addUser(store, 'admin', 'admin', 'hq');
  await store.close();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve', '--port', '0', '--db', db, '--no-scheduler'], { cwd: ROOT, env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
  server = { url, child };
  const t = await token('/login');
  expect((await send('/login', { method: 'POST', form: { _csrf: t, username: 'admin', password: PASSWORD } })).status).toBe(303);
}, 120_000);

afterAll(async () => {
  // SIGKILL: a server stuck in a backtracking regex never gets to handle SIGTERM.
  if (server?.child.exitCode === null) {
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('regexes saved from the rules editor run in linear time', { timeout: 4 * DEADLINE_MS }, () => {
  it('saves each catastrophic pattern, then an import and a backtest over adversarial posts finish', async () => {
    for (const p of PATTERNS) {
      const yaml = `id: ${p.id}\ndescription: thử ReDoS\nweight: 0.5\nshadow: true\nregex: '${p.regex}'\nexamples:\n  match: ["${p.example}"]\n`;
      const t = await token('/admin/rules/new?pack=rules%2Fgrievance.yaml');
      const saved = await send('/admin/rules/new', { method: 'POST', form: { _csrf: t, yaml, pack: 'rules/grievance.yaml', days: '7', note: 'redos' } });
      expect(saved.status, await saved.clone().text()).toBe(303);
    }
    const file = join(dir, 'adversarial.jsonl');
    writeFileSync(file, `${ADVERSARIAL.map((text, i) => JSON.stringify({ text, url: `https://forum.example/redos/${i}` })).join('\n')}\n`);
    const imported = await runImport(file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/imported 2 new item/);
    for (const p of PATTERNS) {
      const yaml = `id: ${p.id}\ndescription: thử ReDoS\nweight: 0.6\nshadow: true\nregex: '${p.regex}'\nexamples:\n  match: ["${p.example}"]\n`;
      const t = await token(`/admin/rules/${p.id}`);
      const bt = await send(`/admin/rules/${p.id}/backtest`, { method: 'POST', form: { _csrf: t, yaml, days: '7', note: '' } });
      expect(bt.status).toBe(200);
      expect(await bt.text()).toContain('id="backtest-result"');
    }
  });
});
