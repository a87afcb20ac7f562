// Personal access tokens for tools (QGIS, scripts): read-only, expiring, each acting with its owner's role and
// scope. Only a sha-256 digest of the secret is stored (like sessions), plus a short prefix to tell tokens
// apart on screen. Tokens are revoked, never deleted, so an audit row's token id always names a known token.
// audit_log.token_id says which token a request came with (no foreign key: the log outlives everything).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('access_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.string('token_hash', 64).notNullable().unique(); // sha256 hex of the secret
    t.string('prefix', 16).notNullable(); // e.g. 'sdk_ab12cd' for display
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.uuid('revoked_by').references('users.id').onDelete('SET NULL');
    t.index(['user_id']);
  });
  await knex.raw(`alter table access_tokens add constraint access_tokens_name_check
    check (char_length(name) between 1 and 80)`);
  await knex.raw(`alter table access_tokens add constraint access_tokens_expiry_check
    check (expires_at > created_at and expires_at <= created_at + interval '366 days')`);
  await knex.schema.alterTable('audit_log', (t) => {
    t.uuid('token_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('token_id');
  });
  await knex.schema.dropTable('access_tokens');
}
