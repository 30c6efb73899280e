import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/pipeline/canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    ['https://VNExpress.net/Bai-Viet-123.html#comments', 'https://vnexpress.net/Bai-Viet-123.html'],
    ['http://www.example.vn:80/tin/', 'https://example.vn/tin'],
    ['https://example.vn:443/', 'https://example.vn/'],
    ['https://example.vn', 'https://example.vn/'],
    ['https://example.vn:8443/a', 'https://example.vn:8443/a'],
    ['https://example.vn/a?utm_source=fb&utm_medium=social&id=7', 'https://example.vn/a?id=7'],
    ['https://example.vn/a?fbclid=IwAR0abc&gclid=x&mc_eid=1&igshid=2&zarsrc=30', 'https://example.vn/a'],
    ['https://example.vn/a?b=2&a=1&UTM_Campaign=x', 'https://example.vn/a?a=1&b=2'],
    ['https://example.vn/a?q=c%C3%B4ng%20%C4%91o%C3%A0n', 'https://example.vn/a?q=c%C3%B4ng+%C4%91o%C3%A0n'],
    ['https://facebook.com/groups/x/posts/1/?__cft__[0]=AZ&__tn__=R', 'https://facebook.com/groups/x/posts/1'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('treats tracking variants of one share as the same key', () => {
    const a = canonicalUrl('https://baomoi.example/cong-doan.html?utm_source=zalo&fbclid=1');
    const b = canonicalUrl('http://www.baomoi.example/cong-doan.html#top');
    expect(a).toBe(b);
  });

  it('keeps path case and meaningful parameters', () => {
    expect(canonicalUrl('https://a.vn/Post?id=1')).not.toBe(canonicalUrl('https://a.vn/post?id=1'));
    expect(canonicalUrl('https://a.vn/p?id=1')).not.toBe(canonicalUrl('https://a.vn/p?id=2'));
  });

  it('returns null for relative, non-http or malformed input', () => {
    for (const bad of ['/tin/1', 'mailto:a@b.vn', 'javascript:alert(1)', 'not a url', '']) expect(canonicalUrl(bad)).toBeNull();
  });
});
