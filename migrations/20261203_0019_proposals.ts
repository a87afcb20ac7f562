// Proposals and approval, maker–checker (#20 item 1). An operator's new household, change or removal of a kind
// the region's approval policy names is stored here instead of in the registry, and reaches the registry only
// when another user (a Dinsos reviewer) approves it. Each row keeps what it would change and the values it
// replaces (the reviewer's diff), the household version it was based on (a household changed since then makes
// the proposal stale), and the decision. Proposals are per period, like the records they change, so a
// finalized period's proposals are frozen with it.
//
// The policy is one row per region: the kinds that need approval. No row (the default) means none does, which
// is the behaviour before this migration.
import type { Knex } from 'knex';
import { codesOf } from '../server/domain/code-lists.ts';
import { codeColumn, guardPeriodTable, regionColumn } from './helpers.ts';

/** The audit actions as migration 0015 left them; `down` restores this list. */
const ACTIONS_0015 = [
  'read',
  'export',
  'create',
  'update',
  'leave',
  'merge',
  'import',
  'login',
  'login_failed',
  'logout',
  'period_open',
  'period_finalize',
  'admin',
  'denied',
  'boundary_switch',
];

const actionCheck = (actions: readonly string[]) =>
  `alter table audit_log add constraint audit_log_action_check check (action in (${actions
    .map((a) => `'${a}'`)
    .join(', ')}))`;

const list = (codes: readonly string[]) => `array[${codes.map((c) => `'${c}'`).join(', ')}]::text[]`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('proposals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.string('kelurahan_code', 13).notNullable().references('areas.code');
    /** The household changed or removed; null for a new household until it is approved (then its new id). */
    t.uuid('household_id');
    codeColumn(t, 'kind', 'proposalKind').notNullable();
    /** For a change: the field groups it touches (approvalKind codes), which decided that it needs approval. */
    t.specificType('field_groups', 'text[]').notNullable().defaultTo('{}');
    /** What approval applies: the fields' new values (a change), the leave (a removal), the whole form (new). */
    t.jsonb('changes').notNullable();
    /** The values the change replaces, field by field, as they were when it was proposed; null for a new one. */
    t.jsonb('before');
    t.text('reason');
    t.text('evidence_note');
    codeColumn(t, 'status', 'proposalStatus').notNullable().defaultTo('pending');
    t.uuid('proposed_by').notNullable().references('users.id');
    t.timestamp('proposed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('decided_by').references('users.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('decision_reason');
    /** Proposals decided together (or, later, imported together) share a batch id. */
    t.uuid('batch_id');
    /** The household's version when proposed: approval refuses if it has changed since. */
    t.integer('base_version');
    // Households and periods are never deleted but by a demo re-seed, which takes its proposals with it.
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
    t.foreign(['region_code', 'period_code', 'household_id'])
      .references(['region_code', 'period_code', 'id'])
      .inTable('households')
      .onDelete('CASCADE');
    t.index(['region_code', 'period_code', 'status', 'kelurahan_code']);
    t.index(['region_code', 'period_code', 'household_id']);
  });
  await knex.raw(`alter table proposals
    add constraint proposals_field_groups_known check (field_groups <@ ${list(codesOf('approvalKind'))}),
    add constraint proposals_decided check ((status = 'pending') = (decided_at is null)),
    add constraint proposals_household check (kind = 'new_household' or household_id is not null)`);
  await guardPeriodTable(knex, 'proposals');

  await knex.schema.createTable('approval_policies', (t) => {
    regionColumn(t).primary().references('regions.region_code');
    /** The approvalKind codes whose operator changes need a reviewer's approval. */
    t.specificType('requires', 'text[]').notNullable().defaultTo('{}');
    t.uuid('saved_by').references('users.id').onDelete('set null');
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table approval_policies
    add constraint approval_policies_known check (requires <@ ${list(codesOf('approvalKind'))})`);

  await knex.raw('alter table audit_log drop constraint audit_log_action_check');
  await knex.raw(actionCheck([...ACTIONS_0015, 'propose', 'approve', 'reject']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table audit_log drop constraint audit_log_action_check');
  await knex.raw(actionCheck(ACTIONS_0015));
  await knex.schema.dropTable('approval_policies');
  await knex.schema.dropTable('proposals');
}
