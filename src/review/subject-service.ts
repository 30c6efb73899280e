import { ReviewError } from './errors.js';
import { z } from 'zod';
import { eraseItems, type EraseCounts } from '../privacy/erase-items.js';
import { isCalendarDate, localDate, localMidnight, requestDeadlines } from '../privacy/request-deadlines.js';
import { buildSubjectExport, type SubjectExport } from '../privacy/subject-export.js';
import { subjectHash, type SubjectType } from '../privacy/subject-hash.js';
import { findSubject, parseSubject, SubjectInputError, subjectHint, type Subject, type SubjectMatches } from '../privacy/subject-match.js';
import type { NewSuppression } from '../storage/suppressions.js';
import type { RequestKind, SubjectRequest } from '../storage/subject-requests.js';
import type { Store } from '../storage/store.js';
import { auditEntry, type AuditAction } from './audit.js';

/** Who acts: a signed-in admin (id) or the operator at the command line ("cli:<os user>", id null). */
export interface RequestActor {
  id: number | null;
  username: string;
}
export interface RequestMeta {
  now: Date;
  ip?: string | null;
}

/** A refused request action (bad input, unknown or closed request): shown to the admin as is. */
export class SubjectRequestError extends ReviewError {
  constructor(message: string, kind: 'invalid' | 'not_found' | 'closed' = 'invalid') {
    super(kind === 'closed' ? 'conflict' : kind, { invalid: 'error.invalid_form', not_found: 'error.not_found', closed: 'error.409.body' }[kind], {}, message);
  }
}

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((s) => s || null);
export const newRequestSchema = z.object({
  kind: z.enum(['access', 'deletion']),
  type: z.enum(['handle', 'url']),
  value: z.string().min(1).max(500),
  /** Local calendar date of receipt (KC_TZ); empty or absent = now. */
  receivedOn: z.string().trim().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'use YYYY-MM-DD').optional(),
  requester: optionalText(500),
  note: optionalText(2000),
});
export type NewRequestInput = z.input<typeof newRequestSchema>;

/**
 * The audit log records request ids, kinds and counts only: the handle, URL or requester never
 * go into it (the log is append-only, so anything written there could never be erased).
 */
async function audit(store: Store, actor: RequestActor, action: AuditAction, requestId: number, meta: RequestMeta, detail: Record<string, unknown>): Promise<void> {
  await store.audit.append(auditEntry(actor, action, meta, { type: 'subject_request', id: requestId }, detail));
}

