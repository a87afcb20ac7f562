// Users, roles and scopes, sessions, and the append-only audit log (which also holds field-level change
// history: who, when, what, before/after, why).
import type { Knex } from 'knex';
import { codeColumn, regionColumn } from './helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t).references('regions.region_code');
    t.string('username', 64).notNullable().unique().checkRegex('^[a-z0-9._-]{3,64}$');
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable(); // argon2id encoded string
    codeColumn(t, 'role', 'role').notNullable();
    t.boolean('disabled').notNullable().defaultTo(false);
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Scopes narrow a role: an operator to kelurahan, OPD staff to programs. Codes are checked by the service.
  await knex.schema.createTable('user_scopes', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    codeColumn(t, 'scope_type', 'scopeType').notNullable();
    t.string('scope_code', 20).notNullable();
    t.primary(['user_id', 'scope_type', 'scope_code']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('token_hash', 64).primary(); // sha256 of the cookie value; the token itself is never stored
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    regionColumn(t);
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('user_id');
    t.string('username', 64);
    codeColumn(t, 'role', 'role');
    codeColumn(t, 'action', 'auditAction').notNullable();
    t.string('entity', 40).notNullable(); // e.g. household, member, export, user
    t.specificType('entity_ids', 'text[]').notNullable().defaultTo('{}');
    t.string('period_code', 7);
    t.jsonb('changes'); // {field: [before, after]} for changes; query parameters for reads and exports
    t.text('reason');
    t.specificType('ip', 'inet');
    t.string('request_id', 64);
    t.index(['region_code', 'at']);
    t.index(['entity', 'at']);
  });
  await knex.raw(`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
    end $$`);
  await knex.raw(`create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only()`);
  await knex.raw(`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
  await knex.raw('drop function audit_log_append_only()');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('user_scopes');
  await knex.schema.dropTable('users');
}
