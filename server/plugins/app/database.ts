// The knex instance as a decorator. The process owns its lifecycle (created in main or a test), so the app
// does not destroy it on close; tests share one pool across many app instances.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Knex } from 'knex';

declare module 'fastify' {
  interface FastifyInstance {
    knex: Knex;
  }
}

export default fp(
  async function database(app: FastifyInstance, opts: { knex: Knex }) {
    app.decorate('knex', opts.knex);
  },
  { name: 'database' },
);
