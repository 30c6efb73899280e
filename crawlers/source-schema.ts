import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as cheerio from 'cheerio';
import { validateDetailed } from 'node-cron';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * One YAML file per source. Selectors read text, or an attribute with "sel@attr". Unknown keys
 * are errors (a typo like `max_page` must not be silently ignored).
 */
const selector = z.string().trim().min(1);

// jQuery/cheerio extensions that Chromium's querySelector does not know (`:first-child` etc. are fine).
const NON_STANDARD_PSEUDO = /:(contains|icontains|eq|gt|lt|first|last|even|odd|parent|header|input|button|text|checkbox|radio|file|password|submit|reset|image|selected|animated)(?![\w-])/;

/**
 * The CSS selector of the post element on an item's own page: evidence screenshots show only
 * that element. It is run by Chromium (document.querySelector), so it must be standard CSS.
 */
const postSelector = z
  .string()
  .trim()
  .min(1, 'must be a CSS selector of the post element (e.g. "article.post")')
  .superRefine((sel, ctx) => {
    const bad = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (/@[\w-]+\s*$/.test(sel)) return bad('a CSS selector of an element, not "sel@attr" (the screenshot is of an element)');
    const jq = NON_STANDARD_PSEUDO.exec(sel);
    if (jq) return bad(`"${jq[0]}" is not standard CSS (the browser's querySelector would reject it)`);
    try {
      cheerio.load('').root().find(sel);
    } catch (err) {
      bad(`invalid CSS selector: ${(err as Error).message.split('\n')[0]}`);
    }
  });

export const sourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use a slug: lowercase letters, digits and dashes'),
    name: z.string().trim().min(1),
    // wordpress and discourse: those platforms' public JSON APIs, whose shapes a generic `fields` map
    // cannot express (a UTC date without a zone, a link built from the topic's slug and numbers).
    type: z.enum(['rss', 'html', 'browser', 'json', 'wordpress', 'discourse']),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    enabled: z.boolean().default(true),
    schedule: z
      .string()
      .default('0 * * * *')
      .superRefine((expr, ctx) => {
        const v = validateDetailed(expr);
        if (!v.valid) ctx.addIssue({ code: 'custom', message: `invalid cron expression: ${v.errors.map((e) => e.message).join('; ')}` });
      }),
    unit: z.string().trim().min(1).optional(),
    select: z
      .object({ item: selector, text: selector, title: selector.optional(), author: selector.optional(), published: selector.optional(), link: selector.optional() })
      .strict()
      .optional(),
    next: selector.optional(),
    max_pages: z.number().int().min(1).max(50).default(1),
    wait_for: selector.optional(),
    post_selector: postSelector.optional(),
    items: z.string().trim().optional(),
    fields: z
      .object({ text: z.string().min(1), title: z.string().optional(), author: z.string().optional(), published: z.string().optional(), link: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.type === 'html' || s.type === 'browser') && !s.select) ctx.addIssue({ code: 'custom', path: ['select'], message: `required for type ${s.type}` });
    if (s.type === 'json' && !s.fields) ctx.addIssue({ code: 'custom', path: ['fields'], message: 'required for type json' });
    if (s.type !== 'browser' && s.wait_for) ctx.addIssue({ code: 'custom', path: ['wait_for'], message: 'only used by type browser' });
    if (s.type !== 'json' && (s.items !== undefined || s.fields)) ctx.addIssue({ code: 'custom', path: [s.fields ? 'fields' : 'items'], message: 'only used by type json' });
    if ((s.type === 'rss' || s.type === 'json' || s.type === 'wordpress' || s.type === 'discourse') && (s.select || s.next)) ctx.addIssue({ code: 'custom', path: [s.select ? 'select' : 'next'], message: `not used by type ${s.type}` });
  });

export type SourceDef = z.output<typeof sourceSchema> & { file?: string };

export interface SourceFileError {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export function formatSourceError(e: SourceFileError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}: ${e.field ? `${e.field}: ` : ''}${e.message}`;
}

/** Parses one source file's text; errors name the file, the line and the field. */
export function parseSourceFile(text: string, file: string): { source?: SourceDef; errors: SourceFileError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => ({ file, line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] })) };
  }
  // toJS expands aliases and throws past the yaml package's alias cap (an "alias bomb" of a few
  // hundred bytes expands to millions of nodes): a validation error, not a crash (issue 14, finding 12).
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { errors: [{ file, message: `too many YAML aliases (${(err as Error).message})` }] };
  }
  const result = sourceSchema.safeParse(data);
  if (result.success) return { source: { ...result.data, file }, errors: [] };
  const at = (path: string[]): number | undefined => {
    // Point at the deepest node that exists (a missing field is reported at its parent).
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return {
    errors: result.error.issues.flatMap((issue) => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => {
          // Report the key itself: getIn on a map returns the value node, so find the pair's key.
          const line = keyLine(doc, path, key, lineCounter) ?? at(path);
          return { file, line, field: [...path, key].join('.'), message: 'unknown field (check the spelling)' };
        });
      }
      return [{ file, line: at(path), field: path.join('.') || undefined, message: issue.message }];
    }),
  };
}

function keyLine(doc: ReturnType<typeof parseDocument>, path: string[], key: string, lc: LineCounter): number | undefined {
  const map = (path.length ? doc.getIn(path, true) : doc.contents) as { items?: Array<{ key?: { value?: unknown; range?: number[] } }> } | null;
  const pair = map?.items?.find((p) => p.key?.value === key);
  return pair?.key?.range ? lc.linePos(pair.key.range[0]).line : undefined;
}

/** Loads every *.yaml / *.yml in `dir`; ids must be unique across files. */
export function loadSources(dir: string): { sources: SourceDef[]; errors: SourceFileError[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    return { sources: [], errors: [{ file: dir, message: `cannot read sources folder: ${(err as Error).message}` }] };
  }
  const sources: SourceDef[] = [];
  const errors: SourceFileError[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const parsed = parseSourceFile(readFileSync(file, 'utf8'), file);
    errors.push(...parsed.errors);
    if (!parsed.source) continue;
    const other = seen.get(parsed.source.id);
    if (other) {
      errors.push({ file, field: 'id', message: `duplicate id "${parsed.source.id}" (also in ${basename(other)})` });
      continue;
    }
    seen.set(parsed.source.id, file);
    sources.push(parsed.source);
  }
  return { sources, errors };
}
