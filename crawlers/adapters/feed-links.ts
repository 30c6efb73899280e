import { resolveUrl } from './extract.js';
import { nodeText } from './feed-fields.js';

/**
 * Item links of a feed. Relative links resolve against xml:base (on the root, the channel/feed,
 * the item and the link itself, each against the one above) and, in RSS, against the channel's
 * own <link> (the site the items belong to); the document's URL is the last resort (RFC 4287 §1.2,
 * RFC 3986 §5.1). A <guid> stands in for a missing link only when it is an absolute http(s) URL:
 * "12345" or "tag:…" (isPermaLink="false") is an identifier, and resolving it would make up a URL.
 */
type Element = Record<string, unknown>;

const isElement = (n: unknown): n is Element => typeof n === 'object' && n !== null && !Array.isArray(n);

/** `base` moved by the element's xml:base attribute, if it has a usable one. */
export function underXmlBase(base: string, el: unknown): string {
  const xmlBase = isElement(el) ? nodeText(el['@_xml:base']) : undefined;
  return (xmlBase && resolveUrl(xmlBase, base)) || base;
}

function absolute(href: string | undefined): string | undefined {
  if (!href || !/^https?:\/\//i.test(href.trim())) return undefined;
  return resolveUrl(href, 'http://invalid/');
}

/** The base URL items of this document resolve against. */
export function feedBase(doc: Record<string, unknown>, pageUrl: string): string {
  for (const rootName of ['rss', 'feed', 'rdf:RDF']) {
    const root = doc[rootName];
    if (root === undefined) continue;
    let base = underXmlBase(pageUrl, root);
    const channel = isElement(root) ? root.channel : undefined;
    if (channel === undefined) return base; // Atom: the feed element is the root
    base = underXmlBase(base, channel);
    const links = isElement(channel) ? channel.link : undefined;
    const site = (Array.isArray(links) ? links : [links]).map(nodeText).find((l) => l?.trim());
    return (site && resolveUrl(site, base)) || base;
  }
  return pageUrl;
}

/** The item's URL, or undefined when it has none (rather than a made-up one). */
export function itemLink(entry: Element, feedBaseUrl: string): string | undefined {
  const base = underXmlBase(feedBaseUrl, entry);
  const links = (Array.isArray(entry.link) ? entry.link : entry.link === undefined ? [] : [entry.link]) as unknown[];
  // Atom: rel="alternate" (or no rel) is the entry's page; RSS: the text of <link>.
  const pick = links.find((l) => !isElement(l) || !l['@_rel'] || l['@_rel'] === 'alternate') ?? links[0];
  const href = isElement(pick) ? (nodeText(pick['@_href']) ?? nodeText(pick)) : nodeText(pick);
  const link = href?.trim() ? resolveUrl(href, underXmlBase(base, pick)) : undefined;
  return link ?? absolute(nodeText(entry.guid));
}
