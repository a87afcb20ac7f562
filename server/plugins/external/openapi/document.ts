// The whole-document half of the OpenAPI document (@fastify/swagger's `transformObject`): what every operation
// shares, filled in from one place so that a route added later is described like the others without help:
// a stable operationId, who may call it (security, from the access policy), its error answers as
// application/problem+json with the shared Problem schema, and a summary when the route gave none.
import { policyFor, type Access } from '../../../auth/access-policy.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../app/auth.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PROBLEM_MEDIA = 'application/problem+json';

export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session cookie that POST /api/v1/auth/login sets (the web app).',
  },
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sdk_…',
    description: 'A personal access token (POST /api/v1/tokens) as `Authorization: Bearer sdk_…` (scripts).',
  },
  basicToken: {
    type: 'http',
    scheme: 'basic',
    description:
      'A personal access token as the password of HTTP Basic, with the user name or anything as the user ' +
      '(GIS clients such as QGIS that only speak Basic).',
  },
  csrfHeader: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'With the session cookie on POST, PUT, PATCH and DELETE: the csrfToken that login and GET /api/v1/auth/me ' +
      'answer.',
  },
} as const;

// Tokens only read (plugins/app/auth.ts refuses a change made with one); a session's change also needs the CSRF
// header (both together: one security requirement with two schemes).
const READ_CREDENTIALS = [{ sessionCookie: [] }, { bearerToken: [] }, { basicToken: [] }];
const CHANGE_CREDENTIALS = [{ sessionCookie: [], csrfHeader: [] }];
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

export const PROBLEM_SCHEMA = {
  type: 'object',
  description:
    "RFC 9457 problem details. `type` and `params` are stable; `title` and `detail` are in the caller's " +
    'language (Accept-Language: id or en, or ?lang= on downloads; English when none is named).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      type: 'string',
      description: 'a stable identifier of the kind of problem',
      example: '/api/v1/problems/not-found',
    },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: "what was wrong and what to do, in the caller's language" },
    params: { type: 'object', additionalProperties: true, description: 'the values named in `detail`' },
    errors: {
      type: 'array',
      description: 'every failed check of a request that did not validate',
      items: { type: 'object', additionalProperties: true },
    },
  },
  additionalProperties: true,
};

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_MEDIA]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const ERROR_RESPONSES = {
  BadRequest: problemResponse('The request is not valid: the problem names the parameter or field and why'),
  Unauthorized: problemResponse('Not signed in, or the access token is unknown, expired or revoked'),
  Forbidden: problemResponse("The caller's role or scope does not allow this"),
  NotFound: problemResponse('No such resource'),
  TooManyRequests: problemResponse('Too many requests from this address: wait as Retry-After says'),
  ServerError: problemResponse('The service could not answer (a generic message; details are in its log)'),
} as const;

const ref = (name: keyof typeof ERROR_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

/** `/api/v1/households/{id}` back to the route's own `/api/v1/households/:id` (the access policy's form). */
const routeUrl = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/** A stable camelCase name from method and URL: GET /api/v1/households/:id/history → getHouseholdsByIdHistory. */
export function operationIdFor(method: string, path: string): string {
  const words = routeUrl(path)
    .replace(/^\/api\/v1\//, '/')
    .split(/[/.\-_]+/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[-_]+/));
  const camel = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return method.toLowerCase() + camel;
}

function securityFor(access: Access | undefined, method: string): Json[] {
  const credentials = UNSAFE.has(method) ? CHANGE_CREDENTIALS : READ_CREDENTIALS;
  // Public routes still read a credential when one is sent (staff get unsuppressed numbers; a bad token is
  // refused), so "none" ({}) comes first and the credentials follow as optional.
  if (access === undefined || access === 'public') return [{}, ...credentials];
  return credentials;
}

function addErrorResponses(op: Json, path: string, access: Access | undefined): void {
  const responses: Json = isObject(op.responses) ? op.responses : {};
  // Error answers the route declared itself are problem+json too (the one error handler writes them).
  for (const [status, response] of Object.entries(responses)) {
    if (!/^[45]/.test(status) || !isObject(response) || !isObject(response.content)) continue;
    const content = response.content;
    if (content['application/json'] && !content[PROBLEM_MEDIA]) {
      response.content = { [PROBLEM_MEDIA]: content['application/json'] };
    }
  }
  const hasInput = (Array.isArray(op.parameters) && op.parameters.length > 0) || op.requestBody !== undefined;
  const add = (status: string, name: keyof typeof ERROR_RESPONSES) => {
    if (!(status in responses)) responses[status] = ref(name);
  };
  if (hasInput) add('400', 'BadRequest');
  // Any route may meet a bad access token; role-gated ones also a missing or insufficient one.
  add('401', 'Unauthorized');
  if (access !== undefined && access !== 'public') add('403', 'Forbidden');
  if (path.includes('{')) add('404', 'NotFound');
  add('429', 'TooManyRequests');
  add('default', 'ServerError');
  op.responses = responses;
}

/** The summary a route gave, else the first sentence of its description, else its method and URL. */
function summaryFor(op: Json, method: string, path: string): string {
  if (typeof op.summary === 'string' && op.summary.trim()) return op.summary;
  if (typeof op.description === 'string' && op.description.trim()) {
    return op.description.split(/(?<=\.)\s/)[0]!.slice(0, 120);
  }
  return `${method.toUpperCase()} ${path}`;
}

/** Fills in what every operation of the generated document shares (mutates and returns it). */
export function completeDocument(doc: Json): Json {
  const components: Json = isObject(doc.components) ? doc.components : {};
  components.securitySchemes = {
    ...(isObject(components.securitySchemes) ? components.securitySchemes : {}),
    ...SECURITY_SCHEMES,
  };
  components.schemas = {
    ...(isObject(components.schemas) ? components.schemas : {}),
    Problem: PROBLEM_SCHEMA,
  };
  components.responses = {
    ...(isObject(components.responses) ? components.responses : {}),
    ...ERROR_RESPONSES,
  };
  doc.components = components;
  const taken = new Set<string>();
  const paths: Json = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const access = policyFor(method.toUpperCase(), routeUrl(path));
      let id = typeof op.operationId === 'string' ? op.operationId : operationIdFor(method, path);
      for (let n = 2; taken.has(id); n++) id = `${operationIdFor(method, path)}${n}`;
      taken.add(id);
      op.operationId = id;
      op.summary = summaryFor(op, method, path);
      if (op.security === undefined) op.security = securityFor(access, method);
      addErrorResponses(op, path, access);
    }
  }
  return doc;
}
