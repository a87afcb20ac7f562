// Personal access tokens over HTTP: a user's own (list, create — the secret answered once — and revoke) and
// the admins' view of everyone's. Changes need a signed-in session; the auth plugin refuses them with a token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorFromRequest } from '../services/actor.ts';
import { AccessTokenSummary, CreatedAccessToken, IdParams, NewAccessToken } from '../schemas/index.ts';

const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tokens = app.services.accessTokens;
  const list = { tags: ['tokens'], response: { 200: Type.Array(AccessTokenSummary) } };

  app.get('/api/v1/tokens', { schema: { ...list, summary: 'Your access tokens' } }, (request) =>
    tokens.list(actorFromRequest(request)),
  );

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an access token (read-only, expiring); the secret is in this answer only',
        body: NewAccessToken,
        response: { 201: CreatedAccessToken },
      },
    },
    async (request, reply) => {
      const created = await tokens.create(actorFromRequest(request), request.body);
      // The secret is in this answer only: no cache may keep it.
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    { schema: { tags: ['tokens'], summary: 'Revoke one of your access tokens', params: IdParams } },
    async (request, reply) => {
      await tokens.revoke(actorFromRequest(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get('/api/v1/admin/tokens', { schema: { ...list, summary: "Every user's access tokens" } }, () =>
    tokens.listAll(),
  );

  app.delete(
    '/api/v1/admin/tokens/:id',
    { schema: { tags: ['tokens'], summary: "Revoke anyone's access token", params: IdParams } },
    async (request, reply) => {
      await tokens.revoke(actorFromRequest(request), request.params.id, true);
      return reply.code(204).send();
    },
  );
};

export default tokensRoutes;
