import { z } from 'zod';
import { isoWeek, previousWeek, type IsoWeek } from '../../src/digest/iso-week.js';
import type { Unit } from '../../src/storage/units.js';
import { PostForm, Select } from '../views/form.js';
import type { ViewCtx } from '../views/view-context.js';
import type { T } from './common.js';
import { unitOptions } from './units-routes.js';

/** What the "Tạo bản tin" form sends; every value is checked again here (a crafted POST included). */
export const makeDigestForm = z.object({
  week: z.string().trim().toUpperCase().regex(/^\d{4}-W\d{2}$/),
  unit: z.string().trim().max(100).default(''),
  lang: z.enum(['vi', 'en']),
});

export type DigestFormValues = { week: string; unit: string; lang: string };
export type DigestFormError = { field: 'week' | 'unit' | 'lang' | 'run'; key: string };

/**
 * A complete week before `now`, or the message key saying why not. Weeks that have not ended are
 * refused: their counts would still change, and HQ would act on half a week.
 */
export function pastWeek(text: string, now: Date, timeZone: string): IsoWeek | string {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return 'adm.digests.make_bad_week';
  let w: IsoWeek;
  try {
    w = isoWeek(Number(m[1]), Number(m[2]), timeZone);
  } catch {
    return 'adm.digests.make_bad_week';
  }
  if (w.label !== text) return 'adm.digests.make_bad_week'; // e.g. W53 of a 52-week year
  return Date.parse(w.end) <= now.getTime() ? w : 'adm.digests.make_future_week';
}

/** The admin's form on /digests: a week (default last week), a unit from the managed list or all, a language. */
export function MakeDigestForm(props: { ctx: ViewCtx; t: T; units: Unit[]; now: Date; timeZone: string; values?: DigestFormValues; error?: DigestFormError; available: boolean }) {
  const { t, ctx } = props;
  const last = previousWeek(props.now, props.timeZone);
  const v = props.values ?? { week: last.label, unit: '', lang: ctx.lang };
  const err = props.error;
  const invalid = (f: string) => (err?.field === f ? 'true' : undefined);
  const described = (f: string, help?: string) => [err?.field === f ? `make-${f}-error` : '', help ?? ''].filter(Boolean).join(' ') || undefined;
  const FieldError = (p: { f: string }) => (err?.field === p.f ? <p class="field-error" id={`make-${p.f}-error`}>{t(err.key)}</p> : null);
  return (
    <section aria-labelledby="make-h" id="make">
      <h2 id="make-h">{t('adm.digests.make')}</h2>
      {!props.available ? (
        <p class="muted">{t('adm.digests.make_unavailable')}</p>
      ) : (
        <PostForm ctx={ctx} action="/digests" class="stack narrow" label={t('adm.digests.make')}>
          <p class="muted" id="make-help">{t('adm.digests.make_help')}</p>
          {err?.field === 'run' && <p class="flash error" role="alert">{t(err.key)}</p>}
          <label for="make-week">{t('adm.digests.week')}</label>
          <input
            id="make-week"
            name="week"
            type="week"
            required
            value={v.week}
            max={last.label}
            pattern="[0-9]{4}-W[0-9]{2}"
            aria-invalid={invalid('week')}
            aria-describedby={described('week', 'make-week-help')}
            autofocus={err?.field === 'week'}
          />
          <small id="make-week-help" class="muted">{t('adm.digests.make_week_help', { week: last.label, from: ctx.fmt.day(last.firstDay), to: ctx.fmt.day(last.lastDay) })}</small>
          <FieldError f="week" />
          <label for="make-unit">{t('adm.digests.unit')}</label>
          <Select name="unit" id="make-unit" value={v.unit} options={unitOptions(props.units, t('adm.digests.all'))} invalid={invalid('unit')} describedBy={described('unit')} />
          <FieldError f="unit" />
          <label for="make-lang">{t('adm.digests.lang')}</label>
          <Select name="lang" id="make-lang" value={v.lang} options={[['vi', 'Tiếng Việt'], ['en', 'English']]} />
          <FieldError f="lang" />
          <button type="submit">{t('adm.digests.make_submit')}</button>
        </PostForm>
      )}
    </section>
  );
}
