// `request.lang`: the language the caller asked for (?lang=, then Accept-Language, else English), read lazily so
// that errors raised before any hook ran (bad JSON, body too large) are answered in it too.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_LANG, fromAcceptLanguage, fromQuery, type Lang } from '../../i18n/translate.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** id or en: what error texts and downloads of this request are written in. */
    readonly lang: Lang;
    /** False when the caller named no language (the API's English default applies). */
    readonly langAsked: boolean;
  }
}

function asked(request: FastifyRequest): Lang | undefined {
  const header = request.headers['accept-language'];
  return fromQuery(request.url) ?? fromAcceptLanguage(Array.isArray(header) ? header.join(',') : header);
}

export default fp(
  async function language(app: FastifyInstance) {
    app.decorateRequest('lang', {
      getter(this: FastifyRequest) {
        return asked(this) ?? DEFAULT_LANG;
      },
    });
    app.decorateRequest('langAsked', {
      getter(this: FastifyRequest) {
        return asked(this) !== undefined;
      },
    });
  },
  { name: 'language' },
);
