import { DedupeIndex, type DuplicateKind, type DuplicateMatch } from '../pipeline/dedupe.js';
import { prepareItem, type PreparedItem } from '../pipeline/prepare-item.js';
import { pseudonymize } from '../privacy/pseudonymize.js';
import { subjectHash } from '../privacy/subject-hash.js';
import { classificationSummary } from '../storage/classifications.js';
import type { NewItem, NewSighting } from '../storage/items.js';
import type { Store } from '../storage/store.js';
import type { Classification, Classifier, RawItem } from '../types.js';

export interface IngestOptions {
  classifier: Classifier;
  /** Installation secret for author pseudonyms. */
  secret: string;
  now?: Date;
  /** Source id for items that name none (default "import"). */
  defaultSource?: string;
  /** Type recorded for sources first seen here: "import", "tip", ... (default "import"). */
  sourceType?: string;
  /** Items per transaction (default 500). */
  batchSize?: number;
  /**
   * Told when the classifier throws on one item. That item is stored unclassified (never lost, and
   * `reclassify --outdated` picks it up later) instead of failing its whole batch.
   */
  onClassifyError?: (err: unknown, item: { id: number; url: string | null }) => void;
  /**
   * The previous call's storing, still in flight: this call's first transaction waits for it, so
   * overlapping calls (an import preparing batch k+1 while batch k is stored) commit in order.
   */
  storeAfter?: Promise<unknown>;
  /**
   * Runs inside the write transaction of the last batch (or a write of its own when there are no
   * items): the caller's bookkeeping commits with the items or not at all (a crawl's resume point).
   */
  withLastBatch?: () => Promise<void>;
}

export type IngestOutcome =
  | { status: 'new'; id: number; unclassified?: true }
  | { status: 'duplicate'; id: number; kind: DuplicateKind; distance: number }
  /** Its author or URL is on the suppression list (erased on a person's request): not stored at all. */
  | { status: 'suppressed' };

export interface IngestResult {
  imported: number;
  duplicates: number;
  /** Items skipped because their author or URL is on the suppression list. */
  suppressed: number;
  /** New items stored without a classification because the classifier failed on them. */
  unclassified: number;
  /** Ids of the newly stored items. */
  ids: number[];
  /** One entry per input item, in order: the new id, or the stored item it duplicates. */
  outcomes: IngestOutcome[];
}

/** Where a batch item's duplicate lives: a stored item id, or an earlier new item of the same batch. */
type Ref = { id: number } | { index: number };
type Plan = Array<DuplicateMatch<Ref> | null>;
type Classified = { ok: Classification | null } | { err: unknown };

const KIND_RANK: Record<DuplicateKind, number> = { exact: 0, url: 1, near: 2 };
const better = (a: DuplicateMatch<Ref> | null, b: DuplicateMatch<Ref> | null) =>
  !a ? b : !b ? a : KIND_RANK[b.kind] < KIND_RANK[a.kind] || (b.kind === a.kind && b.distance < a.distance) ? b : a;

/** Decides, for each prepared item, whether it duplicates a stored item or an earlier one of the batch. */
async function plan(store: Store, items: PreparedItem[], skip: boolean[] | null): Promise<Plan> {
  const stored = new DedupeIndex<Ref>();
  for (const c of await store.items.dedupeCandidates(items.map((p) => p.key))) stored.add({ id: c.id }, c.key);
  const batch = new DedupeIndex<Ref>();
  return items.map((p, index) => {
    if (skip?.[index]) return null; // suppressed: neither stored nor a reference for later copies
    const match = better(stored.match(p.key), batch.match(p.key));
    if (!match) batch.add({ index }, p.key);
    return match;
  });
}

/**
 * Normalise → dedupe → classify → store. Each batch is one transaction. Duplicates are never
 * dropped: each becomes a sighting of its first copy and bumps that copy's duplicate_count.
 */
