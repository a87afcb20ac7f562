// Server-side text in the caller's language: `t(lang, key, params)` over the two catalogues, and the language a
// request asks for (`?lang=` first, since a download opened by a plain link cannot send headers; then
// Accept-Language; English by default, the API's documented language).
import { MESSAGES_EN, type MessageKey } from './messages.en.ts';
import { MESSAGES_ID } from './messages.id.ts';

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];
export const DEFAULT_LANG: Lang = 'en';
export type { MessageKey };
export type MessageParams = Readonly<Record<string, string | number>>;

export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = {
  en: MESSAGES_EN,
  id: MESSAGES_ID,
};

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES_EN, key);
}

/** The text of `key` in `lang` with `{name}` replaced by its parameter (a missing one stays visible). */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** The best of id/en in an Accept-Language header by q-value, or undefined when it names neither. */
export function fromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...attrs] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    const lang = primary === 'id' || primary === 'in' ? 'id' : primary === 'en' ? 'en' : undefined;
    if (!lang) continue;
    const qAttr = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
    const q = qAttr ? Number(qAttr.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang;
}

/** `?lang=id|en` in a URL, if present and valid. */
export function fromQuery(url: string): Lang | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const value = new URLSearchParams(url.slice(q + 1)).get('lang');
  return value === 'id' || value === 'en' ? value : undefined;
}
