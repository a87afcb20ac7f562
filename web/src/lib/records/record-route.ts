// The records screen's place in the URL (router.param after `#records/`): a record's id (`#records/<id>`, one
// URL per record, shared and reloaded as is), or a search as `q=…&kelurahan=…&rw=…`, so "back to results" and
// a reload of the results find the same households again. Framework-free and unit-testable.

/** What the operator searched for: the text, and optionally one kelurahan (its code) and one RW. */
export interface SearchQuery {
  q: string;
  kelurahan: string;
  rw: string;
}

export type RecordsPlace = { kind: 'record'; id: string } | { kind: 'search'; query: SearchQuery };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const emptyQuery = (): SearchQuery => ({ q: '', kelurahan: '', rw: '' });

export function parseRecordsParam(param: string): RecordsPlace {
  if (UUID.test(param)) return { kind: 'record', id: param };
  const p = new URLSearchParams(param);
  return {
    kind: 'search',
    query: { q: p.get('q') ?? '', kelurahan: p.get('kelurahan') ?? '', rw: p.get('rw') ?? '' },
  };
}

/** The param of a search (empty parts left out); '' for no search. */
export function searchParam(query: SearchQuery): string {
  const p = new URLSearchParams();
  if (query.q.trim()) p.set('q', query.q.trim());
  if (query.kelurahan) p.set('kelurahan', query.kelurahan);
  if (query.rw.trim()) p.set('rw', query.rw.trim());
  return p.toString();
}

/** The API's search URL for a query. */
export function searchUrl(query: SearchQuery): string {
  const p = new URLSearchParams({ q: query.q.trim() });
  if (query.kelurahan) p.set('kelurahan', query.kelurahan);
  if (query.rw.trim()) p.set('rw', query.rw.trim());
  return `/api/v1/households?${p.toString()}`;
}
