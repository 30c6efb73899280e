import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { canDecide } from '../../src/review/access.js';
import { claimFor } from '../../src/review/claim-service.js';
import { ReviewError } from '../../src/review/errors.js';
import { approveResponse, draftResponse, httpUrl, recordPublished, responseFor, sourceSchema, updateResponse } from '../../src/review/response-service.js';
import { renderCard } from '../../src/review/card-image.js';
import { plainText } from '../../src/review/plain-text.js';
import { CARD_SUMMARY_MAX, defaultSummary, makeCard } from '../../src/review/response-card.js';
import { fillTemplate, loadTemplates, templatesFor, unfilledPrompts } from '../../src/review/templates.js';
import { loadRules } from '../../src/rules-loader/load-rules.js';
import type { ResponseSource } from '../../src/storage/responses.js';
import { setFlash } from '../auth/session.js';
import type { AppEnv } from '../context.js';
import { translator } from '../i18n.js';
import { verdictName } from '../views/badges.js';
import { localeFormat } from '../../src/text/locale-format.js';
import { ResponseCard } from '../views/response-card.js';
import { ResponseEditor, ResponsePage } from '../views/response-page.js';
import { ResponsesList } from '../views/responses-list.js';
import { viewCtx } from '../views/view-context.js';
import { act, actor, form, idParam, meta } from './helpers.js';

const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const draftSchema = z.object({
  body: z.string().trim().min(1).max(20000),
  template: z.string().max(100).optional(),
  source_url: z.preprocess(list, z.array(z.string())),
  source_title: z.preprocess(list, z.array(z.string())),
});
const PAGE = 30;
const cardSchema = z.object({ format: z.enum(['png', 'pdf']), summary: z.string().trim().max(CARD_SUMMARY_MAX) });

/** Pairs the repeated url/title inputs; blank rows are skipped, half-filled rows are an error. */
function sourcesOf(f: z.infer<typeof draftSchema>): ResponseSource[] {
  const out: ResponseSource[] = [];
  for (let i = 0; i < Math.max(f.source_url.length, f.source_title.length); i++) {
    const url = (f.source_url[i] ?? '').trim();
    const title = (f.source_title[i] ?? '').trim();
    if (!url && !title) continue;
    const s = sourceSchema.safeParse({ url, title });
    if (!s.success) throw new ReviewError('invalid', 'error.bad_source');
    out.push(s.data);
  }
  return out;
}

const sourcesText = (sources: ResponseSource[]) => sources.map((s) => `- ${s.title}: ${s.url}`).join('\n');

/** {{sources}} left in a draft is filled with the sources given alongside it. */
const withSources = (body: string, sources: ResponseSource[]) => (sources.length ? fillTemplate(body, { sources: sourcesText(sources) }) : body);

/** The known claim (rules/claims) behind a claim: its sources and answer hint start the draft. */
async function knownClaim(rulesDir: string, id: string | null, errors: string[]) {
  if (!id) return null;
  try {
    return (await loadRules(rulesDir)).claims.find((c) => c.claim.id === id)?.claim ?? null;
  } catch (err) {
    errors.push((err as Error).message);
    return null;
  }
}

/** What a refused draft or an inserted template brings back into the editor. */
interface EditorState {
  status?: 200 | 400 | 409;
  error?: string;
  /** The field the error is about (shown next to it), else at the top of the form. */
  field?: 'body' | 'sources';
  submitted?: { body: string; sources: ResponseSource[] };
  /** A template inserted into what was typed (never replacing it). */
  insert?: string;
}

