import type { Tip } from '../../src/storage/tips.js';
import type { MessageKey } from '../i18n.js';
import { PostForm } from './form.js';
import type { ViewCtx } from './view-context.js';

export interface TipPanelData {
  tips: Tip[];
  /** The item is in a confirmed claim that has a verdict: its answer can be sent back. */
  decided: boolean;
  /** Channels with a configured reply API (zalo needs an OA access token). */
  replyChannels: string[];
  canDecide: boolean;
}

/** The tips that brought this item in: receipt, channel, the member's concern, and the one-step answer. */
export function TipPanel(props: { ctx: ViewCtx; d: TipPanelData }) {
  // Instants in KC_TZ and the reader's format (src/text/locale-format.ts), not a fixed zone.
  const { t, fmt } = props.ctx;
  const { d } = props;
  return (
    <section aria-labelledby="tips-h" class="panel" id="tips">
      <h2 id="tips-h">{t('tip.panel')}</h2>
      <ul>
        {d.tips.map((tip) => {
          const channel = t(`tip.channel.${tip.channel}` as MessageKey);
          const replyable = d.canDecide && tip.canReply && !tip.repliedAt && d.replyChannels.includes(tip.channel);
          return (
            <li>
              <span class="badge tip">{t('tip.badge')}</span> {t('tip.receipt')} <strong>{tip.receipt}</strong> · {channel} · <time datetime={tip.receivedAt}>{fmt.dateTime(tip.receivedAt)}</time>
              {tip.senderPseudonym && <> · {t('tip.sender')}: {tip.senderPseudonym}</>}
              {tip.worry && (
                <p>
                  {t('tip.worry_label')} <q>{tip.worry}</q>
                </p>
              )}
              {tip.repliedAt && <p class="muted">{t('tip.replied', { date: fmt.dateTime(tip.repliedAt) })}</p>}
              {replyable &&
                (d.decided ? (
                  <PostForm ctx={props.ctx} action={`/tips/${tip.id}/reply`} class="inline" label={t('tip.reply', { channel })}>
                    <p class="muted" id={`tip-reply-help-${tip.id}`}>{t('tip.reply_help')}</p>
                    <button type="submit" aria-describedby={`tip-reply-help-${tip.id}`}>{t('tip.reply', { channel })}</button>
                  </PostForm>
                ) : (
                  <p class="muted">{t('tip.no_reply_yet')}</p>
                ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
