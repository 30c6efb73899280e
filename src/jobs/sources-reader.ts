import { formatSourceError, loadSources, type SourceDef } from '../../crawlers/source-schema.js';

/** Reads the sources folder, logging its errors once each time they change. */
export function sourcesReader(dir: string, log: (msg: string) => void): () => SourceDef[] {
  let lastErrors = '';
  return () => {
    const { sources, errors } = loadSources(dir);
    const text = errors.map(formatSourceError).join('\n');
    if (text !== lastErrors && text) log(`sources: invalid files are not crawled:\n${text}`);
    lastErrors = text;
    return sources;
  };
}
