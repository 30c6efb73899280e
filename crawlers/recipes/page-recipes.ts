import { RecipeError, type Recipe } from './recipe-types.js';

/** Recipes read with CSS selectors (type html): Telegram's public channel page and any listing page. */

// The public preview of a channel (https://t.me/s/NAME) as Telegram renders it: one
// .tgme_widget_message per post, data-post="NAME/ID"; quoted replies sit in
// .tgme_widget_message_reply (…_metatext), so the post's own text is the only …_text.
export const TELEGRAM_SELECT = {
  item: '.tgme_widget_message[data-post]',
  text: '.tgme_widget_message_text',
  author: '.tgme_widget_message_from_author',
  published: '.tgme_widget_message_date time@datetime',
  link: '.tgme_widget_message_date@href',
};

const TELEGRAM_NAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

/**
 * Telegram public channels: t.me/NAME, t.me/s/NAME, t.me/NAME/123 or telegram.me/NAME all become
 * the channel's public page t.me/s/NAME (no login, no bot API). Invite links (t.me/+…, joinchat)
 * lead to private chats and are refused.
 */
export const telegramRecipe: Recipe = async (url) => {
  const parts = url.pathname.split('/').filter(Boolean);
  const name = parts[0] === 's' ? parts[1] : parts[0];
  if (!name || !TELEGRAM_NAME.test(name) || name.toLowerCase() === 'joinchat') throw new RecipeError('not_platform', url.href);
  const origin = /(^|\.)(t\.me|telegram\.me)$/i.test(url.hostname) ? 'https://t.me' : url.origin;
  return { type: 'html', url: `${origin}/s/${name}`, select: { ...TELEGRAM_SELECT } };
};

/** Any server-rendered listing page, read with the selectors the admin gives (as before). */
export const htmlRecipe: Recipe = async (url, _ctx, given) => {
  if (!given.select?.item || !given.select.text) throw new RecipeError('selectors');
  return { type: 'html', url: url.href, select: given.select, ...(given.next && { next: given.next }), ...(given.max_pages && { max_pages: given.max_pages }) };
};
