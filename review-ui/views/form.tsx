import type { Child } from 'hono/jsx';
import type { ViewCtx } from './view-context.js';

export function CsrfField(props: { ctx: ViewCtx }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrf} />;
}

/**
 * A POST form that always carries the form token. `draft` names a form whose typed values
 * static/drafts.js keeps in the tab's sessionStorage until it is saved (an expired session, a
 * closed tab or a failed submission never loses them).
 */
export function PostForm(props: { ctx: ViewCtx; action: string; class?: string; children?: Child; label?: string; draft?: string; id?: string }) {
  return (
    <form method="post" action={props.action} class={props.class} aria-label={props.label} data-draft={props.draft} id={props.id}>
      <CsrfField ctx={props.ctx} />
      {props.children}
    </form>
  );
}

export function Select(props: { name: string; id: string; value?: string | null; options: [string, string][]; required?: boolean; invalid?: 'true'; describedBy?: string }) {
  return (
    <select name={props.name} id={props.id} required={props.required} aria-invalid={props.invalid} aria-describedby={props.describedBy}>
      {props.options.map(([v, label]) => (
        <option value={v} selected={v === (props.value ?? '')}>
          {label}
        </option>
      ))}
    </select>
  );
}
