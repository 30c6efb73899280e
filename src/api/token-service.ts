import { createHash, randomBytes } from 'node:crypto';
import { isAdmin, type Actor } from '../review/access.js';
import type { ActionMeta } from '../review/audit.js';
import { ReviewError } from '../review/errors.js';
import type { ApiToken } from '../storage/api-tokens.js';
import type { Store } from '../storage/store.js';

/** Tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'kcapi_';
const TOKEN = /^kcapi_[A-Za-z0-9_-]{43}$/;

/** 256 random bits: a plain SHA-256 of it is as good as a slow hash and keeps lookups an index probe. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface NewToken {
  name: string;
  /** Unit code, null = every unit. */
  unit: string | null;
  /** Last day the token works (YYYY-MM-DD, to the end of that day in `timeZone`), null = no expiry. */
  expiresOn: string | null;
  /** Time zone of `expiresOn` (KC_TZ); default UTC. */
  timeZone?: string;
}

/** The last millisecond of a calendar day in a time zone (the offset read from Intl, so DST-safe enough for a day's end). */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T23:59:59.999Z`);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(guess);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - (guess.getTime() - 999);
  return new Date(guess.getTime() - offset);
}

function auditRow(actor: Actor, action: string, meta: ActionMeta, id: number, detail: Record<string, unknown>) {
  return { at: meta.now.toISOString(), userId: actor.id, username: actor.username, action, targetType: 'api_token', targetId: id, detail, ip: meta.ip ?? null };
}

/** Creates a token; the only time its value exists outside the caller is this return value. */
export async function createApiToken(store: Store, actor: Actor, input: NewToken, meta: ActionMeta): Promise<{ id: number; token: string }> {
  if (!isAdmin(actor)) throw new ReviewError('forbidden', 'error.forbidden');
  const name = input.name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 80) throw new ReviewError('invalid', 'field.api_token_name');
  if (input.unit !== null && !(await store.units.byCode(input.unit))) throw new ReviewError('invalid', 'field.unit');
  let expiresAt: string | null = null;
  if (input.expiresOn !== null) {
    const day = new Date(`${input.expiresOn}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || !day.toISOString().startsWith(input.expiresOn)) throw new ReviewError('invalid', 'field.api_token_expiry');
    const end = endOfLocalDay(input.expiresOn, input.timeZone ?? 'UTC');
    if (end.getTime() <= meta.now.getTime()) throw new ReviewError('invalid', 'field.api_token_expiry');
    expiresAt = end.toISOString();
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = await store.write(async () => {
    const id = await store.apiTokens.create({ name, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), unit: input.unit, createdBy: actor.id, now: meta.now.toISOString(), expiresAt });
    await store.audit.append(auditRow(actor, 'api_token_create', meta, id, { name, unit: input.unit, expiresAt }));
    return id;
  });
  return { id, token };
}

export async function revokeApiToken(store: Store, actor: Actor, id: number, meta: ActionMeta): Promise<void> {
  if (!isAdmin(actor)) throw new ReviewError('forbidden', 'error.forbidden');
  await store.write(async () => {
    const t = await store.apiTokens.byId(id);
    if (!t) throw new ReviewError('not_found', 'error.not_found');
    if (!(await store.apiTokens.revoke(id, actor.id, meta.now.toISOString()))) throw new ReviewError('conflict', 'error.api_token_revoked');
    await store.audit.append(auditRow(actor, 'api_token_revoke', meta, id, { name: t.name }));
  });
}

export type TokenState = 'active' | 'revoked' | 'expired';
export const tokenState = (t: ApiToken, now: Date): TokenState =>
  t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now.toISOString() ? 'expired' : 'active';

/**
 * The token an `Authorization: Bearer` header names, with its state; undefined when the header is
 * missing, malformed or names no token. A revoked or expired token is still returned (and refused
 * by the caller), so its refusals count against its own rate limit and can be audited.
 */
export async function findBearer(store: Store, header: string | undefined): Promise<ApiToken | undefined> {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  if (!m || !TOKEN.test(m[1])) return undefined;
  return store.apiTokens.byHash(hashToken(m[1]));
}
