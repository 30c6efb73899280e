import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addUser, setUserDisabled, UserError } from '../../src/review/user-service.js';
import { openStore } from '../../src/storage/store.js';

const dir = mkdtempSync(join(tmpdir(), 'kc-cli-'));
const db = join(dir, 'kc.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real CLI in a child process (password really piped through stdin). */
function cli(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args, '--db', db], { cwd: join(import.meta.dirname, '../..') });
  child.stdin!.end(input);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 0, stdout, stderr }));
  });
}

const CLI = { id: null, username: 'cli' } as const;
const meta = { now: new Date() };

describe('cli users / audit', () => {
  it('adds the first admin with the password from stdin, and `audit verify` checks the chain', async () => {
    const add = await cli(['users', 'add', '--username', 'boss', '--role', 'admin', '--unit', 'hq', '--password-stdin'], 'một-mật-khẩu-dài\n');
    expect(add.stderr).toBe('');
    expect(add.stdout).toMatch(/added user boss/);
    const store = await openStore(db);
    try {
      const cred = await store.users.credentials('boss');
      expect(cred!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      // The same service the command uses: its refusals are the command's error messages.
      const bad = async (input: Parameters<typeof addUser>[2]) => addUser(store, CLI, input, meta).then(() => 'ok', (e: Error) => (e instanceof UserError || e.name === 'ZodError' ? e.message : `unexpected ${e}`));
      expect(await bad({ username: 'rv', role: 'reviewer', unit: null, password: 'một-mật-khẩu-dài' })).toMatch(/reviewer needs a --unit/);
      expect(await bad({ username: 'rv', role: 'reviewer', unit: 'hanoi', password: 'ngắn' })).toMatch(/at least 10 characters/);
      expect(await bad({ username: 'BOSS', role: 'viewer', unit: null, password: 'một-mật-khẩu-dài' })).toMatch(/already exists/);
      expect(await bad({ username: 'a b', role: 'viewer', unit: null, password: 'một-mật-khẩu-dài' })).toMatch(/letters, digits/);
      expect(await setUserDisabled(store, CLI, 'boss', true, meta)).toBe(0);
    } finally {
      await store.close();
    }
    // The JSON lines keep their shape (snake_case, disabled 0/1) and never carry the password hash.
    const listed = JSON.parse((await cli(['users', 'list', '--json'])).stdout) as Record<string, unknown>;
    expect(listed).toMatchObject({ username: 'boss', role: 'admin', unit: 'hq', disabled: 1 });
    expect(Object.keys(listed).sort()).toEqual(['created_at', 'disabled', 'id', 'role', 'unit', 'updated_at', 'username']);
    const verify = await cli(['audit', 'verify', '--json']);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, rows: 2 });
    const s2 = await openStore(db);
    await s2.db.exec('DROP TRIGGER audit_log_no_delete');
    await s2.db.run('DELETE FROM audit_log WHERE id = 1');
    await s2.close();
    const broken = await cli(['audit', 'verify']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/BROKEN at row 2/);
  }, 90_000);
});
