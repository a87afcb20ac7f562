// The OpenAPI document (generated from route schemas) and its docs page at /api/docs, served locally.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  },
  { name: 'openapi' },
);
