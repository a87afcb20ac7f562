// Who is calling, and may they: the session cookie resolves to a user; the access policy (one table,
// server/auth/access-policy.ts) is enforced for every route before its handler runs; state-changing requests
// of a logged-in user must carry the session's CSRF token. A route without a policy entry stops the boot.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import { allows, isPersonLevel, needsPolicy, policyFor } from '../../auth/access-policy.ts';
import { tokenDigest } from '../../auth/passwords.ts';
import type { SessionUser } from '../../auth/roles.ts';
import { problem, type HttpProblem } from '../../lib/problem.ts';
import { actorFromRequest, auditBy } from '../../services/actor.ts';

export const SESSION_COOKIE = 'sidaksos_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionCsrf: string | null;
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
    const { sessions, users, audit } = app.repos;

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

    async function resolveUser(request: FastifyRequest): Promise<void> {
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
      await resolveUser(request);
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const access = policyFor(method, url)!;
      if (!allows(access, request.user?.role)) {
        throw await refused(
          request,
          request.user
            ? problem(403, 'forbidden', 'auth.forbidden', { role: request.user.role, method, url })
            : problem(401, 'unauthenticated', 'auth.loginRequired', { method, url }),
        );
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
