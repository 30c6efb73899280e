import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L, U: read aloud or copied from a phone screen without mistakes.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A receipt number "TB-XXXX-XXXX" (tin báo): random, so it reveals neither how many tips came nor any item id. */
export function newReceipt(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `TB-${s.slice(0, 4)}-${s.slice(4)}`;
}
