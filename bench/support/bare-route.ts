// The floor of indicator throughput, in a process of its own: a bare Fastify route answering the very bytes the
// product answers (plain and brotli), so that the ratio measures what the product adds per request (hooks,
// access checks, security headers, the answer cache) and not the size of the answer or the bench's own heap.
// argv: <port> <plain file> <brotli file>
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, plainFile, brotliFile] = process.argv.slice(2);
const plain = readFileSync(plainFile!);
const brotli = readFileSync(brotliFile!);
const app = Fastify({ logger: false });
app.get('/ping', (_request, reply) => reply.type('application/json; charset=utf-8').send(plain));
app.get('/ping-br', (_request, reply) =>
  reply.type('application/json; charset=utf-8').header('content-encoding', 'br').send(brotli),
);
app.get('/readyz', () => ({ ok: true }));
await app.listen({ port: Number(port), host: '127.0.0.1' });
