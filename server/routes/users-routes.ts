// User administration (admin only): list, create with role and scopes, disable and enable, and a password
// reset that answers a generated password once.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorFromRequest } from '../services/actor.ts';
import { CreatedUser, GeneratedPassword, IdParams, NewUser, UserSummary } from '../schemas/index.ts';

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const users = app.services.users;

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'All users with their roles and scopes',
        response: { 200: Type.Array(UserSummary) },
      },
    },
    () => users.list(),
  );

  app.post(
    '/api/v1/users',
    { schema: { tags: ['users'], summary: 'Create a user', body: NewUser, response: { 201: CreatedUser } } },
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
        summary: 'Disable a user (their sessions end)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await users.disable(request.params.id, actorFromRequest(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/enable',
    {
      schema: {
        tags: ['users'],
        summary: 'Enable a disabled user',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await users.enable(request.params.id, actorFromRequest(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/password',
    {
      schema: {
        tags: ['users'],
        summary: 'Reset the password to a generated one, answered once',
        params: IdParams,
        response: { 200: GeneratedPassword },
      },
    },
    async (request, reply) => {
      // The password is in this answer only: no cache may keep it.
      void reply.header('cache-control', 'no-store');
      return users.resetPasswordById(request.params.id, actorFromRequest(request));
    },
  );
};

export default usersRoutes;
