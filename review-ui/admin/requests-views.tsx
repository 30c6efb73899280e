import type { Child } from 'hono/jsx';
import { deadlineMark, lastLocalDay, localDate, type DeadlineMark } from '../../src/privacy/request-deadlines.js';
import type { SubjectRequest } from '../../src/storage/subject-requests.js';
import type { SubjectItemRow } from '../../src/storage/subject-data.js';
import { CsrfField, Select } from '../views/form.js';
import type { ViewCtx } from '../views/view-context.js';
import { Table, type T } from './common.js';

/** The last local day of a deadline stored as an exclusive end (local midnight after it). */
// Shown as the reader writes a day (dd/mm/yyyy in Vietnamese), never as stored text.
const lastDay = (t: T, due: string, tz: string) => t.fmt.day(lastLocalDay(due, tz));
const day = (t: T, iso: string | null, tz: string) => (iso ? t.fmt.day(localDate(new Date(iso), tz)) : '—');

// Existing badge colours: red for overdue, orange for due soon.
const MARK_CLASS: Record<DeadlineMark, string> = { overdue: 'badge label-covid_false', due_soon: 'badge escalated', ok: '', done: '' };

function Deadline(props: { t: T; tz: string; due: string; doneAt: string | null; now: Date; soonDays?: number }) {
  const mark = deadlineMark(props.due, props.doneAt, props.now, props.soonDays);
  return (
    <>
      {lastDay(props.t, props.due, props.tz)}
      {(mark === 'overdue' || mark === 'due_soon') && (
        <>
          {' '}
          <span class={MARK_CLASS[mark]}>{props.t(`adm.requests.mark.${mark}`)}</span>
        </>
      )}
    </>
  );
}

const isOpen = (r: SubjectRequest) => r.status === 'open' || r.status === 'acknowledged';

export interface NewRequestValues {
  kind?: string;
  type?: string;
  value?: string;
  receivedOn?: string;
  requester?: string;
  note?: string;
}

export function RequestList(props: { t: T; ctx: ViewCtx; rows: SubjectRequest[]; tz: string; now: Date; today: string; error?: string; values?: NewRequestValues }) {
  const { t, tz, now } = props;
  const v = props.values ?? {};
  return (
    <>
      <h1>{t('adm.requests.title')}</h1>
      <p>{t('adm.requests.intro')}</p>
      <Table
        head={['#', t('adm.requests.kind'), t('adm.requests.subject'), t('adm.requests.received'), t('adm.requests.ack_by'), t('adm.requests.due'), t('adm.requests.status'), t('adm.requests.items')]}
        empty={t('adm.requests.none')}
        rows={props.rows.map((r) => [
          <a href={`/admin/requests/${r.id}`}>{`#${r.id}`}</a>,
          t(`adm.requests.kind.${r.kind}`),
          r.subjectHint,
          day(t, r.receivedAt, tz),
          <Deadline t={t} tz={tz} due={r.ackDueAt} doneAt={r.acknowledgedAt ?? r.closedAt} now={now} soonDays={1} />,
          <Deadline t={t} tz={tz} due={r.dueAt} doneAt={r.closedAt} now={now} />,
          t(`adm.requests.status.${r.status}`),
          r.itemsErased != null ? t('adm.requests.erased_n', { n: r.itemsErased }) : r.itemsFound != null ? t('adm.requests.found_n', { n: r.itemsFound }) : '—',
        ])}
      />
      <h2 id="new">{t('adm.requests.new')}</h2>
      {props.error && <RequestError t={t} message={props.error} />}
      <form method="post" action="/admin/requests" class="stack narrow">
        <CsrfField ctx={props.ctx} />
        <label for="kind">{t('adm.requests.kind')}</label>
        <Select name="kind" id="kind" value={v.kind ?? 'access'} options={[['access', t('adm.requests.kind.access')], ['deletion', t('adm.requests.kind.deletion')]]} />
        <label for="type">{t('adm.requests.type')}</label>
        <Select name="type" id="type" value={v.type ?? 'handle'} options={[['handle', t('adm.requests.type.handle')], ['url', t('adm.requests.type.url')]]} />
        <label for="value">{t('adm.requests.value')}</label>
        <input id="value" name="value" required maxlength={500} value={v.value ?? ''} autocomplete="off" />
        <label for="receivedOn">{t('adm.requests.received_on')}</label>
        <input id="receivedOn" name="receivedOn" type="date" max={props.today} value={v.receivedOn ?? props.today} required />
        <label for="requester">{t('adm.requests.requester')}</label>
        <input id="requester" name="requester" maxlength={500} value={v.requester ?? ''} autocomplete="off" />
        <label for="note">{t('adm.requests.note')}</label>
        <textarea id="note" name="note" rows={3} maxlength={2000}>{v.note ?? ''}</textarea>
        <button type="submit">{t('adm.requests.create')}</button>
      </form>
    </>
  );
}

export interface Found {
  items: SubjectItemRow[];
  unconfirmed: number[];
  sightings: number;
}

