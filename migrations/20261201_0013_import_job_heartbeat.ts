// A running import job says it is alive: its process writes heartbeat_at every few seconds, and a start-up
// sweep ends jobs whose heartbeat stopped (their process died or lost the database) as failed, "interrupted",
// instead of leaving them `running` for ever.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_jobs', (t) => {
    t.timestamp('heartbeat_at', { useTz: true });
  });
  // The sweep reads only unfinished jobs.
  await knex.raw(
    `create index import_jobs_unfinished on import_jobs (status) where status in ('queued', 'running')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index import_jobs_unfinished');
  await knex.schema.alterTable('import_jobs', (t) => t.dropColumn('heartbeat_at'));
}
