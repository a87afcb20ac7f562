// What the first screen's answers weigh on the wire: each as sent with Accept-Encoding br, gzip and none, so the
// benchmark shows every text response compressed (#21 item 1) and by how much.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { WEB_DIST } from '../../server/config.ts';

export interface WireSize {
  url: string;
  type: string;
  identityKB: number;
  gzipKB: number;
  brotliKB: number;
  /** Cache-Control as sent (a finalized period's indicator answer: immutable). */
  cacheControl: string;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** The zoom-14 tile over Semarang's centre (Simpang Lima), where the seeded households are densest. */
function centreTile(z = 14, lon = 110.4203, lat = -6.9903): string {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

export async function measureWire(app: FastifyInstance, period: string, cookie: string): Promise<WireSize[]> {
  const index = (await app.inject('/')).body;
  // The entry script and its module preloads (before the first paint), the stylesheet, and MapLibre's chunk and
  // worker, which the map fetches after it (their names from the build).
  const scripts = [
    ...index.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const css = /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/.exec(index)?.[1];
  const lazy = (await readdir(path.join(WEB_DIST, 'assets')))
    .filter((f) => /^maplibre-gl-(worker-)?[\w-]+\.m?js$/.test(f))
    .map((f) => `/assets/${f}`);
  const urls: Array<[string, string?]> = [
    ['/'],
    ...scripts.map((s): [string] => [s]),
    ...(css ? [[css] as [string]] : []),
    ...lazy.map((s): [string] => [s]),
    ['/api/v1/regions/kelurahan?simplify=0.00005'],
    ['/api/v1/indicators'],
    [`/api/v1/indicators/poor_share?period=${period}&level=kelurahan`],
    [`/api/v1/indicators/poor_share?period=${period}&level=kelurahan&format=geojson`],
    [`/api/v1/indicators/poor_share?period=${period}&level=kelurahan&format=csv`],
    [`/api/v1/tiles/households/${centreTile()}.mvt?period=${period}`, cookie],
  ];
  const out: WireSize[] = [];
  for (const [url, session] of urls) {
    const size = async (enc?: string) => {
      const res = await app.inject({
        url,
        headers: { ...(enc ? { 'accept-encoding': enc } : {}), ...(session ? { cookie: session } : {}) },
      });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
      if (enc && res.rawPayload.length >= 1024 && res.headers['content-encoding'] !== enc)
        throw new Error(
          `${url} was not compressed with ${enc} (${res.headers['content-encoding'] ?? 'none'})`,
        );
      return res;
    };
    const plain = await size();
    out.push({
      url,
      type: String(plain.headers['content-type']),
      identityKB: kb(plain.rawPayload.length),
      gzipKB: kb((await size('gzip')).rawPayload.length),
      brotliKB: kb((await size('br')).rawPayload.length),
      cacheControl: String(plain.headers['cache-control'] ?? ''),
    });
  }
  return out;
}
