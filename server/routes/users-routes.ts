// User administration (admin only): list, create with role and scopes, disable.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../auth/roles.ts';
import { actorFromRequest } from '../services/actor.ts';

const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  disabled: Type.Boolean(),
  kelurahan: Type.Array(Type.String()),
  programs: Type.Array(Type.String()),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
});

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const users = app.services.users;

  app.get('/api/v1/users', { schema: { tags: ['users'], response: { 200: Type.Array(UserSummary) } } }, () =>
    users.list(),
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[a-z0-9._-]{3,64}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            role: Type.Union(ROLES.map((r) => Type.Literal(r))),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            kelurahan: Type.Optional(
              Type.Array(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$' }), {
                maxItems: 200,
              }),
            ),
            programs: Type.Optional(
              Type.Array(Type.String({ pattern: '^[a-z0-9_]{1,20}$' }), { maxItems: 50 }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) => {
      const id = await users.create(request.body, actorFromRequest(request));
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/v1/users/:id/disable',
    {
      schema: {
        tags: ['users'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await users.disable(request.params.id, actorFromRequest(request));
      return reply.code(204).send(null);
    },
  );
};

export default usersRoutes;
