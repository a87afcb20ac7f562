// The features that eligibility rules speak about, as two views: one row per household and one per active
// member, per period. Rules compile to predicates over these (server/domain/rule-compiler.ts), so coverage
// gaps, target lists, the site recommender and what-if all read the same definitions.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Ages are taken at the end of the period's month (the snapshot's reference date).
  await knex.raw(`
    create view member_features as
    select m.region_code, m.period_code, m.household_id, m.id, m.sex,
           date_part('year', age((to_date(m.period_code, 'YYYY-MM') + interval '1 month - 1 day')::date, m.birth_date))::int as age,
           coalesce(array_agg(d.disability_type::text) filter (where d.member_id is not null), '{}') as disability_types,
           coalesce(array_agg(d.severity::text) filter (where d.member_id is not null), '{}') as disability_severities,
           bool_or(d.member_id is not null) is true as has_disability
    from members m
    left join member_disabilities d on d.region_code = m.region_code and d.period_code = m.period_code and d.member_id = m.id
    where m.status = 'active' and m.died_on is null
    group by m.region_code, m.period_code, m.household_id, m.id, m.sex, m.birth_date`);
  await knex.raw(`
    create view household_features as
    select h.region_code, h.period_code, h.id, h.kelurahan_code, h.status, h.desil, h.unfit_house, h.lighting,
           coalesce(c.members, 0) as members,
           case when coalesce(c.members, 0) > 0 then h.floor_area_m2 / c.members end as floor_area_per_person
    from households h
    left join lateral (
      select count(*)::int as members from members m
      where m.region_code = h.region_code and m.period_code = h.period_code and m.household_id = h.id
        and m.status = 'active' and m.died_on is null
    ) c on true`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop view household_features');
  await knex.raw('drop view member_features');
}
