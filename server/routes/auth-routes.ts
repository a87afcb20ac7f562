// Login, logout and "who am I". The session lives in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS);
// the CSRF token for state-changing requests comes back in the body.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SESSION_HOURS } from '../repositories/sessions-repository.ts';
import { SESSION_COOKIE } from '../plugins/app/auth.ts';
import { actorFromRequest } from '../services/actor.ts';

const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  kelurahan: Type.Array(Type.String()),
  programs: Type.Array(Type.String()),
});
const Session = Type.Object({ user: User, csrfToken: Type.String() });

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const auth = app.services.auth;

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets the session cookie and returns the CSRF token',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Session },
      },
      // Per-IP request limit on top of the failure slow-down by username and address (docs/security.md).
      config: { rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const { token, csrfToken, user } = await auth.login(actorFromRequest(request), username, password);
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return { user, csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: ends this session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await auth.logout(actorFromRequest(request), request.cookies[SESSION_COOKIE]!);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  // Anonymous callers get { user: null } rather than a 401, so a page can ask without logging an error.
  const Me = Type.Object({
    user: Type.Union([User, Type.Null()]),
    csrfToken: Type.Union([Type.String(), Type.Null()]),
  });
  app.get(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: 'The current user, or null', response: { 200: Me } } },
    async (request) => ({
      user: request.user,
      csrfToken: request.sessionCsrf,
    }),
  );
};

export default authRoutes;
