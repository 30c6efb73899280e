/**
 * Feed fields that may hold markup (RSS description/content:encoded, Atom content/summary/title with
 * type="html" or "xhtml"). The XML parser keeps them as raw inner XML ("stop nodes"): parsed as
 * ordinary elements, child elements would be split from the text around them and their order lost
 * ("submitted by to", or no text at all so the title stood in for the post).
 */
export const MARKUP_FIELDS = ['title', 'description', 'content', 'content:encoded', 'summary'];

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const XML_ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntity(_: string, name: string): string {
  const lower = name.toLowerCase();
  if (lower in NAMED) return NAMED[lower];
  const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** Splits raw XML into text runs and CDATA sections, with indexOf (linear; no backtracking regex). */
function splitCdata(raw: string): Array<{ cdata: boolean; text: string }> {
  const parts: Array<{ cdata: boolean; text: string }> = [];
  let at = 0;
  while (at < raw.length) {
    const open = raw.indexOf(CDATA_OPEN, at);
    if (open < 0) break;
    const close = raw.indexOf(CDATA_CLOSE, open + CDATA_OPEN.length);
    if (close < 0) break;
    parts.push({ cdata: false, text: raw.slice(at, open) }, { cdata: true, text: raw.slice(open + CDATA_OPEN.length, close) });
    at = close + CDATA_CLOSE.length;
  }
  parts.push({ cdata: false, text: raw.slice(at) });
  return parts;
}

/**
 * The HTML a raw field stands for. With child elements the inner XML is itself the markup (Atom
 * xhtml, unescaped RSS HTML): kept as is, CDATA unwrapped. Without, it is text whose value is HTML
 * (escaped or CDATA): XML entities are decoded once; HTML-only entities (&eacute;) are left for the
 * HTML step, as a feed reader would.
 */
export function fieldHtml(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const parts = splitCdata(raw);
  const hasElements = parts.some((p) => !p.cdata && /<[A-Za-z_]/.test(p.text));
  return parts.map((p) => (p.cdata || hasElements ? p.text : p.text.replace(XML_ENTITY, decodeEntity))).join('');
}

/** The text of a parsed node: a string, the first of a list, or an element's "#text". */
export function nodeText(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return nodeText(node[0]);
  if (typeof node === 'object') return nodeText((node as Record<string, unknown>)['#text']);
  return undefined;
}
