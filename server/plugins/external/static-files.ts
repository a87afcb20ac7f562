// The built web app and the map glyphs (labels must work offline, so glyph PBFs are served from the
// tileserver-gl-styles package rather than a CDN).
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function glyphsDir(): string {
  return path.join(path.dirname(require.resolve('tileserver-gl-styles/package.json')), 'fonts');
}

export default fp(
  async function staticFiles(app: FastifyInstance, opts: { webDist: string }) {
    await app.register(fastifyStatic, {
      root: glyphsDir(),
      prefix: '/glyphs/',
      setHeaders: (reply) => void reply.header('cache-control', 'public, max-age=604800, immutable'),
    });
    if (existsSync(opts.webDist)) {
      await app.register(fastifyStatic, {
        root: opts.webDist,
        prefix: '/',
        decorateReply: false,
        // The .br/.gz copies written at build (web/vite.config.ts) are sent as they are to a client that
        // accepts them (with Vary: Accept-Encoding); files without one are compressed per request.
        preCompressed: true,
        // Hashed assets are immutable; index.html must always be revalidated.
        setHeaders: (reply, filePath) =>
          void reply.header(
            'cache-control',
            filePath.includes(`${path.sep}assets${path.sep}`)
              ? 'public, max-age=31536000, immutable'
              : 'no-cache',
          ),
      });
    } else {
      app.log.warn(`web app not built (${opts.webDist} missing): run npm run build`);
    }
  },
  { name: 'static-files' },
);
