import type { GrievanceMark } from '../storage/grievances.js';
import type { Store } from '../storage/store.js';
import { ReviewError } from './errors.js';

/** Verdicts that would call a post false: never given to a worker's grievance under follow-up. */
export const COUNTER_VERDICTS = new Set(['false', 'misleading']);

/** A grievance: flagged by the classifier, judged so by a person, or already in follow-up. */
export function isGrievance(m: GrievanceMark | undefined): boolean {
  return !!m && (m.labelled || m.verdict === 'grievance' || m.status !== null);
}

/**
 * Held in follow-up: a grievance whose follow-up an admin has not closed with a recorded finding.
 * While held it cannot be judged false/misleading nor join a claim (the product rule: grievances
 * are followed up, never counter-messaged).
 */
export function isHeld(m: GrievanceMark | undefined): boolean {
  return isGrievance(m) && !(m!.status === 'resolved' && !!m!.finding && m!.closedByAdmin);
}

async function mark(store: Store, itemId: number): Promise<GrievanceMark | undefined> {
  return (await store.grievances.marks([itemId]))[0];
}

/** Refuses a false/misleading verdict on a held grievance. */
export async function assertVerdictAllowed(store: Store, itemId: number, verdict: string): Promise<void> {
  if (COUNTER_VERDICTS.has(verdict) && isHeld(await mark(store, itemId))) throw new ReviewError('conflict', 'error.grievance_held_verdict');
}

/** Refuses a held grievance as a claim member (claims are what responses answer). */
export async function assertClaimable(store: Store, itemId: number): Promise<void> {
  if (isHeld(await mark(store, itemId))) throw new ReviewError('conflict', 'error.grievance_held_claim');
}

/** No response is ever drafted or approved for a claim with a grievance among its members, closed or not. */
export async function assertNoGrievanceMember(store: Store, claimId: number): Promise<void> {
  const ids = (await store.claims.members(claimId, 'confirmed')).map((m) => m.itemId);
  if ((await store.grievances.marks(ids)).some(isGrievance)) throw new ReviewError('conflict', 'error.grievance_no_response');
}
