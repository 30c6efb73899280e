import type { AuditEntry } from '../storage/audit.js';
import type { Store } from '../storage/store.js';
import type { Actor } from './access.js';

/** What every action writes to the audit log besides its own rows. */
export interface ActionMeta {
  now: Date;
  ip?: string | null;
}

export type AuditAction =
  | 'login' | 'login_failed' | 'logout' | 'verdict' | 'assign' | 'hold' | 'escalate' | 'status'
  | 'claim_create' | 'claim_update' | 'claim_member' | 'claim_verdict'
  | 'response_draft' | 'response_update' | 'response_approve' | 'response_publish'
  | 'item_view' | 'author_reveal' | 'grievance_update' | 'export' | 'user_add' | 'user_update' | 'user_disable' | 'user_enable';

export function auditEntry(actor: Pick<Actor, 'id' | 'username'> | null, action: AuditAction, meta: ActionMeta, target?: { type: string; id: string | number }, detail?: Record<string, unknown>): AuditEntry {
  return {
    at: meta.now.toISOString(),
    userId: actor?.id ?? null,
    username: actor?.username ?? null,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    detail,
    ip: meta.ip ?? null,
  };
}

/** Appends one row in its own transaction (for actions that write nothing else). */
export async function audit(store: Store, ...args: Parameters<typeof auditEntry>): Promise<void> {
  await store.db.write(() => store.audit.append(auditEntry(...args)));
}
