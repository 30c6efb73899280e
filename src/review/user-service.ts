import { ReviewError } from './errors.js';
import { z } from 'zod';
import type { Store } from '../storage/store.js';
import type { Role } from '../types.js';
import type { Actor } from './access.js';
import { auditEntry, type ActionMeta } from './audit.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';

export const ROLES: Role[] = ['viewer', 'reviewer', 'admin'];
export const usernameSchema = z.string().regex(/^[a-zA-Z0-9._-]{2,64}$/, 'use 2–64 letters, digits, dot, dash or underscore');
export const unitSchema = z.string().trim().min(1).max(100);
export const passwordSchema = z.string().refine((p) => [...p].length >= MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).refine((p) => p.length <= 256, 'must be at most 256 characters');

/** Who did it: a signed-in admin, or the operator at the command line. */
export type UserAdmin = Actor | { id: null; username: 'cli' };

/**
 * A refused account change. `message` is for the command line (English); `key` and `params` let the
 * admin pages say it in the reader's language (error.user.<key> in the UI catalogs).
 */
export class UserError extends ReviewError {
  constructor(
    message: string,
    readonly key: string = 'invalid',
    params: Record<string, string | number> = {},
  ) {
    super('invalid', `error.user.${key}`, params, message);
  }
}

/** The refusal for a password the schema rejected: too short or too long. */
export function passwordError(password: string, issue: string): UserError {
  return [...password].length < MIN_PASSWORD_LENGTH
    ? new UserError(`password ${issue}`, 'password_short', { min: MIN_PASSWORD_LENGTH })
    : new UserError(`password ${issue}`, 'password_long', { max: 256 });
}

/** A username the schema accepts, or a UserError saying which characters are allowed. */
export function checkUsername(name: string): string {
  const r = usernameSchema.safeParse(name);
  if (!r.success) throw new UserError(`invalid username: ${r.error.issues[0].message}`, 'bad_username');
  return r.data;
}

const who = (a: UserAdmin) => (a.id === null ? { id: 0, username: 'cli' } : a);

/** Account management shared by `cli users` and the admin pages. Every change is audited. */
export async function addUser(store: Store, by: UserAdmin, input: { username: string; role: Role; unit: string | null; password: string }, meta: ActionMeta): Promise<number> {
  const username = checkUsername(input.username);
  if (!ROLES.includes(input.role)) throw new UserError(`role must be one of ${ROLES.join(', ')}`, 'bad_role');
  if (input.role === 'reviewer' && !input.unit) throw new UserError('a reviewer needs a --unit (the member union whose items they review)', 'reviewer_needs_unit');
  const pw = passwordSchema.safeParse(input.password);
  if (!pw.success) throw passwordError(input.password, pw.error.issues[0].message);
  if (await store.users.byUsername(username)) throw new UserError(`user "${username}" already exists`, 'exists', { username });
  const passwordHash = await hashPassword(input.password);
  return store.write(async () => {
    const id = await store.users.create({ username, role: input.role, unit: input.unit, passwordHash, now: meta.now.toISOString() });
    await store.audit.append(auditEntry(who(by), 'user_add', meta, { type: 'user', id }, { username, role: input.role, unit: input.unit }));
    return id;
  });
}

async function target(store: Store, username: string) {
  const u = await store.users.byUsername(username);
  if (!u) throw new UserError(`no user "${username}"`, 'unknown', { username });
  return u;
}

/** Disabling ends every session of the user at once. */
export async function setUserDisabled(store: Store, by: UserAdmin, username: string, disabled: boolean, meta: ActionMeta): Promise<number> {
  const u = await target(store, username);
  return store.write(async () => {
    await store.users.setDisabled(u.id, disabled, meta.now.toISOString());
    const ended = disabled ? await store.sessions.deleteForUser(u.id) : 0;
    await store.audit.append(auditEntry(who(by), disabled ? 'user_disable' : 'user_enable', meta, { type: 'user', id: u.id }, { username: u.username, sessionsEnded: ended }));
    return ended;
  });
}

/** Role, unit or password change; a password reset ends the user's sessions. */
export async function updateUser(store: Store, by: UserAdmin, username: string, change: { role?: Role; unit?: string | null; password?: string }, meta: ActionMeta): Promise<void> {
  const u = await target(store, username);
  if (change.role && !ROLES.includes(change.role)) throw new UserError(`role must be one of ${ROLES.join(', ')}`, 'bad_role');
  const role = change.role ?? u.role;
  const unit = change.unit !== undefined ? change.unit : u.unit;
  if (role === 'reviewer' && !unit) throw new UserError('a reviewer needs a unit', 'reviewer_needs_unit');
  let passwordHash: string | undefined;
  if (change.password !== undefined) {
    const pw = passwordSchema.safeParse(change.password);
    if (!pw.success) throw passwordError(change.password, pw.error.issues[0].message);
    passwordHash = await hashPassword(change.password);
  }
  await store.write(async () => {
    await store.users.update(u.id, { role: change.role, unit: change.unit, passwordHash }, meta.now.toISOString());
    if (passwordHash || change.role || change.unit !== undefined) await store.sessions.deleteForUser(u.id);
    await store.audit.append(auditEntry(who(by), 'user_update', meta, { type: 'user', id: u.id }, { username: u.username, role: change.role, unit: change.unit, password: passwordHash ? 'reset' : undefined }));
  });
}
