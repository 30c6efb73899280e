import type { ItemStatus } from '../types.js';

export const STATUSES: ItemStatus[] = ['new', 'in_review', 'decided', 'response_drafted', 'response_approved', 'closed'];

/**
 * The review workflow new → in_review → decided → response_drafted → response_approved → closed,
 * plus the ways back a real team needs: re-deciding, a draft edited after approval, reopening.
 */
const NEXT: Record<ItemStatus, ItemStatus[]> = {
  new: ['in_review', 'decided', 'closed'],
  in_review: ['new', 'decided', 'closed'],
  decided: ['in_review', 'decided', 'response_drafted', 'closed'],
  response_drafted: ['decided', 'response_drafted', 'response_approved', 'closed'],
  response_approved: ['response_drafted', 'response_approved', 'closed'],
  closed: ['in_review'],
};

export function canMove(from: ItemStatus, to: ItemStatus): boolean {
  return NEXT[from].includes(to);
}

/** A verdict can be (re)recorded until a response has been approved for the item. */
export function canRecordVerdict(status: ItemStatus): boolean {
  return canMove(status, 'decided');
}
