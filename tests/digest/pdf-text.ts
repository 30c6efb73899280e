import { inflateSync } from 'node:zlib';

/**
 * Minimal text extraction for the PDFs Chromium prints (no object streams, Identity-H fonts with
 * ToUnicode CMaps): reads each object, maps font resource names to their CMaps, then decodes the
 * hex strings shown with Tj/TJ in the page content streams. Enough to check that a word is in the
 * printed text without a PDF library.
 */
export function pdfText(pdf: Uint8Array): string {
  const buf = Buffer.from(pdf);
  const src = buf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of src.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const si = body.search(/stream\r?\n/);
    if (si < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, si);
    const dataStart = m.index! + m[0].indexOf(body) + si + (body.slice(si).startsWith('stream\r\n') ? 8 : 7);
    const dataEnd = src.indexOf('endstream', dataStart);
    const raw = buf.subarray(dataStart, dataEnd);
    let stream: string | null = null;
    try {
      stream = /FlateDecode/.test(dict) ? inflateSync(raw).toString('latin1') : raw.toString('latin1');
    } catch {
      stream = null;
    }
    objects.set(Number(m[1]), { dict, stream });
  }
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  const cmapOf = (objNum: number): Map<string, string> => {
    const map = new Map<string, string>();
    const font = objects.get(objNum);
    const ref = font?.dict.match(/\/ToUnicode (\d+) 0 R/);
    const cmap = ref ? objects.get(Number(ref[1]))?.stream : null;
    if (!cmap) return map;
    for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, g, u] of body.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(g.toUpperCase(), utf16(u));
    }
    for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, a, b, u] of body.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const base = parseInt(u, 16);
        for (let g = parseInt(a, 16); g <= parseInt(b, 16); g++) {
          map.set(g.toString(16).toUpperCase().padStart(a.length, '0'), String.fromCodePoint(base + g - parseInt(a, 16)));
        }
      }
    }
    return map;
  };
  const fonts = new Map<string, Map<string, string>>();
  for (const [, entries] of src.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
    for (const [, name, num] of entries.matchAll(/\/(\w+) (\d+) 0 R/g)) if (!fonts.has(name)) fonts.set(name, cmapOf(Number(num)));
  }
  let text = '';
  for (const { stream } of objects.values()) {
    if (!stream || !stream.includes('BT')) continue;
    let map = new Map<string, string>();
    for (const [, font, hexes] of stream.matchAll(/\/(\w+) [\d.]+ Tf|((?:<[0-9A-Fa-f]*>\s*(?:-?[\d.]+\s*)?)+)\]?\s*T[jJ]/g)) {
      if (font) {
        map = fonts.get(font) ?? new Map();
        continue;
      }
      const width = map.size > 0 ? [...map.keys()][0].length : 4;
      for (const [, hex] of hexes.matchAll(/<([0-9A-Fa-f]*)>/g)) {
        for (let i = 0; i + width <= hex.length; i += width) text += map.get(hex.slice(i, i + width).toUpperCase()) ?? '';
      }
    }
    text += '\n';
  }
  return text;
}
