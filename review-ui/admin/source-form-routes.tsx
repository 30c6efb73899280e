import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { FieldError, PreviewOutcome, SourceFormValues, SourceProblem } from '../../src/jobs/source-recipe-tools.js';
import { setFlash } from '../auth/session.js';
import { requireRole } from '../auth/guards.js';
import type { AppEnv } from '../context.js';
import { auditAdmin, page } from './common.js';
import type { AdminOptions } from './index.js';
import { EMPTY_FORM, SourceFormPage } from './source-form.js';

const text = (max: number) => z.string().max(max).default('');
const formSchema = z.object({
  recipe: z.string().max(20).default('rss'),
  url: text(2000),
  name: text(120),
  unit: text(100),
  schedule: z.string().max(100).default('0 * * * *'),
  enabled: z.string().max(5).optional(),
  source_id: text(64),
  item: text(500),
  text: text(500),
  title: text(500),
  author: text(500),
  published: text(500),
  link: text(500),
  next: text(500),
  max_pages: text(3),
});

/**
 * The source form (issue 15, §3): a recipe, one URL, a name, a unit from the managed list and a
 * schedule, selectors only for generic HTML. Preview fetches the first items without storing;
 * save writes the definition as a YAML file in the sources folder (files stay the format).
 */
export function sourceFormRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const tools = () => {
    if (!options.sources) throw new HTTPException(503);
    return options.sources;
  };
  const exists = (id: string) => tools().list().sources.some((s) => s.id === id);

  type Render = { id: string | null; values: SourceFormValues; errors?: FieldError[]; problem?: SourceProblem; preview?: PreviewOutcome; yaml?: string };
  const render = async (c: Context<AppEnv>, r: Render, status = 200) => {
    const units = await c.get('deps').store.units.list();
    return page(c, r.id ? 'adm.sources.title' : 'adm.sources.add', (ctx, t) => <SourceFormPage t={t} ctx={ctx} recipes={tools().recipes} units={units} {...r} />, status);
  };

  /** Reads the posted form; checks what needs no fetch (URL shape, name, unit, page count) first. */
  const read = async (c: Context<AppEnv>, fixedId: string | null) => {
    const parsed = formSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) throw new HTTPException(400);
    const f = parsed.data;
    const id = fixedId ?? (f.source_id && exists(f.source_id) ? f.source_id : null);
    const values: SourceFormValues = { ...f, enabled: f.enabled !== undefined };
    const errors: FieldError[] = [];
    const allowed = [...tools().recipes, ...(id ? ['file'] : [])];
    if (!allowed.includes(f.recipe)) errors.push({ field: 'recipe', message: f.recipe });
    let url: URL | undefined;
    try {
      url = new URL(f.url.trim());
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) errors.push({ field: 'url', message: f.url.trim() || '—' });
    if (!f.name.trim()) errors.push({ field: 'name', message: '—' });
    if (f.unit && !(await c.get('deps').store.units.byCode(f.unit))) errors.push({ field: 'unit', message: f.unit });
    if (f.recipe === 'html') {
      if (!f.item.trim()) errors.push({ field: 'select.item', message: '—' });
      if (!f.text.trim()) errors.push({ field: 'select.text', message: '—' });
    }
    if (f.max_pages && !(/^\d+$/.test(f.max_pages) && +f.max_pages >= 1 && +f.max_pages <= 50)) errors.push({ field: 'max_pages', message: f.max_pages });
    return { id, values, errors };
  };

  app.get('/new', (c) => render(c, { id: null, values: EMPTY_FORM }));

  app.post('/preview', async (c) => {
    const { id, values, errors } = await read(c, null);
    if (errors.length) return render(c, { id, values, errors }, 400);
    const preview = await tools().preview(values, id);
    if (preview.errors.length) return render(c, { id, values, errors: preview.errors }, 400);
    return render(c, { id, values, preview });
  });

  const save = async (c: Context<AppEnv>, fixedId: string | null) => {
    if (fixedId && !exists(fixedId)) throw new HTTPException(404);
    const { id, values, errors } = await read(c, fixedId);
    if (errors.length) return render(c, { id, values, errors }, 400);
    const out = await tools().saveForm(values, id);
    if (out.errors.length || out.problem || !out.source) return render(c, { id, values, errors: out.errors, problem: out.problem }, 400);
    await auditAdmin(c, 'source_save', { type: 'source', id: out.source.id }, { created: !id, recipe: values.recipe, type: out.source.type });
    await setFlash(c, { kind: 'ok', key: 'flash.saved' });
    return c.redirect('/admin/sources', 303);
  };
  app.post('/', (c) => save(c, null));

  app.get('/:id{[a-z0-9][a-z0-9-]{0,63}}', async (c) => {
    const id = c.req.param('id');
    const found = await tools().formOf(id);
    if (!found) throw new HTTPException(404);
    return render(c, { id, values: found.values, yaml: found.yaml });
  });
  app.post('/:id{[a-z0-9][a-z0-9-]{0,63}}', (c) => save(c, c.req.param('id')));
  return app;
}
