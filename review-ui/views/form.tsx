import type { Child } from 'hono/jsx';
import type { ViewCtx } from './view-context.js';

export function CsrfField(props: { ctx: ViewCtx }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrf} />;
}

/** A POST form that always carries the form token. */
export function PostForm(props: { ctx: ViewCtx; action: string; class?: string; children?: Child; label?: string }) {
  return (
    <form method="post" action={props.action} class={props.class} aria-label={props.label}>
      <CsrfField ctx={props.ctx} />
      {props.children}
    </form>
  );
}

export function Select(props: { name: string; id: string; value?: string | null; options: [string, string][]; required?: boolean }) {
  return (
    <select name={props.name} id={props.id} required={props.required}>
      {props.options.map(([v, label]) => (
        <option value={v} selected={v === (props.value ?? '')}>
          {label}
        </option>
      ))}
    </select>
  );
}
