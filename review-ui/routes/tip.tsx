import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isLocalNetwork } from '../../src/tipline/local-network.js';
import { newReceipt } from '../../src/tipline/receipt.js';
import { answerFor, replyChannels, sendTipReply, type TipAnswer } from '../../src/tipline/tip-reply.js';
import { TipRefused } from '../../src/tipline/types.js';
import type { AppEnv } from '../context.js';
import { verdictName } from '../views/badges.js';
import { TipPage, TipReceivedPage, type TipFormState } from '../views/tip-page.js';
import type { TipPanelData } from '../views/tip-panel.js';
import { viewCtx } from '../views/view-context.js';
import { act, actor, idParam, meta } from './helpers.js';
import { ensurePreloginToken } from './login.js';

const RECEIPT = /^TB-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;

/** Who may use /tip: a signed-in user always; a visitor as KC_TIP_FORM says (off, local network, public). */
function mayUse(c: Context<AppEnv>): boolean {
  if (c.get('user')) return true;
  const { config } = c.get('deps');
  const { form } = config.tipline;
  return form === 'public' || (form === 'local' && isLocalNetwork(c.get('ip')));
}

/** GET/POST /tip and the receipt page. Mounted before the login guard: the public form needs no account. */
export function tipRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    // Not advertised where it is off: the same 404 as any unknown page.
    if (!mayUse(c) || !c.get('deps').tipline) return c.notFound();
    // Viewers read; they never add anything (the public form is for visitors without an account).
    if (c.get('user')?.role === 'viewer') throw new HTTPException(403);
    await next();
  });

  app.get('/', async (c) => {
    const { store, config } = c.get('deps');
    ensurePreloginToken(c);
    return c.html(<TipPage ctx={viewCtx(c)} units={await store.units.list()} maxChars={config.tipline.maxChars} />);
  });

  app.get('/received/:receipt', (c) => {
    const receipt = c.req.param('receipt');
    if (!RECEIPT.test(receipt)) return c.notFound();
    return c.html(<TipReceivedPage ctx={viewCtx(c)} receipt={receipt} />);
  });

  app.post('/', async (c) => {
    const { store, config, clock, tipline } = c.get('deps');
    const user = c.get('user');
    const now = clock();
    // A flood from one address is refused before anything is read or fetched (signed-in users are accountable).
    if (!user && !(await tipline!.limiter.take(c.get('ip'), now.getTime())).ok) {
      c.header('Retry-After', '3600');
      return renderForm(c, { error: { field: 'form', key: 'tip.error.rate' } }, 429);
    }
    const max = config.tipline.maxChars;
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() || undefined : undefined);
    const f = { url: str('url'), text: str('text'), worry: str('worry'), unit: str('unit'), website: str('website') };
    // What was typed comes back with the error at its field, never lost.
    const typed: TipFormState = { url: f.url?.slice(0, 2000), text: f.text, worry: f.worry, unit: f.unit };
    for (const [k, limit] of [['url', 2000], ['text', max], ['worry', max], ['unit', 64]] as const) {
      if ((f[k]?.length ?? 0) > limit) return renderForm(c, { ...typed, error: { field: k, key: k === 'url' || k === 'unit' ? `tip.error.bad_${k}` : 'tip.error.too_long' } }, 400);
    }
    // Honeypot filled: looks accepted to the bot, nothing is stored.
    if (f.website) return c.redirect(`/tip/received/${newReceipt()}`, 303);
    const state = typed;
    if (!f.url && !f.text) return renderForm(c, { ...state, error: { field: 'text', key: 'tip.error.empty' } }, 400);
    if (f.unit && !(await store.units.byCode(f.unit))) return renderForm(c, { ...state, error: { field: 'unit', key: 'tip.error.bad_unit' } }, 400);
    try {
      const out = await tipline!.intake.submit(
        { channel: user ? 'ui' : 'web', url: f.url, text: f.text, worry: f.worry, unit: f.unit, userId: user?.id, username: user?.username },
        now,
      );
      return c.redirect(`/tip/received/${out.receipt}`, 303);
    } catch (err) {
      if (!(err instanceof TipRefused)) throw err;
      const where = err.reason === 'bad_url' || err.reason === 'unreadable' ? 'url' : err.reason === 'bad_unit' ? 'unit' : 'text';
      return renderForm(c, { ...state, error: { field: where, key: `tip.error.${err.reason}` } }, 400);
    }
  });
  return app;
}

async function renderForm(c: Context<AppEnv>, state: TipFormState, status: 400 | 429): Promise<Response> {
  const { store, config } = c.get('deps');
  return c.html(<TipPage ctx={viewCtx(c)} units={await store.units.list()} state={state} maxChars={config.tipline.maxChars} />, status);
}

/** POST /tips/:id/reply — a reviewer sends the decided claim's verdict and response back to the member (one press, one message). */
export function tipReplyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:id/reply', async (c) => {
    const { store, config } = c.get('deps');
    const id = idParam(c);
    const tip = await store.tips.get(id);
    if (!tip) return c.notFound();
    const t = c.get('t');
    // The member reads Vietnamese; the verdict's name comes from the same words the UI uses.
    const compose = (a: TipAnswer, receipt: string) =>
      [`Về tin bạn gửi (mã ${receipt}): "${a.statement}"`, `Kết luận của cán bộ công đoàn: ${verdictName(t, a.verdict)}.`, a.responseBody ?? ''].filter(Boolean).join('\n\n');
    return act(c, `/items/${tip.itemId}#tips`, () => sendTipReply(store, config.tipline, actor(c), id, compose, meta(c)), 'tip.reply_sent');
  });
  return app;
}

/** What the item page shows about the tips that brought an item in (nothing when there are none). */
export async function tipPanelData(c: Context<AppEnv>, itemId: number, canDecide: boolean): Promise<TipPanelData | undefined> {
  const { store, config } = c.get('deps');
  const tips = await store.tips.forItem(itemId);
  if (tips.length === 0) return undefined;
  return { tips, decided: (await answerFor(store, itemId)) !== null, replyChannels: [...replyChannels(config.tipline)], canDecide };
}
