// Errors as RFC 9457 problem details. Routes and services throw HttpProblem; the error handler renders it.

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

  toBody(): ProblemBody {
    return {
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...this.extra,
    };
  }
}

export function problemType(slug: string): string {
  return `/api/v1/problems/${slug}`;
}

export const notFound = (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail);
export const badRequest = (detail: string, extra?: Record<string, unknown>) =>
  new HttpProblem(400, 'bad-request', 'Bad request', detail, extra);
