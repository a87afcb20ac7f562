import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, transformWithOxc, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const api = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

const TEXT = /\.(js|mjs|css|html|svg|json|geojson|txt)$/;
/** Below this a compressed copy saves less than its own headers. */
const MIN_BYTES = 1024;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/**
 * Writes a .br and a .gz beside every text file of the build, so the server (@fastify/static preCompressed)
 * sends them as they are instead of compressing the same bytes on every request. Brotli at its best quality
 * costs seconds once per build and saves ~15-20 % over gzip on every first visit. node:zlib only: a dozen
 * lines are not worth a dependency.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'sidaksos-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle() {
      for (const file of files(outDir)) {
        if (!TEXT.test(file) || statSync(file).size < MIN_BYTES) continue;
        const bytes = readFileSync(file);
        const params = {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        };
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Writes sw.js, the service worker (src/service-worker.ts), at the build's root (its scope is the whole app):
 * the TypeScript stripped by Vite's own transform, the build's file list and a hash of their content put in.
 * Any change to the app changes the worker, so browsers install it afresh with a cache of the new files.
 * Hand-written rather than a PWA plugin: caching one shell needs some sixty lines, and nothing else.
 */
export function serviceWorker(): Plugin {
  const source = path.join(root, 'src', 'service-worker.ts');
  return {
    name: 'sidaksos-service-worker',
    enforce: 'post',
    // The app registers the worker where there is one: in a build, never from `vite dev`. Not
    // import.meta.env.PROD, which follows NODE_ENV: the browser tests build under Vitest (NODE_ENV=test).
    config: (_config, { command }) => ({ define: { __SIDAKSOS_SW__: JSON.stringify(command === 'build') } }),
    generateBundle: {
      // After Vite's own plugins: one of them emits index.html, which must be in the list.
      order: 'post',
      async handler(_options, bundle) {
        const names = Object.keys(bundle)
          .filter((f) => !f.endsWith('.map'))
          .sort();
        if (!names.includes('index.html')) this.error('service worker: index.html is not in the bundle');
        const hash = createHash('sha256');
        for (const name of names) {
          const item = bundle[name]!;
          hash.update(name).update('\0');
          hash.update(item.type === 'chunk' ? item.code : item.source);
        }
        const { code } = await transformWithOxc(readFileSync(source, 'utf8'), source, {
          lang: 'ts',
          target: 'es2022',
        });
        const sw = code
          .replace(/^export \{\};?\s*$/m, '')
          .replaceAll('__SW_FILES__', JSON.stringify(names))
          .replaceAll('__SW_VERSION__', JSON.stringify(hash.digest('hex').slice(0, 16)));
        this.emitFile({ type: 'asset', fileName: 'sw.js', source: sw });
      },
    },
  };
}

export default defineConfig({
  root,
  plugins: [svelte(), precompress(), serviceWorker()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  // `vite dev` (npm run dev:web) talks to a running server for data and glyphs.
  server: { proxy: { '/api': api, '/glyphs': api } },
});