export async function ingest(store: Store, raws: RawItem[], options: IngestOptions): Promise<IngestResult> {
  const result: IngestResult = { imported: 0, duplicates: 0, suppressed: 0, unclassified: 0, ids: [], outcomes: [] };
  const collect = (outcomes: IngestOutcome[]) => {
    for (const o of outcomes) {
      result.outcomes.push(o);
      if (o.status === 'new') {
        result.imported++;
        result.ids.push(o.id);
        if (o.unclassified) result.unclassified++;
      } else if (o.status === 'duplicate') result.duplicates++;
      else result.suppressed++;
    }
  };
  const size = options.batchSize ?? 500;
  // Normalising and classifying batch k+1 (JavaScript) overlap with storing batch k (SQLite's
  // worker thread, or the PostgreSQL server); transactions still run one after another, in order.
  let previous: Promise<IngestOutcome[]> | null = null;
  let after: Promise<unknown> | null = options.storeAfter ?? null;
  for (let start = 0; start < raws.length; start += size) {
    const batch = await prepareBatch(raws.slice(start, start + size), options);
    const early = await classifyLikelyNew(store, batch, options);
    const also = start + size >= raws.length ? options.withLastBatch : undefined;
    const write = () => storeBatch(store, batch, early, options, also);
    const stored: Promise<IngestOutcome[]> = after ? after.then(write) : write();
    stored.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    if (previous) collect(await previous);
    previous = stored;
    after = stored;
  }
  if (previous) collect(await previous);
  else if (options.withLastBatch) {
    // No items: the hook still commits, after the previous call's storing like a batch would.
    await options.storeAfter;
    await store.write(options.withLastBatch);
  }
  return result;
}

/**
 * Which raw items the suppression list excludes: those whose author handle or URL hash (the keyed
 * hashes of src/privacy/subject-hash.ts, which canonicalise URLs) was erased on request. Nothing is
 * hashed while the list is empty (the usual case).
 */
async function suppressedMask(store: Store, raws: RawItem[], secret: string): Promise<boolean[] | null> {
  if (!(await store.suppressions.any())) return null;
  const keys = raws.map((r) => [
    r.author?.trim() ? subjectHash('handle', r.author, secret) : null,
    r.url?.trim() ? subjectHash('url', r.url, secret) : null,
  ]);
  const hit = await store.suppressions.has(keys.flat().filter((h): h is string => h !== null));
  return keys.map((k) => k.some((h) => h !== null && hit.has(h)));
}

interface PreparedBatch {
  raws: RawItem[];
  prepared: PreparedItem[];
  pseudonyms: Array<string | null>;
}

/** Work between two turns of the event loop in the CPU-bound parts of ingest. */
const SLICE_MS = 4;

/**
 * A function to await between items: it yields to the event loop once about SLICE_MS of work has
 * passed. Every statement of a transaction in flight waits for a turn of the loop, and on SQLite
 * (the whole file) and PostgreSQL (the ingest lock) other writers wait for that transaction: with
 * several crawls classifying in one process, fixed 50-item slices held it for seconds (issue 16).
 */
