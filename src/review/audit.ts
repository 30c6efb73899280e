import { createHash } from 'node:crypto';
import type { AuditEntry } from '../storage/audit.js';
import type { Store } from '../storage/store.js';

/** What every action writes to the audit log besides its own rows. */
export interface ActionMeta {
  now: Date;
  ip?: string | null;
}

/**
 * Every action the audit log records, by the services, the admin pages, the API, the CLI and the
 * jobs; the audit page names each in the reader's language (audit.a.<action>, a test checks both).
 */
export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'logout', 'verdict', 'assign', 'hold', 'escalate', 'flow_resolve', 'bulk_confirm', 'status',
  'claim_create', 'claim_update', 'claim_member', 'claim_verdict',
  'response_draft', 'response_update', 'response_approve', 'response_publish', 'response_card',
  'item_view', 'author_reveal', 'grievance_update', 'export', 'user_add', 'user_update', 'user_disable', 'user_enable', 'unit_add', 'unit_update',
  'subject_request', 'subject_acknowledge', 'subject_find', 'subject_export', 'subject_delete', 'subject_close', 'subject_reject',
  'watchlist_create', 'watchlist_update', 'watchlist_delete',
  'tip_submit', 'tip_reply',
  'api_call', 'api_token_create', 'api_token_revoke', 'digest_make', 'digest_export', 'source_save', 'source_pause', 'source_resume',
  'rule_override', 'rule_revert', 'model_train', 'model_activate', 'purge', 'items.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `actor`: a signed-in user, an operator at the command line (id null, username "cli:<os user>"), or nobody. */
export function auditEntry(actor: { id: number | null; username: string } | null, action: AuditAction, meta: ActionMeta, target?: { type: string; id: string | number }, detail?: Record<string, unknown>): AuditEntry {
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
  await store.write(() => store.audit.append(auditEntry(...args)));
}

/**
 * Free text in the audit log as a fingerprint: its length and a SHA-256 prefix. The log is
 * append-only and never erased, while a verdict's reason may quote a post and is scrubbed when the
 * post expires; the fingerprint still proves which reason was recorded, without keeping the words.
 */
export function textFingerprint(text: string): { chars: number; sha256: string } {
  return { chars: text.length, sha256: createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16) };
}
