// Login slow-down counters: one row per username ('user:…', known or not, so an unknown name behaves like a
// known one) and per client address ('ip:…'). An attempt reserves a failure here before its password is
// checked; the window is fixed (it does not grow while refused attempts continue), so nobody can keep an
// account shut for longer than the window by hammering it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttles', (t) => {
    t.text('key').primary();
    t.integer('failures').notNullable();
    t.timestamp('window_ends', { useTz: true }).notNullable();
    /** Set when the attempts in this window reached the limit: until then further attempts are refused. */
    t.timestamp('refused_until', { useTz: true });
    t.index(['window_ends']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttles');
}
