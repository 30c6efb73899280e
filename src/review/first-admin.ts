import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../storage/store.js';
import { auditEntry, type ActionMeta } from './audit.js';
import { hashPassword } from './passwords.js';
import { passwordSchema, usernameSchema, UserError } from './user-service.js';

/**
 * First run: an installation with no administrator gets a one-time setup link (printed by
 * `npm start`) that creates the first admin in the browser, as self-hosted tools do. Only the
 * token's hash is stored; each start issues a fresh one (the last printed link is the valid one);
 * it is refused for good once any admin exists, and consumed when it creates one.
 */
const KEY = 'setup-token';

const digest = (token: string) => createHash('sha256').update(token).digest();

export async function hasAdmin(store: Store): Promise<boolean> {
  return (await store.users.list()).some((u) => u.role === 'admin');
}

/** A new setup token when no admin exists (its hash stored, replacing any earlier one); else null. */
export async function issueSetupToken(store: Store, now: Date): Promise<string | null> {
  if (await hasAdmin(store)) {
    await store.write(() => store.settings.delete(KEY));
    return null;
  }
  const token = randomBytes(24).toString('base64url');
  await store.write(() => store.settings.set(KEY, { sha256: digest(token).toString('hex'), issuedAt: now.toISOString() }));
  return token;
}

/** True while the token is the one issued and no admin exists yet. */
export async function setupTokenValid(store: Store, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token) || (await hasAdmin(store))) return false;
  const saved = await store.settings.get<{ sha256: string }>(KEY);
  if (!saved) return false;
  const want = Buffer.from(saved.sha256, 'hex');
  const got = digest(token);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Creates the first admin with the setup token, once: the check, the account, the audit entry and
 * the token's removal are one write, so two browsers racing with the same link make one admin.
 */
export async function createFirstAdmin(store: Store, token: string, input: { username: string; password: string }, meta: ActionMeta): Promise<number> {
  const username = usernameSchema.parse(input.username);
  const pw = passwordSchema.safeParse(input.password);
  if (!pw.success) throw new UserError(`password ${pw.error.issues[0].message}`);
  const passwordHash = await hashPassword(input.password);
  return store.write(async () => {
    if (!(await setupTokenValid(store, token))) throw new UserError('setup link no longer valid');
    const id = await store.users.create({ username, role: 'admin', unit: null, passwordHash, now: meta.now.toISOString() });
    await store.audit.append(auditEntry({ id: null, username: 'setup' }, 'user_add', meta, { type: 'user', id }, { username, role: 'admin', via: 'setup link' }));
    await store.settings.delete(KEY);
    return id;
  });
}
