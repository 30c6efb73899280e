import type { MessageKey } from '../i18n.js';
import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';

const KNOWN = [400, 401, 403, 404, 409, 413, 415, 429, 500];

export function ErrorPage(props: { ctx: ViewCtx; status: number }) {
  const { t } = props.ctx;
  const code = KNOWN.includes(props.status) ? props.status : 500;
  return (
    <Layout ctx={props.ctx} title={t(`error.${code}.title` as MessageKey)}>
      <h1>{t(`error.${code}.title` as MessageKey)}</h1>
      <p>{t(`error.${code}.body` as MessageKey)}</p>
      <p>
        <a href="/queue">{t('error.back')}</a>
      </p>
    </Layout>
  );
}
