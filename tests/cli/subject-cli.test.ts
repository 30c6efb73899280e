import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { secretFor } from '../../src/cli/common.js';
import { openStore } from '../../src/storage/store.js';
import { nullClassifier, runCli, tempDir } from '../helpers/foundation.js';

let dir: string;
let db: string;
const env = () => ({ KC_DATA_DIR: dir, KC_TZ: 'Asia/Ho_Chi_Minh' });
const cli = (...args: string[]) => runCli(['subject', ...args, '--db', db], env());

beforeAll(async () => {
  dir = tempDir('kc-subject-cli-');
  db = join(dir, 'kc.db');
  const store = await openStore(db);
  await ingest(
    store,
    [
      { text: 'Bài thứ nhất Zorblatkovic về tăng ca không lương ở xưởng may.', url: 'https://mxh.example/p/1', author: '@Zuyen.Hoang' },
      { text: 'Bài thứ hai Wexmoorfield: công ty nợ bảo hiểm xã hội nửa năm.', url: 'https://mxh.example/p/2', author: 'zuyen.hoang' },
      { text: 'Bài của người khác Ulvendrastik, không liên quan.', url: 'https://mxh.example/p/3', author: 'nguoi.khac' },
    ],
    { classifier: nullClassifier, secret: secretFor(db) },
  );
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli subject', { timeout: 120_000 }, () => {
  it('find records a request, lists the items and audits as cli:<os user> with counts only', async () => {
    const r = await cli('find', '--handle', 'ZUYEN.HOANG');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^request #1: 2 item\(s\), 0 unconfirmed item\(s\), 0 later cop\(ies\) found/);
    expect(r.stdout).toContain('https://mxh.example/p/2');
    expect(r.stdout).not.toContain('p/3');
    const store = await openStore(db);
    const audit = await store.db.all<{ username: string; detail: string; action: string }>("SELECT username, detail, action FROM audit_log WHERE target_type = 'subject_request'");
    await store.close();
    expect(audit.map((a) => a.action)).toEqual(['subject_request', 'subject_find']);
    expect(audit.every((a) => a.username === `cli:${userInfo().username}`)).toBe(true);
    expect(JSON.stringify(audit).toLowerCase()).not.toContain('zuyen');
  });

  it('export writes the person’s JSON to a private file', async () => {
    const out = join(dir, 'export.json');
    const r = await cli('export', '--handle', 'zuyen.hoang', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ request: 2, items: 2, sightings: 0, out });
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.items.map((i: { text: string }) => /Zorblatkovic|Wexmoorfield/.exec(i.text)?.[0])).toEqual(['Zorblatkovic', 'Wexmoorfield']);
    expect(readFileSync(out, 'utf8')).not.toContain('Ulvendrastik');
    expect(statSync(out).mode & 0o077).toBe(0);
  });

  it('rejects bad input with exit status 2', async () => {
    for (const args of [
      ['find'],
      ['find', '--handle', 'a', '--url', 'https://x.example/'],
      ['find', '--url', 'not-a-url'],
      ['find', '--handle', '@@'],
      ['find', '--request', '999'],
      ['find', '--request', '1', '--handle', 'someone.else'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^error: /);
    }
    expect((await cli('find', '--request', 'abc')).code).toBe(1); // commander: not a number
  });

  it('delete refuses without --yes when there is no terminal, then erases, suppresses and closes', async () => {
    const refused = await cli('delete', '--request', '1');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not deleted \(request #1 stays open\)/);
    const r = await cli('delete', '--request', '1', '--handle', '@zuyen.hoang', '--yes', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ requestId: 1, items: 2, suppressed: 3, erase: { deleted: 2 } });
    const again = await cli('find', '--request', '1');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/closed/);
    const list = await runCli(['subject', 'list', '--db', db], env());
    expect(list.stdout).toMatch(/#1 {2}access {2}zu…ng {2}completed/);
    expect(list.stdout.toLowerCase()).not.toContain('zuyen');
    const store = await openStore(db);
    expect(await store.db.all('SELECT text FROM items')).toHaveLength(1);
    await store.close();

    // A later import of the same posts (and a new one by the same person) skips them and says so.
    const file = join(dir, 'again.jsonl');
    writeFileSync(file, [
      { text: 'Bài thứ nhất Zorblatkovic về tăng ca không lương ở xưởng may.', url: 'https://mxh.example/p/1?utm_source=x', author: 'someone' },
      { text: 'Bài mới Vomberlind của cùng người.', author: 'ZUYEN.HOANG' },
      { text: 'Bài mới Tamblewick của người khác.', author: 'nguoi.khac' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    const imp = await runCli(['import', file, '--no-classify', '--db', db], env());
    expect(imp.code).toBe(0);
    expect(imp.stdout).toBe("imported 1 new item(s), 0 duplicate(s), 0 rejected row(s), 2 skipped (suppressed: erased on a person's request)\n");
  });
});
