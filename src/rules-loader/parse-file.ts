import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { RuleFileError } from '../classify/rule-error.js';

/**
 * Parses YAML text and validates it, turning the first problems into a RuleFileError that names
 * the file, the line, the rule (when the problem is inside `rules[i]`, `guards[i]` or `claims[i]`)
 * and the field.
 */
export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    throw new RuleFileError(file, `invalid YAML: ${e.message.split('\n')[0]}`, { line });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }); // an alias bomb throws: report it like any YAML error
  } catch (err) {
    throw new RuleFileError(file, `invalid YAML: too many aliases (${(err as Error).message})`, {});
  }
  return validate(file, data, schema, (path) => lineOf(doc, lineCounter, path));
}

export function validate<S extends z.ZodType>(
  file: string,
  data: unknown,
  schema: S,
  lineAt: (path: PropertyKey[]) => number | undefined = () => undefined,
): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  const path = first.path;
  const { ruleId, field } = locate(data, path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new RuleFileError(file, `${first.message}${more}`, { ruleId, field, line: lineAt(path) });
}

function locate(data: unknown, path: PropertyKey[]): { ruleId?: string; field?: string } {
  const listKeys = ['rules', 'guards', 'claims', 'labels'];
  if (path.length >= 2 && listKeys.includes(String(path[0])) && typeof path[1] === 'number') {
    const item = (data as Record<string, unknown[]>)?.[String(path[0])]?.[path[1]] as Record<string, unknown> | undefined;
    const id = typeof item?.id === 'string' ? item.id : `${String(path[0])}[${path[1]}]`;
    return { ruleId: id, field: formatPath(path.slice(2)) || undefined };
  }
  if (path.length === 0) return {};
  const top = data as Record<string, unknown> | undefined;
  const ruleId = typeof top?.id === 'string' ? top.id : undefined;
  return { ruleId, field: formatPath(path) };
}

export function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function lineOf(doc: Document, lc: LineCounter, path: PropertyKey[]): number | undefined {
  // The deepest node that exists along the path (a missing field is reported at its parent).
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (node && range) return lc.linePos(range[0]).line;
  }
  return undefined;
}