function FoundList(props: { t: T; tz: string; found: Found }) {
  const { t, found } = props;
  return (
    <section id="found">
      <h2>{t('adm.requests.found_title')}</h2>
      <p>{t('adm.requests.found_summary', { items: found.items.length, sightings: found.sightings })}</p>
      {found.unconfirmed.length > 0 && <p class="muted">{t('adm.requests.unconfirmed', { n: found.unconfirmed.length })}</p>}
      {found.items.length > 0 && (
        <ul>
          {found.items.map((i) => (
            <li>
              <a href={`/items/${i.id}`}>{`#${i.id}`}</a> · {day(t, i.collectedAt, props.tz)} · {i.sourceName ?? i.sourceId ?? '—'} · {i.title ?? i.text.slice(0, 80)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Row(props: { label: string; children?: Child }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

export function RequestPage(props: { t: T; ctx: ViewCtx; r: SubjectRequest; tz: string; now: Date; found?: Found; error?: string }) {
  const { t, r, tz, now, ctx } = props;
  const open = isOpen(r);
  return (
    <>
      <p><a href="/admin/requests">{t('adm.requests.back')}</a></p>
      <h1>{t('adm.requests.request_n', { id: r.id })}</h1>
      {props.error && <RequestError t={t} message={props.error} />}
      <div class="table-wrap">
        <table>
          <tbody>
            <Row label={t('adm.requests.kind')}>{t(`adm.requests.kind.${r.kind}`)}</Row>
            <Row label={t('adm.requests.subject')}>
              {t(`adm.requests.type.${r.subjectType}`)}: {r.subjectValue ?? `${r.subjectHint} (${t('adm.requests.cleared')})`}
            </Row>
            <Row label={t('adm.requests.requester')}>{r.requester ?? '—'}</Row>
            <Row label={t('adm.requests.received')}>{day(t, r.receivedAt, tz)}</Row>
            <Row label={t('adm.requests.ack_by')}>
              <Deadline t={t} tz={tz} due={r.ackDueAt} doneAt={r.acknowledgedAt ?? r.closedAt} now={now} soonDays={1} />
              {r.acknowledgedAt && ` · ${t('adm.requests.acknowledged_on', { date: day(t, r.acknowledgedAt, tz) })}`}
            </Row>
            <Row label={t('adm.requests.due')}><Deadline t={t} tz={tz} due={r.dueAt} doneAt={r.closedAt} now={now} /></Row>
            <Row label={t('adm.requests.status')}>{t(`adm.requests.status.${r.status}`)}{r.closedAt && ` · ${day(t, r.closedAt, tz)}`}</Row>
            <Row label={t('adm.requests.items')}>
              {r.itemsFound != null ? t('adm.requests.found_n', { n: r.itemsFound }) : '—'}
              {r.itemsErased != null && ` · ${t('adm.requests.erased_n', { n: r.itemsErased })}`}
            </Row>
            <Row label={t('adm.requests.exported')}>{day(t, r.exportedAt, tz)}</Row>
            <Row label={t('adm.requests.note')}>{(r.note ?? '—').split('\n').map((line, i) => (i ? [<br />, line] : line))}</Row>
          </tbody>
        </table>
      </div>
      {props.found && <FoundList t={t} tz={tz} found={props.found} />}
      {open && (
        <section>
          <h2>{t('adm.common.actions')}</h2>
          <div class="row">
            {!r.acknowledgedAt && (
              <form method="post" action={`/admin/requests/${r.id}/acknowledge`} class="inline">
                <CsrfField ctx={ctx} />
                <button type="submit">{t('adm.requests.acknowledge')}</button>
              </form>
            )}
            <form method="post" action={`/admin/requests/${r.id}/find`} class="inline">
              <CsrfField ctx={ctx} />
              <button type="submit" class="secondary">{t('adm.requests.find')}</button>
            </form>
            <form method="post" action={`/admin/requests/${r.id}/export`} class="inline">
              <CsrfField ctx={ctx} />
              <button type="submit" class="secondary">{t('adm.requests.export')}</button>
            </form>
            <a href={`/admin/requests/${r.id}/delete`}>{t('adm.requests.delete')}</a>
          </div>
          <form method="post" action={`/admin/requests/${r.id}/close`} class="stack narrow">
            <CsrfField ctx={ctx} />
            <label for="status">{t('adm.requests.close_as')}</label>
            <Select name="status" id="status" value="completed" options={[['completed', t('adm.requests.status.completed')], ['rejected', t('adm.requests.status.rejected')]]} />
            <label for="reason">{t('adm.requests.reason')}</label>
            <textarea id="reason" name="reason" rows={2} maxlength={2000} required></textarea>
            <button type="submit" class="secondary">{t('adm.requests.close')}</button>
          </form>
        </section>
      )}
    </>
  );
}

export function DeleteConfirm(props: { t: T; ctx: ViewCtx; r: SubjectRequest; tz: string; found: Found }) {
  const { t, r } = props;
  const n = props.found.items.length + props.found.unconfirmed.length;
  return (
    <>
      <p><a href={`/admin/requests/${r.id}`}>{t('adm.requests.back_to', { id: r.id })}</a></p>
      <h1>{t('adm.requests.delete_title', { id: r.id })}</h1>
      <p>{t('adm.requests.delete_explain', { items: n, sightings: props.found.sightings })}</p>
      <FoundList t={t} tz={props.tz} found={props.found} />
      <form method="post" action={`/admin/requests/${r.id}/delete`} class="stack narrow">
        <CsrfField ctx={props.ctx} />
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> {t('adm.requests.delete_confirm')}
        </label>
        <button type="submit">{t('adm.requests.delete_now')}</button>
      </form>
    </>
  );
}

/**
 * A refused request in the reader's language: the service's message starts with the field it is
 * about ("receivedOn: …", "url must …"); that field picks the sentence, the original stays below.
 */
function RequestError(props: { t: T; message: string }) {
  const field = /^[a-zA-Z]+/.exec(props.message)?.[0] ?? '';
  const key = `adm.requests.err.${field}`;
  const said = props.t(key);
  return (
    <div class="flash error" role="alert">
      <p>{said === key ? props.t('adm.requests.invalid') : said}</p>
      <p class="small"><code>{props.message}</code></p>
    </div>
  );
}
