// Security headers, as helmet decides them. The CSP allows what MapLibre needs and nothing remote: its worker
// comes from our own origin (blob: for the fallback it creates), canvases export as blob:/data: images.
//
// helmet is run once, at startup, and the headers it sets are sent as they are with every page and file (API
// answers get the few that apply to data: apiHeaderValues). Not
// @fastify/helmet: it builds a new helmet (re-parsing every CSP directive) for each request, which took about a
// tenth of the server's CPU under load on a cached indicator (bench, #21). Our policy has no per-request parts
// (no nonces), so one evaluation gives every answer's headers.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      imgSrc: ["'self'", 'data:', 'blob:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  // Cross-origin isolation is not needed and would block GIS tools embedding our GeoJSON.
  crossOriginEmbedderPolicy: false,
};

/** The headers helmet sets for these options (lower-case names), evaluated once. */
export function securityHeaderValues(
  options: Readonly<HelmetOptions> = HELMET_OPTIONS,
): Record<string, string> {
  const headers: Record<string, string> = {};
  // helmet's middleware only calls setHeader/removeHeader on the response; a static policy never reads the
  // request, so a recording response yields exactly what it would set on a real one.
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet 8 throws a bad option at once; the callback's error is the older API's way, kept for safety.
  let failure: Error | undefined;
  helmet(options)({} as never, recorder as never, (err?: unknown) => {
    if (err) failure = err instanceof Error ? err : new Error('helmet refused the security header options');
  });
  if (failure) throw failure;
  return headers;
}

/**
 * What an API answer needs of them. Everything under /api/v1/ is data (JSON, GeoJSON, CSV, tiles) or an
 * attachment, never a page a browser renders: the document's policies (a CSP listing what scripts and workers
 * may load, COOP, Referrer-Policy, Origin-Agent-Cluster, the legacy X-XSS/X-Download/X-DNS ones) have nothing
 * to apply to, and answering them cost a cached indicator a third of its throughput (a bare route sending the
 * same bytes: 48k req/s without them, 34k with). Kept, as OWASP's REST cheat sheet asks: a CSP that allows
 * nothing and no framing, nosniff, HSTS, X-Frame-Options, and CORP (no other site may embed our data).
 */
export function apiHeaderValues(documentHeaders: Record<string, string>): Record<string, string> {
  const keep = ['strict-transport-security', 'x-content-type-options', 'cross-origin-resource-policy'];
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    ...Object.fromEntries(keep.filter((h) => h in documentHeaders).map((h) => [h, documentHeaders[h]!])),
  };
}

/** The API's own paths (not /api/docs, which is a page). */
export const isApiPath = (url: string) => url.startsWith('/api/v1/');

export default fp(
  async function securityHeaders(app: FastifyInstance) {
    const documents = securityHeaderValues();
    const api = apiHeaderValues(documents);
    app.addHook('onRequest', (request, reply, done) => {
      void reply.headers(isApiPath(request.url) ? api : documents);
      done();
    });
  },
  { name: 'security-headers' },
);
