import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Turns response bytes into text with the right charset: BOM, then the byte pattern of UTF-16/32
 * without BOM, then the Content-Type charset, then an in-document declaration (<meta charset>,
 * <?xml encoding?>), else UTF-8. Decoding is iconv-lite's: Node 20's TextDecoder('windows-1252')
 * maps bytes 0x80–0x9F to C1 controls instead of curly quotes, dashes and €, and has no UTF-32.
 * Vietnamese sites still serve windows-1258 now and then; iconv-lite has it.
 */

// WHATWG Encoding: these labels mean windows-1252 (a page "in ISO-8859-1" is read as windows-1252 by
// every browser, and real feeds so labelled use its quotes and dashes).
const WINDOWS_1252 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp819', 'ibm819', 'iso-ir-100', 'csisolatin1', 'cp1252', 'x-cp1252']);
// Labels whose every byte sequence is valid, so a UTF-8 body mislabelled with them decodes to "CafÃ©".
const SINGLE_BYTE = /^(?:windows-?125\d|cp125\d|iso-?8859-\d{1,2}|koi8-?[rut]|macintosh|mac-?roman|x-mac-[a-z]+|tis-?620|viscii|cp8\d\d|ibm8\d\d)$/;

function encodingFor(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label.trim().toLowerCase();
  if (WINDOWS_1252.has(l)) return 'windows-1252';
  return iconv.encodingExists(l) ? l : undefined;
}

function sniffDeclared(body: Buffer): string | undefined {
  const head = body.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta?.[1];
}

/** Byte order marks, longest first (UTF-32LE's starts like UTF-16LE's). */
const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * UTF-16/32 without a BOM, from where the zero bytes fall around the first ASCII characters (a
 * document starts with "<" or whitespace; XML 1.0 appendix F). No ASCII-compatible text has them.
 */
function sniffWide(b: Buffer): string | undefined {
  if (b.length < 4) return undefined;
  const z = [b[0] === 0, b[1] === 0, b[2] === 0, b[3] === 0].map(Number).join('');
  return { '0111': 'utf-32le', '1110': 'utf-32be', '0101': 'utf-16le', '1010': 'utf-16be' }[z];
}

export function charsetOf(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
}

/** The encoding to read `body` with, and how many BOM bytes to skip. */
export function detectEncoding(body: Buffer, contentType?: string | null): { encoding: string; skip: number } {
  for (const [bom, encoding] of BOMS) {
    if (bom.every((byte, i) => body[i] === byte)) return { encoding, skip: bom.length };
  }
  const wide = sniffWide(body);
  if (wide) return { encoding: wide, skip: 0 };
  const declared = encodingFor(charsetOf(contentType)) ?? encodingFor(sniffDeclared(body));
  const valid = isUtf8(body);
  // A single-byte label on bytes that are valid UTF-8 with non-ASCII in them is a mislabel: the
  // chance that Latin-1 text forms only valid UTF-8 sequences is negligible.
  if (declared && SINGLE_BYTE.test(declared) && valid) return { encoding: 'utf-8', skip: 0 };
  // No label and not UTF-8: the WHATWG fallback for legacy pages, as browsers read them.
  return { encoding: declared ?? (valid ? 'utf-8' : 'windows-1252'), skip: 0 };
}

export function decodeBody(body: Buffer, contentType?: string | null): string {
  const { encoding, skip } = detectEncoding(body, contentType);
  // NFC: Vietnamese arrives both precomposed and with combining marks; downstream compares strings.
  return iconv.decode(body.subarray(skip), encoding, { stripBOM: false }).normalize('NFC');
}
