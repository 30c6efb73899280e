import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import en from './locales/en.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };
import type { AppEnv } from './context.js';

export type MessageKey = keyof typeof vi;
export type Lang = 'vi' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export const LANGS: Lang[] = ['vi', 'en'];
const catalogs: Record<Lang, Record<string, string>> = { vi, en };
const COOKIE = 'kc_lang';

/** Looks a key up in the language, then Vietnamese; `{name}` placeholders are filled from params. */
export function translator(lang: Lang): Translate {
  const cat = catalogs[lang];
  return (key, params) => {
    const s = cat[key] ?? vi[key] ?? key;
    return params ? s.replace(/\{(\w+)\}/g, (w, k: string) => (k in params ? String(params[k]) : w)) : s;
  };
}

/** Translation of a dynamic key (a verdict, status, label) when it exists, else the raw value. */
export function tryKey(t: Translate, key: string, fallback: string): string {
  const s = t(key as MessageKey);
  return s === key ? fallback : s;
}

function pick(value: string | undefined): Lang | undefined {
  const v = value?.toLowerCase().slice(0, 2);
  return v === 'vi' || v === 'en' ? v : undefined;
}

/** Language tags of an Accept-Language header, highest q first. */
export function acceptLanguage(header: string): string[] {
  return header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((l) => l.tag);
}

/** Vietnamese by default; ?lang= (remembered in a cookie), then the cookie, then Accept-Language. */
export function i18n(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const fromQuery = pick(c.req.query('lang'));
    if (fromQuery) setCookie(c, COOKIE, fromQuery, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 31_536_000, secure: c.get('secure') });
    const header = c.req.header('accept-language');
    const fromHeader = header ? acceptLanguage(header).map(pick).find(Boolean) : undefined;
    const lang = fromQuery ?? pick(getCookie(c, COOKIE)) ?? fromHeader ?? 'vi';
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  };
}
