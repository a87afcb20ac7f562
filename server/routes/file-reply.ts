// Sending a generated file as a download. Buffers bypass Fastify's response serializer, so a route whose JSON
// answer has a schema can still answer with a file for format=csv|xlsx.
import type { FastifyReply } from 'fastify';
import type { TableFile } from '../lib/table-file.ts';

export function sendFile(reply: FastifyReply, file: TableFile): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}
