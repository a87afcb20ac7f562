// The OpenAPI document (generated from route schemas) and its docs page at /api/docs, served locally.
// What every route shares (operationIds, security, problem+json errors, media types) is filled in by the two
// transform hooks in ./openapi/, so the document passes Redocly's recommended rules (test/integration/openapi-lint).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { completeDocument } from './openapi/document.ts';
import { documentSchema } from './openapi/route-schema.ts';

/** The docs page's CSP without upgrade-insecure-requests and without remote sources. */
export function docsPageCsp(header: string): string {
  return header
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && d !== 'upgrade-insecure-requests')
    .map((d) =>
      d
        .split(/\s+/)
        .filter((word) => word !== 'https:' && word !== 'validator.swagger.io')
        .join(' '),
    )
    .join('; ');
}

export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Sidaksos API',
          version: '1',
          description:
            'Integrated social-welfare data service. Errors are application/problem+json (RFC 9457). ' +
            'Boundaries and indicators are GeoJSON in EPSG:4326.',
        },
        // Relative: the document describes the server that serves it, whatever its host name on the LAN.
        servers: [{ url: '/', description: 'this server' }],
        tags: [
          { name: 'health', description: 'Liveness and readiness' },
          { name: 'regions', description: 'Kecamatan and kelurahan boundaries' },
          { name: 'stats', description: 'Public aggregates (small cells suppressed)' },
          {
            name: 'indicators',
            description: 'Indicator catalogue and values by area and period (JSON or GeoJSON)',
          },
          { name: 'auth', description: 'Login, logout, current user' },
          { name: 'households', description: 'Household records (masked, scoped, audit-logged)' },
          { name: 'programs', description: 'Programs, eligibility rules, coverage gaps and leakage' },
          { name: 'tiles', description: 'Household vector tiles (role-gated)' },
          { name: 'users', description: 'User administration' },
          { name: 'audit', description: 'The audit log' },
        ],
      },
      transform: ({ schema, url }) => ({ schema: documentSchema(schema, url) ?? schema, url }),
      transformObject: (document) =>
        'openapiObject' in document
          ? completeDocument(document.openapiObject as Record<string, unknown>)
          : document.swaggerObject,
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      // The plugin's own CSP (with the hashes of its inline scripts), less what breaks a plain-HTTP LAN
      // (upgrade-insecure-requests sends the page's assets to https:, where nothing listens) and the remote
      // sources it allows (https: fonts and styles, the swagger.io validator) that this service never uses.
      staticCSP: true,
      transformStaticCSP: (header) => docsPageCsp(header),
    });
  },
  { name: 'openapi' },
);
