// Brotli or gzip for every text answer the client accepts (@fastify/compress). Built assets have .br/.gz
// copies made at build time (web/vite.config.ts) that the static plugin sends as they are, and cached API
// answers carry their own compressed bytes (lib/prepared-answer.ts); both set Content-Encoding, which this
// plugin then leaves alone, so it only compresses what is made per request.
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** JSON (GeoJSON, problem+json), text (CSV, HTML, JS, CSS), SVG, vector tiles and glyph PBFs. */
export const COMPRESSIBLE =
  /^text\/(?!event-stream)|[+/]json(?:;|$)|\+xml(?:;|$)|^application\/(?:javascript|vnd\.mapbox-vector-tile|x-protobuf)(?:;|$)/;

export default fp(
  async function compression(app: FastifyInstance) {
    await app.register(compress, {
      encodings: ['br', 'gzip'],
      threshold: 1024,
      customTypes: COMPRESSIBLE,
      // Compressed request bodies are not accepted: nothing sends them, and inflating one is a way to make a
      // small request cost a large one (the body limit counts the bytes received).
      globalDecompression: false,
    });
  },
  { name: 'compression' },
);
