import type { Role } from '../types.js';

/** Who is acting: what every review service and route check receives. */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  unit: string | null;
}

/** Admins and viewers (HQ) see every unit; a reviewer sees only items of their own unit. */
export function canSee(actor: Actor, unit: string | null): boolean {
  if (actor.role === 'admin' || actor.role === 'viewer') return true;
  return actor.unit !== null && actor.unit === unit;
}

/** Decisions and drafts: reviewers within their unit, admins anywhere, viewers never. */
export function canDecide(actor: Actor, unit: string | null): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'reviewer' && actor.unit !== null && actor.unit === unit;
}

/** The unit a queue read is restricted to (undefined = all units). */
export function scopeUnit(actor: Actor, requested?: string): string | undefined {
  return actor.role === 'reviewer' ? (actor.unit ?? '\u0000no-unit') : requested;
}

export const isAdmin = (actor: Actor) => actor.role === 'admin';
