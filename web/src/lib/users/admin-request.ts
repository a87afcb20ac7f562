// Admin requests whose refusals the forms show on the field they are about: the problem's detail (already in
// the user's language) with the field it names — `field` from the service's refusals, or the first segment of
// a schema error's path (`params.field`, e.g. "kelurahan.0" → "kelurahan").
import { apiFetch, statusMessage } from '../api';
import { i18n } from '../i18n.svelte';

export class AdminRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

interface ProblemAnswer {
  detail?: string;
  field?: unknown;
  params?: { field?: unknown };
}

/** The field a problem answer is about, if it names one. */
export function problemField(body: ProblemAnswer): string | undefined {
  const named = typeof body.field === 'string' ? body.field : body.params?.field;
  return typeof named === 'string' && named ? named.split('.')[0] : undefined;
}

/** POSTs JSON (or nothing) with the CSRF token; the answer's JSON, or undefined for 204. */
export async function adminPost<T>(url: string, body: unknown, csrf: string | null): Promise<T | undefined> {
  const res = await apiFetch(url, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'accept-language': i18n.lang,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let answer: ProblemAnswer = {};
    try {
      answer = (await res.json()) as ProblemAnswer;
    } catch {
      /* not JSON: the status text says it */
    }
    throw new AdminRequestError(res.status, answer.detail ?? statusMessage(res.status), problemField(answer));
  }
  return res.status === 204 ? undefined : ((await res.json()) as T);
}
