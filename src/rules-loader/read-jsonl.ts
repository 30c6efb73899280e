import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { formatPath } from './parse-file.js';

/** Reads a JSON-lines file (or stdin for "-"), validating each row; errors name file, line and field. */
export async function readJsonl<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>[]> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'ENOENT' ? `${file}: no such file` : `${file}: ${err.message}`);
  });
  return parseJsonl(file, text, schema);
}

export function parseJsonl<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S>[] {
  const rows: z.infer<S>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (err) {
      throw new Error(`${file}:${i + 1}: invalid JSON: ${(err as Error).message}`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = formatPath(issue.path);
      throw new Error(`${file}:${i + 1}: ${field ? `field "${field}": ` : ''}${issue.message}`);
    }
    rows.push(parsed.data);
  }
  return rows;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
