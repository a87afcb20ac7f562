// The kelurahan a caller may work in or read below: one of the region's, and inside an operator's scope. Asked
// for another, the caller gets a 404, as for a record it may not see (it learns nothing about the area).
import { notFoundT } from '../lib/problem.ts';
import { scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';

export async function kelurahanInScope(
  db: Db,
  actor: Actor,
  code: string,
): Promise<{ code: string; name: string }> {
  const area = await db.repos.regions.area(code);
  const scope = scopeOf(actor).kelurahan;
  if (
    !area ||
    area.level !== 'kelurahan' ||
    !code.startsWith(`${actor.regionCode}.`) ||
    (scope !== undefined && !scope.includes(code))
  )
    throw notFoundT('notFound.area', { code });
  return { code: area.code, name: area.name };
}
