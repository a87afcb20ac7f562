// Audit rows say which door an action came in by (API, CLI or the system), so a CLI import is attributed to
// the OS user who ran it; two new actions: a denied attempt on a person-level route, and a boundary switch.
import type { Knex } from 'knex';
import { codesOf } from '../server/domain/code-lists.ts';

const ACTIONS_0004 = [
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
];

const check = (actions: readonly string[]) =>
  `alter table audit_log add constraint audit_log_action_check check (action in (${actions
    .map((a) => `'${a}'`)
    .join(', ')}))`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table audit_log add column via text not null default 'api'
    constraint audit_log_via_check check (via in ('api', 'cli', 'system'))`);
  await knex.raw('alter table audit_log drop constraint audit_log_action_check');
  await knex.raw(check(codesOf('auditAction')));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table audit_log drop constraint audit_log_action_check');
  await knex.raw(check(ACTIONS_0004));
  await knex.raw('alter table audit_log drop column via');
}