/** Records a new request with its deadlines; returns its id. */
export async function createRequest(store: Store, input: NewRequestInput, o: { secret: string; timeZone: string; holidays?: readonly string[]; actor: RequestActor; meta: RequestMeta }): Promise<number> {
  const parsed = newRequestSchema.safeParse(input);
  if (!parsed.success) throw new SubjectRequestError(`${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  const f = parsed.data;
  let subject: Subject;
  try {
    subject = parseSubject(f.type as SubjectType, f.value);
  } catch (err) {
    if (err instanceof SubjectInputError) throw new SubjectRequestError(err.message);
    throw err;
  }
  const today = localDate(o.meta.now, o.timeZone);
  if (f.receivedOn && f.receivedOn > today) throw new SubjectRequestError('receivedOn: the date of receipt cannot be in the future');
  if (f.receivedOn && !isCalendarDate(f.receivedOn)) throw new SubjectRequestError('receivedOn: not a date');
  // An earlier day counts from its start: deadlines then never fall later than the real ones.
  const received = !f.receivedOn || f.receivedOn === today ? o.meta.now : localMidnight(f.receivedOn, o.timeZone);
  const { ackDueAt, dueAt } = requestDeadlines(received, o.timeZone, o.holidays);
  return store.write(async () => {
    const id = await store.subjectRequests.insert({
      kind: f.kind as RequestKind,
      subjectType: subject.type,
      subjectHash: subjectHash(subject.type, subject.value, o.secret),
      subjectHint: subjectHint(subject),
      subjectValue: subject.value,
      requester: f.requester,
      receivedAt: received.toISOString(),
      ackDueAt,
      dueAt,
      note: f.note,
      createdBy: o.actor.id,
      createdAt: o.meta.now.toISOString(),
    });
    await audit(store, o.actor, 'subject_request', id, o.meta, { kind: f.kind, type: subject.type });
    return id;
  });
}

/** The request and its subject, for an action that needs the value (so: not closed). */
export async function workableRequest(store: Store, id: number): Promise<{ request: SubjectRequest; subject: Subject }> {
  const request = await store.subjectRequests.get(id);
  if (!request) throw new SubjectRequestError(`no request #${id}`, 'not_found');
  if (request.subjectValue === null || request.status === 'completed' || request.status === 'rejected') {
    throw new SubjectRequestError(`request #${id} is closed (${request.status})`, 'closed');
  }
  return { request, subject: { type: request.subjectType, value: request.subjectValue } };
}

export async function acknowledgeRequest(store: Store, id: number, actor: RequestActor, meta: RequestMeta): Promise<void> {
  await workableRequest(store, id);
  await store.write(async () => {
    await store.subjectRequests.acknowledge(id, meta.now.toISOString());
    await audit(store, actor, 'subject_acknowledge', id, meta, {});
  });
}

/** Finds what is stored for the request's subject; records and audits the counts. */
export async function findForRequest(store: Store, id: number, secret: string, actor: RequestActor, meta: RequestMeta): Promise<SubjectMatches> {
  const { subject } = await workableRequest(store, id);
  const m = await findSubject(store, subject, secret);
  await store.write(async () => {
    await store.subjectRequests.setFound(id, m.itemIds.length + m.unconfirmedIds.length);
    await audit(store, actor, 'subject_find', id, meta, counts(m));
  });
  return m;
}

/**
 * The same search without recording anything: for the deletion confirmation page, which is a GET
 * and so must have no side effects (issue 14, finding 12). The POST that erases is audited.
 */
export async function previewForRequest(store: Store, id: number, secret: string): Promise<SubjectMatches> {
  const { subject } = await workableRequest(store, id);
  return findSubject(store, subject, secret);
}

export const counts = (m: SubjectMatches) => ({ items: m.itemIds.length, unconfirmed: m.unconfirmedIds.length, sightings: m.sightingIds.length });

/** Builds the person's JSON export; records exported_at and audits the counts. */
export async function exportForRequest(store: Store, id: number, secret: string, actor: RequestActor, meta: RequestMeta): Promise<SubjectExport> {
  const { request, subject } = await workableRequest(store, id);
  const m = await findSubject(store, subject, secret);
  const out = await buildSubjectExport(store, m, { now: meta.now, request: { id, receivedAt: request.receivedAt } });
  await store.write(async () => {
    await store.subjectRequests.setExported(id, meta.now.toISOString(), m.itemIds.length + m.unconfirmedIds.length);
    await audit(store, actor, 'subject_export', id, meta, { items: out.counts.items, sightings: out.counts.sightings });
  });
  return out;
}

export interface SubjectEraseResult {
  requestId: number;
  items: number;
  sightings: number;
  suppressed: number;
  erase: EraseCounts;
}

/**
 * Erases everything found for the request's subject and closes it. The handle or URL hash goes on
 * the suppression list first: ingest checks the list inside its write transaction, so from then on
 * no crawl can store the subject's posts, and the one full scan that follows is complete. Then the
 * person's sightings of other items go, their items through eraseItems (shells where the
 * organisation's decisions hang on them), and for a handle the URLs of their posts and copies are
 * suppressed too. The request keeps only hash, hint, dates and counts. Safe to run again after a
 * failure half-way.
 */
export async function eraseForRequest(store: Store, id: number, o: { secret: string; dataDir: string; actor: RequestActor; meta: RequestMeta }): Promise<SubjectEraseResult> {
  const { subject } = await workableRequest(store, id);
  const at = o.meta.now.toISOString();
  let suppressed = await store.write(() => store.suppressions.add([{ hash: subjectHash(subject.type, subject.value, o.secret), kind: subject.type, requestId: id }], at));
  const m = await findSubject(store, subject, o.secret);
  const ids = [...m.itemIds, ...m.unconfirmedIds];
  const urls: NewSuppression[] = [];
  if (subject.type === 'handle') {
    const found = [...(await store.subjectData.items(ids)).map((i) => i.canonicalUrl ?? i.url), ...(await store.subjectData.sightings(m.sightingIds)).map((s) => s.url)];
    for (const u of new Set(found)) if (u) urls.push({ hash: subjectHash('url', u, o.secret), kind: 'url', requestId: id });
  }
  const sightings = await store.write(async () => {
    suppressed += await store.suppressions.add(urls, at);
    return store.subjectData.deleteSightings(m.sightingIds);
  });
  const erase = await eraseItems(store, { dataDir: o.dataDir, ids, now: o.meta.now, checkpoint: false });
  await store.write(async () => {
    await store.subjectRequests.close(id, { status: 'completed', at, itemsErased: ids.length });
    await audit(store, o.actor, 'subject_delete', id, o.meta, { items: ids.length, sightings: sightings + erase.sightings, suppressed, deleted: erase.deleted, scrubbed: erase.scrubbed, evidenceFiles: erase.evidenceFiles });
  });
  // The request's cleared value and the erased rows may still sit in the WAL: truncate it.
  await store.erasure.checkpoint();
  return { requestId: id, items: ids.length, sightings: sightings + erase.sightings, suppressed, erase };
}

/** Closes a request without erasing: "completed" (an access request answered with its export) or "rejected", with the reason. */
export async function closeRequest(store: Store, id: number, status: 'completed' | 'rejected', reason: string, actor: RequestActor, meta: RequestMeta): Promise<void> {
  const why = reason.trim();
  if (!why || why.length > 2000) throw new SubjectRequestError('reason: give a reason (2000 characters at most)');
  await workableRequest(store, id);
  // The cleared value and contact do not stay in freed space: Db.open sets secure_delete on every connection.
  await store.write(async () => {
    await store.subjectRequests.close(id, { status, at: meta.now.toISOString(), reason: why });
    await audit(store, actor, status === 'rejected' ? 'subject_reject' : 'subject_close', id, meta, {});
  });
  await store.erasure.checkpoint();
}