async function editor(c: Context<AppEnv>, claimId: number, st: EditorState = {}) {
  const { store, responsesDir, clock, config } = c.get('deps');
  const claim = await claimFor(store, actor(c), claimId);
  if (!canDecide(actor(c), claim.unit)) throw new ReviewError('forbidden', 'error.forbidden');
  const { templates, errors } = await loadTemplates(responsesDir);
  const known = await knownClaim(config.rulesDir, claim.knownClaimId, errors);
  const fitting = templatesFor(templates, claim.verdict, claim.label);
  const chosen = fitting.find((tp) => tp.id === (st.insert ?? c.req.query('template'))) ?? null;
  // Responses are published in the template's language, whatever the UI language.
  const tr = translator(chosen?.language === 'en' ? 'en' : 'vi');
  const values = { claim_statement: claim.statement, verdict: verdictName(tr, claim.verdict ?? ''), sources: '{{sources}}', unit: claim.unit ?? '', date: localeFormat(chosen?.language === 'en' ? 'en' : 'vi', config.digest.timeZone).date(clock().toISOString()) };
  const filled = chosen ? fillTemplate(chosen.body, values) : '';
  let body = st.submitted?.body ?? filled;
  let sources = st.submitted?.sources ?? known?.sources ?? [];
  if (st.insert !== undefined && st.submitted) {
    // Inserting a template adds it after what was typed, and the known claim's sources after the typed ones.
    const typed = st.submitted.body.trimEnd();
    body = typed && filled ? `${typed}\n\n${filled}` : typed || filled;
    sources = [...st.submitted.sources, ...(known?.sources ?? []).filter((k) => !st.submitted!.sources.some((s) => s.url === k.url))];
  }
  return c.html(
    <ResponseEditor ctx={viewCtx(c)} claim={claim} templates={fitting} templateErrors={errors} chosen={chosen?.id ?? null} body={body} sources={sources} hint={known?.response_hint ?? null} error={st.error} field={st.field} />,
    st.status ?? 200,
  );
}

/** The field a refused draft is about: its error is shown there. */
const fieldOf = (key: string): EditorState['field'] => (key === 'field.body' ? 'body' : /source/.test(key) ? 'sources' : undefined);

/** The source rows as typed (blank rows dropped), for re-rendering a refused form. */
const rawSources = (f: { source_url: string[]; source_title: string[] }): ResponseSource[] =>
  f.source_url.flatMap((url, i) => (url.trim() || f.source_title[i]?.trim() ? [{ url: url.trim(), title: (f.source_title[i] ?? '').trim() }] : []));

const insertSchema = z.object({
  body: z.string().max(20000).optional(),
  insert: z.string().max(100).optional(),
  source_url: z.preprocess(list, z.array(z.string().max(2000))),
  source_title: z.preprocess(list, z.array(z.string().max(300))),
});

