import { DomHandler, type Document } from 'domhandler';
import { Parser } from 'htmlparser2';

/**
 * Elements nested deeper than this are flattened into their ancestor at this depth (Chromium's
 * parser does the same at 512). Real pages stay far below; crawled pages are untrusted, and tree
 * walks (descendant selectors) cost up to depth × nodes, so the cap keeps extraction linear in bytes.
 */
export const MAX_DEPTH = 256;

/** Work done while parsing, for tests and benches (deterministic, unlike time). */
export interface ParseStats {
  /** Parser events (tags, attributes, text, comments) delivered to the tree builder. */
  events: number;
  /** Deepest element nesting in the resulting tree. */
  maxDepth: number;
}

class CappedHandler extends DomHandler {
  events = 0;
  maxDepth = 0;
  get depth(): number {
    return this.tagStack.length - 1;
  }
  override onopentag(name: string, attribs: Record<string, string>): void {
    this.events += 1 + Object.keys(attribs).length;
    super.onopentag(name, attribs);
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
  }
  override onclosetag(): void {
    this.events++;
    super.onclosetag();
  }
  override ontext(data: string): void {
    this.events++;
    super.ontext(data);
  }
  override oncomment(data: string): void {
    this.events++;
    super.oncomment(data);
  }
}

/**
 * htmlparser2 (a streaming tokenizer: one pass, no backtracking) with a depth cap. An element
 * opened at the cap is treated as void: it gets no children and its content lands in its
 * parent. That also bounds the parser's own stack, which it scans and shifts on every tag.
 */
class CappedParser extends Parser {
  private atCap = false;
  private closing = false;
  constructor(private readonly handler: CappedHandler) {
    super(handler, { decodeEntities: true });
  }
  override onopentagname(start: number, endIndex: number): void {
    // Decided once per tag: the same answer is needed when its attributes end.
    this.atCap = this.handler.depth >= MAX_DEPTH - 1;
    super.onopentagname(start, endIndex);
  }
  override onclosetag(start: number, endIndex: number): void {
    this.closing = true;
    try {
      super.onclosetag(start, endIndex);
    } finally {
      this.closing = false;
    }
  }
  protected override isVoidElement(name: string): boolean {
    return super.isVoidElement(name) || (this.atCap && !this.closing);
  }
}

/** Parses an HTML document or fragment into a DOM cheerio can `load`, in time linear in its length. */
export function parseHtml(html: string, stats?: ParseStats): Document {
  const handler = new CappedHandler();
  new CappedParser(handler).end(html);
  if (stats) {
    stats.events = handler.events;
    stats.maxDepth = handler.maxDepth;
  }
  return handler.root;
}
