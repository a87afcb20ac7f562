// The app's repositories and services, built once (services/container.ts) and decorated onto the app: routes
// take `app.services.…` and never construct a repository or touch SQL themselves.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Repositories } from '../../repositories/index.ts';
import { createServices, type Services } from '../../services/container.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** The repositories over the pool (services.db.repos), for the few plugins that read before any route. */
    repos: Repositories;
  }
}

export default fp(
  async function repositories(app: FastifyInstance) {
    const services = createServices({ knex: app.knex, config: app.config, cache: app.answerCache });
    app.decorate('services', services);
    app.decorate('repos', services.db.repos);
  },
  { name: 'repositories', dependencies: ['database', 'answer-cache'] },
);
