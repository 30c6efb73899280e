/**
 * Reads a stored JSON column (labels, scores, reasons, digest data…) for a repository's mapper, so
 * callers get parsed values and never call JSON.parse on storage output. Null or empty gives `empty`.
 */
export function parseJson<T>(json: string | null | undefined, empty: T): T {
  return json ? (JSON.parse(json) as T) : empty;
}
