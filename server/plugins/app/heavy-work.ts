// The one HeavyWork gate of the app, shared by every route that runs an analysis or evaluates a rule, so
// "one heavy analysis per user at a time" holds across routes (a what-if and a site recommendation count
// as two) and every such query shares the same statement timeout and work_mem.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HeavyWork } from '../../lib/heavy-work.ts';

declare module 'fastify' {
  interface FastifyInstance {
    heavyWork: HeavyWork;
  }
}

export default fp(
  async function heavyWork(app: FastifyInstance) {
    app.decorate(
      'heavyWork',
      new HeavyWork(app.knex, {
        statementTimeoutMs: app.config.analysisStatementTimeoutMs,
        workMem: app.config.analysisWorkMem,
      }),
    );
  },
  { name: 'heavy-work', dependencies: ['database'] },
);
