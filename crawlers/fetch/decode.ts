/**
 * Turns response bytes into text with the right charset: BOM, then the Content-Type charset,
 * then an in-document declaration (<meta charset>, <?xml encoding?>), else UTF-8. Vietnamese
 * sites still serve windows-1258 now and then; TextDecoder (full ICU) handles it.
 */
function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return undefined;
  }
}

function sniffDeclared(body: Buffer): string | undefined {
  const head = body.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta?.[1];
}

export function charsetOf(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
}

export function decodeBody(body: Buffer, contentType?: string | null): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return new TextDecoder('utf-8').decode(body.subarray(3));
  if (body[0] === 0xff && body[1] === 0xfe) return new TextDecoder('utf-16le').decode(body.subarray(2));
  if (body[0] === 0xfe && body[1] === 0xff) return new TextDecoder('utf-16be').decode(body.subarray(2));
  const decoder = decoderFor(charsetOf(contentType)) ?? decoderFor(sniffDeclared(body)) ?? new TextDecoder('utf-8');
  // NFC: Vietnamese arrives both precomposed and with combining marks; downstream compares strings.
  return decoder.decode(body).normalize('NFC');
}
