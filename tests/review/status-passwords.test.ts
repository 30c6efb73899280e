import { describe, expect, it } from 'vitest';
import { canSee, canDecide, scopeUnit } from '../../src/review/access.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/review/passwords.js';
import { canMove, canRecordVerdict, STATUSES } from '../../src/review/status.js';
import { setCosine, shingles } from '../../src/review/similarity.js';

describe('status workflow', () => {
  it('follows new → in_review → decided → response_drafted → response_approved → closed', () => {
    const path = STATUSES;
    for (let i = 0; i + 1 < path.length; i++) expect(canMove(path[i], path[i + 1])).toBe(true);
    expect(canMove('new', 'response_approved')).toBe(false);
    expect(canMove('closed', 'decided')).toBe(false);
    expect(canMove('closed', 'in_review')).toBe(true);
    expect(canRecordVerdict('response_approved')).toBe(false);
    expect(canRecordVerdict('closed')).toBe(false);
    expect(canRecordVerdict('decided')).toBe(true);
  });
});

describe('access', () => {
  const reviewer = { id: 1, username: 'r', role: 'reviewer' as const, unit: 'hanoi' };
  const viewer = { id: 2, username: 'v', role: 'viewer' as const, unit: 'hq' };
  const admin = { id: 3, username: 'a', role: 'admin' as const, unit: null };
  it('lets reviewers see and decide only their unit, viewers see all and decide nothing', () => {
    expect([canSee(reviewer, 'hanoi'), canSee(reviewer, 'hcm'), canSee(reviewer, null)]).toEqual([true, false, false]);
    expect([canDecide(viewer, 'hq'), canDecide(admin, 'x'), canDecide(reviewer, 'hanoi')]).toEqual([false, true, true]);
    expect(scopeUnit(reviewer, 'hcm')).toBe('hanoi');
    expect(scopeUnit(admin, 'hcm')).toBe('hcm');
    expect(scopeUnit({ ...reviewer, unit: null })).not.toBeUndefined(); // a unit-less reviewer sees nothing, not everything
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a per-user salt, and verifies', async () => {
    const fast = { N: 1024, r: 8, p: 1 };
    const a = await hashPassword('mật khẩu đủ dài', fast);
    const b = await hashPassword('mật khẩu đủ dài', fast);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('mật khẩu đủ dài', a)).toBe(true);
    expect(await verifyPassword('mật khẩu đủ dài'.normalize('NFD'), a)).toBe(true);
    expect(await verifyPassword('sai', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(passwordProblem('ngắn')).toBe('too_short');
    expect(passwordProblem('đủ-dài-rồi-nhé')).toBeNull();
  });
});

describe('similarity', () => {
  it('scores shared word bigrams', () => {
    const a = shingles('uong toi chua khoi covid');
    expect(setCosine(a, a)).toBe(1);
    expect(setCosine(a, shingles('an toi song chua khoi covid'))).toBeGreaterThan(0.3);
    expect(setCosine(a, shingles('thoi tiet ha noi'))).toBe(0);
    expect(setCosine(a, new Set())).toBe(0);
  });
});
