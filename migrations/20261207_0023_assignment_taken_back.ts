// An assignment taken back keeps its row, as `cancelled` (#20 item 3). Deleting it lost field work: a visit
// recorded on the verifier's phone before the phone heard of the take-back was refused when it was sent (its
// assignment gone) and dropped from the phone's queue. Kept, such a late visit is recorded as any other — the
// household was visited — and a cancelled assignment is otherwise out of every list and figure.
import type { Knex } from 'knex';

const check = (codes: readonly string[]) =>
  `alter table verification_assignments add constraint verification_assignments_status_check
   check (status in (${codes.map((c) => `'${c}'`).join(', ')}))`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'alter table verification_assignments drop constraint verification_assignments_status_check',
  );
  await knex.raw(check(['open', 'visited', 'cancelled']));
}

export async function down(knex: Knex): Promise<void> {
  // Before this migration a take-back deleted the row and a late visit was refused: a cancelled one that a late
  // visit reached counts as visited, the others go (with a conflict visit on one, lost on a downgrade). Rows of
  // a finalized period cannot change (its guard refuses): such a database cannot go below this migration.
  await knex.raw(`update verification_assignments a set status = 'visited' where status = 'cancelled'
    and exists (select 1 from verification_visits v where v.assignment_id = a.id and v.status = 'recorded')`);
  await knex('verification_assignments').where({ status: 'cancelled' }).delete();
  await knex.raw(
    'alter table verification_assignments drop constraint verification_assignments_status_check',
  );
  await knex.raw(check(['open', 'visited']));
}