function timeSlicer(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** Normalises and fingerprints a batch, yielding to the event loop now and then so a transaction in flight keeps moving. */
async function prepareBatch(raws: RawItem[], options: Pick<IngestOptions, 'defaultSource' | 'secret'>): Promise<PreparedBatch> {
  const defaultSource = options.defaultSource ?? 'import';
  const prepared: PreparedItem[] = [];
  const pseudonyms: Array<string | null> = [];
  const pause = timeSlicer();
  for (let i = 0; i < raws.length; i++) {
    await pause();
    prepared.push(prepareItem(raws[i], defaultSource));
    pseudonyms.push(raws[i].author?.trim() ? pseudonymize(raws[i].author!, options.secret) : null);
  }
  return { raws, prepared, pseudonyms };
}

function classifyOne(p: PreparedItem, options: IngestOptions): Classified {
  try {
    return { ok: options.classifier.classify({ text: p.text, ...(p.title ? { title: p.title } : {}) }) };
  } catch (err) {
    return { err };
  }
}

/**
 * Classifies, before the write, the items of a batch that look new now: the ingest locks (held
 * from the dedupe read to the commit; on PostgreSQL across nodes) then cover reads and inserts
 * only, so workers on several nodes classify in parallel. An item another writer stores meanwhile
 * was classified for nothing; one that only turns out new inside the write is classified there.
 */
async function classifyLikelyNew(store: Store, { raws, prepared }: PreparedBatch, options: IngestOptions): Promise<Map<number, Classified>> {
  const suppressed = await suppressedMask(store, raws, options.secret);
  const guess = await plan(store, prepared, suppressed);
  const early = new Map<number, Classified>();
  const pause = timeSlicer();
  for (let i = 0; i < prepared.length; i++) {
    await pause();
    if (!guess[i] && !suppressed?.[i]) early.set(i, classifyOne(prepared[i], options));
  }
  return early;
}

async function storeBatch(
  store: Store,
  { raws, prepared, pseudonyms }: PreparedBatch,
  early: Map<number, Classified>,
  options: IngestOptions,
  also?: () => Promise<void>,
): Promise<IngestOutcome[]> {
  const at = (options.now ?? new Date()).toISOString();
  const classify = (i: number, id: number) => {
    const c = early.get(i) ?? classifyOne(prepared[i], options);
    if ('ok' in c) return c.ok;
    options.onClassifyError?.(c.err, { id, url: prepared[i].url });
    return undefined;
  };

  // Planned again inside the write transaction, under the ingest locks of this batch's keys, so a
  // concurrent writer can never make us store a text twice.
  return store.write(async () => {
    await store.items.lockIngest(prepared.map((p) => p.key));
    // Checked inside the transaction: once an erasure has added its hashes, no batch committing
    // after it can store the erased posts again.
    const suppressed = await suppressedMask(store, raws, options.secret);
    const final = await plan(store, prepared, suppressed);
    await store.sources.ensureMany(
      [...new Set(prepared.map((p) => p.sourceId))].map((id) => ({ id, type: options.sourceType ?? 'import' })),
    );
    const fresh = await store.items.allocateIds(final.filter((m, i) => !m && !suppressed?.[i]).length);
    let next = 0;
    const ids = final.map((m, i) => (m || suppressed?.[i] ? 0 : fresh[next++]));
    const resolve = (ref: Ref): number => ('id' in ref ? ref.id : ids[ref.index]);
    const items: NewItem[] = [];
    const sightings: NewSighting[] = [];
    const classifications = [];
    const outcomes: IngestOutcome[] = [];
    for (let i = 0; i < prepared.length; i++) {
      const p = prepared[i];
      const m = final[i];
      if (suppressed?.[i]) {
        outcomes.push({ status: 'suppressed' });
        continue;
      }
      if (m) {
        const id = resolve(m.ref);
        sightings.push({ itemId: id, sourceId: p.sourceId, url: p.url, authorPseudonym: pseudonyms[i], kind: m.kind, distance: m.kind === 'near' ? m.distance : null, seenAt: at });
        outcomes.push({ status: 'duplicate', id, kind: m.kind, distance: m.distance });
        continue;
      }
      const c = classify(i, ids[i]);
      items.push({
        id: ids[i],
        sourceId: p.sourceId,
        unit: p.unit,
        url: p.url,
        canonicalUrl: p.key.canonicalUrl,
        title: p.title,
        text: p.text,
        folded: p.folded,
        contentHash: p.key.contentHash,
        simhash: p.simhash,
        authorPseudonym: pseudonyms[i],
        rawAuthor: raws[i].author?.trim() || null,
        publishedAt: p.publishedAt,
        collectedAt: at,
        summary: c ? { ...classificationSummary(c), classifiedAt: at } : null,
      });
      if (c) classifications.push({ itemId: ids[i], classification: c, classifiedAt: at });
      outcomes.push(c === undefined ? { status: 'new', id: ids[i], unclassified: true } : { status: 'new', id: ids[i] });
    }
    await store.items.insertMany(items);
    await store.classifications.saveMany(classifications, { fresh: true });
    await store.items.addSightings(sightings);
    await also?.();
    return outcomes;
  }, { bulk: true });
}
