/**
 * Canonical form of a URL, used only as a duplicate key (the original URL is what we link to).
 * Two shares of one article usually differ by tracking parameters, fragment, `www.`, scheme,
 * parameter order or a trailing slash; all of those are erased here.
 */

// Exact parameter names added by share buttons, ad networks and mail tools. Prefixes below.
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'mc_eid', 'mc_cid', 'igshid', 'igsh', 'mibextid', 'zarsrc', 'gidzl', 'ref_src', 'ref_url', 'si',
  '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'spm', 'share_source', 'sender_device', 'is_from_webapp',
  'rdid', 'sfnsn', 'vero_id', 'oly_enc_id', 'oly_anon_id', 'wickedid', 'icid',
]);
const TRACKING_PREFIXES = ['utm_', '__cft__', '__tn__', 'hss_', 'pk_', 'mtm_'];

function isTracking(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

/** Returns the canonical URL, or null when `input` is not an absolute http(s) URL. */
export function canonicalUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // http and https copies of a page are the same page for dedupe purposes.
  const port = url.port === '80' || url.port === '443' ? '' : url.port;
  const host = url.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !isTracking(k))
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  let path = url.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `https://${host}${port ? `:${port}` : ''}${path}${query}`;
}
