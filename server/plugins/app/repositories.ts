// One repository per aggregate, created once and decorated onto the app; routes never touch SQL directly.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RegionsRepository } from '../../repositories/regions-repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    repos: { regions: RegionsRepository };
  }
}

export default fp(
  async function repositories(app: FastifyInstance) {
    app.decorate('repos', { regions: new RegionsRepository(app.knex) });
  },
  { name: 'repositories', dependencies: ['database'] },
);
