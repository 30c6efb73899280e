import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * A static guard against author-centric features: finds SQL in the source tree that groups,
 * ranks, filters, counts or indexes by an author column. Reading an item's own pseudonym or raw
 * handle (SELECT list, keyed by item id) and clearing it (SET … = NULL) are fine; using the
 * author as a key is not, outside the allow-listed data-subject-request storage.
 */
export const AUTHOR_COLUMNS = ['author_pseudonym', 'raw_author'] as const;
const COL = `[\\w."]*\\b(?:${AUTHOR_COLUMNS.join('|')})\\b"?`;

export interface SqlString {
  file: string;
  line: number;
  text: string;
}

export interface Finding extends SqlString {
  rule: string;
}

/** Every string and template literal of a TS/TSX file; `${…}` parts become `?`. */
export function literalsOf(file: string, source: string): SqlString[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: SqlString[] = [];
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push({ file, line: at(n), text: n.text });
    else if (ts.isTemplateExpression(n)) {
      out.push({ file, line: at(n), text: n.head.text + n.templateSpans.map((s) => ` ? ${s.literal.text}`).join('') });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|WHERE|JOIN|GROUP\s+BY|ORDER\s+BY)\b/i;
const CLAUSE_END = /\b(?:ORDER\s+BY|GROUP\s+BY|HAVING|LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|WINDOW|RETURNING|FROM|WHERE|ON\s+CONFLICT)\b|[);]/i;

/** The text after a clause keyword up to the next clause (brackets skipped: sub-expressions stay in). */
function clauseBodies(sql: string, keyword: RegExp): string[] {
  const bodies: string[] = [];
  for (const m of sql.matchAll(new RegExp(keyword.source, 'gi'))) {
    let rest = sql.slice(m.index! + m[0].length);
    let depth = 0;
    let end = rest.length;
    for (let i = 0; i < rest.length; i++) {
      const ch = rest[i];
      if (ch === '(') depth++;
      else if (ch === ')') {
        if (depth === 0) { end = i; break; }
        depth--;
      } else if (depth === 0) {
        const hit = CLAUSE_END.exec(rest.slice(i, i + 16));
        if (hit && hit.index === 0 && /\W/.test(rest[i - 1] ?? ' ')) { end = i; break; }
      }
    }
    rest = rest.slice(0, end);
    bodies.push(rest);
  }
  return bodies;
}

/** Rules: each says what kind of author-centric use it catches. */
export function scanSql(sql: string): string[] {
  if (!new RegExp(COL, 'i').test(sql)) return [];
  // Quoted SQL strings ('…') cannot hold column references; assignments (SET a = NULL) are not filters.
  const s = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/\s+/g, ' ');
  const withoutSet = s.replace(/\bSET\b[\s\S]*?(?=\bWHERE\b|\bRETURNING\b|$)/gi, ' ');
  const col = new RegExp(COL, 'i');
  const hits: string[] = [];
  for (const [name, kw] of [['GROUP BY', /\bGROUP\s+BY\b/], ['ORDER BY', /\bORDER\s+BY\b/], ['PARTITION BY', /\bPARTITION\s+BY\b/], ['HAVING', /\bHAVING\b/]] as const) {
    if (clauseBodies(s, kw).some((b) => col.test(b))) hits.push(`author column in ${name}`);
  }
  const op = `(?:=|==|<>|!=|<=|>=|<|>|\\bIS\\b|\\bIN\\b|\\bLIKE\\b|\\bGLOB\\b|\\bMATCH\\b|\\bBETWEEN\\b)`;
  if (new RegExp(`${COL}\\s*(?:NOT\\s+)?${op}|${op}\\s*(?:NOT\\s+)?${COL}`, 'i').test(withoutSet)) hits.push('author column in a filter or join condition');
  if (new RegExp(`\\b(?:count|group_concat|string_agg|json_group_array|json_group_object|min|max|sum|total|avg)\\s*\\(\\s*(?:DISTINCT\\s+)?${COL}`, 'i').test(s)) {
    hits.push('author column aggregated');
  }
  if (new RegExp(`\\bDISTINCT\\s+${COL}`, 'i').test(s)) hits.push('distinct authors');
  if (new RegExp(`\\bINDEX\\b[^(]*\\([^)]*${COL}`, 'i').test(s)) hits.push('index on an author column');
  return hits;
}

/** Files the scan reads: every .ts/.tsx under the given roots (node_modules skipped). */
export function sourceFiles(root: string, dirs: string[]): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return files.sort();
}

/** Author-centric SQL in these files; also any bare string naming an author column (a sort/group key map). */
export function scanFiles(root: string, files: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const f of files) {
    const rel = relative(root, f);
    for (const lit of literalsOf(rel, readFileSync(f, 'utf8'))) {
      const bare = lit.text.trim().replace(/^[\w]+\./, '');
      if ((AUTHOR_COLUMNS as readonly string[]).includes(bare)) findings.push({ ...lit, rule: 'an author column name as a value (a sort, group or filter key?)' });
      if (!SQL_WORDS.test(lit.text)) continue;
      for (const rule of scanSql(lit.text)) findings.push({ ...lit, rule });
    }
  }
  return findings;
}
