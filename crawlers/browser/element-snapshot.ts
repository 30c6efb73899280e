/** Escapes text for an HTML text node or a double-quoted attribute. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The HTML snapshot of a post element: a minimal document holding only the element's outerHTML,
 * so other people's comments, sidebars and feeds on the page are not kept as evidence. The head
 * says where and when it was taken (meta tags, readable by tools; a <base> so the post's relative
 * links still point at the page). The page's own scripts and styles are left out: the snapshot
 * is served sandboxed with nothing loaded, and the post's text is what it proves.
 */
export function elementSnapshot(o: { outerHtml: string; title: string; url: string; capturedAt: string; selector: string }): string {
  return [
    '<!doctype html>',
    '<html><head>',
    '<meta charset="utf-8">',
    `<title>${esc(o.title)}</title>`,
    `<base href="${esc(o.url)}">`,
    `<meta name="kc-source-url" content="${esc(o.url)}">`,
    `<meta name="kc-captured-at" content="${esc(o.capturedAt)}">`,
    `<meta name="kc-snapshot-scope" content="element">`,
    `<meta name="kc-post-selector" content="${esc(o.selector)}">`,
    '</head><body>',
    o.outerHtml,
    '</body></html>',
    '',
  ].join('\n');
}
