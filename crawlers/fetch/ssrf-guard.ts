import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { BlockedError } from './errors.js';

/**
 * Server-side request forgery guard. Only global unicast addresses may be fetched; everything
 * special-purpose (loopback, private, link-local incl. 169.254.169.254, CGNAT, unique-local,
 * multicast, reserved, NAT64/6to4/Teredo embeddings, …) is refused, both for literal IPs in the
 * URL and for every address a hostname resolves to. The loader connects through `guardedLookup`,
 * so the address that was checked is the address that is dialled (no DNS-rebinding window).
 * The explicit allow-list (`KC_CRAWL_ALLOW_HOSTS`) is the only way around it, and an entry that
 * names a port opens that port only: for a hostname as for an address, on every redirect hop
 * and every browser request (the connection's port is checked where its address is resolved).
 */

/** Allow-list entries are `host` (any port) or `host:port`; IPv6 hosts in brackets. */
export interface AllowList {
  readonly entries: ReadonlyArray<{ host: string; port?: string }>;
}

export function parseAllowList(raw: string | readonly string[] | undefined): AllowList {
  const items = typeof raw === 'string' ? raw.split(',') : (raw ?? []);
  const entries = items
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      // Let the URL parser normalise the host exactly as it will normalise request URLs.
      const u = new URL(`http://${s}`);
      return { host: u.hostname.toLowerCase(), port: u.port || (/:80$/.test(s) ? '80' : undefined) };
    });
  return { entries };
}

export const EMPTY_ALLOW_LIST: AllowList = { entries: [] };

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** True when an entry names this host and either this port or no port at all. */
export function allowsHostPort(allow: AllowList, hostname: string, port: string): boolean {
  const host = hostname.toLowerCase();
  return allow.entries.some((e) => e.host === host && (e.port === undefined || e.port === port));
}

export function isAllowListed(url: URL, allow: AllowList): boolean {
  return allowsHostPort(allow, url.hostname, effectivePort(url));
}

/** Hostname → addresses. The system resolver by default; a split-horizon setup or a test can pass its own. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, res) => (err ? reject(err) : resolve(res))),
  );

export interface ResolveOptions {
  /** The port the connection is for: an allow-list entry for this host with another port does not apply. */
  port?: string;
  resolve?: Resolver;
}

/** Why an IP address may not be fetched, or null when it is global unicast. */
export function forbiddenAddressReason(ip: string): string | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return `not an IP address: ${ip}`;
  let addr = ipaddr.parse(bare);
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) addr = v6.toIPv4Address();
    // IPv4-compatible (::a.b.c.d, deprecated) would otherwise slip through as "unicast".
    else if (v6.parts.slice(0, 6).every((p) => p === 0)) return `${ip} is an IPv4-compatible IPv6 address`;
    // Global unicast lives in 2000::/3; anything else is special-purpose.
    else if (!v6.match(ipaddr.IPv6.parse('2000::'), 3)) return `${ip} is outside global unicast`;
  }
  const range = addr.range();
  return range === 'unicast' ? null : `${ip} is a ${range} address`;
}

export type SupportedScheme = 'http:' | 'https:';

/**
 * Checks a URL before any connection: scheme, credentials, and literal IP hosts. Hostnames are
 * checked at connect time by `guardedLookup`. Returns the parsed URL.
 */
export function checkUrl(input: string | URL, allow: AllowList): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new BlockedError('scheme', `not a valid URL: ${String(input)}`, String(input));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BlockedError('scheme', `only http and https URLs are fetched, not ${url.protocol}`, url.href);
  }
  if (url.username || url.password) {
    throw new BlockedError('scheme', 'URLs with embedded credentials are refused', url.href);
  }
  if (isAllowListed(url, allow)) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) throw new BlockedError('ssrf', `refused ${url.href}: ${reason}`, url.href);
  } else if (/^(localhost|.*\.localhost)\.?$/i.test(host)) {
    throw new BlockedError('ssrf', `refused ${url.href}: localhost names are never fetched`, url.href);
  }
  return url;
}

/**
 * Resolves a hostname and returns its addresses only if every one of them is allowed, or if the
 * allow-list names this host for this port. Without a port, only entries without one apply.
 */
export async function resolvePublicAddresses(hostname: string, allow: AllowList, opts: ResolveOptions = {}): Promise<LookupAddress[]> {
  const addresses = await (opts.resolve ?? systemResolver)(hostname);
  const listed = opts.port === undefined ? allow.entries.some((e) => e.host === hostname.toLowerCase() && e.port === undefined) : allowsHostPort(allow, hostname, opts.port);
  if (listed) return addresses;
  for (const a of addresses) {
    const reason = forbiddenAddressReason(a.address);
    if (reason) throw new BlockedError('ssrf', `refused ${hostname}: resolves to ${reason}`, hostname);
  }
  if (addresses.length === 0) throw new BlockedError('ssrf', `refused ${hostname}: no addresses`, hostname);
  return addresses;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls.connect that refuses special-purpose addresses: the socket connects
 * to exactly the addresses checked here. A hostname the allow-list names for `opts.port` (the
 * port this connection goes to) bypasses the check; the same name on any other port does not.
 */
export function guardedLookup(allow: AllowList, opts: ResolveOptions = {}) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => {
    resolvePublicAddresses(hostname, allow, opts).then(
      (addrs) => {
        const family = options?.family === 6 || options?.family === 'IPv6' ? 6 : options?.family === 4 || options?.family === 'IPv4' ? 4 : 0;
        const fitting = family ? addrs.filter((a) => a.family === family) : addrs;
        if (fitting.length === 0) return callback(Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        if (options?.all) callback(null, fitting);
        else callback(null, fitting[0].address, fitting[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}
