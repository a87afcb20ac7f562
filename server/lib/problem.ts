// Errors as RFC 9457 problem details. Routes and services throw HttpProblem; the error handler renders it in
// the caller's language: a problem made with `problem()` names a catalogue key and its parameters, so its
// `type` and `params` stay stable while `title` and `detail` follow the language (server/i18n).
import { isMessageKey, t, type Lang, type MessageKey, type MessageParams } from '../i18n/translate.ts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extra: string]: unknown;
}

export class HttpProblem extends Error {
  /** Response headers that belong to the answer (e.g. Retry-After); the error handler sets them. */
  headers: Record<string, string> = {};
  /** The catalogue entry of the detail, when there is one (else `detail` is English-only text). */
  key?: MessageKey;
  params: MessageParams = {};
  /**
   * Parameters that are themselves catalogue entries (reasons inside a sentence), said in the same language;
   * several are joined with "; ".
   */
  nested: Readonly<Record<string, ReadonlyArray<{ key: MessageKey; params?: MessageParams }>>> = {};

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  private paramsIn(lang: Lang): MessageParams {
    const nested = Object.entries(this.nested);
    if (nested.length === 0) return this.params;
    return {
      ...this.params,
      ...Object.fromEntries(nested.map(([k, v]) => [k, v.map((r) => t(lang, r.key, r.params)).join('; ')])),
    };
  }

  toBody(lang: Lang = 'en'): ProblemBody {
    const titleKey = `title.${this.slug}`;
    return {
      type: problemType(this.slug),
      title: isMessageKey(titleKey) ? t(lang, titleKey) : this.title,
      status: this.status,
      detail: this.key ? t(lang, this.key, this.paramsIn(lang)) : this.detail,
      // Parameters let API clients build their own text; absent when there are none (the body stays minimal).
      ...(this.key && Object.keys(this.params).length > 0 ? { params: this.params } : {}),
      ...this.extra,
    };
  }
}

/** A problem whose detail is the catalogue's `key` with `params` (the title comes from the slug). */
export function problem(
  status: number,
  slug: string,
  key: MessageKey,
  params: MessageParams = {},
  extra: Record<string, unknown> = {},
): HttpProblem {
  const titleKey = `title.${slug}`;
  const p = new HttpProblem(
    status,
    slug,
    isMessageKey(titleKey) ? t('en', titleKey) : slug,
    t('en', key, params),
    extra,
  );
  p.key = key;
  p.params = params;
  return p;
}

export function problemType(slug: string): string {
  return `/api/v1/problems/${slug}`;
}

export const notFound = (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail);
export const badRequest = (detail: string, extra?: Record<string, unknown>) =>
  new HttpProblem(400, 'bad-request', 'Bad request', detail, extra);
/** 404 from the catalogue. */
export const notFoundT = (key: MessageKey, params?: MessageParams) => problem(404, 'not-found', key, params);
/** 400 from the catalogue. */
export const badRequestT = (key: MessageKey, params?: MessageParams, extra?: Record<string, unknown>) =>
  problem(400, 'bad-request', key, params, extra);

/**
 * 409 for an edit made against an old version: the current state comes with it, so the client can show what
 * changed and offer to reload, never overwrite silently. `key` says which record (household, member, step…).
 */
export function staleVersion(key: MessageKey, params: MessageParams, current?: Record<string, unknown>) {
  return problem(409, 'stale-version', key, params, current === undefined ? {} : { current });
}

/** A problem whose sentence holds other catalogue entries (`reason`), all said in the caller's language. */
export function problemWithReason(
  status: number,
  slug: string,
  key: MessageKey,
  params: MessageParams,
  reasons: ReadonlyArray<{ key: MessageKey; params?: MessageParams }>,
  extra: Record<string, unknown> = {},
): HttpProblem {
  const english = reasons.map((r) => t('en', r.key, r.params)).join('; ');
  const p = problem(status, slug, key, { ...params, reason: english }, extra);
  p.nested = { reason: reasons };
  return p;
}
