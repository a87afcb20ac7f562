// The answer cache (lib/answer-cache.ts) as a decorator: one LISTEN connection for the app, closed with it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AnswerCache } from '../../lib/answer-cache.ts';

export { AnswerCache };

declare module 'fastify' {
  interface FastifyInstance {
    answerCache: AnswerCache;
  }
}

export default fp(
  async function answerCache(app: FastifyInstance) {
    const connection = (app.knex.client as { config: { connection?: { connectionString?: string } } }).config
      .connection;
    const cache = new AnswerCache(connection?.connectionString, (m) => app.log.warn(m));
    await cache.start();
    app.decorate('answerCache', cache);
    app.addHook('onClose', () => cache.close());
  },
  { name: 'answer-cache', dependencies: ['database'] },
);
