import { describe, expect, it } from 'vitest';
import { BlockedError } from '../../crawlers/fetch/errors.js';
import { checkUrl, forbiddenAddressReason, guardedLookup, isAllowListed, parseAllowList, resolvePublicAddresses } from '../../crawlers/fetch/ssrf-guard.js';

const NONE = parseAllowList([]);

describe('forbiddenAddressReason', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '169.254.0.1',
    '100.64.0.1', '0.0.0.0', '0.1.2.3', '255.255.255.255', '224.0.0.1', '239.255.255.250', '240.0.0.1', '192.0.2.1', '198.18.0.1',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1',
    '::ffff:169.254.169.254', '::127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::1', '2001:db8::1', '[::1]',
  ])('refuses %s', (ip) => {
    expect(forbiddenAddressReason(ip)).not.toBeNull();
  });

  it.each(['8.8.8.8', '1.1.1.1', '203.113.131.1', '2606:4700:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('allows global unicast %s', (ip) => {
    expect(forbiddenAddressReason(ip)).toBeNull();
  });
});

describe('checkUrl', () => {
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://017700000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:8080/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/latest/meta-data/',
    'http://10.1.2.3:9200/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
  ])('refuses %s as ssrf', (url) => {
    let err: unknown;
    try {
      checkUrl(url, NONE);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).reason).toBe('ssrf');
  });

  it.each(['file:///etc/passwd', 'data:text/html,<p>x</p>', 'javascript:alert(1)', 'ftp://example.org/x', 'gopher://example.org/', 'http://user:pw@example.org/', 'not a url'])(
    'refuses %s as a scheme problem',
    (url) => {
      expect(() => checkUrl(url, NONE)).toThrow(BlockedError);
      try {
        checkUrl(url, NONE);
      } catch (e) {
        expect((e as BlockedError).reason).toBe('scheme');
      }
    },
  );

  it('passes public hostnames and IPs (their DNS is checked at connect time)', () => {
    expect(checkUrl('https://nld.com.vn/cong-doan.rss', NONE).hostname).toBe('nld.com.vn');
    expect(checkUrl('http://8.8.8.8/', NONE).hostname).toBe('8.8.8.8');
  });

  it('lets an allow-listed host:port through, and only that port', () => {
    const allow = parseAllowList('127.0.0.1:4000, example.test');
    expect(checkUrl('http://127.0.0.1:4000/feed', allow).port).toBe('4000');
    // The same address under another encoding is the same host:port.
    expect(checkUrl('http://2130706433:4000/feed', allow).hostname).toBe('127.0.0.1');
    expect(() => checkUrl('http://127.0.0.1:4001/feed', allow)).toThrow(BlockedError);
    expect(() => checkUrl('http://127.0.0.1/feed', allow)).toThrow(BlockedError);
    expect(isAllowListed(new URL('https://example.test:8443/'), allow)).toBe(true);
  });
});

describe('DNS resolution', () => {
  it('refuses hostnames that resolve to loopback', async () => {
    await expect(resolvePublicAddresses('localhost', NONE)).rejects.toBeInstanceOf(BlockedError);
  });

  it('guardedLookup (what sockets use to connect) refuses loopback names, single and all', async () => {
    const lookup = guardedLookup(NONE);
    for (const all of [false, true]) {
      const err = await new Promise<unknown>((resolve) => lookup('localhost', { all }, (e) => resolve(e)));
      expect(err).toBeInstanceOf(BlockedError);
    }
  });

  it('guardedLookup resolves allow-listed names for the listed port only', async () => {
    const allow = parseAllowList('localhost:1234');
    const lookup = guardedLookup(allow, { port: '1234' });
    const addr = await new Promise<unknown>((resolve, reject) => lookup('localhost', { family: 4 }, (e, a) => (e ? reject(e) : resolve(a))));
    expect(addr).toBe('127.0.0.1');
    const other = guardedLookup(allow, { port: '1235' });
    const err = await new Promise<unknown>((resolve) => other('localhost', { family: 4 }, (e) => resolve(e)));
    expect(err).toBeInstanceOf(BlockedError);
  });
});
