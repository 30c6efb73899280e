import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.js';
import type { MessageKey } from '../i18n.js';
import type { LocaleFormat } from '../../src/text/locale-format.js';
import type { AuditAction } from '../../src/review/audit.js';
import { Layout } from '../views/layout.js';
import { viewCtx, type ViewCtx } from '../views/view-context.js';

/** Admin strings live in review-ui/admin/locales and are merged into the UI catalogs (see index.ts). */
export type T = ((key: string, params?: Record<string, string | number>) => string) & {
  /** Numbers and dates for the same reader (language, KC_TZ). */
  fmt: LocaleFormat;
};

export function tr(ctx: ViewCtx): T {
  return Object.assign((key: string, params?: Record<string, string | number>) => ctx.t(key as MessageKey, params), { fmt: ctx.fmt });
}

/** Renders an admin page inside the review UI layout. */
export function page(c: Context<AppEnv>, titleKey: string, body: (ctx: ViewCtx, t: T) => Child, status = 200) {
  const ctx = viewCtx(c);
  const t = tr(ctx);
  return c.html(
    <Layout ctx={ctx} title={t(titleKey)}>
      {body(ctx, t)}
    </Layout>,
    status as 200,
  );
}

export function Table(props: { head: string[]; rows: Child[][]; empty: string; caption?: string }) {
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              {r.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const pct = (fmt: LocaleFormat, p: number | null) => fmt.percent(p);
/** An instant in the reader's format and KC_TZ ("20/11/2026 14:30"), never the stored UTC text. */
export const when = (fmt: LocaleFormat, iso: string | null | undefined) => (iso ? fmt.dateTime(iso) : '—');

/** The signed-in admin as the services' `by` argument. */
export function by(c: Context<AppEnv>): { id: number; username: string } {
  const u = c.get('user')!;
  return { id: u.id, username: u.username };
}

export const metaOf = (c: Context<AppEnv>) => ({ now: c.get('deps').clock(), ip: c.get('ip') });

/** Appends one admin action to the hash-chained audit log. */
export async function auditAdmin(c: Context<AppEnv>, action: AuditAction, target: { type: string; id: string | number }, detail: Record<string, unknown> = {}) {
  const { store } = c.get('deps');
  const u = by(c);
  await store.write(() =>
    store.audit.append({ at: c.get('deps').clock().toISOString(), userId: u.id, username: u.username, action, targetType: target.type, targetId: target.id, detail, ip: c.get('ip') }),
  );
}
