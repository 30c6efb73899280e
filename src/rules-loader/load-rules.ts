import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { claimFileSchema, claimsOf, type Claim } from '../classify/claim-schema.js';
import type { LoadedPack } from '../classify/rule-engine.js';
import { RuleFileError } from '../classify/rule-error.js';
import { labelsConfigSchema, rulePackSchema, type LabelsConfig } from '../classify/rule-schema.js';
import { parseYaml } from './parse-file.js';

export const LABELS_FILE = 'labels.yaml';

export interface LoadedRules {
  rulesDir: string;
  labels: LabelsConfig;
  packs: LoadedPack[];
  claims: { file: string; claim: Claim }[];
  /** Short hash over every file read: changes whenever a rule, label setting or claim changes. */
  hash: string;
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/**
 * Reads rules/labels.yaml, every rule pack rules/*.yaml and every known claim rules/claims/*.yaml,
 * validating each. Any problem throws a RuleFileError; nothing is skipped silently.
 */
export async function loadRules(rulesDir: string): Promise<LoadedRules> {
  const hash = createHash('sha256');
  // Paths inside the working directory are shown relative to it ("rules/grievance.yaml").
  const display = (p: string) => {
    const rel = relative(process.cwd(), p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };
  const read = async (path: string) => {
    const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new RuleFileError(display(path), err.code === 'ENOENT' ? 'file not found' : err.message);
    });
    hash.update(basename(path)).update('\0').update(text).update('\0');
    return text;
  };

  const labelsPath = join(rulesDir, LABELS_FILE);
  const labels = parseYaml(display(labelsPath), await read(labelsPath), labelsConfigSchema);

  const names = (await readdir(rulesDir).catch(() => [] as string[])).filter((n) => isYaml(n) && n !== LABELS_FILE).sort();
  const packs: LoadedPack[] = [];
  for (const name of names) {
    const path = join(rulesDir, name);
    packs.push({ file: display(path), spec: parseYaml(display(path), await read(path), rulePackSchema) });
  }

  const claimsDir = join(rulesDir, 'claims');
  const claimNames = (await readdir(claimsDir).catch(() => [] as string[])).filter(isYaml).sort();
  const claims: LoadedRules['claims'] = [];
  const seen = new Map<string, string>();
  for (const name of claimNames) {
    const path = join(claimsDir, name);
    const file = display(path);
    for (const claim of claimsOf(parseYaml(file, await read(path), claimFileSchema))) {
      const prev = seen.get(claim.id);
      if (prev) throw new RuleFileError(file, `duplicate claim id (also in ${prev})`, { ruleId: claim.id, field: 'id' });
      seen.set(claim.id, file);
      claims.push({ file, claim });
    }
  }
  return { rulesDir, labels, packs, claims, hash: hash.digest('hex').slice(0, 12) };
}
