import type { TipChannel } from '../storage/tips.js';

/** What a member (or a reviewer) sends: a link, pasted text, or both. */
export interface TipInput {
  channel: TipChannel;
  url?: string;
  text?: string;
  /** A title given by the person entering it (command line). */
  title?: string;
  /** "What worries you", optional, in the member's words. */
  worry?: string;
  unit?: string;
  /** The channel's sender id (Zalo user id, Telegram user id): stored only as a keyed pseudonym. */
  senderId?: string;
  /** Where a reply would go (Zalo user id, Telegram chat id): kept KC_TIP_REPLY_DAYS for the reviewer's one-step answer. */
  replyTo?: string;
  /** Signed-in reviewer who entered it (the UI form). */
  userId?: number;
  username?: string;
  ip?: string;
}

export type TipOutcome =
  | { status: 'stored' | 'duplicate'; receipt: string; itemId: number; evidenceQueued?: boolean }
  /** Its URL or author was erased on a person's request: nothing is stored, the member still gets a receipt. */
  | { status: 'suppressed'; receipt: string; itemId: null };

/** Why a tip could not be taken (shown to the member, so no internals). */
export class TipRefused extends Error {
  constructor(readonly reason: 'empty' | 'unreadable' | 'too_long' | 'bad_url' | 'bad_unit') {
    super(`tip refused: ${reason}`);
  }
}

/** Takes a tip into ingest like any item (src/jobs/tip-intake.ts wires the crawler fetch and the classifier). */
export interface TipIntake {
  submit(input: TipInput, now: Date): Promise<TipOutcome>;
}
