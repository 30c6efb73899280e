import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

// YAML reads a bare `false` verdict as a boolean: accept it and mean the verdict name.
const verdictName = z.union([z.string(), z.boolean()]).transform(String);
const frontMatterSchema = z
  .object({
    id: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    label: z.string().optional(),
    labels: z.array(z.string()).optional(),
    verdict: z.union([verdictName, z.array(verdictName)]).optional(),
    verdicts: z.array(verdictName).optional(),
    language: z.string().optional(),
  })
  .loose();

export interface ResponseTemplate {
  id: string;
  title: string;
  labels: string[];
  verdicts: string[];
  /** Language the text is written in (fills {{verdict}} in the same language); default vi. */
  language: string;
  body: string;
}
export interface TemplateLoad {
  templates: ResponseTemplate[];
  /** One line per unreadable file, naming it: shown to the team, never silently dropped. */
  errors: string[];
}

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parseTemplate(file: string, source: string): ResponseTemplate {
  const m = FRONT.exec(source);
  const id0 = basename(file, '.md');
  if (!m) return { id: id0, title: id0, labels: [], verdicts: [], language: 'vi', body: source.trim() };
  let data: unknown;
  try {
    data = parseYaml(m[1]) ?? {};
  } catch (err) {
    throw new Error(`${file}: front matter is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${file}: front matter field "${i.path.join('.')}": ${i.message}`);
  }
  const f = parsed.data;
  const verdicts = [...(f.verdicts ?? []), ...(f.verdict === undefined ? [] : [f.verdict].flat())];
  return { id: f.id ?? id0, title: f.title ?? f.id ?? id0, labels: [...(f.labels ?? []), ...(f.label ? [f.label] : [])], verdicts, language: f.language ?? 'vi', body: m[2].trim() };
}

/** Every `*.md` in the responses folder (missing folder = no templates). */
export async function loadTemplates(dir: string): Promise<TemplateLoad> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  } catch {
    return { templates: [], errors: [] };
  }
  const out: TemplateLoad = { templates: [], errors: [] };
  for (const f of files) {
    try {
      out.templates.push(parseTemplate(f, await readFile(join(dir, f), 'utf8')));
    } catch (err) {
      out.errors.push((err as Error).message);
    }
  }
  return out;
}

export interface TemplateValues {
  claim_statement: string;
  verdict: string;
  sources: string;
  unit: string;
  date: string;
}

/** Fills the known placeholders; unknown ones stay visible so the drafter notices them. */
export function fillTemplate(body: string, values: Partial<TemplateValues>): string {
  return body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, key: string) => values[key as keyof TemplateValues] ?? whole);
}

/** Templates that fit a claim: matching verdict and label when the template names them. */
export function templatesFor(all: ResponseTemplate[], verdict: string | null, label: string | null): ResponseTemplate[] {
  const fits = all.filter((t) => (t.verdicts.length === 0 || (verdict && t.verdicts.includes(verdict))) && (t.labels.length === 0 || (label && t.labels.includes(label))));
  return fits.length ? fits : all;
}

/**
 * What a drafter still has to replace: `{{placeholders}}` and the bracketed prompts the templates
 * carry ("[Nêu 1–3 ý ngắn gọn…]"). Short brackets ("[1]") and Markdown links are not prompts.
 */
export function unfilledPrompts(body: string): string[] {
  const found = [...body.matchAll(/\{\{\s*[a-z_]+\s*\}\}|\[[^[\]\n]{8,}\](?!\()/g)].map((m) => m[0]);
  return [...new Set(found)];
}
