// Checks of what a households import would change about households already stored, run as SQL on the staging
// table inside the import's transaction (see household-import-repository.ts). An import must say when it moves a
// stored household to another kelurahan, replaces its head, or leaves it with no head, two heads or a child older
// than its head — naming both values. Per case (docs/import-template.md):
// - a move is refused unless the import allows moves (a wrong kode_kelurahan must not silently move a family
//   out of its operator's sight); when allowed it is a warning;
// - two heads are refused unless allowed (the registry, the KK card and every program assume one head);
// - a replaced head, no head, and a child older than the head are warnings (deaths, divorces and data-entry
//   order make them real, but someone should look).
// The household that results is the stored members the file does not mention plus the file's rows.
import type { Knex } from 'knex';
import type { RejectRow } from './import-jobs-repository.ts';

const mask = (col: string) => `left(${col}, 4) || '••••••••' || right(${col}, 4)`;

export interface StructureOptions {
  allowMoves?: boolean;
  allowTwoHeads?: boolean;
}

export async function structureChecks(
  trx: Knex.Transaction,
  regionCode: string,
  periodCode: string,
  opts: StructureOptions,
): Promise<RejectRow[]> {
  const b = [regionCode, periodCode];
  const out: RejectRow[] = [];
  const run = async (sql: string, bindings: unknown[] = []) => {
    const { rows } = await trx.raw<{ rows: RejectRow[] }>(sql, bindings as Knex.RawBinding[]);
    out.push(...rows);
  };

  // Moves: a KK stored in one kelurahan that the file puts in another. Refused on every row of the KK, or one
  // warning on its first row.
  const moved = `select distinct on (s.kk) s.kk, s.row_number, h.kelurahan_code stored_kel, s.kelurahan_code file_kel,
                        coalesce(a.name, '-') stored_name, coalesce(f.name, '-') file_name
                 from import_stage s
                 join households h on h.region_code = ? and h.period_code = ? and h.kk = s.kk
                 left join areas a on a.code = h.kelurahan_code
                 left join areas f on f.code = s.kelurahan_code
                 where not s.rejected and h.kelurahan_code <> s.kelurahan_code
                 order by s.kk, s.row_number`;
  const moveText = `'KK ' || ${mask('m.kk')} || ' is stored in kelurahan ' || m.stored_name || ' (' || m.stored_kel || ')'
                    || ', the file puts it in ' || m.file_name || ' (' || m.file_kel || ')'`;
  if (opts.allowMoves)
    await run(
      `with m as (${moved})
       select m.row_number, 'kode_kelurahan' column_name, m.file_kel value,
              ${moveText} || ': moved, as allowed' reason, 'warning' severity
       from m`,
      b,
    );
  else
    await run(
      `with m as (${moved})
       update import_stage s set rejected = true from m
       where s.kk = m.kk and not s.rejected
       returning s.row_number, 'kode_kelurahan' column_name, s.kelurahan_code value,
         ${moveText} || ': refused; if the family really moved, import again allowing moves (allowMoves=true, or --allow-moves)' reason,
         'error' severity`,
      b,
    );

  // The households as they will be: the file's rows plus the stored active members the file does not name.
  await trx.raw(
    `create temp table import_result on commit drop as
     with f as (select kk, nik, name, relation, birth_date, row_number from import_stage where not rejected)
     select kk, nik, name, relation, birth_date, row_number, false stored from f
     union all
     select h.kk, m.nik, m.name, m.relation, m.birth_date, null, true
     from households h
     join members m on m.region_code = h.region_code and m.period_code = h.period_code and m.household_id = h.id
     where h.region_code = ? and h.period_code = ? and m.status = 'active' and h.kk in (select kk from f)
       and not exists (select 1 from f where f.kk = h.kk and f.nik = m.nik)`,
    b,
  );
  // Fresh statistics, so the joins below are planned as hash joins at 500,000 rows too.
  await trx.raw('analyze import_result');
  const who = (t: string) =>
    `${mask(`${t}.nik`)} || ' ' || ${t}.name || case when ${t}.stored then ' (stored)' else ' (row ' || ${t}.row_number || ')' end`;
  const heads = `select kk, count(*) n, string_agg(${who('r')}, ' and ' order by r.stored desc, r.row_number) names
                 from import_result r where relation = 'kepala_keluarga' group by kk`;
  // The row a household-level finding is written on: the file's first row of that KK.
  const firstRow = `select kk, min(row_number) row_number from import_result where not stored group by kk`;

  // Two heads.
  if (opts.allowTwoHeads)
    await run(
      `with h as (${heads}), f as (${firstRow})
       select f.row_number, 'hubungan' column_name, 'kepala_keluarga' value,
              'KK ' || ${mask('h.kk')} || ' has ' || h.n || ' heads: ' || h.names || '; stored, as allowed' reason,
              'warning' severity
       from h join f on f.kk = h.kk where h.n > 1`,
    );
  else
    await run(
      `with h as (${heads})
       update import_stage s set rejected = true from h
       where h.kk = s.kk and h.n > 1 and not s.rejected
       returning s.row_number, 'hubungan' column_name, s.relation value,
         'KK ' || ${mask('h.kk')} || ' would have ' || h.n || ' heads: ' || h.names
           || '; refused: give the old head another hubungan in the file, or import again allowing two heads (allowTwoHeads=true, or --allow-two-heads)' reason,
         'error' severity`,
    );
  // Rows just refused no longer count for the warnings below.
  await trx.raw(
    `delete from import_result r using import_stage s where not r.stored and s.row_number = r.row_number and s.rejected`,
  );
  await trx.raw(`delete from import_result r where r.stored and not exists
                   (select 1 from import_result f where not f.stored and f.kk = r.kk)`);

  // A head replaced: the stored head is no longer head, another member is.
  await run(
    `with old as (
       select h.kk, ${mask('m.nik')} || ' ' || m.name who, m.nik
       from households h
       join members m on m.region_code = h.region_code and m.period_code = h.period_code and m.household_id = h.id
       where h.region_code = ? and h.period_code = ? and m.status = 'active' and m.relation = 'kepala_keluarga'
         and h.kk in (select kk from import_result where not stored)
     )
     select r.row_number, 'hubungan' column_name, r.relation value,
            'replaces the head of KK ' || ${mask('r.kk')} || ': ' || old.who || ' (stored) → ' || ${who('r')} reason,
            'warning' severity
     from import_result r join old on old.kk = r.kk
     where not r.stored and r.relation = 'kepala_keluarga' and r.nik <> old.nik
       and not exists (select 1 from import_result x where x.kk = r.kk and x.nik = old.nik and x.relation = 'kepala_keluarga')`,
    b,
  );
  // No head at all.
  await run(
    `with f as (${firstRow})
     select f.row_number, 'hubungan' column_name, null value,
            'KK ' || ${mask('f.kk')} || ' has no head (no member with hubungan kepala_keluarga) after this import; stored, check it' reason,
            'warning' severity
     from f where not exists (select 1 from import_result r where r.kk = f.kk and r.relation = 'kepala_keluarga')`,
  );
  // A child or grandchild older than the (one) head.
  await run(
    `with h as (select kk, min(birth_date) born, min(${who('r')}) who from import_result r
                where relation = 'kepala_keluarga' group by kk having count(*) = 1),
          f as (${firstRow})
     select coalesce(c.row_number, f.row_number) row_number, 'tanggal_lahir' column_name, c.birth_date::text value,
            'the ' || case c.relation when 'anak' then 'child' else 'grandchild' end || ' ' || ${who('c')}
              || ', born ' || c.birth_date || ', is older than the head ' || h.who || ', born ' || h.born
              || '; stored, check the dates and hubungan' reason,
            'warning' severity
     from import_result c join h on h.kk = c.kk join f on f.kk = c.kk
     where c.relation in ('anak', 'cucu') and c.birth_date < h.born`,
  );
  return out;
}
