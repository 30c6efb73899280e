import type { Claim } from '../../src/storage/claims.js';
import type { ResponseSource } from '../../src/storage/responses.js';
import { CARD_WIDTH } from '../../src/review/card-image.js';
import type { Translate } from '../i18n.js';
import { verdictName } from './badges.js';

// Self-contained: no stylesheet or font is fetched (the renderer refuses every request).
const CSS = `
*{box-sizing:border-box}
body{margin:0;width:${CARD_WIDTH}px;font-family:"DejaVu Sans","Noto Sans",Arial,sans-serif;color:#14213d;background:#fff}
main{padding:64px 72px 56px;border-top:24px solid #b71c1c}
.kicker{font-size:26px;letter-spacing:.04em;text-transform:uppercase;color:#555;margin:0 0 16px}
.claim{font-size:44px;line-height:1.25;font-weight:700;margin:0 0 28px;overflow-wrap:anywhere}
.verdict{display:inline-block;font-size:34px;font-weight:700;color:#fff;background:#b71c1c;padding:10px 24px;border-radius:10px;margin:0 0 32px}
.verdict.v-true{background:#1b5e20}.verdict.v-unverified{background:#6d4c41}
.summary{font-size:32px;line-height:1.45;margin:0 0 36px;white-space:pre-wrap;overflow-wrap:anywhere}
h2{font-size:26px;color:#555;margin:0 0 10px;text-transform:uppercase;letter-spacing:.04em}
ol{margin:0 0 36px;padding-left:36px;font-size:24px;line-height:1.4}
li{margin-bottom:8px;overflow-wrap:anywhere}
.url{color:#1a4d8f}
footer{display:flex;justify-content:space-between;font-size:24px;color:#555;border-top:2px solid #ddd;padding-top:20px}
`;

/** The card a person posts: claim, verdict, a short explanation and the sources, signed by the unit. */
export function ResponseCard(props: { t: Translate; lang: string; claim: Claim; summary: string; sources: ResponseSource[]; unit: string; /** Already formatted for the card's language and KC_TZ. */ date: string }) {
  const { t, claim } = props;
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <title>{t('card.kicker')}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <main>
          <p class="kicker">{t('card.kicker')}</p>
          <p class="claim">“{claim.statement}”</p>
          <p class={`verdict v-${claim.verdict ?? ''}`}>{claim.verdict ? verdictName(t, claim.verdict) : ''}</p>
          {props.summary && <p class="summary">{props.summary}</p>}
          {props.sources.length > 0 && (
            <>
              <h2>{t('response.sources')}</h2>
              <ol>{props.sources.map((s) => <li>{s.title}: <span class="url">{s.url}</span></li>)}</ol>
            </>
          )}
          <footer>
            <span>{props.unit}</span>
            <span>{props.date}</span>
          </footer>
        </main>
      </body>
    </html>
  );
}
