// Who is calling, and may they: the session cookie resolves to a user; the access policy (one table,
// server/auth/access-policy.ts) is enforced for every route before its handler runs; state-changing requests
// of a logged-in user must carry the session's CSRF token. A route without a policy entry stops the boot.
// Tools (QGIS, scripts) may instead send a personal access token in the Authorization header (Bearer, or Basic
// with the owner's username and the token as password): the same user, role and scope, read-only, and their
// audit rows carry the token's id. A token in the URL is refused (URLs end up in logs and histories).
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import { allows, isPersonLevel, needsPolicy, policyFor } from '../../auth/access-policy.ts';
import { readAuthorization, TOKEN_REALM, tokenInQuery } from '../../auth/access-tokens.ts';
import { tokenDigest } from '../../auth/passwords.ts';
import type { SessionUser } from '../../auth/roles.ts';
import type { MessageKey, MessageParams } from '../../i18n/translate.ts';
import { HttpProblem, problem } from '../../lib/problem.ts';
import { actorFromRequest, auditBy } from '../../services/actor.ts';

export const SESSION_COOKIE = 'sidaksos_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionCsrf: string | null;
    /** The personal access token the request came with (its id); null for a session or the public. */
    tokenId: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export default fp(
  async function auth(app: FastifyInstance) {
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('sessionCsrf', null);
    app.decorateRequest('tokenId', null);
    const { sessions, users, audit, accessTokens } = app.repos;

    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        const m = method === 'HEAD' ? 'GET' : method;
        if (needsPolicy(route.url) && !policyFor(m, route.url)) {
          throw new Error(
            `Route ${m} ${route.url} has no entry in ACCESS_POLICY (server/auth/access-policy.ts).`,
          );
        }
      }
    });

    /** A refused token: 401 with the challenge of the scheme it came by, so a client knows what to send. */
    const tokenRefused = (
      scheme: 'bearer' | 'basic' | 'other',
      key: MessageKey,
      params: MessageParams = {},
    ) =>
      problem(401, 'invalid-token', key, params).withHeaders({
        'www-authenticate':
          scheme === 'basic'
            ? `Basic realm="${TOKEN_REALM}", charset="UTF-8"`
            : `Bearer realm="${TOKEN_REALM}", error="invalid_token"`,
      });

    /** The Authorization header's token, resolved to its owner; a token that does not work is refused. */
    async function resolveToken(request: FastifyRequest): Promise<boolean> {
      const presented = readAuthorization(request.headers.authorization);
      if (!presented) return false;
      if ('malformed' in presented) throw tokenRefused(presented.scheme, 'auth.tokenMalformed');
      const found = await accessTokens.find(tokenDigest(presented.token));
      if (!found) throw tokenRefused(presented.scheme, 'auth.tokenUnknown');
      if (found.state !== 'ok') throw tokenRefused(presented.scheme, `auth.token.${found.state}`);
      if (presented.username !== undefined && presented.username.toLowerCase() !== found.username) {
        throw tokenRefused(presented.scheme, 'auth.tokenUserMismatch');
      }
      const user = await users.sessionUser(found.userId);
      if (!user) throw tokenRefused(presented.scheme, 'auth.tokenOwnerDisabled');
      if (found.stale) await accessTokens.touch(found.id); // at most about once a minute per token
      request.user = user;
      request.tokenId = found.id;
      return true;
    }

    async function resolveUser(request: FastifyRequest): Promise<void> {
      if (await resolveToken(request)) return;
      const token = request.cookies[SESSION_COOKIE];
      if (!token || token.length > 200) return;
      const session = await sessions.find(tokenDigest(token));
      if (!session) return;
      const user = await users.sessionUser(session.userId);
      if (!user) return; // disabled since login
      request.user = user;
      request.sessionCsrf = session.csrfToken;
    }

    /**
     * A refused attempt on a person-level route is itself worth knowing about (someone probing for records):
     * it is audited before the refusal is answered. The row names the route, never the parameters' values.
     */
    async function refused(request: FastifyRequest, answer: HttpProblem): Promise<HttpProblem> {
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const url = request.routeOptions.url!;
      if (isPersonLevel(method, url)) {
        await audit.append({
          ...auditBy(actorFromRequest(request)),
          action: 'denied',
          entity: 'route',
          entityIds: [`${method} ${url}`],
          changes: { status: answer.status, problem: answer.slug },
        });
      }
      return answer;
    }

    app.addHook('onRequest', async (request) => {
      const url = request.routeOptions.url;
      if (!url || !needsPolicy(url)) return; // 404s, docs and static files
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const inQuery = tokenInQuery(request.url);
      // `!== undefined`: a token under an empty parameter name (`?=sdk_…`) is named '' — still refused.
      if (inQuery !== undefined) {
        throw await refused(request, problem(400, 'token-in-url', 'auth.tokenInUrl', { parameter: inQuery }));
      }
      try {
        await resolveUser(request);
      } catch (err) {
        throw err instanceof HttpProblem ? await refused(request, err) : err;
      }
      const access = policyFor(method, url)!;
      if (!allows(access, request.user?.role)) {
        throw await refused(
          request,
          request.user
            ? problem(403, 'forbidden', 'auth.forbidden', { role: request.user.role, method, url })
            : problem(401, 'unauthenticated', 'auth.loginRequired', { method, url }),
        );
      }
      if (request.tokenId && UNSAFE.has(method)) {
        throw await refused(request, problem(403, 'token-read-only', 'auth.tokenReadOnly', { method, url }));
      }
      if (request.user && UNSAFE.has(method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !request.sessionCsrf || !sameToken(sent, request.sessionCsrf)) {
          throw await refused(request, problem(403, 'csrf', 'auth.csrf', { header: CSRF_HEADER }));
        }
      }
    });
  },
  { name: 'auth', dependencies: ['database', 'repositories'] },
);
