import { readFile } from 'node:fs/promises';
import { modelFileSchema, type ModelFile } from '../classify/model-schema.js';
import { validate } from './parse-file.js';

/** Reads a serialised model; undefined when the file does not exist, an error when it is invalid. */
export async function loadModelFile(path: string): Promise<ModelFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: invalid JSON: ${(err as Error).message}`);
  }
  return validate(path, data, modelFileSchema);
}
