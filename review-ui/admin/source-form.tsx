import type { FieldError, PreviewOutcome, SourceFormValues, SourceProblem } from '../../src/jobs/source-recipe-tools.js';
import type { Unit } from '../../src/storage/units.js';
import { CsrfField, Select } from '../views/form.js';
import type { ViewCtx } from '../views/view-context.js';
import type { T } from './common.js';
import { unitOptions } from './units-routes.js';

/** Schedules a union officer picks from instead of writing cron; a file's own expression is kept as a choice. */
const SCHEDULES: Array<[string, string]> = [
  ['*/15 * * * *', 'every_15m'],
  ['*/30 * * * *', 'every_30m'],
  ['0 * * * *', 'hourly'],
  ['0 */2 * * *', 'every_2h'],
  ['0 */6 * * *', 'every_6h'],
  ['0 6 * * *', 'daily'],
];

export const SELECTOR_FIELDS = ['item', 'text', 'title', 'author', 'published', 'link', 'next'] as const;

export const EMPTY_FORM: SourceFormValues = {
  recipe: 'rss', url: '', name: '', unit: '', schedule: '0 * * * *', enabled: true,
  item: '', text: '', title: '', author: '', published: '', link: '', next: '', max_pages: '',
};

export interface SourceFormProps {
  t: T;
  ctx: ViewCtx;
  /** The source being edited; null for a new one. */
  id: string | null;
  values: SourceFormValues;
  recipes: readonly string[];
  units: Unit[];
  errors?: FieldError[];
  problem?: SourceProblem;
  preview?: PreviewOutcome;
  /** The file's text (editing), shown read-only. */
  yaml?: string;
}

