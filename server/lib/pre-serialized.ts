import type { FastifyReply } from 'fastify';

/**
 * Sends JSON that PostgreSQL already assembled (its fields whitelisted in the SQL), without parsing and
 * re-serialising it. The route's response schema still documents the shape in the OpenAPI document.
 */
export function sendPreSerialized(reply: FastifyReply, contentType: string, json: string): FastifyReply {
  return reply
    .type(contentType)
    .serializer((payload) => payload as string)
    .send(json);
}
