// The SQL of verivali progress (#20 item 3), kept apart from the repository that runs it: the latest recorded
// visit of an assignment, and the figures per kelurahan or per RW inside one.

/** The latest recorded (not conflicting) visit of an assignment `a`, as `last`. */
export const LAST_VISIT = `left join lateral (
    select v.outcome, v.visited_at from verification_visits v
    where v.assignment_id = a.id and v.status = 'recorded'
    order by v.visited_at desc, v.recorded_at desc limit 1
  ) last on true`;

/**
 * Per kelurahan (or per RW when `byRw`): active households, assignments, visited, verified (the latest recorded
 * visit confirmed or corrected the record) and overdue (open past its due date on :today). Every area with
 * active households or assignments is a row. Binds :r, :p, :kels (text[] or null), :one (the RW level's
 * kelurahan, or null) and :today.
 */
export function progressSql(byRw: boolean): string {
  // An assignment counts where its household lives now (RW), or in the kelurahan it was assigned in.
  const work = byRw ? `coalesce(h.rw::text, '')` : 'a.kelurahan_code';
  const homes = byRw ? `coalesce(h.rw::text, '')` : 'h.kelurahan_code';
  // RWs in number order (as text 10 would come before 2), the one not recorded last.
  const order = byRw ? `nullif(code, '')::int nulls last` : 'code';
  return `with work as (
      select ${work} as code, count(*)::int as assigned,
             count(*) filter (where a.status = 'visited')::int as visited,
             count(*) filter (where last.outcome in ('verified', 'changed'))::int as verified,
             count(*) filter (where a.status = 'open' and a.due_date < :today::date)::int as overdue
      from verification_assignments a
      join households h on h.region_code = a.region_code and h.period_code = a.period_code
        and h.id = a.household_id
      ${LAST_VISIT}
      where a.region_code = :r and a.period_code = :p and a.status <> 'cancelled'
        and (:kels::text[] is null or a.kelurahan_code = any(:kels::text[]))
        and (:one::text is null or a.kelurahan_code = :one::text)
      group by 1
    ), homes as (
      select ${homes} as code, count(*)::int as households
      from households h
      where h.region_code = :r and h.period_code = :p and h.status = 'active'
        and (:kels::text[] is null or h.kelurahan_code = any(:kels::text[]))
        and (:one::text is null or h.kelurahan_code = :one::text)
      group by 1
    )
    select * from (
      select coalesce(work.code, homes.code) as code, coalesce(homes.households, 0) as households,
             coalesce(work.assigned, 0) as assigned, coalesce(work.visited, 0) as visited,
             coalesce(work.verified, 0) as verified, coalesce(work.overdue, 0) as overdue
      from work full join homes on homes.code = work.code
    ) figures
    order by ${order}`;
}
