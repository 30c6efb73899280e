import { parseDocument, stringify } from 'yaml';
import type { SourceDef } from '../source-schema.js';

// Field order of a written file: who it is, where it reads, how, and when.
const ORDER = ['id', 'name', 'type', 'url', 'enabled', 'schedule', 'unit', 'select', 'next', 'max_pages', 'wait_for', 'items', 'fields', 'post_selector'] as const;

function fieldsOf(def: SourceDef): Array<[string, unknown]> {
  return ORDER.map((k): [string, unknown] => [k, def[k]]).filter(([k, v]) => v !== undefined && !(k === 'max_pages' && v === 1));
}

/**
 * A source definition as the YAML file the crawler reads. Editing an existing file changes only
 * its values: comments and the order of its keys stay as the person who wrote it left them.
 */
export function sourceYaml(def: SourceDef, opts: { existing?: string; note?: string } = {}): string {
  if (opts.existing) {
    const doc = parseDocument(opts.existing);
    const wanted = new Map(fieldsOf(def));
    for (const key of ORDER) {
      if (wanted.has(key)) doc.set(key, doc.createNode(wanted.get(key)));
      else if (doc.has(key)) doc.delete(key);
    }
    return doc.toString({ lineWidth: 0 });
  }
  const body = stringify(Object.fromEntries(fieldsOf(def)), { lineWidth: 0 });
  return `${opts.note ? `${opts.note.split('\n').map((l) => `# ${l}`).join('\n')}\n` : ''}${body}`;
}
