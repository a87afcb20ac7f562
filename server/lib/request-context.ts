// What every audit row needs from a request.
import type { FastifyRequest } from 'fastify';

export function auditContext(request: FastifyRequest) {
  const u = request.user;
  return {
    regionCode: request.server.config.regionCode,
    userId: u?.id ?? null,
    username: u?.username ?? null,
    role: u?.role ?? null,
    ip: request.ip,
    requestId: request.id,
  };
}
