// Verivali field work (#20 item 3). A new role, the field verifier (pendamping, enumerator), is assigned
// households to visit by a due date; each visit's outcome is recorded with the phone's time and the verifier. A
// visit made against an older version of the record than the registry now holds is kept as a conflict (never
// applied); a `changed` visit becomes a proposal for Dinsos review (proposals, migration 0019). Both tables are
// per period and guarded like the registry, so a finalized period's field work is frozen with it.
//
// The role code list gains `verifier`: the CHECK constraints of users.role and audit_log.role were built from
// the list when migration 0004 ran, so they are replaced here (and restored by `down`).
import type { Knex } from 'knex';
import { codeColumn, guardPeriodTable, regionColumn } from './helpers.ts';

/** The roles as migration 0004 wrote them into the role checks; `down` restores this list. */
const ROLES_0004 = ['admin', 'planner', 'opd', 'operator'];

const roleCheck = (table: string, roles: readonly string[], validate: boolean) =>
  `alter table ${table} add constraint ${table}_role_check check (role in (${roles
    .map((r) => `'${r}'`)
    .join(', ')}))${validate ? '' : ' not valid'}`;

async function replaceRoleChecks(knex: Knex, roles: readonly string[], validate: boolean): Promise<void> {
  for (const table of ['users', 'audit_log']) {
    await knex.raw(`alter table ${table} drop constraint ${table}_role_check`);
    await knex.raw(roleCheck(table, roles, validate));
  }
}

export async function up(knex: Knex): Promise<void> {
  await replaceRoleChecks(knex, [...ROLES_0004, 'verifier'], true);

  await knex.schema.createTable('verification_assignments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.uuid('household_id').notNullable();
    /** The household's kelurahan when assigned: progress and an operator's scope are read by it. */
    t.string('kelurahan_code', 13).notNullable().references('areas.code');
    t.uuid('verifier_id').notNullable().references('users.id');
    t.uuid('assigned_by').notNullable().references('users.id');
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.date('due_date').notNullable();
    codeColumn(t, 'status', 'assignmentStatus').notNullable().defaultTo('open');
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
    t.foreign(['region_code', 'period_code', 'household_id'])
      .references(['region_code', 'period_code', 'id'])
      .inTable('households')
      .onDelete('CASCADE');
    t.index(['region_code', 'period_code', 'verifier_id']);
    t.index(['region_code', 'period_code', 'kelurahan_code']);
  });
  // One open assignment per household and period: assigning it again moves it to the new verifier.
  await knex.raw(`create unique index verification_assignments_one_open
    on verification_assignments (region_code, period_code, household_id) where status = 'open'`);
  await guardPeriodTable(knex, 'verification_assignments');

  await knex.schema.createTable('verification_visits', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.uuid('assignment_id').notNullable().references('verification_assignments.id').onDelete('CASCADE');
    t.uuid('household_id').notNullable();
    t.uuid('verifier_id').notNullable().references('users.id');
    /** Made by the phone when the visit is recorded: a resent offline queue is answered, not recorded twice. */
    t.uuid('client_id').notNullable();
    codeColumn(t, 'outcome', 'visitOutcome').notNullable();
    /** When the verifier was at the house, as the phone's clock said (it may be sent hours later). */
    t.timestamp('visited_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('note');
    /** For `changed`: the household fields as the verifier found them (the household edit's field names). */
    t.jsonb('changes');
    /** The household version the phone's form was filled from. */
    t.integer('base_version').notNullable();
    /** The household version when the visit reached the server (differs from base_version for a conflict). */
    t.integer('current_version').notNullable();
    codeColumn(t, 'status', 'visitStatus').notNullable();
    /** The change or removal proposal a visit became (reviewed like any other). */
    t.uuid('proposal_id').references('proposals.id').onDelete('set null');
    t.unique(['verifier_id', 'client_id']);
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
    t.foreign(['region_code', 'period_code', 'household_id'])
      .references(['region_code', 'period_code', 'id'])
      .inTable('households')
      .onDelete('CASCADE');
    t.index(['assignment_id']);
  });
  await knex.raw(`alter table verification_visits
    add constraint verification_visits_conflict check ((status = 'conflict') = (base_version <> current_version)),
    add constraint verification_visits_changes check ((outcome = 'changed') = (changes is not null))`);
  await guardPeriodTable(knex, 'verification_visits');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('verification_visits');
  await knex.schema.dropTable('verification_assignments');
  // The audit log is append-only and may hold verifiers' rows: the old checks bind new rows only (NOT VALID).
  await replaceRoleChecks(knex, ROLES_0004, false);
}
