import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor } from '../../src/review/access.js';
import { PRELOGIN_COOKIE } from '../auth/cookies.js';
import type { AppEnv, Flash } from '../context.js';
import type { Lang, Translate } from '../i18n.js';
import { localeFormat, type LocaleFormat } from '../../src/text/locale-format.js';

/** What every view needs from the request: translations, who is signed in, the form token. */
export interface ViewCtx {
  t: Translate;
  lang: Lang;
  user: Actor | null;
  csrf: string;
  path: string;
  /** Current URL with the query string (for the language switch). */
  url: URL;
  flash: Flash | null;
  /** Alerts not seen yet by the signed-in user (navigation badge). */
  alertsUnseen: number;
  /** Numbers and dates in the reader's language, instants in the installation's zone (KC_TZ). */
  fmt: LocaleFormat;
}

export function viewCtx(c: Context<AppEnv>): ViewCtx {
  const session = c.get('session');
  return {
    t: c.get('t'),
    lang: c.get('lang'),
    user: c.get('user'),
    csrf: session?.csrfToken ?? c.get('preloginToken') ?? getCookie(c, PRELOGIN_COOKIE) ?? '',
    path: c.req.path,
    url: new URL(c.req.url),
    flash: c.get('flash'),
    alertsUnseen: c.get('alertsUnseen') ?? 0,
    fmt: localeFormat(c.get('lang'), c.get('deps').config.digest.timeZone),
  };
}
