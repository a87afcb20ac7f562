// The kelurahan the search may be narrowed to, by name (never by code): the region's kelurahan from the same
// boundary file the map loads (one request, cached by the browser), limited to the user's own kelurahan when
// their role is scoped to some. The API applies the scope anyway; this only keeps the list honest.
import { fetchAreas } from '../api';

export interface KelurahanOption {
  code: string;
  name: string;
  kecamatan: string | null;
}

let names: Promise<KelurahanOption[]> | undefined;

/** All kelurahan of the region, by name; loaded once per session (a failed load is tried again). */
function allKelurahan(): Promise<KelurahanOption[]> {
  names ??= fetchAreas('kelurahan').then((fc) =>
    fc.features
      .map((f) => ({ code: f.properties.code, name: f.properties.name, kecamatan: f.properties.kecamatan }))
      .sort((a, b) => a.name.localeCompare(b.name, 'id')),
  );
  names.catch(() => (names = undefined));
  return names;
}

/** The kelurahan a user may search in: their scope's, or every one when they have no kelurahan scope. */
export async function kelurahanFor(scope: readonly string[] | undefined): Promise<KelurahanOption[]> {
  const all = await allKelurahan();
  return scope && scope.length ? all.filter((k) => scope.includes(k.code)) : all;
}