/** Drafting under /claims/:id/responses. */
export function claimResponseRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:id/responses/new', (c) => editor(c, idParam(c)));
  // "Insert template": the typed draft comes along and the template is added to it, never over it.
  app.post('/:id/responses/insert', async (c) => {
    const claimId = idParam(c);
    const f = await form(c, insertSchema);
    return editor(c, claimId, { insert: f.insert ?? '', submitted: { body: f.body ?? '', sources: rawSources(f) } });
  });
  app.post('/:id/responses', async (c) => {
    const claimId = idParam(c);
    let submitted: { body: string; sources: ResponseSource[] } | undefined;
    try {
      const f = await form(c, draftSchema);
      submitted = { body: f.body, sources: [] };
      submitted.sources = sourcesOf(f);
      const id = await draftResponse(c.get('deps').store, actor(c), { claimId, template: f.template || null, body: withSources(f.body, submitted.sources), sources: submitted.sources }, meta(c));
      await setFlash(c, { kind: 'ok', key: 'flash.draft_saved' });
      return c.redirect(`/responses/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ReviewError) || err.code === 'not_found' || err.code === 'forbidden') throw err;
      const field = fieldOf(err.messageKey);
      return editor(c, claimId, { status: err.code === 'invalid' ? 400 : 409, error: err.messageKey.startsWith('field.') ? 'error.invalid_form' : err.messageKey, field, submitted });
    }
  });
  return app;
}

export function responseRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const me = actor(c);
    const status = z.enum(['draft', 'approved', 'published']).optional().catch(undefined).parse(c.req.query('status'));
    const before = /^\d{1,15}$/.test(c.req.query('before') ?? '') ? Number(c.req.query('before')) : undefined;
    const rows = await c.get('deps').store.responses.list({ status, unit: me.role === 'reviewer' ? (me.unit ?? '') : undefined, beforeId: before, limit: PAGE + 1 });
    return c.html(<ResponsesList ctx={viewCtx(c)} rows={rows.slice(0, PAGE)} status={status} next={rows.length > PAGE ? rows[PAGE - 1].id : null} />);
  });

  async function page(c: Context<AppEnv>, id: number, status: 200 | 400 | 409 = 200, error?: string, body?: string, typed?: ResponseSource[], field?: EditorState['field']) {
    const { store } = c.get('deps');
    const r = await responseFor(store, actor(c), id);
    const claim = await claimFor(store, actor(c), r.claimId);
    const sources = await store.responses.sources(r.id);
    return c.html(
      <ResponsePage ctx={viewCtx(c)} claim={claim} r={r} sources={sources} canEdit={canDecide(actor(c), claim.unit)} error={error} body={body} typedSources={typed} field={field} plain={plainText(r.body)} prompts={unfilledPrompts(r.body)} summary={defaultSummary(claim, r.body)} />,
      status,
    );
  }

  app.get('/:id', (c) => page(c, idParam(c)));

  app.get('/:id/text', async (c) => {
    const { store } = c.get('deps');
    const r = await responseFor(store, actor(c), idParam(c));
    const sources = await store.responses.sources(r.id);
    // Plain text for a Facebook/Zalo post: the template's Markdown (**, #) would show literally.
    const body = plainText(r.body);
    const text = body.includes(sources[0]?.url ?? '\u0000') || sources.length === 0 ? body : `${body}\n\n${sourcesText(sources)}`;
    c.header('Content-Type', 'text/plain; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="phan-hoi-${r.id}.txt"`);
    return c.body(`${text}\n`);
  });

  app.post('/:id', async (c) => {
    const id = idParam(c);
    let body: string | undefined;
    let typed: ResponseSource[] | undefined;
    try {
      const f = await form(c, draftSchema);
      body = f.body;
      typed = rawSources(f); // kept as typed, even a half-filled row, if the draft is refused
      const sources = sourcesOf(f);
      await updateResponse(c.get('deps').store, actor(c), { id, body: withSources(f.body, sources), sources }, meta(c));
      await setFlash(c, { kind: 'ok', key: 'flash.draft_saved' });
      return c.redirect(`/responses/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ReviewError) || err.code === 'not_found' || err.code === 'forbidden') throw err;
      return page(c, id, err.code === 'invalid' ? 400 : 409, err.messageKey.startsWith('field.') ? 'error.invalid_form' : err.messageKey, body, typed, fieldOf(err.messageKey));
    }
  });

  app.post('/:id/approve', async (c) => {
    const id = idParam(c);
    return act(c, `/responses/${id}`, () => approveResponse(c.get('deps').store, actor(c), id, meta(c)), 'flash.approved');
  });

  // A shareable card, made by a person to post themselves; downloaded, never posted by the tool.
  app.post('/:id/card', async (c) => {
    const id = idParam(c);
    const { store, config, responsesDir, clock } = c.get('deps');
    let made: Awaited<ReturnType<typeof makeCard>>;
    let f: z.infer<typeof cardSchema>;
    try {
      f = await form(c, cardSchema);
      made = await makeCard(store, actor(c), { id, ...f }, meta(c));
    } catch (err) {
      // A refusal the user can act on (a draft, a bad field) comes back on the response page.
      if (!(err instanceof ReviewError) || err.code === 'not_found' || err.code === 'forbidden') throw err;
      return page(c, id, err.code === 'invalid' ? 400 : 409, err.messageKey.startsWith('field.') ? 'error.invalid_form' : err.messageKey);
    }
    // The card is in the response's language (its template's), whatever the UI language.
    const lang = (await loadTemplates(responsesDir)).templates.find((tp) => tp.id === made.r.template)?.language === 'en' ? 'en' : 'vi';
    const sources = await store.responses.sources(id);
    const html = `<!doctype html>${await (<ResponseCard t={translator(lang)} lang={lang} claim={made.claim} summary={f.summary} sources={sources} unit={made.claim.unit ?? ''} date={localeFormat(lang, config.digest.timeZone).date(clock().toISOString())} />).toString()}`;
    const file = await renderCard(html, f.format, config.chromiumPath);
    c.header('Content-Type', f.format === 'png' ? 'image/png' : 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="the-phan-hoi-${id}.${f.format}"`);
    return c.body(file as Uint8Array<ArrayBuffer>);
  });

  app.post('/:id/publish', async (c) => {
    const id = idParam(c);
    return act(c, `/responses/${id}`, async () => {
      const f = await form(c, z.object({ url: httpUrl }));
      await recordPublished(c.get('deps').store, actor(c), { id, url: f.url }, meta(c));
    }, 'flash.published');
  });
  return app;
}
