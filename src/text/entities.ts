import type { Entity, EntityType } from '../types.js';

// Detected on the original text, so offsets need no mapping. Each pattern refuses to start in the
// middle of a word (Unicode-aware lookbehind) and is only run when a cheap substring test says it can match.

// Characters that may not sit right before an entity. Invisible format characters and fullwidth
// punctuation are included because normalisation removes or rewrites them: detection must give
// the same answer before and after, or normalisation would not be idempotent.
const NOT_BEFORE = String.raw`\p{L}\p{M}\p{N}\p{Cf}\uff01-\uff5e_`;
const URL_CHARS = String.raw`[^\s<>"'\u0060\p{Cf}\p{Cs}]`;
const TLD = 'com|net|org|vn|gov|edu|info|io|me|ly|co|tv|biz|asia|xyz|link|site|online|page|app|dev|to|gl|cc|news';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
// Sticky: tried only near an anchor (://, www., .tld) found by RE_URL_ANCHOR, because a scan of
// the whole text would try the bare-domain branch at every letter.
const RE_URL = new RegExp(
  String.raw`(?<![${NOT_BEFORE}@.\-/])(?:(?:https?|ftp)://${URL_CHARS}+|www\.${URL_CHARS}+|(?:${LABEL}\.)+(?:${TLD})(?![\p{L}\p{N}_\-])(?:[/?#]${URL_CHARS}*)?)`,
  'iuy',
);
const RE_URL_ANCHOR = new RegExp(String.raw`://|www\.|\.(?:${TLD})(?![a-z0-9-])`, 'gi');
const RE_EMAIL = new RegExp(
  String.raw`(?<![${NOT_BEFORE}.+\-@])` +
    String.raw`[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\p{L}\p{N}_@])`,
  'gu',
);
const RE_MENTION = new RegExp(
  String.raw`(?<![${NOT_BEFORE}@.])@` +
    String.raw`[\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_.]{0,63}[\p{L}\p{M}\p{N}_])?`,
  'gu',
);
// Vietnamese numbers: mobile 0[35789]x xxx xxxx, landline 02x xxxx xxxx, optionally as +84 / (+84),
// digits grouped by single spaces, dots or dashes; hotlines 1800/1900 xxxx[xx].
const SEP = '[ .\\-\\u00a0]?';
const RE_PHONE = new RegExp(
  String.raw`(?<![${NOT_BEFORE}+.,\-/])(?:(?:\+84|\(\+84\))${SEP}|0|\(0\d{1,3}\)${SEP})\d(?:${SEP}\d){7,10}(?![\p{L}\p{N}]|[.,]\d)` +
    String.raw`|(?<![${NOT_BEFORE}+.,\-/])1[89]00(?:${SEP}\d){4,6}(?![\p{L}\p{N}]|[.,]\d)`,
  'gu',
);
// Cheap tests that say whether the expensive patterns can match at all (most posts have no entity).
const RE_EMAIL_HINT = /[A-Za-z0-9]@[A-Za-z0-9]/;
const RE_PHONE_HINT = /\d[ .\-\u00a0]?\d[ .\-\u00a0]?\d[ .\-\u00a0]?\d/;
const TRAILING = '.,;:!?…\'"»)]}';

/** Drop trailing punctuation from a URL or mention; a ")" stays when it closes a "(" inside. */
function trimTrailing(s: string): string {
  let end = s.length;
  while (end > 1 && TRAILING.includes(s[end - 1])) {
    if (s[end - 1] === ')') {
      const body = s.slice(0, end);
      if (body.split('(').length >= body.split(')').length) break;
    }
    end--;
  }
  return end === s.length ? s : s.slice(0, end);
}

function isUrlChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

function collectUrls(text: string, out: Entity[]): void {
  RE_URL_ANCHOR.lastIndex = 0;
  let covered = 0;
  let a: RegExpExecArray | null;
  while ((a = RE_URL_ANCHOR.exec(text)) !== null) {
    const at = a.index;
    if (at < covered) continue;
    let from = at;
    while (from > covered && isUrlChar(text.charCodeAt(from - 1))) from--;
    let found = false;
    for (let p = from; p <= at; p++) {
      RE_URL.lastIndex = p;
      const m = RE_URL.exec(text);
      if (m === null) continue;
      const value = trimTrailing(m[0]);
      out.push({ type: 'url', value, start: p, end: p + value.length });
      covered = p + m[0].length;
      if (RE_URL_ANCHOR.lastIndex < covered) RE_URL_ANCHOR.lastIndex = covered;
      found = true;
      break;
    }
    // The lookbehind lets a URL start only where a run of host characters starts, and the attempt
    // there already tried every later anchor of the run: never scan these positions again.
    if (!found) covered = at + 1;
  }
}

function phoneValue(m: string): string | null {
  let d = m.replace(/\D/g, '');
  if (m.includes('+84')) d = '0' + d.slice(2);
  if (/^0[35789]\d{8}$/.test(d) || /^02\d{9}$/.test(d) || /^1[89]00(?:\d{4}|\d{6})$/.test(d)) return d;
  return null;
}

/** The longest prefix of a phone-like match, cut at a separator, that is a valid number. */
function validPhonePrefix(m: string): string | null {
  let s = m;
  for (;;) {
    if (phoneValue(s) !== null) return s;
    const cut = Math.max(s.lastIndexOf(' '), s.lastIndexOf('.'), s.lastIndexOf('-'), s.lastIndexOf('\u00a0'));
    if (cut <= 0) return null;
    s = s.slice(0, cut);
  }
}

function collect(text: string, re: RegExp, type: EntityType, out: Entity[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let s = m[0];
    let value: string | null = s;
    if (type === 'mention') {
      s = trimTrailing(s);
      value = s;
    } else if (type === 'email') {
      value = s.toLowerCase();
    } else if (type === 'phone') {
      const p = validPhonePrefix(s);
      if (p !== null) s = p;
      value = p === null ? null : phoneValue(p);
    }
    if (value !== null && s.length > 1) out.push({ type, value, start: m.index, end: m.index + s.length });
  }
}

const PRIORITY: Record<EntityType, number> = { url: 0, email: 1, phone: 2, mention: 3 };

/** URLs, e-mail addresses, Vietnamese phone numbers and @mentions, non-overlapping, in order. */
export function findEntities(text: string): Entity[] {
  const found: Entity[] = [];
  collectUrls(text, found);
  if (text.includes('@')) {
    if (RE_EMAIL_HINT.test(text)) collect(text, RE_EMAIL, 'email', found);
    collect(text, RE_MENTION, 'mention', found);
  }
  if (RE_PHONE_HINT.test(text)) collect(text, RE_PHONE, 'phone', found);
  if (found.length <= 1) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY[a.type] - PRIORITY[b.type]);
  const out: Entity[] = [];
  let lastEnd = -1;
  for (const e of found) {
    if (e.start >= lastEnd) {
      out.push(e);
      lastEnd = e.end;
    }
  }
  return out;
}
