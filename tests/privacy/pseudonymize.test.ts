import { mkdtempSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installationSecret, SECRET_FILE } from '../../src/privacy/installation-secret.js';
import { pseudonymize } from '../../src/privacy/pseudonymize.js';

describe('pseudonymize', () => {
  const secret = 'a'.repeat(64);
  it('is stable, short and does not contain the handle', () => {
    const p = pseudonymize('Nguyễn Văn Thợ', secret);
    expect(p).toMatch(/^tg-[0-9a-f]{8}$/);
    expect(pseudonymize('Nguyễn Văn Thợ', secret)).toBe(p);
    expect(p).not.toContain('Nguy');
  });
  it('treats case, NFD and a leading @ as the same handle', () => {
    expect(pseudonymize('@CongNhan99', secret)).toBe(pseudonymize('congnhan99', secret));
    expect(pseudonymize('Thợ'.normalize('NFD'), secret)).toBe(pseudonymize('Thợ', secret));
  });
  it('depends on the installation secret', () => {
    expect(pseudonymize('congnhan99', secret)).not.toBe(pseudonymize('congnhan99', 'b'.repeat(64)));
  });
});

describe('installationSecret', () => {
  it('creates a 0600 secret once and then reuses it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kc-secret-')), 'data');
    const s1 = installationSecret(dir);
    expect(s1).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(installationSecret(dir)).toBe(s1);
    expect(readFileSync(join(dir, SECRET_FILE), 'utf8').trim()).toBe(s1);
  });
  it('refuses a damaged secret instead of silently replacing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-secret-'));
    writeFileSync(join(dir, SECRET_FILE), 'oops');
    expect(() => installationSecret(dir)).toThrow(/malformed/);
  });
});