/** A field's error id and message, or nothing. */
function errorOf(errors: FieldError[] | undefined, field: string) {
  return errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`) || (field === 'url' && e.field === 'type'));
}

export function ProblemMessage(props: { t: T; problem: SourceProblem }) {
  const { t, problem } = props;
  if (problem.code === 'blocked') {
    return (
      <div class="flash error" role="alert" id="source-problem">
        <p>{t('adm.sources.blocked_internal', { host: problem.host ?? '' })}</p>
        <p class="small"><code>{problem.detail}</code></p>
      </div>
    );
  }
  return (
    <div class="flash error" role="alert" id="source-problem">
      <p>{t(`adm.sources.problem.${problem.code}`, { detail: problem.detail })}</p>
    </div>
  );
}

function Field(props: { t: T; id: string; label: string; help?: string; errors?: FieldError[]; render: (attrs: Record<string, string | undefined>) => unknown }) {
  const err = errorOf(props.errors, props.id);
  const describedBy = [err && `${props.id}-error`, props.help && `${props.id}-help`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="form-field">
      <label for={props.id}>{props.label}</label>
      {props.render({ 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': describedBy }) as never}
      {err && (
        <p id={`${props.id}-error`} class="field-error">
          {props.t(`adm.sources.err.${props.id.startsWith('select.') ? 'selector' : props.id}`)} <span class="small">({err.message})</span>
        </p>
      )}
      {props.help && <p id={`${props.id}-help`} class="muted small">{props.help}</p>}
    </div>
  );
}

/** The recipe form: fields, not YAML. Preview shows the first items; save writes the source's file. */
export function SourceFormPage(props: SourceFormProps) {
  const { t, ctx, values: v, errors } = props;
  const action = props.id ? `/admin/sources/${props.id}` : '/admin/sources';
  const recipes = v.recipe === 'file' ? [...props.recipes, 'file'] : props.recipes;
  const schedules = SCHEDULES.some(([cron]) => cron === v.schedule) ? SCHEDULES : [...SCHEDULES, [v.schedule, 'custom'] as [string, string]];
  // Saving comes after a preview that found the source (an existing source can be saved at once).
  const canSave = props.id !== null || (props.preview?.source !== undefined && !props.preview.problem && props.preview.errors.length === 0);
  // Errors of fields the form does not show (a file's post_selector, fields map, …) are listed at the top.
  const shown = ['recipe', 'url', 'type', 'name', 'unit', 'schedule', 'select', 'next', 'max_pages'];
  const others = (errors ?? []).filter((e) => !shown.includes(e.field.split('.')[0]));
  const selectorError = SELECTOR_FIELDS.some((f) => errorOf(errors, `select.${f}`)) || errorOf(errors, 'select');
  return (
    <>
      <h1>{props.id ? t('adm.sources.edit', { id: props.id }) : t('adm.sources.add')}</h1>
      {props.problem && <ProblemMessage t={t} problem={props.problem} />}
      {errors && errors.length > 0 && (
        <div class="flash error" role="alert" id="form-errors">
          <p>{t('adm.sources.fix_fields')}</p>
          {others.length > 0 && (
            <>
              <p>{t('adm.sources.err.other')}</p>
              <ul>{others.map((e) => <li><code>{e.field}: {e.message}</code></li>)}</ul>
            </>
          )}
        </div>
      )}
      <form method="post" action={action} class="stack" id="source-form" aria-label={t('adm.sources.form')}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="source_id" value={props.id ?? ''} />
        <Field t={t} id="recipe" label={t('adm.sources.recipe')} help={t('adm.sources.recipe_help')} errors={errors} render={(a) => (
            <select id="recipe" name="recipe" {...a}>
              {recipes.map((r) => <option value={r} selected={r === v.recipe}>{t(`adm.sources.recipe.${r}`)}</option>)}
            </select>
          )} />
        <Field t={t} id="url" label={t('adm.sources.url')} help={t(`adm.sources.url_help.${v.recipe}`)} errors={errors} render={(a) => <input id="url" name="url" type="url" inputmode="url" required maxlength={2000} value={v.url} placeholder="https://" {...a} />} />
        <details class="small" id="recipe-examples">
          <summary>{t('adm.sources.examples')}</summary>
          <dl>
            {props.recipes.map((r) => (
              <>
                <dt>{t(`adm.sources.recipe.${r}`)}</dt>
                <dd>{t(`adm.sources.url_help.${r}`)}</dd>
              </>
            ))}
          </dl>
        </details>
        <Field t={t} id="name" label={t('adm.sources.name')} errors={errors} render={(a) => <input id="name" name="name" required maxlength={120} value={v.name} {...a} />} />
        <Field t={t} id="unit" label={t('adm.sources.unit')} help={t('adm.sources.unit_help')} errors={errors} render={(a) => (
            <select id="unit" name="unit" {...a}>
              {unitOptions(props.units, t('adm.sources.unit_none')).map(([code, label]) => <option value={code} selected={code === v.unit}>{label}</option>)}
            </select>
          )} />
        <Field t={t} id="schedule" label={t('adm.sources.schedule')} errors={errors} render={(a) => (
            <select id="schedule" name="schedule" {...a}>
              {schedules.map(([cron, key]) => <option value={cron} selected={cron === v.schedule}>{key === 'custom' ? `${t('adm.sources.sched.custom')}: ${cron}` : t(`adm.sources.sched.${key}`)}</option>)}
            </select>
          )} />
        <label class="check">
          <input type="checkbox" name="enabled" value="1" checked={v.enabled} /> {t('adm.sources.enabled_label')}
        </label>
        <fieldset class="recipe-html" id="selectors" aria-describedby="selectors-help">
          <legend>{t('adm.sources.selectors')}</legend>
          <p id="selectors-help" class="muted small">{t('adm.sources.selectors_help')}</p>
          {selectorError && errorOf(errors, 'select') && <p class="field-error">{t('adm.sources.err.selector')}</p>}
          {SELECTOR_FIELDS.map((f) => {
            const id = f === 'next' ? 'next' : `select.${f}`;
            return (
              <Field t={t} id={id} label={t(`adm.sources.sel.${f}`)} errors={errors} render={(a) => <input id={id} name={f} maxlength={500} value={v[f]} spellcheck={false} autocapitalize="off" {...a} />} />
            );
          })}
          <Field t={t} id="max_pages" label={t('adm.sources.sel.max_pages')} errors={errors} render={(a) => <input id="max_pages" name="max_pages" type="number" min={1} max={50} value={v.max_pages} {...a} />} />
        </fieldset>
        <div class="row">
          <button type="submit" formaction="/admin/sources/preview" id="preview" class={canSave ? 'secondary' : undefined}>{t('adm.sources.preview')}</button>
          {canSave && <button type="submit" id="save">{t('adm.sources.save')}</button>}
        </div>
        {!canSave && <p class="muted small">{t('adm.sources.preview_first')}</p>}
      </form>
      {props.preview && <PreviewSection t={t} ctx={ctx} preview={props.preview} />}
      {props.yaml && (
        <details id="source-file">
          <summary>{t('adm.sources.file')}</summary>
          <p class="muted small">{t('adm.sources.file_help')}</p>
          <pre class="yaml" tabindex={0}>{props.yaml}</pre>
        </details>
      )}
    </>
  );
}

function excerpt(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max).replace(/\s+\S*$/, '')}…` : flat;
}

function PreviewSection(props: { t: T; ctx: ViewCtx; preview: PreviewOutcome }) {
  const { t, ctx, preview } = props;
  return (
    <section id="source-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('adm.sources.preview_title', { n: preview.items.length })}</h2>
      {preview.source && (
        <p class="small">
          {t('adm.sources.reads_from')} <code class="break">{preview.source.url}</code> ({t(`adm.sources.type.${preview.source.type}`)})
        </p>
      )}
      {preview.problem && <ProblemMessage t={t} problem={preview.problem} />}
      {!preview.problem && preview.items.length === 0 && preview.source && <p class="muted">{t('adm.sources.preview_empty')}</p>}
      <ol class="preview-items">
        {preview.items.map((it) => (
          <li>
            <h3>{it.url ? <a href={it.url} rel="noopener noreferrer nofollow" target="_blank">{it.title ?? excerpt(it.text, 80)}</a> : (it.title ?? excerpt(it.text, 80))}</h3>
            <p class="muted small">{it.publishedAt ? <time datetime={it.publishedAt}>{ctx.fmt.dateTime(it.publishedAt)}</time> : t('adm.sources.no_date')}</p>
            <p>{excerpt(it.text)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
